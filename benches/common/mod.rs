//! What the benchmarks share: a generated demo township in a temporary
//! folder, and the median of repeated measurements.
#![allow(dead_code)]

use gridcare::db::{Db, OpenMode};
use gridcare::demo::{DemoConfig, generate};

/// The median of the measurements (the middle one of an odd count).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// A demo township made by `cfg` in a new database in a temporary folder
/// (kept while the returned folder lives).
pub fn demo(cfg: &DemoConfig) -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut db = Db::open(&dir.path().join("bench.db"), OpenMode::CreateIfMissing).expect("open");
    generate(&mut db, cfg).expect("generate");
    (dir, db)
}
