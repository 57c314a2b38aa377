//! The print form: whose sheets, format, period and file, or the
//! terminal's own printer (issue 16 item 4).

use super::*;

impl Form {
    /// Print sheets of `who` (a queue's worker, village or township; later a
    /// roster's worker or a volunteer group): format, period and file.
    #[allow(clippy::too_many_arguments)]
    pub fn print(
        who: Who,
        session: crate::db::Scope,
        filter: Filter,
        name: &str,
        scope: &str,
        settings: PrintSettings,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        let s = strings::strings(lang);
        let (week, month) = (
            Period::containing(Cadence::Week, today),
            Period::containing(Cadence::Month, today),
        );
        let fields = vec![
            Field::choice(
                FieldId::Format,
                s.f_format,
                vec![
                    ("pdf", s.fmt_pdf.to_string()),
                    ("txt", s.fmt_txt.to_string()),
                    // the printer at the coordinator's own PC, through the terminal
                    ("terminal", terminal_label(s).to_string()),
                ],
                0,
            ),
            Field::choice(
                FieldId::Period,
                s.f_period,
                vec![
                    ("week", format!("{} {}", s.this_week, week.label())),
                    ("month", format!("{} {}", s.this_month, month.label())),
                ],
                0,
            ),
            Field::new(FieldId::File, s.f_file, FieldKind::Text, ""),
        ];
        Form::new(
            FormKind::Print {
                who,
                filter,
                name: name.to_string(),
                settings,
                scope: session,
            },
            format!("{} · {scope}", s.form_print),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// Print a patient's national follow-up forms (issue 27 item 2): format,
    /// year (this one), file — what `gridcare print --form` prints.
    #[allow(clippy::too_many_arguments)]
    pub fn print_record(
        resident: i64,
        name: &str,
        id_number: &str,
        settings: PrintSettings,
        lang: Lang,
        rules: &Rules,
        today: NaiveDate,
    ) -> Form {
        use chrono::Datelike;
        let s = strings::strings(lang);
        let fields = vec![
            Field::choice(
                FieldId::Format,
                s.f_format,
                vec![
                    ("pdf", s.fmt_pdf_form.to_string()),
                    ("txt", s.fmt_txt.to_string()),
                ],
                0,
            ),
            Field::new(
                FieldId::Year,
                s.f_year,
                FieldKind::Number {
                    lo: 2000.0,
                    hi: 2100.0,
                    decimal: false,
                },
                &today.year().to_string(),
            ),
            Field::new(FieldId::File, s.f_file, FieldKind::Text, ""),
        ];
        Form::new(
            FormKind::PrintRecord {
                resident,
                name: name.to_string(),
                id_number: id_number.to_string(),
                settings,
            },
            format!("{} · {name}", s.form_print_record),
            fields,
            lang,
            rules,
            today,
        )
    }

    /// The national forms' file as `print --form` names it, for a format and year.
    fn record_path(&self, format: print::Format, year: &str) -> Option<String> {
        let FormKind::PrintRecord { name, settings, .. } = &self.kind else {
            return None;
        };
        let file = format!("{name}-随访记录表-{year}.{}", format.ext());
        Some(settings.form_path(&file).display().to_string())
    }

    fn record_format(&self) -> print::Format {
        match self.field(FieldId::Format).map_or("", |f| f.code()) {
            "txt" => print::Format::Txt,
            _ => print::Format::Pdf,
        }
    }

    /// Keeps the national forms' file name in step with format and year
    /// while it holds a proposal.
    pub(super) fn refresh_record_path(&mut self) {
        let Some(year) = self.field(FieldId::Year).map(Field::text) else {
            return;
        };
        let now = self.record_path(self.record_format(), &year);
        let proposals: Vec<String> = [print::Format::Pdf, print::Format::Txt]
            .iter()
            .filter_map(|f| self.record_path(*f, &year))
            .collect();
        let filled = self.path_filled;
        if let (Some(now), Some(f)) = (now, self.fields.iter_mut().find(|f| f.id == FieldId::File))
        {
            let t = f.text();
            // a year being typed leaves no trail of proposals: a name that
            // ends like one (…-随访记录表-202.pdf) is one too
            let proposed = proposals.contains(&t) || t.contains("-随访记录表-");
            if (proposed || !filled) && t != now {
                f.fill(&now);
            }
            self.path_filled = true;
        }
    }

    /// The national forms printed to the file, as `print --form` does.
    pub(super) fn submit_print_record(&mut self) -> Result<Command, Unsaved> {
        let s = strings::strings(self.lang);
        let FormKind::PrintRecord {
            resident,
            name,
            id_number,
            ..
        } = self.kind.clone()
        else {
            return Err(Unsaved);
        };
        let Some(year) = self.number(FieldId::Year) else {
            return self.fail(FieldId::Year, s.needed);
        };
        let file = self.required_text(FieldId::File)?;
        let job = crate::print::form_job::FormJob {
            resident,
            name,
            id_number,
            year: year as i32,
            format: self.record_format(),
            output: Some(file.into()),
            font: None,
        };
        let lang = self.lang;
        Ok(Command::new(
            move |db| match crate::print::form_job::print_forms(db, &job, lang) {
                Ok((_, line)) => Ok(line.into()),
                Err(e) => Err(Failed::Said(print_error(lang, &e))),
            },
        ))
    }

    /// The print form's choices: format and period.
    pub(super) fn print_choice(&self) -> (print::Format, Period) {
        let format = match self.field(FieldId::Format).map_or("", |f| f.code()) {
            "txt" | "terminal" => print::Format::Txt,
            _ => print::Format::Pdf,
        };
        let cadence = match self.field(FieldId::Period).map_or("", |f| f.code()) {
            "month" => Cadence::Month,
            _ => Cadence::Week,
        };
        (format, Period::containing(cadence, self.today))
    }

    /// Whether the print form sends the sheets to the terminal's printer (no file).
    pub(super) fn to_terminal_printer(&self) -> bool {
        matches!(self.kind, FormKind::Print { .. })
            && self
                .field(FieldId::Format)
                .is_some_and(|f| f.code() == "terminal")
    }

    /// Keeps the file name in step with format and period until the user types their own.
    pub(super) fn refresh_print_path(&mut self) {
        let FormKind::Print { name, settings, .. } = &self.kind else {
            return;
        };
        let path = |f, c| {
            let p = Period::containing(c, self.today);
            settings
                .form_path(&print::default_name(name, p, f))
                .display()
                .to_string()
        };
        let defaults: Vec<String> = [print::Format::Pdf, print::Format::Txt]
            .iter()
            .flat_map(|f| [Cadence::Week, Cadence::Month].map(|c| path(*f, c)))
            .collect();
        let (format, period) = self.print_choice();
        let now = path(format, period.cadence);
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == FieldId::File) {
            // filled when the form opens, then only while it holds a default:
            // an emptied field stays empty for the user's own name
            let t = f.text();
            if (defaults.contains(&t) || !self.path_filled) && t != now {
                f.fill(&now);
            }
            self.path_filled = true;
        }
    }
}

/// The terminal printer's name, as the print form and the status line say
/// it: 本机打印机 (经 SSH 终端) over SSH, else 本机打印机 (经终端).
pub(super) fn terminal_label(s: &strings::Strings) -> &'static str {
    if print::terminal::over_ssh() {
        s.fmt_terminal_ssh
    } else {
        s.fmt_terminal
    }
}

/// A print that failed, in the form's language: a printing error from
/// the catalogue (naming the File field, not -o), a refusal as every
/// form shows it.
pub(super) fn print_error(lang: Lang, e: &anyhow::Error) -> String {
    if let Some(p) = e.downcast_ref::<print::PrintError>() {
        return p.text(lang, false);
    }
    match e.downcast_ref::<crate::db::DbError>() {
        Some(d) => strings::db_error(lang, d),
        None => format!("{e:#}"),
    }
}
