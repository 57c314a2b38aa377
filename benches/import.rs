//! Measures importing a residents file into an empty database (issue 11):
//! the issue's 100,000 residents in 25,000 households of 4 villages,
//! generated as CSV, imported in one transaction with --create-places, then
//! the same file again (all unchanged), with peak memory (VmHWM). Set
//! GRIDCARE_BENCH_N for another size. Run: `cargo bench --bench import`.
//! Asserts nothing but that every row was imported.

use chrono::NaiveDate;
use gridcare::db::{Db, OpenMode};
use gridcare::domain::idnum;
use gridcare::import::{self, Kind, Options};
use std::time::Instant;

fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let n: usize = std::env::var("GRIDCARE_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("居民.csv");
    let mut csv = String::from("姓名,身份证号,村,网格,地址,与户主关系,联系电话\n");
    let base = NaiveDate::from_ymd_opt(1940, 1, 1).expect("date");
    for i in 0..n {
        let born = base + chrono::Days::new((i * 7 % 25_000) as u64);
        let id = idnum::compose("360425", born, (i % 999 + 1) as u16);
        let h = i / 4;
        let (v, g) = (h % 4, h / 4 % 8);
        let rel = if i % 4 == 0 { "户主" } else { "其他" };
        csv.push_str(&format!(
            "居民{i},{id},第{v}村,第{g}网格,第{v}村{h}号,{rel},139{i:08}\n"
        ));
    }
    std::fs::write(&file, csv).expect("write");
    let path = dir.path().join("bench.db");
    let mut db = Db::open(&path, OpenMode::CreateIfMissing).expect("open");
    let opts = Options {
        kind: Kind::Residents,
        dry_run: false,
        skip_bad: false,
        create_places: true,
        township: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
    };
    for pass in ["first import", "same file again"] {
        let t = Instant::now();
        let table = import::read_table(&file).expect("read");
        let read_s = t.elapsed().as_secs_f64();
        let r = import::import(&mut db, &table, &opts, false, &mut |_| {}).expect("import");
        let s = t.elapsed().as_secs_f64();
        assert!(r.saved && r.rejected() == 0, "{:?}", r.issues().next());
        println!(
            "{pass}: {n} residents in {s:.2} s (reading {read_s:.2} s; {:.0} rows/s); {}; peak memory {:.0} MB",
            n as f64 / s,
            import::summary(&r, false),
            peak_mb().unwrap_or(f64::NAN)
        );
    }
}
