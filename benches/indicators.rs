//! Measures a township's indicators for a year (issue 14, domain.md §8) on
//! the demo township (3,000 households): the report of `gridcare report
//! --period YEAR` — a row per village and the township total — on a loaded
//! township, and the same with loading it first. Run: `cargo bench --bench
//! indicators`. Prints figures; asserts nothing (target: under 300 ms).

mod common;
use common::median;
use gridcare::db::Scope;
use gridcare::demo::DemoConfig;
use gridcare::domain::calendar::{Cadence, Period};
use gridcare::domain::indicators::{self, ReportScope};
use std::time::Instant;

fn main() {
    let cfg = DemoConfig::default();
    let (_dir, db) = common::demo(&cfg);
    let rules = db.rules().expect("rules");
    let today = cfg.as_of;
    let year = Period::containing(Cadence::Year, today);
    let township = match db.default_scope().expect("scope") {
        Scope::Township(t) => t,
        other => panic!("the demo has a township, not {other:?}"),
    };
    let town = db.load(today, Scope::Township(township)).expect("load");
    let residents: usize = town.households.iter().map(|h| h.members.len()).sum();
    println!(
        "demo township: {} villages, {} households, {residents} residents, {} visits; period {}",
        town.villages.len(),
        town.households.len(),
        town.visits.len(),
        year.label()
    );
    let runs = 9;
    let time = |f: &mut dyn FnMut()| {
        median(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect(),
        )
    };
    // what screen 8 and `gridcare report` compute: every village and the total
    let year_report = |town: &gridcare::domain::model::Township| {
        let (_, rows) =
            indicators::report(town, &rules, year, today, indicators::ReportScope::Township);
        std::hint::black_box(rows);
    };
    let report = time(&mut || year_report(&town));
    let total = time(&mut || {
        let t = indicators::compute(&town, &rules, year, ReportScope::Township, today);
        std::hint::black_box(t);
    });
    let with_load = time(&mut || {
        let town = db.load(today, Scope::Township(township)).expect("load");
        year_report(&town);
    });
    println!("{:<62} {:>9}", "measure (median of 9)", "ms");
    println!(
        "{:<62} {report:>9.1}",
        "report of the year: every village and the township total"
    );
    println!(
        "{:<62} {total:>9.1}",
        "the township total alone (one scope)"
    );
    println!(
        "{:<62} {with_load:>9.1}",
        "load the township, then the report (as `gridcare report`)"
    );
    println!("target: < 300 ms");
}
