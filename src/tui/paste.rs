//! Bracketed paste (issue 10, item 13): the terminal hands over a pasted text
//! as one event, and it goes into the focused field as one insertion, instead
//! of thousands of keys each re-checking the form (a 10 KB paste took 20 s,
//! and a Ctrl-S in it was typed as text or lost).

/// The text as a field takes it: line breaks (`\r\n`, `\r`, `\n`) become `\n`
/// in a multi-line field and a space elsewhere, where a trailing break (a
/// copied spreadsheet cell ends with one) is dropped; tabs become spaces and
/// other control characters are dropped, since a field cannot show them.
pub(crate) fn paste_text(text: &str, multiline: bool) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = if multiline {
        text.as_str()
    } else {
        text.trim_end_matches('\n')
    };
    text.chars()
        .filter_map(|c| match c {
            '\n' if multiline => Some('\n'),
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::paste_text;

    #[test]
    fn line_breaks_kept_only_where_lines_are() {
        let t = "血压 152/94\r\n头晕\r乏力\n";
        assert_eq!(paste_text(t, true), "血压 152/94\n头晕\n乏力\n");
        assert_eq!(paste_text(t, false), "血压 152/94 头晕 乏力");
        assert_eq!(paste_text("a\tb\u{7}c", false), "a bc");
    }
}
