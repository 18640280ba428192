//! `/meetings`, `/meetings/new` and `/meetings/{id}`: the meetings, a new one with its minutes
//! drafted into directives, and one meeting's minutes beside its directives.

use std::collections::HashMap;

use axum::{
    extract::{Path, State},
    response::Response,
};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{directive_json, figures_json, pick, suggested_ids, unit_picker};
use crate::domain::ids::DirectiveId;
use crate::domain::ids::MeetingId;
use crate::{
    domain::{directives::MeetingFields, vocabulary::Role},
    services::{ServiceError, drafts, meetings, rollups, units},
    web::{
        AppState, WebError,
        pages::frame::{CsrfForm, Viewer, see_other},
    },
};

/// `GET /meetings`: the meetings the viewer may read, newest first, with their directives.
pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let list = meetings::list_meetings(ctx, &actor).await?;
    let directives = meetings::list_directives(ctx, &actor, None).await?;
    let mut counts: HashMap<MeetingId, (usize, usize)> = HashMap::new();
    for d in &directives {
        if let Some(meeting_id) = d.meeting_id {
            let entry = counts.entry(meeting_id).or_default();
            entry.0 += 1;
            if d.status == crate::domain::vocabulary::DirectiveStatus::Draft {
                entry.1 += 1;
            }
        }
    }
    let rows: Vec<Value> = list
        .iter()
        .map(|m| {
            let (count, drafts) = counts.get(&m.id).copied().unwrap_or_default();
            json!({
                "id": m.id, "title": pick(viewer.locale, &m.fields.title_zh, &m.fields.title_en),
                "held_on": m.fields.held_on.to_string(), "host": m.fields.host, "venue": m.fields.venue,
                "directives": count, "drafts": drafts,
            })
        })
        .collect();
    let data = json!({ "meetings": rows, "may_create": viewer.role() == Role::Secretariat });
    viewer.render(&state, "pages/secretariat/meetings", &viewer.t("secretariat-meetings-title"), data)
}

/// What the new-meeting form holds; everything is kept as typed to show it again.
#[derive(Debug, Default, Deserialize)]
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

fn form_page(
    state: &AppState,
    viewer: &Viewer,
    form: &MeetingForm,
    errors: &HashMap<&'static str, String>,
) -> Result<Response, WebError> {
    let data = json!({
        "form": {
            "title_zh": form.title_zh, "title_en": form.title_en, "held_on": form.held_on, "host": form.host,
            "venue": form.venue, "attendees": form.attendees, "minutes": form.minutes,
        },
        "errors": {
            "title": errors.get("title"), "held_on": errors.get("held_on"), "minutes": errors.get("minutes"),
            "form": errors.get("form"),
        },
        "has_errors": !errors.is_empty(),
    });
    let mut page = viewer.render(state, "pages/secretariat/meeting_new", &viewer.t("secretariat-new-meeting"), data)?;
    if !errors.is_empty() {
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

/// `GET /meetings/new`: the form (secretariat).
pub async fn new_form(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    viewer.require(&[Role::Secretariat])?;
    let today = state.ctx.clock.now().with_timezone(&state.ctx.config.time_zone).date_naive();
    let form = MeetingForm { held_on: today.to_string(), ..MeetingForm::default() };
    form_page(&state, &viewer, &form, &HashMap::new())
}

/// The message beside a field for a service's refusal, in the viewer's language.
fn field_error(viewer: &Viewer, err: &ServiceError) -> Option<(&'static str, String)> {
    match err {
        ServiceError::Invalid { field, reason } | ServiceError::ConflictsWith { field, reason } => {
            let (at, key) = match *field {
                "title_zh" | "title_en" => ("title", "secretariat-error-title"),
                "held_on" => ("held_on", "secretariat-error-held-on"),
                "minutes" => ("minutes", "secretariat-error-minutes"),
                _ => ("form", "error-422"),
            };
            Some((at, format!("{} ({reason})", viewer.t(key))))
        }
        _ => None,
    }
}

/// `POST /meetings/new`: enters the meeting, drafts directives from its minutes and keeps
/// them as drafts, then shows the meeting. Anything refused shows the form again as typed,
/// with the reason beside the field; nothing is stored then.
pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    CsrfForm(mut form): CsrfForm<MeetingForm>,
) -> Result<Response, WebError> {
    viewer.require(&[Role::Secretariat])?;
    let ctx = &state.ctx;
    let actor = viewer.actor();
    // One title is enough: the other language takes the same words until someone translates.
    if form.title_en.trim().is_empty() {
        form.title_en = form.title_zh.clone();
    }
    if form.title_zh.trim().is_empty() {
        form.title_zh = form.title_en.clone();
    }
    let mut errors: HashMap<&'static str, String> = HashMap::new();
    if form.title_zh.trim().is_empty() {
        errors.insert("title", viewer.t("secretariat-error-title"));
    }
    let held_on = form.held_on.trim().parse::<NaiveDate>().ok();
    if held_on.is_none() {
        errors.insert("held_on", viewer.t("secretariat-error-held-on"));
    }
    if form.minutes.trim().is_empty() {
        errors.insert("minutes", viewer.t("secretariat-error-minutes"));
    }
    let Some(held_on) = held_on.filter(|_| errors.is_empty()) else {
        return form_page(&state, &viewer, &form, &errors);
    };
    // Proposing stores nothing: minutes it cannot read are refused before the meeting exists.
    let proposals = match drafts::propose(ctx, &actor, &form.minutes, held_on).await {
        Ok(proposals) => proposals,
        Err(err) => match field_error(&viewer, &err) {
            Some((field, message)) => {
                errors.insert(field, message);
                return form_page(&state, &viewer, &form, &errors);
            }
            None => return Err(err.into()),
        },
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
        Err(err) => match field_error(&viewer, &err) {
            Some((field, message)) => {
                errors.insert(field, message);
                return form_page(&state, &viewer, &form, &errors);
            }
            None => return Err(err.into()),
        },
    };
    drafts::save(ctx, &actor, Some(meeting.id), &proposals).await?;
    let notice = if proposals.is_empty() { "notice-secretariat-no-drafts" } else { "notice-secretariat-drafted" };
    Ok(see_other(&format!("/meetings/{}?notice={notice}", meeting.id)))
}

/// `GET /meetings/{id}`: the minutes on one side, the directives on the other; the
/// secretariat that held the meeting edits, issues and assigns them here.
pub async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Result<Response, WebError> {
    let id = super::id_of(&id)?;
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let meeting = meetings::get_meeting(ctx, &actor, MeetingId(id)).await?;
    let directives = meetings::list_directives(ctx, &actor, Some(meeting.id)).await?;
    let all_units = units::visible(ctx, &actor).await?;
    let by_id = all_units.iter().map(|u| (u.id, u.clone())).collect();
    let ids: Vec<DirectiveId> = directives.iter().map(|d| d.id).collect();
    let figures = rollups::directives_figures(ctx, &actor, &ids).await?;
    let rows: Vec<Value> = directives
        .iter()
        .map(|d| {
            let mut row = directive_json(&state, &viewer, d, &by_id);
            let (lead, cooperating) = suggested_ids(d);
            let f = figures.get(&d.id);
            row["figures"] = figures_json(&viewer, f);
            row["assigned"] = json!(f.is_some_and(|f| f.total > 0));
            if row["may_assign"] == true {
                // Once a lead exists, the form only adds cooperating units.
                let has_lead = f.is_some_and(|f| f.total > 0);
                row["units"] =
                    json!(unit_picker(&viewer, d.id.0, &all_units, lead.filter(|_| !has_lead), &cooperating));
            }
            row
        })
        .collect();
    let f = &meeting.fields;
    let title = pick(viewer.locale, &f.title_zh, &f.title_en).to_owned();
    let drafts = directives.iter().filter(|d| d.status == crate::domain::vocabulary::DirectiveStatus::Draft).count();
    let data = json!({
        "meeting": {
            "id": meeting.id, "title": title, "title_zh": f.title_zh, "title_en": f.title_en,
            "held_on": f.held_on.to_string(), "host": f.host, "venue": f.venue, "attendees": f.attendees,
            "minutes": f.minutes,
        },
        "directives": rows,
        "draft_count": drafts,
        "back": format!("/meetings/{}", meeting.id),
    });
    viewer.render(&state, "pages/secretariat/meeting", &title, data)
}
