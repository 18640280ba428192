//! The lists answer from indexes what the visibility rule says, checked against the rule
//! computed by brute force from every task and the parent links of the tree (never from the
//! closure table the lists read): a unit sees the tasks assigned within its subtree or by
//! itself, and every task split below those; `access::can_see_task` says the same for every
//! unit and task.

use std::collections::{HashMap, HashSet};

use duban::{
    domain::{
        lifecycle::TaskStatus,
        listing::TaskFilter,
        vocabulary::{DirectiveStatus, Role},
    },
    entities,
    services::{Actor, access, admin},
    store,
};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

use crate::helpers::{TestApp, spawn_demo, top_assigners_by_hand};
use duban::domain::ids::{DirectiveId, TaskId, UnitId, UserId};

/// A small deterministic generator, so that a failure repeats.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Scatters the demo's tasks over the tree, as reassignments and moved units can, so that
/// tasks split below a visible one lie outside the subtree too; then puts right what the
/// store keeps beside the tasks (each chain's top assigner, the counts under it, the rollup
/// counters), as Duban's own writes would have.
async fn scatter(app: &TestApp, seed: u64) {
    let db = &app.ctx.db;
    let units = entities::units::Entity::find().all(db).await.expect("units");
    let mut rng = Lcg(seed);
    let tasks = entities::tasks::Entity::find().all(db).await.expect("tasks");
    for task in &tasks {
        if rng.below(3) == 0 {
            let mut row = task.clone().into_active_model();
            row.assignee_unit_id = Set(units[rng.below(units.len())].id);
            if rng.below(2) == 0 {
                row.assigner_unit_id = Set(units[rng.below(units.len())].id);
            }
            row.update(db).await.expect("scatter");
        }
    }
    // A changed assigner of a top task changes what its chain's tasks keep as their top
    // assigner (Duban itself never changes an assigner), and the counts under each top.
    let scattered = entities::tasks::Entity::find().all(db).await.expect("tasks");
    let tops = top_assigners_by_hand(&scattered);
    for task in &scattered {
        if task.root_assigner_unit_id != tops[&task.id] {
            let mut row = task.clone().into_active_model();
            row.root_assigner_unit_id = Set(tops[&task.id]);
            row.update(db).await.expect("top assigner");
        }
    }
    store::tasks::rebuild_root_counts(db).await.expect("counts under tops");
    // The tasks now split out of their parent's unit's subtree, which the store notes as it
    // writes a task's unit.
    store::crossings::rebuild(db).await.expect("crossings");
    // The directive list reads which directives have tasks under a unit from the counters.
    store::rollups::rebuild(db).await.expect("counters");
}

#[tokio::test]
async fn the_task_and_directive_lists_equal_the_visibility_rule_by_brute_force() {
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    let now = app.ctx.now();
    scatter(&app, 11).await;
    let units = store::units::all(db).await.expect("units");
    let mut rng = Lcg(11);
    let tasks = entities::tasks::Entity::find().all(db).await.expect("tasks");
    let by_id: HashMap<i64, &entities::tasks::Model> = tasks.iter().map(|t| (t.id, t)).collect();
    let directives = entities::directives::Entity::find().all(db).await.expect("directives");
    // Subtrees walked up the parent links by hand, not read from the closure table the lists
    // themselves read.
    let parent: HashMap<i64, Option<i64>> = units.iter().map(|u| (u.id, u.parent_id)).collect();
    let subtree_of = |top: i64| -> HashSet<i64> {
        units.iter().map(|u| u.id).filter(|id| crate::helpers::at_or_below(&parent, *id, top)).collect()
    };
    let mut compared = 0;
    for unit in &units {
        let subtree = subtree_of(unit.id);
        let by_itself =
            |t: &entities::tasks::Model| t.assigner_unit_id == unit.id || subtree.contains(&t.assignee_unit_id);
        let visible = |t: &entities::tasks::Model| {
            let mut current = t;
            loop {
                if by_itself(current) {
                    return true;
                }
                match current.parent_id {
                    Some(parent) => current = by_id[&parent],
                    None => return false,
                }
            }
        };
        let filters = [
            TaskFilter::default(),
            TaskFilter { statuses: vec![TaskStatus::Assigned, TaskStatus::InProgress], ..Default::default() },
            TaskFilter { directive_id: (tasks.first().map(|t| t.directive_id)).map(DirectiveId), ..Default::default() },
            TaskFilter { unit_id: Some(UnitId(units[rng.below(units.len())].id)), ..Default::default() },
            TaskFilter { deadline_from: tasks.get(tasks.len() / 2).map(|t| t.deadline), ..Default::default() },
        ];
        for filter in filters {
            let mut expected: Vec<&entities::tasks::Model> = tasks
                .iter()
                .filter(|t| visible(t))
                .filter(|t| filter.statuses.is_empty() || filter.statuses.contains(&t.status))
                .filter(|t| filter.directive_id.is_none_or(|d| t.directive_id == d.0))
                .filter(|t| filter.deadline_from.is_none_or(|from| t.deadline >= from))
                .collect();
            if let Some(within) = filter.unit_id {
                let below = subtree_of(within.0);
                expected.retain(|t| below.contains(&t.assignee_unit_id));
            }
            expected.sort_by_key(|t| (t.deadline, t.id));
            let expected: Vec<i64> = expected.into_iter().map(|t| t.id).collect();
            // Pages of seven, so that the offset matters; the page sorted from the visible ids
            // and read in deadline order with each task checked up its chain.
            for sort_at_most in [i64::MAX, 0] {
                let mut got = Vec::new();
                let mut offset = 0;
                loop {
                    let listed = store::tasks::list_visible_bounded(
                        db,
                        UnitId(unit.id),
                        &filter,
                        now,
                        (offset, 7),
                        sort_at_most,
                        u64::MAX,
                    )
                    .await
                    .expect("list");
                    let (page, total) = (listed.rows, listed.total);
                    assert_eq!(total as usize, expected.len(), "total for unit {} with {filter:?}", unit.key);
                    if page.is_empty() {
                        break;
                    }
                    got.extend(page.iter().map(|t| t.id));
                    offset += 7;
                }
                assert_eq!(got, expected, "unit {} with {filter:?}, sorting at most {sort_at_most}", unit.key);
            }
            compared += expected.len();
        }
        let mut expected: Vec<i64> = directives
            .iter()
            .filter(|d| {
                d.unit_id == unit.id
                    || (d.status != DirectiveStatus::Draft
                        && (subtree.contains(&d.unit_id)
                            || tasks.iter().any(|t| t.directive_id == d.id && by_itself(t))))
            })
            .map(|d| d.id)
            .collect();
        expected.sort_unstable();
        let got: Vec<i64> = store::directives::list_visible(db, UnitId(unit.id), None)
            .await
            .expect("directives")
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(got, expected, "directives of unit {}", unit.key);
        let mut expected: Vec<i64> = directives
            .iter()
            .filter(|d| tasks.iter().any(|t| t.directive_id == d.id && visible(t)))
            .filter_map(|d| d.meeting_id)
            .collect();
        expected.sort_unstable();
        expected.dedup();
        let mut got = store::tasks::visible_meeting_ids(db, UnitId(unit.id)).await.expect("meetings");
        got.sort_unstable();
        assert_eq!(got, expected, "meetings behind the tasks unit {} sees", unit.key);
    }
    assert!(compared > tasks.len(), "the units see some of the demo's tasks: {compared}");
}

#[tokio::test]
async fn who_may_see_a_task_agrees_with_the_rule_walked_by_hand_for_every_unit_and_task() {
    let app = spawn_demo().await;
    let db = &app.ctx.db;
    // Move a county under another city, as an administrator may, before scattering: the
    // subtrees the rule reads change with it.
    let admin = entities::users::Entity::find().all(db).await.expect("users");
    let admin = admin.iter().find(|u| u.role == Role::Admin).expect("the demo's admin");
    let county = store::units::find_by_key(db, "jj-hukou").await.expect("q").expect("the demo's county").id;
    let city = store::units::find_by_key(db, "nc").await.expect("q").expect("the demo's city").id;
    admin::move_unit(&app.ctx, &Actor::of(admin), UnitId(county), UnitId(city)).await.expect("moved");
    scatter(&app, 29).await;

    // Everything the rule needs, read as rows: the tree by its parents, the tasks by theirs.
    let units = entities::units::Entity::find().all(db).await.expect("units");
    let tasks = entities::tasks::Entity::find().all(db).await.expect("tasks");
    let parent: HashMap<i64, Option<i64>> = units.iter().map(|u| (u.id, u.parent_id)).collect();
    let by_id: HashMap<i64, &entities::tasks::Model> = tasks.iter().map(|t| (t.id, t)).collect();
    let within = |ancestor: i64, unit: i64| crate::helpers::at_or_below(&parent, unit, ancestor);
    let sees = |unit: i64, task: &entities::tasks::Model| {
        let mut at = Some(task);
        while let Some(t) = at {
            if t.assigner_unit_id == unit || within(unit, t.assignee_unit_id) {
                return true;
            }
            at = t.parent_id.map(|p| by_id[&p]);
        }
        false
    };
    let (mut seen, mut hidden) = (0, 0);
    for unit in &units {
        let actor = Actor { user_id: UserId(0), unit_id: UnitId(unit.id), role: Role::Officer };
        for task in &tasks {
            let expected = sees(unit.id, task);
            let got = access::can_see_task(db, &actor, TaskId(task.id)).await.expect("can_see_task");
            assert_eq!(got, expected, "unit {} and task {} ({})", unit.key, task.id, task.title);
            let read = access::visible_task(db, &actor, TaskId(task.id)).await;
            assert_eq!(read.is_ok(), expected, "visible_task, unit {} and task {}", unit.key, task.id);
            if expected {
                seen += 1;
            } else {
                hidden += 1;
            }
        }
    }
    assert!(seen > tasks.len() && hidden > tasks.len(), "both answers are tried often: {seen} seen, {hidden} hidden");
}

/// The ids of the tasks `unit` lists, unfiltered and by a search every task matches, sorted.
async fn listed(app: &TestApp, unit: UnitId) -> (Vec<i64>, Vec<i64>) {
    let now = app.ctx.now();
    let ids = |listed: store::tasks::Listed| {
        let mut ids: Vec<i64> = listed.rows.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids
    };
    let all = store::tasks::list_visible(&app.ctx.db, unit, &TaskFilter::default(), now, 0, 100).await.expect("list");
    let found = TaskFilter { search: Some("核查".to_owned()), ..TaskFilter::default() };
    let found = store::tasks::list_visible(&app.ctx.db, unit, &found, now, 0, 100).await.expect("search");
    (ids(all), ids(found))
}

#[tokio::test]
async fn a_task_split_out_of_a_units_subtree_below_it_stays_in_its_lists_as_units_move() {
    use duban::{
        domain::{
            calendar::end_of_day,
            lifecycle::TaskAction,
            vocabulary::{Locale, TaskRole, UnitKind, UnitLevel},
        },
        services::{
            setup::{self, UnitInput, UserInput},
            tasks::{self, ActionInput, AssignInput, Assignee, Origin},
        },
    };
    let app = crate::helpers::spawn_app().await;
    let org = app.org().await;
    let db = &app.ctx.db;
    let now = app.ctx.now();
    let zone = chrono_tz::Asia::Shanghai;
    // A detachment under the city's bureau, with an officer; and a root administrator.
    let unit = UnitInput {
        key: "jj-yj-zd".to_owned(),
        parent_key: Some("jj-yj".to_owned()),
        kind: UnitKind::Department,
        level: UnitLevel::Municipal,
        function: None,
        name_zh: "支队".to_owned(),
        name_en: "Detachment".to_owned(),
        email: None,
        head_email: None,
        short_name: None,
        aliases: Vec::new(),
        doc_prefix: None,
    };
    let detachment = UnitId(setup::create_unit(db, None, &unit, now).await.expect("the detachment").id);
    let hash = setup::hash_password("correct horse battery").expect("hash");
    let input = UserInput {
        username: "root-admin".to_owned(),
        display_name: "root-admin".to_owned(),
        email: "root-admin@test.example".to_owned(),
        role: Role::Admin,
        unit_key: "jx".to_owned(),
        locale: Locale::Zh,
    };
    let admin = Actor::of(&setup::create_user(db, None, &input, hash, now).await.expect("admin"));

    // The secretariat gives the bureau a task of a directive of its own; the bureau splits it
    // to `to`.
    let split_to = async |title: &str, to: UnitId| -> [i64; 2] {
        let directive = app.issued_directive(&org.secretariat, title).await;
        let deadline = |days| end_of_day((now + chrono::Duration::days(days)).date_naive(), zone);
        let lead = [Assignee { unit_id: org.bureau.unit_id, role: TaskRole::Lead }];
        let input = AssignInput {
            origin: Origin::Directive(DirectiveId(directive)),
            assignees: &lead,
            title: Some(title),
            description: None,
            deadline: deadline(20),
            ack_within_days: 1,
            report_every_days: None,
        };
        let parent = tasks::assign(&app.ctx, &org.secretariat, input).await.expect("assigned").remove(0);
        let version = parent.version;
        app.act(&org.bureau, parent.id.0, TaskAction::Acknowledge, ActionInput { version, ..Default::default() })
            .await
            .expect("acknowledged");
        let below = [Assignee { unit_id: to, role: TaskRole::Lead }];
        let split = AssignInput {
            origin: Origin::Split { parent_task_id: parent.id },
            assignees: &below,
            title: Some(title),
            description: None,
            deadline: deadline(15),
            ack_within_days: 1,
            report_every_days: None,
        };
        let child = tasks::assign(&app.ctx, &org.bureau, split).await.expect("split").remove(0);
        [parent.id.0, child.id.0]
    };
    // To a county of the city (outside the bureau's subtree) and to the bureau's own detachment.
    let county = split_to("核查燃气管道", org.county.unit_id).await;
    let own = split_to("核查液化气站", detachment).await;
    assert_eq!(crossings(&app).await, crossings_by_hand(&app).await, "noted as written");
    assert_eq!(crossings(&app).await, vec![county[1]], "only the county's crosses its parent's subtree");
    let mut all = [county, own].concat();
    all.sort_unstable();
    assert_eq!(listed(&app, org.city.unit_id).await, (all.clone(), all.clone()), "the city sees the four");

    // The detachment moved under the other city: its task now lies outside the city's subtree,
    // split from the bureau inside it; the city still lists it (and the other city sees it).
    admin::move_unit(&app.ctx, &admin, detachment, org.other_city.unit_id).await.expect("moved away");
    assert_eq!(crossings(&app).await, crossings_by_hand(&app).await, "judged again after the move");
    assert_eq!(listed(&app, org.city.unit_id).await, (all.clone(), all.clone()), "the city, after the move");
    assert_eq!(listed(&app, org.other_city.unit_id).await, (vec![own[1]], vec![own[1]]), "the other city");
    assert_eq!(listed(&app, org.sibling_bureau.unit_id).await, (vec![], vec![]), "the bureau's sibling sees none");
}

/// The tasks `task_crossings` holds, sorted.
async fn crossings(app: &TestApp) -> Vec<i64> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.ctx.db;
    let sql = Statement::from_string(db.get_database_backend(), "SELECT task_id FROM task_crossings ORDER BY task_id");
    db.query_all_raw(sql)
        .await
        .expect("crossings")
        .iter()
        .map(|r| r.try_get::<i64>("", "task_id").expect("id"))
        .collect()
}

/// The tasks split to a unit outside the subtree of their parent's unit, by the tree's parent
/// links walked by hand.
async fn crossings_by_hand(app: &TestApp) -> Vec<i64> {
    let db = &app.ctx.db;
    let units = entities::units::Entity::find().all(db).await.expect("units");
    let parent: HashMap<i64, Option<i64>> = units.iter().map(|u| (u.id, u.parent_id)).collect();
    let tasks = entities::tasks::Entity::find().all(db).await.expect("tasks");
    let by_id: HashMap<i64, &entities::tasks::Model> = tasks.iter().map(|t| (t.id, t)).collect();
    let mut out: Vec<i64> = tasks
        .iter()
        .filter_map(|t| t.parent_id.map(|p| (t, by_id[&p])))
        .filter(|(t, p)| !crate::helpers::at_or_below(&parent, t.assignee_unit_id, p.assignee_unit_id))
        .map(|(t, _)| t.id)
        .collect();
    out.sort_unstable();
    out
}
