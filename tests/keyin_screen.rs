//! Issue 29 item 4 in the interface: `K` on the queue keys a printed batch's
//! row in through the same parser and the same `Db::key_in_row` as
//! `gridcare keyin`; the queue shows the task done; a second key-in of the
//! row says it is already keyed.

mod common;
use common::{load, press, printing_fixture, render};
use gridcare::db::Db;
use gridcare::domain::queue::Status;
use gridcare::words::Lang;

/// The first row of the latest batch: its code and its task.
fn first_row(db: &Db) -> (String, String) {
    db.conn()
        .query_row(
            "SELECT code, task_key FROM print_row WHERE batch_id = (SELECT max(id) FROM print_batch)
             ORDER BY seq LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

#[test]
fn k_on_the_queue_keys_a_printed_row_in_and_refuses_it_twice() {
    let (mut db, _dir) = printing_fixture();
    let mut app = load(&db, Lang::En, false);
    // nothing printed yet: K says so and opens nothing
    press(&mut app, &mut db, "2K");
    assert!(render(&app, 120, 40).contains("No sheets printed yet"));
    // a worker's sheets printed from the queue (a batch stored)
    press(&mut app, &mut db, "w{Down}{Enter}p{Right}{C-s}");
    let (code, task) = first_row(&db);
    let open = |app: &gridcare::tui::App| {
        app.snap
            .tasks
            .iter()
            .filter(|t| gridcare::domain::plan::task_key(t) == task)
            .all(|t| t.status != Status::Done)
    };
    assert!(open(&app), "the row's task is open before the key-in");
    press(&mut app, &mut db, "K");
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Key in sheets"), "{screen}");
    press(&mut app, &mut db, &format!("{code} 1{{C-s}}"));
    let screen = render(&app, 120, 40);
    assert!(screen.contains(&format!("✓ {code}")), "{screen}");
    assert!(
        !open(&app),
        "the queue shows the task done after the key-in"
    );
    let keyed: Option<i64> = db
        .conn()
        .query_row(
            "SELECT visit_id FROM print_row WHERE code = ?1",
            [&code],
            |r| r.get(0),
        )
        .unwrap();
    assert!(keyed.is_some());
    // the same row a second time: refused, nothing more saved
    let visits = |db: &Db| -> i64 {
        db.conn()
            .query_row("SELECT count(*) FROM visit", [], |r| r.get(0))
            .unwrap()
    };
    let before = visits(&db);
    press(&mut app, &mut db, "K");
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Key in sheets"), "{screen}");
    press(&mut app, &mut db, &format!("{code} 1{{C-s}}"));
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains(&format!("{code} is keyed in already")),
        "{screen}"
    );
    assert_eq!(visits(&db), before);
}

#[test]
fn key_in_form_snapshot_80x24() {
    let (mut db, _dir) = printing_fixture();
    let mut app = load(&db, Lang::Zh, false);
    press(&mut app, &mut db, "2w{Down}{Enter}p{Right}{C-s}K");
    let screen = render(&app, 80, 24);
    let batch: i64 = db
        .conn()
        .query_row("SELECT max(id) FROM print_batch", [], |r| r.get(0))
        .unwrap();
    assert!(screen.contains("录入任务单"), "{screen}");
    insta::assert_snapshot!(
        "key_in_form_zh_80x24",
        screen.replace(&format!("{batch}  "), "N  ")
    );
}
