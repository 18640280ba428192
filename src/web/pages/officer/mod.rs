//! The pages of the officers: the inbox, the task list, the task page with every action a
//! unit takes on a task, and the reports waiting for the unit's review. Each page reads the
//! services the API reads, and each form calls the service the API calls.

mod task;

use std::collections::HashMap;

use axum::{
    Router,
    extract::{DefaultBodyLimit, RawQuery, State},
    response::Response,
    routing::{get, post},
};
use fluent_templates::fluent_bundle::FluentValue;
use serde_json::{Value, json};

use super::frame::Viewer;
use crate::domain::ids::DirectiveId;
use crate::{
    domain::{
        lifecycle::TaskStatus,
        vocabulary::{Locale, Role},
    },
    services::{
        meetings,
        queries::{self, Names, TaskFacts, TaskFilter},
        records,
    },
    web::{AppState, WebError},
};

/// Who works on tasks: the inbox and the review queue are theirs.
const WORKERS: &[Role] = &[Role::Officer, Role::Secretariat];
/// Who reads tasks: leaders too, to write their instructions.
const READERS: &[Role] = &[Role::Officer, Role::Secretariat, Role::Leader];

/// Rows per page of the task list.
const PER_PAGE: u64 = 50;

pub fn routes() -> Router<AppState> {
    // Reports carry files: as many as a report may, each up to the configured size.
    let uploads = Router::new()
        .route("/tasks/{id}/progress", post(task::progress))
        .route("/tasks/{id}/complete", post(task::complete))
        .layer(DefaultBodyLimit::disable());
    Router::new()
        .route("/inbox", get(inbox))
        .route("/tasks", get(list))
        .route("/reviews", get(reviews))
        .route("/tasks/{id}", get(task::page))
        .route("/tasks/{id}/acknowledge", post(task::acknowledge))
        .route("/tasks/{id}/decline", post(task::decline))
        .route("/tasks/{id}/accept", post(task::accept))
        .route("/tasks/{id}/return", post(task::return_task))
        .route("/tasks/{id}/cancel", post(task::cancel))
        .route("/tasks/{id}/reassign", post(task::reassign))
        .route("/tasks/{id}/split", post(task::split))
        .route("/tasks/{id}/extension", post(task::request_extension))
        .route("/tasks/{id}/extensions/{request}/approve", post(task::approve_extension))
        .route("/tasks/{id}/extensions/{request}/refuse", post(task::refuse_extension))
        .route("/tasks/{id}/remind", post(task::remind))
        .merge(uploads)
}

/// A unit's name in the viewer's language.
fn unit_name(locale: Locale, unit: Option<&records::Unit>, id: i64) -> String {
    match unit {
        Some(u) if locale == Locale::En && !u.name_en.is_empty() => u.name_en.clone(),
        Some(u) => u.name_zh.clone(),
        None => format!("#{id}"),
    }
}

fn directive_title(locale: Locale, directive: &records::Directive) -> String {
    if locale == Locale::En && !directive.fields.title_en.is_empty() {
        directive.fields.title_en.clone()
    } else {
        directive.fields.title_zh.clone()
    }
}

/// The names and directives a list of tasks shows.
struct Lookup {
    names: Names,
    directives: HashMap<DirectiveId, records::Directive>,
}

async fn lookup<'a>(
    state: &AppState,
    viewer: &Viewer,
    tasks: impl IntoIterator<Item = &'a TaskFacts>,
) -> Result<Lookup, WebError> {
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

/// How a task stands against its deadline, in words: "3 working days left", "2 working days late".
fn timing(viewer: &Viewer, f: &TaskFacts) -> String {
    if !f.task.status.is_open() {
        return String::new();
    }
    if f.overdue {
        viewer.t_with("working-days-late", &[("days", FluentValue::from((-f.days_left).max(1)))])
    } else {
        viewer.t_with("working-days-left", &[("days", FluentValue::from(f.days_left.max(0)))])
    }
}

/// One task as a row of a list.
fn row(viewer: &Viewer, lookup: &Lookup, f: &TaskFacts) -> Value {
    let locale = viewer.locale;
    let task = &f.task;
    let directive = lookup.directives.get(&task.directive_id).map(|d| directive_title(locale, d));
    json!({
        "id": task.id,
        "title": task.title,
        "directive": directive.unwrap_or_default(),
        "assignee": unit_name(locale, lookup.names.units.get(&task.assignee_unit_id), task.assignee_unit_id.0),
        "assigner": unit_name(locale, lookup.names.units.get(&task.assigner_unit_id), task.assigner_unit_id.0),
        "status": task.status.as_str(),
        "status_label": viewer.t(&format!("status-{}", task.status.as_str())),
        "role_label": viewer.t(&format!("task-role-{}", task.role.as_str())),
        "deadline": task.deadline.to_rfc3339(),
        "progress": task.progress,
        "light": f.light.map(|l| l.as_str()),
        "light_label": viewer.t(&format!("light-{}", f.light.map_or("none", |l| l.as_str()))),
        "timing": timing(viewer, f),
        "overdue": f.overdue,
    })
}

/// The unit's work: to acknowledge, due soon, overdue, returned, waiting for our review.
async fn inbox(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    viewer.require(WORKERS)?;
    let inbox = queries::inbox(&state.ctx, &viewer.actor()).await?;
    let everything = inbox
        .to_acknowledge
        .iter()
        .chain(&inbox.due_soon)
        .chain(&inbox.overdue)
        .chain(&inbox.returned)
        .chain(&inbox.awaiting_review);
    let lookup = lookup(&state, &viewer, everything).await?;
    let section = |key: &str, tasks: &[TaskFacts], total: u64| {
        json!({
            "key": key,
            "heading": viewer.t(&format!("officer-inbox-{key}")),
            "empty": viewer.t(&format!("officer-inbox-{key}-empty")),
            "count": total,
            "more": more_than_shown(&viewer, "officer-inbox-more", tasks.len(), total),
            "rows": tasks.iter().map(|f| row(&viewer, &lookup, f)).collect::<Vec<_>>(),
        })
    };
    let totals = inbox.totals;
    let sections = vec![
        section("to-acknowledge", &inbox.to_acknowledge, totals.to_acknowledge),
        section("due-soon", &inbox.due_soon, totals.due_soon),
        section("overdue", &inbox.overdue, totals.overdue),
        section("returned", &inbox.returned, totals.returned),
        section("awaiting-review", &inbox.awaiting_review, totals.awaiting_review),
    ];
    viewer.render(&state, "pages/officer/inbox", &viewer.t("officer-inbox-title"), json!({ "sections": sections }))
}

/// Reports waiting for our acceptance: tasks our unit assigned that are submitted.
async fn reviews(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    viewer.require(WORKERS)?;
    let inbox = queries::inbox(&state.ctx, &viewer.actor()).await?;
    let lookup = lookup(&state, &viewer, &inbox.awaiting_review).await?;
    let rows: Vec<Value> = inbox.awaiting_review.iter().map(|f| row(&viewer, &lookup, f)).collect();
    let more = more_than_shown(&viewer, "officer-inbox-more", rows.len(), inbox.totals.awaiting_review);
    viewer.render(
        &state,
        "pages/officer/reviews",
        &viewer.t("officer-reviews-title"),
        json!({ "rows": rows, "more": more }),
    )
}

/// "N of M" in the words of `key`, when a list shows fewer than it holds.
fn more_than_shown(viewer: &Viewer, key: &str, shown: usize, total: u64) -> Option<String> {
    (total > shown as u64).then(|| viewer.t_with(key, &[("shown", (shown as u64).into()), ("total", total.into())]))
}

/// The task list's query, as `/tasks` and the exports read it.
#[derive(Debug, Default)]
pub struct ListQuery {
    pub status: Option<TaskStatus>,
    pub q: String,
    pub overdue: bool,
    pub directive: Option<i64>,
    pub page: u64,
}

impl ListQuery {
    /// Reads `status`, `q`, `overdue=1`, `directive` and `page`; empty fields are no filter,
    /// a field that cannot be read is a 422 naming it.
    pub fn parse(raw: Option<&str>) -> Result<ListQuery, WebError> {
        let mut query = ListQuery { page: 1, ..ListQuery::default() };
        for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_ref() {
                "status" => {
                    query.status =
                        Some(value.parse().map_err(|_| WebError::unprocessable("status", "is not a task status"))?)
                }
                "q" => query.q = value.chars().take(200).collect(),
                "overdue" => query.overdue = value == "1" || value == "on" || value == "true",
                "directive" => {
                    query.directive =
                        Some(value.parse().map_err(|_| WebError::unprocessable("directive", "is not a number"))?)
                }
                "page" => {
                    query.page = value.parse().map_err(|_| WebError::unprocessable("page", "is not a page number"))?
                }
                _ => {}
            }
        }
        Ok(query)
    }

    pub fn filter(&self) -> TaskFilter {
        TaskFilter {
            statuses: self.status.into_iter().collect(),
            directive_id: self.directive.map(DirectiveId),
            search: (!self.q.is_empty()).then(|| self.q.clone()),
            overdue: self.overdue,
            ..TaskFilter::default()
        }
    }

    /// The query again (without the page), for links that keep the filters.
    pub fn encode(&self) -> String {
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

/// The tasks the unit may see, filtered and paged, with links to export the same list.
async fn list(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    viewer.require(READERS)?;
    let query = ListQuery::parse(raw.as_deref())?;
    let actor = viewer.actor();
    let page = queries::list(&state.ctx, &actor, query.filter(), query.page, PER_PAGE).await?;
    let lookup = lookup(&state, &viewer, &page.items).await?;
    let rows: Vec<Value> = page.items.iter().map(|f| row(&viewer, &lookup, f)).collect();
    let pages = page.total.div_ceil(PER_PAGE).max(1);
    let kept = query.encode();
    let link = |n: u64| if kept.is_empty() { format!("/tasks?page={n}") } else { format!("/tasks?{kept}&page={n}") };
    let statuses: Vec<Value> = TaskStatus::ALL
        .iter()
        .map(|s| {
            json!({ "value": s.as_str(), "label": viewer.t(&format!("status-{}", s.as_str())),
                    "selected": query.status == Some(*s) })
        })
        .collect();
    let mut directives: Vec<&records::Directive> = lookup.directives.values().collect();
    directives.sort_by_key(|d| d.id);
    let directives: Vec<Value> = directives
        .iter()
        .map(|d| json!({ "id": d.id, "title": directive_title(viewer.locale, d), "selected": query.directive == Some(d.id.0) }))
        .collect();
    let suffix = if kept.is_empty() { String::new() } else { format!("?{kept}") };
    viewer.render(
        &state,
        "pages/officer/tasks",
        &viewer.t("officer-tasks-title"),
        json!({
            "rows": rows,
            "total": page.total,
            "page": query.page,
            "pages": pages,
            "previous": (query.page > 1).then(|| link(query.page - 1)),
            "next": (query.page < pages).then(|| link(query.page + 1)),
            "statuses": statuses,
            "directives": directives,
            "q": query.q,
            "overdue": query.overdue,
            "export_csv": format!("/exports/tasks.csv{suffix}"),
            "export_xlsx": format!("/exports/tasks.xlsx{suffix}"),
        }),
    )
}
