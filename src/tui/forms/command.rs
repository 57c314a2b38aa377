//! What a saved form asks of the database (issue 26 item 3). `Form::submit`
//! checks the fields and returns a [`Command`]: the one `Db` write the
//! command line issues too (or a print, or an import's dry run), not yet
//! done. The form holds no `Db`; the app carries the command out
//! (`App::save`) and hands the outcome back (`Form::done`, `Form::failed`).

use super::*;
use crate::db::DbError;

type Write = Box<dyn FnOnce(&mut Db) -> Result<Saved, Failed>>;

pub struct Command(Write);

impl Command {
    pub(super) fn new(write: impl FnOnce(&mut Db) -> Result<Saved, Failed> + 'static) -> Self {
        Command(Box::new(write))
    }

    /// Does the write, in its one transaction.
    pub fn carry_out(self, db: &mut Db) -> Result<Saved, Failed> {
        (self.0)(db)
    }
}

/// What a carried-out command made and says.
#[derive(Default)]
pub struct Saved {
    /// The status line's words.
    pub said: String,
    /// What a registration made, for the app to open.
    pub created: Option<Subject>,
    /// Sheets for the terminal's printer.
    pub to_terminal: Option<Vec<u8>>,
    /// An import checked by a dry run.
    pub staged: Option<Box<ImportPlan>>,
    /// A key-in's walk, to go on with at its next row (issue 29).
    pub walk: Option<crate::print::keyin_walk::Walk>,
}

impl From<String> for Saved {
    fn from(said: String) -> Saved {
        Saved {
            said,
            ..Saved::default()
        }
    }
}

/// Why a command did not save: the database's refusal, a line for the form,
/// or a field's complaint.
pub enum Failed {
    Db(DbError),
    Said(String),
    Field(FieldId, String),
}

impl From<DbError> for Failed {
    fn from(e: DbError) -> Self {
        Failed::Db(e)
    }
}

/// "已保存：name", the words of most saves.
pub(super) fn saved_as(s: &Strings, what: &str) -> String {
    format!("{}{}{what}", s.saved, s.colon)
}

impl Form {
    /// Takes what the carried-out command made; returns the status line.
    pub fn done(&mut self, saved: Saved) -> String {
        self.created = saved.created;
        self.to_terminal = saved.to_terminal;
        self.staged = saved.staged;
        self.walk = saved.walk;
        saved.said
    }

    /// Shows why the command did not save; the form keeps its values.
    pub fn failed(&mut self, failed: Failed) {
        match failed {
            Failed::Db(e) => {
                self.busy = matches!(e, DbError::Busy);
                self.changed = matches!(e, DbError::Changed);
                self.error = Some(strings::db_error(self.lang, &e));
            }
            Failed::Said(text) => self.error = Some(text),
            Failed::Field(id, msg) => {
                let _: Result<(), super::Unsaved> = self.fail(id, &msg);
            }
        }
    }
}
