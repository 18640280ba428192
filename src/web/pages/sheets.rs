//! The printable sheets offices file: `GET /directives/{id}/sheet` (督办单) and
//! `GET /tasks/{id}/sheet` (交办单), A4 pages whose print style drops the navigation. Each is
//! shown to whoever may see the directive or the task, and is 404 for anyone else
//! (`services::documents` decides, by the one visibility rule).

use axum::extract::{Path, State};
use serde::Serialize;

use super::{
    directives::id_of,
    error::PageResult,
    frame::{Reader, Viewer},
    view::{InstructionView, page},
};
use crate::{
    domain::{format, ids::TaskId, vocabulary::TaskRole},
    services::documents::{self, Sheet},
    web::AppState,
};

#[derive(Serialize)]
struct SheetPage {
    /// 督办单 or 交办单, in the reader's language.
    kind: String,
    /// The 文号, when the directive has one.
    doc_number: Option<String>,
    issuer: String,
    title: String,
    directive_title: String,
    /// The directive's requirement, and the task's own words when they differ.
    requirement: String,
    task_text: Option<String>,
    lead: Vec<String>,
    cooperating: Vec<String>,
    deadline: String,
    instructions: Vec<InstructionView>,
    contact_unit: String,
    contact_person: String,
    contact_email: String,
    /// The unit that signs the receipt (交办单), and when it acknowledged, if it did.
    receipt_unit: String,
    acknowledged_at: Option<String>,
    issued_on: String,
    back: String,
}
page!(SheetPage => "pages/sheets/show");

fn view(viewer: &Viewer, state: &AppState, sheet: Sheet, back: String) -> SheetPage {
    let zone = state.ctx.zone();
    let names = |role: TaskRole| -> Vec<String> {
        sheet.units.iter().filter(|n| n.role == role).map(|n| viewer.unit_name(&n.unit)).collect()
    };
    let (lead, cooperating) = (names(TaskRole::Lead), names(TaskRole::Cooperating));
    let directive_title = viewer.directive_title(&sheet.directive);
    let requirement = sheet.directive.fields.body.clone();
    let (kind, title, task_text, receipt_unit) = match &sheet.task {
        Some(task) => (
            viewer.t("sheet-task-kind"),
            task.title.clone(),
            Some(task.description.clone()).filter(|d| !d.trim().is_empty() && *d != requirement),
            sheet.units.iter().find(|n| n.unit.id == task.assignee_unit_id).map(|n| viewer.unit_name(&n.unit)),
        ),
        None => (viewer.t("sheet-directive-kind"), directive_title.clone(), None, None),
    };
    let receipt_unit = receipt_unit.unwrap_or_default();
    let when = sheet.directive.issued_at.or(sheet.task.as_ref().map(|t| t.created_at));
    SheetPage {
        kind,
        doc_number: sheet.directive.doc_number.clone(),
        issuer: viewer.unit_name(&sheet.issuer),
        title,
        directive_title,
        requirement,
        task_text,
        lead,
        cooperating,
        deadline: format::datetime(viewer.locale, zone, sheet.deadline),
        instructions: sheet
            .instructions
            .iter()
            .map(|s| InstructionView {
                author: s.author_name.clone(),
                body: s.instruction.body.clone(),
                at: s.instruction.created_at.to_rfc3339(),
            })
            .collect(),
        contact_unit: sheet.contact.unit.as_ref().map(|u| viewer.unit_name(u)).unwrap_or_default(),
        contact_person: sheet.contact.person.clone().unwrap_or_default(),
        contact_email: sheet.contact.email.clone().unwrap_or_default(),
        receipt_unit,
        acknowledged_at: sheet.acknowledged_at.map(|at| format::datetime(viewer.locale, zone, at)),
        issued_on: when.map(|at| format::date(viewer.locale, format::day_of(zone, at))).unwrap_or_default(),
        back,
    }
}

/// `GET /directives/{id}/sheet`: the 督办单 of a directive.
pub async fn directive(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PageResult {
    let id = crate::domain::ids::DirectiveId(id_of(&id)?);
    let sheet = documents::directive_sheet(&state.ctx, &viewer.actor(), id).await?;
    let page = view(&viewer, &state, sheet, format!("/directives/{id}"));
    let title = format!("{} · {}", page.kind, page.title);
    viewer.render(&state, &title, &page)
}

/// `GET /tasks/{id}/sheet`: the 交办单 of a task.
pub async fn task(State(state): State<AppState>, viewer: Reader, Path(id): Path<TaskId>) -> PageResult {
    let sheet = documents::task_sheet(&state.ctx, &viewer.actor(), id).await?;
    let page = view(&viewer, &state, sheet, format!("/tasks/{id}"));
    let title = format!("{} · {}", page.kind, page.title);
    viewer.render(&state, &title, &page)
}
