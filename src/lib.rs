//! gridcare: grid-based chronic-disease management for a township health centre.
//!
//! Module map (data flows one way: keys → action → update → state → draw).
//! Lower layers (domain, db, search, import, print, words) import neither
//! front end; every write is one transactional, audited `Db` method that the
//! interface, the command line and the import share.
//! - [`domain`]: the rules of domain.md as pure functions (no SQL, no terminal).
//! - [`db`]: the SQLite database: open, migrate, read domain types, write in transactions.
//! - [`demo`]: the deterministic demo township generator.
//! - [`tui`]: the terminal interface (ratatui): `tui::app` (state and dispatch),
//!   `tui::screens` (one file per screen, registered by one line), `tui::forms`.
//! - [`cli`]: the command line, one file per subcommand (`cli::Env` is what they ask); signing a command in (PIN from GRIDCARE_PIN or the terminal) is `cli::operator`.
//! - [`print`]: printed task lists (text and PDF) for grid workers, teams and volunteers.
//! - [`report`]: the county's report as a workbook (numbers, the people behind them) and its spot check.
//! - [`search`]: finding residents by name, pinyin initials, ID or phone tail.
//! - [`snapshot`]: what a session holds of its scope, refreshed household by household.
//! - [`weekly`]: the weekly plan (issue 16) as the CLI, interface and sheet use it.
//! - [`history`]: the audit log in words, for `gridcare audit` and the history popup.
//! - [`files`]: files written beside the database (sheets, exports), whole, private, never through a link.
//! - [`text`]: text widths in terminal cells, shared by the CLI and the interface.
//! - [`words`]: every label and every domain value in words, Chinese and English, below both front ends.

pub mod cli;
pub mod db;
pub mod demo;
pub mod domain;
pub mod files;
pub mod history;
pub mod import;
pub mod print;
pub mod report;
pub mod roster;
pub mod search;
pub mod snapshot;
pub mod text;
pub mod tui;
pub mod weekly;
pub mod words;
