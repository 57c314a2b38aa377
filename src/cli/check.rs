//! `gridcare check`: integrity, foreign keys, the audit chain against backups, coverage.

use super::backup::{backup_head, daily_backup_folder, is_daily_backup};
use super::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// Also check the audit log against these backups (their recorded
    /// head must still be in it); the daily backups are always compared
    #[arg(long, value_name = "BACKUP")]
    against: Vec<PathBuf>,
    /// First build the kept task state of every household again from the
    /// rules (issue 30), then check
    #[arg(long)]
    rebuild_state: bool,
}

pub fn run(env: &Env, args: Args) -> anyhow::Result<ExitCode> {
    let Args {
        against,
        rebuild_state,
    } = args;
    let path = env.db_path()?;
    if rebuild_state {
        let (mut db, _) = env.open_writable()?;
        super::operator::coordinator_only(db.session(), "check", env.lang())?;
        let n = db.rebuild_state()?;
        tell(
            env.lang(),
            "任务状态：已按规则重建 {} 户",
            "task state: rebuilt from the rules for {} household(s)",
            &[&n],
        );
    }
    // a file whose schema is not this version's is opened to be named
    let db = env.signed(Db::inspecting(|| {
        Db::open_for_reading(&path, env.read_only)
    })?)?;
    super::operator::coordinator_only(db.session(), "check", env.lang())?;
    let mut report = db.check()?;
    // issue 24 item 8: the log still holds the head each backup recorded
    let mut backups = against.clone();
    if let Ok((folder, _)) = daily_backup_folder(&db, &path) {
        let mut daily: Vec<PathBuf> = std::fs::read_dir(&folder)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| is_daily_backup(p).is_some())
            .collect();
        daily.sort();
        backups.extend(daily);
    }
    let mut compared = Vec::new();
    for b in &backups {
        match backup_head(b, env.lang()) {
            Ok(Some((id, hash))) => match db.audit_holds(id, &hash)? {
                None => compared.push(format!("{} (#{id})", b.display())),
                Some(why) => report.audit_chain.push(say(
                    env.lang(),
                    "对照 {}：{}",
                    "against {}: {}",
                    &[&b.display(), &why],
                )),
            },
            Ok(None) => {}
            Err(e) if against.contains(b) => anyhow::bail!("{e}"),
            Err(_) => {}
        }
    }
    let l = env.lang();
    out(&check_text(&path.display().to_string(), &report, l));
    if !compared.is_empty() {
        tell(
            l,
            "审计日志：含有 {} 记录的末条",
            "audit log: holds the head recorded by {}",
            &[&compared.join(", ")],
        );
    }
    // §1: one grid worker a grid; a grid without one is reported (issue 12)
    let uncovered = if report.schema.is_empty() {
        db.uncovered_grids(env.as_of(&db))?
    } else {
        Vec::new()
    };
    if uncovered.is_empty() {
        tell(
            l,
            "覆盖：每个网格都有网格员",
            "coverage: every grid has a grid worker",
            &[],
        );
    } else {
        let names: Vec<&str> = uncovered.iter().map(|g| g.1.as_str()).collect();
        tell(
            l,
            "覆盖：{} 个网格没有网格员：{}；请用 `gridcare roster assign` 交接",
            "coverage: {} grid(s) without a grid worker: {}; hand them over with `gridcare roster assign`",
            &[&names.len(), &names.join(" ")],
        );
    }
    let state_ok = report.schema.is_empty() && task_state(&db, env.as_of(&db), l)?;
    if !report.is_clean() || !state_ok {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Issue 30 item 1: the kept task state against a full recompute with the
/// rules on the as-of date; each difference named. True when none.
fn task_state(db: &Db, day: NaiveDate, l: Lang) -> anyhow::Result<bool> {
    let (diffs, stale) = db.check_state(day)?;
    if diffs.is_empty() {
        tell(
            l,
            "任务状态：无误（与规则重算一致；{} 户待重算）",
            "task state: ok (as the rules recompute it; {} household(s) to recompute on reading)",
            &[&stale],
        );
        return Ok(true);
    }
    tell(
        l,
        "任务状态：{} 户存储的任务与规则重算不符；用 `gridcare check --rebuild-state` 按规则重建",
        "task state: {} household(s) whose kept tasks differ from the rules' recompute; rebuild them from the rules with `gridcare check --rebuild-state`",
        &[&diffs.len()],
    );
    for d in diffs.iter().take(20) {
        out(&format!("  {d}\n"));
    }
    Ok(false)
}

/// What `check` counts, in Chinese (the report's names are English).
fn total_zh(what: &str) -> &str {
    match what {
        "villages" => "村",
        "grids" => "网格",
        "grid workers" => "网格员",
        "doctor teams" => "家庭医生团队",
        "households" => "户",
        "residents (active)" => "居民（在管）",
        "residents (moved, deceased, transferred)" => "居民（迁出、死亡、转出）",
        "hypertension under management" => "在管高血压",
        "diabetes under management" => "在管糖尿病",
        "contracts" => "签约",
        "volunteers" => "志愿者",
        "volunteer groups" => "志愿者小组",
        "visits" => "随访",
        "referrals (open)" => "转诊（未结）",
        "audit entries" => "审计记录",
        other => other,
    }
}

/// `gridcare check`: one screen, in the command line's language.
pub fn check_text(db_path: &str, r: &CheckReport, lang: Lang) -> String {
    let t = |zh: &str, en: &str, args: &[&dyn std::fmt::Display]| {
        crate::words::fill(crate::words::pick_str(lang, zh, en), args) + "\n"
    };
    let zh = lang == Lang::Zh;
    let mut out = t(
        "gridcare 检查：{}\n数据库结构版本 {}\n",
        "gridcare check: {}\nschema version {}\n",
        &[&db_path, &r.schema_version],
    );
    out.push_str(&format!(
        "{:>8}  {}\n",
        pick(lang, "数量", "Count"),
        pick(lang, "项目", "What")
    ));
    for (what, n) in &r.totals {
        let what = if zh { total_zh(what) } else { what };
        out.push_str(&format!("{n:>8}  {what}\n"));
    }
    out.push('\n');
    let problems = |out: &mut String, lines: &[String]| {
        for l in lines.iter().take(20) {
            out.push_str(&format!("  {l}\n"));
        }
    };
    if r.integrity.is_empty() {
        out.push_str(&t("完整性：无误", "integrity: ok", &[]));
    } else {
        out.push_str(&t(
            "完整性：{} 处问题",
            "integrity: {} problem(s)",
            &[&r.integrity.len()],
        ));
        problems(&mut out, &r.integrity);
    }
    if r.foreign_keys.is_empty() {
        out.push_str(&t("外键：无误", "foreign keys: ok", &[]));
    } else {
        out.push_str(&t(
            "外键：{} 处问题",
            "foreign keys: {} problem(s)",
            &[&r.foreign_keys.len()],
        ));
        problems(&mut out, &r.foreign_keys);
    }
    if r.classifications.is_empty() {
        out.push_str(&t(
            "分类：无误（每条存储的分类都与其读数一致）",
            "classifications: ok (every stored one agrees with its readings)",
            &[],
        ));
    } else {
        out.push_str(&t(
            "分类：{} 次随访存储的分类与其读数不符；gridcare 以读数为准（domain.md §3）",
            "classifications: {} follow-up(s) whose stored classification disagrees with their readings; gridcare goes by the readings (domain.md §3)",
            &[&r.classifications.len()],
        ));
        problems(&mut out, &r.classifications);
    }
    if r.schema.is_empty() {
        out.push_str(&t(
            "数据库结构：无误（表、索引、触发器和视图与本 gridcare 所建一致）",
            "schema: ok (tables, indexes, triggers and views as this gridcare makes them)",
            &[],
        ));
    } else {
        out.push_str(&t(
            "数据库结构：{} 个对象与 gridcare 的不同；SQLite 每次保存都会多运行一个触发器",
            "schema: {} object(s) differ from gridcare's; SQLite would run an extra trigger on every save",
            &[&r.schema.len()],
        ));
        problems(&mut out, &r.schema);
    }
    match (&r.audit_chain[..], &r.audit_head) {
        ([], Some((id, hash))) => out.push_str(&t(
            "审计日志：无误（哈希链完整；末条 #{} {}）",
            "audit log: ok (hash chain unbroken; head #{} {})",
            &[id, &&hash[..16.min(hash.len())]],
        )),
        ([], None) => out.push_str(&t("审计日志：无误（空）", "audit log: ok (empty)", &[])),
        (breaks, _) => {
            out.push_str(&t(
                "审计日志：哈希链断开：日志或其所记内容在 gridcare 之外被改动过",
                "audit log: the hash chain breaks: the log or what it records was changed outside gridcare",
                &[],
            ));
            problems(&mut out, breaks);
        }
    }
    out
}
