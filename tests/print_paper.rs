//! Issue 29, the paper loop: sheets an older grid worker can read and fill
//! (11 pt body, 14 pt with --large, a household never split across pages,
//! the members who are the reason named), boxes for each visit due and the
//! contact outcome, and a code per row stored with the printed batch. PDF
//! text is read back with poppler-utils (pdftotext, pdftohtml), which
//! `.ci/run` installs with the font.

mod common;
use gridcare::db::{Db, OpenMode};
use gridcare::demo::{DemoConfig, generate};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

/// A fresh demo township: these tests store batches, so each has its own.
fn demo(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("demo.db");
    let mut db = Db::open(&path, OpenMode::CreateIfMissing).unwrap();
    generate(&mut db, &DemoConfig::default()).unwrap();
    path
}

/// `gridcare print ARGS -o OUT` on the database, in Chinese: (exit code, stderr).
fn print(db: &Path, out: &Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["--db", db.to_str().unwrap(), "print"];
    all.extend(args);
    all.extend(["-o", out.to_str().unwrap()]);
    let (code, _, err) = common::gridcare_lang(&all, Some("zh"));
    (code, err)
}

/// `gridcare --today 2026-11-20 keyin BATCH` with `typed` on its input:
/// (success, stdout, stderr).
fn keyin(db: &Path, batch: &str, typed: &str) -> (bool, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gridcare"))
        .args(["--today", "2026-11-20", "keyin", batch])
        .env("GRIDCARE_DB", db)
        .env("GRIDCARE_LANG", "en")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(typed.as_bytes()).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed: apt install poppler-utils ({e})"));
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

/// The PDF's text per page, in content order, without spaces or line breaks.
fn pages(pdf: &Path) -> Vec<String> {
    poppler("pdftotext", &["-raw", "-enc", "UTF-8"], pdf)
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect())
        .filter(|p: &String| !p.is_empty())
        .collect()
}

/// The type size (pt) of the text holding `needle`, from the PDF itself
/// (pdftohtml's font specs at zoom 1 are in points).
fn size_of(pdf: &Path, needle: &str) -> f32 {
    let xml = Command::new("pdftohtml")
        .args(["-xml", "-i", "-stdout", "-zoom", "1", "-f", "1", "-l", "1"])
        .arg(pdf)
        .output()
        .expect("pdftohtml is needed: apt install poppler-utils");
    let xml = String::from_utf8(xml.stdout).unwrap();
    let attr = |line: &str, name: &str| -> Option<String> {
        let at = line.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(line[at..].split('"').next()?.to_string())
    };
    let sizes: HashMap<String, f32> = xml
        .lines()
        .filter(|l| l.contains("<fontspec"))
        .filter_map(|l| Some((attr(l, "id")?, attr(l, "size")?.parse().ok()?)))
        .collect();
    let line = xml
        .lines()
        .find(|l| l.starts_with("<text") && l.contains(needle))
        .unwrap_or_else(|| panic!("no text {needle:?} on the first page"));
    sizes[&attr(line, "font").unwrap()]
}

fn grid_worker(db: &Path) -> String {
    let db = Db::open(db, OpenMode::MustExist).unwrap();
    let t = db.township(common::d("2026-11-20")).unwrap();
    format!(
        "grid_worker:{}",
        t.grids.iter().find_map(|g| g.worker.as_ref()).unwrap().id
    )
}

/// Item 1: the body is 11 pt by default, the `print.font_size` setting's
/// size when set, 14 pt with `--large`; a bad setting says how to fix it
/// and writes nothing.
#[test]
fn sheets_print_the_body_at_eleven_points_or_larger() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let worker = grid_worker(&db);
    let print = |extra: &[&str], name: &str| {
        let pdf = dir.path().join(name);
        let mut args = vec![
            "--today",
            "2026-11-20",
            "--worker",
            &worker,
            "--month",
            "2026-11",
        ];
        args.extend(extra);
        let (code, err) = print(&db, &pdf, &args);
        (code, err, pdf)
    };
    let (code, err, pdf) = print(&[], "plain.pdf");
    assert_eq!(code, 0, "{err}");
    let body = size_of(&pdf, "上次走访");
    assert!(body >= 11.0, "body at {body} pt");
    let (code, err, pdf) = print(&["--large"], "large.pdf");
    assert_eq!(code, 0, "{err}");
    let large = size_of(&pdf, "上次走访");
    assert!(large >= 14.0, "--large at {large} pt");

    let set = |v: &str| {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "INSERT OR REPLACE INTO setting (key, value, description) VALUES ('print.font_size', ?1, 'body size')",
            [v],
        )
        .unwrap();
    };
    set("13");
    let (code, err, pdf) = print(&[], "set.pdf");
    assert_eq!(code, 0, "{err}");
    let set_size = size_of(&pdf, "上次走访");
    assert!(
        (12.5..14.0).contains(&set_size),
        "the setting's 13 pt: {set_size}"
    );
    set("huge");
    let (code, err, pdf) = print(&[], "bad.pdf");
    assert_ne!(code, 0);
    assert!(
        err.contains("print.font_size") && err.contains("11"),
        "says what is wrong and how to fix it: {err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(!pdf.exists(), "a bad setting writes nothing");
}

/// Items 1 and 3: the township's batch of the demo (every grid worker's
/// month) stores a code per row, unique in the batch; every code is
/// printed once; a household's rows are all on one page; the header
/// carries the batch number and date.
#[test]
fn township_batch_codes_are_unique_and_no_household_is_split() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let pdf = dir.path().join("township.pdf");
    let (code, err) = print(
        &db,
        &pdf,
        &["--today", "2026-11-20", "--township", "--month", "2026-11"],
    );
    assert_eq!(code, 0, "{err}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let (batch, printed_on): (i64, String) = c
        .query_row(
            "SELECT id, printed_on FROM print_batch ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the print stored its batch");
    let rows: Vec<(String, i64)> = c
        .prepare("SELECT code, household_id FROM print_row WHERE batch_id = ?1 ORDER BY seq")
        .unwrap()
        .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(rows.len() > 100, "a township's month: {}", rows.len());
    let codes: HashSet<&str> = rows.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes.len(), rows.len(), "codes unique in the batch");
    assert!(rows[0].0.starts_with("M11-"), "{}", rows[0].0);

    let pages = pages(&pdf);
    let mut page_of: HashMap<i64, HashSet<usize>> = HashMap::new();
    for (code, household) in &rows {
        let on: Vec<usize> = (0..pages.len())
            .filter(|&p| pages[p].contains(code.as_str()))
            .collect();
        assert_eq!(on.len(), 1, "{code} printed once: on pages {on:?}");
        assert_eq!(
            pages[on[0]].matches(code.as_str()).count(),
            1,
            "{code} once on its page"
        );
        page_of.entry(*household).or_default().insert(on[0]);
    }
    let split: Vec<_> = page_of.iter().filter(|(_, p)| p.len() > 1).collect();
    assert!(split.is_empty(), "households split across pages: {split:?}");
    let header = format!("批次：{batch}（{printed_on}）");
    assert!(
        pages.iter().all(|p| p.contains(&header)),
        "every page's header names the batch and date: {header}"
    );
}

/// Items 1 and 2: on a monthly sheet a weekly (★1) household has a box per
/// week of the month, dated by its Monday; every row has the contact
/// outcome boxes; a household's row names the members who are its reason.
#[test]
fn a_weekly_household_has_a_dated_box_per_week_of_the_month() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let pdf = dir.path().join("month.pdf");
    // printed on the month's first day: all four of November's weeks are ahead
    let (code, err) = print(
        &db,
        &pdf,
        &["--today", "2026-11-01", "--township", "--month", "2026-11"],
    );
    assert_eq!(code, 0, "{err}");
    let text: String = pages(&pdf).concat();
    let weekly = text.matches("每周走访").count();
    assert!(weekly > 0, "the demo has weekly households");
    // November 2026's weeks: those whose Thursday falls in it (§6)
    let four = "11/0211/0911/1611/23";
    assert_eq!(
        text.matches(four).count(),
        weekly,
        "four dated boxes on each weekly household's row"
    );
    assert!(
        !text.contains("11/30"),
        "the week of 30 November is December's"
    );
    let rows = text.matches("已走访不在家来院再联系移除").count();
    assert!(rows >= weekly, "outcome boxes on every row: {rows}");

    // the members who are the reason: an elder living alone who is not the head
    let t = Db::open(&db, OpenMode::MustExist)
        .unwrap()
        .township(common::d("2026-11-01"))
        .unwrap();
    let rules = gridcare::domain::rules::Rules::default();
    let named = t
        .households
        .iter()
        .filter_map(|h| {
            let ht = gridcare::domain::tier::household_tier(h, common::d("2026-11-01"), &rules);
            let (id, _) = ht.causes.iter().find(|c| c.1.tier() == ht.effective)?;
            let m = h.members.iter().find(|m| m.id == *id)?;
            (m.relation != gridcare::domain::model::Relation::Head).then(|| m.name.clone())
        })
        .filter(|n| text.contains(&format!("对象：{n}")))
        .count();
    assert!(
        named > 0,
        "a member who is not the head named as the reason"
    );
}

/// Item 2: a doctor team's row has this visit's blanks laid out as the
/// national form's first lines, the last readings beside them, and the
/// contact outcome boxes.
#[test]
fn a_team_row_has_the_national_forms_first_lines_blank() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let team = {
        let d = Db::open(&db, OpenMode::MustExist).unwrap();
        let t = d.township(common::d("2026-11-20")).unwrap();
        t.villages[0].team.clone().unwrap().id.to_string()
    };
    let pdf = dir.path().join("team.pdf");
    let (code, err) = print(
        &db,
        &pdf,
        &[
            "--today",
            "2026-11-20",
            "--team",
            &team,
            "--month",
            "2026-11",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text: String = pages(&pdf).concat();
    for blank in [
        "血压_____/_____mmHg",
        "心率_____",
        "空腹血糖_____mmol/L",
        "体重_____kg",
        "按医嘱服药是否",
        "症状代码",
        "下次随访____月____日",
        "已随访不在家来院再联系移除",
    ] {
        assert!(text.contains(blank), "{blank} on the team's sheet");
    }
    let last = size_of(&pdf, "血压 1");
    let body = size_of(&pdf, "mmHg");
    assert!(
        last < body,
        "the last readings small ({last} pt) beside the blanks ({body} pt)"
    );
}

/// Item 4: a batch whose week has ended keys in with each visit's own date
/// (late paper is normal); a row whose task someone has done since the
/// print says so; the counts are said at the end.
#[test]
fn a_late_batch_keys_in_with_the_visits_own_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let worker = grid_worker(&db);
    let pdf = dir.path().join("w46.pdf");
    // last week's sheet, printed then
    let (code, err) = print(
        &db,
        &pdf,
        &[
            "--today",
            "2026-11-09",
            "--worker",
            &worker,
            "--week",
            "2026-W46",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let batch: i64 = c
        .query_row("SELECT max(id) FROM print_batch", [], |r| r.get(0))
        .unwrap();
    let rows: Vec<(String, i64)> = c
        .prepare("SELECT code, household_id FROM print_row WHERE batch_id = ?1 ORDER BY seq")
        .unwrap()
        .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(rows.len() >= 2, "{rows:?}");
    // keyed in on the 20th, after the week: the first row with the date on
    // the sheet, the second with none (the week's last day)
    let (ok, said, _) = keyin(
        &db,
        &batch.to_string(),
        &format!("{} 1 11-12\n1\nq\n", rows[0].0),
    );
    assert!(ok, "{said}");
    assert!(
        said.contains(&format!("✓ {} completed 2026-11-12", rows[0].0)),
        "{said}"
    );
    assert!(
        said.contains(&format!("✓ {} completed 2026-11-15", rows[1].0)),
        "{said}"
    );
    assert!(said.contains("2 row(s) keyed, 0 skipped"), "{said}");
    let dates: Vec<String> = c
        .prepare("SELECT visit_date FROM visit v JOIN print_row p ON p.visit_id = v.id WHERE p.batch_id = ?1 ORDER BY p.seq")
        .unwrap()
        .query_map([batch], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(dates, ["2026-11-12", "2026-11-15"], "each visit's own date");

    // this week's sheet, then its first household visited and entered by
    // hand: keying the batch shows that row done already
    let (code, err) = print(
        &db,
        &dir.path().join("w47.pdf"),
        &[
            "--today",
            "2026-11-20",
            "--worker",
            &worker,
            "--week",
            "2026-W47",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (again, household): (i64, i64) = c
        .query_row(
            "SELECT batch_id, household_id FROM print_row WHERE batch_id = (SELECT max(id) FROM print_batch) ORDER BY seq",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    {
        use gridcare::domain::model::{Subject, VisitKind, VisitMode};
        let mut d = Db::open(&db, OpenMode::MustExist).unwrap();
        let v = gridcare::db::NewVisit::completed(
            VisitKind::Household,
            Subject::Household(household),
            VisitMode::Home,
            common::d("2026-11-19"),
        );
        d.record_visit(&v, common::d("2026-11-20")).unwrap();
    }
    let (_, said, _) = keyin(&db, &again.to_string(), "");
    let first = said
        .lines()
        .find(|l| l.starts_with("[1/"))
        .unwrap_or_default();
    assert!(first.contains("done already on 2026-11-19"), "{said}");
    let (ok, _, err) = keyin(&db, "999", "");
    assert!(!ok);
    assert!(err.contains("no printed batch 999"), "{err}");
}

/// Item 5 (the sheet only): a volunteer's list has, per patient, the
/// medicines to remind about, a box for the blood pressure the volunteer
/// measures and the reminder's outcome boxes.
#[test]
fn a_volunteers_sheet_has_a_bp_box_beside_the_medicines() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let volunteer = {
        let d = Db::open(&db, OpenMode::MustExist).unwrap();
        let t = d.township(common::d("2026-11-20")).unwrap();
        t.households
            .iter()
            .flat_map(|h| &h.members)
            .find_map(|m| m.volunteer.clone())
            .unwrap()
            .id
            .to_string()
    };
    let pdf = dir.path().join("volunteer.pdf");
    let (code, err) = print(
        &db,
        &pdf,
        &[
            "--today",
            "2026-11-20",
            "--volunteer",
            &volunteer,
            "--month",
            "2026-11",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text: String = pages(&pdf).concat();
    let rows = text.matches("已提醒未联系上").count();
    assert!(rows > 0, "outcome boxes on each patient's row");
    assert_eq!(
        text.matches("____/____mmHg").count(),
        rows,
        "a BP box on each patient's row"
    );
    assert!(text.contains("次/日"), "the medicines to remind about");
}
