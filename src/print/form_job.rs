//! A patient's national (issue 27 item 6; `gridcare print --form` and `p` on the resident screen)
//! follow-up forms for a year, 高血压患者随访服务记录表 and
//! 2型糖尿病患者随访服务记录表, filled from the record (print::form lays
//! them out), written as PDF or text.

use crate::db::Db;
use crate::domain::model::Condition;
use crate::print::{self, Format, PrintSettings};
use crate::words::{self as strings, Lang};
use chrono::NaiveDate;
use std::path::PathBuf;

/// What to print: whose forms, which year, where.
#[derive(Debug, Clone, PartialEq)]
pub struct FormJob {
    pub resident: i64,
    pub name: String,
    /// The ID number as registered; printed masked (§10).
    pub id_number: String,
    pub year: i32,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub font: Option<PathBuf>,
}

/// Prints the forms of the conditions the patient was managed for in the
/// year; a resident managed for neither is told so and nothing is written.
/// Returns the file written and the line to show.
pub fn print_forms(db: &Db, job: &FormJob, lang: Lang) -> anyhow::Result<(PathBuf, String)> {
    let (from, to) = (
        NaiveDate::from_ymd_opt(job.year, 1, 1).ok_or_else(|| bad_year(job.year, lang))?,
        NaiveDate::from_ymd_opt(job.year, 12, 31).ok_or_else(|| bad_year(job.year, lang))?,
    );
    let conditions: Vec<Condition> = db
        .conditions_of(job.resident)?
        .iter()
        .filter(|c| matches!(c.condition, Condition::Hypertension | Condition::Diabetes))
        .filter(|c| c.managed_from <= to && c.managed_until.is_none_or(|u| u >= from))
        .map(|c| c.condition)
        .collect();
    if conditions.is_empty() {
        anyhow::bail!(strings::fill(
            strings::pick(
                lang,
                "{} 在 {} 年没有高血压或糖尿病管理，没有随访记录表可打印",
                "{} was not managed for hypertension or diabetes in {}: there is no follow-up form to print",
            ),
            &[&job.name, &job.year],
        ));
    }
    let visits = db.form_visits(job.resident, from, to)?;
    let patient = print::Patient {
        name: job.name.clone(),
        id_shown: crate::domain::idnum::mask(&job.id_number),
        year: job.year,
        height_cm: visits.iter().rev().find_map(|v| v.vitals.height_cm),
    };
    let sheets = print::national_forms(&patient, &conditions, &visits);
    let settings = PrintSettings::from_settings(&db.settings()?);
    let name = format!("{}-随访记录表-{}.{}", job.name, job.year, job.format.ext());
    let path = match &job.output {
        Some(p) if p.is_dir() => p.join(&name),
        Some(p) => p.clone(),
        None => settings.default_path(&name),
    };
    let font = match job.format {
        Format::Pdf => Some(print::find_font(
            job.font.as_deref().or(settings.font.as_deref()),
        )?),
        Format::Txt => None,
    };
    let bytes = print::render(&sheets, job.format, font.as_ref())?;
    print::write_file(&path, &bytes)?;
    let forms = conditions
        .iter()
        .map(|c| match c {
            Condition::Diabetes => strings::pick(lang, "糖尿病", "diabetes"),
            _ => strings::pick(lang, "高血压", "hypertension"),
        })
        .collect::<Vec<_>>()
        .join(strings::pick(lang, "、", ", "));
    let line = strings::fill(
        strings::pick(
            lang,
            "已打印 {} {} 年的随访记录表（{}，{} 次随访）到 {}（{} KB）",
            "printed {}'s follow-up forms for {} ({}, {} visit(s)) to {} ({} KB)",
        ),
        &[
            &job.name,
            &job.year,
            &forms,
            &visits.len(),
            &path.display(),
            &bytes.len().div_ceil(1024),
        ],
    );
    Ok((path, line))
}

fn bad_year(year: i32, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(strings::fill(
        strings::pick(
            lang,
            "{} 不是年份，请写成 2026",
            "{} is not a year; write it as 2026"
        ),
        &[&year],
    ))
}
