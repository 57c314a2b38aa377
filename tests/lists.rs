//! What the interface's lists show and in which order (issue 10 items 11
//! and 12): search hits marked when one letter off, a phone-tail hit with its
//! phone, and open-task lists without done tasks. Driven by keys on the fixture.

mod common;
use common::{fixture_db, load, press};
use gridcare::domain::model::Subject;
use gridcare::domain::queue::Status;
use gridcare::tui::{self, App, Screen};
use gridcare::words::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(app: &mut App, w: u16, h: u16) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| tui::draw(f, app)).unwrap();
    // TestBackend shows each row quoted, wide characters whole
    format!("{}", t.backend())
        .lines()
        .map(|l| {
            let l = l.strip_prefix('"').unwrap_or(l);
            let end = l.find("\" Hidden").unwrap_or(l.trim_end_matches('"').len());
            l[..end].to_string()
        })
        .collect()
}

/// The search popup's row of a name.
fn row_of(lines: &[String], name: &str) -> String {
    lines
        .iter()
        .find(|l| l.contains(name) && l.contains('岁'))
        .cloned()
        .unwrap_or_else(|| panic!("no row of {name}:\n{}", lines.join("\n")))
}

/// Item 11: a one-letter-off hit (or one by a rarer reading) is marked `~` before the name and ranks after
/// the exact ones; a hit by the phone's tail shows the phone, not the masked ID.
#[test]
fn search_rows_mark_fuzzy_hits_and_show_the_phone() {
    struct Case {
        keys: &'static str,
        ascii: bool,
        name: &'static str,
        has: &'static [&'static str],
        lacks: &'static [&'static str],
    }
    let cases = [
        // 王建国 (wjg) exactly; 王大爷 wdy is two letters off; nothing fuzzy here
        Case {
            keys: "/wjg",
            ascii: false,
            name: "王建国",
            has: &["> 王建国     51岁"],
            lacks: &["~"],
        },
        // wxy: 王小龙 (wxl) is one letter off, marked; in ASCII too
        Case {
            keys: "/wxy",
            ascii: false,
            name: "王小龙",
            has: &["~王小龙     4岁"],
            lacks: &[],
        },
        Case {
            keys: "/wxy",
            ascii: true,
            name: "王小龙",
            has: &["~王小龙     4岁"],
            lacks: &[],
        },
        // the phone's tail: the phone stands where the masked ID would
        Case {
            keys: "/2222",
            ascii: false,
            name: "王建国",
            has: &["13807922222"],
            lacks: &["********"],
        },
        // the ID's tail: the masked ID, as before
        Case {
            keys: "/0311",
            ascii: false,
            name: "王建国",
            has: &["360425********0311"],
            lacks: &["13807922222"],
        },
    ];
    for c in cases {
        let mut db = fixture_db();
        let mut app = load(&db, Lang::Zh, c.ascii);
        press(&mut app, &mut db, c.keys);
        let lines = render(&mut app, 80, 24);
        let row = row_of(&lines, c.name);
        for h in c.has {
            assert!(row.contains(h), "{}: {row:?} lacks {h:?}", c.keys);
        }
        for l in c.lacks {
            assert!(!row.contains(l), "{}: {row:?} has {l:?}", c.keys);
        }
    }
}

/// Item 12: the household screen's 待办任务 list and the resident screen's
/// hold no done task, though the household has one (李秀英's follow-up of
/// October counts for the quarter).
#[test]
fn open_task_lists_hold_no_done_task() {
    let mut db = fixture_db();
    let mut app = load(&db, Lang::Zh, false);
    // the fixture has a done task in 王大爷's household: the test means something
    press(&mut app, &mut db, "/lxy{Enter}");
    assert_eq!(app.screen, Screen::Resident);
    let lixiuying = app
        .views
        .resident
        .as_ref()
        .map(|r| r.id)
        .expect("李秀英 is open");
    assert!(
        app.tasks_of(Subject::Resident(lixiuying))
            .any(|t| t.status == Status::Done),
        "李秀英 has a done task"
    );
    // the resident screen: the 待办任务 block has no 已完成 row
    let lines = render(&mut app, 120, 40);
    let top = lines
        .iter()
        .position(|l| l.contains("待办任务"))
        .expect("open-task block");
    let block: Vec<&String> = lines[top + 1..]
        .iter()
        .take_while(|l| !l.contains('└'))
        .collect();
    assert!(
        block.iter().all(|l| !l.contains("已完成")),
        "{}",
        lines.join("\n")
    );
    // the household screen
    press(&mut app, &mut db, "H");
    assert_eq!(app.screen, Screen::Household);
    let id = app.views.household.as_ref().map(|h| h.id).unwrap();
    let h = app.find_household(id).unwrap().clone();
    let listed = app.household_tasks(&h);
    assert!(!listed.is_empty());
    assert!(
        listed
            .iter()
            .all(|t| !matches!(t.status, Status::Done | Status::Removed)),
        "{:?}",
        listed
            .iter()
            .map(|t| (&t.name, t.status))
            .collect::<Vec<_>>()
    );
    let lines = render(&mut app, 120, 40);
    let top = lines
        .iter()
        .position(|l| l.contains("待办任务"))
        .expect("open-task block");
    assert!(
        lines[top + 1..]
            .iter()
            .take_while(|l| !l.contains('└'))
            .all(|l| !l.contains("已完成")),
        "{}",
        lines.join("\n")
    );
}

/// Today's red list at 80 columns (walk of 2026-12-05: the village was cut
/// to its first character, 南): after the date comes a whole village's name
/// or nothing; the dates line up in one column.
#[test]
fn todays_red_rows_show_whole_villages_or_none() {
    let mut db = common::demo_db(1500);
    let villages: Vec<String> = db
        .township(common::fixture_today())
        .unwrap()
        .villages
        .iter()
        .map(|v| v.name.clone())
        .collect();
    // (at 60 columns the list has room for name and cause only)
    for (w, h) in [(80, 24), (120, 40)] {
        let app = load(&db, Lang::Zh, false);
        let lines = render(&mut { app }, w, h);
        // issue 25 item 11: the date said as what it is, 截止 … or 逾期 …
        let rows: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.split_once("││").map(|(_, right)| right))
            .filter(|l| l.contains("红 ") && (l.contains("逾期 ") || l.contains("截止 ")))
            .collect();
        assert!(rows.len() > 5, "{w}x{h}: red rows:\n{}", lines.join("\n"));
        // the list has its heads (issue 25 item 11)
        assert!(
            lines
                .iter()
                .any(|l| l.contains("姓名") && l.contains("原因") && l.contains("截止/逾期")),
            "{w}x{h}: heads:\n{}",
            lines.join("\n")
        );
        let mut date_at = std::collections::HashSet::new();
        for r in rows {
            let i = r.find("逾期 ").or_else(|| r.find("截止 ")).unwrap();
            date_at.insert(unicode_width::UnicodeWidthStr::width(&r[..i]));
            // the when is two words (逾期 94天, 截止 2026-12-01); then the village
            let after: String = r[i..]
                .trim_end_matches(['│', ' '])
                .split_whitespace()
                .skip(2)
                .collect();
            assert!(
                after.is_empty() || villages.contains(&after),
                "{w}x{h}: {after:?} is not a village: {r}"
            );
        }
        assert_eq!(date_at.len(), 1, "{w}x{h}: the dates line up");
    }
    let _ = &mut db;
}

/// Issue 25 item 15: `/` finds people by full pinyin, with or without
/// spaces and mixed with initials; a surname by its reading as a surname
/// (单 shàn, 曾 zēng) first, its other reading marked `~`.
#[test]
fn search_by_full_pinyin() {
    // (typed after `/`, the first hit's id, marked)
    let cases: &[(&str, i64, bool)] = &[
        ("wangdaye", 1, false),
        ("wang da ye", 1, false),
        ("wangdy", 1, false),
        ("wdaye", 1, false),
        ("wangjianguo", 3, false),
        ("shanli", 4, false),
        ("danli", 4, true),
        ("zengguoqiang", 7, false),
        ("ouyangchunhua", 9, false),
        ("xiefusheng", 10, false),
        ("zhayulan", 11, false),
        ("wangxiaolong", 5, false),
    ];
    for (q, id, marked) in cases {
        let mut db = fixture_db();
        let mut app = load(&db, Lang::Zh, false);
        press(&mut app, &mut db, &format!("/{q}"));
        let Some(gridcare::tui::app::Popup::Search(sv)) = &app.popup else {
            panic!("{q}: search is open")
        };
        let first = sv
            .hits
            .first()
            .unwrap_or_else(|| panic!("{q}: nobody found"));
        assert_eq!((first.resident_id, first.fuzzy), (*id, *marked), "{q}");
    }
}
