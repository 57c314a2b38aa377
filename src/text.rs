//! Text measured in terminal cells: Chinese characters take two, so widths
//! come from unicode-width, never from `len()`. Shared by the CLI tables and
//! the interface.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Pads `s` with spaces to `width` cells (longer text is left as it is).
pub fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    if w >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

/// Right-aligns `s` in `width` cells (longer text is left as it is).
pub fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}

/// Cuts `s` to at most `width` cells, never splitting a wide character.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out
}

/// Breaks `s` into lines no wider than `width` as measured by `w`, so nothing
/// is cut: a long word breaks at a space where it can, else between characters.
pub fn wrap_by(s: &str, width: f32, w: impl Fn(char) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut lw = 0.0;
        for c in para.chars() {
            let cw = w(c);
            if lw + cw > width && !line.is_empty() {
                // carry an unfinished ASCII word over whole, when something
                // stands before it on the line; Chinese breaks anywhere
                // (a date 2026-11-20, a reading 152/94 or 7.2, a setting's
                // name ui.name_max_chars is one word)
                let word_char = |x: char| x.is_ascii_alphanumeric() || "-./:%+_".contains(x);
                let word = line
                    .char_indices()
                    .rev()
                    .take_while(|(_, x)| word_char(*x))
                    .last()
                    .map(|(i, _)| i);
                let carry = match word {
                    Some(i) if word_char(c) && i > 0 => line.split_off(i),
                    _ => String::new(),
                };
                lines.push(line.trim_end().to_string());
                lw = carry.chars().map(&w).sum();
                line = carry;
                if c == ' ' {
                    continue;
                }
            }
            line.push(c);
            lw += cw;
        }
        lines.push(line);
    }
    lines
}

/// [`wrap_by`] in terminal cells (and plain-text columns).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    wrap_by(s, width as f32, |c| c.width().unwrap_or(0) as f32)
}

#[cfg(test)]
mod tests {
    /// Wrapping never splits a date, a reading or an ASCII word that can
    /// move to the next line whole (walk of 2026-12-05: the visit popup
    /// showed 2026-11- / 20); Chinese breaks anywhere.
    #[test]
    fn wrap_keeps_dates_and_readings_whole() {
        let cases: &[(&str, usize, &[&str])] = &[
            ("随访日期 2026-11-20", 16, &["随访日期", "2026-11-20"]),
            ("血压 152/94 mmHg", 12, &["血压 152/94", "mmHg"]),
            ("空腹血糖7.2", 9, &["空腹血糖", "7.2"]),
            (
                "见设置 roster.name_max_chars",
                22,
                &["见设置", "roster.name_max_chars"],
            ),
            ("王大爷王大爷王大爷", 8, &["王大爷王", "大爷王大", "爷"]),
            // a word longer than the line breaks inside it, as before
            ("abcdefghij", 4, &["abcd", "efgh", "ij"]),
        ];
        for &(s, w, want) in cases {
            assert_eq!(super::wrap(s, w), want, "{s:?} in {w}");
        }
    }

    /// Key hints: whole items as far as they go, then the pointer to help;
    /// never half an item, and the pointer only once.
    #[test]
    fn key_hints_keep_whole_items() {
        let keys = "↑↓ 行  ←→ 指标  f 范围  Enter 明细";
        // (items, pointer, width, expected)
        let cases: &[(&str, &str, usize, &str)] = &[
            (keys, "? 帮助", 60, keys),
            (keys, "? 帮助", 30, "↑↓ 行  ←→ 指标  f 范围  ? 帮助"),
            (keys, "? 帮助", 22, "↑↓ 行  ←→ 指标  ? 帮助"),
            (keys, "", 22, "↑↓ 行  ←→ 指标  f 范围"),
            ("a 1  b 2  ? 帮助", "? 帮助", 12, "a 1  ? 帮助"),
            ("Tab next  Ctrl-S save", "", 5, "Tab n"),
        ];
        for &(items, more, width, want) in cases {
            let got = super::key_hints(items, more, width);
            assert_eq!(got, want, "{items:?} in {width}");
            assert!(got.width() <= width, "{got:?}");
        }
    }

    use super::*;

    #[test]
    fn widths_table() {
        let cases = [
            ("王大爷", 8, "王大爷  ", "王大爷"),
            ("王大爷", 5, "王大爷", "王大"),
            ("ab", 3, "ab ", "ab"),
            ("𠮷祥", 3, "𠮷祥", "𠮷"),
        ];
        for (s, w, padded, fitted) in cases {
            assert_eq!(
                (pad(s, w), fit(s, w)),
                (padded.to_string(), fitted.to_string()),
                "{s} {w}"
            );
        }
    }

    #[test]
    fn wrap_table() {
        let cases: [(&str, usize, &[&str]); 8] = [
            ("富民村三组一百二十号", 8, &["富民村三", "组一百二", "十号"]),
            ("12 Long Street", 8, &["12 Long", "Street"]),
            ("𠮷田abc", 4, &["𠮷田", "abc"]),
            ("", 4, &[""]),
            ("a\nb", 4, &["a", "b"]),
            // a word after Chinese moves whole; the Chinese before a space stays
            (
                "! 须留在计划中（domain.md）",
                18,
                &["! 须留在计划中（", "domain.md）"],
            ),
            ("村 王大爷abc", 10, &["村 王大爷", "abc"]),
            // a word longer than the line is cut
            ("abcdefghij", 4, &["abcd", "efgh", "ij"]),
        ];
        for (s, w, want) in cases {
            assert_eq!(wrap(s, w), want, "{s} {w}");
            assert!(wrap(s, w).iter().all(|l| l.width() <= w), "{s}");
        }
    }
}

/// A line of key hints ("k what" items two spaces apart) fitted to `width`:
/// whole items as far as they go, then `more` (say "? 帮助", where help
/// lists every key) when some were left off; never an item cut in half.
pub fn key_hints(items: &str, more: &str, width: usize) -> String {
    if items.width() <= width {
        return items.to_string();
    }
    let tail = if more.is_empty() {
        String::new()
    } else {
        format!("  {more}")
    };
    let mut line = String::new();
    for item in items.split("  ").filter(|i| !i.is_empty() && *i != more) {
        let next = if line.is_empty() {
            item.to_string()
        } else {
            format!("{line}  {item}")
        };
        if next.width() + tail.width() > width {
            break;
        }
        line = next;
    }
    if line.is_empty() {
        return fit(items, width);
    }
    fit(&format!("{line}{tail}"), width)
}

/// A value as a one-line message may quote it: at most `max` characters
/// (`cap`), every control character, line breaks too, shown as a `\u{…}`
/// escape, never sent raw to a terminal.
pub fn shown(s: &str, max: usize) -> String {
    cap(s, max)
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_unicode().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// A full-width character from a Chinese input method as its ASCII twin
/// (１６５ → 165, Ｘ → X, － → -, 。 → .); other characters as they are. The
/// interface converts numbers, dates, phones and ID numbers as typed; the ID
/// number's check (`idnum::parse`) does the same for every other way in.
pub fn halfwidth(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '。' => '.',
        _ => c,
    }
}

/// Text for a terminal or a file, with every control character but line
/// breaks and tabs shown as `\u{1b}` instead of sent (issue 24 item 11):
/// input refuses them, but a database edited by hand may hold them, and an
/// ESC or OSC sequence would otherwise drive the reader's terminal. The one
/// function every output of the command line goes through.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(shown_escaped) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if shown_escaped(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A control character (C0, DEL, C1) other than a line break or a tab.
pub fn shown_escaped(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// At most `max` characters of `s`, an ellipsis standing for the rest: a
/// value echoed in a message (a 10 MB line is not printed back whole).
pub fn cap(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((at, _)) => format!("{}…", &s[..at]),
    }
}

/// Whether a spreadsheet would take a CSV cell for a formula (the OWASP
/// rule: it starts with = + - @, a tab or a carriage return, here after any
/// apostrophes) and it is not simply a number such as -3 or +86.
fn formula_like(s: &str) -> bool {
    let t = s.trim_start_matches('\'');
    t.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !(t.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
            && t.parse::<f64>().is_ok())
}

/// A cell as every CSV gridcare writes it (issue 24 items 10 and 11): control
/// characters shown (`visible`), and a cell a spreadsheet would run as a
/// formula written as text with a leading `'` ("=HYPERLINK(…)" becomes
/// "'=HYPERLINK(…)"). Numbers (-3) stay numbers. `csv_cell_read` undoes it.
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    let s = visible(s);
    if formula_like(&s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        s
    }
}

/// A cell of a CSV file as `csv_cell` wrote it: the `'` it added before a
/// formula-like value taken off again, so an export imports as it was.
pub fn csv_cell_read(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => s,
    }
}

/// One CSV line of `cells`, each through `csv_cell`: every cell quoted
/// (`quote_all`), or only those holding a comma, quote or line break.
pub fn csv_row<S: AsRef<str>>(cells: &[S], quote_all: bool) -> String {
    let mut line = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let c = csv_cell(c.as_ref());
        if quote_all || c.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&c.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&c);
        }
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod csv_tests {
    use super::*;

    /// Formula-like cells get a `'`, read back without it; numbers, dates
    /// and ordinary text are left alone; control characters are shown.
    #[test]
    fn csv_cells_are_escaped_and_read_back() {
        let cases = [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("@SUM(1)", "'@SUM(1)"),
            ("-1+1", "'-1+1"),
            ("\tx", "'\tx"),
            ("'=x", "''=x"),
            ("-3", "-3"),
            ("+86", "+86"),
            ("2026-11-20", "2026-11-20"),
            ("'abc", "'abc"),
            ("王大爷", "王大爷"),
            ("", ""),
            ("a\u{1b}]0;x\u{7}b", "a\\u{1b}]0;x\\u{7}b"),
        ];
        for (raw, written) in cases {
            assert_eq!(csv_cell(raw), written, "{raw:?}");
            if !raw.contains('\u{1b}') {
                assert_eq!(csv_cell_read(written), raw, "{written:?}");
            }
        }
        assert_eq!(csv_row(&["a,b", "=1", "x"], false), "\"a,b\",'=1,x\n");
        assert_eq!(csv_row(&["a", "@x"], true), "\"a\",\"'@x\"\n");
        assert_eq!(cap("一二三四五", 3), "一二三…");
        assert_eq!(cap("一二三", 3), "一二三");
        assert_eq!(halfwidth('３'), '3');
        assert_eq!(halfwidth('Ｘ'), 'X');
    }
}
