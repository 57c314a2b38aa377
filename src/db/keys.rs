//! OpenSSH keys bound to operators (issue 31 item 1, migration 024): each
//! write one transaction with its audit row; what `gridcare ssh-keys` gives
//! sshd; and the session a key opens (`--ssh-operator`).

use super::{Db, DbError, Result, Session, audit};
use crate::domain::access::Role;
use crate::domain::refusal::Refusal;
use crate::domain::sshkey::{Closed, PublicKey, SshMode, shell_quote};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

/// One bound key as `gridcare operator key list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KeyRow {
    pub operator: String,
    pub kind: String,
    pub fingerprint: String,
    pub comment: String,
    pub added_on: String,
}

/// An operator who can open the door: has a PIN, has not ended, is not
/// locked out (the SQL over `operator o`).
const DOOR_OPEN: &str = "o.pin_hash IS NOT NULL AND o.ended_on IS NULL
     AND coalesce(o.locked_until <= datetime('now'), 1)";

impl Db {
    /// The auth.ssh setting (`SshMode`); a value it cannot read is named.
    pub fn ssh_mode(&self) -> Result<SshMode> {
        let s = self.settings()?;
        let v = s.get("auth.ssh").map_or("key", String::as_str);
        SshMode::from_setting(v).ok_or_else(|| {
            DbError::Invalid(format!(
                "setting auth.ssh is {v:?}; it is one of key, key+pin, off"
            ))
        })
    }

    /// `gridcare operator key add`: binds `key` to operator `name`, who
    /// signs in and has not ended; a key bound already (to anyone) is
    /// refused. Gives the key's fingerprint.
    pub fn add_operator_key(
        &mut self,
        name: &str,
        key: &PublicKey,
        today: NaiveDate,
    ) -> Result<String> {
        let name = name.trim();
        let (id, ended, has_pin): (i64, Option<String>, bool) = self
            .conn
            .query_row(
                "SELECT id, ended_on, pin_hash IS NOT NULL FROM operator WHERE name = ?1",
                [name],
                super::tuple,
            )
            .optional()?
            .ok_or_else(|| Refusal::NoOperator(name.to_string()))?;
        if !has_pin {
            return Err(Refusal::NoOperator(name.to_string()).into());
        }
        if ended.is_some() {
            return Err(Refusal::OperatorEnded(name.to_string()).into());
        }
        shell_quote(name).map_err(|_| Refusal::NameNotForSsh(name.to_string()))?;
        let fingerprint = key.fingerprint();
        self.guarded(|db| {
            let tx = db.begin()?;
            let owner: Option<String> = tx
                .query_row(
                    "SELECT o.name FROM operator_key k JOIN operator o ON o.id = k.operator_id
                     WHERE k.fingerprint = ?1",
                    [&fingerprint],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(owner) = owner {
                return Err(Refusal::KeyTaken { owner }.into());
            }
            tx.execute(
                "INSERT INTO operator_key (operator_id, kind, body, fingerprint, comment, added_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, key.kind, key.body, fingerprint, key.comment, today],
            )?;
            audit(
                &tx,
                &db.operator,
                "add_key",
                "operator",
                id,
                &format!("{name} {fingerprint}"),
            )?;
            tx.commit()
        })?;
        Ok(fingerprint)
    }

    /// `gridcare operator key remove`: the key (by fingerprint, with or
    /// without `SHA256:`) no longer opens anything.
    pub fn remove_operator_key(&mut self, name: &str, fingerprint: &str) -> Result<()> {
        let name = name.trim();
        let fp = fingerprint.trim();
        let fp = if fp.starts_with("SHA256:") {
            fp.to_string()
        } else {
            format!("SHA256:{fp}")
        };
        self.guarded(|db| {
            let tx = db.begin()?;
            let found: Option<(i64, i64)> = tx
                .query_row(
                    "SELECT k.id, o.id FROM operator_key k JOIN operator o ON o.id = k.operator_id
                     WHERE o.name = ?1 AND k.fingerprint = ?2",
                    [name, &fp],
                    super::tuple,
                )
                .optional()?;
            let Some((key, op)) = found else {
                return Err(Refusal::NoKey {
                    name: name.to_string(),
                    fingerprint: fp.clone(),
                }
                .into());
            };
            tx.execute("DELETE FROM operator_key WHERE id = ?1", [key])?;
            audit(
                &tx,
                &db.operator,
                "remove_key",
                "operator",
                op,
                &format!("{name} {fp}"),
            )?;
            tx.commit()
        })
    }

    /// Every bound key (of `name` only, when given), by operator.
    pub fn operator_keys(&self, name: Option<&str>) -> Result<Vec<KeyRow>> {
        let mut st = self.conn.prepare(
            "SELECT o.name, k.kind, k.fingerprint, k.comment, k.added_on
             FROM operator_key k JOIN operator o ON o.id = k.operator_id
             WHERE ?1 IS NULL OR o.name = ?1 ORDER BY o.name, k.id",
        )?;
        let rows = st.query_map([name.map(str::trim)], |r| {
            Ok(KeyRow {
                operator: r.get(0)?,
                kind: r.get(1)?,
                fingerprint: r.get(2)?,
                comment: r.get(3)?,
                added_on: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What sshd is given now (`gridcare ssh-keys`): the keys of operators
    /// who can sign in (a PIN, not ended, not locked out), none when
    /// auth.ssh is off. Ending or locking an operator closes their door
    /// at the next connection, with no file to edit.
    pub fn door_keys(&self) -> Result<Vec<(String, PublicKey)>> {
        if self.ssh_mode()? == SshMode::Off {
            return Ok(Vec::new());
        }
        let mut st = self.conn.prepare(&format!(
            "SELECT o.name, k.kind, k.body, k.comment
             FROM operator_key k JOIN operator o ON o.id = k.operator_id
             WHERE {DOOR_OPEN} ORDER BY o.name, k.id"
        ))?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get(0)?,
                PublicKey {
                    kind: r.get(1)?,
                    body: r.get(2)?,
                    comment: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The session a key opens (`--ssh-operator`): operator `name`, who
    /// can sign in and has a key bound; when `used` (the key sshd accepted,
    /// `type base64`) is known, it must be one of theirs. The PIN, when
    /// auth.ssh asks for it too, is the caller's to check.
    pub fn key_session(&self, name: &str, used: Option<&str>) -> Result<Session> {
        let name = name.trim();
        if self.ssh_mode()? == SshMode::Off {
            return Err(Refusal::NoKeySignIn(Closed::Off).into());
        }
        let row: Option<(Role, Option<i64>, Option<i64>)> = self
            .conn
            .query_row(
                &format!(
                    "SELECT o.role, o.staff_id, o.village_id FROM operator o
                     WHERE o.name = ?1 AND {DOOR_OPEN}
                       AND EXISTS (SELECT 1 FROM operator_key k WHERE k.operator_id = o.id)"
                ),
                [name],
                super::tuple,
            )
            .optional()?;
        let Some((role, staff, village)) = row else {
            return Err(Refusal::NoKeySignIn(Closed::NoKey(name.to_string())).into());
        };
        if let Some(used) = used {
            let mut parts = used.split_whitespace();
            let body = parts.nth(1).unwrap_or_default();
            let theirs: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM operator_key k JOIN operator o ON o.id = k.operator_id
                 WHERE o.name = ?1 AND k.body = ?2)",
                [name, body],
                |r| r.get(0),
            )?;
            if !theirs {
                return Err(Refusal::NoKeySignIn(Closed::OtherKey(name.to_string())).into());
            }
        }
        Ok(Session::of(name, role, staff, village))
    }
}
