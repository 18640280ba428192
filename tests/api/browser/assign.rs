//! A directive given as directives are really given, through the pages in a real browser: the
//! provincial secretariat pastes minutes that ask every city to act ("各设区市人民政府要……"),
//! narrows the page's one unit picker by pinyin initials, ticks the eleven cities as leads and
//! both drafts, and issues and assigns them in one step; each city then leads a task of its
//! own. Once in Chinese, once in English, with screenshots.

use duban::services::demo::DEMO_PASSWORD;

use super::{Browser, LAPTOP};
use crate::helpers::{TestApp, spawn_app};

/// The eleven cities of the demo province, typed by hand from `assets/demo/units.csv`, with
/// their names in both languages.
const CITIES: [(&str, &str, &str); 11] = [
    ("nc", "南昌市人民政府", "Nanchang"),
    ("jdz", "景德镇市人民政府", "Jingdezhen"),
    ("px", "萍乡市人民政府", "Pingxiang"),
    ("jj", "九江市人民政府", "Jiujiang"),
    ("xy", "新余市人民政府", "Xinyu"),
    ("yt", "鹰潭市人民政府", "Yingtan"),
    ("gz", "赣州市人民政府", "Ganzhou"),
    ("ja", "吉安市人民政府", "Ji'an"),
    ("yc", "宜春市人民政府", "Yichun"),
    ("fz", "抚州市人民政府", "Fuzhou"),
    ("sr", "上饶市人民政府", "Shangrao"),
];

const MINUTES: &str = "一、各设区市人民政府要在年底前完成城镇燃气管道隐患排查整治，逐项建立台账。\n\
二、各设区市人民政府要在年底前完成森林防火重点区域检查，落实巡护责任。";

async fn sign_in(browser: &Browser, username: &str, english: bool) {
    browser.sign_in(username, DEMO_PASSWORD).await;
    let lang = browser.find("html").await.attr("lang").await.expect("lang").unwrap_or_default();
    if english && lang != "en" {
        browser.click("header form[action='/language'] button").await;
    }
    let lang = browser.find("html").await.attr("lang").await.expect("lang").unwrap_or_default();
    assert_eq!(lang, if english { "en" } else { "zh-CN" }, "{username} reads the pages in the run's language");
}

async fn walk(name: &str, english: bool) {
    let app: TestApp = spawn_app().await;
    app.seed_demo().await;
    let Some(browser) = Browser::open(name, &app.address, LAPTOP, if english { "en-US" } else { "zh-CN" }).await else {
        return;
    };
    let mut cities = Vec::new();
    for (key, _, _) in CITIES {
        cities.push(app.unit(key).await);
    }

    sign_in(&browser, "jx-secretariat", english).await;
    browser.goto("/meetings/new").await;
    browser.fill("#title_zh", "全省城镇燃气和森林防火专题会议").await;
    browser.fill("#minutes", MINUTES).await;
    browser.click("form[action='/meetings/new'] button[type=submit]").await;
    let meeting_path = browser.path().await;
    assert!(meeting_path.starts_with("/meetings/"), "on the meeting's page: {meeting_path}");
    let drafts = browser.all("section.card[id^='directive-']").await;
    assert_eq!(drafts.len(), 2, "two requirements, two drafts");
    let mut ids = Vec::new();
    for draft in &drafts {
        ids.push(draft.attr("id").await.expect("id").expect("an id").trim_start_matches("directive-").to_owned());
    }
    assert_eq!(browser.all("#unit-picker").await.len(), 1, "one picker for the page");

    // Narrow the picker by the pinyin initials of 市人民政府, without JavaScript: a GET form.
    browser.fill("#units_q", "srmzf").await;
    browser.click("form.unit-picker-filter button[type=submit]").await;
    assert!(browser.path().await.contains("units_q=srmzf"), "{}", browser.path().await);
    browser.shot("secretariat-picker-filtered").await;
    for city in &cities {
        browser.find(&format!("#pick-lead-{city}")).await.click().await.expect("tick a city as lead");
    }
    for id in &ids {
        browser.find(&format!("#batch-{id}")).await.click().await.expect("tick the draft");
    }
    browser.shot("secretariat-several-leads").await;
    browser.click("form#assign-batch button[type=submit]").await;
    assert!(browser.path().await.contains("notice=notice-secretariat-assigned"), "{}", browser.path().await);

    // Each directive: eleven lead tasks, one per city, in its tree.
    for id in &ids {
        browser.goto(&format!("/directives/{id}")).await;
        let text = browser.text().await;
        for (_, zh, en) in CITIES {
            assert!(text.contains(if english { en } else { zh }), "{zh} leads a task of directive {id}: {text}");
        }
        let leads = if english { "Lead" } else { "牵头" };
        assert!(text.matches(leads).count() >= 11, "eleven lead tasks: {text}");
    }
    browser.shot("secretariat-several-leads-tree").await;
    browser.close().await;
}

#[tokio::test]
async fn a_directive_goes_to_eleven_city_leads_through_the_pages_in_chinese() {
    walk("assign-zh", false).await;
}

#[tokio::test]
async fn a_directive_goes_to_eleven_city_leads_through_the_pages_in_english() {
    walk("assign-en", true).await;
}
