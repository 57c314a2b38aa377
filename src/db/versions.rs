//! Seeing other sessions' saves (issue 15): SQLite's data_version tells a
//! session that another connection committed; a household's last audit row
//! tells a write that its household changed since the form was opened.

use super::{Db, DbError, Result};
use rusqlite::OptionalExtension;

impl Db {
    /// Changes whenever another connection commits (not for our own writes).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// The household's last change: the newest audit row of the household,
    /// its members or their visits (every write leaves one, domain.md §10).
    pub fn household_stamp(&self, household: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT max(id) FROM audit_log WHERE
                   (entity = 'household' AND entity_id = ?1)
                   OR (entity = 'resident' AND entity_id IN (SELECT id FROM resident WHERE household_id = ?1))
                   OR (entity = 'visit' AND entity_id IN (
                         SELECT id FROM visit WHERE household_id = ?1
                         UNION ALL
                         SELECT v.id FROM visit v JOIN resident r ON r.id = v.resident_id WHERE r.household_id = ?1))",
                [household],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// The next write goes ahead only if the household's last change is still
    /// `stamp` (checked inside its transaction); `None` lifts the condition.
    pub fn expect_unchanged(&self, guard: Option<(i64, Option<i64>)>) {
        self.expect.set(guard);
    }

    /// Called by every write inside its transaction, before it writes.
    pub(crate) fn check_unchanged(&self) -> Result<()> {
        if let Some((household, stamp)) = self.expect.get()
            && self.household_stamp(household)? != stamp
        {
            return Err(DbError::Changed);
        }
        Ok(())
    }
}

/// What other sessions changed since an audit row: the households touched,
/// or `None` when something else changed (settings, rosters) and the whole
/// scope must be read again.
pub struct Changes {
    pub last_audit: i64,
    pub households: Option<Vec<i64>>,
}

impl Db {
    /// The newest audit row.
    pub fn last_audit(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                r.get(0)
            })?)
    }

    /// The households whose records changed after audit row `since`.
    pub fn changes_since(&self, since: i64) -> Result<Changes> {
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.entity,
                    CASE a.entity
                      WHEN 'household' THEN a.entity_id
                      WHEN 'resident' THEN (SELECT household_id FROM resident WHERE id = a.entity_id)
                      WHEN 'visit' THEN (SELECT coalesce(v.household_id, r.household_id) FROM visit v
                                         LEFT JOIN resident r ON r.id = v.resident_id WHERE v.id = a.entity_id)
                    END
             FROM audit_log a WHERE a.id > ?1 ORDER BY a.id",
        )?;
        let rows = st.query_map([since], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })?;
        let mut last = since;
        let mut households = Some(Vec::new());
        for row in rows {
            let (id, _, household) = row?;
            last = last.max(id);
            match (household, households.as_mut()) {
                (Some(h), Some(list)) if !list.contains(&h) => list.push(h),
                (Some(_), _) => {}
                (None, _) => households = None,
            }
        }
        Ok(Changes {
            last_audit: last,
            households,
        })
    }
}
