//! Measures printing every weekly sheet of the demo township (3,000
//! households): loading the township, building the sheets and rendering PDF
//! and text, and the PDF's size per page. Run: `cargo bench --bench print`.
//! Needs a Chinese font for PDF (see README, Printing). Asserts nothing.

mod common;
use common::median;
use gridcare::demo::DemoConfig;
use gridcare::domain::calendar::{Cadence, Period};
use gridcare::domain::queue::WorkerRole;
use gridcare::print::{self, Format, Request, Who};
use std::time::Instant;

/// Pages of a PDF: its page objects, `/Type/Page` (not `/Pages`, `/PageMode`, …).
fn pages(pdf: &[u8]) -> usize {
    let pat = b"/Type/Page";
    pdf.windows(pat.len() + 1)
        .filter(|w| &w[..pat.len()] == pat && !w[pat.len()].is_ascii_alphabetic())
        .count()
}

fn main() {
    let cfg = DemoConfig::default();
    let (_dir, db) = common::demo(&cfg);
    let rules = db.rules().expect("rules");
    let week = Period::containing(Cadence::Week, cfg.as_of);
    let t = Instant::now();
    let font = print::find_font(None);
    let font_ms = t.elapsed().as_secs_f64() * 1e3;
    match &font {
        Ok(f) => println!(
            "font: {} (found and parsed in {font_ms:.0} ms)",
            f.path.display()
        ),
        Err(e) => println!("{e}"),
    }
    let teams: Vec<i64> = {
        let town = db.township(cfg.as_of).expect("load");
        let mut v: Vec<i64> = town
            .villages
            .iter()
            .filter_map(|v| v.team.as_ref().map(|t| t.id))
            .collect();
        v.dedup();
        v
    };
    println!(
        "{:<40} {:>6} {:>6} {:>9} {:>9} {:>10}",
        "what (week of the demo date)", "sheets", "pages", "median ms", "KB", "KB/page"
    );
    let jobs: Vec<(&str, Vec<Who>, Format)> = vec![
        (
            "township, every grid worker, PDF",
            vec![Who::Township],
            Format::Pdf,
        ),
        (
            "township, every grid worker, text",
            vec![Who::Township],
            Format::Txt,
        ),
        (
            "every doctor team, PDF (one file each)",
            teams
                .iter()
                .map(|id| Who::Worker(WorkerRole::Team, *id))
                .collect(),
            Format::Pdf,
        ),
    ];
    for (what, whos, format) in jobs {
        if format == Format::Pdf && font.is_err() {
            continue;
        }
        let (mut times, mut bytes, mut n_pages, mut sheets) = (Vec::new(), 0, 0, 0);
        for _ in 0..5 {
            let t = Instant::now();
            // what `gridcare print` does after opening the file: load, build, render
            let town = db.township(cfg.as_of).expect("load");
            let (mut b, mut p, mut s) = (0, 0, 0);
            for who in &whos {
                let req = Request {
                    who: *who,
                    period: week,
                    filter: Default::default(),
                    printed_on: cfg.as_of,
                    // no stored weekly plans: every sheet prints all that is due
                    plans: Vec::new(),
                    // what `gridcare print` reads for the volunteer's sheets
                    medicines: db.medicines_on(cfg.as_of).expect("medicines"),
                    font_pt: print::DEFAULT_PT,
                };
                let out = print::print(&town, &rules, &req, cfg.as_of, format, font.as_ref().ok())
                    .expect("print");
                b += out.bytes.len();
                p += match format {
                    Format::Pdf => pages(&out.bytes),
                    Format::Txt => out.bytes.iter().filter(|c| **c == 0x0c).count() + 1,
                };
                s += out.sheets;
            }
            times.push(t.elapsed().as_secs_f64() * 1e3);
            (bytes, n_pages, sheets) = (b, p, s);
        }
        println!(
            "{what:<40} {sheets:>6} {n_pages:>6} {:>9.0} {:>9.0} {:>10.1}",
            median(times),
            bytes as f64 / 1024.0,
            bytes as f64 / 1024.0 / n_pages.max(1) as f64
        );
    }
}
