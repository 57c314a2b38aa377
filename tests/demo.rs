//! The demo township: deterministic, clean, realistic, and its queue agrees
//! with counts computed a second, independent way in plain SQL (issues 2, 3).

mod common;
use common::d;
use gridcare::db::Db;
use gridcare::demo::{DemoConfig, generate};
use gridcare::domain::model::{Colour, Subject, VisitKind};
use gridcare::domain::queue::{self, Status};
use std::collections::HashMap;

fn demo(seed: u64, households: usize) -> Db {
    let mut db = Db::open_in_memory().unwrap();
    generate(
        &mut db,
        &DemoConfig {
            seed,
            households,
            ..DemoConfig::default()
        },
    )
    .unwrap();
    db
}

/// Every row of every table, as text, in a fixed order.
fn dump(db: &Db) -> Vec<String> {
    let c = db.conn();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM {t} ORDER BY 1")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let vals: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{t}: {}", vals.join("|")));
        }
    }
    out
}

#[test]
fn generator_is_deterministic() {
    let a = dump(&demo(7, 400));
    let b = dump(&demo(7, 400));
    assert!(a.len() > 1000, "a real township: {} rows", a.len());
    assert!(a == b, "same seed, identical data");
    let c = dump(&demo(8, 400));
    assert!(a != c, "another seed, another township");
}

#[test]
fn demo_is_clean_and_realistic() {
    let db = demo(2026, 3000);
    let r = db.check().unwrap();
    assert!(r.is_clean(), "{:?} {:?}", r.integrity, r.foreign_keys);
    let t: HashMap<&str, i64> = r.totals.iter().copied().collect();
    let within = |k: &str, lo: i64, hi: i64| {
        let v = t[k];
        assert!((lo..=hi).contains(&v), "{k} = {v}, expected {lo}..={hi}");
    };
    within("villages", 12, 12);
    within("grids", 38, 42);
    within("households", 2900, 3000);
    within("residents (active)", 8000, 10000);
    within("hypertension under management", 1300, 1800);
    within("diabetes under management", 400, 650);
    within("volunteers", 60, 150);
    within("visits", 15000, 60000);

    let c = db.conn();
    let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    // Rare and non-BMP names are there (search and layout must cope).
    assert!(
        q("SELECT count(*) FROM resident WHERE name LIKE '%𠮷%'") > 0,
        "a name outside the BMP"
    );
    assert!(
        q(
            "SELECT count(*) FROM resident WHERE substr(name, 1, 1) IN ('单','曾','解','区','仇','朴','查','重')"
        ) > 10
    );
    assert!(
        q("SELECT count(*) FROM (SELECT name FROM resident GROUP BY name HAVING count(*) > 1)")
            > 50,
        "repeated names"
    );
    assert!(
        q("SELECT count(*) FROM resident WHERE lives_alone_no_carer = 1") > 50,
        "lonely elders"
    );
    // ~90% of chronic patients hold a contract.
    let patients =
        q("SELECT count(DISTINCT resident_id) FROM chronic_condition WHERE managed_until IS NULL");
    let signed = q("SELECT count(DISTINCT c.resident_id) FROM chronic_condition c JOIN contract k ON k.resident_id = c.resident_id
                    WHERE c.managed_until IS NULL AND k.start_date <= '2026-11-20' AND k.end_date >= '2026-11-20'");
    let rate = signed as f64 / patients as f64;
    assert!((0.85..0.95).contains(&rate), "contract rate {rate}");
    // Volunteer groups of about 20, none over the hard limit (§5).
    assert_eq!(
        q(
            "SELECT count(*) FROM (SELECT group_id FROM group_member GROUP BY group_id HAVING count(*) > 25)"
        ),
        0
    );
}

/// The queue on the demo date holds due, overdue and red work.
#[test]
fn demo_queue_has_work_of_every_kind() {
    let db = demo(2026, 3000);
    let today = d("2026-11-20");
    let tasks = queue::tasks(&db.township(today).unwrap(), today, &db.rules().unwrap());
    let has = |f: &dyn Fn(&queue::Task) -> bool| tasks.iter().any(f);
    assert!(has(&|t| t.status == Status::Due));
    assert!(has(&|t| t.status == Status::Overdue));
    assert!(has(
        &|t| t.colour == Some(Colour::Red) && t.status != Status::Done
    ));
    assert!(has(&|t| t.colour == Some(Colour::Yellow)));
    assert!(has(&|t| t.colour == Some(Colour::Unassessed)));
    for k in [
        VisitKind::Household,
        VisitKind::Followup,
        VisitKind::YearlyCheck,
        VisitKind::Recheck,
    ] {
        assert!(has(&|t| t.kind == k), "{k:?}");
    }
    assert_eq!(
        tasks.first().map(|t| t.colour),
        Some(Some(Colour::Red)),
        "red first (§6)"
    );
}

const AGE: &str = "((CAST(strftime('%Y', :today) AS INT) - CAST(strftime('%Y', r.birth_date) AS INT)) - (strftime('%m-%d', :today) < strftime('%m-%d', r.birth_date)))";

/// Counts the queue must agree with, computed in plain SQL without the rules engine.
fn sql_counts(db: &Db, today: &str) -> HashMap<String, i64> {
    let tier = format!(
        "COALESCE(h.tier_override, CASE
           WHEN EXISTS (SELECT 1 FROM resident r WHERE r.household_id = h.id AND r.status = 'active' AND r.lives_alone_no_carer = 1 AND {AGE} >= 60) THEN 1
           WHEN EXISTS (SELECT 1 FROM resident r WHERE r.household_id = h.id AND r.status = 'active' AND (r.seriously_ill = 1 OR r.disabled = 1)) THEN 2
           WHEN EXISTS (SELECT 1 FROM resident r JOIN chronic_condition c ON c.resident_id = r.id WHERE r.household_id = h.id AND r.status = 'active'
                        AND c.managed_from <= :today AND (c.managed_until IS NULL OR c.managed_until >= :today)) THEN 3
           WHEN EXISTS (SELECT 1 FROM resident r WHERE r.household_id = h.id AND r.status = 'active' AND ({AGE} >= 65 OR {AGE} < 6)) THEN 4
           ELSE 5 END)"
    );
    let period_start = "CASE t.tier WHEN 1 THEN date(:today, 'weekday 0', '-6 days') WHEN 2 THEN date(:today, 'start of month') ELSE date(:today, 'start of year') END";
    let households = format!(
        "WITH t AS (SELECT h.id, {tier} AS tier FROM household h WHERE h.registered_on <= :today
                     AND EXISTS (SELECT 1 FROM resident r WHERE r.household_id = h.id AND r.status = 'active'))
         SELECT t.tier, EXISTS (SELECT 1 FROM visit v WHERE v.household_id = t.id AND v.outcome = 'completed'
                     AND v.visit_date BETWEEN {period_start} AND :today) AS done, count(*)
         FROM t WHERE t.tier IN (1, 2, 5) GROUP BY 1, 2"
    );
    let yearly = format!(
        "SELECT EXISTS (SELECT 1 FROM visit v WHERE v.resident_id = r.id AND v.kind = 'yearly_check' AND v.outcome = 'completed'
                   AND v.visit_date BETWEEN date(:today, 'start of year') AND :today), count(*)
         FROM resident r WHERE r.status = 'active' AND r.registered_on <= :today AND ({AGE} >= 65 OR {AGE} < 6) GROUP BY 1"
    );
    // Patients with no completed clinical follow-up that classifies anything
    // are unassessed (§4). A follow-up classifies (§3) when it records an
    // adverse reaction, a complication or an emergency, or has readings the
    // patient's conditions (managed on its date) make uncontrolled, or has
    // every reading those conditions need.
    let managed = |cond: &str| {
        format!(
            "EXISTS (SELECT 1 FROM chronic_condition c WHERE c.resident_id = r.id AND c.condition = '{cond}'
                     AND c.managed_from <= v.visit_date AND (c.managed_until IS NULL OR c.managed_until >= v.visit_date))"
        )
    };
    let (hyp, dia) = (managed("hypertension"), managed("diabetes"));
    let classifies = format!(
        "(v.adverse_reaction = 1 OR v.adverse_uncontrolled = 1 OR v.complication <> 'none' OR v.emergency_symptoms = 1
          OR v.sbp >= 180 OR v.dbp >= 110 OR v.fpg >= 16.7 OR v.fpg <= 3.9
          OR ({hyp} AND (v.sbp >= 140 OR v.dbp >= 90)) OR ({dia} AND v.fpg >= 7.0)
          OR (NOT {hyp} AND NOT {dia} AND (v.sbp >= 140 OR v.dbp >= 90 OR v.fpg >= 7.0))
          OR ((NOT {hyp} OR v.sbp IS NOT NULL) AND (NOT {dia} OR v.fpg IS NOT NULL)))"
    );
    let unassessed = format!(
        "SELECT count(*) FROM resident r WHERE r.status = 'active' AND r.registered_on <= :today
          AND EXISTS (SELECT 1 FROM chronic_condition c WHERE c.resident_id = r.id AND c.managed_from <= :today AND (c.managed_until IS NULL OR c.managed_until >= :today))
          AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.resident_id = r.id AND v.kind IN ('followup', 'recheck', 'referral_followup')
                          AND v.outcome = 'completed' AND v.visit_date <= :today AND {classifies})"
    );
    let c = db.conn();
    let mut out = HashMap::new();
    let mut st = c.prepare(&households).unwrap();
    let rows = st
        .query_map(rusqlite::named_params! {":today": today}, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (tier, done, n) = row.unwrap();
        *out.entry(format!(
            "household tier {tier} {}",
            if done { "done" } else { "open" }
        ))
        .or_default() += n;
    }
    let mut st = c.prepare(&yearly).unwrap();
    let rows = st
        .query_map(rusqlite::named_params! {":today": today}, |r| {
            Ok((r.get::<_, bool>(0)?, r.get::<_, i64>(1)?))
        })
        .unwrap();
    for row in rows {
        let (done, n) = row.unwrap();
        out.insert(format!("yearly {}", if done { "done" } else { "open" }), n);
    }
    out.insert(
        "unassessed".into(),
        c.query_row(
            &unassessed,
            rusqlite::named_params! {":today": today},
            |r| r.get(0),
        )
        .unwrap(),
    );
    out
}

fn queue_counts(db: &Db, today: &str) -> HashMap<String, i64> {
    let day = d(today);
    let tasks = queue::tasks(&db.township(day).unwrap(), day, &db.rules().unwrap());
    let mut out: HashMap<String, i64> = HashMap::new();
    let mut unassessed = std::collections::HashSet::new();
    for t in &tasks {
        let open = if t.status == Status::Done {
            "done"
        } else {
            "open"
        };
        match t.kind {
            VisitKind::Household => {
                *out.entry(format!("household tier {} {open}", t.tier.number()))
                    .or_default() += 1
            }
            VisitKind::YearlyCheck => *out.entry(format!("yearly {open}")).or_default() += 1,
            _ => {}
        }
        if t.colour == Some(Colour::Unassessed)
            && let Subject::Resident(id) = t.subject
        {
            unassessed.insert(id);
        }
    }
    out.insert("unassessed".into(), unassessed.len() as i64);
    out
}

#[test]
fn queue_counts_agree_with_plain_sql() {
    let db = demo(2026, 3000);
    // the demo date (a Friday), the next Monday (a new ISO week), the new year
    for today in ["2026-11-20", "2026-11-23", "2027-01-01"] {
        let by_sql = sql_counts(&db, today);
        let by_rules = queue_counts(&db, today);
        assert!(by_sql.values().sum::<i64>() > 3000, "{today}: a real queue");
        assert_eq!(by_rules, by_sql, "as of {today}");
    }
}
