//! `gridcare demo`: the demo township, made on first use, opened in the interface.

use super::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// Seed of the generator: the same seed gives the same township
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Throw away the existing demo database and generate it again
    #[arg(long)]
    fresh: bool,
    /// Create the demo database and print where it is, without opening the interface
    #[arg(long)]
    no_tui: bool,
    /// A whole county instead: 20 townships, about 500,000 residents (takes a minute or two)
    #[arg(long)]
    county: bool,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args {
        seed,
        fresh,
        no_tui,
        county,
    } = args;
    let path = match env.db.clone() {
        Some(p) => p,
        None if county => data_dir(env.lang())?.join(format!("demo-county-{seed}.db")),
        None => data_dir(env.lang())?.join(format!("demo-{seed}.db")),
    };
    // Issue 24 item 1: the demo opens or replaces only its own file
    // (marked so in its meta); anything else named by --db or
    // GRIDCARE_DB is refused before it is touched.
    let existed = path.exists();
    if existed {
        let probe = Db::open_read_only(&path, crate::db::ReadOnlyWhy::Asked).map_err(|e| {
            anyhow::anyhow!("{}", not_a_demo(env.lang(), &path, Some(&e.to_string())))
        })?;
        env.lang_of(&probe);
        let demo = probe.is_demo()?;
        drop(probe);
        anyhow::ensure!(demo, "{}", not_a_demo(env.lang(), &path, None));
        if fresh {
            for ext in ["", "-wal", "-shm"] {
                let p = PathBuf::from(format!("{}{ext}", path.display()));
                if p.exists() {
                    std::fs::remove_file(&p).with_context(|| {
                        say(
                            env.lang(),
                            "无法删除 {}",
                            "cannot remove {}",
                            &[&p.display()],
                        )
                    })?;
                }
            }
        }
    }
    let mut db = Db::open(&path, OpenMode::CreateIfMissing)?;
    if !existed || fresh {
        // a new demo is Chinese unless --lang says otherwise
        db.mark_demo(seed)?;
    }
    if !db.holds_township()? {
        let cfg = if county {
            crate::demo::DemoConfig::county(seed)
        } else {
            crate::demo::DemoConfig {
                seed,
                ..Default::default()
            }
        };
        let what = match (env.lang(), county) {
            (Lang::Zh, true) => "县",
            (Lang::Zh, false) => "乡镇",
            (Lang::En, true) => "county",
            (Lang::En, false) => "township",
        };
        eprintln!(
            "gridcare: {}",
            say(
                env.lang(),
                "正在生成演示{}：{} …",
                "generating the demo {} in {} …",
                &[&what, &path.display()]
            )
        );
        let l = env.lang();
        crate::demo::generate_with_progress(&mut db, &cfg, &mut |done, of| {
            progress_bar(done, of, l)
        })?;
    }
    let today = env.as_of(&db);
    if no_tui {
        println!("{}", path.display());
    } else {
        let lang = env.lang_of(&db);
        super::interface::start(env, &mut db, today, lang)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A one-line progress bar on stderr, redrawn in place on a terminal.
fn progress_bar(done: usize, of: usize, lang: Lang) {
    use std::io::{IsTerminal, Write};
    if of < 2 {
        return;
    }
    let width = 30;
    let filled = width * done / of;
    let bar = format!(
        "[{}{}] {done}/{of} {}",
        "#".repeat(filled),
        ".".repeat(width - filled),
        crate::words::pick(lang, "个乡镇", "townships")
    );
    let mut e = std::io::stderr().lock();
    if e.is_terminal() {
        let _ = write!(e, "\r{bar}");
        if done == of {
            let _ = writeln!(e);
        }
    } else {
        let _ = writeln!(e, "{bar}");
    }
    let _ = e.flush();
}

/// Why `gridcare demo` leaves a file alone (issue 24 item 1).
fn not_a_demo(lang: Lang, path: &std::path::Path, why: Option<&str>) -> String {
    let why = why.map_or(String::new(), |w| say(lang, "（{}）", " ({})", &[&w]));
    say(
        lang,
        "{} 不是演示数据库{}；`gridcare demo` 只打开或替换它自己的文件：去掉 --db（和 GRIDCARE_DB）以用演示自己的文件，或给出一个新文件",
        "{} is not a demo database{}; `gridcare demo` only opens or replaces its own files: leave out --db (and GRIDCARE_DB) for the demo's own file, or name a new file",
        &[&path.display(), &why],
    )
}
