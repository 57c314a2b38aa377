//! Issue 24, items 9, 10, 11 and 14: hostile and odd input. Spreadsheets
//! past the limits (a cell at XFD1048576, a zip bomb) are refused with one
//! line, by the command line and the interface alike, without aborting;
//! CSV cells a spreadsheet would run as formulas are written as text and read
//! back as they were; control characters are refused on input and shown
//! visibly on output; the importer's messages name the line, the column and
//! the fix, in one line per bad row, never echoing a value whole.

mod common;
use common::{fixture_file, gridcare_on as gridcare, load, press};
use gridcare::db::{Db, OpenMode};
use gridcare::tui::app::Popup;
use gridcare::words::Lang;
use std::path::Path;

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
            to.write_all(&xml.as_bytes()[..at]).unwrap();
            to.write_all(b"<!--").unwrap();
            let block = vec![b'A'; 1 << 20];
            for _ in 0..mb {
                to.write_all(&block).unwrap();
            }
            to.write_all(b"-->").unwrap();
            to.write_all(&xml.as_bytes()[at..]).unwrap();
        } else {
            to.write_all(&bytes).unwrap();
        }
    }
    to.finish().unwrap();
}

/// gridcare on `db` with at most `mb` megabytes of address space: an
/// allocation past it fails (and aborts the program), so a file that is
/// refused within it was never unpacked into memory.
fn gridcare_within(mb: u64, db: &Path, args: &[&str]) -> (i32, String, String) {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"));
    cmd.args(["--db", db.to_str().unwrap(), "--today", "2026-11-20"])
        .args(args)
        .env_remove("GRIDCARE_DB")
        .env("GRIDCARE_LANG", "en");
    let bytes = mb << 20;
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Item 9: a cell at XFD1048576 and a zip bomb are refused by `import` with
/// one line naming the limit, exit 1 (no abort, no allocation failure), and
/// nothing written; the bomb is refused within less memory than it unpacks to.
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
            &[
                "--lang",
                lang,
                "import",
                "--yes",
                "residents",
                far.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 1, "refused, not aborted: {out}{err}");
        assert!(!err.contains("memory allocation"), "{err}");
        assert!(err.contains(words), "{err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert_eq!(footprint(&db), before, "nothing written");
    }
    let (_, _, err) = gridcare(
        &db,
        &["import", "--yes", "residents", far.to_str().unwrap()],
    );
    assert!(
        err.contains("delete the rows and columns beyond the register"),
        "the fix: {err}"
    );

    let bomb = dir.path().join("炸弹.xlsx");
    zip_bomb_xlsx(&bomb, 300);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 << 20);
    // within 200 MB of address space, the 300 MB sheet cannot have been unpacked
    let (code, out, err) = gridcare_within(
        200,
        &db,
        &["import", "--yes", "residents", bomb.to_str().unwrap()],
    );
    assert_eq!(code, 1, "refused, not aborted: {out}{err}");
    assert!(
        err.contains("larger than 100 MB (unpacked)"),
        "the limit named: {err}"
    );
    assert_eq!(footprint(&db), before, "nothing written");

    // a register within the limits still imports, from its sheet's cells
    let fine = dir.path().join("好.xlsx");
    zip_bomb_xlsx(&fine, 1);
    let (code, out, err) = gridcare(
        &db,
        &[
            "import",
            "--yes",
            "residents",
            fine.to_str().unwrap(),
            "--dry-run",
        ],
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

/// The fixture file with a hand edit (sqlite3): `sql` run on it.
fn edited(db_file: &Path, sql: &str) {
    let db = Db::open(db_file, OpenMode::MustExist).unwrap();
    db.conn().execute_batch(sql).unwrap();
}

/// No cell of `csv` starts as a spreadsheet formula (= + @, a tab or CR,
/// or - not starting a number): the OWASP rule.
fn formula_cells(csv: &str) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
    r.records()
        .flat_map(|rec| rec.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .filter(|c| {
            c.starts_with(['=', '+', '@', '\t', '\r'])
                || (c.starts_with('-') && c.parse::<f64>().is_err())
        })
        .collect()
}

/// Item 10: names, addresses and notes that a spreadsheet would run
/// (=HYPERLINK, +cmd|, @SUM, -2+3) are written by export, queue, audit and
/// the other CSV with a leading `'`; numbers stay numbers; and export →
/// import gives the values back as they were.
#[test]
fn csv_cells_a_spreadsheet_would_run_are_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path());
    let name = "=HYPERLINK(\"x\",\"y\")";
    edited(
        &db,
        &format!(
            "UPDATE resident SET name = '{}' WHERE id = 1;
             UPDATE household SET address = '+cmd|'' /C calc''!A0' WHERE id = 1;
             UPDATE visit SET notes = '@SUM(1)' WHERE resident_id = 1;
             UPDATE resident SET name = '-2+3' WHERE id = 2;",
            name.replace('\'', "''")
        ),
    );
    let csv_of = |args: &[&str]| {
        let (code, out, err) = gridcare(&db, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    for args in [
        &["queue", "--format", "csv"][..],
        &["audit", "--format", "csv"],
        &["contract", "expiring", "--days", "400", "--format", "csv"],
        &["report", "--period", "2026", "--format", "csv"],
        &["roster", "list", "--format", "csv"],
    ] {
        let out = csv_of(args);
        assert_eq!(
            formula_cells(&out),
            Vec::<String>::new(),
            "{args:?}:\n{out}"
        );
    }
    let queue = csv_of(&["queue", "--format", "csv"]);
    assert!(queue.contains("'=HYPERLINK"), "{queue}");

    // export writes them as text; import reads back what was stored
    let empty = dir.path().join("empty.db");
    assert_eq!(gridcare(&empty, &["init"]).0, 0);
    for kind in ["households", "residents", "conditions", "visits"] {
        let file = dir.path().join(format!("{kind}.csv"));
        let f = file.to_str().unwrap();
        csv_of(&["export", kind, "-o", f]);
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            formula_cells(&text),
            Vec::<String>::new(),
            "{kind}:\n{text}"
        );
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
        assert_eq!(code, 0, "{kind}: {out}{err}");
    }
    let back = Db::open_read_only(&empty, gridcare::db::ReadOnlyWhy::Asked).unwrap();
    let one = |sql: &str| -> String { common::value(&back, sql) };
    assert_eq!(
        one("SELECT name FROM resident WHERE id_number = '360425194803150117'"),
        name
    );
    assert_eq!(
        one(
            "SELECT address FROM household h JOIN resident r ON r.household_id = h.id WHERE r.id_number = '360425194803150117'"
        ),
        "+cmd|' /C calc'!A0"
    );
    let count = |db: &Db, sql: &str| -> i64 { common::value(db, sql) };
    let source = Db::open_read_only(&db, gridcare::db::ReadOnlyWhy::Asked).unwrap();
    let notes = "SELECT count(*) FROM visit WHERE notes = '@SUM(1)'";
    assert!(count(&source, notes) > 0);
    assert_eq!(count(&back, notes), count(&source, notes));
    assert_eq!(
        count(&back, "SELECT count(*) FROM resident WHERE name = '-2+3'"),
        1
    );
}

/// Item 11, input: a control character in a care plan, a visit's notes, a
/// name or an address is refused with one line naming the field, through
/// the command line and the database commands every form and the importer
/// use; nothing is written. Line breaks (a CRLF made LF) and tabs stay.
#[test]
fn control_characters_are_refused_on_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_file(dir.path());
    let before = footprint(&path);
    let osc = "plan\u{1b}]0;pwned\u{7}\u{1b}[2J";
    let set_plan = |lang: &str, text: &str| {
        gridcare(
            &path,
            &[
                "--lang",
                lang,
                "care-plan",
                "set",
                "--resident",
                "360425194803150117",
                "--review",
                "2027-01-20",
                "--text",
                text,
            ],
        )
    };
    for (lang, words) in [
        ("en", "the care plan holds a control character (\\u{1b})"),
        ("zh", "照护计划含有控制字符（\\u{1b}）"),
    ] {
        let (code, out, err) = set_plan(lang, osc);
        assert_eq!(code, 1, "{out}{err}");
        assert!(err.contains(words), "{err}");
        assert!(
            !err.contains('\u{1b}'),
            "the refusal shows it, not sends it"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert_eq!(footprint(&path), before, "nothing written");
    let (code, _, err) = set_plan("en", "第一行\r\n\t第二行");
    assert_eq!(code, 0, "line breaks and tabs are kept: {err}");
    let stored: String = common::value(
        &Db::open_read_only(&path, gridcare::db::ReadOnlyWhy::Asked).unwrap(),
        "SELECT care_plan FROM resident WHERE id = 1",
    );
    assert_eq!(stored, "第一行\n\t第二行", "a CRLF is kept as LF");

    let mut db = Db::open(&path, OpenMode::MustExist).unwrap();
    db.operator = "测试员".into();
    let before = footprint(&path);
    let mut v = common::followup(1, "2026-11-20", 130, 80);
    v.notes = Some("ok\u{1b}]8;;http://x\u{7}link".into());
    match db.record_visit(&v, common::d("2026-11-20")) {
        Err(gridcare::db::DbError::Refused(r)) => {
            assert!(
                r.en().contains("the notes holds a control character"),
                "{}",
                r.en()
            );
            assert!(r.zh().contains("备注含有控制字符"), "{}", r.zh());
        }
        other => panic!("refused: {other:?}"),
    }
    assert!(
        db.update_household(1, "富民村\u{0}1组").is_err(),
        "a NUL in an address"
    );
    assert!(db.update_household(1, "富民村\u{1b}[31m1组").is_err());
    drop(db);
    assert_eq!(footprint(&path), before, "nothing written");
}

/// Item 11, output: what a database edited by hand holds is shown, never
/// sent: `care-plan show`, `audit` (table and CSV), `queue` and `export`
/// print a stored ESC or BEL as `\u{1b}` / `\u{7}`.
#[test]
fn stored_control_characters_are_shown_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path());
    edited(
        &db,
        "UPDATE resident SET care_plan = 'plan' || char(27) || ']0;pwned' || char(7),
             care_plan_written_on = '2026-11-01', care_plan_review_on = '2027-01-01',
             name = '王' || char(27) || '[2J大爷' WHERE id = 1;
         UPDATE visit SET notes = 'n' || char(27) || '[31m' WHERE resident_id = 1;
         UPDATE audit_log SET detail = 'd' || char(27) || '[5i';
         INSERT INTO audit_log (at, operator, action, entity, entity_id, detail)
             VALUES ('2026-11-20 08:00:00', 'x' || char(27), 'edit', 'resident', 1, 'y' || char(27) || ']0;t' || char(7));",
    );
    let file = dir.path().join("out.csv");
    for args in [
        &["care-plan", "show", "--resident", "360425194803150117"][..],
        &[
            "care-plan",
            "show",
            "--resident",
            "360425194803150117",
            "--format",
            "csv",
        ],
        &["audit"],
        &["audit", "--format", "csv"],
        &["audit", "--resident", "360425194803150117"],
        &["queue"],
        &["queue", "--format", "csv"],
        &["export", "visits", "-o", file.to_str().unwrap()],
    ] {
        let (code, out, err) = gridcare(&db, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let all = format!("{out}{err}");
        assert!(
            !all.contains(['\u{1b}', '\u{7}']),
            "{args:?} sent a control character:\n{all:?}"
        );
    }
    let (_, plan, _) = gridcare(
        &db,
        &["care-plan", "show", "--resident", "360425194803150117"],
    );
    assert!(plan.contains("plan\\u{1b}]0;pwned\\u{7}"), "{plan}");
    let (_, queue, _) = gridcare(&db, &["queue"]);
    assert!(queue.contains("王\\u{1b}[2J大爷"), "{queue}");
    let exported = std::fs::read_to_string(&file).unwrap();
    assert!(exported.contains("n\\u{1b}[31m"), "{exported}");
}

/// A CSV file in `dir` holding `text` as its bytes.
fn csv_file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Item 14: the importer's messages. A UTF-8 file with one character cut
/// short names that line and the fix (it was read as GB18030 and said only
/// `no column "姓名"`); a header read as GB18030 that lacks a column says
/// so; a NUL in a name is its line, column and fix (it was SQLite's bare
/// CHECK constraint failed); a 10 MB value is echoed in at most 60
/// characters; full-width digits in an ID number are taken as the interface
/// takes them; and each bad row is one line of output.
#[test]
fn import_messages_name_the_line_the_column_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path());
    let before = footprint(&db);
    let head = "姓名,身份证号,村,网格,地址\n";
    let import = |file: &Path, lang: &str| {
        gridcare(
            &db,
            &[
                "--lang",
                lang,
                "import",
                "--yes",
                "residents",
                file.to_str().unwrap(),
            ],
        )
    };

    // one character cut short on line 3 of a UTF-8 file
    let mut bytes =
        format!("{head}胡新来,360425195603010130,富民村,第一网格,富民村9组1号\n").into_bytes();
    let cut = "熊新根,360425196605120354,富民村,第一网格,富民村9组2号\n".as_bytes();
    bytes.extend_from_slice(&cut[..2]);
    bytes.extend_from_slice(&cut[3..]);
    let file = csv_file(dir.path(), "cut.csv", &bytes);
    let (code, out, err) = import(&file, "en");
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("line 3 holds bytes that are not UTF-8"),
        "{err}"
    );
    assert!(err.contains("save the file again as UTF-8"), "{err}");
    assert!(!err.contains("no column"), "{err}");
    let (_, _, err) = import(&file, "zh");
    assert!(err.contains("第 3 行有不是 UTF-8 的字节"), "{err}");

    // a GBK file without the name column: the encoding assumed is named
    let (gbk, _, _) = encoding_rs::GBK
        .encode("身份证号,村,网格,地址\n360425195603010130,富民村,第一网格,富民村9组1号\n");
    let file = csv_file(dir.path(), "gbk.csv", &gbk);
    let (code, out, err) = import(&file, "en");
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("no column \"姓名\" (it is not UTF-8 and was read as GB18030"),
        "{out}"
    );

    // a NUL in a name; a 10 MB village; bad sex and date on one row
    let huge = "村".repeat(10 << 20);
    let text = format!(
        "姓名,身份证号,村,网格,地址,性别,出生日期\n\
         王\u{0}五,360425195603010130,富民村,第一网格,富民村9组1号,,\n\
         胡新来,360425196605120354,{huge},第一网格,富民村9组2号,,\n\
         熊水根,360425197008080467,富民村,第一网格,富民村9组3号,不详,1970-02-30\n"
    );
    let file = csv_file(dir.path(), "bad.csv", text.as_bytes());
    for lang in ["en", "zh"] {
        let (code, out, err) = import(&file, lang);
        assert_eq!(code, 1, "{err}");
        assert!(out.len() < 2_000, "{} bytes echoed", out.len());
        assert!(!out.contains("CHECK constraint"), "{out}");
        let of_line = |n: &str| out.lines().filter(|l| l.contains(n)).count();
        if lang == "en" {
            assert!(
                out.contains("line 2, 姓名: 姓名 holds a control character (\\u{0})"),
                "{out}"
            );
            assert!(
                out.contains("line 3, 村: there is no village \"村村村"),
                "{out}"
            );
            assert!(out.contains("…\""), "the value cut with an ellipsis: {out}");
            for n in ["line 2,", "line 3,", "line 4,"] {
                assert_eq!(of_line(n), 1, "one line for {n}\n{out}");
            }
            assert!(out.contains("性别") && out.contains("出生日期"), "{out}");
        } else {
            assert!(out.contains("第 2 行，姓名："), "{out}");
            for n in ["第 2 行", "第 3 行", "第 4 行"] {
                assert_eq!(of_line(n), 1, "one line for {n}\n{out}");
            }
        }
    }
    // a 10 MB header line alone is not echoed back either
    let file = csv_file(
        dir.path(),
        "wide.csv",
        format!("姓名,身份证号,{huge}\n").as_bytes(),
    );
    let (_, out, err) = import(&file, "en");
    assert!(out.len() + err.len() < 2_000, "{} bytes", out.len());
    assert_eq!(footprint(&db), before, "nothing written");

    // full-width digits and Ｘ, as a Chinese input method types them
    let text =
        format!("{head}胡新来,３６０４２５１９５８０７１５０２４Ｘ,富民村,第一网格,富民村9组1号\n");
    let file = csv_file(dir.path(), "wide-digits.csv", text.as_bytes());
    let (code, out, err) = gridcare(
        &db,
        &["import", "--yes", "residents", file.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 created"), "{out}");
    let reader = Db::open_read_only(&db, gridcare::db::ReadOnlyWhy::Asked).unwrap();
    let n: i64 = common::value(
        &reader,
        "SELECT count(*) FROM resident WHERE id_number = '36042519580715024X'",
    );
    assert_eq!(n, 1);
}
