//! Input and edges hardened by class (issue 19): redirect targets, CSV cells, far deadlines,
//! metric labels, the sign-in throttle under parallel sign-ins, and the smaller edges
//! (cookies, caching, single-line fields).

use std::collections::BTreeSet;
use std::io::Read;

use chrono::{Duration, Months};
use duban::{
    domain::vocabulary::{Locale, Role, UnitKind, UnitLevel},
    services::{
        demo::DEMO_PASSWORD,
        setup::{self, UnitInput, UserInput},
    },
};
use sea_orm::EntityTrait;
use serde_json::json;
use tokio::task::JoinSet;

use crate::{
    helpers::{Client, NowUtc, TestApp, browser, count_rows, count_tasks, hidden_field, spawn_app, spawn_app_with},
    matrix::{days, report_form},
};

/// Redirect targets an attacker would send: each must fall back to a page of this site.
const HOSTILE_TARGETS: &[&str] = &[
    "/%09/evil.example/path",
    "/\t/evil.example/path",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "/%0d%0a/evil.example",
    "/\r\n/evil.example",
    "/ /evil.example",
    " /evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
];

/// The sign-in page's address with `next` percent-encoded.
fn sign_in_with_next(app: &TestApp, next: &str) -> String {
    let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    format!("{}/sign-in?next={next}", app.address)
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn no_redirect_target_from_a_request_leads_off_the_site() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let signed_in = app.browse_as("jj-yj", DEMO_PASSWORD).await;
    let page = signed_in.get(format!("{}/inbox", app.address)).send().await.expect("page");
    let csrf = hidden_field(&page.text().await.expect("body"), "csrf");
    for hostile in HOSTILE_TARGETS {
        // The sign-in page does not carry the target into its form.
        let anonymous = browser();
        let form = anonymous
            .get(sign_in_with_next(&app, hostile))
            .send()
            .await
            .expect("sign-in page")
            .text()
            .await
            .expect("body");
        assert_eq!(hidden_field(&form, "next"), "", "the form drops next={hostile:?}");
        // Signing in with it leads to the role's first page.
        let answer = anonymous
            .post(format!("{}/sign-in", app.address))
            .form(&[
                ("username", "jj-yj"),
                ("password", DEMO_PASSWORD),
                ("csrf", &hidden_field(&form, "csrf")),
                ("next", hostile),
            ])
            .send()
            .await
            .expect("sign in");
        assert_eq!((answer.status().as_u16(), location(&answer)), (303, "/inbox".to_owned()), "POST next={hostile:?}");
        // Someone signed in who follows a sign-in link goes to their first page too.
        let answer = signed_in.get(sign_in_with_next(&app, hostile)).send().await.expect("sign-in page");
        assert_eq!((answer.status().as_u16(), location(&answer)), (303, "/inbox".to_owned()), "GET next={hostile:?}");
        // The language switch goes back home instead.
        let answer = signed_in
            .post(format!("{}/language", app.address))
            .form(&[("csrf", csrf.as_str()), ("lang", "zh"), ("back", hostile)])
            .send()
            .await
            .expect("language");
        assert_eq!((answer.status().as_u16(), location(&answer)), (303, "/".to_owned()), "back={hostile:?}");
    }
    // A target of this site is kept, query and all.
    let kept = "/tasks?q=%E5%8A%A0%20%E5%BC%BA&status=open";
    let answer = signed_in.get(sign_in_with_next(&app, kept)).send().await.expect("sign-in page");
    assert_eq!(location(&answer), kept);
}
