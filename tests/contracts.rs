//! Issue 14, contracts 签约 (domain.md §1, §8): signed, renewed and ended
//! early by keys on the resident screen and by the CLI; the contracts ending
//! soon; each refusal shown and nothing written.

mod common;
use common::{
    fixture_db, fixture_file, form_errors, gridcare_run, load, press, render, row_counts,
};
use gridcare::db::Db;
use gridcare::words::Lang;

const TABLES: &[&str] = &["contract", "audit_log"];

fn contracts(db: &Db, resident: i64) -> String {
    db.contracts_of(resident)
        .unwrap()
        .iter()
        .rev()
        .map(|c| {
            format!(
                "{}:{}~{}{}",
                c.team,
                c.start,
                c.end,
                c.end_reason
                    .as_deref()
                    .map_or(String::new(), |r| format!(" ({r})"))
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn sign_renew_and_end_by_keys() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    // 王建国 (resident 3) has no contract
    press(&mut app, &mut db, "/王建国{Enter}");
    assert!(render(&app, 80, 24).contains("签约团队: 未签约"));
    // Z with nothing to end says so and opens nothing
    press(&mut app, &mut db, "Z");
    assert!(app.popup.is_none());
    assert!(app.message.contains("没有有效签约"), "{}", app.message);
    // K signs with the village's team, from today for a year
    press(&mut app, &mut db, "K");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("< 富民村家庭医生团队 >"), "{screen}");
    press(&mut app, &mut db, "{C-s}");
    assert!(app.popup.is_none(), "{}", form_errors(&app));
    assert_eq!(
        contracts(&db, 3),
        "富民村家庭医生团队:2026-11-20~2027-11-19"
    );
    assert!(
        render(&app, 80, 24).contains("富民村家庭医生团队 至 2027-11-19"),
        "{}",
        render(&app, 80, 24)
    );
    // K again renews: the next period is a row of its own
    press(&mut app, &mut db, "K{C-s}");
    assert!(app.popup.is_none(), "{}", form_errors(&app));
    assert_eq!(
        contracts(&db, 3),
        "富民村家庭医生团队:2026-11-20~2027-11-19 富民村家庭医生团队:2027-11-20~2028-11-19"
    );
    // Z ends the current one: on its first day, or without a reason, refused
    let before = row_counts(&db, TABLES);
    press(&mut app, &mut db, "Z{Tab}原因{C-s}");
    assert!(
        form_errors(&app).contains("早于开始日期"),
        "{}",
        form_errors(&app)
    );
    press(
        &mut app,
        &mut db,
        "{Esc}{Esc}Z{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}{BS}2026-11-30{C-s}",
    );
    assert!(!form_errors(&app).is_empty(), "a reason is needed");
    assert_eq!(row_counts(&db, TABLES), before, "nothing written");
    press(&mut app, &mut db, "{Tab}迁往外地{C-s}");
    assert!(app.popup.is_none(), "{}", form_errors(&app));
    assert!(contracts(&db, 3).starts_with("富民村家庭医生团队:2026-11-20~2026-11-30 (迁往外地)"));
}

#[test]
fn refusals_write_nothing() {
    let mut db = fixture_db();
    let before = row_counts(&db, TABLES);
    let d = common::d;
    // 王大爷 (1) holds one to 2026-12-31: an overlapping one is refused
    let e = db
        .sign_contract(1, 1, d("2026-12-01"), d("2027-11-30"))
        .unwrap_err();
    assert!(e.to_string().contains("2026-12-31"), "{e}");
    // an unknown team, an end before the start
    assert!(
        db.sign_contract(3, 99, d("2026-12-01"), d("2027-11-30"))
            .is_err()
    );
    assert!(
        db.sign_contract(3, 1, d("2026-12-01"), d("2026-11-30"))
            .is_err()
    );
    // ending on or after its own end, before its start, with no reason
    let c = db.contracts_of(1).unwrap()[0].id;
    assert!(db.end_contract(c, d("2026-12-31"), "x").is_err());
    assert!(db.end_contract(c, d("2025-12-31"), "x").is_err());
    assert!(db.end_contract(c, d("2026-11-30"), " ").is_err());
    assert_eq!(row_counts(&db, TABLES), before);
}

#[test]
fn contracts_ending_soon_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path());
    let db = db.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db, "--today", "2026-11-20"];
        all.extend_from_slice(args);
        gridcare_run(&all)
    };
    // 王大爷's and 李秀英's end 2026-12-31: 41 days on
    let (code, out, err) = run(&["contract", "expiring"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("no contract ends"), "{out}");
    let (_, out, _) = run(&["contract", "expiring", "--days", "45", "--format", "csv"]);
    let names: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(names, ["李秀英", "王大爷"], "{out}");
    // renewing 王大爷's takes him off the list
    let (code, out, err) = run(&["contract", "renew", "--resident", "360425194803150117"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2027-01-01 to 2027-12-31"), "{out}");
    let (_, out, _) = run(&["contract", "expiring", "--days", "45", "--format", "csv"]);
    assert_eq!(out.lines().count(), 2, "{out}");
    // signing 王建国 and ending it early
    let (code, _, err) = run(&[
        "contract",
        "sign",
        "--resident",
        "360425197501200311",
        "--team",
        "富民村家庭医生团队",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&[
        "contract",
        "end",
        "--resident",
        "360425197501200311",
        "--date",
        "2026-12-01",
        "--reason",
        "本人要求",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&[
        "contract",
        "sign",
        "--resident",
        "360425197501200311",
        "--team",
        "没有的团队",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("没有的团队"), "{err}");
}

/// A village's second team can be chosen when signing (the form lists every
/// team of the session's villages, as the rosters do, the village's first).
#[test]
fn a_second_team_of_the_village_can_be_chosen() {
    let mut db = fixture_db();
    db.apply_sql(
        "INSERT INTO doctor_team (id, name, village_id) VALUES (3, '富民村第二家庭医生团队', 1)",
    )
    .unwrap();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "/王建国{Enter}K");
    assert!(render(&app, 80, 24).contains("< 富民村家庭医生团队 >"));
    press(&mut app, &mut db, "{Right}");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("< 富民村第二家庭医生团队 >"), "{screen}");
    press(&mut app, &mut db, "{C-s}");
    assert!(app.popup.is_none(), "{}", form_errors(&app));
    assert_eq!(
        contracts(&db, 3),
        "富民村第二家庭医生团队:2026-11-20~2027-11-19"
    );
}

/// Issue 26: `c` on the rosters lists the contracts ending within 30 days;
/// Enter opens the resident, `n` renews through the resident screen's form
/// and the contract leaves the list; each language's help names the keys.
#[test]
fn contracts_expiring_screen_opens_and_renews() {
    let mut db = fixture_db();
    let d = common::d;
    // 王建国 (3): one ending 2026-12-10, 20 days after the fixture's day
    db.sign_contract(3, 1, d("2025-12-11"), d("2026-12-10"))
        .unwrap();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "5?");
    assert!(
        render(&app, 80, 24).contains("签约到期"),
        "rosters' help names c"
    );
    press(&mut app, &mut db, "{Esc}c");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("签约到期"), "{screen}");
    assert!(
        screen.contains("王建国") && screen.contains("2026-12-10"),
        "{screen}"
    );
    // 王大爷's and 李秀英's end in 41 days: not listed
    assert!(
        !screen.contains("王大爷") && !screen.contains("李秀英"),
        "{screen}"
    );
    press(&mut app, &mut db, "{Enter}");
    assert_eq!(app.screen, gridcare::tui::Screen::Resident);
    assert_eq!(app.views.resident.as_ref().map(|r| r.id), Some(3));
    // back to the list; n renews from the day after its end, for a year
    press(&mut app, &mut db, "{Esc}n");
    assert!(app.popup.is_some(), "n opens the renewal form");
    press(&mut app, &mut db, "{C-s}");
    assert!(app.popup.is_none(), "{}", form_errors(&app));
    assert!(
        contracts(&db, 3).ends_with("富民村家庭医生团队:2026-12-11~2027-12-10"),
        "{}",
        contracts(&db, 3)
    );
    let screen = render(&app, 80, 24);
    assert_eq!(app.screen, gridcare::tui::Screen::Contracts);
    assert!(!screen.contains("王建国"), "{screen}");
    assert!(screen.contains("30 天内没有到期的签约"), "{screen}");
    // in English too, with its keys in the help
    let mut app = load(&db, Lang::En, false);
    press(&mut app, &mut db, "5c?");
    let help = render(&app, 80, 24);
    assert!(help.contains("renew the selected contract"), "{help}");
}

/// Issue 26 item 4: which contract is current, and where a renewal starts,
/// are one rule (domain.md §1: yearly contracts 签约, renewed period after
/// period; §8 签约率 counts a contract valid from its start to its last
/// day) that the interface's resident screen and `gridcare contract` ask.
#[test]
fn the_current_contract_and_the_renewal_start_are_one_rule() {
    use gridcare::db::{ContractRow, contract_to_change, current_contract};
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let c = |id: i64, from: &str, to: &str| ContractRow {
        id,
        resident_id: 1,
        team_id: 1,
        team: "富民村家庭医生团队".into(),
        start: d(from),
        end: d(to),
        end_reason: None,
    };
    // (contracts, as-of day, current, to change, renewal start of the one to change)
    let cases: Vec<(
        &str,
        Vec<ContractRow>,
        &str,
        Option<i64>,
        Option<i64>,
        Option<&str>,
    )> = vec![
        (
            "one valid",
            vec![c(1, "2026-01-01", "2026-12-31")],
            "2026-06-01",
            Some(1),
            Some(1),
            Some("2027-01-01"),
        ),
        (
            "last day still valid",
            vec![c(1, "2026-01-01", "2026-12-31")],
            "2026-12-31",
            Some(1),
            Some(1),
            Some("2027-01-01"),
        ),
        (
            "expired",
            vec![c(1, "2025-01-01", "2025-12-31")],
            "2026-06-01",
            None,
            Some(1),
            Some("2026-01-01"),
        ),
        (
            "not begun",
            vec![c(1, "2026-07-01", "2027-06-30")],
            "2026-06-01",
            None,
            Some(1),
            Some("2027-07-01"),
        ),
        (
            "renewed: the valid one, not the next",
            vec![
                c(2, "2027-01-01", "2027-12-31"),
                c(1, "2026-01-01", "2026-12-31"),
            ],
            "2026-06-01",
            Some(1),
            Some(1),
            Some("2027-01-01"),
        ),
        (
            "overlapping rows (hand-edited): the first valid",
            vec![
                c(1, "2026-01-01", "2026-12-31"),
                c(2, "2026-06-01", "2027-05-31"),
            ],
            "2026-07-01",
            Some(1),
            Some(1),
            Some("2027-01-01"),
        ),
        (
            "expired and future: the latest to start",
            vec![
                c(1, "2025-01-01", "2025-12-31"),
                c(2, "2026-09-01", "2027-08-31"),
            ],
            "2026-06-01",
            None,
            Some(2),
            Some("2027-09-01"),
        ),
        ("none", vec![], "2026-06-01", None, None, None),
    ];
    for (what, rows, day, current, change, start) in cases {
        let day = d(day);
        assert_eq!(
            current_contract(&rows, day).map(|c| c.id),
            current,
            "{what}: current"
        );
        let to_change = contract_to_change(&rows, day);
        assert_eq!(to_change.map(|c| c.id), change, "{what}: to change");
        assert_eq!(
            to_change.map(|c| c.renewal_start()),
            start.map(d),
            "{what}: renewal start"
        );
    }
}
