//! Drafts (issue 15 item 5): a form typed but not saved when the terminal
//! went away, kept for the same operator's next start.

use super::{Db, Result};
use crate::domain::model::{Subject, VisitKind};
use rusqlite::{OptionalExtension, params};

/// Which form a draft reopens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftForm {
    Visit,
    Outcome,
    /// Any other form, re-opened from what `DraftOf::reopen` keeps.
    Form,
}

impl DraftForm {
    fn code(self) -> &'static str {
        match self {
            DraftForm::Visit => "visit",
            DraftForm::Outcome => "outcome",
            DraftForm::Form => "form",
        }
    }
}

/// What a draft is of: the form, the visit kind (a follow-up or outcome),
/// the resident or household it is about, and for any other form what
/// re-opens it (JSON written and read by `tui::forms`).
#[derive(Debug, Clone, PartialEq)]
pub struct DraftOf {
    pub form: DraftForm,
    pub kind: Option<VisitKind>,
    pub subject: Option<Subject>,
    pub reopen: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: i64,
    pub of: DraftOf,
    pub title: String,
    /// (field, value typed or code chosen), in the form's order.
    pub fields: Vec<(String, String)>,
    pub saved_at: String,
}

fn subject_json(kind: Option<VisitKind>, s: Option<Subject>) -> String {
    let mut v = serde_json::Map::new();
    if let Some(kind) = kind {
        v.insert("kind".into(), kind.code().into());
    }
    match s {
        Some(Subject::Resident(id)) => v.insert("resident".into(), id.into()),
        Some(Subject::Household(id)) => v.insert("household".into(), id.into()),
        None => None,
    };
    serde_json::Value::Object(v).to_string()
}

fn parse_subject(s: &str) -> Option<(Option<VisitKind>, Option<Subject>)> {
    let v: serde_json::Value = serde_json::from_str(s).ok()?;
    let kind = match v.get("kind") {
        Some(k) => Some(VisitKind::from_code(k.as_str()?)?),
        None => None,
    };
    let subject = match (v.get("resident"), v.get("household")) {
        (Some(r), _) => Some(Subject::Resident(r.as_i64()?)),
        (_, Some(h)) => Some(Subject::Household(h.as_i64()?)),
        _ => None,
    };
    Some((kind, subject))
}

impl Db {
    /// Keeps a form's values for this operator; one draft per operator, the
    /// newest replacing any older one.
    pub fn save_draft(
        &mut self,
        of: &DraftOf,
        title: &str,
        fields: &[(String, String)],
    ) -> Result<i64> {
        let map: serde_json::Map<String, serde_json::Value> = fields
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        let order: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        let body = serde_json::json!({ "values": map, "order": order }).to_string();
        self.guarded(|db| {
            let tx = db.begin()?;
            tx.execute("DELETE FROM draft WHERE operator = ?1", [&db.operator])?;
            tx.execute(
                "INSERT INTO draft (operator, form, subject, reopen, title, fields, saved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, datetime('now'))",
                params![
                    db.operator,
                    of.form.code(),
                    subject_json(of.kind, of.subject),
                    of.reopen,
                    title,
                    body
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
    }

    /// This operator's draft, if one was kept (and can still be read).
    pub fn draft(&self) -> Result<Option<Draft>> {
        type Row = (i64, String, String, Option<String>, String, String, String);
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT id, form, subject, reopen, title, fields, saved_at FROM draft
                 WHERE operator = ?1 ORDER BY id DESC LIMIT 1",
                [&self.operator],
                super::tuple,
            )
            .optional()?;
        let Some((id, form, subject, reopen, title, body, saved_at)) = row else {
            return Ok(None);
        };
        let form = match form.as_str() {
            "outcome" => DraftForm::Outcome,
            "form" => DraftForm::Form,
            _ => DraftForm::Visit,
        };
        let Some((kind, subject)) = parse_subject(&subject) else {
            return Ok(None);
        };
        let body: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        let values = body.get("values").and_then(|v| v.as_object());
        let fields = body
            .get("order")
            .and_then(|o| o.as_array())
            .map(|o| {
                o.iter()
                    .filter_map(|k| {
                        let k = k.as_str()?;
                        let v = values?.get(k)?.as_str()?;
                        Some((k.to_string(), v.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Some(Draft {
            id,
            of: DraftOf {
                form,
                kind,
                subject,
                reopen,
            },
            title,
            fields,
            saved_at,
        }))
    }

    /// Drops a draft: restored into its form, or discarded.
    pub fn drop_draft(&mut self, id: i64) -> Result<()> {
        self.guarded(|db| {
            let tx = db.begin()?;
            tx.execute(
                "DELETE FROM draft WHERE id = ?1 AND operator = ?2",
                params![id, db.operator],
            )?;
            tx.commit()?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15 item 5: a draft comes back as it was kept, for its operator
    /// only; a newer one replaces it; dropping it leaves none.
    #[test]
    fn draft_save_and_restore() {
        let mut db = Db::open_in_memory().unwrap();
        db.operator = "王医生".into();
        let fields = vec![
            ("Sbp".to_string(), "152".to_string()),
            ("Dbp".to_string(), "94".to_string()),
            ("Notes".to_string(), "头晕，\n嘱减盐".to_string()),
            ("Mode".to_string(), "home".to_string()),
        ];
        let of = DraftOf {
            form: DraftForm::Visit,
            kind: Some(VisitKind::Followup),
            subject: Some(Subject::Resident(7)),
            reopen: None,
        };
        db.save_draft(&of, "记录随访 · 王秀英", &fields).unwrap();
        let d = db.draft().unwrap().expect("kept");
        assert_eq!(
            (&d.of, d.title.as_str(), &d.fields),
            (&of, "记录随访 · 王秀英", &fields)
        );
        // another operator sees none
        db.operator = "李医生".into();
        assert_eq!(db.draft().unwrap(), None);
        // a newer draft of the same operator replaces the older
        db.operator = "王医生".into();
        // any other form: no visit kind, maybe no subject, what re-opens it
        let other = DraftOf {
            form: DraftForm::Form,
            kind: None,
            subject: None,
            reopen: Some(r#"{"kind":"x"}"#.into()),
        };
        db.save_draft(&other, "登记家庭", &[]).unwrap();
        let d2 = db.draft().unwrap().unwrap();
        assert_eq!(d2.of, other);
        let n: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM draft", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        db.drop_draft(d2.id).unwrap();
        assert_eq!(db.draft().unwrap(), None);
    }
}
