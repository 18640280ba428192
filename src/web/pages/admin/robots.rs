//! A unit's group robots on the unit's admin page: add one, change it, remove it. Forms only,
//! no script; the webhook's token and the secret are never put back into a page.

use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::{Confirm, PageId, units::given};
use crate::{
    domain::{ids::UnitId, vocabulary::RobotKind},
    services::robots::{self, Robot, RobotInput},
    web::{
        AppState,
        pages::{
            error::PageResult,
            frame::{Admin, CsrfForm, Viewer, see_other},
            view::Choice,
        },
    },
};

/// One robot as the unit's page lists it, with the kinds to choose from in its form.
#[derive(Serialize)]
pub(super) struct RobotRow {
    id: i64,
    kind: String,
    name: String,
    webhook: String,
    signed: bool,
    enabled: bool,
    kinds: Vec<Choice>,
}

pub(super) fn kind_choices(viewer: &Viewer, selected: Option<RobotKind>) -> Vec<Choice> {
    Choice::all(RobotKind::ALL, selected, RobotKind::as_str, |k| viewer.term("robot-kind", k.as_str()))
}

impl RobotRow {
    pub(super) fn new(viewer: &Viewer, robot: Robot) -> RobotRow {
        RobotRow {
            id: robot.id,
            kind: viewer.term("robot-kind", robot.kind.as_str()),
            name: robot.name,
            webhook: robot.webhook,
            signed: robot.signed,
            enabled: robot.enabled,
            kinds: kind_choices(viewer, Some(robot.kind)),
        }
    }
}

/// The robot form: an unticked box is not sent, so `enabled` and `clear_secret` are "yes" or absent.
#[derive(Deserialize)]
pub struct RobotForm {
    kind: RobotKind,
    name: String,
    #[serde(default)]
    webhook_url: Option<String>,
    #[serde(default)]
    secret: Option<String>,
    #[serde(default)]
    clear_secret: Option<String>,
    #[serde(default)]
    enabled: Option<String>,
}

impl From<RobotForm> for RobotInput {
    fn from(form: RobotForm) -> Self {
        RobotInput {
            kind: form.kind,
            name: form.name,
            webhook_url: given(form.webhook_url),
            secret: given(form.secret),
            clear_secret: form.clear_secret.as_deref() == Some("yes"),
            enabled: form.enabled.as_deref() == Some("yes"),
        }
    }
}

pub async fn create_robot(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(unit): PageId,
    CsrfForm(form): CsrfForm<RobotForm>,
) -> PageResult {
    robots::create(&state.ctx, &viewer.actor(), UnitId(unit), form.into()).await?;
    Ok(see_other(&format!("/admin/units/{unit}?notice=notice-admin-robot-saved#robots")))
}

pub async fn update_robot(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<RobotForm>,
) -> PageResult {
    let robot = robots::update(&state.ctx, &viewer.actor(), id, form.into()).await?;
    Ok(see_other(&format!("/admin/units/{}?notice=notice-admin-robot-saved#robots", robot.unit_id)))
}

pub async fn delete_robot(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<Confirm>,
) -> PageResult {
    form.required()?;
    let actor = viewer.actor();
    let unit = robots::unit_of(&state.ctx, &actor, id).await?;
    robots::remove(&state.ctx, &actor, id).await?;
    Ok(see_other(&format!("/admin/units/{}?notice=notice-admin-robot-removed#robots", unit.0)))
}
