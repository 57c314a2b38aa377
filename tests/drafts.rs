//! Unsaved work (issue 15 item 5), driven by keys on the App: a follow-up
//! typed but not saved is kept as a draft when the session ends (as the run
//! loop does on SIGHUP/SIGTERM), and the next session on the same database
//! offers it; Enter restores the form with the typed values, `d` discards it.

mod common;
use common::{fixture_file, key, load, press};
use gridcare::db::{Db, OpenMode};
use gridcare::tui::app::Popup;
use gridcare::words::Lang;
use ratatui::crossterm::event::KeyCode;

fn open(path: &std::path::Path, operator: &str) -> Db {
    let mut db = Db::open(path, OpenMode::MustExist).unwrap();
    db.operator = operator.into();
    db
}

fn form_values(app: &gridcare::tui::App) -> Vec<(String, String)> {
    match &app.popup {
        Some(Popup::Form(f)) => f.values(),
        _ => panic!("a form is open: {}", app.message),
    }
}

fn value(values: &[(String, String)], k: &str) -> String {
    values
        .iter()
        .find(|(f, _)| f == k)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// 王医生's next session on `path` (a second connection), the draft's time
/// fixed for the snapshot: the draft offered, and the screen showing it.
fn next_session(path: &std::path::Path) -> (Db, gridcare::tui::App, String) {
    let db = open(path, "王医生");
    db.conn()
        .execute("UPDATE draft SET saved_at = '2026-11-20 02:15:00'", [])
        .unwrap();
    let mut app = load(&db, Lang::Zh, false);
    app.utc_offset = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    app.offer_draft(&db).unwrap();
    let screen = common::render(&app, 80, 24);
    (db, app, screen)
}

#[test]
fn a_typed_followup_is_kept_and_restored_in_the_next_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    let mut db = open(&path, "王医生");
    let mut app = load(&db, Lang::Zh, false);
    // a form opened and left untouched is no draft
    press(&mut app, &mut db, "/wdy{Enter}r");
    assert!(!app.keep_draft(&mut db).unwrap(), "nothing typed");
    // the systolic, the diastolic, adherence one step on (three sections
    // on: lifestyle, tests, medication), and a note (the last field)
    press(
        &mut app,
        &mut db,
        "152{Tab}94{PageDown}{PageDown}{PageDown}{Right}",
    );
    // on to the notes, however many fields the form shows before them (a
    // proposed referral adds three)
    for _ in 0..40 {
        match &app.popup {
            Some(Popup::Form(f))
                if f.fields[f.focus].id == gridcare::tui::forms::FieldId::Notes =>
            {
                break;
            }
            _ => press(&mut app, &mut db, "{Tab}"),
        }
    }
    press(&mut app, &mut db, "头晕");
    let typed = form_values(&app);
    assert_eq!(value(&typed, "Sbp"), "152");
    assert_eq!(value(&typed, "Notes"), "头晕");
    assert_eq!(value(&typed, "Adherence"), "intermittent");
    assert!(app.keep_draft(&mut db).unwrap(), "kept");
    drop(app);
    drop(db);

    // another operator is not offered it
    let db2 = open(&path, "李医生");
    let mut other = load(&db2, Lang::Zh, false);
    other.offer_draft(&db2).unwrap();
    assert!(other.popup.is_none());
    drop(db2);

    // the same operator, a new session (a second connection): offered
    let (mut db, mut app, screen) = next_session(&path);
    insta::assert_snapshot!("draft_offer_zh_80x24", screen);
    assert!(
        screen.contains("有未保存的草稿：记录随访 · 王大爷") && screen.contains("Enter 恢复"),
        "{screen}"
    );
    // any other key keeps it for later
    press(&mut app, &mut db, "x");
    assert!(app.popup.is_none() && app.message.contains("草稿已保留"));
    app.offer_draft(&db).unwrap();
    press(&mut app, &mut db, "{Enter}");
    assert_eq!(form_values(&app), typed, "every value as typed");
    assert!(app.message.contains("草稿已恢复"), "{}", app.message);
    assert_eq!(db.draft().unwrap(), None, "restored, so no longer kept");
    // saving it records the visit as typed
    press(&mut app, &mut db, "{C-s}");
    assert!(app.popup.is_none(), "saved: {}", app.message);
    let (sbp, notes): (i64, String) = open(&path, "x")
        .conn()
        .query_row(
            "SELECT sbp, notes FROM visit ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((sbp, notes.as_str()), (152, "头晕"));
}

#[test]
fn a_draft_can_be_discarded_and_an_outcome_form_is_kept_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    let mut db = open(&path, "王医生");
    let mut app = load(&db, Lang::En, false);
    press(&mut app, &mut db, "/wdy{Enter}o{Right}");
    assert!(app.keep_draft(&mut db).unwrap());
    let mut app = load(&db, Lang::En, false);
    app.offer_draft(&db).unwrap();
    assert!(common::render(&app, 60, 16).contains("Unsaved draft"));
    app.handle_key(key(KeyCode::Char('d')), &mut db);
    assert_eq!(app.message, "Draft discarded");
    assert_eq!(open(&path, "王医生").draft().unwrap(), None);
}

/// Issue 15 item 5: every form that takes typed input is kept, not only the
/// follow-up — registering a household, editing a resident, a care plan of
/// two lines (its line break kept), sending a referral. Each is kept when the
/// session ends, offered in the next session (a second connection), restored
/// with every value as typed, and saved as typed (read by a third connection).
#[test]
fn every_typed_form_is_kept_and_restored() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    // (what, keys opening the form, keys typed in it, a field and its value,
    // what the saved database then holds: SQL and the value it reads)
    let cases: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
        (
            "household registration, in the second grid",
            "5A",
            "富民村3组6号{BackTab}{Right}",
            "Place",
            "#1",
            "SELECT grid_id FROM household WHERE address = '富民村3组6号'",
            "2",
        ),
        (
            "resident edit",
            "/sl{Enter}e",
            // the cursor moved first: typing into a filled-in name replaces
            // it (issue 25 item 4), after a move it adds to it
            "{Right}娟",
            "Name",
            "单丽娟",
            "SELECT name FROM resident WHERE id = 4",
            "单丽娟",
        ),
        (
            "care plan of two lines",
            "/wdy{Enter}L",
            "每周电话问候{M-Enter}家庭医生每月上门测血压",
            "Plan",
            "每周电话问候\n家庭医生每月上门测血压",
            "SELECT care_plan FROM resident WHERE id = 1",
            "每周电话问候\n家庭医生每月上门测血压",
        ),
        (
            "referral sent",
            "/欧阳春花{Enter}R{Tab}{Tab}",
            "胸痛待查",
            "Reason",
            "胸痛待查",
            "SELECT reason FROM referral ORDER BY id DESC LIMIT 1",
            "胸痛待查",
        ),
    ];
    for &(what, open_keys, typed_keys, field, want, sql, saved) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = fixture_file(dir.path());
        let mut db = open(&path, "王医生");
        let mut app = load(&db, Lang::Zh, false);
        press(&mut app, &mut db, open_keys);
        assert!(
            matches!(app.popup, Some(Popup::Form(_))),
            "{what}: a form opens: {}",
            app.message
        );
        // typed keys; {M-Enter} is Alt-Enter, a new line in a text area
        for (i, part) in typed_keys.split("{M-Enter}").enumerate() {
            if i > 0 {
                app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT), &mut db);
            }
            press(&mut app, &mut db, part);
        }
        let typed = form_values(&app);
        assert_eq!(value(&typed, field), want, "{what}: typed");
        assert!(app.keep_draft(&mut db).unwrap(), "{what}: kept");
        drop(app);
        drop(db);

        let mut db = open(&path, "王医生");
        let mut app = load(&db, Lang::Zh, false);
        app.offer_draft(&db).unwrap();
        assert!(
            matches!(app.popup, Some(Popup::Draft(_))),
            "{what}: offered"
        );
        press(&mut app, &mut db, "{Enter}");
        assert_eq!(form_values(&app), typed, "{what}: every value as typed");
        assert!(
            app.message.contains("草稿已恢复"),
            "{what}: {}",
            app.message
        );
        assert_eq!(db.draft().unwrap(), None, "{what}: no longer kept");
        press(&mut app, &mut db, "{C-s}");
        assert!(
            app.popup.is_none(),
            "{what}: saved: {} {}",
            app.message,
            common::form_errors(&app)
        );
        let got: String = open(&path, "x")
            .conn()
            .query_row(&format!("SELECT CAST(({sql}) AS TEXT)"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(got, saved, "{what}: written as typed");
    }
}

/// A draft whose resident was removed since is offered saying so; Enter
/// leaves it on offer (nothing to open it on) and `d` discards it.
#[test]
fn a_draft_of_a_removed_resident_is_offered_and_can_be_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    let mut db = open(&path, "王医生");
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/sl{Enter}e娟");
    assert!(app.keep_draft(&mut db).unwrap());
    drop(app);
    let today = common::fixture_today();
    db.end_resident(
        4,
        gridcare::domain::model::RemoveReason::Moved,
        today,
        today,
    )
    .unwrap();
    drop(db);

    let (mut db, mut app, screen) = next_session(&path);
    insta::assert_snapshot!("draft_offer_gone_zh_80x24", screen);
    assert!(screen.contains("已不在名单中"), "{screen}");
    // the smallest terminal still shows the message and the keys
    let small = common::render(&app, 60, 16);
    assert!(
        small.contains("已不在名单中") && small.contains("d 丢弃"),
        "{small}"
    );
    press(&mut app, &mut db, "{Enter}");
    assert!(
        matches!(app.popup, Some(Popup::Draft(_))),
        "still offered: {}",
        app.message
    );
    assert!(app.message.contains("按 d 丢弃"), "{}", app.message);
    press(&mut app, &mut db, "d");
    assert_eq!(app.message, "草稿已丢弃");
    assert_eq!(open(&path, "王医生").draft().unwrap(), None);
}

/// A draft typed in Chinese and restored by a session in English (the same
/// operator, `--lang en` on another PC) shows the English form: its title,
/// labels and choices, with the values as typed; and back again.
#[test]
fn a_draft_reopens_in_the_language_of_the_session_that_restores_it() {
    use gridcare::words::{EN, ZH};
    // (typed in, restored in, the catalogue of each)
    for (typed_in, restored_in) in [(Lang::Zh, Lang::En), (Lang::En, Lang::Zh)] {
        let (from, to) = match typed_in {
            Lang::Zh => (&ZH, &EN),
            Lang::En => (&EN, &ZH),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = fixture_file(dir.path());
        let mut db = open(&path, "王医生");
        let mut app = load(&db, typed_in, false);
        press(&mut app, &mut db, "/sl{Enter}e娟");
        let typed = form_values(&app);
        let Some(Popup::Form(f)) = &app.popup else {
            panic!("a form is open")
        };
        let labels: Vec<&str> = f.fields.iter().map(|f| f.label).collect();
        assert!(labels.contains(&from.f_name), "{labels:?}");
        assert!(f.title.starts_with(from.form_resident), "{}", f.title);
        assert!(app.keep_draft(&mut db).unwrap());
        drop(app);
        drop(db);

        let mut db = open(&path, "王医生");
        let mut app = load(&db, restored_in, false);
        app.offer_draft(&db).unwrap();
        press(&mut app, &mut db, "{Enter}");
        assert_eq!(form_values(&app), typed, "{restored_in:?}: values as typed");
        let Some(Popup::Form(f)) = &app.popup else {
            panic!("restored: {}", app.message)
        };
        let labels: Vec<&str> = f.fields.iter().map(|f| f.label).collect();
        assert!(labels.contains(&to.f_name), "{restored_in:?}: {labels:?}");
        assert!(
            !labels.contains(&from.f_name),
            "{restored_in:?}: {labels:?}"
        );
        assert_eq!(f.title, format!("{} · 单丽", to.form_resident));
        let screen = common::render(&app, 80, 24);
        assert!(screen.contains(to.f_name), "{screen}");
    }
}
