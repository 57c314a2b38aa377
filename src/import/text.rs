//! The importer's messages, in Chinese and English: why a row is refused and
//! the summary. Refusals of the domain commands come from their catalogue.

use crate::domain::refusal::Refusal;

/// What is wrong with one cell or row.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The file lacks a column this kind needs.
    MissingColumn(&'static str),
    /// A column mapped to a field this kind of file does not have.
    UnknownField {
        field: String,
        fields: String,
    },
    /// The same, in a file read in `encoding` as it was not UTF-8.
    MissingColumnIn {
        column: &'static str,
        encoding: &'static str,
    },
    Empty,
    /// A date that does not exist or cannot be read: the message of `parse_date`.
    BadDate(String),
    /// A cell that cannot be read (symptoms, medicines, a blood pressure):
    /// the message says what is wrong and how to write it.
    Unreadable(String),
    BadNumber(String),
    /// A value not among the words the column takes.
    NotOneOf {
        value: String,
        words: String,
    },
    /// A typed birth date or sex that the ID number contradicts (§9).
    DisagreesWithId {
        typed: String,
        from_id: String,
    },
    UnknownVillage(String),
    UnknownGrid {
        village: String,
        grid: String,
    },
    /// The same ID number on an earlier line of the file.
    RepeatedInFile(usize),
    /// The ID number is registered to someone with other facts.
    HeldByOther {
        number: String,
        name: String,
        address: String,
    },
    NoSuchResident(String),
    /// A household number whose address is another.
    HouseholdElsewhere {
        number: String,
        address: String,
    },
    /// A household registered in another grid.
    InOtherGrid {
        address: String,
        grid: String,
    },
    /// A condition registered with other dates.
    ConditionDiffers {
        condition: String,
        diagnosed: String,
        managed: String,
    },
    NoCondition,
    /// An ID number that a spreadsheet kept as a number, its last digits lost.
    IdAsNumber(String),
    /// A domain command's refusal.
    Refused(Refusal),
    /// A constraint of the database that no check before it caught.
    Constraint(String),
}

/// How many characters of a value a message echoes (issue 24 item 14: a
/// 10 MB cell was printed back whole); an ellipsis stands for the rest.
pub const ECHO_MAX: usize = 60;

/// One problem at a line and column (the file's own header).
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub line: usize,
    pub column: Option<String>,
    pub problem: Problem,
}

impl Problem {
    pub fn text(&self, zh: bool) -> String {
        use Problem::*;
        let capped = self.capped();
        match (&capped, zh) {
            (MissingColumn(c), true) => format!("文件缺少“{c}”列；请在第一行加上该列"),
            (UnknownField { field, fields }, true) => {
                format!("没有字段“{field}”可以对应；可选：{fields}")
            }
            (UnknownField { field, fields }, false) => {
                format!("no field {field:?} to map the column to; the fields: {fields}")
            }
            (MissingColumn(c), false) => {
                format!("the file has no column {c:?}; add it to the header row")
            }
            (MissingColumnIn { column, encoding }, true) => format!(
                "文件缺少“{column}”列（文件不是 UTF-8，已按 {encoding} 读取；若表头的中文是乱码，请把文件另存为 UTF-8 后再导入）；否则请在第一行加上该列"
            ),
            (MissingColumnIn { column, encoding }, false) => format!(
                "the file has no column {column:?} (it is not UTF-8 and was read as {encoding}: if its Chinese headers come out garbled, save it again as UTF-8 and import that); else add the column to the header row"
            ),
            (Empty, true) => "不能为空".into(),
            (Empty, false) => "must not be empty".into(),
            (BadDate(m), _) | (Unreadable(m), _) => m.clone(),
            (BadNumber(v), true) => format!("“{v}”不是数字"),
            (BadNumber(v), false) => format!("{v:?} is not a number"),
            (NotOneOf { value, words }, true) => format!("“{value}”无法识别，请填写 {words} 之一"),
            (NotOneOf { value, words }, false) => {
                format!("{value:?} is not recognised; write one of {words}")
            }
            (DisagreesWithId { typed, from_id }, true) => {
                format!("填写的“{typed}”与身份证号不符（身份证号为 {from_id}）；请核对身份证")
            }
            (DisagreesWithId { typed, from_id }, false) => format!(
                "{typed:?} disagrees with the ID number (which says {from_id}); check the ID card"
            ),
            (UnknownVillage(v), true) => {
                format!("没有名为“{v}”的村；请先建村，或加 --create-places 自动创建")
            }
            (UnknownVillage(v), false) => format!(
                "there is no village {v:?}; create it first, or add --create-places to create it"
            ),
            (UnknownGrid { village, grid }, true) => format!(
                "{village}没有名为“{grid}”的网格；请先建网格，或加 --create-places 自动创建"
            ),
            (UnknownGrid { village, grid }, false) => format!(
                "{village} has no grid {grid:?}; create it first, or add --create-places to create it"
            ),
            (RepeatedInFile(l), true) => {
                format!("此身份证号在本文件第 {l} 行已出现；每人只应有一行")
            }
            (RepeatedInFile(l), false) => {
                format!("this ID number is on line {l} of the file already; one line per person")
            }
            (
                HeldByOther {
                    number,
                    name,
                    address,
                },
                true,
            ) => format!(
                "身份证号 {number} 已登记为 {name}（{address}），与本行不符；请核对，迁户请在界面中办理"
            ),
            (
                HeldByOther {
                    number,
                    name,
                    address,
                },
                false,
            ) => format!(
                "ID number {number} is registered to {name} ({address}), which this line contradicts; check it (a move is done in the interface)"
            ),
            (NoSuchResident(n), true) => format!("没有身份证号为 {n} 的居民；请先导入居民"),
            (NoSuchResident(n), false) => {
                format!("no resident has ID number {n}; import the residents first")
            }
            (HouseholdElsewhere { number, address }, true) => {
                format!("户编号 {number} 的地址是“{address}”，与本行不符")
            }
            (HouseholdElsewhere { number, address }, false) => {
                format!("household number {number} is at {address:?}, not the address on this line")
            }
            (InOtherGrid { address, grid }, true) => {
                format!("“{address}”已登记在{grid}，与本行的网格不符")
            }
            (InOtherGrid { address, grid }, false) => {
                format!("{address:?} is registered in {grid}, not the grid on this line")
            }
            (
                ConditionDiffers {
                    condition,
                    diagnosed,
                    managed,
                },
                true,
            ) => {
                format!("已登记{condition}（确诊 {diagnosed}，纳入管理 {managed}），与本行日期不符")
            }
            (
                ConditionDiffers {
                    condition,
                    diagnosed,
                    managed,
                },
                false,
            ) => format!(
                "{condition} is registered already (diagnosed {diagnosed}, managed from {managed}) with other dates than this line's"
            ),
            (NoCondition, true) => "未填写病种（病种列，或高血压/糖尿病列填“是”）".into(),
            (NoCondition, false) => {
                "no condition given (the 病种 column, or 是 under 高血压 / 糖尿病)".into()
            }
            (IdAsNumber(v), true) => format!(
                "身份证号在表格里存成了数字（{v}），后几位已丢失；请把该列设为“文本”格式，重新录入后再导入"
            ),
            (IdAsNumber(v), false) => format!(
                "the spreadsheet stored this ID number as a number ({v}) and lost its last digits; format the column as Text, type the numbers again and import"
            ),
            (Refused(r), _) => r.text(zh),
            (Constraint(m), true) => format!(
                "数据库拒绝了这一行（{m}）；请对照说明（导入与导出）中各列的要求核对该行的值"
            ),
            (Constraint(m), false) => format!(
                "the database refused this row ({m}); check its values against the columns described in README (Importing and exporting)"
            ),
        }
    }
}

impl Problem {
    /// The problem with every value it echoes cut to `ECHO_MAX` characters.
    fn capped(&self) -> Problem {
        use Problem::*;
        let c = |s: &String| crate::text::cap(s, ECHO_MAX);
        match self {
            BadDate(m) => BadDate(c(m)),
            Unreadable(m) => Unreadable(c(m)),
            BadNumber(v) => BadNumber(c(v)),
            NotOneOf { value, words } => NotOneOf {
                value: c(value),
                words: words.clone(),
            },
            DisagreesWithId { typed, from_id } => DisagreesWithId {
                typed: c(typed),
                from_id: from_id.clone(),
            },
            UnknownVillage(v) => UnknownVillage(c(v)),
            UnknownGrid { village, grid } => UnknownGrid {
                village: c(village),
                grid: c(grid),
            },
            NoSuchResident(n) => NoSuchResident(c(n)),
            HouseholdElsewhere { number, address } => HouseholdElsewhere {
                number: c(number),
                address: address.clone(),
            },
            IdAsNumber(v) => IdAsNumber(c(v)),
            other => other.clone(),
        }
    }
}

impl Issue {
    /// A bad row's problems as one line: `第 3 行，身份证号：…；性别：…` /
    /// `line 3, 身份证号: …; 性别: …` (issue 24 item 14: one line per bad row).
    pub fn row_text(issues: &[Issue], zh: bool) -> String {
        let mut line = String::new();
        for (i, issue) in issues.iter().enumerate() {
            if i == 0 {
                line = issue.text(zh);
                continue;
            }
            let why = issue.problem.text(zh);
            line += &match (&issue.column, zh) {
                (Some(c), true) => format!("；{c}：{why}"),
                (None, true) => format!("；{why}"),
                (Some(c), false) => format!("; {c}: {why}"),
                (None, false) => format!("; {why}"),
            };
        }
        line
    }

    /// `第 3 行，身份证号：…` / `line 3, 身份证号: …`
    pub fn text(&self, zh: bool) -> String {
        match (&self.column, zh) {
            (Some(c), true) => format!("第 {} 行，{c}：{}", self.line, self.problem.text(zh)),
            (None, true) => format!("第 {} 行：{}", self.line, self.problem.text(zh)),
            (Some(c), false) => format!("line {}, {c}: {}", self.line, self.problem.text(zh)),
            (None, false) => format!("line {}: {}", self.line, self.problem.text(zh)),
        }
    }
}
