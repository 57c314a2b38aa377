//! Issue 31 item 4, in part (on demand: `GRIDCARE_RUSH_DB=county.db
//! GRIDCARE_RUSH_N=10 cargo test --release --test morning_rush -- --ignored
//! --nocapture`, the county made once with `gridcare demo --county --no-tui
//! --db county.db`): N real gridcare interfaces start at once in one tmux
//! server, each on a township of its own (round robin), and it prints the
//! first frame's p50/p99 (from start to the Today screen drawn, read by
//! polling every pane, so to within one sweep) and the memory each session
//! holds (VmRSS). Then, while those interfaces stay open on the database,
//! each session saves a follow-up every 2 s for GRIDCARE_RUSH_SECS seconds
//! (default 120): a child process per session (this test binary again,
//! `rush_saver`) opens the database with the interface's own `Db::open` and
//! records through `record_visit`, timing each save in-process. It prints save
//! p50/p99, the saves refused because the database stayed busy, and checks the
//! rows present equal the saves reported (none lost).

mod common;

use gridcare::db::{Db, DbError, OpenMode};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SAVER: &str = "GRIDCARE_RUSH_SAVER";

fn tmux(socket: &str, args: &[&str]) -> String {
    let o = Command::new("tmux")
        .arg("-L")
        .arg(socket)
        .args(args)
        .output()
        .expect("tmux");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[test]
#[ignore = "on demand: a county database and minutes of CPU"]
fn morning_rush_first_frames_and_memory() {
    let db = std::env::var("GRIDCARE_RUSH_DB").expect("GRIDCARE_RUSH_DB=county.db");
    let n: usize = std::env::var("GRIDCARE_RUSH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let socket = format!("gridcare-rush-{}", std::process::id());
    let exe = env!("CARGO_BIN_EXE_gridcare");
    let line = |i: usize| {
        format!(
            "env LANG=C.UTF-8 GRIDCARE_OPERATOR=rush{i} {exe} --db {db} --township {}; sleep 600",
            i % 20 + 1
        )
    };
    tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-s",
            "r",
            "-x",
            "100",
            "-y",
            "30",
            &line(0),
        ],
    );
    let start = Instant::now();
    for i in 1..n {
        tmux(&socket, &["new-window", "-d", "-t", "r", &line(i)]);
    }
    let mut first: Vec<Option<f64>> = vec![None; n];
    while first.iter().any(Option::is_none) {
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "not every session drew its first frame"
        );
        for (i, f) in first.iter_mut().enumerate().filter(|(_, f)| f.is_none()) {
            let s = tmux(&socket, &["capture-pane", "-p", "-t", &format!("r:{i}")]);
            if s.contains("红码名单") {
                *f = Some(start.elapsed().as_secs_f64());
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let pids = tmux(
        &socket,
        &["list-panes", "-s", "-t", "r", "-F", "#{pane_pid}"],
    );
    let mut rss_kb = Vec::new();
    for shell in pids.split_whitespace() {
        let kids = Command::new("pgrep")
            .args(["-P", shell, "gridcare"])
            .output()
            .unwrap();
        for pid in String::from_utf8_lossy(&kids.stdout).split_whitespace() {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            if let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            {
                rss_kb.push(kb);
            }
        }
    }
    let secs: u64 = std::env::var("GRIDCARE_RUSH_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let before = rush_rows(&db);
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut savers = Vec::new();
    for i in 0..n {
        // Residents with a chronic condition in the session's township, a
        // slice of its own (sessions sharing a township take the next one).
        let ids: Vec<String> = conn
            .prepare(
                "SELECT DISTINCT r.id FROM resident r JOIN household h ON h.id = r.household_id
                 JOIN village v ON v.id = h.village_id JOIN chronic_condition c ON c.resident_id = r.id
                 WHERE v.township_id = ?1 ORDER BY r.id LIMIT 200 OFFSET ?2",
            )
            .unwrap()
            .query_map([(i % 20 + 1) as i64, (i / 20 * 200) as i64], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
            .map(|r| r.unwrap().to_string())
            .collect();
        savers.push(
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "rush_saver",
                    "--ignored",
                    "--nocapture",
                    "--quiet",
                ])
                .env(SAVER, ids.join(","))
                .env("GRIDCARE_RUSH_DB", &db)
                .env("GRIDCARE_RUSH_SECS", secs.to_string())
                .env(
                    "GRIDCARE_RUSH_TAG",
                    format!("rush-{}-{i}", std::process::id()),
                )
                .stdout(Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    let (mut saves, mut busy, mut other) = (Vec::new(), 0, Vec::new());
    for s in savers {
        let out = s.wait_with_output().unwrap();
        for l in String::from_utf8_lossy(&out.stdout).lines() {
            if let Some(ms) = l.strip_prefix("RUSH save ") {
                saves.push(ms.parse::<f64>().unwrap());
            } else if l == "RUSH busy" {
                busy += 1;
            } else if let Some(e) = l.strip_prefix("RUSH refused ") {
                other.push(e.to_string());
            }
        }
    }
    tmux(&socket, &["kill-server"]);
    let rows = rush_rows(&db) - before;
    saves.sort_by(f64::total_cmp);
    println!(
        "N={n}, {secs} s: {} saves reported, save p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms; refused busy {busy}; other refusals {} {:?}; rows present {rows} (lost {})",
        saves.len(),
        percentile(&saves, 0.5),
        percentile(&saves, 0.99),
        saves.last().copied().unwrap_or(0.0),
        other.len(),
        other.iter().take(3).collect::<Vec<_>>(),
        saves.len() as i64 - rows
    );
    assert_eq!(rows, saves.len() as i64, "rows present = saves reported");
    let mut f: Vec<f64> = first.into_iter().flatten().collect();
    f.sort_by(f64::total_cmp);
    rss_kb.sort_by(f64::total_cmp);
    println!(
        "N={n}: first frame p50 {:.2} s, p99 {:.2} s (from the first start); memory per session p50 {:.0} MB, max {:.0} MB ({} measured)",
        percentile(&f, 0.5),
        percentile(&f, 0.99),
        percentile(&rss_kb, 0.5) / 1024.0,
        rss_kb.last().copied().unwrap_or(0.0) / 1024.0,
        rss_kb.len()
    );
}

/// The follow-ups the rush saved (their notes name the run and session).
fn rush_rows(db: &str) -> i64 {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    c.query_row(
        "SELECT count(*) FROM visit WHERE notes LIKE 'rush-%'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// One session's saves, run as a child of the rush (GRIDCARE_RUSH_SAVER holds
/// its residents): a follow-up every 2 s through the interface's `Db`, each
/// `record_visit` timed; prints one line per save for the parent.
#[test]
#[ignore = "a child of morning_rush_first_frames_and_memory"]
fn rush_saver() {
    let Ok(ids) = std::env::var(SAVER) else {
        return;
    };
    let db = std::env::var("GRIDCARE_RUSH_DB").unwrap();
    let secs: u64 = std::env::var("GRIDCARE_RUSH_SECS")
        .unwrap()
        .parse()
        .unwrap();
    let tag = std::env::var("GRIDCARE_RUSH_TAG").unwrap();
    let ids: Vec<i64> = ids.split(',').filter_map(|s| s.parse().ok()).collect();
    let mut g = Db::open(std::path::Path::new(&db), OpenMode::MustExist).unwrap();
    let today = chrono::Local::now().date_naive();
    let start = Instant::now();
    let mut k = 0;
    while start.elapsed() < Duration::from_secs(secs) && k < ids.len() {
        let mut v = common::followup(ids[k], &today.to_string(), 150, 92);
        v.notes = Some(format!("{tag}-{k}"));
        let t = Instant::now();
        match g.record_visit(&v, today) {
            Ok(_) => println!("RUSH save {:.1}", t.elapsed().as_secs_f64() * 1000.0),
            Err(DbError::Busy) => println!("RUSH busy"),
            Err(e) => println!("RUSH refused {e}"),
        }
        k += 1;
        std::thread::sleep(Duration::from_secs(2).saturating_sub(t.elapsed()));
    }
}
