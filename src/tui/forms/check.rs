//! Fields checked as they are typed: each field's complaint, the
//! follow-up's classification and colour before saving.

use super::*;

impl Form {
    /// Re-checks every field and the preview; called after each key.
    pub(super) fn refresh(&mut self) {
        let s = strings::strings(self.lang);
        let zh = self.lang == Lang::Zh;
        let today = self.today;
        self.refresh_print_path();
        self.refresh_record_path();
        self.refresh_import_hint();
        if let FormKind::Print { .. } = self.kind {
            let terminal = self.to_terminal_printer();
            for f in &mut self.fields {
                f.hidden = terminal && f.id == FieldId::File;
            }
        }
        if let FormKind::Outcome { .. } = self.kind {
            let outcome = self.field(FieldId::Outcome).map_or("", |f| f.code());
            for f in &mut self.fields {
                f.hidden = match f.id {
                    FieldId::CallAgain => outcome != Outcome::CallAgain.code(),
                    FieldId::Reason => outcome != Outcome::Removed.code(),
                    _ => false,
                };
            }
        }
        for f in &mut self.fields {
            let t = f.text();
            f.error = match &f.kind {
                _ if f.hidden => None,
                FieldKind::Date if t.is_empty() => None,
                FieldKind::Date => match NaiveDate::parse_from_str(&t, "%Y-%m-%d") {
                    Err(_) => Some(date_problem(&t, self.lang, s.must_be_date)),
                    Ok(d) if d > today && f.id == FieldId::Date => {
                        Some(strings::fill(s.not_after_today, &[&today]))
                    }
                    Ok(_) => None,
                },
                FieldKind::Number { .. } if t.is_empty() => None,
                FieldKind::Number { lo, hi, decimal } => match t.parse::<f64>() {
                    Ok(v) if !*decimal && v.fract() != 0.0 => Some(s.must_be_number.to_string()),
                    Ok(v) if v < *lo || v > *hi => Some(strings::fill(s.out_of_range, &[lo, hi])),
                    Ok(_) => None,
                    Err(_) => Some(s.must_be_number.to_string()),
                },
                _ if f.id == FieldId::IdNumber && t.is_empty() => {
                    f.note = None;
                    None
                }
                _ if f.id == FieldId::IdNumber => match crate::db::check_id(&t, today) {
                    Ok(id) => {
                        // what the number tells, shown beside it (§9)
                        f.note = Some(format!(
                            "{} {}",
                            id.birth_date,
                            strings::sex(self.lang, id.sex)
                        ));
                        None
                    }
                    Err(r) => {
                        f.note = None;
                        Some(r.text(zh))
                    }
                },
                _ if f.id == FieldId::Phone => refusal::check_phone(&t).err().map(|r| r.text(zh)),
                // too long, as you type; empty is said on saving (必填), not
                // before anything is typed (a new form opened with an error)
                _ if f.id == FieldId::Name => refusal::check_name(&t, self.rules.name_max_chars)
                    .err()
                    .filter(|r| !matches!(r, refusal::Refusal::EmptyName))
                    .map(|r| r.text(zh)),
                _ => None,
            };
        }
        // Call again after the visit, not on or before it.
        let (visit_day, again) = (self.date(FieldId::Date), self.date(FieldId::CallAgain));
        if let Some(f) = self
            .fields
            .iter_mut()
            .find(|f| f.id == FieldId::CallAgain && !f.hidden && f.error.is_none())
            && let (Some(v), Some(a)) = (visit_day, again)
            && a <= v
        {
            f.error = Some(s.after_visit_date.to_string());
        }
        // A call-again date past the task's deadline is allowed, but the task
        // still falls overdue then, and a red patient's stays open (§4, §6).
        let due = self.due;
        for f in &mut self.fields {
            f.warning = None;
            if f.id == FieldId::CallAgain
                && !f.hidden
                && f.error.is_none()
                && let (Some(a), Some(due)) = (again, due)
                && a > due
            {
                f.warning = Some(strings::fill(s.call_again_after_due, &[&due]));
            }
        }
        // The next visit after this one (§3).
        let next = self.date(FieldId::NextVisit);
        if let Some(f) = self
            .fields
            .iter_mut()
            .find(|f| f.id == FieldId::NextVisit && f.error.is_none())
            && let (Some(v), Some(n)) = (visit_day, next)
            && n <= v
        {
            f.error = Some(s.after_visit_date.to_string());
        }
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == FieldId::VisitedBy)
            && f.text().chars().count() > crate::db::VISITED_BY_MAX
        {
            f.error = Some(strings::fill(s.too_long, &[&crate::db::VISITED_BY_MAX]));
        }
        // BMI, live, beside the height (§3 weight/BMI).
        let bmi = followup::bmi(self.number(FieldId::Weight), self.number(FieldId::Height));
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == FieldId::Height) {
            f.note = bmi.map(|b| format!("BMI {b:.1}"));
        }
        // SBP above DBP, and both or neither (§3).
        let (sbp, dbp) = (self.number(FieldId::Sbp), self.number(FieldId::Dbp));
        if let Some(d) = self
            .fields
            .iter_mut()
            .find(|f| f.id == FieldId::Dbp && f.error.is_none())
        {
            d.error = match (sbp, dbp) {
                (Some(a), Some(b)) if a <= b => Some(s.sbp_above_dbp.to_string()),
                (Some(_), None) => Some(s.needed.to_string()),
                _ => None,
            };
        }
        // the national record's fields and the regimen's lines (issue 27)
        self.refresh_paper();
        self.preview = None;
        let mut proposed = None;
        if let FormKind::Visit {
            kind,
            subject,
            patient: Some(patient),
        } = &self.kind
            && kind.is_clinical_followup()
            && self.fields.iter().all(|f| f.error.is_none())
        {
            let f = self.findings();
            if f.vitals.sbp.is_some()
                || f.vitals.fpg.is_some()
                || f.adverse_reaction
                || f.emergency_symptoms
                || f.complication.is_some_and(|c| c != Complication::None)
            {
                let (resident, recorded) = patient.as_ref();
                let day = self.date(FieldId::Date).unwrap_or(self.today);
                let mut entered = VisitRecord::completed(i64::MAX, *kind, *subject, day);
                entered.findings = f;
                let recorded: Vec<&VisitRecord> = recorded.iter().collect();
                let a = followup::assess_new(resident, &recorded, &entered, &self.rules);
                let colour = colour_of(&a).map(|(c, _)| c);
                // §3: which rule calls for the referral that saving will send
                let proposal =
                    crate::domain::referral::propose(&a, crate::domain::referral::Level::Township);
                proposed = proposal;
                let rule = proposal
                    .map(|p| {
                        let rule =
                            crate::domain::referral::rule_text(p.rule, self.lang == Lang::Zh);
                        // the word before already says 紧急转诊: not twice,
                        // so the line fits two rows at 60 columns
                        let rule = rule
                            .strip_prefix("紧急转诊：")
                            .or_else(|| rule.strip_prefix("emergency: "))
                            .unwrap_or(rule);
                        if self.lang == Lang::Zh {
                            format!("（{rule}）")
                        } else {
                            format!(" ({rule})")
                        }
                    })
                    .unwrap_or_default();
                // the colour first: a long rule wraps and is cut at the
                // bottom of the form, never the colour (issue 25 item 5)
                let text = format!(
                    "{}{} · {}{rule}",
                    colour
                        .map(|c| format!("-> {} · ", strings::colour(self.lang, c)))
                        .unwrap_or_default(),
                    strings::classified(self.lang, &a),
                    strings::referral(self.lang, a.referral),
                );
                self.preview = Some((text, colour));
            }
        }
        self.show_referral(proposed);
        self.refresh_key_in();
    }
}
