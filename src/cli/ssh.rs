//! The county server's door (issue 31 item 1): `gridcare ssh-keys USER`,
//! sshd's AuthorizedKeysCommand, gives each key bound to an operator who can
//! sign in, tied to the one command it may run — gridcare, signed in as that
//! operator (`--ssh-operator`). Whatever command the client asks for
//! (`ssh server bash`) is replaced by it; `restrict` refuses forwarding.
//!
//! `--ssh-operator` is honoured only in a process sshd started for a key
//! (SSH_CONNECTION set; with ExposeAuthInfo, the key it accepted must be one
//! of the operator's), when the database's auth.ssh is not off, for an
//! operator who has a key bound, has not ended and is not locked out. These
//! keep it from being used by mistake; they are no wall against a local
//! user who can run gridcare on the database, for whoever can open the file
//! can read it with sqlite3 all the same: the wall is the file's owner and
//! mode (the service account's, 0600 in a 0700 folder, `gridcare server
//! setup`), and the service account has no password and no shell but this.

use super::prelude::*;
use crate::domain::refusal::Refusal;
use crate::domain::sshkey::{Closed, SshMode, authorized_line};

#[derive(clap::Args)]
pub struct Args {
    /// The user sshd asks about (%u in sshd_config)
    user: String,
    /// The service account whose keys these are (default: the user running
    /// this command, which sshd_config's AuthorizedKeysCommandUser names)
    #[arg(long)]
    account: Option<String>,
}

/// `gridcare ssh-keys USER`: one `authorized_keys` line per key for the
/// service account, nothing for any other user. A name or path the line
/// cannot carry safely is left out, with a line on stderr (sshd's log).
pub fn run(env: &Env, a: Args) -> anyhow::Result<ExitCode> {
    let account = a.account.or_else(unix_user).unwrap_or_default();
    if account.is_empty() || a.user != account {
        return Ok(ExitCode::SUCCESS);
    }
    let path = env.db_path()?;
    let path = std::fs::canonicalize(&path).unwrap_or(path);
    let db = Db::open_for_reading(&path, true)?;
    env.lang_of(&db);
    let exe = std::env::current_exe()?;
    let (exe, file) = (exe.display().to_string(), path.display().to_string());
    let mut lines = String::new();
    for (name, key) in db.door_keys()? {
        match authorized_line(&exe, &file, &name, &key) {
            Ok(l) => lines.push_str(&(l + "\n")),
            Err(bad) => eprintln!(
                "gridcare: {}",
                say(
                    env.lang(),
                    "{} 的公钥未给出：“{}”含引号、反斜杠或控制字符",
                    "{}'s key left out: {:?} holds a quote, backslash or control character",
                    &[&name, &bad.0]
                )
            ),
        }
    }
    out(&lines);
    Ok(ExitCode::SUCCESS)
}

/// `--ssh-operator NAME`: signs `db` in as the operator the SSH key is
/// bound to, asking the PIN as well when auth.ssh is key+pin.
pub fn sign_in(db: &mut Db, name: &str, lang: Lang) -> anyhow::Result<()> {
    if std::env::var("SSH_CONNECTION")
        .unwrap_or_default()
        .trim()
        .is_empty()
    {
        return Err(DbError::Refused(Refusal::NoKeySignIn(Closed::NotSsh)).into());
    }
    // sshd's ExposeAuthInfo: the file names the key it accepted
    let used = std::env::var_os("SSH_USER_AUTH")
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("publickey ").map(str::to_string))
        });
    let session = db.key_session(name, used.as_deref())?;
    let day = crate::db::real_date();
    if db.ssh_mode()? == SshMode::KeyAndPin {
        let prompt =
            crate::words::fill(pick(lang, "{} 的 PIN：", "PIN for {}: "), &[&session.name]);
        let pin = super::operator::read_pin(&prompt, lang)?;
        db.sign_in(&session.name, &pin, day)?;
    } else {
        db.bind_session(&session, day)?;
    }
    Ok(())
}

/// `--ssh-operator` opens the interface, nothing else.
pub fn only_the_interface(env: &Env, subcommand: bool) -> anyhow::Result<()> {
    if env.ssh_operator.is_some() && subcommand {
        anyhow::bail!(
            "{}",
            say(
                env.lang(),
                "--ssh-operator 只打开界面，不与命令同用",
                "--ssh-operator opens the interface only; it takes no command",
                &[]
            )
        );
    }
    Ok(())
}

/// The name of the Unix user running this process.
fn unix_user() -> Option<String> {
    // SAFETY: getpwuid returns a pointer into static storage or null; the
    // name is copied out at once, in this one thread.
    unsafe {
        let pw = libc::getpwuid(libc::geteuid());
        if pw.is_null() || (*pw).pw_name.is_null() {
            return None;
        }
        Some(
            std::ffi::CStr::from_ptr((*pw).pw_name)
                .to_string_lossy()
                .into_owned(),
        )
    }
}
