//! The figures beside each directive of a list (`rollups::directives_figures`), as each unit
//! sees them, against a count by hand of the tasks DESIGN lets it see: a task is seen when it
//! or some task up its chain was assigned by the unit or to a unit of its subtree.

use super::*;

pub(super) async fn check_directive_lists(
    app: &TestApp,
    org: &Org,
    step: usize,
    all: &[entities::tasks::Model],
    subtree: &dyn Fn(i64) -> HashSet<i64>,
) -> Result<(), String> {
    let now = app.clock.now_utc();
    let due_soon_days = app.ctx.config.due_soon_days;
    let by_id: HashMap<i64, &entities::tasks::Model> = all.iter().map(|t| (t.id, t)).collect();
    let directive_ids: Vec<DirectiveId> = org.directives.iter().map(|(id, _)| DirectiveId(*id)).collect();
    let mut officers = vec![org.secretariat, org.other_office];
    officers.extend(org.units.iter().map(|(_, _, actor)| *actor));
    for actor in officers {
        let unit = actor.unit_id.0;
        let within = subtree(unit);
        let seen_by_itself =
            |t: &entities::tasks::Model| t.assigner_unit_id == unit || within.contains(&t.assignee_unit_id);
        let seen = |t: &entities::tasks::Model| {
            let mut at = Some(t);
            while let Some(task) = at {
                if seen_by_itself(task) {
                    return true;
                }
                at = task.parent_id.and_then(|p| by_id.get(&p).copied());
            }
            false
        };
        let served = rollups::directives_figures(&app.ctx, &actor, &directive_ids).await.map_err(|e| e.to_string())?;
        for directive in &directive_ids {
            let theirs: Vec<&entities::tasks::Model> =
                all.iter().filter(|t| t.directive_id == directive.0 && seen(t)).collect();
            let expected = (!theirs.is_empty()).then(|| by_hand(&theirs, now, due_soon_days));
            let got = served.get(directive).copied();
            if got != expected {
                return Err(format!(
                    "step {step}: unit {unit}, directive {}: the list serves {got:?}, counted {expected:?} over {} tasks",
                    directive.0,
                    theirs.len()
                ));
            }
        }
    }
    Ok(())
}
