//! What the importer and exporter read (issue 11): places by name, a
//! household by address or number, a resident's registered facts, and the
//! registers as rows of text for export. Writes go through the domain
//! commands in register.rs and write.rs.

use super::{Db, Result, audit};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// A resident as registered, for comparing with an imported row.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisteredResident {
    pub id: i64,
    pub household_id: i64,
    pub name: String,
    pub id_number: String,
    pub address: String,
    pub phone: Option<String>,
    pub lives_alone_no_carer: bool,
    pub disabled: bool,
    pub seriously_ill: bool,
    pub care_plan: Option<String>,
    /// The provincial health-record number 档案编号, when kept (issue 28).
    pub record_no: Option<String>,
}

/// Villages by name, and grids by (village, name).
pub type PlacesByName = (HashMap<String, i64>, HashMap<(i64, String), i64>);

/// The registers gridcare exports, one SELECT each, in the columns of
/// `import::Kind::columns()`; values are codes (M, head, clinic …).
pub const EXPORT_SQL: [(&str, &str); 4] = [
    (
        "households",
        "SELECT coalesce(h.ext_no, h.id), v.name, g.name, h.address,
            (SELECT r.name FROM resident r WHERE r.household_id = h.id AND r.status = 'active'
             ORDER BY r.relation <> 'head', r.id LIMIT 1), h.registered_on
         FROM household h JOIN village v ON v.id = h.village_id JOIN grid g ON g.id = h.grid_id
         WHERE v.township_id = ?1 AND (?2 IS NULL OR v.id = ?2) ORDER BY h.id",
    ),
    (
        "residents",
        "SELECT coalesce(h.ext_no, h.id), v.name, g.name, h.address, r.name, r.id_number, r.sex, r.birth_date, r.phone,
            r.relation, r.lives_alone_no_carer, r.disabled, r.seriously_ill, r.registered_on, r.record_no
         FROM resident r JOIN household h ON h.id = r.household_id
         JOIN village v ON v.id = h.village_id JOIN grid g ON g.id = h.grid_id
         WHERE r.status = 'active' AND v.township_id = ?1 AND (?2 IS NULL OR v.id = ?2) ORDER BY r.id",
    ),
    (
        "conditions",
        "SELECT r.id_number, r.name, c.condition,
            CASE WHEN c.diagnosis_unknown THEN NULL ELSE c.diagnosed_on END, c.managed_from
         FROM chronic_condition c JOIN resident r ON r.id = c.resident_id
         JOIN household h ON h.id = r.household_id JOIN village v ON v.id = h.village_id
         WHERE c.managed_until IS NULL AND v.township_id = ?1 AND (?2 IS NULL OR v.id = ?2) ORDER BY c.id",
    ),
    (
        "visits",
        "SELECT r.id_number, r.name, x.visit_date, x.kind, x.mode,
            (SELECT group_concat(s.condition || ':' || s.code, ',') FROM visit_symptom s WHERE s.visit_id = x.id),
            f.symptoms_other, x.sbp, x.dbp, x.weight_kg, f.weight_target_kg, x.height_cm, x.heart_rate,
            f.other_signs, f.foot_pulse || coalesce('/' || f.foot_pulse_side, ''),
            f.cigarettes, f.cigarettes_target, f.alcohol_liang, f.alcohol_target, f.exercise_times,
            f.exercise_times_target, f.exercise_minutes, f.exercise_minutes_target, x.salt, f.salt_target,
            f.staple_g, f.staple_target, f.psychology, f.compliance, x.fpg, f.hba1c, f.hba1c_on,
            f.other_tests, x.adherence, x.adverse_reaction, f.adverse_what, f.hypoglycaemia, x.complication,
            -- the regimen in force after a clinical follow-up (the only visit
            -- that records one), a drug per line of the cell
            CASE WHEN x.kind IN ('followup', 'recheck', 'referral_followup') THEN
            (SELECT group_concat(m.drug || '|' || m.times_a_day || '|' || m.amount || '|' || m.unit
                    || '|' || coalesce(m.insulin_kind, ''), char(10))
             FROM (SELECT * FROM medication m WHERE m.resident_id = x.resident_id
                     AND m.from_date <= x.visit_date AND (m.until_date IS NULL OR m.until_date > x.visit_date)
                   ORDER BY m.from_date, m.id) m) END,
            f.referral_facility, f.referral_department, x.next_visit_on, x.visited_by, x.notes
         FROM visit x JOIN resident r ON r.id = x.resident_id
         LEFT JOIN followup_record f ON f.visit_id = x.id
         JOIN household h ON h.id = r.household_id JOIN village v ON v.id = h.village_id
         WHERE x.outcome = 'completed' AND x.undone_on IS NULL AND x.kind <> 'household'
           AND v.township_id = ?1 AND (?2 IS NULL OR v.id = ?2) ORDER BY x.visit_date, x.id",
    ),
];

impl Db {
    /// The township an import or export works on: `key` (name or number),
    /// else the first one. With `create` and no township at all, one named
    /// `key` (or 本乡镇) is created in a county 本县, with its audit row.
    pub fn import_township(&mut self, key: Option<&str>, create: bool) -> Result<Option<i64>> {
        if let Some(k) = key
            && let Ok(id) = self.find_township(k)
        {
            return Ok(Some(id));
        }
        let first: Option<i64> = self
            .conn
            .query_row("SELECT min(id) FROM township", [], |r| r.get(0))?;
        match (first, key) {
            (Some(_), Some(k)) => self.find_township(k).map(Some),
            (Some(id), None) => Ok(Some(id)),
            (None, _) if !create => Ok(None),
            (None, k) => self.guarded(|db| {
                let name = k.unwrap_or("本乡镇").trim().to_string();
                let tx = db.begin()?;
                tx.execute("INSERT OR IGNORE INTO county (name) VALUES ('本县')", [])?;
                tx.execute(
                    "INSERT INTO township (county_id, name) SELECT id, ?1 FROM county WHERE name = '本县'",
                    [&name],
                )?;
                let id = tx.last_insert_rowid();
                audit(&tx, &db.operator, "add_township", "township", id, &name)?;
                tx.commit()?;
                Ok(Some(id))
            }),
        }
    }

    /// Villages of a township by name, and grids by (village, name).
    pub fn places_by_name(&self, township: i64) -> Result<PlacesByName> {
        let mut st = self
            .conn
            .prepare("SELECT id, name FROM village WHERE township_id = ?1")?;
        let villages = st
            .query_map([township], |r| Ok((r.get::<_, String>(1)?, r.get(0)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn.prepare(
            "SELECT g.id, g.village_id, g.name FROM grid g JOIN village v ON v.id = g.village_id
             WHERE v.township_id = ?1",
        )?;
        let grids = st
            .query_map([township], |r| Ok(((r.get(1)?, r.get(2)?), r.get(0)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((villages, grids))
    }

    /// The township's households by (village, address): (id, grid id) of
    /// the first registered at each address.
    pub fn households_by_address(
        &self,
        township: i64,
    ) -> Result<HashMap<(i64, String), (i64, i64)>> {
        let mut st = self.conn.prepare(
            "SELECT h.village_id, h.address, h.id, h.grid_id FROM household h
             JOIN village v ON v.id = h.village_id WHERE v.township_id = ?1 ORDER BY h.id DESC",
        )?;
        // newest first, so the first registered at an address is inserted last
        let rows = st.query_map([township], |r| {
            Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The household holding a provincial household number: (id, address).
    pub fn household_by_ext_no(&self, ext_no: &str) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, address FROM household WHERE ext_no = ?1")?
            .query_row([ext_no.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The resident holding a provincial health-record number: (id, name,
    /// ID number).
    pub fn resident_by_record_no(&self, no: &str) -> Result<Option<(i64, String, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, name, id_number FROM resident WHERE record_no = ?1")?
            .query_row([no.trim()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?)
    }

    /// Keeps a resident's provincial health-record number 档案编号 (issue
    /// 28 item 1), audited; a number another resident holds is refused.
    pub fn set_record_no(&mut self, id: i64, no: &str) -> Result<()> {
        let no = no.trim();
        self.guarded(|db| {
            if no.is_empty() || no.chars().count() > super::register::EXT_NO_MAX {
                return Err(crate::domain::refusal::Refusal::ExtNoTooLong {
                    number: no.to_string(),
                    max: super::register::EXT_NO_MAX,
                }
                .into());
            }
            let tx = db.begin()?;
            if let Some((other, name, _)) = db.resident_by_record_no(no)?
                && other != id
            {
                return Err(crate::domain::refusal::Refusal::RecordNoHeld {
                    number: no.to_string(),
                    name,
                }
                .into());
            }
            let before = super::row_json(&tx, "resident", id)?;
            tx.execute(
                "UPDATE resident SET record_no = ?2 WHERE id = ?1",
                params![id, no],
            )?;
            super::audit_change(
                &tx,
                &db.operator,
                "edit_resident",
                "resident",
                id,
                no,
                before,
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The household a file's 户编号 names: the one holding it as its
    /// provincial number, else the one with that gridcare number and no
    /// provincial number of its own; (id, address).
    pub fn household_by_number(&self, number: &str) -> Result<Option<(i64, String)>> {
        if let Some(h) = self.household_by_ext_no(number)? {
            return Ok(Some(h));
        }
        let Ok(id) = number.trim().parse::<i64>() else {
            return Ok(None);
        };
        Ok(self
            .conn
            .prepare_cached("SELECT id, address FROM household WHERE id = ?1 AND ext_no IS NULL")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    pub fn grid_name(&self, id: i64) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT name FROM grid WHERE id = ?1", [id], |r| r.get(0))?)
    }

    /// The resident holding an 18-character ID number, as registered.
    pub fn registered_resident(&self, number: &str) -> Result<Option<RegisteredResident>> {
        self.registered_by("r.id_number = ?1", number)
    }

    /// The resident holding a provincial health-record number 档案编号: the
    /// import's first key for residents (issue 28 item 1).
    pub fn registered_by_record_no(&self, no: &str) -> Result<Option<RegisteredResident>> {
        self.registered_by("r.record_no = ?1", no.trim())
    }

    fn registered_by(&self, key: &str, value: &str) -> Result<Option<RegisteredResident>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT r.id, r.household_id, r.name, h.address, r.phone, r.lives_alone_no_carer,
                    r.disabled, r.seriously_ill, r.care_plan, r.record_no, r.id_number
                 FROM resident r JOIN household h ON h.id = r.household_id WHERE {key}"
            ))?
            .query_row([value], |r| {
                Ok(RegisteredResident {
                    id: r.get(0)?,
                    household_id: r.get(1)?,
                    name: r.get(2)?,
                    address: r.get(3)?,
                    phone: r.get(4)?,
                    lives_alone_no_carer: r.get(5)?,
                    disabled: r.get(6)?,
                    seriously_ill: r.get(7)?,
                    care_plan: r.get(8)?,
                    record_no: r.get(9)?,
                    id_number: r.get(10)?,
                })
            })
            .optional()?)
    }

    /// A registered condition's (diagnosed, managed from).
    pub fn condition_dates(
        &self,
        resident: i64,
        condition: &str,
    ) -> Result<Option<(NaiveDate, NaiveDate)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT diagnosed_on, managed_from FROM chronic_condition WHERE resident_id = ?1 AND condition = ?2",
            )?
            .query_row(params![resident, condition], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Whether a completed visit of this kind is recorded for the resident on that day.
    pub fn visit_recorded(&self, resident: i64, date: NaiveDate, kind: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM visit WHERE resident_id = ?1 AND visit_date = ?2 AND kind = ?3
                 AND outcome = 'completed' AND undone_on IS NULL",
            )?
            .query_row(params![resident, date, kind], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// One register as rows of text (`EXPORT_SQL`), NULL as None.
    pub fn export_rows(
        &self,
        which: &str,
        township: i64,
        village: Option<i64>,
    ) -> Result<Vec<Vec<Option<String>>>> {
        let sql = EXPORT_SQL
            .iter()
            .find(|(w, _)| *w == which)
            .map_or("SELECT 1 WHERE 0", |(_, s)| s);
        // only the signed-in operator's village or grids (issue 15 item 2)
        // (before the query's own, last ORDER BY: a subquery may have one)
        let at = sql.rfind(" ORDER BY").unwrap_or(sql.len());
        let sql = format!(
            "{} AND {}{}",
            &sql[..at],
            super::operators::IN_REACH,
            &sql[at..]
        );
        let mut st = self.conn.prepare(&sql)?;
        let n = st.column_count();
        let rows = st.query_map(params![township, village], |r| {
            (0..n)
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => None,
                        rusqlite::types::ValueRef::Integer(x) => Some(x.to_string()),
                        rusqlite::types::ValueRef::Real(x) => Some(crate::import::number_text(x)),
                        rusqlite::types::ValueRef::Text(t) => {
                            Some(String::from_utf8_lossy(t).into_owned())
                        }
                        rusqlite::types::ValueRef::Blob(_) => None,
                    })
                })
                .collect()
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The column names the coordinator mapped to a field, by the file's
    /// header (issue 28 item 3): header → the field's own header.
    pub fn import_mappings(&self) -> Result<HashMap<String, String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT header, field FROM import_mapping")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remembers that a file's column `header` holds `field` (the field's
    /// own header, checked by the caller), for this and every later import;
    /// audited. A header mapped before is mapped anew.
    pub fn remember_mapping(&mut self, header: &str, field: &str, today: NaiveDate) -> Result<()> {
        let header = header.trim();
        self.guarded(|db| {
            crate::domain::refusal::check_text("header", header, false)?;
            let tx = db.begin()?;
            tx.execute(
                "INSERT INTO import_mapping (header, field, chosen_on, chosen_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (header) DO UPDATE SET field = excluded.field,
                     chosen_on = excluded.chosen_on, chosen_by = excluded.chosen_by",
                params![header, field, today, db.operator],
            )?;
            audit(
                &tx,
                &db.operator,
                "map_column",
                "import_mapping",
                0,
                &format!("{header}={field}"),
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The township's active residents: (id, village id, name, ID number,
    /// village, address), for the residents an import's file leaves out.
    pub fn active_residents(
        &self,
        township: i64,
    ) -> Result<Vec<(i64, i64, String, String, String, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT r.id, h.village_id, r.name, r.id_number, v.name, h.address
             FROM resident r JOIN household h ON h.id = r.household_id JOIN village v ON v.id = h.village_id
             WHERE v.township_id = ?1 AND r.status = 'active' ORDER BY v.name, h.address, r.id",
        )?;
        let rows = st.query_map([township], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The village a household is in.
    pub fn household_village(&self, household: i64) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT village_id FROM household WHERE id = ?1")?
            .query_row([household], |r| r.get(0))?)
    }
}
