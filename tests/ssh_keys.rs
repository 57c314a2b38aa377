//! Issue 31 item 1 — OpenSSH keys bound to operators (domain.md §10):
//! `gridcare operator key add|list|remove`, `gridcare ssh-keys USER` as
//! sshd's AuthorizedKeysCommand, and `--ssh-operator` refused outside an
//! SSH session. The keys are fixed public keys whose fingerprints
//! `ssh-keygen -lf` printed (OpenSSH 9.2); the real sshd is in ssh_server.rs.

mod common;
use common::{operators_file, run_as};
use std::path::Path;

/// (public key line, fingerprint as `ssh-keygen -lf` shows it)
const KEY_A: (&str, &str) = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPkdWIl89mIRm4HLBPQZkACkYqVsbSLW2pT9r6RMLpJz pc-a",
    "SHA256:VmVRA5nBJ1n1g7Xk2mV/IXCNu8RQwrkgnG/PKA53nxw",
);
const KEY_B: (&str, &str) = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILD8YRQ2u942hYwiatzv7DNiqm1nypzpx4W2c1ddH/QF pc-b",
    "SHA256:7Zx6b/yL0vA4gxlSwhsGe/UYkk2cO5PMbgqWfTtWhfw",
);
const KEY_RSA: (&str, &str) = (
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC1sUUgKPVuvJKu+1DOPMSQqCntxxkQScrcCxXeA8Mda6KMRfvPvnJdvkaP1Ft4+jTIm7+FY5xW3nMtNDIISdiew4Or4RT31MxAFQ9LAAZfAPZgoh2+w4qxmnS+6Ln/ueIDxAI2xcwsyR1/XSLAfDpWOyC02CAy0WOtbvzQ/KJKgSlAXDPHFMg7tVp4dTu7k5KsAdvsHRUaf1E3cVi3S6BAdzUFV/M7FAMf/CKrAVHnHJzD2trja/QT8baMUVvlBxG17oh3gZSauGtzGCltUZBzMUTlAGPa40Vrwl70WAvcId1KMYbFn1PUjxqTKCS7IX8Q1/8xyJDDTaiVxmLyB5zj pc-rsa",
    "SHA256:3Y6d50vxz1UcISZEo+9W5NRrCB3C3+TPQj01fHV4w3Y",
);

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn coordinator(db: &Path, args: &[&str]) -> (i32, String) {
    run_as(db, Some("王协调"), None, args)
}

fn key_count(db: &Path) -> i64 {
    let db = gridcare::db::Db::open(db, gridcare::db::OpenMode::MustExist).unwrap();
    db.conn()
        .query_row("SELECT count(*) FROM operator_key", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn keys_are_added_listed_and_removed_with_openssh_fingerprints() {
    let (dir, db) = operators_file();
    for (who, key) in [("涂春生", KEY_A), ("余德明", KEY_RSA)] {
        let f = write(dir.path(), &format!("{who}.pub"), &format!("{}\n", key.0));
        let (code, out) = coordinator(&db, &["operator", "key", "add", who, &f]);
        assert_eq!(code, 0, "{out}");
        assert!(out.contains(key.1) && out.contains(who), "{out}");
    }
    let (code, out) = coordinator(&db, &["operator", "key", "list"]);
    assert_eq!(code, 0, "{out}");
    for (who, key) in [("涂春生", KEY_A), ("余德明", KEY_RSA)] {
        let line = out.lines().find(|l| l.contains(key.1)).expect(&out);
        assert!(line.starts_with(who), "{out}");
    }
    let (_, out) = coordinator(
        &db,
        &["operator", "key", "list", "涂春生", "--format", "csv"],
    );
    assert_eq!(out.lines().count(), 2, "{out}");
    // removed by its fingerprint, with or without SHA256:
    let bare = KEY_A.1.trim_start_matches("SHA256:");
    let (code, out) = coordinator(&db, &["operator", "key", "remove", "涂春生", bare]);
    assert_eq!(code, 0, "{out}");
    let (_, out) = coordinator(&db, &["operator", "key", "list", "涂春生"]);
    assert!(!out.contains(KEY_A.1), "{out}");
    // a key that is not theirs: one line, nothing removed
    let (code, out) = coordinator(&db, &["operator", "key", "remove", "涂春生", KEY_RSA.1]);
    assert_eq!((code, out.lines().count()), (1, 1), "{out}");
    assert_eq!(key_count(&db), 1);
    // the audit log names each write, never more than name and fingerprint
    let (_, out) = coordinator(&db, &["audit"]);
    assert!(
        out.contains("add_key") && out.contains("remove_key"),
        "{out}"
    );
    // only a coordinator binds keys
    let f = write(dir.path(), "b.pub", KEY_B.0);
    let (code, out) = run_as(
        &db,
        Some("涂春生"),
        None,
        &["operator", "key", "add", "涂春生", &f],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(key_count(&db), 1);
}

#[test]
fn a_key_bound_to_another_operator_is_refused() {
    let (dir, db) = operators_file();
    let f = write(dir.path(), "a.pub", KEY_A.0);
    let (code, out) = coordinator(&db, &["operator", "key", "add", "涂春生", &f]);
    assert_eq!(code, 0, "{out}");
    for who in ["余德明", "涂春生"] {
        let (code, out) = coordinator(&db, &["operator", "key", "add", who, &f]);
        assert_eq!(code, 1, "{out}");
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.contains("bound to operator 涂春生 already"), "{out}");
    }
    assert_eq!(key_count(&db), 1);
}

#[test]
fn a_file_that_is_not_one_public_key_gets_one_line_and_changes_nothing() {
    let (dir, db) = operators_file();
    let body = KEY_A.0.split(' ').nth(1).unwrap();
    let cases = [
        ("empty.pub", String::new(), "holds no public key"),
        (
            "id_ed25519",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n".into(),
            "private key",
        ),
        (
            "putty.ppk",
            "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n".into(),
            "PuTTY's format",
        ),
        (
            "rfc4716.pub",
            format!("---- BEGIN SSH2 PUBLIC KEY ----\n{body}\n---- END SSH2 PUBLIC KEY ----\n"),
            "PuTTY's format",
        ),
        ("dsa.pub", format!("ssh-dss {body} old"), "not a key type"),
        ("cut.pub", format!("ssh-ed25519 {}", &body[..40]), "damaged"),
        ("rsa-named.pub", format!("ssh-rsa {body} x"), "damaged"),
        ("two.pub", format!("{}\n{}\n", KEY_A.0, KEY_B.0), "holds 2 keys"),
    ];
    for (name, text, says) in cases {
        let f = write(dir.path(), name, &text);
        let (code, out) = coordinator(&db, &["operator", "key", "add", "涂春生", &f]);
        assert_eq!(code, 1, "{name}: {out}");
        assert_eq!(out.lines().count(), 1, "{name}: {out}");
        assert!(out.contains(says), "{name}: {out}");
    }
    let missing = dir.path().join("nowhere.pub").display().to_string();
    let (code, out) = coordinator(&db, &["operator", "key", "add", "涂春生", &missing]);
    assert_eq!((code, out.lines().count()), (1, 1), "{out}");
    assert!(out.contains("cannot read"), "{out}");
    assert_eq!(key_count(&db), 0);
}

/// The lines sshd is given for `user`.
fn ssh_keys(db: &Path, user: &str) -> (i32, String) {
    run_as(db, None, None, &["ssh-keys", user, "--account", "gridcare"])
}

#[test]
fn ssh_keys_gives_each_open_door_its_forced_command_and_nothing_else() {
    let (dir, db) = operators_file();
    for (who, key) in [("涂春生", KEY_A), ("余德明", KEY_B)] {
        let f = write(dir.path(), "k.pub", key.0);
        assert_eq!(coordinator(&db, &["operator", "key", "add", who, &f]).0, 0);
    }
    let (code, out) = ssh_keys(&db, "gridcare");
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_gridcare")).unwrap();
    let file = std::fs::canonicalize(&db).unwrap();
    let key_a: Vec<&str> = KEY_A.0.split(' ').collect();
    let want = format!(
        "restrict,pty,command=\"'{}' --db '{}' --ssh-operator '涂春生'\" {} {}",
        exe.display(),
        file.display(),
        key_a[0],
        key_a[1]
    );
    assert!(lines.contains(&want.as_str()), "{out}\nwanted {want}");
    // another user of the server: nothing
    assert_eq!(ssh_keys(&db, "root"), (0, String::new()));
    // ended: the door closes without a file edited
    let (code, out) = coordinator(&db, &["operator", "end", "涂春生"]);
    assert_eq!(code, 0, "{out}");
    let (_, out) = ssh_keys(&db, "gridcare");
    assert!(!out.contains("涂春生") && out.contains("余德明"), "{out}");
    // locked out by wrong PINs: closed too, until the lockout ends
    for _ in 0..5 {
        run_as(&db, Some("余德明"), Some("wrong-pin-0"), &["queue"]);
    }
    assert_eq!(ssh_keys(&db, "gridcare"), (0, String::new()));
}

#[test]
fn auth_ssh_off_gives_sshd_no_key() {
    let (dir, db) = operators_file();
    let f = write(dir.path(), "k.pub", KEY_A.0);
    assert_eq!(
        coordinator(&db, &["operator", "key", "add", "涂春生", &f]).0,
        0
    );
    assert_eq!(ssh_keys(&db, "gridcare").1.lines().count(), 1);
    let d = gridcare::db::Db::open(&db, gridcare::db::OpenMode::MustExist).unwrap();
    d.conn()
        .execute(
            "UPDATE setting SET value = 'off' WHERE key = 'auth.ssh'",
            [],
        )
        .unwrap();
    drop(d);
    assert_eq!(ssh_keys(&db, "gridcare"), (0, String::new()));
}

#[test]
fn ssh_operator_is_refused_outside_an_ssh_session_and_with_a_command() {
    let (dir, db) = operators_file();
    let f = write(dir.path(), "k.pub", KEY_A.0);
    assert_eq!(
        coordinator(&db, &["operator", "key", "add", "涂春生", &f]).0,
        0
    );
    let ssh = "127.0.0.1 5 127.0.0.1 22";
    let (code, err) = as_sshd(&db, &["--ssh-operator", "涂春生"], &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("only for the command an SSH key runs"),
        "{err}"
    );
    let at = [("SSH_CONNECTION", ssh)];
    let (code, err) = as_sshd(&db, &["--ssh-operator", "涂春生", "queue"], &at);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("takes no command"), "{err}");
    // an operator with no key: refused before any terminal is asked for
    let (code, err) = as_sshd(&db, &["--ssh-operator", "余德明"], &at);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("has no key bound"), "{err}");
    // the key sshd accepted (ExposeAuthInfo) must be the operator's own
    let auth = write(dir.path(), "auth", &format!("publickey {}\n", KEY_B.0));
    let with = [at[0], ("SSH_USER_AUTH", auth.as_str())];
    let (code, err) = as_sshd(&db, &["--ssh-operator", "涂春生"], &with);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("is not operator 涂春生's"), "{err}");
    // auth.ssh key+pin: the PIN is asked as well (here: none can be typed)
    let d = gridcare::db::Db::open(&db, gridcare::db::OpenMode::MustExist).unwrap();
    d.conn()
        .execute(
            "UPDATE setting SET value = 'key+pin' WHERE key = 'auth.ssh'",
            [],
        )
        .unwrap();
    drop(d);
    let (code, err) = as_sshd(&db, &["--ssh-operator", "涂春生"], &at);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("no terminal to type the PIN at"), "{err}");
    let wrong = [at[0], ("GRIDCARE_PIN", "not-the-pin-9")];
    let (code, err) = as_sshd(&db, &["--ssh-operator", "涂春生"], &wrong);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("PIN"), "{err}");
}

/// gridcare with `args` on `db`, no terminal, in English, with only `env`
/// of sshd's variables: (exit code, stderr).
fn as_sshd(db: &Path, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_gridcare"));
    c.args(args)
        .env("GRIDCARE_DB", db)
        .env("GRIDCARE_LANG", "en")
        .env_remove("SSH_CONNECTION")
        .env_remove("SSH_USER_AUTH")
        .env_remove("GRIDCARE_PIN")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null());
    let o = c.output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_name_the_ssh_command_cannot_carry_is_refused() {
    let (dir, db) = operators_file();
    let mut d = gridcare::db::Db::open(&db, gridcare::db::OpenMode::MustExist).unwrap();
    let new = gridcare::db::NewOperator {
        name: "O'Neil".into(),
        role: gridcare::domain::access::Role::Coordinator,
        staff: None,
        village: None,
    };
    d.add_operator(&new, "long-pin-2468", common::fixture_today())
        .unwrap();
    drop(d);
    let f = write(dir.path(), "k.pub", KEY_A.0);
    let (code, out) = coordinator(&db, &["operator", "key", "add", "O'Neil", &f]);
    assert_eq!((code, out.lines().count()), (1, 1), "{out}");
    assert!(out.contains("cannot carry safely"), "{out}");
}
