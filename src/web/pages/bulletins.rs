//! How units stand against each other: the ranking of the units below (by completion, then
//! timeliness, with the score's deductions), the overdue list, and the printable bulletin
//! (通报) of a period. What the viewer may read is decided by `services::rollups` and
//! `services::leadership`.

use crate::domain::message::Message;
use axum::extract::{RawQuery, State};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{
    error::{PageError, PageResult},
    frame::Viewer,
    units::{NarrowForm, NarrowQuery},
    view::{FiguresView, LightView, Paging, page, query},
};
use crate::{
    domain::{
        format,
        ids::{DirectiveId, TaskId, UnitId},
        rollup::Figures,
    },
    services::{
        leadership::{self, Described},
        rollups,
    },
    web::AppState,
};

#[derive(Serialize)]
struct RankRow {
    rank: usize,
    id: UnitId,
    name: String,
    href: String,
    figures: FiguresView,
    late_reports: i64,
    returned_completions: i64,
    score: String,
}

#[derive(Serialize)]
struct RankingPage {
    rows: Vec<RankRow>,
    narrow: NarrowForm,
    form_action: &'static str,
    deduction_late: i64,
    deduction_returned: i64,
    export_query: String,
}
page!(RankingPage => "pages/bulletins/ranking");

/// `GET /ranking`: the units directly below the viewer's (or `?unit=`), best first.
pub async fn ranking(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
    let q: NarrowQuery = query(raw.as_deref())?;
    let actor = viewer.actor();
    let unit_id = q.unit.unwrap_or(actor.unit_id);
    let ranked = rollups::ranking(&state.ctx, &actor, unit_id, q.narrowing()).await?;
    let rows = ranked
        .iter()
        .map(|r| RankRow {
            rank: r.rank,
            id: r.unit.id,
            name: viewer.unit_name(&r.unit),
            href: q.unit_link(r.unit.id),
            figures: viewer.figures(&r.figures),
            late_reports: r.marks.late_reports,
            returned_completions: r.marks.returned_completions,
            score: format::points(r.score),
        })
        .collect();
    let config = &state.ctx.config;
    let view = RankingPage {
        rows,
        narrow: NarrowForm::new(&state, &viewer, &q).await?,
        form_action: "/ranking",
        deduction_late: config.ranking_late_report_deduction,
        deduction_returned: config.ranking_returned_deduction,
        export_query: format!("unit={unit_id}{}", q.link_suffix()),
    };
    viewer.render(&state, &viewer.t("leader-ranking-title"), &view)
}

/// A late or completed task as the overdue list, the bulletin and the exports show it
/// (`partials/tasks/late`).
#[derive(Serialize)]
pub struct LateRow {
    id: TaskId,
    title: String,
    status: String,
    status_label: String,
    progress: i32,
    deadline: String,
    completed_at: Option<String>,
    unit_id: UnitId,
    unit: String,
    directive_id: DirectiveId,
    directive: String,
    late: String,
    days_late: i64,
    #[serde(flatten)]
    light: LightView,
}

impl LateRow {
    pub fn new(viewer: &Viewer, d: &Described) -> LateRow {
        let t = &d.facts.task;
        LateRow {
            id: t.id,
            title: t.title.clone(),
            status: t.status.to_string(),
            status_label: viewer.term("status", t.status.as_str()),
            progress: t.progress,
            deadline: t.deadline.to_rfc3339(),
            completed_at: t.completed_at.map(|c| c.to_rfc3339()),
            unit_id: t.assignee_unit_id,
            unit: d.unit.as_ref().map(|u| viewer.unit_name(u)).unwrap_or_default(),
            directive_id: t.directive_id,
            directive: d.directive.as_ref().map(|x| viewer.directive_title(x)).unwrap_or_default(),
            late: viewer.t_with("working-days-late", &[("days", d.working_days_late.into())]),
            days_late: d.working_days_late,
            light: viewer.light(d.facts.light),
        }
    }
}

#[derive(Serialize)]
struct OverduePage {
    count: u64,
    tasks: Vec<LateRow>,
    paging: Paging,
    export_query: String,
}
page!(OverduePage => "pages/bulletins/overdue");

#[derive(Deserialize)]
struct OverdueQuery {
    page: Option<u64>,
}

/// `GET /overdue?page=`: the overdue tasks of the viewer's scope, the most late first, a page
/// at a time with the total.
pub async fn overdue(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
    let q: OverdueQuery = query(raw.as_deref())?;
    let actor = viewer.actor();
    let page_number = q.page.unwrap_or(1);
    let per_page = leadership::OVERDUE_PER_PAGE;
    let listed = leadership::overdue(&state.ctx, &actor, None, page_number, per_page).await?;
    let tasks: Vec<LateRow> = listed.rows.iter().map(|d| LateRow::new(&viewer, d)).collect();
    let view = OverduePage {
        count: listed.total,
        tasks,
        paging: Paging::new(page_number, listed.total, per_page, |p| format!("/overdue?page={p}")),
        export_query: format!("overdue=1&unit={}", actor.unit_id),
    };
    viewer.render(&state, &viewer.t("leader-overdue-title"), &view)
}

#[derive(Deserialize)]
struct PeriodQuery {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

#[derive(Serialize)]
pub struct BulletinRank {
    rank: usize,
    id: UnitId,
    name: String,
    total: String,
    completed: String,
    overdue: String,
    late: bool,
    rate: String,
    on_time_rate: String,
}

impl BulletinRank {
    /// A row of a bulletin's ranking, written as every ranking writes it (`domain::format`).
    pub fn new(rank: usize, id: UnitId, name: String, f: &Figures) -> BulletinRank {
        BulletinRank {
            rank,
            id,
            name,
            total: format::figure(f.total),
            completed: format::figure(f.completed),
            overdue: format::figure(f.overdue),
            late: f.overdue > 0,
            rate: format::percent(f.completion_rate()),
            on_time_rate: format::percent(f.on_time_rate()),
        }
    }

    /// The row's cells in the order of its columns, for a document's table.
    pub fn cells(&self) -> [String; 7] {
        [
            self.rank.to_string(),
            self.name.clone(),
            self.total.clone(),
            self.completed.clone(),
            self.rate.clone(),
            self.on_time_rate.clone(),
            self.overdue.clone(),
        ]
    }
}

#[derive(Serialize)]
struct OverdueGroup {
    unit: String,
    count: usize,
    tasks: Vec<LateRow>,
}

#[derive(Serialize)]
struct BulletinPage {
    unit_name: String,
    /// The period's days as the form and links carry them (ISO)…
    from: String,
    to: String,
    /// …and as the reader's language writes a date, as every other page does.
    from_label: String,
    to_label: String,
    ranking: Vec<BulletinRank>,
    overdue_groups: Vec<OverdueGroup>,
    overdue_count: u64,
    completed_count: u64,
    completed: Vec<LateRow>,
    truncated: bool,
    max_rows: u64,
    may_publish: bool,
}
page!(BulletinPage => "pages/bulletins/bulletin");

/// `GET /bulletin?from=&to=`: the bulletin of a period (the last seven days by default).
pub async fn bulletin(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
    let q: PeriodQuery = query(raw.as_deref())?;
    let to = q.to.unwrap_or(state.ctx.today());
    let from = q.from.unwrap_or_else(|| to.checked_sub_days(Days::new(6)).unwrap_or(to));
    if from > to {
        return Err(PageError::unprocessable("from", Message::new("error-period-backwards")));
    }
    let ctx = &state.ctx;
    let b = leadership::bulletin(ctx, &viewer.actor(), ctx.start_of_day(from), ctx.end_of_day(to)).await?;
    let ranking =
        b.ranking.iter().map(|r| BulletinRank::new(r.rank, r.unit.id, viewer.unit_name(&r.unit), &r.figures)).collect();
    // The overdue tasks grouped by unit, the units in the order they first appear (most late first).
    let mut overdue_groups: Vec<OverdueGroup> = Vec::new();
    for d in &b.overdue {
        let row = LateRow::new(&viewer, d);
        match overdue_groups.iter_mut().find(|g| g.unit == row.unit) {
            Some(group) => group.tasks.push(row),
            None => overdue_groups.push(OverdueGroup { unit: row.unit.clone(), count: 0, tasks: vec![row] }),
        }
    }
    for group in &mut overdue_groups {
        group.count = group.tasks.len();
    }
    let completed: Vec<LateRow> = b.completed.iter().map(|d| LateRow::new(&viewer, d)).collect();
    let unit_name = viewer.unit_name(&b.unit);
    let title = viewer.t_with("leader-bulletin-title", &[("unit", unit_name.clone().into())]);
    let view = BulletinPage {
        unit_name,
        from: from.to_string(),
        to: to.to_string(),
        from_label: format::date(viewer.locale, from),
        to_label: format::date(viewer.locale, to),
        ranking,
        overdue_groups,
        overdue_count: b.overdue_total,
        completed_count: b.completed_total,
        completed,
        truncated: b.truncated,
        max_rows: leadership::BULLETIN_ROWS,
        may_publish: viewer.role().may(crate::domain::roles::Capability::Issue),
    };
    viewer.render(&state, &title, &view)
}
