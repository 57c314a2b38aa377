//! A form's keys and paste, and its values as a draft keeps them.

use super::*;

impl Form {
    pub fn handle_key(&mut self, key: KeyEvent) -> FormEvent {
        if self.opened.is_none() {
            self.opened = Some(self.values());
        }
        if self.asks_help(key) {
            return FormEvent::Help;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let visible: Vec<usize> = (0..self.fields.len())
            .filter(|&i| !self.fields[i].hidden)
            .collect();
        let last = visible.last().copied().unwrap_or(0);
        let next = visible
            .iter()
            .copied()
            .find(|&i| i > self.focus)
            .unwrap_or(last);
        let prev = visible
            .iter()
            .copied()
            .rev()
            .find(|&i| i < self.focus)
            .unwrap_or(self.focus);
        // Esc on a form with something typed asks first; Esc again discards
        // (a care plan typed for ten minutes is not lost to one key)
        let discard = strings::strings(self.lang).discard_typed;
        if key.code == KeyCode::Esc {
            if self.typed() && self.confirm.as_deref() != Some(discard) {
                self.confirm = Some(discard.to_string());
                return FormEvent::Continue;
            }
            return FormEvent::Cancel;
        }
        // any other key after that question goes on as it would have
        if self.confirm.as_deref() == Some(discard) {
            self.confirm = None;
        }
        let saving = (key.code == KeyCode::Char('s') && ctrl)
            || (key.code == KeyCode::Enter
                && (self.focus == last || self.keys_in())
                && !key.modifiers.contains(KeyModifiers::ALT));
        if saving {
            return self.save_or_confirm();
        }
        // Any other key answers "no" to a pending confirmation, and only
        // that: a Left meant as "no" must not change the reason chosen.
        if self.confirm.take().is_some() {
            return FormEvent::Continue;
        }
        let before = self.values();
        match key.code {
            KeyCode::Enter
                if key.modifiers.contains(KeyModifiers::ALT)
                    && self.fields[self.focus].kind == FieldKind::Notes =>
            {
                self.fields[self.focus].input.insert_newline();
            }
            KeyCode::Enter if self.focus == last => return FormEvent::Save,
            // on a drug line Enter confirms it as it stands (issue 27)
            KeyCode::Enter | KeyCode::Tab | KeyCode::Down => {
                self.settle_drug_line();
                self.focus = next;
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.settle_drug_line();
                self.focus = prev;
            }
            // the follow-up's sections: the next one's first field, or back
            KeyCode::PageDown | KeyCode::PageUp if self.fields[self.focus].section.is_some() => {
                self.settle_drug_line();
                if let Some(i) = self.section_jump(key.code == KeyCode::PageDown) {
                    self.focus = i;
                }
            }
            // a digit on a follow-up's choice: the option of that number on
            // the paper (mode 1 clinic; salt 1 light …; "not asked" is none)
            KeyCode::Char(c)
                if !ctrl
                    && (matches!(self.kind, FormKind::Visit { .. }) || self.keys_in())
                    && halfwidth(c).is_ascii_digit()
                    && matches!(self.fields[self.focus].kind, FieldKind::Choice(_)) =>
            {
                let f = &mut self.fields[self.focus];
                if let FieldKind::Choice(opts) = &f.kind {
                    let d = halfwidth(c) as usize - '0' as usize;
                    let i = if opts.first().is_some_and(|o| o.0.is_empty()) {
                        d
                    } else {
                        d.wrapping_sub(1)
                    };
                    if i < opts.len() {
                        f.choice = i;
                    }
                }
            }
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')
                if matches!(self.fields[self.focus].kind, FieldKind::Choice(_)) =>
            {
                self.choice_query.1.clear();
                let f = &mut self.fields[self.focus];
                if let FieldKind::Choice(opts) = &f.kind {
                    let n = opts.len();
                    f.choice = if key.code == KeyCode::Left {
                        (f.choice + n - 1) % n
                    } else {
                        (f.choice + 1) % n
                    };
                }
            }
            // "165，95" from a Chinese input method: the comma (or a slash)
            // in a number ends it and moves on, as Tab does.
            KeyCode::Char(',' | '，' | '/' | '、')
                if matches!(self.fields[self.focus].kind, FieldKind::Number { .. }) =>
            {
                self.settle_drug_line();
                self.focus = next;
            }
            // typed on a choice: the first option the letters so far name
            // (part of it, or pinyin initials: "tcs" for 涂春生), as pickers do
            KeyCode::Char(c)
                if !ctrl && matches!(self.fields[self.focus].kind, FieldKind::Choice(_)) =>
            {
                if self.choice_query.0 != self.focus {
                    self.choice_query = (self.focus, String::new());
                }
                self.choice_query.1.push(c);
                let f = &mut self.fields[self.focus];
                if let FieldKind::Choice(opts) = &f.kind {
                    // an option that begins with the letters first (x: 熊建华
                    // before 淦小红), then one that holds them anywhere
                    let find = |q: &str| {
                        let begins = |label: &str| {
                            let ini = crate::search::initials(label);
                            label.starts_with(q)
                                || (q.chars().count() <= ini.len()
                                    && q.chars().zip(&ini).all(|(c, set)| set.contains(&c)))
                        };
                        opts.iter().position(|(_, l)| begins(l)).or_else(|| {
                            opts.iter().position(|(_, l)| {
                                crate::tui::picker::matches(l, &crate::search::initials(l), q)
                            })
                        })
                    };
                    // a letter that leads nowhere starts a new search
                    let hit = find(&self.choice_query.1).or_else(|| {
                        self.choice_query.1 = c.to_string();
                        find(&self.choice_query.1)
                    });
                    if let Some(i) = hit {
                        f.choice = i;
                    }
                }
            }
            KeyCode::Char(c) if !ctrl => {
                let f = &mut self.fields[self.focus];
                let c = if f.wants_ascii() { halfwidth(c) } else { c };
                // a value the form filled in is replaced by what is typed
                // (Tab into 确诊日期, type 2019-06-01: not 2019-06-012026-11-20)
                if std::mem::take(&mut f.fresh) {
                    f.clear();
                }
                f.input.insert_char(c);
            }
            // readline habits: Ctrl-U clears the field, Ctrl-K deletes to the end
            KeyCode::Char('u') if ctrl => {
                let f = &mut self.fields[self.focus];
                if !matches!(f.kind, FieldKind::Choice(_)) {
                    f.clear();
                }
            }
            KeyCode::Char('k') if ctrl => {
                let f = &mut self.fields[self.focus];
                if !matches!(f.kind, FieldKind::Choice(_)) {
                    f.fresh = false;
                    f.input.delete_line_by_end();
                }
            }
            _ => {
                let f = &mut self.fields[self.focus];
                if !matches!(f.kind, FieldKind::Choice(_)) {
                    // a moved cursor or a deletion edits the value where it is
                    f.fresh = false;
                    f.input.input(key);
                }
            }
        }
        // a refusal of the last save is about the values it saw: once they
        // change, it no longer stands (fields are checked again below)
        if self.values() != before {
            self.error = None;
        }
        self.refresh();
        FormEvent::Continue
    }

    /// F1 anywhere, and `?` in a field that cannot hold it (a number, a date,
    /// a phone or ID number, a choice): there it typed `?` and then said
    /// 请输入数字 (issue 25 item 16). In a name, an address or notes `?` is
    /// typed as written.
    pub(super) fn asks_help(&self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::F(1) => true,
            KeyCode::Char('?' | '？') if !ctrl => self
                .fields
                .get(self.focus)
                .is_some_and(|f| f.wants_ascii() || matches!(f.kind, FieldKind::Choice(_))),
            _ => false,
        }
    }

    /// A bracketed paste: the whole text goes into the focused field in one
    /// insertion and one check (issue 10, item 13). Notes keep their lines;
    /// other fields are one line, so line breaks become spaces. A choice
    /// takes no text.
    pub fn paste(&mut self, text: &str) {
        if self.opened.is_none() {
            self.opened = Some(self.values());
        }
        let f = &mut self.fields[self.focus];
        let text = match f.kind {
            FieldKind::Choice(_) => return,
            FieldKind::Notes => crate::tui::paste::paste_text(text, true),
            _ => crate::tui::paste::paste_text(text, false),
        };
        let text: String = if f.wants_ascii() {
            text.chars().map(halfwidth).collect()
        } else {
            text.to_string()
        };
        // a filled-in value is replaced, as by typing
        if std::mem::take(&mut f.fresh) {
            f.clear();
        }
        f.input.insert_str(text);
        self.error = None;
        self.refresh();
    }

    /// Every field's value: the text typed, or the code of the choice made.
    pub fn values(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .map(|f| {
                let v = match f.kind {
                    // a choice whose rows carry no code (places, people,
                    // teams: their ids are in the form's kind) by its row
                    FieldKind::Choice(_) if f.code().is_empty() => format!("#{}", f.choice),
                    FieldKind::Choice(_) => f.code().to_string(),
                    _ => f.input.lines().join("\n"),
                };
                (format!("{:?}", f.id), v)
            })
            .collect()
    }

    /// Whether something was typed or chosen since the form opened.
    pub fn typed(&self) -> bool {
        self.opened.as_ref().is_some_and(|o| *o != self.values())
    }

    /// Puts kept values back (a restored draft); a value a field cannot take
    /// (a choice no longer offered) leaves that field as it is.
    pub fn set_values(&mut self, values: &[(String, String)]) {
        self.opened = Some(self.values());
        for (k, v) in values {
            let Some(f) = self.fields.iter_mut().find(|f| format!("{:?}", f.id) == *k) else {
                continue;
            };
            match &f.kind {
                FieldKind::Choice(opts) => {
                    let row = v.strip_prefix('#').and_then(|i| i.parse::<usize>().ok());
                    if let Some(i) = row.filter(|&i| i < opts.len()) {
                        f.choice = i;
                    } else if let Some(i) = opts.iter().position(|o| o.0 == v) {
                        f.choice = i;
                    }
                }
                _ => {
                    f.input = TextArea::new(v.split('\n').map(str::to_string).collect());
                    f.input.move_cursor(ratatui_textarea::CursorMove::Bottom);
                    f.input.move_cursor(ratatui_textarea::CursorMove::End);
                    // what was typed before, kept: typing goes on after it
                    f.fresh = false;
                }
            }
        }
        self.refresh();
    }

    /// What a draft of this form keeps: which form, for what; `None` for a
    /// form that is not kept as a draft (printing, an import, undoing a
    /// removal: see `forms::draft`).
    pub fn draft_of(&self) -> Option<crate::db::DraftOf> {
        use crate::db::{DraftForm, DraftOf};
        Some(match &self.kind {
            FormKind::Visit { kind, subject, .. } => DraftOf {
                form: DraftForm::Visit,
                kind: Some(*kind),
                subject: Some(*subject),
                reopen: None,
            },
            FormKind::Outcome { kind, subject } => DraftOf {
                form: DraftForm::Outcome,
                kind: Some(*kind),
                subject: Some(*subject),
                reopen: None,
            },
            other => DraftOf {
                form: DraftForm::Form,
                kind: None,
                subject: other.about().first().copied(),
                reopen: Some(self.reopen_spec()?),
            },
        })
    }
}
