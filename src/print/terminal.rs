//! Printing where the coordinator sits (issue 16 item 4): the text sheet is
//! sent through the terminal between ANSI "media copy" codes, `ESC [ 5 i`
//! (printer on) and `ESC [ 4 i` (printer off). PuTTY, the client most
//! township PCs use, passes what lies between to the printer set under
//! Terminal → "Printer to send ANSI printer output to" and shows none of it.
//! A Chinese Windows printer driver expects GB18030 (the `print.terminal_encoding`
//! setting; utf-8 for others), with CRLF line ends and a form feed between pages.

use super::PrintError;

/// Printer on: what follows goes to the printer, not the screen.
pub const MEDIA_COPY_ON: &[u8] = b"\x1b[5i";
/// Printer off: the terminal shows what follows again.
pub const MEDIA_COPY_OFF: &[u8] = b"\x1b[4i";

/// The bytes a printer on the far side of the terminal expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TerminalEncoding {
    #[default]
    Gb18030,
    Utf8,
}

impl TerminalEncoding {
    /// The `print.terminal_encoding` setting: gb18030 (default) or utf-8.
    pub fn from_setting(v: Option<&str>) -> Result<TerminalEncoding, PrintError> {
        match v.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") | Some("gb18030") | Some("gbk") => Ok(TerminalEncoding::Gb18030),
            Some("utf-8") | Some("utf8") => Ok(TerminalEncoding::Utf8),
            Some(other) => Err(PrintError::Printer(format!(
                "the print.terminal_encoding setting is {other:?}; set it to gb18030 (Chinese Windows printers) or utf-8"
            ))),
        }
    }

    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            // GB18030 covers all of Unicode: nothing is lost or replaced
            TerminalEncoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
            TerminalEncoding::Utf8 => text.as_bytes().to_vec(),
        }
    }

    /// The text back from its bytes (for tests and checks).
    pub fn decode(self, bytes: &[u8]) -> String {
        match self {
            TerminalEncoding::Gb18030 => encoding_rs::GB18030.decode(bytes).0.into_owned(),
            TerminalEncoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        }
    }
}

/// Whether gridcare runs in an SSH session (the print form says so).
pub fn over_ssh() -> bool {
    ["SSH_CONNECTION", "SSH_TTY"]
        .iter()
        .any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty()))
}

/// The terminal multiplexer gridcare runs inside, if any (issue 25 item
/// 17): tmux and screen swallow the media-copy codes, so the sheet would
/// show on the screen and reach no printer. `TMUX`, `STY`, or a `TERM`
/// starting with screen or tmux.
pub fn multiplexer() -> Option<&'static str> {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    let term = std::env::var("TERM").unwrap_or_default();
    if set("TMUX") || term.starts_with("tmux") {
        Some("tmux")
    } else if set("STY") || term.starts_with("screen") {
        Some("screen")
    } else {
        None
    }
}

/// Refuses printing through a terminal inside tmux or screen, saying why
/// and what to do instead (nothing is sent).
pub fn check_passthrough() -> Result<(), PrintError> {
    match multiplexer() {
        Some(m) => Err(PrintError::Multiplexer(m.to_string())),
        None => Ok(()),
    }
}

/// Writes `bytes` to stdout as they are: on a terminal, the tty's output
/// processing (OPOST, whose `onlcr` turns each LF into CR LF, so CR LF
/// arrived as CR CR LF) is off for the write and restored after.
pub fn write_stdout_raw(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let fd = o.as_raw_fd();
        // SAFETY: tcgetattr/tcsetattr on our own stdout with a zeroed
        // termios we own; on a non-terminal tcgetattr fails and nothing changes.
        let mut saved: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut saved) } == 0 {
            let mut raw = saved;
            raw.c_oflag &= !libc::OPOST;
            o.flush()?;
            unsafe { libc::tcsetattr(fd, libc::TCSADRAIN, &raw) };
            let r = o.write_all(bytes).and_then(|_| o.flush());
            unsafe { libc::tcsetattr(fd, libc::TCSADRAIN, &saved) };
            return r;
        }
    }
    o.write_all(bytes)?;
    o.flush()
}

/// The printer's text: lines ended by CRLF (a printer moves down on LF and
/// back on CR), pages by a form feed as the text sheet has them.
pub fn printer_text(sheet_text: &str) -> String {
    let pages: Vec<String> = sheet_text
        .split('\u{c}')
        .map(|page| {
            let mut out = String::new();
            for line in page.trim_end_matches('\n').split('\n') {
                // a stored ESC would end the printer's passthrough early
                out.push_str(&crate::text::visible(line.trim_end_matches('\r')));
                out.push_str("\r\n");
            }
            out
        })
        .collect();
    pages.join("\u{c}")
}

/// The whole passthrough: printer on, the sheet encoded, printer off.
pub fn passthrough(sheet_text: &str, enc: TerminalEncoding) -> Vec<u8> {
    let mut out = MEDIA_COPY_ON.to_vec();
    out.extend(enc.encode(&printer_text(sheet_text)));
    out.extend_from_slice(MEDIA_COPY_OFF);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 16 item 4: media copy on, CRLF lines, a form feed between
    /// pages, GB18030 by default, media copy off.
    #[test]
    fn passthrough_table() {
        let cases: &[(&str, TerminalEncoding, &[u8])] = &[
            (
                "ab\ncd",
                TerminalEncoding::Utf8,
                b"\x1b[5iab\r\ncd\r\n\x1b[4i",
            ),
            (
                "a\u{c}b",
                TerminalEncoding::Utf8,
                b"\x1b[5ia\r\n\x0cb\r\n\x1b[4i",
            ),
            // 王 is CD F5 in GB2312 and so in GB18030
            (
                "王\n",
                TerminalEncoding::Gb18030,
                b"\x1b[5i\xcd\xf5\r\n\x1b[4i",
            ),
            (
                "王",
                TerminalEncoding::Utf8,
                b"\x1b[5i\xe7\x8e\x8b\r\n\x1b[4i",
            ),
        ];
        for (text, enc, want) in cases {
            assert_eq!(passthrough(text, *enc), *want, "{text:?} {enc:?}");
        }
        // a character outside GB2312 survives the round trip
        let t = "𠮷 涂春生";
        let e = TerminalEncoding::Gb18030;
        assert_eq!(e.decode(&e.encode(t)), t);
    }

    #[test]
    fn encoding_setting() {
        for (v, want) in [
            (None, Some(TerminalEncoding::Gb18030)),
            (Some("GB18030"), Some(TerminalEncoding::Gb18030)),
            (Some(" utf-8 "), Some(TerminalEncoding::Utf8)),
            (Some("latin1"), None),
        ] {
            assert_eq!(TerminalEncoding::from_setting(v).ok(), want, "{v:?}");
        }
    }
}
