//! The working-day calendar of a year: holidays and make-up working days, added one by one or
//! loaded from a CSV file.

use crate::domain::message::Message;
use axum::extract::{Multipart, Path, Query, State};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::uploaded_text;
use crate::{
    domain::vocabulary::DayKind,
    services::{access, calendar},
    web::{
        AppState,
        pages::{
            error::{PageError, PageResult},
            frame::{Admin, CsrfForm, Nothing, see_other},
            view::{Choice, page},
        },
    },
};

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

#[derive(Serialize)]
struct DayRow {
    day: String,
    weekday: String,
    kind: &'static str,
    kind_label: String,
    name: String,
}

#[derive(Serialize)]
struct CalendarPage {
    year: i32,
    previous_year: Option<i32>,
    next_year: Option<i32>,
    days: Vec<DayRow>,
    kinds: Vec<Choice>,
    first_day: String,
    last_day: String,
    /// Whether the viewer administers everyone, and so may change the calendar.
    may_change: bool,
}
page!(CalendarPage => "pages/admin/calendar");

/// The calendar of `?year=` (this year by default).
pub async fn calendar(State(state): State<AppState>, viewer: Admin, Query(query): Query<YearQuery>) -> PageResult {
    let this_year = state.ctx.today().year();
    let year = match query.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => this_year,
        Some(text) => text.parse::<i32>().ok().filter(|y| YEARS.contains(y)).ok_or_else(|| {
            PageError::bad_request("year", Message::new("error-year").number("min", 2000).number("max", 2100))
        })?,
    };
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| {
        PageError::bad_request("year", Message::new("error-year").number("min", 2000).number("max", 2100))
    })?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| {
        PageError::bad_request("year", Message::new("error-year").number("min", 2000).number("max", 2100))
    })?;
    let days = calendar::list(&state.ctx, first, last)
        .await?
        .into_iter()
        .map(|d| DayRow {
            day: d.day.to_string(),
            weekday: viewer.term("admin-weekday", &d.day.weekday().num_days_from_monday().to_string()),
            kind: d.kind.as_str(),
            kind_label: viewer.term("admin-day", d.kind.as_str()),
            name: crate::domain::format::one_language(viewer.locale, &d.name).to_owned(),
        })
        .collect();
    let view = CalendarPage {
        year,
        previous_year: (year > *YEARS.start()).then_some(year - 1),
        next_year: (year < *YEARS.end()).then_some(year + 1),
        days,
        kinds: Choice::all(DayKind::ALL, None, DayKind::as_str, |k| viewer.term("admin-day", k.as_str())),
        first_day: first.to_string(),
        last_day: last.to_string(),
        may_change: access::administers_everyone(&state.ctx, &viewer.actor()).await?,
    };
    viewer.render(&state, &viewer.t_with("admin-calendar-title", &[("year", year.into())]), &view)
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
    let day: NaiveDate = day
        .parse()
        .map_err(|_| PageError::bad_request("day", Message::new("error-not-a-date").text("value", day.clone())))?;
    calendar::remove(&state.ctx, &viewer.actor(), day).await?;
    Ok(see_other(&format!("/admin/calendar?year={}&notice=notice-admin-day-removed", day.year())))
}

/// Loads a calendar file (the format of `duban calendar import`).
pub async fn import(State(state): State<AppState>, viewer: Admin, form: Multipart) -> PageResult {
    let text = uploaded_text(&viewer, form).await?;
    calendar::import_by(&state.ctx, &viewer.actor(), &text).await?;
    Ok(see_other("/admin/calendar?notice=notice-admin-calendar-imported"))
}
