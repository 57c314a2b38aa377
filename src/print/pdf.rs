//! PDF sheets: A4 landscape, the Chinese font embedded as a subset, cells
//! wrapped by the font's own glyph widths so nothing overflows or is cut.

use super::sheet::{Flag, Sheet};
use super::{Font, MISSING};
use crate::text::wrap_by;
use printpdf::*;

const PAGE_W: f32 = 297.0;
const PAGE_H: f32 = 210.0;
const MARGIN: f32 = 12.0;
const PAD: f32 = 1.0;
/// Room to write by hand: no row is lower than this (mm).
const MIN_ROW: f32 = 9.0;
const PT_PER_MM: f32 = 72.0 / 25.4;
/// A tick box in a cell's text.
const BOX: char = '□';

/// Something placed on a page, in mm from the top-left corner.
enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: Option<f32>,
    },
}

struct Layout<'a> {
    font: &'a Font,
    size: f32,
    cols: Vec<(f32, f32)>,
}

impl Layout<'_> {
    fn line_h(&self) -> f32 {
        self.size / PT_PER_MM * 1.3
    }
    fn wrap(&self, text: &str, width_mm: f32) -> Vec<String> {
        let em = self.size / PT_PER_MM;
        wrap_by(text, (width_mm - 2.0 * PAD) / em, |c| self.advance(c))
    }
    /// Draws a row of cells at `y`; returns its height.
    fn row(&self, items: &mut Vec<Item>, y: f32, cells: &[Vec<String>], fill: Option<f32>) -> f32 {
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1) as f32;
        let h = (lines * self.line_h() + 2.0 * PAD).max(MIN_ROW);
        for ((x, w), lines) in self.cols.iter().zip(cells) {
            items.push(Item::Rect {
                x: *x,
                y,
                w: *w,
                h,
                grey: fill,
            });
            for (i, l) in lines.iter().enumerate() {
                let baseline = y + PAD + self.line_h() * (i as f32 + 0.8);
                items.push(self.text(x + PAD, baseline, l));
            }
        }
        h
    }
    /// A line of a cell at its baseline: a tick box (□) is drawn as a
    /// square of most of a character's height, not the font's small glyph.
    fn line(&self, items: &mut Vec<Item>, x: f32, baseline: f32, s: &str) {
        if !s.contains(BOX) {
            items.push(self.text(x, baseline, s));
            return;
        }
        let em = self.size / PT_PER_MM;
        let (mut at, mut from) = (0.0, 0.0);
        let mut run = String::new();
        for c in s.chars() {
            if c == BOX {
                items.push(self.text(x + from * em, baseline, &run));
                run.clear();
                let b = em * 0.8;
                items.push(Item::Rect {
                    x: x + at * em + em * 0.05,
                    y: baseline - b * 0.95,
                    w: b,
                    h: b,
                    grey: None,
                });
                at += self.advance(c);
                from = at;
            } else {
                run.push(c);
                at += self.advance(c);
            }
        }
        items.push(self.text(x + from * em, baseline, &run));
    }
    /// A glyph's width in ems; a tick box is a whole em.
    fn advance(&self, c: char) -> f32 {
        if c == BOX { 1.0 } else { self.font.advance(c) }
    }
    fn text(&self, x: f32, y: f32, s: &str) -> Item {
        Item::Text {
            x,
            y,
            size: self.size,
            text: s.to_string(),
        }
    }
}

/// A character the font lacks prints as 〓 (the typesetter's mark for a missing
/// character) rather than as an empty box.
fn printable(font: &Font, s: &str) -> String {
    s.chars()
        // a line break stays: the wrapping below starts a new line there
        .map(|c| {
            if font.has(c) || c == ' ' || c == '\n' {
                c
            } else {
                MISSING
            }
        })
        .collect()
}

/// A row measured: its cells wrapped, its natural height, and its household
/// (a household's rows go on one page).
struct Measured {
    cells: Vec<Vec<String>>,
    h: f32,
    household: i64,
}

/// The most a row grows to fill its page (mm): room to write by hand, not
/// a sheet of empty bands.
const MAX_GROW: f32 = 14.0;

fn layout_sheet(s: &Sheet, font: &Font) -> Vec<Vec<Item>> {
    let usable = PAGE_W - 2.0 * MARGIN;
    let cells: usize = s.columns.iter().map(|c| c.width + 1).sum();
    let per_cell = usable / cells as f32;
    // a Chinese character is one em and two cells wide; a sheet with a set
    // size (issue 29 item 1) wraps its cells instead of shrinking them
    let size = s
        .body_pt
        .unwrap_or_else(|| (per_cell * 2.0 * PT_PER_MM * 0.85).min(9.0));
    let mut x = MARGIN;
    let cols = s
        .columns
        .iter()
        .map(|c| {
            let w = (c.width + 1) as f32 * per_cell;
            x += w;
            (x - w, w)
        })
        .collect();
    let l = Layout { font, size, cols };
    let small = Layout {
        font,
        size: (size * 0.8).max(7.0),
        cols: l.cols.clone(),
    };
    let head: Vec<Vec<String>> = s
        .columns
        .iter()
        .zip(&l.cols)
        .map(|(c, (_, w))| l.wrap(c.title, *w))
        .collect();
    let bottom = PAGE_H - MARGIN - 6.0;
    let group_h = l.line_h() + 2.0;

    let new_page = |page: &mut Vec<Item>, first: bool| -> f32 {
        let mut y = MARGIN + 5.0;
        let big = Layout {
            font,
            size: (size + 4.0).max(14.0),
            cols: Vec::new(),
        };
        let title = if first {
            s.title.clone()
        } else {
            format!("{}（续）", s.title)
        };
        page.push(big.text(MARGIN, y, &printable(font, &title)));
        y += 4.0;
        let lines = if first { &s.header[..] } else { &s.header[..1] };
        for h in lines {
            for part in l.wrap(h, usable) {
                y += l.line_h() + 0.5;
                page.push(l.text(MARGIN, y, &printable(font, &part)));
            }
        }
        y += 2.0;
        y + l.row(page, y, &head, Some(0.85))
    };
    let measured: Vec<Measured> = s
        .rows
        .iter()
        .map(|r| {
            let cells: Vec<Vec<String>> = s
                .columns
                .iter()
                .zip(&l.cols)
                .zip(s.cells(r))
                .map(|((c, (_, w)), t)| match (c.blank, c.small) {
                    (true, _) => Vec::new(),
                    (false, true) => small.wrap(&printable(font, t), *w),
                    (false, false) => l.wrap(&printable(font, t), *w),
                })
                .collect();
            let h = s
                .columns
                .iter()
                .zip(&cells)
                .map(|(c, lines)| {
                    let lh = if c.small { small.line_h() } else { l.line_h() };
                    lines.len().max(1) as f32 * lh + 2.0 * PAD
                })
                .fold(MIN_ROW, f32::max);
            Measured {
                cells,
                h,
                household: r.household,
            }
        })
        .collect();

    // the trailer: legend and signature, after the last row
    let mut trailer: Vec<String> = Vec::new();
    if s.rows.is_empty() {
        trailer.push("（本期没有任务）".into());
    }
    trailer.extend(l.wrap(&s.legend, usable));
    trailer.push(String::new());
    trailer.push(s.signature.clone());
    let trailer_h = (trailer.len() as f32 + 1.0) * (l.line_h() + 1.5) + 2.0;

    // pagination first (issue 29 item 1): a household's rows stay on one
    // page; a page is filled before the next starts
    let heading_above = |i: usize, first_on_page: bool| -> bool {
        let g = &s.rows[i].group;
        !g.is_empty() && (first_on_page || s.rows[i - 1].group != *g)
    };
    let top_first = new_page(&mut Vec::new(), true);
    let top_next = new_page(&mut Vec::new(), false);
    let mut pages_rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut y = top_first;
    let mut i = 0;
    while i < measured.len() {
        // the household's run of rows
        let mut j = i + 1;
        while j < measured.len()
            && measured[i].household != 0
            && measured[j].household == measured[i].household
        {
            j += 1;
        }
        let run_h = |first_on_page: bool| -> f32 {
            (i..j)
                .map(|k| {
                    measured[k].h
                        + if heading_above(k, first_on_page && k == i) {
                            group_h
                        } else {
                            0.0
                        }
                })
                .sum()
        };
        let on_page = !pages_rows.last().is_some_and(|p| p.is_empty());
        if on_page && y + run_h(false) > bottom {
            pages_rows.push(Vec::new());
            y = top_next;
        }
        let first = pages_rows.last().is_none_or(|p| p.is_empty());
        y += run_h(first);
        pages_rows.last_mut().expect("a page").extend(i..j);
        i = j;
    }
    let trailer_on_new_page = y + trailer_h > bottom;

    let mut pages: Vec<Vec<Item>> = Vec::new();
    let n_row_pages = pages_rows.len();
    for (p, rows) in pages_rows.iter().enumerate() {
        let mut page = Vec::new();
        let mut y = new_page(&mut page, p == 0);
        let last = p + 1 == n_row_pages;
        // the rows grow to fill the page, up to MAX_GROW each
        let used: f32 = rows
            .iter()
            .enumerate()
            .map(|(n, &k)| {
                measured[k].h
                    + if heading_above(k, n == 0) {
                        group_h
                    } else {
                        0.0
                    }
            })
            .sum();
        let room = bottom
            - y
            - used
            - if last && !trailer_on_new_page {
                trailer_h
            } else {
                0.0
            };
        let grow = if rows.is_empty() {
            0.0
        } else {
            (room / rows.len() as f32).clamp(0.0, MAX_GROW)
        };
        for (n, &k) in rows.iter().enumerate() {
            let r = &s.rows[k];
            let m = &measured[k];
            if heading_above(k, n == 0) {
                page.push(Item::Rect {
                    x: MARGIN,
                    y,
                    w: usable,
                    h: group_h,
                    grey: Some(0.93),
                });
                page.push(l.text(
                    MARGIN + PAD,
                    y + 1.0 + l.line_h() * 0.8,
                    &printable(font, &r.group),
                ));
                y += group_h;
            }
            let h = m.h + grow;
            for ((c, (x, w)), lines) in s.columns.iter().zip(&l.cols).zip(&m.cells) {
                page.push(Item::Rect {
                    x: *x,
                    y,
                    w: *w,
                    h,
                    grey: None,
                });
                let lay = if c.small { &small } else { &l };
                for (i, line) in lines.iter().enumerate() {
                    let baseline = y + PAD + lay.line_h() * (i as f32 + 0.8);
                    lay.line(&mut page, x + PAD, baseline, line);
                }
                if c.blank && c.width <= 6 {
                    let b = 3.5;
                    page.push(Item::Rect {
                        x: x + (w - b) / 2.0,
                        y: y + (h - b) / 2.0,
                        w: b,
                        h: b,
                        grey: None,
                    });
                }
            }
            // a bar left of the row: black for red, grey for overdue; it survives black-and-white
            let bar = match r.flag {
                Flag::Red => Some(0.0),
                Flag::Overdue => Some(0.55),
                Flag::None => None,
            };
            if let Some(g) = bar {
                page.push(Item::Rect {
                    x: MARGIN - 3.0,
                    y,
                    w: 2.0,
                    h,
                    grey: Some(g),
                });
            }
            y += h;
        }
        if last && !trailer_on_new_page {
            place_trailer(&mut page, &l, font, y, &trailer);
        }
        pages.push(page);
    }
    if trailer_on_new_page {
        let mut page = Vec::new();
        let y = new_page(&mut page, false);
        place_trailer(&mut page, &l, font, y, &trailer);
        pages.push(page);
    }
    let n = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        let foot = format!("{}　第 {} / {n} 页", s.name, i + 1);
        let w: f32 = foot.chars().map(|c| font.advance(c)).sum::<f32>() * l.size / PT_PER_MM;
        p.push(l.text(
            (PAGE_W - w) / 2.0,
            PAGE_H - MARGIN + 2.0,
            &printable(font, &foot),
        ));
    }
    pages
}

fn place_trailer(page: &mut Vec<Item>, l: &Layout, font: &Font, mut y: f32, trailer: &[String]) {
    y += 2.0;
    for t in trailer {
        y += l.line_h() + 1.5;
        page.push(l.text(MARGIN, y, &printable(font, t)));
    }
}

fn ops(items: &[Item], font: &FontId) -> Vec<Op> {
    let mm = |v: f32| Pt(v * PT_PER_MM);
    let grey = |g: f32| {
        Color::Greyscale(Greyscale {
            percent: g,
            icc_profile: None,
        })
    };
    let mut out = vec![
        Op::SetOutlineThickness { pt: Pt(0.5) },
        Op::SetOutlineColor { col: grey(0.0) },
    ];
    for it in items {
        match it {
            Item::Rect {
                x,
                y,
                w,
                h,
                grey: g,
            } => {
                let mut r = Rect::from_xywh(mm(*x), mm(PAGE_H - y - h), mm(*w), mm(*h));
                r.mode = Some(match g {
                    Some(_) => PaintMode::FillStroke,
                    None => PaintMode::Stroke,
                });
                if let Some(g) = g {
                    out.push(Op::SetFillColor { col: grey(*g) });
                }
                out.push(Op::DrawRectangle { rectangle: r });
            }
            Item::Text { x, y, size, text } => {
                if text.is_empty() {
                    continue;
                }
                out.push(Op::SetFillColor { col: grey(0.0) });
                out.extend([
                    Op::StartTextSection,
                    Op::SetFont {
                        font: PdfFontHandle::External(font.clone()),
                        size: Pt(*size),
                    },
                    Op::SetTextCursor {
                        pos: Point {
                            x: mm(*x),
                            y: mm(PAGE_H - y),
                        },
                    },
                    Op::ShowText {
                        items: vec![TextItem::Text(text.clone())],
                    },
                    Op::EndTextSection,
                ]);
            }
        }
    }
    out
}

pub fn render(sheets: &[Sheet], font: &Font) -> Vec<u8> {
    let mut doc = PdfDocument::new("gridcare");
    let id = doc.add_font(&font.parsed);
    let pages: Vec<PdfPage> = sheets
        .iter()
        .flat_map(|s| layout_sheet(s, font))
        .map(|items| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops(&items, &id)))
        .collect();
    doc.with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}
