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
const MIN_ROW: f32 = 8.0;
const PT_PER_MM: f32 = 72.0 / 25.4;

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
        wrap_by(text, (width_mm - 2.0 * PAD) / em, |c| self.font.advance(c))
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
    fn height(&self, cells: &[Vec<String>]) -> f32 {
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1) as f32;
        (lines * self.line_h() + 2.0 * PAD).max(MIN_ROW)
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

fn layout_sheet(s: &Sheet, font: &Font) -> Vec<Vec<Item>> {
    let usable = PAGE_W - 2.0 * MARGIN;
    let cells: usize = s.columns.iter().map(|c| c.width + 1).sum();
    let per_cell = usable / cells as f32;
    // a Chinese character is one em and two cells wide
    let size = (per_cell * 2.0 * PT_PER_MM * 0.85).min(9.0);
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
    let head: Vec<Vec<String>> = s
        .columns
        .iter()
        .zip(&l.cols)
        .map(|(c, (_, w))| l.wrap(c.title, *w))
        .collect();
    let bottom = PAGE_H - MARGIN - 6.0;

    let mut pages: Vec<Vec<Item>> = Vec::new();
    let mut page = Vec::new();
    let mut y = MARGIN;
    let new_page = |page: &mut Vec<Item>, first: bool| -> f32 {
        let mut y = MARGIN + 5.0;
        let big = Layout {
            font,
            size: 14.0,
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
    y = new_page(&mut page, true).max(y);
    let mut group: Option<&str> = None;
    for r in &s.rows {
        let cells: Vec<Vec<String>> = s
            .columns
            .iter()
            .zip(&l.cols)
            .zip(s.cells(r))
            .map(|((c, (_, w)), t)| {
                if c.blank {
                    Vec::new()
                } else {
                    l.wrap(&printable(font, t), *w)
                }
            })
            .collect();
        let h = l.height(&cells);
        // a row without a group (the form's first items) draws no heading
        let mut heading = group != Some(r.group.as_str()) && !r.group.is_empty();
        let group_h = if heading { l.line_h() + 2.0 } else { 0.0 };
        if y + group_h + h > bottom {
            pages.push(std::mem::take(&mut page));
            y = new_page(&mut page, false);
            // a new page repeats the row's group heading
            heading = !r.group.is_empty();
        }
        if heading {
            let gh = l.line_h() + 2.0;
            page.push(Item::Rect {
                x: MARGIN,
                y,
                w: usable,
                h: gh,
                grey: Some(0.93),
            });
            page.push(l.text(
                MARGIN + PAD,
                y + 1.0 + l.line_h() * 0.8,
                &printable(font, &r.group),
            ));
            y += gh;
        }
        group = Some(r.group.as_str());
        l.row(&mut page, y, &cells, None);
        for (c, (x, w)) in s.columns.iter().zip(&l.cols) {
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
        match r.flag {
            Flag::Red => page.push(Item::Rect {
                x: MARGIN - 3.0,
                y,
                w: 2.0,
                h,
                grey: Some(0.0),
            }),
            Flag::Overdue => page.push(Item::Rect {
                x: MARGIN - 3.0,
                y,
                w: 2.0,
                h,
                grey: Some(0.55),
            }),
            Flag::None => {}
        }
        y += h;
    }
    let mut trailer: Vec<String> = Vec::new();
    if s.rows.is_empty() {
        trailer.push("（本期没有任务）".into());
    }
    trailer.extend(l.wrap(&s.legend, usable));
    trailer.push(String::new());
    trailer.push(s.signature.clone());
    let trailer_h = (trailer.len() as f32 + 1.0) * (l.line_h() + 1.5);
    if y + trailer_h > bottom {
        pages.push(std::mem::take(&mut page));
        y = new_page(&mut page, false);
    }
    y += 2.0;
    for t in trailer {
        y += l.line_h() + 1.5;
        page.push(l.text(MARGIN, y, &printable(font, &t)));
    }
    pages.push(page);
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
