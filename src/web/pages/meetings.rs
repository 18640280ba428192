//! Meetings: the list, a new meeting with its minutes drafted into directives (the
//! secretariat), and one meeting's minutes beside its directives, which the secretariat that
//! held it edits, issues and assigns there with the directive page's forms.

use super::i18n;
use crate::domain::message::Message;
use std::collections::HashMap;

use axum::{
    extract::{Path, RawQuery, State},
    http::StatusCode,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    directives::{AssignFields, DirectiveView, assignment_of, id_of},
    error::{PageError, PageResult},
    frame::{CsrfForm, Secretariat, Viewer, see_other},
    unit_picker::UnitPicker,
    view::{Paging, page, query},
};
use crate::{
    domain::{
        directives::MeetingFields,
        drafting::Confidence,
        ids::{DirectiveId, MeetingId},
        vocabulary::DirectiveStatus,
    },
    services::{ServiceError, drafts, meetings, queries, rollups, units},
    web::AppState,
};

#[derive(Serialize)]
struct MeetingRow {
    id: MeetingId,
    title: String,
    held_on: String,
    host: String,
    venue: String,
    directives: usize,
    drafts: usize,
}

#[derive(Serialize)]
struct ListPage {
    meetings: Vec<MeetingRow>,
    may_create: bool,
}
page!(ListPage => "pages/meetings/list");

/// `GET /meetings`: the meetings the viewer may read, newest first, with their directives.
pub async fn list(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let list = meetings::list_meetings(ctx, &actor).await?;
    let directives = meetings::list_directives(ctx, &actor, None).await?;
    let mut counts: HashMap<MeetingId, (usize, usize)> = HashMap::new();
    for d in &directives {
        if let Some(meeting_id) = d.meeting_id {
            let entry = counts.entry(meeting_id).or_default();
            entry.0 += 1;
            if d.status == DirectiveStatus::Draft {
                entry.1 += 1;
            }
        }
    }
    let meetings = list
        .iter()
        .map(|m| {
            let (directives, drafts) = counts.get(&m.id).copied().unwrap_or_default();
            MeetingRow {
                id: m.id,
                title: viewer.meeting_title(m),
                held_on: m.fields.held_on.to_string(),
                host: m.fields.host.clone(),
                venue: m.fields.venue.clone(),
                directives,
                drafts,
            }
        })
        .collect();
    let view = ListPage { meetings, may_create: viewer.role().may_issue() };
    viewer.render(&state, &viewer.t("secretariat-meetings-title"), &view)
}

/// What the new-meeting form holds; everything is kept as typed to show it again.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct MeetingForm {
    #[serde(default)]
    title_zh: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    host: String,
    #[serde(default)]
    venue: String,
    #[serde(default)]
    attendees: String,
    #[serde(default)]
    minutes: String,
}

/// The reasons beside the fields of the new-meeting form.
#[derive(Default, Serialize)]
struct FormErrors {
    title: Option<String>,
    held_on: Option<String>,
    minutes: Option<String>,
    form: Option<String>,
}

impl FormErrors {
    fn any(&self) -> bool {
        self.title.is_some() || self.held_on.is_some() || self.minutes.is_some() || self.form.is_some()
    }

    /// Puts a service's refusal of a field beside it, in the viewer's language; `false` when
    /// the refusal names no field.
    fn refused(&mut self, viewer: &Viewer, zone: chrono_tz::Tz, err: &ServiceError) -> bool {
        let (ServiceError::Invalid { field, reason } | ServiceError::ConflictsWith { field, reason }) = err else {
            return false;
        };
        let (at, key) = match *field {
            "title_zh" | "title_en" => (&mut self.title, "secretariat-error-title"),
            "held_on" => (&mut self.held_on, "secretariat-error-held-on"),
            "minutes" => (&mut self.minutes, "secretariat-error-minutes"),
            _ => (&mut self.form, "error-422"),
        };
        let reason = i18n::message(viewer.locale, Some(zone), reason);
        *at = Some(format!("{} ({reason})", viewer.t(key)));
        true
    }
}

#[derive(Serialize)]
struct NewPage<'a> {
    form: &'a MeetingForm,
    errors: FormErrors,
    has_errors: bool,
}
page!(NewPage<'_> => "pages/meetings/new");

/// The form, with the reasons beside the fields it was refused for (422).
fn form_page(state: &AppState, viewer: &Viewer, form: &MeetingForm, errors: FormErrors) -> PageResult {
    let has_errors = errors.any();
    let mut page = viewer.render(state, &viewer.t("secretariat-new-meeting"), &NewPage { form, errors, has_errors })?;
    if has_errors {
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

/// `GET /meetings/new`: the form (secretariat).
pub async fn new_form(State(state): State<AppState>, viewer: Secretariat) -> PageResult {
    let today = state.ctx.today();
    let form = MeetingForm { held_on: today.to_string(), ..MeetingForm::default() };
    form_page(&state, &viewer, &form, FormErrors::default())
}

/// `POST /meetings/new`: enters the meeting, drafts directives from its minutes and keeps
/// them as drafts, then shows the meeting. Anything refused shows the form again as typed,
/// with the reason beside the field; nothing is stored then.
pub async fn create(
    State(state): State<AppState>,
    viewer: Secretariat,
    CsrfForm(mut form): CsrfForm<MeetingForm, true>,
) -> PageResult {
    let ctx = &state.ctx;
    let actor = viewer.actor();
    // One title is enough: the other language takes the same words until someone translates.
    if form.title_en.trim().is_empty() {
        form.title_en = form.title_zh.clone();
    }
    if form.title_zh.trim().is_empty() {
        form.title_zh = form.title_en.clone();
    }
    let mut errors = FormErrors::default();
    if form.title_zh.trim().is_empty() {
        errors.title = Some(viewer.t("secretariat-error-title"));
    }
    let held_on = form.held_on.trim().parse::<NaiveDate>().ok();
    if held_on.is_none() {
        errors.held_on = Some(viewer.t("secretariat-error-held-on"));
    }
    if form.minutes.trim().is_empty() {
        errors.minutes = Some(viewer.t("secretariat-error-minutes"));
    }
    let Some(held_on) = held_on.filter(|_| !errors.any()) else {
        return form_page(&state, &viewer, &form, errors);
    };
    // Proposing stores nothing: minutes it cannot read are refused before the meeting exists.
    let proposals = match drafts::propose(ctx, &actor, &form.minutes, held_on).await {
        Ok(proposals) => proposals,
        Err(err) if errors.refused(&viewer, state.ctx.zone(), &err) => {
            return form_page(&state, &viewer, &form, errors);
        }
        Err(err) => return Err(err.into()),
    };
    let fields = MeetingFields {
        title_zh: form.title_zh.clone(),
        title_en: form.title_en.clone(),
        held_on,
        host: form.host.trim().to_owned(),
        venue: form.venue.trim().to_owned(),
        attendees: form.attendees.trim().to_owned(),
        minutes: form.minutes.clone(),
    };
    let meeting = match meetings::create_meeting(ctx, &actor, fields).await {
        Ok(meeting) => meeting,
        Err(err) if errors.refused(&viewer, state.ctx.zone(), &err) => {
            return form_page(&state, &viewer, &form, errors);
        }
        Err(err) => return Err(err.into()),
    };
    drafts::save(ctx, &actor, Some(meeting.id), &proposals).await?;
    let notice = if proposals.is_empty() { "notice-secretariat-no-drafts" } else { "notice-secretariat-drafted" };
    Ok(see_other(&format!("/meetings/{}?notice={notice}", meeting.id)))
}

#[derive(Serialize)]
struct MeetingView {
    id: MeetingId,
    title: String,
    title_zh: String,
    title_en: String,
    held_on: String,
    host: String,
    venue: String,
    attendees: String,
    minutes: String,
}

#[derive(Serialize)]
struct MeetingPage {
    meeting: MeetingView,
    directives: Vec<DirectiveView>,
    draft_count: usize,
    back: String,
    /// Whether the directives take more than one page.
    paged: bool,
    paging: Paging,
    /// The page's one unit picker, for its one issue-and-assign form, when the viewer issues
    /// the meeting's directives.
    picker: Option<UnitPicker>,
}

/// Directives shown on one page of a meeting: a meeting may hold hundreds of drafts.
const PER_PAGE: u64 = 50;

/// What a meeting page's address may say: which page of its directives, and the unit
/// picker's filter.
#[derive(Deserialize)]
struct ShowQuery {
    page: Option<u64>,
    units_q: Option<String>,
}
page!(MeetingPage => "pages/meetings/show");

/// `GET /meetings/{id}`: the minutes on one side, the directives on the other; the
/// secretariat that held the meeting edits, issues and assigns them here.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let id = MeetingId(id_of(&id)?);
    let asked: ShowQuery = query(raw.as_deref())?;
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let meeting = meetings::get_meeting(ctx, &actor, id).await?;
    let mut all = meetings::list_directives(ctx, &actor, Some(meeting.id)).await?;
    let draft_count = all.iter().filter(|d| d.status == DirectiveStatus::Draft).count();
    // Drafts whose lead needs checking come first, the least sure first; the rest keep their order.
    all.sort_by_key(|d| match super::directives::draft_confidence(d) {
        Some(c) if d.status == DirectiveStatus::Draft && c.needs_check() => u8::from(c != Confidence::Guess),
        _ => 2,
    });
    let page = queries::page_of(all, asked.page.unwrap_or(1), PER_PAGE)?;
    let directives = &page.items;
    let all_units = units::visible(ctx, &actor).await?;
    let by_id = all_units.iter().map(|u| (u.id, u.clone())).collect();
    let ids: Vec<DirectiveId> = directives.iter().map(|d| d.id).collect();
    let figures = rollups::directives_figures(ctx, &actor, &ids).await?;
    let rows: Vec<DirectiveView> = directives
        .iter()
        .map(|d| {
            let f = figures.get(&d.id).copied().unwrap_or_default();
            DirectiveView::new(&state, &viewer, d, &by_id)
                .with_figures(viewer.figures(&f))
                .with_assignment(f.total > 0)
                .in_batch()
        })
        .collect();
    // One picker for the page, not one per draft: the drafts' own suggestions stay in their facts.
    let issues_here = viewer.role().may_issue() && meeting.unit_id == actor.unit_id;
    let picker = (issues_here && directives.iter().any(|d| d.status != DirectiveStatus::Closed)).then(|| {
        UnitPicker::new(
            &viewer,
            "assign-batch".to_owned(),
            format!("/meetings/{}", meeting.id),
            Some(page.page),
            asked.units_q.as_deref().unwrap_or_default(),
            &all_units,
            (&[], &[]),
        )
    });
    let f = &meeting.fields;
    let title = viewer.meeting_title(&meeting);
    let link = |p: u64| format!("/meetings/{}?page={p}", meeting.id);
    let paging = Paging::new(page.page, page.total, PER_PAGE, link);
    let view = MeetingPage {
        meeting: MeetingView {
            id: meeting.id,
            title: title.clone(),
            title_zh: f.title_zh.clone(),
            title_en: f.title_en.clone(),
            held_on: f.held_on.to_string(),
            host: f.host.clone(),
            venue: f.venue.clone(),
            attendees: f.attendees.clone(),
            minutes: f.minutes.clone(),
        },
        directives: rows,
        draft_count,
        back: format!("/meetings/{}?page={}", meeting.id, page.page),
        paged: paging.pages > 1,
        paging,
        picker,
    };
    viewer.render(&state, &title, &view)
}

/// The meeting page's one issue-and-assign form: the directives ticked (`id:version`), the
/// past deadlines confirmed, and the picker's units.
#[derive(Debug, Deserialize)]
pub struct BatchForm {
    #[serde(default)]
    directive_ids: Vec<String>,
    #[serde(default)]
    confirm_past_deadline: Vec<String>,
    #[serde(default)]
    lead_unit_ids: Vec<String>,
    #[serde(default)]
    cooperating_unit_ids: Vec<String>,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    back: String,
}

/// `POST /meetings/{id}/assign`: issues the ticked drafts and assigns them, and the ticked
/// issued directives, to the units ticked in the picker, in one step: all of them, or (on any
/// refusal, named by its field) none.
pub async fn assign(
    State(state): State<AppState>,
    viewer: Secretariat,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<BatchForm>,
) -> PageResult {
    let id = MeetingId(id_of(&id)?);
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let mut chosen = Vec::new();
    for raw in form.directive_ids.iter().filter(|d| !d.trim().is_empty()) {
        let (directive, version) = raw.trim().split_once(':').unwrap_or((raw.trim(), "0"));
        let (Ok(directive), Ok(version)) = (directive.parse::<i64>(), version.parse::<i32>()) else {
            return Err(PageError::unprocessable("directive_ids", Message::new("error-choose-from-page")));
        };
        let confirmed = form.confirm_past_deadline.iter().any(|c| c.trim() == directive.to_string());
        chosen.push(meetings::DraftToIssue { id: DirectiveId(directive), version, past_deadline_confirmed: confirmed });
    }
    if chosen.is_empty() {
        return Err(PageError::unprocessable("directive_ids", Message::new("error-choose-draft")));
    }
    let fields = AssignFields {
        lead_unit_id: "",
        lead_unit_ids: &form.lead_unit_ids,
        cooperating_unit_ids: &form.cooperating_unit_ids,
        deadline: &form.deadline,
    };
    let assignment = assignment_of(ctx, &actor, &fields).await?;
    meetings::issue_and_assign(ctx, &actor, id, &chosen, &assignment).await?;
    let back =
        if form.back.starts_with(&format!("/meetings/{id}")) { form.back.clone() } else { format!("/meetings/{id}") };
    let back = back.split(['?', '#']).next().unwrap_or_default().to_owned();
    Ok(see_other(&format!("{back}?notice=notice-secretariat-assigned")))
}
