//! Exports: the dashboard's rows of child units and task lists, as CSV and as Excel. Both
//! formats are written from one [`Table`] (headers in the viewer's language, then the rows),
//! built once per kind of export.

use axum::{
    extract::{RawQuery, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use chrono::Utc;

use super::{NarrowQuery, query};
use crate::domain::ids::DirectiveId;
use crate::domain::ids::UnitId;
use crate::{
    domain::{format, lifecycle::TaskStatus},
    services::{leadership, queries::TaskFilter, rollups},
    web::{AppState, WebError, pages::frame::Viewer},
};

/// One cell of an export.
pub enum Cell {
    Text(String),
    Int(i64),
    /// A rate from 0 to 1, or none; "85.7%" in CSV, a percentage-formatted number in Excel.
    Rate(Option<f64>),
}

/// What both formats write: a file name (without extension), the headers, the rows.
pub struct Table {
    pub stem: String,
    pub sheet: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The rollup's child units, as the dashboard lists them.
async fn rollup_table(state: &AppState, viewer: &Viewer, raw: Option<&str>) -> Result<Table, WebError> {
    let q: NarrowQuery = query(raw)?;
    let actor = viewer.actor();
    let unit_id = q.unit.unwrap_or(actor.unit_id.0);
    let rollup = rollups::unit(&state.ctx, &actor, UnitId(unit_id), q.narrowing()).await?;
    let locale = viewer.locale;
    let headers = [
        "unit",
        "leader-total",
        "leader-acknowledged",
        "leader-completed",
        "leader-on-time",
        "leader-overdue",
        "leader-completion-rate",
        "leader-on-time-rate",
        "light",
    ]
    .iter()
    .map(|k| viewer.t(k))
    .collect();
    let rows = rollup
        .children
        .iter()
        .map(|c| {
            let f = &c.figures;
            vec![
                Cell::Text(format::unit_name(locale, &c.unit.name_zh, &c.unit.name_en)),
                Cell::Int(f.total),
                Cell::Int(f.acknowledged),
                Cell::Int(f.completed),
                Cell::Int(f.completed_on_time),
                Cell::Int(f.overdue),
                Cell::Rate(f.completion_rate()),
                Cell::Rate(f.on_time_rate()),
                Cell::Text(viewer.t(&format!("light-{}", f.light().map_or("none".to_owned(), |l| l.to_string())))),
            ]
        })
        .collect();
    let day = state.ctx.today();
    let name = format::unit_name(locale, &rollup.unit.name_zh, &rollup.unit.name_en);
    let stem = format!("{}-{name}-{day}", viewer.t("leader-export-rollup-file"));
    Ok(Table { stem, sheet: viewer.t("leader-export-rollup-sheet"), headers, rows })
}

/// The task list's query: `status` (repeated or comma-separated), `overdue=1`, `q`,
/// `directive`, `unit`; anything else (`page`, `lang`) is ignored, as every matching task is
/// exported.
fn task_query(raw: Option<&str>) -> Result<TaskFilter, WebError> {
    let mut filter = TaskFilter::default();
    let number = |field: &str, v: &str| {
        v.parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| WebError::bad_request(field.to_owned(), "must be a positive whole number"))
    };
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_ref() {
            "status" => {
                for part in value.split(',').filter(|p| !p.is_empty()) {
                    let status =
                        part.parse::<TaskStatus>().map_err(|e| WebError::bad_request("status", e.to_string()))?;
                    if !filter.statuses.contains(&status) {
                        filter.statuses.push(status);
                    }
                }
            }
            "overdue" => filter.overdue = matches!(value, "1" | "true" | "on" | "yes"),
            "q" => filter.search = Some(value.to_owned()),
            "directive" | "directive_id" => filter.directive_id = Some(DirectiveId(number("directive", value)?)),
            "unit" | "unit_id" => filter.unit_id = Some(UnitId(number("unit", value)?)),
            _ => {}
        }
    }
    Ok(filter)
}

/// Every task matching the list's query (up to `leadership::MAX_ROWS`; a last row says when
/// more matched).
async fn tasks_table(state: &AppState, viewer: &Viewer, raw: Option<&str>) -> Result<Table, WebError> {
    let filter = task_query(raw)?;
    let actor = viewer.actor();
    let all = leadership::all_tasks(&state.ctx, &actor, filter).await?;
    let described = leadership::described(&state.ctx, &actor, all.items).await?;
    let tz = state.ctx.zone();
    let locale = viewer.locale;
    let headers = [
        "leader-task-id",
        "title",
        "leader-directive",
        "unit",
        "status",
        "leader-progress",
        "deadline",
        "leader-completed-at",
        "leader-days-late",
        "light",
    ]
    .iter()
    .map(|k| viewer.t(k))
    .collect();
    let when = |at: chrono::DateTime<Utc>| format::stamp(tz, at);
    let mut rows: Vec<Vec<Cell>> = described
        .iter()
        .map(|d| {
            let t = &d.facts.task;
            vec![
                Cell::Int(t.id.0),
                Cell::Text(t.title.clone()),
                Cell::Text(
                    d.directive
                        .as_ref()
                        .map(|x| format::pick(locale, &x.fields.title_zh, &x.fields.title_en).to_owned())
                        .unwrap_or_default(),
                ),
                Cell::Text(
                    d.unit.as_ref().map(|u| format::unit_name(locale, &u.name_zh, &u.name_en)).unwrap_or_default(),
                ),
                Cell::Text(viewer.t(&format!("status-{}", t.status))),
                Cell::Int(i64::from(t.progress)),
                Cell::Text(when(t.deadline)),
                Cell::Text(t.completed_at.map(when).unwrap_or_default()),
                Cell::Int(d.working_days_late),
                Cell::Text(viewer.t(&format!("light-{}", d.facts.light.map_or("none".to_owned(), |l| l.to_string())))),
            ]
        })
        .collect();
    if all.truncated {
        rows.push(vec![Cell::Text(
            viewer.t_with("leader-export-truncated", &[("max", (leadership::MAX_ROWS as i64).into())]),
        )]);
    }
    let day = state.ctx.today();
    Ok(Table {
        stem: format!("{}-{day}", viewer.t("leader-export-tasks-file")),
        sheet: viewer.t("leader-export-tasks-sheet"),
        headers,
        rows,
    })
}

/// CSV with a UTF-8 byte order mark, so that Excel reads Chinese correctly.
pub fn to_csv(table: &Table) -> Result<Vec<u8>, WebError> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |e: csv::Error| WebError::Internal(format!("writing CSV: {e}"));
    writer.write_record(&table.headers).map_err(failed)?;
    for row in &table.rows {
        let record: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(s) => s.clone(),
                Cell::Int(n) => n.to_string(),
                Cell::Rate(r) => format::percent(*r),
            })
            .collect();
        writer.write_record(&record).map_err(failed)?;
    }
    writer.into_inner().map_err(|e| WebError::Internal(format!("writing CSV: {e}")))
}

/// An Excel workbook of one sheet: bold headers, counts as numbers, rates as percentages.
pub fn to_xlsx(table: &Table) -> Result<Vec<u8>, WebError> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| WebError::Internal(format!("writing Excel: {e}"));
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let rate = Format::new().set_num_format("0.0%");
    let sheet = workbook.add_worksheet();
    // Sheet names may not hold []:*?/\ and are at most 31 characters.
    let name: String = table.sheet.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    sheet.set_name(if name.is_empty() { "Sheet1" } else { &name }).map_err(failed)?;
    for (col, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, header, &bold).map_err(failed)?;
        sheet.set_column_width(col as u16, if col == 1 { 40 } else { 16 }).map_err(failed)?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(s) => sheet.write_string(r, col, s).map(|_| ()),
                Cell::Int(n) => sheet.write_number(r, col, *n as f64).map(|_| ()),
                Cell::Rate(Some(x)) => sheet.write_number_with_format(r, col, *x, &rate).map(|_| ()),
                Cell::Rate(None) => sheet.write_string(r, col, "—").map(|_| ()),
            }
            .map_err(failed)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    workbook.save_to_buffer().map_err(failed)
}

/// `attachment` with an ASCII file name and the real one in RFC 5987 form (Chinese names).
fn disposition(stem: &str, extension: &str) -> HeaderValue {
    let full = format!("{stem}.{extension}");
    let ascii: String =
        full.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    let encoded: String = full
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

fn download(bytes: Vec<u8>, content_type: &'static str, stem: &str, extension: &str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
    response.headers_mut().insert(header::CONTENT_DISPOSITION, disposition(stem, extension));
    response
}

const CSV: &str = "text/csv; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub async fn rollup_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let table = rollup_table(&state, &viewer, raw.as_deref()).await?;
    Ok(download(to_csv(&table)?, CSV, &table.stem, "csv"))
}

pub async fn rollup_xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let table = rollup_table(&state, &viewer, raw.as_deref()).await?;
    Ok(download(to_xlsx(&table)?, XLSX, &table.stem, "xlsx"))
}

pub async fn tasks_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let table = tasks_table(&state, &viewer, raw.as_deref()).await?;
    Ok(download(to_csv(&table)?, CSV, &table.stem, "csv"))
}

pub async fn tasks_xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let table = tasks_table(&state, &viewer, raw.as_deref()).await?;
    Ok(download(to_xlsx(&table)?, XLSX, &table.stem, "xlsx"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            stem: "汇总-九江市-2026-11-28".into(),
            sheet: "汇总".into(),
            headers: vec!["单位".into(), "完成率".into()],
            rows: vec![
                vec![Cell::Text("湖口县, \"东\"".into()), Cell::Rate(Some(0.5))],
                vec![Cell::Text("彭泽县".into()), Cell::Rate(None)],
            ],
        }
    }

    #[test]
    fn csv_starts_with_a_bom_and_quotes_what_needs_it() {
        let bytes = to_csv(&table()).expect("csv");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert_eq!(text, "单位,完成率\n\"湖口县, \"\"东\"\"\",50.0%\n彭泽县,—\n");
    }

    #[test]
    fn xlsx_is_a_zip() {
        let bytes = to_xlsx(&table()).expect("xlsx");
        assert!(bytes.starts_with(b"PK"));
    }

    #[test]
    fn chinese_file_names_are_sent_in_rfc_5987_form() {
        let value = disposition("汇总-2026", "csv");
        let text = value.to_str().expect("ascii header");
        assert!(
            text.starts_with("attachment; filename=\"__-2026.csv\"; filename*=UTF-8''%E6%B1%87%E6%80%BB-2026.csv"),
            "{text}"
        );
    }
}
