//! `C` on screen 8: the county's spot check 真实性核查 (domain.md §8, issue
//! 28 item 6) of the scope on screen, drawn with a fresh seed (shown, so
//! `gridcare report --spot-check 30 --seed S` draws the same sample again),
//! written as XLSX (and PDF when a Chinese font is found) into the print
//! folder, and listed in a popup.

use super::app::{App, Popup, TextView};
use crate::db::{Db, Result, Scope};
use crate::domain::indicators::ReportScope;
use crate::print::PrintSettings;
use crate::report::spot;
use crate::words as strings;

impl App {
    pub(super) fn spot_check(&mut self, db: &Db, scope: ReportScope) -> Result<()> {
        let lang = self.opts.lang;
        let day = self.snap.day;
        let townships = db.township_names()?;
        let township = townships
            .iter()
            .find(|t| Scope::Township(t.0) == self.snap.scope)
            .or(townships.first())
            .map_or(String::new(), |t| t.1.clone());
        let seed = spot::fresh_seed();
        let check = spot::spot_check(
            &self.snap.town,
            &township,
            scope,
            day,
            spot::DEFAULT_SIZE,
            &seed,
            |r| db.last_followups(r, spot::VISITS, day),
        )?;
        let settings = PrintSettings::from_settings(&db.settings()?);
        let mut wrote = Vec::new();
        let mut failed = Vec::new();
        let name = format!("抽查-{seed}");
        let mut write = |ext: &str, bytes: Option<Vec<u8>>| {
            let path = settings.form_path(&format!("{name}.{ext}"));
            match bytes.map(|b| crate::files::write_private(&path, &b)) {
                Some(Ok(())) => wrote.push(path.display().to_string()),
                Some(Err(e)) => failed.push(format!("{}: {e}", path.display())),
                None => {}
            }
        };
        write("xlsx", check.xlsx().ok());
        // the PDF when a Chinese font is there; the workbook serves without one
        let pdf = crate::print::find_font(settings.font.as_deref())
            .ok()
            .and_then(|f| {
                crate::print::render(&[check.sheet()], crate::print::Format::Pdf, Some(&f)).ok()
            });
        write("pdf", pdf);
        let s = self.strings();
        let mut text = strings::fill(
            s.spot_drawn,
            &[&check.population, &check.picked.len(), &check.seed],
        );
        text.push('\n');
        text += &strings::fill(s.spot_again, &[&spot::DEFAULT_SIZE, &check.seed]);
        text.push('\n');
        for w in &wrote {
            text += &strings::fill(s.spot_wrote, &[w]);
            text.push('\n');
        }
        for f in &failed {
            text += &strings::fill(s.spot_failed, &[f]);
            text.push('\n');
        }
        text.push('\n');
        for (i, p) in check.picked.iter().enumerate() {
            let last = p
                .visits
                .first()
                .map_or(s.spot_no_followup.to_string(), |v| {
                    format!(
                        "{} {} {}",
                        v.date,
                        v.mode.map_or("", |m| strings::mode(lang, m)),
                        spot::reading(v)
                    )
                });
            text += &format!(
                "{:>2}. {} {} {} · {}\n",
                i + 1,
                crate::text::pad(&p.name, 8),
                crate::text::pad(&p.phone, 11),
                p.grid,
                last.trim_end()
            );
        }
        // the township in the interface's language (全乡合计 / Township)
        let scope_name = match scope {
            crate::domain::indicators::ReportScope::Township => s.r_total.to_string(),
            _ => check.scope_name.clone(),
        };
        let title = strings::fill(s.spot_title, &[&scope_name, &check.seed]);
        self.popup = Some(Popup::Text(TextView::new(
            title,
            text.trim_end().to_string(),
        )));
        Ok(())
    }
}
