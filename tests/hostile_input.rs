//! Issue 24, items 9, 10, 11 and 14: hostile and odd input. Spreadsheets
//! past the limits (a cell at XFD1048576, a zip bomb) are refused with one
//! line, by the command line and the interface alike, without aborting;
//! CSV cells a spreadsheet would run as formulas are written as text and read
//! back as they were; control characters are refused on input and shown
//! visibly on output; the importer's messages name the line, the column and
//! the fix, in one line per bad row, never echoing a value whole.

mod common;
use common::{fixture_file, gridcare_run, load, press};
use gridcare::db::{Db, OpenMode};
use gridcare::tui::app::Popup;
use gridcare::tui::strings::Lang;
use std::path::Path;

/// gridcare on `db` at the fixture's date.
fn gridcare(db: &Path, args: &[&str]) -> (i32, String, String) {
    let db = db.to_str().unwrap();
    let all: Vec<&str> = ["--db", db, "--today", "2026-11-20"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    gridcare_run(&all)
}

/// Rows of every table an import writes, and the audit log, read by a
/// connection of its own.
fn footprint(db_file: &Path) -> Vec<i64> {
    let db = Db::open_read_only(db_file, gridcare::db::ReadOnlyWhy::Asked).unwrap();
    common::row_counts(
        &db,
        &[
            "village",
            "grid",
            "household",
            "resident",
            "chronic_condition",
            "visit",
            "audit_log",
        ],
    )
}

const HEADER: [&str; 6] = ["村", "网格", "地址", "姓名", "身份证号", "联系电话"];
const ROW: [&str; 6] = [
    "富民村",
    "第一网格",
    "富民村9组1号",
    "胡新来",
    "360425195603010130",
    "",
];

/// A small register of one resident with one more cell at XFD1048576 (the
/// last cell a sheet has): 1.5 KB that asked calamine for 512 GB.
fn far_cell_xlsx(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, (h, v)) in HEADER.iter().zip(ROW).enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
        sheet.write_string(1, c as u16, v).unwrap();
    }
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(path).unwrap();
}

/// A real workbook whose sheet unpacks to `mb` megabytes (a comment of
/// repeated text in the sheet's XML) and packs to well under one.
fn zip_bomb_xlsx(path: &Path, mb: usize) {
    use std::io::{Read, Write};
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, (h, v)) in HEADER.iter().zip(ROW).enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
        sheet.write_string(1, c as u16, v).unwrap();
    }
    let small = book.save_to_buffer().unwrap();
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(small)).unwrap();
    let mut to = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..from.len() {
        let mut part = from.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        to.start_file(name.as_str(), deflated).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let at = xml.find("<sheetData").unwrap();
            to.write_all(xml[..at].as_bytes()).unwrap();
            to.write_all(b"<!--").unwrap();
            let block = vec![b'A'; 1 << 20];
            for _ in 0..mb {
                to.write_all(&block).unwrap();
            }
            to.write_all(b"-->").unwrap();
            to.write_all(xml[at..].as_bytes()).unwrap();
        } else {
            to.write_all(&bytes).unwrap();
        }
    }
    to.finish().unwrap();
}

/// The largest resident set size of the children this test binary has
/// waited for, in MB (Linux counts it in KB).
fn children_peak_mb() -> i64 {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) }, 0);
    u.ru_maxrss / 1024
}

/// Item 9: a cell at XFD1048576 and a zip bomb are refused by `import` with
/// one line naming the limit, exit 1 (no abort, no allocation failure), and
/// nothing written; the bomb is refused having used little memory.
#[test]
fn spreadsheets_past_the_limits_are_refused_by_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path());
    let before = footprint(&db);

    let far = dir.path().join("远.xlsx");
    far_cell_xlsx(&far);
    assert!(std::fs::metadata(&far).unwrap().len() < 10_000);
    for (lang, words) in [("en", "reaches cell XFD1048576"), ("zh", "XFD1048576")] {
        let (code, out, err) = gridcare(
            &db,
            &["--lang", lang, "import", "residents", far.to_str().unwrap()],
        );
        assert_eq!(code, 1, "refused, not aborted: {out}{err}");
        assert!(!err.contains("memory allocation"), "{err}");
        assert!(err.contains(words), "{err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert_eq!(footprint(&db), before, "nothing written");
    }
    let (_, _, err) = gridcare(&db, &["import", "residents", far.to_str().unwrap()]);
    assert!(
        err.contains("delete the rows and columns beyond the register"),
        "the fix: {err}"
    );

    let bomb = dir.path().join("炸弹.xlsx");
    zip_bomb_xlsx(&bomb, 300);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 << 20);
    let (code, out, err) = gridcare(&db, &["import", "residents", bomb.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("larger than 100 MB (unpacked)"),
        "the limit named: {err}"
    );
    assert_eq!(footprint(&db), before, "nothing written");
    let peak = children_peak_mb();
    assert!(
        peak < 100,
        "the bomb was refused in {peak} MB, not unpacked"
    );

    // a register within the limits still imports, from its sheet's cells
    let fine = dir.path().join("好.xlsx");
    zip_bomb_xlsx(&fine, 1);
    let (code, out, err) = gridcare(
        &db,
        &["import", "residents", fine.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 created"), "{out}");
}

/// Item 9 in the interface: the import form refuses both files as its file
/// field's error, and the session goes on (no abort, terminal kept).
#[test]
fn spreadsheets_past_the_limits_are_refused_by_the_import_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    db.operator = "测试员".into();
    let far = dir.path().join("far.xlsx");
    far_cell_xlsx(&far);
    let bomb = dir.path().join("bomb.xlsx");
    zip_bomb_xlsx(&bomb, 150);
    let before = footprint(&path);
    for (file, words) in [
        (&far, "reaches cell XFD1048576"),
        (&bomb, "larger than 100 MB"),
    ] {
        let mut app = load(&db, Lang::En, false);
        press(&mut app, &mut db, "5");
        press(
            &mut app,
            &mut db,
            &format!("I{{Tab}}{}{{C-s}}", file.display()),
        );
        let error = match &app.popup {
            Some(Popup::Form(f)) => f.fields[1].error.clone().unwrap_or_default(),
            _ => panic!("the form stays open: {}", app.message),
        };
        assert!(error.contains(words), "{error}");
    }
    assert_eq!(footprint(&path), before, "nothing written");
}
