//! Issue 31 item 4, in part (on demand: `GRIDCARE_RUSH_DB=county.db
//! GRIDCARE_RUSH_N=10 cargo test --release --test morning_rush -- --ignored
//! --nocapture`, the county made once with `gridcare demo --county --no-tui
//! --db county.db`): N real gridcare interfaces start at once in one tmux
//! server, each on a township of its own (round robin), and it prints the
//! first frame's p50/p99 (from start to the Today screen drawn, read by
//! polling every pane, so to within one sweep) and the memory each session
//! holds (VmRSS). The saves every 2 s while others read are not driven yet.

use std::process::Command;
use std::time::{Duration, Instant};

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
    tmux(&socket, &["kill-server"]);
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
