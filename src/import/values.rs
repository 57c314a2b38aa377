//! Cell values as people write them in registers: dates in five shapes,
//! 是/否, 男/女 and the Chinese names of relations, kinds and modes.

use crate::domain::model::*;
use chrono::NaiveDate;

/// 1899-12-30 plus n days: Excel's serial dates (its 1900 leap-year bug
/// makes day 60 fictitious, so counting from the 30th is right after it).
pub fn excel_serial(n: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n.floor() as u64))
}

/// 2026-11-22, 2026/11/22, 2026.11.22, 2026年11月22日, 20261122, an Excel
/// serial number (45983), or a date-time whose time is dropped. A date of
/// the right shape that does not exist is named (30 February).
pub fn parse_date(s: &str, zh: bool) -> Result<NaiveDate, String> {
    use crate::words::Lang;
    let lang = if zh { Lang::Zh } else { Lang::En };
    let t = s.trim();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    let ymd: Option<(&str, &str, &str)> = if digits(t) && t.len() == 8 {
        Some((&t[..4], &t[4..6], &t[6..]))
    } else if let Some(rest) = t.strip_suffix('日') {
        rest.split_once('年')
            .and_then(|(y, md)| md.split_once('月').map(|(m, d)| (y, m, d)))
    } else {
        let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
        match parts.as_slice() {
            [y, m, d] if y.len() == 4 => Some((y, m, d)),
            _ => None,
        }
    };
    if let Some((y, m, d)) = ymd.filter(|(y, m, d)| digits(y) && digits(m) && digits(d)) {
        let (y, m, d) = (
            y.parse().unwrap_or(0),
            m.parse().unwrap_or(0),
            d.parse().unwrap_or(0),
        );
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
            crate::words::parse_date(&format!("{y:04}-{m:02}-{d:02}"), lang).unwrap_err()
        });
    }
    if let Ok(n) = t.parse::<f64>()
        && let Some(d) = excel_serial(n)
    {
        return Ok(d);
    }
    Err(if zh {
        format!("“{s}”不是日期，请写成 2026-11-22、2026/11/22、2026年11月22日或 20261122")
    } else {
        format!("{s:?} is not a date; write 2026-11-22, 2026/11/22, 2026年11月22日 or 20261122")
    })
}

/// 是/否 and its usual spellings; `None` for anything else.
pub fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "是" | "有" | "y" | "yes" | "true" | "1" | "√" | "✓" => Some(true),
        "否" | "无" | "n" | "no" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// A blood pressure as the form writes it in one cell: `150/95` (also
/// `150／95`, `150,95`, `150 95`); `None` when it is not two numbers.
pub fn blood_pressure(s: &str) -> Option<(i32, i32)> {
    let parts: Vec<&str> = s
        .trim()
        .trim_end_matches("mmHg")
        .split(['/', '／', ',', '，', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [a, b] => Some((a.parse().ok()?, b.parse().ok()?)),
        _ => None,
    }
}

/// (Chinese word, value) tables: the first word is what gridcare writes;
/// the code (hypertension, clinic …) is accepted too.
pub const SEXES: &[(&str, Sex)] = &[("男", Sex::Male), ("女", Sex::Female)];
pub const RELATIONS: &[(&str, Relation)] = &[
    ("户主", Relation::Head),
    ("本人", Relation::Head),
    ("配偶", Relation::Spouse),
    ("子女", Relation::Child),
    ("子", Relation::Child),
    ("女", Relation::Child),
    ("父母", Relation::Parent),
    ("孙子女", Relation::Grandchild),
    ("兄弟姐妹", Relation::Sibling),
    ("其他", Relation::Other),
];
pub const CONDITIONS: &[(&str, Condition)] = &[
    ("高血压", Condition::Hypertension),
    ("糖尿病", Condition::Diabetes),
    ("2型糖尿病", Condition::Diabetes),
    ("严重精神障碍", Condition::Mental),
    ("其他慢病", Condition::Other),
];
pub const KINDS: &[(&str, VisitKind)] = &[
    ("随访", VisitKind::Followup),
    ("复查", VisitKind::Recheck),
    ("转诊随访", VisitKind::ReferralFollowup),
    ("年度体检", VisitKind::YearlyCheck),
];
pub const MODES: &[(&str, VisitMode)] = &[
    ("门诊", VisitMode::Clinic),
    ("家庭", VisitMode::Home),
    ("入户", VisitMode::Home),
    ("电话", VisitMode::Phone),
];
pub const ADHERENCE: &[(&str, Adherence)] = &[
    ("规律", Adherence::Regular),
    ("间断", Adherence::Intermittent),
    ("不服药", Adherence::None),
];
pub const SALT: &[(&str, Salt)] = &[
    ("轻", Salt::Light),
    ("中", Salt::Medium),
    ("重", Salt::Heavy),
];
pub const COMPLICATIONS: &[(&str, Complication)] = &[
    ("无", Complication::None),
    ("新发", Complication::New),
    ("加重", Complication::Worse),
];

/// Looks a word up in a table, or takes the value's code (M, head, clinic …).
pub fn word<T: Copy + PartialEq>(
    table: &[(&str, T)],
    code: impl Fn(T) -> &'static str,
    s: &str,
) -> Option<T> {
    let s = s.trim();
    table
        .iter()
        .find(|(w, v)| *w == s || code(*v).eq_ignore_ascii_case(s))
        .map(|(_, v)| *v)
}

/// The word gridcare writes for a value.
pub fn name_of<T: Copy + PartialEq>(table: &[(&'static str, T)], v: T) -> &'static str {
    table.iter().find(|(_, x)| *x == v).map_or("", |(w, _)| w)
}

/// The words a column accepts, for a message.
pub fn words<T: Copy + PartialEq>(table: &[(&str, T)]) -> String {
    let mut seen: Vec<T> = Vec::new();
    let mut out = Vec::new();
    for (w, v) in table {
        if !seen.contains(v) {
            seen.push(*v);
            out.push(*w);
        }
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_shape_people_write() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        for s in [
            "2026-11-22",
            "2026/11/22",
            "2026.11.22",
            "2026年11月22日",
            "20261122",
            "46348",
            "46348.0",
            "2026-11-22 00:00:00",
        ] {
            assert_eq!(parse_date(s, true), Ok(d), "{s}");
        }
        assert!(
            parse_date("2026-02-30", false)
                .unwrap_err()
                .contains("no day 30")
        );
        assert!(
            parse_date("2026年2月30日", true)
                .unwrap_err()
                .contains("没有 30 日")
        );
        assert!(parse_date("下周", true).is_err());
    }
}
