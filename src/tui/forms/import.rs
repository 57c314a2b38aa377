//! Importing a spreadsheet from the rosters (issue 11, item 5): what, the
//! file, skip bad rows, create unknown places. Saving the form reads the file
//! and runs the import as a dry run; the report is shown, and only a
//! confirmation runs it for real — the same `import::import_file` the
//! command line runs, in one transaction.

use super::command::{Command, Failed, Saved};
use super::{Field, FieldId, FieldKind, Form, FormKind, Unsaved, yes_no};
use crate::db::{Db, DbError};
use crate::domain::rules::Rules;
use crate::import::{self, FileImport, Kind, Options, Report, Table};
use crate::words::{self as strings, Lang};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

const KINDS: [(&str, Kind); 4] = [
    ("residents", Kind::Residents),
    ("households", Kind::Households),
    ("conditions", Kind::Conditions),
    ("visits", Kind::Visits),
];

/// A file read and checked by a dry run, waiting for the user's word.
pub struct ImportPlan {
    pub file: PathBuf,
    pub table: Table,
    /// The options of the dry run (`dry_run` is set until committed).
    pub opts: Options,
    pub report: Report,
    pub lang: Lang,
}

impl ImportPlan {
    fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// Whether confirming would import anything: the file's columns are
    /// right, and its rows are clean or the bad ones are to be skipped.
    pub fn committable(&self) -> bool {
        self.report.file_issues.is_empty() && (self.report.is_clean() || self.opts.skip_bad)
    }

    /// The popup's title: what, from which file.
    pub fn title(&self) -> String {
        let s = strings::strings(self.lang);
        let name = self
            .file
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        format!(
            "{} · {} · {name}",
            s.import_preview,
            self.opts.kind.noun(self.zh())
        )
    }

    /// The dry run's report and summary, then what the keys do now.
    pub fn text(&self) -> String {
        let s = strings::strings(self.lang);
        let zh = self.zh();
        let mut lines = import::report_lines(&self.report, zh);
        lines.push(import::summary(&self.report, zh));
        lines.push(String::new());
        if self.committable() {
            if self.report.rejected() > 0 {
                let to = import::rejects_path(&self.file);
                lines.push(strings::fill(
                    s.import_rejects_to,
                    &[&self.report.rejected(), &to.display()],
                ));
            }
            lines.push(s.import_confirm.to_string());
        } else {
            lines.push(s.import_refused.to_string());
        }
        lines.join("\n")
    }

    /// Runs the import for real, as the command line does: one transaction,
    /// and with skip-bad the bad rows written beside the file.
    pub fn commit(mut self, db: &mut Db) -> Result<(Self, FileImport), DbError> {
        self.opts.dry_run = false;
        let done = import::import_file(
            db,
            &self.file,
            &self.table,
            &self.opts,
            None,
            self.zh(),
            &mut |_| {},
        )?;
        Ok((self, done))
    }

    /// The status line after a commit: the summary and where the bad rows went.
    pub fn done_message(&self, done: &FileImport) -> String {
        let zh = self.zh();
        let mut m = import::summary(&done.report, zh);
        let gap = if zh { "" } else { " " };
        match &done.rejects {
            Some(Ok((n, to))) => m += &format!("{gap}{}", import::rejects_note(*n, to, zh)),
            Some(Err(e)) => m += &format!("{gap}{}", e.text(zh)),
            None => {}
        }
        m
    }
}

/// A path as typed: `~/` is the home directory, a relative path is taken
/// from the current directory.
fn resolve(typed: &str) -> PathBuf {
    let p = match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(typed),
    };
    std::path::absolute(&p).unwrap_or(p)
}

impl Form {
    /// The import form; `township` is the session's (else the first one).
    pub fn import(township: Option<i64>, lang: Lang, rules: &Rules, today: NaiveDate) -> Form {
        let s = strings::strings(lang);
        let zh = lang == Lang::Zh;
        let kinds = KINDS
            .iter()
            .map(|(code, k)| (*code, k.noun(zh).to_string()))
            .collect();
        let fields = vec![
            Field::choice(FieldId::ImportKind, s.f_import_kind, kinds, 0),
            Field::new(FieldId::File, s.f_file, FieldKind::Text, ""),
            Field::choice(FieldId::SkipBad, s.f_skip_bad, yes_no(s), 0),
            Field::choice(FieldId::CreatePlaces, s.f_create_places, yes_no(s), 0),
            Field::new(FieldId::ImportMap, s.f_import_map, FieldKind::Text, ""),
        ];
        Form::new(
            FormKind::Import { township },
            s.form_import.to_string(),
            fields,
            lang,
            rules,
            today,
        )
    }

    fn import_kind(&self) -> Kind {
        let code = self.field(FieldId::ImportKind).map_or("", |f| f.code());
        KINDS
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(Kind::Residents, |(_, k)| *k)
    }

    /// The file field's hint follows the kind chosen: 居民.csv, 随访.csv …
    pub(super) fn refresh_import_hint(&mut self) {
        if !matches!(self.kind, FormKind::Import { .. }) {
            return;
        }
        let s = strings::strings(self.lang);
        let hint = strings::fill(
            s.import_file_hint,
            &[&self.import_kind().noun(self.lang == Lang::Zh)],
        );
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == FieldId::File) {
            f.input.set_placeholder_text(hint.clone());
            f.placeholder = Some(hint);
        }
    }

    /// Reads the file and runs a dry run: the plan waits in `staged` for the
    /// app to show. A file that cannot be read, or whose columns are not the
    /// kind's, is the file field's error; nothing is written either way.
    pub(super) fn submit_import(&mut self, township: Option<i64>) -> Result<Command, Unsaved> {
        let s = strings::strings(self.lang);
        let zh = self.lang == Lang::Zh;
        let typed = self.required_text(FieldId::File)?;
        let file = resolve(&typed);
        let table = match import::read_table(&file) {
            Ok(t) => t,
            Err(e) => return self.fail(FieldId::File, &e.text(zh)),
        };
        let yes = |f: &Form, id| f.field(id).is_some_and(|x| x.code() == "1");
        let map = match import::parse_mappings(&self.text_of(FieldId::ImportMap)) {
            Ok(m) => m,
            Err(bad) => {
                return self.fail(FieldId::ImportMap, &import::mapping_hint(&bad, zh));
            }
        };
        let opts = Options {
            kind: self.import_kind(),
            dry_run: true,
            skip_bad: yes(self, FieldId::SkipBad),
            create_places: yes(self, FieldId::CreatePlaces),
            township: township.map(|t| t.to_string()),
            today: self.today,
            map,
        };
        let lang = self.lang;
        Ok(Command::new(move |db| {
            // another writer: the app waits and tries again, as for any save
            let report = import::import(db, &table, &opts, zh, &mut |_| {})?;
            if !report.file_issues.is_empty() {
                let why: Vec<String> = report.file_issues.iter().map(|i| i.text(zh)).collect();
                return Err(Failed::Field(
                    FieldId::File,
                    why.join(if zh { "；" } else { "; " }),
                ));
            }
            Ok(Saved {
                said: s.import_checked.to_string(),
                staged: Some(Box::new(ImportPlan {
                    file,
                    table,
                    opts,
                    report,
                    lang,
                })),
                ..Saved::default()
            })
        }))
    }
}
