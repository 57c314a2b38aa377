//! Dates read from what a person typed, with the reason in words when they
//! are not dates.

use chrono::NaiveDate;

/// A date typed as YYYY-MM-DD (`--today`, `--since`, a form's date field, a
/// file's cell). A date of the right shape that does not exist is named as
/// such (30 February), in the given language; anything else is asked for as
/// YYYY-MM-DD.
pub fn parse_date(s: &str, lang: crate::words::Lang) -> std::result::Result<NaiveDate, String> {
    use crate::words::Lang;
    let t = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = t.split('-').collect();
    let numbers = match parts.as_slice() {
        [y, m, d]
            if y.len() == 4
                && (1..=2).contains(&m.len())
                && (1..=2).contains(&d.len())
                && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            y.parse::<i32>()
                .ok()
                .zip(m.parse::<u32>().ok())
                .zip(d.parse::<u32>().ok())
                .map(|((y, m), d)| (y, m, d))
        }
        _ => None,
    };
    Err(match numbers {
        Some((_, m, _)) if !(1..=12).contains(&m) => match lang {
            Lang::En => format!("{t}: there is no month {m}; months run from 01 to 12"),
            Lang::Zh => format!("{t}：没有 {m} 月，月份为 01 至 12"),
        },
        Some((y, m, d)) => {
            let first = NaiveDate::from_ymd_opt(y, m, 1);
            let days = first
                .and_then(|f| f.checked_add_months(chrono::Months::new(1)))
                .zip(first)
                .map_or(0, |(next, f)| (next - f).num_days());
            let month = chrono::Month::try_from(m as u8).map_or("", |x| x.name());
            match lang {
                Lang::En => format!("{t}: {month} {y} has no day {d} (it has {days} days)"),
                Lang::Zh => format!("{t}：{y} 年 {m} 月没有 {d} 日（该月只有 {days} 天）"),
            }
        }
        None => match lang {
            Lang::En => format!("{s:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20"),
            Lang::Zh => format!("“{s}”不是日期，请写成 YYYY-MM-DD，例如 2026-11-20"),
        },
    })
}

#[cfg(test)]
mod dates {
    use super::*;
    use crate::words::Lang;

    /// Dates of the right shape that do not exist say so; others ask for the shape.
    #[test]
    fn parse_date_table() {
        let ok: &[(&str, &str)] = &[("2026-11-20", "2026-11-20"), ("2024-02-29", "2024-02-29")];
        for (s, want) in ok {
            assert_eq!(parse_date(s, Lang::En).unwrap().to_string(), *want);
        }
        let bad: &[(&str, Lang, &str)] = &[
            (
                "2026-02-30",
                Lang::En,
                "2026-02-30: February 2026 has no day 30 (it has 28 days)",
            ),
            (
                "2026-02-30",
                Lang::Zh,
                "2026-02-30：2026 年 2 月没有 30 日（该月只有 28 天）",
            ),
            (
                "2025-02-29",
                Lang::En,
                "2025-02-29: February 2025 has no day 29 (it has 28 days)",
            ),
            (
                "2026-04-31",
                Lang::En,
                "2026-04-31: April 2026 has no day 31 (it has 30 days)",
            ),
            (
                "2026-13-01",
                Lang::En,
                "2026-13-01: there is no month 13; months run from 01 to 12",
            ),
            (
                "2026-13-01",
                Lang::Zh,
                "2026-13-01：没有 13 月，月份为 01 至 12",
            ),
            (
                "2026-00-10",
                Lang::En,
                "2026-00-10: there is no month 0; months run from 01 to 12",
            ),
            (
                "20261120",
                Lang::En,
                "\"20261120\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20",
            ),
            (
                "2026/11/20",
                Lang::Zh,
                "“2026/11/20”不是日期，请写成 YYYY-MM-DD，例如 2026-11-20",
            ),
            (
                "tomorrow",
                Lang::En,
                "\"tomorrow\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20",
            ),
        ];
        for (s, lang, want) in bad {
            assert_eq!(parse_date(s, *lang).unwrap_err(), *want, "{s}");
        }
    }
}
