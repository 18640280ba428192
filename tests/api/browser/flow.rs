//! The November 17 flow through the pages alone, in a real browser.

use duban::services::demo::DEMO_PASSWORD;

use super::{Browser, LAPTOP, PHONE};
use crate::helpers::spawn_app;

#[tokio::test]
async fn signing_in_and_out_in_a_real_browser_in_both_languages_and_at_phone_width() {
    let app = spawn_app().await;
    app.seed_demo().await;
    for (name, size, language, wrong, sign_out) in [
        ("sign-in-zh", LAPTOP, "zh-CN", "用户名或密码错误", "退出"),
        ("sign-in-en-phone", PHONE, "en-US", "The username or password is wrong", "Sign out"),
    ] {
        let Some(browser) = Browser::open(name, &app.address, size, language).await else { return };
        browser.goto("/").await;
        browser.shot("sign-in").await;
        browser.sign_in("jj-yj", "not-the-password").await;
        assert!(browser.text().await.contains(wrong), "{name}: the reason in the language");
        browser.sign_in("jj-yj", DEMO_PASSWORD).await;
        assert_eq!(browser.path().await, "/inbox", "{name}: an officer starts at the inbox");
        browser.shot("signed-in").await;
        // The demo accounts chose Chinese; the switch in the header changes that for good.
        if language.starts_with("en") {
            browser.click("header form[action='/language'] button").await;
            assert_eq!(browser.path().await, "/inbox", "{name}: back on the same page");
        }
        assert!(browser.find("header").await.text().await.expect("text").contains(sign_out), "{name}");
        browser.sign_out().await;
        assert!(browser.html().await.contains("name=\"password\""), "{name}: signed out");
        browser.close().await;
    }
}
