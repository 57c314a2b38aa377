//! Issue 25, items 7, 14 and 16: what a coordinator's second pass found
//! on the screens — one wording of a task's state and date, what stays in
//! view at 60×16, and the smaller things.

mod common;
use common::{fixture_db, gridcare_on, load, press, render};
use gridcare::words::Lang;

/// Item 7: 孙婆婆's weekly home visit missed week 46 (ended 2026-11-15).
/// The queue's list, its detail, the household's task list and
/// `gridcare queue` say it in the same words with the same date; the
/// detail said 截止 2026-11-22 (每周 2026-W47) · 逾期 1期 while the
/// household said 2026-11-15 逾期 1期.
#[test]
fn one_task_one_date_on_every_screen_and_the_command_line() {
    for (lang, state) in [
        (Lang::Zh, "逾期 1期 · 截止 2026-11-15"),
        (Lang::En, "overdue 1p · was due 2026-11-15"),
    ] {
        let mut db = fixture_db();
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "2j");
        let queue = render(&app, 120, 40);
        let row = queue
            .lines()
            .find(|l| l.contains("孙婆婆") && l.contains('>'));
        assert!(
            row.is_some_and(|r| r.contains("2026-11-15") && !r.contains("W47")),
            "{lang:?}: the list's date\n{queue}"
        );
        assert!(queue.contains(state), "{lang:?}: the detail\n{queue}");
        press(&mut app, &mut db, "{Enter}");
        let household = render(&app, 120, 40);
        assert!(
            household.contains(state),
            "{lang:?}: the household\n{household}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_file(dir.path());
    for lang in ["zh", "en"] {
        let (code, out, err) = gridcare_on(&path, &["--lang", lang, "queue"]);
        assert_eq!(code, 0, "{err}");
        let row = out.lines().find(|l| l.contains("孙婆婆")).unwrap();
        assert!(
            row.contains("2026-11-15") && !row.contains("W47"),
            "{lang}: {row}"
        );
    }
}

/// Item 14: at 60×16 the reports keep the township's total row in view
/// under the villages, whatever row is selected.
#[test]
fn the_reports_total_stays_in_view_at_the_smallest_size() {
    for lang in [Lang::Zh, Lang::En] {
        let total = gridcare::words::strings(lang).r_total;
        let mut db = common::demo_db(1500);
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "8");
        for keys in ["", "j", "jjjjjjjjjjjj"] {
            press(&mut app, &mut db, keys);
            let screen = render(&app, 60, 16);
            let rows = screen.lines().filter(|l| l.contains('%')).count();
            assert!(rows > 3, "{lang:?}: villages\n{screen}");
            assert!(
                screen.lines().any(|l| l.contains(&format!(" {total} "))
                    || l.contains(&format!(">{total} "))),
                "{lang:?} after {keys:?}: {total} out of view\n{screen}"
            );
        }
    }
}

/// Item 14: at 60×16 the queue keeps its village/grid column.
#[test]
fn the_queue_keeps_its_place_column_at_the_smallest_size() {
    for lang in [Lang::Zh, Lang::En] {
        let s = gridcare::words::strings(lang);
        let mut db = fixture_db();
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "2");
        let screen = render(&app, 60, 16);
        let head = format!("{}/{}", s.village, s.grid);
        assert!(
            screen.contains(&gridcare::text::fit(&head, 6)),
            "{lang:?}: no place head\n{screen}"
        );
        let row = screen.lines().find(|l| l.contains("孙婆婆")).unwrap();
        assert!(row.contains("富民村"), "{lang:?}: {row}\n{screen}");
    }
}

/// Item 14: the overdue figure is one number, and its head says so (it
/// read 逾期(户/人), two parts over one number).
#[test]
fn the_overdue_head_names_one_number() {
    for (zh, en, _) in gridcare::domain::indicators::COLUMNS {
        if zh.starts_with("逾期") {
            assert!(!zh.contains('/') && !en.contains('/'), "{zh} / {en}");
            return;
        }
    }
    panic!("no overdue column");
}

/// Item 16: Today's help does not offer `a` once the township has villages
/// (it adds only the first township); the rosters' help still does.
#[test]
fn todays_help_leaves_out_a_key_that_does_nothing_there() {
    for lang in [Lang::Zh, Lang::En] {
        let add = gridcare::words::strings(lang).k_add;
        let mut db = fixture_db();
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "?");
        let today = render(&app, 120, 40);
        assert!(!today.contains(add), "{lang:?}\n{today}");
        press(&mut app, &mut db, "{Esc}5?");
        let rosters = render(&app, 120, 40);
        assert!(rosters.contains(add), "{lang:?}\n{rosters}");
    }
}

/// Item 16: the contact-outcome form of a household visit starts at 家庭
/// (home); a resident's task still starts at 电话 (phone).
#[test]
fn a_household_visit_outcome_defaults_to_home() {
    use gridcare::domain::model::VisitMode;
    use gridcare::words::{mode, strings};
    for lang in [Lang::Zh, Lang::En] {
        let s = strings(lang);
        let line_of = |screen: &str| {
            screen
                .lines()
                .find(|l| l.contains(s.f_mode))
                .unwrap_or_default()
                .to_string()
        };
        let mut db = fixture_db();
        let mut app = load(&db, lang, false);
        // 孙婆婆's home visit, the queue's second row
        press(&mut app, &mut db, "2jo");
        let home = line_of(&render(&app, 120, 40));
        assert!(
            home.contains(mode(lang, VisitMode::Home)),
            "{lang:?}: {home}"
        );
        press(&mut app, &mut db, "{Esc}ko");
        let phone = line_of(&render(&app, 120, 40));
        assert!(
            phone.contains(mode(lang, VisitMode::Phone)),
            "{lang:?}: {phone}"
        );
    }
}

/// Item 16: Today's column heads in English are capitalised alike
/// ("open Overdue" read unevenly).
#[test]
fn todays_english_heads_are_capitalised_alike() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::En, false);
    press(&mut app, &mut db, "");
    let screen = render(&app, 120, 40);
    // the head rows of the three panes: every word starts with a capital
    let heads: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("Overdue") || l.contains("Why"))
        .collect();
    assert_eq!(heads.len(), 2, "{screen}");
    for head in heads {
        for word in head.split(|c: char| !c.is_ascii_alphabetic()) {
            assert!(
                !word.starts_with(|c: char| c.is_ascii_lowercase()),
                "{word:?} in {head}"
            );
        }
    }
}

/// Item 16: the plan tab names the village with the grid at 80 columns
/// (it showed 第一网格 alone).
#[test]
fn the_plan_tab_names_the_village() {
    for lang in [Lang::Zh, Lang::En] {
        let mut db = fixture_db();
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "2h");
        let screen = render(&app, 80, 24);
        let row = screen.lines().find(|l| l.contains("孙婆婆")).unwrap();
        assert!(row.contains("富民村 第一网格"), "{lang:?}: {row}\n{screen}");
    }
}

/// Item 16: a new household without members says its address once in its
/// header (it said it as the name and again as the address).
#[test]
fn an_empty_household_says_its_address_once() {
    for lang in [Lang::Zh, Lang::En] {
        let mut db = fixture_db();
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "5{Tab}jA富民村九组一号{C-s}");
        if app.screen != gridcare::tui::Screen::Household {
            press(&mut app, &mut db, "3");
        }
        let screen = render(&app, 120, 40);
        // the header: the rows above the members' box
        let header: String = screen.lines().take(5).collect();
        assert_eq!(
            header.matches("富民村九组一号").count(),
            1,
            "{lang:?}\n{screen}"
        );
    }
}
