//! Exports: the dashboard's rows of child units, the ranking, and task lists, as CSV and as Excel, for
//! everyone who reads those figures and lists. Both formats are written from one [`Table`]
//! (headers in the viewer's language, then the rows), built once per kind of export.

use axum::{
    extract::{RawQuery, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

use super::{
    error::{PageError, PageResult},
    frame::Viewer,
    tasks::TaskQuery,
    units::NarrowQuery,
    view::query,
};
use crate::{
    domain::format,
    services::{leadership, rollups},
    web::AppState,
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
    /// A note that belongs beside the rows, not among them (a sheet's name and its text): an
    /// Excel workbook writes it on a second sheet.
    pub note: Option<(String, String)>,
}

/// The rollup's child units, as the dashboard lists them.
async fn rollup_table(state: &AppState, viewer: &Viewer, raw: Option<&str>) -> Result<Table, PageError> {
    let q: NarrowQuery = query(raw)?;
    let actor = viewer.actor();
    let unit_id = q.unit.unwrap_or(actor.unit_id);
    let rollup = rollups::unit(&state.ctx, &actor, unit_id, q.narrowing()).await?;
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
                Cell::Text(viewer.unit_name(&c.unit)),
                Cell::Int(f.total),
                Cell::Int(f.acknowledged),
                Cell::Int(f.completed),
                Cell::Int(f.completed_on_time),
                Cell::Int(f.overdue),
                Cell::Rate(f.completion_rate()),
                Cell::Rate(f.on_time_rate()),
                Cell::Text(viewer.light(f.light()).light_label),
            ]
        })
        .collect();
    let day = state.ctx.today();
    let stem = format!("{}-{}-{day}", viewer.t("leader-export-rollup-file"), viewer.unit_name(&rollup.unit));
    Ok(Table { stem, sheet: viewer.t("leader-export-rollup-sheet"), headers, rows, note: None })
}

/// The ranking page's rows, in its order and with its figures (`rollups::ranking`, the one
/// ranking).
async fn ranking_table(state: &AppState, viewer: &Viewer, raw: Option<&str>) -> Result<Table, PageError> {
    let q: NarrowQuery = query(raw)?;
    let actor = viewer.actor();
    let unit_id = q.unit.unwrap_or(actor.unit_id);
    let ranked = rollups::ranking(&state.ctx, &actor, unit_id, q.narrowing()).await?;
    let unit = rollups::unit(&state.ctx, &actor, unit_id, q.narrowing()).await?.unit;
    let headers = [
        "leader-rank",
        "unit",
        "leader-total",
        "leader-completed",
        "leader-completion-rate",
        "leader-on-time-rate",
        "leader-overdue",
        "leader-late-reports",
        "leader-returned",
        "leader-score",
    ]
    .iter()
    .map(|k| viewer.t(k))
    .collect();
    let rows = ranked
        .iter()
        .map(|r| {
            let f = &r.figures;
            vec![
                Cell::Int(r.rank as i64),
                Cell::Text(viewer.unit_name(&r.unit)),
                Cell::Int(f.total),
                Cell::Int(f.completed),
                Cell::Rate(f.completion_rate()),
                Cell::Rate(f.on_time_rate()),
                Cell::Int(f.overdue),
                Cell::Int(r.marks.late_reports),
                Cell::Int(r.marks.returned_completions),
                Cell::Text(format::points(r.score)),
            ]
        })
        .collect();
    let day = state.ctx.today();
    let stem = format!("{}-{}-{day}", viewer.t("leader-export-ranking-file"), viewer.unit_name(&unit));
    Ok(Table { stem, sheet: viewer.t("leader-export-ranking-sheet"), headers, rows, note: None })
}

/// The columns of a task export, in the viewer's language.
fn task_headers(viewer: &Viewer) -> Vec<String> {
    [
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
        "remind-col",
    ]
    .iter()
    .map(|k| viewer.t(k))
    .collect()
}

/// A task as a row of [`task_headers`].
fn task_row(viewer: &Viewer, zone: chrono_tz::Tz, d: &leadership::Described) -> Vec<Cell> {
    let t = &d.facts.task;
    let when = |at| format::stamp(zone, at);
    vec![
        Cell::Int(t.id.get()),
        Cell::Text(t.title.clone()),
        Cell::Text(d.directive.as_ref().map(|x| viewer.directive_title(x)).unwrap_or_default()),
        Cell::Text(d.unit.as_ref().map(|u| viewer.unit_name(u)).unwrap_or_default()),
        Cell::Text(viewer.term("status", t.status.as_str())),
        Cell::Int(i64::from(t.progress)),
        Cell::Text(when(t.deadline)),
        Cell::Text(t.completed_at.map(when).unwrap_or_default()),
        Cell::Int(d.working_days_late),
        Cell::Text(viewer.light(d.facts.light).light_label),
        Cell::Int(d.facts.reminders as i64),
    ]
}

/// The most tasks an Excel export holds: a workbook is built in memory before it is sent.
/// When more matched, a second sheet says so (the CSV export has no limit).
pub const XLSX_MAX_ROWS: u64 = 50_000;

/// Every task matching the list's query, up to [`XLSX_MAX_ROWS`], with a note when more
/// matched.
async fn tasks_table(state: &AppState, viewer: &Viewer, raw: Option<&str>) -> Result<Table, PageError> {
    let filter = TaskQuery::parse(raw)?.filter();
    let mut export = leadership::TaskExport::open(&state.ctx, &viewer.actor(), filter).await?;
    let zone = state.ctx.zone();
    let mut rows = Vec::new();
    while (rows.len() as u64) < XLSX_MAX_ROWS
        && let Some(batch) = export.next().await?
    {
        rows.extend(batch.iter().map(|d| task_row(viewer, zone, d)));
    }
    rows.truncate(XLSX_MAX_ROWS as usize);
    let note = (export.total > rows.len() as u64)
        .then(|| viewer.t_with("leader-export-truncated", &[("max", (XLSX_MAX_ROWS as i64).into())]));
    let day = state.ctx.today();
    Ok(Table {
        stem: format!("{}-{day}", viewer.t("leader-export-tasks-file")),
        sheet: viewer.t("leader-export-tasks-sheet"),
        headers: task_headers(viewer),
        rows,
        note: note.map(|text| (viewer.t("leader-export-note-sheet"), text)),
    })
}

/// A text cell as a spreadsheet may safely open it: one that begins with `=`, `+`, `-`, `@`,
/// TAB or CR would be read as a formula ("CSV injection"), so it gets a leading `'`, as OWASP
/// recommends; Excel shows the text and computes nothing.
pub fn neutralised(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}").into() } else { text.into() }
}

/// A row's cells as CSV fields: every text cell through [`neutralised`], numbers as digits.
fn csv_fields(row: &[Cell]) -> Vec<String> {
    row.iter()
        .map(|c| match c {
            Cell::Text(s) => neutralised(s).into_owned(),
            Cell::Int(n) => n.to_string(),
            Cell::Rate(r) => format::percent(*r),
        })
        .collect()
}

/// Records written as CSV (after a UTF-8 byte order mark when `bom`).
fn csv_records(bom: bool, records: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>, PageError> {
    let failed = |e: csv::Error| PageError::internal(format!("writing CSV: {e}"));
    let start = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
    let mut writer = csv::Writer::from_writer(start);
    for record in records {
        writer.write_record(&record).map_err(failed)?;
    }
    writer.into_inner().map_err(|e| PageError::internal(format!("writing CSV: {e}")))
}

/// CSV with a UTF-8 byte order mark, so that Excel reads Chinese correctly. Every text cell
/// (headers included) passes through [`neutralised`]; numbers are written by us as digits.
pub fn to_csv(table: &Table) -> Result<Vec<u8>, PageError> {
    let headers = table.headers.iter().map(|h| neutralised(h).into_owned()).collect();
    csv_records(true, std::iter::once(headers).chain(table.rows.iter().map(|row| csv_fields(row))))
}

/// An Excel workbook of one sheet (and a second for the table's note, if any): bold headers,
/// counts as numbers, rates as percentages.
/// Text is written as string cells only, never as formulas, so a title `=HYPERLINK(…)` stays
/// text.
pub fn to_xlsx(table: &Table) -> Result<Vec<u8>, PageError> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| PageError::internal(format!("writing Excel: {e}"));
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
    if let Some((name, text)) = &table.note {
        let name: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        let sheet = workbook.add_worksheet();
        sheet.set_name(if name.is_empty() { "Sheet2" } else { &name }).map_err(failed)?;
        sheet.write_string(0, 0, text).map_err(failed)?;
        sheet.set_column_width(0, 80).map_err(failed)?;
    }
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

pub(super) fn download(bytes: Vec<u8>, content_type: &'static str, stem: &str, extension: &str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
    response.headers_mut().insert(header::CONTENT_DISPOSITION, disposition(stem, extension));
    response
}

const CSV: &str = "text/csv; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub async fn rollup_csv(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
    let table = rollup_table(&state, &viewer, raw.as_deref()).await?;
    Ok(download(to_csv(&table)?, CSV, &table.stem, "csv"))
}

pub async fn rollup_xlsx(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
    let table = rollup_table(&state, &viewer, raw.as_deref()).await?;
    Ok(download(to_xlsx(&table)?, XLSX, &table.stem, "xlsx"))
}

pub async fn ranking_csv(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
    let table = ranking_table(&state, &viewer, raw.as_deref()).await?;
    Ok(download(to_csv(&table)?, CSV, &table.stem, "csv"))
}

pub async fn ranking_xlsx(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
    let table = ranking_table(&state, &viewer, raw.as_deref()).await?;
    Ok(download(to_xlsx(&table)?, XLSX, &table.stem, "xlsx"))
}

/// `GET /exports/tasks.csv`: every task of the list's query, streamed as it is read (a batch
/// at a time, by key), so that no export is cut short and none is held in memory whole. What
/// can fail before the first row (the query, the first batch) is answered with its status; a
/// failure later ends the transfer unfinished, which a client sees as an error.
pub async fn tasks_csv(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
    let filter = TaskQuery::parse(raw.as_deref())?.filter();
    let mut export = leadership::TaskExport::open(&state.ctx, &viewer.actor(), filter).await?;
    let zone = state.ctx.zone();
    let first = export.next().await?.unwrap_or_default();
    let headers = task_headers(&viewer).iter().map(|h| neutralised(h).into_owned()).collect();
    let head = csv_records(
        true,
        std::iter::once(headers).chain(first.iter().map(|d| csv_fields(&task_row(&viewer, zone, d)))),
    )?;
    let stem = format!("{}-{}", viewer.t("leader-export-tasks-file"), state.ctx.today());
    let rest = futures_util::stream::unfold(Some((export, viewer)), move |state| async move {
        let (mut export, viewer) = state?;
        let chunk = match export.next().await {
            Ok(Some(batch)) => csv_records(false, batch.iter().map(|d| csv_fields(&task_row(&viewer, zone, d))))
                .map_err(|e| std::io::Error::other(format!("{e:?}"))),
            Ok(None) => return None,
            Err(e) => Err(std::io::Error::other(e.to_string())),
        };
        match chunk {
            Ok(bytes) => Some((Ok(bytes::Bytes::from(bytes)), Some((export, viewer)))),
            Err(e) => {
                tracing::error!(error = %e, "a task export stopped before its end");
                Some((Err(e), None))
            }
        }
    });
    let body = futures_util::StreamExt::chain(
        futures_util::stream::once(std::future::ready(Ok::<_, std::io::Error>(bytes::Bytes::from(head)))),
        rest,
    );
    let mut response = ([(header::CONTENT_TYPE, CSV)], axum::body::Body::from_stream(body)).into_response();
    response.headers_mut().insert(header::CONTENT_DISPOSITION, disposition(&stem, "csv"));
    Ok(response)
}

pub async fn tasks_xlsx(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
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
            note: None,
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
    fn a_text_cell_that_a_spreadsheet_would_compute_is_neutralised() {
        let table = Table {
            stem: "x".into(),
            sheet: "x".into(),
            headers: vec!["=title".into(), "n".into()],
            rows: [
                "=HYPERLINK(\"http://evil.example\",\"x\")",
                "+cmd|' /C calc'!A0",
                "-2+3",
                "@SUM(1)",
                "\tTAB",
                "\rCR",
                "a=b",
                " =x",
                "'quoted",
            ]
            .into_iter()
            .map(|t| vec![Cell::Text(t.into()), Cell::Int(-3)])
            .collect(),
            note: None,
        };
        let text = String::from_utf8(to_csv(&table).expect("csv")[3..].to_vec()).expect("utf-8");
        let expected = "'=title,n\n\
                        \"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",-3\n\
                        '+cmd|' /C calc'!A0,-3\n\
                        '-2+3,-3\n\
                        '@SUM(1),-3\n\
                        '\tTAB,-3\n\
                        \"'\rCR\",-3\n\
                        a=b,-3\n\
                        \u{20}=x,-3\n\
                        'quoted,-3\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn xlsx_is_a_zip() {
        let bytes = to_xlsx(&table()).expect("xlsx");
        assert!(bytes.starts_with(b"PK"));
        let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
        assert!(has(b"xl/worksheets/sheet1.xml") && !has(b"xl/worksheets/sheet2.xml"), "one sheet");
    }

    #[test]
    fn a_note_goes_on_a_second_sheet_not_among_the_rows() {
        let bytes =
            to_xlsx(&Table { note: Some(("说明".into(), "仅导出前 50000 项任务".into())), ..table() }).expect("xlsx");
        // Zip entries' names are stored as they are.
        assert!(bytes.windows(24).any(|w| w == b"xl/worksheets/sheet2.xml"), "a second sheet");
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
