//! The first page's figures: each meeting with its directives and their task counts per level,
//! all bounded by what the signed-in user may see.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::store;
use super::{Actor, Ctx, ServiceResult, access};
use crate::{
    domain::{
        drafting::Category,
        ids::{DirectiveId, MeetingId},
        lifecycle::TaskStatus,
        vocabulary::UnitLevel,
    },
    services::records::Task,
};

#[derive(Debug, Serialize)]
pub struct MeetingOverview {
    pub id: MeetingId,
    pub title_zh: String,
    pub title_en: String,
    pub held_on: String,
    pub host: String,
    pub venue: String,
    pub directives: Vec<DirectiveOverview>,
}

#[derive(Debug, Serialize)]
pub struct DirectiveOverview {
    pub id: DirectiveId,
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

/// Task counts of one directive at one level of the assignee units.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LevelCounts {
    pub total: i64,
    /// Past `assigned`, and neither declined nor cancelled.
    pub acknowledged: i64,
    pub completed: i64,
    /// As `TaskClock::is_overdue` says at the time asked.
    pub overdue: i64,
}

impl LevelCounts {
    fn add(&mut self, task: &Task, now: DateTime<Utc>) {
        self.total += 1;
        if !matches!(task.status, TaskStatus::Assigned | TaskStatus::Declined | TaskStatus::Cancelled) {
            self.acknowledged += 1;
        }
        if task.status == TaskStatus::Completed {
            self.completed += 1;
        }
        if task.clock().is_overdue(now) {
            self.overdue += 1;
        }
    }
}

/// The meetings the actor may read, each with the directives it may see and, per level of
/// the assignee units, counts over the tasks it may see: a county officer's page counts the
/// county's work, not the province's.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn meetings(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<MeetingOverview>> {
    let now = ctx.clock.now();
    let mut out = Vec::new();
    for meeting in super::meetings::list_meetings(ctx, actor).await? {
        let mut directives = Vec::new();
        for directive in store::directives::for_meeting(&ctx.reads, meeting.id.0).await? {
            if access::can_see_directive(&ctx.reads, actor, &directive).await? {
                directives.push(directive);
            }
        }
        let ids: Vec<i64> = directives.iter().map(|d| d.id).collect();
        let tasks: Vec<(Task, UnitLevel)> = store::tasks::visible_of_directives(&ctx.reads, actor.unit_id, &ids)
            .await?
            .into_iter()
            .map(|(task, level)| (task.into(), level))
            .collect();
        let fields = meeting.fields;
        out.push(MeetingOverview {
            id: meeting.id,
            held_on: fields.held_on.to_string(),
            title_zh: fields.title_zh,
            title_en: fields.title_en,
            host: fields.host,
            venue: fields.venue,
            directives: directives
                .into_iter()
                .map(|d| {
                    let mut levels: Vec<LevelOverview> = Vec::new();
                    for (task, level) in tasks.iter().filter(|(t, _)| t.directive_id.0 == d.id) {
                        let at = match levels.iter().position(|l| l.level == *level) {
                            Some(at) => at,
                            None => {
                                levels.push(LevelOverview { level: *level, counts: LevelCounts::default() });
                                levels.len() - 1
                            }
                        };
                        levels[at].counts.add(task, now);
                    }
                    levels.sort_by_key(|l| l.level.rank());
                    DirectiveOverview {
                        levels,
                        id: DirectiveId(d.id),
                        seq: d.seq,
                        title_zh: d.title_zh,
                        title_en: d.title_en,
                        category: d.category,
                        deadline: d.deadline,
                    }
                })
                .collect(),
        });
    }
    Ok(out)
}
