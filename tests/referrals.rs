//! Two-way referrals (issue 14, domain.md §3, §4, §7): each transition's
//! effect on the queue and the colour; a refused transition writes nothing;
//! a follow-up that calls for a referral sends exactly one with the visit.

mod common;
use common::{d, fixture_db, fixture_today, followup, load, press, row_counts, tasks_of};
use gridcare::db::{Db, DbError, NewReferral};
use gridcare::domain::model::*;
use gridcare::domain::queue::{Reason, Task, WorkerRole};
use gridcare::domain::referral::{Level, ReferralState, Urgency};
use gridcare::domain::refusal::Refusal;
use gridcare::words::Lang;

fn referral_task(db: &Db, id: i64) -> Option<Task> {
    tasks_of(db, id)
        .into_iter()
        .find(|t| t.kind == VisitKind::ReferralFollowup)
}

/// The patient's colour on the queue (every clinical task carries it).
fn colour_of(db: &Db, id: i64) -> Option<Colour> {
    tasks_of(db, id).iter().find_map(|t| t.colour)
}

fn last_colour(db: &Db, id: i64) -> (Colour, String) {
    let h = db.colour_history(id).unwrap();
    let l = h.last().unwrap();
    (l.1, l.2.clone())
}

fn routine(sent_on: &str) -> NewReferral {
    NewReferral {
        from_level: Level::Township,
        to_level: Level::County,
        reason: "连续两次控制不满意".into(),
        urgency: Urgency::Routine,
        sent_on: d(sent_on),
        visit_id: None,
    }
}

/// Rows every referral command may touch.
fn footprint(db: &Db) -> Vec<i64> {
    row_counts(
        db,
        &[
            "referral",
            "referral WHERE received_on IS NOT NULL",
            "referral WHERE returned_on IS NOT NULL",
            "referral WHERE closed_on IS NOT NULL",
            "referral WHERE outcome IS NOT NULL",
            "audit_log",
            "colour_history",
        ],
    )
}

/// §7: sent → red with a follow-up within 14 days; received → still red;
/// returned down → the follow-up task goes, the colour is the follow-ups'
/// again (green), and the team's own follow-up is back in its queue.
#[test]
fn send_receive_return_moves_queue_and_colour() {
    let mut db = fixture_db();
    let today = fixture_today();
    // 欧阳春花: green since her May follow-up
    assert_eq!(colour_of(&db, 9), Some(Colour::Green));
    assert!(referral_task(&db, 9).is_none());

    let id = db.send_referral(9, &routine("2026-11-16"), today).unwrap();
    let t = referral_task(&db, 9).expect("a referral follow-up");
    assert_eq!(t.when.deadline(), d("2026-11-30"), "within 14 days (§3)");
    assert_eq!(t.colour, Some(Colour::Red));
    assert_eq!(t.role, WorkerRole::Team);
    assert!(matches!(t.reason, Reason::Referral { referral_id, .. } if referral_id == id));
    assert_eq!(last_colour(&db, 9), (Colour::Red, "open_referral".into()));
    let row = db.referral(id, today).unwrap().unwrap();
    assert_eq!((row.state, row.days_waiting), (ReferralState::Sent, 4));

    db.receive_referral(id, d("2026-11-18"), today).unwrap();
    assert!(referral_task(&db, 9).is_some(), "received is still open");
    assert_eq!(colour_of(&db, 9), Some(Colour::Red));

    db.return_referral(id, today, "继续口服降压药，两周后复查", today)
        .unwrap();
    assert!(
        referral_task(&db, 9).is_none(),
        "returned: no referral task"
    );
    assert_eq!(colour_of(&db, 9), Some(Colour::Green));
    assert!(
        tasks_of(&db, 9)
            .iter()
            .any(|t| t.kind == VisitKind::Followup && t.role == WorkerRole::Team),
        "back in the family-doctor team's queue"
    );
    assert_eq!(last_colour(&db, 9), (Colour::Green, "controlled".into()));
    let row = db.referral(id, today).unwrap().unwrap();
    assert_eq!(row.state, ReferralState::Returned);
    assert_eq!(row.outcome.as_deref(), Some("继续口服降压药，两周后复查"));
    let audit: Vec<String> = db
        .conn()
        .prepare(
            "SELECT action FROM audit_log WHERE entity = 'referral' AND entity_id = ?1 ORDER BY id",
        )
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        audit,
        ["send_referral", "receive_referral", "return_referral"]
    );
}

/// Closing ends the referral's follow-up task; a patient red by their own
/// emergency follow-up stays red (§4), without the open referral's cause.
#[test]
fn close_ends_the_referral_task() {
    let mut db = fixture_db();
    let today = fixture_today();
    // 曾国强: referral 1, received on the day of his emergency follow-up
    assert!(referral_task(&db, 7).is_some());
    db.close_referral(1, today, "住院治疗", today).unwrap();
    assert!(referral_task(&db, 7).is_none());
    assert_eq!(colour_of(&db, 7), Some(Colour::Red));
    assert!(
        tasks_of(&db, 7)
            .iter()
            .any(|t| t.kind == VisitKind::Recheck),
        "red: a re-check within 14 days instead"
    );
    assert_eq!(
        db.referral(1, today).unwrap().unwrap().state,
        ReferralState::Closed
    );
    // and a closed referral no longer counts as open anywhere
    assert!(db.referrals(today, true).unwrap().is_empty());
}

/// §7: returning or closing one never received, a date before sending or
/// receiving, a date in the future, a step from the wrong state, an unknown
/// referral: each refused with a clear message, and nothing written.
#[test]
fn refused_transitions_write_nothing() {
    let mut db = fixture_db();
    let today = fixture_today();
    let sent = db.send_referral(9, &routine("2026-11-15"), today).unwrap();
    let before = footprint(&db);
    type Step = fn(&mut Db, i64) -> Result<(), DbError>;
    let t = fixture_today();
    let cases: &[(&str, Step, &str)] = &[
        (
            "return never received",
            |db, id| db.return_referral(id, d("2026-11-19"), "x", d("2026-11-20")),
            "尚未登记接收",
        ),
        (
            "close never received",
            |db, id| db.close_referral(id, d("2026-11-19"), "x", d("2026-11-20")),
            "尚未登记接收",
        ),
        (
            "received before sent",
            |db, id| db.receive_referral(id, d("2026-11-14"), d("2026-11-20")),
            "早于转诊转出日期",
        ),
        (
            "received in the future",
            |db, id| db.receive_referral(id, d("2026-11-21"), d("2026-11-20")),
            "晚于今天",
        ),
        (
            "received twice",
            |db, _| db.receive_referral(1, d("2026-11-19"), d("2026-11-20")),
            "不能再次登记接收",
        ),
        (
            "returned before received",
            |db, _| db.return_referral(1, d("2026-11-17"), "x", d("2026-11-20")),
            "早于转诊接收日期",
        ),
        (
            "unknown referral",
            |db, _| db.receive_referral(99, d("2026-11-19"), d("2026-11-20")),
            "没有编号为 99 的转诊",
        ),
        (
            "sent in the future",
            |db, _| {
                db.send_referral(9, &routine("2026-11-21"), d("2026-11-20"))
                    .map(|_| ())
            },
            "晚于今天",
        ),
        (
            "sent without a reason",
            |db, _| {
                let mut r = routine("2026-11-19");
                r.reason = "  ".into();
                db.send_referral(9, &r, d("2026-11-20")).map(|_| ())
            },
            "原因",
        ),
    ];
    for (name, step, zh) in cases {
        match step(&mut db, sent) {
            Err(DbError::Refused(r)) => {
                assert!(r.zh().contains(zh), "{name}: {}", r.zh());
                assert!(!r.en().is_empty());
            }
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(footprint(&db), before, "{name}: nothing written");
    }
    // a returned one cannot be closed
    db.receive_referral(sent, d("2026-11-16"), t).unwrap();
    db.return_referral(sent, t, "", t).unwrap();
    let before = footprint(&db);
    assert!(matches!(
        db.close_referral(sent, t, "x", t),
        Err(DbError::Refused(Refusal::ReferralWrongState { .. }))
    ));
    assert_eq!(footprint(&db), before);
}

/// §3: two consecutive uncontrolled follow-ups send a routine referral with
/// the visit, naming the rule; the patient is red with a 14-day task.
#[test]
fn refer_classification_sends_a_referral_with_the_visit() {
    let mut db = fixture_db();
    let today = fixture_today();
    let r = db
        .record_visit(&followup(1, "2026-11-19", 150, 95), today)
        .unwrap();
    let id = r.referral_id.expect("a referral");
    let row = db.referral(id, today).unwrap().unwrap();
    assert_eq!(
        (
            row.from_level,
            row.to_level,
            row.urgency,
            row.reason.as_str()
        ),
        (
            Level::Township,
            Level::County,
            Urgency::Routine,
            "连续两次控制不满意"
        )
    );
    let visit: Option<i64> = db
        .conn()
        .query_row("SELECT visit_id FROM referral WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(visit, Some(r.visit_id));
    assert_eq!(r.colour_after, Some(Colour::Red));
    assert_eq!(
        referral_task(&db, 1).unwrap().when.deadline(),
        d("2026-12-03")
    );
}

/// The follow-up form: an emergency reading shows the rule in the preview;
/// saving creates exactly one referral, and a second emergency while it is
/// open creates none.
#[test]
fn emergency_followup_via_the_form_creates_one_referral() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    let count = |db: &Db| row_counts(db, &["referral WHERE resident_id = 9"])[0];
    assert_eq!(count(&db), 0);
    press(&mut app, &mut db, "/oych{Enter}r190{Tab}100");
    let preview = match &app.popup {
        Some(gridcare::tui::app::Popup::Form(f)) => f.preview.clone().unwrap().0,
        _ => panic!("form open"),
    };
    assert!(
        preview.contains("紧急转诊") && preview.contains("收缩压≥180"),
        "{preview}"
    );
    press(&mut app, &mut db, "{C-s}");
    assert!(app.popup.is_none(), "saved: {}", app.message);
    assert!(app.message.contains("已转诊"), "{}", app.message);
    assert_eq!(count(&db), 1);
    let (urgency, to, visit): (String, String, i64) = db
        .conn()
        .query_row(
            "SELECT urgency, to_level, visit_id FROM referral WHERE resident_id = 9",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let last_visit: i64 = common::value(&db, "SELECT max(id) FROM visit");
    assert_eq!(
        (urgency.as_str(), to.as_str(), visit),
        ("emergency", "county", last_visit)
    );
    assert!(referral_task(&db, 9).is_some());
    // another emergency reading while the referral is open: no second one
    press(&mut app, &mut db, "r185{Tab}100{C-s}");
    assert_eq!(count(&db), 1);
}

/// Screen 7: the no-reply list (sent, not received after 7 days) comes
/// first, oldest first; R, D and C record the steps through their forms.
#[test]
fn screen_7_lists_and_records_steps() {
    let mut db = fixture_db();
    let today = fixture_today();
    db.send_referral(9, &routine("2026-11-05"), today).unwrap();
    db.send_referral(1, &routine("2026-11-10"), today).unwrap();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "7");
    let names: Vec<&str> = app
        .views
        .referrals
        .no_reply
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["欧阳春花", "王大爷"],
        "no reply after 7 days, oldest first"
    );
    assert_eq!(app.views.referrals.open.len(), 1, "曾国强's, received");
    // R on the first: received today
    press(&mut app, &mut db, "R{C-s}");
    assert!(app.popup.is_none(), "{}", app.message);
    assert_eq!(app.views.referrals.no_reply.len(), 1);
    let r9 = db.referrals(today, true).unwrap();
    let r9 = r9.iter().find(|r| r.resident_id == 9).unwrap();
    assert_eq!(r9.received_on, Some(today));
    // D on a sent one is refused in the form, which stays open
    press(&mut app, &mut db, "D{C-s}");
    assert!(app.popup.is_some(), "refused: the form stays open");
    press(&mut app, &mut db, "{Esc}");
    // Enter opens the resident
    press(&mut app, &mut db, "{Enter}");
    assert_eq!(app.screen, gridcare::tui::Screen::Resident);
}

/// The CLI issues the same commands.
#[test]
fn cli_send_list_receive_return() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_file(dir.path());
    let db = path.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db, "--today", "2026-11-20", "referral"];
        all.extend_from_slice(args);
        common::gridcare_run(&all)
    };
    let (code, out, err) = run(&[
        "send",
        "--resident",
        "360425196212310923",
        "--to",
        "county",
        "--reason",
        "血压控制不满意",
        "--date",
        "2026-11-19",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("referral 2"), "{out}");
    let (code, out, _) = run(&["list", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("欧阳春花") && out.contains("\"sent\""),
        "{out}"
    );
    let (code, _, err) = run(&["return", "--id", "2", "--advice", "x"]);
    assert_ne!(code, 0);
    assert!(err.contains("never received"), "{err}");
    assert_eq!(run(&["receive", "--id", "2"]).0, 0);
    assert_eq!(run(&["return", "--id", "2", "--advice", "继续治疗"]).0, 0);
    let (_, out, _) = run(&["list", "--format", "json"]);
    assert!(!out.contains("欧阳春花"), "returned: not open: {out}");
}

/// Issue 14: `R` on the resident screen opens the send form for that
/// resident (from, to, reason, urgency, date); saving issues the same
/// command as `gridcare referral send`: the patient turns red with a
/// follow-up due within 14 days (§7). An empty reason writes nothing.
#[test]
fn refer_from_the_resident_screen() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    // 欧阳春花 (9): hypertension and diabetes, green, no referral
    press(&mut app, &mut db, "/欧阳春花{Enter}R");
    let screen = common::render(&app, 80, 24);
    assert!(screen.contains("转诊 · 欧阳春花"), "{screen}");
    assert!(screen.contains("< 乡镇卫生院 >"), "{screen}");
    assert!(screen.contains("< 县医院 >"), "{screen}");
    // no reason: refused on the form, nothing written
    let before = row_counts(&db, &["referral", "audit_log"]);
    press(&mut app, &mut db, "{C-s}");
    assert!(!common::form_errors(&app).is_empty());
    assert_eq!(row_counts(&db, &["referral", "audit_log"]), before);
    // the refusal put the cursor on the reason: typed, and urgency chosen, it is sent
    press(&mut app, &mut db, "血糖控制不满意{Tab}{Right}{C-s}");
    assert!(app.popup.is_none(), "{}", common::form_errors(&app));
    assert!(app.message.contains("已转诊"), "{}", app.message);
    let r = db.referrals(fixture_today(), true).unwrap();
    let r = r.iter().find(|r| r.resident_id == 9).expect("sent");
    assert_eq!(
        (
            r.from_level,
            r.to_level,
            r.urgency,
            r.reason.as_str(),
            r.sent_on
        ),
        (
            Level::Township,
            Level::County,
            Urgency::Emergency,
            "血糖控制不满意",
            fixture_today()
        )
    );
    assert_eq!(colour_of(&db, 9), Some(Colour::Red));
    let t = referral_task(&db, 9).expect("a referral follow-up");
    assert_eq!(t.when.deadline(), d("2026-12-04"));
}

/// Issue 14: the referral a follow-up's readings call for is shown in the
/// form, pre-filled (to, reason, urgency), and editable before saving; the
/// referral saved with the visit is the edited one.
#[test]
fn followup_referral_is_edited_before_it_is_sent() {
    use gridcare::domain::followup::Finding;
    use gridcare::tui::forms::FieldId;
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    // 王大爷 (1): uncontrolled on 2026-11-10; a second one calls for a referral
    press(&mut app, &mut db, "/wdy{Enter}r130{Tab}85");
    let form = |app: &gridcare::tui::App| match &app.popup {
        Some(gridcare::tui::app::Popup::Form(f)) => f
            .fields
            .iter()
            .find(|x| x.id == FieldId::RefReason)
            .map(|x| (x.hidden, x.text())),
        _ => None,
    };
    // controlled: no referral, the fields are not asked
    assert_eq!(form(&app).map(|f| f.0), Some(true));
    for _ in 0..2 {
        press(&mut app, &mut db, "{BS}");
    }
    press(&mut app, &mut db, "95{BackTab}");
    for _ in 0..3 {
        press(&mut app, &mut db, "{BS}");
    }
    press(&mut app, &mut db, "150");
    let proposed = gridcare::domain::referral::rule_text(Finding::TwoUncontrolled, true);
    assert_eq!(form(&app), Some((false, proposed.to_string())));
    // edit: to the township (refused below), a reason of our own, emergency
    let at = |app: &gridcare::tui::App, id| match &app.popup {
        Some(gridcare::tui::app::Popup::Form(f)) => f.fields.iter().position(|x| x.id == id),
        _ => None,
    };
    let set_focus = |app: &mut gridcare::tui::App, i: usize| {
        if let Some(gridcare::tui::app::Popup::Form(f)) = &mut app.popup {
            f.focus = i;
        }
    };
    // the referral's fields stand in the paper's 转诊 section (issue 27)
    let urgency = at(&app, FieldId::Urgency).unwrap();
    set_focus(&mut app, urgency);
    let screen = common::render(&app, 120, 40);
    assert!(screen.contains("转诊原因"), "{screen}");
    assert!(screen.contains("< 县医院 >"), "{screen}");
    let to = at(&app, FieldId::RefTo).unwrap();
    set_focus(&mut app, to);
    press(&mut app, &mut db, "{Left}{Tab}");
    for _ in 0..proposed.chars().count() {
        press(&mut app, &mut db, "{BS}");
    }
    press(&mut app, &mut db, "头晕加重，调药后血压仍高{Tab}{Right}");
    // an edit of another field keeps the edited referral
    let notes = at(&app, FieldId::Notes).unwrap();
    set_focus(&mut app, notes);
    press(&mut app, &mut db, "家属陪同");
    assert_eq!(
        form(&app),
        Some((false, "头晕加重，调药后血压仍高".to_string()))
    );
    // the visit is recorded at the township health centre: a referral to
    // the township is refused with the reason, and nothing is written
    let before = row_counts(&db, &["visit", "referral", "audit_log"]);
    press(&mut app, &mut db, "{C-s}");
    assert!(common::form_errors(&app).contains("同一级"));
    assert_eq!(row_counts(&db, &["visit", "referral", "audit_log"]), before);
    set_focus(&mut app, to);
    press(&mut app, &mut db, "{Right}{C-s}");
    assert!(app.popup.is_none(), "{}", common::form_errors(&app));
    let r = db.referrals(fixture_today(), true).unwrap();
    let r = r
        .iter()
        .find(|r| r.resident_id == 1)
        .expect("sent with the visit");
    assert_eq!(
        (r.to_level, r.urgency, r.reason.as_str()),
        (
            Level::County,
            Urgency::Emergency,
            "头晕加重，调药后血压仍高"
        )
    );
    assert_eq!(colour_of(&db, 1), Some(Colour::Red));
}

/// Screen 7 keeps each referral's state in view at every size: a narrow
/// terminal leaves out the "to" column (and then the village), never the
/// state, which says what R, D and C can do next.
#[test]
fn the_referral_list_shows_the_state_at_every_size() {
    use gridcare::domain::referral::{Level, ReferralState, Urgency};
    use gridcare::words::{level, state, urgency};
    for lang in [Lang::Zh, Lang::En] {
        let mut db = fixture_db();
        let mut app = load(&db, lang, false);
        press(&mut app, &mut db, "/欧阳春花{Enter}R");
        press(&mut app, &mut db, "{C-s}头晕加重{C-s}");
        assert!(app.popup.is_none(), "{}", app.message);
        press(&mut app, &mut db, "7");
        let head = gridcare::words::strings(lang).r_state;
        for (w, h) in [(60, 16), (80, 24), (120, 40)] {
            let screen = common::render(&app, w, h);
            let row = screen
                .lines()
                .find(|l| l.contains("欧阳春花"))
                .unwrap_or_else(|| panic!("{w}x{h}: the referral listed:\n{screen}"));
            assert!(
                row.contains(state(lang, ReferralState::Sent)),
                "{lang:?} {w}x{h}: its state in {row:?}"
            );
            assert!(
                screen.contains(head),
                "{lang:?} {w}x{h}: the state's header"
            );
            // the urgency in whole words (English once showed "routin")
            assert!(
                row.contains(&format!("{} ", urgency(lang, Urgency::Routine))),
                "{lang:?} {w}x{h}: urgency whole in {row:?}"
            );
            assert!(
                (w >= 80) == row.contains(level(lang, Level::County)),
                "{lang:?} {w}x{h}: 'to' shows where there is room: {row:?}"
            );
        }
    }
}

/// The send-referral form (walk of 2026-12-05): a referral to the level it
/// comes from is refused naming the level in words (it said "township" in
/// the Chinese form), the refusal goes once the level is changed, and a date
/// that does not exist says so on its field (it said 必填).
#[test]
fn send_referral_form_messages_follow_the_values() {
    for (lang, level, bad_day) in [
        (Lang::Zh, "乡镇卫生院", "2026 年 2 月没有 30 日"),
        (
            Lang::En,
            "from township cannot go to township",
            "February 2026 has no day 30",
        ),
    ] {
        let mut db = common::fixture_db();
        let mut app = common::load(&db, lang, false);
        common::press(
            &mut app,
            &mut db,
            "/wdy{Enter}R{Tab}{Left}{Tab}血压控制不满意{C-s}",
        );
        let err = common::form_errors(&app);
        assert!(
            err.contains(level) && (lang == Lang::En || !err.contains("township")),
            "{lang:?}: {err}"
        );
        common::press(&mut app, &mut db, "{BackTab}{Right}");
        assert_eq!(
            common::form_errors(&app),
            "",
            "{lang:?}: the refusal no longer stands"
        );
        common::press(&mut app, &mut db, "{Tab}{Tab}{Tab}");
        for _ in 0..10 {
            common::press(&mut app, &mut db, "{BS}");
        }
        common::press(&mut app, &mut db, "2026-02-30{C-s}");
        let err = common::form_errors(&app);
        assert!(err.contains(bad_day), "{lang:?}: {err}");
        let n: i64 = common::value(
            &db,
            "SELECT count(*) FROM referral WHERE reason = '血压控制不满意'",
        );
        assert_eq!(n, 0, "nothing written");
    }
}

/// Screen 7's column heads stay on screen when the list scrolls to its end
/// (walk of 2026-12-05: G scrolled them away).
#[test]
fn referral_heads_stay_when_the_list_scrolls() {
    let mut db = common::demo_db(1500);
    for (lang, head) in [(Lang::Zh, "等待天"), (Lang::En, "Days")] {
        let mut app = common::load(&db, lang, false);
        common::press(&mut app, &mut db, "7");
        let n = app.views.referrals.no_reply.len()
            + app.views.referrals.no_return.len()
            + app.views.referrals.open.len();
        assert!(n > 20, "the demo has more referrals than a screen: {n}");
        common::press(&mut app, &mut db, "G");
        assert_eq!(app.views.referrals.selected, n - 1);
        for (w, h) in [(80, 24), (60, 16)] {
            let screen = common::render(&app, w, h);
            assert!(screen.contains(head), "{lang:?} {w}x{h}:\n{screen}");
        }
    }
}

/// Issue 25 item 2: the county's advice of a returned referral is seen on
/// the resident screen (Tab to the referrals, Enter opens one) and in
/// `referral list --all`; one received and not returned after
/// referral.no_return_days is flagged as an unreceived one is (§7).
#[test]
fn returned_advice_is_seen_and_unreturned_ones_are_flagged() {
    let mut db = fixture_db();
    let today = fixture_today();
    let advice = "调整降压药，氨氯地平5mg每日一次";
    let first = db.send_referral(1, &routine("2026-09-01"), today).unwrap();
    db.receive_referral(first, d("2026-09-03"), today).unwrap();
    db.return_referral(first, d("2026-09-10"), advice, today)
        .unwrap();
    let second = db.send_referral(1, &routine("2026-10-01"), today).unwrap();
    db.receive_referral(second, d("2026-10-15"), today).unwrap();

    // the command line: the advice with the returned one, the flag on the other
    let all = gridcare::cli::referral::list_text(
        &db,
        today,
        true,
        gridcare::cli::Format::Table,
        Lang::En,
    )
    .unwrap();
    let line_of = |id: i64| {
        all.lines()
            .find(|l| l.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} listed:\n{all}"))
            .to_string()
    };
    assert!(
        line_of(first).contains(&format!("advice: {advice}")),
        "{all}"
    );
    assert!(line_of(second).contains("!not returned"), "{all}");
    let open = gridcare::cli::referral::list_text(
        &db,
        today,
        false,
        gridcare::cli::Format::Table,
        Lang::En,
    )
    .unwrap();
    assert!(
        !open.contains(advice),
        "a returned one is not open:\n{open}"
    );

    // screen 7: its own section, as the unreceived ones have
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "7");
    let names: Vec<&str> = app
        .views
        .referrals
        .no_return
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["王大爷"]);
    let screen = common::render(&app, 80, 24);
    assert!(screen.contains("接收后超过 30 天未下转：1 条"), "{screen}");

    // the resident screen: Tab to the referrals, the latest first
    press(&mut app, &mut db, "{Enter}");
    assert_eq!(app.screen, gridcare::tui::Screen::Resident);
    press(&mut app, &mut db, "{Tab}{Tab}");
    let screen = common::render(&app, 80, 24);
    assert!(screen.contains("转诊"), "{screen}");
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("2026-09-01 →") || l.contains("2026-10-01 →"))
        .collect();
    assert_eq!(rows.len(), 2, "{screen}");
    assert!(
        rows[0].contains("2026-10-01") && rows[0].contains("!未下转"),
        "{screen}"
    );
    assert!(
        rows[1].contains("已下转 2026-09-10") && rows[1].contains("调整降压药"),
        "{screen}"
    );
    insta::assert_snapshot!("resident_referrals_zh_80x24", screen);
    // Enter opens the returned one whole, its advice under its label
    press(&mut app, &mut db, "{Down}{Enter}");
    let screen = common::render(&app, 80, 24);
    assert!(app.popup.is_some(), "{screen}");
    assert!(
        screen.contains("下转意见") && screen.contains(advice),
        "{screen}"
    );
    insta::assert_snapshot!("resident_referral_open_zh_80x24", screen);
    // in English too
    let mut app = load(&db, Lang::En, false);
    press(&mut app, &mut db, "7{Enter}{Tab}{Tab}");
    let screen = common::render(&app, 80, 24);
    assert!(
        screen.contains("returned 2026-09-10") && screen.contains("!not returned"),
        "{screen}"
    );
}
