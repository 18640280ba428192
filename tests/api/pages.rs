//! The frame every page shares: signing in leads on, the language is remembered per user,
//! error pages speak the user's language, and every page carries the security headers.

use duban::services::demo::DEMO_PASSWORD;

use crate::helpers::{browser, hidden_field, spawn_app};

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn every_page_carries_the_security_headers_and_no_inline_script_is_allowed() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let anonymous = browser();
    let signed_in = app.browse_as("jj-yj", DEMO_PASSWORD).await;
    for (who, client, path) in [
        ("anonymous", &anonymous, "/"),
        ("anonymous", &anonymous, "/sign-in"),
        ("anonymous", &anonymous, "/no-such-page"),
        ("jj-yj", &signed_in, "/"),
        ("jj-yj", &signed_in, "/no-such-page"),
    ] {
        let page = client.get(format!("{}{path}", app.address)).send().await.expect("page");
        let csp = header(&page, "content-security-policy");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{who} {path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{who} {path}: {csp}");
        assert_eq!(header(&page, "x-content-type-options"), "nosniff", "{who} {path}");
        assert_eq!(header(&page, "referrer-policy"), "same-origin", "{who} {path}");
        let html = page.text().await.expect("body");
        assert!(!html.contains("<script") && !html.contains("style=\""), "{who} {path}: no inline script or style");
    }
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page_in_the_visitors_language_while_the_api_keeps_problem_json() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let english = browser()
        .get(format!("{}/no-such-page", app.address))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .expect("page");
    assert_eq!(english.status(), 404);
    assert!(header(&english, "content-type").starts_with("text/html"));
    assert!(english.text().await.expect("body").contains("There is no such page"));
    let chinese = browser().get(format!("{}/no-such-page", app.address)).send().await.expect("page");
    assert!(chinese.text().await.expect("body").contains("没有这个页面"));
    // An id that is not a number is refused by the router itself: a page all the same.
    let signed_in = app.browse_as("jj-yj", DEMO_PASSWORD).await;
    let odd = signed_in.get(format!("{}/tasks/not-a-number", app.address)).send().await.expect("page");
    assert!(odd.status().is_client_error());
    assert!(header(&odd, "content-type").starts_with("text/html"), "a page, not the router's plain text");
    let api = browser().get(format!("{}/api/v1/no-such-thing", app.address)).send().await.expect("api");
    assert_eq!(api.status(), 404);
    assert_eq!(header(&api, "content-type"), "application/problem+json");
}

#[tokio::test]
async fn a_page_asked_for_before_signing_in_is_where_signing_in_leads_and_never_another_site() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let client = browser();
    let asked = client.get(format!("{}/tasks?status=assigned", app.address)).send().await.expect("page");
    assert_eq!(asked.status(), 303);
    let location = header(&asked, "location");
    assert!(location.starts_with("/sign-in?next="), "{location}");
    let form = client.get(format!("{}{location}", app.address)).send().await.expect("form").text().await.expect("body");
    // Handlebars writes '=' as an entity, which the browser reads back as '='.
    assert_eq!(hidden_field(&form, "next").replace("&#x3D;", "="), "/tasks?status=assigned");
    let answer = client
        .post(format!("{}/sign-in", app.address))
        .form(&[
            ("username", "jj-yj"),
            ("password", DEMO_PASSWORD),
            ("csrf", &hidden_field(&form, "csrf")),
            ("next", "/tasks?status=assigned"),
        ])
        .send()
        .await
        .expect("sign in");
    assert_eq!(answer.status(), 303);
    assert_eq!(header(&answer, "location"), "/tasks?status=assigned");

    let client = browser();
    let form = client.get(format!("{}/sign-in", app.address)).send().await.expect("form").text().await.expect("body");
    let answer = client
        .post(format!("{}/sign-in", app.address))
        .form(&[
            ("username", "jj-yj"),
            ("password", DEMO_PASSWORD),
            ("csrf", &hidden_field(&form, "csrf")),
            ("next", "//evil.example/phish"),
        ])
        .send()
        .await
        .expect("sign in");
    assert_eq!(header(&answer, "location"), "/inbox", "an officer starts at the inbox, not at another site");
}

#[tokio::test]
async fn the_language_a_user_chooses_is_remembered_on_the_account_and_needs_the_csrf_token() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let client = app.browse_as("jj-yj", DEMO_PASSWORD).await;
    let page = client.get(&app.address).send().await.expect("page").text().await.expect("body");
    assert!(page.contains("lang=\"zh-CN\""), "Chinese first for a Chinese account");
    let csrf = hidden_field(&page, "csrf");

    let forged = client
        .post(format!("{}/language", app.address))
        .form(&[("lang", "en"), ("back", "/")])
        .send()
        .await
        .expect("post");
    assert_eq!(forged.status(), 403);
    let still = client.get(&app.address).send().await.expect("page").text().await.expect("body");
    assert!(still.contains("lang=\"zh-CN\""), "a post without the token changed nothing");

    let switched = client
        .post(format!("{}/language", app.address))
        .form(&[("lang", "en"), ("back", "/?lang=zh"), ("csrf", &csrf)])
        .send()
        .await
        .expect("post");
    assert_eq!(switched.status(), 303);
    assert_eq!(header(&switched, "location"), "/", "back to the page, without a lang= that would undo the choice");
    let page = client.get(&app.address).send().await.expect("page").text().await.expect("body");
    assert!(page.contains("lang=\"en\"") && page.contains("Sign out"), "English now");

    // Back on the page it was on, its query kept (only `lang=` dropped).
    let switched = client
        .post(format!("{}/language", app.address))
        .form(&[("lang", "zh"), ("back", "/tasks?lang=en&q=%E7%87%83%E6%B0%94&status=open"), ("csrf", &csrf)])
        .send()
        .await
        .expect("post");
    assert_eq!(header(&switched, "location"), "/tasks?q=%E7%87%83%E6%B0%94&status=open", "the query kept");
    let switched = client
        .post(format!("{}/language", app.address))
        .form(&[("lang", "en"), ("back", "/tasks?q=x"), ("csrf", &csrf)])
        .send()
        .await
        .expect("post");
    assert_eq!(header(&switched, "location"), "/tasks?q=x");

    // A new session on another browser: the account remembers.
    let elsewhere = app.browse_as("jj-yj", DEMO_PASSWORD).await;
    let page = elsewhere.get(&app.address).send().await.expect("page").text().await.expect("body");
    assert!(page.contains("lang=\"en\""), "remembered per user");
}

#[tokio::test]
async fn a_refused_form_is_an_error_page_in_the_users_language() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let client = app.browse_as("jj-yj", DEMO_PASSWORD).await;
    let answer =
        client.post(format!("{}/sign-out", app.address)).form(&[("csrf", "forged")]).send().await.expect("post");
    assert_eq!(answer.status(), 403);
    let html = answer.text().await.expect("body");
    assert!(html.contains("表单已过期或来自其他网站"), "the reason in Chinese");
    assert!(html.contains("<nav"), "inside the frame, with the navigation");
}
