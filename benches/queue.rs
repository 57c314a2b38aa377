//! Measures generation, loading, queue computation and one search keystroke
//! on demo townships of growing size, up to a county's worth of households in
//! one database. Run: `cargo bench --bench queue`. Prints a table; asserts nothing.

mod common;
use common::median;
use gridcare::demo::DemoConfig;
use gridcare::domain::queue;
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() {
    println!(
        "{:>10} {:>10} {:>12} {:>10} {:>10} {:>8} {:>10}",
        "households", "residents", "generate ms", "load ms", "queue ms", "tasks", "search ms"
    );
    for households in [3_000usize, 15_000, 30_000] {
        let cfg = DemoConfig {
            households,
            ..DemoConfig::default()
        };
        let t = Instant::now();
        let (_dir, db) = common::demo(&cfg);
        let gen_ms = ms(t);
        let rules = db.rules().expect("rules");
        let (mut load, mut q, mut find, mut n) = (Vec::new(), Vec::new(), Vec::new(), 0);
        for _ in 0..5 {
            let t = Instant::now();
            let town = db.township(cfg.as_of).expect("load");
            load.push(ms(t));
            let t = Instant::now();
            n = queue::tasks(&town, cfg.as_of, &rules).len();
            q.push(ms(t));
            // one keystroke in the search popup: pinyin initials over every resident
            let t = Instant::now();
            std::hint::black_box(gridcare::search::search(&town, "wdy", 200));
            find.push(ms(t));
        }
        let residents: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM resident", [], |r| r.get(0))
            .expect("count");
        println!(
            "{households:>10} {residents:>10} {gen_ms:>12.0} {:>10.1} {:>10.1} {n:>8} {:>10.1}",
            median(load),
            median(q),
            median(find)
        );
    }
}
