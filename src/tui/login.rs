//! The sign-in and lock screens (issue 15 item 2, domain.md §10): its own
//! state, keys and draw. While either is up the interface draws nothing
//! else — no names, no lists — and every key comes here first.

use super::theme::Theme;
use crate::text::{fit, pad};
use crate::words::Strings;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateKind {
    /// Who is working: name and PIN.
    Login,
    /// The signed-in operator's PIN unlocks; the name is not shown.
    Locked,
}

#[derive(Debug, Clone)]
pub struct Gate {
    pub kind: GateKind,
    pub name: String,
    /// Typed, shown as *; dropped as soon as it has been checked.
    pub pin: String,
    /// Whether the PIN field has the focus (the lock has only that one).
    pub on_pin: bool,
    /// Why the last try was refused.
    pub error: Option<String>,
}

/// What a key asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateEvent {
    None,
    /// Check the name (or the signed-in operator) and the PIN.
    Submit,
    /// From the lock: sign in as someone else.
    Switch,
    Quit,
}

/// The longest PIN the field takes (a paste of something else is cut).
const PIN_MAX: usize = 64;

impl Gate {
    pub fn login() -> Gate {
        Gate {
            kind: GateKind::Login,
            name: String::new(),
            pin: String::new(),
            on_pin: false,
            error: None,
        }
    }

    pub fn locked() -> Gate {
        Gate {
            kind: GateKind::Locked,
            on_pin: true,
            ..Gate::login()
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> GateEvent {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl => return GateEvent::Quit,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Down | KeyCode::Up
                if self.kind == GateKind::Login =>
            {
                self.on_pin = !self.on_pin;
            }
            KeyCode::Enter if !self.on_pin => self.on_pin = true,
            KeyCode::Enter => return GateEvent::Submit,
            KeyCode::Esc if self.kind == GateKind::Locked => return GateEvent::Switch,
            KeyCode::Esc => *self = Gate::login(),
            KeyCode::Backspace => {
                self.field().pop();
            }
            KeyCode::Char(c)
                if !ctrl
                    && !c.is_control()
                    && (!self.on_pin || self.pin.chars().count() < PIN_MAX) =>
            {
                self.field().push(c);
            }
            _ => {}
        }
        GateEvent::None
    }

    fn field(&mut self) -> &mut String {
        if self.on_pin {
            &mut self.pin
        } else {
            &mut self.name
        }
    }

    /// A refused try: the PIN is cleared, the name kept.
    pub fn refuse(&mut self, why: String) {
        self.pin.clear();
        self.on_pin = self.kind == GateKind::Locked || !self.name.trim().is_empty();
        self.error = Some(why);
    }

    /// The whole screen: a box in the middle, nothing behind it.
    pub fn draw(&self, f: &mut Frame, area: Rect, s: &Strings, theme: &Theme) {
        f.render_widget(Clear, area);
        let width = area.width.min(56);
        let height = area.height.min(11);
        let r = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        let title = match self.kind {
            GateKind::Login => s.login_title,
            GateKind::Locked => s.locked_title,
        };
        let block = theme.focus_block(format!("gridcare {title}"), true);
        let inner = block.inner(r);
        f.render_widget(block, r);
        let w = usize::from(inner.width);
        // "> 操作员：" — the label column as wide as the widest label
        let label_w = s.login_name.width().max(s.login_pin.width()) + 1;
        let field = |focus: bool, label: &str, value: &str| -> Line<'static> {
            let mark = if focus { ">" } else { " " };
            let text = format!("{mark} {}{}", pad(label, label_w), value);
            let line = Line::from(fit(&text, w));
            if focus {
                line.style(theme.bold())
            } else {
                line
            }
        };
        let stars = "*".repeat(self.pin.chars().count());
        let mut lines = vec![Line::from("")];
        if self.kind == GateKind::Login {
            lines.push(field(
                !self.on_pin,
                s.login_name,
                &format!("{}_", self.name),
            ));
        }
        lines.push(field(self.on_pin, s.login_pin, &format!("{stars}_")));
        lines.push(Line::from(""));
        let hint = match self.kind {
            GateKind::Login => s.login_hint,
            GateKind::Locked => s.locked_hint,
        };
        if let Some(e) = &self.error {
            lines.push(Line::from(e.clone()).style(theme.bold()));
        }
        lines.push(Line::from(hint).style(theme.dim()));
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}
