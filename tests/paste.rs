//! Issue 10, item 13: a bracketed paste is one insertion into the focused
//! field, and the form still saves after it.

mod common;
use common::{fixture_db, load, press};
use gridcare::tui::app::Popup;
use gridcare::tui::forms::FieldId;
use gridcare::words::Lang;

#[test]
fn a_10_kb_paste_is_one_field_value_and_ctrl_s_still_saves() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/wdy{Enter}r152{Tab}94");
    // Tab on to the notes field (the last of the paper's sections, issue 27)
    for _ in 0..80 {
        let Some(Popup::Form(f)) = &app.popup else {
            panic!("the follow-up form is open")
        };
        if f.fields[f.focus].id == FieldId::Notes {
            break;
        }
        press(&mut app, &mut db, "{Tab}");
    }
    let line = "患者自述头晕乏力，近一周睡眠差，嘱低盐饮食、规律服药。\n";
    let text: String = line.repeat(10 * 1024 / line.len() + 1);
    assert!(text.len() >= 10 * 1024);
    app.handle_paste(&text);
    let Some(Popup::Form(f)) = &app.popup else {
        panic!("the form is still open")
    };
    let notes = f.fields.iter().find(|x| x.id == FieldId::Notes).unwrap();
    assert_eq!(notes.text(), text.trim(), "the whole paste, lines kept");
    assert_eq!(notes.input.lines().len(), text.lines().count() + 1);

    press(&mut app, &mut db, "{C-s}");
    assert!(
        app.popup.is_none(),
        "Ctrl-S saved and closed: {}",
        app.message
    );
    let saved: String = common::value(&db, "SELECT notes FROM visit ORDER BY id DESC LIMIT 1");
    assert_eq!(saved, text.trim());
}

#[test]
fn a_paste_into_a_one_line_field_or_search_is_one_line() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/wdy{Enter}e");
    let Some(Popup::Form(f)) = &app.popup else {
        panic!("the resident form is open")
    };
    let focused = f.fields[f.focus].id;
    let before = f.fields[f.focus].text();
    app.handle_paste("大爷\r\n二号\n");
    let Some(Popup::Form(f)) = &app.popup else {
        panic!("the form is still open")
    };
    let field = &f.fields[f.focus];
    assert_eq!(field.id, focused);
    assert_eq!(field.input.lines().len(), 1);
    // the name the form filled in is replaced, as by typing (issue 25 item 4)
    assert!(!before.is_empty());
    assert_eq!(field.text(), "大爷 二号");

    press(&mut app, &mut db, "{Esc}{Esc}/");
    app.handle_paste("wdy\n");
    let Some(Popup::Search(sv)) = &app.popup else {
        panic!("search is open")
    };
    assert_eq!(sv.input.lines(), ["wdy"]);
    assert!(!sv.hits.is_empty(), "the pasted query was searched");
}
