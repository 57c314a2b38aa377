//! Importing and exporting the township's registers (issue 11): residents,
//! households, chronic conditions and follow-up visits as CSV or XLSX, with
//! Chinese headers and English aliases. Every row goes through the same
//! domain commands the terminal forms use, all in one transaction; bad rows
//! are reported with their line, column and reason before anything is saved.

mod apply;
mod columns;
mod export;
mod line;
mod read;
mod rows;
mod text;
mod values;

pub use apply::{Missing, Options, Outcome, Report, import};
pub use columns::{Field, Kind};
pub use export::{export, write_table};
pub use read::{
    FileFormat, Limit, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_MB, Row, Table, number as number_text,
    read_table,
};
pub use text::{Issue, Problem};
pub use values::parse_date;

/// Column mappings as typed, `手机号码=联系电话, 住址=地址` (commas, either
/// width, or semicolons between them): (the file's header, the field). The
/// piece that is not `column=field` is the error.
pub fn parse_mappings(typed: &str) -> Result<Vec<(String, String)>, String> {
    typed
        .split([',', '，', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once(['=', '＝']) {
            Some((h, f)) if !h.trim().is_empty() && !f.trim().is_empty() => {
                Ok((h.trim().to_string(), f.trim().to_string()))
            }
            _ => Err(p.to_string()),
        })
        .collect()
}

/// How to write a mapping, after one that is not `column=field`.
pub fn mapping_hint(bad: &str, zh: bool) -> String {
    let bad = crate::text::cap(bad, text::ECHO_MAX);
    if zh {
        format!("“{bad}”不是“列名=字段”，如 手机号码=联系电话")
    } else {
        format!("{bad:?} is not column=field, e.g. 手机号码=联系电话")
    }
}

/// Why a file cannot be read or written at all (each bad row is an `Issue`).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path}: {why}")]
    Io { path: String, why: String },
    #[error("{path}: {why}")]
    Format { path: String, why: String },
    #[error("{path}: no such file")]
    Missing { path: String },
    #[error("{path}: the file has no header row")]
    Empty { path: String },
    /// A UTF-8 file with bytes that are not UTF-8 on `line`.
    #[error(
        "{path}: line {line} holds bytes that are not UTF-8 (a character cut short?) though the rest of the file is UTF-8; retype that line's text, or save the file again as UTF-8, and import again"
    )]
    BadUtf8 { path: String, line: usize },
    /// Past the rows, columns or size a file to import may have (issue 24 item 9).
    #[error("{path}: {}", .limit.text(false))]
    TooLarge { path: String, limit: Limit },
}

impl FileError {
    /// The message in the interface's language (the command line's is `Display`).
    pub fn text(&self, zh: bool) -> String {
        if !zh {
            return self.to_string();
        }
        match self {
            FileError::Io { path, why } => format!("文件 {path} 无法读写：{why}"),
            FileError::Format { path, why } => {
                format!("{path} 不是可读的表格（CSV 或 XLSX）：{why}")
            }
            FileError::Missing { path } => format!("找不到文件 {path}"),
            FileError::Empty { path } => format!("{path} 是空的：没有表头行"),
            FileError::BadUtf8 { path, line } => format!(
                "{path} 第 {line} 行有不是 UTF-8 的字节（有字被截断？），而文件其余部分是 UTF-8；请重新输入该行的文字，或把文件重新存为 UTF-8 后再导入"
            ),
            FileError::TooLarge { path, limit } => format!("{path}：{}", limit.text(true)),
        }
    }
}

/// An import of a file that was read, as the command line and the terminal
/// both run it: the report and, with `skip_bad`, where the bad rows went.
pub struct FileImport {
    pub report: Report,
    /// The bad rows written to a file to fix (`skip_bad`, not a dry run):
    /// how many and where, or why they could not be written.
    pub rejects: Option<Result<(usize, std::path::PathBuf), FileError>>,
}

/// Imports `table`, read from `file`, and with `skip_bad` writes its bad
/// rows to `output` (else beside the file, see `rejects_path`).
pub fn import_file(
    db: &mut crate::db::Db,
    file: &std::path::Path,
    table: &Table,
    opts: &Options,
    output: Option<&std::path::Path>,
    zh: bool,
    progress: &mut dyn FnMut(usize),
) -> crate::db::Result<FileImport> {
    let report = import(db, table, opts, zh, progress)?;
    let rejects = (opts.skip_bad && report.rejected() > 0 && !opts.dry_run).then(|| {
        let to = output.map_or_else(|| rejects_path(file), std::path::Path::to_path_buf);
        write_rejects(&to, table, &report, zh).map(|n| (n, to))
    });
    Ok(FileImport { report, rejects })
}

impl FileImport {
    /// The whole report: each problem and change, where the bad rows went,
    /// and the summary last.
    pub fn lines(&self, zh: bool) -> Vec<String> {
        let mut out = report_lines(&self.report, zh);
        if let Some(Ok((n, to))) = &self.rejects {
            out.push(rejects_note(*n, to, zh));
        }
        out.push(summary(&self.report, zh));
        out
    }

    /// Nothing wrong, or the good rows saved with `skip_bad`.
    pub fn succeeded(&self, skip_bad: bool) -> bool {
        self.report.is_clean() || (self.report.saved && skip_bad)
    }
}

/// The command line's preview (issue 28 item 2): prints the dry run's
/// report, then asks on a terminal whether to import. `None`: go on and
/// import; `Some(code)`: stop with that exit code, nothing written — the
/// file cannot be imported as it is (1), there is nothing to change (0),
/// the answer was no (0), or no terminal to ask and no `--yes` (1).
pub fn confirm(
    seen: &FileImport,
    opts: &Options,
    zh: bool,
    terminal: bool,
) -> std::io::Result<Option<u8>> {
    let r = &seen.report;
    for l in report_lines(r, zh) {
        println!("{l}");
    }
    println!(
        "{}{}",
        counts(r, zh),
        if zh {
            "。（预览，尚未写入）"
        } else {
            ". (The preview: nothing written yet.)"
        }
    );
    let importable = r.file_issues.is_empty() && (r.is_clean() || opts.skip_bad);
    if !importable {
        return Ok(Some(1));
    }
    if r.created() == 0 && r.updated() == 0 && r.households_created == 0 && opts.map.is_empty() {
        println!(
            "{}",
            if zh {
                "没有要新增或更改的内容。"
            } else {
                "Nothing to add or change."
            }
        );
        return Ok(Some(0));
    }
    if !terminal {
        println!(
            "{}",
            if zh {
                "未写入任何内容；确认导入请加 --yes 再运行。"
            } else {
                "Nothing was written. To import, run it again with --yes."
            }
        );
        return Ok(Some(1));
    }
    use std::io::Write;
    print!(
        "{}",
        if zh {
            "按以上预览导入？[y/N] "
        } else {
            "Import as previewed? [y/N] "
        }
    );
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "是" | "确认") {
        return Ok(None);
    }
    println!(
        "{}",
        if zh {
            "未导入，未写入任何内容。"
        } else {
            "Not imported; nothing was written."
        }
    );
    Ok(Some(0))
}

/// Where the bad rows went, to be fixed and imported again.
pub fn rejects_note(n: usize, to: &std::path::Path, zh: bool) -> String {
    if zh {
        format!(
            "有误的 {n} 行已写入 {}（含原因列），改正后可再次导入",
            to.display()
        )
    } else {
        format!(
            "the {n} bad rows are in {} with a reason column: fix them and import that file",
            to.display()
        )
    }
}

/// The reject file of `--skip-bad`: the bad rows as they were, with a reason
/// column (replacing one the file had), so a person fixes them and imports
/// the file again.
pub fn write_rejects(
    path: &std::path::Path,
    table: &Table,
    report: &Report,
    zh: bool,
) -> Result<usize, FileError> {
    let reason = Field::Reason.header().to_string();
    let (map, _) = columns::map_headers(report.kind, &table.headers);
    let mut headers = table.headers.clone();
    let at = *map.get(&Field::Reason).unwrap_or(&headers.len());
    if at == headers.len() {
        headers.push(reason);
    }
    let rows: Vec<Vec<String>> = report
        .outcomes
        .iter()
        .filter_map(|(row, o)| match o {
            Outcome::Rejected(issues) => {
                let mut cells = row.cells.clone();
                cells.resize(headers.len(), String::new());
                cells[at] = issues
                    .iter()
                    .map(|i| match &i.column {
                        Some(c) => format!("{c}: {}", i.problem.text(zh)),
                        None => i.problem.text(zh),
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                Some(cells)
            }
            _ => None,
        })
        .collect();
    write_table(path, table.format, &headers, &rows)?;
    Ok(rows.len())
}

/// Where the rejects of `file` go unless `-o` says: 居民.csv → 居民-rejected.csv.
pub fn rejects_path(file: &std::path::Path) -> std::path::PathBuf {
    let stem = file
        .file_stem()
        .map_or("import".into(), |s| s.to_string_lossy());
    let ext = file
        .extension()
        .map_or("csv".into(), |e| e.to_string_lossy());
    file.with_file_name(format!("{stem}-rejected.{ext}"))
}

/// The end of the report: created / updated / unchanged / rejected.
pub fn summary(report: &Report, zh: bool) -> String {
    let mut s = counts(report, zh);
    // not saved with nothing wrong: a dry run
    let dry = !report.saved && report.is_clean();
    s += match (report.saved, dry, zh) {
        (true, _, true) => "。已保存。",
        (true, _, false) => ". Saved.",
        (false, true, true) => "。试运行（--dry-run），未写入任何内容。",
        (false, true, false) => ". Dry run: nothing was written.",
        (false, false, true) => "。未写入任何内容。",
        (false, false, false) => ". Nothing was written.",
    };
    s
}

/// The summary's counts, without what became of them.
fn counts(report: &Report, zh: bool) -> String {
    let noun = report.kind.noun(zh);
    let (c, u, n, r) = (
        report.created(),
        report.updated(),
        report.unchanged(),
        report.rejected(),
    );
    let mut s = if zh {
        format!("{noun}：新建 {c}，更新 {u}，未变 {n}，有误 {r}")
    } else {
        format!("{noun}: {c} created, {u} updated, {n} unchanged, {r} rejected")
    };
    if !report.missing.is_empty() {
        let n = report.missing.len();
        s += &if zh {
            format!("；文件中没有的已登记居民 {n}（未改动）")
        } else {
            format!("; {n} registered residents not in the file (left as they are)")
        };
    }
    if report.households_created > 0 && report.kind != Kind::Households {
        s += &if zh {
            format!("；新建家庭户 {}", report.households_created)
        } else {
            format!("; {} households created", report.households_created)
        };
    }
    if !report.places_created.is_empty() {
        s += &if zh {
            format!("；新建村/网格：{}", report.places_created.join("、"))
        } else {
            format!(
                "; villages and grids created: {}",
                report.places_created.join(", ")
            )
        };
    }
    s
}

/// How many added residents the report names one by one (the summary
/// counts them all).
pub const ADDED_LISTED: usize = 100;

/// The report before the summary (issue 28 item 2): first each column the
/// file has and gridcare does not read, with what it would take; then each
/// problem at its line and column; what would change in rows already
/// registered, field by field; the residents added; and the registered
/// residents of the file's villages it leaves out, for the coordinator to
/// decide (an import deletes nothing).
pub fn report_lines(report: &Report, zh: bool) -> Vec<String> {
    let mut out: Vec<String> = report
        .unknown_columns
        .iter()
        .map(|c| unread_column(c, report.kind, zh))
        .collect();
    out.extend(report.file_issues.iter().map(|i| i.text(zh)));
    for (_, o) in &report.outcomes {
        if let Outcome::Rejected(issues) = o {
            out.push(Issue::row_text(issues, zh));
        }
    }
    for (row, o) in &report.outcomes {
        if let Outcome::Updated(changes) = o {
            let what = changes.join(", ");
            out.push(if zh {
                format!("第 {} 行 更新：{what}", row.line)
            } else {
                format!("line {} updated: {what}", row.line)
            });
        }
    }
    for (line, who) in report.added.iter().take(ADDED_LISTED) {
        out.push(if zh {
            format!("第 {line} 行 新增：{who}")
        } else {
            format!("line {line} added: {who}")
        });
    }
    if report.added.len() > ADDED_LISTED {
        let more = report.added.len() - ADDED_LISTED;
        out.push(if zh {
            format!("……另有新增 {more} 人")
        } else {
            format!("… and {more} more added")
        });
    }
    if !report.missing.is_empty() {
        out.push(if zh {
            format!(
                "文件中没有、但已登记在这些村的居民 {} 人（导入不删除任何人；请核实：迁出、死亡等在界面中办理）：",
                report.missing.len()
            )
        } else {
            format!(
                "{} residents registered in the file's villages are not in the file (an import deletes no one; check them: a move or death is recorded in the interface):",
                report.missing.len()
            )
        });
        for m in &report.missing {
            out.push(format!(
                "  {} {} {} {}",
                m.name, m.id_number, m.village, m.address
            ));
        }
    }
    out
}

/// A column the file has and gridcare does not read, and what it would take
/// (issue 28 item 3): another kind of file, or a mapping to a field.
fn unread_column(header: &str, kind: Kind, zh: bool) -> String {
    let c = crate::text::cap(header, text::ECHO_MAX);
    let others = columns::read_by(header);
    if let Some(k) = others.first() {
        let code = format!("{k:?}").to_lowercase();
        return if zh {
            format!(
                "注意：“{c}”列未读取：它属于{}文件（gridcare import {code}）",
                k.noun(true)
            )
        } else {
            format!(
                "note: column {c:?} is not read here: it belongs in a {code} file (gridcare import {code})"
            )
        };
    }
    let fields = kind
        .reads()
        .map(Field::header)
        .collect::<Vec<_>>()
        .join(if zh { "、" } else { ", " });
    if zh {
        format!(
            "注意：“{c}”列未读取：gridcare 没有这一项。若它就是某一项，用 --map '{c}=字段' 指定（界面导入表单的“列名对应”同样），以后的导入会记住；可选字段：{fields}"
        )
    } else {
        format!(
            "note: column {c:?} is not read: gridcare keeps no such field. If it holds one, say which with --map '{c}=FIELD' (the import form's \"Map columns\" too), remembered for later imports; the fields: {fields}"
        )
    }
}
