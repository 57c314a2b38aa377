//! The national follow-up record (domain.md §3, "The follow-up record"):
//! every field of 高血压患者随访服务记录表 and 2型糖尿病患者随访服务记录表
//! beyond the vitals, adherence and classification a follow-up already holds
//! (`followup.rs`) — symptoms, targets, lifestyle amounts, diabetes' foot
//! pulse, staple food, HbA1c, hypoglycaemia, psychological adjustment and
//! following advice, the referral's facility and department — and the
//! patient's medicine regimen, carried from visit to visit with every change
//! kept, so the regimen in force on any day can be shown.
//!
//! Pure: no SQL, no terminal; the date is a parameter.

use super::code_enum;
use super::model::{Condition, Salt};
use super::refusal::VitalProblem;
use chrono::NaiveDate;

code_enum!(
    /// Hypertension symptoms since the last visit (§3), in the form's order
    /// (its numbers 1–9 are `number`).
    HtnSymptom {
        None = "none",
        Headache = "headache",
        Nausea = "nausea",
        VisionTinnitus = "vision_tinnitus",
        Breathing = "breathing",
        Palpitation = "palpitation",
        Nosebleed = "nosebleed",
        Numbness = "numbness",
        Oedema = "oedema",
    }
);
code_enum!(
    /// Diabetes symptoms since the last visit (§3), in the form's order.
    DmSymptom {
        None = "none",
        Thirst = "thirst",
        Hunger = "hunger",
        Polyuria = "polyuria",
        Vision = "vision",
        Infection = "infection",
        Numbness = "numbness",
        Oedema = "oedema",
        WeightLoss = "weight_loss",
    }
);
code_enum!(
    /// Diabetes' foot-artery pulse 足背动脉搏动 (§3).
    Pulse { Normal = "normal", Weakened = "weakened", Absent = "absent" }
);
code_enum!(
    /// The side of a weakened or absent foot pulse.
    Side { Both = "both", Left = "left", Right = "right" }
);
code_enum!(
    /// Psychological adjustment 心理调整 and following advice 遵医行为 (§3).
    Grade { Good = "good", Fair = "fair", Poor = "poor" }
);
code_enum!(
    /// Hypoglycaemia 低血糖反应 (§3, diabetes).
    Hypoglycaemia { None = "none", Occasional = "occasional", Frequent = "frequent" }
);
code_enum!(
    /// The unit of one dose (§3 用药情况): mg, tablets 片, or insulin units.
    DoseUnit { Mg = "mg", Tablet = "tablet", Unit = "U" }
);

impl HtnSymptom {
    /// The form's number of the symptom (1 none … 9 leg oedema).
    pub fn number(self) -> usize {
        HtnSymptom::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }
}

impl DmSymptom {
    /// The form's number of the symptom (1 none … 9 marked weight loss).
    pub fn number(self) -> usize {
        DmSymptom::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }
}

/// The words of a coded field of the form, in Chinese and English: one
/// place for every screen, sheet, import and export (the import also takes
/// the code itself).
macro_rules! words {
    ($t:ty { $($v:ident => $zh:literal, $en:literal;)+ }) => {
        impl $t {
            pub fn word(self, zh: bool) -> &'static str {
                match (self, zh) {
                    $((<$t>::$v, true) => $zh, (<$t>::$v, false) => $en,)+
                }
            }
            /// The value a word (either language) or code names.
            pub fn from_word(s: &str) -> Option<$t> {
                let s = s.trim();
                <$t>::ALL.iter().copied().find(|v| {
                    v.word(true) == s || v.word(false).eq_ignore_ascii_case(s) || v.code().eq_ignore_ascii_case(s)
                })
            }
        }
    };
}
words!(HtnSymptom {
    None => "无症状", "none";
    Headache => "头痛头晕", "headache/dizziness";
    Nausea => "恶心呕吐", "nausea/vomiting";
    VisionTinnitus => "眼花耳鸣", "blurred vision/tinnitus";
    Breathing => "呼吸困难", "breathing difficulty";
    Palpitation => "心悸胸闷", "palpitations/chest tightness";
    Nosebleed => "鼻衄出血不止", "nosebleed that won't stop";
    Numbness => "四肢发麻", "numb limbs";
    Oedema => "下肢水肿", "leg oedema";
});
words!(DmSymptom {
    None => "无症状", "none";
    Thirst => "多饮", "thirst";
    Hunger => "多食", "hunger";
    Polyuria => "多尿", "polyuria";
    Vision => "视力模糊", "blurred vision";
    Infection => "感染", "infection";
    Numbness => "手脚麻木", "numb hands/feet";
    Oedema => "下肢浮肿", "leg oedema";
    WeightLoss => "体重明显下降", "marked weight loss";
});
words!(Pulse {
    Normal => "正常", "normal";
    Weakened => "减弱", "weakened";
    Absent => "消失", "absent";
});
words!(Side {
    Both => "双侧", "both sides";
    Left => "左侧", "left";
    Right => "右侧", "right";
});
words!(Grade {
    Good => "良好", "good";
    Fair => "一般", "fair";
    Poor => "差", "poor";
});
words!(Hypoglycaemia {
    None => "无", "none";
    Occasional => "偶尔", "occasional";
    Frequent => "频繁", "frequent";
});

impl FootPulse {
    /// `正常`, `左侧减弱`, `absent (both sides)`.
    pub fn text(self, zh: bool) -> String {
        match (self.side, zh) {
            (None, _) => self.pulse.word(zh).to_string(),
            (Some(s), true) => format!("{}{}", s.word(true), self.pulse.word(true)),
            (Some(s), false) => format!("{} ({})", self.pulse.word(false), s.word(false)),
        }
    }
    /// Reads `正常`, `左侧减弱`, `减弱（左侧）`, `weakened left`, a code pair
    /// `weakened/left`.
    pub fn parse(s: &str) -> Option<FootPulse> {
        let t: String = s
            .chars()
            .filter(|c| !matches!(c, '（' | '）' | '(' | ')' | ' ' | '/' | ','))
            .collect();
        let t = t.to_lowercase();
        let pulse = Pulse::ALL
            .iter()
            .copied()
            .find(|p| t.contains(p.word(true)) || t.contains(p.code()))?;
        let side = Side::ALL
            .iter()
            .copied()
            .find(|x| t.contains(x.word(true)) || t.contains(x.code()));
        let p = FootPulse { pulse, side };
        ((pulse == Pulse::Normal) == side.is_none()).then_some(p)
    }
}

/// Symptoms as one cell: the words of each form, `、`-separated, in the
/// forms' order; "无症状" once when both say none.
pub fn symptoms_text(s: &Symptoms, zh: bool) -> String {
    let sep = if zh { "、" } else { ", " };
    let mut words: Vec<&str> = s.htn.iter().map(|x| x.word(zh)).collect();
    for w in s.dm.iter().map(|x| x.word(zh)) {
        if !words.contains(&w) {
            words.push(w);
        }
    }
    words.join(sep)
}

/// Reads a symptoms cell: words of either form (or codes), separated by
/// `、` `，` `,` `;` or blanks, for a patient with `conditions`; "无症状"
/// (or 无) is "none" on each of their forms. An unknown word is named.
pub fn parse_symptoms(s: &str, conditions: &[Condition], zh: bool) -> Result<Symptoms, String> {
    let mut out = Symptoms::default();
    let mut none = false;
    let htn = conditions.contains(&Condition::Hypertension);
    let dm = conditions.contains(&Condition::Diabetes);
    for w in s
        .split(['、', '，', ',', ';', '；', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        if matches!(w, "无" | "无症状" | "none") {
            none = true;
            continue;
        }
        let h = HtnSymptom::from_word(w).filter(|_| htn);
        let d = DmSymptom::from_word(w).filter(|_| dm);
        match (h, d) {
            (None, None) => {
                return Err(if zh {
                    format!("“{w}”不是该患者随访表上的症状，请写如 头痛头晕、多饮 或 无症状")
                } else {
                    format!(
                        "\"{w}\" is not a symptom of this patient's forms; write e.g. 头痛头晕、多饮 or 无症状"
                    )
                });
            }
            (h, d) => {
                out.htn.extend(h);
                out.dm.extend(d);
            }
        }
    }
    // "无症状" is "none" on each of the patient's forms that lists nothing
    // else (`无症状、多饮` of a patient with both: none on the hypertension
    // form, thirst on the diabetes form)
    if none && htn && out.htn.is_empty() {
        out.htn.push(HtnSymptom::None);
    }
    if none && dm && out.dm.is_empty() {
        out.dm.push(DmSymptom::None);
    }
    out.htn.sort();
    out.htn.dedup();
    out.dm.sort();
    out.dm.dedup();
    Ok(out)
}

/// A foot pulse as the form records it: normal, or weakened / absent on one
/// or both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FootPulse {
    pub pulse: Pulse,
    /// Which side, when not normal.
    pub side: Option<Side>,
}

/// One lifestyle amount or weight: what it is now and the target for the
/// next visit (§3: "each now / target for the next visit").
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pair<T> {
    pub now: Option<T>,
    pub target: Option<T>,
}

impl<T> Pair<T> {
    pub fn is_empty(&self) -> bool {
        self.now.is_none() && self.target.is_none()
    }
}

/// Symptoms since the last visit: codes per condition, and free text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Symptoms {
    pub htn: Vec<HtnSymptom>,
    pub dm: Vec<DmSymptom>,
    pub other: Option<String>,
}

/// The fields of the national forms a follow-up holds beside its vitals,
/// adherence, adverse reaction, classification and next date. Every field
/// may be empty: an older visit has none of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub symptoms: Symptoms,
    /// The weight to reach by the next visit (the weight now is a vital).
    pub weight_target_kg: Option<f64>,
    /// Other signs, as text.
    pub other_signs: Option<String>,
    pub foot_pulse: Option<FootPulse>,
    /// Cigarettes a day 支/日.
    pub cigarettes: Pair<i32>,
    /// Alcohol a day in 两 of spirits (beer ÷ 10, wine ÷ 4, rice wine ÷ 5).
    pub alcohol_liang: Pair<f64>,
    /// Exercise: times a week …
    pub exercise_times: Pair<i32>,
    /// … × minutes a time.
    pub exercise_minutes: Pair<i32>,
    /// The salt intake to reach (the intake now is `Lifestyle::salt`).
    pub salt_target: Option<Salt>,
    /// Staple food, grams a day 主食 (diabetes).
    pub staple_g: Pair<i32>,
    pub psychology: Option<Grade>,
    pub compliance: Option<Grade>,
    /// HbA1c % and the day it was tested (diabetes).
    pub hba1c: Option<f64>,
    pub hba1c_on: Option<NaiveDate>,
    /// Other test results since the last visit, as text.
    pub other_tests: Option<String>,
    /// What the adverse drug reaction was.
    pub adverse_what: Option<String>,
    pub hypoglycaemia: Option<Hypoglycaemia>,
    /// The referral's facility and department 机构及科别.
    pub referral_facility: Option<String>,
    pub referral_department: Option<String>,
}

impl Record {
    pub fn is_empty(&self) -> bool {
        *self == Record::default()
    }
}

/// Plausible ranges of the record's amounts [ours, issue 27].
pub const CIGARETTES_RANGE: (i32, i32) = (0, 100);
pub const ALCOHOL_RANGE: (f64, f64) = (0.0, 20.0);
pub const EXERCISE_TIMES_RANGE: (i32, i32) = (0, 14);
pub const EXERCISE_MINUTES_RANGE: (i32, i32) = (0, 300);
pub const STAPLE_RANGE: (i32, i32) = (0, 1500);
pub const HBA1C_RANGE: (f64, f64) = (3.0, 20.0);
/// Free text of one field of the form: a line, not a letter.
pub const TEXT_MAX: usize = 200;
/// Times a day of one drug, and the amount of one dose.
pub const TIMES_A_DAY_RANGE: (i32, i32) = (1, 6);
pub const DOSE_RANGE: (f64, f64) = (0.01, 5000.0);
/// A drug's name, in characters.
pub const DRUG_NAME_MAX: usize = 40;

/// One field of the record, for messages: its code, Chinese and English name.
pub fn field_name(field: &str) -> (&'static str, &'static str) {
    if let Some(f) = RecordField::from_code(field) {
        return (f.zh(), f.en());
    }
    match field {
        "symptoms" => ("症状", "symptoms"),
        "drug" => ("药物名称", "drug name"),
        "times_a_day" => ("每日次数", "times a day"),
        "amount" => ("每次剂量", "dose"),
        _ => ("数值", "value"),
    }
}

/// A problem with one field of the record: which field, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub problem: RecordProblem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RecordProblem {
    /// A number outside its plausible range.
    Range(VitalProblem),
    /// "None" ticked beside a symptom.
    NoneWithOthers,
    /// A weakened or absent pulse without its side, or a side on a normal one.
    PulseSide,
    /// A test date after the visit.
    DateAfterVisit { date: NaiveDate, visit: NaiveDate },
    /// A test date without its result.
    DateWithoutValue,
    /// Text longer than a field holds.
    TooLong { max: usize },
    /// A field of the diabetes form on a patient without diabetes.
    DiabetesOnly,
    /// A drug listed twice in one regimen.
    DrugTwice(String),
    /// A drug without a name.
    DrugNameEmpty,
}

impl FieldProblem {
    /// The message, in Chinese or English: the field, what is wrong, how to fix it.
    pub fn text(&self, zh: bool) -> String {
        let (fz, fe) = field_name(self.field);
        match (&self.problem, zh) {
            (RecordProblem::Range(p), true) => p.zh(self.field).replacen("数值", fz, 1),
            (RecordProblem::Range(p), false) => format!("{fe}: {}", p.en()),
            (RecordProblem::NoneWithOthers, true) => {
                format!("{fz}：选了“无”就不能再选其他症状，请去掉其一")
            }
            (RecordProblem::NoneWithOthers, false) => {
                format!("{fe}: \"none\" cannot go with other symptoms; untick one")
            }
            (RecordProblem::PulseSide, true) => {
                format!("{fz}：减弱或消失须写明左侧、右侧或双侧；正常不写侧别")
            }
            (RecordProblem::PulseSide, false) => {
                format!(
                    "{fe}: weakened or absent needs its side (left, right, both); normal has none"
                )
            }
            (RecordProblem::DateAfterVisit { date, visit }, true) => {
                format!("{fz}（{date}）不能晚于本次随访日期（{visit}）")
            }
            (RecordProblem::DateAfterVisit { date, visit }, false) => {
                format!("{fe} ({date}) cannot be after the visit ({visit})")
            }
            (RecordProblem::DateWithoutValue, true) => format!("{fz}：有日期须有结果"),
            (RecordProblem::DateWithoutValue, false) => {
                format!("{fe}: a test date needs its result")
            }
            (RecordProblem::TooLong { max }, true) => format!("{fz}：最多 {max} 个字"),
            (RecordProblem::TooLong { max }, false) => {
                format!("{fe}: at most {max} characters")
            }
            (RecordProblem::DiabetesOnly, true) => {
                format!("{fz}只属于糖尿病随访；该居民未在糖尿病管理中，请留空")
            }
            (RecordProblem::DiabetesOnly, false) => format!(
                "{fe} belongs to a diabetes follow-up; the resident is not managed for diabetes, leave it empty"
            ),
            (RecordProblem::DrugTwice(d), true) => format!("{d} 列了两次：同一种药只写一行"),
            (RecordProblem::DrugTwice(d), false) => {
                format!("{d} is listed twice: one line per drug")
            }
            (RecordProblem::DrugNameEmpty, true) => "药物名称不能为空".into(),
            (RecordProblem::DrugNameEmpty, false) => "a drug needs its name".into(),
        }
    }
}

fn range<T: PartialOrd + std::fmt::Display + Copy>(
    field: &'static str,
    unit: &'static str,
    v: Option<T>,
    (lo, hi): (T, T),
    out: &mut Vec<FieldProblem>,
) {
    if let Some(v) = v
        && !(lo <= v && v <= hi)
    {
        out.push(FieldProblem {
            field,
            problem: RecordProblem::Range(VitalProblem::OutOfRange {
                value: v.to_string(),
                lo: lo.to_string(),
                hi: hi.to_string(),
                unit,
            }),
        });
    }
}

fn text(field: &'static str, v: &Option<String>, out: &mut Vec<FieldProblem>) {
    if v.as_ref().is_some_and(|t| t.chars().count() > TEXT_MAX) {
        out.push(FieldProblem {
            field,
            problem: RecordProblem::TooLong { max: TEXT_MAX },
        });
    }
}

/// Every problem with a record of a follow-up on `visit` of a patient with
/// `conditions`, or none: ranges (issue 27), "none" alone, a pulse's side,
/// a test date not after the visit, text lengths, and the diabetes form's
/// fields only for a diabetes patient.
pub fn validate(r: &Record, visit: NaiveDate, conditions: &[Condition]) -> Vec<FieldProblem> {
    let mut out = Vec::new();
    let weight = super::followup::WEIGHT_RANGE;
    range(
        "weight_target_kg",
        "kg",
        r.weight_target_kg,
        weight,
        &mut out,
    );
    range(
        "cigarettes",
        "支",
        r.cigarettes.now,
        CIGARETTES_RANGE,
        &mut out,
    );
    range(
        "cigarettes_target",
        "支",
        r.cigarettes.target,
        CIGARETTES_RANGE,
        &mut out,
    );
    range(
        "alcohol_liang",
        "两",
        r.alcohol_liang.now,
        ALCOHOL_RANGE,
        &mut out,
    );
    range(
        "alcohol_target",
        "两",
        r.alcohol_liang.target,
        ALCOHOL_RANGE,
        &mut out,
    );
    let times = EXERCISE_TIMES_RANGE;
    range(
        "exercise_times",
        "次",
        r.exercise_times.now,
        times,
        &mut out,
    );
    range(
        "exercise_times_target",
        "次",
        r.exercise_times.target,
        times,
        &mut out,
    );
    let minutes = EXERCISE_MINUTES_RANGE;
    range(
        "exercise_minutes",
        "min",
        r.exercise_minutes.now,
        minutes,
        &mut out,
    );
    range(
        "exercise_minutes_target",
        "min",
        r.exercise_minutes.target,
        minutes,
        &mut out,
    );
    range("staple_g", "g", r.staple_g.now, STAPLE_RANGE, &mut out);
    range(
        "staple_target",
        "g",
        r.staple_g.target,
        STAPLE_RANGE,
        &mut out,
    );
    range("hba1c", "%", r.hba1c, HBA1C_RANGE, &mut out);
    let s = &r.symptoms;
    if (s.htn.contains(&HtnSymptom::None) && s.htn.len() > 1)
        || (s.dm.contains(&DmSymptom::None) && s.dm.len() > 1)
    {
        out.push(FieldProblem {
            field: "symptoms",
            problem: RecordProblem::NoneWithOthers,
        });
    }
    if let Some(p) = r.foot_pulse
        && ((p.pulse == Pulse::Normal) != p.side.is_none())
    {
        out.push(FieldProblem {
            field: "foot_pulse",
            problem: RecordProblem::PulseSide,
        });
    }
    match (r.hba1c, r.hba1c_on) {
        (None, Some(_)) => out.push(FieldProblem {
            field: "hba1c_on",
            problem: RecordProblem::DateWithoutValue,
        }),
        (_, Some(d)) if d > visit => out.push(FieldProblem {
            field: "hba1c_on",
            problem: RecordProblem::DateAfterVisit { date: d, visit },
        }),
        _ => {}
    }
    for (field, v) in [
        ("symptoms_other", &s.other),
        ("other_signs", &r.other_signs),
        ("other_tests", &r.other_tests),
        ("adverse_what", &r.adverse_what),
        ("referral_facility", &r.referral_facility),
        ("referral_department", &r.referral_department),
    ] {
        text(field, v, &mut out);
    }
    if !conditions.contains(&Condition::Diabetes) {
        let diabetes_only: [(&'static str, bool); 6] = [
            ("symptoms", !s.dm.is_empty()),
            ("foot_pulse", r.foot_pulse.is_some()),
            ("staple_g", !r.staple_g.is_empty()),
            ("hba1c", r.hba1c.is_some()),
            ("hba1c_on", r.hba1c_on.is_some()),
            ("hypoglycaemia", r.hypoglycaemia.is_some()),
        ];
        for (field, given) in diabetes_only {
            if given {
                out.push(FieldProblem {
                    field,
                    problem: RecordProblem::DiabetesOnly,
                });
            }
        }
    }
    out
}

mod fields;
mod regimen;
pub use fields::RecordField;
pub(crate) use fields::national_record_fields;

pub use regimen::*;

#[cfg(test)]
mod tests;
