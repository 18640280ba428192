//! The property: a random organisation, a random history, and after every step every
//! figure the rollups serve equals a count by hand.

use super::*;

mod lists;

/// One step of the history, its numbers read modulo what exists at that moment.
#[derive(Debug, Clone)]
enum Step {
    Assign { directive: usize, unit: usize, days: i64, hours: i64, every: Option<i32> },
    Split { task: usize, unit: usize, hours_earlier: i64 },
    Act { task: usize, choice: usize, progress: i32, unit: usize },
    Extend { task: usize, days: i64 },
    Pass { hours: i64 },
    Move { unit: usize, parent: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0usize..4, any::<usize>(), 1i64..12, 0i64..24, prop::option::of(1i32..4))
            .prop_map(|(directive, unit, days, hours, every)| Step::Assign { directive, unit, days, hours, every }),
        5 => (any::<usize>(), any::<usize>(), 0i64..48)
            .prop_map(|(task, unit, hours_earlier)| Step::Split { task, unit, hours_earlier }),
        14 => (any::<usize>(), any::<usize>(), 0i32..=100, any::<usize>())
            .prop_map(|(task, choice, progress, unit)| Step::Act { task, choice, progress, unit }),
        2 => (any::<usize>(), 1i64..6).prop_map(|(task, days)| Step::Extend { task, days }),
        3 => (1i64..240).prop_map(|hours| Step::Pass { hours }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(unit, parent)| Step::Move { unit, parent }),
    ]
}

/// The actions worth trying on a task in `status`, the likely ones more than once; a closed
/// task gets every action, all of them refused.
fn actions_for(status: TaskStatus) -> &'static [TaskAction] {
    use TaskAction as A;
    match status {
        TaskStatus::Assigned => &[A::Acknowledge, A::Acknowledge, A::Acknowledge, A::Decline, A::Cancel],
        TaskStatus::Acknowledged | TaskStatus::InProgress | TaskStatus::Returned => {
            &[A::Progress, A::Progress, A::Complete, A::Complete, A::Cancel, A::Accept]
        }
        TaskStatus::Submitted => &[A::Accept, A::Accept, A::Return, A::Cancel, A::Progress],
        TaskStatus::Declined => &[A::Reassign, A::Reassign, A::Cancel],
        TaskStatus::Completed | TaskStatus::Cancelled => A::ALL,
    }
}

/// The organisation of one case: the province (with its secretariat, a second issuing office
/// and its admin), and governments below it, each with an officer. The fourth directive is the
/// second office's, so that some chains are not the secretariat's.
struct Org {
    root: i64,
    secretariat: Actor,
    other_office: Actor,
    admin: Actor,
    leader: Actor,
    /// Governments below the province, with the officer of each.
    units: Vec<(i64, UnitLevel, Actor)>,
    directives: Vec<(i64, Category)>,
}

impl Org {
    fn officer_of(&self, unit: i64) -> Option<Actor> {
        if unit == self.secretariat.unit_id.0 {
            return Some(self.secretariat);
        }
        if unit == self.other_office.unit_id.0 {
            return Some(self.other_office);
        }
        self.units.iter().find(|(id, _, _)| *id == unit).map(|(_, _, a)| *a)
    }
}

const LEVELS: [UnitLevel; 3] = [UnitLevel::Municipal, UnitLevel::County, UnitLevel::Township];

async fn organisation(app: &TestApp, parents: &[usize]) -> Org {
    let db = &app.ctx.db;
    let now = app.clock.now_utc();
    let unit = async |key: String, parent: Option<String>, kind: UnitKind, level: UnitLevel| {
        let input = UnitInput {
            key: key.clone(),
            parent_key: parent,
            kind,
            level,
            function: None,
            name_zh: format!("{key} 单位"),
            name_en: format!("{key} unit"),
            email: None,
            head_email: None,
            short_name: None,
            aliases: Vec::new(),
            doc_prefix: None,
        };
        setup::create_unit(db, None, &input, now).await.expect("unit").id
    };
    let hash = setup::hash_password("correct horse battery").expect("hash");
    let user = async |username: String, role: Role, unit_key: String| {
        let input = UserInput {
            username: username.clone(),
            display_name: username.clone(),
            email: format!("{username}@test.example"),
            role,
            unit_key,
            locale: Locale::Zh,
        };
        let user = setup::create_user(db, None, &input, hash.clone(), now).await.expect("user");
        Actor { user_id: UserId(user.id), unit_id: UnitId(user.unit_id), role }
    };
    let root = unit("p".into(), None, UnitKind::Government, UnitLevel::Province).await;
    unit("p-aw".into(), Some("p".into()), UnitKind::Secretariat, UnitLevel::Province).await;
    let secretariat = user("p-secretariat".into(), Role::Secretariat, "p-aw".into()).await;
    unit("p-ob".into(), Some("p".into()), UnitKind::Secretariat, UnitLevel::Province).await;
    let other_office = user("p-ob-secretariat".into(), Role::Secretariat, "p-ob".into()).await;
    let admin = user("p-admin".into(), Role::Admin, "p".into()).await;
    let leader = user("p-leader".into(), Role::Leader, "p".into()).await;
    // Each new government hangs under the province or an earlier one with room below it.
    let mut placed: Vec<(String, usize)> = Vec::new();
    let mut units = Vec::new();
    for (i, seed) in parents.iter().enumerate() {
        let candidates: Vec<Option<usize>> =
            std::iter::once(None).chain((0..placed.len()).filter(|&j| placed[j].1 < 2).map(Some)).collect();
        let parent = candidates[seed % candidates.len()];
        let (parent_key, depth) = match parent {
            None => ("p".to_owned(), 0),
            Some(j) => (placed[j].0.clone(), placed[j].1 + 1),
        };
        let key = format!("g{i}");
        let id = unit(key.clone(), Some(parent_key), UnitKind::Government, LEVELS[depth]).await;
        let officer = user(format!("{key}-officer"), Role::Officer, key.clone()).await;
        placed.push((key, depth));
        units.push((id, LEVELS[depth], officer));
    }
    let mut directives = Vec::new();
    for (seq, category) in
        [Category::FireSafety, Category::Gas, Category::FireSafety, Category::Gas].into_iter().enumerate()
    {
        let issuer = if seq == 3 { other_office } else { secretariat };
        let directive = setup::create_directive(
            db,
            Some(issuer.user_id.0),
            Filing {
                meeting_id: None,
                unit_id: issuer.unit_id.0,
                seq: seq as i32 + 1,
                status: DirectiveStatus::Issued,
                source: DirectiveSource::Manual,
            },
            DirectiveFields {
                title_zh: format!("督办事项 {seq}"),
                title_en: format!("Directive {seq}"),
                body: "按期办结".to_owned(),
                category,
                priority: Priority::High,
                deadline: now + Duration::days(60),
                places: vec![],
                industries: vec![],
            },
            now,
        )
        .await
        .expect("directive");
        directives.push((directive.id, category));
    }
    Org { root, secretariat, other_office, admin, leader, units, directives }
}

fn pick<T: Copy>(items: &[T], seed: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[seed % items.len()])
}

/// The kinds of step, in the order `Step` lists them.
const KINDS: [&str; 6] = ["assign", "split", "act", "extend", "pass", "move"];

fn kind(step: &Step) -> usize {
    match step {
        Step::Assign { .. } => 0,
        Step::Split { .. } => 1,
        Step::Act { .. } => 2,
        Step::Extend { .. } => 3,
        Step::Pass { .. } => 4,
        Step::Move { .. } => 5,
    }
}

/// Plays one step and says whether it took effect. Refusals are part of the game (a refused
/// step must change nothing, which the figures afterwards check), but a history of refusals
/// alone would test nothing: the caller counts the steps that took effect, kind by kind.
async fn play(app: &TestApp, org: &Org, step: &Step) -> bool {
    let db = &app.ctx.db;
    let now = app.clock.now_utc();
    let all_tasks = entities::tasks::Entity::find().all(db).await.expect("tasks");
    // Open tasks mostly; now and then any task, so that closed ones are tried too.
    let open: Vec<i64> = all_tasks.iter().filter(|t| t.status.is_open()).map(|t| t.id).collect();
    let any_task: Vec<i64> = all_tasks.iter().map(|t| t.id).collect();
    let task_ids = |seed: usize| {
        if seed.is_multiple_of(8) || open.is_empty() { pick(&any_task, seed / 8) } else { pick(&open, seed / 8) }
    };
    let unit_ids: Vec<i64> = org.units.iter().map(|u| u.0).collect();
    let units = store::units::all(db).await.expect("units");
    let below = |unit: i64| -> Vec<i64> {
        units
            .iter()
            .filter(|u| {
                let mut at = u.parent_id;
                while let Some(id) = at {
                    if id == unit {
                        return true;
                    }
                    at = units.iter().find(|x| x.id == id).and_then(|x| x.parent_id);
                }
                false
            })
            .map(|u| u.id)
            .collect()
    };
    match *step {
        Step::Assign { directive, unit, days, hours, every } => {
            let (directive_id, _) = org.directives[directive % org.directives.len()];
            let issuer = if directive % org.directives.len() == 3 { org.other_office } else { org.secretariat };
            let Some(unit_id) = pick(&unit_ids, unit) else { return false };
            let role = if store::tasks::has_active_lead(db, directive_id).await.expect("lead") {
                TaskRole::Cooperating
            } else {
                TaskRole::Lead
            };
            let input = AssignInput {
                origin: Origin::Directive(DirectiveId(directive_id)),
                assignees: &[Assignee { unit_id: UnitId(unit_id), role }],
                title: None,
                description: None,
                deadline: now + Duration::days(days) + Duration::hours(hours),
                ack_within_days: 1,
                report_every_days: every,
            };
            tasks::assign(&app.ctx, &issuer, input).await.is_ok()
        }
        Step::Split { task, unit, hours_earlier } => {
            // Tasks that may be split and have units below them to go to, mostly.
            let splittable: Vec<i64> = all_tasks
                .iter()
                .filter(|t| t.status.may_be_split() && !below(t.assignee_unit_id).is_empty())
                .map(|t| t.id)
                .collect();
            let Some(task_id) = pick(&splittable, task).or_else(|| task_ids(task)) else { return false };
            let parent = all_tasks.iter().find(|t| t.id == task_id).expect("task");
            let Some(actor) = org.officer_of(parent.assignee_unit_id) else { return false };
            let Some(unit_id) = pick(&below(parent.assignee_unit_id), unit).or_else(|| pick(&unit_ids, unit)) else {
                return false;
            };
            let input = AssignInput {
                origin: Origin::Split { parent_task_id: TaskId(task_id) },
                assignees: &[Assignee { unit_id: UnitId(unit_id), role: TaskRole::Lead }],
                title: None,
                description: None,
                deadline: parent.deadline - Duration::hours(hours_earlier),
                ack_within_days: 1,
                report_every_days: parent.report_every_days,
            };
            tasks::assign(&app.ctx, &actor, input).await.is_ok()
        }
        Step::Act { task, choice, progress, unit } => {
            let Some(task_id) = task_ids(task) else { return false };
            let current = all_tasks.iter().find(|t| t.id == task_id).expect("task");
            let Some(action) = pick(actions_for(current.status), choice) else { return false };
            let party = match action {
                TaskAction::Acknowledge | TaskAction::Decline | TaskAction::Progress | TaskAction::Complete => {
                    current.assignee_unit_id
                }
                _ => current.assigner_unit_id,
            };
            let Some(actor) = org.officer_of(party) else { return false };
            let input = ActionInput {
                version: current.version,
                text: Some("按要求办理".to_owned()),
                progress: Some(progress),
                new_assignee_unit_id: pick(&unit_ids, unit).map(UnitId),
            };
            app.act(&actor, task_id, action, input).await.is_ok()
        }
        Step::Extend { task, days } => {
            let Some(task_id) = task_ids(task) else { return false };
            let current = all_tasks.iter().find(|t| t.id == task_id).expect("task");
            let (Some(assignee), Some(assigner)) =
                (org.officer_of(current.assignee_unit_id), org.officer_of(current.assigner_unit_id))
            else {
                return false;
            };
            let wanted = current.deadline + Duration::days(days);
            match extensions::request(&app.ctx, &assignee, TaskId(task_id), wanted, "需要更多时间").await {
                Ok(request) => extensions::decide(&app.ctx, &assigner, request.id, true, None).await.is_ok(),
                Err(_) => false,
            }
        }
        Step::Pass { hours } => {
            app.clock.advance(Duration::hours(hours));
            true
        }
        Step::Move { unit, parent } => {
            let Some(unit_id) = pick(&unit_ids, unit) else { return false };
            // Now and then under an issuing office, so that an office's own chains run within
            // its subtree (the lists count them once).
            let mut parents = unit_ids.clone();
            parents.extend([org.secretariat.unit_id.0, org.other_office.unit_id.0]);
            let parent_id = pick(&parents, parent).unwrap_or(org.root);
            admin::move_unit(&app.ctx, &org.admin, UnitId(unit_id), UnitId(parent_id)).await.is_ok()
        }
    }
}

/// Monday to Friday in `(today, due]`, counted day by day (the organisation of a case loads
/// no holidays): DESIGN's "due within N working days".
fn weekdays_until(today: NaiveDate, due: NaiveDate) -> i64 {
    let mut n = 0;
    let mut day = today;
    while day < due {
        day = day.succ_opt().expect("a next day");
        n += i64::from(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun));
    }
    n
}

/// The figures of `tasks`, counted one by one from DESIGN's definitions, written out here
/// rather than read from the task clock the code uses:
/// - open: neither completed nor cancelled;
/// - submitted in time: submitted or completed, with the completion report in by the deadline;
/// - on time: completed and submitted in time;
/// - overdue: open, past the deadline, and not a completion submitted in time;
/// - due soon: open, not waiting for review, not overdue, and the deadline's day (in Beijing)
///   at most `due_soon_days` working days after today.
fn by_hand(tasks: &[&entities::tasks::Model], now: DateTime<Utc>, due_soon_days: i64) -> Figures {
    use TaskStatus as S;
    let tz = chrono_tz::Asia::Shanghai;
    let mut f = Figures::default();
    for t in tasks {
        let open = !matches!(t.status, S::Completed | S::Cancelled);
        let submitted_in_time =
            matches!(t.status, S::Submitted | S::Completed) && t.submitted_at.is_some_and(|at| at <= t.deadline);
        let overdue = open && now > t.deadline && !submitted_in_time;
        f.total += 1;
        f.cancelled += i64::from(t.status == S::Cancelled);
        f.completed += i64::from(t.status == S::Completed);
        f.completed_on_time += i64::from(t.status == S::Completed && submitted_in_time);
        f.acknowledged +=
            i64::from(matches!(t.status, S::Acknowledged | S::InProgress | S::Submitted | S::Returned | S::Completed));
        f.open += i64::from(open);
        f.overdue += i64::from(overdue);
        let today = now.with_timezone(&tz).date_naive();
        let due = t.deadline.with_timezone(&tz).date_naive();
        f.due_soon +=
            i64::from(open && t.status != S::Submitted && !overdue && weekdays_until(today, due) <= due_soon_days);
    }
    f
}

/// Late reports and returned completions of `tasks`, from the reports table.
fn marks_by_hand(tasks: &[&entities::tasks::Model], reports: &[entities::reports::Model]) -> (i64, i64) {
    let (mut late, mut returned) = (0, 0);
    for t in tasks {
        let mut since = t.acknowledged_at.unwrap_or(t.created_at);
        for r in reports.iter().filter(|r| r.task_id == t.id) {
            if let Some(days) = t.report_every_days
                && r.created_at > since + Duration::days(i64::from(days))
            {
                late += 1;
            }
            since = r.created_at;
            returned += i64::from(r.review_outcome == Some(ReviewOutcome::Returned));
        }
    }
    (late, returned)
}

/// Every rollup against the count by hand: each unit's dashboard (all tasks), the top's for
/// each directive and category, the ranking's marks, and each directive's rollup.
async fn check(app: &TestApp, org: &Org, step: usize) -> Result<(), String> {
    let db = &app.ctx.db;
    let now = app.clock.now_utc();
    let due_soon_days = app.ctx.config.due_soon_days;
    let all = entities::tasks::Entity::find().all(db).await.expect("tasks");
    let mut reports = entities::reports::Entity::find().all(db).await.expect("reports");
    reports.sort_by_key(|r| r.id);
    let top_assigners = top_assigners_by_hand(&all);
    for task in &all {
        if task.root_assigner_unit_id != top_assigners[&task.id] {
            return Err(format!(
                "step {step}: task {} keeps {} as its top assigner",
                task.id, task.root_assigner_unit_id
            ));
        }
    }
    let mut under_tops: Vec<String> =
        all.iter().map(|t| format!("{} {}", top_assigners[&t.id], t.status.as_str())).collect::<Vec<_>>();
    under_tops.sort();
    let mut counted_by_hand: Vec<String> = Vec::new();
    for line in under_tops.chunk_by(|a, b| a == b) {
        counted_by_hand.push(format!("{} {}", line[0], line.len()));
    }
    let kept: Vec<String> =
        root_count_rows(app).await.into_iter().filter(|row| !row.ends_with(" 0")).collect::<Vec<_>>();
    if kept != counted_by_hand {
        return Err(format!("step {step}: tasks under each top: kept {kept:?}, counted {counted_by_hand:?}"));
    }
    let units = store::units::all(db).await.expect("units");
    let subtree = |unit: i64| -> HashSet<i64> {
        // Walk the parent links, independently of the closure table.
        let parents: HashMap<i64, Option<i64>> = units.iter().map(|u| (u.id, u.parent_id)).collect();
        units
            .iter()
            .filter(|u| {
                let mut at = Some(u.id);
                while let Some(id) = at {
                    if id == unit {
                        return true;
                    }
                    at = parents.get(&id).copied().flatten();
                }
                false
            })
            .map(|u| u.id)
            .collect()
    };
    let category_of: HashMap<i64, Category> = org.directives.iter().copied().collect();
    let mut narrowings = vec![Narrowing::default()];
    for (id, _) in &org.directives {
        narrowings.push(Narrowing { directive_id: Some(DirectiveId(*id)), category: None });
    }
    for category in [Category::FireSafety, Category::Gas, Category::Mining] {
        narrowings.push(Narrowing { directive_id: None, category: Some(category) });
    }
    let matches = |t: &entities::tasks::Model, n: &Narrowing| {
        n.directive_id.is_none_or(|d| t.directive_id == d.0)
            && n.category.is_none_or(|c| category_of[&t.directive_id] == c)
    };
    let mut asked: Vec<(i64, Narrowing)> = units.iter().map(|u| (u.id, Narrowing::default())).collect();
    asked.extend(narrowings.iter().skip(1).map(|n| (org.root, *n)));
    for (unit, narrowing) in asked {
        let rollup = rollups::unit(&app.ctx, &org.leader, UnitId(unit), narrowing).await.map_err(|e| e.to_string())?;
        let within = subtree(unit);
        let mine: Vec<&entities::tasks::Model> =
            all.iter().filter(|t| within.contains(&t.assignee_unit_id) && matches(t, &narrowing)).collect();
        let direct: Vec<&entities::tasks::Model> =
            mine.iter().copied().filter(|t| t.assignee_unit_id == unit).collect();
        let expected = by_hand(&mine, now, due_soon_days);
        if rollup.subtree != expected {
            return Err(format!(
                "step {step}: unit {unit} {narrowing:?}: served {:?}, counted {expected:?}",
                rollup.subtree
            ));
        }
        let expected_direct = by_hand(&direct, now, due_soon_days);
        if rollup.direct != expected_direct {
            return Err(format!(
                "step {step}: unit {unit} direct: served {:?}, counted {expected_direct:?}",
                rollup.direct
            ));
        }
        for child in &rollup.children {
            let below = subtree(child.unit.id.0);
            let theirs: Vec<&entities::tasks::Model> =
                mine.iter().copied().filter(|t| below.contains(&t.assignee_unit_id)).collect();
            let expected = by_hand(&theirs, now, due_soon_days);
            if child.figures != expected {
                return Err(format!(
                    "step {step}: child {} of {unit}: served {:?}, counted {expected:?}",
                    child.unit.id, child.figures
                ));
            }
        }
    }
    for unit in units.iter().map(|u| u.id) {
        for ranked in rollups::ranking(&app.ctx, &org.leader, UnitId(unit), Narrowing::default())
            .await
            .map_err(|e| e.to_string())?
        {
            let below = subtree(ranked.unit.id.0);
            let theirs: Vec<&entities::tasks::Model> =
                all.iter().filter(|t| below.contains(&t.assignee_unit_id)).collect();
            let (late, returned) = marks_by_hand(&theirs, &reports);
            if (ranked.marks.late_reports, ranked.marks.returned_completions) != (late, returned) {
                return Err(format!(
                    "step {step}: marks of {}: served {:?}, counted ({late}, {returned})",
                    ranked.unit.id, ranked.marks
                ));
            }
        }
    }
    for (i, (directive, _)) in org.directives.iter().enumerate() {
        let issuer = if i == 3 { &org.other_office } else { &org.secretariat };
        let rollup = rollups::directive(&app.ctx, issuer, DirectiveId(*directive)).await.map_err(|e| e.to_string())?;
        let theirs: Vec<&entities::tasks::Model> = all.iter().filter(|t| t.directive_id == *directive).collect();
        let expected = by_hand(&theirs, now, due_soon_days);
        if rollup.total != expected {
            return Err(format!("step {step}: directive {directive}: served {:?}, counted {expected:?}", rollup.total));
        }
        let in_tree = count_nodes(&rollup.tree);
        if in_tree != theirs.len() {
            return Err(format!("step {step}: directive {directive}: {in_tree} tasks in the tree of {}", theirs.len()));
        }
        let per_level: i64 = rollup.by_level.iter().map(|(_, f)| f.total).sum();
        if per_level != expected.total {
            return Err(format!("step {step}: directive {directive}: levels add up to {per_level}"));
        }
    }
    lists::check_directive_lists(app, org, step, &all, &subtree).await?;
    check_desk(app, org, step, &all, &reports, &top_assigners, &subtree).await
}

/// Open tasks per light by deadline, counted one by one: red overdue; yellow open, not waiting
/// for review, not overdue, due within `due_soon_days` working days; green every other open one.
fn lights_by_hand(tasks: &[&entities::tasks::Model], now: DateTime<Utc>, due_soon_days: i64) -> (i64, i64, i64) {
    use TaskStatus as S;
    let tz = chrono_tz::Asia::Shanghai;
    let today = now.with_timezone(&tz).date_naive();
    let (mut red, mut yellow, mut green) = (0, 0, 0);
    for t in tasks.iter().filter(|t| !matches!(t.status, S::Completed | S::Cancelled)) {
        let in_time = t.status == S::Submitted && t.submitted_at.is_some_and(|at| at <= t.deadline);
        let due = t.deadline.with_timezone(&tz).date_naive();
        if now > t.deadline && !in_time {
            red += 1;
        } else if t.status != S::Submitted && weekdays_until(today, due) <= due_soon_days {
            yellow += 1;
        } else {
            green += 1;
        }
    }
    (red, yellow, green)
}

/// The secretariat's desk against the count by hand: everything its unit issued and assigned
/// (the tasks whose chain it heads, found by walking parent links), from the province it works
/// for, per directive and category, per unit it reached (and down any unit), the light tiles,
/// the ranking's marks and the desk's table of directives by unit.
async fn check_desk(
    app: &TestApp,
    org: &Org,
    step: usize,
    all: &[entities::tasks::Model],
    reports: &[entities::reports::Model],
    top_assigners: &HashMap<i64, i64>,
    subtree: &dyn Fn(i64) -> HashSet<i64>,
) -> Result<(), String> {
    let db = &app.ctx.db;
    let now = app.clock.now_utc();
    let due_soon_days = app.ctx.config.due_soon_days;
    let desk = org.secretariat;
    let issued: Vec<&entities::tasks::Model> = all.iter().filter(|t| top_assigners[&t.id] == desk.unit_id.0).collect();
    let units = store::units::all(db).await.expect("units");
    let provinces_children: Vec<i64> = {
        let mut ids: Vec<i64> = units.iter().filter(|u| u.parent_id == Some(org.root)).map(|u| u.id).collect();
        ids.sort_unstable();
        ids
    };
    let category_of: HashMap<i64, Category> = org.directives.iter().copied().collect();
    let mut narrowings = vec![Narrowing::default()];
    for (id, _) in org.directives.iter().take(3) {
        narrowings.push(Narrowing { directive_id: Some(DirectiveId(*id)), category: None });
    }
    narrowings.push(Narrowing { directive_id: None, category: Some(Category::Gas) });
    for narrowing in narrowings {
        let theirs: Vec<&entities::tasks::Model> = issued
            .iter()
            .copied()
            .filter(|t| {
                narrowing.directive_id.is_none_or(|d| t.directive_id == d.0)
                    && narrowing.category.is_none_or(|c| category_of[&t.directive_id] == c)
            })
            .collect();
        let rollup =
            rollups::unit(&app.ctx, &desk, desk.unit_id, narrowing).await.map_err(|e| format!("step {step}: {e}"))?;
        if rollup.unit.id.0 != org.root || rollup.issued_by.as_ref().map(|u| u.id) != Some(desk.unit_id) {
            return Err(format!("step {step}: the desk starts at {} for {:?}", rollup.unit.id, rollup.issued_by));
        }
        let expected = by_hand(&theirs, now, due_soon_days);
        if rollup.subtree != expected {
            return Err(format!("step {step}: desk {narrowing:?}: served {:?}, counted {expected:?}", rollup.subtree));
        }
        let tiles = rollup.subtree.by_light();
        let lights = lights_by_hand(&theirs, now, due_soon_days);
        if (tiles.red, tiles.yellow, tiles.green) != lights {
            return Err(format!("step {step}: desk {narrowing:?} tiles {tiles:?}, counted {lights:?}"));
        }
        // One row per unit below the province its chains reached, each with its part.
        let mut expected_children = Vec::new();
        for child in &provinces_children {
            let below = subtree(*child);
            let part: Vec<&entities::tasks::Model> =
                theirs.iter().copied().filter(|t| below.contains(&t.assignee_unit_id)).collect();
            if !part.is_empty() {
                expected_children.push((*child, by_hand(&part, now, due_soon_days)));
            }
        }
        let mut served: Vec<(i64, Figures)> = rollup.children.iter().map(|c| (c.unit.id.0, c.figures)).collect();
        served.sort_by_key(|(id, _)| *id);
        if served != expected_children {
            return Err(format!(
                "step {step}: desk {narrowing:?} by unit: served {served:?}, counted {expected_children:?}"
            ));
        }
    }
    // Drill-down: any unit's part of the chains, down to the last level.
    for unit in units.iter().filter(|u| u.id != desk.unit_id.0) {
        let below = subtree(unit.id);
        let part: Vec<&entities::tasks::Model> =
            issued.iter().copied().filter(|t| below.contains(&t.assignee_unit_id)).collect();
        let rollup = rollups::unit(&app.ctx, &desk, UnitId(unit.id), Narrowing::default())
            .await
            .map_err(|e| format!("step {step}: {e}"))?;
        let expected = by_hand(&part, now, due_soon_days);
        if rollup.subtree != expected {
            return Err(format!("step {step}: desk at {}: served {:?}, counted {expected:?}", unit.id, rollup.subtree));
        }
    }
    // The ranking of the units it reached, with the marks of their part.
    let ranked = rollups::ranking(&app.ctx, &desk, desk.unit_id, Narrowing::default())
        .await
        .map_err(|e| format!("step {step}: {e}"))?;
    let mut reached = Vec::new();
    for child in &provinces_children {
        let below = subtree(*child);
        let part: Vec<&entities::tasks::Model> =
            issued.iter().copied().filter(|t| below.contains(&t.assignee_unit_id)).collect();
        if !part.is_empty() {
            reached.push((*child, by_hand(&part, now, due_soon_days), marks_by_hand(&part, reports)));
        }
    }
    let mut served: Vec<(i64, Figures, (i64, i64))> =
        ranked.iter().map(|r| (r.unit.id.0, r.figures, (r.marks.late_reports, r.marks.returned_completions))).collect();
    served.sort_by_key(|(id, _, _)| *id);
    if served != reached {
        return Err(format!("step {step}: desk ranking: served {served:?}, counted {reached:?}"));
    }
    // The desk's table: each directive its unit issued, in total and per unit reached.
    let table = rollups::issued(&app.ctx, &desk, 1).await.map_err(|e| e.to_string())?.ok_or("no desk")?;
    let heads: Vec<i64> = table.units.iter().map(|u| u.id.0).collect();
    let reached_ids: Vec<i64> = reached.iter().map(|(id, _, _)| *id).collect();
    let mut sorted_heads = heads.clone();
    sorted_heads.sort_unstable();
    if sorted_heads != reached_ids {
        return Err(format!("step {step}: desk table units {heads:?}, reached {reached_ids:?}"));
    }
    let mine: Vec<i64> = org.directives.iter().take(3).map(|(id, _)| *id).collect();
    let mut listed: Vec<i64> = table.directives.iter().map(|d| d.directive.id.0).collect();
    listed.sort_unstable();
    if listed != mine || table.directives_total != 3 {
        return Err(format!("step {step}: desk lists directives {listed:?} of {}", table.directives_total));
    }
    for row in &table.directives {
        let of: Vec<&entities::tasks::Model> =
            issued.iter().copied().filter(|t| t.directive_id == row.directive.id.0).collect();
        let expected = by_hand(&of, now, due_soon_days);
        if row.total != expected {
            return Err(format!(
                "step {step}: desk directive {}: {:?}, counted {expected:?}",
                row.directive.id, row.total
            ));
        }
        for (unit, figures) in heads.iter().zip(&row.by_unit) {
            let below = subtree(*unit);
            let part: Vec<&entities::tasks::Model> =
                of.iter().copied().filter(|t| below.contains(&t.assignee_unit_id)).collect();
            let expected = by_hand(&part, now, due_soon_days);
            if *figures != expected {
                return Err(format!(
                    "step {step}: desk directive {} at unit {unit}: {figures:?}, counted {expected:?}",
                    row.directive.id
                ));
            }
        }
    }
    Ok(())
}

fn count_nodes(nodes: &[rollups::TaskNode]) -> usize {
    nodes.iter().map(|n| 1 + count_nodes(&n.children)).sum()
}

/// Plays one case; adds the steps that took effect to `took_effect`, kind by kind.
async fn run_case(
    parents: Vec<usize>,
    steps: Vec<Step>,
    took_effect: &Mutex<[usize; 6]>,
    submissions: &Mutex<[usize; 2]>,
) -> Result<(), String> {
    let app = spawn_app().await;
    let org = organisation(&app, &parents).await;
    check(&app, &org, 0).await?;
    let mut effective = [0; 6];
    for (i, step) in steps.iter().enumerate() {
        effective[kind(step)] += usize::from(play(&app, &org, step).await);
        check(&app, &org, i + 1).await.map_err(|e| format!("{e}\nafter {step:?}"))?;
    }
    // Submissions after the deadline and at or before it: the case "on time" is about.
    let all = entities::tasks::Entity::find().all(&app.ctx.db).await.map_err(|e| e.to_string())?;
    let mut total = took_effect.lock().expect("counts");
    for (sum, n) in total.iter_mut().zip(effective) {
        *sum += n;
    }
    let mut seen = submissions.lock().expect("submissions");
    for at_deadline in all.iter().filter_map(|t| t.submitted_at.map(|at| at > t.deadline)) {
        seen[usize::from(at_deadline)] += 1;
    }
    Ok(())
}

/// The variable that replays a run: `DUBAN_ROLLUP_SEED=<the seed a failure printed>`.
const SEED_VARIABLE: &str = "DUBAN_ROLLUP_SEED";

#[test]
fn after_every_step_of_a_random_history_every_rollup_equals_the_count_by_hand() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    // Every case comes from one seed: a new one each run, or the one a failure printed.
    let seed: u64 = match std::env::var(SEED_VARIABLE) {
        Ok(seed) => seed.trim().parse().unwrap_or_else(|_| panic!("{SEED_VARIABLE} is a number: {seed:?}")),
        Err(_) => std::hash::BuildHasher::hash_one(&std::collections::hash_map::RandomState::new(), "seed"),
    };
    let mut seed_bytes = [0u8; 32];
    for chunk in seed_bytes.chunks_mut(8) {
        chunk.copy_from_slice(&seed.to_le_bytes());
    }
    let config = proptest::test_runner::Config {
        cases: 12,
        max_shrink_iters: 16,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let took_effect = Mutex::new([0usize; 6]);
    let submissions = Mutex::new([0usize; 2]);
    let strategy = (prop::collection::vec(any::<usize>(), 3..8), prop::collection::vec(step(), 48));
    let outcome = runner.run(&strategy, |(parents, steps)| {
        runtime.block_on(run_case(parents, steps, &took_effect, &submissions)).map_err(TestCaseError::fail)
    });
    if let Err(failure) = outcome {
        panic!("{failure}\nreplay with {SEED_VARIABLE}={seed}");
    }
    // A history in which every step was refused would check the figures of nothing moving.
    let took_effect = *took_effect.lock().expect("counts");
    println!("{SEED_VARIABLE}={seed}: steps that took effect, by kind {KINDS:?}: {took_effect:?}");
    // A history in which nothing is ever submitted late would not tell on time from late.
    let [in_time, late] = *submissions.lock().expect("submissions");
    println!("{SEED_VARIABLE}={seed}: submissions in time {in_time}, late {late}");
    assert!(in_time > 0 && late > 0, "submissions in time {in_time}, late {late}; replay with {SEED_VARIABLE}={seed}");
    for (kind, n) in KINDS.iter().zip(took_effect) {
        assert!(n > 0, "no {kind} step took effect in the run ({took_effect:?}); replay with {SEED_VARIABLE}={seed}");
    }
}
