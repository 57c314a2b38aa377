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
    match field {
        "weight_target_kg" => ("目标体重", "target weight"),
        "cigarettes" => ("日吸烟量", "cigarettes a day"),
        "cigarettes_target" => ("目标日吸烟量", "target cigarettes a day"),
        "alcohol_liang" => ("日饮酒量", "alcohol a day"),
        "alcohol_target" => ("目标日饮酒量", "target alcohol a day"),
        "exercise_times" => ("每周运动次数", "exercise times a week"),
        "exercise_times_target" => ("目标每周运动次数", "target exercise times a week"),
        "exercise_minutes" => ("每次运动分钟", "exercise minutes a time"),
        "exercise_minutes_target" => ("目标每次运动分钟", "target exercise minutes a time"),
        "staple_g" => ("主食", "staple food"),
        "staple_target" => ("目标主食", "target staple food"),
        "hba1c" => ("糖化血红蛋白", "HbA1c"),
        "hba1c_on" => ("糖化血红蛋白检查日期", "HbA1c test date"),
        "symptoms" => ("症状", "symptoms"),
        "foot_pulse" => ("足背动脉搏动", "foot pulse"),
        "other_signs" => ("其他体征", "other signs"),
        "other_tests" => ("其他检查", "other tests"),
        "adverse_what" => ("药物不良反应", "adverse reaction"),
        "referral_facility" => ("转诊机构", "referral facility"),
        "referral_department" => ("转诊科别", "referral department"),
        "symptoms_other" => ("其他症状", "other symptoms"),
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

/// One drug of a regimen: its name, times a day and the amount of a dose
/// (§3 用药情况); insulin also its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Drug {
    pub name: String,
    pub times_a_day: i32,
    pub amount: f64,
    pub unit: DoseUnit,
    pub insulin_kind: Option<String>,
}

impl Drug {
    /// `氨氯地平 1次/日 5mg` (Chinese) or `amlodipine 1×/day 5 mg`.
    pub fn text(&self, zh: bool) -> String {
        let amount = trim_number(self.amount);
        let unit = match (self.unit, zh) {
            (DoseUnit::Mg, _) => "mg",
            (DoseUnit::Tablet, true) => "片",
            (DoseUnit::Tablet, false) => " tablet(s)",
            (DoseUnit::Unit, _) => "U",
        };
        let kind = self
            .insulin_kind
            .as_deref()
            .map_or(String::new(), |k| format!("（{k}）"));
        if zh {
            format!(
                "{}{kind} {}次/日 {amount}{unit}",
                self.name, self.times_a_day
            )
        } else {
            format!(
                "{}{kind} {}×/day {amount}{unit}",
                self.name, self.times_a_day
            )
        }
    }
}

/// A regimen as one cell or line: `氨氯地平 1次/日 5mg；二甲双胍 2次/日 500mg`.
pub fn regimen_text<'a>(drugs: impl IntoIterator<Item = &'a Drug>, zh: bool) -> String {
    let sep = if zh { "；" } else { "; " };
    drugs
        .into_iter()
        .map(|d| d.text(zh))
        .collect::<Vec<_>>()
        .join(sep)
}

/// A number as the form writes it: `5`, `0.5`, `12.5`.
pub fn trim_number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Every problem with a regimen as entered: names, times a day, doses, and
/// one line per drug.
pub fn validate_regimen(drugs: &[Drug]) -> Vec<FieldProblem> {
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for d in drugs {
        let name = d.name.trim();
        if name.is_empty() {
            out.push(FieldProblem {
                field: "drug",
                problem: RecordProblem::DrugNameEmpty,
            });
        } else if name.chars().count() > DRUG_NAME_MAX {
            out.push(FieldProblem {
                field: "drug",
                problem: RecordProblem::TooLong { max: DRUG_NAME_MAX },
            });
        } else if seen.iter().any(|s| s == name) {
            out.push(FieldProblem {
                field: "drug",
                problem: RecordProblem::DrugTwice(name.to_string()),
            });
        } else {
            seen.push(name.to_string());
        }
        range(
            "times_a_day",
            "次",
            Some(d.times_a_day),
            TIMES_A_DAY_RANGE,
            &mut out,
        );
        let unit = match d.unit {
            DoseUnit::Mg => "mg",
            DoseUnit::Tablet => "片",
            DoseUnit::Unit => "U",
        };
        range("amount", unit, Some(d.amount), DOSE_RANGE, &mut out);
        text("drug", &d.insulin_kind, &mut out);
    }
    out
}

/// One line of a patient's regimen history: a drug at a dose from a day
/// (and the visit that started it) until a day (and the visit that changed
/// or stopped it), if it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct RegimenLine {
    pub id: i64,
    pub drug: Drug,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub from_visit: Option<i64>,
    pub until_visit: Option<i64>,
}

impl RegimenLine {
    /// In force on `day`: from its first day, until (not including) its end.
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| u > day)
    }
}

/// The regimen in force on `day`, in the order the drugs were started.
pub fn regimen_on(lines: &[RegimenLine], day: NaiveDate) -> Vec<&RegimenLine> {
    let mut on: Vec<&RegimenLine> = lines.iter().filter(|l| l.in_force(day)).collect();
    on.sort_by_key(|l| (l.from, l.id));
    on
}

/// What a visit does to the regimen in force: drugs started, stopped, or
/// whose dose (times, amount, unit, insulin kind) changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Start(Drug),
    Stop(String),
    Dose { from: Drug, to: Drug },
}

/// The changes from the regimen in force to the one a visit confirms,
/// matched by drug name: none when it is confirmed unchanged.
pub fn changes(in_force: &[Drug], confirmed: &[Drug]) -> Vec<Change> {
    let mut out = Vec::new();
    for old in in_force {
        match confirmed.iter().find(|d| d.name.trim() == old.name.trim()) {
            None => out.push(Change::Stop(old.name.clone())),
            Some(new) if new != old => out.push(Change::Dose {
                from: old.clone(),
                to: new.clone(),
            }),
            Some(_) => {}
        }
    }
    for new in confirmed {
        if !in_force.iter().any(|d| d.name.trim() == new.name.trim()) {
            out.push(Change::Start(new.clone()));
        }
    }
    out
}

/// Parses a regimen as a county export or a user writes it (issue 27 item
/// 7): drugs separated by `；` `;` or a line break, each `NAME N次/日 AMOUNTUNIT`
/// (`氨氯地平 1次/日 5mg；二甲双胍 2次/日 500mg`; `每日2次`, `bid`, `tid`,
/// `qd` and `1片`, `10U`, `10单位` also read). An empty text is no drug.
pub fn parse_regimen(s: &str, zh: bool) -> Result<Vec<Drug>, String> {
    let mut out = Vec::new();
    for part in s
        .split(['；', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        out.push(parse_drug(part, zh)?);
    }
    Ok(out)
}

fn parse_drug(part: &str, zh: bool) -> Result<Drug, String> {
    let bad = || {
        if zh {
            format!("读不懂用药“{part}”：请写药名、每日次数和每次剂量，如 氨氯地平 1次/日 5mg")
        } else {
            format!(
                "cannot read the drug \"{part}\": write name, times a day and dose, e.g. 氨氯地平 1次/日 5mg"
            )
        }
    };
    let words: Vec<&str> = part.split_whitespace().collect();
    if words.len() < 3 {
        return Err(bad());
    }
    let name = words[..words.len() - 2].join(" ");
    let (times, dose) = (words[words.len() - 2], words[words.len() - 1]);
    let times_a_day = match times.to_ascii_lowercase().as_str() {
        "qd" => 1,
        "bid" => 2,
        "tid" => 3,
        "qid" => 4,
        t => {
            let digits: String = t
                .trim_start_matches("每日")
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse::<i32>().map_err(|_| bad())?
        }
    };
    let num: String = dose
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let amount: f64 = num.parse().map_err(|_| bad())?;
    let unit = match dose[num.len()..].trim().to_lowercase().as_str() {
        "mg" | "毫克" => DoseUnit::Mg,
        "片" | "tablet" | "tablets" | "粒" => DoseUnit::Tablet,
        "u" | "iu" | "单位" => DoseUnit::Unit,
        _ => return Err(bad()),
    };
    // 胰岛素 name (kind): the kind in brackets after the name
    let (name, insulin_kind) = match name.split_once(['（', '(']) {
        Some((n, k)) => (
            n.trim().to_string(),
            Some(k.trim_end_matches(['）', ')']).trim().to_string()).filter(|k| !k.is_empty()),
        ),
        None => (name, None),
    };
    Ok(Drug {
        name,
        times_a_day,
        amount,
        unit,
        insulin_kind,
    })
}

/// The regimen's past changes, newest first (issue 27 item 2, the resident
/// screen): each day a line started or ended, what changed — a drug
/// started, stopped, or its dose changed (a line ended and one of the same
/// name started that day).
pub fn history(lines: &[RegimenLine]) -> Vec<(NaiveDate, Change)> {
    let mut days: Vec<NaiveDate> = lines
        .iter()
        .flat_map(|l| [Some(l.from), l.until])
        .flatten()
        .collect();
    days.sort();
    days.dedup();
    let mut out = Vec::new();
    for day in days {
        let before: Vec<Drug> = lines
            .iter()
            .filter(|l| l.from < day && l.until.is_none_or(|u| u >= day))
            .map(|l| l.drug.clone())
            .collect();
        let after: Vec<Drug> = regimen_on(lines, day)
            .into_iter()
            .map(|l| l.drug.clone())
            .collect();
        out.extend(changes(&before, &after).into_iter().map(|c| (day, c)));
    }
    // the newest day first, each day's changes in their order
    out.sort_by_key(|c| std::cmp::Reverse(c.0));
    out
}

impl Change {
    /// `停用 氨氯地平`, `新增 二甲双胍 2次/日 500mg`, `氨氯地平 5mg → 10mg`.
    pub fn text(&self, zh: bool) -> String {
        match (self, zh) {
            (Change::Start(d), true) => format!("新增 {}", d.text(true)),
            (Change::Start(d), false) => format!("started {}", d.text(false)),
            (Change::Stop(n), true) => format!("停用 {n}"),
            (Change::Stop(n), false) => format!("stopped {n}"),
            (Change::Dose { from, to }, true) => {
                format!("改量 {} → {}", from.text(true), to.text(true))
            }
            (Change::Dose { from, to }, false) => {
                format!("dose {} → {}", from.text(false), to.text(false))
            }
        }
    }
}

#[cfg(test)]
mod tests;
