//! The demo organisation and the November 17, 2023 conference, with tasks passed down to
//! municipal bureaus, counties and enterprises in a realistic mix relative to today.
//!
//! The history is replayed through the same services a user would call, each step at its own
//! moment in the past, so the audit trail, reports and timestamps are as true as real use
//! would leave them. The whole seed is one transaction and does nothing when the province
//! already exists, so running it twice changes nothing.

use crate::domain::message::Message;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::{
    Actor, ServiceError, ServiceResult,
    setup::{self, UnitInput, UserInput},
    tasks::{self, ActionInput, AssignInput, Assignee, Origin},
};
use super::{Ctx, store};
use crate::{
    domain::{
        calendar,
        directives::{DirectiveFields, Filing, MeetingFields},
        drafting::Category,
        ids::{DirectiveId, TaskId, UnitId},
        lifecycle::TaskAction,
        organisation,
        vocabulary::{DirectiveSource, DirectiveStatus, Locale, Priority, Role, TaskRole},
    },
    entities::tasks as task_entity,
};

/// The password of every demo account; the README lists the accounts.
pub const DEMO_PASSWORD: &str = "duban-demo-2023";

const UNITS_CSV: &str = include_str!("../../assets/demo/units.csv");
const MINUTES: &str = include_str!("../../tests/fixtures/minutes/2023-11-17-province-production-safety-conference.txt");

/// What `seed` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seeded {
    Loaded,
    AlreadyPresent,
}

/// The demo units, read as `duban units import` reads a file.
fn parse_units() -> ServiceResult<Vec<UnitInput>> {
    let file = organisation::parse_units_file(UNITS_CSV).map_err(|errors| {
        let lines = errors.iter().map(organisation::LineError::message).collect();
        ServiceError::invalid("file", Message::new("error-file-lines").lines("lines", lines))
    })?;
    Ok(file.rows.into_iter().map(|row| row.unit).collect())
}

/// Accounts beyond the one officer every unit gets (username = unit key).
const NAMED_USERS: &[(&str, &str, Role, &str, Locale)] = &[
    ("admin", "系统管理员 System Administrator", Role::Admin, "jx", Locale::Zh),
    // An administrator of one city: its own subtree, nothing province-wide.
    ("jj-admin", "九江市系统管理员 Jiujiang Administrator", Role::Admin, "jj", Locale::Zh),
    ("jx-secretariat", "省安委办 督查专员", Role::Secretariat, "jx-aw", Locale::Zh),
    ("jx-leader", "分管副省长（示例）", Role::Leader, "jx", Locale::Zh),
    ("jj-secretariat", "九江市安委办 督查科", Role::Secretariat, "jj-aw", Locale::Zh),
    ("jj-mayor", "九江市市长（示例）", Role::Leader, "jj", Locale::Zh),
    ("jj-yj-head", "九江市应急管理局局长（示例）", Role::Leader, "jj-yj", Locale::Zh),
    ("jj-officer-en", "Jiujiang EM Bureau officer (English)", Role::Officer, "jj-yj", Locale::En),
];

/// How far a demo task has come by today.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Assigned,
    Acknowledged,
    InProgress(i32),
    Submitted,
    CompletedOnTime,
    CompletedLate,
    Returned,
    /// The assignee refused it as not its responsibility; it waits to be reassigned.
    Declined,
    /// The assigner withdrew it after it was acknowledged.
    Cancelled,
}

/// One demo task: its parent's index in the plan (None: assigned by the province), the unit,
/// its deadline in days from today, and how far it has come.
struct Planned {
    parent: Option<usize>,
    directive: usize,
    unit: &'static str,
    role: TaskRole,
    deadline_days: i64,
    outcome: Outcome,
}

const fn lead(directive: usize, unit: &'static str, deadline_days: i64, outcome: Outcome) -> Planned {
    Planned { parent: None, directive, unit, role: TaskRole::Lead, deadline_days, outcome }
}
const fn coop(directive: usize, unit: &'static str, deadline_days: i64, outcome: Outcome) -> Planned {
    Planned { parent: None, directive, unit, role: TaskRole::Cooperating, deadline_days, outcome }
}
const fn split(parent: usize, directive: usize, unit: &'static str, deadline_days: i64, outcome: Outcome) -> Planned {
    Planned { parent: Some(parent), directive, unit, role: TaskRole::Lead, deadline_days, outcome }
}

/// The directives of the November 17 conference: title (zh, en), category, priority,
/// deadline in days from today, and the text they come from.
const DIRECTIVES: &[(&str, &str, Category, Priority, i64, &str)] = &[
    (
        "冬季火灾隐患排查整治",
        "Winter fire-hazard inspection and rectification",
        Category::FireSafety,
        Priority::Urgent,
        12,
        "Strengthen the investigation and rectification of fire hazards in winter, focusing on schools, hospitals, mines and the \u{201c}nine small places\u{201d}; carry out full-coverage inspection and rectification, fire-safety publicity and emergency drills.",
    ),
    (
        "高危行业领域安全监管",
        "Safety supervision of high-risk industries",
        Category::Mining,
        Priority::High,
        20,
        "Investigate and rectify enterprises in coal mines, non-coal mines, hazardous chemicals, industry and trade and construction; interviews, reminders, supervision and law enforcement; safety training.",
    ),
    (
        "道路交通违法行为整治",
        "Crackdown on road traffic violations",
        Category::RoadTraffic,
        Priority::High,
        25,
        "Strictly investigate and deal with traffic violations such as \u{201c}three excesses and one fatigue\u{201d} and drunk driving.",
    ),
    (
        "大型群众性活动踩踏风险防范",
        "Preventing stampedes at large gatherings",
        Category::CrowdSafety,
        Priority::High,
        30,
        "Strictly prevent the risk of stampedes at celebrations, rallies, cultural and sports events and other large gatherings.",
    ),
    (
        "城镇燃气安全专项整治",
        "Urban gas safety special rectification",
        Category::Gas,
        Priority::High,
        35,
        "Deeply promote the special rectification of urban gas safety.",
    ),
    (
        "压实安全生产责任",
        "Consolidating work-safety responsibilities",
        Category::Responsibilities,
        Priority::Normal,
        40,
        "Implement departmental regulatory responsibilities and consolidate the main responsibilities of enterprises; maintain duty and emergency readiness.",
    ),
];

fn plan() -> Vec<Planned> {
    use Outcome::*;
    vec![
        // 0..: the province assigns each directive to Jiujiang's bureaus and to other cities.
        lead(0, "jj-xf", 12, InProgress(60)), // 0
        coop(0, "jj-jy", 12, InProgress(70)), // 1
        coop(0, "jj-wj", 12, Submitted),      // 2
        lead(1, "jj-yj", 20, InProgress(55)), // 3
        coop(1, "px", 20, InProgress(40)),    // 4
        coop(1, "gz", 20, Acknowledged),      // 5
        lead(2, "jj-jj", 25, InProgress(50)), // 6
        lead(3, "jj-ga", 30, InProgress(30)), // 7
        coop(3, "jj-wl", 30, Acknowledged),   // 8
        lead(4, "jj-zj", 35, InProgress(45)), // 9
        lead(5, "jj", 40, InProgress(20)),    // 10
        coop(5, "nc", 40, Acknowledged),      // 11
        coop(5, "sr", 40, Assigned),          // 12
        // Fire: the detachment splits to county brigades and districts; districts to venues.
        split(0, 0, "jj-ruichang-xf", 5, CompletedOnTime), // 13
        split(0, 0, "jj-hukou-xf", -2, InProgress(50)),    // 14 overdue
        split(0, 0, "jj-lianxi", 5, InProgress(80)),       // 15
        split(15, 0, "jj-lianxi-e3", -3, CompletedLate),   // 16
        split(0, 0, "jj-xunyang", 5, InProgress(60)),      // 17
        split(17, 0, "jj-xunyang-e1", 2, Returned),        // 18
        // High-risk industries: the bureau splits to three counties; counties to enterprises.
        split(3, 1, "jj-ruichang-yj", 15, InProgress(70)),   // 19
        split(19, 1, "jj-ruichang-e1", -4, CompletedOnTime), // 20
        split(19, 1, "jj-ruichang-e2", 10, InProgress(40)),  // 21
        split(3, 1, "jj-hukou-yj", 15, InProgress(50)),      // 22
        split(22, 1, "jj-hukou-e1", 8, Submitted),           // 23
        split(22, 1, "jj-hukou-e2", -1, InProgress(30)),     // 24 overdue
        split(22, 1, "jj-hukou-e3", 8, Returned),            // 25
        split(3, 1, "jj-wuning", 15, InProgress(35)),        // 26
        split(26, 1, "jj-wuning-e1", 10, Acknowledged),      // 27
        // Traffic: the detachment to counties; Duchang to its passenger-transport company.
        split(6, 2, "jj-duchang", 20, InProgress(50)),      // 28
        split(28, 2, "jj-duchang-e1", 15, CompletedOnTime), // 29
        split(6, 2, "jj-xiushui", 20, Acknowledged),        // 30
        split(6, 2, "jj-yongxiu", -1, Assigned),            // 31 overdue, never acknowledged
        // Gatherings: public security to districts; districts to the mall and the plaza.
        split(7, 3, "jj-lianxi", 25, InProgress(40)),     // 32
        split(32, 3, "jj-lianxi-e3", 20, InProgress(50)), // 33
        split(7, 3, "jj-xunyang", 25, Acknowledged),      // 34
        // Gas: housing bureau to Lianxi's housing bureau and Xunyang; then to gas companies.
        split(9, 4, "jj-lianxi-zj", 30, InProgress(60)),   // 35
        split(35, 4, "jj-lianxi-e1", 25, Submitted),       // 36
        split(9, 4, "jj-xunyang", 30, InProgress(30)),     // 37
        split(37, 4, "jj-xunyang-e2", -2, InProgress(20)), // 38 overdue
        // Responsibilities: the city government to its counties.
        split(10, 5, "jj-ruichang", 35, CompletedOnTime), // 39
        split(10, 5, "jj-hukou", 35, InProgress(50)),     // 40
        split(10, 5, "jj-dean", 35, Acknowledged),        // 41
        split(10, 5, "jj-pengze", 35, Assigned),          // 42
        // A mine asked to check a chemical plant's tanks declines; a duplicate split is withdrawn.
        split(19, 1, "jj-ruichang-e3", 10, Declined), // 43
        split(28, 2, "jj-duchang-e1", 15, Cancelled), // 44
    ]
}

/// On a first start with no configuration: the demo data, only into a database that holds no
/// unit yet. A database filled by `duban seed --scale` (or by an import) is served as it is,
/// without a demo organisation beside it.
#[tracing::instrument(skip_all)]
pub async fn seed_if_empty(ctx: &Ctx) -> ServiceResult<Seeded> {
    if store::units::count(&ctx.db).await? > 0 {
        return Ok(Seeded::AlreadyPresent);
    }
    seed(ctx).await
}

/// Loads the demo data unless the province is already there.
#[tracing::instrument(skip_all)]
pub async fn seed(ctx: &Ctx) -> ServiceResult<Seeded> {
    let (db, now) = (&ctx.db, ctx.now());
    if store::units::find_by_key(db, "jx").await?.is_some() {
        return Ok(Seeded::AlreadyPresent);
    }
    let txn = db.begin().await?;
    load(&txn, now, ctx.zone()).await?;
    // The demo replays weeks of history at once: its assignments, returns and instructions
    // happened "before", and are not told by e-mail now. Its reminders and escalations are.
    let latest = store::notifications::latest_audit_id(&txn).await?;
    store::notifications::start_cursor(&txn, store::notifications::CHANGES_CURSOR, latest, now).await?;
    txn.commit().await?;
    Ok(Seeded::Loaded)
}

/// The 文号 prefixes of the demo's issuing offices.
const DOC_PREFIXES: &[(&str, &str)] = &[("jx-aw", "赣安办督"), ("jj-aw", "浔安办督")];

async fn load(conn: &impl ConnectionTrait, now: DateTime<Utc>, tz: chrono_tz::Tz) -> ServiceResult<()> {
    // Everything starts 45 days ago: units and people first, the directives issued the day after.
    let start = now - Duration::days(45);
    for unit in parse_units()? {
        setup::create_unit(conn, None, &unit, start).await?;
    }
    let hash = setup::hash_password(DEMO_PASSWORD)?;
    for unit in store::units::all(conn).await? {
        let name = format!("{} 督办联络员", unit.name_zh);
        let user = DemoUser {
            username: &unit.key,
            display_name: &name,
            role: Role::Officer,
            unit_key: &unit.key,
            locale: Locale::Zh,
        };
        create_user(conn, user, &hash, start).await?;
    }
    for (username, name, role, unit, locale) in NAMED_USERS {
        let user = DemoUser { username, display_name: name, role: *role, unit_key: unit, locale: *locale };
        create_user(conn, user, &hash, start).await?;
    }

    let province_office = unit_id(conn, "jx-aw").await?;
    // The two work-safety offices number what they issue (文号), as their admins set it.
    for (key, prefix) in DOC_PREFIXES {
        store::units::set_doc_prefix(conn, unit_id(conn, key).await?.0, Some(prefix)).await?;
    }
    let secretariat = actor(conn, "jx-secretariat").await?;
    let meeting = setup::create_meeting(
        conn,
        Some(secretariat.user_id.0),
        province_office.0,
        MeetingFields {
            title_zh: "全省安全生产电视电话会议".to_owned(),
            title_en: "Province-wide production safety video and telephone conference".to_owned(),
            held_on: NaiveDate::from_ymd_opt(2023, 11, 17).ok_or(ServiceError::invalid("held_on", Message::new("error-not-a-date").text("value", "2023-11-17")))?,
            host: "江西省人民政府 Jiangxi Provincial Government".to_owned(),
            venue: "省主会场，各设区市分会场（九江分会场） Main venue with city branch venues (Jiujiang branch venue)".to_owned(),
            attendees: "九江市：江文定（市长）、包乘耿（常务副市长）、吴华峰（市政府秘书长） Jiujiang: Jiang Wending (Mayor), Bao Chenggeng (Executive Vice Mayor), Wu Huafeng (Secretary-General)".to_owned(),
            minutes: MINUTES.to_owned(),
        },
        start,
    )
    .await?;

    let issued_at = start + Duration::days(1);
    let mut directive_ids = Vec::new();
    for (seq, (title_zh, title_en, category, priority, deadline_days, body)) in DIRECTIVES.iter().enumerate() {
        let directive = setup::create_directive(
            conn,
            Some(secretariat.user_id.0),
            Filing {
                meeting_id: Some(meeting.id),
                unit_id: province_office.0,
                seq: seq as i32 + 1,
                status: DirectiveStatus::Issued,
                source: DirectiveSource::Manual,
            },
            DirectiveFields {
                title_zh: (*title_zh).to_owned(),
                title_en: (*title_en).to_owned(),
                body: (*body).to_owned(),
                category: *category,
                priority: *priority,
                deadline: end_of_day(now + Duration::days(*deadline_days)),
                places: Vec::new(),
                industries: Vec::new(),
            },
            issued_at,
        )
        .await?;
        super::documents::give_number(conn, directive.id, directive.unit_id, issued_at, tz).await?;
        directive_ids.push(directive.id);
    }

    // The province assigns each directive in one request: its lead and cooperating units.
    let plan = plan();
    let assigned_at = issued_at + Duration::hours(2);
    let mut top: Vec<Option<task_entity::Model>> = vec![None; plan.len()];
    for (d, directive_id) in directive_ids.iter().enumerate() {
        let indices: Vec<usize> =
            (0..plan.len()).filter(|&i| plan[i].parent.is_none() && plan[i].directive == d).collect();
        let mut assignees = Vec::with_capacity(indices.len());
        for &i in &indices {
            assignees.push(Assignee { unit_id: unit_id(conn, plan[i].unit).await?, role: plan[i].role });
        }
        let deadline = indices.iter().map(|&i| plan[i].deadline_days).max().unwrap_or(0);
        let created = tasks::assign_in(
            conn,
            &secretariat,
            AssignInput {
                origin: Origin::Directive(DirectiveId(*directive_id)),
                assignees: &assignees,
                title: None,
                description: None,
                deadline: end_of_day(now + Duration::days(deadline)),
                ack_within_days: 1,
                report_every_days: Some(7),
            },
            assigned_at,
            DEMO_ZONE,
        )
        .await?;
        for (i, task) in indices.into_iter().zip(created) {
            top[i] = Some(task);
        }
    }

    // Then the history below: a split is made the day after its parent was acknowledged.
    let mut done: Vec<(task_entity::Model, DateTime<Utc>)> = Vec::with_capacity(plan.len());
    for (i, step) in plan.iter().enumerate() {
        let (assigner, task, acked_at) = match (step.parent, top[i].take()) {
            (None, Some(task)) => (secretariat, task, assigned_at + Duration::hours(20)),
            (Some(parent), _) => {
                let (parent_task, parent_acked) = &done[parent];
                let assigner = unit_actor(conn, parent_task.assignee_unit_id).await?;
                let split_at = *parent_acked + Duration::days(1);
                let created = tasks::assign_in(
                    conn,
                    &assigner,
                    AssignInput {
                        origin: Origin::Split { parent_task_id: TaskId(parent_task.id) },
                        assignees: &[Assignee { unit_id: unit_id(conn, step.unit).await?, role: step.role }],
                        title: None,
                        description: None,
                        deadline: end_of_day(now + Duration::days(step.deadline_days)),
                        ack_within_days: 1,
                        report_every_days: Some(7),
                    },
                    split_at,
                    DEMO_ZONE,
                )
                .await?;
                let task = created.into_iter().next().ok_or(ServiceError::NotFound("task"))?;
                (assigner, task, split_at + Duration::hours(20))
            }
            (None, None) => return Err(ServiceError::NotFound("task")),
        };
        let task = play(conn, &assigner, task, step.outcome, acked_at, now).await?;
        done.push((task, acked_at));
    }
    Ok(())
}

/// Moves a freshly assigned task to its planned outcome, each step at a plausible moment.
async fn play(
    conn: &impl ConnectionTrait,
    assigner: &Actor,
    task: task_entity::Model,
    outcome: Outcome,
    acked_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ServiceResult<task_entity::Model> {
    if matches!(outcome, Outcome::Assigned) {
        return Ok(task);
    }
    let assignee = unit_actor(conn, task.assignee_unit_id).await?;
    let step = |task: &task_entity::Model, text: Option<&str>, progress: Option<i32>| ActionInput {
        version: task.version,
        text: text.map(str::to_owned),
        progress,
        new_assignee_unit_id: None,
    };
    if matches!(outcome, Outcome::Declined) {
        let reason = "本企业为非煤矿山，储罐检查不属于本单位职责，请转交化工企业。We are a mine, not a chemical plant; please pass this on.";
        return act_at(
            conn,
            &assignee,
            TaskId(task.id),
            TaskAction::Decline,
            step(&task, Some(reason), None),
            acked_at,
        )
        .await;
    }
    let mut task =
        act_at(conn, &assignee, TaskId(task.id), TaskAction::Acknowledge, step(&task, None, None), acked_at).await?;
    let progress_at = acked_at + Duration::days(6);
    let (pct, submit_at) = match outcome {
        Outcome::Assigned | Outcome::Acknowledged | Outcome::Declined => return Ok(task),
        Outcome::Cancelled => {
            let note = "与交通运输部门的同类任务重复，撤回。Withdrawn: it duplicates the transport bureau's task.";
            let withdrawn_at = acked_at + Duration::days(2);
            return act_at(
                conn,
                assigner,
                TaskId(task.id),
                TaskAction::Cancel,
                step(&task, Some(note), None),
                withdrawn_at,
            )
            .await;
        }
        Outcome::InProgress(pct) => (pct, None),
        Outcome::CompletedOnTime | Outcome::Submitted | Outcome::Returned => {
            (50, Some((task.deadline - Duration::days(3)).min(now - Duration::days(2))))
        }
        Outcome::CompletedLate => (50, Some(task.deadline + Duration::days(2))),
    };
    task = act_at(
        conn,
        &assignee,
        TaskId(task.id),
        TaskAction::Progress,
        step(&task, Some("已召开专题部署会，完成辖区摸排，正在逐项整改。Held a deployment meeting, finished the survey, rectifying item by item."), Some(pct)),
        progress_at,
    )
    .await?;
    let Some(submit_at) = submit_at else { return Ok(task) };
    let submit_at = submit_at.max(progress_at + Duration::hours(1));
    task = act_at(
        conn,
        &assignee,
        TaskId(task.id),
        TaskAction::Complete,
        step(
            &task,
            Some("排查整改全部完成，附整改台账。All hazards found have been rectified; ledger attached."),
            None,
        ),
        submit_at,
    )
    .await?;
    let review_at = submit_at + Duration::hours(18);
    match outcome {
        Outcome::CompletedOnTime | Outcome::CompletedLate => {
            act_at(conn, assigner, TaskId(task.id), TaskAction::Accept, step(&task, Some("材料齐全，同意办结。"), None), review_at).await
        }
        Outcome::Returned => {
            act_at(
                conn,
                assigner,
                TaskId(task.id),
                TaskAction::Return,
                step(&task, Some("整改台账缺少复查照片，请补充后重新报送。The ledger lacks re-inspection photos; add them and resubmit."), None),
                review_at,
            )
            .await
        }
        _ => Ok(task),
    }
}

/// Demo deadlines end at midnight in Jiangxi.
/// The demo organisation is in Jiangxi: its days are Beijing days, whatever zone is configured.
const DEMO_ZONE: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

fn end_of_day(at: DateTime<Utc>) -> DateTime<Utc> {
    calendar::end_of_day(at.with_timezone(&DEMO_ZONE).date_naive(), DEMO_ZONE)
}

/// One demo account; all share the demo password.
struct DemoUser<'a> {
    username: &'a str,
    display_name: &'a str,
    role: Role,
    unit_key: &'a str,
    locale: Locale,
}

async fn create_user(
    conn: &impl ConnectionTrait,
    user: DemoUser<'_>,
    password_hash: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let domain = if user.unit_key.contains("-e") { "enterprise.example" } else { "gov.example" };
    setup::create_user(
        conn,
        None,
        &UserInput {
            username: user.username.to_owned(),
            display_name: user.display_name.to_owned(),
            email: format!("{}@{domain}", user.username),
            role: user.role,
            unit_key: user.unit_key.to_owned(),
            locale: user.locale,
        },
        password_hash.to_owned(),
        now,
    )
    .await?;
    Ok(())
}

/// One step of a task's history, at `at`.
async fn act_at(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    task_id: TaskId,
    action: TaskAction,
    input: ActionInput,
    at: DateTime<Utc>,
) -> ServiceResult<task_entity::Model> {
    Ok(tasks::act_in_transaction(conn, actor, task_id, action, input, at).await?.0)
}

async fn unit_id(conn: &impl ConnectionTrait, key: &str) -> ServiceResult<UnitId> {
    Ok(UnitId(store::units::find_by_key(conn, key).await?.ok_or(ServiceError::NotFound("unit"))?.id))
}

async fn actor(conn: &impl ConnectionTrait, username: &str) -> ServiceResult<Actor> {
    let user = store::users::find_by_username(conn, username).await?.ok_or(ServiceError::NotFound("user"))?;
    Ok(Actor::of(&user))
}

/// The officer account of a unit (its username is the unit key).
async fn unit_actor(conn: &impl ConnectionTrait, unit_id: i64) -> ServiceResult<Actor> {
    let unit = store::units::get(conn, unit_id).await?;
    actor(conn, &unit.key).await
}
