//! The audit log in words (issue 15 item 3, domain.md §10): who changed what
//! and when, each change named from the catalogue and each changed field as
//! `字段: 旧 → 新`. `gridcare audit` and the history popup (`i` on the
//! resident and household screens) both print through `text`.

use crate::db::AuditEntry;
use crate::domain::model::*;
use crate::domain::referral::{Level, Urgency};
use crate::words::{self as strings, Lang, pick};
use crate::words::{level, urgency};
use chrono::{FixedOffset, NaiveDateTime};

/// One field that changed, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// One audit entry, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Local date and minute, `2026-11-20 10:15`.
    pub at: String,
    pub operator: String,
    pub what: String,
    pub subject: Option<String>,
    /// A record made (no values before): its fields are listed, not compared.
    pub created: bool,
    pub changes: Vec<Change>,
}

/// The order fields are listed in: as the forms and the visit line show them.
const ORDER: &[&str] = &[
    "kind",
    "mode",
    "visit_date",
    "outcome",
    "call_again_on",
    "remove_reason",
    "sbp",
    "dbp",
    "heart_rate",
    "fpg",
    "weight_kg",
    "height_cm",
    "smoking",
    "drinking",
    "exercise_min_week",
    "salt",
    "adherence",
    "adverse_reaction",
    "adverse_uncontrolled",
    "complication",
    "emergency_symptoms",
    "classification",
    "referral",
    "next_visit_on",
    "visited_by",
    "notes",
    "undone_on",
    "undone_by",
    "name",
    "id_number",
    "sex",
    "birth_date",
    "phone",
    "relation",
    "status",
    "status_date",
    "lives_alone_no_carer",
    "disabled",
    "seriously_ill",
    "care_plan",
    "address",
    "tier_override",
    "tier_override_reason",
    "from_level",
    "to_level",
    "urgency",
    "reason",
    "sent_on",
    "received_on",
    "returned_on",
    "closed_on",
    "start_date",
    "end_date",
    "end_reason",
    "role",
    "active",
    "from_date",
    "to_date",
    "since",
    "until",
    "created_on",
    "ended_on",
    "grid",
    "handed_to",
    "task_count",
];

/// Columns the reader has no use for: keys and the row's own bookkeeping
/// (the entry already says who and when).
fn hidden(field: &str) -> bool {
    field == "id"
        || field.ends_with("_id")
        || matches!(
            field,
            "recorded_by" | "recorded_at" | "flags_changed_on" | "tier_override_on"
        )
}

/// The audit's time (SQLite's UTC `datetime('now')`) at the coordinator's offset.
pub fn local_time(at: &str, offset: FixedOffset) -> String {
    match NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M:%S") {
        Ok(t) => (t + offset).format("%Y-%m-%d %H:%M").to_string(),
        Err(_) => at.to_string(),
    }
}

/// The offset of this machine's local time now.
pub fn local_offset() -> FixedOffset {
    *chrono::Local::now().offset()
}

pub fn item(lang: Lang, e: &AuditEntry, offset: FixedOffset) -> Item {
    let created = e.changes.iter().all(|(_, b, _)| b.is_empty())
        && (crate::db::CREATES.contains(&e.action.as_str())
            || crate::db::LISTS_VALUES.contains(&e.action.as_str()));
    let mut ordered: Vec<&(String, String, String)> = e.changes.iter().collect();
    // the stored JSON's keys come sorted by name; show them as the forms do
    ordered.sort_by_key(|(k, _, _)| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
    let changes: Vec<Change> = ordered
        .into_iter()
        .filter(|(k, _, _)| !hidden(k))
        .filter(|(k, b, a)| {
            // a new record's defaults say nothing: no adverse reaction, no referral
            !(created && b.is_empty() && (a == "0" || a == "none" || k == "registered_on"))
        })
        .map(|(k, b, a)| Change {
            field: match (e.entity.as_str(), e.action.as_str(), k.as_str()) {
                // a referral's outcome column holds the county's advice when
                // it is returned down (the form calls it 下转意见)
                ("referral", "return_referral", "outcome") => {
                    pick(lang, "下转意见", "advice").to_string()
                }
                _ => strings::audit_field(lang, k).map_or_else(|| k.clone(), str::to_string),
            },
            before: value(lang, k, b),
            after: value(lang, k, a),
        })
        .collect();
    Item {
        at: local_time(&e.at, offset),
        operator: e.operator.clone(),
        what: what(lang, e, &changes),
        subject: e.subject.clone(),
        created,
        changes,
    }
}

/// What happened, in words: "记录随访", "修改电话", "新增慢病：高血压".
fn what(lang: Lang, e: &AuditEntry, changes: &[Change]) -> String {
    let first = |d: &Option<String>| {
        d.as_deref()
            .and_then(|d| d.split_whitespace().next())
            .unwrap_or("")
            .to_string()
    };
    match e.action.as_str() {
        "record_visit" => {
            let kind = e
                .changes
                .iter()
                .find(|(k, _, _)| k == "kind")
                .and_then(|(_, _, a)| VisitKind::from_code(a))
                .map_or("", |k| strings::kind(lang, k));
            let outcome = e
                .changes
                .iter()
                .find(|(k, _, _)| k == "outcome")
                .and_then(|(_, _, a)| Outcome::from_code(a))
                .filter(|o| *o != Outcome::Completed);
            let mut s = strings::fill(strings::audit_action(lang, "record_visit"), &[&kind]);
            if let Some(o) = outcome {
                s.push_str(&format!(
                    "{}{}{}",
                    pick(lang, "（", " ("),
                    strings::outcome(lang, o),
                    pick(lang, "）", ")")
                ));
            }
            s
        }
        "update_resident" | "correct_phone" | "update_household" if changes.len() == 1 => {
            strings::fill(
                strings::audit_action(lang, "edit_one"),
                &[&changes[0].field],
            )
        }
        "add_condition" | "end_condition" => {
            // the detail names the condition by its code ("end diabetes …")
            let c = e
                .detail
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .find_map(Condition::from_code)
                .map_or("", |c| strings::condition(lang, c));
            strings::fill(strings::audit_action(lang, &e.action), &[&c])
        }
        "end_management" => {
            let r = EndReason::from_code(&first(&e.detail))
                .map_or(String::new(), |r| strings::end_reason(lang, r).to_string());
            strings::fill(strings::audit_action(lang, "end_management"), &[&r])
        }
        code => {
            let s = strings::audit_action(lang, code);
            if s.is_empty() {
                code.to_string()
            } else {
                strings::fill(s, &[&""])
            }
        }
    }
}

/// A stored value in words: codes through the catalogue, flags as 是/否.
fn value(lang: Lang, field: &str, v: &str) -> String {
    if v.is_empty() {
        return String::new();
    }
    let flag = matches!(
        field,
        "lives_alone_no_carer"
            | "disabled"
            | "seriously_ill"
            | "smoking"
            | "drinking"
            | "adverse_reaction"
            | "adverse_uncontrolled"
            | "emergency_symptoms"
            | "active"
    );
    if flag {
        return match v {
            "1" => pick(lang, "是", "yes"),
            _ => pick(lang, "否", "no"),
        }
        .to_string();
    }
    let word: Option<&str> = match field {
        "sex" => Sex::from_code(v).map(|x| strings::sex(lang, x)),
        "relation" => Relation::from_code(v).map(|x| strings::relation(lang, x)),
        "status" => ResidentStatus::from_code(v).map(|x| strings::resident_status(lang, x)),
        "kind" => VisitKind::from_code(v).map(|x| strings::kind(lang, x)),
        "mode" => VisitMode::from_code(v).map(|x| strings::mode(lang, x)),
        "outcome" => Outcome::from_code(v).map(|x| strings::outcome(lang, x)),
        "remove_reason" => RemoveReason::from_code(v).map(|x| strings::remove_reason(lang, x)),
        "classification" => Classification::from_code(v).map(|x| strings::classification(lang, x)),
        "referral" => ReferralNeed::from_code(v).map(|x| strings::referral(lang, x)),
        "salt" => Salt::from_code(v).map(|x| strings::salt(lang, x)),
        "adherence" => Adherence::from_code(v).map(|x| strings::adherence(lang, x)),
        "complication" => Complication::from_code(v).map(|x| strings::complication(lang, x)),
        "from_level" | "to_level" => Level::from_code(v).map(|x| level(lang, x)),
        "urgency" => Urgency::from_code(v).map(|x| urgency(lang, x)),
        // a staff member's role; an operator's role is its own word
        "role" => StaffRole::from_code(v)
            .map(|x| strings::staff_role(lang, x))
            .or_else(|| {
                crate::domain::access::Role::from_code(v).map(|r| strings::operator_role(lang, r))
            }),
        _ => None,
    };
    word.map_or_else(|| v.to_string(), str::to_string)
}

/// One entry as lines: a heading (time, operator, what · whom), then the
/// fields: one line each for a change, one line for a new record's values.
pub fn item_lines(lang: Lang, it: &Item, with_subject: bool) -> Vec<String> {
    let mut head = format!("{}  {}  {}", it.at, it.operator, it.what);
    if let Some(s) = it.subject.as_ref().filter(|_| with_subject) {
        head.push_str(&format!(" · {s}"));
    }
    let mut out = vec![head];
    if it.created {
        let values: Vec<String> = it
            .changes
            .iter()
            .map(|c| format!("{} {}", c.field, c.after))
            .collect();
        if !values.is_empty() {
            out.push(format!("    {}", values.join(pick(lang, "，", ", "))));
        }
    } else {
        let none = pick(lang, "（空）", "(none)");
        let or_none = |v: &str| {
            if v.is_empty() {
                none.to_string()
            } else {
                v.to_string()
            }
        };
        for c in &it.changes {
            out.push(format!(
                "    {}: {} → {}",
                c.field,
                or_none(&c.before),
                or_none(&c.after)
            ));
        }
    }
    out
}

/// The entries as text, newest first, for the popup and `gridcare audit`.
pub fn text(lang: Lang, entries: &[AuditEntry], offset: FixedOffset, with_subject: bool) -> String {
    if entries.is_empty() {
        return strings::strings(lang).history_none.to_string() + "\n";
    }
    let mut out = String::new();
    for e in entries.iter().rev() {
        for l in item_lines(lang, &item(lang, e, offset), with_subject) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, detail: &str, changes: &[(&str, &str, &str)]) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: "2026-11-20 02:15:00".into(),
            operator: "测试员".into(),
            action: action.into(),
            entity: "resident".into(),
            entity_id: Some(1),
            subject: Some("王秀英".into()),
            detail: Some(detail.into()),
            changes: changes
                .iter()
                .map(|(k, b, a)| (k.to_string(), b.to_string(), a.to_string()))
                .collect(),
        }
    }

    /// §10: each change in words, only the fields that changed, at local time.
    #[test]
    fn entries_in_words_table() {
        let east8 = FixedOffset::east_opt(8 * 3600).unwrap();
        let cases: &[(Lang, AuditEntry, &[&str])] = &[
            (
                Lang::Zh,
                entry(
                    "update_resident",
                    "王秀英",
                    &[("phone", "13900000000", "13800000000")],
                ),
                &[
                    "2026-11-20 10:15  测试员  修改电话 · 王秀英",
                    "    电话: 13900000000 → 13800000000",
                ],
            ),
            (
                Lang::En,
                entry("update_resident", "王秀英", &[("phone", "", "13800000000")]),
                &[
                    "2026-11-20 10:15  测试员  changed phone · 王秀英",
                    "    phone: (none) → 13800000000",
                ],
            ),
            (
                Lang::Zh,
                entry(
                    "record_visit",
                    "followup completed 2026-11-20",
                    &[
                        ("id", "", "7"),
                        ("kind", "", "followup"),
                        ("outcome", "", "completed"),
                        ("sbp", "", "152"),
                        ("adverse_reaction", "", "0"),
                        ("recorded_by", "", "测试员"),
                    ],
                ),
                &[
                    "2026-11-20 10:15  测试员  记录慢病随访 · 王秀英",
                    "    类型 慢病随访，结果 已完成，收缩压 152",
                ],
            ),
            (
                Lang::Zh,
                entry("add_condition", "hypertension 2026-01-02 2026-01-02", &[]),
                &["2026-11-20 10:15  测试员  新增慢病：高血压 · 王秀英"],
            ),
            (
                Lang::En,
                entry("end_condition", "end diabetes 2026-11-20 refused", &[]),
                &["2026-11-20 10:15  测试员  ended management of diabetes · 王秀英"],
            ),
            (
                Lang::Zh,
                entry(
                    "update_resident",
                    "王秀英",
                    &[("phone", "1", "2"), ("disabled", "0", "1")],
                ),
                &[
                    "2026-11-20 10:15  测试员  修改居民信息 · 王秀英",
                    "    电话: 1 → 2",
                    "    残疾: 否 → 是",
                ],
            ),
        ];
        for (lang, e, want) in cases {
            let got = item_lines(*lang, &item(*lang, e, east8), true);
            assert_eq!(got, *want, "{}", e.action);
        }
    }

    /// Every action gridcare writes to the audit log has words in both
    /// languages (a code such as add_volunteer is never shown).
    #[test]
    fn every_action_has_words() {
        let actions = [
            "record_visit",
            "update_resident",
            "update_household",
            "add_resident",
            "add_household",
            "set_status",
            "end_management",
            "add_condition",
            "end_condition",
            "move_resident",
            "member_left",
            "override_tier",
            "undo_removal",
            "resume_management",
            "group_move",
            "send_referral",
            "receive_referral",
            "return_referral",
            "close_referral",
            "sign_contract",
            "end_contract",
            "set_care_plan",
            "rename",
            "add_township",
            "add_village",
            "add_grid",
            "add_staff",
            "edit_staff",
            "end_staff",
            "assign_grid",
            "end_assignment",
            "add_team",
            "add_team_member",
            "remove_team_member",
            "add_volunteer",
            "end_volunteer",
            "create_group",
            "dissolve_group",
            "set_group_volunteer",
            "plan_week",
            "replan_week",
            "plan_move_in",
            "plan_move_out",
            "hand_over_plan",
            "add_operator",
            "reset_pin",
            "end_operator",
            "pin_ok",
            "wrong_pin",
            "locked_out",
            "generate_demo",
            "restore",
            "print_batch",
        ];
        for lang in [Lang::Zh, Lang::En] {
            for a in actions {
                let it = item(lang, &entry(a, "", &[]), FixedOffset::east_opt(0).unwrap());
                assert!(
                    !it.what.is_empty() && it.what != a,
                    "{lang:?} {a}: {:?}",
                    it.what
                );
            }
        }
    }

    /// Newest first; an empty history says so.
    #[test]
    fn text_is_newest_first() {
        let utc = FixedOffset::east_opt(0).unwrap();
        let mut a = entry("update_resident", "", &[("phone", "1", "2")]);
        let mut b = entry("update_resident", "", &[("name", "王秀英", "王秀瑛")]);
        a.at = "2026-11-20 01:00:00".into();
        b.at = "2026-11-20 02:00:00".into();
        let t = text(Lang::Zh, &[a, b], utc, false);
        assert!(
            t.find("修改姓名").unwrap() < t.find("修改电话").unwrap(),
            "{t}"
        );
        assert!(!t.contains('·'), "{t}");
        assert_eq!(text(Lang::En, &[], utc, true), "No changes recorded.\n");
    }
}
