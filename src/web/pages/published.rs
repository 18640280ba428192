//! Published bulletins (通报) as an office files them: the archive, the form a secretariat
//! publishes one with (the period and its commentary), one bulletin as kept (printable, A4),
//! and its Word document (`docx`). What is kept and who may read it is `services::bulletins`.

use super::i18n;
use crate::domain::message::Message;
use axum::{
    extract::{Path, RawQuery, State},
    http::StatusCode,
};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{
    bulletins::BulletinRank,
    docx,
    error::PageResult,
    exports::download,
    frame::{CsrfForm, Reader, Secretariat, Viewer, see_other},
    view::{page, query},
};
use crate::{
    domain::{format, ids::UnitId, roles::Capability},
    services::{
        ServiceError,
        bulletins::{self, PublishInput, Published},
    },
    web::AppState,
};

#[derive(Serialize)]
struct ArchiveItem {
    id: i64,
    issue: String,
    unit: String,
    from: String,
    to: String,
    published: String,
}

#[derive(Serialize)]
struct ArchivePage {
    may_publish: bool,
    items: Vec<ArchiveItem>,
}
page!(ArchivePage => "pages/bulletins/archive");

/// `GET /bulletins`: the published bulletins the viewer may read, newest first.
pub async fn archive(State(state): State<AppState>, viewer: Reader) -> PageResult {
    let list = bulletins::list(&state.ctx, &viewer.actor()).await?;
    let locale = viewer.locale;
    let items = list
        .iter()
        .map(|b| ArchiveItem {
            id: b.id,
            issue: format::issue(locale, b.year, b.number),
            unit: b.unit_name(locale),
            from: format::date(locale, b.period_start),
            to: format::date(locale, b.period_end),
            published: format::datetime(locale, state.ctx.zone(), b.published_at),
        })
        .collect();
    let view = ArchivePage { may_publish: viewer.role().may(Capability::Issue), items };
    viewer.render(&state, &viewer.t("bulletins-archive-title"), &view)
}

#[derive(Deserialize)]
struct PeriodQuery {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

/// What the publish form sends; kept as typed to show it again.
#[derive(Default, Deserialize, Serialize)]
pub struct PublishForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    commentary: String,
}

#[derive(Serialize)]
struct PublishPage<'a> {
    values: &'a PublishForm,
    error: Option<String>,
    max_commentary: usize,
}
page!(PublishPage<'_> => "pages/bulletins/publish");

fn render_form(state: &AppState, viewer: &Viewer, form: &PublishForm, error: Option<String>) -> PageResult {
    let refused = error.is_some();
    let view = PublishPage { values: form, error, max_commentary: crate::domain::bulletin::MAX_COMMENTARY };
    let mut response = viewer.render(state, &viewer.t("bulletins-publish-title"), &view)?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// `GET /bulletins/new?from=&to=`: the form, for the last seven days unless a period is given.
pub async fn new_form(State(state): State<AppState>, viewer: Secretariat, RawQuery(raw): RawQuery) -> PageResult {
    let q: PeriodQuery = query(raw.as_deref())?;
    let to = q.to.unwrap_or(state.ctx.today());
    let from = q.from.unwrap_or_else(|| to.checked_sub_days(Days::new(6)).unwrap_or(to));
    let form = PublishForm { from: from.to_string(), to: to.to_string(), commentary: String::new() };
    render_form(&state, &viewer, &form, None)
}

/// `POST /bulletins`: publishes, then shows the bulletin as kept; a refusal shows the form
/// again with what was written and why.
pub async fn publish(
    State(state): State<AppState>,
    viewer: Secretariat,
    CsrfForm(form): CsrfForm<PublishForm>,
) -> PageResult {
    let day = |field: &'static str, value: &str| {
        value.trim().parse::<NaiveDate>().map_err(|_| (field, "bulletins-day-needed"))
    };
    let period = day("from", &form.from).and_then(|from| day("to", &form.to).map(|to| (from, to)));
    let (from, to) = match period {
        Ok(period) => period,
        Err((field, reason)) => {
            let error = i18n::refusal(viewer.locale, Some(state.ctx.zone()), field, &Message::new(reason));
            return render_form(&state, &viewer, &form, Some(error));
        }
    };
    let input = PublishInput { from, to, commentary: &form.commentary };
    match bulletins::publish(&state.ctx, &viewer.actor(), input).await {
        Ok(published) => Ok(see_other(&format!("/bulletins/{}?notice=notice-bulletin-published", published.id))),
        Err(ServiceError::Invalid { field, reason } | ServiceError::ConflictsWith { field, reason }) => {
            let error = i18n::refusal(viewer.locale, Some(state.ctx.zone()), field, &reason);
            render_form(&state, &viewer, &form, Some(error))
        }
        Err(other) => Err(other.into()),
    }
}

/// A kept overdue task as the bulletin lists it.
#[derive(Serialize)]
pub struct LateView {
    pub task_id: i64,
    pub title: String,
    pub unit: String,
    pub directive: String,
    pub deadline: String,
    pub late: String,
}

/// A published bulletin as every reader's copy shows it: the page, the Word document.
pub struct Kept {
    pub title: String,
    pub unit: String,
    pub issue: String,
    pub date: String,
    pub period: String,
    pub ranking: Vec<BulletinRank>,
    pub overdue: Vec<LateView>,
    pub commentary: String,
}

impl Kept {
    pub fn of(state: &AppState, viewer: &Viewer, b: &Published) -> Kept {
        let locale = viewer.locale;
        let tz = state.ctx.zone();
        let s = &b.snapshot;
        let unit = b.unit_name(locale);
        let period = viewer.t_with(
            "bulletins-period",
            &[("from", format::date(locale, b.period_start).into()), ("to", format::date(locale, b.period_end).into())],
        );
        Kept {
            title: viewer.t_with("bulletins-document-title", &[("unit", unit.clone().into())]),
            issue: format::issue(locale, b.year, b.number),
            date: format::date(locale, format::day_of(tz, b.published_at)),
            period,
            ranking: s
                .ranking
                .iter()
                .map(|r| {
                    BulletinRank::new(
                        r.rank,
                        UnitId(r.unit_id),
                        format::unit_name(locale, &r.name_zh, &r.name_en),
                        &r.figures(),
                    )
                })
                .collect(),
            overdue: s
                .overdue
                .iter()
                .map(|l| LateView {
                    task_id: l.task_id,
                    title: l.title.clone(),
                    unit: format::unit_name(locale, &l.unit_zh, &l.unit_en),
                    directive: format::pick(locale, &l.directive_zh, &l.directive_en).to_owned(),
                    deadline: format::datetime(locale, tz, l.deadline),
                    late: viewer.t_with("working-days-late", &[("days", l.working_days_late.into())]),
                })
                .collect(),
            commentary: b.commentary.clone(),
            unit,
        }
    }
}

#[derive(Serialize)]
struct ShowPage {
    id: i64,
    unit: String,
    issue: String,
    /// Not `date`: that is the name of a template helper.
    published_on: String,
    period: String,
    ranking: Vec<BulletinRank>,
    overdue: Vec<LateView>,
    overdue_count: usize,
    truncated: bool,
    commentary: String,
}
page!(ShowPage => "pages/bulletins/published");

/// `GET /bulletins/{id}`: one published bulletin, as it was kept.
pub async fn show(State(state): State<AppState>, viewer: Reader, Path(id): Path<i64>) -> PageResult {
    let b = bulletins::get(&state.ctx, &viewer.actor(), id).await?;
    let kept = Kept::of(&state, &viewer, &b);
    let view = ShowPage {
        id: b.id,
        unit: kept.unit,
        issue: kept.issue,
        published_on: kept.date,
        period: kept.period,
        overdue_count: kept.overdue.len(),
        ranking: kept.ranking,
        overdue: kept.overdue,
        truncated: b.snapshot.truncated,
        commentary: kept.commentary,
    };
    viewer.render(&state, &kept.title, &view)
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// `GET /bulletins/{id}/document.docx`: the bulletin as an official document for Word.
pub async fn document(State(state): State<AppState>, viewer: Reader, Path(id): Path<i64>) -> PageResult {
    let b = bulletins::get(&state.ctx, &viewer.actor(), id).await?;
    let kept = Kept::of(&state, &viewer, &b);
    let bytes = docx::bulletin(&viewer, &kept)?;
    let stem = format!("{}-{}", kept.unit, kept.issue);
    Ok(download(bytes, DOCX, &stem, "docx"))
}
