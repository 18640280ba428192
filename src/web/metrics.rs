//! `/metrics` in the Prometheus text format: requests by route, method and status, their
//! latency, the tasks in each status, and the outbox's messages in each status (its depth). The `metrics` crate records; its Prometheus
//! exporter renders.

use std::{sync::OnceLock, time::Instant};

use axum::{
    extract::{MatchedPath, Request, State},
    http::{Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use super::{AppState, WebError, auth::Auth};
use crate::services::operations;

/// Latency buckets, in seconds: a read should answer in milliseconds, an upload may take long.
const BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 60.0];

static RECORDER: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's one recorder, installed on first use: every app in a process (the tests run
/// many) records into it.
pub fn recorder() -> Option<&'static PrometheusHandle> {
    RECORDER.get_or_init(|| PrometheusBuilder::new().set_buckets(BUCKETS).ok()?.install_recorder().ok()).as_ref()
}

/// The methods counted by name; any other a caller invents is counted as "other".
const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"];

/// The label of a request's method: one of [`METHODS`], or "other".
fn method_label(method: &Method) -> &'static str {
    METHODS.iter().find(|m| **m == method.as_str()).copied().unwrap_or("other")
}

/// Counts and times each request. Every label comes from a closed set, so no caller can add
/// series: the method by [`method_label`], the route's template as the router declared it
/// (never the path asked for), and the status code the app answered with.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let elapsed = started.elapsed().as_secs_f64();
    let status = response.status().as_u16().to_string();
    metrics::counter!("duban_http_requests_total", "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("duban_http_request_duration_seconds", "method" => method, "route" => route).record(elapsed);
    response
}

/// The scrape (admins: send an admin's API token as Prometheus's bearer token).
pub async fn scrape(State(state): State<AppState>, auth: Auth) -> Result<Response, WebError> {
    let counts = operations::tasks_by_status(&state.ctx, &auth.actor()).await?;
    let recorder =
        recorder().ok_or_else(|| WebError::Internal("the metrics recorder could not be installed".into()))?;
    for (status, n) in counts {
        metrics::gauge!("duban_tasks", "status" => status.as_str()).set(n as f64);
    }
    for (status, n) in operations::outbox_by_status(&state.ctx, &auth.actor()).await? {
        metrics::gauge!("duban_outbox_messages", "status" => status.as_str()).set(n as f64);
    }
    recorder.run_upkeep();
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], recorder.render()).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_method_nobody_declared_is_other() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::from_bytes(b"PATCH").expect("method")), "PATCH");
        for invented in [&b"FOO"[..], b"get", b"GETX", b"X-1234"] {
            assert_eq!(method_label(&Method::from_bytes(invented).expect("method")), "other");
        }
    }
}
