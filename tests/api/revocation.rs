//! Ending an account's access ends all of it: an administrator's password reset and a
//! deactivation, and a password set from the command line, sign the account out of every
//! session and revoke every API token it holds — and the answer says how many. A token made
//! after the reset works; other people's tokens are untouched.

use duban::{entities::api_tokens, services::accounts, services::demo::DEMO_PASSWORD};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::helpers::{TestApp, spawn_demo};

/// The user's tokens that are not revoked, as the database holds them.
async fn live_tokens(app: &TestApp, user_id: i64) -> usize {
    api_tokens::Entity::find()
        .filter(api_tokens::Column::UserId.eq(user_id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .all(&app.ctx.db)
        .await
        .expect("tokens")
        .len()
}

#[tokio::test]
async fn a_password_reset_revokes_the_accounts_api_tokens_and_says_so() {
    let app = spawn_demo().await;
    // Two tokens (each made from a session of its own) and a third session.
    let first = app.as_user("jj-yj").await;
    let second = app.as_user("jj-yj").await;
    let session = app.sign_in("jj-yj", DEMO_PASSWORD).await;
    let bystander = app.as_user("jj-xf").await;
    let admin = app.as_user("admin").await;
    first.get("/api/v1/me").await.expect(200);

    let answer = admin
        .post(&format!("/api/v1/users/{}/password", first.user_id()), json!({ "password": "a-fresh-long-password" }))
        .await
        .expect(200);
    assert_eq!(answer["username"], "jj-yj");
    assert_eq!(answer["sessions_ended"], 3, "{answer}");
    assert_eq!(answer["tokens_revoked"], 2, "{answer}");
    first.get("/api/v1/me").await.expect(401);
    second.get("/api/v1/me").await.expect(401);
    session.get("/api/v1/me").await.expect(401);
    assert_eq!(live_tokens(&app, first.user_id()).await, 0);
    bystander.get("/api/v1/me").await.expect(200);

    // With the new password, a new token works.
    let again = app.sign_in("jj-yj", "a-fresh-long-password").await;
    let token = again.post("/api/v1/tokens", json!({ "name": "after the reset" })).await.expect(201);
    let mut fresh = first.clone();
    fresh.bearer = token["token"].as_str().map(str::to_owned);
    fresh.get("/api/v1/me").await.expect(200);
}

#[tokio::test]
async fn a_deactivation_revokes_the_accounts_api_tokens_for_good_and_says_so() {
    let app = spawn_demo().await;
    let token = app.as_user("jj-xf").await;
    let admin = app.as_user("admin").await;
    let answer = admin.post(&format!("/api/v1/users/{}/deactivate", token.user_id()), json!({})).await.expect(200);
    assert_eq!(answer["active"], false);
    assert_eq!(answer["sessions_ended"], 1, "{answer}");
    assert_eq!(answer["tokens_revoked"], 1, "{answer}");
    // Revoked, not merely refused while the account is inactive: reactivating the account
    // (here, by hand in the database) does not bring the token back.
    assert_eq!(live_tokens(&app, token.user_id()).await, 0);
    let user = duban::entities::users::Entity::find_by_id(token.user_id())
        .one(&app.ctx.db)
        .await
        .expect("query")
        .expect("user");
    let mut active: duban::entities::users::ActiveModel = user.into();
    active.active = sea_orm::Set(true);
    sea_orm::ActiveModelTrait::update(active, &app.ctx.db).await.expect("reactivated");
    token.get("/api/v1/me").await.expect(401);
}

#[tokio::test]
async fn a_password_set_from_the_command_line_revokes_the_tokens_too() {
    let app = spawn_demo().await;
    let token = app.as_user("jj-ga").await;
    let (_, ended) = accounts::set_password(&app.ctx, "jj-ga", "another long password").await.expect("set");
    assert_eq!((ended.sessions, ended.tokens), (1, 1));
    token.get("/api/v1/me").await.expect(401);
}

#[tokio::test]
async fn the_admin_pages_say_that_a_reset_ends_sessions_and_revokes_tokens() {
    let app = spawn_demo().await;
    let token = app.as_user("jj-yj").await;
    let browser = app.browse_as("admin", DEMO_PASSWORD).await;
    let page = format!("{}/admin/users/{}", app.address, token.user_id());
    let form = browser.get(&page).send().await.expect("page").text().await.expect("html");
    let csrf = crate::helpers::hidden_field(&form, "csrf");
    let answer = browser
        .post(format!("{page}/password"))
        .form(&[("password", "a-fresh-long-password"), ("csrf", &csrf)])
        .send()
        .await
        .expect("reset");
    assert_eq!(answer.status().as_u16(), 303);
    let location = answer.headers()["location"].to_str().expect("location").to_owned();
    let shown =
        browser.get(format!("{}{location}", app.address)).send().await.expect("page").text().await.expect("html");
    assert!(shown.contains("新密码已设置：该账号的登录会话已结束，API 令牌已吊销。"), "{shown}");
    token.get("/api/v1/me").await.expect(401);
}
