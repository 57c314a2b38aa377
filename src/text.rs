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
/// (an ellipsis marks the cut), control characters shown as `\u{…}` escapes,
/// never sent raw to a terminal.
pub fn shown(s: &str, max: usize) -> String {
    let mut out: String = s
        .chars()
        .take(max)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_unicode().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}
