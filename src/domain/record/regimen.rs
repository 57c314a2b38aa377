//! The regimen (domain.md §3 用药情况): drugs with their doses, the lines
//! of a patient's regimen with the visits that started and ended them, the
//! regimen on any day, the changes a visit makes, and the regimen read from
//! and written as text (`氨氯地平 1次/日 5mg；…`).

use super::*;

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
