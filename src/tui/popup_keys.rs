//! Keys and pastes that reach a popup before the screen: help, text,
//! forms, pickers, the township choice and search.

use super::app::*;
use super::forms::FormEvent;
use super::picker::{PickValue, PickWhat};
use crate::db::{Db, Scope};
use crate::search;
use crate::snapshot::Snapshot;
use crate::words as strings;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

impl App {
    pub(super) fn handle_popup(&mut self, popup: Popup, key: KeyEvent, db: &mut Db) {
        match popup {
            Popup::Draft(d) => self.draft_key(d, key, db),
            Popup::Text(mut tv) if tv.confirm.is_some() => {
                let ctrl = key
                    .modifiers
                    .contains(ratatui::crossterm::event::KeyModifiers::CONTROL);
                match (key.code, tv.confirm.take()) {
                    (KeyCode::Enter, Some(c)) => self.confirm(c, db),
                    (KeyCode::Char('s'), Some(c)) if ctrl => self.confirm(c, db),
                    (KeyCode::Esc, Some(Confirm::Import(_))) => {
                        self.message = self.strings().import_cancelled.to_string()
                    }
                    (KeyCode::Esc, _) => self.message = self.strings().cancelled.to_string(),
                    (code, c) => {
                        tv.confirm = c;
                        scroll(&mut tv.scroll, code, self.page);
                        self.popup = Some(Popup::Text(tv));
                    }
                }
            }
            Popup::Text(mut tv) => {
                if scroll(&mut tv.scroll, key.code, self.page) {
                    self.popup = Some(Popup::Text(tv));
                }
            }
            Popup::Help(mut hv) => {
                if scroll(&mut hv, key.code, self.page) {
                    self.popup = Some(Popup::Help(hv));
                } else {
                    // closing the help shows what it was opened over
                    self.popup = self.beneath.pop();
                }
            }
            Popup::Form(mut form) => match form.handle_key(key) {
                FormEvent::Continue => self.popup = Some(Popup::Form(form)),
                FormEvent::Help => {
                    self.beneath.push(Popup::Form(form));
                    self.popup = Some(Popup::Help(HelpView::default()));
                }
                FormEvent::Cancel => self.message = self.strings().cancelled.to_string(),
                FormEvent::Save => self.save(form, db, false),
            },
            Popup::Pick(mut pv) => match key.code {
                KeyCode::Esc => {}
                KeyCode::Down | KeyCode::Up => {
                    pv.selected = arrow(pv.selected, pv.shown.len(), key.code);
                    self.popup = Some(Popup::Pick(pv));
                }
                KeyCode::Enter => match (pv.what, pv.chosen()) {
                    (PickWhat::Household { resident }, Some(PickValue::Household(to))) => {
                        self.move_form(resident, to);
                    }
                    (PickWhat::Household { .. }, _) => self.popup = Some(Popup::Pick(pv)),
                    (PickWhat::ReportScope, Some(PickValue::Report(scope))) => {
                        self.views.reports.set_scope(scope, &self.snap);
                    }
                    (PickWhat::ReportScope, _) => self.popup = Some(Popup::Pick(pv)),
                    _ => {
                        pv.apply(&mut self.views.queue.filter);
                        self.views.queue.selected = 0;
                        if self.views.queue.on_plan()
                            && let Err(e) = self.load_plans(db)
                        {
                            self.message = strings::db_error(self.opts.lang, &e);
                        }
                        self.refilter();
                    }
                },
                _ => {
                    pv.input.input(key);
                    pv.refilter();
                    self.popup = Some(Popup::Pick(pv));
                }
            },
            Popup::Scope(mut sv) => match key.code {
                KeyCode::Down | KeyCode::Up | KeyCode::Char('j' | 'k') => {
                    let code = match key.code {
                        KeyCode::Char('j') => KeyCode::Down,
                        KeyCode::Char('k') => KeyCode::Up,
                        c => c,
                    };
                    sv.selected = arrow(sv.selected, sv.townships.len(), code);
                    self.popup = Some(Popup::Scope(sv));
                }
                KeyCode::Enter => {
                    if let Some((id, name, _)) = sv.townships.get(sv.selected) {
                        let scope = Scope::Township(*id);
                        match Snapshot::load(db, scope, self.opts.today) {
                            Ok(snap) => {
                                self.snap = snap;
                                self.scope_label = Some(name.clone());
                                // another township: nothing open stays open
                                self.forget_views();
                                self.message = format!("{} {name}", self.strings().switched);
                                if let Err(e) = self.derive(db) {
                                    self.message = e.to_string();
                                }
                            }
                            Err(e) => self.message = e.to_string(),
                        }
                    }
                }
                _ => {} // Esc and any other key close it
            },
            Popup::Search(mut sv) => match key.code {
                KeyCode::Esc => {}
                KeyCode::Down | KeyCode::Up => {
                    sv.selected = arrow(sv.selected, sv.hits.len(), key.code);
                    self.popup = Some(Popup::Search(sv));
                }
                KeyCode::Enter => match sv.hits.get(sv.selected) {
                    Some(hit) => {
                        let id = hit.resident_id;
                        match self.open_resident(db, id) {
                            Ok(()) => self.go(Screen::Resident),
                            Err(e) => self.message = e.to_string(),
                        }
                    }
                    None => self.popup = Some(Popup::Search(sv)),
                },
                _ => {
                    sv.input.input(key);
                    let q = sv.input.lines().join("");
                    sv.hits = search::search(&self.snap.town, &q, 200);
                    sv.selected = 0;
                    self.popup = Some(Popup::Search(sv));
                }
            },
        }
    }

    /// A bracketed paste (issue 10, item 13): one insertion into the open
    /// form's focused field or the search box, one check or search after it.
    /// Elsewhere a paste means nothing and is dropped.
    pub fn handle_paste(&mut self, text: &str) {
        if self.gate.is_some() {
            return; // a PIN is typed, never pasted into a screen behind the lock
        }
        match &mut self.popup {
            Some(Popup::Form(form)) => form.paste(text),
            Some(Popup::Search(sv)) => {
                sv.input.insert_str(super::paste::paste_text(text, false));
                let q = sv.input.lines().join("");
                sv.hits = search::search(&self.snap.town, &q, 200);
                sv.selected = 0;
            }
            Some(Popup::Pick(pv)) => {
                pv.input.insert_str(super::paste::paste_text(text, false));
                pv.refilter();
            }
            _ => {}
        }
    }
}

/// Scrolls a help-like popup by a key; false when the key closes it instead.
pub(super) fn scroll(hv: &mut HelpView, code: KeyCode, page: usize) -> bool {
    let max = hv.max_scroll.get();
    let page = page.max(1);
    hv.scroll = match code {
        KeyCode::Down | KeyCode::Char('j') => (hv.scroll + 1).min(max),
        KeyCode::Up | KeyCode::Char('k') => hv.scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => (hv.scroll + page).min(max),
        KeyCode::PageUp => hv.scroll.saturating_sub(page),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => max,
        _ => return false, // any other key closes it
    };
    true
}

/// A popup list's selection after an arrow key, within `len` rows.
pub(super) fn arrow(selected: usize, len: usize, code: KeyCode) -> usize {
    match code {
        KeyCode::Down => (selected + 1).min(len.saturating_sub(1)),
        KeyCode::Up => selected.saturating_sub(1),
        _ => selected,
    }
}
