//! The drafting keyword rules: the list, one rule to edit or delete, and a new one.

use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::{PageId, language};
use crate::{
    domain::drafting::{Category, FUNCTIONS, KeywordRule, function_label},
    services::{
        access,
        drafts::{self, StoredRule},
    },
    web::{
        AppState,
        pages::{
            error::{PageError, PageResult},
            frame::{Admin, CsrfForm, Nothing, Viewer, see_other},
            view::{Choice, page},
        },
    },
};

fn function_name(viewer: &Viewer, code: &str) -> String {
    function_label(code, language(viewer)).unwrap_or(code).to_owned()
}

#[derive(Serialize)]
struct RuleRow {
    id: i64,
    keyword: String,
    category: &'static str,
    lead: Option<String>,
    cooperating: String,
    weight: i32,
}

impl RuleRow {
    fn new(viewer: &Viewer, stored: &StoredRule) -> RuleRow {
        let rule = &stored.rule;
        RuleRow {
            id: stored.id,
            keyword: rule.keyword.clone(),
            category: rule.category.label(language(viewer)),
            lead: rule.lead_function.as_deref().map(|f| function_name(viewer, f)),
            cooperating: rule
                .cooperating_functions
                .iter()
                .map(|f| function_name(viewer, f))
                .collect::<Vec<_>>()
                .join(", "),
            weight: rule.weight,
        }
    }
}

/// The form's selects and values for a rule (an empty one for a new rule).
#[derive(Serialize)]
struct RuleFormView {
    keyword: String,
    weight: i32,
    categories: Vec<Choice>,
    leads: Vec<Choice>,
    cooperating: Vec<Choice>,
}

impl RuleFormView {
    fn new(viewer: &Viewer, rule: Option<&KeywordRule>) -> RuleFormView {
        let lead = rule.and_then(|r| r.lead_function.as_deref());
        let cooperating = rule.map(|r| r.cooperating_functions.as_slice()).unwrap_or_default();
        let functions = |chosen: &dyn Fn(&str) -> bool| {
            FUNCTIONS.iter().map(|f| Choice::new(f, function_name(viewer, f), chosen(f))).collect()
        };
        RuleFormView {
            keyword: rule.map(|r| r.keyword.clone()).unwrap_or_default(),
            weight: rule.map_or(10, |r| r.weight),
            categories: Choice::all(Category::ALL, rule.map(|r| r.category), Category::as_str, |c| {
                c.label(language(viewer)).to_owned()
            }),
            leads: functions(&|f| Some(f) == lead),
            cooperating: functions(&|f| cooperating.iter().any(|c| c == f)),
        }
    }
}

#[derive(Serialize)]
struct RulesPage {
    rules: Vec<RuleRow>,
    form: RuleFormView,
    /// Whether the viewer administers everyone, and so may change the rules.
    may_change: bool,
}
page!(RulesPage => "pages/admin/rules");

/// The keyword rules drafting suggests categories and units by, and the form for a new one.
pub async fn rules(State(state): State<AppState>, viewer: Admin) -> PageResult {
    let rules = drafts::list_rules(&state.ctx).await?;
    let view = RulesPage {
        rules: rules.iter().map(|r| RuleRow::new(&viewer, r)).collect(),
        form: RuleFormView::new(&viewer, None),
        may_change: access::administers_everyone(&state.ctx, &viewer.actor()).await?,
    };
    viewer.render(&state, &viewer.t("admin-rules-title"), &view)
}

#[derive(Serialize)]
struct RulePage {
    rule: RuleRow,
    form: RuleFormView,
    may_change: bool,
}
page!(RulePage => "pages/admin/rule");

/// One rule: edit it or delete it.
pub async fn rule(State(state): State<AppState>, viewer: Admin, PageId(id): PageId) -> PageResult {
    let stored = drafts::list_rules(&state.ctx)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(PageError::not_found("keyword rule"))?;
    let view = RulePage {
        rule: RuleRow::new(&viewer, &stored),
        form: RuleFormView::new(&viewer, Some(&stored.rule)),
        may_change: access::administers_everyone(&state.ctx, &viewer.actor()).await?,
    };
    viewer.render(&state, &stored.rule.keyword, &view)
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
