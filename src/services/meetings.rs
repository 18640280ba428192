//! Meetings and directives as the secretariat enters them: drafts edited freely, then issued
//! and assigned to one lead and any cooperating units in one request.

use crate::domain::message::Message;
use chrono::{DateTime, Utc};
use sea_orm::{Set, TransactionSession, TransactionTrait};

use super::records;
use super::store;
use super::{
    Actor, Ctx, ServiceError, ServiceResult, access, setup,
    tasks::{self, AssignInput, Assignee, Origin, Placement},
};
use crate::domain::{directives::MAX_DRAFTS_PER_MEETING, roles::Capability};
use crate::{
    domain::{
        directives::{DirectiveFields, Filing, MeetingFields},
        ids::{DirectiveId, MeetingId, UnitId},
        versions,
        vocabulary::{DirectiveSource, DirectiveStatus, TaskRole},
    },
    entities::{directives, tasks as directives_tasks},
};

/// Units whose meetings and directives the actor may read: its own, those above it and those
/// below it.
async fn related_units(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<i64>> {
    let mut ids = store::units::ancestors(&ctx.reads, actor.unit_id.0).await?;
    ids.extend(store::units::subtree_ids(&ctx.reads, actor.unit_id.0).await?);
    Ok(ids)
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn create_meeting(ctx: &Ctx, actor: &Actor, fields: MeetingFields) -> ServiceResult<records::Meeting> {
    actor.ensure(Capability::Issue)?;
    let chars = fields.minutes.chars().count();
    if chars > crate::domain::drafting::MAX_MINUTES_CHARS {
        return Err(ServiceError::invalid(
            "minutes",
            Message::new("error-minutes-too-long")
                .number("max", crate::domain::drafting::MAX_MINUTES_CHARS)
                .number("sent", chars),
        ));
    }
    let txn = ctx.db.begin().await?;
    let meeting = setup::create_meeting(&txn, Some(actor.user_id.0), actor.unit_id.0, fields, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(meeting.into())
}

/// Meetings of the units above and below the actor, and the meetings behind the directives it
/// works on: a county passing on a provincial directive reads the meeting it came from.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn list_meetings(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<records::Meeting>> {
    let units = related_units(ctx, actor).await?;
    let mut list = store::meetings::list_for_units(&ctx.reads, &units).await?;
    for meeting_id in store::tasks::visible_meeting_ids(&ctx.reads, actor.unit_id).await? {
        if !list.iter().any(|m| m.id == meeting_id) {
            list.push(store::meetings::get(&ctx.reads, meeting_id).await?);
        }
    }
    list.sort_by(|a, b| b.held_on.cmp(&a.held_on).then(b.id.cmp(&a.id)));
    Ok(records::from_rows(list))
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0, meeting = id.0))]
pub async fn get_meeting(ctx: &Ctx, actor: &Actor, id: MeetingId) -> ServiceResult<records::Meeting> {
    let meeting = store::meetings::get(&ctx.reads, id.0).await?;
    if related_units(ctx, actor).await?.contains(&meeting.unit_id)
        || store::tasks::visible_meeting_ids(&ctx.reads, actor.unit_id).await?.contains(&meeting.id)
    {
        Ok(meeting.into())
    } else {
        Err(ServiceError::NotFound("meeting"))
    }
}

/// Directives are filed under a meeting of the secretariat's own unit, or under none.
pub async fn ensure_own_meeting(
    conn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    meeting_id: Option<MeetingId>,
) -> ServiceResult<()> {
    let Some(meeting_id) = meeting_id else { return Ok(()) };
    let meeting = store::meetings::get(conn, meeting_id.0).await.map_err(|_| {
        ServiceError::conflicts("meeting_id", Message::new("error-no-meeting").number("id", meeting_id.0))
    })?;
    if meeting.unit_id != actor.unit_id.0 {
        return Err(ServiceError::invalid("meeting_id", Message::new("error-meeting-other-unit")));
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn create_directive(
    ctx: &Ctx,
    actor: &Actor,
    meeting_id: Option<MeetingId>,
    fields: DirectiveFields,
    source: DirectiveSource,
) -> ServiceResult<records::Directive> {
    actor.ensure(Capability::Issue)?;
    let txn = ctx.db.begin().await?;
    ensure_own_meeting(&txn, actor, meeting_id).await?;
    let directive = create_directive_in(&txn, actor, meeting_id, fields, source, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(directive.into())
}

/// Files a new draft directive of the actor's unit, numbered after the others of its meeting,
/// inside the caller's transaction.
pub async fn create_directive_in(
    conn: &(impl sea_orm::ConnectionTrait + TransactionTrait),
    actor: &Actor,
    meeting_id: Option<MeetingId>,
    fields: DirectiveFields,
    source: DirectiveSource,
    now: DateTime<Utc>,
) -> ServiceResult<directives::Model> {
    let meeting_id = meeting_id.map(MeetingId::get);
    // Two secretaries filing at once would read the same next number: the meeting's row (or,
    // for loose directives, the unit's) is held while one is numbered, so they take turns. The
    // unique indexes stay as the backstop: a refused number is tried again in a savepoint, so
    // the caller's transaction stays usable (PostgreSQL aborts it otherwise).
    match meeting_id {
        Some(id) => {
            store::meetings::lock(conn, id).await?;
            // Counted under the meeting's lock, so two filings at once cannot both pass the cap.
            if store::directives::drafts_of_meeting(conn, id).await? >= MAX_DRAFTS_PER_MEETING as u64 {
                return Err(ServiceError::Conflict(
                    Message::new("error-meeting-drafts-full").number("max", MAX_DRAFTS_PER_MEETING),
                ));
            }
        }
        None => store::units::lock(conn, actor.unit_id.0).await?,
    }
    const TRIES: usize = 8;
    for _ in 1..TRIES {
        let attempt = conn.begin().await?;
        let seq = store::directives::next_seq(&attempt, meeting_id, actor.unit_id.0).await?;
        let filing = Filing { meeting_id, unit_id: actor.unit_id.0, seq, status: DirectiveStatus::Draft, source };
        match setup::create_directive(&attempt, Some(actor.user_id.0), filing, fields.clone(), now).await {
            Err(ServiceError::Conflict(_)) => attempt.rollback().await?,
            done => {
                attempt.commit().await?;
                return done;
            }
        }
    }
    let seq = store::directives::next_seq(conn, meeting_id, actor.unit_id.0).await?;
    let filing = Filing { meeting_id, unit_id: actor.unit_id.0, seq, status: DirectiveStatus::Draft, source };
    setup::create_directive(conn, Some(actor.user_id.0), filing, fields, now).await
}

/// A draft of the actor's own unit, for editing or issuing.
async fn own_draft(
    conn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    id: DirectiveId,
    version: i32,
) -> ServiceResult<directives::Model> {
    // Held until the change commits, so that the version checked is the one written over.
    let directive = store::directives::lock(conn, id.0).await?;
    // Visibility first: whoever may not see the directive learns nothing, not even that it exists.
    if !access::can_see_directive(conn, actor, &directive).await? {
        return Err(ServiceError::NotFound("directive"));
    }
    actor.ensure(Capability::Issue)?;
    if directive.unit_id != actor.unit_id.0 {
        return Err(ServiceError::Forbidden(Message::new("error-directive-edit-unit")));
    }
    versions::check("directive", version, directive.version)?;
    if directive.status != DirectiveStatus::Draft {
        return Err(ServiceError::Conflict(
            Message::new("error-directive-not-draft").term("directive", directive.status.as_str()),
        ));
    }
    Ok(directive)
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0, directive = id.0))]
pub async fn update_draft(
    ctx: &Ctx,
    actor: &Actor,
    id: DirectiveId,
    version: i32,
    fields: DirectiveFields,
) -> ServiceResult<records::Directive> {
    let now = ctx.clock.now();
    for (field, value) in [("title_zh", &fields.title_zh), ("title_en", &fields.title_en)] {
        if value.trim().is_empty() {
            return Err(ServiceError::invalid(field, Message::new("error-empty")));
        }
        super::check_single_line(field, value)?;
    }
    let txn = ctx.db.begin().await?;
    let before = own_draft(&txn, actor, id, version).await?;
    // A past deadline the minutes gave stays while other words are edited; a new one must be ahead.
    if fields.deadline != before.deadline {
        super::check_deadline_ahead("deadline", fields.deadline, now)?;
    }
    let changes = directives::ActiveModel {
        title_zh: Set(fields.title_zh.trim().to_owned()),
        title_en: Set(fields.title_en.trim().to_owned()),
        body: Set(fields.body),
        category: Set(fields.category),
        priority: Set(fields.priority),
        deadline: Set(fields.deadline),
        places: Set(serde_json::to_string(&fields.places).map_err(store::StoreError::from)?),
        industries: Set(serde_json::to_string(&fields.industries).map_err(store::StoreError::from)?),
        ..Default::default()
    };
    let after = store::directives::update_locked(&txn, &before, changes).await?;
    audit_directive(&txn, actor, &before, &after, "edit", now).await?;
    txn.commit().await?;
    Ok(after.into())
}

/// Issues a draft. A deadline that has passed (kept as the minutes gave it) is issued only when
/// `past_deadline_confirmed`: a person saw it flagged and chose to keep it.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, directive = id.0))]
pub async fn issue(
    ctx: &Ctx,
    actor: &Actor,
    id: DirectiveId,
    version: i32,
    past_deadline_confirmed: bool,
) -> ServiceResult<records::Directive> {
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    let after = issue_in(&txn, actor, id, version, past_deadline_confirmed, now, ctx.zone()).await?;
    txn.commit().await?;
    Ok(after.into())
}

/// Issues a draft inside the caller's transaction (see [`issue`]).
pub async fn issue_in(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    id: DirectiveId,
    version: i32,
    past_deadline_confirmed: bool,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> ServiceResult<directives::Model> {
    let before = own_draft(txn, actor, id, version).await?;
    if before.deadline <= now && !past_deadline_confirmed {
        let day = crate::domain::format::day_of(tz, before.deadline);
        return Err(ServiceError::invalid("deadline", Message::new("error-deadline-passed-confirm").date("day", day)));
    }
    let changes = directives::ActiveModel {
        status: Set(DirectiveStatus::Issued),
        issued_at: Set(Some(now)),
        ..Default::default()
    };
    let after = store::directives::update_locked(txn, &before, changes).await?;
    // Its 文号, from the unit's prefix: given in this transaction, so a refused issue gives none.
    let after = match super::documents::give_number(txn, after.id, after.unit_id, now, tz).await? {
        Some(_) => store::directives::get(txn, after.id).await?,
        None => after,
    };
    audit_directive(txn, actor, &before, &after, "issue", now).await?;
    Ok(after)
}

/// One directive chosen for a batch: a draft to issue (at the version its issuer saw) and
/// assign, or an issued directive to assign.
#[derive(Debug, Clone, Copy)]
pub struct DraftToIssue {
    pub id: DirectiveId,
    pub version: i32,
    pub past_deadline_confirmed: bool,
}

/// Issues several drafts of one meeting (directives already issued are only assigned) and
/// assigns each the same way, in one transaction: all of them, or (on any refusal) none.
/// Returns each directive with the tasks it was given.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, meeting = meeting.0, drafts = drafts.len()))]
pub async fn issue_and_assign(
    ctx: &Ctx,
    actor: &Actor,
    meeting: MeetingId,
    drafts: &[DraftToIssue],
    assignment: &Assignment,
) -> ServiceResult<Vec<(records::Directive, Vec<records::Task>)>> {
    get_meeting(ctx, actor, meeting).await?;
    if drafts.is_empty() {
        return Err(ServiceError::invalid("directives", Message::new("error-choose-draft")));
    }
    let now = ctx.clock.now();
    let tz = ctx.zone();
    let txn = ctx.db.begin().await?;
    let mut out = Vec::with_capacity(drafts.len());
    for draft in drafts {
        if out.iter().any(|(d, _): &(records::Directive, Vec<records::Task>)| d.id == draft.id) {
            return Err(ServiceError::invalid(
                "directives",
                Message::new("error-draft-twice").number("id", draft.id.0),
            ));
        }
        let current = access::visible_directive(&txn, actor, draft.id).await?;
        if current.meeting_id != Some(meeting.0) {
            return Err(ServiceError::invalid(
                "directives",
                Message::new("error-draft-other-meeting").number("id", draft.id.0).number("meeting", meeting.0),
            ));
        }
        let directive = if current.status == DirectiveStatus::Draft {
            issue_in(&txn, actor, draft.id, draft.version, draft.past_deadline_confirmed, now, tz).await?
        } else {
            current
        };
        let created = assign_in(&txn, actor, draft.id, assignment, now, tz).await?;
        out.push((records::Directive::from(directive), records::from_rows(created)));
    }
    txn.commit().await?;
    Ok(out)
}

async fn audit_directive(
    conn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    before: &directives::Model,
    after: &directives::Model,
    action: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let snapshot = |d: &directives::Model| {
        serde_json::json!({
            "status": d.status, "title_zh": d.title_zh, "title_en": d.title_en, "category": d.category,
            "priority": d.priority, "deadline": d.deadline, "version": d.version,
            "doc_number": records::Directive::from(d.clone()).doc_number,
        })
    };
    let entry = actor.entry("directive", after.id, action).before(&snapshot(before)).after(&snapshot(after));
    store::audit::record(conn, entry, now).await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn list_directives(
    ctx: &Ctx,
    actor: &Actor,
    meeting_id: Option<MeetingId>,
) -> ServiceResult<Vec<records::Directive>> {
    // The rule of `access::can_see_directive` over the units above and below the actor, in one
    // query rather than one check per directive.
    Ok(records::from_rows(store::directives::list_visible(&ctx.reads, actor.unit_id, meeting_id).await?))
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0, directive = id.0))]
pub async fn get_directive(ctx: &Ctx, actor: &Actor, id: DirectiveId) -> ServiceResult<records::Directive> {
    Ok(access::visible_directive(&ctx.reads, actor, id).await?.into())
}

/// The directive's assignment: one lead or several, and any cooperating units, in one transaction.
pub struct Assignment {
    pub lead_unit_id: Option<UnitId>,
    pub cooperating_unit_ids: Vec<UnitId>,
    /// Several leads, each leading a task of its own with its own cooperating units ("各市各自
    /// 牵头"), in place of `lead_unit_id`. `cooperating_unit_ids` then cooperate with the
    /// directive as a whole.
    pub leads: Vec<LeadAssignment>,
    pub deadline: Option<DateTime<Utc>>,
    pub ack_within_days: Option<i64>,
    pub report_every_days: Option<i32>,
}

/// One lead of a directive given to several, and the units that cooperate on its task.
#[derive(Debug, Clone)]
pub struct LeadAssignment {
    pub unit_id: UnitId,
    pub cooperating_unit_ids: Vec<UnitId>,
}

impl Assignment {
    /// The units to assign, leads first, each placed: which lead it cooperates with and which
    /// field of the request named it. Refuses what no database read is needed to refuse: both
    /// ways of naming leads at once, a lead named twice.
    pub fn placed(&self) -> ServiceResult<(Vec<Assignee>, Vec<Placement>)> {
        if self.lead_unit_id.is_some() && !self.leads.is_empty() {
            return Err(ServiceError::invalid("leads", Message::new("error-leads-both")));
        }
        let mut assignees = Vec::new();
        let mut placements = Vec::new();
        if let Some(unit_id) = self.lead_unit_id {
            assignees.push(Assignee { unit_id, role: TaskRole::Lead });
            placements.push(Placement::default());
        }
        for lead in &self.leads {
            if assignees.iter().any(|a: &Assignee| a.unit_id == lead.unit_id) {
                return Err(ServiceError::invalid(
                    "leads",
                    Message::new("error-lead-twice").number("id", lead.unit_id.0),
                ));
            }
            assignees.push(Assignee { unit_id: lead.unit_id, role: TaskRole::Lead });
            placements.push(Placement { with_lead: None, field: Some("leads") });
        }
        for lead in &self.leads {
            for &unit_id in &lead.cooperating_unit_ids {
                assignees.push(Assignee { unit_id, role: TaskRole::Cooperating });
                placements.push(Placement { with_lead: Some(lead.unit_id), field: Some("leads.cooperating_unit_ids") });
            }
        }
        let field = if self.leads.is_empty() { None } else { Some("cooperating_unit_ids") };
        for &unit_id in &self.cooperating_unit_ids {
            assignees.push(Assignee { unit_id, role: TaskRole::Cooperating });
            placements.push(Placement { with_lead: None, field });
        }
        Ok((assignees, placements))
    }
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0, directive = directive_id.0))]
pub async fn assign(
    ctx: &Ctx,
    actor: &Actor,
    directive_id: DirectiveId,
    assignment: Assignment,
) -> ServiceResult<Vec<records::Task>> {
    let txn = ctx.db.begin().await?;
    let created = assign_in(&txn, actor, directive_id, &assignment, ctx.now(), ctx.zone()).await?;
    txn.commit().await?;
    Ok(records::from_rows(created))
}

/// Assigns an issued directive inside the caller's transaction.
pub async fn assign_in(
    conn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    directive_id: DirectiveId,
    assignment: &Assignment,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> ServiceResult<Vec<directives_tasks::Model>> {
    let directive = access::visible_directive(conn, actor, directive_id).await?;
    let (assignees, placements) = assignment.placed()?;
    tasks::assign_placed_in(
        conn,
        actor,
        AssignInput {
            origin: Origin::Directive(directive_id),
            assignees: &assignees,
            title: None,
            description: None,
            deadline: assignment.deadline.unwrap_or(directive.deadline),
            ack_within_days: assignment.ack_within_days.unwrap_or(1),
            report_every_days: assignment.report_every_days,
        },
        &placements,
        now,
        tz,
    )
    .await
}
