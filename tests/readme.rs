//! Every `gridcare …` command in README.md's code blocks, run as written
//! against a freshly generated demo township (issue 10 item 15): each must
//! exit 0 and print no error.
//!
//! The commands run in bash in a temporary folder with HOME there too, the
//! demo database as GRIDCARE_DB, `/media/usb` moved into the folder, and a
//! stand-in `lp` on the PATH that accepts the file, so `--lp` is run as well.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Commands README shows that this test does not run, with the reason. Keep it
/// short: every entry is a command a reader may type and nothing here checks.
const NOT_RUN: &[(&str, &str)] = &[
    // none at present: the demo and the interface are shown only inline
    // (`gridcare demo`), never in a code block, since they need a terminal
];

/// The `gridcare` command lines of README's fenced code blocks, in order. A
/// crontab line's command follows its five time fields.
fn readme_commands(readme: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for line in readme.lines() {
        let t = line.trim();
        if let Some(lang) = t.strip_prefix("```") {
            fence = match fence {
                None => Some(lang.trim().to_string()),
                Some(_) => None,
            };
            continue;
        }
        let Some(lang) = &fence else { continue };
        let command = if lang == "crontab" {
            t.split_whitespace().skip(5).collect::<Vec<_>>().join(" ")
        } else {
            t.to_string()
        };
        if command == "gridcare" || command.starts_with("gridcare ") {
            out.push(command);
        }
    }
    out
}

#[test]
fn extracts_every_kind_of_command_line() {
    let readme = "text `gridcare inline` is not a block\n```sh\ngridcare queue --worker 涂春生   # note\ncargo test\n  gridcare check\n```\n```crontab\n30 12 * * *  gridcare backup --daily\n```\n";
    assert_eq!(
        readme_commands(readme),
        [
            "gridcare queue --worker 涂春生   # note",
            "gridcare check",
            "gridcare backup --daily"
        ]
    );
}

fn demo_database(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    let out = Command::new(env!("CARGO_BIN_EXE_gridcare"))
        .args(["demo", "--no-tui", "--db"])
        .arg(&db)
        .env_remove("GRIDCARE_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

#[test]
fn every_readme_command_runs_on_the_demo() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let commands = readme_commands(&readme);
    assert!(commands.len() >= 10, "README shows commands: {commands:?}");
    for (c, _) in NOT_RUN {
        assert!(commands.iter().any(|x| x == c), "{c} is still in README");
    }

    let dir = tempfile::tempdir().unwrap();
    let db = demo_database(dir.path());
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    // a stand-in for CUPS's lp: accepts an existing file, as lp does
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let lp = bin.join("lp");
    std::fs::write(
        &lp,
        "#!/bin/sh\nfor f; do last=$f; done\n[ -f \"$last\" ] || { echo \"lp: no file $last\" >&2; exit 1; }\necho \"$@\" >> \"$(dirname \"$0\")/lp.log\"\necho 'request id is readme-1 (1 file(s))'\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let gridcare_dir = Path::new(env!("CARGO_BIN_EXE_gridcare")).parent().unwrap();
    let path = format!(
        "{}:{}:{}",
        bin.display(),
        gridcare_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut failures = Vec::new();
    let mut ran = 0;
    for command in &commands {
        if NOT_RUN.iter().any(|(c, _)| c == command) {
            continue;
        }
        let script = command.replace("/media/usb", usb.to_str().unwrap());
        let out = Command::new("bash")
            .args(["-euo", "pipefail", "-c", &script])
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .env("GRIDCARE_DB", &db)
            .env("PATH", &path)
            .env("LANG", "C.UTF-8")
            .env("GRIDCARE_OPERATOR", "readme")
            .env_remove("XDG_DATA_HOME")
            .env_remove("GRIDCARE_LANG")
            .env_remove("GRIDCARE_TOWNSHIP")
            .env_remove("GRIDCARE_FONT")
            .output()
            .unwrap();
        ran += 1;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let said_error = [&stdout, &stderr].iter().any(|s| {
            let l = s.to_lowercase();
            l.contains("error") || l.contains("unknown") || l.contains("错误")
        });
        if !out.status.success() || !stderr.trim().is_empty() || said_error {
            failures.push(format!(
                "{command}\n  exit {:?}\n  stdout: {}\n  stderr: {}",
                out.status.code(),
                stdout
                    .lines()
                    .take(5)
                    .collect::<Vec<_>>()
                    .join("\n          "),
                stderr.trim()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "README commands that fail on the demo:\n{}",
        failures.join("\n")
    );
    assert_eq!(ran + NOT_RUN.len(), commands.len());
    // what the commands say they wrote is there
    for f in [
        "涂春生-2026-W48.pdf",
        "富民村.pdf",
        "team.txt",
        "涂春生.csv",
    ] {
        assert!(dir.path().join(f).exists(), "{f} written");
    }
    let lp_log = std::fs::read_to_string(bin.join("lp.log")).unwrap_or_default();
    assert!(
        lp_log.contains(".pdf"),
        "--lp handed the file to lp: {lp_log}"
    );
}
