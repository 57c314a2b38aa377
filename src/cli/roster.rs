//! `gridcare roster …`: the rosters (issue 12): who covers which grid, teams, volunteers.

use super::prelude::*;

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Everyone on the rosters with their grids and load, uncovered grids, and a proposal to even the load
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add a person: --name 涂春生 --role grid_worker --phone 139… --village 富民村
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = ["grid_worker", "village_doctor", "township_gp", "county_specialist", "nurse"])]
        role: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        village: Option<String>,
    },
    /// Correct a person's name or phone (their number from `roster list`)
    Edit {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        phone: Option<String>,
    },
    /// Hand a grid to a grid worker from a date (history is kept)
    Assign {
        /// The grid: 富民村第一网格 or its number
        #[arg(long)]
        grid: String,
        /// The grid worker: a name or a number
        #[arg(long)]
        worker: String,
        /// The first day they cover it (default: the as-of date)
        #[arg(long)]
        from: Option<String>,
    },
    /// A grid worker leaves: each of their grids goes to the worker named for it, in one transaction
    End {
        #[arg(long)]
        worker: String,
        /// The first day without them (default: the as-of date)
        #[arg(long)]
        date: Option<String>,
        /// GRID=WORKER for each of their grids, e.g. 富民村第一网格=淦小红
        #[arg(long)]
        handover: Vec<String>,
    },
    /// Add a family-doctor team to a village: --village 富民村 --name 富民村家庭医生团队
    Team {
        #[arg(long)]
        village: String,
        #[arg(long)]
        name: String,
    },
    /// Put a person in a family-doctor team (--leader to lead it), or take them out (--remove)
    Member {
        /// The team: its name or number
        #[arg(long)]
        team: String,
        /// The person: their name on the rosters or their number
        #[arg(long)]
        staff: String,
        #[arg(long)]
        leader: bool,
        #[arg(long)]
        remove: bool,
    },
    /// A resident becomes a volunteer of their village (§5): --resident ID-NUMBER
    Volunteer {
        /// Their ID number (身份证号)
        #[arg(long)]
        resident: String,
        /// The first day (default: the as-of date)
        #[arg(long)]
        since: Option<String>,
    },
    /// A volunteer steps down; their group is flagged until it has a new volunteer
    StepDown {
        /// The volunteer: their name or `volunteer:NUMBER`
        #[arg(long)]
        volunteer: String,
        /// Their last day (default: the as-of date)
        #[arg(long)]
        date: Option<String>,
    },
}

pub fn run(env: &Env, action: Cmd) -> anyhow::Result<ExitCode> {
    let (mut db, today) = env.open_writable()?;
    // the rosters name every worker and volunteer of the township
    super::operator::coordinator_only(db.session(), "roster", env.lang())?;
    let day = |d: &Option<String>| env.day_or(d, today);
    let staff_id = |db: &Db, key: &str| -> anyhow::Result<i64> {
        match key.parse::<i64>() {
            Ok(n) => Ok(n),
            Err(_) => Ok(db.find_worker(key)?.1),
        }
    };
    match action {
        Cmd::List { format } => {
            out(&roster_text(
                &db,
                today,
                env.township.as_deref(),
                format,
                env.lang(),
            )?);
        }
        Cmd::Add {
            name,
            role,
            phone,
            village,
        } => {
            let village_id = match village.as_deref() {
                Some(v) => Some(db.find_village(v)?),
                None => None,
            };
            let id = db.add_staff(&crate::db::NewStaff {
                name: name.clone(),
                role: crate::domain::model::StaffRole::from_code(&role).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}",
                        say(env.lang(), "没有角色 {}", "unknown role {}", &[&role])
                    )
                })?,
                phone,
                village_id,
            })?;
            let l = env.lang();
            let role_words = crate::domain::model::StaffRole::from_code(&role)
                .map_or(role.clone(), |r| crate::words::staff_role(l, r).to_string());
            tell(
                l,
                "已添加 {}（{}），编号 {}",
                "added {} ({}) as number {}",
                &[&name, &role_words, &id],
            );
        }
        Cmd::Edit { id, name, phone } => {
            let current = db
                .staff()?
                .into_iter()
                .find(|s| s.id == id)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}",
                        say(
                            env.lang(),
                            "花名册上没有编号 {} 的人员；见 `gridcare roster list`",
                            "no staff member {}; see `gridcare roster list`",
                            &[&id]
                        )
                    )
                })?;
            let name = name.unwrap_or(current.name);
            let phone = phone.or(current.phone);
            db.edit_staff(id, &name, phone.as_deref())?;
            tell(env.lang(), "已保存 {}", "saved {}", &[&name]);
        }
        Cmd::Assign { grid, worker, from } => {
            let g = db.find_grid(&grid)?;
            let w = staff_id(&db, &worker)?;
            let from = day(&from)?;
            db.assign_grid(g, w, from)?;
            // the words come in another order in each language
            println!(
                "{}",
                match env.lang() {
                    Lang::Zh => format!("{grid} 自 {from} 起由 {worker} 负责"),
                    Lang::En => format!("{grid} is covered by {worker} from {from}"),
                }
            );
        }
        Cmd::End {
            worker,
            date,
            handover,
        } => {
            let w = staff_id(&db, &worker)?;
            let date = day(&date)?;
            let mut pairs = Vec::new();
            for h in &handover {
                let (g, to) = h.split_once('=').ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}",
                        say(
                            env.lang(),
                            "--handover {}：请写成 网格=网格员，例如 富民村第一网格=淦小红",
                            "--handover {}: write it as GRID=WORKER, e.g. 富民村第一网格=淦小红",
                            &[h]
                        )
                    )
                })?;
                pairs.push((db.find_grid(g)?, staff_id(&db, to)?));
            }
            db.end_staff(w, date, &pairs)?;
            tell(
                env.lang(),
                "{} 于 {} 离开；其网格已交接",
                "{} leaves on {}; their grids are handed over",
                &[&worker, &date],
            );
        }
        Cmd::Team { village, name } => {
            let v = db.find_village(&village)?;
            let id = db.add_team(v, &name)?;
            tell(
                env.lang(),
                "已添加团队 {}，属于{}，编号 {}",
                "added team {} to {} as number {}",
                &[&name, &village, &id],
            );
        }
        Cmd::Member {
            team,
            staff,
            leader,
            remove,
        } => {
            let teams = db.teams()?;
            let t = teams
                .iter()
                .find(|t| t.name == team.trim() || t.id.to_string() == team.trim())
                .ok_or_else(|| {
                    crate::db::DbError::Refused(crate::domain::refusal::Refusal::NoTeam(
                        team.clone(),
                    ))
                })?;
            let everyone = db.staff()?;
            let matches: Vec<_> = everyone
                .iter()
                .filter(|s| {
                    s.active && (s.name == staff.trim() || s.id.to_string() == staff.trim())
                })
                .collect();
            let who = match matches.as_slice() {
                [one] => one.id,
                [] => anyhow::bail!("{}", no_such_staff(env.lang(), &staff)),
                _ => anyhow::bail!("{}", several_staff(env.lang(), &staff)),
            };
            db.set_team_member(t.id, who, !remove, leader)?;
            if remove {
                tell(env.lang(), "{} 已离开{}", "{} left {}", &[&staff, &t.name]);
            } else {
                tell(env.lang(), "{} 已加入{}", "{} is in {}", &[&staff, &t.name]);
            }
        }
        Cmd::Volunteer { resident, since } => {
            let (id, name) = id_holder(&db, &resident, today)?;
            let since = day(&since)?;
            db.add_volunteer(id, since)?;
            tell(
                env.lang(),
                "{} 自 {} 起为志愿者",
                "{} is a volunteer from {}",
                &[&name, &since],
            );
        }
        Cmd::StepDown { volunteer, date } => {
            let (role, id) = db.find_worker(&volunteer)?;
            if role != crate::domain::queue::WorkerRole::Volunteer {
                anyhow::bail!(
                    "{}",
                    say(
                        env.lang(),
                        "{} 不是志愿者；见 `gridcare roster list`",
                        "{} is not a volunteer; see `gridcare roster list`",
                        &[&volunteer]
                    )
                );
            }
            let date = day(&date)?;
            db.end_volunteer(id, date)?;
            tell(
                env.lang(),
                "{} 已于 {} 后卸任",
                "{} stepped down after {}",
                &[&volunteer, &date],
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `gridcare roster list`: everyone with their role, phone, current grids and
/// load (visits a week and backlog, §2's cadences), the family-doctor teams
/// and volunteers, the grids without a worker, and one handover that would
/// even the load (issue 12). The same reading as screen 5 (`roster::Roster`).
pub fn roster_text(
    db: &Db,
    today: NaiveDate,
    township: Option<&str>,
    format: Format,
    lang: crate::words::Lang,
) -> crate::db::Result<String> {
    use crate::roster::{Roster, bar, grid_name};
    let scope = match township {
        Some(t) => crate::db::Scope::Township(db.find_township(t)?),
        None => db.default_scope()?,
    };
    let snap = crate::snapshot::Snapshot::load(db, scope, today)?;
    let r = Roster::load(db, &snap)?;
    let round = |x: f64| (x * 10.0).round() / 10.0;
    let village = |id: i64| {
        snap.town
            .villages
            .iter()
            .find(|v| v.id == id)
            .map_or(String::new(), |v| v.name.clone())
    };
    Ok(match format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Row<'a> {
                id: i64,
                name: &'a str,
                role: &'a str,
                active: bool,
                phone: Option<&'a str>,
                grids: Vec<&'a str>,
                per_week: f64,
                backlog: usize,
            }
            let rows: Vec<Row> = r
                .people
                .iter()
                .map(|p| Row {
                    id: p.staff.id,
                    name: &p.staff.name,
                    role: &p.staff.role,
                    active: p.staff.active,
                    phone: p.staff.phone.as_deref(),
                    grids: p.grids.iter().map(|g| g.1.as_str()).collect(),
                    per_week: round(p.load.per_week),
                    backlog: p.load.backlog,
                })
                .collect();
            serde_json::json!({
                "staff": rows,
                "teams": r.teams.iter().map(|t| serde_json::json!({
                    "id": t.team.id, "name": t.team.name, "village": village(t.team.village_id),
                    "members": t.team.members.iter().map(|m| serde_json::json!({"name": m.1, "leader": m.2})).collect::<Vec<_>>(),
                    "per_week": round(t.load.per_week), "backlog": t.load.backlog,
                })).collect::<Vec<_>>(),
                "volunteers": r.volunteers.iter().map(|v| serde_json::json!({
                    "id": v.id, "name": v.name, "village": village(v.village_id),
                    "since": v.since, "until": v.until, "group": v.group,
                    "stepped_down": v.stepped_down(today),
                })).collect::<Vec<_>>(),
                "uncovered_grids": r.uncovered.iter().map(|g| &g.1).collect::<Vec<_>>(),
                "load_limit_per_week": r.limit,
                "proposal": r.proposal.as_ref().map(|h| serde_json::json!({
                    "grid": grid_name(&snap, h.grid), "from": r.name_of(h.from), "to": r.name_of(h.to),
                    "before": [h.before.0, h.before.1], "after": [h.after.0, h.after.1],
                })),
            })
            .to_string()
                + "\n"
        }
        Format::Csv => {
            let mut out = String::from(
                "kind,id,name,role,phone,active,village,per_week,backlog,grids_or_members,group,since,until\n",
            );
            let row = |cells: &[String]| csv_line(cells);
            for p in &r.people {
                out.push_str(&row(&[
                    "staff".into(),
                    p.staff.id.to_string(),
                    p.staff.name.clone(),
                    p.staff.role.clone(),
                    p.staff.phone.clone().unwrap_or_default(),
                    p.staff.active.to_string(),
                    p.staff.village_id.map_or(String::new(), village),
                    round(p.load.per_week).to_string(),
                    p.load.backlog.to_string(),
                    p.grids
                        .iter()
                        .map(|g| g.1.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    String::new(),
                    String::new(),
                    String::new(),
                ]));
            }
            for t in &r.teams {
                out.push_str(&row(&[
                    "team".into(),
                    t.team.id.to_string(),
                    t.team.name.clone(),
                    String::new(),
                    String::new(),
                    "true".into(),
                    village(t.team.village_id),
                    round(t.load.per_week).to_string(),
                    t.load.backlog.to_string(),
                    t.team.members_text(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]));
            }
            for v in &r.volunteers {
                out.push_str(&row(&[
                    "volunteer".into(),
                    v.id.to_string(),
                    v.name.clone(),
                    String::new(),
                    String::new(),
                    (!v.stepped_down(today)).to_string(),
                    village(v.village_id),
                    String::new(),
                    String::new(),
                    String::new(),
                    v.group.clone().unwrap_or_default(),
                    v.since.to_string(),
                    v.until.map_or(String::new(), |u| u.to_string()),
                ]));
            }
            out
        }
        Format::Table => {
            use crate::text::pad;
            use crate::words::{self as strings, pick};
            use unicode_width::UnicodeWidthStr;
            let s = strings::strings(lang);
            let mut out = String::new();
            let (worker_scale, team_scale) = (r.worker_scale(), r.team_scale());
            // the over-limit mark keeps its width, so what follows stays aligned
            let over = format!(" !{}", s.over_limit);
            let flag = |week: f64| {
                if week > r.limit {
                    over.clone()
                } else {
                    " ".repeat(UnicodeWidthStr::width(over.as_str()))
                }
            };
            let load = |per_week: f64, backlog: usize, week: f64, scale: f64| {
                format!(
                    "{:>6.1}{} {} {}{}",
                    per_week,
                    s.per_week_short,
                    pad(&format!("+{backlog}"), 7),
                    bar(week, scale, 20),
                    flag(week)
                )
            };
            // one heading line per section, its columns padded as the rows are
            let load_head = format!(
                "{} {} {}",
                pad(pick(lang, "每周走访", "visits/wk"), 9),
                pad(pick(lang, "积压", "backlog"), 7),
                pad(pick(lang, "负荷", "load"), 20)
            );
            out.push_str(&format!("【{}】\n", s.sec_staff));
            out.push_str(&format!(
                "{:>4} {} {} {} {load_head}{}  {}\n",
                pick(lang, "编号", "No."),
                pad(s.name, 8),
                pad(s.f_role, 12),
                pad(pick(lang, "电话", "phone"), 11),
                " ".repeat(UnicodeWidthStr::width(over.as_str())),
                pick(lang, "网格", "grids")
            ));
            for p in &r.people {
                use crate::domain::model::StaffRole;
                let kind = StaffRole::from_code(&p.staff.role);
                let role = kind.map_or(p.staff.role.as_str(), |x| strings::staff_role(lang, x));
                // doctors' work is their team's, shown on the team's row (as on screen 5)
                let blank = 9 + 1 + 7 + 1 + 20 + UnicodeWidthStr::width(over.as_str());
                let state = if !p.staff.active {
                    pad(s.left_job, blank)
                } else if kind == Some(StaffRole::GridWorker) {
                    load(p.load.per_week, p.load.backlog, p.load.week(), worker_scale)
                } else {
                    " ".repeat(blank)
                };
                let grids = if p.grids.is_empty() {
                    p.staff.village_id.map_or(String::new(), village)
                } else {
                    p.grids
                        .iter()
                        .map(|g| g.1.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                out.push_str(&format!(
                    "{:>4} {} {} {} {state}  {grids}\n",
                    p.staff.id,
                    pad(&p.staff.name, 8),
                    pad(role, 12),
                    pad(p.staff.phone.as_deref().unwrap_or("-"), 11),
                ));
            }
            let team_w = r
                .teams
                .iter()
                .map(|t| UnicodeWidthStr::width(t.team.name.as_str()))
                .max()
                .unwrap_or(0)
                .max(8);
            out.push_str(&format!("\n【{}】\n", s.sec_teams));
            out.push_str(&format!(
                "{} {} {load_head}{}  {}\n",
                pad(pick(lang, "团队", "team"), team_w),
                pad(s.f_village, 8),
                " ".repeat(UnicodeWidthStr::width(over.as_str())),
                pick(lang, "成员（*队长）", "members (* leader)")
            ));
            for t in &r.teams {
                out.push_str(&format!(
                    "{} {} {}  {}\n",
                    pad(&t.team.name, team_w),
                    pad(&village(t.team.village_id), 8),
                    load(t.load.per_week, t.load.backlog, t.load.week(), team_scale),
                    t.team.members_text()
                ));
            }
            out.push_str(&format!("\n【{}】\n", s.sec_volunteers));
            out.push_str(&format!(
                "{} {} {}  {}\n",
                pad(s.name, 8),
                pad(s.f_village, 8),
                pad(pick(lang, "任期", "serving"), 23),
                s.g_group
            ));
            for v in &r.volunteers {
                let gone = v.stepped_down(today);
                let term = format!(
                    "{}~{}",
                    v.since,
                    v.until.map_or(String::new(), |u| u.to_string())
                );
                let group = match (&v.group, gone) {
                    (Some(g), true) => strings::fill(
                        pick(
                            lang,
                            "{}（已卸任：请为该组指定新志愿者，gridcare groups volunteer）",
                            "{} (stepped down: give the group a new volunteer, gridcare groups volunteer)",
                        ),
                        &[g],
                    ),
                    (Some(g), false) => g.clone(),
                    (None, true) => s.stepped_down.to_string(),
                    (None, false) => String::new(),
                };
                out.push_str(&format!(
                    "{} {} {}  {group}\n",
                    pad(&v.name, 8),
                    pad(&village(v.village_id), 8),
                    pad(&term, 23),
                ));
            }
            out.push('\n');
            if r.uncovered.is_empty() {
                out.push_str(pick(
                    lang,
                    "每个网格都有网格员。\n",
                    "Every grid has a grid worker.\n",
                ));
            } else {
                let names: Vec<&str> = r.uncovered.iter().map(|g| g.1.as_str()).collect();
                out.push_str(&strings::fill(
                    pick(
                        lang,
                        "无网格员的网格：{}（用 gridcare roster assign --grid 网格 --worker 网格员 指派）\n",
                        "Grids without a grid worker: {} (gridcare roster assign --grid GRID --worker WORKER assigns one)\n",
                    ),
                    &[&names.join(" ")],
                ));
            }
            if r.proposal.is_none() {
                out.push_str(s.no_proposal);
                out.push('\n');
            }
            out.extend(r.proposal_text(
                &snap,
                pick(
                    lang,
                    "均衡建议：把 {} 从 {} 交给 {}（每周走访 {}→{}，{}→{}）：gridcare roster assign --grid {} --worker {}\n",
                    "To even the load: hand {} from {} to {} ({}→{} and {}→{} visits a week): gridcare roster assign --grid {} --worker {}\n",
                ),
            ));
            out
        }
    })
}
