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
