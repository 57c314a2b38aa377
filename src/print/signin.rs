//! The sign-in sheet of a health-education event (issue 32): who came
//! (name, the ID number's last four, a column to sign), then blank lines
//! for those who come without being taken beforehand. Drawn by the same
//! renderers (text, PDF) as the task sheets.

use super::sheet::{Column, Flag, Row, Sheet};
use crate::db::{AttendeeRow, EventRow};

/// Blank lines after the names taken.
pub const BLANK_LINES: usize = 10;

pub fn signin_sheet(e: &EventRow, people: &[AttendeeRow]) -> Sheet {
    let col = |title, width, blank| Column {
        title,
        width,
        blank,
        small: false,
    };
    let columns = vec![
        col("序", 4, false),
        col("姓名", 12, false),
        col("身份证号后四位", 14, false),
        col("村", 10, false),
        col("签名", 20, true),
    ];
    let mut rows: Vec<Row> = people
        .iter()
        .enumerate()
        .map(|(i, a)| Row {
            group: String::new(),
            cells: vec![
                (i + 1).to_string(),
                a.name.clone(),
                a.id_tail.clone(),
                a.village.clone().unwrap_or_else(|| {
                    if a.resident_id.is_none() {
                        "外来".into()
                    } else {
                        String::new()
                    }
                }),
                String::new(),
            ],
            flag: Flag::None,
            household: 0,
            task: None,
        })
        .collect();
    for i in people.len()..people.len() + BLANK_LINES {
        rows.push(Row {
            group: String::new(),
            cells: vec![(i + 1).to_string()],
            flag: Flag::None,
            household: 0,
            task: None,
        });
    }
    Sheet {
        name: format!("签到表-{}", e.id),
        title: format!("{} 签到表", e.kind.name(true)),
        header: vec![
            format!(
                "活动 {} · {} · {} · {}",
                e.id,
                e.held_on,
                e.village.as_deref().unwrap_or(&e.township),
                e.topic
            ),
            format!(
                "主讲：{} · 地点：{}",
                e.speaker.as_deref().unwrap_or(""),
                e.place
            ),
        ],
        columns,
        rows,
        legend: String::new(),
        signature: "登记人：__________  日期：__________".to_string(),
        // read at arm's length as the task sheets are (issue 29 item 1)
        body_pt: Some(super::sheet::DEFAULT_PT),
    }
}

/// The event's sign-in sheet as a file's bytes: text, or PDF in `font`.
pub fn render_signin(
    e: &EventRow,
    people: &[AttendeeRow],
    format: super::Format,
    font: Option<&super::Font>,
) -> Result<Vec<u8>, super::PrintError> {
    super::render(&[signin_sheet(e, people)], format, font)
}

/// The event's sign-in sheet as a PDF in `font` (else `print.font`),
/// written to `output` (else `签到表-N.pdf` in `print.folder`): the
/// command line's `event sheet` and the events screen's `p`. Returns the
/// file and how many names it lists.
pub fn write_signin_pdf(
    e: &EventRow,
    people: &[AttendeeRow],
    settings: &super::PrintSettings,
    output: Option<std::path::PathBuf>,
    font: Option<&std::path::Path>,
) -> Result<std::path::PathBuf, super::PrintError> {
    let font = super::find_font(font.or(settings.font.as_deref()))?;
    let bytes = render_signin(e, people, super::Format::Pdf, Some(&font))?;
    let path = output.unwrap_or_else(|| settings.default_path(&format!("签到表-{}.pdf", e.id)));
    super::write_file(&path, &bytes)?;
    Ok(path)
}
