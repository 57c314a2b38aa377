//! `gridcare undo-removal`: the latest removal of a resident or household undone.

use super::prelude::*;

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("whose").required(true)))]
pub struct Args {
    /// The resident (their number, as `gridcare audit` and `queue --format json` show it)
    #[arg(long, group = "whose")]
    resident: Option<i64>,
    /// A household's own task (its number)
    #[arg(long, group = "whose")]
    household: Option<i64>,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args {
        resident,
        household,
    } = args;
    use crate::domain::model::Subject;
    let path = env.db_path()?;
    let mut db = env.signed(Db::open(&path, OpenMode::MustExist)?)?;
    let subject = match (resident, household) {
        (Some(r), _) => Subject::Resident(r),
        (None, Some(h)) => Subject::Household(h),
        (None, None) => anyhow::bail!(
            "{}",
            say(
                env.lang(),
                "请给出 --resident 编号 或 --household 编号",
                "give --resident ID or --household ID",
                &[]
            )
        ),
    };
    let rm = db.undo_removal(subject, env.as_of(&db))?;
    tell(
        env.lang(),
        "已撤销 {} 的移除（{}）：恢复管理，任务随之恢复；`gridcare audit` 两者都有记录",
        "undid the removal of {} ({}): back under management, with their tasks; `gridcare audit` shows both",
        &[&rm.date, &rm.reason],
    );
    Ok(ExitCode::SUCCESS)
}
