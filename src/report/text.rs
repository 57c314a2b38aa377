//! The report as aligned text for a terminal (`gridcare report`'s table).

use crate::words::{Lang, pick};

/// A report's table as aligned text (widths in terminal cells), with the
/// standard-management rule beneath it.
pub fn report_text(headers: &[String], rows: &[Vec<String>], lang: Lang) -> String {
    use crate::domain::indicators::{STANDARD_RULE, STANDARD_RULE_EN, head_in};
    use unicode_width::UnicodeWidthStr;
    // the table's heads in the language; CSV and XLSX keep the Chinese ones
    let headers: Vec<String> = headers
        .iter()
        .map(|h| head_in(h, lang == Lang::Zh).to_string())
        .collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| {
            std::iter::once(&headers[c])
                .chain(rows.iter().filter_map(|r| r.get(c)))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(s, w)| crate::text::pad(s, *w))
            .collect();
        parts.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = line(&headers);
    for r in rows {
        out.push_str(&line(r));
    }
    out.push('\n');
    out.push_str(pick(lang, STANDARD_RULE, STANDARD_RULE_EN));
    out.push('\n');
    out.push_str(pick(
        lang,
        crate::domain::indicators::ELDERLY_RULE,
        crate::domain::indicators::ELDERLY_RULE_EN,
    ));
    out.push('\n');
    out
}
