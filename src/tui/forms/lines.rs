//! The follow-up form's typed lines (issue 27): a drug line (`aldp 1 5`,
//! the name completed from the township's names) and symptoms as the
//! paper's numbers (`26`).

use super::halfwidth;
use crate::domain::record::{self, DoseUnit, Drug};

/// A drug line as the form shows it: `氨氯地平 1次/日 5mg`, or in English
/// `amlodipine 1x/day 5mg` (both read back by [`parse_line`]).
pub(super) fn line_text(d: &Drug, zh: bool) -> String {
    if zh {
        return d.text(true);
    }
    let unit = match d.unit {
        DoseUnit::Mg => "mg",
        DoseUnit::Tablet => "tablet",
        DoseUnit::Unit => "U",
    };
    let kind = d
        .insulin_kind
        .as_deref()
        .map_or(String::new(), |k| format!("({k})"));
    format!(
        "{}{kind} {}x/day {}{unit}",
        d.name,
        d.times_a_day,
        record::trim_number(d.amount)
    )
}

/// The name part of a typed line (everything before times and dose), and
/// what it completes to.
pub(super) fn typed_name(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.len() {
        0 => String::new(),
        1 | 2 => words[0].to_string(),
        // the name may hold blanks: up to the last two words
        n => words[..n - 2].join(" "),
    }
}

/// A drug line as typed: name (or its pinyin initials, completed from
/// `names`), times a day and a dose (`aldp 1 5`, `氨氯地平 1次/日 5mg`,
/// `门冬胰岛素（速效） 3 8U`); a dose without its unit is in mg.
pub(super) fn parse_line(text: &str, names: &[String], zh: bool) -> Result<Drug, String> {
    let text = text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    if let Some(dose) = words.last_mut()
        && !dose.is_empty()
        && dose.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        dose.push_str("mg");
    }
    if let Some(times) = words.len().checked_sub(2).and_then(|i| words.get_mut(i))
        && let Some(n) = times.strip_suffix("x/day")
    {
        *times = n.to_string();
    }
    let name = typed_name(text);
    let (bare, kind) = match name.split_once(['（', '(']) {
        Some((n, k)) => (n.trim(), Some(k)),
        None => (name.as_str(), None),
    };
    let full = crate::search::complete(bare, names).unwrap_or(bare);
    let named = match kind {
        Some(k) => format!("{full}（{}", k.trim_start_matches(['（', '('])),
        None => full.to_string(),
    };
    let rest = if words.len() >= 3 {
        words[words.len() - 2..].join(" ")
    } else {
        words.get(1..).map(|w| w.join(" ")).unwrap_or_default()
    };
    let line = format!("{named} {rest}");
    let mut drugs = record::parse_regimen(&line, zh).map_err(|_| {
        if zh {
            format!(
                "读不懂“{text}”：请写药名、每日次数和每次剂量，如 aldp 1 5mg 或 氨氯地平 1次/日 5mg"
            )
        } else {
            format!(
                "cannot read \"{text}\": write the name, times a day and the dose, e.g. aldp 1 5mg"
            )
        }
    })?;
    match (drugs.pop(), drugs.is_empty()) {
        (Some(d), true) => Ok(d),
        _ => Err(if zh {
            "一行只写一种药".to_string()
        } else {
            "one drug a line".to_string()
        }),
    }
}

/// Symptoms typed as the paper's numbers (`26`: 2 and 6; blanks and commas
/// ignored); `None` when something else was typed.
pub(super) fn symptom_numbers(t: &str) -> Option<Vec<usize>> {
    let mut v = Vec::new();
    for c in t.chars().map(halfwidth) {
        match c {
            '1'..='9' => v.push(c as usize - '0' as usize),
            ' ' | ',' | '、' | '，' | '.' => {}
            _ => return None,
        }
    }
    v.sort();
    v.dedup();
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["氨氯地平", "二甲双胍", "缬沙坦", "门冬胰岛素"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// A drug line as typed: initials completed, the dose's unit mg when
    /// not said, the form's own writing read back, a line that is not one.
    #[test]
    fn drug_lines_read_and_complete() {
        let n = names();
        let table: &[(&str, Option<(&str, i32, f64, DoseUnit)>)] = &[
            ("aldp 1 5", Some(("氨氯地平", 1, 5.0, DoseUnit::Mg))),
            ("ejsg 2 500mg", Some(("二甲双胍", 2, 500.0, DoseUnit::Mg))),
            (
                "氨氯地平 1次/日 10mg",
                Some(("氨氯地平", 1, 10.0, DoseUnit::Mg)),
            ),
            ("xst 1 1片", Some(("缬沙坦", 1, 1.0, DoseUnit::Tablet))),
            ("二甲 3 0.5", Some(("二甲双胍", 3, 0.5, DoseUnit::Mg))),
            (
                "amlodipine 1x/day 5mg",
                Some(("amlodipine", 1, 5.0, DoseUnit::Mg)),
            ),
            ("阿卡波糖 3 50mg", Some(("阿卡波糖", 3, 50.0, DoseUnit::Mg))),
            ("aldp", None),
            ("aldp 1", None),
            ("aldp 1 5kg", None),
        ];
        for (typed, want) in table {
            let got = parse_line(typed, &n, true);
            match want {
                Some((name, times, amount, unit)) => {
                    let d = got.unwrap_or_else(|e| panic!("{typed}: {e}"));
                    assert_eq!(
                        (d.name.as_str(), d.times_a_day, d.amount, d.unit),
                        (*name, *times, *amount, *unit),
                        "{typed}"
                    );
                    // written back, read back the same, in both languages
                    for zh in [true, false] {
                        assert_eq!(parse_line(&line_text(&d, zh), &n, zh), Ok(d.clone()));
                    }
                }
                None => assert!(got.is_err(), "{typed}: {got:?}"),
            }
        }
        let d = parse_line("门冬胰岛素（速效） 3 8U", &n, true).unwrap();
        assert_eq!(d.insulin_kind.as_deref(), Some("速效"));
        assert_eq!(d.unit, DoseUnit::Unit);
    }

    /// Symptoms as the paper's numbers.
    #[test]
    fn symptoms_by_number() {
        assert_eq!(symptom_numbers("26"), Some(vec![2, 6]));
        assert_eq!(symptom_numbers("６, 2 2"), Some(vec![2, 6]));
        assert_eq!(symptom_numbers(""), Some(vec![]));
        assert_eq!(symptom_numbers("头晕"), None);
        assert_eq!(symptom_numbers("0"), None);
    }
}
