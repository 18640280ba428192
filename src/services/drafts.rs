//! Drafting directives from minutes for the secretariat: the domain proposes, this resolves
//! the suggested lines of work to real units the secretariat may assign to, and, when asked,
//! keeps the drafts as draft directives. Nothing is issued here: a person edits and issues.

use crate::domain::message::Message;
use chrono::{Duration, NaiveDate};
use sea_orm::TransactionTrait;
use serde::Serialize;

use super::records;
use super::store;
use super::{Actor, Ctx, ServiceError, ServiceResult, access, meetings::create_directive_in};
use crate::domain::{directives::MAX_DRAFTS_PER_MEETING, roles::Capability};
use crate::{
    domain::{
        calendar::end_of_day,
        directives::DirectiveFields,
        drafting::{self, Confidence, Draft, DraftError, KeywordRule},
        hierarchy,
        ids::MeetingId,
        unit_names,
        vocabulary::{DirectiveSource, Priority},
    },
    entities::units,
};

/// A unit Duban suggests, as the API shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SuggestedUnit {
    pub id: i64,
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub function: String,
}

/// A draft with its suggestions resolved to units of the secretariat's organisation.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub draft: Draft,
    pub lead_unit: Option<SuggestedUnit>,
    pub cooperating_units: Vec<SuggestedUnit>,
    /// The draft's confidence, or `guess` when no unit of the organisation could be suggested.
    pub confidence: Confidence,
}

fn draft_error(err: DraftError) -> ServiceError {
    let reason = match err {
        DraftError::Empty => Message::new("error-minutes-empty"),
        DraftError::TooLarge { limit_chars, actual_chars } => {
            Message::new("error-minutes-too-large").number("max", limit_chars).number("sent", actual_chars)
        }
        DraftError::NoRequirements => Message::new("error-minutes-no-requirements"),
    };
    ServiceError::invalid("minutes", reason)
}

/// Units the actor may assign to, highest first: where suggestions are looked for.
async fn assignable_units(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<units::Model>> {
    let db = &ctx.db;
    let own = store::units::get(db, actor.unit_id.0).await?;
    let root = store::units::facts(&own).jurisdiction_root();
    let mut out = Vec::new();
    for unit in store::units::by_ids(db, &store::units::subtree_ids(db, root).await?).await? {
        let ancestors = store::units::ancestors(db, unit.id).await?;
        if unit.active
            && hierarchy::check_assignment(&store::units::facts(&own), &store::units::facts(&unit), &ancestors).is_ok()
        {
            out.push(unit);
        }
    }
    Ok(out)
}

fn suggested(u: &units::Model) -> SuggestedUnit {
    SuggestedUnit {
        id: u.id,
        key: u.key.clone(),
        name_zh: u.name_zh.clone(),
        name_en: u.name_en.clone(),
        function: u.function.clone().unwrap_or_default(),
    }
}

/// The first unit (highest first) of a line of work.
fn pick(units: &[units::Model], function: &str) -> Option<SuggestedUnit> {
    units.iter().find(|u| u.function.as_deref() == Some(function)).map(suggested)
}

/// The unit the minutes named by one of its names (`drafting::gazetteer`).
fn named(units: &[units::Model], id: i64) -> Option<SuggestedUnit> {
    units.iter().find(|u| u.id == id).map(suggested)
}

/// The units' names as drafting matches them: full names, short names, aliases.
fn tree_units(units: &[units::Model]) -> Vec<drafting::TreeUnit> {
    units
        .iter()
        .map(|u| drafting::TreeUnit {
            id: u.id,
            function: u.function.clone(),
            name_zh: u.name_zh.clone(),
            name_en: u.name_en.clone(),
            short_name: u.short_name.clone(),
            aliases: unit_names::from_stored(&u.aliases),
        })
        .collect()
}

/// Proposes drafts for `minutes` (secretariat only). `meeting_date` anchors relative deadlines.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn propose(ctx: &Ctx, actor: &Actor, minutes: &str, meeting_date: NaiveDate) -> ServiceResult<Vec<Proposal>> {
    actor.ensure(Capability::Issue)?;
    let rules: Vec<KeywordRule> = store::keyword_rules::all(&ctx.db).await?.into_iter().map(|(_, rule)| rule).collect();
    let periods = drafting::PeriodSettings { flood_season_end: ctx.config.flood_season_end };
    // The organisation's own names first: where they and the table both match, the unit wins.
    let units = assignable_units(ctx, actor).await?;
    let mut departments = drafting::gazetteer(&tree_units(&units));
    departments.extend(super::department_names::for_drafting(ctx).await?);
    let drafts = match drafting::draft_directives_with(minutes, &rules, &departments, &periods, meeting_date) {
        Ok(drafts) => drafts,
        // Minutes that ask nothing of anyone draft nothing: an empty answer, not an error.
        Err(DraftError::NoRequirements) => Vec::new(),
        Err(err) => return Err(draft_error(err)),
    };
    if drafts.len() > MAX_DRAFTS_PER_MEETING {
        return Err(ServiceError::invalid(
            "minutes",
            Message::new("error-minutes-too-many").number("count", drafts.len()).number("max", MAX_DRAFTS_PER_MEETING),
        ));
    }
    Ok(drafts
        .into_iter()
        .map(|draft| {
            let lead_unit = match draft.lead_unit {
                Some(id) => named(&units, id),
                None => draft.lead_function.as_deref().and_then(|f| pick(&units, f)),
            };
            let mut cooperating_units: Vec<SuggestedUnit> = Vec::new();
            for unit in draft.cooperating_units.iter().filter_map(|id| named(&units, *id)) {
                if !lead_unit.iter().chain(&cooperating_units).any(|u| u.id == unit.id) {
                    cooperating_units.push(unit);
                }
            }
            // A line of work a unit named already stands for is not suggested twice.
            for function in &draft.cooperating_functions {
                if lead_unit.iter().chain(&cooperating_units).any(|u| &u.function == function) {
                    continue;
                }
                if let Some(unit) = pick(&units, function)
                    && !lead_unit.iter().chain(&cooperating_units).any(|u| u.id == unit.id)
                {
                    cooperating_units.push(unit);
                }
            }
            let confidence = if lead_unit.is_some() { draft.confidence } else { Confidence::Guess };
            Proposal { draft, lead_unit, cooperating_units, confidence }
        })
        .collect())
}

/// The department the minutes name as lead, as written, when no unit of the tree answers to it.
fn name_not_in_tree(draft: &Draft) -> Option<String> {
    let named = draft.why.lead_basis == Some(drafting::LeadBasis::NamedDepartment) && draft.lead_unit.is_none();
    draft.why.lead_words.clone().filter(|w| named && !w.trim().is_empty())
}

/// Keeps proposals as draft directives of the actor's unit (optionally of one meeting). Their
/// deadline is the one the minutes gave, kept even when it has passed (the page flags it and
/// issuing asks for it to be confirmed or changed), or 30 days from now when the minutes gave
/// none; everything stays editable.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn save(
    ctx: &Ctx,
    actor: &Actor,
    meeting_id: Option<MeetingId>,
    proposals: &[Proposal],
) -> ServiceResult<Vec<records::Directive>> {
    actor.ensure(Capability::Issue)?;
    let now = ctx.clock.now();
    let tz = ctx.config.time_zone;
    let txn = ctx.db.begin().await?;
    super::meetings::ensure_own_meeting(&txn, actor, meeting_id).await?;
    let mut saved = Vec::with_capacity(proposals.len());
    for proposal in proposals {
        let draft = &proposal.draft;
        let deadline = draft
            .deadline
            .map(|d| end_of_day(d, tz))
            .unwrap_or_else(|| end_of_day((now + Duration::days(30)).with_timezone(&tz).date_naive(), tz));
        let fields = DirectiveFields {
            title_zh: draft.title.clone(),
            title_en: draft.title.clone(),
            body: draft.text.clone(),
            category: draft.category,
            priority: Priority::Normal,
            deadline,
            places: draft.places.clone(),
            industries: draft.industries.clone(),
        };
        let directive = create_directive_in(&txn, actor, meeting_id, fields, DirectiveSource::Drafted, now).await?;
        // What the suggestion rested on is kept with it, so a person's corrections can be
        // learned from (`learned_rules`).
        let suggested = serde_json::json!({
            "category": draft.category,
            "subject": draft.why.subject,
            "lead_words": draft.why.lead_words,
            "topic_words": draft.why.topic_words,
            "deadline_note": draft.deadline_note,
            "lead_function": draft.lead_function,
            "cooperating_functions": draft.cooperating_functions,
            "lead_unit_id": proposal.lead_unit.as_ref().map(|u| u.id),
            "confidence": proposal.confidence,
            "lead_basis": draft.why.lead_basis,
            "cooperating_unit_ids": proposal.cooperating_units.iter().map(|u| u.id).collect::<Vec<_>>(),
            // A department the minutes name that is not a unit of the tree: the page says so,
            // beside the unit of the same line of work suggested in its place (if any).
            "name_not_in_tree": name_not_in_tree(draft),
        });
        store::directives::set_suggested_units(&txn, directive.id, &suggested).await?;
        saved.push(store::directives::get(&txn, directive.id).await?);
    }
    txn.commit().await?;
    Ok(records::from_rows(saved))
}

/// The corrections people made to drafted directives — another category, or the lead given to
/// another line of work than suggested — as candidate keyword rules, most frequent first. For
/// an admin at the command line (`duban draft --learned`); nothing is changed.
#[tracing::instrument(skip_all)]
pub async fn learned_rules(ctx: &Ctx, limit: usize) -> ServiceResult<Vec<drafting::CandidateRule>> {
    let db = &ctx.reads;
    let mut corrections = Vec::new();
    for d in store::directives::drafted(db).await? {
        let Ok(suggested) = serde_json::from_str::<serde_json::Value>(&d.suggested_units) else {
            continue;
        };
        // Drafts kept before the suggestion recorded its category and words cannot be learned from.
        let Some(suggested_category) = suggested["category"].as_str().and_then(|c| c.parse().ok()) else {
            continue;
        };
        let words = [&suggested["subject"], &suggested["lead_words"], &suggested["topic_words"][0]]
            .into_iter()
            .find_map(|v| v.as_str().filter(|w| !w.trim().is_empty()))
            .unwrap_or("")
            .to_string();
        let lead = match store::tasks::lead_assignee(db, d.id).await? {
            Some(unit_id) => store::units::get(db, unit_id).await?.function,
            None => None,
        };
        corrections.push(drafting::Correction {
            words,
            suggested_category,
            category: d.category,
            suggested_lead: suggested["lead_function"].as_str().map(str::to_string),
            lead,
        });
    }
    let rules: Vec<KeywordRule> = store::keyword_rules::all(db).await?.into_iter().map(|(_, rule)| rule).collect();
    Ok(drafting::candidate_rules(&corrections, &rules, limit))
}

/// The minutes of a meeting the actor's unit held, and its date.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, meeting = meeting_id.0))]
pub async fn meeting_minutes(ctx: &Ctx, actor: &Actor, meeting_id: MeetingId) -> ServiceResult<(String, NaiveDate)> {
    let meeting = super::meetings::get_meeting(ctx, actor, meeting_id).await?;
    if meeting.fields.minutes.trim().is_empty() {
        return Err(ServiceError::conflicts("meeting_id", Message::new("error-meeting-no-minutes")));
    }
    Ok((meeting.fields.minutes, meeting.fields.held_on))
}

/// A keyword rule as stored, with the id an admin edits it by.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRule {
    pub id: i64,
    pub rule: KeywordRule,
}

#[tracing::instrument(skip_all)]
pub async fn list_rules(ctx: &Ctx) -> ServiceResult<Vec<StoredRule>> {
    let rules = store::keyword_rules::all(&ctx.db).await?;
    Ok(rules.into_iter().map(|(id, rule)| StoredRule { id, rule }).collect())
}

fn check_rule(rule: &KeywordRule) -> ServiceResult<()> {
    let keyword = rule.keyword.trim();
    super::check_single_line("keyword", keyword)?;
    if keyword.is_empty() || keyword.chars().count() > 64 {
        return Err(ServiceError::invalid("keyword", Message::new("error-keyword-length").number("max", 64)));
    }
    for function in rule.lead_function.iter().chain(&rule.cooperating_functions) {
        if !drafting::FUNCTIONS.contains(&function.as_str()) {
            return Err(ServiceError::invalid(
                "function",
                Message::new("error-function")
                    .text("value", function.clone())
                    .text("known", drafting::FUNCTIONS.join(", ")),
            ));
        }
    }
    if !(1..=100).contains(&rule.weight) {
        return Err(ServiceError::invalid("weight", Message::new("error-between").number("min", 1).number("max", 100)));
    }
    Ok(())
}

/// Creates (`id` None) or replaces a keyword rule (the root's administrator: the rules draft
/// everyone's minutes).
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn put_rule(ctx: &Ctx, actor: &Actor, id: Option<i64>, rule: KeywordRule) -> ServiceResult<StoredRule> {
    access::ensure_administers_everyone(ctx, actor).await?;
    check_rule(&rule)?;
    let rule = KeywordRule { keyword: rule.keyword.trim().to_owned(), ..rule };
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    if store::keyword_rules::exists(&txn, &rule.keyword, rule.category, id).await? {
        return Err(ServiceError::Conflict(
            Message::new("error-keyword-rule-exists")
                .text("keyword", rule.keyword.clone())
                .text("category", rule.category.as_str()),
        ));
    }
    let before = match id {
        Some(id) => Some(store::keyword_rules::get(&txn, id).await?),
        None => None,
    };
    let saved = match id {
        Some(id) => store::keyword_rules::update(&txn, id, &rule, now).await?,
        None => store::keyword_rules::insert(&txn, &rule, now).await?,
    };
    let mut entry =
        actor.entry("keyword_rule", saved.id, if before.is_some() { "edit" } else { "create" }).after(&rule);
    if let Some(b) = &before {
        entry = entry.before(&serde_json::json!({
            "keyword": b.keyword, "category": b.category, "lead_function": b.lead_function, "weight": b.weight
        }));
    }
    store::audit::record(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(StoredRule { id: saved.id, rule })
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn delete_rule(ctx: &Ctx, actor: &Actor, id: i64) -> ServiceResult<()> {
    access::ensure_administers_everyone(ctx, actor).await?;
    let txn = ctx.db.begin().await?;
    let rule = store::keyword_rules::get(&txn, id).await?;
    store::keyword_rules::delete(&txn, id).await?;
    let entry = actor
        .entry("keyword_rule", id, "delete")
        .before(&serde_json::json!({ "keyword": rule.keyword, "category": rule.category }));
    store::audit::record(&txn, entry, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}
