//! Screen snapshots at fixed sizes with Chinese names and a fixed date.

mod common;
use common::{fixture_db, fixture_today};
use gridcare::tui::{self, App, Options, strings::Lang};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn load_app(db: &gridcare::db::Db, lang: Lang, ascii: bool) -> App {
    App::load(
        db,
        Options {
            today: fixture_today(),
            lang,
            ascii,
        },
    )
    .unwrap()
}

fn screen(lang: Lang, ascii: bool, w: u16, h: u16) -> String {
    let db = fixture_db();
    let mut app = load_app(&db, lang, ascii);
    app.db_name = "fixture.db".into();
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| tui::draw(f, &app)).unwrap();
    format!("{}", t.backend())
}

#[test]
fn overview_zh_80x24() {
    insta::assert_snapshot!(screen(Lang::Zh, false, 80, 24));
}

#[test]
fn overview_en_80x24() {
    insta::assert_snapshot!(screen(Lang::En, false, 80, 24));
}

#[test]
fn overview_ascii_80x24() {
    let s = screen(Lang::Zh, true, 80, 24);
    assert!(!s.contains('│') && !s.contains('┌'), "ASCII borders only");
    insta::assert_snapshot!(s);
}

#[test]
fn overview_zh_120x40() {
    insta::assert_snapshot!(screen(Lang::Zh, false, 120, 40));
}

#[test]
fn too_small_says_so() {
    let s = screen(Lang::Zh, false, 40, 10);
    assert!(s.contains("终端太小"), "{s}");
    let s = screen(Lang::En, false, 40, 10);
    assert!(s.contains("too small"), "{s}");
}

/// q, Esc and Ctrl-C all leave.
#[test]
fn quit_keys() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let db = fixture_db();
    for key in [
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    ] {
        let mut app = load_app(&db, Lang::Zh, false);
        app.update(app.action_for(key));
        assert!(app.quit, "{key:?}");
    }
    let mut app = load_app(&db, Lang::Zh, false);
    app.update(app.action_for(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE)));
    assert!(!app.quit);
}
