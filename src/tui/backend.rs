//! The terminal backend: crossterm's, except for how a frame's changed cells
//! are written.
//!
//! ratatui's `CrosstermBackend::draw` writes a cursor move before every cell
//! that is not the one right after the previous cell written. The buffer diff
//! skips the hidden half of a double-width character, so after each Chinese
//! character the next cell looks "not adjacent" and costs a `MoveTo`
//! (`ESC[row;colH`, 6–8 bytes) for a 3-byte character: moving the queue's
//! selection by one row wrote twice what the changed cells need (issue 10).
//! Here the cursor is tracked by display width, so a move is written only
//! where the diff really jumps.
//!
//! The cell writing below follows ratatui-crossterm 0.1's `draw` (MIT), with
//! that one change; everything else is delegated to `CrosstermBackend`.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::{Cell, CellWidth};
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{
    Attribute, Color as CColor, Colors, Print, SetAttribute, SetBackgroundColor, SetColors,
    SetForegroundColor, SetUnderlineColor,
};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};

/// `CrosstermBackend` that writes no cursor move after a double-width character.
pub struct GridBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// Where the cursor was last put (see `get_cursor_position`).
    cursor: Position,
    /// The size of a writer that is not the terminal (a recording), which
    /// crossterm cannot ask; None asks the terminal.
    fixed: Option<Size>,
}

impl<W: Write> GridBackend<W> {
    pub fn new(writer: W) -> Self {
        GridBackend {
            inner: CrosstermBackend::new(writer),
            cursor: Position::ORIGIN,
            fixed: None,
        }
    }

    /// A backend writing to something that is not a terminal, of a known
    /// size: its size is never asked of a terminal (there may be none, as
    /// under CI; ratatui asks it when the screen is cleared).
    pub fn with_size(writer: W, size: Size) -> Self {
        GridBackend {
            fixed: Some(size),
            ..GridBackend::new(writer)
        }
    }

    /// Writes bytes to the terminal as they are, past the frame (the
    /// printer's passthrough, issue 16 item 4), and flushes them.
    pub fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.inner.write_all(bytes)?;
        Write::flush(&mut self.inner)
    }
}

/// The cells a symbol takes on the terminal. Only a plain double-width
/// character is trusted to advance the cursor by two; anything else wider
/// than one cell (an emoji with a variation selector, a forced width) is
/// followed by an explicit move, as ratatui does.
fn advance(cell: &Cell) -> u16 {
    let w = cell.cell_width();
    if w == 2 && !cell.symbol().contains('\u{FE0F}') && cell.symbol().chars().count() == 1 {
        2
    } else {
        1
    }
}

impl<W: Write> Backend for GridBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let w = &mut self.inner;
        let mut fg = Color::Reset;
        let mut bg = Color::Reset;
        let mut underline = Color::Reset;
        let mut modifier = Modifier::empty();
        // where the terminal's cursor stands after the last symbol written
        let mut cursor: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            if cursor != Some((x, y)) {
                queue!(w, MoveTo(x, y))?;
            }
            cursor = Some((x + advance(cell), y));
            if cell.modifier != modifier {
                queue_modifier_change(w, modifier, cell.modifier)?;
                modifier = cell.modifier;
            }
            if cell.fg != fg || cell.bg != bg {
                queue!(
                    w,
                    SetColors(Colors::new(
                        cell.fg.into_crossterm(),
                        cell.bg.into_crossterm()
                    ))
                )?;
                fg = cell.fg;
                bg = cell.bg;
            }
            if cell.underline_color != underline {
                queue!(w, SetUnderlineColor(cell.underline_color.into_crossterm()))?;
                underline = cell.underline_color;
            }
            queue!(w, Print(cell.symbol()))?;
        }
        queue!(
            w,
            SetForegroundColor(CColor::Reset),
            SetBackgroundColor(CColor::Reset),
            SetUnderlineColor(CColor::Reset),
            SetAttribute(Attribute::Reset),
        )
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }
    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }
    /// Where the cursor was last put, without asking the terminal: asking
    /// (`ESC[6n`) is a round trip over SSH and needs a terminal that answers,
    /// and ratatui only wants it to put the cursor back after a full clear
    /// (the redraw after printing through the terminal, issue 16 item 4).
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.cursor = p;
        self.inner.set_cursor_position(p)
    }
    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> io::Result<Size> {
        match self.fixed {
            Some(size) => Ok(size),
            None => self.inner.size(),
        }
    }
    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// The attribute changes from one cell's modifiers to the next's (as
/// ratatui-crossterm's private `ModifierDiff`).
fn queue_modifier_change(w: &mut impl Write, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        queue!(w, SetAttribute(Attribute::NoReverse))?;
    }
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        // Bold and Dim are both reset by Normal intensity; the one kept is set again.
        queue!(w, SetAttribute(Attribute::NormalIntensity))?;
        if to.contains(Modifier::DIM) {
            queue!(w, SetAttribute(Attribute::Dim))?;
        }
        if to.contains(Modifier::BOLD) {
            queue!(w, SetAttribute(Attribute::Bold))?;
        }
    }
    for (m, off) in [
        (Modifier::ITALIC, Attribute::NoItalic),
        (Modifier::UNDERLINED, Attribute::NoUnderline),
        (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
        (Modifier::HIDDEN, Attribute::NoHidden),
    ] {
        if removed.contains(m) {
            queue!(w, SetAttribute(off))?;
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        queue!(w, SetAttribute(Attribute::NoBlink))?;
    }
    let added = to - from;
    for (m, on, unless_reset) in [
        (Modifier::REVERSED, Attribute::Reverse, false),
        (Modifier::BOLD, Attribute::Bold, true),
        (Modifier::ITALIC, Attribute::Italic, false),
        (Modifier::UNDERLINED, Attribute::Underlined, false),
        (Modifier::DIM, Attribute::Dim, true),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut, false),
        (Modifier::HIDDEN, Attribute::Hidden, false),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink, false),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink, false),
    ] {
        if added.contains(m) && !(unless_reset && reset_intensity) {
            queue!(w, SetAttribute(on))?;
        }
    }
    Ok(())
}
