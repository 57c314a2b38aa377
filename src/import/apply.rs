//! Applying a file: each row is checked cell by cell, then written through
//! the domain commands (the ones the forms use) inside one transaction, each
//! row in its own savepoint. A bad row is reported with its line, column and
//! reason; unless `skip_bad`, one bad row means nothing is saved.

use super::columns::{Field, Kind, map_headers};
use super::read::{Row, Table};
use super::text::{Issue, Problem};
use super::values::{self, *};
use crate::db::{
    Db, DbError, NewCondition, NewHousehold, NewResident, NewVisit, ResidentEdit, Result, check_id,
};
use crate::domain::followup::{self, Findings, Vitals};
use crate::domain::idnum::IdNumber;
use crate::domain::model::*;
use crate::domain::refusal::{self, Refusal};
use chrono::NaiveDate;
use std::collections::HashMap;

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

/// Imports a read table. `progress` is told how many rows are done.
pub fn import(
    db: &mut Db,
    table: &Table,
    opts: &Options,
    zh: bool,
    progress: &mut dyn FnMut(usize),
) -> Result<Report> {
    let (map, unknown) = map_headers(opts.kind, &table.headers);
    let mut report = Report {
        kind: opts.kind,
        outcomes: Vec::new(),
        file_issues: Vec::new(),
        unknown_columns: unknown,
        households_created: 0,
        places_created: Vec::new(),
        saved: false,
    };
    for f in opts.kind.required() {
        if !map.contains_key(f) {
            report.file_issues.push(Issue {
                line: table.header_line,
                column: None,
                problem: Problem::MissingColumn(f.header()),
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
            problem: Problem::MissingColumn(Field::Condition.header()),
        });
    }
    if !report.file_issues.is_empty() {
        return Ok(report);
    }
    let outcomes = &mut report.outcomes;
    let (households, places) = (&mut report.households_created, &mut report.places_created);
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
            name_max_chars: db.rules()?.name_max_chars,
            places: db.places_by_name(township)?,
            seen: HashMap::new(),
            households_created: 0,
            places_created: Vec::new(),
        };
        for (i, row) in table.rows.iter().enumerate() {
            let before = (run.households_created, run.places_created.len());
            db.conn().execute_batch("SAVEPOINT import_row")?;
            let outcome = match run.row(db, row) {
                Ok(o) => o,
                Err(DbError::Refused(r)) => Outcome::Rejected(vec![Issue {
                    line: row.line,
                    column: None,
                    problem: Problem::Refused(r),
                }]),
                Err(e) => return Err(e),
            };
            if let Outcome::Rejected(_) = outcome {
                db.conn()
                    .execute_batch("ROLLBACK TO import_row; RELEASE import_row")?;
                run.households_created = before.0;
                run.places_created.truncate(before.1);
                run.places = db.places_by_name(township)?;
            } else {
                db.conn().execute_batch("RELEASE import_row")?;
            }
            outcomes.push((row.clone(), outcome));
            progress(i + 1);
        }
        *households = run.households_created;
        *places = run.places_created;
        let bad = outcomes
            .iter()
            .any(|(_, o)| matches!(o, Outcome::Rejected(_)));
        if opts.dry_run || (bad && !opts.skip_bad) {
            return Err(DbError::Invalid(ROLLED_BACK.into()));
        }
        Ok(())
    });
    match done {
        Ok(()) => report.saved = true,
        Err(DbError::Invalid(m)) if m == ROLLED_BACK => {}
        Err(e) => return Err(e),
    }
    Ok(report)
}

/// The state of one import: the file's columns and the places known so far.
struct Run<'a> {
    opts: &'a Options,
    zh: bool,
    map: &'a HashMap<Field, usize>,
    headers: &'a [String],
    township: i64,
    /// The name_max_chars setting, read once.
    name_max_chars: usize,
    places: (HashMap<String, i64>, HashMap<(i64, String), i64>),
    /// ID numbers met so far in a residents file, with their line.
    seen: HashMap<String, usize>,
    households_created: usize,
    places_created: Vec<String>,
}

/// One row's cells and the problems found in them.
struct Line<'a> {
    row: &'a Row,
    map: &'a HashMap<Field, usize>,
    headers: &'a [String],
    issues: Vec<Issue>,
}

impl<'a> Line<'a> {
    fn get(&self, f: Field) -> Option<&'a str> {
        let i = *self.map.get(&f)?;
        let row: &'a Row = self.row;
        row.cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty())
    }
    fn bad(&mut self, f: Option<Field>, problem: Problem) {
        let column = f.map(|f| {
            self.map
                .get(&f)
                .and_then(|i| self.headers.get(*i))
                .map_or(f.header().to_string(), |h| h.trim().to_string())
        });
        self.issues.push(Issue {
            line: self.row.line,
            column,
            problem,
        });
    }
    fn required(&mut self, f: Field) -> Option<&'a str> {
        let v = self.get(f);
        if v.is_none() {
            self.bad(Some(f), Problem::Empty);
        }
        v
    }
    fn date(&mut self, f: Field, zh: bool) -> Option<NaiveDate> {
        let s = self.get(f)?;
        parse_date(s, zh)
            .map_err(|m| self.bad(Some(f), Problem::BadDate(m)))
            .ok()
    }
    fn number<T: std::str::FromStr>(&mut self, f: Field) -> Option<T> {
        let s = self.get(f)?;
        let t = s.strip_suffix(".0").unwrap_or(s);
        t.parse()
            .map_err(|_| self.bad(Some(f), Problem::BadNumber(s.to_string())))
            .ok()
    }
    fn word<T: Copy + PartialEq>(
        &mut self,
        f: Field,
        table: &[(&str, T)],
        code: impl Fn(T) -> &'static str,
    ) -> Option<T> {
        let s = self.get(f)?;
        let v = values::word(table, code, s);
        if v.is_none() {
            self.bad(
                Some(f),
                Problem::NotOneOf {
                    value: s.to_string(),
                    words: words(table),
                },
            );
        }
        v
    }
    fn yes(&mut self, f: Field) -> bool {
        let s = self.get(f).unwrap_or("");
        yes_no(s).unwrap_or_else(|| {
            self.bad(
                Some(f),
                Problem::NotOneOf {
                    value: s.to_string(),
                    words: "是/否".into(),
                },
            );
            false
        })
    }
    /// The ID number, checked (§9).
    fn id_number(&mut self, today: NaiveDate) -> Option<IdNumber> {
        let raw = self.required(Field::IdNumber)?;
        check_id(raw, today)
            .map_err(|r| self.bad(Some(Field::IdNumber), Problem::Refused(r)))
            .ok()
    }
    /// Reports a cell that the ID number contradicts, when `wrong` is Some.
    fn disagrees<T>(&mut self, f: Field, wrong: Option<T>, from_id: impl FnOnce() -> String) {
        if wrong.is_some() {
            let typed = self.get(f).unwrap_or("").to_string();
            let from_id = from_id();
            self.bad(Some(f), Problem::DisagreesWithId { typed, from_id });
        }
    }
    fn rejected(&mut self) -> Option<Outcome> {
        (!self.issues.is_empty()).then(|| Outcome::Rejected(std::mem::take(&mut self.issues)))
    }
}

/// `field: before → after` for the list of changes.
fn change(f: Field, before: &str, after: &str) -> String {
    let show = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    format!("{}: {} → {}", f.header(), show(before), show(after))
}

impl Run<'_> {
    fn line<'r>(&self, row: &'r Row) -> Line<'r>
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

    fn row(&mut self, db: &mut Db, row: &Row) -> Result<Outcome> {
        match self.opts.kind {
            Kind::Households => self.household_row(db, row),
            Kind::Residents => self.resident_row(db, row),
            Kind::Conditions => self.condition_row(db, row),
            Kind::Visits => self.visit_row(db, row),
        }
    }

    fn village(&mut self, db: &mut Db, line: &mut Line, name: &str) -> Result<Option<i64>> {
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

    fn grid(
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
        self.places_created.push(format!("{}{}", village.1, name));
        Ok(Some(id))
    }

    /// The row's household: by 户编号 when that number is registered (its
    /// address must agree), else by (村, 地址); created when new, in 网格.
    /// Returns (household, whether it was created).
    fn household(
        &mut self,
        db: &mut Db,
        line: &mut Line,
        registered: NaiveDate,
    ) -> Result<Option<(i64, bool)>> {
        let address = line.get(Field::Address);
        if let Some(n) = line
            .get(Field::HouseholdNo)
            .and_then(|n| n.parse::<i64>().ok())
            && let Some((_, _, at)) = db.household_place(n)?
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
            return Ok(Some((n, false)));
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
        if let Some((hid, gid)) = db.household_at(vid, address)? {
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
        let hid = db.add_household(
            &NewHousehold {
                village_id: vid,
                grid_id: gid,
                address: address.into(),
                registered_on: registered,
            },
            self.opts.today,
        )?;
        self.households_created += 1;
        Ok(Some((hid, true)))
    }

    fn household_row(&mut self, db: &mut Db, row: &Row) -> Result<Outcome> {
        let mut line = self.line(row);
        let registered = line
            .date(Field::Registered, self.zh)
            .unwrap_or(self.opts.today);
        let found = self.household(db, &mut line, registered)?;
        if let Some(o) = line.rejected() {
            return Ok(o);
        }
        Ok(match found {
            Some((_, true)) => Outcome::Created,
            _ => Outcome::Unchanged,
        })
    }

    fn resident_row(&mut self, db: &mut Db, row: &Row) -> Result<Outcome> {
        let today = self.opts.today;
        let mut line = self.line(row);
        let name = line.required(Field::Name).unwrap_or("");
        let id = line.id_number(today);
        if let Some(id) = &id {
            // a typed sex or birth date must be the one the number gives (§9)
            let sex = line.word(Field::Sex, SEXES, Sex::code);
            line.disagrees(Field::Sex, sex.filter(|s| *s != id.sex), || {
                name_of(SEXES, id.sex).into()
            });
            let born = line.date(Field::BirthDate, self.zh);
            line.disagrees(
                Field::BirthDate,
                born.filter(|b| *b != id.birth_date),
                || id.birth_date.to_string(),
            );
            match self.seen.get(&id.number) {
                Some(first) => line.bad(Some(Field::IdNumber), Problem::RepeatedInFile(*first)),
                None => {
                    self.seen.insert(id.number.clone(), row.line);
                }
            }
        }
        let phone = line.get(Field::Phone);
        if let Some(p) = phone
            && let Err(r) = refusal::check_phone(p)
        {
            line.bad(Some(Field::Phone), Problem::Refused(r));
        }
        if !name.is_empty()
            && let Err(r) = refusal::check_name(name, self.name_max_chars)
        {
            line.bad(Some(Field::Name), Problem::Refused(r));
        }
        let head = line.get(Field::HeadName).is_some_and(|h| h == name);
        let relation = line
            .word(Field::Relation, RELATIONS, Relation::code)
            .unwrap_or(if head {
                Relation::Head
            } else {
                Relation::Other
            });
        let flags = [
            line.yes(Field::LivesAlone),
            line.yes(Field::Disabled),
            line.yes(Field::SeriouslyIll),
        ];
        let registered = line.date(Field::Registered, self.zh).unwrap_or(today);
        let Some(id) = id else {
            return Ok(line.rejected().expect("a bad ID number is an issue"));
        };
        let existing = db.registered_resident(&id.number)?;
        let held_by_other = |e: &crate::db::RegisteredResident| Problem::HeldByOther {
            number: id.number.clone(),
            name: e.name.clone(),
            address: e.address.clone(),
        };
        if let Some(e) = &existing
            && e.name != name
        {
            line.bad(Some(Field::IdNumber), held_by_other(e));
        }
        if !line.issues.is_empty() {
            return Ok(line.rejected().expect("issues"));
        }
        let household = self.household(db, &mut line, registered)?;
        let Some((household, _)) = household else {
            return Ok(line.rejected().unwrap_or(Outcome::Unchanged));
        };
        let Some(e) = existing else {
            db.add_resident(
                &NewResident {
                    household_id: household,
                    name: name.into(),
                    id_number: id.number,
                    phone: phone.map(str::to_string),
                    relation,
                    lives_alone_no_carer: flags[0],
                    disabled: flags[1],
                    seriously_ill: flags[2],
                    registered_on: registered,
                },
                today,
            )?;
            return Ok(Outcome::Created);
        };
        if e.household_id != household {
            line.bad(Some(Field::Address), held_by_other(&e));
            return Ok(line.rejected().expect("issues"));
        }
        let yn = |b: bool| if b { "是" } else { "否" };
        let mut changes = Vec::new();
        // an empty cell erases nothing: the file may simply not know the phone
        if phone.is_some() && e.phone.as_deref() != phone {
            changes.push(change(
                Field::Phone,
                e.phone.as_deref().unwrap_or(""),
                phone.unwrap_or(""),
            ));
        }
        let was = [e.lives_alone_no_carer, e.disabled, e.seriously_ill];
        for ((f, before), after) in [Field::LivesAlone, Field::Disabled, Field::SeriouslyIll]
            .into_iter()
            .zip(was)
            .zip(flags)
        {
            // a flag column left out of the file changes nothing
            if before != after && self.map.contains_key(&f) {
                changes.push(change(f, yn(before), yn(after)));
            }
        }
        if changes.is_empty() {
            return Ok(Outcome::Unchanged);
        }
        let keep = |f: Field, before: bool, after: bool| {
            if self.map.contains_key(&f) {
                after
            } else {
                before
            }
        };
        db.update_resident(
            e.id,
            &ResidentEdit {
                name: e.name.clone(),
                phone: phone.map(str::to_string).or(e.phone.clone()),
                lives_alone_no_carer: keep(Field::LivesAlone, was[0], flags[0]),
                disabled: keep(Field::Disabled, was[1], flags[1]),
                seriously_ill: keep(Field::SeriouslyIll, was[2], flags[2]),
                care_plan: e.care_plan.clone(),
            },
            today,
        )?;
        Ok(Outcome::Updated(changes))
    }

    /// The registered resident a condition or visit row names by ID number;
    /// a name given must be theirs.
    fn patient(&self, db: &Db, line: &mut Line) -> Result<Option<i64>> {
        let Some(id) = line.id_number(self.opts.today) else {
            return Ok(None);
        };
        let Some(r) = db.registered_resident(&id.number)? else {
            line.bad(Some(Field::IdNumber), Problem::NoSuchResident(id.number));
            return Ok(None);
        };
        if let Some(n) = line.get(Field::Name)
            && n != r.name
        {
            line.bad(
                Some(Field::Name),
                Problem::HeldByOther {
                    number: id.number,
                    name: r.name,
                    address: r.address,
                },
            );
            return Ok(None);
        }
        Ok(Some(r.id))
    }

    fn condition_row(&mut self, db: &mut Db, row: &Row) -> Result<Outcome> {
        let mut line = self.line(row);
        let resident = self.patient(db, &mut line)?;
        let mut conditions: Vec<Condition> = line
            .word(Field::Condition, CONDITIONS, Condition::code)
            .into_iter()
            .collect();
        for (f, c) in [
            (Field::Hypertension, Condition::Hypertension),
            (Field::Diabetes, Condition::Diabetes),
        ] {
            if line.yes(f) && !conditions.contains(&c) {
                conditions.push(c);
            }
        }
        if conditions.is_empty() && line.issues.is_empty() {
            line.bad(Some(Field::Condition), Problem::NoCondition);
        }
        let diagnosed = line
            .required(Field::DiagnosedOn)
            .and(line.date(Field::DiagnosedOn, self.zh));
        let managed = line.date(Field::ManagedFrom, self.zh).or(diagnosed);
        let (Some(resident), Some(diagnosed), Some(managed)) = (resident, diagnosed, managed)
        else {
            return Ok(line.rejected().unwrap_or(Outcome::Unchanged));
        };
        let mut created = false;
        for c in conditions {
            match db.condition_dates(resident, c.code())? {
                Some((d, m)) if (d, m) == (diagnosed, managed) => {}
                Some((d, m)) => line.bad(
                    Some(Field::DiagnosedOn),
                    Problem::ConditionDiffers {
                        condition: name_of(CONDITIONS, c).into(),
                        diagnosed: d.to_string(),
                        managed: m.to_string(),
                    },
                ),
                None => {
                    db.add_condition(
                        &NewCondition {
                            resident_id: resident,
                            condition: c,
                            diagnosed_on: diagnosed,
                            managed_from: managed,
                        },
                        self.opts.today,
                    )?;
                    created = true;
                }
            }
        }
        Ok(line.rejected().unwrap_or(if created {
            Outcome::Created
        } else {
            Outcome::Unchanged
        }))
    }

    fn visit_row(&mut self, db: &mut Db, row: &Row) -> Result<Outcome> {
        let zh = self.zh;
        let mut line = self.line(row);
        let resident = self.patient(db, &mut line)?;
        let date = line
            .required(Field::VisitDate)
            .and(line.date(Field::VisitDate, zh));
        let kind = line
            .word(Field::VisitKind, KINDS, VisitKind::code)
            .unwrap_or(VisitKind::Followup);
        let mode = line
            .word(Field::Mode, MODES, VisitMode::code)
            .unwrap_or(VisitMode::Clinic);
        let vitals = Vitals {
            sbp: line.number(Field::Sbp),
            dbp: line.number(Field::Dbp),
            heart_rate: line.number(Field::HeartRate),
            fpg: line.number(Field::Fpg),
            weight_kg: line.number(Field::Weight),
            height_cm: line.number(Field::Height),
        };
        // §3's plausible ranges, each against its own column
        if let Err(errs) = followup::validate(&vitals) {
            for e in errs {
                let f = match e.field {
                    "sbp" => Field::Sbp,
                    "dbp" => Field::Dbp,
                    "heart_rate" => Field::HeartRate,
                    "fpg" => Field::Fpg,
                    "weight_kg" | "weight" => Field::Weight,
                    _ => Field::Height,
                };
                line.bad(
                    Some(f),
                    Problem::Refused(Refusal::Vitals(vec![(e.field, e.problem)])),
                );
            }
        }
        let adherence = line.word(Field::Adherence, ADHERENCE, Adherence::code);
        let complication = line
            .word(Field::Complication, COMPLICATIONS, Complication::code)
            .filter(|c| *c != Complication::None);
        let adverse = line.yes(Field::Adverse);
        let next = line.date(Field::NextVisit, zh);
        let (Some(resident), Some(date)) = (resident, date) else {
            return Ok(line.rejected().unwrap_or(Outcome::Unchanged));
        };
        if let Some(o) = line.rejected() {
            return Ok(o);
        }
        if db.visit_recorded(resident, date, kind.code())? {
            return Ok(Outcome::Unchanged);
        }
        let mut v = NewVisit::completed(kind, Subject::Resident(resident), mode, date);
        v.findings = Findings {
            vitals,
            adverse_reaction: adverse,
            complication,
            ..Findings::default()
        };
        v.adherence = adherence;
        v.next_visit_on = next;
        v.visited_by = line.get(Field::VisitedBy).map(str::to_string);
        v.notes = line.get(Field::Notes).map(str::to_string);
        db.record_visit(&v, self.opts.today)?;
        Ok(Outcome::Created)
    }
}
