//! The report as a table of words: its Chinese heads in either language,
//! and a row per scope (`gridcare report`, screen 8, the county's files).

use super::*;

/// A head of [`report`] (Chinese, as its files keep them) in `zh` or English.
pub fn head_in(head: &str, zh: bool) -> &str {
    if zh {
        return head;
    }
    match head {
        "统计期" => "Period",
        "村" => "Village",
        "网格" => "Grid",
        "网格员" => "Grid worker",
        "家庭医生团队" => "Doctor team",
        h => COLUMNS.iter().find(|c| c.0 == h).map_or(h, |c| c.1),
    }
}

/// The report of a period for a scope, as `gridcare report` writes it and
/// screen 8 shows it: Chinese headers (统计期, the kind of the rows: 村,
/// 网格, 网格员, 家庭医生团队, then the figures) and the rows of
/// [`scope_rows`], each named by [`scope_name`], each cell a figure's text.
pub fn report(
    town: &Township,
    rules: &Rules,
    period: Period,
    as_of: NaiveDate,
    scope: ReportScope,
) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = ["统计期", scope.rows_kind_zh()]
        .into_iter()
        .chain(COLUMNS.iter().map(|c| c.0))
        .map(String::from)
        .collect();
    let rows = scope_rows(town, rules, period, scope, as_of)
        .into_iter()
        .map(|(s, ind)| {
            [period.label(), scope_name(town, s)]
                .into_iter()
                .chain(COLUMNS.iter().map(|c| c.2(&ind).cell()))
                .collect()
        })
        .collect();
    (headers, rows)
}
