//! County scale (issue 9): what a session on a county server costs, each
//! figure beside its target and, where SQLite sets the floor, the plain SQL
//! query's time as a ratio. Prints a table; asserts nothing.
//!
//! `cargo bench --bench county` runs a reduced county (3 townships of 1,000
//! households) so the benchmark never rots; `GRIDCARE_BENCH_SCALE=full` runs
//! `gridcare demo --county`'s size (20 townships, ~500,000 residents; about a
//! minute and a half to generate). `GRIDCARE_BENCH_DB=FILE` reuses a database
//! made by `gridcare demo --county --no-tui --db FILE`.

use gridcare::db::{Db, NewVisit, OpenMode, Scope};
use gridcare::demo::DemoConfig;
use gridcare::domain::model::*;
use gridcare::domain::queue;
use gridcare::tui::{self, app::App, app::Options};
use gridcare::words::Lang;
use ratatui::{Terminal, backend::TestBackend};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// Runs `f` `n` times; the median in ms.
fn time(n: usize, mut f: impl FnMut()) -> f64 {
    median(
        (0..n)
            .map(|_| {
                let t = Instant::now();
                f();
                ms(t)
            })
            .collect(),
    )
}

fn options(scope: Scope) -> Options {
    Options {
        today: gridcare::demo::demo_date(),
        lang: Lang::Zh,
        ascii: false,
        colour: true,
        scope,
    }
}

fn frame(app: &App, w: u16, h: u16) {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| tui::draw(f, app)).expect("draw");
}

/// Peak memory of a process that opens a session and draws one frame: this
/// benchmark started again as a child, so generation does not count.
fn session_child(path: &Path) {
    let db = Db::open(path, OpenMode::MustExist).expect("open");
    let scope = db.default_scope().expect("scope");
    let app = App::load(&db, options(scope)).expect("load");
    frame(&app, 120, 40);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ? kB");
    println!("{peak}");
}

fn database() -> (Option<tempfile::TempDir>, PathBuf, &'static str) {
    if let Ok(p) = std::env::var("GRIDCARE_BENCH_DB") {
        return (None, PathBuf::from(p), "given");
    }
    let full = std::env::var("GRIDCARE_BENCH_SCALE").is_ok_and(|s| s == "full");
    let cfg = if full {
        DemoConfig::county(2026)
    } else {
        DemoConfig {
            households: 1_000,
            townships: 3,
            ..DemoConfig::default()
        }
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("county.db");
    let mut db = Db::open(&path, OpenMode::CreateIfMissing).expect("create");
    let t = Instant::now();
    gridcare::demo::generate(&mut db, &cfg).expect("generate");
    println!(
        "generated {} townships in {:.0} s",
        cfg.townships,
        ms(t) / 1e3
    );
    (Some(dir), path, if full { "full" } else { "reduced" })
}

fn row(what: &str, got: f64, unit: &str, target: &str, floor: Option<f64>) {
    let ratio = floor.map_or(String::new(), |f| {
        format!("{:.1}x floor ({f:.1} ms)", got / f)
    });
    println!("{what:<44} {got:>10.1} {unit:<3} {target:<10} {ratio}");
}

fn main() {
    if let Ok(p) = std::env::var("GRIDCARE_BENCH_CHILD") {
        session_child(Path::new(&p));
        return;
    }
    let (_dir, path, scale) = database();
    let mut db = Db::open(&path, OpenMode::MustExist).expect("open");
    let day = gridcare::demo::demo_date();
    let rules = db.rules().expect("rules");
    let residents: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM resident", [], |r| r.get(0))
        .expect("count");
    let scope = db.default_scope().expect("scope");
    let Scope::Township(tid) = scope else {
        panic!("no township in {}", path.display());
    };
    println!(
        "county database ({scale}): {residents} residents; scope {scope:?}\n{:<44} {:>10} {:<3} {:<10} floor",
        "measure", "median", "", "target"
    );

    let first = time(3, || {
        let db = Db::open(&path, OpenMode::MustExist).expect("open");
        let app = App::load(&db, options(scope)).expect("load");
        frame(&app, 120, 40);
    });
    row("open to first frame (township)", first, "ms", "< 100", None);
    let open = time(3, || {
        std::hint::black_box(Db::open(&path, OpenMode::MustExist).expect("open"));
    });
    row("  of which: open the database", open, "ms", "", None);
    let snap = time(3, || {
        std::hint::black_box(
            gridcare::snapshot::Snapshot::load(&db, scope, day).expect("snapshot"),
        );
    });
    row(
        "  of which: load the township and its queue",
        snap,
        "ms",
        "",
        None,
    );

    // what the first frame's Today counts cost from the kept task state
    // (issue 30 item 2), against the load the first frame waits for now
    let today = time(9, || {
        std::hint::black_box(db.today_counts(scope, day).expect("today"));
    });
    row(
        "  Today counts of the township, kept state",
        today,
        "ms",
        "",
        None,
    );

    let floor_load = time(5, || {
        // reading the same rows without building anything: SQLite's floor
        for sql in gridcare::db::scope_queries(scope) {
            let mut st = db.conn().prepare_cached(&sql).expect("prepare");
            let mut rows = st.query(rusqlite::params![tid, day]).expect("query");
            while let Some(r) = rows.next().expect("row") {
                std::hint::black_box(r.get_ref(0).ok());
            }
        }
    });
    let load = time(5, || {
        std::hint::black_box(db.load(day, scope).expect("load"));
    });
    row("load one township", load, "ms", "", Some(floor_load));
    let town = db.load(day, scope).expect("load");
    let q = time(5, || {
        std::hint::black_box(queue::tasks(&town, day, &rules));
    });
    row("queue of one township (rules only)", q, "ms", "< 50", None);
    row(
        "township queue (load + rules)",
        load + q,
        "ms",
        "< 50",
        Some(floor_load),
    );

    // Issue 30: the county overview reads the kept task state. Its floor is
    // one plain SQL pass over the same rows, grouped by township.
    let floor_county = time(5, || {
        let mut st = db
            .conn()
            .prepare_cached(
                "SELECT township_id, count(*) FILTER (WHERE done_until IS NULL OR done_until < ?1),
                   count(*) FILTER (WHERE overdue_from <= ?1), count(*) FILTER (WHERE colour = 'red')
                 FROM task_state GROUP BY township_id",
            )
            .expect("floor");
        let n = st
            .query_map([day], |r| r.get::<_, i64>(1))
            .expect("floor")
            .count();
        std::hint::black_box(n);
    });
    let county = time(5, || {
        std::hint::black_box(gridcare::snapshot::county_counts(&db, day).expect("county"));
    });
    row(
        "county overview (open/overdue/red), kept state",
        county,
        "ms",
        "< 100, 2x",
        Some(floor_county),
    );
    let recomputed = time(1, || {
        std::hint::black_box(
            gridcare::snapshot::county_counts_recomputed(&db, day).expect("county"),
        );
    });
    row(
        "  the same by loading every township (before)",
        recomputed,
        "ms",
        "",
        Some(floor_county),
    );
    // building the state of the whole county (the migration's build, and
    // `gridcare check --rebuild-state`); its floor: writing the same rows
    // with SQL alone
    let rows: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM task_state", [], |r| r.get(0))
        .expect("count");
    let floor_build = time(1, || {
        db.conn()
            .execute_batch(
                "BEGIN; CREATE TEMP TABLE bench_copy AS SELECT * FROM task_state;
                 CREATE TEMP TABLE bench_copy_h AS SELECT * FROM household_state; ROLLBACK;",
            )
            .expect("floor");
    });
    let build = time(1, || {
        db.rebuild_state().expect("build");
    });
    row(
        &format!("build the task state ({rows} tasks)"),
        build,
        "ms",
        "< 60000",
        Some(floor_build),
    );

    let mut app = App::load(&db, options(scope)).expect("load");
    let two =
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('2'));
    app.handle_key(two, &mut db);
    let one_frame = time(20, || frame(&app, 120, 40));
    row(
        "one frame of the triage list, 120x40",
        one_frame,
        "ms",
        "< 5",
        None,
    );

    let target = app
        .snap
        .town
        .households
        .iter()
        .find(|h| !h.members.is_empty())
        .map(|h| h.id)
        .expect("a household");
    let visit = || {
        NewVisit::completed(
            VisitKind::Household,
            Subject::Household(target),
            VisitMode::Home,
            day,
        )
    };
    // the save alone, in-process: the visit's checks, its row, the
    // household's kept task state, the durable commit (issue 30 target)
    let save = time(21, || {
        db.record_visit(&visit(), day).expect("record");
    });
    let record = time(9, || {
        db.record_visit(&visit(), day).expect("record");
        app.refresh_household(&db, target).expect("refresh");
    });
    // a durable commit of one row is what SQLite itself costs a save
    let floor_save = time(9, || {
        db.conn()
            .execute_batch(
                "BEGIN IMMEDIATE; INSERT OR REPLACE INTO meta (key, value) VALUES ('bench', 'x'); COMMIT;",
            )
            .expect("floor");
    });
    row(
        "a save incl. the state update (in-process)",
        save,
        "ms",
        "< 10",
        Some(floor_save),
    );
    row(
        "record one visit (commit + state + session)",
        record,
        "ms",
        "",
        Some(floor_save),
    );

    let search = time(9, || {
        std::hint::black_box(gridcare::search::search(&app.snap.town, "wdy", 200));
    });
    row(
        "search keystroke over the township",
        search,
        "ms",
        "< 50",
        None,
    );
    // the engine call screen 8 makes: every village and the township total
    // of the as-of date's year (issue 14, domain.md §8)
    let year = gridcare::domain::calendar::Period::containing(
        gridcare::domain::calendar::Cadence::Year,
        day,
    );
    let indicators = time(9, || {
        std::hint::black_box(gridcare::domain::indicators::by_village(
            &app.snap.town,
            &app.snap.rules,
            year,
            day,
        ));
    });
    row(
        "township indicators for a year (screen 8)",
        indicators,
        "ms",
        "< 300",
        None,
    );
    let font = gridcare::print::find_font(None);
    let week = gridcare::domain::calendar::Period::containing(
        gridcare::domain::calendar::Cadence::Week,
        day,
    );
    let format = if font.is_ok() {
        gridcare::print::Format::Pdf
    } else {
        gridcare::print::Format::Txt
    };
    let print_all = time(3, || {
        // what `gridcare print --township --week …` does: load, build, render
        let town = db.load(day, scope).expect("load");
        let req = gridcare::print::Request {
            who: gridcare::print::Who::Township,
            period: week,
            filter: Default::default(),
            printed_on: day,
            // the generated township stores no weekly plans: every sheet
            // prints everything due, the larger job
            plans: Vec::new(),
            medicines: db.medicines_on(day).expect("medicines"),
            font_pt: gridcare::print::DEFAULT_PT,
        };
        std::hint::black_box(
            gridcare::print::print(&town, &rules, &req, day, format, font.as_ref().ok())
                .expect("print"),
        );
    });
    let what = if font.is_ok() {
        "print all weekly sheets of one township, PDF"
    } else {
        "print all weekly sheets of one township, txt"
    };
    row(what, print_all, "ms", "< 2000", None);

    let exe = std::env::current_exe().expect("exe");
    let out = std::process::Command::new(exe)
        .env("GRIDCARE_BENCH_CHILD", &path)
        .output()
        .expect("child");
    let text = String::from_utf8_lossy(&out.stdout);
    let kb: f64 = text
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN);
    row(
        "peak memory of a township session",
        kb / 1024.0,
        "MB",
        "< 60",
        None,
    );
}
