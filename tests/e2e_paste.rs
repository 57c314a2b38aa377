//! Issue 10, item 13, in a real terminal (tmux): the interface asks for
//! bracketed paste, so a 10 KB paste with line breaks arrives as one text
//! (not as keys, where each line break would be an Enter moving on or
//! saving), lands whole in the notes, and Ctrl-S after it saves. On exit the
//! terminal is out of paste mode again.

mod common;
use gridcare::db::{Db, OpenMode};
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux(String);

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.0)
            .args(args)
            .output()
            .expect("tmux is installed (see README)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.run(&["capture-pane", "-p", "-t", "p"]);
            // A capture can fall mid-redraw: take it when a second one agrees.
            if s.contains(needle) && {
                std::thread::sleep(Duration::from_millis(150));
                self.run(&["capture-pane", "-p", "-t", "p"]) == s
            } {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "never saw {needle:?} on:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.0)
            .arg("kill-server")
            .output();
    }
}

#[test]
fn a_pasted_10_kb_note_arrives_whole_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::fixture_file(dir.path());
    let bin = env!("CARGO_BIN_EXE_gridcare");
    let tmux = Tmux(format!("gridcare-e2e-paste-{}", std::process::id()));
    // after gridcare exits, `cat -v` shows whether a paste still comes bracketed
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "p",
        "-x",
        "100",
        "-y",
        "30",
        &format!(
            "env LANG=C.UTF-8 GRIDCARE_LANG=zh {bin} --db {} --today 2026-11-20; \
             echo EXITED $?; cat -v",
            db.display()
        ),
    ]);
    tmux.wait_for("红码名单");
    // the queue, a contact outcome for its first task, on to the notes
    tmux.run(&["send-keys", "-t", "p", "2"]);
    tmux.wait_for("截止");
    tmux.run(&["send-keys", "-t", "p", "o"]);
    tmux.wait_for("记录联系结果");
    tmux.run(&["send-keys", "-t", "p", "Tab", "Tab", "Tab"]);
    tmux.wait_for(">备注");

    let line = "患者自述头晕乏力，近一周睡眠差，嘱低盐饮食、规律服药。\n";
    let text = line.repeat(10 * 1024 / line.len() + 1);
    let file = dir.path().join("paste.txt");
    std::fs::write(&file, &text).unwrap();
    tmux.run(&["load-buffer", "-b", "notes", file.to_str().unwrap()]);
    // -p: bracketed, if (and only if) the program asked for it
    tmux.run(&["paste-buffer", "-p", "-b", "notes", "-t", "p"]);
    tmux.run(&["send-keys", "-t", "p", "C-s"]);
    tmux.wait_for("已保存");
    // back to Today, then quit
    tmux.run(&["send-keys", "-t", "p", "q"]);
    tmux.wait_for("红码名单");
    tmux.run(&["send-keys", "-t", "p", "q"]);
    tmux.wait_for("EXITED 0");
    tmux.run(&["set-buffer", "-b", "after", "PASTED AFTER EXIT\n"]);
    tmux.run(&["paste-buffer", "-p", "-b", "after", "-t", "p"]);
    let screen = tmux.wait_for("PASTED AFTER EXIT");
    assert!(
        !screen.contains("[200~"),
        "paste mode is off after exit:\n{screen}"
    );

    let db = Db::open(&db, OpenMode::MustExist).unwrap();
    let notes: String = common::value(&db, "SELECT notes FROM visit ORDER BY id DESC LIMIT 1");
    assert_eq!(notes, text.trim(), "the whole paste, its lines kept");
}
