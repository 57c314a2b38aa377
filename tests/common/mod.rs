#![allow(dead_code)]
use chrono::NaiveDate;
use gridcare::db::{Db, NewVisit};
use gridcare::domain::followup::{Findings, Vitals};
use gridcare::domain::model::{Subject, VisitKind, VisitMode};

pub const FIXTURE: &str = include_str!("../../fixtures/township.sql");

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The hand-written township of fixtures/township.sql, in memory.
pub fn fixture_db() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    db.apply_sql(FIXTURE).unwrap();
    db.operator = "测试员".into();
    db
}

/// How many rows each of `tables` holds (a table name, or `table WHERE …`):
/// to show that a refused write changed nothing.
pub fn row_counts(db: &Db, tables: &[&str]) -> Vec<i64> {
    tables
        .iter()
        .map(|t| {
            db.conn()
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
        .collect()
}

/// Runs the gridcare program in English (GRIDCARE_LANG=en: the tests read
/// its English words; a database's ui.lang would say Chinese), without
/// GRIDCARE_DB from the environment: (exit code, stdout, stderr). A `--lang`
/// among `args` still wins.
pub fn gridcare_run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (i32, String, String) {
    gridcare_lang(args, Some("en"))
}

/// As `gridcare_run` with GRIDCARE_LANG set to `lang`, or removed (`None`):
/// then --lang, else the database's ui.lang, else Chinese decides.
pub fn gridcare_lang<S: AsRef<std::ffi::OsStr>>(
    args: &[S],
    lang: Option<&str>,
) -> (i32, String, String) {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"));
    c.args(args)
        .env_remove("GRIDCARE_DB")
        .env_remove("GRIDCARE_LANG");
    if let Some(l) = lang {
        c.env("GRIDCARE_LANG", l);
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// gridcare on the database file `db` at the fixture's as-of date.
pub fn gridcare_on(db: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let db = db.to_str().unwrap();
    let all: Vec<&str> = ["--db", db, "--today", "2026-11-20"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    gridcare_run(&all)
}

/// The fixture's as-of date.
/// The single value an SQL query gives, such as a `count(*)`.
#[allow(dead_code)]
pub fn value<T: rusqlite::types::FromSql>(db: &Db, sql: &str) -> T {
    db.conn()
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

pub fn fixture_today() -> NaiveDate {
    d("2026-11-20")
}

/// A resident's tasks in the fixture's queue, as of its date.
pub fn tasks_of(db: &Db, id: i64) -> Vec<gridcare::domain::queue::Task> {
    let today = fixture_today();
    gridcare::domain::queue::tasks(&db.township(today).unwrap(), today, &db.rules().unwrap())
        .into_iter()
        .filter(|t| t.subject == Subject::Resident(id))
        .collect()
}

/// A completed clinic follow-up with blood pressure only.
pub fn followup(id: i64, date: &str, sbp: i32, dbp: i32) -> NewVisit {
    let mut v = NewVisit::completed(
        VisitKind::Followup,
        Subject::Resident(id),
        VisitMode::Clinic,
        d(date),
    );
    v.findings = Findings {
        vitals: Vitals {
            sbp: Some(sbp),
            dbp: Some(dbp),
            ..Vitals::default()
        },
        ..Findings::default()
    };
    v
}

use gridcare::tui::{App, Options};
use gridcare::words::Lang;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn load(db: &Db, lang: Lang, ascii: bool) -> App {
    let mut app = App::load(
        db,
        Options {
            today: fixture_today(),
            lang,
            ascii,
            colour: true,
            scope: gridcare::db::Scope::All,
        },
    )
    .unwrap();
    app.db_name = "fixture.db".into();
    app
}

pub fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Types keys: plain characters, or {Enter} {Tab} {Esc} {Down} {Right} {BS} {C-s} {C-u}
/// {PageDown} {PageUp} {F1} {M-Enter}.
pub fn press(app: &mut App, db: &mut Db, keys: &str) {
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        if c == '{' {
            let end = rest.find('}').unwrap();
            let k = match &rest[1..end] {
                "Enter" => key(KeyCode::Enter),
                "Tab" => key(KeyCode::Tab),
                "Esc" => key(KeyCode::Esc),
                "Down" => key(KeyCode::Down),
                "Up" => key(KeyCode::Up),
                "BackTab" => key(KeyCode::BackTab),
                "PageDown" => key(KeyCode::PageDown),
                "PageUp" => key(KeyCode::PageUp),
                "C-u" => ctrl('u'),
                "Right" => key(KeyCode::Right),
                "Left" => key(KeyCode::Left),
                "BS" => key(KeyCode::Backspace),
                "C-s" => ctrl('s'),
                "F1" => key(KeyCode::F(1)),
                // a new line in notes
                "M-Enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT),
                other => panic!("unknown key {other}"),
            };
            app.handle_key(k, db);
            rest = &rest[end + 1..];
        } else {
            app.handle_key(key(KeyCode::Char(c)), db);
            rest = &rest[c.len_utf8()..];
        }
        // as the run loop does: a save that met another writer is tried again
        if app.waiting_save.is_some() {
            app.finish_save(db);
        }
    }
}

/// The app drawn on a test terminal of `w`×`h`, as text.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| gridcare::tui::draw(f, app)).unwrap();
    format!("{}", t.backend())
}

/// The fixture township in a file `三角乡.db` in `dir`, closed again.
pub fn fixture_file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("三角乡.db");
    let mut db = Db::open(&path, gridcare::db::OpenMode::CreateIfMissing).unwrap();
    db.apply_sql(FIXTURE).unwrap();
    path
}

/// A small deterministic generator for random tests; print the seed so a
/// failure can be replayed.
pub struct SplitMix(pub u64);
impl SplitMix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A demo township of `households`: queues full of Chinese names, on the fixture's date.
pub fn demo_db(households: usize) -> Db {
    let mut db = Db::open_in_memory().unwrap();
    let cfg = gridcare::demo::DemoConfig {
        households,
        ..Default::default()
    };
    gridcare::demo::generate(&mut db, &cfg).unwrap();
    db.operator = "测试员".into();
    db
}

/// The open form's message and each field's error, joined (an ID number or a
/// date is checked as typed, a refusal lands on the form); panics when no
/// form is open.
pub fn form_errors(app: &App) -> String {
    match &app.popup {
        Some(gridcare::tui::app::Popup::Form(f)) => std::iter::once(f.error.clone())
            .chain(f.fields.iter().map(|x| x.error.clone()))
            .flatten()
            .collect::<Vec<_>>()
            .join(" | "),
        _ => panic!("the form stays open; message: {}", app.message),
    }
}

/// The text of the open form's field `id`; panics when no form is open.
pub fn field_text(app: &App, id: gridcare::tui::forms::FieldId) -> String {
    match &app.popup {
        Some(gridcare::tui::app::Popup::Form(f)) => f
            .fields
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.text())
            .expect("the form has the field"),
        _ => panic!("no form open; message: {}", app.message),
    }
}

/// Issue 15 item 2: the fixture's operators and their PINs — a coordinator,
/// 涂春生 the grid worker of 富民村第一网格 (staff 2, grid 1), 余德明 the
/// village doctor of 富民村 (staff 5, village 1).
pub const OPERATORS: &[(&str, &str)] = &[
    ("王协调", "pin-1111"),
    ("涂春生", "pin-2222"),
    ("余德明", "pin-3333"),
];

/// Adds the fixture's operators (see `OPERATORS`).
pub fn add_operators(db: &mut Db) {
    use gridcare::db::NewOperator;
    use gridcare::domain::access::Role;
    let today = fixture_today();
    for (name, role, staff, village) in [
        ("王协调", Role::Coordinator, None, None),
        ("涂春生", Role::Worker, Some(2), None),
        ("余德明", Role::Doctor, Some(5), Some(1)),
    ] {
        let pin = OPERATORS.iter().find(|o| o.0 == name).unwrap().1;
        let new = NewOperator {
            name: name.into(),
            role,
            staff,
            village,
        };
        db.add_operator(&new, pin, today).unwrap();
    }
}

/// The fixture, printing into a folder of its own.
pub fn printing_fixture() -> (Db, tempfile::TempDir) {
    let db = fixture_db();
    let dir = tempfile::tempdir().unwrap();
    db.conn()
        .execute(
            "INSERT INTO setting (key, value, description) VALUES ('print.folder', ?1, 'test')",
            [dir.path().to_str().unwrap()],
        )
        .unwrap();
    (db, dir)
}

/// A writer whose bytes the test can read while the terminal owns it.
#[derive(Clone, Default)]
pub struct Tape(pub std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
impl std::io::Write for Tape {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The PIN of one of the fixture's operators (see `OPERATORS`).
pub fn pin_of(name: &str) -> &'static str {
    OPERATORS.iter().find(|o| o.0 == name).unwrap().1
}

/// The fixture in a file, with its operators (see `add_operators`).
pub fn operators_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fixture.db");
    let mut db = Db::open(&path, gridcare::db::OpenMode::CreateIfMissing).unwrap();
    db.apply_sql(FIXTURE).unwrap();
    add_operators(&mut db);
    (dir, path)
}

/// Runs gridcare on `db` as `operator` (with their PIN, or `pin`), no
/// terminal, in English (GRIDCARE_LANG=en, as `gridcare_run`): (exit code,
/// stdout + stderr).
pub fn run_as(
    db: &std::path::Path,
    operator: Option<&str>,
    pin: Option<&str>,
    args: &[&str],
) -> (i32, String) {
    run_as_lang(db, operator, pin, args, Some("en"))
}

/// As `run_as` with GRIDCARE_LANG set to `lang`, or removed (`None`).
pub fn run_as_lang(
    db: &std::path::Path,
    operator: Option<&str>,
    pin: Option<&str>,
    args: &[&str],
    lang: Option<&str>,
) -> (i32, String) {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"));
    c.args(args)
        .env("GRIDCARE_DB", db)
        .env_remove("GRIDCARE_LANG")
        .env_remove("GRIDCARE_OPERATOR")
        .env_remove("GRIDCARE_PIN")
        .env_remove("GRIDCARE_NEW_PIN")
        .stdin(std::process::Stdio::null());
    if let Some(l) = lang {
        c.env("GRIDCARE_LANG", l);
    }
    if let Some(o) = operator {
        c.env("GRIDCARE_OPERATOR", o);
        c.env("GRIDCARE_PIN", pin.unwrap_or_else(|| pin_of(o)));
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Residents of 富民村第一网格 (涂春生's grid).
pub const INSIDE: &[&str] = &["王大爷", "李秀英", "王建国", "单丽", "王小龙", "孙婆婆"];

/// Issue 30 item 3: the county operator of `small_county` and their PIN.
pub const COUNTY_OPERATOR: (&str, &str) = ("县卫健", "county-pin-7");

/// Issue 30 item 3: two demo townships (三角乡, 立新乡; 80 households each)
/// in `db`, with the coordinator 王协调 (PIN pin-1111) and the county
/// operator `COUNTY_OPERATOR`.
pub fn small_county(db: &mut Db) {
    use gridcare::domain::access::Role;
    let cfg = gridcare::demo::DemoConfig {
        households: 80,
        townships: 2,
        ..Default::default()
    };
    gridcare::demo::generate(db, &cfg).unwrap();
    for (name, pin, role) in [
        ("王协调", pin_of("王协调"), Role::Coordinator),
        (COUNTY_OPERATOR.0, COUNTY_OPERATOR.1, Role::County),
    ] {
        let new = gridcare::db::NewOperator {
            name: name.into(),
            role,
            staff: None,
            village: None,
        };
        db.add_operator(&new, pin, fixture_today()).unwrap();
    }
}

/// Issue 30 item 3: the interface on `small_county`'s `db` in `lang`, as of
/// the fixture's date, with the county operator signed in at the gate.
pub fn county_session(db: &mut Db, lang: Lang) -> App {
    let mut app = App::load(
        db,
        Options {
            today: fixture_today(),
            lang,
            ascii: false,
            colour: true,
            scope: db.default_scope().unwrap(),
        },
    )
    .unwrap();
    app.db_name = "县.db".into();
    let (name, pin) = COUNTY_OPERATOR;
    press(&mut app, db, &format!("{name}{{Tab}}{pin}{{Enter}}"));
    assert!(app.gate.is_none(), "{}", app.message);
    app
}
