//! The unit tree: list, create, edit, move, deactivate, and import a units file (checked
//! first, then applied).

use axum::extract::{Multipart, State};
use serde::{Deserialize, Serialize};

use super::{
    Confirm, PageId, language,
    robots::{RobotRow, kind_choices},
    unit_choices, uploaded_text,
};
use crate::{
    domain::{
        drafting::{FUNCTIONS, function_label},
        ids::UnitId,
        organisation::{Change, UnitFields},
        unit_names,
        vocabulary::{UnitKind, UnitLevel},
    },
    services::{
        access,
        admin::{self, TreeUnit, UnitEdit},
        robots, units_import,
    },
    web::{
        AppState,
        pages::{
            error::{PageError, PageResult},
            frame::{Admin, CsrfForm, Viewer, see_other},
            view::{Choice, page},
        },
    },
};

/// An optional text field: left empty, it is not given.
pub(super) fn given(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn function_choices(viewer: &Viewer, selected: Option<&str>) -> Vec<Choice> {
    FUNCTIONS
        .iter()
        .map(|code| Choice::new(code, function_label(code, language(viewer)).unwrap_or(code), Some(*code) == selected))
        .collect()
}

/// One unit of the tree, as the list and the unit's own page show it.
#[derive(Serialize)]
struct UnitRow {
    id: UnitId,
    key: String,
    name: String,
    name_zh: String,
    name_en: String,
    depth: usize,
    active: bool,
    kind: String,
    level: String,
    function: Option<String>,
    email: Option<String>,
    head_email: Option<String>,
    short_name: Option<String>,
    /// One a line, as the form's text area holds them.
    aliases: String,
    /// The prefix of its directives' 文号.
    doc_prefix: Option<String>,
}

impl UnitRow {
    fn new(viewer: &Viewer, t: &TreeUnit) -> UnitRow {
        let u = &t.unit;
        UnitRow {
            id: u.id,
            key: u.key.clone(),
            name: viewer.unit_name(u),
            name_zh: u.name_zh.clone(),
            name_en: u.name_en.clone(),
            depth: t.depth.min(6),
            active: u.active,
            kind: viewer.term("kind", u.kind.as_str()),
            level: viewer.level(u.level),
            function: u.function.as_deref().map(|f| function_label(f, language(viewer)).unwrap_or(f).to_owned()),
            email: t.email.clone(),
            head_email: t.head_email.clone(),
            short_name: u.short_name.clone(),
            aliases: unit_names::stored(&u.aliases),
            doc_prefix: u.doc_prefix.clone(),
        }
    }
}

#[derive(Serialize)]
struct UnitsPage {
    units: Vec<UnitRow>,
    parents: Vec<Choice>,
    kinds: Vec<Choice>,
    levels: Vec<Choice>,
    functions: Vec<Choice>,
    /// Whether the viewer administers everyone, and so may import a units file.
    may_import: bool,
}
page!(UnitsPage => "pages/admin/units");

/// The unit tree, the form for a new unit and the import of a units file.
pub async fn units(State(state): State<AppState>, viewer: Admin) -> PageResult {
    let tree = admin::unit_tree(&state.ctx, &viewer.actor()).await?;
    let view = UnitsPage {
        units: tree.iter().map(|t| UnitRow::new(&viewer, t)).collect(),
        parents: unit_choices(&viewer, &tree, Some(viewer.actor().unit_id)),
        kinds: Choice::all(UnitKind::ALL, Some(UnitKind::Department), UnitKind::as_str, |k| {
            viewer.term("kind", k.as_str())
        }),
        levels: Choice::all(UnitLevel::ALL, None, UnitLevel::as_str, |l| viewer.level(l)),
        functions: function_choices(&viewer, None),
        may_import: access::administers_everyone(&state.ctx, &viewer.actor()).await?,
    };
    viewer.render(&state, &viewer.t("admin-units-title"), &view)
}

#[derive(Deserialize)]
pub struct NewUnitForm {
    parent_id: i64,
    key: String,
    kind: UnitKind,
    level: UnitLevel,
    name_zh: String,
    name_en: String,
    function: Option<String>,
    email: Option<String>,
    head_email: Option<String>,
    short_name: Option<String>,
    /// One a line.
    aliases: Option<String>,
    doc_prefix: Option<String>,
}

pub async fn create_unit(
    State(state): State<AppState>,
    viewer: Admin,
    CsrfForm(form): CsrfForm<NewUnitForm>,
) -> PageResult {
    let fields = UnitFields {
        key: form.key.trim().to_owned(),
        parent_key: None,
        kind: form.kind,
        level: form.level,
        function: given(form.function),
        name_zh: form.name_zh,
        name_en: form.name_en,
        email: given(form.email),
        head_email: given(form.head_email),
        short_name: given(form.short_name),
        aliases: unit_names::from_stored(form.aliases.as_deref().unwrap_or("")),
        doc_prefix: given(form.doc_prefix),
    };
    let unit = admin::create_unit(&state.ctx, &viewer.actor(), UnitId(form.parent_id), fields).await?;
    Ok(see_other(&format!("/admin/units/{}?notice=notice-admin-unit-created", unit.id)))
}

#[derive(Serialize)]
struct UnitPage {
    unit: UnitRow,
    parent: Option<UnitRow>,
    parents: Vec<Choice>,
    functions: Vec<Choice>,
    own: bool,
    robots: Vec<RobotRow>,
    robot_kinds: Vec<Choice>,
}
page!(UnitPage => "pages/admin/unit");

/// One unit: its fields to edit, a new parent, and deactivation.
pub async fn unit(State(state): State<AppState>, viewer: Admin, PageId(id): PageId) -> PageResult {
    let tree = admin::unit_tree(&state.ctx, &viewer.actor()).await?;
    let this = tree.iter().find(|t| t.unit.id == UnitId(id)).ok_or(PageError::not_found("unit"))?;
    let parents = unit_choices(&viewer, &tree, this.unit.parent_id)
        .into_iter()
        .filter(|choice| choice.value != id.to_string())
        .collect();
    let parent = this.unit.parent_id.and_then(|p| tree.iter().find(|t| t.unit.id == p));
    let view = UnitPage {
        unit: UnitRow::new(&viewer, this),
        parent: parent.map(|t| UnitRow::new(&viewer, t)),
        parents,
        functions: function_choices(&viewer, this.unit.function.as_deref()),
        own: this.unit.id == viewer.actor().unit_id,
        robots: robots::of_unit(&state.ctx, &viewer.actor(), UnitId(id))
            .await?
            .into_iter()
            .map(|robot| RobotRow::new(&viewer, robot))
            .collect(),
        robot_kinds: kind_choices(&viewer, Some(crate::domain::vocabulary::RobotKind::Dingtalk)),
    };
    viewer.render(&state, &view.unit.name.clone(), &view)
}

#[derive(Deserialize)]
pub struct UnitEditForm {
    name_zh: String,
    name_en: String,
    function: Option<String>,
    email: Option<String>,
    head_email: Option<String>,
    short_name: Option<String>,
    /// One a line.
    aliases: Option<String>,
    doc_prefix: Option<String>,
}

pub async fn edit_unit(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<UnitEditForm>,
) -> PageResult {
    let edit = UnitEdit {
        name_zh: form.name_zh,
        name_en: form.name_en,
        function: given(form.function),
        email: given(form.email),
        head_email: given(form.head_email),
        short_name: given(form.short_name),
        aliases: unit_names::from_stored(form.aliases.as_deref().unwrap_or("")),
        doc_prefix: given(form.doc_prefix),
    };
    admin::edit_unit(&state.ctx, &viewer.actor(), UnitId(id), edit).await?;
    Ok(see_other(&format!("/admin/units/{id}?notice=notice-admin-unit-saved")))
}

#[derive(Deserialize)]
pub struct MoveUnitForm {
    parent_id: i64,
}

pub async fn move_unit(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<MoveUnitForm>,
) -> PageResult {
    admin::move_unit(&state.ctx, &viewer.actor(), UnitId(id), UnitId(form.parent_id)).await?;
    Ok(see_other(&format!("/admin/units/{id}?notice=notice-admin-unit-moved")))
}

pub async fn deactivate_unit(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<Confirm>,
) -> PageResult {
    form.required()?;
    admin::deactivate_unit(&state.ctx, &viewer.actor(), UnitId(id)).await?;
    Ok(see_other(&format!("/admin/units/{id}?notice=notice-admin-unit-deactivated")))
}

#[derive(Serialize)]
struct ImportStep {
    line: usize,
    key: String,
    name: String,
    change: String,
    details: String,
}

#[derive(Serialize)]
struct ImportPage {
    steps: Vec<ImportStep>,
    total: usize,
    added: usize,
    changed: usize,
    unchanged: usize,
    text: String,
}
page!(ImportPage => "pages/admin/units_import");

/// The dry run of a units file: what importing it would change, and a form to apply it.
pub async fn preview_import(State(state): State<AppState>, viewer: Admin, form: Multipart) -> PageResult {
    let text = uploaded_text(&viewer, form).await?;
    let plan = units_import::preview(&state.ctx, &viewer.actor(), &text).await?;
    let steps = plan
        .steps
        .iter()
        .filter(|step| step.change != Change::Unchanged || step.robot.is_some())
        .map(|step| {
            let unit = &step.unit;
            let (change, details) = match &step.change {
                Change::Add => ("admin-import-add", unit.parent_key.clone().unwrap_or_default()),
                Change::Update(changes) => (
                    if step.moves() { "admin-import-move" } else { "admin-import-change" },
                    changes
                        .iter()
                        .map(|c| format!("{}: {} → {}", c.field, c.before, c.after))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                Change::Unchanged => ("admin-import-unchanged", String::new()),
            };
            // The robot's webhook masked: the token in it is a secret.
            let details = match &step.robot {
                Some(robot) => {
                    let robot =
                        format!("{}: {} {}", robot.kind, robot.name, crate::domain::robots::mask(&robot.webhook_url));
                    if details.is_empty() { robot } else { format!("{details}; {robot}") }
                }
                None => details,
            };
            ImportStep {
                line: step.line,
                key: unit.key.clone(),
                name: viewer.pick(&unit.name_zh, &unit.name_en).to_owned(),
                change: viewer.t(change),
                details,
            }
        })
        .collect();
    let added = plan.count(|c| *c == Change::Add);
    let changed = plan.count(|c| matches!(c, Change::Update(_)));
    let total = plan.steps.len();
    let view = ImportPage { steps, total, added, changed, unchanged: total - added - changed, text };
    viewer.render(&state, &viewer.t("admin-import-title"), &view)
}

#[derive(Deserialize)]
pub struct ApplyImportForm {
    text: String,
}

pub async fn apply_import(
    State(state): State<AppState>,
    viewer: Admin,
    CsrfForm(form): CsrfForm<ApplyImportForm>,
) -> PageResult {
    units_import::import_by(&state.ctx, &viewer.actor(), &form.text).await?;
    Ok(see_other("/admin/units?notice=notice-admin-units-imported"))
}
