//! Issue 10, item 10: popups over Chinese text keep their borders and never
//! split a double-width cell of the screen below.

mod common;
use common::{demo_db, load, press};
use gridcare::tui::{self, App};
use gridcare::words::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;

/// Every place where a wide symbol's hidden half holds something else (a
/// popup's border, say) or runs past the row's end: a terminal would show a
/// broken glyph there, or shift what follows.
fn split_wide_cells(buf: &Buffer) -> Vec<String> {
    let a = buf.area;
    let mut bad = Vec::new();
    for y in a.top()..a.bottom() {
        let mut x = a.left();
        while x < a.right() {
            let w = buf[(x, y)].cell_width().max(1);
            for t in x + 1..x + w {
                if t >= a.right() || buf[(t, y)].symbol() != " " {
                    let hidden = if t < a.right() {
                        buf[(t, y)].symbol()
                    } else {
                        "|"
                    };
                    bad.push(format!(
                        "({x},{y}) {:?} hides {hidden:?}",
                        buf[(x, y)].symbol()
                    ));
                }
            }
            x += w;
        }
    }
    bad
}

/// The popup's frame: its four corners and both sides on every row.
fn broken_border(buf: &Buffer, r: Rect, ascii: bool) -> Vec<String> {
    let (tl, tr, bl, br, v) = if ascii {
        ("+", "+", "+", "+", "|")
    } else {
        ("┌", "┐", "└", "┘", "│")
    };
    let (l, rt, top, bot) = (r.left(), r.right() - 1, r.top(), r.bottom() - 1);
    let mut want = vec![
        ((l, top), tl),
        ((rt, top), tr),
        ((l, bot), bl),
        ((rt, bot), br),
    ];
    for y in top + 1..bot {
        want.push(((l, y), v));
        want.push(((rt, y), v));
    }
    want.into_iter()
        .filter(|&(p, s)| buf[p].symbol() != s)
        .map(|(p, s)| format!("{p:?} is {:?}, not {s:?}", buf[p].symbol()))
        .collect()
}

fn frame(app: &App, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| tui::draw(f, app)).unwrap();
    t.backend().buffer().clone()
}

#[test]
fn popups_over_chinese_text_keep_their_borders_and_whole_characters() {
    let views = [
        ("help", "2?"),
        ("outcome", "2o"),
        ("record", "2r"),
        ("search", "2/w"),
        ("search_today", "/l"),
        ("scope", "2S"),
    ];
    let mut failures = Vec::new();
    let mut straddled = 0;
    for (lang, ascii) in [(Lang::Zh, false), (Lang::Zh, true), (Lang::En, false)] {
        for (view, keys) in views {
            let mut db = demo_db(120);
            let mut app = load(&db, lang, ascii);
            press(&mut app, &mut db, keys);
            assert!(app.popup.is_some(), "{view}: a popup is open");
            for h in [16, 24, 40] {
                for w in 60..=130 {
                    let area = Rect::new(0, 0, w, h);
                    let r = tui::popup_area(&app, area).unwrap();
                    // how often the screen below had a wide character across the left edge
                    if let Some(p) = app.popup.take() {
                        let below = frame(&app, w, h);
                        let cut = |y: u16| {
                            (0..r.left())
                                .any(|x| below[(x, y)].cell_width() == 2 && x + 2 > r.left())
                        };
                        straddled += (r.top()..r.bottom()).filter(|&y| cut(y)).count();
                        app.popup = Some(p);
                    }
                    let buf = frame(&app, w, h);
                    let mut bad = split_wide_cells(&buf);
                    bad.extend(broken_border(&buf, r, ascii));
                    if !bad.is_empty() {
                        failures.push(format!("{view} {lang:?} ascii={ascii} {w}x{h}: {bad:?}"));
                    }
                }
            }
        }
    }
    assert!(
        straddled > 100,
        "the sizes put popup edges across wide characters ({straddled})"
    );
    assert!(
        failures.is_empty(),
        "{} frames broken, e.g.\n{}",
        failures.len(),
        failures[..failures.len().min(8)].join("\n")
    );
}
