//! SQL itself rejects bad data (issue 2): constraints hold even outside gridcare.

mod common;
use common::fixture_db;
use gridcare::domain::rules::Rules;

/// Each statement must be refused by SQLite, and the row count must not change.
#[test]
fn sql_rejects_bad_rows() {
    let db = fixture_db();
    let c = db.conn();
    let resident = "INSERT INTO resident (household_id, name, id_number, sex, birth_date, relation, registered_on) VALUES";
    let visit = "INSERT INTO visit (kind, resident_id, mode, visit_date, outcome, sbp, dbp, recorded_by, recorded_at) VALUES";
    let cases: &[(&str, String)] = &[
        ("duplicate ID number", format!("{resident} (1, '王二', '360425194803150117', 'M', '1948-03-15', 'other', '2020-01-01')")),
        ("wrong check character", format!("{resident} (1, '王二', '360425194803150118', 'M', '1948-03-15', 'other', '2020-01-01')")),
        ("birth date disagrees with ID", format!("{resident} (1, '王二', '11010519491231002X', 'F', '1949-12-30', 'other', '2020-01-01')")),
        ("sex disagrees with ID", format!("{resident} (1, '王二', '11010519491231002X', 'M', '1949-12-31', 'other', '2020-01-01')")),
        ("resident without a household", format!("{resident} (NULL, '王二', '11010519491231002X', 'F', '1949-12-31', 'other', '2020-01-01')")),
        ("resident of a missing household", format!("{resident} (999, '王二', '11010519491231002X', 'F', '1949-12-31', 'other', '2020-01-01')")),
        ("unknown relation", format!("{resident} (1, '王二', '11010519491231002X', 'F', '1949-12-31', 'cousin', '2020-01-01')")),
        ("impossible date", "INSERT INTO household (village_id, grid_id, address, registered_on) VALUES (1, 1, 'x', '1999-02-30')".into()),
        ("grid of another village", "INSERT INTO household (village_id, grid_id, address, registered_on) VALUES (2, 1, 'x', '2020-01-01')".into()),
        ("override without reason", "UPDATE household SET tier_override = 1 WHERE id = 1".into()),
        ("systolic below diastolic", format!("{visit} ('followup', 1, 'clinic', '2026-11-01', 'completed', 80, 120, 't', 't')")),
        ("systolic out of range", format!("{visit} ('followup', 1, 'clinic', '2026-11-01', 'completed', 320, 120, 't', 't')")),
        ("visit for a missing resident", format!("{visit} ('followup', 999, 'clinic', '2026-11-01', 'completed', 130, 80, 't', 't')")),
        ("unknown visit kind", format!("{visit} ('checkup', 1, 'clinic', '2026-11-01', 'completed', 130, 80, 't', 't')")),
        ("unknown mode", format!("{visit} ('followup', 1, 'video', '2026-11-01', 'completed', 130, 80, 't', 't')")),
        ("household visit for a resident", format!("{visit} ('household', 1, 'home', '2026-11-01', 'completed', NULL, NULL, 't', 't')")),
        ("call again without a date", "INSERT INTO visit (kind, household_id, mode, visit_date, outcome, recorded_by, recorded_at) VALUES ('household', 1, 'home', '2026-11-01', 'call_again', 't', 't')".into()),
        ("unknown colour", "INSERT INTO colour_history (resident_id, colour, since, cause) VALUES (1, 'orange', '2026-01-01', 'x')".into()),
        ("tier 6", "UPDATE household SET tier_override = 6, tier_override_reason = 'x' WHERE id = 1".into()),
        ("referral returned before received", "INSERT INTO referral (resident_id, from_level, to_level, reason, urgency, sent_on, returned_on) VALUES (1, 'village', 'county', 'x', 'routine', '2026-01-01', '2026-01-05')".into()),
    ];
    let count = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT (SELECT count(*) FROM resident) + (SELECT count(*) FROM visit) + (SELECT count(*) FROM household) + (SELECT count(*) FROM colour_history) + (SELECT count(*) FROM referral) + (SELECT count(*) FROM household WHERE tier_override IS NOT NULL)", [], |r| r.get(0)).unwrap()
    };
    let before = count(c);
    for (name, sql) in cases {
        let r = c.execute(sql, []);
        assert!(r.is_err(), "SQL accepted: {name}");
    }
    assert_eq!(count(c), before, "nothing written");
}

/// The fixture's own rows pass every constraint and the foreign-key check.
#[test]
fn fixture_is_clean() {
    let db = fixture_db();
    let report = db.check().unwrap();
    assert!(report.is_clean(), "{report:?}");
}

#[test]
fn migrations_validate() {
    gridcare::db::migrations().validate().unwrap();
}

/// schema.sql's inserted settings are domain.md's defaults (Rules::default).
#[test]
fn settings_defaults_match_domain() {
    let db = gridcare::db::Db::open_in_memory().unwrap();
    assert_eq!(db.rules().unwrap(), Rules::default());
    assert_eq!(
        db.settings().unwrap().len(),
        47,
        "schema.sql and migrations 2, 5, 9, 10, 12, 13, 16, 19, 24 (auth.ssh) and 26 (points, norms) insert every setting"
    );
    // issue 32: the points and the norm's defaults
    let s = db.settings().unwrap();
    assert_eq!(
        gridcare::domain::events::Rates::from_settings(&s).unwrap(),
        gridcare::domain::events::Rates::default()
    );
    assert_eq!(
        gridcare::domain::education::Norms::from_settings(&s).unwrap(),
        gridcare::domain::education::Norms::default()
    );
}

/// A setting changed in the database changes the rules.
#[test]
fn settings_drive_rules() {
    let mut db = gridcare::db::Db::open_in_memory().unwrap();
    db.apply_sql("UPDATE setting SET value = '70' WHERE key = 'tier.elder_age'")
        .unwrap();
    assert_eq!(db.rules().unwrap().elder_age, 70);
    db.apply_sql("UPDATE setting SET value = 'seventy' WHERE key = 'tier.elder_age'")
        .unwrap();
    let e = db.rules().unwrap_err().to_string();
    assert!(e.contains("tier.elder_age"), "{e}");
    db.apply_sql("UPDATE setting SET value = '65' WHERE key = 'tier.elder_age'; UPDATE setting SET value = 'month' WHERE key = 'cadence.green_followup'").unwrap();
    assert_eq!(
        db.rules().unwrap().green_followup,
        gridcare::domain::calendar::Cadence::Month
    );
}

/// Issue 9: every query that loads a session's scope uses an index; none
/// scans the visit, resident or household table (EXPLAIN QUERY PLAN).
#[test]
fn scope_queries_use_indexes() {
    use gridcare::db::{Scope, scope_queries};
    let db = gridcare::db::Db::open_in_memory().unwrap();
    // ANALYZE-free plans on an empty database are the ones SQLite picks by default.
    for scope in [
        Scope::Township(1),
        Scope::Village(1),
        Scope::Household(1),
        Scope::Grids(1),
    ] {
        for sql in scope_queries(scope) {
            let mut st = db
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let plan: Vec<String> = st
                .query_map(rusqlite::params![1, "2026-11-20"], |r| {
                    r.get::<_, String>(3)
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for step in &plan {
                let scans_big_table = [
                    "visit",
                    "resident",
                    "household",
                    "chronic_condition",
                    "referral",
                    "contract",
                ]
                .iter()
                .any(|t| step == &format!("SCAN {t}") || step.starts_with(&format!("SCAN {t} ")));
                let scans_alias = ["SCAN h", "SCAN r", "SCAN k", "SCAN m"]
                    .iter()
                    .any(|a| step == a || step.starts_with(&format!("{a} ")));
                assert!(
                    !scans_big_table && !scans_alias,
                    "{scope:?}: full scan in\n{sql}\nplan: {plan:#?}"
                );
            }
        }
    }
}

/// Migration 017 (issue 15 item 5): the draft table rebuilt to take any
/// form; a follow-up's draft kept before it survives, a form's draft needs
/// what re-opens it, and no other kind of form is taken.
#[test]
fn drafts_of_any_form_after_migration_017() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    let m = gridcare::db::migrations();
    m.to_version(&mut conn, 15).unwrap();
    conn.execute(
        "INSERT INTO draft (operator, form, subject, title, fields, saved_at)
         VALUES ('王医生', 'visit', '{\"kind\":\"followup\",\"resident\":1}', '记录随访 · 王大爷',
                 '{\"values\":{\"Sbp\":\"152\"},\"order\":[\"Sbp\"]}', '2026-11-20 02:15:00')",
        [],
    )
    .unwrap();
    m.to_latest(&mut conn).unwrap();
    let kept: (String, Option<String>, String) = conn
        .query_row("SELECT form, reopen, title FROM draft", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(kept, ("visit".into(), None, "记录随访 · 王大爷".into()));
    let insert = |form: &str, reopen: Option<&str>| {
        conn.execute(
            "INSERT INTO draft (operator, form, subject, reopen, title, fields, saved_at)
             VALUES ('王医生', ?1, '{}', ?2, 't', '{}', '2026-11-20')",
            rusqlite::params![form, reopen],
        )
    };
    assert!(insert("form", Some("{\"kind\":{}}")).is_ok());
    assert!(
        insert("form", None).is_err(),
        "a form's draft says how to re-open it"
    );
    assert!(insert("visit", Some("{}")).is_err());
    assert!(insert("print", Some("{}")).is_err());
    assert!(insert("form", Some("not json")).is_err());
}
