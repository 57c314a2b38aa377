#![allow(dead_code)]
use chrono::NaiveDate;
use gridcare::db::Db;

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
