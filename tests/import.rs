//! Issue 11, parts 2 and 3: importing residents, households, conditions and
//! follow-ups from CSV and XLSX, and exporting them so that a file round-trips.
//! Bad rows are reported with line, column and reason in both languages, and
//! one bad row writes nothing unless --skip-bad (domain.md §3, §9, §10).

mod common;
use common::{FIXTURE, d, fixture_db, fixture_today, gridcare_on as gridcare};
use gridcare::db::{Db, OpenMode};
use gridcare::import::{self, FileFormat, Kind, Options, Outcome, Report, Table};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/import")
        .join(name)
}

fn opts(kind: Kind) -> Options {
    Options {
        kind,
        dry_run: false,
        skip_bad: false,
        create_places: false,
        township: None,
        today: fixture_today(),
        map: Vec::new(),
    }
}

fn run(db: &mut Db, table: &Table, o: &Options, zh: bool) -> Report {
    import::import(db, table, o, zh, &mut |_| {}).unwrap()
}

fn import_file(db: &mut Db, file: &Path, o: &Options) -> Report {
    run(db, &import::read_table(file).unwrap(), o, true)
}

/// Rows of every table an import writes, and the audit log.
fn footprint(db: &Db) -> Vec<i64> {
    common::row_counts(
        db,
        &[
            "township",
            "village",
            "grid",
            "household",
            "resident",
            "chronic_condition",
            "visit",
            "colour_history",
            "referral",
            "resident_move",
            "audit_log",
        ],
    )
}

fn one(db: &Db, sql: &str) -> String {
    db.conn()
        .query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
        .map(|v| match v {
            rusqlite::types::Value::Text(t) => t,
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Null => "NULL".into(),
            other => format!("{other:?}"),
        })
        .unwrap()
}

/// Every reason a row is refused, at its line and column, in Chinese and
/// English (§9 ID numbers, §3 plausible ranges; places; repeats).
#[test]
fn every_bad_row_is_reported_with_its_line_column_and_reason() {
    type Case = (
        &'static str,
        Kind,
        usize,
        Option<&'static str>,
        &'static str,
        &'static str,
    );
    let cases: &[Case] = &[
        (
            "居民.csv",
            Kind::Residents,
            5,
            Some("身份证号"),
            "校验位不对：应为 4，实为 5",
            "check",
        ),
        (
            "居民.csv",
            Kind::Residents,
            6,
            Some("性别"),
            "填写的“男”与身份证号不符（身份证号为 女）",
            "\"男\" disagrees with the ID number (which says 女)",
        ),
        (
            "居民.csv",
            Kind::Residents,
            7,
            Some("出生日期"),
            "与身份证号不符（身份证号为 1952-11-11）",
            "disagrees with the ID number (which says 1952-11-11)",
        ),
        (
            "居民.csv",
            Kind::Residents,
            8,
            Some("村"),
            "没有名为“东山村”的村",
            "there is no village \"东山村\"",
        ),
        (
            "居民.csv",
            Kind::Residents,
            9,
            Some("网格"),
            "富民村没有名为“第九网格”的网格",
            "富民村 has no grid \"第九网格\"",
        ),
        (
            "居民.csv",
            Kind::Residents,
            10,
            Some("身份证号"),
            "在本文件第 2 行已出现",
            "on line 2 of the file already",
        ),
        (
            "居民.csv",
            Kind::Residents,
            11,
            Some("身份证号"),
            "已登记为 李秀英（富民村1组3号）",
            "registered to 李秀英 (富民村1组3号)",
        ),
        (
            "居民.csv",
            Kind::Residents,
            12,
            Some("登记日期"),
            "2026 年 2 月没有 30 日",
            "February 2026 has no day 30",
        ),
        (
            "居民.csv",
            Kind::Residents,
            13,
            Some("联系电话"),
            "12ab",
            "12ab",
        ),
        ("随访.csv", Kind::Visits, 5, Some("收缩压"), "300", "300"),
        (
            "慢病.csv",
            Kind::Conditions,
            4,
            None,
            "2026-11-30",
            "2026-11-30",
        ),
        (
            "家庭户.csv",
            Kind::Households,
            4,
            Some("网格"),
            "新塘村没有名为“第二网格”的网格",
            "新塘村 has no grid \"第二网格\"",
        ),
    ];
    for (file, kind, line, column, zh, en) in cases {
        for (lang_zh, want) in [(true, zh), (false, en)] {
            let mut db = fixture_db();
            let table = import::read_table(&fixture(file)).unwrap();
            let report = run(&mut db, &table, &opts(*kind), lang_zh);
            let found: Vec<_> = report.issues().filter(|i| i.line == *line).collect();
            assert_eq!(found.len(), 1, "{file} line {line}: {found:?}");
            assert_eq!(found[0].column.as_deref(), *column, "{file} line {line}");
            let text = found[0].problem.text(lang_zh);
            assert!(
                text.contains(want),
                "{file} line {line}: {text:?} lacks {want:?}"
            );
            let full = found[0].text(lang_zh);
            let at = if lang_zh {
                format!("第 {line} 行")
            } else {
                format!("line {line}")
            };
            assert!(full.starts_with(&at), "{full}");
        }
    }
    // the good rows of 居民.csv are not reported, and nothing else is
    let mut db = fixture_db();
    let r = import_file(&mut db, &fixture("居民.csv"), &opts(Kind::Residents));
    let lines: Vec<usize> = r.issues().map(|i| i.line).collect();
    assert_eq!(lines, (5..=13).collect::<Vec<_>>());
    assert_eq!((r.created(), r.unchanged(), r.rejected()), (2, 1, 9));
}

/// All or nothing: one bad row and no table, not even the audit log, changes.
#[test]
fn a_file_with_one_bad_row_writes_nothing() {
    let mut db = fixture_db();
    let before = footprint(&db);
    let mut text = std::fs::read_to_string(fixture("居民-utf8.csv")).unwrap();
    text.push_str("黄志明,36042519610606081X,男,,新塘村,第一网格,新塘村2组9号,户主,12ab\n");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("居民.csv");
    std::fs::write(&file, text).unwrap();
    let mut o = opts(Kind::Residents);
    o.create_places = true;
    let r = import_file(&mut db, &file, &o);
    assert_eq!((r.created(), r.rejected(), r.saved), (3, 1, false));
    assert_eq!(footprint(&db), before);
    assert!(import::summary(&r, true).ends_with("未写入任何内容。"));
    // --dry-run writes nothing either, even for a clean file
    let mut o = opts(Kind::Residents);
    o.dry_run = true;
    let r = import_file(&mut db, &fixture("居民-utf8.csv"), &o);
    assert!(r.is_clean() && !r.saved && r.created() == 3);
    assert_eq!(footprint(&db), before);
}

/// Importing the same file twice creates nothing new; a changed phone is
/// listed and updated; the rest is counted unchanged.
#[test]
fn importing_twice_creates_nothing_new_and_lists_what_changed() {
    let mut db = fixture_db();
    let file = fixture("居民-utf8.csv");
    let first = import_file(&mut db, &file, &opts(Kind::Residents));
    assert_eq!(
        (first.created(), first.households_created, first.saved),
        (3, 2, true)
    );
    let after_first = footprint(&db);
    let again = import_file(&mut db, &file, &opts(Kind::Residents));
    assert_eq!(
        (again.created(), again.updated(), again.unchanged()),
        (0, 0, 3)
    );
    assert_eq!(footprint(&db)[..10], after_first[..10]);
    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("居民.csv");
    std::fs::write(
        &changed,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace("13907925555", "13800000000"),
    )
    .unwrap();
    let r = import_file(&mut db, &changed, &opts(Kind::Residents));
    assert_eq!((r.created(), r.updated(), r.unchanged()), (0, 1, 2));
    let lines = import::report_lines(&r, true);
    // the change, then the registered residents the file leaves out
    // (issue 28 item 2), listed and not touched
    assert_eq!(
        lines[0],
        "第 2 行 更新：联系电话: 13907925555 → 13800000000"
    );
    assert!(
        lines[1].starts_with("文件中没有、但已登记在这些村的居民 12 人"),
        "{lines:?}"
    );
    assert_eq!(lines.len(), 2 + 12, "{lines:?}");
    assert_eq!(
        one(
            &db,
            "SELECT phone FROM resident WHERE id_number = '360425195603010130'"
        ),
        "13800000000"
    );
    assert!(
        import::summary(&r, false)
            .starts_with("residents: 0 created, 1 updated, 2 unchanged, 0 rejected")
    );
}

/// A GBK file and a file with a BOM read exactly as the UTF-8 one.
#[test]
fn gbk_and_bom_files_read_the_same_as_utf8() {
    let utf8 = import::read_table(&fixture("居民-utf8.csv")).unwrap();
    for f in ["居民-gbk.csv", "居民-bom.csv"] {
        let t = import::read_table(&fixture(f)).unwrap();
        assert_eq!(t.headers, utf8.headers, "{f}");
        assert_eq!(t.rows, utf8.rows, "{f}");
    }
    let mut db = fixture_db();
    let r = import_file(&mut db, &fixture("居民-gbk.csv"), &opts(Kind::Residents));
    assert_eq!((r.created(), r.saved), (3, true));
    assert_eq!(
        one(
            &db,
            "SELECT name || birth_date FROM resident WHERE id_number = '36042519580715024X'"
        ),
        "胡桂兰1958-07-15"
    );
}

/// Every date shape of the issue, in CSV cells and in XLSX date cells and
/// plain numbers (Excel serial dates); the spreadsheet's row numbers are reported.
#[test]
fn dates_in_every_shape_and_excel_serial_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let shapes = [
        "2026-11-04",
        "2026/11/04",
        "2026年11月4日",
        "20261104",
        "46330",
    ];
    let ids = [
        "360425195603010130",
        "36042519580715024X",
        "360425196605120354",
        "360425197008080467",
        "360425195211110570",
    ];
    let mut csv = String::from("姓名,身份证号,村,网格,地址,登记日期\n");
    for (i, (s, id)) in shapes.iter().zip(ids).enumerate() {
        csv.push_str(&format!(
            "居民{i},{id},富民村,第一网格,富民村9组{i}号,{s}\n"
        ));
    }
    let file = dir.path().join("dates.csv");
    std::fs::write(&file, csv).unwrap();
    let mut db = fixture_db();
    let r = import_file(&mut db, &file, &opts(Kind::Residents));
    assert!(r.is_clean(), "{:?}", r.issues().collect::<Vec<_>>());
    assert_eq!(
        one(
            &db,
            "SELECT group_concat(DISTINCT registered_on) FROM resident WHERE name LIKE '居民%'"
        ),
        "2026-11-04"
    );

    // XLSX: a date cell, a plain serial number and a text date; a header on row 2
    let xlsx = dir.path().join("居民.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(0, 0, "居民花名册").unwrap();
    for (c, h) in [
        "姓名",
        "身份证号",
        "出生日期",
        "村",
        "网格",
        "地址",
        "登记日期",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let rows = [
        ("胡德胜", "360425195603010130", 20515.0, "46330"),
        ("胡桂兰", "36042519580715024X", 21381.0, "2026/11/04"),
        ("熊水根", "360425196605120355", 24239.0, "2026-11-04"),
    ];
    for (i, (name, id, born, reg)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_string(r, 0, *name).unwrap();
        sheet.write_string(r, 1, *id).unwrap();
        sheet.write_number_with_format(r, 2, *born, &date).unwrap();
        sheet.write_string(r, 3, "富民村").unwrap();
        sheet.write_string(r, 4, "第一网格").unwrap();
        sheet.write_string(r, 5, "富民村3组2号").unwrap();
        match reg.parse::<f64>() {
            Ok(n) => sheet.write_number(r, 6, n).unwrap(),
            Err(_) => sheet.write_string(r, 6, *reg).unwrap(),
        };
    }
    // an ID number typed into a number cell: Excel keeps 15 digits of it
    sheet.write_string(5, 0, "吴春兰").unwrap();
    sheet.write_number(5, 1, 360425194812240683.0).unwrap();
    book.save(&xlsx).unwrap();
    let table = import::read_table(&xlsx).unwrap();
    assert_eq!(table.header_line, 2);
    let mut db = fixture_db();
    let r = run(&mut db, &table, &opts(Kind::Residents), false);
    // the spreadsheet's row 5 holds the bad check character, row 6 the number
    let issues: Vec<_> = r.issues().map(|i| (i.line, i.column.clone())).collect();
    let id = Some("身份证号".to_string());
    assert_eq!(issues, [(5, id.clone()), (6, id)]);
    let lost = r.issues().nth(1).unwrap().text(true);
    assert!(lost.contains("存成了数字（3.60425194812240"), "{lost}");
    let mut o = opts(Kind::Residents);
    o.skip_bad = true;
    let r = run(&mut db, &table, &o, false);
    assert_eq!((r.created(), r.saved), (2, true));
    assert_eq!(
        one(
            &db,
            "SELECT group_concat(birth_date || ' ' || registered_on, '; ') FROM resident WHERE name LIKE '胡%'"
        ),
        "1956-03-01 2026-11-04; 1958-07-15 2026-11-04"
    );
}

/// Imported follow-ups get the classification, referral and colour that
/// `record_visit` gives the same follow-ups typed in (§3, §4).
#[test]
fn imported_followups_are_classified_as_typed_ones() {
    let mut imported = fixture_db();
    let mut o = opts(Kind::Visits);
    o.skip_bad = true;
    let r = import_file(&mut imported, &fixture("随访.csv"), &o);
    assert_eq!((r.created(), r.rejected()), (3, 1));

    let mut typed = fixture_db();
    use gridcare::domain::model::VisitMode;
    let mut v = common::followup(1, "2026-11-18", 150, 95);
    v.findings.vitals.heart_rate = Some(78);
    v.findings.vitals.weight_kg = Some(65.0);
    typed.record_visit(&v, fixture_today()).unwrap();
    let mut v = common::followup(2, "2026-11-18", 0, 0);
    v.mode = VisitMode::Home;
    v.findings.vitals = gridcare::domain::followup::Vitals {
        fpg: Some(6.1),
        weight_kg: Some(52.0),
        ..Default::default()
    };
    typed.record_visit(&v, fixture_today()).unwrap();
    let mut v = common::followup(9, "2026-11-18", 185, 100);
    v.mode = VisitMode::Phone;
    typed.record_visit(&v, fixture_today()).unwrap();

    let q =
        "SELECT group_concat(resident_id || ' ' || classification || ' ' || referral, '; ') FROM
             (SELECT * FROM visit WHERE id > 9 ORDER BY resident_id)";
    assert_eq!(one(&imported, q), one(&typed, q));
    let c = "SELECT group_concat(resident_id || ' ' || colour || ' ' || since || ' ' || cause, '; ') FROM
             (SELECT * FROM colour_history ORDER BY resident_id, id)";
    assert_eq!(one(&imported, c), one(&typed, c));
    assert!(one(&imported, q).contains("9 uncontrolled emergency"));
    // the same file again doubles nothing
    let again = import_file(&mut imported, &fixture("随访.csv"), &o);
    assert_eq!((again.created(), again.unchanged()), (0, 3));
}

/// A database file holding the fixture township.
fn fixture_file(dir: &Path) -> PathBuf {
    let path = dir.join("t.db");
    let mut db = Db::open(&path, OpenMode::CreateIfMissing).unwrap();
    db.apply_sql(FIXTURE).unwrap();
    path
}

/// --skip-bad saves the good rows and writes the bad ones, with a reason
/// column, beside the file; fixed, that file imports. Each run is a process
/// of its own, so each also shows that another process sees what was saved.
#[test]
fn skip_bad_writes_a_reject_file_that_imports_once_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path());
    let file = dir.path().join("居民.csv");
    std::fs::copy(fixture("居民.csv"), &file).unwrap();
    let (code, out, err) = gridcare(
        &db,
        &[
            "--lang",
            "zh",
            "import",
            "--yes",
            "residents",
            file.to_str().unwrap(),
            "--skip-bad",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("第 5 行，身份证号："), "{out}");
    assert!(
        out.contains("居民：新建 2，更新 0，未变 1，有误 9"),
        "{out}"
    );
    let rejects = dir.path().join("居民-rejected.csv");
    let t = import::read_table(&rejects).unwrap();
    assert_eq!(t.headers.last().map(String::as_str), Some("原因"));
    assert_eq!(t.rows.len(), 9);
    assert!(t.rows[0].cells.last().unwrap().contains("校验位"));
    let reader = Db::open_read_only(&db, gridcare::db::ReadOnlyWhy::Asked).unwrap();
    assert_eq!(one(&reader, "SELECT count(*) FROM resident"), "14");
    drop(reader);

    // a person fixes each row (the reason column stays; import ignores it)
    let fixes: [(&str, &str); 8] = [
        ("360425196605120355", "360425196605120354"),
        (
            ",邹冬梅,360425197008080467,男",
            ",邹冬梅,360425197008080467,女",
        ),
        ("1952-11-12", "1952-11-11"),
        ("东山村", "新塘村"),
        ("第九网格", "第一网格"),
        (",李秀兰,", ",李秀英,"),
        ("2026-02-30", "2026-02-28"),
        ("12ab", "13907920009"),
    ];
    let mut text = std::fs::read_to_string(&rejects).unwrap();
    for (from, to) in fixes {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    std::fs::write(&rejects, text).unwrap();
    let (code, out, err) = gridcare(
        &db,
        &["import", "--yes", "residents", rejects.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("residents: 7 created, 0 updated, 2 unchanged, 0 rejected"),
        "{out}"
    );
    let reader = Db::open_read_only(&db, gridcare::db::ReadOnlyWhy::Asked).unwrap();
    assert_eq!(one(&reader, "SELECT count(*) FROM resident"), "21");

    // all or nothing through the command line too: exit 1, nothing written
    let before = footprint(&reader);
    drop(reader);
    let (code, out, _) = gridcare(
        &db,
        &[
            "import",
            "--yes",
            "residents",
            fixture("居民.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.ends_with("Nothing was written.\n"), "{out}");
    let reader = Db::open_read_only(&db, gridcare::db::ReadOnlyWhy::Asked).unwrap();
    assert_eq!(footprint(&reader), before);
}

/// export → import into an empty database → export gives identical files,
/// for every kind, in CSV and XLSX; files are private (§10).
#[test]
fn export_then_import_into_an_empty_database_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture_file(dir.path());
    {
        // visits typed in gridcare always name who did them (the operator by
        // default); the SQL fixture's predate that column
        let db = Db::open(&source, OpenMode::MustExist).unwrap();
        db.conn()
            .execute(
                "UPDATE visit SET visited_by = '江丽琴' WHERE visited_by IS NULL",
                [],
            )
            .unwrap();
    }
    let kinds = ["households", "residents", "conditions", "visits"];
    for ext in ["csv", "xlsx"] {
        let empty = dir.path().join(format!("empty-{ext}.db"));
        let (code, _, err) = gridcare(&empty, &["init"]);
        assert_eq!(code, 0, "{err}");
        let file = |kind: &str, n: u8| dir.path().join(format!("{kind}-{n}.{ext}"));
        for kind in kinds {
            let first = file(kind, 1);
            let f = first.to_str().unwrap();
            let (code, out, err) = gridcare(&source, &["export", kind, "--format", ext, "-o", f]);
            assert_eq!(code, 0, "{out}{err}");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&first).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600, "{kind}.{ext}");
            }
            let (code, out, err) = gridcare(
                &empty,
                &[
                    "--township",
                    "三角乡",
                    "import",
                    "--yes",
                    kind,
                    f,
                    "--create-places",
                ],
            );
            assert_eq!(code, 0, "{kind}.{ext}: {out}{err}");
            assert!(out.contains(" 0 rejected"), "{out}");
        }
        // households name their head, so every file is compared once all are in
        for kind in kinds {
            let (first, second) = (file(kind, 1), file(kind, 2));
            let s = second.to_str().unwrap();
            let (code, _, err) = gridcare(&empty, &["export", kind, "--format", ext, "-o", s]);
            assert_eq!(code, 0, "{err}");
            let (a, b) = (
                import::read_table(&first).unwrap(),
                import::read_table(&second).unwrap(),
            );
            assert_eq!(a.headers, b.headers, "{kind}.{ext}");
            assert_eq!(a.rows, b.rows, "{kind}.{ext}");
            assert!(!a.rows.is_empty(), "{kind}.{ext}");
            if ext == "csv" {
                assert_eq!(
                    std::fs::read(&first).unwrap(),
                    std::fs::read(&second).unwrap()
                );
            }
            // and importing the export again changes nothing
            let (_, out, _) = gridcare(&empty, &["import", "--yes", kind, s]);
            assert!(
                out.contains(" 0 created, 0 updated,"),
                "{kind}.{ext}: {out}"
            );
        }
    }
}

/// A village filter exports only that village; the export's words are the
/// importer's (男, 户主, 高血压, 是).
#[test]
fn export_by_village_in_the_importers_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path());
    let out = dir.path().join("x.csv");
    let (code, _, err) = gridcare(
        &db,
        &[
            "export",
            "residents",
            "--village",
            "新塘村",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let t = import::read_table(&out).unwrap();
    assert_eq!(t.format, FileFormat::Csv);
    assert_eq!(t.rows.len(), 4);
    assert!(t.rows.iter().all(|r| r.cells[1] == "新塘村"));
    assert_eq!(
        t.rows[0].cells[4..11],
        [
            "欧阳春花",
            "360425196212310923",
            "女",
            "1962-12-31",
            "13607924444",
            "户主",
            "否"
        ]
    );
    let _ = (d("2026-11-20"), Outcome::Created);
}

/// English aliases map like the Chinese headers; a column nobody knows is
/// named in the report and ignored; a title line above the header is skipped.
#[test]
fn english_headers_read_like_chinese_ones() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("residents.csv");
    let chinese = std::fs::read_to_string(fixture("居民-utf8.csv")).unwrap();
    let english = chinese.replacen(
        "姓名,身份证号,性别,出生日期,村,网格,地址,与户主关系,联系电话",
        "Name,ID_number,sex,birth_date,village,grid,address,relation,phone,备用",
        1,
    );
    std::fs::write(&file, format!("三角乡居民名册\n{english}")).unwrap();
    let mut db = fixture_db();
    let r = import_file(&mut db, &file, &opts(Kind::Residents));
    assert_eq!((r.created(), r.saved), (3, true));
    // the column not read heads the report, with what it would take
    // (issue 28 item 3)
    let lines = import::report_lines(&r, false);
    assert!(
        lines[0].starts_with("note: column \"备用\" is not read")
            && lines[0].contains("--map '备用=FIELD'"),
        "{lines:?}"
    );
    assert!(lines[1].starts_with("line 3 added: 胡德胜"), "{lines:?}");
    let mut again = fixture_db();
    let c = import_file(
        &mut again,
        &fixture("居民-utf8.csv"),
        &opts(Kind::Residents),
    );
    assert_eq!(footprint(&again)[..10], footprint(&db)[..10]);
    assert_eq!(c.created(), 3);
}
