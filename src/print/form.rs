//! The national follow-up forms as printed (issue 27 item 6, domain.md §3
//! "The follow-up record"): 高血压患者随访服务记录表 and
//! 2型糖尿病患者随访服务记录表 of one patient for one year, a column per
//! visit as on paper, four to a page, filled from the record, and blank
//! columns for the visits still to come. The same `Sheet` model as the task
//! sheets, so both renderers (text, PDF) draw it: the form's sections are
//! the sheet's groups, its items the rows, its visits the columns.

use super::sheet::{Column, Flag, Row, Sheet};
use crate::db::FormVisit;
use crate::domain::followup::bmi;
use crate::domain::model::*;
use crate::domain::record::{self, trim_number};

/// Visits a printed page holds, as on the paper form.
pub const VISITS_PER_PAGE: usize = 4;

const VISIT_TITLES: [&str; VISITS_PER_PAGE] = ["第1次", "第2次", "第3次", "第4次"];
const VISIT_WIDTH: usize = 24;

/// The patient the form is for.
#[derive(Debug, Clone, PartialEq)]
pub struct Patient {
    pub name: String,
    /// The ID number as the sheets print it (masked, §10).
    pub id_shown: String,
    pub year: i32,
    /// The latest height, for BMI now and at the target weight.
    pub height_cm: Option<f64>,
}

/// Which form: each condition has its own, with its own items.
fn title(c: Condition) -> &'static str {
    match c {
        Condition::Diabetes => "2型糖尿病患者随访服务记录表",
        _ => "高血压患者随访服务记录表",
    }
}

/// One item of the form: its section, its label, and its cell of a visit.
type Item = (
    &'static str,
    &'static str,
    fn(&FormVisit, &Patient) -> String,
);

fn pair<T: Copy>(p: record::Pair<T>, show: impl Fn(T) -> String) -> String {
    match (p.now, p.target) {
        (None, None) => String::new(),
        (now, target) => format!(
            "{} / {}",
            now.map_or("-".into(), &show),
            target.map_or("-".into(), &show)
        ),
    }
}

fn num<T: Into<f64>>(v: T) -> String {
    trim_number(v.into())
}

fn date_cell(v: &FormVisit, _: &Patient) -> String {
    match (v.outcome, v.remove_reason) {
        // loss to follow-up or death in the date's place, with the reason (§3)
        (Outcome::Removed, Some(r)) => format!(
            "{} {}",
            v.date.format("%m-%d"),
            match r {
                RemoveReason::Died => "死亡",
                RemoveReason::Moved => "迁出",
                RemoveReason::Transferred => "转出",
                RemoveReason::Refused => "拒绝",
                RemoveReason::WrongPhone => "失访",
            }
        ),
        _ => v.date.to_string(),
    }
}

fn mode(v: &FormVisit, _: &Patient) -> String {
    match v.mode {
        VisitMode::Clinic => "1 门诊",
        VisitMode::Home => "2 家庭",
        VisitMode::Phone => "3 电话",
    }
    .into()
}

fn symptoms(v: &FormVisit, c: Condition) -> String {
    let s = &v.record.symptoms;
    let mut words: Vec<String> = match c {
        Condition::Diabetes => {
            s.dm.iter()
                .map(|x| format!("{} {}", x.number(), x.word(true)))
                .collect()
        }
        _ => s
            .htn
            .iter()
            .map(|x| format!("{} {}", x.number(), x.word(true)))
            .collect(),
    };
    words.extend(s.other.clone().map(|o| format!("其他：{o}")));
    words.join("、")
}

fn bp(v: &FormVisit, _: &Patient) -> String {
    match (v.vitals.sbp, v.vitals.dbp) {
        (Some(s), Some(d)) => format!("{s}/{d}"),
        _ => String::new(),
    }
}

fn weight(v: &FormVisit, _: &Patient) -> String {
    pair(
        record::Pair {
            now: v.vitals.weight_kg,
            target: v.record.weight_target_kg,
        },
        num,
    )
}

fn body_mass(v: &FormVisit, p: &Patient) -> String {
    let h = v.vitals.height_cm.or(p.height_cm);
    pair(
        record::Pair {
            now: bmi(v.vitals.weight_kg, h),
            target: bmi(v.record.weight_target_kg, h),
        },
        num,
    )
}

fn heart_rate(v: &FormVisit, _: &Patient) -> String {
    v.vitals.heart_rate.map_or(String::new(), |h| h.to_string())
}

fn other_signs(v: &FormVisit, _: &Patient) -> String {
    v.record.other_signs.clone().unwrap_or_default()
}

fn foot_pulse(v: &FormVisit, _: &Patient) -> String {
    v.record.foot_pulse.map_or(String::new(), |p| p.text(true))
}

fn smoking(v: &FormVisit, _: &Patient) -> String {
    let amounts = pair(v.record.cigarettes, num);
    match (amounts.is_empty(), v.lifestyle.smoking) {
        // an older visit's yes/no: smokes, amount unknown (issue 27)
        (true, Some(true)) => "吸烟，量不详".into(),
        (true, Some(false)) => "0".into(),
        _ => amounts,
    }
}

fn drinking(v: &FormVisit, _: &Patient) -> String {
    let amounts = pair(v.record.alcohol_liang, num);
    match (amounts.is_empty(), v.lifestyle.drinking) {
        (true, Some(true)) => "饮酒，量不详".into(),
        (true, Some(false)) => "0".into(),
        _ => amounts,
    }
}

fn exercise(v: &FormVisit, _: &Patient) -> String {
    let r = &v.record;
    let one = |t: Option<i32>, m: Option<i32>| match (t, m) {
        (None, None) => "-".to_string(),
        (t, m) => format!(
            "{}次/周 {}分钟/次",
            t.map_or("-".into(), |t| t.to_string()),
            m.map_or("-".into(), |m| m.to_string())
        ),
    };
    if r.exercise_times.is_empty() && r.exercise_minutes.is_empty() {
        return v
            .lifestyle
            .exercise_min_week
            .map_or(String::new(), |m| format!("{m}分钟/周"));
    }
    format!(
        "{} / {}",
        one(r.exercise_times.now, r.exercise_minutes.now),
        one(r.exercise_times.target, r.exercise_minutes.target)
    )
}

fn salt_word(s: Salt) -> String {
    match s {
        Salt::Light => "轻",
        Salt::Medium => "中",
        Salt::Heavy => "重",
    }
    .into()
}

fn salt(v: &FormVisit, _: &Patient) -> String {
    pair(
        record::Pair {
            now: v.lifestyle.salt,
            target: v.record.salt_target,
        },
        salt_word,
    )
}

fn staple(v: &FormVisit, _: &Patient) -> String {
    pair(v.record.staple_g, |g| format!("{g}g"))
}

fn psychology(v: &FormVisit, _: &Patient) -> String {
    v.record
        .psychology
        .map_or(String::new(), |g| g.word(true).into())
}

fn compliance(v: &FormVisit, _: &Patient) -> String {
    v.record
        .compliance
        .map_or(String::new(), |g| g.word(true).into())
}

fn fpg(v: &FormVisit, _: &Patient) -> String {
    v.vitals
        .fpg
        .map_or(String::new(), |f| format!("{}mmol/L", num(f)))
}

fn hba1c(v: &FormVisit, _: &Patient) -> String {
    match (v.record.hba1c, v.record.hba1c_on) {
        (Some(h), Some(d)) => format!("{}%（{}）", num(h), d.format("%m-%d")),
        (Some(h), None) => format!("{}%", num(h)),
        _ => String::new(),
    }
}

fn other_tests(v: &FormVisit, _: &Patient) -> String {
    v.record.other_tests.clone().unwrap_or_default()
}

fn adherence(v: &FormVisit, _: &Patient) -> String {
    match v.adherence {
        Some(Adherence::Regular) => "1 规律",
        Some(Adherence::Intermittent) => "2 间断",
        Some(Adherence::None) => "3 不服药",
        None => "",
    }
    .into()
}

fn adverse(v: &FormVisit, _: &Patient) -> String {
    match (v.adverse_reaction, &v.record.adverse_what) {
        (false, _) if v.outcome == Outcome::Completed => "1 无".into(),
        (true, Some(w)) => format!("2 有：{w}"),
        (true, None) => "2 有".into(),
        _ => String::new(),
    }
}

fn hypoglycaemia(v: &FormVisit, _: &Patient) -> String {
    v.record
        .hypoglycaemia
        .map_or(String::new(), |h| h.word(true).into())
}

fn classification(v: &FormVisit, _: &Patient) -> String {
    match v.classification {
        Some(Classification::Controlled) => "1 控制满意",
        Some(Classification::Uncontrolled) => "2 控制不满意",
        Some(Classification::Adverse) => "3 不良反应",
        Some(Classification::Complication) => "4 并发症",
        None => "",
    }
    .into()
}

fn medication(v: &FormVisit, _: &Patient) -> String {
    // one drug a line of the cell
    v.regimen
        .iter()
        .map(|d| d.text(true))
        .collect::<Vec<_>>()
        .join("\n")
}

fn referral(v: &FormVisit, _: &Patient) -> String {
    let r = &v.record;
    let place = [&r.referral_facility, &r.referral_department]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    match (v.referral, place.is_empty()) {
        (ReferralNeed::None, true) => String::new(),
        (need, _) => {
            let why = match need {
                ReferralNeed::Emergency => "紧急转诊",
                ReferralNeed::Refer => "转诊",
                ReferralNeed::None => "",
            };
            [why, &place]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("：")
        }
    }
}

fn next_visit(v: &FormVisit, _: &Patient) -> String {
    v.next_visit_on.map_or(String::new(), |d| d.to_string())
}

fn signed(v: &FormVisit, _: &Patient) -> String {
    v.visited_by.clone().unwrap_or_default()
}

/// The items of a condition's form, in the paper's order.
fn items(c: Condition) -> Vec<Item> {
    let dm = c == Condition::Diabetes;
    let mut out: Vec<Item> = vec![
        ("", "随访日期", date_cell),
        ("", "随访方式", mode),
        (
            "症状",
            "症状",
            if dm {
                |v: &FormVisit, _: &Patient| symptoms(v, Condition::Diabetes)
            } else {
                |v: &FormVisit, _: &Patient| symptoms(v, Condition::Hypertension)
            },
        ),
        ("体征", "血压(mmHg)", bp),
        ("体征", "体重(kg) 现/目标", weight),
        ("体征", "体质指数 现/目标", body_mass),
    ];
    if !dm {
        out.push(("体征", "心率(次/分)", heart_rate));
    }
    if dm {
        out.push(("体征", "足背动脉搏动", foot_pulse));
    }
    out.push(("体征", "其他", other_signs));
    out.extend([
        (
            "生活方式指导",
            "日吸烟量(支) 现/目标",
            smoking as fn(&FormVisit, &Patient) -> String,
        ),
        ("生活方式指导", "日饮酒量(两) 现/目标", drinking),
        ("生活方式指导", "运动 现/目标", exercise),
    ]);
    if dm {
        out.push(("生活方式指导", "主食(克/天) 现/目标", staple));
    } else {
        out.push(("生活方式指导", "摄盐情况 现/目标", salt));
    }
    out.extend([
        (
            "生活方式指导",
            "心理调整",
            psychology as fn(&FormVisit, &Patient) -> String,
        ),
        ("生活方式指导", "遵医行为", compliance),
    ]);
    if dm {
        out.extend([
            (
                "辅助检查",
                "空腹血糖值",
                fpg as fn(&FormVisit, &Patient) -> String,
            ),
            ("辅助检查", "糖化血红蛋白", hba1c),
        ]);
    }
    out.extend([
        (
            "辅助检查",
            "其他检查",
            other_tests as fn(&FormVisit, &Patient) -> String,
        ),
        ("", "服药依从性", adherence),
        ("", "药物不良反应", adverse),
    ]);
    if dm {
        out.push(("", "低血糖反应", hypoglycaemia));
    }
    out.extend([
        (
            "",
            "此次随访分类",
            classification as fn(&FormVisit, &Patient) -> String,
        ),
        ("用药情况", "药物名称 用法 用量", medication),
        ("转诊", "原因；机构及科别", referral),
        ("", "下次随访日期", next_visit),
        ("", "随访医生签名", signed),
    ]);
    out
}

/// The forms of a patient for a year: one per condition in `conditions`
/// (hypertension first), each on as many pages as its visits need, four
/// visits a page, the last page's columns left blank for visits to come.
pub fn national_forms(p: &Patient, conditions: &[Condition], visits: &[FormVisit]) -> Vec<Sheet> {
    let mut out = Vec::new();
    for c in [Condition::Hypertension, Condition::Diabetes] {
        if !conditions.contains(&c) {
            continue;
        }
        let items = items(c);
        let chunks: Vec<&[FormVisit]> = if visits.is_empty() {
            vec![&[]]
        } else {
            visits.chunks(VISITS_PER_PAGE).collect()
        };
        for (page, chunk) in chunks.into_iter().enumerate() {
            let mut columns = vec![Column {
                title: "项目",
                width: 22,
                blank: false,
                small: false,
            }];
            columns.extend(VISIT_TITLES.iter().map(|t| Column {
                title: t,
                width: VISIT_WIDTH,
                blank: false,
                small: false,
            }));
            let rows = items
                .iter()
                .map(|(section, label, cell)| {
                    let mut cells = vec![label.to_string()];
                    cells.extend(chunk.iter().map(|v| cell(v, p)));
                    cells.resize(VISITS_PER_PAGE + 1, String::new());
                    Row {
                        group: section.to_string(),
                        cells,
                        flag: Flag::None,
                        ..Default::default()
                    }
                })
                .collect();
            let first = page * VISITS_PER_PAGE + 1;
            out.push(Sheet {
                name: format!("{}-{}-{}", p.name, title(c), p.year),
                title: title(c).to_string(),
                header: vec![
                    format!(
                        "姓名：{}　身份证号：{}　年度：{}　第 {}–{} 次随访",
                        p.name,
                        p.id_shown,
                        p.year,
                        first,
                        first + VISITS_PER_PAGE - 1,
                    ),
                ],
                columns,
                rows,
                legend: "填表说明：数值“现 / 目标”为本次情况与下次随访目标；用药情况每行一种药（药名 每日次数 每次剂量）；失访或死亡在随访日期处写明原因。".into(),
                signature: "随访医生签名：______________　日期：__________　卫生院审核：______________".into(),
                body_pt: None,
            });
        }
    }
    out
}
