//! Measures importing a township's register (issues 11 and 28): by default
//! 25,000 residents in 6,250 households of 4 villages, generated as the
//! provincial system's export (户编号, 档案编号, 家庭住址, 户主姓名, a phone
//! column named 手机号码 that is mapped once, the 高血压/糖尿病 flags), into
//! an empty database with --create-places; then the same file again (all
//! unchanged); then next month's register as an update (every 20th phone
//! changed, one resident in 100 new), each in one transaction, with peak
//! memory (VmHWM). `GRIDCARE_BENCH_N` sets another size (100000: issue
//! 11's). Run: `cargo bench --bench import`. Asserts only that each pass
//! did what it should (every row in, nothing rejected, the changes counted).

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

/// The register of `n` residents (and `extra` more, next month), with the
/// phones of every `changed`-th resident changed.
fn register(n: usize, extra: usize, changed: Option<usize>) -> String {
    let mut csv = String::from(
        "户编号,档案编号,村,网格,家庭住址,户主姓名,姓名,身份证号,手机号码,高血压,糖尿病,责任医生\n",
    );
    let base = NaiveDate::from_ymd_opt(1940, 1, 1).expect("date");
    for i in 0..n + extra {
        let born = base + chrono::Days::new((i * 7 % 25_000) as u64);
        let id = idnum::compose("360425", born, (i % 999 + 1) as u16);
        // a new resident next month joins a household of their own
        let h = if i < n { i / 4 } else { n + i };
        let (v, g) = (h % 4, h / 4 % 8);
        let head = if i < n {
            format!("居民{}", h * 4)
        } else {
            format!("居民{i}")
        };
        let phone = match changed {
            Some(k) if i % k == 0 => format!("138{i:08}"),
            _ => format!("139{i:08}"),
        };
        let htn = if i % 7 == 0 { "是" } else { "否" };
        let dm = if i % 17 == 0 { "是" } else { "否" };
        csv.push_str(&format!(
            "H{h:07},R{i:09},第{v}村,第{g}网格,第{v}村{h}号,{head},居民{i},{id},{phone},{htn},{dm},刘医生\n"
        ));
    }
    csv
}

fn main() {
    let n: usize = std::env::var("GRIDCARE_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("居民.csv");
    std::fs::write(&file, register(n, 0, None)).expect("write");
    let next = dir.path().join("居民-下月.csv");
    let (extra, every) = (n / 100, 20);
    std::fs::write(&next, register(n, extra, Some(every))).expect("write");
    let path = dir.path().join("bench.db");
    let mut db = Db::open(&path, OpenMode::CreateIfMissing).expect("open");
    let mut opts = Options {
        kind: Kind::Residents,
        dry_run: false,
        skip_bad: false,
        create_places: true,
        township: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        map: vec![("手机号码".into(), "联系电话".into())],
    };
    for (pass, file, created, updated) in [
        ("first import", &file, n, 0),
        ("same file again", &file, 0, 0),
        (
            "next month's register, as an update",
            &next,
            extra,
            n.div_ceil(every),
        ),
    ] {
        let t = Instant::now();
        let table = import::read_table(file).expect("read");
        let read_s = t.elapsed().as_secs_f64();
        let r = import::import(&mut db, &table, &opts, false, &mut |_| {}).expect("import");
        let s = t.elapsed().as_secs_f64();
        assert!(r.saved && r.rejected() == 0, "{:?}", r.issues().next());
        assert_eq!((r.created(), r.updated()), (created, updated), "{pass}");
        let rows = table.rows.len();
        println!(
            "{pass}: {rows} residents in {s:.2} s (reading {read_s:.2} s; {:.0} rows/s); {}; peak memory {:.0} MB",
            rows as f64 / s,
            import::summary(&r, false),
            peak_mb().unwrap_or(f64::NAN)
        );
        // the mapping was remembered by the first import
        opts.map.clear();
    }
}
