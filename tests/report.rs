//! Issue 28 items 4–6: grid names typed back as lists show them, the
//! county's report as numbers (XLSX read back with calamine, CSV the same
//! columns), 老年人健康管理率, and the spot check (domain.md §8).

mod common;
use calamine::{Data, Reader, Xlsx};
use common::{fixture_db, fixture_today, gridcare_on};
use gridcare::db::Scope;
use gridcare::domain::indicators::{self, ReportScope, parse_period};
use gridcare::domain::model::Subject;
use gridcare::domain::places::{GridEntry, GridMiss, find_grid, grid_label};

fn fixture_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_file(dir.path());
    (dir, path)
}

// ---------------------------------------------------------------- item 4

/// One function says a grid's name, one finds a grid by what is typed.
#[test]
fn grid_names_are_said_and_found() {
    #[rustfmt::skip]
    let said: &[(&str, &str, &str)] = &[
        ("江背村", "第1网格", "江背村 第1网格"),
        ("江背村", "江背村第1网格", "江背村第1网格"),
        ("江背村", "江背村 东片", "江背村 东片"),
        ("富民村", "第一网格", "富民村 第一网格"),
        ("", "第一网格", "第一网格"),
    ];
    for (v, g, want) in said {
        assert_eq!(grid_label(v, g), *want, "{v} + {g}");
    }
    let e = |id, village: &str, name: &str| GridEntry {
        id,
        village: village.into(),
        name: name.into(),
    };
    let grids = [
        e(1, "江背村", "第1网格"),
        e(2, "江背村", "第2网格"),
        e(3, "富民村", "第1网格"),
        e(4, "新塘村", "新塘村第1网格"),
        e(5, "新塘村", "东片"),
    ];
    let several = |v: &[&str]| {
        Err(GridMiss::Several {
            each: v.iter().map(|s| s.to_string()).collect(),
        })
    };
    #[rustfmt::skip]
    let cases: Vec<(&str, Result<i64, GridMiss>)> = vec![
        ("江背村第1网格", Ok(1)),          // village + name
        ("江背村 第1网格", Ok(1)),         // as lists show it
        ("  江背村　第1网格 ", Ok(1)),     // blanks (also full-width) do not count
        ("江背村/第1网格", Ok(1)),         // the old village/grid form
        ("第2网格", Ok(2)),                // its own name, unique
        ("1", Ok(1)),                      // its number
        ("新塘村第1网格", Ok(4)),          // a name that holds its village
        ("新塘村新塘村第1网格", Ok(4)),    // village + that name, as lists once showed it
        ("东片", Ok(5)),
        ("新塘村 东片", Ok(5)),
        ("第1网格", several(&["江背村 第1网格", "富民村 第1网格"])),
        ("江背村第9网格", Err(GridMiss::Unknown { near: vec!["江背村 第1网格".into(), "江背村 第2网格".into()] })),
        ("第9网格", Err(GridMiss::Unknown { near: vec![] })),
        ("", Err(GridMiss::Unknown { near: vec![] })),
    ];
    for (typed, want) in cases {
        assert_eq!(find_grid(&grids, typed), want, "{typed:?}");
    }
}

/// The command line finds a grid as lists show it and says which grids
/// were meant when a name is unknown or ambiguous; the report names a grid
/// `富民村 第一网格`.
#[test]
fn grid_options_take_the_name_as_lists_show_it() {
    let (_dir, db) = fixture_file();
    for typed in ["富民村 第二网格", "富民村第二网格", "第二网格", "2"] {
        let (code, out, err) = gridcare_on(
            &db,
            &[
                "report", "--period", "2026", "--grid", typed, "--format", "csv",
            ],
        );
        assert_eq!(code, 0, "{typed}: {err}");
        assert!(out.contains("富民村 第二网格"), "{typed}: {out}");
    }
    // 第一网格 is in both villages: both are named
    let (code, _, err) = gridcare_on(&db, &["report", "--period", "2026", "--grid", "第一网格"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("several grids")
            && err.contains("富民村 第一网格")
            && err.contains("新塘村 第一网格"),
        "{err}"
    );
    let (code, _, err) = gridcare_on(
        &db,
        &["report", "--period", "2026", "--grid", "富民村第九网格"],
    );
    assert_ne!(code, 0);
    assert!(
        err.contains("unknown grid") && err.contains("富民村 第一网格, 富民村 第二网格"),
        "{err}"
    );
    // roster assign takes it too, and changes nothing on a refusal
    let (code, out, err) = gridcare_on(
        &db,
        &[
            "roster",
            "assign",
            "--grid",
            "新塘村 第一网格",
            "--worker",
            "涂春生",
            "--from",
            "2026-11-20",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = gridcare_on(
        &db,
        &[
            "roster",
            "assign",
            "--grid",
            "第一网格",
            "--worker",
            "涂春生",
            "--from",
            "2026-11-20",
        ],
    );
    assert_ne!(code, 0);
    assert!(err.contains("several grids"), "{err}");
}

// ---------------------------------------------------------------- item 5

fn compute(period: &str, scope: ReportScope) -> indicators::Indicators {
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

/// 老年人健康管理率 (domain.md §8): residents 65+ with this year's health
/// check ÷ residents 65+. The fixture's 65+ on 2026: 王大爷 1, 李秀英 2,
/// 孙婆婆 6, 曾国强 7 (68 on 2026-11-20), 查玉兰 11; only 孙婆婆 had her
/// yearly check (2026-04-02).
#[test]
fn elderly_health_management_by_hand() {
    use ReportScope::*;
    #[rustfmt::skip]
    let cases: &[(&str, ReportScope, &[i64], &[i64], &str)] = &[
        ("2026", Township, &[6], &[1, 2, 6, 7, 11], "20.0% (1/5)"),
        // Q1 ends 03-31: the check of 04-02 is not yet done
        ("2026Q1", Township, &[], &[1, 2, 6, 7, 11], "0.0% (0/5)"),
        ("2026Q2", Township, &[6], &[1, 2, 6, 7, 11], "20.0% (1/5)"),
        // 2025: no check that year
        ("2025", Township, &[], &[1, 2, 6, 7, 11], "0.0% (0/5)"),
        ("2026", Village(1), &[6], &[1, 2, 6, 7], "25.0% (1/4)"),
        ("2026", Village(2), &[], &[11], "0.0% (0/1)"),
        // 富民村 第二网格: 曾国强 (68) and 𠮷祥 (36)
        ("2026", Grid(2), &[], &[7], "0.0% (0/1)"),
    ];
    let ids = |v: &[Subject]| -> Vec<i64> {
        v.iter()
            .map(|s| match s {
                Subject::Resident(r) | Subject::Household(r) => *r,
            })
            .collect()
    };
    for (period, scope, num, den, cell) in cases {
        let f = compute(period, *scope).elderly;
        let what = format!("{period} {scope:?}");
        assert_eq!(ids(&f.num), num.to_vec(), "{what}");
        assert_eq!(ids(&f.den), den.to_vec(), "{what}");
        assert_eq!(f.cell(), *cell, "{what}");
        assert_eq!(f.why.len(), den.len(), "{what}: each says why");
    }
    let f = compute("2026", Township).elderly;
    let why = |r| {
        gridcare::words::why_counted(
            gridcare::words::Lang::Zh,
            &f.why[&Subject::Resident(r)],
            fixture_today(),
        )
    };
    assert_eq!(why(6), "04-02 年度体检");
    assert_eq!(why(1), "2026 年未做年度体检");
    // the column is on screen 8 and in `report`, its rule printed beneath
    assert!(
        indicators::COLUMNS
            .iter()
            .any(|c| c.0 == "老年人健康管理率")
    );
    let (_dir, db) = fixture_file();
    let (code, out, err) = gridcare_on(&db, &["report", "--period", "2026", "--lang", "zh"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("老年人健康管理率") && out.contains("20.0% (1/5)"),
        "{out}"
    );
    assert!(out.contains(indicators::ELDERLY_RULE), "{out}");
}

fn xlsx_report(db: &std::path::Path, dir: &std::path::Path, extra: &[&str]) -> std::path::PathBuf {
    let file = dir.join("指标.xlsx");
    let mut args = vec![
        "report",
        "--period",
        "2026",
        "--format",
        "xlsx",
        "-o",
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = gridcare_on(db, &args);
    assert_eq!(code, 0, "{out}{err}");
    file
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The workbook a county can add up: a title with township, period, as-of
/// date and rules; every figure's numerator, denominator and rate as
/// numbers; the villages' numerators sum to the township's; the people
/// sheet's counted rows are the numerator.
#[test]
fn report_xlsx_is_numbers_with_the_people_behind_them() {
    let (dir, db) = fixture_file();
    let file = xlsx_report(&db, dir.path(), &[]);
    let mut book: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    assert_eq!(book.sheet_names(), ["指标", "名单"]);
    let sheet = book.worksheet_range("指标").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let text = |r: usize, c: usize| {
        rows.get(r)
            .and_then(|x| x.get(c))
            .map_or(String::new(), cell_text)
    };
    // the title: township, period, as-of date (a date cell), the rules
    assert!(text(0, 0).starts_with("三角乡"), "{:?}", rows[0]);
    assert_eq!((text(1, 1), text(1, 3)), ("三角乡".into(), "2026".into()));
    assert!(matches!(rows[1][5], Data::DateTime(_)), "{:?}", rows[1][5]);
    let all: String = (0..rows.len()).map(|r| text(r, 0)).collect();
    assert!(all.contains(indicators::STANDARD_RULE), "the 规范管理 rule");
    assert!(all.contains(indicators::ELDERLY_RULE));
    // two header rows: the figure, then 分子/分母/率
    let top = (0..rows.len()).find(|&r| text(r, 0) == "统计期").unwrap();
    let sub = top + 1;
    let col_of = |head: &str, part: &str| {
        let c = (0..rows[top].len())
            .find(|&c| text(top, c) == head)
            .unwrap();
        (c..c + 3).find(|&c| text(sub, c) == part).unwrap()
    };
    let body: Vec<&Vec<Data>> = rows[sub + 1..].iter().collect();
    let names: Vec<String> = body.iter().map(|r| cell_text(&r[1])).collect();
    assert_eq!(names, ["富民村", "新塘村", "全乡合计"]);
    let num = |r: &Vec<Data>, c: usize| match r[c] {
        Data::Float(f) => f,
        ref other => panic!("not a number: {other:?}"),
    };
    let total = compute("2026", ReportScope::Township);
    for (head, _, pick) in indicators::COLUMNS {
        let f = pick(&total);
        if !f.rate {
            continue;
        }
        let (n, d, r) = (
            col_of(head, "分子"),
            col_of(head, "分母"),
            col_of(head, "率"),
        );
        let last = body.last().unwrap();
        assert_eq!(num(last, n), f.num.len() as f64, "{head}");
        assert_eq!(num(last, d), f.den_count() as f64, "{head}");
        match f.percent() {
            Some(p) => assert!((num(last, r) - p / 100.0).abs() < 1e-9, "{head}"),
            None => assert_eq!(last[r], Data::Empty, "{head}"),
        }
    }
    // a spreadsheet can add: the villages' 签约率 numerators and
    // denominators sum to the township's (every resident is in one village)
    for part in ["分子", "分母"] {
        let c = col_of("签约率", part);
        let villages: f64 = body[..2].iter().map(|r| num(r, c)).sum();
        assert_eq!(villages, num(body[2], c), "签约率 {part}");
    }
    // the people sheet: for every figure, its counted rows are its numerator
    let people = book.worksheet_range("名单").unwrap();
    let prow: Vec<Vec<String>> = people
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let head = prow.iter().position(|r| r[0] == "指标").unwrap();
    assert_eq!(
        prow[head][..7],
        ["指标", "姓名", "身份证号", "村", "网格", "计入", "原因"]
    );
    for (h, _, pick) in indicators::COLUMNS {
        let f = pick(&total);
        let of: Vec<&Vec<String>> = prow[head + 1..].iter().filter(|r| r[0] == *h).collect();
        let counted = of.iter().filter(|r| r[5] == "是").count();
        assert_eq!(counted, f.num.len(), "{h}: counted rows = numerator");
        assert_eq!(
            of.len(),
            f.den.len(),
            "{h}: rows = the people of the denominator"
        );
    }
    // a person: masked ID, village, grid as lists show it, why
    let wang = prow
        .iter()
        .find(|r| r[0] == "血压控制率" && r[1] == "王大爷")
        .expect("王大爷 is behind 血压控制率");
    assert_eq!(wang[2], "360425********0117");
    assert_eq!(
        (wang[3].as_str(), wang[4].as_str()),
        ("富民村", "富民村 第一网格")
    );
    assert_eq!(wang[5], "否");
    assert_eq!(wang[6], "末次血压 152/94（2026-11-10）");
}

/// CSV: the same columns as the workbook's table, each figure's numerator,
/// denominator and rate (a percentage) in cells of their own.
#[test]
fn report_csv_has_the_same_columns_as_numbers() {
    let (_dir, db) = fixture_file();
    let (code, out, err) = gridcare_on(&db, &["report", "--period", "2026Q3", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(
        &headers[..5],
        [
            "统计期",
            "村",
            "规范管理率(高血压) 分子",
            "规范管理率(高血压) 分母",
            "规范管理率(高血压) 率"
        ]
    );
    assert!(headers.contains(&"逾期(户+人) 人数".to_string()));
    assert!(headers.contains(&"老年人健康管理率 率".to_string()));
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap();
    let total = &rows[2];
    assert_eq!(&total[1], "全乡合计");
    // 33.3% (1/3) as three cells
    assert_eq!(&total[col("规范管理率(高血压) 分子")], "1");
    assert_eq!(&total[col("规范管理率(高血压) 分母")], "3");
    assert_eq!(&total[col("规范管理率(高血压) 率")], "33.3");
    // the workbook's table has the same columns
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.xlsx");
    let (code, _, err) = gridcare_on(
        &db,
        &[
            "report",
            "--period",
            "2026Q3",
            "--format",
            "xlsx",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let book = {
        let path = std::path::Path::new(&file);
        let r = gridcare::report::Report::new(
            &fixture_db().load(fixture_today(), Scope::All).unwrap(),
            &fixture_db().rules().unwrap(),
            "三角乡",
            parse_period("2026Q3").unwrap(),
            fixture_today(),
            ReportScope::Township,
        );
        assert!(path.exists());
        r.table().0
    };
    assert_eq!(book, headers);
}

/// The export's XLSX: dates are date cells, ID numbers text cells.
#[test]
fn export_xlsx_writes_dates_as_dates_and_ids_as_text() {
    let (dir, db) = fixture_file();
    let file = dir.path().join("居民.xlsx");
    let (code, out, err) = gridcare_on(
        &db,
        &[
            "export",
            "residents",
            "--format",
            "xlsx",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let mut book: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let col = |h: &str| rows[0].iter().position(|c| cell_text(c) == h).unwrap();
    let (id, birth) = (col("身份证号"), col("出生日期"));
    let wang = rows
        .iter()
        .find(|r| cell_text(&r[id]) == "360425194803150117")
        .expect("王大爷");
    assert!(matches!(wang[id], Data::String(_)), "{:?}", wang[id]);
    match &wang[birth] {
        Data::DateTime(d) => {
            let serial = (common::d("1948-03-15") - common::d("1899-12-30")).num_days();
            assert_eq!(d.as_f64(), serial as f64);
        }
        other => panic!("a birth date as a date cell, not {other:?}"),
    }
}

// ---------------------------------------------------------------- item 6

/// The same seed and data draw the same sample; another seed another; the
/// sample is of the scope's managed patients.
#[test]
fn spot_check_is_drawn_again_by_its_seed() {
    use gridcare::report::spot;
    let db = common::demo_db(300);
    let day = fixture_today();
    let town = db.load(day, Scope::All).unwrap();
    let draw = |scope, seed: &str| {
        spot::spot_check(&town, "三角乡", scope, day, 30, seed, |r| {
            db.last_followups(r, 3, day)
        })
        .unwrap()
    };
    let ids = |c: &spot::SpotCheck| c.picked.iter().map(|p| p.resident).collect::<Vec<_>>();
    let a = draw(ReportScope::Township, "2026-县抽查");
    assert!(
        a.population > 30,
        "the demo has {} managed patients",
        a.population
    );
    assert_eq!(a.picked.len(), 30);
    assert_eq!(
        ids(&a),
        ids(&draw(ReportScope::Township, "2026-县抽查")),
        "same seed, same sample"
    );
    assert_ne!(
        ids(&a),
        ids(&draw(ReportScope::Township, "2026-县抽查2")),
        "another seed, another sample"
    );
    // every one is a managed patient, each once, with their last follow-ups, latest first
    let pool = spot::population(&town, ReportScope::Township, day);
    let mut seen = ids(&a);
    seen.dedup();
    assert_eq!(seen.len(), 30);
    assert!(ids(&a).iter().all(|r| pool.contains(r)));
    assert!(a.picked.iter().any(|p| !p.visits.is_empty()));
    for p in &a.picked {
        assert!(p.visits.len() <= spot::VISITS);
        assert!(
            p.visits.windows(2).all(|w| w[0].date >= w[1].date),
            "{}",
            p.name
        );
    }
    // a village's sample is of that village only
    let v = town.villages[1].id;
    let c = draw(ReportScope::Village(v), "x");
    let name = &town.villages[1].name;
    assert!(!c.picked.is_empty());
    assert!(c.picked.iter().all(|p| &p.village == name));
    // the draw itself: the order the pool comes in does not matter
    let pool = [5, 3, 9, 1, 7];
    assert_eq!(
        spot::draw(&pool, 3, "s"),
        spot::draw(&[9, 7, 5, 3, 1], 3, "s")
    );
    assert_eq!(spot::draw(&pool, 10, "s").len(), 5);
}

/// `gridcare report --spot-check`: the seed on the output, the scope of the
/// signed-in operator respected, a --village narrowing it, CSV and XLSX.
#[test]
fn spot_check_command_shows_its_seed_and_keeps_to_the_operator() {
    let (dir, db) = common::operators_file();
    let args = [
        "--today",
        "2026-11-20",
        "report",
        "--spot-check",
        "10",
        "--seed",
        "7",
    ];
    // the coordinator: the township's five managed patients
    let (code, out) = common::run_as(&db, Some("王协调"), None, &args);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("seed") || out.contains("种子"), "{out}");
    assert!(out.contains("种子 7"), "{out}");
    for name in ["王大爷", "李秀英", "曾国强", "欧阳春花", "解福生"] {
        assert!(out.contains(name), "{name}: {out}");
    }
    assert!(out.contains("13807921111"), "the phone: {out}");
    assert!(
        out.contains("2026-11-10") && out.contains("152/94"),
        "the last follow-up: {out}"
    );
    // the village doctor of 富民村: that village's only
    let (code, out) = common::run_as(&db, Some("余德明"), None, &args);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("王大爷") && !out.contains("欧阳春花"), "{out}");
    // and another village is refused, not drawn as nobody
    let mut other = args.to_vec();
    other.extend(["--village", "新塘村"]);
    let (code, out) = common::run_as(&db, Some("余德明"), None, &other);
    assert_ne!(code, 0, "{out}");
    // the coordinator narrowed to a village
    let (code, out) = common::run_as(&db, Some("王协调"), None, &other);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("欧阳春花") && !out.contains("王大爷"), "{out}");
    // CSV: the title with the seed, the header, a blank answer column
    let csv_file = dir.path().join("抽查.csv");
    let mut a = args.to_vec();
    a.extend(["--format", "csv", "-o", csv_file.to_str().unwrap()]);
    let (code, out) = common::run_as(&db, Some("王协调"), None, &a);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("seed 7"), "{out}");
    let text = std::fs::read_to_string(&csv_file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("种子 7"), "{}", lines[0]);
    assert!(
        lines[1]
            .starts_with("序号,姓名,身份证号,村,网格,电话,管理病种,随访1日期,随访1方式,随访1读数")
    );
    assert!(lines[1].ends_with(",核实结果"));
    assert_eq!(lines.len(), 2 + 5);
    // XLSX: dates as dates, the phone as text
    let xlsx_file = dir.path().join("抽查.xlsx");
    let mut a = args.to_vec();
    a.extend(["--format", "xlsx", "-o", xlsx_file.to_str().unwrap()]);
    let (code, out) = common::run_as(&db, Some("王协调"), None, &a);
    assert_eq!(code, 0, "{out}");
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx_file).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let wang = rows.iter().find(|r| cell_text(&r[1]) == "王大爷").unwrap();
    assert_eq!(wang[5], Data::String("13807921111".into()));
    assert!(matches!(wang[7], Data::DateTime(_)), "{:?}", wang[7]);
    assert_eq!(cell_text(&wang[8]), "家庭");
    assert_eq!(cell_text(&wang[9]), "152/94");
}

/// The spot check as a PDF through the print machinery (a Chinese font is
/// needed: .ci/run installs fonts-wqy-microhei).
#[test]
fn spot_check_pdf() {
    let (dir, db) = fixture_file();
    let file = dir.path().join("抽查.pdf");
    let (code, out, err) = gridcare_on(
        &db,
        &[
            "report",
            "--spot-check",
            "30",
            "--seed",
            "县2026",
            "--format",
            "pdf",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    if gridcare::print::find_font(None).is_err() {
        assert!(
            std::env::var("CI").is_err(),
            "CI needs a Chinese font: apt install fonts-wqy-microhei"
        );
        assert_ne!(code, 0);
        return;
    }
    assert_eq!(code, 0, "{out}{err}");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // a report itself is not a PDF: one line says what is
    let (code, _, err) = gridcare_on(
        &db,
        &[
            "report", "--period", "2026", "--format", "pdf", "-o", "x.pdf",
        ],
    );
    assert_ne!(code, 0);
    assert!(err.contains("spot check"), "{err}");
}

/// `C` on screen 8 draws the spot check of the scope on screen: the seed in
/// the title (to draw it again from the command line), the files written
/// into the print folder, the sample listed (80×24, Chinese names).
#[test]
fn spot_check_popup_on_screen_8() {
    use gridcare::tui::app::Popup;
    use gridcare::words::Lang;
    let (mut db, dir) = common::printing_fixture();
    let mut app = common::load(&db, Lang::Zh, false);
    common::press(&mut app, &mut db, "8C");
    let title = match &app.popup {
        Some(Popup::Text(t)) => t.title.clone(),
        _ => panic!("no spot check popup: {}", app.message),
    };
    let seed = title.rsplit(' ').next().unwrap().to_string();
    assert!(
        title.starts_with("真实性核查抽样 · 全乡合计 · 种子"),
        "{title}"
    );
    let xlsx = dir.path().join(format!("抽查-{seed}.xlsx"));
    assert!(xlsx.exists(), "{}", xlsx.display());
    // the same sample again from the command line, by the seed shown
    let town = db.load(fixture_today(), Scope::All).unwrap();
    let again = gridcare::report::spot::spot_check(
        &town,
        "三角乡",
        ReportScope::Township,
        fixture_today(),
        30,
        &seed,
        |r| db.last_followups(r, 3, fixture_today()),
    )
    .unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let names: Vec<String> = sheet.rows().skip(2).map(|r| cell_text(&r[1])).collect();
    let drawn: Vec<String> = again.picked.iter().map(|p| p.name.clone()).collect();
    assert_eq!(names, drawn);
    let folder = dir.path().to_str().unwrap();
    let screen = common::render(&app, 80, 24)
        .replace(&seed, &"S".repeat(seed.len()))
        .replace(folder, &"D".repeat(folder.len()));
    for name in ["王大爷", "李秀英", "曾国强", "欧阳春花", "解福生"] {
        assert!(screen.contains(name), "{name}: {screen}");
    }
    insta::assert_snapshot!("spot_check_zh_80x24", screen);
}

/// Issue 28 item 5: the people behind the figures as CSV (`--people`),
/// the columns of sheet 名单; a figure's 是 rows are its numerator in the
/// figures' CSV.
#[test]
fn report_people_csv_counts_each_figures_numerator() {
    let (_dir, db) = fixture_file();
    let figures = |extra: &[&str]| {
        let mut a = vec!["report", "--period", "2026Q3", "--format", "csv"];
        a.extend(extra);
        let (code, out, err) = gridcare_on(&db, &a);
        assert_eq!(code, 0, "{err}");
        let mut r = csv::Reader::from_reader(out.trim_start_matches('\u{FEFF}').as_bytes());
        let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(String::from).collect())
            .collect();
        (headers, rows)
    };
    let (headers, rows) = figures(&[]);
    let (pheads, people) = figures(&["--people"]);
    assert_eq!(
        pheads,
        ["指标", "姓名", "身份证号", "村", "网格", "计入", "原因"]
    );
    let total = rows.last().unwrap();
    let mut checked = 0;
    for (i, h) in headers.iter().enumerate() {
        let Some(figure) = h.strip_suffix(" 分子") else {
            continue;
        };
        let yes = people
            .iter()
            .filter(|r| r[0] == figure && r[5] == "是")
            .count();
        assert_eq!(yes.to_string(), total[i], "{figure}: 是 rows = 分子");
        checked += 1;
    }
    assert!(checked >= 5, "{headers:?}");
    // and as a table on the terminal, the same people
    let (code, out, err) = gridcare_on(&db, &["report", "--period", "2026Q3", "--people"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("王大爷") && out.contains("360425********0117"),
        "{out}"
    );
}
