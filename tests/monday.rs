//! Issue 10: what got in the way on a Monday morning, each as a key-driven
//! test on the fixture township (Chinese names, fixed date).

mod common;
use common::{field_text, fixture_db, key, load, press, render};
use gridcare::domain::model::Subject;
use gridcare::tui::Screen;
use gridcare::tui::app::Popup;
use gridcare::tui::keys;
use gridcare::words::{self as strings, Lang};
use ratatui::crossterm::event::KeyCode;

/// A demo township of 400 households: enough red patients to fill a screen.
fn demo_db() -> gridcare::db::Db {
    let mut db = gridcare::db::Db::open_in_memory().unwrap();
    gridcare::demo::generate(
        &mut db,
        &gridcare::demo::DemoConfig {
            households: 400,
            ..Default::default()
        },
    )
    .unwrap();
    db
}

/// Today's red list has a selection: `j` moves it, Enter opens that patient;
/// Tab reaches the villages (Enter: that village's queue) and the cadences
/// (Enter: that cadence's tab).
#[test]
fn today_rows_open_what_they_show() {
    let mut db = demo_db();
    let mut app = load(&db, Lang::Zh, false);
    let red = app.views.today.summary.red.clone();
    assert!(red.len() >= 2, "the fixture has red patients");
    press(&mut app, &mut db, "j{Enter}");
    assert_eq!(app.screen, Screen::Resident);
    let Subject::Resident(want) = app.snap.tasks[red[1]].subject else {
        panic!("a red task is a resident's")
    };
    assert_eq!(app.views.resident.as_ref().map(|r| r.id), Some(want));

    press(&mut app, &mut db, "q{Tab}j{Enter}");
    assert_eq!(app.screen, Screen::Queues);
    let second_village = app.snap.town.villages[1].id;
    assert_eq!(app.views.queue.filter.village, Some(second_village));
    assert!(
        app.views
            .queue
            .rows
            .iter()
            .all(|&i| app.snap.tasks[i].village_id == second_village)
    );

    // q: Today again, on the red list (j and Enter work it, whatever was focused)
    press(&mut app, &mut db, "q{Tab}{Tab}j{Enter}");
    assert_eq!(app.screen, Screen::Queues);
    assert_eq!(
        app.views.queue.tab, 1,
        "the second cadence row opens the monthly tab"
    );
    assert_eq!(app.views.queue.filter.village, None);
}

/// The selected row is marked on screen, and the red list uses the height it
/// is given rather than six rows.
#[test]
fn today_lists_use_their_height() {
    let db = demo_db();
    let app = load(&db, Lang::Zh, false);
    let n_red = app.views.today.summary.red.len();
    assert!(n_red > 12, "the demo has many red patients ({n_red})");
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = render(&app, w, h);
        let red_rows = screen.lines().filter(|l| l.contains("红 ")).count();
        // body less the bar, status line, the list's borders and its heads
        assert_eq!(
            red_rows,
            n_red.min(usize::from(h) - 5),
            "{w}x{h}:\n{screen}"
        );
        assert!(
            screen.contains(">红"),
            "the selected row is marked:\n{screen}"
        );
        // why each one is red is never cut off, even at 80 columns
        for &i in app.views.today.summary.red.iter().take(usize::from(h) - 5) {
            let t = &app.snap.tasks[i];
            let cause = match &t.reason {
                gridcare::domain::queue::Reason::Chronic { cause, .. } => {
                    strings::cause(Lang::Zh, *cause)
                }
                _ => strings::cause(
                    Lang::Zh,
                    gridcare::domain::colour::ColourCause::OpenReferral,
                ),
            };
            assert!(
                screen
                    .lines()
                    .any(|l| l.contains(&t.name) && l.contains(cause)),
                "{w}x{h}: {} {cause}:\n{screen}",
                t.name
            );
        }
    }
}

/// `q` on any screen goes to Today, on Today quits; Esc goes back one step
/// and never quits.
#[test]
fn q_goes_to_today_and_esc_goes_back_one_step() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "{Esc}");
    assert!(!app.quit, "Esc on Today does not quit");
    // a long session: queue, person, household, screens 5-8, back to the queue
    press(&mut app, &mut db, "2{Enter}H5678234H");
    assert_eq!(app.screen, Screen::Household);
    press(&mut app, &mut db, "{Esc}");
    assert_eq!(
        app.screen,
        Screen::Queues,
        "Esc: one step back (the household was on the way already)"
    );
    press(&mut app, &mut db, "{Enter}");
    press(&mut app, &mut db, "{Esc}");
    assert_eq!(app.screen, Screen::Queues, "Esc: one step back");
    press(&mut app, &mut db, "{Enter}");
    press(&mut app, &mut db, "q");
    assert_eq!(app.screen, Screen::Today, "q: straight to Today");
    assert!(!app.quit);
    press(&mut app, &mut db, "{Esc}");
    assert_eq!(app.screen, Screen::Today);
    press(&mut app, &mut db, "q");
    assert!(app.quit, "q on Today quits");

    // going back never walks round a loop
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "2323232");
    press(&mut app, &mut db, "{Esc}");
    assert_eq!(
        app.screen,
        Screen::Today,
        "2 3 2 3 … then Esc: back to Today"
    );
}

/// Help fits the screen and scrolls: every key of the queue can be read at
/// 80×24 and 60×16, and `j` scrolls rather than closing it.
#[test]
fn help_scrolls_and_shows_every_key() {
    for (w, h) in [(80u16, 24u16), (60, 16)] {
        for lang in [Lang::Zh, Lang::En] {
            let mut db = fixture_db();
            let mut app = load(&db, lang, false);
            press(&mut app, &mut db, "2?");
            let mut seen = String::new();
            for _ in 0..40 {
                seen.push_str(&render(&app, w, h));
                press(&mut app, &mut db, "j");
                assert!(
                    matches!(app.popup, Some(Popup::Help(_))),
                    "j keeps help open"
                );
            }
            for (label, what) in keys::help(Screen::Queues, strings::strings(lang)) {
                let first = what.chars().take(4).collect::<String>();
                assert!(
                    seen.contains(label) && seen.contains(&first),
                    "{w}x{h} {lang:?}: key {label} ({what}) never shown"
                );
                // and its end: a long description wraps, it is never cut
                let word = what.split_whitespace().last().unwrap_or_default();
                let keep = if word.is_ascii() { 4 } else { 2 };
                let chars: Vec<char> = word.chars().collect();
                let end: String = chars[chars.len().saturating_sub(keep)..].iter().collect();
                assert!(
                    seen.contains(&end),
                    "{w}x{h} {lang:?}: the end of {label} ({what}) never shown"
                );
            }
            press(&mut app, &mut db, "{Esc}");
            assert!(app.popup.is_none());
            assert_eq!(app.screen, Screen::Queues, "Esc closes help only");
        }
    }
}

fn form(app: &gridcare::tui::App) -> &gridcare::tui::forms::Form {
    match &app.popup {
        Some(Popup::Form(f)) => f,
        _ => panic!("no form open"),
    }
}

/// A phone is checked as it is typed, in the interface's language; the
/// message is shown in full; nothing is saved while it is wrong.
#[test]
fn field_messages_come_as_you_type_in_your_language() {
    use gridcare::tui::forms::FieldId;
    for (lang, word) in [(Lang::Zh, "电话"), (Lang::En, "phone")] {
        let mut db = fixture_db();
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "/wdy{Enter}e{Tab}{Tab}");
        for _ in 0..20 {
            app.handle_key(key(KeyCode::Backspace), &mut db);
        }
        press(&mut app, &mut db, "12ab");
        let err = form(&app).fields[2]
            .error
            .clone()
            .expect("checked as typed");
        assert!(err.contains(word), "{lang:?}: {err}");
        let screen = render(&app, 80, 24);
        assert!(
            screen.contains("13812345678"),
            "the whole message, with its example, shows at 80 columns:\n{screen}"
        );
        press(&mut app, &mut db, "{C-s}");
        assert!(app.popup.is_some(), "not saved");
        let (_, m) = app.find_resident(1).unwrap();
        assert_eq!(m.phone.as_deref(), Some("13807921111"));
        assert_eq!(field_text(&app, FieldId::Phone), "12ab");
    }
}

/// Full-width digits and punctuation from a Chinese input method are
/// converted; the comma moves on to the next number.
#[test]
fn full_width_input_is_converted() {
    use gridcare::tui::forms::FieldId;
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/wdy{Enter}r１６５，９５");
    assert_eq!(field_text(&app, FieldId::Sbp), "165");
    assert_eq!(field_text(&app, FieldId::Dbp), "95");
    // the glucose opens the tests section, two sections on (issue 27)
    press(&mut app, &mut db, "{PageDown}{PageDown}７。２");
    assert_eq!(field_text(&app, FieldId::Fpg), "7.2");
    assert!(form(&app).fields.iter().all(|f| f.error.is_none()));
}

/// Names longer than the setting are refused as typed and on save, in the
/// form and in the database; a long value never pushes other fields away.
#[test]
fn long_names_are_refused_and_never_push_fields_away() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/wdy{Enter}e");
    press(&mut app, &mut db, &"长".repeat(30));
    let err = form(&app).fields[0].error.clone().expect("too long");
    assert!(err.contains("20"), "{err}");
    let screen = render(&app, 80, 24);
    for f in &form(&app).fields {
        assert!(
            screen.contains(f.label),
            "{} pushed away:\n{screen}",
            f.label
        );
    }
    press(&mut app, &mut db, "{C-s}");
    assert_eq!(app.find_resident(1).unwrap().1.name, "王大爷");
    // the database refuses it too, in both languages
    let e = gridcare::db::ResidentEdit {
        name: "长".repeat(21),
        phone: None,
        lives_alone_no_carer: false,
        disabled: false,
        seriously_ill: false,
        care_plan: None,
        id_number: None,
        relation: None,
    };
    let err = db
        .update_resident(1, &e, common::fixture_today())
        .unwrap_err();
    assert!(strings::db_error(Lang::Zh, &err).contains("最多 20 个"));
    assert!(strings::db_error(Lang::En, &err).contains("at most 20"));
}

/// Every refusal of a write comes in both languages.
#[test]
fn write_refusals_speak_the_interface_language() {
    let mut db = fixture_db();
    let today = common::fixture_today();
    let cases: Vec<(gridcare::db::NewVisit, &str, &str)> = vec![
        (
            common::followup(1, "2026-12-01", 150, 90),
            "晚于今天",
            "after today",
        ),
        (
            common::followup(1, "2026-11-19", 90, 150),
            "应高于舒张压",
            "must be above diastolic",
        ),
        (
            common::followup(1, "2026-11-19", 350, 90),
            "收缩压350",
            "outside 60",
        ),
        (
            common::followup(1, "1940-01-01", 150, 90),
            "出生日期",
            "was born",
        ),
    ];
    for (v, zh, en) in cases {
        let err = db.record_visit(&v, today).unwrap_err();
        let (z, e) = (
            strings::db_error(Lang::Zh, &err),
            strings::db_error(Lang::En, &err),
        );
        assert!(z.contains(zh), "{z}");
        assert!(e.contains(en), "{e}");
    }
}

/// At the smallest size a form scrolls: Tab never moves into a field that
/// cannot be seen, and every field can be reached.
#[test]
fn forms_scroll_at_the_minimum_size() {
    for lang in [Lang::Zh, Lang::En] {
        let mut db = fixture_db();
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "/wdy{Enter}r");
        // the proposed referral's fields are hidden until a result calls for one
        let n = form(&app).fields.iter().filter(|f| !f.hidden).count();
        let mut reached = std::collections::HashSet::new();
        for _ in 0..n + 2 {
            let f = form(&app);
            let label = f.fields[f.focus].label;
            let screen = render(&app, 60, 16);
            assert!(
                screen.contains(&format!(">{label}")),
                "{lang:?}: focused {label} not on screen:\n{screen}"
            );
            reached.insert(label);
            press(&mut app, &mut db, "{Tab}");
        }
        // Tab from the systolic field on reaches the end; BackTab the start
        for _ in 0..n + 2 {
            let f = form(&app);
            let label = f.fields[f.focus].label;
            assert!(render(&app, 60, 16).contains(&format!(">{label}")));
            reached.insert(label);
            press(&mut app, &mut db, "{BackTab}");
        }
        assert_eq!(reached.len(), n, "{lang:?}: every field reached");
    }
}

/// Labels are never cut: the label column is as wide as the longest label of
/// the interface's language (each field seen as Tab reaches it).
#[test]
fn english_labels_are_not_truncated() {
    for keys in ["/wdy{Enter}r", "2o", "/wdy{Enter}e", "/wdy{Enter}HT"] {
        let mut db = fixture_db();
        let mut app = load(&db, Lang::En, false);
        press(&mut app, &mut db, keys);
        let n = form(&app).fields.len();
        for _ in 0..n {
            let screen = render(&app, 80, 24);
            let f = form(&app);
            let label = f.fields[f.focus].label;
            assert!(
                screen.contains(&format!(">{label} ")),
                "{keys}: label {label} cut:\n{screen}"
            );
            press(&mut app, &mut db, "{Tab}");
        }
    }
}

/// `w` opens a picker to type into: initials find the worker, rows show role
/// and village; `n` shows grids with their village.
#[test]
fn filters_are_picked_not_cycled() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "2w");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("网格员 · 富民村"), "{screen}");
    press(&mut app, &mut db, "gxh{Enter}");
    assert!(app.popup.is_none());
    let (_, id) = app.views.queue.filter.worker.expect("a worker is chosen");
    assert!(app.views.queue.rows.iter().all(|&i| {
        app.snap.tasks[i]
            .worker
            .as_ref()
            .is_some_and(|w| w.id == id)
    }));
    assert!(render(&app, 80, 24).contains("负责人=淦小红"));
    press(&mut app, &mut db, "x");
    press(&mut app, &mut db, "n");
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("富民村 第一网格") && screen.contains("新塘村 第一网格"),
        "{screen}"
    );
    press(&mut app, &mut db, "xt{Enter}");
    let grid = app.views.queue.filter.grid.expect("a grid is chosen");
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("网格=新塘村 第一网格"),
        "grid {grid}:\n{screen}"
    );
    // Esc leaves the filter as it was
    press(&mut app, &mut db, "n{Esc}");
    assert_eq!(app.views.queue.filter.grid, Some(grid));
}

/// What just happened leads the status line: after a save at 80 columns the
/// new colour is on screen.
#[test]
fn the_status_line_leads_with_the_message() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/wdy{Enter}r185{Tab}95{C-s}");
    assert!(app.popup.is_none(), "{}", app.message);
    let screen = render(&app, 80, 24);
    let status = screen.lines().last().unwrap();
    assert!(status.contains("已保存"), "{status}");
    assert!(
        status.contains("红"),
        "the new colour is not cut off: {status}"
    );
}

/// A follow-up's whole record — every §3 field and the notes, however long —
/// opens with Enter on the history and scrolls; any other key closes it.
#[test]
fn a_visit_opens_in_full() {
    let mut db = fixture_db();
    let mut v = common::followup(1, "2026-11-19", 150, 95);
    let notes: String = (1..=60).map(|i| format!("第{i}行：按时服药。\n")).collect();
    v.notes = Some(notes.clone());
    db.record_visit(&v, common::fixture_today()).unwrap();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/wdy{Enter}{Enter}");
    assert!(matches!(app.popup, Some(Popup::Text(_))));
    let first = render(&app, 80, 24);
    assert!(
        first.contains("150/95") && first.contains("第1行"),
        "{first}"
    );
    press(&mut app, &mut db, "G");
    let last = render(&app, 80, 24);
    assert!(last.contains("第60行"), "scrolled to the end:\n{last}");
    press(&mut app, &mut db, "x");
    assert!(app.popup.is_none());
}

/// §4 on the resident screen: a green patient whose quarter's follow-up is
/// done still shows green and why (found on the walk: "colour: none" once no
/// task of theirs was open).
#[test]
fn colour_shows_when_nothing_is_open() {
    let mut db = common::fixture_db();
    let mut app = common::load(&db, gridcare::words::Lang::Zh, false);
    // 李秀英: diabetes, followed up 2026-10-15, controlled (fasting 6.1)
    common::press(&mut app, &mut db, "/李秀英{Enter}");
    let screen = common::render(&app, 80, 24);
    assert!(
        screen.contains("颜色: 绿 控制满意 (2026-10-15)"),
        "{screen}"
    );
}

/// `Esc` on a form with something typed asks before it discards: a second
/// `Esc` discards and writes nothing, any other key goes on editing (and
/// does what it does), `Ctrl-S` saves; a form with nothing typed closes at once.
#[test]
fn esc_asks_before_it_discards_what_was_typed() {
    for lang in [Lang::Zh, Lang::En] {
        let mut db = fixture_db();
        let visits =
            |db: &gridcare::db::Db| -> i64 { common::value(db, "SELECT count(*) FROM visit") };
        let before = visits(&db);
        let mut app = load(&db, lang, false);
        let ask = strings::strings(lang).discard_typed;
        press(&mut app, &mut db, "/王大爷{Enter}r{Esc}");
        assert!(app.popup.is_none(), "nothing typed: Esc closes");
        press(&mut app, &mut db, "r150{Esc}");
        assert_eq!(form(&app).confirm.as_deref(), Some(ask));
        assert!(render(&app, 80, 24).contains(&ask[..ask.len().min(9)]));
        // another key goes on: the Tab moves to the next field
        let focus = form(&app).focus;
        press(&mut app, &mut db, "{Tab}");
        assert_eq!(form(&app).confirm, None);
        assert_ne!(form(&app).focus, focus, "the key did its work");
        press(&mut app, &mut db, "92{Esc}{Esc}");
        assert!(app.popup.is_none(), "Esc twice discards");
        assert_eq!(visits(&db), before, "nothing written");
        // asked, then Ctrl-S saves what was typed
        press(&mut app, &mut db, "r150{Tab}92{Esc}{C-s}");
        assert!(app.popup.is_none(), "{}", app.message);
        assert_eq!(visits(&db), before + 1);
    }
}
