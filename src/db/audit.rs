//! Reading the audit log (issue 15, domain.md §10): who changed what, when,
//! and which values, for a resident, a household or an operator.

use super::{Db, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

/// Which entries to show; `None` lets everything through.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub resident: Option<i64>,
    pub household: Option<i64>,
    pub operator: Option<String>,
    pub since: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    /// Whom the record is about: the resident's name (of a visit, referral or
    /// contract too) or the household's address; none for other records.
    pub subject: Option<String>,
    pub detail: Option<String>,
    /// (field, before, after) for every field that changed; a new record
    /// lists its fields with an empty before.
    pub changes: Vec<(String, String, String)>,
}

/// The actions that make a record: their entries list the new record's values.
pub const CREATES: &[&str] = &[
    "record_visit",
    "add_resident",
    "add_household",
    "send_referral",
    "sign_contract",
    "add_staff",
    "assign_grid",
    "add_team",
    "add_volunteer",
    "create_group",
    "add_township",
    "add_village",
    "add_grid",
    "add_operator",
];

/// Actions whose entries list what they did as values, not as changes
/// (a hand move of the plan: the task and the reason; a grid's planned
/// tasks handed over: the grid, the new worker, how many).
pub const LISTS_VALUES: &[&str] = &["plan_move_in", "plan_move_out", "hand_over_plan"];

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The fields that differ between two row objects.
fn changes(before: Option<&str>, after: Option<&str>) -> Vec<(String, String, String)> {
    let parse = |s: Option<&str>| -> serde_json::Map<String, serde_json::Value> {
        s.and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    };
    let (b, a) = (parse(before), parse(after));
    let null = serde_json::Value::Null;
    a.iter()
        .filter(|(k, v)| b.get(*k).unwrap_or(&null) != *v && !(before.is_none() && v.is_null()))
        .map(|(k, v)| (k.clone(), show(b.get(k).unwrap_or(&null)), show(v)))
        .collect()
}

impl Db {
    /// Audit entries, oldest first.
    pub fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut st = self.conn.prepare(
            "SELECT a.id, a.at, a.operator, a.action, a.entity, a.entity_id, a.detail, a.before, a.after,
                    CASE a.entity
                      WHEN 'resident' THEN (SELECT name FROM resident WHERE id = a.entity_id)
                      WHEN 'visit' THEN (SELECT coalesce(r.name, h.address) FROM visit v
                           LEFT JOIN resident r ON r.id = v.resident_id
                           LEFT JOIN household h ON h.id = v.household_id WHERE v.id = a.entity_id)
                      WHEN 'referral' THEN (SELECT r.name FROM referral f JOIN resident r ON r.id = f.resident_id WHERE f.id = a.entity_id)
                      WHEN 'contract' THEN (SELECT r.name FROM contract c JOIN resident r ON r.id = c.resident_id WHERE c.id = a.entity_id)
                      WHEN 'household' THEN (SELECT address FROM household WHERE id = a.entity_id)
                      WHEN 'staff' THEN (SELECT name FROM staff WHERE id = a.entity_id)
                      WHEN 'grid_assignment' THEN (SELECT grid_label(v.name, g.name) || ' · ' || s.name FROM grid_assignment x
                           JOIN grid g ON g.id = x.grid_id JOIN village v ON v.id = g.village_id
                           JOIN staff s ON s.id = x.staff_id WHERE x.id = a.entity_id)
                      WHEN 'doctor_team' THEN (SELECT name FROM doctor_team WHERE id = a.entity_id)
                      WHEN 'team_member' THEN (SELECT name FROM doctor_team WHERE id = a.entity_id)
                      WHEN 'volunteer' THEN (SELECT r.name FROM volunteer v JOIN resident r ON r.id = v.resident_id WHERE v.id = a.entity_id)
                      WHEN 'volunteer_group' THEN (SELECT name FROM volunteer_group WHERE id = a.entity_id)
                      WHEN 'operator' THEN (SELECT name FROM operator WHERE id = a.entity_id)
                      WHEN 'township' THEN (SELECT name FROM township WHERE id = a.entity_id)
                      WHEN 'village' THEN (SELECT name FROM village WHERE id = a.entity_id)
                      WHEN 'grid' THEN (SELECT grid_label(v.name, g.name) FROM grid g JOIN village v ON v.id = g.village_id WHERE g.id = a.entity_id)
                      -- whose plan and which ISO week: the year and week of the week's Thursday
                      WHEN 'plan_week' THEN (SELECT coalesce(
                             CASE p.worker_role WHEN 'team' THEN (SELECT name FROM doctor_team WHERE id = p.worker_id)
                                  ELSE (SELECT name FROM staff WHERE id = p.worker_id) END, '')
                           || ' ' || strftime('%Y', p.week, '+3 days') || '-W'
                           || printf('%02d', (CAST(strftime('%j', p.week, '+3 days') AS INTEGER) + 6) / 7)
                           FROM plan_week p WHERE p.id = a.entity_id)
                    END
             FROM audit_log a
             WHERE (?1 IS NULL OR (a.entity = 'resident' AND a.entity_id = ?1)
                    OR (a.entity = 'visit' AND a.entity_id IN (SELECT id FROM visit WHERE resident_id = ?1))
                    OR (a.entity = 'referral' AND a.entity_id IN (SELECT id FROM referral WHERE resident_id = ?1))
                    OR (a.entity = 'contract' AND a.entity_id IN (SELECT id FROM contract WHERE resident_id = ?1)))
               AND (?2 IS NULL OR (a.entity = 'household' AND a.entity_id = ?2)
                    OR (a.entity = 'resident' AND a.entity_id IN (SELECT id FROM resident WHERE household_id = ?2))
                    OR (a.entity = 'visit' AND a.entity_id IN (
                          SELECT id FROM visit WHERE household_id = ?2
                          UNION ALL SELECT v.id FROM visit v JOIN resident r ON r.id = v.resident_id WHERE r.household_id = ?2))
                    OR (a.entity = 'referral' AND a.entity_id IN (
                          SELECT f.id FROM referral f JOIN resident r ON r.id = f.resident_id WHERE r.household_id = ?2))
                    OR (a.entity = 'contract' AND a.entity_id IN (
                          SELECT c.id FROM contract c JOIN resident r ON r.id = c.resident_id WHERE r.household_id = ?2)))
               AND (?3 IS NULL OR a.operator = ?3)
               AND (?4 IS NULL OR a.at >= ?4)
             ORDER BY a.id",
        )?;
        let rows = st.query_map(
            rusqlite::params![
                f.resident,
                f.household,
                f.operator,
                f.since.map(|d| d.to_string())
            ],
            |r| {
                let (before, after): (Option<String>, Option<String>) = (r.get(7)?, r.get(8)?);
                let action: String = r.get(3)?;
                let listed = before.is_some() || CREATES.contains(&action.as_str());
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    operator: r.get(2)?,
                    action,
                    entity: r.get(4)?,
                    entity_id: r.get(5)?,
                    subject: r.get(9)?,
                    detail: r.get(6)?,
                    // A write that keeps no "before" lists no fields (a
                    // condition added, a group changed: the resident's own
                    // row did not change); only a record made lists its values.
                    changes: if listed {
                        changes(before.as_deref(), after.as_deref())
                    } else {
                        Vec::new()
                    },
                })
            },
        )?;
        let mut out: Vec<AuditEntry> = rows.collect::<rusqlite::Result<_>>()?;
        // one name by id, each statement compiled once for the whole log
        let one = |sql: &str, id: &str| -> Result<String> {
            Ok(self
                .conn
                .prepare_cached(sql)?
                .query_row([id], |r| r.get(0))
                .optional()?
                .unwrap_or_default())
        };
        for e in &mut out {
            // a hand move of the weekly plan ("household:h64: 户主外出打工"):
            // which household (or resident), and why
            if matches!(e.action.as_str(), "plan_move_in" | "plan_move_out")
                && let Some((key, reason)) = e.detail.as_deref().and_then(|d| d.split_once(": "))
            {
                let subject = key.split(':').nth(1).unwrap_or("");
                let place = match (subject.strip_prefix('h'), subject.strip_prefix('r')) {
                    (Some(id), _) => one("SELECT address FROM household WHERE id = ?1", id)?,
                    (_, Some(id)) => one("SELECT name FROM resident WHERE id = ?1", id)?,
                    _ => String::new(),
                };
                e.changes = [("task", place), ("move_reason", reason.to_string())]
                    .into_iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.to_string(), String::new(), v))
                    .collect();
            }
            // a grid's planned tasks handed over ("2026-W47: grid 1 7 tasks from
            // grid_worker:5 to grid_worker:9"): the grid, the new worker, how many
            if e.action == "hand_over_plan"
                && let Some(rest) = e.detail.as_deref().and_then(|d| d.split_once(": grid "))
            {
                let words: Vec<&str> = rest.1.split_whitespace().collect();
                if let [grid, n, "tasks", "from", _, "to", to, ..] = words.as_slice() {
                    let staff = to.rsplit(':').next().unwrap_or("");
                    e.changes = [
                        (
                            "grid",
                            one(
                                "SELECT grid_label(v.name, g.name) FROM grid g JOIN village v ON v.id = g.village_id WHERE g.id = ?1",
                                grid,
                            )?,
                        ),
                        ("handed_to", one("SELECT name FROM staff WHERE id = ?1", staff)?),
                        ("task_count", n.to_string()),
                    ]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), String::new(), v))
                    .collect();
                }
            }
            // a move between volunteer groups ("group 3 -> 5") as the groups' names
            if e.action == "group_move"
                && let Some((from, to)) = e
                    .detail
                    .as_deref()
                    .and_then(|d| d.strip_prefix("group "))
                    .and_then(|d| d.split_once(" -> "))
            {
                let name = |g: &str| {
                    one(
                        "SELECT name FROM volunteer_group WHERE id = ?1",
                        g.split_whitespace().next().unwrap_or(""),
                    )
                };
                e.changes = vec![("volunteer_group".into(), name(from)?, name(to)?)];
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::changes;

    /// §10: what the audit shows of a change: the fields that differ.
    #[test]
    fn changes_table() {
        let cases: &[(Option<&str>, Option<&str>, &[(&str, &str, &str)])] = &[
            (
                Some(r#"{"phone":"139","name":"孙婆婆"}"#),
                Some(r#"{"phone":"138","name":"孙婆婆"}"#),
                &[("phone", "139", "138")],
            ),
            (
                Some(r#"{"phone":null}"#),
                Some(r#"{"phone":"138"}"#),
                &[("phone", "", "138")],
            ),
            (
                None,
                Some(r#"{"sbp":150,"dbp":null}"#),
                &[("sbp", "", "150")],
            ),
            (Some(r#"{"a":1}"#), Some(r#"{"a":1}"#), &[]),
            (None, None, &[]),
        ];
        for (b, a, want) in cases {
            let got = changes(*b, *a);
            let want: Vec<(String, String, String)> = want
                .iter()
                .map(|(k, x, y)| (k.to_string(), x.to_string(), y.to_string()))
                .collect();
            assert_eq!(got, want, "{b:?} -> {a:?}");
        }
    }
}

/// One audit entry as it is written and hashed (issue 24 item 8).
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    pub at: String,
    pub operator: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub row_digest: Option<String>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash of an entry: SHA-256 of the previous entry's hash and of every
/// field of this one (its number too), each field marked absent or given
/// with its length, so no two entries can hash alike by moving text
/// between fields.
fn entry_hash(prev: &str, id: i64, e: &Entry) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let mut field = |v: Option<&str>| match v {
        None => h.update([0u8]),
        Some(s) => {
            h.update([1u8]);
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
    };
    field(Some(prev));
    field(Some(&id.to_string()));
    field(Some(&e.at));
    field(Some(&e.operator));
    field(Some(&e.action));
    field(Some(&e.entity));
    field(e.entity_id.map(|i| i.to_string()).as_deref());
    field(e.detail.as_deref());
    field(e.before.as_deref());
    field(e.after.as_deref());
    field(e.row_digest.as_deref());
    hex(&h.finalize())
}

/// The last entry's number and hash ("" before the first entry).
fn last(conn: &Connection) -> rusqlite::Result<(i64, String)> {
    Ok(conn
        .prepare_cached("SELECT id, coalesce(hash, '') FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, String::new())))
}

/// Appends an entry to the chain, inside the caller's transaction.
pub(crate) fn append(conn: &Connection, e: &Entry) -> Result<()> {
    let (prev_id, prev) = last(conn)?;
    let id = prev_id + 1;
    let hash = entry_hash(&prev, id, e);
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, operator, action, entity, entity_id, detail, before, after, row_digest, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(rusqlite::params![
        id,
        e.at,
        e.operator,
        e.action,
        e.entity,
        e.entity_id,
        e.detail,
        e.before,
        e.after,
        e.row_digest,
        hash
    ])?;
    Ok(())
}

/// A digest of an operator's row as a change leaves it: everything that
/// decides who may sign in and what they reach (name, role, person,
/// village, PIN hash, end), not the counters a sign-in moves. Other
/// records have none.
pub(crate) fn row_digest(conn: &Connection, entity: &str, id: i64) -> Result<Option<String>> {
    use sha2::{Digest, Sha256};
    if entity != "operator" {
        return Ok(None);
    }
    let mut st = conn.prepare_cached("SELECT * FROM operator WHERE id = ?1")?;
    let names: Vec<String> = st.column_names().iter().map(|n| n.to_string()).collect();
    Ok(st
        .query_row([id], |r| {
            let mut h = Sha256::new();
            for (i, n) in names.iter().enumerate() {
                if matches!(n.as_str(), "failed_attempts" | "locked_until") {
                    continue;
                }
                let v: rusqlite::types::Value = r.get(i)?;
                h.update(format!("{n}={v:?}\u{1f}").as_bytes());
            }
            Ok(hex(&h.finalize()))
        })
        .optional()?)
}

fn read_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Entry, Option<String>)> {
    Ok((
        r.get(0)?,
        Entry {
            at: r.get(1)?,
            operator: r.get(2)?,
            action: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            detail: r.get(6)?,
            before: r.get(7)?,
            after: r.get(8)?,
            row_digest: r.get(9)?,
        },
        r.get(10)?,
    ))
}

const ENTRIES: &str =
    "SELECT id, at, operator, action, entity, entity_id, detail, before, after, row_digest, hash
                       FROM audit_log ORDER BY id";

/// Migration 18's hook: chains the entries written before the log was
/// chained (see `rechain`).
pub(crate) fn chain_existing(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    rechain(tx).map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
}

/// Chains every entry of the log anew, recording each operator's row as it
/// is now on their latest entry: for the entries written before the log was
/// chained (migration 18), and for the demo's generated log, whose entries
/// are dated the demo's day once it is made. Never for a log in use.
pub(crate) fn rechain(tx: &Connection) -> Result<()> {
    let entries: Vec<(i64, Entry, Option<String>)> = tx
        .prepare(ENTRIES)?
        .query_map([], read_entry)?
        .collect::<rusqlite::Result<_>>()?;
    let latest: std::collections::HashMap<i64, i64> = tx
        .prepare(
            "SELECT max(id), entity_id FROM audit_log WHERE entity = 'operator' AND entity_id IS NOT NULL GROUP BY entity_id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut prev = String::new();
    let mut set = tx.prepare("UPDATE audit_log SET row_digest = ?2, hash = ?3 WHERE id = ?1")?;
    for (id, mut e, _) in entries {
        if let Some(op) = latest.get(&id) {
            e.row_digest = row_digest(tx, "operator", *op)?;
        }
        let hash = entry_hash(&prev, id, &e);
        set.execute(rusqlite::params![id, e.row_digest, hash])?;
        prev = hash;
    }
    Ok(())
}

impl Db {
    /// Where the audit log's chain breaks (issue 24 item 8): the first
    /// entry whose hash is not that of its content and the entry before,
    /// and each operator whose row differs from what their latest entry
    /// recorded (a PIN hash or a role changed outside gridcare).
    pub fn audit_chain_breaks(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut st = self.conn.prepare(ENTRIES)?;
        let mut rows = st.query([])?;
        let mut prev = String::new();
        while let Some(r) = rows.next()? {
            let (id, e, stored) = read_entry(r)?;
            let hash = entry_hash(&prev, id, &e);
            if stored.as_deref() != Some(hash.as_str()) {
                out.push(format!(
                    "entry #{id} ({} {} {}) does not match its hash: it, or an entry before it, was changed, added or removed outside gridcare; compare with a backup (`gridcare check --against BACKUP`) to see since when",
                    e.at, e.action, e.entity
                ));
                break;
            }
            prev = hash;
        }
        let ops: Vec<(i64, String, Option<String>)> = self
            .conn
            .prepare(
                "SELECT o.id, o.name, (SELECT a.row_digest FROM audit_log a
                     WHERE a.entity = 'operator' AND a.entity_id = o.id ORDER BY a.id DESC LIMIT 1)
                 FROM operator o
                 -- a name the log was written under, who cannot sign in, needs no record
                 WHERE o.pin_hash IS NOT NULL OR EXISTS (
                     SELECT 1 FROM audit_log a WHERE a.entity = 'operator' AND a.entity_id = o.id)
                 ORDER BY o.id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, name, recorded) in ops {
            let now = row_digest(&self.conn, "operator", id)?;
            if recorded.is_none() || recorded != now {
                out.push(format!(
                    "operator {name}: their row (role, place, PIN) is not what the audit log last recorded; it was changed outside gridcare — give them a new PIN with `gridcare operator reset {name}` after checking their role with `gridcare operator list`"
                ));
            }
        }
        Ok(out)
    }

    /// The chain's head: the last entry's number and hash.
    pub fn audit_head(&self) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, coalesce(hash, '') FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Whether the log still holds the entry `id` with `hash`, as a backup
    /// recorded it: `None` when it does, else why not.
    pub fn audit_holds(&self, id: i64, hash: &str) -> Result<Option<String>> {
        let found: Option<Option<String>> = self
            .conn
            .query_row("SELECT hash FROM audit_log WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(match found {
            Some(Some(h)) if h == hash => None,
            Some(_) => Some(format!(
                "entry #{id} is not the one the backup recorded: the audit log was rewritten after the backup"
            )),
            None => Some(format!(
                "entry #{id}, the backup's last, is gone: the audit log was cut after the backup"
            )),
        })
    }
}
