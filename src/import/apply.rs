//! Applying a file: each row is checked cell by cell, then written through
//! the domain commands (the ones the forms use) inside one transaction, each
//! row in its own savepoint. A bad row is reported with its line, column and
//! reason; unless `skip_bad`, one bad row means nothing is saved.

use super::columns::{Field, Kind, map_headers_with};
use super::line::Line;
use super::read::{Row, Table};
use super::text::{Issue, Problem};
use crate::db::{Db, DbError, NewHousehold, PlacesByName, Result};
use crate::domain::rules::Rules;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone)]
pub struct Options {
    pub kind: Kind,
    /// Check and report only; nothing is saved.
    pub dry_run: bool,
    /// Save the good rows and report the bad ones (else all or nothing).
    pub skip_bad: bool,
    /// Create villages and grids the file names that do not exist yet.
    pub create_places: bool,
    /// The township's name or number (default: the first one).
    pub township: Option<String>,
    pub today: NaiveDate,
    /// Columns the coordinator maps to a field this time, (the file's
    /// header, the field's header or alias): `--map 手机号码=联系电话`.
    /// Read with those chosen before, and remembered when the import is
    /// saved (issue 28 item 3).
    pub map: Vec<(String, String)>,
}

/// What became of one row.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Created,
    /// What changed, `姓名：旧 → 新` in the report's language.
    Updated(Vec<String>),
    Unchanged,
    Rejected(Vec<Issue>),
}

#[derive(Debug, Clone)]
pub struct Report {
    pub kind: Kind,
    pub outcomes: Vec<(Row, Outcome)>,
    /// Problems with the file as a whole (a missing column): nothing was tried.
    pub file_issues: Vec<Issue>,
    /// Headers the importer does not know; their cells are ignored.
    pub unknown_columns: Vec<String>,
    /// Households, villages and grids made along the way.
    pub households_created: usize,
    pub places_created: Vec<String>,
    /// Whether anything was saved.
    pub saved: bool,
    /// Residents the file adds: (line, name and masked ID number).
    pub added: Vec<(usize, String)>,
    /// Residents of the file's villages registered and active but not in
    /// the file: listed for the coordinator to decide, never touched
    /// (issue 28 item 2).
    pub missing: Vec<Missing>,
}

/// A registered resident a residents file leaves out.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub name: String,
    /// Masked (§9).
    pub id_number: String,
    pub village: String,
    pub address: String,
}

impl Report {
    pub fn count(&self, want: fn(&Outcome) -> bool) -> usize {
        self.outcomes.iter().filter(|(_, o)| want(o)).count()
    }
    pub fn created(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Created))
    }
    pub fn updated(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Updated(_)))
    }
    pub fn unchanged(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Unchanged))
    }
    pub fn rejected(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Rejected(_)))
    }
    /// Every problem, file-level first, then row by row.
    pub fn issues(&self) -> impl Iterator<Item = &Issue> {
        self.file_issues
            .iter()
            .chain(self.outcomes.iter().flat_map(|(_, o)| match o {
                Outcome::Rejected(v) => v.as_slice(),
                _ => &[],
            }))
    }
    pub fn is_clean(&self) -> bool {
        self.issues().next().is_none()
    }
}

const ROLLED_BACK: &str = "import rolled back";

/// The cells of the columns read that hold a control character (issue 24
/// item 11; a NUL in a name gave SQLite's bare "CHECK constraint failed"),
/// each at its line and header: the notes may hold line breaks and tabs.
fn control_chars(row: &Row, map: &HashMap<Field, usize>, headers: &[String]) -> Vec<Issue> {
    let mut found: Vec<(usize, Issue)> = map
        .iter()
        .filter(|(f, _)| **f != Field::Reason)
        .filter_map(|(f, &i)| {
            let header = headers.get(i).map_or(f.header(), |h| h.trim());
            let cell = row.cells.get(i)?;
            crate::domain::refusal::check_text(header, cell, *f == Field::Notes)
                .err()
                .map(|r| {
                    (
                        i,
                        Issue {
                            line: row.line,
                            column: Some(header.to_string()),
                            problem: Problem::Refused(r),
                        },
                    )
                })
        })
        .collect();
    found.sort_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, issue)| issue).collect()
}

/// Imports a read table. `progress` is told how many rows are done.
pub fn import(
    db: &mut Db,
    table: &Table,
    opts: &Options,
    zh: bool,
    progress: &mut dyn FnMut(usize),
) -> Result<Report> {
    // the coordinator's mappings: those chosen before, then this time's
    let remembered = db.import_mappings()?;
    let mut chosen = remembered.clone();
    let mut bad_maps = Vec::new();
    for (header, field) in &opts.map {
        match opts.kind.field_named(field) {
            Some(f) => {
                chosen.insert(header.clone(), f.header().to_string());
            }
            None => bad_maps.push(Issue {
                line: table.header_line,
                column: Some(header.clone()),
                problem: Problem::UnknownField {
                    field: field.clone(),
                    fields: opts
                        .kind
                        .reads()
                        .map(Field::header)
                        .collect::<Vec<_>>()
                        .join("、"),
                },
            }),
        }
    }
    let (map, unknown) = map_headers_with(opts.kind, &table.headers, &chosen);
    let mut report = Report {
        kind: opts.kind,
        outcomes: Vec::new(),
        file_issues: bad_maps,
        unknown_columns: unknown,
        households_created: 0,
        places_created: Vec::new(),
        saved: false,
        added: Vec::new(),
        missing: Vec::new(),
    };
    // a header read as GB18030 that lacks a column may be a UTF-8 file
    // garbled by that reading: the message says which encoding was assumed
    let missing = |column| match table.encoding {
        Some(encoding) => Problem::MissingColumnIn { column, encoding },
        None => Problem::MissingColumn(column),
    };
    for f in opts.kind.required() {
        if !map.contains_key(f) {
            report.file_issues.push(Issue {
                line: table.header_line,
                column: None,
                problem: missing(f.header()),
            });
        }
    }
    if opts.kind == Kind::Conditions
        && ![Field::Condition, Field::Hypertension, Field::Diabetes]
            .iter()
            .any(|f| map.contains_key(f))
    {
        report.file_issues.push(Issue {
            line: table.header_line,
            column: None,
            problem: missing(Field::Condition.header()),
        });
    }
    if !report.file_issues.is_empty() {
        return Ok(report);
    }
    let outcomes = &mut report.outcomes;
    let (households, places) = (&mut report.households_created, &mut report.places_created);
    let (added, missing) = (&mut report.added, &mut report.missing);
    let tuned = Tuning::set(db)?;
    let done = db.in_one_transaction(|db| {
        let Some(township) = db.import_township(opts.township.as_deref(), opts.create_places)?
        else {
            return Err(DbError::Invalid(if zh {
                "数据库中还没有乡镇；加 --create-places 导入时自动创建（可用 --township 命名）".into()
            } else {
                "the database has no township yet; add --create-places to create one (named by --township)".into()
            }));
        };
        let mut run = Run {
            opts,
            zh,
            map: &map,
            headers: &table.headers,
            township,
            rules: db.rules()?,
            places: db.places_by_name(township)?,
            households: db.households_by_address(township)?,
            seen: HashMap::new(),
            new_households: Vec::new(),
            places_created: Vec::new(),
            residents_seen: HashSet::new(),
            villages_seen: HashSet::new(),
            added: Vec::new(),
        };
        for (i, row) in table.rows.iter().enumerate() {
            let before = (run.new_households.len(), run.places_created.len());
            db.conn()
                .prepare_cached("SAVEPOINT import_row")?
                .execute([])?;
            let controls = control_chars(row, &map, &table.headers);
            let done = if controls.is_empty() {
                run.row(db, row)
            } else {
                Ok(Outcome::Rejected(controls))
            };
            let outcome = match done {
                Ok(o) => o,
                Err(DbError::Refused(r)) => Outcome::Rejected(vec![Issue {
                    line: row.line,
                    column: None,
                    problem: Problem::Refused(r),
                }]),
                // a value no check before the database caught: still this
                // row's line and the fix, never the bare SQLite message alone
                Err(DbError::Sqlite(rusqlite::Error::SqliteFailure(e, m)))
                    if e.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    Outcome::Rejected(vec![Issue {
                        line: row.line,
                        column: None,
                        problem: Problem::Constraint(m.unwrap_or_default()),
                    }])
                }
                Err(e) => return Err(e),
            };
            if let Outcome::Rejected(_) = outcome {
                run.added.retain(|(l, _)| *l != row.line);
                db.conn()
                    .execute_batch("ROLLBACK TO import_row; RELEASE import_row")?;
                for key in run.new_households.split_off(before.0) {
                    run.households.remove(&key);
                }
                run.places_created.truncate(before.1);
                run.places = db.places_by_name(township)?;
            } else {
                db.conn()
                    .prepare_cached("RELEASE import_row")?
                    .execute([])?;
            }
            outcomes.push((row.clone(), outcome));
            progress(i + 1);
        }
        *households = run.new_households.len();
        *places = run.places_created;
        *added = run.added;
        // the registered residents of the file's villages it leaves out
        if opts.kind == Kind::Residents {
            *missing = db
                .active_residents(township)?
                .into_iter()
                .filter(|r| run.villages_seen.contains(&r.1) && !run.residents_seen.contains(&r.0))
                .map(|(_, _, name, id, village, address)| Missing {
                    name,
                    id_number: crate::domain::idnum::mask(&id),
                    village,
                    address,
                })
                .collect();
        }
        // the mappings chosen this time, kept with what the import saves
        for (header, field) in &opts.map {
            if let Some(f) = opts.kind.field_named(field)
                && remembered.get(header).map(String::as_str) != Some(f.header())
            {
                db.remember_mapping(header, f.header(), opts.today)?;
            }
        }
        let bad = outcomes
            .iter()
            .any(|(_, o)| matches!(o, Outcome::Rejected(_)));
        if opts.dry_run || (bad && !opts.skip_bad) {
            return Err(DbError::Invalid(ROLLED_BACK.into()));
        }
        Ok(())
    });
    tuned.restore(db)?;
    match done {
        Ok(()) => report.saved = true,
        Err(DbError::Invalid(m)) if m == ROLLED_BACK => {}
        Err(e) => return Err(e),
    }
    Ok(report)
}

/// Connection settings for the length of one import, none of which touches
/// durability (the commit is as synchronous as any other): a page cache that
/// holds the indexes a large file writes all over, so pages are not evicted
/// to the WAL and read back, and savepoints journalled in memory, not in a
/// temporary file (one savepoint a row and one a command).
struct Tuning {
    cache_size: i64,
    temp_store: i64,
}

/// The number of cached statements a connection keeps (db::prepare).
use crate::db::STATEMENTS_CACHED;

impl Tuning {
    fn set(db: &Db) -> Result<Tuning> {
        let c = db.conn();
        let was = Tuning {
            cache_size: c.pragma_query_value(None, "cache_size", |r| r.get(0))?,
            temp_store: c.pragma_query_value(None, "temp_store", |r| r.get(0))?,
        };
        // 32 MiB (SQLite's default is 2): taken only as the file needs it
        c.pragma_update(None, "cache_size", -32768)?;
        c.pragma_update(None, "temp_store", "MEMORY")?;
        // the commands a row runs, each with its savepoint, all stay prepared
        c.set_prepared_statement_cache_capacity(4 * STATEMENTS_CACHED);
        Ok(was)
    }

    fn restore(self, db: &Db) -> Result<()> {
        let c = db.conn();
        c.pragma_update(None, "cache_size", self.cache_size)?;
        c.pragma_update(None, "temp_store", self.temp_store)?;
        c.set_prepared_statement_cache_capacity(STATEMENTS_CACHED);
        Ok(())
    }
}

/// The state of one import: the file's columns and the places known so far.
pub(super) struct Run<'a> {
    pub(super) opts: &'a Options,
    pub(super) zh: bool,
    pub(super) map: &'a HashMap<Field, usize>,
    pub(super) headers: &'a [String],
    pub(super) township: i64,
    /// The township's rules, read once: the import holds the write lock,
    /// so no one changes them meanwhile.
    pub(super) rules: Rules,
    pub(super) places: PlacesByName,
    /// ID numbers met so far in a residents file, with their line.
    pub(super) seen: HashMap<String, usize>,
    /// Households by (village, address): the first registered there. Read
    /// once, not queried per row, so a large file costs no more per row
    /// than a small one.
    pub(super) households: HashMap<(i64, String), (i64, i64)>,
    /// Households this import created, as keys of `households`.
    pub(super) new_households: Vec<(i64, String)>,
    pub(super) places_created: Vec<String>,
    /// Residents the file names (found or created), and their villages.
    pub(super) residents_seen: HashSet<i64>,
    pub(super) villages_seen: HashSet<i64>,
    /// Residents created: (line, who).
    pub(super) added: Vec<(usize, String)>,
}

impl Run<'_> {
    pub(super) fn line<'r>(&self, row: &'r Row) -> Line<'r>
    where
        Self: 'r,
    {
        Line {
            row,
            map: self.map,
            headers: self.headers,
            issues: Vec::new(),
        }
    }

    pub(super) fn row(&mut self, db: &mut Db, row: &Row) -> Result<Outcome> {
        match self.opts.kind {
            Kind::Households => self.household_row(db, row),
            Kind::Residents => self.resident_row(db, row),
            Kind::Conditions => self.condition_row(db, row),
            Kind::Visits => self.visit_row(db, row),
        }
    }

    pub(super) fn village(
        &mut self,
        db: &mut Db,
        line: &mut Line,
        name: &str,
    ) -> Result<Option<i64>> {
        if let Some(id) = self.places.0.get(name) {
            return Ok(Some(*id));
        }
        if !self.opts.create_places {
            line.bad(Some(Field::Village), Problem::UnknownVillage(name.into()));
            return Ok(None);
        }
        let id = db.add_village(self.township, name)?;
        self.places.0.insert(name.to_string(), id);
        self.places_created.push(name.to_string());
        Ok(Some(id))
    }

    pub(super) fn grid(
        &mut self,
        db: &mut Db,
        line: &mut Line,
        village: (i64, &str),
        name: &str,
    ) -> Result<Option<i64>> {
        if let Some(id) = self.places.1.get(&(village.0, name.to_string())) {
            return Ok(Some(*id));
        }
        if !self.opts.create_places {
            line.bad(
                Some(Field::Grid),
                Problem::UnknownGrid {
                    village: village.1.into(),
                    grid: name.into(),
                },
            );
            return Ok(None);
        }
        let id = db.add_grid(village.0, name)?;
        self.places.1.insert((village.0, name.to_string()), id);
        // named as every list names a grid (issue 28 item 4)
        self.places_created
            .push(crate::domain::places::grid_label(village.1, name));
        Ok(Some(id))
    }

    /// The row's household: by 户编号 when that number is registered (its
    /// address must agree), else by (村, 地址); created when new, in 网格.
    /// Returns (household, whether it was created).
    pub(super) fn household(
        &mut self,
        db: &mut Db,
        line: &mut Line,
        registered: NaiveDate,
    ) -> Result<Option<(i64, bool)>> {
        let address = line.get(Field::Address);
        let number = line.get(Field::HouseholdNo);
        // the provincial household number 户编号, else gridcare's own
        // (issue 28 item 1): two families at one address are two households
        if let Some(n) = number
            && let Some((hid, at)) = db.household_by_number(n)?
        {
            if address.is_some_and(|a| a != at) {
                line.bad(
                    Some(Field::Address),
                    Problem::HouseholdElsewhere {
                        number: n.to_string(),
                        address: at,
                    },
                );
                return Ok(None);
            }
            return Ok(Some((hid, false)));
        }
        let (Some(village), Some(address)) =
            (line.required(Field::Village), line.required(Field::Address))
        else {
            return Ok(None);
        };
        let Some(vid) = self.village(db, line, village)? else {
            return Ok(None);
        };
        let grid = line.get(Field::Grid);
        // a row with a household number of its own is never merged into
        // another household at its address
        let by_address = if number.is_none() {
            self.households.get(&(vid, address.to_string())).copied()
        } else {
            None
        };
        if let Some((hid, gid)) = by_address {
            if let Some(g) = grid
                && self.places.1.get(&(vid, g.to_string())) != Some(&gid)
            {
                line.bad(
                    Some(Field::Grid),
                    Problem::InOtherGrid {
                        address: address.into(),
                        grid: db.grid_name(gid)?,
                    },
                );
                return Ok(None);
            }
            return Ok(Some((hid, false)));
        }
        let Some(grid) = line.required(Field::Grid) else {
            return Ok(None);
        };
        let Some(gid) = self.grid(db, line, (vid, village), grid)? else {
            return Ok(None);
        };
        if !line.issues.is_empty() {
            return Ok(None);
        }
        let hid = db.add_household_keyed(
            &NewHousehold {
                village_id: vid,
                grid_id: gid,
                address: address.into(),
                registered_on: registered,
            },
            number,
            self.opts.today,
        )?;
        self.households
            .entry((vid, address.to_string()))
            .or_insert((hid, gid));
        self.new_households.push((vid, address.to_string()));
        Ok(Some((hid, true)))
    }
}
