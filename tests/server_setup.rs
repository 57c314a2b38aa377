//! Issue 31 item 2 (setup): `gridcare server setup` against a scratch root
//! — its files, their modes and marks, a configuration `sshd -t` accepts —
//! never replacing a file it did not write; `gridcare server check` reads
//! it back through `sshd -T` and names what is wrong. Under CI=true a
//! missing sshd fails, never passes silently.

mod common;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

const SSHD: &str = "/usr/sbin/sshd";
const MARK: &str = "# Written by `gridcare server setup`";

fn have_sshd() -> bool {
    if Path::new(SSHD).exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI installs openssh-server (.ci/run): {SSHD} is missing"
    );
    eprintln!("skipped: {SSHD} is missing");
    false
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// The gridcare that setup names as sshd's key command: a copy in a folder
/// that root owns and only root may write, with every folder above it
/// (/run), as sshd requires and `server check` checks. The build's own
/// binary may sit under /tmp (a checkout there), which sshd refuses.
fn safe_gridcare() -> &'static Path {
    static COPY: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    COPY.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("gridcare-test-")
            .tempdir_in("/run")
            .expect("/run is root's and writable by root only")
            .keep();
        let copy = dir.join("gridcare");
        std::fs::copy(env!("CARGO_BIN_EXE_gridcare"), &copy).unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        copy
    })
}

fn server(root: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["server"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", root.to_str().unwrap(), "--account", "root"]);
    let out = Command::new(safe_gridcare())
        .args(&all)
        .env_remove("GRIDCARE_DB")
        .env("GRIDCARE_LANG", "en")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// sshd's main file in the scratch root, including setup's as Debian's does.
fn main_config(root: &Path, include: bool) -> std::path::PathBuf {
    let host = root.join("hostkey");
    if !host.exists() {
        let ok = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&host)
            .status()
            .unwrap();
        assert!(ok.success());
    }
    let main = root.join("etc/ssh/sshd_config");
    let include = if include {
        format!("Include {}/etc/ssh/sshd_config.d/*.conf\n", root.display())
    } else {
        String::new()
    };
    std::fs::write(
        &main,
        format!("{include}HostKey {}\nUsePAM no\n", host.display()),
    )
    .unwrap();
    main
}

#[test]
fn setup_writes_marked_files_with_their_modes_and_sshd_accepts_them() {
    if !have_sshd() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (code, out, err) = server(root, &["setup", "--apply"]);
    assert_eq!(code, 0, "{out}{err}");
    let conf = root.join("etc/ssh/sshd_config.d/gridcare.conf");
    for (f, m) in [
        (conf.clone(), 0o644),
        (
            root.join("etc/systemd/system/gridcare-backup.service"),
            0o644,
        ),
        (root.join("etc/systemd/system/gridcare-backup.timer"), 0o644),
    ] {
        assert_eq!(mode(&f), m, "{}", f.display());
        assert!(std::fs::read_to_string(&f).unwrap().starts_with(MARK));
    }
    for d in ["srv/gridcare", "srv/gridcare/backups", "etc/gridcare"] {
        assert_eq!(mode(&root.join(d)), 0o700, "{d}");
    }
    let text = std::fs::read_to_string(&conf).unwrap();
    for line in [
        "Match User root",
        "AuthorizedKeysCommandUser root",
        "PasswordAuthentication no",
        "AllowTcpForwarding no",
        "X11Forwarding no",
        "PermitTunnel no",
    ] {
        assert!(text.contains(line), "{line}:\n{text}");
    }
    assert!(
        text.contains("--db /srv/gridcare/gridcare.db ssh-keys %u"),
        "{text}"
    );
    let service =
        std::fs::read_to_string(root.join("etc/systemd/system/gridcare-backup.service")).unwrap();
    assert!(
        service.contains("backup --daily") && service.contains("User=root"),
        "{service}"
    );
    // sshd takes a configuration that includes it
    let main = main_config(root, true);
    let t = Command::new(SSHD)
        .arg("-t")
        .arg("-f")
        .arg(&main)
        .output()
        .unwrap();
    assert!(t.status.success(), "{}", String::from_utf8_lossy(&t.stderr));
    // and the check reads it back: all well
    let (code, out, err) = server(root, &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    // a second setup replaces its own files
    let (code, out, err) = server(root, &["setup", "--apply"]);
    assert_eq!(code, 0, "{out}{err}");

    // the check names a data folder others can read ...
    std::fs::set_permissions(
        root.join("srv/gridcare"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let (code, out, _) = server(root, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("has mode 755") && out.contains("chmod 700"),
        "{out}"
    );
    std::fs::set_permissions(
        root.join("srv/gridcare"),
        std::fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    // ... and sshd's settings when the Match block is not in effect
    main_config(root, false);
    let (code, out, _) = server(root, &["check"]);
    assert_eq!(code, 1, "{out}");
    // (x11forwarding and permittunnel are no by sshd's own default)
    for k in [
        "passwordauthentication",
        "allowtcpforwarding",
        "authorizedkeyscommanduser",
    ] {
        assert!(out.contains(k), "{k}: {out}");
    }
}

#[test]
fn setup_never_replaces_a_file_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let conf = root.join("etc/ssh/sshd_config.d/gridcare.conf");
    std::fs::create_dir_all(conf.parent().unwrap()).unwrap();
    std::fs::write(&conf, "Match User gridcare\n    PermitTTY yes\n").unwrap();
    let (code, out, err) = server(root, &["setup", "--apply"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("was not written by gridcare"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&conf).unwrap(),
        "Match User gridcare\n    PermitTTY yes\n"
    );
    assert!(!root.join("etc/systemd").exists(), "nothing else written");
    assert!(!root.join("srv").exists(), "nothing else written");
}

#[test]
fn setup_without_apply_prints_a_script_that_guards_foreign_files() {
    let (code, out, err) = common::gridcare_run(&["server", "setup"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("#!/bin/sh"), "{out}");
    assert!(out.contains("Match User gridcare"), "{out}");
    assert!(
        out.contains("was not written by gridcare: not replaced"),
        "{out}"
    );
    assert!(
        out.contains("install -d -m 0700 -o gridcare -g gridcare /srv/gridcare"),
        "{out}"
    );
    let n = Command::new("sh")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(out.as_bytes())?;
            c.wait()
        })
        .unwrap();
    assert!(n.success(), "sh -n reads the script");
}
