//! The province's register as gridcare's bridge (issue 28): the provincial
//! household number 户编号 keeps two families at one address apart, comes
//! back out on export, and a re-import of that export changes nothing.

mod common;
use common::fixture_today;
use gridcare::import::{self, Kind, Options};

fn opts(kind: Kind) -> Options {
    Options {
        kind,
        dry_run: false,
        skip_bad: false,
        create_places: true,
        township: None,
        today: fixture_today(),
        map: Vec::new(),
    }
}

fn table(text: &str) -> import::Table {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.csv");
    std::fs::write(&path, text).unwrap();
    import::read_table(&path).unwrap()
}

/// Two families at one address (分户) with their own 户编号 stay two
/// households; the number is their key (a row of the second finds it
/// again), and the export writes the provincial numbers, not gridcare's.
#[test]
fn two_families_at_one_address_stay_two_and_keep_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_file(dir.path());
    let mut db = gridcare::db::Db::open(&path, gridcare::db::OpenMode::MustExist).unwrap();
    db.operator = "测试员".into();
    let before: i64 = common::value(&db, "SELECT count(*) FROM household");
    let residents = table(
        "户编号,村,网格,家庭住址,户主姓名,姓名,身份证号\n\
         H00001,富民村,第一网格,富民村3组7号,陈一,陈一,36042519700101001X\n\
         H00002,富民村,第一网格,富民村3组7号,陈二,陈二,36042519720202002X\n\
         H00002,富民村,第一网格,富民村3组7号,陈二,陈小二,360425200003030035\n",
    );
    let report = import::import(
        &mut db,
        &residents,
        &opts(Kind::Residents),
        true,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(report.rejected(), 0, "{report:?}");
    // 户主姓名 is read: the named resident is the head of their household
    assert!(
        report.unknown_columns.is_empty(),
        "{:?}",
        report.unknown_columns
    );
    let heads: String = common::value(
        &db,
        "SELECT group_concat(name, ',') FROM (SELECT name FROM resident WHERE relation = 'head' AND name LIKE '陈%' ORDER BY name)",
    );
    assert_eq!(heads, "陈一,陈二");
    let after: i64 = common::value(&db, "SELECT count(*) FROM household");
    assert_eq!(after - before, 2, "two households at one address");
    let numbers: String = common::value(
        &db,
        "SELECT group_concat(ext_no, ',') FROM (SELECT ext_no FROM household WHERE ext_no IS NOT NULL ORDER BY ext_no)",
    );
    assert_eq!(numbers, "H00001,H00002");
    let members: i64 = common::value(
        &db,
        "SELECT count(*) FROM resident r JOIN household h ON h.id = r.household_id WHERE h.ext_no = 'H00002'",
    );
    assert_eq!(members, 2);
    // the export writes the provincial numbers back
    let out = dir.path().join("out.csv");
    let (code, _, err) =
        common::gridcare_on(&path, &["export", "residents", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("H00001,") && l.contains("陈一")),
        "{text}"
    );
    // the export imported again finds every household and adds nothing
    let exported = import::read_table(&out).unwrap();
    let back = import::import(
        &mut db,
        &exported,
        &opts(Kind::Residents),
        true,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(back.rejected(), 0, "{back:?}");
    let same: i64 = common::value(&db, "SELECT count(*) FROM household");
    assert_eq!(same, after);
    // and the same file again finds both households and adds nothing
    let again = import::import(
        &mut db,
        &residents,
        &opts(Kind::Residents),
        true,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(again.rejected(), 0);
    let still: i64 = common::value(&db, "SELECT count(*) FROM household");
    assert_eq!(still, after);
    // a provincial number held by one address is not another's
    let moved = table(
        "户编号,村,网格,家庭住址,姓名,身份证号\n\
         H00001,富民村,第一网格,富民村9组1号,陈三,360425197503030037\n",
    );
    let bad = import::import(&mut db, &moved, &opts(Kind::Residents), true, &mut |_| {}).unwrap();
    assert_eq!(bad.rejected(), 1, "{bad:?}");
}

/// A resident's provincial health-record number 档案编号 (issue 28 item 1)
/// is kept on import, written back on export, added to a resident
/// registered before (listed as a change), and refused when another
/// resident holds it.
#[test]
fn record_numbers_are_kept_and_one_residents_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_file(dir.path());
    let mut db = gridcare::db::Db::open(&path, gridcare::db::OpenMode::MustExist).unwrap();
    db.operator = "测试员".into();
    let file = table(
        "户编号,村,网格,家庭住址,姓名,身份证号,档案编号\n\
         H00001,富民村,第一网格,富民村3组7号,陈一,36042519700101001X,3604250010001\n\
         ,富民村,第一网格,富民村1组3号,王大爷,360425194803150117,3604250010002\n",
    );
    let report = import::import(&mut db, &file, &opts(Kind::Residents), true, &mut |_| {}).unwrap();
    assert_eq!(report.rejected(), 0, "{report:?}");
    let kept: String = common::value(
        &db,
        "SELECT group_concat(name || '=' || record_no, ',') FROM (SELECT name, record_no FROM resident WHERE record_no IS NOT NULL ORDER BY record_no)",
    );
    assert_eq!(kept, "陈一=3604250010001,王大爷=3604250010002");
    let changed = report
        .outcomes
        .iter()
        .find_map(|(_, o)| match o {
            gridcare::import::Outcome::Updated(c) => Some(c.join(";")),
            _ => None,
        })
        .unwrap_or_default();
    assert!(changed.contains("档案编号"), "{changed}");
    // another resident with 陈一's number is refused, nothing written
    let taken = table(
        "户编号,姓名,身份证号,档案编号\n\
         H00001,陈二,36042519720202002X,3604250010001\n",
    );
    let bad = import::import(&mut db, &taken, &opts(Kind::Residents), true, &mut |_| {}).unwrap();
    assert_eq!(bad.rejected(), 1, "{bad:?}");
    assert!(format!("{bad:?}").contains("RecordNoHeld"), "{bad:?}");
    let none: i64 = common::value(&db, "SELECT count(*) FROM resident WHERE name = '陈二'");
    assert_eq!(none, 0);
    drop(db);
    // and out again with the export
    let out = dir.path().join("out.csv");
    let (code, _, err) =
        common::gridcare_on(&path, &["export", "residents", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.lines().next().unwrap().contains("档案编号"));
    assert!(
        text.lines()
            .any(|l| l.contains("360425194803150117") && l.ends_with(",3604250010002")),
        "{text}"
    );
}

/// The provincial register's header, as its export writes it: its own
/// numbers, 家庭住址, 户主姓名, the condition flags, a phone column named
/// 手机号码 (not a name gridcare knows: mapped once), and 责任医生, which
/// gridcare does not read.
const REGISTER_HEAD: [&str; 12] = [
    "户编号",
    "档案编号",
    "村",
    "网格",
    "家庭住址",
    "户主姓名",
    "姓名",
    "身份证号",
    "手机号码",
    "高血压",
    "糖尿病",
    "责任医生",
];

/// One register row: (户编号, 档案编号, 地址, 户主, 姓名, born, 高血压, 糖尿病).
fn register_row(
    i: usize,
    (hh, rec, address, head, name, born, htn, dm): (&str, &str, &str, &str, &str, &str, &str, &str),
) -> Vec<String> {
    let id = gridcare::domain::idnum::compose(
        "360425",
        chrono::NaiveDate::parse_from_str(born, "%Y-%m-%d").unwrap(),
        i as u16 + 1,
    );
    [
        hh,
        rec,
        "江背村",
        "第1网格",
        address,
        head,
        name,
        &id,
        &format!("1390792{i:04}"),
        htn,
        dm,
        "刘医生",
    ]
    .map(str::to_string)
    .to_vec()
}

type RegisterRow<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

/// 12 residents in 5 households: two families at 江背村3组7号 (分户), flags
/// 是 and 否, and two more rows that are bad (lines 9 and 13).
const REGISTER: [RegisterRow; 12] = [
    (
        "H00101",
        "R0001",
        "江背村3组7号",
        "张大山",
        "张大山",
        "1955-03-01",
        "是",
        "否",
    ),
    (
        "H00101",
        "R0002",
        "江背村3组7号",
        "张大山",
        "李秀英",
        "1957-06-12",
        "否",
        "否",
    ),
    (
        "H00102",
        "R0003",
        "江背村3组7号",
        "张小山",
        "张小山",
        "1980-01-20",
        "否",
        "是",
    ),
    (
        "H00102",
        "R0004",
        "江背村3组7号",
        "张小山",
        "张晓",
        "2008-09-09",
        "否",
        "否",
    ),
    (
        "H00103",
        "R0005",
        "江背村5组1号",
        "王建国",
        "王建国",
        "1950-02-02",
        "是",
        "是",
    ),
    (
        "H00103",
        "R0006",
        "江背村5组1号",
        "王建国",
        "王芳",
        "1952-12-30",
        "否",
        "否",
    ),
    (
        "H00104",
        "R0007",
        "江背村6组2号",
        "赵平",
        "赵平",
        "1966-07-07",
        "否",
        "否",
    ),
    (
        "H00104",
        "R0008",
        "江背村6组2号",
        "赵平",
        "赵坏号",
        "1970-01-01",
        "否",
        "否",
    ),
    (
        "H00105",
        "R0009",
        "江背村8组9号",
        "孙兰",
        "孙兰",
        "1945-04-04",
        "是",
        "否",
    ),
    (
        "H00105",
        "R0010",
        "江背村8组9号",
        "孙兰",
        "孙强",
        "1975-05-05",
        "否",
        "否",
    ),
    (
        "H00105",
        "R0011",
        "江背村8组9号",
        "孙兰",
        "孙敏",
        "1999-10-10",
        "否",
        "否",
    ),
    (
        "H00105",
        "R0012",
        "江背村8组9号",
        "孙兰",
        "孙未知",
        "1980-08-08",
        "也许",
        "否",
    ),
];

/// The register's rows as cells; line 9's ID number has a wrong check
/// character, line 13's flag is no yes/no.
fn register_cells() -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = REGISTER
        .iter()
        .enumerate()
        .map(|(i, r)| register_row(i, *r))
        .collect();
    let id = &mut rows[7][7];
    let last = if id.ends_with('0') { "1" } else { "0" };
    id.replace_range(17.., last);
    rows
}

fn gbk_csv(path: &std::path::Path, head: &[&str], rows: &[Vec<String>]) {
    let mut text = head.join(",") + "\n";
    for r in rows {
        text += &(r.join(",") + "\n");
    }
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    std::fs::write(path, bytes).unwrap();
}

fn register_opts() -> Options {
    Options {
        skip_bad: true,
        map: vec![("手机号码".into(), "联系电话".into())],
        ..opts(Kind::Residents)
    }
}

/// The report's rejected lines and their columns.
fn rejected(report: &import::Report) -> Vec<(usize, Vec<String>)> {
    report
        .outcomes
        .iter()
        .filter_map(|(row, o)| match o {
            import::Outcome::Rejected(issues) => Some((
                row.line,
                issues.iter().filter_map(|i| i.column.clone()).collect(),
            )),
            _ => None,
        })
        .collect()
}

/// Issue 28 items 1–4: a provincial register, as GBK CSV and as XLSX,
/// comes in whole with its own numbers; the bad rows are named at their
/// lines; the flags make conditions (是) or nothing (否); the unread column
/// heads the report; the phone column's mapping is remembered.
#[test]
fn a_provincial_register_comes_in_whole_as_gbk_and_xlsx() {
    for format in [import::FileFormat::Csv, import::FileFormat::Xlsx] {
        let dir = tempfile::tempdir().unwrap();
        let path = common::fixture_file(dir.path());
        let mut db = gridcare::db::Db::open(&path, gridcare::db::OpenMode::MustExist).unwrap();
        db.operator = "测试员".into();
        let (h0, r0): (i64, i64) = (
            common::value(&db, "SELECT count(*) FROM household"),
            common::value(&db, "SELECT count(*) FROM resident"),
        );
        let file = match format {
            import::FileFormat::Csv => {
                let f = dir.path().join("江背村居民.csv");
                gbk_csv(&f, &REGISTER_HEAD, &register_cells());
                f
            }
            import::FileFormat::Xlsx => {
                let f = dir.path().join("江背村居民.xlsx");
                let head: Vec<String> = REGISTER_HEAD.map(str::to_string).to_vec();
                import::write_table(&f, format, &head, &register_cells()).unwrap();
                f
            }
        };
        let table = import::read_table(&file).unwrap();
        if format == import::FileFormat::Csv {
            assert_eq!(table.encoding, Some("GB18030"), "read as GBK");
        }
        let report = import::import(&mut db, &table, &register_opts(), true, &mut |_| {}).unwrap();
        // bad rows exactly, at their lines and columns
        assert_eq!(
            rejected(&report),
            vec![
                (9, vec!["身份证号".to_string()]),
                (13, vec!["高血压".to_string()])
            ],
            "{format:?}"
        );
        // the unread column first, with what it would take
        let lines = import::report_lines(&report, true);
        assert!(
            lines[0].contains("责任医生") && lines[0].contains("--map"),
            "{lines:#?}"
        );
        // counts equal the file's good rows: 10 residents in 5 households,
        // two of them at one address
        let h: i64 = common::value(&db, "SELECT count(*) FROM household");
        let r: i64 = common::value(&db, "SELECT count(*) FROM resident");
        assert_eq!((h - h0, r - r0), (5, 10), "{format:?}");
        let at_one: i64 = common::value(
            &db,
            "SELECT count(*) FROM household WHERE address = '江背村3组7号'",
        );
        assert_eq!(at_one, 2);
        // the provincial keys kept
        let keys: String = common::value(
            &db,
            "SELECT group_concat(h.ext_no || ':' || r.record_no, ',') FROM (SELECT * FROM resident ORDER BY record_no) r
             JOIN household h ON h.id = r.household_id WHERE r.record_no IS NOT NULL",
        );
        assert_eq!(
            keys,
            "H00101:R0001,H00101:R0002,H00102:R0003,H00102:R0004,H00103:R0005,H00103:R0006,H00104:R0007,H00105:R0009,H00105:R0010,H00105:R0011"
        );
        // the flags: 是 made the condition, diagnosis unknown, managed from
        // the import day; 否 made nothing
        let conditions: String = common::value(
            &db,
            "SELECT group_concat(x, ',') FROM (SELECT r.name || ' ' || c.condition || ' ' || c.managed_from || ' ' || c.diagnosis_unknown AS x
             FROM chronic_condition c JOIN resident r ON r.id = c.resident_id WHERE r.record_no IS NOT NULL ORDER BY r.record_no, c.condition)",
        );
        assert_eq!(
            conditions,
            "张大山 hypertension 2026-11-20 1,张小山 diabetes 2026-11-20 1,王建国 diabetes 2026-11-20 1,王建国 hypertension 2026-11-20 1,孙兰 hypertension 2026-11-20 1"
        );
        // the phone read through the mapping, which is remembered
        let phone: String =
            common::value(&db, "SELECT phone FROM resident WHERE record_no = 'R0002'");
        assert_eq!(phone, "13907920001");
        let mapped = db.import_mappings().unwrap();
        assert_eq!(mapped.get("手机号码").map(String::as_str), Some("联系电话"));
    }
}

/// Issue 28 item 2: the export imported again changes nothing; next month's
/// register with 5 changed phones and 3 new residents shows exactly those 8
/// differences before writing (the command line's preview, nothing
/// written), then applies them with --yes; the mapping chosen the first
/// time is remembered (no --map the second time).
#[test]
fn next_months_register_is_an_update_shown_before_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_file(dir.path());
    let first = dir.path().join("十一月.csv");
    let mut rows = register_cells();
    rows.retain(|r| r[1] != "R0008" && r[1] != "R0012");
    gbk_csv(&first, &REGISTER_HEAD, &rows);
    let f = first.to_str().unwrap();
    let (code, out, err) = common::gridcare_on(
        &path,
        &[
            "import",
            "residents",
            f,
            "--create-places",
            "--map",
            "手机号码=联系电话",
            "--yes",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("10 created"), "{out}");
    // the places it made are named as lists name them (issue 28 item 4)
    assert!(out.contains("江背村, 江背村 第1网格"), "{out}");
    let count = |sql: &str| -> i64 {
        let db = gridcare::db::Db::open_read_only(&path, gridcare::db::ReadOnlyWhy::Asked).unwrap();
        common::value(&db, sql)
    };
    let residents = count("SELECT count(*) FROM resident");
    let audit = count("SELECT count(*) FROM audit_log");

    // the export imported again: nothing to add or change, nothing written
    let out_file = dir.path().join("导出.csv");
    let o = out_file.to_str().unwrap();
    let (code, _, err) = common::gridcare_on(
        &path,
        &["export", "residents", "--village", "江背村", "-o", o],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = common::gridcare_on(&path, &["import", "residents", o]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("0 created, 0 updated, 10 unchanged, 0 rejected"),
        "{out}"
    );
    assert!(out.contains("Nothing to add or change"), "{out}");
    assert_eq!(
        count("SELECT count(*) FROM audit_log"),
        audit,
        "nothing written"
    );

    // next month: 5 phones changed, 3 new residents (one a new household)
    let mut next = rows.clone();
    for r in next.iter_mut().take(5) {
        r[8] = r[8].replace("1390792", "1380792");
    }
    for (i, r) in [
        (
            "H00103",
            "R0013",
            "江背村5组1号",
            "王建国",
            "王小宝",
            "2020-03-03",
            "否",
            "否",
        ),
        (
            "H00106",
            "R0014",
            "江背村9组3号",
            "钱进",
            "钱进",
            "1960-06-06",
            "是",
            "否",
        ),
        (
            "H00106",
            "R0015",
            "江背村9组3号",
            "钱进",
            "周兰",
            "1962-02-02",
            "否",
            "否",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        next.push(register_row(20 + i, r));
    }
    let second = dir.path().join("十二月.csv");
    gbk_csv(&second, &REGISTER_HEAD, &next);
    let s = second.to_str().unwrap();
    // the preview: exactly the 8 differences, and nothing written
    let (code, out, err) = common::gridcare_on(&path, &["import", "residents", s]);
    assert_eq!(code, 1, "no terminal to ask and no --yes: {out}{err}");
    let changed: Vec<&str> = out.lines().filter(|l| l.contains(" updated: ")).collect();
    let added: Vec<&str> = out.lines().filter(|l| l.contains(" added: ")).collect();
    assert_eq!(changed.len(), 5, "{out}");
    assert!(
        changed
            .iter()
            .all(|l| l.contains("联系电话: 1390792") && l.contains(" → 1380792")),
        "{out}"
    );
    assert_eq!(added.len(), 3, "{out}");
    assert!(
        added.iter().any(|l| l.contains("line 12 added: 王小宝")),
        "{out}"
    );
    assert!(
        out.contains("3 created, 5 updated, 5 unchanged, 0 rejected"),
        "{out}"
    );
    assert!(out.contains("run it again with --yes"), "{out}");
    assert_eq!(count("SELECT count(*) FROM resident"), residents);
    assert_eq!(
        count("SELECT count(*) FROM audit_log"),
        audit,
        "nothing written"
    );
    // applied: those 8 differences and no more
    let (code, out, err) = common::gridcare_on(&path, &["import", "residents", s, "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("3 created, 5 updated, 5 unchanged, 0 rejected"),
        "{out}"
    );
    assert_eq!(count("SELECT count(*) FROM resident"), residents + 3);
    assert_eq!(
        count(
            "SELECT count(*) FROM resident WHERE phone LIKE '1380792%' AND record_no IS NOT NULL"
        ),
        5
    );
    assert_eq!(
        count("SELECT count(*) FROM household WHERE ext_no = 'H00106'"),
        1
    );
    // and a resident left out of a later file is listed, not touched
    let mut fewer = next.clone();
    fewer.retain(|r| r[1] != "R0011");
    let third = dir.path().join("一月.csv");
    gbk_csv(&third, &REGISTER_HEAD, &fewer);
    let (code, out, _) =
        common::gridcare_on(&path, &["import", "residents", third.to_str().unwrap()]);
    assert_eq!(code, 0, "nothing to change: {out}");
    assert!(
        out.contains("1 residents registered in the file's villages are not in the file"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("  孙敏 ") && l.contains("江背村8组9号")),
        "{out}"
    );
    assert_eq!(
        count("SELECT count(*) FROM resident WHERE name = '孙敏' AND status = 'active'"),
        1
    );
}

/// Issue 28 items 2–3 in the interface: the import form's 列名对应 field maps
/// the register's phone column; saving shows the preview first (the column
/// not read at its top, the residents added), Ctrl-S on it imports, and the
/// mapping is remembered.
#[test]
fn the_import_form_previews_and_remembers_a_mapping() {
    use gridcare::tui::app::{Confirm, Popup};
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_file(dir.path());
    let mut db = gridcare::db::Db::open(&path, gridcare::db::OpenMode::MustExist).unwrap();
    db.operator = "测试员".into();
    let file = dir.path().join("江背村居民.csv");
    gbk_csv(&file, &REGISTER_HEAD, &register_cells());
    let before: i64 = common::value(&db, "SELECT count(*) FROM resident");
    let mut app = common::load(&db, gridcare::words::Lang::Zh, false);
    common::press(&mut app, &mut db, "5");
    common::press(
        &mut app,
        &mut db,
        &format!(
            "I{{Tab}}{}{{Tab}}{{Right}}{{Tab}}{{Right}}{{Tab}}手机号码=联系电话{{C-s}}",
            file.display()
        ),
    );
    let text = match &app.popup {
        Some(Popup::Text(tv)) if matches!(tv.confirm, Some(Confirm::Import(_))) => tv.text.clone(),
        _ => panic!("the preview: {}", app.message),
    };
    let first = text.lines().next().unwrap_or_default();
    assert!(first.contains("责任医生"), "{text}");
    assert!(text.contains("第 2 行 新增：张大山"), "{text}");
    assert!(text.contains("新建 10"), "{text}");
    let still: i64 = common::value(&db, "SELECT count(*) FROM resident");
    assert_eq!(still, before, "nothing written before the word");
    assert!(db.import_mappings().unwrap().is_empty());
    common::press(&mut app, &mut db, "{C-s}");
    let after: i64 = common::value(&db, "SELECT count(*) FROM resident");
    assert_eq!(after, before + 10, "{}", app.message);
    let phone: String = common::value(&db, "SELECT phone FROM resident WHERE record_no = 'R0001'");
    assert_eq!(phone, "13907920000");
    assert_eq!(
        db.import_mappings()
            .unwrap()
            .get("手机号码")
            .map(String::as_str),
        Some("联系电话")
    );
}

/// Issue 28 item 3: a conditions file as the register writes it, flags
/// and no 确诊日期: 是 creates the condition with its diagnosis date unknown
/// (managed from the import day), a healthy resident (否/否) is skipped,
/// and the export writes the date empty and imports again unchanged.
#[test]
fn condition_flags_without_a_diagnosis_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_file(dir.path());
    let mut db = gridcare::db::Db::open(&path, gridcare::db::OpenMode::MustExist).unwrap();
    db.operator = "测试员".into();
    let residents = table(
        "户编号,村,网格,家庭住址,姓名,身份证号\n\
         H00001,富民村,第一网格,富民村3组7号,陈一,36042519700101001X\n\
         H00001,富民村,第一网格,富民村3组7号,陈二,36042519720202002X\n\
         H00001,富民村,第一网格,富民村3组7号,陈三,36042519740303003X\n",
    );
    let r = import::import(
        &mut db,
        &residents,
        &opts(Kind::Residents),
        true,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(r.rejected(), 0, "{r:?}");
    let flags = table(
        "身份证号,姓名,高血压,糖尿病,纳入管理日期\n\
         36042519700101001X,陈一,是,否,\n\
         36042519720202002X,陈二,否,否,\n\
         36042519740303003X,陈三,否,是,2026-10-01\n",
    );
    let r = import::import(&mut db, &flags, &opts(Kind::Conditions), true, &mut |_| {}).unwrap();
    assert!(r.is_clean(), "{r:?}");
    assert_eq!((r.created(), r.unchanged()), (2, 1));
    let kept: String = common::value(
        &db,
        "SELECT group_concat(r.name || ' ' || c.condition || ' ' || c.managed_from || ' ' || c.diagnosis_unknown, ',' ORDER BY r.name)
         FROM chronic_condition c JOIN resident r ON r.id = c.resident_id WHERE r.name LIKE '陈%'",
    );
    // 陈三's 纳入管理日期 is kept though the diagnosis date is unknown
    assert_eq!(
        kept,
        "陈一 hypertension 2026-11-20 1,陈三 diabetes 2026-10-01 1"
    );
    drop(db);
    let out = dir.path().join("慢病.csv");
    let (code, _, err) = common::gridcare_on(
        &path,
        &[
            "export",
            "conditions",
            "--village",
            "富民村",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.lines()
            .any(|l| l.contains("36042519700101001X,陈一,高血压,,2026-11-20")),
        "{text}"
    );
    let (code, out, err) =
        common::gridcare_on(&path, &["import", "conditions", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 created, 0 updated"), "{out}");
}

/// Issue 28 item 1: the record number 档案编号 is the first key for a
/// resident, before the ID number: the province's corrected ID number for
/// the same person updates them (listed field by field), never a second
/// resident; the same number under another name is refused.
#[test]
fn the_record_number_finds_a_resident_before_the_id_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_file(dir.path());
    let mut db = gridcare::db::Db::open(&path, gridcare::db::OpenMode::MustExist).unwrap();
    db.operator = "测试员".into();
    let first = table(
        "户编号,村,网格,家庭住址,姓名,身份证号,档案编号\n\
         H00001,富民村,第一网格,富民村3组7号,陈一,36042519700101001X,R0001\n",
    );
    let r = import::import(&mut db, &first, &opts(Kind::Residents), true, &mut |_| {}).unwrap();
    assert_eq!(r.created(), 1, "{r:?}");
    let corrected = table(
        "户编号,村,网格,家庭住址,姓名,身份证号,档案编号\n\
         H00001,富民村,第一网格,富民村3组7号,陈一,360425197001020015,R0001\n",
    );
    let r = import::import(
        &mut db,
        &corrected,
        &opts(Kind::Residents),
        true,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((r.created(), r.updated()), (0, 1), "{r:?}");
    let lines = import::report_lines(&r, true);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("身份证号: 36042519700101001X → 360425197001020015")),
        "{lines:?}"
    );
    let held: String = common::value(
        &db,
        "SELECT group_concat(id_number || ' ' || birth_date, ',') FROM resident WHERE record_no = 'R0001'",
    );
    assert_eq!(held, "360425197001020015 1970-01-02");
    let other = table(
        "户编号,姓名,身份证号,档案编号\n\
         H00001,陈二,36042519720202002X,R0001\n",
    );
    let r = import::import(&mut db, &other, &opts(Kind::Residents), true, &mut |_| {}).unwrap();
    assert_eq!(r.rejected(), 1, "{r:?}");
}

/// Issue 28 item 3: the register's follow-ups carry the BP as the form
/// lays it out, `150/95` in one 血压(mmHg) cell: it comes in as the
/// systolic and diastolic, the visit classifies (a follow-up of 150/95 is
/// not controlled: yellow, domain.md §4) instead of counting as a contact.
#[test]
fn the_registers_150_over_95_is_a_reading_that_classifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fixture_file(dir.path());
    let file = dir.path().join("随访.csv");
    std::fs::write(
        &file,
        "身份证号,姓名,随访日期,随访方式,血压(mmHg)\n\
         360425196212310923,欧阳春花,2026-11-18,门诊,150/95\n",
    )
    .unwrap();
    let (code, out, err) =
        common::gridcare_on(&db, &["import", "--yes", "visits", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let read = gridcare::db::Db::open(&db, gridcare::db::OpenMode::MustExist).unwrap();
    let bp: String = common::value(
        &read,
        "SELECT kind || ' ' || sbp || '/' || dbp FROM visit WHERE resident_id = 9 AND visit_date = '2026-11-18'",
    );
    assert_eq!(bp, "followup 150/95");
    let colour: String = common::value(
        &read,
        "SELECT colour FROM colour_history WHERE resident_id = 9 ORDER BY since DESC, id DESC LIMIT 1",
    );
    assert_eq!(colour, "yellow");
}
