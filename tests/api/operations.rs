//! What operators rely on: readiness, Prometheus metrics for admins, a request id on every
//! answer, compressed bodies for clients that ask.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{Client, TestApp, spawn_app};

async fn get(app: &TestApp, client: Option<&Client>, path: &str) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(format!("{}{path}", app.address));
    if let Some(token) = client.and_then(|c| c.bearer.as_deref()) {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request reaches the app")
}

#[tokio::test]
async fn readiness_answers_from_the_database() {
    let app = spawn_app().await;
    let response = get(&app, None, "/readyz").await;
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["database"], "reachable");
}

#[tokio::test]
async fn metrics_are_for_admins_and_count_requests_by_route_and_tasks_by_status() {
    let app = spawn_app().await;
    app.seed_demo().await;
    assert_eq!(get(&app, None, "/metrics").await.status().as_u16(), 401);
    let officer = app.as_user("jj-yj").await;
    assert_eq!(get(&app, Some(&officer), "/metrics").await.status().as_u16(), 403);
    officer.get("/api/v1/inbox").await.expect(200);
    // The sweep puts the demo's overdue and unreported tasks' reminders in the outbox.
    duban::services::escalation::sweep(&app.ctx).await.expect("sweep");
    let admin = app.as_user("admin").await;
    let scraped = get(&app, Some(&admin), "/metrics").await;
    assert_eq!(scraped.status().as_u16(), 200);
    assert!(scraped.headers()["content-type"].to_str().is_ok_and(|t| t.starts_with("text/plain")));
    let text = scraped.text().await.expect("text");
    let inbox = "duban_http_requests_total{method=\"GET\",route=\"/api/v1/inbox\",status=\"200\"}";
    assert!(text.lines().any(|l| l.starts_with(inbox)), "the inbox request is counted:\n{text}");
    assert!(text.contains("duban_http_request_duration_seconds_bucket"), "latency is a histogram:\n{text}");
    // The gauge equals a count of the rows, status by status.
    for status in duban::domain::lifecycle::TaskStatus::ALL {
        let rows = duban::entities::tasks::Entity::find()
            .filter(duban::entities::tasks::Column::Status.eq(*status))
            .count(&app.ctx.db)
            .await
            .expect("count");
        let line = format!("duban_tasks{{status=\"{}\"}} {rows}", status.as_str());
        assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
    }
    // The outbox's depth, status by status: the sweep's messages wait in it as pending.
    let pending = duban::entities::notifications::Entity::find()
        .filter(
            duban::entities::notifications::Column::Status.eq(duban::domain::vocabulary::NotificationStatus::Pending),
        )
        .count(&app.ctx.db)
        .await
        .expect("count");
    assert!(pending > 0, "the sweep left messages to send");
    for status in duban::domain::vocabulary::NotificationStatus::ALL {
        let rows = duban::entities::notifications::Entity::find()
            .filter(duban::entities::notifications::Column::Status.eq(*status))
            .count(&app.ctx.db)
            .await
            .expect("count");
        let line = format!("duban_outbox_messages{{status=\"{}\"}} {rows}", status.as_str());
        assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
    }
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_keeps_one_it_was_given() {
    let app = spawn_app().await;
    let fresh = get(&app, None, "/healthz").await;
    let id = fresh.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    assert!(id.is_some_and(|id| id.len() == 36), "a UUID is made for a request that has none");
    let given = reqwest::Client::new()
        .get(format!("{}/api/v1/me", app.address))
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .expect("request reaches the app");
    assert_eq!(given.status().as_u16(), 401);
    assert_eq!(given.headers()["x-request-id"], "trace-me-42");
}

#[tokio::test]
async fn a_client_that_accepts_gzip_gets_the_api_document_compressed() {
    let app = spawn_app().await;
    let plain = get(&app, None, "/api/openapi.json").await;
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_len = plain.bytes().await.expect("body").len();
    let gzipped = reqwest::Client::new()
        .get(format!("{}/api/openapi.json", app.address))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("request reaches the app");
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    let gzipped_len = gzipped.bytes().await.expect("body").len();
    assert!(gzipped_len * 4 < plain_len, "{gzipped_len} bytes gzipped against {plain_len}");
}

#[tokio::test]
async fn a_stop_ends_within_the_grace_even_with_a_request_stuck_in_flight() {
    use tokio::io::AsyncWriteExt;
    // The app's own settings, served by hand so that the test holds the stop signal.
    let app = spawn_app().await;
    let mut config = (*app.ctx.config).clone();
    config.shutdown_grace = std::time::Duration::from_secs(1);
    let ctx = duban::services::Ctx { config: std::sync::Arc::new(config), ..app.ctx.clone() };
    let state = duban::app::state(ctx).expect("templates");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(duban::app::serve(listener, state, async move {
        stopped.await.expect("the test sends the stop signal");
    }));
    // A client that announces a body and never sends it: its request stays in flight until the
    // request timeout (300 s by default).
    let mut slow = tokio::net::TcpStream::connect(address).await.expect("connect");
    slow.write_all(
        b"POST /api/v1/session HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{",
    )
    .await
    .expect("a request begun");
    slow.flush().await.expect("sent");
    // The server has the request once it answers another one on a fresh connection.
    let ready = reqwest::get(format!("http://{address}/healthz")).await.expect("healthz");
    assert_eq!(ready.status(), 200);
    stop.send(()).expect("server running");
    // Far less than the request timeout, far more than the grace of one second.
    let ended = tokio::time::timeout(std::time::Duration::from_secs(30), server).await;
    assert!(ended.is_ok(), "the server stopped within the grace instead of waiting on the stuck request");
    ended.expect("ended").expect("joined").expect("served");
    drop(slow);
}
