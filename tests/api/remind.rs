//! 催办 from above (issue 21, item 3): who may remind which task (the assigning unit, the
//! secretariat and leaders whose scope holds it; nobody outside, not the unit itself), one a
//! day per task and sender, none when nothing is owed, each e-mailed once to the unit's
//! officers and head, and the count on the task, in the list and in the export.

use chrono::Duration;
use duban::{
    domain::lifecycle::TaskStatus, entities::tasks, mail::Mailer, services::demo::DEMO_PASSWORD as PASSWORD,
    services::outbox,
};
use serde_json::json;

use crate::{helpers::spawn_demo, smtp::SmtpServer};

fn remind_path(task: &tasks::Model) -> String {
    format!("/api/v1/tasks/{}/reminders", task.id)
}

#[tokio::test]
async fn the_secretariat_and_leaders_remind_what_their_scope_holds_once_a_day_each_and_nothing_closed() {
    let app = spawn_demo().await;
    // An enterprise of Hukou, overdue, split by Hukou's bureau from the city bureau's task.
    let hukou_e2 = app.task_assigned("jj-hukou-e2", "jj-hukou-yj").await;
    let ruichang_e2 = app.task_assigned("jj-ruichang-e2", "jj-ruichang-yj").await;
    let note = json!({ "message": "请于本周五前报送整改台账" });

    // A county bureau cannot remind its sibling county's task: it cannot see it.
    let hukou = app.as_user("jj-hukou-yj").await;
    hukou.post(&remind_path(&ruichang_e2), note.clone()).await.expect(404);
    // Jiujiang's own secretariat follows what it issued, not the province's chains.
    app.as_user("jj-secretariat").await.post(&remind_path(&hukou_e2), note.clone()).await.expect(404);
    // The enterprise does not remind itself; an officer above it that did not assign it may not.
    app.as_user("jj-hukou-e2").await.post(&remind_path(&hukou_e2), note.clone()).await.expect(403);
    app.as_user("jj-hukou").await.post(&remind_path(&hukou_e2), note.clone()).await.expect(403);
    let bureau = app.task_assigned("jj-yj", "jx-aw").await;
    app.as_user("jj-yj-head").await.post(&remind_path(&bureau), note.clone()).await.expect(403);

    // The mayor reminds a task three levels below; the province secretariat, which issued the
    // directive, the same task the same day: one reminder each.
    let mayor = app.as_user("jj-mayor").await;
    let first = mayor.post(&remind_path(&hukou_e2), note.clone()).await.expect(201);
    assert_eq!((first["times"].as_u64(), first["task_id"].as_i64()), (Some(1), Some(hukou_e2.id)));
    let province = app.as_user("jx-secretariat").await;
    assert_eq!(province.post(&remind_path(&hukou_e2), json!({})).await.expect(201)["times"], 2);

    // The mayor again the same day: refused, saying why, and nothing is written.
    let again = mayor.post(&remind_path(&hukou_e2), note.clone()).await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.to_string().contains("today"), "{}", again.body);
    assert_eq!(hukou.get(&format!("/api/v1/tasks/{}", hukou_e2.id)).await.expect(200)["task"]["reminders"], 2);

    // A completed task owes nothing: 409, for the secretariat and the assigner alike.
    let done = app.task_assigned("jj-ruichang-e1", "jj-ruichang-yj").await;
    assert_eq!(done.status, TaskStatus::Completed);
    let refused = province.post(&remind_path(&done), json!({})).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.to_string().contains("owes no work"), "{}", refused.body);
    app.as_user("jj-ruichang-yj").await.post(&remind_path(&done), json!({})).await.expect(409);

    // A message too long is refused naming the field.
    province
        .post(&remind_path(&ruichang_e2), json!({ "message": "催".repeat(501) }))
        .await
        .expect_problem(422, "message");

    // The next day the mayor may remind it again.
    app.clock.advance(Duration::days(1));
    assert_eq!(mayor.post(&remind_path(&hukou_e2), note.clone()).await.expect(201)["times"], 3);
    let history = hukou.get(&format!("/api/v1/tasks/{}/history", hukou_e2.id)).await.expect(200);
    let reminds: Vec<_> = history.as_array().expect("events").iter().filter(|e| e["action"] == "remind").collect();
    assert_eq!(reminds.len(), 3, "each reminder is audited");
    assert!(reminds.iter().any(|e| e["note"].as_str().is_some_and(|n| n.contains("请于本周五前报送整改台账"))));

    // The count (催办 3 次) on the task page, in the task list and in the export.
    let browser = app.browse_as("jj-hukou-yj", PASSWORD).await;
    let page = |path: String| {
        let browser = browser.clone();
        let address = app.address.clone();
        async move { browser.get(format!("{address}{path}")).send().await.expect("page").text().await.expect("body") }
    };
    assert!(page(format!("/tasks/{}", hukou_e2.id)).await.contains("催办 3 次"));
    let list = page("/tasks".to_owned()).await;
    let row = list.split("<tr>").find(|r| r.contains(&format!("/tasks/{}\"", hukou_e2.id))).expect("the task's row");
    assert!(row.contains("催办 3 次"), "{row}");
    let other = list.split("<tr>").find(|r| r.contains(&format!("/tasks/{}\"", ruichang_e2.id)));
    assert!(other.is_none_or(|r| !r.contains("催办")), "a task never reminded shows no count");
    let csv = browser.get(format!("{}/exports/tasks.csv", app.address)).send().await.expect("csv");
    let csv = csv.text().await.expect("body");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().expect("header").clone();
    let column = header.iter().position(|h| h == "催办次数").expect("the export has a reminders column");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    let line = records.iter().find(|r| r.get(0) == Some(&hukou_e2.id.to_string())).expect("the task's line");
    assert_eq!(line.get(column), Some("3"), "{line:?}");
    let never = records.iter().find(|r| r.get(0) == Some(&ruichang_e2.id.to_string()));
    assert!(never.is_none_or(|r| r.get(column) == Some("0")), "{never:?}");
    let xlsx = browser.get(format!("{}/exports/tasks.xlsx", app.address)).send().await.expect("xlsx");
    assert_eq!(xlsx.status().as_u16(), 200);
}

#[tokio::test]
async fn a_reminder_reaches_the_units_officers_and_head_exactly_once_each() {
    let app = spawn_demo().await;
    let smtp = SmtpServer::start().await;
    let mut config = (*app.ctx.config).clone();
    config.smtp_url = Some(smtp.url.clone());
    let mailer = Mailer::from_config(&config).expect("mailer");
    // The city bureau's task from the province: two officers (one reads English), a head
    // with an account, and the bureau's head address.
    let bureau = app.task_assigned("jj-yj", "jx-aw").await;
    let province = app.as_user("jx-secretariat").await;
    province.post(&remind_path(&bureau), json!({ "message": "请加快推进，本周报送进展" })).await.expect(201);
    outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send");
    outbox::send_due(&app.ctx, &mailer, "sender").await.expect("send again: nothing more");
    let about: Vec<_> = smtp.messages().into_iter().filter(|m| m.subject().contains(&bureau.title)).collect();
    let mut to: Vec<String> = about.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(
        to,
        ["head@jj-yj.gov.example", "jj-officer-en@gov.example", "jj-yj-head@gov.example", "jj-yj@gov.example"],
        "each officer and the head, once"
    );
    for message in &about {
        let english = message.to.iter().any(|t| t.starts_with("jj-officer-en"));
        let (subject, says) = if english {
            ("Reminder from Jiangxi Provincial Work Safety Committee Office", "(reminder no. 1)")
        } else {
            ("【催办】", "江西省安全生产委员会办公室对以下任务进行催办（第1次催办）")
        };
        assert!(message.subject().contains(subject), "{}", message.subject());
        assert!(message.text().contains(says), "{}", message.text());
        assert!(message.text().contains("请加快推进，本周报送进展"), "{}", message.text());
        assert!(message.text().contains(&format!("/tasks/{}", bureau.id)), "links the task page");
    }
}
