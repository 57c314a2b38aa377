//! OpenSSH public keys bound to operators (issue 31 item 1): reading a
//! `.pub` file's line, its fingerprint as `ssh-keygen -l` shows it
//! (`SHA256:` and the unpadded base64 of the key's SHA-256), and the
//! `authorized_keys` line `gridcare ssh-keys` gives sshd for it. Pure: the
//! database keeps the keys (db/keys.rs), the command line reads the files.

use sha2::{Digest, Sha256};

/// The key types OpenSSH offers today (`ssh-keygen -t`); DSA is gone from it.
pub const KEY_TYPES: &[&str] = &[
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// One public key: its type, its base64 body as the file has it, the comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub kind: String,
    pub body: String,
    pub comment: String,
}

/// Why a file is not one OpenSSH public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    Empty,
    /// The private key was given, not the `.pub` beside it.
    Private,
    /// PuTTYgen's own `.ppk` or its "SSH2 public key" (RFC 4716) file.
    PuttyFormat,
    UnknownType(String),
    /// The body is not base64, or does not start with its own type.
    Damaged,
    /// More than one key: one file, one key.
    Several(usize),
}

impl KeyProblem {
    /// What is wrong and how to fix it.
    pub fn text(&self, zh: bool) -> String {
        use KeyProblem::*;
        let types = KEY_TYPES[..3].join(", ");
        match (self, zh) {
            (Empty, true) => "文件中没有公钥；请给出 ssh-keygen 或 PuTTYgen 生成的 .pub 文件".into(),
            (Empty, false) => {
                "the file holds no public key; give the .pub file ssh-keygen or PuTTYgen made".into()
            }
            (Private, true) => "这是私钥，不能交出；请给出旁边的 .pub 公钥文件".into(),
            (Private, false) => {
                "this is a private key, which must not leave its owner; give the .pub file beside it".into()
            }
            (PuttyFormat, true) => "这是 PuTTY 格式；请在 PuTTYgen 中复制“用于粘贴到 OpenSSH authorized_keys 文件的公钥”一栏，存为 .pub 文件".into(),
            (PuttyFormat, false) => "this is PuTTY's format; in PuTTYgen copy the box \"Public key for pasting into OpenSSH authorized_keys file\" into a .pub file".into(),
            (UnknownType(t), true) => format!("“{t}”不是可用的密钥类型；可用：{types} 等"),
            (UnknownType(t), false) => format!("\"{t}\" is not a key type gridcare takes; use {types} or another OpenSSH type"),
            (Damaged, true) => "公钥内容已损坏（不是完整的 base64）；请重新复制整行".into(),
            (Damaged, false) => "the key's body is damaged (not whole base64); copy the whole line again".into(),
            (Several(n), true) => format!("文件中有 {n} 个公钥；每次只添加一个"),
            (Several(n), false) => format!("the file holds {n} keys; add one at a time"),
        }
    }
}

/// Reads the one public key of a `.pub` file's text (comments and blank
/// lines aside, options before the type refused as a damaged line).
pub fn parse(text: &str) -> Result<PublicKey, KeyProblem> {
    if text.contains("PRIVATE KEY") {
        return Err(KeyProblem::Private);
    }
    if text.starts_with("PuTTY-User-Key-File") || text.contains("BEGIN SSH2 PUBLIC KEY") {
        return Err(KeyProblem::PuttyFormat);
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let line = match lines.as_slice() {
        [] => return Err(KeyProblem::Empty),
        [one] => *one,
        many => return Err(KeyProblem::Several(many.len())),
    };
    let mut parts = line.splitn(3, char::is_whitespace);
    let kind = parts.next().unwrap_or_default();
    if !KEY_TYPES.contains(&kind) {
        return Err(KeyProblem::UnknownType(
            crate::text::visible(kind).into_owned(),
        ));
    }
    let body = parts.next().unwrap_or_default().trim();
    let blob = decode(body).ok_or(KeyProblem::Damaged)?;
    // the blob starts with its own type, length-prefixed (RFC 4253 §6.6)
    let named = blob
        .get(..4)
        .map(|n| u32::from_be_bytes([n[0], n[1], n[2], n[3]]) as usize)
        .and_then(|n| blob.get(4..4 + n));
    if named != Some(kind.as_bytes()) || fields(&blob) < Some(2) {
        return Err(KeyProblem::Damaged);
    }
    let comment: String = parts
        .next()
        .unwrap_or_default()
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect();
    Ok(PublicKey {
        kind: kind.to_string(),
        body: body.to_string(),
        comment,
    })
}

/// How many length-prefixed fields a key's blob is made of (every OpenSSH
/// public key is its type and then its numbers or bytes, each a string);
/// None when the last is cut short (a line copied in part).
fn fields(blob: &[u8]) -> Option<usize> {
    let (mut at, mut n) = (0usize, 0usize);
    while at < blob.len() {
        let len = blob.get(at..at + 4)?;
        let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        at = at.checked_add(4 + len)?;
        if at > blob.len() {
            return None;
        }
        n += 1;
    }
    Some(n)
}

impl PublicKey {
    /// As `ssh-keygen -l` shows it: `SHA256:` and unpadded base64.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.body)
    }
}

/// The fingerprint of a key's base64 body (see `PublicKey::fingerprint`).
pub fn fingerprint(body: &str) -> String {
    let blob = decode(body).unwrap_or_default();
    let digest = Sha256::digest(&blob);
    format!("SHA256:{}", encode(&digest).trim_end_matches('='))
}

/// The database's auth.ssh setting: what a key bound to an operator does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SshMode {
    /// The key signs its operator in (the default).
    Key,
    /// The key, then the operator's PIN.
    KeyAndPin,
    /// No key signs anyone in; `gridcare ssh-keys` gives sshd none.
    Off,
}

impl SshMode {
    /// The setting's value; anything else is None (the caller names it).
    pub fn from_setting(v: &str) -> Option<SshMode> {
        match v.trim() {
            "key" | "on" => Some(SshMode::Key),
            "key+pin" => Some(SshMode::KeyAndPin),
            "off" => Some(SshMode::Off),
            _ => None,
        }
    }
}

/// Why `--ssh-operator` signs nobody in (the door a key opens is closed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    /// Not run by sshd for a key (SSH_CONNECTION is not set).
    NotSsh,
    /// The database's auth.ssh setting is off.
    Off,
    /// The operator has no key bound, has ended, is locked out, or is unknown.
    NoKey(String),
    /// The key sshd accepted (SSH_USER_AUTH) is not one of the operator's.
    OtherKey(String),
}

impl Closed {
    pub fn text(&self, zh: bool) -> String {
        use Closed::*;
        match (self, zh) {
            (NotSsh, true) => "--ssh-operator 只用于 SSH 密钥所运行的命令；本地请用 --operator 和 PIN 登录".into(),
            (NotSsh, false) => "--ssh-operator is only for the command an SSH key runs; here, sign in with --operator and the PIN".into(),
            (Off, true) => "此数据库不允许用 SSH 密钥登录（设置项 auth.ssh 为 off）".into(),
            (Off, false) => "this database signs nobody in by SSH key (setting auth.ssh is off)".into(),
            (NoKey(n), true) => format!("操作员 {n} 没有绑定公钥，或已停用、被锁定；请联系协调员"),
            (NoKey(n), false) => format!("operator {n} has no key bound, has ended or is locked out; ask the coordinator"),
            (OtherKey(n), true) => format!("登录所用的公钥不属于操作员 {n}"),
            (OtherKey(n), false) => format!("the key this session signed in with is not operator {n}'s"),
        }
    }
}

/// Why an `authorized_keys` line cannot be written safely for a name or path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unquotable(pub String);

/// The `authorized_keys` line that makes `key` sign its holder in as
/// `operator` and run nothing but gridcare: `restrict` refuses every
/// forwarding, the agent and X11, `pty` gives back the terminal, and
/// `command=` replaces whatever the client asked for (`ssh server bash`).
/// The path and name are shell-quoted inside the option's double quotes;
/// one that holds a quote, a backslash or a control character is refused
/// rather than escaped twice over.
pub fn authorized_line(
    exe: &str,
    db: &str,
    operator: &str,
    key: &PublicKey,
) -> Result<String, Unquotable> {
    let quoted = [exe, db, operator]
        .iter()
        .map(|s| shell_quote(s))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(format!(
        "restrict,pty,command=\"{} --db {} --ssh-operator {}\" {} {}",
        quoted[0], quoted[1], quoted[2], key.kind, key.body
    ))
}

/// `s` in single quotes for the shell sshd runs the command with; nothing
/// inside single quotes is special but the quote itself, which is refused,
/// as are the double quote and backslash (the option's own quoting) and
/// control characters (a line break would end the line).
pub fn shell_quote(s: &str) -> Result<String, Unquotable> {
    if s.is_empty()
        || s.chars()
            .any(|c| c == '\'' || c == '"' || c == '\\' || c.is_control())
    {
        return Err(Unquotable(s.to_string()));
    }
    Ok(format!("'{s}'"))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648 §4).
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64, padding required as OpenSSH writes it; None if not.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    if text.is_empty() || !text.len().is_multiple_of(4) {
        return None;
    }
    let body = text.trim_end_matches('=');
    if text.len() - body.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in body.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits & 0xff) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for (raw, b64) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(raw.as_bytes()), b64);
            if !raw.is_empty() {
                assert_eq!(decode(b64).unwrap(), raw.as_bytes());
            }
        }
        assert_eq!(decode("Zm9v!"), None);
    }

    #[test]
    fn names_that_cannot_be_quoted_are_refused() {
        for (name, ok) in [
            ("李芳", true),
            ("Li Fang", true),
            ("O'Brien", false),
            ("a\"b", false),
            ("a\\b", false),
            ("a\nb", false),
            ("$(id)", true),
        ] {
            assert_eq!(shell_quote(name).is_ok(), ok, "{name:?}");
        }
        assert_eq!(shell_quote("$(id)").unwrap(), "'$(id)'");
    }
}
