//! Calendar periods and ages (domain.md §2 ages, §6 periods).

use chrono::{Datelike, Days, Months, NaiveDate};

/// Age in whole years on `day`, comparing (month, day) with the birth date, so
/// a 29 February birthday is reached on 1 March in common years (domain.md §2).
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let mut years = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// The calendar periods of periodic obligations (domain.md §6).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// ISO week, Monday to Sunday.
    Week,
    Month,
    Quarter,
    Year,
}

impl Cadence {
    pub const ALL: [Cadence; 4] = [
        Cadence::Week,
        Cadence::Month,
        Cadence::Quarter,
        Cadence::Year,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Cadence::Week => "week",
            Cadence::Month => "month",
            Cadence::Quarter => "quarter",
            Cadence::Year => "year",
        }
    }
    pub fn from_code(s: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.code() == s)
    }
    /// The same day one period later (for "then monthly while yellow").
    pub fn after(self, day: NaiveDate) -> NaiveDate {
        match self {
            Cadence::Week => day + Days::new(7),
            Cadence::Month => day + Months::new(1),
            Cadence::Quarter => day + Months::new(3),
            Cadence::Year => day + Months::new(12),
        }
    }
}

impl std::str::FromStr for Cadence {
    type Err = ();
    fn from_str(s: &str) -> Result<Cadence, ()> {
        Cadence::from_code(s).ok_or(())
    }
}

/// One calendar period: its cadence and first day.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Period {
    pub cadence: Cadence,
    pub start: NaiveDate,
}

impl Period {
    pub fn containing(cadence: Cadence, day: NaiveDate) -> Period {
        let start = match cadence {
            Cadence::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Cadence::Month => day.with_day(1).unwrap_or(day),
            Cadence::Quarter => {
                let m = (day.month0() / 3) * 3 + 1;
                NaiveDate::from_ymd_opt(day.year(), m, 1).unwrap_or(day)
            }
            Cadence::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
        };
        Period { cadence, start }
    }

    pub fn next(self) -> Period {
        let start = match self.cadence {
            Cadence::Week => self.start + Days::new(7),
            Cadence::Month => self.start + Months::new(1),
            Cadence::Quarter => self.start + Months::new(3),
            Cadence::Year => self.start + Months::new(12),
        };
        Period { start, ..self }
    }

    pub fn prev(self) -> Period {
        let start = match self.cadence {
            Cadence::Week => self.start - Days::new(7),
            Cadence::Month => self.start - Months::new(1),
            Cadence::Quarter => self.start - Months::new(3),
            Cadence::Year => self.start - Months::new(12),
        };
        Period { start, ..self }
    }

    /// The last day of the period (inclusive).
    pub fn end(self) -> NaiveDate {
        self.next().start - Days::new(1)
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end()
    }

    /// 2026-W47, 2026-11, 2026-Q4, 2026. ISO weeks take the ISO year, so
    /// 2020-12-31 is in 2020-W53 and 2021-01-03 too.
    pub fn label(self) -> String {
        match self.cadence {
            Cadence::Week => {
                let w = self.start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Cadence::Month => self.start.format("%Y-%m").to_string(),
            Cadence::Quarter => format!("{}-Q{}", self.start.year(), self.start.month0() / 3 + 1),
            Cadence::Year => self.start.format("%Y").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// domain.md §2: whole years; a birthday on the as-of day counts; 29 Feb → 1 Mar.
    #[test]
    fn age_table() {
        let cases = [
            ("1961-11-22", "2026-11-22", 65), // birthday that very day
            ("1961-11-23", "2026-11-22", 64), // the day before
            ("2020-11-22", "2026-11-22", 6),
            ("2020-11-23", "2026-11-22", 5),
            ("1960-02-29", "2025-02-28", 64), // common year: not yet
            ("1960-02-29", "2025-03-01", 65), // reached on 1 March
            ("1960-02-29", "2024-02-29", 64), // leap year: on the day
            ("1960-02-29", "2024-02-28", 63),
            ("2026-01-01", "2026-11-22", 0),
        ];
        for (birth, day, want) in cases {
            assert_eq!(age_on(d(birth), d(day)), want, "born {birth}, on {day}");
        }
    }

    /// domain.md §6: ISO week Monday start, month, quarter, year; the year turn; week 53.
    #[test]
    fn period_table() {
        let cases = [
            (
                Cadence::Week,
                "2026-11-22",
                "2026-11-16",
                "2026-11-22",
                "2026-W47",
            ), // Sunday ends the week
            (
                Cadence::Week,
                "2026-11-23",
                "2026-11-23",
                "2026-11-29",
                "2026-W48",
            ), // the Monday after starts anew
            (
                Cadence::Week,
                "2020-12-31",
                "2020-12-28",
                "2021-01-03",
                "2020-W53",
            ), // ISO week 53
            (
                Cadence::Week,
                "2021-01-03",
                "2020-12-28",
                "2021-01-03",
                "2020-W53",
            ),
            (
                Cadence::Week,
                "2026-01-01",
                "2025-12-29",
                "2026-01-04",
                "2026-W01",
            ),
            (
                Cadence::Month,
                "2024-02-29",
                "2024-02-01",
                "2024-02-29",
                "2024-02",
            ),
            (
                Cadence::Quarter,
                "2025-12-31",
                "2025-10-01",
                "2025-12-31",
                "2025-Q4",
            ),
            (
                Cadence::Quarter,
                "2026-01-01",
                "2026-01-01",
                "2026-03-31",
                "2026-Q1",
            ),
            (
                Cadence::Quarter,
                "2026-06-30",
                "2026-04-01",
                "2026-06-30",
                "2026-Q2",
            ),
            (
                Cadence::Year,
                "2025-12-31",
                "2025-01-01",
                "2025-12-31",
                "2025",
            ),
            (
                Cadence::Year,
                "2026-01-01",
                "2026-01-01",
                "2026-12-31",
                "2026",
            ),
        ];
        for (c, day, start, end, label) in cases {
            let p = Period::containing(c, d(day));
            assert_eq!(
                (p.start, p.end(), p.label()),
                (d(start), d(end), label.to_string()),
                "{c:?} {day}"
            );
            assert!(p.contains(d(day)));
            assert_eq!(p.next().prev(), p);
            assert_eq!(p.next().start, p.end() + Days::new(1));
        }
    }
}
