//! Styles and marks. Colour never carries meaning alone: every colour is also
//! written as text (红/黄/绿). NO_COLOR and --ascii are honoured; symbols of
//! East-Asian ambiguous width (★ ● ▶ █) are avoided, since many Chinese
//! terminals draw them two cells wide.

use crate::domain::model::Colour;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::{Block, Borders};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
    pub ascii: bool,
}

pub const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    pub fn block(&self, title: impl Into<String>) -> Block<'static> {
        let b = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", title.into()));
        if self.ascii {
            b.border_set(ASCII_BORDER)
        } else {
            b
        }
    }

    /// A block whose pane has the focus: bold title (works in monochrome).
    pub fn focus_block(&self, title: impl Into<String>, focused: bool) -> Block<'static> {
        let b = self.block(title);
        if focused {
            b.title_style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED))
        } else {
            b
        }
    }

    pub fn colour_style(&self, c: Colour) -> Style {
        if !self.colour {
            return if c == Colour::Red {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
        }
        match c {
            Colour::Red => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            Colour::Yellow => Style::default().fg(Color::Yellow),
            Colour::Green => Style::default().fg(Color::Green),
            Colour::Unassessed => Style::default(),
        }
    }

    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.colour {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }

    pub fn error(&self) -> Style {
        if self.colour {
            Style::default().fg(Color::Red)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    pub fn separator(&self) -> &'static str {
        if self.ascii { "|" } else { "│" }
    }

    pub fn bar_char(&self) -> char {
        '#'
    }

    /// Marks a search hit whose pinyin initials are one letter off. ASCII in
    /// both modes: ≈ and ∼ are of ambiguous width in CJK terminals.
    pub fn fuzzy_mark(&self) -> &'static str {
        "~"
    }
}

/// The ASCII twin of a narrow non-ASCII mark gridcare draws (separators,
/// arrows, stars, the trend's bars, box lines), for `--ascii`: terminals
/// whose font lacks them, or that take them as double width (they are of
/// "ambiguous" width, wide in many CJK setups). Chinese text is kept; so are
/// ≥, ≤ and §, whose meaning an ASCII twin would change.
pub fn ascii_twin(c: char) -> Option<char> {
    Some(match c {
        '·' | '•' | '–' | '—' | '─' | '━' | '－' => '-',
        '│' | '┃' => '|',
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' => '+',
        '→' | '▶' | '►' => '>',
        '←' | '◀' | '◄' => '<',
        '↑' => '^',
        '↓' => 'v',
        '…' => '.',
        '★' | '☆' | '✱' => '*',
        '×' => 'x',
        '✓' | '✔' => 'v',
        '✗' | '✘' => 'x',
        '▁' | '▂' => '_',
        '▃' | '▄' => '-',
        '▅' | '▆' => '=',
        '▇' | '█' | '▓' | '▒' => '#',
        '░' => ':',
        '●' | '○' | '◆' | '◇' | '■' | '□' => 'o',
        _ => return None,
    })
}

/// Replaces, cell by cell, every mark with an ASCII twin (see [`ascii_twin`]).
pub fn asciify(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        let mut chars = cell.symbol().chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && let Some(a) = ascii_twin(c)
        {
            cell.set_char(a);
        }
    }
}
