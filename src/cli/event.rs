//! `gridcare event add|list|attend` (issue 32): health-education events —
//! lectures, public consultations, push campaigns — and who came. An
//! attendee is found as the search finds people (name, pinyin initials, the
//! ID number's tail); a visitor from outside the township is counted by
//! name, not registered. Each resident who comes earns the points of the
//! event's kind (settings `points.*`).

use super::prelude::*;
use crate::db::{Attendee, EventRow, NewEvent};
use crate::domain::events::EventKind;

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Record an event held: --kind lecture --topic 高血压的自我管理 [--village 江背村] [--speaker 李医生]
    Add {
        #[arg(long, value_parser = ["lecture", "consultation", "push"], default_value = "lecture")]
        kind: String,
        #[arg(long)]
        topic: String,
        /// Held on (default: today)
        #[arg(long)]
        date: Option<String>,
        /// The village clinic that held it (default: the township health centre)
        #[arg(long)]
        village: Option<String>,
        #[arg(long)]
        township: Option<String>,
        /// The speaker, by name or number on the rosters
        #[arg(long)]
        speaker: Option<String>,
        #[arg(long, default_value = "")]
        place: String,
    },
    /// Events held, oldest first; with --event, who came to that one
    List {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        event: Option<i64>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The event's sign-in sheet (name, ID tail, a column to sign): PDF, or text with --format txt
    Sheet {
        #[arg(long)]
        event: i64,
        #[arg(long, value_parser = ["pdf", "txt"], default_value = "pdf")]
        format: String,
        /// The file (default: 签到表-N.pdf in print.folder, else here); txt without -o: the terminal
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// A font file with Chinese characters (default: print.font, else a system font)
        #[arg(long)]
        font: Option<PathBuf>,
    },
    /// Take attendees onto an event: --who zs (pinyin, name or ID tail, repeatable), --visitor NAME (from outside), --file LIST.csv|xlsx
    Attend {
        #[arg(long)]
        event: i64,
        #[arg(long)]
        who: Vec<String>,
        #[arg(long)]
        visitor: Vec<String>,
        /// An attendance list (CSV or XLSX) with a column 身份证号/id_number
        /// or 姓名/name; a row whose 外来/visitor column is 是/1/yes is a visitor
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

pub fn run(env: &Env, action: Cmd) -> anyhow::Result<ExitCode> {
    let (mut db, today) = env.open_writable()?;
    let l = env.lang();
    match action {
        Cmd::Add {
            kind,
            topic,
            date,
            village,
            township,
            speaker,
            place,
        } => {
            let (township_id, village_id) = township_and_village(
                &mut db,
                township.as_deref(),
                village.as_deref(),
                "record",
                l,
            )?;
            let speaker_id = match speaker {
                Some(s) => Some(staff_by_name(&db, &s, l)?),
                None => None,
            };
            let e = NewEvent {
                kind: EventKind::from_code(&kind).unwrap_or(EventKind::Lecture),
                held_on: env.day_or(&date, today)?,
                township_id,
                village_id,
                topic,
                speaker_id,
                place,
            };
            let id = db.add_event(&e, today)?;
            tell(
                l,
                "活动 {}：{} {}“{}”已登记；用 `gridcare event attend --event {} --who 拼音` 登记参加者",
                "event {}: {} on {} \"{}\" recorded; take who came with `gridcare event attend --event {} --who PINYIN`",
                &[
                    &id,
                    &e.kind.name(l == Lang::Zh),
                    &e.held_on,
                    &e.topic.trim(),
                    &id,
                ],
            );
        }
        Cmd::Sheet {
            event,
            format,
            output,
            font,
        } => {
            use crate::print::{self, Format as PrintFormat, PrintSettings};
            let e = db.event(event)?;
            let people = db.attendees(event)?;
            let settings = PrintSettings::from_settings(&db.settings()?);
            let txt = || print::signin::render_signin(&e, &people, PrintFormat::Txt, None);
            let path = match (format == "txt", output) {
                (true, None) => {
                    out(&String::from_utf8_lossy(&txt()?));
                    None
                }
                (true, Some(path)) => {
                    print::write_file(&path, &txt()?)?;
                    Some(path)
                }
                (false, output) => Some(print::signin::write_signin_pdf(
                    &e,
                    &people,
                    &settings,
                    output,
                    font.as_deref(),
                )?),
            };
            if let Some(path) = path {
                tell(
                    l,
                    "活动 {} 的签到表（{} 人，另留 {} 行空白）已写入 {}",
                    "event {}'s sign-in sheet ({} names, {} blank lines) written to {}",
                    &[
                        &event,
                        &people.len(),
                        &print::signin::BLANK_LINES,
                        &path.display(),
                    ],
                );
            }
        }
        Cmd::List {
            from,
            to,
            event,
            format,
        } => {
            if let Some(id) = event {
                out(&attendees_text(&db, id, format, l)?);
            } else {
                let from = from.map(|d| env.date(&d)).transpose()?;
                let to = to.map(|d| env.date(&d)).transpose()?;
                out(&list_text(&db.events(from, to)?, format, l));
            }
        }
        Cmd::Attend {
            event,
            who,
            mut visitor,
            file,
        } => {
            let mut lines = Vec::new();
            if let Some(f) = &file {
                let (w, v) = attendance_file(f, l)?;
                lines = w;
                visitor.extend(v);
            }
            if who.is_empty() && visitor.is_empty() && lines.is_empty() {
                anyhow::bail!(
                    "{}",
                    say(
                        l,
                        "请用 `--who`（拼音、姓名或身份证号后几位）或 `--visitor`（外来人员姓名）写明参加者",
                        "name who came with --who (pinyin, name or the ID number's tail) or --visitor (a visitor's name)",
                        &[]
                    )
                );
            }
            // every name found before anything is written
            db.event(event)?;
            let mut found = Vec::new();
            for typed in &who {
                found.push(db.find_person(typed, today)?);
            }
            // a list's rows: every bad one named by its line, and then
            // nothing written (the list is fixed and taken again whole)
            let mut bad = Vec::new();
            for (line, typed) in &lines {
                match db.find_person(typed, today) {
                    Ok(p) => found.push(p),
                    Err(e) => bad.push(say(
                        l,
                        "第 {} 行：{}",
                        "line {}: {}",
                        &[line, &crate::words::db_error(l, &e)],
                    )),
                }
            }
            if !bad.is_empty() {
                anyhow::bail!(
                    "{}\n{}",
                    bad.join("\n"),
                    say(
                        l,
                        "{}：{} 行有误，未登记任何人；改正这些行后再导入整张名单",
                        "{}: {} bad rows, nobody was taken; fix these lines and take the whole list again",
                        &[
                            &file
                                .as_ref()
                                .map_or(String::new(), |f| f.display().to_string()),
                            &bad.len()
                        ],
                    )
                );
            }
            // the whole list saved, or (one refused) none of it
            let earned = db.in_one_transaction(|db| {
                let mut earned = Vec::new();
                for (id, _) in &found {
                    earned.push(db.attend(event, &Attendee::Resident(*id))?);
                }
                for v in &visitor {
                    db.attend(event, &Attendee::Visitor(v.clone()))?;
                }
                Ok(earned)
            })?;
            for ((id, name), pts) in found.iter().zip(earned) {
                let balance = db.points_balance(*id)?;
                tell(
                    l,
                    "{} 参加活动 {}：+{} 分，余额 {} 分",
                    "{} came to event {}: +{} points, balance {}",
                    &[name, &event, &pts, &balance],
                );
            }
            for v in visitor {
                tell(
                    l,
                    "{}（外来人员）参加活动 {}：计入人数，不登记、不计分",
                    "{} (visitor) came to event {}: counted, not registered, no points",
                    &[&v.trim(), &event],
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list_text(rows: &[EventRow], format: Format, l: Lang) -> String {
    let zh = l == Lang::Zh;
    let cells = |e: &EventRow| {
        vec![
            e.id.to_string(),
            e.held_on.to_string(),
            e.kind.name(zh).to_string(),
            e.village
                .clone()
                .unwrap_or_else(|| pick(l, "乡镇卫生院", "township").to_string()),
            e.topic.clone(),
            e.speaker.clone().unwrap_or_default(),
            e.residents.to_string(),
            e.visitors.to_string(),
            e.place.clone(),
        ]
    };
    match format {
        Format::Json => serde_json::to_string_pretty(rows).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut out =
                String::from("id,held_on,kind,village,topic,speaker,residents,visitors,place\n");
            for e in rows {
                let mut c = cells(e);
                c[2] = e.kind.code().to_string();
                out.push_str(&csv_line(&c));
            }
            out
        }
        Format::Table => {
            if rows.is_empty() {
                return pick(l, "没有登记的活动\n", "no events recorded\n").into();
            }
            let w = [-4, 10, 12, 12, 24, 8, -4, -4];
            let mut out = table_line(
                &[
                    pick(l, "编号", "No."),
                    pick(l, "日期", "date"),
                    pick(l, "类型", "kind"),
                    pick(l, "举办", "held by"),
                    pick(l, "主题", "topic"),
                    pick(l, "主讲", "speaker"),
                    pick(l, "居民", "res."),
                    pick(l, "外来", "vis."),
                    pick(l, "地点", "place"),
                ],
                &w,
            );
            for e in rows {
                let c = cells(e);
                let c: Vec<&str> = c.iter().map(String::as_str).collect();
                out.push_str(&table_line(&c, &w));
            }
            out
        }
    }
}

fn attendees_text(db: &Db, id: i64, format: Format, l: Lang) -> anyhow::Result<String> {
    let e = db.event(id)?;
    let rows = db.attendees(id)?;
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut out = String::from("name,id_tail,village,registered\n");
            for a in &rows {
                out.push_str(&csv_line(&[
                    a.name.clone(),
                    a.id_tail.clone(),
                    a.village.clone().unwrap_or_default(),
                    a.resident_id.is_some().to_string(),
                ]));
            }
            out
        }
        Format::Table => {
            let mut out = say(
                l,
                "活动 {}：{} {}“{}”，居民 {} 人，外来 {} 人\n",
                "event {}: {} on {} \"{}\", {} residents, {} visitors\n",
                &[
                    &e.id,
                    &e.kind.name(l == Lang::Zh),
                    &e.held_on,
                    &e.topic,
                    &e.residents,
                    &e.visitors,
                ],
            );
            for a in &rows {
                let who = match a.resident_id {
                    Some(_) => a.village.clone().unwrap_or_default(),
                    None => pick(l, "外来人员", "visitor").to_string(),
                };
                out.push_str(&table_line(&[&a.name, &a.id_tail, &who], &[8, 6]));
            }
            out
        }
    })
}

/// `gridcare report --education`: the health-education counts against the
/// norm, a row for the township health centre and one per village clinic;
/// every figure its own cell in the CSV.
pub fn education_text(
    rows: &[crate::domain::education::NormRow],
    period: crate::domain::calendar::Period,
    today: NaiveDate,
    csv: bool,
    l: Lang,
) -> String {
    let label = period.label();
    if csv {
        let mut out = String::from(
            "period,unit,lectures,lecture_norm,consultations,consultation_norm,attendance,tier5_pushed,tier5_households,events\n",
        );
        for r in rows {
            out.push_str(&csv_line(&[
                label.clone(),
                r.name.clone(),
                r.lectures.to_string(),
                r.lecture_norm.to_string(),
                r.consultations.to_string(),
                r.consultation_norm.map_or(String::new(), |n| n.to_string()),
                r.attendance.to_string(),
                r.pushes.to_string(),
                r.tier5.to_string(),
                r.events
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
            ]));
        }
        return out;
    }
    let s = crate::words::strings(l);
    let w = [8, 12, -12, -12, -8, -14];
    let mut out = table_line(
        &[
            pick(l, "统计期", "period"),
            // the education screen's own headers (words::catalogue)
            s.edu_unit,
            s.edu_lectures,
            s.edu_consultations,
            s.edu_came,
            s.edu_pushed,
            pick(l, "活动", "events"),
        ],
        &w,
    );
    for r in rows {
        let ids: Vec<String> = r.events.iter().map(i64::to_string).collect();
        out.push_str(&table_line(
            &[
                &label,
                &r.name,
                &format!("{}/{}", r.lectures, r.lecture_norm),
                &r.consultation_norm
                    .map_or(format!("{}/-", r.consultations), |n| {
                        format!("{}/{n}", r.consultations)
                    }),
                &r.attendance.to_string(),
                &format!("{}/{}", r.pushes, r.tier5),
                &ids.join(" "),
            ],
            &w,
        ));
    }
    let end = period.end().min(today);
    out.push_str(&say(
        l,
        "首行为乡镇卫生院本身举办的活动（★5宣传为全乡镇）；应办数按国家规范（卫生院每年讲座 12 次、咨询 9 次，村卫生室每年讲座 6 次）折算到统计期并向上取整。每行的活动：`gridcare event list --from {} --to {}`；一次活动：`gridcare event list --event 编号`\n",
        "The first row is the township health centre's own events (★5 pushes: the whole township); the norm (the centre: 12 lectures and 9 consultations a year, each village clinic 6 lectures) is the period's share rounded up. The events of a row: `gridcare event list --from {} --to {}`; one event: `gridcare event list --event NUMBER`\n",
        &[&period.start, &end],
    ));
    out
}

/// The people of an attendance list (CSV or XLSX, read as `import` reads
/// files): for each row, the ID number (or its tail) else the name, to find
/// as `--who` does; or a visitor's name. A row with neither is one line
/// naming it.
fn attendance_file(
    path: &std::path::Path,
    l: Lang,
) -> anyhow::Result<(Vec<(usize, String)>, Vec<String>)> {
    let t = crate::import::read_table(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    let col = |names: &[&str]| {
        t.headers
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let id = col(&["身份证号", "id_number", "身份证号码"]);
    let name = col(&["姓名", "name"]);
    let outside = col(&["外来", "visitor", "外来人员"]);
    if id.is_none() && name.is_none() {
        anyhow::bail!(
            "{}",
            say(
                l,
                "{}：没有“身份证号”或“姓名”列；签到表须有其中之一",
                "{}: no column 身份证号/id_number or 姓名/name; an attendance list needs one",
                &[&path.display()]
            )
        );
    }
    let cell = |r: &crate::import::Row, c: Option<usize>| {
        c.and_then(|c| r.cells.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let (mut who, mut visitors) = (Vec::new(), Vec::new());
    for r in &t.rows {
        let (i, n) = (cell(r, id), cell(r, name));
        if i.is_empty() && n.is_empty() {
            continue;
        }
        let is_visitor = matches!(
            cell(r, outside).to_lowercase().as_str(),
            "是" | "1" | "yes" | "y" | "true"
        );
        if is_visitor {
            if n.is_empty() {
                anyhow::bail!(
                    "{}",
                    say(
                        l,
                        "{} 第 {} 行：外来人员须写姓名",
                        "{} line {}: a visitor needs a name",
                        &[&path.display(), &r.line]
                    )
                );
            }
            visitors.push(n);
        } else {
            who.push((r.line, if i.is_empty() { n } else { i }));
        }
    }
    Ok((who, visitors))
}
