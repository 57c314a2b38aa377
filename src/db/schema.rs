//! The schema a database holds against the one this gridcare creates
//! (issue 24 item 16): a file can carry its own code — a trigger that
//! deletes visits, a view — which SQLite would run on every save. Opening,
//! `check` and `restore` compare the two and name anything extra or missing.

use rusqlite::Connection;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// (type, name) → the SQL that made it, for tables, indexes, triggers, views.
type Objects = BTreeMap<(String, String), String>;

fn objects(conn: &Connection) -> rusqlite::Result<Objects> {
    let mut st = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM main.sqlite_master
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let rows = st.query_map([], |r| {
        Ok(((r.get(0)?, r.get(1)?), normalise(&r.get::<_, String>(2)?)))
    })?;
    rows.collect()
}

/// SQL text with its runs of white space made one blank, so a schema
/// compared is the same whatever the line breaks of its migration.
fn normalise(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The schema this version creates, made once in memory from the migrations.
fn expected() -> &'static Objects {
    static EXPECTED: OnceLock<Objects> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        let mut c = Connection::open_in_memory().expect("an in-memory database");
        super::migrations()
            .to_latest(&mut c)
            .expect("the migrations apply to an empty database");
        objects(&c).expect("the schema of an in-memory database")
    })
}

/// What differs from the schema this version creates: one line each,
/// naming the object and what to do; empty when they agree.
pub fn differences(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let found = objects(conn)?;
    let want = expected();
    let mut out = Vec::new();
    for ((kind, name), sql) in &found {
        match want.get(&(kind.clone(), name.clone())) {
            None => out.push(format!(
                "{kind} {name} is not gridcare's (extra: {}); remove it (sqlite3 FILE \"DROP {} {name}\") or restore a backup",
                crate::text::shown(sql, 80),
                kind.to_uppercase()
            )),
            Some(w) if w != sql => out.push(format!(
                "{kind} {name} differs from gridcare's (found: {}); restore a backup, or recreate it as gridcare makes it",
                crate::text::shown(sql, 80)
            )),
            Some(_) => {}
        }
    }
    for (kind, name) in want.keys() {
        if !found.contains_key(&(kind.clone(), name.clone())) {
            out.push(format!("{kind} {name} is missing; restore a backup"));
        }
    }
    Ok(out)
}
