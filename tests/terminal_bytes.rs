//! Issue 10, "also measured": moving the queue's selection by one row writes
//! about what the changed cells need, not a cursor move after every Chinese
//! character. The bytes are also replayed on a model terminal, which must
//! show exactly the frame drawn.

mod common;
use common::{Tape, demo_db, load, press};
use gridcare::db::Db;
use gridcare::tui;
use gridcare::tui::backend::GridBackend;
use gridcare::words::Lang;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};

/// What pressing `j` once in the queue writes to the terminal, with the two
/// frames' buffers.
fn bytes_for_j<B: Backend>(
    db: &mut Db,
    backend: B,
    tape: &Tape,
    w: u16,
    h: u16,
) -> (Vec<u8>, Buffer, Buffer) {
    let mut app = load(db, Lang::Zh, false);
    let mut t = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .unwrap();
    press(&mut app, db, "2");
    let first = t.draw(|f| tui::draw(f, &app)).unwrap().buffer.clone();
    let start = tape.0.borrow().len();
    press(&mut app, db, "j");
    let second = t.draw(|f| tui::draw(f, &app)).unwrap().buffer.clone();
    let bytes = tape.0.borrow()[start..].to_vec();
    (bytes, first, second)
}

/// What the changed cells need at least: their symbols, one cursor move per
/// run of adjacent cells (at most `ESC[rrr;cccH`, 10 bytes) and a colour or
/// attribute change (at most 24 bytes) where the style changes between cells.
fn needed(prev: &Buffer, next: &Buffer) -> usize {
    let mut n = 0;
    let mut at: Option<(u16, u16)> = None;
    let mut style = None;
    for (x, y, c) in prev.diff(next) {
        n += c.symbol().len();
        if at != Some((x, y)) {
            n += 10;
        }
        at = Some((x + c.cell_width().max(1), y));
        if style != Some(c.style()) {
            n += 24;
            style = Some(c.style());
        }
    }
    n
}

/// A screen as a terminal would show it after `bytes`: cursor moves, printed
/// text (a wide character takes two cells), attributes skipped.
fn replay(screen: &mut [Vec<String>], bytes: &[u8]) {
    let s = std::str::from_utf8(bytes).unwrap();
    let (mut x, mut y) = (0usize, 0usize);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            assert_eq!(chars.next(), Some('['));
            let mut params = String::new();
            let fin = loop {
                let c = chars.next().unwrap();
                if c.is_ascii_alphabetic() {
                    break c;
                }
                params.push(c);
            };
            if fin == 'H' {
                let mut p = params.split(';').map(|v| v.parse::<usize>().unwrap());
                y = p.next().unwrap() - 1;
                x = p.next().unwrap() - 1;
            }
            continue;
        }
        let w = unicode_width::UnicodeWidthChar::width(c)
            .unwrap_or(1)
            .max(1);
        screen[y][x] = c.to_string();
        if w == 2 {
            screen[y][x + 1] = " ".into();
        }
        x += w;
    }
}

fn as_rows(buf: &Buffer) -> Vec<Vec<String>> {
    let a = buf.area;
    (a.top()..a.bottom())
        .map(|y| {
            (a.left()..a.right())
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn one_row_down_in_the_queue_writes_about_what_the_changed_cells_need() {
    // the demo township as `gridcare demo` makes it
    let mut db = demo_db(3000);
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let tape = Tape::default();
        let (plain, _, _) = bytes_for_j(&mut db, CrosstermBackend::new(tape.clone()), &tape, w, h);
        let tape = Tape::default();
        let (ours, first, second) = bytes_for_j(
            &mut db,
            GridBackend::with_size(tape.clone(), Size::new(w, h)),
            &tape,
            w,
            h,
        );
        let need = needed(&first, &second);
        eprintln!(
            "{w}x{h}: j writes {} bytes with ratatui's CrosstermBackend, {} with GridBackend; \
             the changed cells need at most {need}",
            plain.len(),
            ours.len()
        );
        assert!(ours.len() <= need, "{w}x{h}: {} > {need}", ours.len());
        assert!(
            ours.len() * 10 <= plain.len() * 7,
            "{w}x{h}: {} is not well below {}",
            ours.len(),
            plain.len()
        );

        // and the terminal shows exactly the second frame
        let tape = Tape::default();
        let mut t = Terminal::with_options(
            GridBackend::with_size(tape.clone(), Size::new(w, h)),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
            },
        )
        .unwrap();
        t.draw(|f| f.buffer_mut().merge(&first)).unwrap();
        let mut screen = vec![vec![" ".to_string(); usize::from(w)]; usize::from(h)];
        replay(&mut screen, &tape.0.borrow());
        assert_eq!(screen, as_rows(&first), "{w}x{h}: first frame");
        let start = tape.0.borrow().len();
        t.draw(|f| f.buffer_mut().merge(&second)).unwrap();
        replay(&mut screen, &tape.0.borrow()[start..]);
        assert_eq!(screen, as_rows(&second), "{w}x{h}: after j");
    }
}
