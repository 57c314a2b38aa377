//! `gridcare operator key add|list|remove` (issue 31 item 1): the OpenSSH
//! public keys bound to an operator. Over SSH to the county server, the key
//! is the sign-in (`gridcare ssh-keys`, cli/ssh.rs); a coordinator binds it.

use super::prelude::*;
use crate::db::KeyRow;
use crate::domain::refusal::Refusal;

#[derive(clap::Subcommand)]
pub enum KeyCmd {
    /// Bind a public key (a .pub file: ssh-keygen's, or the text PuTTYgen shows "for pasting into OpenSSH authorized_keys") to an operator
    Add { name: String, file: PathBuf },
    /// The keys bound, with fingerprints as `ssh-keygen -l` and PuTTYgen show them
    List {
        /// Only this operator's
        name: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Unbind a key: give its fingerprint (SHA256:…) from `key list`
    Remove { name: String, fingerprint: String },
}

/// The longest `.pub` file read (an RSA-16384 key's line is under 3 KB).
const MAX_BYTES: u64 = 16 * 1024;

pub fn run(env: &Env, db: &mut Db, today: NaiveDate, k: KeyCmd) -> anyhow::Result<()> {
    let lang = env.lang();
    match k {
        KeyCmd::Add { name, file } => {
            let key = read_key(&file, lang)?;
            let fp = db.add_operator_key(&name, &key, today)?;
            let name = name.trim();
            println!(
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "已为 {name} 绑定公钥 {fp}（{}）；经 SSH 此公钥即是其登录",
                        key.kind
                    ),
                    Lang::En => format!(
                        "bound key {fp} ({}) to {name}; over SSH this key signs them in",
                        key.kind
                    ),
                }
            );
        }
        KeyCmd::List { name, format } => out(&list_text(
            &db.operator_keys(name.as_deref())?,
            format,
            lang,
        )),
        KeyCmd::Remove { name, fingerprint } => {
            db.remove_operator_key(&name, &fingerprint)?;
            let (name, fp) = (name.trim(), fingerprint.trim());
            println!(
                "{}",
                match lang {
                    Lang::Zh => format!("已解除 {name} 的公钥 {fp}；它不能再登录"),
                    Lang::En => format!("removed {name}'s key {fp}; it no longer signs anyone in"),
                }
            );
        }
    }
    Ok(())
}

/// One public key from a file; anything else is one line saying what is wrong.
fn read_key(
    path: &std::path::Path,
    lang: Lang,
) -> anyhow::Result<crate::domain::sshkey::PublicKey> {
    use std::io::Read;
    let cannot = |why: String| {
        anyhow::anyhow!(
            "{}",
            say(
                lang,
                "无法读取 {}：{}",
                "cannot read {}: {}",
                &[&path.display(), &why]
            )
        )
    };
    let mut text = String::new();
    std::fs::File::open(path)
        .map_err(|e| cannot(e.to_string()))?
        .take(MAX_BYTES)
        .read_to_string(&mut text)
        .map_err(|_| {
            cannot(
                Refusal::BadKey(crate::domain::sshkey::KeyProblem::Damaged).text(lang == Lang::Zh),
            )
        })?;
    crate::domain::sshkey::parse(&text)
        .map_err(|p| cannot(Refusal::BadKey(p).text(lang == Lang::Zh)))
}

fn list_text(rows: &[KeyRow], format: Format, lang: Lang) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(rows).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut out = String::from("operator,type,fingerprint,comment,added_on\n");
            for k in rows {
                out.push_str(&csv_line(&[
                    k.operator.clone(),
                    k.kind.clone(),
                    k.fingerprint.clone(),
                    k.comment.clone(),
                    k.added_on.clone(),
                ]));
            }
            out
        }
        Format::Table if rows.is_empty() => pick(
            lang,
            "还没有绑定公钥；用 `gridcare operator key add 姓名 文件.pub` 绑定\n",
            "no keys bound yet; bind one with `gridcare operator key add NAME FILE.pub`\n",
        )
        .into(),
        Format::Table => {
            let line = |c: [&str; 5]| table_line(&c, &[10, 12, 52, 12]);
            let mut out = line([
                pick(lang, "操作员", "Operator"),
                pick(lang, "类型", "Type"),
                pick(lang, "指纹", "Fingerprint"),
                pick(lang, "绑定日期", "Added"),
                pick(lang, "备注", "Comment"),
            ]);
            for k in rows {
                out.push_str(&line([
                    &k.operator,
                    &k.kind,
                    &k.fingerprint,
                    &k.added_on,
                    &k.comment,
                ]));
            }
            out
        }
    }
}
