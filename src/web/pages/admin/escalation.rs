//! The escalation ladders: each policy with its steps, a form for one more step, and the
//! removal of a step (a ladder keeps at least one).

use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::PageId;
use crate::{
    domain::{
        escalation::{STEP_OFFSETS, STEP_TEMPLATES},
        vocabulary::Audience,
    },
    services::{access, escalation},
    web::{
        AppState,
        pages::{
            error::PageResult,
            frame::{Admin, CsrfForm, Nothing, see_other},
            view::{Choice, page},
        },
    },
};

#[derive(Serialize)]
struct StepRow {
    id: i64,
    offset: i32,
    when: String,
    audience: String,
    template: String,
}

#[derive(Serialize)]
struct PolicyView {
    id: i64,
    name: String,
    active: bool,
    priority: Option<String>,
    steps: Vec<StepRow>,
    removable: bool,
}

#[derive(Serialize)]
struct EscalationPage {
    policies: Vec<PolicyView>,
    audiences: Vec<Choice>,
    templates: Vec<Choice>,
    min_offset: i32,
    max_offset: i32,
    /// Whether the viewer administers everyone, and so may change the ladders.
    may_change: bool,
}
page!(EscalationPage => "pages/admin/escalation");

/// The escalation policies, each with its ladder and a form for one more step.
pub async fn escalation(State(state): State<AppState>, viewer: Admin) -> PageResult {
    let policies = escalation::policies(&state.ctx, &viewer.actor()).await?;
    let audience = |a: Audience| viewer.term("admin-audience", a.as_str());
    let template = |t: &str| viewer.term("admin-template", t);
    let policies = policies
        .iter()
        .map(|p| {
            let mut steps = p.steps.clone();
            steps.sort_by_key(|s| s.offset_days);
            PolicyView {
                id: p.id,
                name: p.name.clone(),
                active: p.active,
                priority: p.priority.map(|pr| viewer.term("priority", pr.as_str())),
                steps: steps
                    .iter()
                    .map(|s| StepRow {
                        id: s.id,
                        offset: s.offset_days,
                        when: if s.offset_days < 0 {
                            viewer.t_with("admin-step-before", &[("days", (-s.offset_days).into())])
                        } else if s.offset_days == 0 {
                            viewer.t("admin-step-on")
                        } else {
                            viewer.t_with("admin-step-after", &[("days", s.offset_days.into())])
                        },
                        audience: audience(s.audience),
                        template: template(&s.template),
                    })
                    .collect(),
                removable: p.steps.len() > 1,
            }
        })
        .collect();
    let view = EscalationPage {
        policies,
        audiences: Choice::all(Audience::ALL, None, Audience::as_str, audience),
        templates: STEP_TEMPLATES.iter().map(|t| Choice::new(t, template(t), false)).collect(),
        min_offset: *STEP_OFFSETS.start(),
        max_offset: *STEP_OFFSETS.end(),
        may_change: access::administers_everyone(&state.ctx, &viewer.actor()).await?,
    };
    viewer.render(&state, &viewer.t("admin-escalation-title"), &view)
}

#[derive(Deserialize)]
pub struct StepForm {
    offset_days: i32,
    audience: Audience,
    template: String,
}

pub async fn add_step(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(policy_id): PageId,
    CsrfForm(form): CsrfForm<StepForm>,
) -> PageResult {
    escalation::add_step(&state.ctx, &viewer.actor(), policy_id, form.offset_days, form.audience, &form.template)
        .await?;
    Ok(see_other("/admin/escalation?notice=notice-admin-step-added"))
}

pub async fn remove_step(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(_): CsrfForm<Nothing>,
) -> PageResult {
    escalation::remove_step(&state.ctx, &viewer.actor(), id).await?;
    Ok(see_other("/admin/escalation?notice=notice-admin-step-removed"))
}
