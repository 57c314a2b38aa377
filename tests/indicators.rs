//! The indicators of domain.md §8 on the hand-written fixture (as of
//! 2026-11-20), every figure computed by hand beside its assertion, and
//! `gridcare report` read back as CSV and XLSX.

mod common;
use common::{d, fixture_db, fixture_today};
use gridcare::db::Scope;
use gridcare::domain::calendar::Cadence;
use gridcare::domain::indicators::{self, Figure, Indicators, ReportScope, parse_period};
use gridcare::domain::model::Subject;

fn compute(period: &str, scope: ReportScope) -> Indicators {
    let db = fixture_db();
    let town = db.load(fixture_today(), Scope::All).unwrap();
    indicators::compute(
        &town,
        &db.rules().unwrap(),
        parse_period(period).unwrap(),
        scope,
        fixture_today(),
    )
}

fn ids(f: &Figure) -> (Vec<i64>, Vec<i64>) {
    let id = |s: &Subject| match s {
        Subject::Resident(r) | Subject::Household(r) => *r,
    };
    (
        f.num.iter().map(id).collect(),
        f.den.iter().map(id).collect(),
    )
}

#[test]
fn periods_parse() {
    let cases = [
        ("2026", Some((Cadence::Year, "2026-01-01", "2026-12-31"))),
        (
            "2026Q3",
            Some((Cadence::Quarter, "2026-07-01", "2026-09-30")),
        ),
        (
            "2026-Q1",
            Some((Cadence::Quarter, "2026-01-01", "2026-03-31")),
        ),
        (
            "2026-11",
            Some((Cadence::Month, "2026-11-01", "2026-11-30")),
        ),
        (
            "2024-02",
            Some((Cadence::Month, "2024-02-01", "2024-02-29")),
        ),
        ("2026Q5", None),
        ("2026Q0", None),
        ("2026-13", None),
        ("26", None),
        ("二〇二六", None),
        ("", None),
    ];
    for (s, want) in cases {
        let got = parse_period(s).ok().map(|p| (p.cadence, p.start, p.end()));
        assert_eq!(got, want.map(|(c, a, b)| (c, d(a), d(b))), "{s:?}");
    }
}

/// Each indicator on the fixture, by hand. Residents: 1 王大爷 (HTN since
/// 2020; follow-ups 08-12 132/82, 11-10 152/94), 2 李秀英 (DM; 10-15 FPG 6.1),
/// 7 曾国强 (HTN; 11-18 186/112, referred 11-18), 9 欧阳春花 (HTN + DM;
/// 05-20 128/80 FPG 6.2), 10 解福生 (HTN from 11-10, no follow-up).
/// Contracts: 1, 2, 7, 9. Aged 65+ on 2026-11-20: 1, 2, 6, 7, 11. Disabled: 7.
#[test]
fn hand_computed_figures() {
    use ReportScope::*;
    type Case = (
        &'static str,
        ReportScope,
        &'static str,
        indicators::Pick,
        &'static [i64],
        &'static [i64],
    );
    #[rustfmt::skip]
    let cases: &[Case] = &[
        // 2026 up to 11-20: Q1–Q3 ended; 1, 7, 9 managed through them (10 from
        // 11-10 owes no quarter); none has a follow-up in each of Q1, Q2, Q3.
        ("2026", Township, "规范管理(高血压)", |i| &i.standard_htn, &[], &[1, 7, 9]),
        ("2026", Township, "规范管理(糖尿病)", |i| &i.standard_dm, &[], &[2, 9]),
        // Q3 alone: 1 seen 08-12; 7 and 9 not.
        ("2026Q3", Township, "规范管理(高血压) Q3", |i| &i.standard_htn, &[1], &[1, 7, 9]),
        ("2026Q3", Township, "规范管理(糖尿病) Q3", |i| &i.standard_dm, &[], &[2, 9]),
        // Q2: 9 seen 05-20 (counts for both her conditions).
        ("2026Q2", Township, "规范管理(高血压) Q2", |i| &i.standard_htn, &[9], &[1, 7, 9]),
        ("2026Q2", Township, "规范管理(糖尿病) Q2", |i| &i.standard_dm, &[9], &[2, 9]),
        // A month holds no whole quarter: nobody to judge.
        ("2026-11", Township, "规范管理 month", |i| &i.standard_htn, &[], &[]),
        // Latest BP by 11-20: 1 152/94 no, 7 186/112 no, 9 128/80 yes, 10 none.
        ("2026", Township, "血压控制率", |i| &i.bp_control, &[9], &[1, 7, 9, 10]),
        // By 09-30: 1 132/82 yes, 7 none, 9 yes; 10 not yet managed.
        ("2026Q3", Township, "血压控制率 Q3", |i| &i.bp_control, &[1, 9], &[1, 7, 9]),
        // FPG: 2 6.1 (10-15), 9 6.2 → both; by 09-30 only 9's.
        ("2026", Township, "血糖控制率", |i| &i.fpg_control, &[2, 9], &[2, 9]),
        ("2026Q3", Township, "血糖控制率 Q3", |i| &i.fpg_control, &[9], &[2, 9]),
        ("2026", Township, "签约率", |i| &i.signed_all, &[1, 2, 7, 9], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
        ("2026", Township, "签约率 65+", |i| &i.signed_65, &[1, 2, 7], &[1, 2, 6, 7, 11]),
        ("2026", Township, "签约率 慢病", |i| &i.signed_chronic, &[1, 2, 7, 9], &[1, 2, 7, 9, 10]),
        ("2026", Township, "签约率 残疾", |i| &i.signed_disabled, &[7], &[7]),
        ("2026", Township, "转出", |i| &i.referrals_sent, &[7], &[7]),
        ("2026", Township, "转回", |i| &i.referrals_returned, &[], &[]),
        ("2026Q3", Township, "转出 Q3", |i| &i.referrals_sent, &[], &[]),
        // Colours on 11-20: 7 red, 1 yellow, 2 and 9 green, 10 unassessed.
        ("2026", Township, "红", |i| &i.colours[0].1, &[7], &[1, 2, 7, 9, 10]),
        ("2026", Township, "黄", |i| &i.colours[1].1, &[1], &[1, 2, 7, 9, 10]),
        ("2026", Township, "绿", |i| &i.colours[2].1, &[2, 9], &[1, 2, 7, 9, 10]),
        ("2026", Township, "未评估", |i| &i.colours[3].1, &[10], &[1, 2, 7, 9, 10]),
        // Scopes: 富民村 is residents 1–8, 新塘村 9–12.
        ("2026", Village(1), "富民村 血压", |i| &i.bp_control, &[], &[1, 7]),
        ("2026", Village(2), "新塘村 血压", |i| &i.bp_control, &[9], &[9, 10]),
        ("2026", Village(1), "富民村 签约", |i| &i.signed_all, &[1, 2, 7], &[1, 2, 3, 4, 5, 6, 7, 8]),
        ("2026", Grid(1), "第一网格 (1–6) 血压", |i| &i.bp_control, &[], &[1]),
        ("2026", Grid(2), "第二网格 (7, 8) 签约", |i| &i.signed_all, &[7], &[7, 8]),
        // 熊建华 covers 新塘村第一网格: 9–12.
        ("2026", GridWorker(4), "熊建华 签约", |i| &i.signed_all, &[9], &[9, 10, 11, 12]),
        // Team 2: 9 by contract, 10–12 by their village (no contract).
        ("2026", Team(2), "新塘村团队 签约", |i| &i.signed_all, &[9], &[9, 10, 11, 12]),
        ("2026", Team(1), "富民村团队 血糖", |i| &i.fpg_control, &[2], &[2]),
    ];
    for (period, scope, what, pick, num, den) in cases {
        let i = compute(period, *scope);
        assert_eq!(
            ids(pick(&i)),
            (num.to_vec(), den.to_vec()),
            "{what} {period} {scope:?}"
        );
    }
}

#[test]
fn cells_say_numerator_and_denominator() {
    let i = compute("2026Q3", ReportScope::Township);
    assert_eq!(i.standard_htn.cell(), "33.3% (1/3)");
    assert_eq!(i.bp_control.cell(), "66.7% (2/3)");
    assert_eq!(
        compute("2026-11", ReportScope::Township)
            .standard_htn
            .cell(),
        "- (0/0)"
    );
    assert_eq!(
        compute("2026", ReportScope::Township).referrals_sent.cell(),
        "1"
    );
    assert_eq!(i.evaluated_on, d("2026-09-30"));
    assert_eq!(
        compute("2026", ReportScope::Township).evaluated_on,
        fixture_today()
    );
}

/// Visit completion and overdue come from the queue on the evaluation day:
/// the township's numbers are the villages' summed.
#[test]
fn villages_add_up_to_the_township() {
    let db = fixture_db();
    let town = db.load(fixture_today(), Scope::All).unwrap();
    let rows = indicators::by_village(
        &town,
        &db.rules().unwrap(),
        parse_period("2026").unwrap(),
        fixture_today(),
    );
    assert_eq!(rows.len(), 3);
    let (villages, total) = rows.split_at(2);
    let total = &total[0].1;
    assert_eq!(
        total.standard_htn,
        compute("2026", ReportScope::Township).standard_htn
    );
    for (col, _, pick) in indicators::COLUMNS {
        let sum: usize = villages.iter().map(|(_, i)| pick(i).num.len()).sum();
        assert_eq!(sum, pick(total).num.len(), "{col}");
    }
    // 欧阳春花 last seen in Q2: her quarterly follow-up is overdue
    assert!(total.overdue.num.contains(&Subject::Resident(9)));
}

#[test]
fn trend_is_the_year_so_far_month_by_month() {
    let db = fixture_db();
    let town = db.load(fixture_today(), Scope::All).unwrap();
    // column 2: 血压控制率
    let t = indicators::monthly_trend(
        &town,
        &db.rules().unwrap(),
        2026,
        fixture_today(),
        2,
        ReportScope::Township,
    );
    assert_eq!(t.len(), 12);
    // Aug: 1 (132/82) and 9 of 1, 7, 9 → 666.7‰; Sep the same; Nov: 1 of 4 → 250‰
    assert_eq!(t[7], Some(667));
    assert_eq!(t[10], Some(250));
    assert_eq!(t[11], None, "December has not begun");
}

fn fixture_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_file(dir.path());
    (dir, path)
}

fn report(db: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "--db",
        db.to_str().unwrap(),
        "--today",
        "2026-11-20",
        "report",
    ];
    args.extend_from_slice(extra);
    common::gridcare_run(&args)
}

#[test]
fn report_csv_has_a_row_per_village_and_the_total() {
    let (_dir, db) = fixture_file();
    let (code, out, err) = report(&db, &["--period", "2026Q3", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[0], "统计期");
    // each figure's numerator, denominator and rate in cells of their own (issue 28 item 5)
    assert_eq!(&headers[2], "规范管理率(高血压) 分子");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let names: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(names, ["富民村", "新塘村", "全乡合计"]);
    assert_eq!(&rows[2][0], "2026-Q3");
    let three =
        |r: &csv::StringRecord, c: usize| format!("{} ({}/{})", &r[c + 2], &r[c], &r[c + 1]);
    assert_eq!(three(&rows[2], 2), "33.3 (1/3)");
    assert_eq!(three(&rows[2], 8), "66.7 (2/3)");
    assert_eq!(
        three(&rows[0], 8),
        "50.0 (1/2)",
        "富民村: 王大爷 132/82 yes, 曾国强 none"
    );

    let (code, out, err) = report(
        &db,
        &["--period", "2026", "--village", "新塘村", "--format", "csv"],
    );
    assert_eq!(code, 0, "{err}");
    // as screen 8 shows a village: a row per grid, then the village
    let mut r = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(&r.headers().unwrap()[1], "网格");
    let names: Vec<String> = r.records().map(|x| x.unwrap()[1].to_string()).collect();
    assert_eq!(names, ["新塘村 第一网格", "新塘村"], "{out}");

    // the table in the command line's language (English here), the rule too
    let (code, out, _) = report(&db, &["--period", "2026-11"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("全乡合计") && out.contains("Standard management:"),
        "{out}"
    );
    let (code, out, _) = report(&db, &["--period", "2026-11", "--lang", "zh"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("统计期") && out.contains("规范管理："),
        "{out}"
    );

    let (code, _, err) = report(&db, &["--period", "2026Q5"]);
    assert_ne!(code, 0);
    assert!(err.contains("not a period"), "{err}");
}

/// The XLSX report is numbers now (issue 28 item 5): tests/report.rs reads
/// it back (`report_xlsx_is_numbers_with_the_people_behind_them`).
/// On the demo township the engine agrees with independent SQL queries:
/// contracts valid on the as-of date among active residents, and referrals
/// sent in the year.
#[test]
fn demo_agrees_with_sql() {
    let db = common::demo_db(300);
    let as_of: chrono::NaiveDate = db
        .conn()
        .query_row("SELECT value FROM meta WHERE key = 'demo_date'", [], |r| {
            r.get::<_, String>(0)
        })
        .map(|s| d(&s))
        .unwrap_or_else(|_| fixture_today());
    let town = db.load(as_of, Scope::All).unwrap();
    let period = parse_period(&as_of.format("%Y").to_string()).unwrap();
    let i = indicators::compute(
        &town,
        &db.rules().unwrap(),
        period,
        ReportScope::Township,
        as_of,
    );
    let one = |sql: &str| -> usize {
        db.conn()
            .query_row(sql, [as_of.to_string()], |r| r.get::<_, i64>(0))
            .unwrap() as usize
    };
    let active = "(r.status = 'active' OR r.status_date > ?1)";
    assert_eq!(
        i.signed_all.den.len(),
        one(&format!(
            "SELECT count(*) FROM resident r WHERE {active} AND ?1 = ?1"
        ))
    );
    assert_eq!(
        i.signed_all.num.len(),
        one(&format!(
            "SELECT count(*) FROM resident r WHERE {active} AND EXISTS (SELECT 1 FROM contract k
             WHERE k.resident_id = r.id AND k.start_date <= ?1 AND k.end_date >= ?1)"
        ))
    );
    assert_eq!(
        i.referrals_sent.num.len(),
        one("SELECT count(DISTINCT resident_id) FROM referral
             WHERE sent_on >= substr(?1, 1, 4) || '-01-01' AND sent_on <= ?1")
    );
    assert!(i.signed_all.den.len() > 500, "a real township");
}

/// Issue 14, §8 "per township, village, grid, worker" (and doctor team):
/// `gridcare report --worker 涂春生` is one row whose figures equal an
/// independent count on the fixture, and the CSV and XLSX headers name the
/// scope; an unknown or ambiguous name is one clear line.
#[test]
fn report_per_worker_grid_and_team() {
    use calamine::{Reader, Xlsx};
    let (dir, path) = fixture_file();
    let (code, out, err) = report(
        &path,
        &["--period", "2026", "--worker", "涂春生", "--format", "csv"],
    );
    assert_eq!(code, 0, "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[1], "网格员", "the header names the scope");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][1], "涂春生");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    // independently: 涂春生 covers 富民村第一网格 (grid 1), households 1 and 2
    let db = gridcare::db::Db::open(&path, gridcare::db::OpenMode::MustExist).unwrap();
    let count = |sql: &str| -> i64 { db.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    let in_grids = "SELECT r.id FROM resident r JOIN household h ON h.id = r.household_id
        WHERE r.status = 'active' AND h.grid_id IN
          (SELECT grid_id FROM grid_assignment WHERE staff_id = 2 AND to_date IS NULL)";
    let people = count(&format!("SELECT count(*) FROM ({in_grids})"));
    let signed = count(&format!(
        "SELECT count(DISTINCT resident_id) FROM contract WHERE resident_id IN ({in_grids})
         AND start_date <= '2026-11-20' AND end_date >= '2026-11-20'"
    ));
    // by hand: 王大爷, 李秀英, 王建国, 单丽, 王小龙, 孙婆婆; 王大爷 and 李秀英 signed
    assert_eq!((signed, people), (2, 6));
    let three =
        |h: &str| ["分子", "分母", "率"].map(|p| rows[0][col(&format!("{h} {p}"))].to_string());
    assert_eq!(
        three("签约率"),
        [
            signed.to_string(),
            people.to_string(),
            format!("{:.1}", signed as f64 * 100.0 / people as f64)
        ]
    );
    // 王大爷's latest BP 152/94 is not controlled; 李秀英's FPG 6.1 is
    assert_eq!(three("血压控制率"), ["0", "1", "0.0"]);
    assert_eq!(three("血糖控制率"), ["1", "1", "100.0"]);

    // a grid and a team, to XLSX: the header names the scope there too
    for (flag, name, head) in [
        ("--grid", "富民村 第一网格", "网格"),
        ("--team", "新塘村家庭医生团队", "家庭医生团队"),
    ] {
        let file = dir.path().join(format!("{head}.xlsx"));
        let (code, _, err) = report(
            &path,
            &[
                "--period",
                "2026",
                flag,
                name,
                "--format",
                "xlsx",
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{err}");
        let mut book: Xlsx<_> = calamine::open_workbook(&file).unwrap();
        let sheet = book.worksheet_range_at(0).unwrap().unwrap();
        let rows: Vec<Vec<String>> = sheet
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        // the scope in the title, the rows' kind over the names (issue 28 item 5)
        assert_eq!(rows[1][7], name);
        let top = rows.iter().position(|r| r[0] == "统计期").unwrap();
        assert_eq!(
            (rows[top][1].as_str(), rows[top + 2][1].as_str()),
            (head, name)
        );
    }

    for (args, says) in [
        (vec!["--worker", "张三"], "unknown worker"),
        (vec!["--team", "张三"], "unknown team"),
        (vec!["--grid", "无此网格"], "unknown grid"),
        (vec!["--worker", "王建国"], "volunteer"),
    ] {
        let mut a = vec!["--period", "2026"];
        a.extend(args);
        let (code, _, err) = report(&path, &a);
        assert_ne!(code, 0);
        assert!(err.contains(says), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}

/// 健康管理率 (domain.md §8): patients under management ÷ estimated patients
/// = adults (18+ on the evaluation day, active, in scope) × prevalence. On the
/// fixture every resident is active; the one child is 王小龙 (2022), so the
/// township has 11 adults, 富民村 7 (1, 2, 3, 4, 6, 7, 8), 新塘村 4 (9–12).
#[test]
fn health_management_rate_by_hand() {
    use ReportScope::*;
    #[rustfmt::skip]
    let cases: &[(&str, ReportScope, bool, &[i64], usize, usize, &str)] = &[
        // HTN managed in 2026: 1, 7, 9, 10. 11 × 27.5% = 3.025 → 3; 4/3 = 133.3% (over 100% kept)
        ("2026", Township, true, &[1, 7, 9, 10], 11, 3, "133.3% (4/3)"),
        // DM: 2, 9. 11 × 11.9% = 1.309 → 1; 2/1 = 200.0%
        ("2026", Township, false, &[2, 9], 11, 1, "200.0% (2/1)"),
        // Q3 (to 09-30): 10 not yet managed; 3/3
        ("2026Q3", Township, true, &[1, 7, 9], 11, 3, "100.0% (3/3)"),
        // 富民村: 7 × 27.5% = 1.925 → 2; 1 and 7: 2/2
        ("2026", Village(1), true, &[1, 7], 7, 2, "100.0% (2/2)"),
        // 7 × 11.9% = 0.833 → 1; 2: 1/1
        ("2026", Village(1), false, &[2], 7, 1, "100.0% (1/1)"),
        // 新塘村: 4 × 27.5% = 1.1 → 1; 9 and 10: 2/1
        ("2026", Village(2), true, &[9, 10], 4, 1, "200.0% (2/1)"),
        // 4 × 11.9% = 0.476 → 0 estimated: no rate
        ("2026", Village(2), false, &[9], 4, 0, "- (1/0)"),
        // 第二网格 (7, 8, both adults): 2 × 27.5% = 0.55 → 1; 7: 1/1
        ("2026", Grid(2), true, &[7], 2, 1, "100.0% (1/1)"),
    ];
    for (period, scope, htn, num, adults, patients, cell) in cases {
        let i = compute(period, *scope);
        let f = if *htn { &i.health_htn } else { &i.health_dm };
        let what = format!("{period} {scope:?} htn={htn}");
        assert_eq!(ids(f).0, num.to_vec(), "{what}");
        assert_eq!(
            ids(f).1,
            num.to_vec(),
            "{what}: the drill-down lists the managed"
        );
        let e = f.estimate.expect("an estimated denominator");
        assert_eq!((e.adults, e.patients), (*adults, *patients), "{what}");
        assert_eq!(e.prevalence, if *htn { 27.5 } else { 11.9 });
        assert_eq!(f.cell(), *cell, "{what}");
        assert_eq!(f.den_count(), *patients);
    }
    // The drill-down's explanation of the denominator.
    let e = indicators::Estimate::of(1234, 27.5);
    assert_eq!(
        gridcare::tui::screens::reports::estimate_text("估计患者 {} = 成年居民 {} × {}%", &e),
        "估计患者 339 = 成年居民 1,234 × 27.5%"
    );
}

/// The prevalence settings drive the estimate, and a value outside
/// 0 < p ≤ 100 (or not a number) is refused with the key named.
#[test]
fn prevalence_settings_are_read_and_checked() {
    let mut db = fixture_db();
    db.apply_sql("UPDATE setting SET value = '50' WHERE key = 'indicators.prevalence_htn'")
        .unwrap();
    let town = db.load(fixture_today(), Scope::All).unwrap();
    let i = indicators::compute(
        &town,
        &db.rules().unwrap(),
        parse_period("2026").unwrap(),
        ReportScope::Township,
        fixture_today(),
    );
    // 11 × 50% = 5.5 → 6; 4/6 = 66.7%
    assert_eq!(i.health_htn.cell(), "66.7% (4/6)");
    for (key, bad) in [
        ("indicators.prevalence_htn", "0"),
        ("indicators.prevalence_htn", "100.5"),
        ("indicators.prevalence_dm", "-3"),
        ("indicators.prevalence_dm", "abc"),
    ] {
        // edited by hand, as with sqlite3 (gridcare's own writes refuse it)
        db.conn()
            .execute(
                &format!("UPDATE setting SET value = '{bad}' WHERE key = '{key}'"),
                [],
            )
            .unwrap();
        let e = db.rules().unwrap_err().to_string();
        assert!(e.contains(key), "{key}={bad}: {e}");
        db.apply_sql(&format!(
            "UPDATE setting SET value = '27.5' WHERE key = '{key}'"
        ))
        .unwrap();
    }
    db.apply_sql("UPDATE setting SET value = '100' WHERE key = 'indicators.prevalence_dm'")
        .unwrap();
    assert_eq!(db.rules().unwrap().prevalence_dm, 100.0);
}

/// 健康管理率 on the demo against independent SQL: adults active on the
/// as-of date, and patients managed at some time in the year while active.
#[test]
fn demo_health_management_agrees_with_sql() {
    let db = common::demo_db(300);
    let as_of: chrono::NaiveDate = db
        .conn()
        .query_row("SELECT value FROM meta WHERE key = 'demo_date'", [], |r| {
            r.get::<_, String>(0)
        })
        .map(|s| d(&s))
        .unwrap_or_else(|_| fixture_today());
    let town = db.load(as_of, Scope::All).unwrap();
    let rules = db.rules().unwrap();
    let period = parse_period(&as_of.format("%Y").to_string()).unwrap();
    let i = indicators::compute(&town, &rules, period, ReportScope::Township, as_of);
    let one = |sql: &str| -> usize {
        db.conn()
            .query_row(sql, [as_of.to_string()], |r| r.get::<_, i64>(0))
            .unwrap() as usize
    };
    let adults = one(
        "SELECT count(*) FROM resident r WHERE (r.status = 'active' OR r.status_date > ?1)
         AND r.birth_date <= date(?1, '-18 years')",
    );
    let managed = |c: &str| {
        one(&format!(
            "SELECT count(DISTINCT c.resident_id) FROM chronic_condition c
             JOIN resident r ON r.id = c.resident_id
             WHERE c.condition = '{c}' AND c.managed_from <= ?1
               AND (c.managed_until IS NULL OR c.managed_until >= substr(?1, 1, 4) || '-01-01')
               AND (r.status = 'active'
                    OR r.status_date > max(c.managed_from, substr(?1, 1, 4) || '-01-01'))"
        ))
    };
    for (f, c, p) in [
        (&i.health_htn, "hypertension", rules.prevalence_htn),
        (&i.health_dm, "diabetes", rules.prevalence_dm),
    ] {
        let e = f.estimate.unwrap();
        assert_eq!(e.adults, adults, "{c}");
        assert_eq!(e.patients, (adults as f64 * p / 100.0).round() as usize);
        assert_eq!(f.num.len(), managed(c), "{c}");
    }
    assert!(adults > 300, "a real township");
}

/// Every figure says, for each person of its denominator, why they are or
/// are not counted (issue 25 item 8), and what it says agrees with whether
/// they are: a table of each column and the reasons it may give, checked on
/// the fixture for a year and a quarter (domain.md §8).
#[test]
fn every_figure_says_why_each_is_or_is_not_counted() {
    use gridcare::domain::indicators::{COLUMNS, Why};
    use gridcare::domain::model::Colour;
    use gridcare::domain::queue::Status;
    let rules = fixture_db().rules().unwrap();
    // (column, does the reason agree with counted?)
    type Agrees = fn(&Why, bool, &gridcare::domain::rules::Rules) -> bool;
    let standard: Agrees = |w, counted, _| match w {
        Why::EveryQuarter(n) => counted && *n > 0,
        Why::NoFollowupIn(q) | Why::NoFpgIn(q) => !counted && q.cadence == Cadence::Quarter,
        _ => false,
    };
    let bp: Agrees = |w, counted, r| match w {
        Why::LastBp { sbp, dbp, .. } => {
            counted == (*sbp < r.sbp_uncontrolled && *dbp < r.dbp_uncontrolled)
        }
        Why::NoReading(_) => !counted,
        _ => false,
    };
    let fpg: Agrees = |w, counted, r| match w {
        Why::LastFpg { fpg, .. } => counted == (*fpg < r.fpg_uncontrolled),
        Why::NoReading(_) => !counted,
        _ => false,
    };
    let signed: Agrees = |w, counted, _| *w == Why::Signed(counted);
    let visit: Agrees = |w, counted, _| match w {
        Why::Task { status, .. } => counted == (*status == Status::Done),
        _ => false,
    };
    let overdue: Agrees = |w, counted, _| {
        counted
            && matches!(
                w,
                Why::Task {
                    status: Status::Overdue,
                    ..
                }
            )
    };
    fn colour(c: Colour) -> impl Fn(&Why, bool) -> bool {
        move |w, counted| matches!(w, Why::Colour(x) if (*x == c) == counted)
    }
    let red: Agrees = |w, counted, _| colour(Colour::Red)(w, counted);
    let yellow: Agrees = |w, counted, _| colour(Colour::Yellow)(w, counted);
    let green: Agrees = |w, counted, _| colour(Colour::Green)(w, counted);
    let unassessed: Agrees = |w, counted, _| colour(Colour::Unassessed)(w, counted);
    let sent: Agrees = |w, counted, _| counted && matches!(w, Why::Referred(_));
    let returned: Agrees = |w, counted, _| counted && matches!(w, Why::Returned(_));
    let managed: Agrees = |w, counted, _| counted && matches!(w, Why::ManagedFrom(_));
    let elderly: Agrees = |w, counted, _| match w {
        Why::YearlyCheck(_) => counted,
        Why::NoYearlyCheck(_) => !counted,
        _ => false,
    };
    let table: &[(&str, Agrees)] = &[
        ("规范管理率(高血压)", standard),
        ("规范管理率(糖尿病)", standard),
        ("血压控制率", bp),
        ("血糖控制率", fpg),
        ("签约率", signed),
        ("签约率(65岁及以上)", signed),
        ("签约率(慢病)", signed),
        ("签约率(残疾)", signed),
        ("随访完成率(周)", visit),
        ("随访完成率(月)", visit),
        ("随访完成率(季)", visit),
        ("随访完成率(年)", visit),
        ("逾期(户+人)", overdue),
        ("红", red),
        ("黄", yellow),
        ("绿", green),
        ("未评估", unassessed),
        ("转诊转出", sent),
        ("转诊转回", returned),
        ("健康管理率(高血压)", managed),
        ("健康管理率(糖尿病)", managed),
        ("老年人健康管理率", elderly),
    ];
    assert_eq!(table.len(), COLUMNS.len(), "a row for every column");
    for period in ["2026", "2026-Q4"] {
        let ind = compute(period, ReportScope::Township);
        let mut both = 0;
        for (head, agrees) in table {
            let (_, _, pick) = COLUMNS.iter().find(|c| c.0 == *head).unwrap();
            let f = pick(&ind);
            for s in &f.den {
                let counted = f.num.contains(s);
                let why = f
                    .why
                    .get(s)
                    .unwrap_or_else(|| panic!("{period} {head}: no reason for {s:?}"));
                assert!(
                    agrees(why, counted, &rules),
                    "{period} {head}: {s:?} counted={counted} but {why:?}"
                );
            }
            if f.num.len() < f.den.len() && !f.num.is_empty() {
                both += 1;
            }
        }
        // the fixture has figures with both the counted and the not counted
        assert!(both >= 3, "{period}: only {both} figures split");
    }
}

/// 规范管理 of diabetes needs the quarter's fasting-glucose test (§3: four
/// follow-ups and four FPG tests a year; issue 27 item 8): a Q3 follow-up
/// of 李秀英 (2) with FPG counts her for Q3, one with a blood pressure
/// only does not, and the drill-down says so; hypertension needs no FPG.
#[test]
fn a_diabetes_quarter_needs_its_fpg_test() {
    use gridcare::domain::indicators::Why;
    let period = parse_period("2026Q3").unwrap();
    let figure = |fpg: Option<f64>| {
        let mut db = fixture_db();
        let mut v = common::followup(2, "2026-08-20", 132, 80);
        v.findings.vitals.fpg = fpg;
        db.record_visit(&v, fixture_today()).unwrap();
        let town = db.load(fixture_today(), Scope::All).unwrap();
        indicators::compute(
            &town,
            &db.rules().unwrap(),
            period,
            ReportScope::Township,
            fixture_today(),
        )
    };
    let with = figure(Some(6.1));
    assert_eq!(ids(&with.standard_dm).0, vec![2], "FPG measured: counted");
    let without = figure(None);
    assert_eq!(ids(&without.standard_dm).0, Vec::<i64>::new());
    assert_eq!(
        without.standard_dm.why.get(&Subject::Resident(2)),
        Some(&Why::NoFpgIn(period))
    );
    let text = gridcare::words::why_counted(
        gridcare::words::Lang::Zh,
        &Why::NoFpgIn(period),
        fixture_today(),
    );
    assert_eq!(text, "2026-Q3 随访未测空腹血糖");
    // 9 has no Q3 follow-up at all
    assert_eq!(
        without.standard_dm.why.get(&Subject::Resident(9)),
        Some(&Why::NoFollowupIn(period))
    );
}
