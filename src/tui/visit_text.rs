//! One visit of a resident's or household's history as a line of text:
//! date, kind, mode, blood pressure, glucose, classification, then §3's
//! other fields when they were recorded (issue 10, item 9), a removal's
//! reason and its undoing (item 8), and the notes. Screens fit it to width.

use crate::db::VisitDetail;
use crate::domain::followup;
use crate::domain::model::Outcome;
use crate::text::pad;
use crate::words::{self as strings, Lang};

/// The history line of `v`, without the selection mark.
pub fn visit_line(lang: Lang, v: &VisitDetail) -> String {
    let s = strings::strings(lang);
    let bp = match (v.sbp, v.dbp) {
        (Some(a), Some(b)) => format!("{a}/{b}"),
        _ => String::new(),
    };
    let fpg = v.fpg.map_or(String::new(), |g| format!("{g:.1}"));
    let class = v
        .classification
        .map_or(strings::outcome(lang, v.outcome), |c| {
            strings::classification(lang, c)
        });
    let mut extra: Vec<String> = Vec::new();
    if v.outcome == Outcome::Removed
        && let Some(r) = v.remove_reason
    {
        extra.push(format!("({})", strings::remove_reason(lang, r)));
    }
    if let Some(d) = v.undone_on {
        extra.push(format!("[{}]", strings::fill(s.h_undone, &[&d])));
    }
    if let Some(hr) = v.heart_rate {
        extra.push(format!("{} {hr}", s.h_hr));
    }
    if let Some(w) = v.weight_kg {
        extra.push(format!("{} {w}kg", s.h_weight));
    }
    if let Some(h) = v.height_cm {
        extra.push(format!("{} {h}cm", s.h_height));
    }
    if let Some(b) = followup::bmi(v.weight_kg, v.height_cm) {
        extra.push(format!("BMI {b:.1}"));
    }
    let l = &v.lifestyle;
    if let Some(x) = l.smoking {
        extra.push(if x { s.h_smoking } else { s.h_no_smoking }.to_string());
    }
    if let Some(x) = l.drinking {
        extra.push(if x { s.h_drinking } else { s.h_no_drinking }.to_string());
    }
    if let Some(m) = l.exercise_min_week {
        extra.push(strings::fill(s.h_exercise, &[&m]));
    }
    if let Some(x) = l.salt {
        extra.push(format!("{} {}", s.h_salt, strings::salt(lang, x)));
    }
    if let Some(d) = v.next_visit_on {
        extra.push(format!("{} {d}", s.h_next));
    }
    if let Some(by) = &v.visited_by {
        extra.push(format!("{} {by}", s.h_by));
    }
    // who covered the grid then, when not the one named as visiting
    if let Some(w) = &v.grid_worker_then
        && v.visited_by.as_deref() != Some(w.as_str())
    {
        extra.push(format!("{} {w}", s.role_grid_worker));
    }
    let extra: String = extra.iter().map(|e| format!(" {e}")).collect();
    let notes = v
        .notes
        .as_deref()
        .map_or(String::new(), |n| format!(" {}", n.replace('\n', " ")));
    format!(
        "{} {}{}{bp:>7} {fpg:>4} {class}{extra}{notes}",
        v.date,
        pad(strings::kind(lang, v.kind), 13),
        pad(strings::mode(lang, v.mode), 7)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::Lifestyle;
    use crate::domain::model::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn detail() -> VisitDetail {
        VisitDetail {
            date: d("2026-11-20"),
            kind: VisitKind::Followup,
            mode: VisitMode::Clinic,
            outcome: Outcome::Completed,
            sbp: Some(152),
            dbp: Some(94),
            fpg: None,
            classification: Some(Classification::Uncontrolled),
            notes: None,
            heart_rate: None,
            weight_kg: None,
            height_cm: None,
            lifestyle: Lifestyle::default(),
            next_visit_on: None,
            visited_by: None,
            remove_reason: None,
            undone_on: None,
            grid_worker_then: None,
        }
    }

    /// §3 fields appear when recorded; a row without them reads as before.
    #[test]
    fn history_line_table() {
        let plain = detail();
        let mut full = detail();
        full.weight_kg = Some(70.0);
        full.height_cm = Some(175.0);
        full.lifestyle = Lifestyle {
            smoking: Some(true),
            drinking: Some(false),
            exercise_min_week: Some(150),
            salt: Some(Salt::Heavy),
        };
        full.next_visit_on = Some(d("2026-12-04"));
        full.visited_by = Some("张医生".into());
        let mut removed = detail();
        (removed.sbp, removed.dbp, removed.classification) = (None, None, None);
        removed.outcome = Outcome::Removed;
        removed.remove_reason = Some(RemoveReason::Refused);
        removed.undone_on = Some(d("2026-11-21"));
        // issue 12: a household visit names who covered the grid that day
        let mut then = detail();
        (then.kind, then.sbp, then.dbp, then.classification) =
            (VisitKind::Household, None, None, None);
        then.grid_worker_then = Some("朱刚".into());
        let cases = [
            (
                &then,
                Lang::Zh,
                "2026-11-20 入户走访     门诊                已完成 网格员 朱刚",
            ),
            (
                &plain,
                Lang::En,
                "2026-11-20 follow-up    clinic  152/94      uncontrolled",
            ),
            (
                &full,
                Lang::En,
                "2026-11-20 follow-up    clinic  152/94      uncontrolled wt 70kg ht 175cm BMI 22.9 smokes no drinking exercise 150 min/wk salt heavy next 2026-12-04 by 张医生",
            ),
            (
                &removed,
                Lang::Zh,
                "2026-11-20 慢病随访     门诊                移出队列 (拒绝) [已撤销 2026-11-21]",
            ),
        ];
        for (v, lang, want) in cases {
            assert_eq!(visit_line(lang, v), want);
        }
    }
}
