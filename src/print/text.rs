//! Plain UTF-8 sheets for any printer: columns aligned by display width
//! (a Chinese character takes two cells), long cells wrapped, pages split by
//! form feeds with "第 1 / 3 页" at the foot of each.

use super::sheet::{Flag, Row, Sheet};
use crate::text::{pad, wrap};
use unicode_width::UnicodeWidthStr;

/// Lines per page: A4 landscape at 9 lines per inch holds about 65 inside
/// CUPS's default margins, so 60 leave room (see README, Printing).
pub const LINES_PER_PAGE: usize = 60;

pub fn render(sheets: &[Sheet], lines_per_page: usize) -> String {
    let pages: Vec<String> = sheets
        .iter()
        .flat_map(|s| sheet_pages(s, lines_per_page))
        .collect();
    pages.join("\u{c}")
}

fn width(s: &Sheet) -> usize {
    s.columns.iter().map(|c| c.width + 1).sum::<usize>() + 1
}

/// One table line: `|a |b |`, each cell padded to its column's width.
fn line(s: &Sheet, cells: &[String]) -> String {
    let mut out = String::from("|");
    for (c, text) in s.columns.iter().zip(cells) {
        out.push_str(&pad(text, c.width));
        out.push('|');
    }
    out
}

fn rule(s: &Sheet, ch: char) -> String {
    let mut out = String::from("+");
    for c in &s.columns {
        out.push_str(&ch.to_string().repeat(c.width));
        out.push('+');
    }
    out
}

/// The lines of one row, its cells wrapped to their columns; blank columns
/// get a box to tick on the first line.
fn row_lines(s: &Sheet, r: &Row) -> Vec<String> {
    let wrapped: Vec<Vec<String>> = s
        .columns
        .iter()
        .zip(s.cells(r))
        .enumerate()
        .map(|(i, (c, text))| {
            let text = match (i, r.flag) {
                // a star before the number marks red and overdue rows without colour
                (0, Flag::Red | Flag::Overdue) => format!("*{text}"),
                _ => text.to_string(),
            };
            if c.blank && c.width <= 6 {
                vec!["[ ]".to_string()]
            } else {
                wrap(&text, c.width)
            }
        })
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    let mut out: Vec<String> = (0..height)
        .map(|i| {
            let cells: Vec<String> = wrapped
                .iter()
                .map(|w| w.get(i).cloned().unwrap_or_default())
                .collect();
            line(s, &cells)
        })
        .collect();
    out.push(rule(s, if r.flag == Flag::None { '-' } else { '=' }));
    out
}

fn centred(text: &str, width: usize) -> String {
    let left = width.saturating_sub(text.width()) / 2;
    format!("{}{text}", " ".repeat(left))
}

fn sheet_pages(s: &Sheet, lines_per_page: usize) -> Vec<String> {
    let w = width(s);
    let titles: Vec<String> = s.columns.iter().map(|c| c.title.to_string()).collect();
    let table_head = vec![rule(s, '-'), line(s, &titles), rule(s, '=')];
    let first: Vec<String> = [centred(&s.title, w)]
        .into_iter()
        .chain(s.header.iter().flat_map(|h| wrap(h, w)))
        .chain(table_head.clone())
        .collect();
    let later: Vec<String> = [format!("{}（续）", s.title), s.header[0].clone()]
        .into_iter()
        .chain(table_head)
        .collect();
    // blocks never split across pages: a group line stays with its first row
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut group = None;
    for r in &s.rows {
        let mut b = Vec::new();
        // a row without a group (the form's first items) has no heading
        if group != Some(&r.group) && !r.group.is_empty() {
            b.push(format!("|{}", r.group));
        }
        group = Some(&r.group);
        b.extend(row_lines(s, r));
        blocks.push(b);
    }
    if s.rows.is_empty() {
        blocks.push(vec!["（本期没有任务）".to_string()]);
    }
    let mut trailer = vec![String::new()];
    trailer.extend(wrap(&s.legend, w));
    trailer.extend([String::new(), s.signature.clone()]);
    blocks.push(trailer);

    let room = lines_per_page.saturating_sub(2); // the foot: a blank line and the page number
    let mut pages: Vec<Vec<String>> = vec![first];
    for b in blocks {
        let page_len = pages.last().map_or(0, Vec::len);
        let fresh = pages.len() > 1 && page_len == later.len() || page_len == 0;
        if page_len + b.len() > room && !fresh {
            pages.push(later.clone());
        }
        if let Some(p) = pages.last_mut() {
            p.extend(b);
        }
    }
    let n = pages.len();
    pages
        .into_iter()
        .enumerate()
        .map(|(i, mut p)| {
            // pad short pages so the page number sits at the foot; never cut long ones
            while p.len() < room {
                p.push(String::new());
            }
            p.push(String::new());
            p.push(centred(&format!("{}　第 {} / {n} 页", s.name, i + 1), w));
            p.iter().map(|l| l.trim_end().to_string() + "\n").collect()
        })
        .collect()
}
