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
fn no_file_of_src_is_over_800_lines_but_the_word_catalogue() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let long: Vec<String> = files
        .into_iter()
        .filter(|p| !p.ends_with("words/catalogue.rs"))
        .filter_map(|p| {
            let n = fs::read_to_string(&p).expect("readable").lines().count();
            (n > 800).then(|| format!("{} ({n} lines)", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over 800 lines: {long:?}");
}

/// The lines of method `name` of `file` (under src/tui): from its
/// `    fn name(` to its closing `    }`.
fn fn_lines(file: &str, name: &str) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/tui")
        .join(file);
    let text = fs::read_to_string(path).expect("readable");
    let lines: Vec<&str> = text.lines().collect();
    let head = format!("fn {name}(");
    let start = lines
        .iter()
        .position(|l| l.starts_with("    ") && !l.starts_with("     ") && l.contains(&head))
        .unwrap_or_else(|| panic!("{file}: fn {name} exists"));
    lines[start..]
        .iter()
        .position(|l| *l == "    }")
        .unwrap_or_else(|| panic!("{file}: fn {name} ends"))
        + 1
}

/// `App` dispatches: what a key does on one screen, and what that screen
/// has in focus, is that screen's (its `claim`, `keys`, `task_in_focus` …),
/// never code of the app that asks which screen is shown.
#[test]
fn the_app_asks_no_screen_which_it_is() {
    let mut found = Vec::new();
    for (p, text) in files_under("src/tui") {
        if p.components().any(|c| c.as_os_str() == "screens") {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            for guard in ["self.screen ==", "self.screen !=", "match self.screen"] {
                if line.contains(guard) {
                    found.push(format!("{}:{}: {}", p.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// The central dispatch: `App::update` and what it hands keys through
/// (the screen's claim, its keys, the effect carried out).
#[test]
fn the_central_dispatch_is_under_150_lines() {
    let parts = [
        ("app.rs", "update"),
        ("effects.rs", "claimed"),
        ("effects.rs", "enter"),
        ("effects.rs", "screen_key"),
        ("effects.rs", "carry"),
    ];
    let sizes: Vec<(&str, usize)> = parts.iter().map(|(f, n)| (*n, fn_lines(f, n))).collect();
    let len: usize = sizes.iter().map(|s| s.1).sum();
    assert!(len < 150, "the central dispatch is {len} lines: {sizes:?}");
    assert!(sizes[0].1 < 110, "App::update is {} lines", sizes[0].1);
}

/// Registering a screen is one line: `App` names no screen's state as a
/// field of its own, and the contracts expiring (the example) is named in
/// `src/` only in its file and its line of the `screens!` table.
#[test]
fn registering_a_screen_is_one_line() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut named: Vec<String> = Vec::new();
    for p in &files {
        let text = fs::read_to_string(p).expect("readable");
        if p.ends_with("tui/screens/contracts.rs") {
            continue;
        }
        for line in text.lines().filter(|l| {
            ["Screen::Contracts", "ContractsView", "contracts::"]
                .iter()
                .any(|n| l.contains(n))
        }) {
            named.push(format!("{}: {}", p.display(), line.trim()));
        }
    }
    assert_eq!(named.len(), 1, "lines naming the screen: {named:#?}");
    assert!(
        named[0].contains("tui/screens/mod.rs: Contracts => contracts: contracts::ContractsView,"),
        "{named:?}"
    );
    let app = fs::read_to_string(src.join("tui/app.rs")).expect("readable");
    for field in [
        ": TodayView",
        ": QueueView",
        ": RostersView",
        ": Option<ResidentView>",
    ] {
        assert!(!app.contains(field), "App names a screen's state: {field}");
    }
    // nor reaches it as if it were its own (`app.queue` through Deref)
    assert!(
        !app.contains("Deref for App"),
        "App derefs to the screens' states"
    );
}

#[test]
fn no_screen_writes_to_the_database() {
    let writers: Vec<String> = texts_under("screens")
        .into_iter()
        .filter(|(_, text)| text.contains("&mut Db") || text.contains("mut db"))
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

// ---- the command line's shape (issue 26 item 1)

fn files_under(sub: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(sub), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).expect("readable");
            (p, text)
        })
        .collect()
}

#[test]
fn main_only_parses_and_dispatches() {
    let main = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/main.rs"))
        .expect("main.rs is readable");
    let n = main.lines().count();
    assert!(n < 200, "src/main.rs is {n} lines");
}

#[test]
fn no_command_line_file_is_over_800_lines() {
    let long: Vec<String> = files_under("src/cli")
        .into_iter()
        .filter_map(|(p, text)| {
            let n = text.lines().count();
            (n > 800).then(|| format!("{} ({n} lines)", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over 800 lines: {long:?}");
}

#[test]
fn the_command_line_starts_the_interface_in_one_place_only() {
    let importers: Vec<String> = files_under("src/cli")
        .into_iter()
        .filter(|(p, _)| !p.ends_with("cli/interface.rs"))
        .filter(|(_, text)| text.contains("crate::tui"))
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(
        importers.is_empty(),
        "cli files that use the interface: {importers:?}"
    );
    let back: Vec<String> = files_under("src/tui")
        .into_iter()
        .filter(|(_, text)| text.contains("crate::cli"))
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(
        back.is_empty(),
        "interface files that use the command line: {back:?}"
    );
}

#[test]
fn no_lower_layer_imports_a_front_end() {
    let lower = [
        "src/domain",
        "src/db",
        "src/search.rs",
        "src/import",
        "src/print",
        "src/words",
        "src/history.rs",
        "src/weekly.rs",
        "src/roster.rs",
        "src/snapshot.rs",
        "src/text.rs",
        "src/files.rs",
        "src/demo",
    ];
    let mut upward = Vec::new();
    for l in lower {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(l);
        let files = if path.is_dir() {
            files_under(l)
        } else {
            vec![(path.clone(), fs::read_to_string(&path).expect("readable"))]
        };
        for (p, text) in files {
            if text.contains("crate::cli") || text.contains("crate::tui") {
                upward.push(p.display().to_string());
            }
        }
    }
    assert!(
        upward.is_empty(),
        "lower layers that import a front end: {upward:?}"
    );
}

/// No SQL outside src/db/: the front ends (and the rest) ask `Db` methods.
/// The demo generator and the importer's row loop still hold statements of
/// their own (not yet moved; listed here so none is added elsewhere).
#[test]
fn no_sql_outside_the_database_layer() {
    // the demo generator's bulk inserts (its year of events too) and the importer's
    let allowed = [
        "src/demo/mod.rs",
        "src/demo/events.rs",
        "src/import/apply.rs",
    ];
    let mut found = Vec::new();
    for (p, text) in files_under("src") {
        let rel = p
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .expect("under the crate")
            .display()
            .to_string();
        if rel.starts_with("src/db/") || allowed.contains(&rel.as_str()) {
            continue;
        }
        if [".prepare(", ".execute(", "query_row"]
            .iter()
            .any(|s| text.contains(s))
        {
            found.push(rel);
        }
    }
    assert!(found.is_empty(), "SQL outside src/db/: {found:?}");
}

/// A key of one screen is written in that screen's file (its
/// `View::bindings`); the shared table holds the keys of every screen and
/// those several screens share (issue 26 item 3).
#[test]
fn a_key_of_one_screen_is_written_in_that_screen() {
    let one: Vec<&str> = gridcare::tui::keys::BINDINGS
        .iter()
        .filter(|b| b.on.len() == 1)
        .map(|b| b.label)
        .collect();
    assert!(one.is_empty(), "keys of one screen in keys.rs: {one:?}");
}
