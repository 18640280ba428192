//! The drafting keyword rules and the escalation ladders.

use crate::web::pages::error::{PageError, PageResult};
use crate::web::pages::frame::Admin;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Nothing, PageId, choices, language};
use crate::{
    domain::{
        drafting::{Category, FUNCTIONS, KeywordRule, function_label},
        escalation::{STEP_OFFSETS, STEP_TEMPLATES},
        vocabulary::Audience,
    },
    services::{
        drafts::{self, StoredRule},
        escalation,
    },
    web::{
        AppState,
        pages::frame::{CsrfForm, Viewer, see_other},
    },
};

fn function_name(viewer: &Viewer, code: &str) -> String {
    function_label(code, language(viewer)).unwrap_or(code).to_owned()
}

fn rule_row(viewer: &Viewer, stored: &StoredRule) -> Value {
    let rule = &stored.rule;
    json!({
        "id": stored.id,
        "keyword": rule.keyword,
        "category": rule.category.label(language(viewer)),
        "lead": rule.lead_function.as_deref().map(|f| function_name(viewer, f)),
        "cooperating": rule.cooperating_functions.iter().map(|f| function_name(viewer, f)).collect::<Vec<_>>().join(", "),
        "weight": rule.weight,
    })
}

/// The form's selects and values for a rule (an empty one for a new rule).
fn rule_form(viewer: &Viewer, rule: Option<&KeywordRule>) -> Value {
    let lead = rule.and_then(|r| r.lead_function.as_deref());
    let cooperating = rule.map(|r| r.cooperating_functions.clone()).unwrap_or_default();
    json!({
        "keyword": rule.map(|r| r.keyword.clone()).unwrap_or_default(),
        "weight": rule.map_or(10, |r| r.weight),
        "categories": choices(Category::ALL, |c| c.as_str(), |c| c.label(language(viewer)).to_owned(),
                              rule.map(|r| r.category)),
        "leads": FUNCTIONS.iter().map(|f| json!({ "value": f, "label": function_name(viewer, f),
                                                     "selected": Some(*f) == lead })).collect::<Vec<_>>(),
        "cooperating": FUNCTIONS.iter().map(|f| json!({ "value": f, "label": function_name(viewer, f),
                                                          "checked": cooperating.iter().any(|c| c == f) }))
                                .collect::<Vec<_>>(),
    })
}

/// The keyword rules drafting suggests categories and units by, and the form for a new one.
pub async fn rules(State(state): State<AppState>, viewer: Admin) -> PageResult {
    let rules = drafts::list_rules(&state.ctx).await?;
    let rows: Vec<Value> = rules.iter().map(|r| rule_row(&viewer, r)).collect();
    viewer.render(
        &state,
        "pages/admin/rules",
        &viewer.t("admin-rules-title"),
        json!({ "rules": rows, "form": rule_form(&viewer, None) }),
    )
}

/// One rule: edit it or delete it.
pub async fn rule(State(state): State<AppState>, viewer: Admin, PageId(id): PageId) -> PageResult {
    let stored = drafts::list_rules(&state.ctx)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(PageError::not_found("keyword rule"))?;
    viewer.render(
        &state,
        "pages/admin/rule",
        &stored.rule.keyword,
        json!({ "rule": rule_row(&viewer, &stored), "form": rule_form(&viewer, Some(&stored.rule)) }),
    )
}

#[derive(Deserialize)]
pub struct RuleForm {
    keyword: String,
    category: Category,
    lead_function: Option<String>,
    #[serde(default)]
    cooperating_functions: Vec<String>,
    weight: i32,
}

impl From<RuleForm> for KeywordRule {
    fn from(form: RuleForm) -> Self {
        KeywordRule {
            keyword: form.keyword,
            category: form.category,
            lead_function: form.lead_function.filter(|f| !f.trim().is_empty()),
            cooperating_functions: form.cooperating_functions.into_iter().filter(|f| !f.trim().is_empty()).collect(),
            weight: form.weight,
        }
    }
}

pub async fn create_rule(
    State(state): State<AppState>,
    viewer: Admin,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> PageResult {
    drafts::put_rule(&state.ctx, &viewer.actor(), None, form.into()).await?;
    Ok(see_other("/admin/rules?notice=notice-admin-rule-saved"))
}

pub async fn edit_rule(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> PageResult {
    drafts::put_rule(&state.ctx, &viewer.actor(), Some(id), form.into()).await?;
    Ok(see_other("/admin/rules?notice=notice-admin-rule-saved"))
}

pub async fn delete_rule(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(_): CsrfForm<Nothing>,
) -> PageResult {
    drafts::delete_rule(&state.ctx, &viewer.actor(), id).await?;
    Ok(see_other("/admin/rules?notice=notice-admin-rule-deleted"))
}

/// The escalation policies, each with its ladder and a form for one more step.
pub async fn escalation(State(state): State<AppState>, viewer: Admin) -> PageResult {
    let policies = escalation::policies(&state.ctx, &viewer.actor()).await?;
    let audience = |a: Audience| viewer.t(&format!("admin-audience-{}", a.as_str()));
    let template = |t: &str| viewer.t(&format!("admin-template-{t}"));
    let rows: Vec<Value> = policies
        .iter()
        .map(|p| {
            let mut steps = p.steps.clone();
            steps.sort_by_key(|s| s.offset_days);
            json!({
                "id": p.id, "name": p.name, "active": p.active,
                "priority": p.priority.map(|pr| viewer.t(&format!("priority-{}", pr.as_str()))),
                "steps": steps.iter().map(|s| json!({
                    "id": s.id,
                    "offset": s.offset_days,
                    "when": if s.offset_days < 0 {
                        viewer.t_with("admin-step-before", &[("days", (-s.offset_days).into())])
                    } else if s.offset_days == 0 {
                        viewer.t("admin-step-on")
                    } else {
                        viewer.t_with("admin-step-after", &[("days", s.offset_days.into())])
                    },
                    "audience": audience(s.audience),
                    "template": template(&s.template),
                })).collect::<Vec<_>>(),
                "removable": p.steps.len() > 1,
            })
        })
        .collect();
    viewer.render(
        &state,
        "pages/admin/escalation",
        &viewer.t("admin-escalation-title"),
        json!({
            "policies": rows,
            "audiences": choices(Audience::ALL, |a| a.as_str(), audience, None),
            "templates": STEP_TEMPLATES.iter().map(|t| json!({ "value": t, "label": template(t) })).collect::<Vec<_>>(),
            "min_offset": STEP_OFFSETS.start(),
            "max_offset": STEP_OFFSETS.end(),
        }),
    )
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
