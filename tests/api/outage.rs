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
