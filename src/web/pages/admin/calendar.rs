//! The working-day calendar of a year: holidays and make-up working days, added one by one or
//! loaded from a CSV file.

use crate::web::pages::error::{PageError, PageResult};
use crate::web::pages::frame::Admin;
use axum::extract::{Multipart, Path, Query, State};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Nothing, choices, read_upload};
use crate::{
    domain::vocabulary::DayKind,
    services::calendar,
    web::{
        AppState, forms,
        pages::frame::{CsrfForm, see_other},
    },
};

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The calendar of `?year=` (this year by default).
pub async fn calendar(State(state): State<AppState>, viewer: Admin, Query(query): Query<YearQuery>) -> PageResult {
    let this_year = state.ctx.clock.now().with_timezone(&state.ctx.config.time_zone).year();
    let year = match query.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => this_year,
        Some(text) => text
            .parse::<i32>()
            .ok()
            .filter(|y| YEARS.contains(y))
            .ok_or_else(|| PageError::bad_request("year", "must be a year from 2000 to 2100"))?,
    };
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| PageError::bad_request("year", "not a year"))?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| PageError::bad_request("year", "not a year"))?;
    let days: Vec<Value> = calendar::list(&state.ctx, first, last)
        .await?
        .into_iter()
        .map(|d| {
            json!({
                "day": d.day.to_string(),
                "weekday": viewer.t(&format!("admin-weekday-{}", d.day.weekday().num_days_from_monday())),
                "kind": d.kind.as_str(),
                "kind_label": viewer.t(&format!("admin-day-{}", d.kind.as_str())),
                "name": d.name,
            })
        })
        .collect();
    viewer.render(
        &state,
        "pages/admin/calendar",
        &viewer.t_with("admin-calendar-title", &[("year", year.into())]),
        json!({
            "year": year,
            "previous_year": (year > *YEARS.start()).then_some(year - 1),
            "next_year": (year < *YEARS.end()).then_some(year + 1),
            "days": days,
            "kinds": choices(DayKind::ALL, |k| k.as_str(), |k| viewer.t(&format!("admin-day-{}", k.as_str())), None),
            "first_day": first.to_string(),
            "last_day": last.to_string(),
        }),
    )
}

#[derive(Deserialize)]
pub struct DayForm {
    day: NaiveDate,
    kind: DayKind,
    name: String,
}

pub async fn add_day(State(state): State<AppState>, viewer: Admin, CsrfForm(form): CsrfForm<DayForm>) -> PageResult {
    calendar::put(&state.ctx, &viewer.actor(), form.day, form.kind, &form.name).await?;
    Ok(see_other(&format!("/admin/calendar?year={}&notice=notice-admin-day-saved", form.day.year())))
}

pub async fn remove_day(
    State(state): State<AppState>,
    viewer: Admin,
    Path(day): Path<String>,
    CsrfForm(_): CsrfForm<Nothing>,
) -> PageResult {
    let day: NaiveDate = day.parse().map_err(|_| PageError::bad_request("day", "must be a date such as 2026-10-01"))?;
    calendar::remove(&state.ctx, &viewer.actor(), day).await?;
    Ok(see_other(&format!("/admin/calendar?year={}&notice=notice-admin-day-removed", day.year())))
}

/// Loads a calendar file (the format of `duban calendar import`).
pub async fn import(State(state): State<AppState>, viewer: Admin, form: Multipart) -> PageResult {
    let fields = read_upload(&viewer, form).await?;
    let text = forms::uploaded_file(&fields)?;
    calendar::import_by(&state.ctx, &viewer.actor(), &text).await?;
    Ok(see_other("/admin/calendar?notice=notice-admin-calendar-imported"))
}
