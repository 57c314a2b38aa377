//! `gridcare` without a subcommand, and `gridcare demo`: the one place the
//! command line starts the terminal interface.

use super::prelude::*;
use crate::tui;

/// `gridcare`: the interface on the database.
pub fn run(env: &Env) -> anyhow::Result<ExitCode> {
    let path = env.db_path()?;
    let mut db = Db::open_for_reading(&path, env.read_only)?;
    let lang = env.lang_of(&db);
    warn_if_open_to_others(&path, lang);
    if let Some(name) = &env.ssh_operator {
        super::ssh::sign_in(&mut db, name, lang)?;
    }
    let today = env.as_of(&db);
    start(env, &mut db, today, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// The interface on `db`, on the session's township (--township, else the first).
pub fn start(env: &Env, db: &mut Db, today: NaiveDate, lang: Lang) -> anyhow::Result<()> {
    let scope = session_scope(db, env.township.as_deref())?;
    tui::run(
        db,
        tui::Options {
            today,
            lang,
            ascii: env.ascii,
            colour: tui::colour_wanted(),
            scope,
        },
    )?;
    Ok(())
}
