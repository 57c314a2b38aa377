//! Issue 25 item 6: the command line speaks the interface's language —
//! `--lang`, else GRIDCARE_LANG, else the database's ui.lang (the fixture's
//! is zh), else Chinese — in every line it prints, tables with column heads,
//! errors included; `--format csv|json` keep their codes.

mod common;
use common::*;

/// Each case: the command, a word its Chinese output holds (a column head
/// where it prints a table), the same in English, and whether it succeeds.
const CASES: &[(&[&str], &str, &str, bool)] = &[
    (&["referral", "list", "--all"], "转往", "Resident", true),
    (&["operator", "list"], "角色", "Role", true),
    (
        &["contract", "expiring", "--days", "400"],
        "剩余天数",
        "Days left",
        true,
    ),
    (&["check"], "完整性：无误", "integrity: ok", true),
    (&["audit"], "操作员", "Operator", true),
    (
        &[
            "report",
            "--period",
            "2026-11",
            "--format",
            "xlsx",
            "-o",
            "{dir}/r.xlsx",
        ],
        "报表",
        "wrote the report",
        true,
    ),
    (
        &[
            "print",
            "--worker",
            "涂春生",
            "--format",
            "txt",
            "-o",
            "{dir}/s.txt",
        ],
        "已打印",
        "printed",
        true,
    ),
    (&["plan", "--worker", "涂春生"], "类型", "Kind", true),
    (&["overview"], "未完成", "Overdue", true),
    (&["report", "--period", "2026-11"], "统计期", "Period", true),
    (
        &["queue", "--grid", "不存在"],
        "没有网格",
        "unknown grid",
        false,
    ),
    (
        &["queue", "--worker", "无此人"],
        "没有名为",
        "unknown worker",
        false,
    ),
    (
        &["audit", "--since", "2026-02-30"],
        "没有 30 日",
        "has no day 30",
        false,
    ),
];

/// ASCII words (two letters or more) in `text` that are not names a Chinese
/// line may hold: the program's name, file kinds, PIN, the printer codes,
/// domain.md;
/// paths under `dir`, `backticked` commands and hashes are left out.
fn english_words(text: &str, dir: &str) -> Vec<String> {
    // "coordinator": the name the fixture's operators were added under
    // (Db's audit name when none is given), data rather than words
    const ALLOWED: &[&str] = &[
        "gridcare",
        "kb",
        "xlsx",
        "txt",
        "pin",
        "esc",
        "tmux",
        "md",
        "domain",
        "coordinator",
    ];
    // a path under `dir` runs to the first space or Chinese character
    let mut rest = text;
    let mut cut = String::new();
    while let Some(at) = rest.find(dir) {
        cut.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !c.is_ascii_graphic())
            .unwrap_or(tail.len());
        rest = &tail[end..];
    }
    cut.push_str(rest);
    let text = cut;
    // backticked commands are commands, not words
    let text: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, s)| s)
        .collect();
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !(w.len() >= 8 && w.chars().all(|c| c.is_ascii_hexdigit())))
        .filter(|w| w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2)
        .filter(|w| !ALLOWED.contains(&w.to_lowercase().as_str()))
        .map(String::from)
        .collect()
}

/// The command of a case, its `{dir}` filled in.
fn args_of(case: &[&str], dir: &str) -> Vec<String> {
    ["--today", "2026-11-20"]
        .iter()
        .chain(case)
        .map(|a| a.replace("{dir}", dir))
        .collect()
}

/// Runs a case as the coordinator with GRIDCARE_LANG `env` (None: unset).
fn run(db: &std::path::Path, args: &[String], env: Option<&str>) -> (i32, String) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_as_lang(db, Some("王协调"), None, &args, env)
}

/// With no --lang and no GRIDCARE_LANG, the database's ui.lang (zh) decides:
/// every subcommand prints Chinese, with its column heads, and no English
/// word is left in a line (fails on main: English without column heads).
#[test]
fn a_chinese_database_speaks_chinese_on_the_command_line() {
    let (dir, db) = operators_file();
    let d = dir.path().to_str().unwrap();
    for (case, zh, en, ok) in CASES {
        let (code, out) = run(&db, &args_of(case, d), None);
        assert_eq!(code == 0, *ok, "{case:?}: exit {code}\n{out}");
        assert!(out.contains(zh), "{case:?} should say {zh:?}:\n{out}");
        assert!(!out.contains(en), "{case:?} said {en:?}:\n{out}");
        all_chinese(case, &out, d);
    }
}

/// No line of `out` holds an English word (see `english_words`).
fn all_chinese(case: &[&str], out: &str, dir: &str) {
    for line in out.lines() {
        let words = english_words(line, dir);
        assert!(
            words.is_empty(),
            "{case:?}: English words {words:?} in a Chinese line: {line}"
        );
    }
}

/// What the writing commands confirm or refuse on a Chinese database,
/// without a flag, is Chinese through and through (fails on main: "王大爷's
/// contract with … renewed", "referral 2: … to county (routine)").
#[test]
fn confirmations_and_refusals_speak_chinese_on_a_chinese_database() {
    let (dir, db) = operators_file();
    let d = dir.path().to_str().unwrap();
    let id: String = value(
        &gridcare::db::Db::open(&db, gridcare::db::OpenMode::MustExist).unwrap(),
        "SELECT id_number FROM resident WHERE name = '王大爷'",
    );
    // (command, what it says, succeeds)
    let cases: &[(&[&str], &str, bool)] = &[
        (
            &[
                "roster",
                "add",
                "--name",
                "测试员甲",
                "--role",
                "grid_worker",
                "--village",
                "富民村",
            ],
            "已添加 测试员甲（网格员）",
            true,
        ),
        (
            &[
                "roster",
                "team",
                "--village",
                "富民村",
                "--name",
                "测试团队",
            ],
            "已添加团队",
            true,
        ),
        (
            &[
                "roster",
                "member",
                "--team",
                "测试团队",
                "--staff",
                "无此人",
            ],
            "花名册上没有",
            false,
        ),
        (
            &["roster", "volunteer", "--resident", "{id}"],
            "起为志愿者",
            true,
        ),
        (
            &["contract", "renew", "--resident", "{id}"],
            "的签约已续签",
            true,
        ),
        (
            &[
                "contract",
                "sign",
                "--resident",
                "{id}",
                "--team",
                "富民村家庭医生团队",
            ],
            "已有",
            false,
        ),
        (
            &[
                "care-plan",
                "set",
                "--resident",
                "{id}",
                "--review",
                "2026-12-20",
                "--text",
                "每周测血压",
            ],
            "一人一策已于",
            true,
        ),
        (
            &["care-plan", "show", "--resident", "{id}"],
            "复核 2026-12-20",
            true,
        ),
        (
            &[
                "referral",
                "send",
                "--resident",
                "{id}",
                "--to",
                "county",
                "--reason",
                "血压高",
            ],
            "转往县医院（普通）",
            true,
        ),
        (
            &["referral", "return", "--id", "1", "--advice", "调药"],
            "已于 2026-11-20 下转",
            true,
        ),
        (
            &["groups", "plan", "--village", "富民村", "--apply"],
            "无需调整",
            true,
        ),
        (&["backup", "{dir}/b.db"], "完整性无误", true),
        (&["backup", "{dir}/b.db"], "已存在；备份从不覆盖文件", false),
        (&["--db", "{dir}/e.db", "init"], "已创建", true),
        (&["restore", "{dir}/e.db"], "恢复它会丢失 12 名居民", false),
        (
            &["export", "households", "-o", "{dir}/h.csv"],
            "已导出",
            true,
        ),
        (
            &["report", "--period", "2026-11", "--team", "无此团队"],
            "没有团队",
            false,
        ),
        // issue 32: events, attendance, points, the norm's counts
        (
            &[
                "event",
                "add",
                "--topic",
                "合理膳食",
                "--date",
                "2026-11-10",
            ],
            "“合理膳食”已登记",
            true,
        ),
        (
            &[
                "event",
                "attend",
                "--event",
                "1",
                "--who",
                "wdy",
                "--visitor",
                "外乡来客",
            ],
            "王大爷 参加活动 1：+5 分，余额 5 分",
            true,
        ),
        (
            &["event", "attend", "--event", "1", "--who", "王"],
            "对应多人",
            false,
        ),
        (&["event", "list"], "主题", true),
        (
            &["event", "list", "--event", "9"],
            "没有编号为 9 的活动",
            false,
        ),
        (
            &[
                "points",
                "spend",
                "--who",
                "wdy",
                "--cost",
                "6",
                "--service",
                "中医理疗",
            ],
            "不够兑换 6 分",
            false,
        ),
        (
            &["points", "correct", "--who", "wdy", "--points", "-1"],
            "须写明原因",
            false,
        ),
        (
            &["points", "show", "--who", "wdy"],
            "健康积分余额 5 分",
            true,
        ),
        (
            &["report", "--education", "--period", "2026"],
            "讲座/应办",
            true,
        ),
        (
            &["undo-removal", "--household", "99"],
            "没有编号为 99 的家庭",
            false,
        ),
    ];
    for (case, zh, ok) in cases {
        let args: Vec<String> = args_of(case, d)
            .into_iter()
            .map(|a| a.replace("{id}", &id))
            .collect();
        let (code, out) = run(&db, &args, None);
        assert_eq!(code == 0, *ok, "{case:?}: exit {code}\n{out}");
        assert!(out.contains(zh), "{case:?} should say {zh:?}:\n{out}");
        all_chinese(case, &out, d);
    }
}

/// --lang en, and GRIDCARE_LANG=en, win over the database's zh.
#[test]
fn lang_en_or_gridcare_lang_en_wins_over_the_database() {
    let (dir, db) = operators_file();
    let d = dir.path().to_str().unwrap();
    for (case, zh, en, ok) in CASES {
        let by_flag: Vec<String> = ["--lang".to_string(), "en".to_string()]
            .into_iter()
            .chain(args_of(case, d))
            .collect();
        for (how, args, env) in [
            ("--lang en", by_flag, None),
            ("GRIDCARE_LANG=en", args_of(case, d), Some("en")),
        ] {
            let (code, out) = run(&db, &args, env);
            assert_eq!(code == 0, *ok, "{how} {case:?}: exit {code}\n{out}");
            assert!(out.contains(en), "{how} {case:?} should say {en:?}:\n{out}");
            assert!(!out.contains(zh), "{how} {case:?} said {zh:?}:\n{out}");
        }
    }
}

/// --lang zh wins over GRIDCARE_LANG=en (the flag first, as the interface).
#[test]
fn the_flag_wins_over_the_environment() {
    let (_dir, db) = operators_file();
    let (code, out) = run_as_lang(
        &db,
        Some("王协调"),
        None,
        &["--lang", "zh", "referral", "list", "--all"],
        Some("en"),
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("转往") && !out.contains("Resident"), "{out}");
}

/// An error before any database can be read is in --lang (or
/// GRIDCARE_LANG), else Chinese.
#[test]
fn an_error_before_a_database_is_read_follows_the_flag_else_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let m = missing.to_str().unwrap();
    let (code, _, err) = gridcare_lang(&["--db", m, "queue"], None);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("gridcare: ") && err.contains("没有数据库"),
        "{err}"
    );
    let (_, _, err) = gridcare_lang(&["--db", m, "queue"], Some("en"));
    assert!(err.contains("no database at"), "{err}");
    let (_, _, err) = gridcare_lang(&["--lang", "en", "--db", m, "queue"], None);
    assert!(err.contains("no database at"), "{err}");
    // a date that does not exist, before anything is opened
    let (code, _, err) = gridcare_lang(&["--db", m, "--today", "2026-02-30", "queue"], None);
    assert_eq!(code, 1);
    assert!(err.contains("没有 30 日"), "{err}");
}

/// Item 17: the refusal to print through the terminal inside tmux follows
/// the language too.
#[test]
fn the_tmux_refusal_follows_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = fixture_file(dir.path());
    for (lang, want) in [(None, "未发送任何内容"), (Some("en"), "nothing was sent")] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"))
            .args([
                "--today",
                "2026-11-20",
                "print",
                "--terminal",
                "--worker",
                "涂春生",
            ])
            .env("GRIDCARE_DB", &db)
            .env_remove("GRIDCARE_LANG")
            .envs(lang.map(|l| ("GRIDCARE_LANG", l)))
            .env("TMUX", "/tmp/tmux-0/default,1,0")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(want), "{lang:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

/// CSV and JSON keep codes and stable heads whatever the language; `plan
/// --format json` writes the kind's code as `queue --format json` does
/// (it wrote "入户走访" / "home visit").
#[test]
fn csv_and_json_keep_codes_in_every_language() {
    let (_dir, db) = operators_file();
    for lang in [None, Some("en")] {
        let run = |args: &[&str]| {
            let args: Vec<&str> = ["--today", "2026-11-20"]
                .iter()
                .chain(args)
                .copied()
                .collect();
            let (code, out) = run_as_lang(&db, Some("王协调"), None, &args, lang);
            assert_eq!(code, 0, "{args:?}: {out}");
            out
        };
        let plan = run(&["plan", "--worker", "涂春生", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&plan).unwrap();
        let tasks = v["tasks"].as_array().unwrap();
        assert!(!tasks.is_empty(), "{plan}");
        for t in tasks {
            let kind = t["kind"].as_str().unwrap();
            assert!(
                gridcare::domain::model::VisitKind::from_code(kind).is_some(),
                "{lang:?}: plan json kind {kind:?} is not a code"
            );
            let status = t["status"].as_str().unwrap();
            assert!(
                gridcare::domain::queue::Status::from_code(status).is_some(),
                "{lang:?}: plan json status {status:?} is not a code"
            );
        }
        let csv = run(&["plan", "--worker", "涂春生", "--format", "csv"]);
        assert!(csv.starts_with("key,name,place,kind,status,"), "{csv}");
        assert!(csv.contains(",\"household\",\"overdue\","), "{csv}");
        let referrals = run(&["referral", "list", "--all", "--format", "csv"]);
        assert!(referrals.starts_with("id,resident,village,from,to,urgency,"));
        assert!(
            referrals.contains("\"county\",\"emergency\""),
            "{referrals}"
        );
        let json = run(&["referral", "list", "--all", "--format", "json"]);
        assert!(json.contains("\"to_level\": \"county\""), "{json}");
        let ops = run(&["operator", "list", "--format", "csv"]);
        assert!(
            ops.starts_with("name,role,staff,village,since,state\n"),
            "{ops}"
        );
        assert!(ops.contains("\"coordinator\""), "{ops}");
        let expiring = run(&["contract", "expiring", "--days", "400", "--format", "csv"]);
        assert!(expiring.starts_with("name,village,team,start,end,days_left\n"));
        let queue = run(&["queue", "--format", "json"]);
        assert!(queue.contains("\"kind\": \"household\""), "{queue}");
        let audit = run(&["audit", "--format", "csv"]);
        assert!(audit.starts_with("at,operator,action,entity,id,detail,changes\n"));
    }
}

/// Arguments gridcare cannot read are said in --lang or GRIDCARE_LANG,
/// else Chinese, in one line (clap said them in English only); in English
/// clap's own message stays.
#[test]
fn argument_errors_follow_the_flag_else_chinese() {
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["queue", "--tier", "9"],
            "“9”不是星级",
            "\"9\" is not a tier",
        ),
        (
            &["queue", "--kind", "visit"],
            "不是以下之一",
            "is not one of",
        ),
        (
            &["queue", "--format", "xml"],
            "的值“xml”无效",
            "invalid value 'xml'",
        ),
        (
            &["report", "--period", "2026Q5"],
            "不是统计期",
            "is not a period",
        ),
        (
            &["report"],
            "缺少 --period",
            "required arguments were not provided",
        ),
        (
            &["queue", "--bogus"],
            "没有选项 --bogus",
            "unexpected argument '--bogus'",
        ),
        (
            &["frobnicate"],
            "没有命令“frobnicate”",
            "unrecognized subcommand",
        ),
    ];
    for (args, zh, en) in cases {
        let (code, out, err) = gridcare_lang(args, None);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty());
        assert!(
            err.starts_with("gridcare: ") && err.contains(zh),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
        for (flag, env) in [(true, None), (false, Some("en"))] {
            let all: Vec<&str> = flag
                .then_some(["--lang", "en"])
                .into_iter()
                .flatten()
                .chain(args.iter().copied())
                .collect();
            let (code, _, err) = gridcare_lang(&all, env);
            assert_eq!(code, 2, "{all:?} {env:?}: {err}");
            assert!(
                err.contains(en) && !err.contains(zh),
                "{all:?} {env:?}: {err}"
            );
        }
    }
}
