//! An instruction (批示) reaches only the part of the directive's tree that lies in its
//! writer's scope: the tasks the writer's unit sees. A city's mayor writing on a provincial
//! directive is read and e-mailed in that city only — not in another city, not at a
//! provincial department — on the task API, the task page and the directive page, and over
//! real SMTP; the province's own leader reaches every unit.

use std::collections::BTreeSet;

use chrono::Duration;
use duban::{
    mail::Mailer,
    services::{demo::DEMO_PASSWORD, escalation, outbox},
};
use serde_json::{Value, json};

use crate::{
    helpers::{Client, NowUtc, TestApp, spawn_demo},
    smtp::SmtpServer,
};

const MAYOR_ON_DIRECTIVE: &str = "九江市长批示：全市燃气管网排查务必本周启动";
const MAYOR_ON_TASK: &str = "九江市长批示：市应急局牵头逐户核查";
const PROVINCE_ON_DIRECTIVE: &str = "副省长批示：各地各部门全面落实";

struct Tree {
    app: TestApp,
    directive: i64,
    /// The tasks of Jiujiang's emergency bureau, of Nanchang and of the provincial department.
    jj_yj: i64,
    nc: i64,
    jx_yj: i64,
}

/// A provincial directive led by Jiujiang's emergency bureau with Nanchang and the provincial
/// emergency department cooperating; Jiujiang's mayor writes on the directive and on the
/// bureau's task, the vice-governor on the directive.
async fn tree() -> Tree {
    let app = spawn_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let deadline = app.clock.now_utc() + Duration::days(40);
    let body = json!({ "title_zh": "燃气管网隐患排查", "title_en": "Gas network inspection", "category": "gas",
        "priority": "high", "deadline": deadline });
    let assignment = json!({ "lead_unit_id": app.unit("jj-yj").await,
        "cooperating_unit_ids": [app.unit("nc").await, app.unit("jx-yj").await] });
    let (directive, tasks) = province.issue_and_assign(body, assignment).await;
    let task_of = |unit: i64| -> i64 {
        tasks
            .as_array()
            .expect("tasks")
            .iter()
            .find(|t| t["assignee_unit_id"] == unit)
            .and_then(|t| t["id"].as_i64())
            .expect("a task for the unit")
    };
    let (jj_yj, nc, jx_yj) =
        (task_of(app.unit("jj-yj").await), task_of(app.unit("nc").await), task_of(app.unit("jx-yj").await));
    // Everything the demo owes is queued first, so that what follows is the instructions alone.
    escalation::sweep(&app.ctx).await.expect("sweep");
    Tree { app, directive, jj_yj, nc, jx_yj }
}

impl Tree {
    async fn instruct(&self, leader: &Client, target: Value, body: &str) {
        let mut request = target;
        request["body"] = json!(body);
        leader.post("/api/v1/instructions", request).await.expect(201);
    }

    async fn write_all(&self) {
        let mayor = self.app.as_user("jj-mayor").await;
        let governor = self.app.as_user("jx-leader").await;
        self.instruct(&mayor, json!({ "directive_id": self.directive }), MAYOR_ON_DIRECTIVE).await;
        self.instruct(&mayor, json!({ "task_id": self.jj_yj }), MAYOR_ON_TASK).await;
        self.instruct(&governor, json!({ "directive_id": self.directive }), PROVINCE_ON_DIRECTIVE).await;
    }
}

/// The instruction texts among `bodies` that are this test's.
fn ours<'a>(bodies: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'static str> {
    let bodies: Vec<&str> = bodies.into_iter().collect();
    [MAYOR_ON_DIRECTIVE, MAYOR_ON_TASK, PROVINCE_ON_DIRECTIVE]
        .into_iter()
        .filter(|text| bodies.iter().any(|b| b.contains(text)))
        .collect()
}

fn set(items: &[&'static str]) -> BTreeSet<&'static str> {
    items.iter().copied().collect()
}

#[tokio::test]
async fn a_mayors_instruction_on_a_provincial_directive_is_shown_only_on_the_tasks_of_its_city() {
    let t = tree().await;
    t.write_all().await;
    let on_task = async |username: &str, task: i64| -> BTreeSet<&'static str> {
        let detail = t.app.as_user(username).await.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
        let instructions = detail["instructions"].as_array().expect("instructions").clone();
        ours(instructions.iter().map(|i| i["body"].as_str().expect("body")))
    };
    assert_eq!(on_task("jj-yj", t.jj_yj).await, set(&[MAYOR_ON_DIRECTIVE, MAYOR_ON_TASK, PROVINCE_ON_DIRECTIVE]));
    assert_eq!(on_task("nc", t.nc).await, set(&[PROVINCE_ON_DIRECTIVE]));
    assert_eq!(on_task("jx-yj", t.jx_yj).await, set(&[PROVINCE_ON_DIRECTIVE]));
    // The province's secretariat, which sees every task, sees each only where it reaches.
    assert_eq!(on_task("jx-secretariat", t.nc).await, set(&[PROVINCE_ON_DIRECTIVE]));
    assert_eq!(
        on_task("jx-secretariat", t.jj_yj).await,
        set(&[MAYOR_ON_DIRECTIVE, MAYOR_ON_TASK, PROVINCE_ON_DIRECTIVE])
    );

    // The pages say the same: the task page, and the directive page (the directive's own
    // instructions only: one on a task is shown on that task's page).
    let page = async |username: &str, path: String| -> BTreeSet<&'static str> {
        let browser = t.app.browse_as(username, DEMO_PASSWORD).await;
        let answer = browser.get(format!("{}{path}", t.app.address)).send().await.expect("page");
        assert_eq!(answer.status().as_u16(), 200, "{username} {path}");
        let html = answer.text().await.expect("html");
        ours([html.as_str()])
    };
    assert_eq!(page("nc", format!("/tasks/{}", t.nc)).await, set(&[PROVINCE_ON_DIRECTIVE]));
    assert_eq!(page("jx-yj", format!("/tasks/{}", t.jx_yj)).await, set(&[PROVINCE_ON_DIRECTIVE]));
    assert_eq!(
        page("jj-yj", format!("/tasks/{}", t.jj_yj)).await,
        set(&[MAYOR_ON_DIRECTIVE, MAYOR_ON_TASK, PROVINCE_ON_DIRECTIVE])
    );
    let directive = format!("/directives/{}", t.directive);
    assert_eq!(page("nc", directive.clone()).await, set(&[PROVINCE_ON_DIRECTIVE]));
    assert_eq!(page("jx-yj", directive.clone()).await, set(&[PROVINCE_ON_DIRECTIVE]));
    assert_eq!(page("jj-yj", directive.clone()).await, set(&[MAYOR_ON_DIRECTIVE, PROVINCE_ON_DIRECTIVE]));
    assert_eq!(page("jj-mayor", directive.clone()).await, set(&[MAYOR_ON_DIRECTIVE, PROVINCE_ON_DIRECTIVE]));
    assert_eq!(page("jx-secretariat", directive).await, set(&[MAYOR_ON_DIRECTIVE, PROVINCE_ON_DIRECTIVE]));
}

#[tokio::test]
async fn a_mayors_instruction_on_a_provincial_directive_is_e_mailed_only_within_its_city() {
    let t = tree().await;
    let smtp = SmtpServer::start().await;
    let mut config = (*t.app.ctx.config).clone();
    config.smtp_url = Some(smtp.url.clone());
    let mailer = Mailer::from_config(&config).expect("mailer");
    // The demo's own messages go out first.
    outbox::send_due(&t.app.ctx, &mailer, "sender").await.expect("send");
    let before = smtp.messages().len();
    t.write_all().await;
    escalation::sweep(&t.app.ctx).await.expect("sweep");
    outbox::send_due(&t.app.ctx, &mailer, "sender").await.expect("send");
    let messages = smtp.messages();
    let to = |text: &str| -> BTreeSet<String> {
        messages[before..].iter().filter(|m| m.text().contains(text)).flat_map(|m| m.to.clone()).collect()
    };
    // Jiujiang's emergency bureau: its officers, its head's account and its head's mailbox.
    let jj_yj = ["jj-yj@gov.example", "jj-officer-en@gov.example", "jj-yj-head@gov.example", "head@jj-yj.gov.example"];
    let expected = |addresses: &[&str]| -> BTreeSet<String> { addresses.iter().map(|a| (*a).to_owned()).collect() };
    assert_eq!(to(MAYOR_ON_DIRECTIVE), expected(&jj_yj));
    assert_eq!(to(MAYOR_ON_TASK), expected(&jj_yj));
    let mut everyone = jj_yj.to_vec();
    everyone.extend(["nc@gov.example", "head@nc.gov.example", "jx-yj@gov.example", "head@jx-yj.gov.example"]);
    assert_eq!(to(PROVINCE_ON_DIRECTIVE), expected(&everyone));
}
