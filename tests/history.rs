//! The change history (issue 15 item 3, domain.md §10): `i` on the resident
//! and household screens lists, newest first, exactly the changes a session
//! made, in words, with each changed field as `字段: 旧 → 新`.

mod common;
use common::{fixture_db, key, load, press};
use gridcare::db::Db;
use gridcare::tui::App;
use gridcare::tui::app::Popup;
use gridcare::words::Lang;
use ratatui::crossterm::event::KeyCode;

/// The open popup's title and text (panics when it is not the text popup).
fn popup_text(app: &App) -> (String, String) {
    match &app.popup {
        Some(Popup::Text(tv)) => (tv.title.clone(), tv.text.clone()),
        _ => panic!("the history popup is open; message: {}", app.message),
    }
}

/// A scripted session as a coordinator would type it: 王大爷's phone changed,
/// then his re-check recorded (uncontrolled a second time, so it sends a
/// referral, §3), then 李秀英 (same household) marked disabled. The audit times are pinned so the text can be compared whole.
pub fn scripted_session(lang: Lang) -> (Db, App) {
    let mut db = fixture_db();
    let mut app = load(&db, lang, false);
    app.utc_offset = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    press(&mut app, &mut db, "/wdy{Enter}e{Tab}{Tab}");
    for _ in 0..11 {
        app.handle_key(key(KeyCode::Backspace), &mut db);
    }
    press(&mut app, &mut db, "13912345678{C-s}");
    assert!(app.popup.is_none(), "phone saved: {}", app.message);
    press(&mut app, &mut db, "r152{Tab}94{C-s}");
    assert!(app.popup.is_none(), "follow-up saved: {}", app.message);
    press(
        &mut app,
        &mut db,
        "/lxy{Enter}e{Tab}{Tab}{Tab}{Tab}{Tab}{Right}{C-s}",
    );
    assert!(app.popup.is_none(), "disabled saved: {}", app.message);
    db.conn()
        .execute(
            "UPDATE audit_log SET at = '2026-11-20 0' || id || ':05:00'",
            [],
        )
        .unwrap();
    (db, app)
}

#[test]
fn resident_history_lists_exactly_the_session_s_changes() {
    let (mut db, mut app) = scripted_session(Lang::Zh);
    let audit_rows: i64 = common::value(&db, "SELECT count(*) FROM audit_log");
    assert_eq!(
        audit_rows, 4,
        "one row per change: the re-check sends a referral"
    );
    press(&mut app, &mut db, "/wdy{Enter}i");
    let (title, text) = popup_text(&app);
    assert_eq!(title, "变更记录 · 王大爷");
    assert_eq!(
        text,
        "2026-11-20 11:05  测试员  发出转诊\n    \
         转出机构 乡镇卫生院，转入机构 县医院，紧急程度 普通，原因 连续两次控制不满意，转出日期 2026-11-20\n\
         2026-11-20 10:05  测试员  记录两周复查\n    \
         类型 两周复查，方式 家庭，日期 2026-11-20，结果 已完成，收缩压 152，舒张压 94，\
         服药依从性 规律，随访分类 控制不满意，转诊 建议转诊，随访人 测试员\n\
         2026-11-20 09:05  测试员  修改电话\n    \
         电话: 13807921111 → 13912345678"
    );
    // j scrolls, any other key closes it
    press(&mut app, &mut db, "j");
    assert!(app.popup.is_some());
    press(&mut app, &mut db, "q");
    assert!(app.popup.is_none());
}

#[test]
fn household_history_names_the_member() {
    let (mut db, mut app) = scripted_session(Lang::En);
    press(&mut app, &mut db, "H");
    press(&mut app, &mut db, "i");
    let (title, text) = popup_text(&app);
    assert!(title.starts_with("Change history · "), "{title}");
    let heads: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(
        heads,
        [
            "2026-11-20 12:05  测试员  changed disabled · 李秀英",
            "2026-11-20 11:05  测试员  sent a referral · 王大爷",
            "2026-11-20 10:05  测试员  recorded re-check · 王大爷",
            "2026-11-20 09:05  测试员  changed phone · 王大爷",
        ]
    );
    assert!(text.contains("    disabled: no → yes\n"), "{text}");
}

#[test]
fn no_history_says_so_and_the_cli_prints_the_same_words() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/wdy{Enter}i");
    assert_eq!(popup_text(&app).1, "没有变更记录。");
    // the CLI's table is the same text (shared formatting), with the name
    let (db, _) = scripted_session(Lang::Zh);
    let entries = db
        .audit_entries(&gridcare::db::AuditFilter {
            resident: Some(1),
            ..Default::default()
        })
        .unwrap();
    let table = gridcare::cli::audit::audit_text(&entries, gridcare::cli::Format::Table, Lang::Zh);
    assert!(
        table.contains("修改电话 · 王大爷\n    电话: 13807921111 → 13912345678\n"),
        "{table}"
    );
}

/// The audit in words for the writes outside a visit (walk of 2026-12-05:
/// a condition added listed every field of the resident as `（空） → …`,
/// roster and plan writes showed raw codes such as add_volunteer,
/// plan_move_out): each entry's action from the catalogue in both
/// languages, whom it concerns, no field list where nothing of the record
/// changed, and a group move as its two groups' names.
#[test]
fn roster_group_plan_and_condition_writes_read_as_words() {
    use gridcare::db::{AuditFilter, NewCondition, NewStaff};
    use gridcare::domain::model::{Condition, StaffRole};
    let mut db = fixture_db();
    let today = common::fixture_today();
    let start = db.last_audit().unwrap();
    let id = db
        .add_staff(&NewStaff {
            name: "淦小红".into(),
            role: StaffRole::GridWorker,
            phone: None,
            village_id: Some(1),
        })
        .unwrap();
    db.add_condition(
        &NewCondition {
            resident_id: 7,
            condition: Condition::Diabetes,
            diagnosed_on: today,
            managed_from: today,
        },
        today,
    )
    .unwrap();
    let g2 = db.create_group(1, "", Some(1), today).unwrap();
    db.move_to_group(7, g2, today).unwrap();
    let week = gridcare::domain::calendar::Period::containing(
        gridcare::domain::calendar::Cadence::Week,
        today,
    );
    let who = db.find_worker("涂春生").unwrap();
    let town = db.township(today).unwrap();
    let rules = db.rules().unwrap();
    let all = gridcare::weekly::week_tasks(&town, &rules, week, today);
    gridcare::weekly::ensure(&mut db, &all, &rules, who, week, today).unwrap();
    db.move_planned(who, week, ("household:h1", 1), true, "顺路")
        .unwrap();
    // from the week's Monday: the week is the new worker's (§6, Thursday rule)
    db.assign_grid(1, id, week.start).unwrap();
    let entries: Vec<_> = db
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.id > start)
        .collect();
    let utc = chrono::FixedOffset::east_opt(0).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        for e in &entries {
            let it = gridcare::history::item(lang, e, utc);
            assert_ne!(it.what, e.action, "{lang:?}: {} has no words", e.action);
            assert!(it.subject.is_some(), "{}: whom is it about?", e.action);
            let lines = gridcare::history::item_lines(lang, &it, true);
            assert!(
                !lines
                    .iter()
                    .any(|l| l.contains("（空） →") || l.contains("(none) →"))
                    || e.action == "group_move"
                    || e.action == "end_assignment",
                "{lang:?} {}: {lines:?}",
                e.action
            );
        }
    }
    let text = gridcare::history::text(Lang::Zh, &entries, utc, true);
    for want in [
        "新增人员 · 淦小红",
        "新增慢病：糖尿病",
        "调整志愿者小组",
        "志愿者小组: 富民村第1组 → 富民村第2组",
        "制定本周计划 · 涂春生 2026-W47",
        "手动调入本周计划 · 涂春生 2026-W47",
        "网格交接：计划转给新网格员 · 涂春生 2026-W47",
        "分配网格 · 富民村 第一网格 · 淦小红",
    ] {
        assert!(text.contains(want), "{want} not in:\n{text}");
    }
    // the line under an entry: a hand move names the household and the
    // reason; a condition added lists no fields
    let under = |what: &str| {
        text.lines()
            .skip_while(|l| !l.contains(what))
            .nth(1)
            .unwrap_or("")
            .to_string()
    };
    let moved = under("手动调入本周计划");
    assert!(
        moved.contains("任务 ") && moved.contains("原因 顺路"),
        "{text}"
    );
    assert!(
        !under("新增慢病").starts_with("    "),
        "fields listed under 新增慢病:\n{text}"
    );
    // the rosters keep their values too (§10, before and after): the person
    // added, the cover's first and last day, the planned tasks handed over
    // (walk of 2026-12-05: a handover's entry gave no date and no worker)
    let start = week.start.to_string();
    let last = week.start.pred_opt().unwrap().to_string();
    for (what, want) in [
        ("新增人员", "姓名 淦小红，岗位 网格员，在职 是".to_string()),
        ("分配网格", format!("开始日期 {start}")),
        ("结束网格分配", format!("最后一天: （空） → {last}")),
        (
            "网格交接",
            "网格 富民村 第一网格，交给 淦小红，任务数 ".to_string(),
        ),
    ] {
        assert!(
            under(what).contains(&want),
            "{what}: {want} not in:\n{text}"
        );
    }
}
