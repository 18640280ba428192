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
