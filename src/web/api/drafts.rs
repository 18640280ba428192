//! Drafting directives from minutes, and the keyword rules behind the suggestions.

use crate::domain::message::Message;
use axum::{Json, extract::State, http::StatusCode};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, Id, not_null},
    views::{DirectiveView, Keyword, LineOfWork},
};
use crate::domain::ids::MeetingId;
use crate::{
    domain::drafting::{self, Category, Confidence, KeywordRule, LeadBasis, Why},
    services::drafts::{self, Proposal, StoredRule, SuggestedUnit},
    web::{AppState, WebError, auth::Auth},
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    /// The minutes, Chinese or English. May be left out when `meeting_id` names a meeting whose minutes are stored.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(
        nullable = false,
        max_length = 204800,
        pattern = r"^[^\x00]*[^\x00\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\x00]*$"
    )]
    pub minutes: Option<String>,
    /// A meeting of the secretariat's unit: its minutes and date are used, and saved drafts belong to it.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(nullable = false, minimum = 1)]
    pub meeting_id: Option<i64>,
    /// Anchors relative deadlines ("before June 15"); defaults to the meeting's date, else the date line of the minutes ("6月3日上午", "On the morning of June 3"), else today.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(nullable = false)]
    pub meeting_date: Option<NaiveDate>,
    /// Keep the drafts as draft directives to edit and issue later (default false: only propose).
    #[serde(default)]
    pub save: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestedUnitView {
    pub id: i64,
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    /// The line of work that matched, e.g. fire_rescue.
    pub function: String,
}

impl From<SuggestedUnit> for SuggestedUnitView {
    fn from(u: SuggestedUnit) -> Self {
        SuggestedUnitView { id: u.id, key: u.key, name_zh: u.name_zh, name_en: u.name_en, function: u.function }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DraftView {
    pub title: String,
    pub text: String,
    pub category: Category,
    pub category_label_zh: String,
    pub category_label_en: String,
    pub places: Vec<String>,
    pub industries: Vec<String>,
    pub deadline: Option<NaiveDate>,
    /// How a named period in the minutes became the deadline ("春节前", "before the Spring Festival").
    pub deadline_note: Option<String>,
    #[schema(example = "en")]
    pub language: String,
    pub lead_function: Option<String>,
    pub cooperating_functions: Vec<String>,
    /// The unit of the secretariat's organisation doing `lead_function`, if there is one it may assign to.
    pub lead_unit: Option<SuggestedUnitView>,
    pub cooperating_units: Vec<SuggestedUnitView>,
    /// Why the lead and category were suggested: the words in the minutes they came from.
    pub why: DraftWhyView,
    /// How sure the lead is: `high` when the minutes name the unit as the subject or as leading,
    /// or name a unit of your organisation by its name, short name or an alias; `medium` when
    /// they name a department without making it the subject; `low` when a keyword's line of
    /// work; `guess` when only a general keyword, or no unit of your organisation, gave it.
    pub confidence: ConfidenceView,
    /// True for `low` and `guess`: check the lead unit before issuing.
    pub check_lead: bool,
}

/// How sure a draft's lead is, surest first.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConfidenceView {
    High,
    Medium,
    Low,
    Guess,
}

impl From<Confidence> for ConfidenceView {
    fn from(c: Confidence) -> Self {
        match c {
            Confidence::High => ConfidenceView::High,
            Confidence::Medium => ConfidenceView::Medium,
            Confidence::Low => ConfidenceView::Low,
            Confidence::Guess => ConfidenceView::Guess,
        }
    }
}

/// What made the lead the lead.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeadBasisView {
    /// The minutes name the unit as the requirement's subject ("自然资源部门要…", "The transport bureau shall…") or as leading it ("由X牵头", "led by X").
    NamedDepartment,
    /// A keyword rule matched the topic of the requirement.
    Keyword,
    /// The minutes name a unit of your organisation by its name, short name or an alias.
    Unit,
    /// Nothing in the requirement named a lead: it is the line of work the meeting's other requirements name most.
    Meeting,
}

#[derive(Serialize, ToSchema)]
pub struct DraftWhyView {
    /// Absent when no lead was suggested.
    pub lead_basis: Option<LeadBasisView>,
    /// The words that named the lead: the department as the minutes write it, or the keyword.
    #[schema(example = "自然资源部门")]
    pub lead_words: Option<String>,
    /// The keywords that set the category, strongest first.
    pub topic_words: Vec<String>,
    /// The subject of the requirement, when it has one ("学校", "Construction sites").
    pub subject: Option<String>,
}

impl From<Why> for DraftWhyView {
    fn from(w: Why) -> Self {
        DraftWhyView {
            lead_basis: w.lead_basis.map(|b| match b {
                LeadBasis::NamedDepartment => LeadBasisView::NamedDepartment,
                LeadBasis::Keyword => LeadBasisView::Keyword,
                LeadBasis::Unit => LeadBasisView::Unit,
                LeadBasis::Meeting => LeadBasisView::Meeting,
            }),
            lead_words: w.lead_words,
            topic_words: w.topic_words,
            subject: w.subject,
        }
    }
}

impl From<Proposal> for DraftView {
    fn from(p: Proposal) -> Self {
        let d = p.draft;
        DraftView {
            title: d.title,
            text: d.text,
            category: d.category,
            category_label_zh: d.category.label_zh().to_owned(),
            category_label_en: d.category.label_en().to_owned(),
            places: d.places,
            industries: d.industries,
            deadline: d.deadline,
            deadline_note: d.deadline_note,
            language: d.language.as_str().to_owned(),
            lead_function: d.lead_function,
            cooperating_functions: d.cooperating_functions,
            lead_unit: p.lead_unit.map(Into::into),
            cooperating_units: p.cooperating_units.into_iter().map(Into::into).collect(),
            why: d.why.into(),
            confidence: p.confidence.into(),
            check_lead: p.confidence.needs_check(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DraftsView {
    pub drafts: Vec<DraftView>,
    /// The draft directives created when `save` was true; nothing is issued until a person issues it.
    pub saved: Vec<DirectiveView>,
}

/// Propose directives from minutes (secretariat); optionally keep them as draft directives.
#[utoipa::path(post, path = "/api/v1/drafts", tag = "drafting", request_body = DraftRequest,
    responses((status = 200, body = DraftsView), (status = 401), (status = 403), (status = 404),
        (status = 409, description = "the meeting named has no minutes stored"), (status = 413),
        (status = 422, description = "neither minutes nor a meeting, or minutes blank or over the size limit")),
    security(("bearer" = []), ("session" = [])))]
pub async fn draft(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<DraftRequest>,
) -> Result<Json<DraftsView>, WebError> {
    let actor = auth.actor();
    let ctx = &state.ctx;
    let (minutes, date) = match (body.minutes, body.meeting_id) {
        (Some(minutes), _) => (minutes, None),
        (None, Some(meeting_id)) => {
            let (minutes, held_on) = drafts::meeting_minutes(ctx, &actor, MeetingId(meeting_id)).await?;
            (minutes, Some(held_on))
        }
        (None, None) => {
            return Err(WebError::unprocessable("minutes", Message::new("error-minutes-or-meeting")));
        }
    };
    let today = ctx.today();
    let date = body.meeting_date.or(date).or_else(|| drafting::meeting_date_in(&minutes, today)).unwrap_or(today);
    let proposals = drafts::propose(ctx, &actor, &minutes, date).await?;
    let saved = if body.save {
        drafts::save(ctx, &actor, body.meeting_id.map(MeetingId), &proposals).await?
    } else {
        Vec::new()
    };
    Ok(Json(DraftsView {
        drafts: proposals.into_iter().map(Into::into).collect(),
        saved: saved.into_iter().map(Into::into).collect(),
    }))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeywordRuleBody {
    #[schema(value_type = Keyword)]
    pub keyword: String,
    pub category: Category,
    #[schema(value_type = Option<LineOfWork>)]
    pub lead_function: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<LineOfWork>)]
    pub cooperating_functions: Vec<String>,
    /// 1–100; higher wins when rules disagree.
    #[schema(minimum = 1, maximum = 100)]
    pub weight: i32,
}

#[derive(Serialize, ToSchema)]
pub struct KeywordRuleView {
    pub id: i64,
    pub keyword: String,
    pub category: Category,
    pub lead_function: Option<String>,
    pub cooperating_functions: Vec<String>,
    pub weight: i32,
}

impl From<StoredRule> for KeywordRuleView {
    fn from(StoredRule { id, rule }: StoredRule) -> Self {
        KeywordRuleView {
            id,
            keyword: rule.keyword,
            category: rule.category,
            lead_function: rule.lead_function,
            cooperating_functions: rule.cooperating_functions,
            weight: rule.weight,
        }
    }
}

impl From<KeywordRuleBody> for KeywordRule {
    fn from(b: KeywordRuleBody) -> Self {
        KeywordRule {
            keyword: b.keyword,
            category: b.category,
            lead_function: b.lead_function.filter(|f| !f.trim().is_empty()),
            cooperating_functions: b.cooperating_functions,
            weight: b.weight,
        }
    }
}

/// The drafting keyword rules.
#[utoipa::path(get, path = "/api/v1/keyword-rules", tag = "drafting", responses((status = 200, body = [KeywordRuleView]), (status = 401)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_rules(State(state): State<AppState>, _auth: Auth) -> Result<Json<Vec<KeywordRuleView>>, WebError> {
    Ok(Json(drafts::list_rules(&state.ctx).await?.into_iter().map(Into::into).collect()))
}

/// Add a keyword rule (admins).
#[utoipa::path(post, path = "/api/v1/keyword-rules", tag = "drafting", request_body = KeywordRuleBody,
    responses((status = 201, body = KeywordRuleView), (status = 401), (status = 403), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_rule(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<KeywordRuleBody>,
) -> Result<(StatusCode, Json<KeywordRuleView>), WebError> {
    let rule = drafts::put_rule(&state.ctx, &auth.actor(), None, body.into()).await?;
    Ok((StatusCode::CREATED, Json(rule.into())))
}

/// Replace a keyword rule (admins).
#[utoipa::path(put, path = "/api/v1/keyword-rules/{id}", tag = "drafting", params(("id" = i64, Path)), request_body = KeywordRuleBody,
    responses((status = 200, body = KeywordRuleView), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_rule(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<KeywordRuleBody>,
) -> Result<Json<KeywordRuleView>, WebError> {
    Ok(Json(drafts::put_rule(&state.ctx, &auth.actor(), Some(id), body.into()).await?.into()))
}

/// Delete a keyword rule (admins).
#[utoipa::path(delete, path = "/api/v1/keyword-rules/{id}", tag = "drafting", params(("id" = i64, Path)),
    responses((status = 204), (status = 401), (status = 403), (status = 404)), security(("bearer" = []), ("session" = [])))]
pub async fn delete_rule(State(state): State<AppState>, auth: Auth, Id(id): Id) -> Result<StatusCode, WebError> {
    drafts::delete_rule(&state.ctx, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
