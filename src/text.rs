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

#[cfg(test)]
mod tests {
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
}
