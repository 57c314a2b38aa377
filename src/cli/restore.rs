//! `gridcare restore`: a backup's contents in place of the database's.

use super::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// The backup to restore (checked first)
    file: PathBuf,
    /// Restore even a backup with fewer residents than the database, or
    /// one that leaves a database that had operators without them
    #[arg(long)]
    force: bool,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args { file, force } = args;
    let path = env.db_path()?;
    let mut db = env.signed(Db::open(&path, OpenMode::MustExist)?)?;
    super::operator::coordinator_only(db.session(), "restore", env.lang())?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let r = db.restore_from(&file, &stamp, force)?;
    let l = env.lang();
    tell(
        l,
        "已恢复 {}，来自 {}（{} 名居民，{} 次随访）；恢复前的数据库保存在 {}",
        "restored {} from {} ({} residents, {} visits); the database as it was is kept at {}",
        &[
            &path.display(),
            &file.display(),
            &r.residents,
            &r.visits,
            &r.kept.display(),
        ],
    );
    // issue 24 item 3: what changes in who may sign in
    if !r.operators_removed.is_empty() {
        tell(
            l,
            "操作员：{} 不能再登录（备份中没有）",
            "operators: {} can no longer sign in (not in the backup)",
            &[&r.operators_removed.join(", ")],
        );
    }
    if !r.operators_added.is_empty() {
        tell(
            l,
            "操作员：{} 又可登录（来自备份，使用当时的 PIN）",
            "operators: {} can sign in again (from the backup, with the PIN they had then)",
            &[&r.operators_added.join(", ")],
        );
    }
    Ok(ExitCode::SUCCESS)
}
