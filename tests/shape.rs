//! The interface's shape (issue 26 item 3): files of one job, a short
//! central dispatch, and screens and forms that never hold the database for
//! writing (a form's submit returns a command the app carries out).
//! These read the source, as `duplicates` does; they fail when a file grows
//! past what a newcomer can read or a screen starts writing again.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/tui is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn tui_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui"),
        &mut files,
    );
    files.sort();
    files
}

/// The files under `src/tui/<sub>` with their text.
fn texts_under(sub: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/tui")
        .join(sub);
    tui_files()
        .into_iter()
        .filter(|p| p.starts_with(&dir))
        .map(|p| {
            let text = fs::read_to_string(&p).expect("readable");
            (p, text)
        })
        .collect()
}

#[test]
fn no_interface_file_is_over_800_lines_but_the_word_catalogue() {
    let long: Vec<String> = tui_files()
        .into_iter()
        .filter(|p| !p.ends_with("words/catalogue.rs"))
        .filter_map(|p| {
            let n = fs::read_to_string(&p).expect("readable").lines().count();
            (n > 800).then(|| format!("{} ({n} lines)", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over 800 lines: {long:?}");
}

#[test]
fn the_central_dispatch_is_under_150_lines() {
    let app = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/tui/app.rs"))
        .expect("app.rs is readable");
    let lines: Vec<&str> = app.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("    pub fn update("))
        .expect("App::update exists");
    let len = lines[start..]
        .iter()
        .position(|l| *l == "    }")
        .expect("App::update ends")
        + 1;
    assert!(len < 150, "App::update is {len} lines");
}

#[test]
fn no_screen_writes_to_the_database() {
    let writers: Vec<String> = texts_under("screens")
        .into_iter()
        .filter(|(_, text)| text.contains("&mut Db"))
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(
        writers.is_empty(),
        "screens that take the database to write: {writers:?}"
    );
}

#[test]
fn a_form_returns_a_command_and_writes_nothing() {
    let writers: Vec<String> = texts_under("forms")
        .into_iter()
        .flat_map(|(p, text)| {
            // a submit's signature may wrap: read up to its body
            let mut found = Vec::new();
            for (at, _) in text.match_indices("fn submit") {
                let head = &text[at..text[at..].find('{').map_or(text.len(), |e| at + e)];
                if head.contains("Db") {
                    found.push(format!(
                        "{}: {}",
                        p.display(),
                        head.lines().next().unwrap_or("")
                    ));
                }
            }
            found
        })
        .collect();
    assert!(
        writers.is_empty(),
        "submits that take the database: {writers:?}"
    );
}
