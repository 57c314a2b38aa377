#![allow(dead_code)]
use chrono::NaiveDate;
use gridcare::db::{Db, NewVisit};
use gridcare::domain::followup::{Findings, Vitals};
use gridcare::domain::model::{Subject, VisitKind, VisitMode};

pub const FIXTURE: &str = include_str!("../../fixtures/township.sql");

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The hand-written township of fixtures/township.sql, in memory.
pub fn fixture_db() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    db.apply_sql(FIXTURE).unwrap();
    db.operator = "测试员".into();
    db
}

/// The fixture's as-of date.
pub fn fixture_today() -> NaiveDate {
    d("2026-11-20")
}

/// A completed clinic follow-up with blood pressure only.
pub fn followup(id: i64, date: &str, sbp: i32, dbp: i32) -> NewVisit {
    let mut v = NewVisit::completed(
        VisitKind::Followup,
        Subject::Resident(id),
        VisitMode::Clinic,
        d(date),
    );
    v.findings = Findings {
        vitals: Vitals {
            sbp: Some(sbp),
            dbp: Some(dbp),
            ..Vitals::default()
        },
        ..Findings::default()
    };
    v
}
