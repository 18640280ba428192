//! Sessions: cookie flags, rotation at sign-in, sign-out, expiry; the first admin of an empty
//! database from the command-line service.

use chrono::Duration;
use duban::{
    domain::vocabulary::{Locale, Role},
    services::{accounts, setup::UserInput},
};
use serde_json::json;

use crate::helpers::{Client, spawn_app};

async fn sign_in_raw(address: &str, username: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{address}/api/v1/session"))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .expect("request")
}

fn session_cookie(response: &reqwest::Response) -> String {
    let header = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).expect("a cookie").to_owned();
    header.split(';').next().expect("name=value").to_owned()
}

async fn me_with(address: &str, cookie: &str) -> u16 {
    reqwest::Client::new()
        .get(format!("{address}/api/v1/me"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_rotates_at_every_sign_in() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let password = duban::services::demo::DEMO_PASSWORD;
    let first = sign_in_raw(&app.address, "jj-yj", password).await;
    assert_eq!(first.status(), 200);
    let flags = first.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(flags.contains("HttpOnly") && flags.contains("SameSite=Lax") && flags.contains("Path=/"), "{flags}");
    assert!(!flags.contains("Secure"), "not Secure unless configured");
    let first_cookie = session_cookie(&first);
    assert_eq!(me_with(&app.address, &first_cookie).await, 200);

    // Signing in again from the same browser replaces the session.
    let second = reqwest::Client::new()
        .post(format!("{}/api/v1/session", app.address))
        .header("cookie", &first_cookie)
        .json(&json!({ "username": "jj-yj", "password": password }))
        .send()
        .await
        .expect("request");
    let second_cookie = session_cookie(&second);
    assert_ne!(first_cookie, second_cookie);
    assert_eq!(me_with(&app.address, &first_cookie).await, 401, "the old session is gone");
    assert_eq!(me_with(&app.address, &second_cookie).await, 200);
}

#[tokio::test]
async fn signing_out_ends_the_session_and_sessions_expire() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let client = app.sign_in("jj-yj", duban::services::demo::DEMO_PASSWORD).await;
    client.get("/api/v1/me").await.expect(200);
    client.delete("/api/v1/session").await.expect(204);
    client.get("/api/v1/me").await.expect(401);

    let client = app.sign_in("jj-yj", duban::services::demo::DEMO_PASSWORD).await;
    app.clock.advance(Duration::hours(11));
    client.get("/api/v1/me").await.expect(200);
    app.clock.advance(Duration::hours(2));
    let expired = client.get("/api/v1/me").await;
    assert_eq!(expired.status, 401);
    assert!(expired.body["detail"].as_str().is_some_and(|d| d.contains("expired")), "{}", expired.body);
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_is_refused_with_the_same_answer() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let wrong = Client::send(
        reqwest::Client::new()
            .post(format!("{}/api/v1/session", app.address))
            .json(&json!({ "username": "jj-yj", "password": "nope-nope" })),
    )
    .await;
    let unknown = Client::send(
        reqwest::Client::new()
            .post(format!("{}/api/v1/session", app.address))
            .json(&json!({ "username": "nobody", "password": "nope-nope" })),
    )
    .await;
    assert_eq!((wrong.status, unknown.status), (401, 401));
    assert_eq!(wrong.body["detail"], unknown.body["detail"]);
}

#[tokio::test]
async fn the_first_admin_of_an_empty_database_comes_with_its_root_unit_and_can_sign_in() {
    let app = spawn_app().await;
    let officer = UserInput {
        username: "clerk".into(),
        display_name: "Clerk".into(),
        email: "clerk@example.org".into(),
        role: Role::Officer,
        unit_key: "jx".into(),
        locale: Locale::Zh,
    };
    let refused = accounts::add(
        &app.ctx,
        accounts::NewAccount {
            user: officer,
            password: "long enough pw".into(),
            first_unit_names: (String::new(), String::new()),
        },
    )
    .await;
    assert!(refused.is_err(), "an officer cannot be the first user");

    let admin = UserInput {
        username: "root".into(),
        display_name: "Root".into(),
        email: "root@example.org".into(),
        role: Role::Admin,
        unit_key: "jx".into(),
        locale: Locale::En,
    };
    let (user, unit) = accounts::add(
        &app.ctx,
        accounts::NewAccount {
            user: admin,
            password: "long enough pw".into(),
            first_unit_names: ("江西省人民政府".into(), "Jiangxi Provincial Government".into()),
        },
    )
    .await
    .expect("first admin");
    assert_eq!(unit.map(|u| u.key), Some("jx".to_owned()));
    assert_eq!(user.role, Role::Admin);
    let client = app.sign_in("root", "long enough pw").await;
    assert_eq!(client.get("/api/v1/me").await.expect(200)["role"], "admin");

    accounts::set_password(&app.ctx, "root", "another long pw").await.expect("new password");
    client.get("/api/v1/me").await.expect(401);
    app.sign_in("root", "another long pw").await.get("/api/v1/me").await.expect(200);
}
