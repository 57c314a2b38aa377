//! Registration (issue 11): villages and grids, households, residents and
//! their chronic conditions, and a resident's move to another household.
//! Each is one domain command in one transaction with its audit row, shared
//! by the terminal forms, the command line and the importer, so a rule is
//! checked once. Refusals come from the catalogue in both languages.

use super::{Db, Result, audit, audit_change, row_json};
use crate::domain::idnum;
use crate::domain::model::*;
use crate::domain::refusal::{self, Refusal};
use crate::domain::rules::Rules;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

#[derive(Debug, Clone, PartialEq)]
pub struct NewHousehold {
    pub village_id: i64,
    pub grid_id: i64,
    pub address: String,
    pub registered_on: NaiveDate,
}

/// A provincial key (户编号, 档案编号), in characters.
pub const EXT_NO_MAX: usize = 40;

#[derive(Debug, Clone, PartialEq)]
pub struct NewResident {
    pub household_id: i64,
    pub name: String,
    /// As typed or imported: 15 or 18 characters, a lower-case x allowed.
    pub id_number: String,
    pub phone: Option<String>,
    pub relation: Relation,
    pub lives_alone_no_carer: bool,
    pub disabled: bool,
    pub seriously_ill: bool,
    pub registered_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewCondition {
    pub resident_id: i64,
    pub condition: Condition,
    pub diagnosed_on: NaiveDate,
    pub managed_from: NaiveDate,
}

fn refuse<T>(r: Refusal) -> Result<T> {
    Err(super::DbError::Refused(r))
}

/// A checked ID number, or why not (domain.md §9).
pub fn check_id(input: &str, today: NaiveDate) -> std::result::Result<idnum::IdNumber, Refusal> {
    idnum::parse(input, today).map_err(|e| Refusal::BadId {
        input: crate::text::cap(input.trim(), 60),
        error: e,
    })
}

/// The grid exists and belongs to the village (the household's composite key).
fn grid_in_village(tx: &rusqlite::Connection, village: i64, grid: i64) -> Result<()> {
    let grid_village: Option<i64> = tx
        .prepare_cached("SELECT village_id FROM grid WHERE id = ?1")?
        .query_row([grid], |r| r.get(0))
        .optional()?;
    match grid_village {
        None => refuse(Refusal::UnknownGrid(grid.to_string())),
        Some(v) if v != village => refuse(Refusal::GridNotInVillage),
        _ => Ok(()),
    }
}

/// No other place of `table` under the same parent has this name.
/// A new township, village or grid under its parent, its name free there,
/// with its audit row (`add_township`, `add_village`, `add_grid`).
fn insert_place(
    tx: &rusqlite::Connection,
    operator: &str,
    table: &str,
    parent: &str,
    parent_id: i64,
    name: &str,
) -> Result<i64> {
    name_free(tx, table, parent, parent_id, name)?;
    tx.execute(
        &format!("INSERT INTO {table} ({parent}, name) VALUES (?1, ?2)"),
        params![parent_id, name],
    )?;
    let id = tx.last_insert_rowid();
    audit(tx, operator, &format!("add_{table}"), table, id, name)?;
    Ok(id)
}

fn name_free(
    tx: &rusqlite::Connection,
    table: &str,
    parent: &str,
    parent_id: i64,
    name: &str,
) -> Result<()> {
    let taken = tx
        .query_row(
            &format!("SELECT 1 FROM {table} WHERE {parent} = ?1 AND name = ?2"),
            params![parent_id, name],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if taken {
        return refuse(Refusal::PlaceExists(name.to_string()));
    }
    Ok(())
}

fn place_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        return refuse(Refusal::EmptyPlaceName);
    }
    if name.chars().count() > 30 {
        return refuse(Refusal::PlaceNameTooLong(name.chars().count()));
    }
    Ok(name)
}

impl Db {
    /// The registered resident a typed ID number names: (id, name). Refused
    /// with the number's own problem, or when nobody holds it. The CLI's
    /// `--resident` and the volunteer form both find people this way.
    pub fn resident_by_id_number(&self, typed: &str, today: NaiveDate) -> Result<(i64, String)> {
        let number = check_id(typed, today).map_err(super::DbError::Refused)?;
        match self.id_holder(&number.number)? {
            Some((id, name, _)) => Ok((id, name)),
            None => Err(super::DbError::Refused(Refusal::IdNotRegistered(
                number.number,
            ))),
        }
    }

    /// Who holds an ID number already: (resident id, name, address).
    pub fn id_holder(&self, number: &str) -> Result<Option<(i64, String, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT r.id, r.name, h.address FROM resident r JOIN household h ON h.id = r.household_id
                 WHERE r.id_number = ?1",
            )?
            .query_row([number], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?)
    }

    /// Adds a township (and its county, when new): the first thing a new
    /// database needs.
    pub fn add_township(&mut self, county: &str, township: &str) -> Result<i64> {
        self.guarded(|db| {
            let (county, township) = (place_name(county)?, place_name(township)?);
            let tx = db.begin()?;
            tx.execute(
                "INSERT INTO county (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
                [county],
            )?;
            let county_id: i64 =
                tx.query_row("SELECT id FROM county WHERE name = ?1", [county], |r| {
                    r.get(0)
                })?;
            let id = insert_place(
                &tx,
                &db.operator,
                "township",
                "county_id",
                county_id,
                township,
            )?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Adds a village to a township; names are unique within the township.
    pub fn add_village(&mut self, township_id: i64, name: &str) -> Result<i64> {
        self.guarded(|db| {
            let name = place_name(name)?;
            let tx = db.begin()?;
            let id = insert_place(
                &tx,
                &db.operator,
                "village",
                "township_id",
                township_id,
                name,
            )?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Adds a grid to a village; names are unique within the village.
    pub fn add_grid(&mut self, village_id: i64, name: &str) -> Result<i64> {
        self.guarded(|db| {
            let name = place_name(name)?;
            let tx = db.begin()?;
            if tx
                .query_row("SELECT 1 FROM village WHERE id = ?1", [village_id], |_| {
                    Ok(())
                })
                .optional()?
                .is_none()
            {
                return refuse(Refusal::UnknownVillage(village_id.to_string()));
            }
            let id = insert_place(&tx, &db.operator, "grid", "village_id", village_id, name)?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Renames a village (`grid: false`) or a grid.
    pub fn rename_place(&mut self, grid: bool, id: i64, name: &str) -> Result<()> {
        self.guarded(|db| {
            let name = place_name(name)?;
            let (table, sibling) = if grid {
                ("grid", "village_id")
            } else {
                ("village", "township_id")
            };
            let tx = db.begin()?;
            let before = row_json(&tx, table, id)?;
            let clash: Option<i64> = tx
                .query_row(
                    &format!(
                        "SELECT o.id FROM {table} o JOIN {table} me ON me.{sibling} = o.{sibling}
                         WHERE me.id = ?1 AND o.name = ?2 AND o.id <> ?1"
                    ),
                    params![id, name],
                    |r| r.get(0),
                )
                .optional()?;
            if clash.is_some() {
                return refuse(Refusal::PlaceExists(name.to_string()));
            }
            if tx.execute(
                &format!("UPDATE {table} SET name = ?1 WHERE id = ?2"),
                params![name, id],
            )? == 0
            {
                return refuse(if grid {
                    Refusal::UnknownGrid(id.to_string())
                } else {
                    Refusal::UnknownVillage(id.to_string())
                });
            }
            audit_change(&tx, &db.operator, "rename", table, id, name, before)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Registers a household at an address in a grid of its village.
    pub fn add_household(&mut self, h: &NewHousehold, today: NaiveDate) -> Result<i64> {
        self.add_household_keyed(h, None, today)
    }

    /// `add_household` with the provincial household number 户编号 the
    /// register gives it (issue 28 item 1), kept as its match key; a number
    /// another household holds is refused naming its address.
    pub fn add_household_keyed(
        &mut self,
        h: &NewHousehold,
        ext_no: Option<&str>,
        today: NaiveDate,
    ) -> Result<i64> {
        let ext_no = ext_no.map(str::trim).filter(|n| !n.is_empty());
        self.guarded(|db| {
            let address = h.address.trim();
            if address.is_empty() {
                return refuse(Refusal::EmptyAddress);
            }
            crate::domain::refusal::check_text("address", address, false)?;
            if h.registered_on > today {
                return refuse(Refusal::DateInFuture {
                    date: h.registered_on,
                    today,
                });
            }
            if let Some(n) = ext_no
                && n.chars().count() > EXT_NO_MAX
            {
                return refuse(Refusal::ExtNoTooLong {
                    number: n.to_string(),
                    max: EXT_NO_MAX,
                });
            }
            let tx = db.begin()?;
            grid_in_village(&tx, h.village_id, h.grid_id)?;
            if let Some(n) = ext_no
                && let Some((_, at)) = db.household_by_ext_no(n)?
            {
                return refuse(Refusal::ExtNoHeld {
                    number: n.to_string(),
                    address: at,
                });
            }
            tx.prepare_cached(
                "INSERT INTO household (village_id, grid_id, address, registered_on, ext_no)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                h.village_id,
                h.grid_id,
                address,
                h.registered_on,
                ext_no
            ])?;
            let id = tx.last_insert_rowid();
            audit_change(
                &tx,
                &db.operator,
                "add_household",
                "household",
                id,
                address,
                None,
            )?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Edits a household's address and place (its village and grid) in one
    /// transaction; a grid of another village is refused.
    pub fn edit_household(
        &mut self,
        id: i64,
        village_id: i64,
        grid_id: i64,
        address: &str,
    ) -> Result<()> {
        self.guarded(|db| {
            let address = address.trim();
            if address.is_empty() {
                return refuse(Refusal::EmptyAddress);
            }
            crate::domain::refusal::check_text("address", address, false)?;
            let tx = db.begin()?;
            db.check_unchanged()?;
            grid_in_village(&tx, village_id, grid_id)?;
            let before = row_json(&tx, "household", id)?;
            if tx.execute(
                "UPDATE household SET address = ?1, village_id = ?2, grid_id = ?3 WHERE id = ?4",
                params![address, village_id, grid_id, id],
            )? == 0
            {
                return refuse(Refusal::NoHousehold(id));
            }
            audit_change(
                &tx,
                &db.operator,
                "update_household",
                "household",
                id,
                address,
                before,
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Registers a resident in a household. The ID number gives the birth
    /// date and sex (§9); a number held by someone else is refused naming them.
    pub fn add_resident(&mut self, r: &NewResident, today: NaiveDate) -> Result<i64> {
        self.guarded(|db| {
            let rules = db.rules()?;
            db.register_resident(r, today, &rules)
        })
    }

    /// `add_resident` under rules the caller read already: the importer
    /// reads them once inside its transaction, where no one can change them.
    pub(crate) fn add_resident_under(
        &mut self,
        rules: &Rules,
        r: &NewResident,
        today: NaiveDate,
    ) -> Result<i64> {
        self.guarded(|db| db.register_resident(r, today, rules))
    }

    /// `add_resident`'s checks and write, inside the caller's guard.
    fn register_resident(&self, r: &NewResident, today: NaiveDate, rules: &Rules) -> Result<i64> {
        let name = r.name.trim();
        refusal::check_name(name, rules.name_max_chars)?;
        let id = check_id(&r.id_number, today)?;
        let phone = r.phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
        if let Some(p) = phone {
            refusal::check_phone(p)?;
        }
        if r.registered_on > today {
            return refuse(Refusal::DateInFuture {
                date: r.registered_on,
                today,
            });
        }
        let tx = self.begin()?;
        if let Some((_, holder, address)) = self.id_holder(&id.number)? {
            return refuse(Refusal::DuplicateId {
                number: id.number,
                name: holder,
                address,
            });
        }
        if self.household_registered(r.household_id)?.is_none() {
            return refuse(Refusal::NoHousehold(r.household_id));
        }
        tx.prepare_cached(
            "INSERT INTO resident (household_id, name, id_number, sex, birth_date, phone, relation,
                    lives_alone_no_carer, disabled, seriously_ill, registered_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            r.household_id,
            name,
            id.number,
            id.sex.code(),
            id.birth_date,
            phone,
            r.relation.code(),
            r.lives_alone_no_carer,
            r.disabled,
            r.seriously_ill,
            r.registered_on.max(id.birth_date),
        ])?;
        let rid = tx.last_insert_rowid();
        audit_change(
            &tx,
            &self.operator,
            "add_resident",
            "resident",
            rid,
            name,
            None,
        )?;
        tx.commit()?;
        Ok(rid)
    }

    fn household_registered(&self, id: i64) -> Result<Option<NaiveDate>> {
        Ok(self
            .conn
            .prepare_cached("SELECT registered_on FROM household WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// Records a diagnosis: the resident comes under chronic-disease
    /// management from `managed_from` (§3). One record per condition.
    pub fn add_condition(&mut self, c: &NewCondition, today: NaiveDate) -> Result<i64> {
        self.add_condition_as(c, today, false)
    }

    /// A condition a register flags (高血压 是) without a diagnosis date
    /// (issue 28 item 3): the date is unknown; management starts on the
    /// file's 纳入管理日期 when it has one, else on the day of entry, and
    /// that date stands in for the diagnosis. Either way its obligations
    /// are in grace from the day of entry (domain.md §6).
    pub fn add_condition_undated(
        &mut self,
        resident_id: i64,
        condition: Condition,
        managed_from: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<i64> {
        let from = managed_from.unwrap_or(today);
        let c = NewCondition {
            resident_id,
            condition,
            diagnosed_on: from,
            managed_from: from,
        };
        self.add_condition_as(&c, today, true)
    }

    fn add_condition_as(
        &mut self,
        c: &NewCondition,
        today: NaiveDate,
        undated: bool,
    ) -> Result<i64> {
        self.guarded(|db| {
            let Some(r) = db.resident(c.resident_id)? else {
                return refuse(Refusal::NoResident(c.resident_id));
            };
            for d in [c.diagnosed_on, c.managed_from] {
                if d > today {
                    return refuse(Refusal::DateInFuture { date: d, today });
                }
                if d < r.birth_date {
                    return refuse(Refusal::BeforeBorn {
                        date: d,
                        name: r.name.clone(),
                        born: r.birth_date,
                    });
                }
            }
            if c.managed_from < c.diagnosed_on {
                return refuse(Refusal::ManagedBeforeDiagnosed {
                    managed: c.managed_from,
                    diagnosed: c.diagnosed_on,
                });
            }
            let tx = db.begin()?;
            db.check_unchanged()?;
            if tx
                .query_row(
                    "SELECT 1 FROM chronic_condition WHERE resident_id = ?1 AND condition = ?2",
                    params![c.resident_id, c.condition.code()],
                    |_| Ok(()),
                )
                .optional()?
                .is_some()
            {
                return refuse(Refusal::ConditionExists {
                    name: r.name,
                    condition: c.condition.code().to_string(),
                });
            }
            tx.execute(
                // entered today (§6: grace from the day of entry)
                "INSERT INTO chronic_condition (resident_id, condition, diagnosed_on, managed_from, entered_on, diagnosis_unknown)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    c.resident_id,
                    c.condition.code(),
                    c.diagnosed_on,
                    c.managed_from,
                    today,
                    undated
                ],
            )?;
            let id = tx.last_insert_rowid();
            let detail = format!(
                "{} {} {}{}",
                c.condition.code(),
                c.diagnosed_on,
                c.managed_from,
                if undated { " diagnosis-unknown" } else { "" }
            );
            audit(
                &tx,
                &db.operator,
                "add_condition",
                "resident",
                c.resident_id,
                &detail,
            )?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Ends the management of one condition (lost to follow-up, refused,
    /// transferred …) from `date`, with its reason (§3); the record stays.
    pub fn end_condition(
        &mut self,
        resident: i64,
        condition: Condition,
        reason: EndReason,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<()> {
        self.guarded(|db| {
            if date > today {
                return refuse(Refusal::DateInFuture { date, today });
            }
            let tx = db.begin()?;
            db.check_unchanged()?;
            let Some(r) = db.resident(resident)? else {
                return refuse(Refusal::NoResident(resident));
            };
            let row: Option<(i64, NaiveDate, Option<NaiveDate>)> = tx
                .query_row(
                    "SELECT id, managed_from, managed_until FROM chronic_condition
                     WHERE resident_id = ?1 AND condition = ?2",
                    params![resident, condition.code()],
                    |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)),
                )
                .optional()?;
            let Some((id, from, until)) = row else {
                return refuse(Refusal::NoCondition {
                    name: r.name,
                    condition: condition.code().to_string(),
                });
            };
            if let Some(u) = until {
                return refuse(Refusal::AlreadyEnded {
                    name: r.name,
                    status: condition.code().to_string(),
                    on: u.to_string(),
                });
            }
            if date < from {
                return refuse(Refusal::EndBeforeRegistered {
                    date,
                    name: r.name,
                    registered: from,
                });
            }
            tx.execute(
                "UPDATE chronic_condition SET managed_until = ?1, end_reason = ?2 WHERE id = ?3",
                params![date, reason.code(), id],
            )?;
            let detail = format!("end {} {date} {}", condition.code(), reason.code());
            audit(
                &tx,
                &db.operator,
                "end_condition",
                "resident",
                resident,
                &detail,
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Moves a resident to another household (marriage, a child setting up
    /// home) from `date`, with their new relation to its head. Visits stay
    /// with the person; the move is kept in `resident_move`.
    pub fn move_resident(
        &mut self,
        id: i64,
        to_household: i64,
        relation: Relation,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<()> {
        self.guarded(|db| {
            if date > today {
                return refuse(Refusal::DateInFuture { date, today });
            }
            let tx = db.begin()?;
            db.check_unchanged()?;
            let Some(r) = db.resident(id)? else {
                return refuse(Refusal::NoResident(id));
            };
            if !r.status.is_active() {
                return refuse(Refusal::NotActive {
                    status: r.status.to_string(),
                    name: r.name,
                });
            }
            let from: i64 = tx.query_row(
                "SELECT household_id FROM resident WHERE id = ?1",
                [id],
                |x| x.get(0),
            )?;
            if from == to_household {
                return refuse(Refusal::SameHousehold);
            }
            let Some(registered) = db.household_registered(to_household)? else {
                return refuse(Refusal::NoHousehold(to_household));
            };
            if date < registered || date < r.birth_date {
                return refuse(Refusal::BeforeRegistered {
                    date,
                    registered: registered.max(r.birth_date),
                });
            }
            let before = row_json(&tx, "resident", id)?;
            tx.execute(
                "INSERT INTO resident_move (resident_id, from_household, to_household, moved_on, relation_before, operator)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, from, to_household, date, r.relation.code(), db.operator],
            )?;
            tx.execute(
                "UPDATE resident SET household_id = ?1, relation = ?2 WHERE id = ?3",
                params![to_household, relation.code(), id],
            )?;
            let detail = format!("{from} -> {to_household} {date}");
            audit_change(&tx, &db.operator, "move_resident", "resident", id, &detail, before)?;
            // the household left behind changed too (its tier, its members)
            audit(&tx, &db.operator, "member_left", "household", from, &detail)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// A resident's moves between households, oldest first: (date, from, to).
    pub fn moves_of(&self, id: i64) -> Result<Vec<(NaiveDate, i64, i64)>> {
        let mut st = self.conn.prepare(
            "SELECT moved_on, from_household, to_household FROM resident_move
             WHERE resident_id = ?1 ORDER BY moved_on, id",
        )?;
        let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
