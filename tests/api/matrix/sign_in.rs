//! Signing in: guesses are slowed per account and address, never locking the owner out.

use super::*;

/// Signs in over HTTP, as from `from` when given (the test app trusts 127.0.0.1 as a proxy
/// only where the test says so).
async fn try_sign_in(app: &TestApp, username: &str, password: &str, from: Option<&str>) -> reqwest::Response {
    let mut request = app
        .http
        .post(format!("{}/api/v1/session", app.address))
        .json(&json!({ "username": username, "password": password }));
    if let Some(address) = from {
        request = request.header("x-forwarded-for", address);
    }
    request.send().await.expect("request reaches the app")
}

fn retry_after(response: &reqwest::Response) -> Option<u64> {
    response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn guesses_wait_longer_and_longer_even_with_the_right_password_and_a_success_clears_them() {
    let app = spawn_app().await;
    app.seed_demo().await;
    for attempt in 1..=5 {
        assert_eq!(try_sign_in(&app, "jj-yj", "wrong-guess", None).await.status().as_u16(), 401, "attempt {attempt}");
    }
    for password in ["wrong-guess", DEMO_PASSWORD] {
        let response = try_sign_in(&app, "jj-yj", password, None).await;
        assert_eq!(response.status().as_u16(), 429, "with {password}");
        assert_eq!(retry_after(&response), Some(1), "the first wait is a second");
    }
    // Another account from the same address is not slowed by this one's failures.
    assert_eq!(try_sign_in(&app, "jj-xf", DEMO_PASSWORD, None).await.status().as_u16(), 200);
    app.clock.advance(Duration::seconds(1));
    assert_eq!(try_sign_in(&app, "jj-yj", "wrong-guess", None).await.status().as_u16(), 401);
    let response = try_sign_in(&app, "jj-yj", DEMO_PASSWORD, None).await;
    assert_eq!((response.status().as_u16(), retry_after(&response)), (429, Some(2)), "the next wait doubles");
    app.clock.advance(Duration::seconds(2));
    app.sign_in("jj-yj", DEMO_PASSWORD).await.get("/api/v1/me").await.expect(200);
    // The success cleared the count: five more guesses pass before any wait.
    for attempt in 1..=5 {
        assert_eq!(try_sign_in(&app, "jj-yj", "wrong-guess", None).await.status().as_u16(), 401, "again {attempt}");
    }
}

#[tokio::test]
async fn a_guesser_elsewhere_never_locks_the_owner_out() {
    let app = spawn_app_with(&[("trusted_proxies", "127.0.0.1")]).await;
    app.seed_demo().await;
    let attacker = Some("203.0.113.66");
    for _ in 0..5 {
        assert_eq!(try_sign_in(&app, "admin", "guess", attacker).await.status().as_u16(), 401);
    }
    assert_eq!(try_sign_in(&app, "admin", "guess", attacker).await.status().as_u16(), 429);
    let owner = try_sign_in(&app, "admin", DEMO_PASSWORD, Some("198.51.100.10")).await;
    assert_eq!(owner.status().as_u16(), 200, "the owner, from their own address, signs in");
}

#[tokio::test]
async fn an_office_behind_one_address_signs_in_all_morning_and_only_failures_count() {
    let app = spawn_app().await;
    app.seed_demo().await;
    // Far more successful sign-ins than the address's free attempts, all at one instant.
    for n in 1..=30 {
        let user = ["jj-yj", "jj-xf", "jx-secretariat"][n % 3];
        assert_eq!(try_sign_in(&app, user, DEMO_PASSWORD, None).await.status().as_u16(), 200, "sign-in {n}");
    }
    // Failures still count: twenty guesses at many accounts, then the address waits.
    for n in 0..20 {
        let account = format!("nobody-{n}");
        assert_eq!(try_sign_in(&app, &account, "guess", None).await.status().as_u16(), 401, "guess {n}");
    }
    assert_eq!(try_sign_in(&app, "nobody-20", "guess", None).await.status().as_u16(), 429);
}

#[tokio::test]
async fn a_forwarded_address_from_an_untrusted_peer_is_ignored() {
    let app = spawn_app().await;
    app.seed_demo().await;
    for n in 0..5 {
        let spoofed = format!("203.0.113.{n}");
        assert_eq!(try_sign_in(&app, "admin", "guess", Some(&spoofed)).await.status().as_u16(), 401);
    }
    let response = try_sign_in(&app, "admin", "guess", Some("203.0.113.99")).await;
    assert_eq!(response.status().as_u16(), 429, "a new X-Forwarded-For does not buy new guesses");
}
