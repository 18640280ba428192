//! Published bulletins (通报) and the one ranking: numbered per unit and year (and never twice
//! under concurrent publishing), kept unchanged, listed in the archive, e-mailed once to each
//! leader of the units they rank, downloadable as an official Word document; and the bulletin
//! page, the weekly e-mail, the published bulletin and the ranking export listing the same
//! units in the same order with the same one-decimal figures — all checked against figures
//! written by hand from the tasks the test made.

use std::{collections::BTreeMap, io::Read};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use duban::{
    domain::{
        calendar::end_of_day,
        directives::{DirectiveFields, Filing},
        drafting::Category,
        ids::{DirectiveId, UnitId, UserId},
        lifecycle::TaskAction,
        vocabulary::{DirectiveSource, DirectiveStatus, Locale, Priority, Role, TaskRole},
    },
    entities::notifications,
    mail::Mailer,
    services::{
        Actor, ServiceError,
        bulletins::{self, PublishInput},
        escalation, outbox,
        records::Task,
        setup::{self, UserInput},
        tasks::{self, ActionInput, AssignInput, Assignee, Origin},
    },
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    helpers::{NowUtc, Org, TestApp, hidden_field, spawn_app},
    smtp::SmtpServer,
};

const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;
const PASSWORD: &str = "correct horse battery";
/// A commentary with markup and several lines, to be kept exactly as written.
const COMMENTARY: &str = "表扬：jj 单位按期办结<两项>任务。\n通报批评：nc 单位 & 其他单位逾期未办结，限期整改。";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// 10:00 in Beijing on that day.
fn at(date: NaiveDate) -> DateTime<Utc> {
    TZ.from_local_datetime(&date.and_hms_opt(10, 0, 0).expect("time")).single().expect("instant").with_timezone(&Utc)
}

/// The small organisation with an office at the province's government that issues the
/// directives (so that the units it assigned to are also the units below it), a leader at each
/// of the two cities (two at Jiujiang), and five tasks: Jiujiang three, Nanchang two.
struct World {
    app: TestApp,
    org: Org,
    office: Actor,
    /// Jiujiang's task left open, and Nanchang's.
    jj_open: Task,
    nc_open: Task,
}

async fn add_user(app: &TestApp, username: &str, role: Role, unit: &str, locale: Locale) -> Actor {
    let hash = setup::hash_password(PASSWORD).expect("hash");
    let input = UserInput {
        username: username.to_owned(),
        display_name: username.to_owned(),
        email: format!("{username}@test.example"),
        role,
        unit_key: unit.to_owned(),
        locale,
    };
    let user = setup::create_user(&app.ctx.db, None, &input, hash, app.clock.now_utc()).await.expect("user");
    Actor { user_id: UserId(user.id), unit_id: UnitId(user.unit_id), role }
}

async fn directive(app: &TestApp, office: &Actor, seq: i32) -> i64 {
    let now = app.clock.now_utc();
    setup::create_directive(
        &app.ctx.db,
        Some(office.user_id.0),
        Filing {
            meeting_id: None,
            unit_id: office.unit_id.0,
            seq,
            status: DirectiveStatus::Issued,
            source: DirectiveSource::Manual,
        },
        DirectiveFields {
            title_zh: format!("专项整治{seq}"),
            title_en: format!("Campaign {seq}"),
            body: "全面排查".to_owned(),
            category: Category::HazardousChemicals,
            priority: Priority::Normal,
            deadline: now + Duration::days(30),
            places: vec![],
            industries: vec![],
        },
        now,
    )
    .await
    .expect("directive")
    .id
}

async fn assign(app: &TestApp, office: &Actor, directive_id: i64, units: &[(UnitId, TaskRole)]) -> Vec<Task> {
    let assignees: Vec<Assignee> =
        units.iter().map(|(unit_id, role)| Assignee { unit_id: *unit_id, role: *role }).collect();
    let input = AssignInput {
        origin: Origin::Directive(DirectiveId(directive_id)),
        assignees: &assignees,
        title: Some("排查整治任务"),
        description: None,
        deadline: end_of_day(day(2026, 12, 4), TZ),
        ack_within_days: 1,
        report_every_days: None,
    };
    tasks::assign(&app.ctx, office, input).await.expect("assign")
}

/// The assignee acknowledges and completes, the office accepts: completed on time.
async fn complete(app: &TestApp, worker: &Actor, office: &Actor, task: &Task) {
    let input = |version| ActionInput { version, text: Some("已完成".into()), ..Default::default() };
    let t = app.act(worker, task.id.0, TaskAction::Acknowledge, input(task.version)).await.expect("ack");
    let t = app.act(worker, t.id.0, TaskAction::Complete, input(t.version)).await.expect("complete");
    app.act(office, t.id.0, TaskAction::Accept, input(t.version)).await.expect("accept");
}

async fn world() -> World {
    let app = spawn_app().await;
    let org = app.org().await;
    let office = add_user(&app, "office", Role::Secretariat, "jx", Locale::Zh).await;
    add_user(&app, "jj-mayor", Role::Leader, "jj", Locale::Zh).await;
    add_user(&app, "jj-deputy", Role::Leader, "jj", Locale::En).await;
    add_user(&app, "nc-mayor", Role::Leader, "nc", Locale::Zh).await;
    let (jj, nc) = (org.city.unit_id, org.other_city.unit_id);
    let d1 =
        assign(&app, &office, directive(&app, &office, 1).await, &[(jj, TaskRole::Lead), (nc, TaskRole::Cooperating)])
            .await;
    let d2 =
        assign(&app, &office, directive(&app, &office, 2).await, &[(jj, TaskRole::Lead), (nc, TaskRole::Cooperating)])
            .await;
    let d3 = assign(&app, &office, directive(&app, &office, 3).await, &[(jj, TaskRole::Lead)]).await;
    let of = |tasks: &[Task], unit: UnitId| tasks.iter().find(|t| t.assignee_unit_id == unit).expect("task").clone();
    complete(&app, &org.city, &office, &of(&d1, jj)).await;
    complete(&app, &org.city, &office, &of(&d2, jj)).await;
    complete(&app, &org.other_city, &office, &of(&d1, nc)).await;
    // Monday 7 December: the open tasks, due on the 4th, are overdue.
    app.clock.set(at(day(2026, 12, 7)));
    let (jj_open, nc_open) = (of(&d3, jj), of(&d2, nc));
    World { app, org, office, jj_open, nc_open }
}

/// The figures by hand: Jiujiang 3 tasks, 2 completed on time, 1 overdue; Nanchang 2 tasks, 1
/// completed on time, 1 overdue. (rank, unit, tasks, completed, completion rate, on-time rate, overdue)
const BY_HAND: [[&str; 7]; 2] =
    [["1", "jj 单位", "3", "2", "66.7%", "100.0%", "1"], ["2", "nc 单位", "2", "1", "50.0%", "100.0%", "1"]];

/// Rows with something to count, as (rank, unit, tasks, completed, rate, on-time rate,
/// overdue); units with no task (a dash for a rate) come after them, and are left out.
fn counted(rows: Vec<[String; 7]>) -> Vec<[String; 7]> {
    let first_empty = rows.iter().position(|r| r[4] == "—").unwrap_or(rows.len());
    assert!(rows[first_empty..].iter().all(|r| r[4] == "—" && r[2] == "0"), "units without tasks last: {rows:?}");
    rows[..first_empty].to_vec()
}

fn by_hand() -> Vec<[String; 7]> {
    BY_HAND.iter().map(|r| r.map(str::to_owned)).collect()
}

/// The text of each cell of each body row of the first table after `marker`.
fn table_rows(html: &str, marker: &str) -> Vec<Vec<String>> {
    let start = html.find(marker).unwrap_or_else(|| panic!("{marker} in the page"));
    let rest = &html[start..];
    let body = &rest[rest.find("<tbody>").expect("a table body")..rest.find("</tbody>").expect("its end")];
    body.split("<tr")
        .skip(1)
        .map(|row| {
            row.split("</t")
                .filter_map(|cell| {
                    let open = cell.rfind("<td").or_else(|| cell.rfind("<th"))?;
                    let inner = &cell[open..];
                    let text: String = {
                        let mut out = String::new();
                        let mut in_tag = false;
                        for ch in inner.chars() {
                            match ch {
                                '<' => in_tag = true,
                                '>' => in_tag = false,
                                c if !in_tag => out.push(c),
                                _ => {}
                            }
                        }
                        out
                    };
                    Some(text.trim().to_owned())
                })
                .collect()
        })
        .collect()
}

fn seven(cells: &[String]) -> [String; 7] {
    std::array::from_fn(|i| cells[i].clone())
}

async fn browse(app: &TestApp, username: &str) -> reqwest::Client {
    app.browse_as(username, PASSWORD).await
}

async fn get(browser: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let answer = browser.get(format!("{}{path}", app.address)).send().await.expect("page");
    (answer.status().as_u16(), answer.text().await.expect("body"))
}

async fn publish(app: &TestApp, office: &Actor) -> Result<bulletins::Published, ServiceError> {
    let input = PublishInput { from: day(2026, 11, 30), to: day(2026, 12, 6), commentary: COMMENTARY };
    bulletins::publish(&app.ctx, office, input).await
}

#[tokio::test]
async fn bulletins_are_numbered_per_unit_and_year_and_start_again_at_one_the_next_year() {
    let w = world().await;
    let first = publish(&w.app, &w.office).await.expect("first");
    let second = publish(&w.app, &w.office).await.expect("second");
    assert_eq!((first.year, first.number), (2026, 1));
    assert_eq!((second.year, second.number), (2026, 2));
    // Another unit's bulletins have numbers of their own.
    let other = add_user(&w.app, "nc-office", Role::Secretariat, "nc", Locale::Zh).await;
    assert_eq!(publish(&w.app, &other).await.expect("Nanchang's").number, 1);
    // 4 January 2027 in Beijing.
    w.app.clock.set(at(day(2027, 1, 4)));
    let next_year = publish(&w.app, &w.office).await.expect("next year");
    assert_eq!((next_year.year, next_year.number), (2027, 1));
    // Only the secretariat publishes; a period that ends before it begins, or a commentary of
    // blanks, is refused naming the field.
    let refused = bulletins::publish(
        &w.app.ctx,
        &w.org.leader,
        PublishInput { from: day(2026, 12, 1), to: day(2026, 12, 6), commentary: "好" },
    )
    .await;
    assert!(matches!(refused, Err(ServiceError::Forbidden(_))), "{refused:?}");
    let backwards = PublishInput { from: day(2026, 12, 6), to: day(2026, 12, 1), commentary: "好" };
    let refused = bulletins::publish(&w.app.ctx, &w.office, backwards).await;
    assert!(matches!(refused, Err(ServiceError::Invalid { field: "from", .. })), "{refused:?}");
    let blank = PublishInput { from: day(2026, 12, 1), to: day(2026, 12, 6), commentary: " \n " };
    let refused = bulletins::publish(&w.app.ctx, &w.office, blank).await;
    assert!(matches!(refused, Err(ServiceError::Invalid { field: "commentary", .. })), "{refused:?}");
    let next = publish(&w.app, &w.office).await.expect("after the refusals");
    assert_eq!(next.number, 2, "a refusal takes no number");
}

#[tokio::test]
async fn publishing_at_once_never_gives_two_bulletins_the_same_number() {
    let w = world().await;
    let runs: Vec<_> = (0..8)
        .map(|_| {
            let (ctx, office) = (w.app.ctx.clone(), w.office);
            tokio::spawn(async move {
                let input = PublishInput { from: day(2026, 11, 30), to: day(2026, 12, 6), commentary: COMMENTARY };
                bulletins::publish(&ctx, &office, input).await.map(|b| b.number)
            })
        })
        .collect();
    let mut numbers = Vec::new();
    for run in runs {
        numbers.push(run.await.expect("joined").expect("published"));
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=8).collect::<Vec<i32>>());
}

#[tokio::test]
async fn a_published_bulletin_is_kept_as_it_was_listed_in_the_archive_and_mailed_once_to_each_leader() {
    let w = world().await;
    let app = &w.app;
    let published = publish(app, &w.office).await.expect("published");
    let path = format!("/bulletins/{}", published.id);
    let office = browse(app, "office").await;
    let (status, before) = get(&office, app, &path).await;
    assert_eq!(status, 200, "{before}");
    let api = format!("/api/v1{path}");
    let session = app.sign_in("office", PASSWORD).await;
    let kept = session.get(&api).await.expect(200);
    assert_eq!(kept["number"], 1);
    assert_eq!(kept["commentary"], COMMENTARY, "kept exactly as written");
    assert!(before.contains("2026年第1期") && before.contains("jx 单位督办通报"), "{before}");
    assert!(before.contains("<span id=\"date\">2026年12月7日</span>"), "the day it was published: {before}");
    assert!(before.contains("表扬：jj 单位按期办结&lt;两项&gt;任务。\n通报批评：nc 单位 &amp; 其他单位"), "escaped");
    assert_eq!(counted(table_rows(&before, "tongbao-table").iter().map(|r| seven(r)).collect()), by_hand());
    let overdue_ids: Vec<i64> =
        kept["overdue"].as_array().expect("overdue").iter().map(|t| t["task_id"].as_i64().expect("id")).collect();
    assert_eq!(overdue_ids.len(), 2);
    assert!(overdue_ids.contains(&w.jj_open.id.0) && overdue_ids.contains(&w.nc_open.id.0));

    // Jiujiang completes its last task: the live bulletin moves, the published one does not.
    complete(app, &w.org.city, &w.office, &w.jj_open).await;
    let (_, live) = get(&office, app, "/bulletin").await;
    // The period as every other page writes a date (the last seven days to Monday 7 December).
    assert!(live.contains("通报期间：2026年12月1日 至 2026年12月7日"), "{live}");
    let live_rows = counted(table_rows(&live, "bulletin-ranking").iter().map(|r| seven(r)).collect());
    assert_eq!(live_rows[0][..5], ["1", "jj 单位", "3", "3", "100.0%"].map(str::to_owned), "the live page moved");
    assert_eq!(get(&office, app, &path).await.1, before, "the page as published");
    assert_eq!(session.get(&api).await.expect(200), kept, "the API's copy as published");

    // The archive lists it for the office, and for a leader of a unit it ranks; a unit it does
    // not rank, not above the office, neither lists nor reads it.
    for who in ["office", "jj-mayor", "nc-mayor"] {
        let (status, archive) = get(&browse(app, who).await, app, "/bulletins").await;
        assert_eq!(status, 200);
        assert!(archive.contains(&format!("href=\"{path}\"")) && archive.contains("2026年第1期"), "{who}: {archive}");
    }
    let bureau = app.sign_in("bureau", PASSWORD).await;
    assert_eq!(bureau.get("/api/v1/bulletins").await.expect(200), serde_json::json!([]));
    assert_eq!(bureau.get(&api).await.status, 404);

    // Each leader of the ranked units gets it once; the province's leader, above the office and
    // not ranked, and the officers do not.
    let smtp = SmtpServer::start().await;
    let mut config = (*app.ctx.config).clone();
    config.smtp_url = Some(smtp.url.clone());
    let mailer = Mailer::from_config(&config).expect("mailer");
    outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send");
    outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send again");
    let mut got: BTreeMap<String, usize> = BTreeMap::new();
    for m in smtp.messages().iter().filter(|m| m.subject().contains("督办通报") || m.subject().contains("Bulletin of"))
    {
        for to in &m.to {
            *got.entry(to.clone()).or_default() += 1;
        }
    }
    let expected: BTreeMap<String, usize> =
        ["jj-deputy@test.example", "jj-mayor@test.example", "nc-mayor@test.example"]
            .into_iter()
            .map(|a| (a.to_owned(), 1))
            .collect();
    assert_eq!(got, expected);
    let english = smtp.messages().into_iter().find(|m| m.to == ["jj-deputy@test.example"]).expect("in English");
    assert!(english.subject().contains("No. 1 of 2026"), "{}", english.subject());
    assert!(english.text().contains(&format!(
        "{}/bulletins/{}",
        app.ctx.config.base_url.trim_end_matches('/'),
        published.id
    )));
    assert!(english.text().contains("1. jj unit  3  2  66.7%  100.0%  1"), "{}", english.text());
}

#[tokio::test]
async fn the_word_document_holds_the_issue_the_ranking_and_the_commentary_on_a_gb_t_9704_page() {
    let w = world().await;
    let app = &w.app;
    let published = publish(app, &w.office).await.expect("published");
    let office = browse(app, "office").await;
    let answer =
        office.get(format!("{}/bulletins/{}/document.docx", app.address, published.id)).send().await.expect("download");
    assert_eq!(answer.status().as_u16(), 200);
    let content_type = answer.headers()["content-type"].to_str().expect("ascii").to_owned();
    assert_eq!(content_type, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    let bytes = answer.bytes().await.expect("bytes").to_vec();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut xml = String::new();
    archive.by_name("word/document.xml").expect("word/document.xml").read_to_string(&mut xml).expect("utf-8");
    assert!(xml.contains("2026年第1期"), "the 期号 line");
    assert!(xml.contains("jx 单位督办通报"), "the title with the issuing unit");
    assert!(xml.contains("jx 单位　2026年12月7日"), "the issuing unit and the day");
    for row in by_hand() {
        let mut at = xml.find(&format!(">{}<", row[1])).unwrap_or_else(|| panic!("{} in the table", row[1]));
        for cell in &row[2..] {
            let found = xml[at..].find(&format!(">{cell}<")).unwrap_or_else(|| panic!("{cell} after {}", row[1]));
            at += found;
        }
    }
    let jj = xml.find(">jj 单位<").expect("jj");
    assert!(jj < xml.find(">nc 单位<").expect("nc"), "in the ranking's order");
    // The commentary as written (escaped as XML), one paragraph a line.
    assert!(xml.contains("表扬：jj 单位按期办结&lt;两项&gt;任务。"), "{xml}");
    assert!(xml.contains("通报批评：nc 单位 &amp; 其他单位逾期未办结，限期整改。"));
    // A4, and the margins of GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    let sect = &xml[xml.find("<w:sectPr").expect("sectPr")..];
    assert!(sect.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{sect}");
    assert!(sect.contains(r#"w:top="2098""#) && sect.contains(r#"w:bottom="1984""#), "{sect}");
    assert!(sect.contains(r#"w:left="1587""#) && sect.contains(r#"w:right="1474""#), "{sect}");
    // The title in 方正小标宋简体 at 22 pt, the body in 仿宋_GB2312 at 16 pt (half-points).
    assert!(xml.contains(r#"w:eastAsia="方正小标宋简体""#) && xml.contains(r#"<w:sz w:val="44" />"#), "{xml}");
    assert!(xml.contains(r#"w:eastAsia="仿宋_GB2312""#) && xml.contains(r#"<w:sz w:val="32" />"#));
}

#[tokio::test]
async fn the_publish_form_publishes_with_its_token_and_shows_what_was_written_when_refused() {
    let w = world().await;
    let app = &w.app;
    let office = browse(app, "office").await;
    let (status, form) = get(&office, app, "/bulletins/new?from=2026-11-30&to=2026-12-06").await;
    assert_eq!(status, 200, "{form}");
    let csrf = hidden_field(&form, "csrf");
    let post = async |fields: &[(&str, &str)]| {
        office.post(format!("{}/bulletins", app.address)).form(fields).send().await.expect("post")
    };
    let without = post(&[("from", "2026-11-30"), ("to", "2026-12-06"), ("commentary", "好")]).await;
    assert_eq!(without.status().as_u16(), 403, "no token");
    let blank = post(&[("csrf", &csrf), ("from", "2026-11-30"), ("to", "2026-12-06"), ("commentary", "  ")]).await;
    assert_eq!(blank.status().as_u16(), 422);
    assert!(blank.text().await.expect("body").contains("commentary"), "names the field");
    let session = app.sign_in("office", PASSWORD).await;
    assert_eq!(session.get("/api/v1/bulletins").await.expect(200), serde_json::json!([]), "nothing published");
    let done = post(&[("csrf", &csrf), ("from", "2026-11-30"), ("to", "2026-12-06"), ("commentary", COMMENTARY)]).await;
    assert_eq!(done.status().as_u16(), 303);
    let to = done.headers()["location"].to_str().expect("location").to_owned();
    for lang in ["zh", "en"] {
        let (status, html) = get(&office, app, &format!("{}&lang={lang}", to)).await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains(if lang == "zh" { "2026年第1期" } else { "No. 1 of 2026" }), "{html}");
    }
    // A leader reads bulletins but does not publish them.
    let mayor = browse(app, "jj-mayor").await;
    assert_eq!(get(&mayor, app, "/bulletins/new").await.0, 403);
}

#[tokio::test]
async fn the_bulletin_page_the_weekly_email_the_published_bulletin_and_the_export_rank_alike() {
    let w = world().await;
    let app = &w.app;
    // The province's leader reads the ranking of the units below the province.
    let leader = browse(app, "leader").await;

    let (_, page) = get(&leader, app, "/bulletin").await;
    let page_rows: Vec<[String; 7]> = table_rows(&page, "bulletin-ranking").iter().map(|r| seven(r)).collect();

    let (_, ranking) = get(&leader, app, "/ranking").await;
    // rank, unit, completion rate, on-time rate, overdue …
    let ranking_rows: Vec<Vec<String>> = table_rows(&ranking, "<table");

    let answer = leader.get(format!("{}/exports/ranking.csv", app.address)).send().await.expect("export");
    let bytes = answer.bytes().await.expect("bytes");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(&bytes[3..]);
    let export_rows: Vec<[String; 7]> = reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            // rank, unit, tasks, completed, rate, on-time rate, overdue, late reports, returned, score
            [&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6]].map(str::to_owned)
        })
        .collect();

    // To the province's leader and Jiujiang's two (Nanchang has no units below it).
    assert_eq!(escalation::weekly_bulletins(&app.ctx).await.expect("weekly"), 3);
    let leader_id = w.org.leader.user_id.0;
    let mail = notifications::Entity::find()
        .filter(notifications::Column::RecipientUserId.eq(leader_id))
        .filter(notifications::Column::Template.eq("bulletin"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the weekly e-mail");
    let email_rows: Vec<[String; 7]> = mail
        .body_text
        .lines()
        .filter_map(|line| {
            let (rank, rest) = line.split_once(". ")?;
            rank.parse::<usize>().ok()?;
            let cells: Vec<&str> = rest.split("  ").collect();
            (cells.len() == 6)
                .then(|| [rank, cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]].map(str::to_owned))
        })
        .collect();

    let published = publish(app, &w.office).await.expect("published");
    let (_, kept) = get(&browse(app, "office").await, app, &format!("/bulletins/{}", published.id)).await;
    let kept_rows: Vec<[String; 7]> = table_rows(&kept, "tongbao-table").iter().map(|r| seven(r)).collect();

    // The same units, order and figures, written by hand; the province's secretariat unit,
    // with nothing to count, after them on the leader's pages.
    let expected = by_hand();
    assert_eq!(counted(page_rows.clone()), expected, "the bulletin page");
    assert_eq!(counted(email_rows.clone()), expected, "the weekly e-mail");
    assert_eq!(counted(export_rows.clone()), expected, "the ranking export");
    assert_eq!(counted(kept_rows), expected, "the published bulletin");
    assert_eq!(page_rows, email_rows);
    assert_eq!(page_rows, export_rows);
    assert_eq!(page_rows.len(), 3);
    assert_eq!(page_rows[2][..2], ["3", "jx-aw 单位"].map(str::to_owned));
    // The ranking page: the same order and rates.
    let ranked: Vec<[&str; 4]> =
        ranking_rows.iter().map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str(), r[3].as_str()]).collect();
    assert_eq!(
        ranked,
        [["1", "jj 单位", "66.7%", "100.0%"], ["2", "nc 单位", "50.0%", "100.0%"], ["3", "jx-aw 单位", "—", "—"]]
    );
}

/// The demo's provincial 安委办 is a unit of its own below the province, with nothing below it:
/// its bulletin and overdue list follow the chains it heads, as its dashboard and ranking do,
/// not its empty subtree. Overdue by the rule written out here (open, past its deadline, and
/// not a completion submitted by then), over every task the office's chains hold.
#[tokio::test]
async fn a_secretariat_of_its_own_unit_lists_the_overdue_work_of_the_chains_it_heads() {
    use duban::{domain::lifecycle::TaskStatus, entities::tasks as task_rows, services::leadership};
    let app = crate::helpers::spawn_demo().await;
    let user = duban::entities::users::Entity::find()
        .filter(duban::entities::users::Column::Username.eq("jx-secretariat"))
        .one(&app.ctx.db)
        .await
        .expect("read")
        .expect("the demo's secretariat");
    let office = Actor { user_id: UserId(user.id), unit_id: UnitId(user.unit_id), role: Role::Secretariat };
    let office_unit = user.unit_id;
    let now = app.clock.now_utc();
    let mut by_hand: Vec<i64> = task_rows::Entity::find()
        .filter(task_rows::Column::RootAssignerUnitId.eq(office_unit))
        .all(&app.ctx.db)
        .await
        .expect("tasks")
        .into_iter()
        .filter(|t| {
            let open = !matches!(t.status, TaskStatus::Completed | TaskStatus::Cancelled);
            let in_time = matches!(t.status, TaskStatus::Submitted | TaskStatus::Completed)
                && t.submitted_at.is_some_and(|at| at <= t.deadline);
            open && t.deadline < now && !in_time
        })
        .map(|t| t.id)
        .collect();
    by_hand.sort_unstable();
    assert!(!by_hand.is_empty(), "the demo has overdue work in the office's chains");

    let bulletin = leadership::bulletin(&app.ctx, &office, now - Duration::days(7), now).await.expect("bulletin");
    let mut listed: Vec<i64> = bulletin.overdue.iter().map(|d| d.facts.task.id.0).collect();
    listed.sort_unstable();
    assert_eq!(listed, by_hand, "the bulletin's overdue list");
    assert_eq!(bulletin.overdue_total, by_hand.len() as u64);
    let page = leadership::overdue(&app.ctx, &office, None, 1, 100).await.expect("overdue page");
    let mut paged: Vec<i64> = page.rows.iter().map(|d| d.facts.task.id.0).collect();
    paged.sort_unstable();
    assert_eq!(paged, by_hand, "the overdue page");
}
