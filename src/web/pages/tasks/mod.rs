//! Tasks: the unit's inbox, the reports waiting for its review, the list of every task the
//! viewer may see, and the task page with the forms a unit uses on it ([`show`], [`actions`]).
//! Officers and secretariats work here; leaders read the list and the page to write their
//! instructions. Each page reads the services the API reads, each form calls the service the
//! API calls.

pub mod actions;
pub mod show;

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use fluent_templates::fluent_bundle::FluentValue;
use serde::Serialize;

use super::{
    error::{PageError, PageResult},
    frame::{Reader, Viewer, Worker},
    view::{Choice, LightView, Paging, page},
};
use crate::{
    domain::lifecycle::TaskStatus,
    services::{
        meetings,
        queries::{self, Names, TaskFacts, TaskFilter},
        records,
    },
    web::AppState,
};

/// Rows per page of the task list.
const PER_PAGE: u64 = 50;

/// The names and directives a list of tasks shows.
pub struct Lookup {
    pub names: Names,
    pub directives: HashMap<i64, records::Directive>,
}

impl Lookup {
    /// The names of the units on `tasks` and the directives they belong to.
    pub async fn of<'a>(
        state: &AppState,
        viewer: &Viewer,
        tasks: impl IntoIterator<Item = &'a TaskFacts>,
    ) -> Result<Lookup, PageError> {
        let mut units = Vec::new();
        let mut wanted = Vec::new();
        for f in tasks {
            units.push(f.task.assignee_unit_id);
            units.push(f.task.assigner_unit_id);
            wanted.push(f.task.directive_id);
        }
        let names = queries::names(&state.ctx, &units, &[]).await?;
        let actor = viewer.actor();
        let mut directives: HashMap<i64, records::Directive> =
            meetings::list_directives(&state.ctx, &actor, None).await?.into_iter().map(|d| (d.id, d)).collect();
        // The list holds the directives of the units above and below; one seen only through a
        // task (a county bureau's, assigned from the city) is read on its own.
        wanted.sort_unstable();
        wanted.dedup();
        for id in wanted {
            if !directives.contains_key(&id)
                && let Ok(directive) = meetings::get_directive(&state.ctx, &actor, id).await
            {
                directives.insert(id, directive);
            }
        }
        Ok(Lookup { names, directives })
    }

    pub fn unit(&self, viewer: &Viewer, id: i64) -> String {
        viewer.unit_name_or_id(self.names.units.get(&id), id)
    }
}

/// One task as a row of a list (`partials/tasks/rows`).
#[derive(Serialize)]
pub struct TaskRow {
    id: i64,
    title: String,
    directive: String,
    assignee: String,
    assigner: String,
    status: &'static str,
    status_label: String,
    role_label: String,
    deadline: String,
    progress: i32,
    #[serde(flatten)]
    light: LightView,
    timing: String,
    overdue: bool,
}

impl TaskRow {
    pub fn new(viewer: &Viewer, lookup: &Lookup, f: &TaskFacts) -> TaskRow {
        let task = &f.task;
        TaskRow {
            id: task.id,
            title: task.title.clone(),
            directive: lookup.directives.get(&task.directive_id).map(|d| viewer.directive_title(d)).unwrap_or_default(),
            assignee: lookup.unit(viewer, task.assignee_unit_id),
            assigner: lookup.unit(viewer, task.assigner_unit_id),
            status: task.status.as_str(),
            status_label: viewer.term("status", task.status.as_str()),
            role_label: viewer.term("task-role", task.role.as_str()),
            deadline: task.deadline.to_rfc3339(),
            progress: task.progress,
            light: viewer.light(f.light),
            timing: timing(viewer, f),
            overdue: f.overdue,
        }
    }

    pub fn all<'a>(viewer: &Viewer, lookup: &Lookup, tasks: impl IntoIterator<Item = &'a TaskFacts>) -> Vec<TaskRow> {
        tasks.into_iter().map(|f| TaskRow::new(viewer, lookup, f)).collect()
    }
}

/// How a task stands against its deadline, in words: "3 working days left", "2 working days late".
pub fn timing(viewer: &Viewer, f: &TaskFacts) -> String {
    if !f.task.status.is_open() {
        return String::new();
    }
    if f.overdue {
        viewer.t_with("working-days-late", &[("days", FluentValue::from((-f.days_left).max(1)))])
    } else {
        viewer.t_with("working-days-left", &[("days", FluentValue::from(f.days_left.max(0)))])
    }
}

/// "N of M" in the words of `key`, when a list shows fewer than it holds.
pub fn more_than_shown(viewer: &Viewer, key: &str, shown: usize, total: u64) -> Option<String> {
    (total > shown as u64).then(|| viewer.t_with(key, &[("shown", (shown as u64).into()), ("total", total.into())]))
}

#[derive(Serialize)]
struct InboxSection {
    key: &'static str,
    heading: String,
    empty: String,
    count: u64,
    more: Option<String>,
    rows: Vec<TaskRow>,
}

#[derive(Serialize)]
struct InboxPage {
    sections: Vec<InboxSection>,
}
page!(InboxPage => "pages/tasks/inbox");

/// `GET /inbox`: the unit's work: to acknowledge, due soon, overdue, returned, waiting for
/// our review.
pub async fn inbox(State(state): State<AppState>, viewer: Worker) -> PageResult {
    let inbox = queries::inbox(&state.ctx, &viewer.actor()).await?;
    let everything = inbox
        .to_acknowledge
        .iter()
        .chain(&inbox.due_soon)
        .chain(&inbox.overdue)
        .chain(&inbox.returned)
        .chain(&inbox.awaiting_review);
    let lookup = Lookup::of(&state, &viewer, everything).await?;
    let section = |key: &'static str, tasks: &[TaskFacts], total: u64| InboxSection {
        key,
        heading: viewer.t(&format!("officer-inbox-{key}")),
        empty: viewer.t(&format!("officer-inbox-{key}-empty")),
        count: total,
        more: more_than_shown(&viewer, "officer-inbox-more", tasks.len(), total),
        rows: TaskRow::all(&viewer, &lookup, tasks),
    };
    let totals = inbox.totals;
    let sections = vec![
        section("to-acknowledge", &inbox.to_acknowledge, totals.to_acknowledge),
        section("due-soon", &inbox.due_soon, totals.due_soon),
        section("overdue", &inbox.overdue, totals.overdue),
        section("returned", &inbox.returned, totals.returned),
        section("awaiting-review", &inbox.awaiting_review, totals.awaiting_review),
    ];
    viewer.render(&state, &viewer.t("officer-inbox-title"), &InboxPage { sections })
}

#[derive(Serialize)]
struct ReviewsPage {
    rows: Vec<TaskRow>,
    more: Option<String>,
}
page!(ReviewsPage => "pages/tasks/reviews");

/// `GET /reviews`: reports waiting for our acceptance: tasks our unit assigned that are submitted.
pub async fn reviews(State(state): State<AppState>, viewer: Worker) -> PageResult {
    let inbox = queries::inbox(&state.ctx, &viewer.actor()).await?;
    let lookup = Lookup::of(&state, &viewer, &inbox.awaiting_review).await?;
    let rows = TaskRow::all(&viewer, &lookup, &inbox.awaiting_review);
    let more = more_than_shown(&viewer, "officer-inbox-more", rows.len(), inbox.totals.awaiting_review);
    viewer.render(&state, &viewer.t("officer-reviews-title"), &ReviewsPage { rows, more })
}

/// The task list's query, as `/tasks` reads it.
#[derive(Debug, Default)]
struct ListQuery {
    status: Option<TaskStatus>,
    q: String,
    overdue: bool,
    directive: Option<i64>,
    page: u64,
}

impl ListQuery {
    /// Reads `status`, `q`, `overdue=1`, `directive` and `page`; empty fields are no filter,
    /// a field that cannot be read is a 422 naming it.
    fn parse(raw: Option<&str>) -> Result<ListQuery, PageError> {
        let mut query = ListQuery { page: 1, ..ListQuery::default() };
        for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_ref() {
                "status" => {
                    query.status =
                        Some(value.parse().map_err(|_| PageError::unprocessable("status", "is not a task status"))?)
                }
                "q" => query.q = value.chars().take(200).collect(),
                "overdue" => query.overdue = value == "1" || value == "on" || value == "true",
                "directive" => {
                    query.directive =
                        Some(value.parse().map_err(|_| PageError::unprocessable("directive", "is not a number"))?)
                }
                "page" => {
                    query.page = value.parse().map_err(|_| PageError::unprocessable("page", "is not a page number"))?
                }
                _ => {}
            }
        }
        Ok(query)
    }

    fn filter(&self, now: chrono::DateTime<chrono::Utc>) -> TaskFilter {
        TaskFilter {
            statuses: self.status.into_iter().collect(),
            directive_id: self.directive,
            search: (!self.q.is_empty()).then(|| self.q.clone()),
            overdue_at: self.overdue.then_some(now),
            ..TaskFilter::default()
        }
    }

    /// The query again (without the page), for links that keep the filters.
    fn encode(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(status) = self.status {
            out.append_pair("status", status.as_str());
        }
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        if self.overdue {
            out.append_pair("overdue", "1");
        }
        if let Some(directive) = self.directive {
            out.append_pair("directive", &directive.to_string());
        }
        out.finish()
    }
}

#[derive(Serialize)]
struct ListPage {
    rows: Vec<TaskRow>,
    #[serde(flatten)]
    paging: Paging,
    statuses: Vec<Choice>,
    directives: Vec<Choice>,
    q: String,
    overdue: bool,
    export_csv: String,
    export_xlsx: String,
}
page!(ListPage => "pages/tasks/list");

/// `GET /tasks`: the tasks the viewer may see, filtered and paged, with links to export the
/// same list.
pub async fn list(State(state): State<AppState>, viewer: Reader, RawQuery(raw): RawQuery) -> PageResult {
    let query = ListQuery::parse(raw.as_deref())?;
    let actor = viewer.actor();
    let page = queries::list(&state.ctx, &actor, query.filter(state.ctx.clock.now()), query.page, PER_PAGE).await?;
    let lookup = Lookup::of(&state, &viewer, &page.items).await?;
    let kept = query.encode();
    let link = |n: u64| if kept.is_empty() { format!("/tasks?page={n}") } else { format!("/tasks?{kept}&page={n}") };
    let statuses =
        Choice::all(TaskStatus::ALL, query.status, TaskStatus::as_str, |s| viewer.term("status", s.as_str()));
    let mut directives: Vec<&records::Directive> = lookup.directives.values().collect();
    directives.sort_by_key(|d| d.id);
    let directives = directives
        .iter()
        .map(|d| Choice::new(d.id, viewer.directive_title(d), query.directive == Some(d.id)))
        .collect();
    let suffix = if kept.is_empty() { String::new() } else { format!("?{kept}") };
    let view = ListPage {
        rows: TaskRow::all(&viewer, &lookup, &page.items),
        paging: Paging::new(query.page, page.total, PER_PAGE, link),
        statuses,
        directives,
        q: query.q,
        overdue: query.overdue,
        export_csv: format!("/exports/tasks.csv{suffix}"),
        export_xlsx: format!("/exports/tasks.xlsx{suffix}"),
    };
    viewer.render(&state, &viewer.t("officer-tasks-title"), &view)
}
