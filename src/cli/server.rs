//! `gridcare server setup|check` (issue 31 item 2): what a Debian/Ubuntu
//! county server needs so that coordinators reach gridcare over SSH with a
//! key bound to their operator and nothing else — the service account, the
//! data folder, sshd's Match block, the daily backup's systemd timer — and
//! a check that reads the configuration back and names what is wrong.
//! Every file it writes starts with `MARK`; a file without it is never
//! replaced. `--root DIR` writes and reads under DIR (a scratch root).

use super::prelude::*;
use std::path::Path;

/// The first line of every file `server setup` writes.
pub const MARK: &str =
    "# Written by `gridcare server setup`; `gridcare server check` reads it back.";
pub const SSHD_CONF: &str = "/etc/ssh/sshd_config.d/gridcare.conf";
pub const SERVICE: &str = "/etc/systemd/system/gridcare-backup.service";
pub const TIMER: &str = "/etc/systemd/system/gridcare-backup.timer";

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Print what the server needs, as a shell script; --apply (as root) makes it
    Setup {
        #[command(flatten)]
        at: Where,
        /// Make it: create the account (not under --root), folders and files
        #[arg(long)]
        apply: bool,
    },
    /// Read the server's configuration back and name what is wrong (exit 1)
    Check {
        #[command(flatten)]
        at: Where,
    },
}

#[derive(clap::Args, Clone)]
pub struct Where {
    /// The service account coordinators reach with `ssh ACCOUNT@server`
    #[arg(long, default_value = "gridcare")]
    pub account: String,
    /// The data folder; the database is gridcare.db in it
    #[arg(long, default_value = "/srv/gridcare")]
    pub data: PathBuf,
    /// Write and read under this folder instead of / (to try it out)
    #[arg(long)]
    pub root: Option<PathBuf>,
}

impl Where {
    /// A live path under --root.
    pub fn at(&self, live: &Path) -> PathBuf {
        match &self.root {
            Some(r) => r.join(live.strip_prefix("/").unwrap_or(live)),
            None => live.to_path_buf(),
        }
    }
    pub fn db(&self) -> PathBuf {
        self.data.join("gridcare.db")
    }
}

/// One file setup writes: where (live), its mode, its text.
pub struct File {
    pub path: &'static str,
    pub mode: u32,
    pub text: String,
}

/// The files, for the gridcare program at `exe`.
pub fn files(w: &Where, exe: &str) -> Vec<File> {
    let (account, db) = (&w.account, w.db().display().to_string());
    vec![
        File {
            path: SSHD_CONF,
            mode: 0o644,
            text: format!(
                "{MARK}
# The service account signs in only with a key bound to an operator
# (gridcare operator key add); each key runs gridcare as its operator.
Match User {account}
    AuthorizedKeysFile none
    AuthorizedKeysCommand {exe} --db {db} ssh-keys %u
    AuthorizedKeysCommandUser {account}
    PasswordAuthentication no
    KbdInteractiveAuthentication no
    AllowTcpForwarding no
    AllowAgentForwarding no
    AllowStreamLocalForwarding no
    X11Forwarding no
    PermitTunnel no
    PermitTTY yes
    ExposeAuthInfo yes
"
            ),
        },
        File {
            path: SERVICE,
            mode: 0o644,
            text: format!(
                "{MARK}
[Unit]
Description=gridcare's daily backup of {db}

[Service]
Type=oneshot
User={account}
Group={account}
UMask=0077
# a database with operators: GRIDCARE_OPERATOR and GRIDCARE_PIN of a
# coordinator, in this file readable by root only
EnvironmentFile=-/etc/gridcare/backup.env
ExecStart={exe} --db {db} backup --daily
"
            ),
        },
        File {
            path: TIMER,
            mode: 0o644,
            text: format!(
                "{MARK}
[Unit]
Description=gridcare's daily backup, at 12:30 and at boot if missed

[Timer]
OnCalendar=*-*-* 12:30:00
Persistent=true

[Install]
WantedBy=timers.target
"
            ),
        },
    ]
}

/// The commands that make the account and start the timer.
fn commands(w: &Where) -> Vec<String> {
    let a = &w.account;
    vec![
        format!("getent group {a} >/dev/null || groupadd --system {a}"),
        // a shell, for sshd runs each key's command through it; no password
        format!(
            "getent passwd {a} >/dev/null || useradd --system --gid {a} --home-dir {} --shell /bin/sh --password '*' {a}",
            w.data.display()
        ),
        "systemctl daemon-reload".into(),
        "systemctl enable --now gridcare-backup.timer".into(),
        "sshd -t && systemctl reload ssh".into(),
    ]
}

pub fn run(env: &Env, cmd: Cmd) -> anyhow::Result<ExitCode> {
    let exe = std::env::current_exe()?.display().to_string();
    match cmd {
        Cmd::Setup { at, apply: false } => {
            out(&script(&at, &exe));
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Setup { at, apply: true } => apply(env, &at, &exe),
        Cmd::Check { at } => super::server_check::run(env, &at, &exe),
    }
}

/// What setup does, as a shell script to read (or pipe to `sh` as root).
fn script(w: &Where, exe: &str) -> String {
    let mut s = String::from(
        "#!/bin/sh\n# gridcare server setup: run as root on a Debian/Ubuntu server\nset -e\n",
    );
    for c in commands(w) {
        if c.starts_with("systemctl") || c.starts_with("sshd") {
            continue;
        }
        s.push_str(&c);
        s.push('\n');
    }
    let data = w.data.display();
    s.push_str(&format!(
        "install -d -m 0700 -o {a} -g {a} {data} {data}/backups\n",
        a = w.account
    ));
    s.push_str("install -d -m 0700 /etc/gridcare\n");
    for f in files(w, exe) {
        s.push_str(&format!(
            "[ ! -e {p} ] || grep -qF '{MARK}' {p} || {{ echo '{p} was not written by gridcare: not replaced' >&2; exit 1; }}\n\
             cat > {p} <<'GRIDCARE'\n{t}GRIDCARE\nchmod {m:o} {p}\n",
            p = f.path,
            t = f.text,
            m = f.mode
        ));
    }
    for c in commands(w) {
        if c.starts_with("systemctl") || c.starts_with("sshd") {
            s.push_str(&c);
            s.push('\n');
        }
    }
    s
}

/// `--apply`: every file is checked before any is written; a file that
/// exists without `MARK` stops it, naming the file.
fn apply(env: &Env, w: &Where, exe: &str) -> anyhow::Result<ExitCode> {
    let lang = env.lang();
    // SAFETY: geteuid has no preconditions.
    if w.root.is_none() && unsafe { libc::geteuid() } != 0 {
        anyhow::bail!(
            "{}",
            say(
                lang,
                "`server setup --apply` 须以 root 运行（sudo）；不加 --apply 只打印要做的事",
                "`server setup --apply` must run as root (sudo); without --apply it only prints what it would do",
                &[]
            )
        );
    }
    let files = files(w, exe);
    for f in &files {
        let p = w.at(Path::new(f.path));
        if p.exists() && !std::fs::read_to_string(&p).is_ok_and(|t| t.starts_with(MARK)) {
            anyhow::bail!(
                "{}",
                say(
                    lang,
                    "{} 不是 gridcare 写的，未覆盖，未做任何更改；请将其移开或并入后再运行",
                    "{} was not written by gridcare: not replaced, nothing changed; move it aside or merge it, then run this again",
                    &[&p.display()]
                )
            );
        }
    }
    if w.root.is_none() {
        for c in commands(w).iter().take(2) {
            sh(c)?;
        }
    }
    let owner = owner_ids(&w.account);
    for d in [w.data.clone(), w.data.join("backups")] {
        let d = w.at(&d);
        std::fs::create_dir_all(&d)?;
        chmod(&d, 0o700)?;
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&d, Some(uid), Some(gid))?;
        }
    }
    let etc = w.at(Path::new("/etc/gridcare"));
    std::fs::create_dir_all(&etc)?;
    chmod(&etc, 0o700)?;
    for f in &files {
        let p = w.at(Path::new(f.path));
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&p, &f.text)?;
        chmod(&p, f.mode)?;
        tell(lang, "已写入 {}", "wrote {}", &[&p.display()]);
    }
    if w.root.is_none() {
        for c in commands(w).iter().skip(2) {
            sh(c)?;
        }
    } else {
        tell(lang, "在 --root 下未运行：", "not run under --root:", &[]);
        for c in commands(w) {
            println!("  {c}");
        }
    }
    if owner.is_none() {
        tell(
            lang,
            "没有账户 {}：文件夹仍属 root",
            "no account {}: the folders stay root's",
            &[&w.account],
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn chmod(p: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))
}

fn sh(c: &str) -> anyhow::Result<()> {
    let ok = std::process::Command::new("sh").args(["-c", c]).status()?;
    anyhow::ensure!(ok.success(), "`{c}` failed ({ok})");
    Ok(())
}

/// The uid and gid of `account`, if it exists.
pub fn owner_ids(account: &str) -> Option<(u32, u32)> {
    let name = std::ffi::CString::new(account).ok()?;
    // SAFETY: getpwnam returns static storage or null; read at once.
    unsafe {
        let pw = libc::getpwnam(name.as_ptr());
        (!pw.is_null()).then(|| ((*pw).pw_uid, (*pw).pw_gid))
    }
}
