//! Directives: the list every role that reads directives opens, the directive page (its text,
//! instructions, figures per level and tree of tasks), and the forms with which its issuing
//! secretariat edits and issues a draft and assigns an issued directive. The meeting page
//! shows the same directives with the same forms ([`DirectiveView`]) and the same unit picker
//! ([`UnitPicker`]), once per page.

use super::i18n;
use crate::domain::message::Message;
use std::collections::HashMap;

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    error::{PageError, PageResult},
    frame::{CsrfForm, Secretariat, Viewer, see_other},
    unit_picker::{Picked, UnitPicker},
    view::{Choice, FiguresView, InstructionView, LightView, Paging, day_end, page},
};
use crate::{
    domain::{
        directives::DirectiveFields,
        drafting::{Category, Confidence},
        format,
        ids::{DirectiveId, MeetingId, TaskId, UnitId},
        vocabulary::{DirectiveSource, DirectiveStatus, Priority},
    },
    services::{
        Actor, Ctx, instructions,
        meetings::{self, Assignment},
        queries,
        records::{Directive, Unit},
        rollups::{self, TaskNode},
        units,
    },
    web::{AppState, Problem, redirect},
};

const PER_PAGE: u64 = 20;

/// What Duban suggested when the directive was drafted from minutes, with unit names.
#[derive(Serialize)]
struct Suggestion {
    lead: Option<String>,
    cooperating: Option<String>,
    subject: Option<String>,
    lead_words: Option<String>,
    topic_words: Option<String>,
    deadline_note: Option<String>,
    /// The confidence's label ("高", "guess"), when the draft recorded one.
    confidence: Option<String>,
    /// Low confidence: "请核对牵头单位" / "Check the lead unit".
    check_lead: bool,
    /// The department the minutes named as lead that no unit of the tree answers to.
    not_in_tree: Option<String>,
}

/// A drafted directive's confidence in its lead, when the draft recorded one.
pub fn draft_confidence(directive: &Directive) -> Option<Confidence> {
    directive.suggested_units["confidence"].as_str().and_then(|c| c.parse().ok())
}

impl Suggestion {
    fn of(viewer: &Viewer, directive: &Directive, units: &HashMap<UnitId, Unit>) -> Option<Suggestion> {
        let s = &directive.suggested_units;
        if !s.is_object() {
            return None;
        }
        let name = |id: &Value| id.as_i64().and_then(|id| units.get(&UnitId(id))).map(|u| viewer.unit_name(u));
        let separator = viewer.t("secretariat-list-separator");
        let list = |items: Vec<String>| (!items.is_empty()).then(|| items.join(separator.as_str()));
        let cooperating = s["cooperating_unit_ids"].as_array().map(|ids| ids.iter().filter_map(name).collect());
        let topic_words =
            s["topic_words"].as_array().map(|w| w.iter().filter_map(Value::as_str).map(str::to_owned).collect());
        let text = |v: &Value| v.as_str().filter(|t| !t.trim().is_empty()).map(str::to_owned);
        Some(Suggestion {
            lead: name(&s["lead_unit_id"]),
            cooperating: list(cooperating.unwrap_or_default()),
            subject: text(&s["subject"]),
            lead_words: text(&s["lead_words"]),
            topic_words: list(topic_words.unwrap_or_default()),
            deadline_note: text(&s["deadline_note"]),
            confidence: draft_confidence(directive).map(|c| viewer.term("confidence", c.as_str())),
            check_lead: draft_confidence(directive).is_some_and(Confidence::needs_check),
            not_in_tree: text(&s["name_not_in_tree"]),
        })
    }
}

/// A directive as the meeting page, the list and the directive page show it, with what its
/// forms need (`partials/directives/facts` and `partials/directives/forms`).
#[derive(Serialize)]
pub struct DirectiveView {
    id: DirectiveId,
    /// Its 文号, once issued by a unit with a prefix.
    doc_number: Option<String>,
    version: i32,
    seq: i32,
    meeting_id: Option<MeetingId>,
    title: String,
    title_zh: String,
    title_en: String,
    body: String,
    category: &'static str,
    category_label: &'static str,
    priority: &'static str,
    priority_label: String,
    deadline: String,
    deadline_day: String,
    status: &'static str,
    status_label: String,
    is_draft: bool,
    may_edit: bool,
    may_assign: bool,
    issued_at: Option<String>,
    drafted: bool,
    suggestion: Option<Suggestion>,
    categories: Vec<Choice>,
    priorities: Vec<Choice>,
    edit_error: Option<String>,
    /// Whether a lead unit has its task already: the form then only adds cooperating units.
    assigned: bool,
    /// Its deadline has passed (a draft keeps the day its minutes gave): flagged, and issued
    /// only once confirmed or changed.
    deadline_passed: bool,
    /// On a page with one picker for several directives (the meeting page): a checkbox to
    /// choose it for the page's one issue-and-assign form, in place of its own assign form.
    batch: bool,
    meeting_title: Option<String>,
    figures: FiguresView,
}

impl DirectiveView {
    pub fn new(state: &AppState, viewer: &Viewer, d: &Directive, units: &HashMap<UnitId, Unit>) -> DirectiveView {
        let f = &d.fields;
        // The secretariat that issued it edits, issues and assigns it; the services decide,
        // this only chooses which forms to show.
        let issuer = viewer.role().may_issue() && viewer.actor().unit_id == d.unit_id;
        DirectiveView {
            id: d.id,
            doc_number: d.doc_number.clone(),
            version: d.version,
            seq: d.seq,
            meeting_id: d.meeting_id,
            title: viewer.directive_title(d),
            title_zh: f.title_zh.clone(),
            title_en: f.title_en.clone(),
            body: f.body.clone(),
            category: f.category.as_str(),
            category_label: category_label(viewer, f.category),
            priority: f.priority.as_str(),
            priority_label: viewer.term("priority", f.priority.as_str()),
            deadline: f.deadline.to_rfc3339(),
            deadline_day: format::day_of(state.ctx.zone(), f.deadline).to_string(),
            status: d.status.as_str(),
            status_label: viewer.term("directive", d.status.as_str()),
            is_draft: d.status == DirectiveStatus::Draft,
            may_edit: issuer && d.status == DirectiveStatus::Draft,
            may_assign: issuer && d.status == DirectiveStatus::Issued,
            issued_at: d.issued_at.map(|at| at.to_rfc3339()),
            drafted: d.source == DirectiveSource::Drafted,
            suggestion: Suggestion::of(viewer, d, units),
            categories: category_choices(viewer, f.category),
            priorities: priority_choices(viewer, f.priority),
            edit_error: None,
            assigned: false,
            deadline_passed: d.fields.deadline <= state.ctx.now()
                && matches!(d.status, DirectiveStatus::Draft | DirectiveStatus::Issued),
            batch: false,
            meeting_title: None,
            figures: viewer.figures(&Default::default()),
        }
    }

    /// The directive's completion over the tasks the viewer may see.
    pub fn with_figures(mut self, figures: FiguresView) -> Self {
        self.figures = figures;
        self
    }

    /// Whether a lead has its task already (the form then only adds cooperating units).
    pub fn with_assignment(mut self, assigned: bool) -> Self {
        self.assigned = assigned;
        self
    }

    /// Chosen by a checkbox for the page's one issue-and-assign form (the meeting page).
    pub fn in_batch(mut self) -> Self {
        self.batch = true;
        self
    }

    /// The units Duban suggested for it, lead and cooperating.
    pub fn suggested_units(d: &Directive) -> (Vec<UnitId>, Vec<UnitId>) {
        let s = &d.suggested_units;
        let lead = s["lead_unit_id"].as_i64().map(UnitId).into_iter().collect();
        let cooperating = s["cooperating_unit_ids"]
            .as_array()
            .map(|ids| ids.iter().filter_map(Value::as_i64).map(UnitId).collect())
            .unwrap_or_default();
        (lead, cooperating)
    }
}

fn category_label(viewer: &Viewer, category: Category) -> &'static str {
    if viewer.english() { category.label_en() } else { category.label_zh() }
}

fn category_choices(viewer: &Viewer, selected: Category) -> Vec<Choice> {
    Choice::all(Category::ALL, Some(selected), Category::as_str, |c| category_label(viewer, c).to_owned())
}

fn priority_choices(viewer: &Viewer, selected: Priority) -> Vec<Choice> {
    Choice::all(Priority::ALL, Some(selected), Priority::as_str, |p| viewer.term("priority", p.as_str()))
}

/// The filters of the directive list, read leniently: a bad value is ignored, not refused.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    q: Option<String>,
    meeting: Option<String>,
    page: Option<String>,
}

#[derive(Serialize)]
struct Filters {
    q: String,
    statuses: Vec<Choice>,
    meetings: Vec<Choice>,
}

#[derive(Serialize)]
struct ListPage {
    directives: Vec<DirectiveView>,
    filters: Filters,
    paging: Paging,
}
page!(ListPage => "pages/directives/list");

/// `GET /directives`: the directives the viewer may see (the list of `GET /api/v1/directives`),
/// filtered, a page at a time, each with its completion over the tasks the viewer may see.
pub async fn list(State(state): State<AppState>, viewer: Viewer, Query(query): Query<ListQuery>) -> PageResult {
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let status: Option<DirectiveStatus> = query.status.as_deref().and_then(|s| s.parse().ok());
    let meeting: Option<MeetingId> = query.meeting.as_deref().and_then(|m| m.trim().parse().ok());
    let q = query.q.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let page: u64 =
        query.page.as_deref().and_then(|p| p.parse().ok()).filter(|p| (1..=queries::MAX_PAGE).contains(p)).unwrap_or(1);
    let words = q.to_lowercase();
    let list: Vec<_> = meetings::list_directives(ctx, &actor, meeting)
        .await?
        .into_iter()
        .filter(|d| status.is_none_or(|s| d.status == s))
        .filter(|d| d.matches(&words))
        .collect();
    let page = queries::page_of(list, page, PER_PAGE)?;
    let ids: Vec<DirectiveId> = page.items.iter().map(|d| d.id).collect();
    let figures = rollups::directives_figures(ctx, &actor, &ids).await?;
    let meeting_list = meetings::list_meetings(ctx, &actor).await?;
    let titles: HashMap<MeetingId, String> = meeting_list.iter().map(|m| (m.id, viewer.meeting_title(m))).collect();
    let no_units = HashMap::new();
    let directives = page
        .items
        .iter()
        .map(|d| DirectiveView {
            meeting_title: d.meeting_id.and_then(|m| titles.get(&m).cloned()),
            figures: viewer.figures(&figures.get(&d.id).copied().unwrap_or_default()),
            ..DirectiveView::new(&state, &viewer, d, &no_units)
        })
        .collect();
    let link = |p: u64| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if let Some(status) = status {
            s.append_pair("status", status.as_str());
        }
        if !q.is_empty() {
            s.append_pair("q", &q);
        }
        if let Some(m) = meeting {
            s.append_pair("meeting", &m.to_string());
        }
        s.append_pair("page", &p.to_string());
        format!("/directives?{}", s.finish())
    };
    let statuses =
        Choice::all(DirectiveStatus::ALL, status, DirectiveStatus::as_str, |s| viewer.term("directive", s.as_str()));
    let meetings = meeting_list
        .iter()
        .map(|m| Choice::new(m.id, titles.get(&m.id).cloned().unwrap_or_default(), Some(m.id) == meeting))
        .collect();
    let paging = Paging::new(page.page, page.total, PER_PAGE, link);
    let view = ListPage { directives, filters: Filters { q: q.clone(), statuses, meetings }, paging };
    viewer.render(&state, &viewer.t("secretariat-directives-title"), &view)
}

/// One task of the directive's tree, indented by its depth.
#[derive(Serialize)]
struct TreeRow {
    id: TaskId,
    depth: usize,
    unit: String,
    level_label: String,
    role_label: String,
    status: &'static str,
    status_label: String,
    progress: i32,
    deadline: String,
    overdue: bool,
    #[serde(flatten)]
    light: LightView,
}

fn flatten(viewer: &Viewer, nodes: &[TaskNode], depth: usize, out: &mut Vec<TreeRow>) {
    for node in nodes {
        let t = &node.task;
        out.push(TreeRow {
            id: t.id,
            depth: depth.min(5),
            unit: viewer.pick(&node.unit_name_zh, &node.unit_name_en).to_owned(),
            level_label: viewer.level(node.level),
            role_label: viewer.term("task-role", t.role.as_str()),
            status: t.status.as_str(),
            status_label: viewer.term("status", t.status.as_str()),
            progress: t.progress,
            deadline: t.deadline.to_rfc3339(),
            overdue: node.overdue,
            light: viewer.light(node.light),
        });
        flatten(viewer, &node.children, depth + 1, out);
    }
}

#[derive(Serialize)]
struct MeetingLink {
    id: MeetingId,
    title: String,
    held_on: String,
}

#[derive(Serialize)]
struct LevelFigures {
    level_label: String,
    #[serde(flatten)]
    figures: FiguresView,
}

#[derive(Serialize)]
struct DirectivePage {
    directive: DirectiveView,
    meeting: Option<MeetingLink>,
    issuer: Option<String>,
    instructions: Vec<InstructionView>,
    total: FiguresView,
    levels: Vec<LevelFigures>,
    tree: Vec<TreeRow>,
    as_of: String,
    may_instruct: bool,
    back: String,
    /// The assignment form's unit picker, when the viewer may assign.
    picker: Option<UnitPicker>,
}
page!(DirectivePage => "pages/directives/show");

/// The number in a path such as `/directives/12`; anything else names no page (404).
pub fn id_of(raw: &str) -> Result<i64, PageError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or(PageError::not_found("page"))
}

/// `GET /directives/{id}`: the directive for anyone who may read it: its text, meeting,
/// leaders' instructions, figures in total and per level, and its tree of tasks. The
/// issuing secretariat edits and issues a draft, and assigns an issued directive, here.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<PickerQuery>,
) -> PageResult {
    directive_page(&state, &viewer, DirectiveId(id_of(&id)?), None, query.units_q.as_deref().unwrap_or_default()).await
}

/// What a page with a unit picker may say in its address: the picker's filter (read leniently).
#[derive(Debug, Default, Deserialize)]
pub struct PickerQuery {
    pub units_q: Option<String>,
}

/// The directive page; with `typed`, the draft's form shows what was typed and why it was
/// refused (422), so nothing typed is lost.
async fn directive_page(
    state: &AppState,
    viewer: &Viewer,
    id: DirectiveId,
    typed: Option<(&EditForm, String)>,
    units_q: &str,
) -> PageResult {
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let rollup = rollups::directive(ctx, &actor, id).await?;
    let directive = &rollup.directive;
    let meeting = match directive.meeting_id {
        Some(meeting_id) => meetings::get_meeting(ctx, &actor, meeting_id).await.ok(),
        None => None,
    };
    let all_units = units::visible(ctx, &actor).await?;
    let by_id: HashMap<UnitId, Unit> = all_units.iter().map(|u| (u.id, u.clone())).collect();
    let mut view = DirectiveView::new(state, viewer, directive, &by_id).with_assignment(rollup.total.total > 0);
    let picker = view.may_assign.then(|| {
        let (lead, cooperating) = DirectiveView::suggested_units(directive);
        let lead = if view.assigned { Vec::new() } else { lead };
        UnitPicker::new(
            viewer,
            format!("assign-{id}"),
            format!("/directives/{id}"),
            None,
            units_q,
            &all_units,
            (&lead, &cooperating),
        )
    });
    let refused = typed.is_some();
    if let Some((form, error)) = typed {
        view.title_zh = form.title_zh.clone();
        view.title_en = form.title_en.clone();
        view.body = form.body.clone();
        view.deadline_day = form.deadline.clone();
        if let Ok(category) = form.category.parse::<Category>() {
            view.categories = category_choices(viewer, category);
        }
        if let Ok(priority) = form.priority.parse::<Priority>() {
            view.priorities = priority_choices(viewer, priority);
        }
        view.edit_error = Some(error);
    }
    let mut tree = Vec::new();
    flatten(viewer, &rollup.tree, 0, &mut tree);
    let instructions = instructions::on_directive(ctx, &actor, id)
        .await?
        .into_iter()
        .map(|s| InstructionView {
            author: s.author_name,
            body: s.instruction.body,
            at: s.instruction.created_at.to_rfc3339(),
        })
        .collect();
    let levels = rollup
        .by_level
        .iter()
        .map(|(level, f)| LevelFigures { level_label: viewer.level(*level), figures: viewer.figures(f) })
        .collect();
    let title = view.title.clone();
    let page = DirectivePage {
        meeting: meeting.map(|m| MeetingLink {
            id: m.id,
            title: viewer.meeting_title(&m),
            held_on: m.fields.held_on.to_string(),
        }),
        issuer: by_id.get(&directive.unit_id).map(|u| viewer.unit_name(u)),
        instructions,
        total: viewer.figures(&rollup.total),
        levels,
        tree,
        as_of: rollup.as_of.to_rfc3339(),
        may_instruct: viewer.role().may_instruct(),
        back: format!("/directives/{id}"),
        picker,
        directive: view,
    };
    let mut answer = viewer.render(state, &title, &page)?;
    if refused {
        *answer.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(answer)
}

/// Where a form sends the user back to: a page of ours named by the form, or `fallback`.
fn back_to(back: &str, fallback: String) -> String {
    let path = back.split(['?', '#']).next().unwrap_or_default();
    let ours = ["/meetings/", "/directives/"].iter().any(|p| path.starts_with(p));
    match redirect::local_target(path) {
        Some(path) if ours => path.to_owned(),
        _ => fallback,
    }
}

/// Back to the page the form was on, with a notice, at the directive.
fn done(back: &str, id: DirectiveId, notice: &str) -> PageResult {
    let back = back_to(back, format!("/directives/{id}"));
    Ok(see_other(&format!("{back}?notice=notice-secretariat-{notice}#directive-{id}")))
}

fn parse<T: std::str::FromStr<Err = crate::domain::UnknownValue>>(
    field: &'static str,
    value: &str,
) -> Result<T, PageError> {
    value.trim().parse().map_err(|e: T::Err| PageError::unprocessable(field, e.message()))
}

#[derive(Debug, Deserialize)]
pub struct EditForm {
    version: i32,
    #[serde(default)]
    title_zh: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    body: String,
    category: String,
    priority: String,
    deadline: String,
    #[serde(default)]
    back: String,
}

/// `POST /directives/{id}/edit`: a draft's new words (its issuing secretariat).
pub async fn edit(
    State(state): State<AppState>,
    viewer: Secretariat,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<EditForm>,
) -> PageResult {
    let id = DirectiveId(id_of(&id)?);
    let ctx = &state.ctx;
    let actor = viewer.actor();
    let current = meetings::get_directive(ctx, &actor, id).await?;
    let saved = async {
        let fields = DirectiveFields {
            title_zh: form.title_zh.clone(),
            title_en: form.title_en.clone(),
            body: form.body.clone(),
            category: parse::<Category>("category", &form.category)?,
            priority: parse::<Priority>("priority", &form.priority)?,
            deadline: day_end(ctx, "deadline", &form.deadline)?,
            places: current.fields.places,
            industries: current.fields.industries,
        };
        meetings::update_draft(ctx, &actor, id, form.version, fields).await.map_err(PageError::from)
    }
    .await;
    if let Err(err) = saved {
        // A field refused: the form again with what was typed; anything else is an error page.
        let PageError::Problem(Problem { field: Some(field), detail: Some(detail), .. }) = &err else {
            return Err(err);
        };
        let refusal = i18n::refusal(viewer.locale, Some(state.ctx.zone()), field, detail);
        let message = format!("{} ({refusal})", viewer.t("secretariat-error-edit"));
        return directive_page(&state, &viewer, id, Some((&form, message)), "").await;
    }
    done(&form.back, id, "saved")
}

#[derive(Debug, Deserialize)]
pub struct IssueForm {
    version: i32,
    /// Ticked beside a deadline that has passed: issue with it all the same.
    #[serde(default)]
    confirm_past_deadline: Option<String>,
    #[serde(default)]
    back: String,
}

/// `POST /directives/{id}/issue`: keeps a draft and issues it (its issuing secretariat).
pub async fn issue(
    State(state): State<AppState>,
    viewer: Secretariat,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<IssueForm>,
) -> PageResult {
    let id = DirectiveId(id_of(&id)?);
    let confirmed = form.confirm_past_deadline.is_some();
    meetings::issue(&state.ctx, &viewer.actor(), id, form.version, confirmed).await?;
    done(&form.back, id, "issued")
}

/// The units and the deadline of an assignment form (the directive page's, the meeting page's).
#[derive(Debug, Default)]
pub struct AssignFields<'a> {
    pub lead_unit_id: &'a str,
    pub lead_unit_ids: &'a [String],
    pub cooperating_unit_ids: &'a [String],
    pub deadline: &'a str,
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    lead_unit_id: String,
    /// Several leads ticked in the unit picker, each to lead a task of its own.
    #[serde(default)]
    lead_unit_ids: Vec<String>,
    #[serde(default)]
    cooperating_unit_ids: Vec<String>,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    back: String,
}

/// The assignment a form asks for: the units ticked in the page's one picker (or the one lead
/// named), placed as [`Picked::assignment`] says, with the deadline (the directive's when left
/// empty).
pub async fn assignment_of(ctx: &Ctx, actor: &Actor, form: &AssignFields<'_>) -> Result<Assignment, PageError> {
    let mut leads = vec![form.lead_unit_id.to_owned()];
    leads.extend(form.lead_unit_ids.iter().cloned());
    let picked = Picked::read(&leads, form.cooperating_unit_ids)?;
    if picked.is_empty() {
        return Err(PageError::unprocessable("lead_unit_ids", Message::new("error-name-lead")));
    }
    let deadline = match form.deadline.trim() {
        "" => None,
        day => Some(day_end(ctx, "deadline", day)?),
    };
    let visible = units::visible(ctx, actor).await?;
    Ok(Assignment { deadline, ..picked.assignment(&visible) })
}

/// `POST /directives/{id}/assign`: one lead or several (each leading a task of its own) and any
/// cooperating units, with a deadline (the directive's when left empty), in one step (its
/// issuing secretariat).
pub async fn assign(
    State(state): State<AppState>,
    viewer: Secretariat,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<AssignForm>,
) -> PageResult {
    let id = DirectiveId(id_of(&id)?);
    let fields = AssignFields {
        lead_unit_id: &form.lead_unit_id,
        lead_unit_ids: &form.lead_unit_ids,
        cooperating_unit_ids: &form.cooperating_unit_ids,
        deadline: &form.deadline,
    };
    let assignment = assignment_of(&state.ctx, &viewer.actor(), &fields).await?;
    meetings::assign(&state.ctx, &viewer.actor(), id, assignment).await?;
    done(&form.back, id, "assigned")
}
