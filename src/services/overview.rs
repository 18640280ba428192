//! The first page's figures: each meeting with its directives and their task counts per level.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::ServiceResult;
use crate::{
    domain::{drafting::Category, vocabulary::UnitLevel},
    store::{self, tasks::LevelCounts},
};

#[derive(Debug, Serialize)]
pub struct MeetingOverview {
    pub id: i64,
    pub title_zh: String,
    pub title_en: String,
    pub held_on: String,
    pub host: String,
    pub venue: String,
    pub directives: Vec<DirectiveOverview>,
}

#[derive(Debug, Serialize)]
pub struct DirectiveOverview {
    pub id: i64,
    pub seq: i32,
    pub title_zh: String,
    pub title_en: String,
    pub category: Category,
    pub deadline: DateTime<Utc>,
    pub levels: Vec<LevelOverview>,
}

#[derive(Debug, Serialize)]
pub struct LevelOverview {
    pub level: UnitLevel,
    #[serde(flatten)]
    pub counts: LevelCounts,
}

pub async fn meetings(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> ServiceResult<Vec<MeetingOverview>> {
    let mut out = Vec::new();
    for meeting in store::meetings::all(conn).await? {
        let directives = store::directives::for_meeting(conn, meeting.id).await?;
        let ids: Vec<i64> = directives.iter().map(|d| d.id).collect();
        let counts = store::tasks::level_counts(conn, &ids, now).await?;
        out.push(MeetingOverview {
            id: meeting.id,
            held_on: meeting.held_on.to_string(),
            title_zh: meeting.title_zh,
            title_en: meeting.title_en,
            host: meeting.host,
            venue: meeting.venue,
            directives: directives
                .into_iter()
                .map(|d| DirectiveOverview {
                    levels: counts
                        .iter()
                        .filter(|(id, _, _)| *id == d.id)
                        .map(|(_, level, counts)| LevelOverview { level: *level, counts: counts.clone() })
                        .collect(),
                    id: d.id,
                    seq: d.seq,
                    title_zh: d.title_zh,
                    title_en: d.title_en,
                    category: d.category,
                    deadline: d.deadline,
                })
                .collect(),
        });
    }
    Ok(out)
}
