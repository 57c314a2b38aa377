//! `gridcare server check` (issue 31 item 2): reads the county server's
//! configuration back — the account, the data folder's owner and modes,
//! sshd's effective settings for the account (`sshd -T`), the key command's
//! ownership, the backup timer — and names each thing that is wrong, one
//! line each; exit 1 if any.

use super::prelude::*;
use super::server::{MARK, SERVICE, SSHD_CONF, TIMER, Where, owner_ids};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

pub fn run(env: &Env, w: &Where, _exe: &str) -> anyhow::Result<ExitCode> {
    let lang = env.lang();
    let zh = lang == Lang::Zh;
    let mut wrong: Vec<String> = Vec::new();
    let mut no = |zh_text: String, en_text: String| wrong.push(if zh { zh_text } else { en_text });
    let a = &w.account;
    let owner = owner_ids(a);
    match (owner, login_shell(a)) {
        (None, _) => no(
            format!("没有账户 {a}：运行 `gridcare server setup --apply`"),
            format!("there is no account {a}: run `gridcare server setup --apply`"),
        ),
        (Some(_), Some(sh)) if sh.ends_with("nologin") || sh.ends_with("false") => no(
            format!(
                "账户 {a} 的 shell 是 {sh}：sshd 须经 shell 运行密钥的命令；`usermod -s /bin/sh {a}`"
            ),
            format!(
                "account {a}'s shell is {sh}: sshd runs each key's command through a shell; `usermod -s /bin/sh {a}`"
            ),
        ),
        _ => {}
    }
    // the data folder and the database: the account's alone
    let data = w.at(&w.data);
    for (p, bits) in [(data.clone(), 0o077), (w.at(&w.db()), 0o007)] {
        let Ok(m) = std::fs::metadata(&p) else {
            if p == data {
                no(
                    format!("没有数据文件夹 {}", p.display()),
                    format!("there is no data folder {}", p.display()),
                );
            }
            continue;
        };
        if m.mode() & bits != 0 {
            no(
                format!(
                    "{} 的权限是 {:o}：其他用户可以读取健康数据；`chmod {} {}`",
                    p.display(),
                    m.mode() & 0o777,
                    if p == data { "700" } else { "600" },
                    p.display()
                ),
                format!(
                    "{} has mode {:o}: other users can read health data; `chmod {} {}`",
                    p.display(),
                    m.mode() & 0o777,
                    if p == data { "700" } else { "600" },
                    p.display()
                ),
            );
        }
        if let Some((uid, _)) = owner
            && m.uid() != uid
        {
            no(
                format!("{} 不属于 {a}；`chown {a}: {}`", p.display(), p.display()),
                format!("{} is not {a}'s; `chown {a}: {}`", p.display(), p.display()),
            );
        }
    }
    for f in [SSHD_CONF, SERVICE, TIMER] {
        let p = w.at(Path::new(f));
        match std::fs::read_to_string(&p) {
            Err(_) => no(
                format!("没有 {}：运行 `gridcare server setup --apply`", p.display()),
                format!(
                    "{} is missing: run `gridcare server setup --apply`",
                    p.display()
                ),
            ),
            Ok(t) if !t.starts_with(MARK) => no(
                format!("{} 不是 gridcare 写的；请核对其内容", p.display()),
                format!(
                    "{} was not written by gridcare; check what it says",
                    p.display()
                ),
            ),
            _ => {}
        }
    }
    // sshd's effective settings for the account, as it would apply them
    let main = w.at(Path::new("/etc/ssh/sshd_config"));
    match effective(&main, a) {
        Err(why) => no(
            format!(
                "sshd 读不了其配置（`sshd -T -f {}`）：{why}",
                main.display()
            ),
            format!(
                "sshd cannot read its configuration (`sshd -T -f {}`): {why}",
                main.display()
            ),
        ),
        Ok(eff) => {
            let get = |k: &str| eff.get(k).cloned().unwrap_or_default();
            let want = [
                ("passwordauthentication", "no"),
                ("kbdinteractiveauthentication", "no"),
                ("allowtcpforwarding", "no"),
                ("x11forwarding", "no"),
                ("permittunnel", "no"),
                ("authorizedkeyscommanduser", a.as_str()),
            ];
            for (k, v) in want {
                if get(k) != v {
                    no(
                        format!(
                            "sshd 对 {a} 的 {k} 是“{}”，应为 {v}：{SSHD_CONF} 的 Match 块未生效（sshd_config 须在其他设置之前 Include sshd_config.d/*.conf）",
                            get(k)
                        ),
                        format!(
                            "sshd's {k} for {a} is \"{}\", not {v}: the Match block of {SSHD_CONF} is not in effect (sshd_config must Include sshd_config.d/*.conf before its other settings)",
                            get(k)
                        ),
                    );
                }
            }
            let command = get("authorizedkeyscommand");
            if !command.contains("ssh-keys") {
                no(
                    format!("sshd 对 {a} 的 AuthorizedKeysCommand 不是 gridcare ssh-keys"),
                    format!("sshd's AuthorizedKeysCommand for {a} is not gridcare ssh-keys"),
                );
            } else if let Some(bad) = unsafe_path(Path::new(
                command.split_whitespace().next().unwrap_or_default(),
            )) {
                no(
                    format!("{bad} 须属 root 且只有 root 可写，否则 sshd 不运行密钥命令"),
                    format!(
                        "{bad} must be root's and writable by root only, or sshd will not run the key command"
                    ),
                );
            }
        }
    }
    if w.root.is_none() {
        let enabled = std::process::Command::new("systemctl")
            .args(["is-enabled", "gridcare-backup.timer"])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "enabled");
        if !enabled {
            no(
                "每日备份的定时器未启用：`systemctl enable --now gridcare-backup.timer`".into(),
                "the daily backup's timer is not enabled: `systemctl enable --now gridcare-backup.timer`".into(),
            );
        }
    }
    let db = w.at(&w.db());
    let env_file = w.at(Path::new("/etc/gridcare/backup.env"));
    if db.exists()
        && Db::open_for_reading(&db, true).is_ok_and(|d| d.has_operators().unwrap_or(false))
        && !env_file.exists()
    {
        no(
            format!(
                "数据库设有操作员，每日备份需要协调员的姓名和 PIN：写入 {}（GRIDCARE_OPERATOR=… 与 GRIDCARE_PIN=…，chmod 600）",
                env_file.display()
            ),
            format!(
                "the database has operators and the daily backup signs in as a coordinator: write GRIDCARE_OPERATOR=… and GRIDCARE_PIN=… into {} (chmod 600)",
                env_file.display()
            ),
        );
    }
    for w in &wrong {
        println!("{w}");
    }
    if wrong.is_empty() {
        tell(
            lang,
            "服务器配置无误",
            "the server's configuration is as gridcare needs it",
            &[],
        );
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(1))
    }
}

/// sshd's effective settings for `account` (`sshd -T -C`), lower-case keys.
fn effective(main: &Path, account: &str) -> std::result::Result<HashMap<String, String>, String> {
    let sshd = ["/usr/sbin/sshd", "sshd"]
        .into_iter()
        .find(|p| !p.starts_with('/') || Path::new(p).exists())
        .unwrap_or("sshd");
    let o = std::process::Command::new(sshd)
        .arg("-T")
        .arg("-f")
        .arg(main)
        .arg("-C")
        .arg(format!("user={account},host=localhost,addr=127.0.0.1"))
        .output()
        .map_err(|e| e.to_string())?;
    if !o.status.success() {
        let err = String::from_utf8_lossy(&o.stderr);
        return Err(err.lines().next().unwrap_or("failed").to_string());
    }
    Ok(String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(k, v)| (k.to_lowercase(), v.trim().to_string()))
        .collect())
}

/// The first of `p` and its folders that is not root's or that others may write.
fn unsafe_path(p: &Path) -> Option<String> {
    let mut at = Some(p);
    while let Some(q) = at {
        match std::fs::metadata(q) {
            Ok(m) if m.uid() == 0 && m.mode() & 0o022 == 0 => {}
            _ => return Some(q.display().to_string()),
        }
        at = q.parent().filter(|x| !x.as_os_str().is_empty());
    }
    None
}

/// `account`'s login shell, if the account exists.
fn login_shell(account: &str) -> Option<String> {
    let name = std::ffi::CString::new(account).ok()?;
    // SAFETY: getpwnam returns static storage or null; read at once.
    unsafe {
        let pw = libc::getpwnam(name.as_ptr());
        if pw.is_null() || (*pw).pw_shell.is_null() {
            return None;
        }
        Some(
            std::ffi::CStr::from_ptr((*pw).pw_shell)
                .to_string_lossy()
                .into_owned(),
        )
    }
}
