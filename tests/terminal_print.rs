//! Printing where the coordinator sits, over SSH (issue 16 item 4): the text
//! sheet goes out between `ESC[5i` and `ESC[4i` (ANSI media copy, which
//! PuTTY sends to the local printer), in GB18030 with CRLF line ends, and
//! none of it is drawn on the screen. Recorded from the interface's own
//! backend and from `gridcare print --terminal`.

mod common;
use common::{Tape, fixture_file, load, press, printing_fixture};
use gridcare::print::terminal::{MEDIA_COPY_OFF, MEDIA_COPY_ON, TerminalEncoding, printer_text};
use gridcare::tui;
use gridcare::tui::backend::GridBackend;
use gridcare::words::Lang;
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};

fn find(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// The bytes between the one `ESC[5i` and the one `ESC[4i`, and all the rest.
fn split_passthrough(bytes: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let on = find(bytes, MEDIA_COPY_ON);
    let off = find(bytes, MEDIA_COPY_OFF);
    assert_eq!((on.len(), off.len()), (1, 1), "one printer on and one off");
    let (a, b) = (on[0] + MEDIA_COPY_ON.len(), off[0]);
    assert!(a <= b, "on before off");
    let mut outside = bytes[..on[0]].to_vec();
    outside.extend_from_slice(&bytes[b + MEDIA_COPY_OFF.len()..]);
    (bytes[a..b].to_vec(), outside)
}

/// Lines only a sheet has (its rules and page foot), none of which may
/// reach the screen.
/// A sheet's text with its batch number as N: each print is a batch of its
/// own (issue 29), so a file and a terminal print differ only there.
fn unbatched(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("批次：") {
        let after = &rest[i + "批次：".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        out.push_str(&rest[..i]);
        out.push_str("批次：N");
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

fn sheet_only_lines(sheet: &str) -> Vec<String> {
    sheet
        .lines()
        .filter(|l| l.contains("第 1 / ") || l.starts_with("+-") || l.starts_with("|"))
        .map(str::to_string)
        .collect()
}

#[test]
fn print_form_sends_the_sheet_through_the_terminal_and_nothing_shows() {
    let (mut db, dir) = printing_fixture();
    let mut app = load(&db, Lang::Zh, false);
    let tape = Tape::default();
    let mut t = Terminal::with_options(
        // a recording of an 80x24 terminal: its size is never asked of a
        // terminal (CI has none, nor TERM)
        GridBackend::with_size(tape.clone(), Size::new(80, 24)),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
        },
    )
    .unwrap();
    press(&mut app, &mut db, "2w{Down}{Enter}");
    // the same sheet as a text file, to compare with what the printer gets
    press(&mut app, &mut db, "p{Right}{C-s}");
    let (role, id) = app.views.queue.filter.worker.expect("a worker filter");
    let name = gridcare::print::worker_name(&app.snap.town, role, id);
    let file = dir.path().join(format!("{name}-2026-W47.txt"));
    let sheet = std::fs::read_to_string(&file).unwrap();
    t.draw(|f| tui::draw(f, &app)).unwrap();
    // Right twice: PDF → text → the local printer; the file field goes away
    press(&mut app, &mut db, "p{Right}{Right}");
    app.message.clear(); // the text file's temporary path
    let frame = common::render(&app, 80, 24);
    assert!(frame.contains("本机打印机"), "{frame}");
    // the form's own words for the printer, which the status line repeats
    // (issue 25 item 17: the form said 经 SSH 终端, the status line 经终端)
    let label = ["本机打印机 (经 SSH 终端)", "本机打印机 (经终端)"]
        .into_iter()
        .find(|l| frame.contains(l))
        .expect("the form names the printer");
    // the label names SSH only in an SSH session: the snapshot is taken as outside one
    insta::assert_snapshot!(
        "form_print_terminal_zh_80x24",
        frame.replace("本机打印机 (经 SSH 终端)", "本机打印机 (经终端)")
    );
    assert!(common::render(&app, 60, 16).contains("本机打印机"));
    match &app.popup {
        Some(gridcare::tui::app::Popup::Form(f)) => assert!(
            f.fields
                .iter()
                .all(|x| x.hidden == (x.id == gridcare::tui::forms::FieldId::File)),
            "no file asked"
        ),
        _ => panic!("the print form is open"),
    }
    t.draw(|f| tui::draw(f, &app)).unwrap();
    let start = tape.0.borrow().len();
    press(&mut app, &mut db, "{C-s}");
    assert!(app.popup.is_none(), "sent and closed: {}", app.message);
    assert!(
        app.message.starts_with(&format!("已发送到{label}")) && app.message.contains("1 张任务单"),
        "{}",
        app.message
    );
    // as the run loop does: send between frames, then draw
    tui::send_to_terminal_printer(&mut app, &mut t).unwrap();
    assert!(app.passthrough.is_none());
    t.draw(|f| tui::draw(f, &app)).unwrap();
    let bytes = tape.0.borrow()[start..].to_vec();

    let (inside, outside) = split_passthrough(&bytes);
    let text = TerminalEncoding::Gb18030.decode(&inside);
    assert_eq!(
        unbatched(&text),
        unbatched(&printer_text(&sheet)),
        "exactly the sheet, CRLF lines"
    );
    assert!(text.contains(&name) && text.contains("\r\n"));
    assert_eq!(
        TerminalEncoding::Gb18030.encode(&text),
        inside,
        "GB18030 by default"
    );
    // nothing of the sheet outside the media copy, in either encoding
    let shown = String::from_utf8_lossy(&outside);
    for line in sheet_only_lines(&sheet) {
        assert!(
            !shown.contains(line.trim_end()),
            "drawn on the screen: {line}"
        );
        let gb = TerminalEncoding::Gb18030.encode(line.trim_end());
        assert!(find(&outside, &gb).is_empty(), "sent outside: {line}");
    }
    // the screen is drawn afresh after it, with the status line saying so
    let after = String::from_utf8_lossy(&bytes[find(&bytes, MEDIA_COPY_OFF)[0]..]);
    assert!(after.contains("已发送到本机打印机"), "{after}");
    // unchanged parts too: the screen bar and the queue's header come again
    for unchanged in ["1今日", "2任务队列", "状态"] {
        assert!(
            after.contains(unchanged),
            "full redraw: {unchanged} in {after}"
        );
    }
}

#[test]
fn print_terminal_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path());
    let run = |extra: &[&str]| {
        let mut args = vec![
            "--db",
            db.to_str().unwrap(),
            "--today",
            "2026-11-20",
            "print",
            "--township",
            "--week",
            "2026-W47",
        ];
        args.extend_from_slice(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"))
            .args(&args)
            .env_remove("GRIDCARE_DB")
            .env("GRIDCARE_LANG", "en")
            // not inside tmux or screen (issue 25 item 17: refused there)
            .env_remove("TMUX")
            .env_remove("STY")
            .env("TERM", "xterm")
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["--format", "txt", "-o", "sheet.txt"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sheet = std::fs::read_to_string(dir.path().join("sheet.txt")).unwrap();
    assert!(sheet.contains('\u{c}'), "the township prints several pages");

    let out = run(&["--terminal"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (inside, outside) = split_passthrough(&out.stdout);
    assert!(outside.is_empty(), "stdout holds the passthrough only");
    assert_eq!(
        unbatched(&TerminalEncoding::Gb18030.decode(&inside)),
        unbatched(&printer_text(&sheet))
    );
    assert!(
        find(&inside, b"\r\n\x0c").len() == sheet.matches('\u{c}').count(),
        "a form feed between pages, after a line end"
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("to the printer of your terminal"), "{said}");

    // utf-8 by setting; a bad setting says what to write and sends nothing
    let set = |v: &str| {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "INSERT OR REPLACE INTO setting (key, value, description) VALUES ('print.terminal_encoding', ?1, 't')",
            [v],
        )
        .unwrap();
    };
    set("utf-8");
    let out = run(&["--terminal"]);
    let (inside, _) = split_passthrough(&out.stdout);
    assert_eq!(
        unbatched(&String::from_utf8(inside).unwrap()),
        unbatched(&printer_text(&sheet))
    );
    set("latin1");
    let out = run(&["--terminal"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing sent");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("gb18030"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // --terminal writes no file and takes no -o
    let out = run(&["--terminal", "-o", "x.txt"]);
    assert!(!out.status.success());
    assert!(!dir.path().join("x.txt").exists());
}

/// Issue 25 item 17: `print --terminal` on a real terminal (a pty whose
/// `onlcr` is on, as every login's is) sends the printer CR LF, not the
/// CR CR LF the tty made of it; inside tmux or screen it sends nothing and
/// says why, with a non-zero exit.
#[test]
fn print_terminal_bytes_arrive_as_sent_and_refused_inside_tmux() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path());
    let args = [
        "--db",
        db.to_str().unwrap(),
        "--today",
        "2026-11-20",
        "print",
        "--worker",
        "涂春生",
        "--week",
        "2026-W47",
    ];
    // the sheet as a file, for the bytes the printer should get
    let file = dir.path().join("sheet.txt");
    let mut with_file = args.to_vec();
    with_file.extend(["--format", "txt", "-o", file.to_str().unwrap()]);
    let (code, _, err) = common::gridcare_run(&with_file);
    assert_eq!(code, 0, "{err}");
    let sheet = std::fs::read_to_string(dir.path().join("sheet.txt")).unwrap();
    let want = TerminalEncoding::Gb18030.encode(&printer_text(&sheet));

    // through a pty, as from a login: python3's pty reads what the tty passes
    let script = "import os, pty, sys\npid, fd = pty.fork()\nif pid == 0:\n    os.execv(sys.argv[1], sys.argv[1:])\nout = b''\nwhile True:\n    try:\n        b = os.read(fd, 65536)\n    except OSError:\n        break\n    if not b:\n        break\n    out += b\n_, st = os.waitpid(pid, 0)\nsys.stdout.buffer.write(out)\nsys.exit(os.waitstatus_to_exitcode(st))";
    let through_pty = |env: &[(&str, &str)]| {
        let mut c = std::process::Command::new("python3");
        c.arg("-c")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_gridcare"))
            .args(args)
            .arg("--terminal")
            .env_remove("GRIDCARE_DB")
            .env("GRIDCARE_LANG", "en")
            .env_remove("TMUX")
            .env_remove("STY")
            .env("TERM", "xterm")
            .current_dir(dir.path());
        for (k, v) in env {
            c.env(k, v);
        }
        c.output()
            .expect("python3 is a test prerequisite (tests/e2e.rs uses it too)")
    };
    let out = through_pty(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let on = find(&out.stdout, MEDIA_COPY_ON);
    let off = find(&out.stdout, MEDIA_COPY_OFF);
    assert_eq!((on.len(), off.len()), (1, 1));
    let inside = &out.stdout[on[0] + MEDIA_COPY_ON.len()..off[0]];
    assert!(find(inside, b"\r\r\n").is_empty(), "no CR CR LF from onlcr");
    // the same bytes but the batch's number (each print is a batch, issue 29)
    assert_eq!(
        TerminalEncoding::Gb18030.encode(&unbatched(&TerminalEncoding::Gb18030.decode(inside))),
        TerminalEncoding::Gb18030.encode(&unbatched(&TerminalEncoding::Gb18030.decode(&want))),
        "the bytes as the interface sends them"
    );

    // inside tmux or screen: nothing sent, one line saying why
    for env in [
        [("TMUX", "/tmp/tmux-1000/default,1,0"), ("TERM", "xterm")],
        [("STY", "1234.pts-0.host"), ("TERM", "xterm")],
        [("TERM", "screen-256color"), ("X", "")],
        [("TERM", "tmux-256color"), ("X", "")],
    ] {
        let out = through_pty(&env);
        assert!(!out.status.success(), "{env:?}");
        assert!(
            find(&out.stdout, MEDIA_COPY_ON).is_empty(),
            "{env:?}: nothing sent"
        );
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("nothing was sent"), "{env:?}: {said}");
    }
}
