//! Published bulletins (通报): publish one (the secretariat), list those the caller may read,
//! read one as it was kept. The Word document and the printable page are pages.

use axum::{Json, extract::State, http::StatusCode};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, Id},
    rollups::FiguresView,
};
use crate::{
    services::bulletins::{self, PublishInput, Published},
    web::{AppState, WebError, auth::Auth},
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    /// The first day of the period (in the configured zone).
    pub from: NaiveDate,
    /// The last day of the period, today at the latest.
    pub to: NaiveDate,
    /// The secretariat's commentary (表扬 / 通报批评), kept exactly as written.
    #[schema(value_type = super::views::Commentary)]
    pub commentary: String,
}

#[derive(Serialize, ToSchema)]
pub struct BulletinRankView {
    pub rank: usize,
    pub unit_id: i64,
    pub name_zh: String,
    pub name_en: String,
    /// The unit's figures when the bulletin was published.
    pub figures: FiguresView,
}

#[derive(Serialize, ToSchema)]
pub struct BulletinLateView {
    pub task_id: i64,
    pub title: String,
    pub unit_id: i64,
    pub unit_name_zh: String,
    pub unit_name_en: String,
    pub deadline: DateTime<Utc>,
    pub working_days_late: i64,
}

#[derive(Serialize, ToSchema)]
pub struct BulletinView {
    pub id: i64,
    /// The issuing unit.
    pub unit_id: i64,
    pub unit_name_zh: String,
    pub unit_name_en: String,
    /// The year of publication and the issue number within it (第 N 期).
    pub year: i32,
    pub number: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub published_at: DateTime<Utc>,
    pub published_by: i64,
    pub commentary: String,
    /// The ranking as it stood when published.
    pub ranking: Vec<BulletinRankView>,
    /// The overdue tasks as they stood when published.
    pub overdue: Vec<BulletinLateView>,
    /// Whether the overdue list was cut at its length limit.
    pub truncated: bool,
}

impl From<Published> for BulletinView {
    fn from(b: Published) -> Self {
        let s = b.snapshot;
        BulletinView {
            id: b.id,
            unit_id: b.unit_id,
            unit_name_zh: s.unit_zh,
            unit_name_en: s.unit_en,
            year: b.year,
            number: b.number,
            from: b.period_start,
            to: b.period_end,
            published_at: b.published_at,
            published_by: b.published_by,
            commentary: b.commentary,
            ranking: s
                .ranking
                .into_iter()
                .map(|r| BulletinRankView {
                    rank: r.rank,
                    unit_id: r.unit_id,
                    figures: r.figures().into(),
                    name_zh: r.name_zh,
                    name_en: r.name_en,
                })
                .collect(),
            overdue: s
                .overdue
                .into_iter()
                .map(|l| BulletinLateView {
                    task_id: l.task_id,
                    title: l.title,
                    unit_id: l.unit_id,
                    unit_name_zh: l.unit_zh,
                    unit_name_en: l.unit_en,
                    deadline: l.deadline,
                    working_days_late: l.working_days_late,
                })
                .collect(),
            truncated: s.truncated,
        }
    }
}

/// Publish the bulletin of a period (the secretariat): the next issue number of the unit's
/// year, the ranking and overdue list kept as they stand now, and an e-mail to the leaders of
/// the units it ranks.
#[utoipa::path(post, path = "/api/v1/bulletins", tag = "bulletins", request_body = PublishBody,
    responses((status = 201, body = BulletinView), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn publish_bulletin(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<PublishBody>,
) -> Result<(StatusCode, Json<BulletinView>), WebError> {
    let input = PublishInput { from: body.from, to: body.to, commentary: &body.commentary };
    let published = bulletins::publish(&state.ctx, &auth.actor(), input).await?;
    Ok((StatusCode::CREATED, Json(published.into())))
}

/// The published bulletins the caller may read (issued by its unit or a unit below it, or
/// ranking its unit), newest first.
#[utoipa::path(get, path = "/api/v1/bulletins", tag = "bulletins",
    responses((status = 200, body = [BulletinView]), (status = 401), (status = 403)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_bulletins(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<BulletinView>>, WebError> {
    let all = bulletins::list(&state.ctx, &auth.actor()).await?;
    Ok(Json(all.into_iter().map(BulletinView::from).collect()))
}

/// One published bulletin, as it was kept.
#[utoipa::path(get, path = "/api/v1/bulletins/{id}", tag = "bulletins", params(("id" = i64, Path)),
    responses((status = 200, body = BulletinView), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_bulletin(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<BulletinView>, WebError> {
    Ok(Json(bulletins::get(&state.ctx, &auth.actor(), id).await?.into()))
}
