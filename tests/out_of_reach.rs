//! Issue 25 item 10: a reading command that names a village, grid or worker
//! outside the signed-in operator's reach is refused with one line and a
//! non-zero exit (it wrote an empty sheet, printed `(0/0)` or said "no grid
//! worker covers a grid there"); residents' and visits' export is for a
//! coordinator or a village doctor.

mod common;
use common::{operators_file, run_as};
use std::path::Path;

const OUTSIDE_EN: &str = "is outside your village or grids";
const OUTSIDE_ZH: &str = "不在您的村或网格内";

/// Runs `args` as `who` and asserts it is refused with `words`, in one
/// line, writing no `file`.
fn refused(db: &Path, who: &str, args: &[&str], words: &str, file: &Path) {
    let (code, out) = run_as(db, Some(who), None, args);
    assert_ne!(code, 0, "{who} {args:?} should be refused: {out}");
    assert!(out.contains(words), "{who} {args:?}: {out}");
    assert_eq!(out.trim().lines().count(), 1, "{who} {args:?}: {out}");
    assert!(!out.contains("(0/0)"), "{out}");
    assert!(!file.exists(), "{who} {args:?} wrote {}", file.display());
}

/// `print FLAG NAME` of each of `prints` (as a text sheet into `file`) and
/// each of `cases`, run as `who` in English and in Chinese, is refused as
/// outside their village or grids.
fn outside_in_both(db: &Path, who: &str, prints: &[(&str, &str)], cases: &[&[&str]], file: &Path) {
    let f = file.to_str().unwrap();
    let prints = prints
        .iter()
        .map(|(flag, name)| vec!["print", flag, name, "--format", "txt", "-o", f]);
    let cases: Vec<Vec<&str>> = prints.chain(cases.iter().map(|c| c.to_vec())).collect();
    for (lang, words) in [("en", OUTSIDE_EN), ("zh", OUTSIDE_ZH)] {
        for args in &cases {
            let all: Vec<&str> = ["--lang", lang].iter().chain(args).copied().collect();
            refused(db, who, &all, words, file);
        }
    }
}

#[test]
fn a_grid_worker_is_refused_outside_their_grids() {
    let (dir, db) = operators_file();
    let file = dir.path().join("out");
    let f = file.to_str().unwrap();
    outside_in_both(
        &db,
        "涂春生",
        &[
            ("--worker", "淦小红"),
            ("--worker", "熊建华"),
            ("--village", "新塘村"),
            ("--team", "新塘村家庭医生团队"),
        ],
        &[
            &["report", "--period", "2026", "--village", "新塘村"],
            &["report", "--period", "2026", "--worker", "熊建华"],
            &["report", "--period", "2026", "--grid", "3"],
            &["queue", "--village", "新塘村"],
            &["queue", "--worker", "淦小红"],
            &["queue", "--grid", "2"],
        ],
        &file,
    );
    for lang in ["en", "zh"] {
        // residents' and visits' export: full ID numbers and readings
        for kind in ["residents", "visits"] {
            let words = if lang == "en" {
                "is for a coordinator or a village doctor"
            } else {
                "仅限协调员或村医"
            };
            refused(
                &db,
                "涂春生",
                &["--lang", lang, "export", kind, "-o", f],
                words,
                &file,
            );
        }
    }
    // their own sheet and village are theirs
    let (code, out) = run_as(
        &db,
        Some("涂春生"),
        None,
        &["print", "--worker", "涂春生", "--format", "txt", "-o", f],
    );
    assert_eq!(code, 0, "{out}");
    assert!(file.exists());
    std::fs::remove_file(&file).unwrap();
    let (code, out) = run_as(
        &db,
        Some("涂春生"),
        None,
        &["report", "--period", "2026", "--village", "富民村"],
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_village_doctor_is_refused_outside_their_village() {
    let (dir, db) = operators_file();
    let file = dir.path().join("out");
    let f = file.to_str().unwrap();
    outside_in_both(
        &db,
        "余德明",
        &[
            ("--worker", "熊建华"),
            ("--village", "新塘村"),
            ("--team", "新塘村家庭医生团队"),
        ],
        &[
            &["report", "--period", "2026", "--village", "新塘村"],
            &["report", "--period", "2026", "--team", "新塘村家庭医生团队"],
            &["export", "residents", "--village", "新塘村", "-o", f],
            &["export", "visits", "--village", "新塘村", "-o", f],
            &["queue", "--village", "新塘村"],
            &["queue", "--worker", "熊建华"],
        ],
        &file,
    );
    // their own village's workers, team and export are theirs
    for args in [
        &["print", "--worker", "淦小红", "--format", "txt", "-o", f][..],
        &["print", "--village", "富民村", "--format", "txt", "-o", f],
        &["export", "residents", "-o", f],
        &["export", "visits", "--village", "富民村", "-o", f],
    ] {
        let (code, out) = run_as(&db, Some("余德明"), None, args);
        assert_eq!(code, 0, "{args:?}: {out}");
        assert!(file.exists(), "{args:?}");
        if file.is_dir() {
            std::fs::remove_dir_all(&file).unwrap();
        } else {
            std::fs::remove_file(&file).unwrap();
        }
    }
    let (code, out) = run_as(
        &db,
        Some("余德明"),
        None,
        &["report", "--period", "2026", "--team", "富民村家庭医生团队"],
    );
    assert_eq!(code, 0, "{out}");
}
