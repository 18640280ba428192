//! Server-rendered pages (the overview of meetings) and the health check.

use axum::{
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{AppState, WebError};
use crate::{
    domain::vocabulary::{Locale, UnitLevel},
    services,
};

const ZH: &str = include_str!("../../locales/zh.json");
const EN: &str = include_str!("../../locales/en.json");

#[derive(Debug, Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// `?lang=` wins, then the browser's Accept-Language, then Chinese.
fn locale(query: &LangQuery, headers: &HeaderMap) -> Locale {
    if let Some(lang) = query.lang.as_deref().and_then(|l| l.parse().ok()) {
        return lang;
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if accept.trim_start().starts_with("en") { Locale::En } else { Locale::Zh }
}

fn strings(locale: Locale) -> Value {
    let text = match locale {
        Locale::Zh => ZH,
        Locale::En => EN,
    };
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn level_label(t: &Value, level: UnitLevel) -> String {
    t[format!("level_{}", level.as_str())].as_str().unwrap_or(level.as_str()).to_owned()
}

/// The meetings, their directives and task counts per level of the assignee units.
pub async fn home(
    State(state): State<AppState>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Html<String>, WebError> {
    let ctx = &state.ctx;
    let now = ctx.clock.now();
    let locale = locale(&query, &headers);
    let t = strings(locale);
    let meetings = services::overview::meetings(&ctx.db, now).await?;
    let tz = ctx.config.time_zone;
    let meetings: Vec<Value> = meetings
        .into_iter()
        .map(|m| {
            let mut value = json!(m);
            for (i, d) in m.directives.iter().enumerate() {
                value["directives"][i]["category_label"] = json!(match locale {
                    Locale::Zh => d.category.label_zh(),
                    Locale::En => d.category.label_en(),
                });
                value["directives"][i]["deadline_local"] =
                    json!(d.deadline.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string());
                for (j, level) in d.levels.iter().enumerate() {
                    value["directives"][i]["levels"][j]["level_label"] = json!(level_label(&t, level.level));
                }
            }
            value
        })
        .collect();
    let title = t["app_name"].clone();
    let body = state.templates.render(
        "pages/home",
        &json!({ "t": t, "title": title, "english": locale == Locale::En, "meetings": meetings }),
    )?;
    Ok(Html(body))
}

/// 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> Response {
    if state.ctx.database_reachable().await {
        (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], r#"{"status":"ok","database":"reachable"}"#)
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":"error","database":"unreachable"}"#,
        )
            .into_response()
    }
}
