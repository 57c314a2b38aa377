//! `gridcare groups plan|list`: a village's volunteer groups and their stable
//! regrouping (domain.md §5), as text or JSON for scripts.

use crate::cli::Format;
use crate::db::{Db, Result};
use crate::domain::groups::{GroupRef, Plan};
use crate::text::pad;
use crate::words::Lang;
use chrono::NaiveDate;

fn name_of(db: &Db, resident: i64) -> Result<String> {
    Ok(db
        .resident_name(resident)?
        .unwrap_or_else(|| format!("#{resident}")))
}

/// A group's name, or a new one's number in `lang` (JSON keeps English).
fn group_label(db: &Db, village: i64, g: Option<GroupRef>, lang: Lang) -> Result<String> {
    Ok(match g {
        None => "-".into(),
        Some(GroupRef::New(i)) => crate::words::fill(
            crate::words::pick(lang, "新组 {}", "new group {}"),
            &[&(i + 1)],
        ),
        Some(GroupRef::Existing(id)) => db
            .village_groups(village)?
            .into_iter()
            .find(|x| x.id == id)
            .map_or(format!("#{id}"), |x| x.name),
    })
}

/// The plan as a table (who leaves which group for which) or JSON.
pub fn plan_text(
    db: &Db,
    village: i64,
    plan: &Plan,
    format: Format,
    lang: crate::words::Lang,
) -> Result<String> {
    use crate::words::{fill, pick};
    let mut moves = Vec::new();
    let label_lang = if format == Format::Table {
        lang
    } else {
        Lang::En
    };
    for m in &plan.moves {
        moves.push(serde_json::json!({
            "patient": m.patient,
            "name": name_of(db, m.patient)?,
            "from": group_label(db, village, m.from.map(GroupRef::Existing), label_lang)?,
            "to": group_label(db, village, m.to, label_lang)?,
        }));
    }
    if format == Format::Json {
        let groups: Vec<_> = plan
            .groups
            .iter()
            .map(|(g, m)| serde_json::json!({"group": g, "size": m.len(), "members": m}))
            .collect();
        let v = serde_json::json!({
            "village": village,
            "moves": moves,
            "create": plan.create,
            "dissolve": plan.dissolve,
            "groups": groups,
        });
        return Ok(format!("{v:#}\n"));
    }
    if plan.is_empty() {
        return Ok(pick(
            lang,
            "无需调整：每名患者都在有效的小组中\n",
            "no changes: every patient is in a valid group\n",
        )
        .into());
    }
    let mut out = fill(pick(lang, "{} 人调动\n", "{} move(s)\n"), &[&moves.len()]);
    for m in &moves {
        out.push_str(&format!(
            "  {} {} -> {}\n",
            pad(m["name"].as_str().unwrap_or(""), 10),
            pad(m["from"].as_str().unwrap_or(""), 16),
            m["to"].as_str().unwrap_or("")
        ));
    }
    for g in &plan.create {
        let who = match g.volunteer {
            Some(v) => fill(pick(lang, "志愿者 {}", "volunteer {}"), &[&v]),
            None => pick(
                lang,
                "没有志愿者：请先在花名册登记一位",
                "NO VOLUNTEER: register one first",
            )
            .into(),
        };
        out.push_str(&fill(
            pick(lang, "新组 {}：{}\n", "new group {}: {}\n"),
            &[&(g.index + 1), &who],
        ));
    }
    for g in &plan.dissolve {
        out.push_str(&fill(
            pick(lang, "解散 {}\n", "dissolve {}\n"),
            &[&group_label(
                db,
                village,
                Some(GroupRef::Existing(*g)),
                lang,
            )?],
        ));
    }
    Ok(out)
}

/// The village's groups: name, volunteer, size against target and limit.
/// A grid worker's session (issue 15) lists the groups with a resident of
/// their grids, each counting only those, as their groups screen does.
pub fn list_text(
    db: &Db,
    village: i64,
    day: NaiveDate,
    format: Format,
    lang: crate::words::Lang,
) -> Result<String> {
    let mut groups = db.village_groups(village)?;
    let rules = db.rules()?;
    let mut patients = db.group_patients(village, day)?;
    let worker = db
        .session()
        .is_some_and(|s| matches!(s.reach, crate::domain::access::Reach::Grids { .. }));
    if worker {
        let reach = |r: i64| db.resident_in_reach(r).is_ok();
        for g in &mut groups {
            g.members.retain(|&r| reach(r));
        }
        groups.retain(|g| !g.members.is_empty());
        patients.retain(|p| reach(p.resident));
    }
    if format == Format::Json {
        return Ok(format!(
            "{:#}\n",
            serde_json::to_value(&groups).unwrap_or_default()
        ));
    }
    let mut out = crate::words::fill(
        crate::words::pick(
            lang,
            "{} 个小组，在管患者 {} 人；每组目标 {} 人，上限 {} 人\n",
            "{} group(s), {} patient(s) under management; target {}, limit {}\n",
        ),
        &[
            &groups.len(),
            &patients.len(),
            &rules.group_target_size,
            &rules.group_max_size,
        ],
    );
    // column heads (the list had none)
    out.push_str(&format!(
        "{} {} {}\n",
        pad(crate::words::pick(lang, "小组", "group"), 18),
        pad(crate::words::pick(lang, "志愿者", "volunteer"), 10),
        crate::words::pick(lang, "人数", "size")
    ));
    for g in &groups {
        let vol = g.volunteer.as_ref().map_or("-", |v| v.2.as_str());
        out.push_str(&format!(
            "{} {} {:>3}\n",
            pad(&g.name, 18),
            pad(vol, 10),
            g.members.len()
        ));
    }
    Ok(out)
}

// ---- the subcommand (issue 26 item 1): its arguments and its run

use super::prelude::*;

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Show (and with --apply make) the village's regrouping: who leaves which group for which
    Plan {
        /// The village: name or number
        #[arg(long)]
        village: String,
        /// Apply the plan, in one transaction
        #[arg(long)]
        apply: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The village's groups: volunteer and size
    List {
        /// The village: name or number
        #[arg(long)]
        village: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

pub fn run(env: &Env, cmd: Cmd) -> anyhow::Result<ExitCode> {
    let path = env.db_path()?;
    match cmd {
        Cmd::Plan {
            village,
            apply,
            format,
        } => {
            let mut db = if apply {
                env.signed(Db::open(&path, OpenMode::MustExist)?)?
            } else {
                env.signed(env.open_for_reading(&path)?)?
            };
            let v = db.find_village(&village)?;
            db.groups_in_reach(v, false)?;
            let day = env.as_of(&db);
            let plan = db.plan_groups(v, day)?;
            let lang = env.lang();
            out(&plan_text(&db, v, &plan, format, lang)?);
            if apply && !plan.is_empty() {
                let made = db.apply_group_plan(v, &plan, day)?;
                tell(
                    lang,
                    "已应用：调动 {} 人，新建 {} 组，解散 {} 组",
                    "applied: {} move(s), {} new group(s), {} dissolved",
                    &[&plan.moves.len(), &made.len(), &plan.dissolve.len()],
                );
            }
        }
        Cmd::List { village, format } => {
            let db = env.signed(env.open_for_reading(&path)?)?;
            let v = db.find_village(&village)?;
            db.groups_in_reach(v, true)?;
            out(&list_text(&db, v, env.as_of(&db), format, env.lang())?);
        }
    }
    Ok(ExitCode::SUCCESS)
}
