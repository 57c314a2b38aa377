//! `gridcare init`: an empty database.

use super::prelude::*;

pub fn run(env: &Env) -> anyhow::Result<ExitCode> {
    let path = env.db_path()?;
    anyhow::ensure!(
        !path.exists(),
        "{}",
        say(
            env.lang(),
            "{} 已存在；init 从不覆盖数据库",
            "{} exists already; init never overwrites a database",
            &[&path.display()]
        )
    );
    Db::open(&path, OpenMode::CreateIfMissing)?;
    tell(env.lang(), "已创建 {}", "created {}", &[&path.display()]);
    Ok(ExitCode::SUCCESS)
}
