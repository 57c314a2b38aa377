//! `gridcare export`: a register in the shape `import` reads.

use super::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    kind: crate::import::Kind,
    /// Only this village
    #[arg(long)]
    village: Option<String>,
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
    /// The file to write (readable by you only)
    #[arg(short = 'o', long, value_name = "FILE")]
    output: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Xlsx,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args {
        kind,
        village,
        format,
        output,
    } = args;
    let path = env.db_path()?;
    let mut db = env.signed(env.open_for_reading(&path)?)?;
    let zh = env.lang() == Lang::Zh;
    // issue 25 item 10: full ID numbers and readings are for a
    // coordinator or a village doctor (their own village)
    if matches!(
        kind,
        crate::import::Kind::Residents | crate::import::Kind::Visits
    ) && db
        .session()
        .is_some_and(|s| s.role == crate::domain::access::Role::Worker)
    {
        return Err(crate::db::DbError::Refused(
            crate::domain::refusal::Refusal::ExportNotForWorker,
        )
        .into());
    }
    let n = export_file(
        &mut db,
        kind,
        env.township.as_deref(),
        village.as_deref(),
        format,
        &output,
        env.lang(),
    )?;
    println!(
        "{}",
        if zh {
            format!("已导出 {n} 行{}到 {}", kind.noun(true), output.display())
        } else {
            format!("exported {n} {} to {}", kind.noun(false), output.display())
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// `gridcare export`: one register of the township (or a village of it).
fn export_file(
    db: &mut Db,
    kind: crate::import::Kind,
    township: Option<&str>,
    village: Option<&str>,
    format: ExportFormat,
    output: &std::path::Path,
    lang: Lang,
) -> anyhow::Result<usize> {
    use crate::import;
    let what = crate::words::pick(lang, "导出", "export");
    let (t, village_id) = township_and_village(db, township, village, what, lang)?;
    // issue 25 item 10: another village is refused, never an empty file
    if let (Some(v), Some(name)) = (village_id, village) {
        db.place_in_reach(Place::Village(v), name)?;
    }
    let village = village_id;
    let which = format!("{kind:?}").to_lowercase();
    let (headers, rows) = import::export(kind, db.export_rows(&which, t, village)?);
    let format = match format {
        ExportFormat::Csv => import::FileFormat::Csv,
        ExportFormat::Xlsx => import::FileFormat::Xlsx,
    };
    import::write_table(output, format, &headers, &rows)?;
    Ok(rows.len())
}
