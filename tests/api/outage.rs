//! While the database cannot be reached, every answer says so: 503 with Retry-After, on the
//! API, on the pages and on /readyz, never a 500 "internal error" nor a trip to the sign-in
//! page. The outage is made by closing the app's connection pools, which is what a server
//! that refuses connections looks like from inside: no connection can be had.

use duban::services::demo;

use crate::helpers::spawn_demo;

#[tokio::test]
async fn an_unreachable_database_is_answered_503_with_retry_after_on_the_api_and_the_pages() {
    let app = spawn_demo().await;
    let api = app.as_user("jj-yj").await;
    let browser = app.browse_as("jj-yj", demo::DEMO_PASSWORD).await;
    assert_eq!(api.get("/api/v1/tasks").await.status, 200, "served while the database is there");
    let page = browser.get(format!("{}/inbox", app.address)).send().await.expect("page");
    assert_eq!(page.status().as_u16(), 200);

    app.ctx.db.clone().close().await.expect("close the writer's pool");
    app.ctx.reads.clone().close().await.ok();

    let api_get = |path: &'static str| {
        let (http, token, base) = (reqwest::Client::new(), api.bearer.clone().expect("token"), app.address.clone());
        async move { http.get(format!("{base}{path}")).bearer_auth(token).send().await.expect("answer") }
    };
    for path in ["/api/v1/tasks", "/api/v1/me", "/api/v1/outbox"] {
        let answer = api_get(path).await;
        assert_eq!(answer.status().as_u16(), 503, "{path}");
        assert!(answer.headers().get("retry-after").is_some(), "{path} says when to try again");
        let body: serde_json::Value = answer.json().await.expect("problem+json");
        assert_eq!(body["status"], 503, "{body}");
        assert_ne!(body["title"], "internal error", "{body}");
    }
    let signing_in = reqwest::Client::new().post(format!("{}/api/v1/session", app.address)).json(&serde_json::json!({
        "username": "jj-yj", "password": demo::DEMO_PASSWORD
    }));
    let answer = signing_in.send().await.expect("answer");
    assert_eq!(answer.status().as_u16(), 503, "signing in cannot be judged either");
    assert!(answer.headers().get("retry-after").is_some());

    for path in ["/inbox", "/tasks", "/meetings"] {
        let page = browser.get(format!("{}{path}", app.address)).send().await.expect("page");
        assert_eq!(page.status().as_u16(), 503, "{path}: not a 500, not a trip to the sign-in page");
        assert!(page.headers().get("retry-after").is_some(), "{path} says when to try again");
        let html = page.text().await.expect("body");
        assert!(html.contains("数据库暂时无法连接"), "{path} says why, in the viewer's language: {html}");
    }
    let ready = reqwest::get(format!("{}/readyz", app.address)).await.expect("answer");
    assert_eq!(ready.status().as_u16(), 503);
    assert!(ready.headers().get("retry-after").is_some());
}

#[tokio::test]
async fn a_postgresql_server_that_refuses_connections_is_answered_503_with_retry_after() {
    use std::{collections::BTreeMap, sync::Arc, time::Duration};
    // A port nobody listens on: every connection is refused, as when PostgreSQL is stopped.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("addr").port();
    let url = format!("postgres://postgres@127.0.0.1:{port}/duban");
    let dir = tempfile::tempdir().expect("a folder");
    let mut file = BTreeMap::new();
    file.insert("database_url".to_owned(), url.clone());
    file.insert("data_dir".to_owned(), dir.path().display().to_string());
    file.insert("sweep_every".to_owned(), "off".to_owned());
    let config = duban::config::Config::from_values(file, |_| None).expect("valid settings");
    let mut options = sea_orm::ConnectOptions::new(url);
    options.connect_lazy(true).acquire_timeout(Duration::from_secs(2)).connect_timeout(Duration::from_secs(2));
    let db = sea_orm::Database::connect(options).await.expect("a lazy pool opens without connecting");
    let clock = duban::clock::ManualClock::new(crate::helpers::start_time());
    let ctx = duban::services::Ctx::new(db, config, Arc::new(clock));
    let state = duban::app::state(ctx).expect("templates");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(duban::app::serve(listener, state, std::future::pending()));

    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let api = http.get(format!("{address}/api/v1/tasks")).bearer_auth("some-token").send().await.expect("answer");
    assert_eq!(api.status().as_u16(), 503, "the token cannot be checked: the database is away");
    assert!(api.headers().get("retry-after").is_some());
    let page = http.get(format!("{address}/inbox")).header("cookie", "duban_session=abc").send().await.expect("answer");
    assert_eq!(page.status().as_u16(), 503);
    assert!(page.headers().get("retry-after").is_some());
    let ready = http.get(format!("{address}/readyz")).send().await.expect("answer");
    assert_eq!(ready.status().as_u16(), 503);
}
