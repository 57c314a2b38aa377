//! `gridcare backup`: a copy made safely while gridcare is in use; `--daily` for cron.

use super::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// The new file (never overwritten), e.g. /media/usb/gridcare-2026-11-23.db
    #[arg(required_unless_present = "daily")]
    dest: Option<PathBuf>,
    /// Today's backup into the backup.folder setting's folder, removing
    /// daily backups older than backup.keep_days (for cron)
    #[arg(long, conflicts_with = "dest")]
    daily: bool,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args { dest, daily } = args;
    let path = env.db_path()?;
    let db = env.signed(env.open_for_reading(&path)?)?;
    // a backup holds every resident
    super::operator::coordinator_only(db.session(), "backup", env.lang())?;
    let dest = match dest {
        Some(d) => d,
        None if daily => {
            // named by the day the copy is made, not by an as-of date
            let (file, removed) = daily_backup_path(
                env.lang(),
                &db,
                &path,
                env.today_flag()?.unwrap_or(env.wall),
            )?;
            for old in removed {
                tell(
                    env.lang(),
                    "已删除旧的每日备份 {}",
                    "removed the old daily backup {}",
                    &[&old.display()],
                );
            }
            if file.exists() {
                // issue 24 item 2: a copy that does not check is made again
                match crate::db::verify_copy(&file) {
                    Ok(_) => {
                        tell(
                            env.lang(),
                            "今天的备份 {} 已存在且检查无误",
                            "today's backup {} exists already and checks",
                            &[&file.display()],
                        );
                        return Ok(ExitCode::SUCCESS);
                    }
                    Err(e) => {
                        tell(
                            env.lang(),
                            "今天的备份 {} 检查未通过（{}）；重新备份",
                            "today's backup {} does not check ({}); making it again",
                            &[&file.display(), &e],
                        );
                        std::fs::remove_file(&file).with_context(|| {
                            say(
                                env.lang(),
                                "无法删除有问题的备份 {}",
                                "cannot remove the bad backup {}",
                                &[&file.display()],
                            )
                        })?;
                    }
                }
            }
            file
        }
        None => anyhow::bail!(
            "{}",
            say(
                env.lang(),
                "请给出备份的文件名，或用 --daily",
                "give the backup's file name, or --daily",
                &[]
            )
        ),
    };
    let r = db.backup_to(&dest)?;
    tell(
        env.lang(),
        "已将 {} 备份到 {}（{} KB，{} 名居民，{} 次随访；完整性无误；仅您本人可读）",
        "backed up {} to {} ({} KB, {} residents, {} visits; integrity ok; readable by you only)",
        &[
            &path.display(),
            &dest.display(),
            &r.bytes.div_ceil(1024),
            &r.residents,
            &r.visits,
        ],
    );
    if let Some((id, hash)) = &r.audit_head {
        tell(
            env.lang(),
            "审计日志末条：#{} {}（存于备份中；`gridcare check --against {}` 可发现此后对历史的任何改写）",
            "audit log head: #{} {} (kept in the backup; `gridcare check --against {}` shows any later rewrite of history)",
            &[id, hash, &dest.display()],
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `backup --daily`: today's file in the backup folder (the backup.folder
/// setting, else `backups` beside the database, made private), and the
/// daily backups past backup.keep_days, which it removes.
fn daily_backup_path(
    lang: Lang,
    db: &Db,
    path: &std::path::Path,
    today: NaiveDate,
) -> anyhow::Result<(PathBuf, Vec<PathBuf>)> {
    let (folder, keep) = daily_backup_folder(db, path)?;
    private_dir(
        &folder,
        say(
            lang,
            "无法创建备份文件夹 {}",
            "cannot create the backup folder {}",
            &[&folder.display()],
        ),
    )?;
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(&folder)?.flatten() {
        if let Some(d) = is_daily_backup(&entry.path())
            && (today - d).num_days() >= keep
        {
            std::fs::remove_file(entry.path())?;
            removed.push(entry.path());
        }
    }
    Ok((folder.join(format!("gridcare-{today}.db")), removed))
}

/// The daily backups' folder (the backup.folder setting, else `backups`
/// beside the database) and how many days they are kept.
pub fn daily_backup_folder(db: &Db, path: &std::path::Path) -> anyhow::Result<(PathBuf, i64)> {
    let settings = db.settings()?;
    let folder = match settings.get("backup.folder").map(|s| s.trim()) {
        Some(f) if !f.is_empty() => PathBuf::from(f),
        _ => path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."))
            .join("backups"),
    };
    let keep = crate::domain::rules::setting_in(&settings, "backup.keep_days", 14, 1, 3650)
        .map_err(anyhow::Error::msg)?;
    Ok((folder, keep))
}

/// The day of a daily backup, from its name `gridcare-YYYY-MM-DD.db`.
pub fn is_daily_backup(p: &std::path::Path) -> Option<NaiveDate> {
    let name = p.file_name()?.to_string_lossy().into_owned();
    name.strip_prefix("gridcare-")
        .and_then(|n| n.strip_suffix(".db"))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The audit log's head a backup recorded (issue 24 item 8), read without
/// writing to it.
pub fn backup_head(file: &std::path::Path, lang: Lang) -> anyhow::Result<Option<(i64, String)>> {
    let b = Db::open_read_only(file, crate::db::ReadOnlyWhy::Asked).with_context(|| {
        say(
            lang,
            "无法读取备份 {}",
            "cannot read the backup {}",
            &[&file.display()],
        )
    })?;
    Ok(b.meta(crate::db::BACKUP_HEAD_KEY)?.and_then(|v| {
        let (id, hash) = v.split_once(' ')?;
        Some((id.parse().ok()?, hash.to_string()))
    }))
}
