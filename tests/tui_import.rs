//! Issue 11, item 5: the rosters (screen 5) import a spreadsheet by keys.
//! `I` opens a form (what, file, skip bad rows, create places); saving it
//! runs a dry run and shows its report — nothing is written — and only
//! Ctrl-S / Enter on the report imports, in one transaction, as the command
//! line does. A bad file offers no import; a missing one is the form's error.

mod common;
use common::{fixture_file, load, press, render};
use gridcare::db::{Db, OpenMode};
use gridcare::tui::app::Popup;
use gridcare::words::Lang;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/import")
        .join(name)
}

/// Residents in the database file, read by a connection of its own.
fn residents(db_file: &Path) -> i64 {
    rusqlite::Connection::open(db_file)
        .unwrap()
        .query_row("SELECT count(*) FROM resident", [], |r| r.get(0))
        .unwrap()
}

/// The fixture township in a file, open, with the interface on it.
fn session(dir: &Path, lang: Lang) -> (PathBuf, Db, gridcare::tui::App) {
    let path = fixture_file(dir);
    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    db.operator = "测试员".into();
    let app = load(&db, lang, false);
    (path, db, app)
}

/// `I`, the file, then `then` (more fields, Ctrl-S, keys on the report).
fn import(app: &mut gridcare::tui::App, db: &mut Db, file: &Path, then: &str) {
    press(app, db, &format!("I{{Tab}}{}{then}", file.display()));
}

/// The open form's file field error.
fn file_error(app: &gridcare::tui::App) -> String {
    match &app.popup {
        Some(Popup::Form(f)) => f.fields[1].error.clone().unwrap_or_default(),
        _ => panic!("the form stays open: {}", app.message),
    }
}

fn report(app: &gridcare::tui::App) -> (String, bool) {
    match &app.popup {
        Some(Popup::Text(tv)) => (
            tv.text.clone(),
            matches!(tv.confirm, Some(gridcare::tui::app::Confirm::Import(_))),
        ),
        _ => panic!("no report shown: {}", app.message),
    }
}

#[test]
fn a_spreadsheet_is_previewed_then_imported_from_the_rosters() {
    let dir = tempfile::tempdir().unwrap();
    let (db_file, mut db, mut app) = session(dir.path(), Lang::Zh);
    let before = residents(&db_file);
    press(&mut app, &mut db, "5?");
    // the rosters' help scrolls at 80×24: read it page by page
    let mut help = render(&app, 80, 24);
    for _ in 0..4 {
        press(&mut app, &mut db, "{PageDown}");
        help.push_str(&render(&app, 80, 24));
    }
    assert!(help.contains("从表格导入"), "I is in the help");
    press(&mut app, &mut db, "{Esc}I");
    assert!(
        matches!(app.popup, Some(Popup::Form(_))),
        "I opens the form"
    );
    insta::assert_snapshot!("import_form_zh_80x24", render(&app, 80, 24));

    // the file, then Ctrl-S: a dry run and its report
    let file = fixture("居民-utf8.csv");
    press(
        &mut app,
        &mut db,
        &format!("{{Tab}}{}{{C-s}}", file.display()),
    );
    let (text, offered) = report(&app);
    assert!(
        text.contains("新建 3") && text.contains("未写入任何内容"),
        "{text}"
    );
    assert!(offered, "a clean file can be imported:\n{text}");
    insta::assert_snapshot!("import_report_zh_80x24", render(&app, 80, 24));
    assert_eq!(residents(&db_file), before, "a dry run writes nothing");

    // confirmed: the residents are saved and on screen at once
    press(&mut app, &mut db, "{C-s}");
    assert!(app.popup.is_none(), "{}", app.message);
    assert!(app.message.contains("新建 3"), "{}", app.message);
    assert_eq!(residents(&db_file), before + 3, "{}", app.message);
    assert!(
        app.snap
            .town
            .households
            .iter()
            .flat_map(|h| &h.members)
            .any(|m| m.name == "熊水根"),
        "the snapshot was read again"
    );
}

#[test]
fn a_bad_file_offers_no_import_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db_file, mut db, mut app) = session(dir.path(), Lang::Zh);
    let before = residents(&db_file);
    let input = dir.path().join("居民.csv");
    std::fs::copy(fixture("居民.csv"), &input).unwrap();

    press(&mut app, &mut db, "5");
    import(&mut app, &mut db, &input, "{C-s}");
    let (text, offered) = report(&app);
    assert!(text.contains("第 5 行"), "the bad row is named:\n{text}");
    assert!(text.contains("不会导入任何内容"), "{text}");
    assert!(!offered, "no import is offered");
    // on a small terminal the report scrolls, and its title says so
    let small = render(&app, 60, 16);
    assert!(small.contains("j/k 滚动"), "{small}");
    press(&mut app, &mut db, "G");
    let small = render(&app, 60, 16);
    assert!(small.contains("按任意键关闭"), "{small}");
    // Ctrl-S or Enter only closes it
    press(&mut app, &mut db, "{C-s}");
    assert!(app.popup.is_none());
    assert_eq!(residents(&db_file), before, "nothing written");

    // a missing file is the form's own error; nothing written
    import(&mut app, &mut db, Path::new("没有这个文件.csv"), "{C-s}");
    let err = file_error(&app);
    assert!(err.contains("找不到文件"), "{err}");
    assert!(render(&app, 80, 24).contains("找不到文件"));
    press(&mut app, &mut db, "{Esc}{Esc}");

    // skipping bad rows: the good ones are saved, the bad one goes beside the file
    import(&mut app, &mut db, &input, "{Tab}{Right}{C-s}");
    let (text, offered) = report(&app);
    assert!(offered, "{text}");
    assert!(text.contains("居民-rejected.csv"), "{text}");
    assert_eq!(residents(&db_file), before, "not before Ctrl-S");
    press(&mut app, &mut db, "{Enter}");
    assert!(app.message.contains("有误 9"), "{}", app.message);
    assert!(app.message.contains("居民-rejected.csv"), "{}", app.message);
    let rejects = std::fs::read_to_string(dir.path().join("居民-rejected.csv")).unwrap();
    assert!(rejects.contains("熊水根"), "{rejects}");
    assert!(residents(&db_file) > before, "{}", app.message);
}

#[test]
fn esc_on_the_report_cancels_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let (db_file, mut db, mut app) = session(dir.path(), Lang::Zh);
    let before = residents(&db_file);
    press(&mut app, &mut db, "5");
    import(&mut app, &mut db, &fixture("居民-utf8.csv"), "{C-s}j{Esc}");
    assert!(app.popup.is_none());
    assert!(app.message.contains("已取消导入"), "{}", app.message);
    assert_eq!(residents(&db_file), before);
}

/// A file whose columns are not the kind's (households read as residents)
/// is the file field's error, in the interface's language; nothing written.
#[test]
fn a_file_of_another_kind_is_the_forms_error() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut db, mut app) = session(dir.path(), Lang::En);
    let before = residents(&path);
    press(&mut app, &mut db, "5");
    import(&mut app, &mut db, &fixture("家庭户.csv"), "{C-s}");
    let err = file_error(&app);
    assert!(err.contains("has no column \"姓名\""), "{err}");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Import a spreadsheet"), "{screen}");
    assert_eq!(residents(&path), before);
}
