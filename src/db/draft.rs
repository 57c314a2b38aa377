//! Drafts (issue 15 item 5): a visit or contact-outcome form typed but not
//! saved when the terminal went away, kept for the same operator's next start.

use super::{Db, Result};
use crate::domain::model::{Subject, VisitKind};
use rusqlite::{OptionalExtension, params};

/// Which form a draft reopens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftForm {
    Visit,
    Outcome,
}

impl DraftForm {
    fn code(self) -> &'static str {
        match self {
            DraftForm::Visit => "visit",
            DraftForm::Outcome => "outcome",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: i64,
    pub form: DraftForm,
    pub kind: VisitKind,
    pub subject: Subject,
    pub title: String,
    /// (field, value typed or code chosen), in the form's order.
    pub fields: Vec<(String, String)>,
    pub saved_at: String,
}

fn subject_json(kind: VisitKind, s: Subject) -> String {
    let (k, id) = match s {
        Subject::Resident(id) => ("resident", id),
        Subject::Household(id) => ("household", id),
    };
    serde_json::json!({ "kind": kind.code(), k: id }).to_string()
}

fn parse_subject(s: &str) -> Option<(VisitKind, Subject)> {
    let v: serde_json::Value = serde_json::from_str(s).ok()?;
    let kind = VisitKind::from_code(v.get("kind")?.as_str()?)?;
    let subject = match (v.get("resident"), v.get("household")) {
        (Some(r), _) => Subject::Resident(r.as_i64()?),
        (_, Some(h)) => Subject::Household(h.as_i64()?),
        _ => return None,
    };
    Some((kind, subject))
}

impl Db {
    /// Keeps a form's values for this operator; one draft per operator, the
    /// newest replacing any older one.
    pub fn save_draft(
        &mut self,
        form: DraftForm,
        kind: VisitKind,
        subject: Subject,
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
                "INSERT INTO draft (operator, form, subject, title, fields, saved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, datetime('now'))",
                params![
                    db.operator,
                    form.code(),
                    subject_json(kind, subject),
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
        let row: Option<(i64, String, String, String, String, String)> = self
            .conn
            .query_row(
                "SELECT id, form, subject, title, fields, saved_at FROM draft
                 WHERE operator = ?1 ORDER BY id DESC LIMIT 1",
                [&self.operator],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, form, subject, title, body, saved_at)) = row else {
            return Ok(None);
        };
        let form = match form.as_str() {
            "outcome" => DraftForm::Outcome,
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
            form,
            kind,
            subject,
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
        let s = Subject::Resident(7);
        db.save_draft(
            DraftForm::Visit,
            VisitKind::Followup,
            s,
            "记录随访 · 王秀英",
            &fields,
        )
        .unwrap();
        let d = db.draft().unwrap().expect("kept");
        assert_eq!(
            (d.form, d.kind, d.subject, d.title.as_str(), &d.fields),
            (
                DraftForm::Visit,
                VisitKind::Followup,
                s,
                "记录随访 · 王秀英",
                &fields
            )
        );
        // another operator sees none
        db.operator = "李医生".into();
        assert_eq!(db.draft().unwrap(), None);
        // a newer draft of the same operator replaces the older
        db.operator = "王医生".into();
        let h = Subject::Household(3);
        db.save_draft(DraftForm::Outcome, VisitKind::Household, h, "t", &[])
            .unwrap();
        let d2 = db.draft().unwrap().unwrap();
        assert_eq!((d2.form, d2.subject), (DraftForm::Outcome, h));
        let n: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM draft", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        db.drop_draft(d2.id).unwrap();
        assert_eq!(db.draft().unwrap(), None);
    }
}
