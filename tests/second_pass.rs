//! Issue 25, items 7, 14 and 16: what a coordinator's second pass found
//! on the screens — one wording of a task's state and date, what stays in
//! view at 60×16, and the smaller things.

mod common;
use common::{fixture_db, gridcare_on, load, press, render};
use gridcare::tui::strings::Lang;

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
