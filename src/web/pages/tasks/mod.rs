//! Tasks: the unit's inbox, the reports waiting for its review, the list of every task the
//! viewer may see, and the task page with the forms a unit uses on it ([`show`], [`actions`]).
//! Officers and secretariats work here; leaders read the list and the page to write their
//! instructions. Each page reads the services the API reads, each form calls the service the
//! API calls.

pub mod actions;
pub mod show;

use crate::domain::message::Message;
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
    domain::{
        ids::{DirectiveId, TaskId, UnitId},
        lifecycle::TaskStatus,
    },
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
    pub directives: HashMap<DirectiveId, records::Directive>,
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
        let mut directives: HashMap<DirectiveId, records::Directive> =
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

    pub fn unit(&self, viewer: &Viewer, id: UnitId) -> String {
        viewer.unit_name_or_id(self.names.units.get(&id), id)
    }
}

/// One task as a row of a list (`partials/tasks/rows`).
#[derive(Serialize)]
pub struct TaskRow {
    id: TaskId,
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
    /// "催办 2 次" when it was reminded, else empty.
    reminders: String,
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
            light: viewer.light_explained(f.light_reason),
            timing: timing(viewer, f),
            overdue: f.overdue,
            reminders: if f.reminders > 0 {
                viewer.t_with("remind-count", &[("count", FluentValue::from(f.reminders))])
            } else {
                String::new()
            },
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

/// `GET /inbox`: the unit's work: to acknowledge, due soon, overdue, returned; and what came
/// back up about the tasks it assigned: waiting for our review, extension requests, declined,
/// overdue.
pub async fn inbox(State(state): State<AppState>, viewer: Worker) -> PageResult {
    let inbox = queries::inbox(&state.ctx, &viewer.actor()).await?;
    let everything = inbox
        .to_acknowledge
        .iter()
        .chain(&inbox.due_soon)
        .chain(&inbox.overdue)
        .chain(&inbox.returned)
        .chain(&inbox.awaiting_review)
        .chain(&inbox.extension_requests)
        .chain(&inbox.declined)
        .chain(&inbox.assigned_overdue);
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
        section("extension-requests", &inbox.extension_requests, totals.extension_requests),
        section("declined", &inbox.declined, totals.declined),
        section("assigned-overdue", &inbox.assigned_overdue, totals.assigned_overdue),
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

/// The task list's query, which its exports carry too: `status` (repeated or
/// comma-separated), `q`, `overdue=1`, `directive`, `unit` and `page`. Empty fields are no
/// filter and other fields (`lang`) are ignored; a value that cannot be read is a 400 naming
/// its field, as in the API.
#[derive(Debug, Default)]
pub struct TaskQuery {
    statuses: Vec<TaskStatus>,
    q: String,
    overdue: bool,
    directive: Option<DirectiveId>,
    unit: Option<UnitId>,
    page: u64,
}

impl TaskQuery {
    pub fn parse(raw: Option<&str>) -> Result<TaskQuery, PageError> {
        let mut query = TaskQuery { page: 1, ..TaskQuery::default() };
        let positive = |field: &str, v: &str| {
            v.parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| PageError::bad_request(field.to_owned(), Message::new("error-positive-number")))
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
                            part.parse::<TaskStatus>().map_err(|e| PageError::bad_request("status", e.message()))?;
                        if !query.statuses.contains(&status) {
                            query.statuses.push(status);
                        }
                    }
                }
                "q" => query.q = value.chars().take(200).collect(),
                "overdue" => query.overdue = matches!(value, "1" | "true" | "on" | "yes"),
                "directive" | "directive_id" => query.directive = Some(DirectiveId(positive("directive", value)?)),
                "unit" | "unit_id" => query.unit = Some(UnitId(positive("unit", value)?)),
                "page" => query.page = positive("page", value)?.unsigned_abs(),
                _ => {}
            }
        }
        Ok(query)
    }

    pub fn filter(&self) -> TaskFilter {
        TaskFilter {
            statuses: self.statuses.clone(),
            directive_id: self.directive,
            unit_id: self.unit,
            search: (!self.q.is_empty()).then(|| self.q.clone()),
            overdue: self.overdue,
            ..TaskFilter::default()
        }
    }

    /// The query again (without the page), for links that keep the filters.
    fn encode(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.statuses.is_empty() {
            let statuses: Vec<&str> = self.statuses.iter().map(|s| s.as_str()).collect();
            out.append_pair("status", &statuses.join(","));
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
        if let Some(unit) = self.unit {
            out.append_pair("unit", &unit.to_string());
        }
        out.finish()
    }
}

#[derive(Serialize)]
struct ListPage {
    rows: Vec<TaskRow>,
    #[serde(flatten)]
    paging: Paging,
    /// The search matched more tasks than it ranks (`queries::Page::capped`).
    capped: bool,
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
    let query = TaskQuery::parse(raw.as_deref())?;
    let actor = viewer.actor();
    let page = queries::list(&state.ctx, &actor, query.filter(), query.page, PER_PAGE).await?;
    let lookup = Lookup::of(&state, &viewer, &page.items).await?;
    let kept = query.encode();
    let link = |n: u64| if kept.is_empty() { format!("/tasks?page={n}") } else { format!("/tasks?{kept}&page={n}") };
    let statuses = TaskStatus::ALL
        .iter()
        .map(|s| Choice::new(s.as_str(), viewer.term("status", s.as_str()), query.statuses.contains(s)))
        .collect();
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
        capped: page.capped,
        statuses,
        directives,
        q: query.q,
        overdue: query.overdue,
        export_csv: format!("/exports/tasks.csv{suffix}"),
        export_xlsx: format!("/exports/tasks.xlsx{suffix}"),
    };
    viewer.render(&state, &viewer.t("officer-tasks-title"), &view)
}
