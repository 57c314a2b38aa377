//! Issue 24: fault injection. `backup`, `restore`, `import` and a save are
//! killed (SIGKILL) at random points of their run, and after each kill the
//! live database passes `check` (integrity, foreign keys, schema, the audit
//! chain) with every write that was reported present, an import is all or
//! nothing, and no file under a backup's name fails its check.
//!
//! Rounds per kind: `GRIDCARE_FAULT_ROUNDS` (default 24); the random points
//! come from `GRIDCARE_FAULT_SEED` (printed, so a failing run can be
//! repeated), by default from the clock.

mod common;
use gridcare::db::{Db, OpenMode, ReadOnlyWhy, verify_copy};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn rounds() -> usize {
    std::env::var("GRIDCARE_FAULT_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

/// Kill points from the tests' SplitMix, seeded as the header says.
struct Points(common::SplitMix);

impl Points {
    fn new(kind: &str) -> Points {
        let seed = std::env::var("GRIDCARE_FAULT_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("{kind}: GRIDCARE_FAULT_SEED={seed}");
        Points(common::SplitMix(seed))
    }

    /// A point in [0, 1.2 × `of`): some kills land after the end.
    fn within(&mut self, of: Duration) -> Duration {
        of.mul_f64(self.0.below(1200) as f64 / 1000.0)
    }
}

/// A township of 400 households in a file.
fn township(dir: &Path) -> PathBuf {
    let path = dir.join("g.db");
    let mut db = Db::open(&path, OpenMode::CreateIfMissing).unwrap();
    gridcare::demo::generate(
        &mut db,
        &gridcare::demo::DemoConfig {
            households: 400,
            ..Default::default()
        },
    )
    .unwrap();
    path
}

fn gridcare(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gridcare"));
    c.args(args)
        .arg("--db")
        .arg(db)
        .env_remove("GRIDCARE_DB")
        .env_remove("GRIDCARE_LANG")
        .env_remove("GRIDCARE_OPERATOR")
        .env_remove("GRIDCARE_PIN")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Runs `c` to its end: how long it took, and whether it succeeded.
fn timed(mut c: Command) -> (Duration, bool) {
    let t = Instant::now();
    let out = c.output().unwrap();
    (t.elapsed(), out.status.success())
}

/// Runs `c` and kills it after `after` unless it ended first: whether it
/// reported success (exit 0) before it was killed, and what it printed.
fn killed(mut c: Command, after: Duration) -> (bool, String) {
    let mut child = c.spawn().unwrap();
    let end = Instant::now() + after;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if Instant::now() >= end {
            let _ = child.kill();
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let mut out = String::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_string(&mut out);
    }
    (status.is_some_and(|s| s.success()), out)
}

/// The live database passes every check `gridcare check` makes.
fn clean(db: &Path, after: &str) {
    let d = Db::open(db, OpenMode::MustExist).unwrap_or_else(|e| panic!("{after}: {e}"));
    let r = d.check().unwrap();
    assert!(r.is_clean(), "{after}: {r:#?}");
}

/// Every file under a backup's name (not a hidden temporary one) in `dir`
/// is a complete backup that passes its check.
fn backups_check(dir: &Path, after: &str) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let is_backup = name.starts_with("b-") || name.contains("before-restore");
        if !is_backup || name.starts_with('.') || name.ends_with("-journal") {
            continue;
        }
        verify_copy(&p).unwrap_or_else(|e| panic!("{after}: {name}: {e}"));
        let b = Db::open_read_only(&p, ReadOnlyWhy::Asked).unwrap();
        assert!(b.check().unwrap().is_clean(), "{after}: {name}");
    }
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn backup_killed_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let (full, ok) = timed(gridcare(
        &db,
        &["backup", out.join("b-full.db").to_str().unwrap()],
    ));
    assert!(ok);
    let mut points = Points::new("backup");
    for i in 0..rounds() {
        let dest = out.join(format!("b-{i}.db"));
        let at = points.within(full);
        let (reported, said) = killed(gridcare(&db, &["backup", dest.to_str().unwrap()]), at);
        let after = format!("backup killed after {at:?}");
        // reported means there; there (even unreported: killed between
        // naming it and saying so) means complete, as backups_check shows
        assert!(!reported || dest.exists(), "{after}: reported {said:?}");
        clean(&db, &after);
        backups_check(&out, &after);
    }
}

#[test]
fn restore_killed_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path());
    let good = dir.path().join("b-good.db");
    assert!(timed(gridcare(&db, &["backup", good.to_str().unwrap()])).1);
    let (full, ok) = timed(gridcare(&db, &["restore", good.to_str().unwrap()]));
    assert!(ok);
    let mut points = Points::new("restore");
    for i in 0..rounds() {
        // a write the backup does not hold, reported before the restore
        let name = format!("护士{i}");
        let added = gridcare(&db, &["roster", "add", "--name", &name, "--role", "nurse"])
            .output()
            .unwrap();
        assert!(added.status.success());
        let at = points.within(full);
        let (reported, _) = killed(gridcare(&db, &["restore", good.to_str().unwrap()]), at);
        let after = format!("restore killed after {at:?}");
        clean(&db, &after);
        let present = count(
            &db,
            &format!("SELECT count(*) FROM staff WHERE name = '{name}'"),
        );
        if reported {
            assert_eq!(
                present, 0,
                "{after}: a reported restore brought the backup back"
            );
        }
        assert!(
            count(&db, "SELECT count(*) FROM resident")
                == count(&good, "SELECT count(*) FROM resident"),
            "{after}: every resident is there, restored or not"
        );
        backups_check(dir.path(), &after);
    }
}

/// A residents file of `n` new people (in pairs, one household each) at
/// addresses no one else has.
fn residents_csv(path: &Path, round: usize, n: usize) {
    let mut s = String::from(
        "户编号,村,网格,地址,户主姓名,姓名,身份证号,性别,出生日期,联系电话,与户主关系,登记日期\n",
    );
    let birth = common::d("1960-01-01");
    for k in 0..n {
        let seq = (round * n + k) as u16;
        let birth = birth + chrono::Days::new((seq / 1000) as u64);
        let id = gridcare::domain::idnum::compose("360425", birth, seq);
        let sex = if (seq % 1000) % 2 == 1 { "男" } else { "女" };
        let addr = format!("富民村故障{round}组{}号", k / 2);
        let head = format!("测试户{round}-{}", k / 2);
        let name = if k % 2 == 0 {
            head.clone()
        } else {
            format!("家属{round}-{k}")
        };
        let rel = if k % 2 == 0 { "户主" } else { "配偶" };
        s.push_str(&format!(
            ",富民村,第一网格,{addr},{head},{name},{id},{sex},{birth},,{rel},2026-11-01\n"
        ));
    }
    std::fs::write(path, s).unwrap();
}

#[test]
fn import_killed_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path());
    let n = 300;
    let first = dir.path().join("r-first.csv");
    residents_csv(&first, 999, n);
    let before = count(&db, "SELECT count(*) FROM resident");
    let (full, ok) = timed(gridcare(
        &db,
        &["import", "--yes", "residents", first.to_str().unwrap()],
    ));
    assert!(ok, "the file imports");
    assert_eq!(
        count(&db, "SELECT count(*) FROM resident"),
        before + n as i64
    );
    let mut points = Points::new("import");
    for i in 0..rounds() {
        let file = dir.path().join(format!("r-{i}.csv"));
        residents_csv(&file, i, n);
        let before = count(&db, "SELECT count(*) FROM resident");
        let at = points.within(full);
        let (reported, said) = killed(
            gridcare(
                &db,
                &["import", "--yes", "residents", file.to_str().unwrap()],
            ),
            at,
        );
        let after = format!("import killed after {at:?}");
        clean(&db, &after);
        let now = count(&db, "SELECT count(*) FROM resident");
        assert!(
            now == before || now == before + n as i64,
            "{after}: all or nothing, {before} → {now}"
        );
        if reported {
            assert_eq!(now, before + n as i64, "{after}: reported {said:?}");
        }
    }
}

#[test]
fn save_killed_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = township(dir.path());
    let (full, ok) = timed(gridcare(
        &db,
        &["roster", "add", "--name", "量时", "--role", "nurse"],
    ));
    assert!(ok);
    let mut points = Points::new("save");
    let mut reported_names = Vec::new();
    for i in 0..rounds() * 2 {
        let name = format!("存{i}");
        let at = points.within(full);
        let (reported, _) = killed(
            gridcare(&db, &["roster", "add", "--name", &name, "--role", "nurse"]),
            at,
        );
        let after = format!("save killed after {at:?}");
        clean(&db, &after);
        if reported {
            reported_names.push(name);
        }
        for n in &reported_names {
            assert_eq!(
                count(
                    &db,
                    &format!("SELECT count(*) FROM staff WHERE name = '{n}'")
                ),
                1,
                "{after}: {n} was reported saved"
            );
        }
        // a write the log holds is in the chain (checked by `clean`)
    }
}
