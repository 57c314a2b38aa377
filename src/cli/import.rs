//! `gridcare import`: residents, households, conditions or visits from CSV or XLSX.

use super::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// What the file holds
    #[arg(value_enum)]
    kind: crate::import::Kind,
    /// The CSV (UTF-8 or GBK) or XLSX file
    file: PathBuf,
    /// Check the file and print the report; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Import the good rows and write the bad ones, with a reason column, to a file to fix and import again
    #[arg(long)]
    skip_bad: bool,
    /// Where --skip-bad writes the bad rows (default: FILE-rejected beside the file)
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Create villages and grids the file names that do not exist yet
    #[arg(long)]
    create_places: bool,
    /// Import without asking (else the preview is shown and, on a terminal, you are asked)
    #[arg(long, short = 'y')]
    yes: bool,
    /// A column the file names otherwise: COLUMN=FIELD (手机号码=联系电话), remembered for later imports
    #[arg(long, value_name = "COLUMN=FIELD")]
    map: Vec<String>,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args {
        kind,
        file,
        dry_run,
        skip_bad,
        output,
        create_places,
        yes,
        map,
    } = args;
    let path = env.db_path()?;
    let mut db = env.signed(Db::open(&path, OpenMode::MustExist)?)?;
    super::operator::coordinator_only(db.session(), "import", env.lang())?;
    let zh = env.lang() == Lang::Zh;
    let today = env.as_of(&db);
    let map = crate::import::parse_mappings(&map.join(","))
        .map_err(|bad| anyhow::anyhow!(crate::import::mapping_hint(&bad, zh)))?;
    let code = import_file(
        &mut db,
        &file,
        crate::import::Options {
            kind,
            dry_run,
            skip_bad,
            create_places,
            township: env.township.clone(),
            today,
            map,
        },
        output,
        zh,
        yes,
    )?;
    Ok(code)
}

/// `gridcare import`: reads, checks and imports a file, prints the report
/// and the summary; exit 1 when bad rows kept anything from being saved.
fn import_file(
    db: &mut Db,
    file: &std::path::Path,
    opts: crate::import::Options,
    output: Option<PathBuf>,
    zh: bool,
    yes: bool,
) -> anyhow::Result<ExitCode> {
    use crate::import;
    use std::io::IsTerminal;
    let table = import::read_table(file)?;
    // issue 28 item 2: the preview first, then the import on the word
    if !yes && !opts.dry_run {
        let preview = import::Options {
            dry_run: true,
            ..opts.clone()
        };
        let seen = import::import_file(db, file, &table, &preview, None, zh, &mut |_| {})?;
        match import::confirm(&seen, &preview, zh, std::io::stdin().is_terminal())? {
            Some(code) => return Ok(ExitCode::from(code)),
            None => println!(),
        }
    }
    let bar = if std::io::stderr().is_terminal() && table.rows.len() >= 500 {
        indicatif::ProgressBar::new(table.rows.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let done = import::import_file(db, file, &table, &opts, output.as_deref(), zh, &mut |n| {
        if n % 100 == 0 {
            bar.set_position(n as u64)
        }
    });
    bar.finish_and_clear();
    let done = done?;
    for l in done.lines(zh) {
        println!("{l}");
    }
    if let Some(Err(e)) = done.rejects {
        return Err(e.into());
    }
    Ok(if done.succeeded(opts.skip_bad) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
