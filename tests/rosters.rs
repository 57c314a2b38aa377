//! Issue 12, rosters (domain.md §1, §2, §5): screen 5 by keys — a leaver's
//! grids handed over in one transaction with history kept, a grid given to
//! another worker, teams and volunteers — each refusal writing nothing, and
//! the load figures checked by hand on the fixture.

mod common;
use common::{fixture_db, form_errors, load, press, render, row_counts};
use gridcare::db::Db;
use gridcare::roster::Roster;
use gridcare::snapshot::Snapshot;
use gridcare::words::Lang;

const TABLES: &[&str] = &[
    "staff WHERE active = 1",
    "grid_assignment",
    "doctor_team",
    "team_member",
    "volunteer",
    "volunteer_group WHERE volunteer_id IS NOT NULL",
    "audit_log",
];

/// Grid `grid`'s assignments as staff:from:to, oldest first.
fn cover(db: &Db, grid: i64) -> String {
    db.conn()
        .query_row(
            "SELECT group_concat(staff_id || ':' || from_date || ':' || coalesce(to_date, '-'), ' ')
             FROM (SELECT * FROM grid_assignment WHERE grid_id = ?1 ORDER BY id)",
            [grid],
            |r| r.get(0),
        )
        .unwrap()
}

/// §2 by hand on the fixture: 涂春生 covers 富民村第一网格, whose ★1 household
/// (孙婆婆, alone at 86) asks a visit a week and whose ★4 household asks the
/// grid worker nothing: 1.0 a week. 淦小红 covers 第二网格: 曾国强's ★2
/// household, monthly = 12/52 a week. 熊建华 covers 新塘村: the ★1 override
/// (查玉兰) weekly, and 欧阳春花's ★3 household nothing of the grid worker.
#[test]
fn load_figures_by_hand() {
    let db = fixture_db();
    let snap = Snapshot::load(&db, gridcare::db::Scope::All, common::fixture_today()).unwrap();
    let r = Roster::load(&db, &snap).unwrap();
    let week = |name: &str| {
        r.people
            .iter()
            .find(|p| p.staff.name == name)
            .map(|p| p.load.per_week)
            .unwrap()
    };
    let cases = [("涂春生", 1.0), ("淦小红", 12.0 / 52.0), ("熊建华", 1.0)];
    for (name, want) in cases {
        assert!((week(name) - want).abs() < 1e-9, "{name}: {}", week(name));
    }
    assert!(r.uncovered.is_empty());
    // each of the two has one grid: nothing to hand over
    assert_eq!(r.proposal, None);
}

#[test]
fn a_leaver_hands_every_grid_over_in_one_transaction() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    // the people pane of 富民村: heading, 淦小红, 涂春生, …
    press(&mut app, &mut db, "5{Tab}{Tab}jj");
    let screen = render(&app, 80, 24);
    assert!(screen.contains(">涂春生"), "{screen}");
    // a date before 淦小红's own cover began is refused: nothing written
    let before = row_counts(&db, TABLES);
    press(&mut app, &mut db, "X");
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("富民村 第一网格 -> 淦小红"),
        "the grid goes to the village's least busy worker by default:\n{screen}"
    );
    press(
        &mut app,
        &mut db,
        "{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}2021-06-01{C-s}",
    );
    assert!(
        form_errors(&app).contains("交接日期"),
        "{}",
        form_errors(&app)
    );
    assert_eq!(row_counts(&db, TABLES), before, "nothing written");
    press(&mut app, &mut db, "{Esc}{Esc}X{C-s}");
    assert!(app.popup.is_none(), "{}", app.message);
    assert!(app.message.contains("涂春生"), "{}", app.message);
    // history kept: 涂春生's cover ends the day before; 淦小红 from today
    assert_eq!(cover(&db, 1), "2:2022-01-01:2026-11-19 3:2026-11-20:-");
    // past visits still show who was responsible then
    let then: Vec<(String, Option<String>)> = db
        .visit_details(gridcare::domain::model::Subject::Household(2), 10)
        .unwrap()
        .into_iter()
        .map(|v| (v.date.to_string(), v.grid_worker_then))
        .collect();
    assert_eq!(
        then,
        [
            ("2026-11-17".to_string(), Some("涂春生".to_string())),
            ("2026-11-03".to_string(), Some("涂春生".to_string()))
        ]
    );
    press(&mut app, &mut db, "q/孙婆婆{Enter}H{Tab}{Tab}");
    let screen = render(&app, 120, 40);
    assert!(screen.contains("已完成  网格员 涂春生"), "{screen}");
    press(&mut app, &mut db, "5");
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("淦小红") && screen.contains("第二网格 第一网格"),
        "{screen}"
    );
    assert!(screen.contains("涂春生   网格员    离任"), "{screen}");
}

#[test]
fn a_grid_is_given_to_another_worker() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    // the grid pane, 第一网格: the form starts on its worker
    press(&mut app, &mut db, "5{Tab}W");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("< 涂春生 (网格员) >"), "{screen}");
    // workers by name: 淦小红 涂春生 熊建华
    press(&mut app, &mut db, "{Right}{C-s}");
    assert!(
        app.popup.is_none(),
        "{:?}",
        app.popup.as_ref().map(|_| form_errors(&app))
    );
    assert_eq!(app.message, "已交接：富民村 第一网格交给熊建华");
    assert_eq!(cover(&db, 1), "2:2022-01-01:2026-11-19 4:2026-11-20:-");
    assert_eq!(
        app.snap.town.grids[0]
            .worker
            .as_ref()
            .map(|w| w.name.as_str()),
        Some("熊建华"),
        "the screens read the new cover at once"
    );
    // 熊建华 now carries two grids and 涂春生 none. The handover was just
    // made: b does not offer to undo it (issue 25 item 16) — 富民村第一网格
    // stays with 熊建华 and 涂春生, who gave it, is offered nothing; 熊建华's
    // other grid goes to 淦小红, the least busy of the rest — pre-filled;
    // Esc declines and writes nothing
    let before = row_counts(&db, TABLES);
    press(&mut app, &mut db, "b");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("< 淦小红 (网格员) >"), "{screen}");
    assert!(screen.contains("新塘村"), "{screen}");
    press(&mut app, &mut db, "{Esc}");
    assert_eq!(row_counts(&db, TABLES), before);
    // the same proposal in words under the people, and from `roster list`
    // with the command that carries it out
    let screen = render(&app, 120, 40);
    assert!(screen.contains("均衡建议：把"), "{screen}");
    assert!(screen.contains("从熊建华交给淦小红"), "{screen}");
    for (lang, want) in [
        (Lang::Zh, "从 熊建华 交给 淦小红"),
        (Lang::En, "from 熊建华 to 淦小红"),
    ] {
        let text = gridcare::cli::roster::roster_text(
            &db,
            common::fixture_today(),
            None,
            gridcare::cli::Format::Table,
            lang,
        )
        .unwrap();
        assert!(text.contains(want), "{text}");
        assert!(
            text.contains("gridcare roster assign --grid ") && text.contains("--worker 淦小红"),
            "{text}"
        );
    }
}

/// Issue 25 item 16: the proposal right after a handover offered to undo
/// it. A handover stands for four weeks (domain::load::SETTLE_DAYS; domain.md
/// §5 keeps a volunteer group's members where the coordinator put them, "a
/// full reshuffle is never automatic", and a coordinator expects the same of
/// a grid): the grid is not proposed again and its giver is offered none.
/// After that, a worker without a grid counts at nothing a week and is the
/// first offered one (issue 12).
#[test]
fn the_proposal_leaves_a_handover_just_made_be() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    // 富民村第一网格 from 涂春生 to 熊建华, by W, on the fixture's day
    press(&mut app, &mut db, "5{Tab}W{Right}{C-s}");
    assert_eq!(app.message, "已交接：富民村 第一网格交给熊建华");
    let handed = 1; // 富民村第一网格
    let name = |r: &Roster, id: i64| r.name_of(id);
    // (days after the handover, the grid proposed is the one handed over, to whom)
    let cases = [
        (0, false, "淦小红"),
        (27, false, "淦小红"),
        (28, true, "涂春生"),
    ];
    for (days, same_grid, to) in cases {
        let day = common::fixture_today() + chrono::Days::new(days);
        let snap = Snapshot::load(&db, gridcare::db::Scope::All, day).unwrap();
        let r = Roster::load(&db, &snap).unwrap();
        let h = r.proposal.clone().expect("a proposal");
        assert_eq!(
            (
                h.grid == handed,
                name(&r, h.from).as_str(),
                name(&r, h.to).as_str()
            ),
            (same_grid, "熊建华", to),
            "{days} days after the handover: {h:?}"
        );
    }
}

#[test]
fn no_proposal_when_the_load_is_even() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "5b");
    assert!(app.popup.is_none());
    assert!(app.message.contains("没有交接建议"), "{}", app.message);
    // `a` on Today of a registered township says where adding happens (found
    // on the walk: it claimed no household was registered)
    press(&mut app, &mut db, "qa");
    assert!(app.message.starts_with("新增在花名册"), "{}", app.message);
}

#[test]
fn teams_and_volunteers_by_keys() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    // the teams heading of 富民村: heading, 2 workers, doctor, GP, then teams
    press(&mut app, &mut db, "5{Tab}{Tab}jjjjj");
    assert!(render(&app, 80, 24).contains(">【家庭医生团队】"));
    press(&mut app, &mut db, "a富民村第二团队{C-s}");
    assert!(app.popup.is_none(), "{}", app.message);
    // the same name again: refused, nothing written
    let before = row_counts(&db, TABLES);
    press(&mut app, &mut db, "a富民村第二团队{C-s}");
    assert!(
        form_errors(&app).contains("已存在"),
        "{}",
        form_errors(&app)
    );
    press(&mut app, &mut db, "{Esc}{Esc}");
    assert_eq!(row_counts(&db, TABLES), before);
    // e on the new team: 余德明 (village doctor) as its leader
    let screen = render(&app, 80, 24);
    assert!(screen.contains("富民村第二团队"), "{screen}");
    press(&mut app, &mut db, "jj");
    let screen = render(&app, 80, 24);
    assert!(screen.contains(">富民村第二团队"), "{screen}");
    press(&mut app, &mut db, "e");
    // people by role, then name in pinyin order: 淦小红 涂春生 熊建华 万淑珍 余德明 江丽琴
    press(
        &mut app,
        &mut db,
        "{Right}{Right}{Right}{Right}{Tab}{Right}{C-s}",
    );
    assert!(app.popup.is_none(), "{}", app.message);
    let leader: String = common::value(&db, "SELECT s.name FROM team_member m JOIN staff s ON s.id = m.staff_id JOIN doctor_team t ON t.id = m.team_id
             WHERE t.name = '富民村第二团队' AND m.is_leader = 1");
    assert_eq!(leader, "余德明");

    // volunteers: 李秀英 by her ID number
    press(&mut app, &mut db, "G");
    press(&mut app, &mut db, "k");
    assert!(
        render(&app, 80, 24).contains(">【志愿者】"),
        "{}",
        render(&app, 80, 24)
    );
    press(&mut app, &mut db, "a360425195007020228{C-s}");
    assert!(app.popup.is_none(), "{}", app.message);
    assert!(render(&app, 80, 24).contains("李秀英"));
    let before = row_counts(&db, TABLES);
    for (id, why) in [
        ("360425195007020228", "已经是志愿者"),
        ("360425198001010014", "没有登记身份证号"),
        ("360425198001010015", "校验位"),
    ] {
        press(&mut app, &mut db, &format!("a{id}{{C-s}}"));
        assert!(
            form_errors(&app).contains(why),
            "{id}: {}",
            form_errors(&app)
        );
        press(&mut app, &mut db, "{Esc}{Esc}");
    }
    assert_eq!(row_counts(&db, TABLES), before, "refusals write nothing");

    // 王建国 steps down: a last day before he began is refused
    press(&mut app, &mut db, "G");
    assert!(
        render(&app, 80, 24).contains(">王建国"),
        "{}",
        render(&app, 80, 24)
    );
    press(
        &mut app,
        &mut db,
        "X{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}2025-12-01{C-s}",
    );
    assert!(
        form_errors(&app).contains("早于开始日期"),
        "{}",
        form_errors(&app)
    );
    assert_eq!(row_counts(&db, TABLES), before);
    press(
        &mut app,
        &mut db,
        "{Esc}{Esc}X{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}2026-11-10{C-s}",
    );
    assert!(app.popup.is_none(), "{}", app.message);
    // screen 6 flags his group; V gives it 李秀英
    press(&mut app, &mut db, "6");
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("王建国!") && screen.contains("志愿者已卸任"),
        "{screen}"
    );
    press(&mut app, &mut db, "V{C-s}");
    assert!(app.popup.is_none(), "{}", app.message);
    let screen = render(&app, 80, 24);
    assert!(
        !screen.contains("志愿者已卸任") && screen.contains("李秀英"),
        "{screen}"
    );
}

/// §1 one grid worker a grid: a write that would give a grid a second
/// current worker (here a script) is refused whole, and nothing changes.
#[test]
fn a_grid_never_has_two_current_workers() {
    let mut db = fixture_db();
    let before = row_counts(&db, TABLES);
    let e = db
        .apply_sql(
            "INSERT INTO staff (id, name, role) VALUES (50, '新网格员', 'grid_worker');
             INSERT INTO grid_assignment (staff_id, grid_id, from_date) VALUES (50, 1, '2026-11-01');",
        )
        .unwrap_err();
    assert!(e.to_string().contains("UNIQUE"), "{e}");
    assert_eq!(row_counts(&db, TABLES), before, "nothing written");
    // handing over through the roster command closes the current cover first
    db.add_staff(&gridcare::db::NewStaff {
        name: "新网格员".into(),
        role: gridcare::domain::model::StaffRole::GridWorker,
        phone: None,
        village_id: Some(1),
    })
    .unwrap();
    let id: i64 = common::value(&db, "SELECT id FROM staff WHERE name = '新网格员'");
    db.assign_grid(1, id, common::d("2026-11-01")).unwrap();
    assert_eq!(
        cover(&db, 1),
        format!("2:2022-01-01:2026-10-31 {id}:2026-11-01:-")
    );
}

/// Lists of people in pinyin order, as search and the queue (issue 10 item
/// 12; walk of 2026-12-05: volunteers came in code-point order, 丁 after 高):
/// volunteers within each village, everyone on the rosters, team members
/// after their leader.
#[test]
fn people_are_listed_in_pinyin_order() {
    use gridcare::search::name_key;
    let db = common::demo_db(1500);
    let vols = db.volunteers().unwrap();
    assert!(vols.len() > 20);
    for w in vols.windows(2) {
        if w[0].village_id == w[1].village_id {
            assert!(
                name_key(&w[0].name) <= name_key(&w[1].name),
                "{} before {}",
                w[0].name,
                w[1].name
            );
        }
    }
    let staff = db.staff().unwrap();
    for w in staff.windows(2) {
        assert!(
            name_key(&w[0].name) <= name_key(&w[1].name),
            "{} before {}",
            w[0].name,
            w[1].name
        );
    }
    for t in db.teams().unwrap() {
        for w in t.members.windows(2) {
            assert!(
                (!w[0].2, name_key(&w[0].1)) <= (!w[1].2, name_key(&w[1].1)),
                "{}: {} before {}",
                t.name,
                w[0].1,
                w[1].1
            );
        }
    }
}

/// A choice is found by typing (walk of 2026-12-05: the worker of `W`
/// could only be stepped through one by one): part of the name or pinyin
/// initials choose it; a letter that leads nowhere starts a new search;
/// Left/Right still step.
#[test]
fn a_worker_is_chosen_by_typing_their_initials() {
    // (keys typed on the worker field, the worker chosen) — workers by name: 淦小红 涂春生 熊建华
    let cases = [
        ("xjh", "熊建华"),
        ("gxh", "淦小红"),
        ("小红", "淦小红"),
        // x: 熊建华 begins with it (淦小红 only holds it); "xq" leads nowhere, q alone neither: the choice stays
        ("xq", "熊建华"),
        // tc → 涂春生; then Right steps on
        ("tc{Right}", "熊建华"),
    ];
    for (keys, who) in cases {
        let mut db = fixture_db();
        let mut app = load(&db, Lang::Zh, false);
        press(&mut app, &mut db, "5{Tab}W");
        press(&mut app, &mut db, keys);
        let screen = render(&app, 80, 24);
        assert!(
            screen.contains(&format!("< {who} (网格员) >")),
            "{keys}:\n{screen}"
        );
    }
}

/// `X` where nobody can leave says why (walk of 2026-12-05: it asked for "a
/// member in the member list", which screen 5 has not): one who left says
/// so, a team or heading says what X is for; a new team's form opens
/// without an error and an empty name is refused as required, not as a
/// person's name.
#[test]
fn x_says_why_nobody_can_leave_here() {
    let mut db = fixture_db();
    db.end_staff(2, common::fixture_today(), &[(1, 3)]).unwrap();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "5{Tab}{Tab}");
    let select = |app: &mut gridcare::tui::App, db: &mut Db, what: &str| {
        for _ in 0..30 {
            let screen = render(app, 120, 40);
            if screen.lines().any(|l| l.contains(&format!(">{what}"))) {
                return;
            }
            press(app, db, "j");
        }
        panic!("{what} not found:\n{}", render(app, 120, 40));
    };
    select(&mut app, &mut db, "涂春生");
    press(&mut app, &mut db, "X");
    assert!(app.popup.is_none());
    assert_eq!(app.message, "涂春生已离任或卸任");
    select(&mut app, &mut db, "富民村家庭医生团队");
    press(&mut app, &mut db, "X");
    assert!(app.popup.is_none());
    assert!(
        app.message.starts_with("X 用于人员离任或志愿者卸任"),
        "{}",
        app.message
    );
    // a new team: no error before anything is typed; empty is 必填
    press(&mut app, &mut db, "a");
    assert!(form_errors(&app).is_empty(), "{}", form_errors(&app));
    let before = row_counts(&db, TABLES);
    press(&mut app, &mut db, "{C-s}");
    let errors = form_errors(&app);
    assert!(
        errors.contains("必填") && !errors.contains("姓名"),
        "{errors}"
    );
    assert_eq!(row_counts(&db, TABLES), before);
}

/// Enter on screen 5 (walk of 2026-12-05: `?` listed it, it did nothing
/// past the villages): a grid opens its queue, a grid worker or a team
/// theirs, a volunteer the resident they are.
#[test]
fn enter_opens_what_the_roster_row_is() {
    use gridcare::domain::queue::WorkerRole;
    use gridcare::tui::Screen;
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "5{Enter}{Enter}");
    assert_eq!(app.screen, Screen::Queues);
    assert_eq!(app.views.queue.filter.grid, Some(1), "富民村第一网格");
    // back on screen 5 the grid pane still has the focus: Tab to the people
    press(&mut app, &mut db, "5{Tab}jj");
    assert!(render(&app, 80, 24).contains(">涂春生"));
    press(&mut app, &mut db, "{Enter}");
    assert_eq!(app.screen, Screen::Queues);
    assert_eq!(
        app.views.queue.filter.worker,
        Some((WorkerRole::GridWorker, 2))
    );
    press(&mut app, &mut db, "5");
    for _ in 0..20 {
        if render(&app, 120, 40).contains(">王建国") {
            break;
        }
        press(&mut app, &mut db, "j");
    }
    press(&mut app, &mut db, "{Enter}");
    assert_eq!(app.screen, Screen::Resident);
    assert!(render(&app, 80, 24).contains("王建国"));
}

/// A form that opens is the answer to its key: the status line's older
/// word goes (walk of 2026-12-05: "select a grid first" stayed under the
/// grid's form).
#[test]
fn an_opened_form_clears_an_older_word() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "5W");
    assert!(app.popup.is_none());
    assert_eq!(app.message, "请先在网格窗格选择一个网格。");
    press(&mut app, &mut db, "{Tab}W");
    assert!(app.popup.is_some());
    assert_eq!(app.message, "");
}
