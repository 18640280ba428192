//! A province-scale data set for `duban seed --scale N`: about 5,000 units over four levels
//! (province, 11 cities with their departments and 10 counties each, 44 enterprises per
//! county), accounts as the demo makes them, and N tasks over directives in every state,
//! split two and three levels deep, with their progress and completion reports (some late,
//! some completions returned and submitted again), written in bulk and counted into the
//! rollups at the end. A third of the directives are a year's history: due over the past
//! twelve months and completed, so that the bulletins of past periods have content.
//!
//! Each directive is assigned by the province secretariat to every city (one lead, the rest
//! cooperating); each city splits its task to its 10 counties, and each county to 3 of its
//! enterprises: 451 tasks a directive. States are drawn so that the tree stays consistent
//! (a parent is submitted or completed only once its children are closed).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{Set, TransactionTrait};

use super::scale_reports::{MarkCounts, REPORT_EVERY_DAYS, Reported, Reports};
use super::store;
use super::{Ctx, ServiceError, ServiceResult, demo::DEMO_PASSWORD, setup};
use crate::{
    domain::{
        calendar::end_of_day,
        drafting::Category,
        lifecycle::TaskStatus,
        vocabulary::{DirectiveSource, DirectiveStatus, Locale, Priority, Role, TaskRole, UnitKind, UnitLevel},
    },
    entities::{directives, tasks, unit_closure, units, users},
};

const CITIES: usize = 11;
const DEPARTMENTS_PER_CITY: usize = 10;
const COUNTIES_PER_CITY: usize = 10;
const ENTERPRISES_PER_COUNTY: usize = 44;
const ENTERPRISES_PER_SPLIT: usize = 3;
/// Tasks one directive makes: a task per city, per county, and per enterprise split to.
pub const TASKS_PER_DIRECTIVE: u64 =
    (CITIES + CITIES * COUNTIES_PER_CITY + CITIES * COUNTIES_PER_CITY * ENTERPRISES_PER_SPLIT) as u64;
/// Tasks written per transaction.
const TASKS_PER_TRANSACTION: usize = 20_000;

/// What was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scaled {
    pub units: u64,
    pub users: u64,
    pub directives: u64,
    pub tasks: u64,
    pub reports: u64,
}

/// How far the seed has come, for a progress bar.
pub trait Progress {
    fn phase(&self, name: &str, total: u64);
    fn advance(&self, n: u64);
}

/// A small deterministic generator (SplitMix64): the same N gives the same data.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

struct Unit {
    id: i64,
    parent: Option<usize>,
    key: String,
    kind: UnitKind,
    level: UnitLevel,
    name_zh: String,
    name_en: String,
}

/// A city's index, and per county of it the county's index and its enterprises'.
type City = (usize, Vec<(usize, Vec<usize>)>);

/// The organisation: the province, its secretariat, and per city its government, departments,
/// counties and their enterprises.
struct Tree {
    units: Vec<Unit>,
    cities: Vec<City>,
    secretariat: usize,
}

impl Tree {
    /// The id of `unit` and of every unit above it.
    fn ancestors(&self, unit: &Unit) -> Vec<i64> {
        let mut ids = vec![unit.id];
        let mut at = unit.parent;
        while let Some(p) = at {
            ids.push(self.units[p].id);
            at = self.units[p].parent;
        }
        ids
    }
}

fn tree(first_id: i64) -> Tree {
    let mut units: Vec<Unit> = Vec::new();
    let mut add = |parent: Option<usize>, key: String, kind: UnitKind, level: UnitLevel, zh: String, en: String| {
        units.push(Unit { id: first_id + units.len() as i64, parent, key, kind, level, name_zh: zh, name_en: en });
        units.len() - 1
    };
    let root =
        add(None, "p".into(), UnitKind::Government, UnitLevel::Province, "示范省人民政府".into(), "Province".into());
    let secretariat = add(
        Some(root),
        "p-aw".into(),
        UnitKind::Secretariat,
        UnitLevel::Province,
        "省安全生产委员会办公室".into(),
        "Provincial Work Safety Committee Office".into(),
    );
    let mut cities = Vec::new();
    for c in 0..CITIES {
        let city = add(
            Some(root),
            format!("c{c}"),
            UnitKind::Government,
            UnitLevel::Municipal,
            format!("第{c}市人民政府"),
            format!("City {c}"),
        );
        for d in 0..DEPARTMENTS_PER_CITY {
            add(
                Some(city),
                format!("c{c}-d{d}"),
                UnitKind::Department,
                UnitLevel::Municipal,
                format!("第{c}市第{d}局"),
                format!("City {c} bureau {d}"),
            );
        }
        let mut counties = Vec::new();
        for k in 0..COUNTIES_PER_CITY {
            let county = add(
                Some(city),
                format!("c{c}-k{k}"),
                UnitKind::Government,
                UnitLevel::County,
                format!("第{c}市第{k}县人民政府"),
                format!("City {c} county {k}"),
            );
            let enterprises = (0..ENTERPRISES_PER_COUNTY)
                .map(|e| {
                    add(
                        Some(county),
                        format!("c{c}-k{k}-e{e}"),
                        UnitKind::Enterprise,
                        UnitLevel::Enterprise,
                        format!("第{c}市第{k}县第{e}企业"),
                        format!("City {c} county {k} enterprise {e}"),
                    )
                })
                .collect();
            counties.push((county, enterprises));
        }
        cities.push((city, counties));
    }
    Tree { units, cities, secretariat }
}

/// The state a task ends up in, and when things happened to it.
struct Drawn {
    status: TaskStatus,
    acknowledged_at: Option<DateTime<Utc>>,
    submitted_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    progress: i32,
    /// When it last reported: set once its reports are written.
    last_report_at: Option<DateTime<Utc>>,
}

/// Draws a state for a task with `deadline`, created at `created`; `children_open` says
/// whether it has open children (then it can be neither submitted nor completed), `leaf`
/// whether it has none (only those may be declined or cancelled, as nothing hangs below).
fn draw(
    rng: &mut Random,
    created: DateTime<Utc>,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
    children_open: bool,
    leaf: bool,
    history: bool,
) -> Drawn {
    let acknowledged = Some(created + Duration::hours(20));
    let roll = rng.below(100);
    let status = if history {
        // A past directive's work is done: completed, or (a leaf's, now and then) cancelled.
        if leaf && roll >= 97 { TaskStatus::Cancelled } else { TaskStatus::Completed }
    } else if children_open {
        if roll < 30 { TaskStatus::Acknowledged } else { TaskStatus::InProgress }
    } else {
        match roll {
            0..10 if leaf => TaskStatus::Assigned,
            0..25 => TaskStatus::Acknowledged,
            25..50 => TaskStatus::InProgress,
            50..60 => TaskStatus::Submitted,
            60..88 => TaskStatus::Completed,
            88..93 => TaskStatus::Returned,
            93..96 if leaf => TaskStatus::Declined,
            96..100 if leaf => TaskStatus::Cancelled,
            _ => TaskStatus::InProgress,
        }
    };
    // Submissions: on time mostly; late only when the deadline has passed.
    let submitted = || {
        let late = deadline < now - Duration::days(2) && roll.is_multiple_of(5);
        let at = if late {
            deadline + Duration::hours(30)
        } else {
            (deadline - Duration::days(2)).min(now - Duration::hours(2))
        };
        Some(at.max(created + Duration::days(1)))
    };
    match status {
        TaskStatus::Assigned | TaskStatus::Declined => Drawn {
            status,
            acknowledged_at: None,
            submitted_at: None,
            completed_at: None,
            progress: 0,
            last_report_at: None,
        },
        TaskStatus::Acknowledged | TaskStatus::Cancelled => Drawn {
            status,
            acknowledged_at: acknowledged,
            submitted_at: None,
            completed_at: None,
            progress: 0,
            last_report_at: None,
        },
        TaskStatus::InProgress => Drawn {
            status,
            acknowledged_at: acknowledged,
            submitted_at: None,
            completed_at: None,
            progress: 10 + rng.below(80) as i32,
            last_report_at: None,
        },
        TaskStatus::Returned => Drawn {
            status,
            acknowledged_at: acknowledged,
            submitted_at: submitted(),
            completed_at: None,
            progress: 100,
            last_report_at: None,
        },
        TaskStatus::Submitted => Drawn {
            status,
            acknowledged_at: acknowledged,
            submitted_at: submitted(),
            completed_at: None,
            progress: 100,
            last_report_at: None,
        },
        TaskStatus::Completed => {
            let at = submitted();
            Drawn {
                status,
                acknowledged_at: acknowledged,
                submitted_at: at,
                completed_at: at.map(|a| (a + Duration::hours(20)).min(now - Duration::hours(1)).max(a)),
                progress: 100,
                last_report_at: None,
            }
        }
    }
}

const CATEGORIES: [Category; 6] = [
    Category::FireSafety,
    Category::Mining,
    Category::HazardousChemicals,
    Category::Construction,
    Category::RoadTraffic,
    Category::Gas,
];

/// Writes the organisation, the accounts and `tasks` tasks (rounded up to whole directives)
/// into a database with no units yet, then fills the rollup counters.
#[tracing::instrument(skip_all)]
pub async fn seed(ctx: &Ctx, tasks_wanted: u64, progress: &dyn Progress) -> ServiceResult<Scaled> {
    let (db, now, tz) = (&ctx.db, ctx.now(), ctx.zone());
    if store::units::count(db).await? > 0 {
        return Err(ServiceError::conflict("error-seed-not-empty"));
    }
    let mut rng = Random(0x00D0_BA11 ^ tasks_wanted);
    let tree = tree(store::bulk::max_id(db, "units").await? + 1);

    progress.phase("units and accounts", tree.units.len() as u64);
    let txn = db.begin().await?;
    let unit_rows: Vec<units::ActiveModel> = tree
        .units
        .iter()
        .map(|u| {
            let mut depth = 0;
            let mut at = u.parent;
            while let Some(p) = at {
                depth += 1;
                at = tree.units[p].parent;
            }
            units::ActiveModel {
                id: Set(u.id),
                key: Set(u.key.clone()),
                parent_id: Set(u.parent.map(|p| tree.units[p].id)),
                kind: Set(u.kind),
                level: Set(u.level),
                function: Set(None),
                depth: Set(depth),
                name_zh: Set(u.name_zh.clone()),
                name_en: Set(u.name_en.clone()),
                email: Set(Some(format!("office@{}.gov.example", u.key))),
                head_email: Set(Some(format!("head@{}.gov.example", u.key))),
                created_at: Set(now),
                active: Set(true),
                short_name: Set(None),
                aliases: Set(String::new()),
                doc_prefix: Set(None),
            }
        })
        .collect();
    store::bulk::insert_all(&txn, unit_rows, 15).await?;
    let mut closure = Vec::new();
    for (index, u) in tree.units.iter().enumerate() {
        let mut at = Some(index);
        let mut distance = 0;
        while let Some(i) = at {
            closure.push(unit_closure::ActiveModel {
                ancestor_id: Set(tree.units[i].id),
                descendant_id: Set(u.id),
                distance: Set(distance),
            });
            distance += 1;
            at = tree.units[i].parent;
        }
    }
    store::bulk::insert_all(&txn, closure, 3).await?;
    // One hash for every account: they all have the demo password.
    let hash = setup::hash_password(DEMO_PASSWORD)?;
    let first_user = store::bulk::max_id(&txn, "users").await? + 1;
    let mut user_rows = Vec::new();
    let mut user = |username: String, display: String, role: Role, unit_id: i64| {
        user_rows.push(users::ActiveModel {
            id: Set(first_user + user_rows.len() as i64),
            email: Set(format!("{username}@duban.example")),
            username: Set(username),
            display_name: Set(display),
            password_hash: Set(hash.clone()),
            role: Set(role),
            unit_id: Set(unit_id),
            locale: Set(Locale::Zh),
            active: Set(true),
            created_at: Set(now),
        });
    };
    let root = tree.units[0].id;
    user("p-leader".into(), "省领导（示例）".into(), Role::Leader, root);
    user("p-secretariat".into(), "省安委办 督查专员".into(), Role::Secretariat, tree.units[tree.secretariat].id);
    user("admin".into(), "系统管理员".into(), Role::Admin, root);
    for u in &tree.units {
        user(u.key.clone(), format!("{} 经办人", u.name_zh), Role::Officer, u.id);
    }
    let users = user_rows.len() as u64;
    store::bulk::insert_all(&txn, user_rows, 10).await?;
    let secretariat_user = first_user + 1;
    txn.commit().await?;
    progress.advance(tree.units.len() as u64);

    let directive_count = tasks_wanted.div_ceil(TASKS_PER_DIRECTIVE).max(1);
    progress.phase("tasks and reports", directive_count * TASKS_PER_DIRECTIVE);
    let first_directive = store::bulk::max_id(db, "directives").await? + 1;
    let mut next_task = store::bulk::max_id(db, "tasks").await? + 1;
    let today = now.with_timezone(&tz).date_naive();
    let mut directive_rows = Vec::new();
    let mut task_rows: Vec<tasks::ActiveModel> = Vec::with_capacity(TASKS_PER_TRANSACTION + 500);
    let mut writing = Writing {
        reports: Reports { next_id: store::bulk::max_id(db, "reports").await? + 1, rows: Vec::new() },
        marks: MarkCounts::default(),
        ancestors: tree.units.iter().map(|u| tree.ancestors(u)).collect(),
        unit_ids: tree.units.iter().map(|u| u.id).collect(),
        // Officers were added in the order of the units, after the three accounts at the top.
        first_officer: first_user + 3,
        secretariat_user,
        now,
    };
    let (mut written, mut reports_written) = (0u64, 0u64);
    for d in 0..directive_count {
        let directive_id = first_directive + d as i64;
        // A third of the directives are history: due over the past year, their work done.
        // The rest are due from 60 days ago to 120 days ahead. At the end of a day in the zone.
        let history = d % 3 == 2;
        let deadline_day = if history {
            today - Duration::days(60 + rng.below(305) as i64)
        } else {
            today + Duration::days(rng.below(180) as i64 - 60)
        };
        let deadline = end_of_day(deadline_day, tz);
        // Issued 30 to 60 days before the deadline, and at least five days ago: nothing was
        // assigned, acknowledged or reported in the future.
        let created = (deadline - Duration::days(30 + rng.below(30) as i64)).min(now - Duration::days(5));
        let category = CATEGORIES[rng.below(CATEGORIES.len() as u64) as usize];
        directive_rows.push(directives::ActiveModel {
            id: Set(directive_id),
            meeting_id: Set(None),
            unit_id: Set(tree.units[tree.secretariat].id),
            seq: Set(d as i32 + 1),
            // The category's name in the title, as real directives carry their subject: search
            // finds "燃气" in a sixth of them.
            title_zh: Set(format!("{}专项整治督办事项第{}号", category.label_zh(), d + 1)),
            title_en: Set(format!("{} directive {}", category.label_en(), d + 1)),
            body: Set("按期完成排查整治并报送结果。".into()),
            category: Set(category),
            priority: Set(Priority::High),
            deadline: Set(deadline),
            status: Set(if history { DirectiveStatus::Closed } else { DirectiveStatus::Issued }),
            places: Set("[]".into()),
            industries: Set("[]".into()),
            suggested_units: Set("[]".into()),
            source: Set(DirectiveSource::Manual),
            created_by: Set(Some(secretariat_user)),
            created_at: Set(created),
            issued_at: Set(Some(created)),
            version: Set(1),
            doc_prefix: Set(None),
            doc_year: Set(None),
            doc_seq: Set(None),
        });
        let lead_city = rng.below(CITIES as u64) as usize;
        let chain = Chain { directive_id, category: category.as_str(), secretariat: tree.secretariat };
        for (c, (city, counties)) in tree.cities.iter().enumerate() {
            let city_task = next_task;
            next_task += 1;
            let city_deadline = deadline;
            let mut county_rows = Vec::new();
            let mut any_county_open = false;
            for (county, enterprises) in counties {
                let county_task = next_task;
                next_task += 1;
                let county_deadline = end_of_day(deadline_day - Duration::days(rng.below(3) as i64), tz);
                let mut any_enterprise_open = false;
                let start = rng.below(enterprises.len() as u64) as usize;
                for e in 0..ENTERPRISES_PER_SPLIT {
                    let enterprise = enterprises[(start + e) % enterprises.len()];
                    let e_deadline = end_of_day(deadline_day - Duration::days(rng.below(6) as i64), tz);
                    let assigned = created + Duration::days(2);
                    let mut drawn = draw(&mut rng, assigned, e_deadline, now, false, true, history);
                    any_enterprise_open |= drawn.status.is_open();
                    writing.report(&mut rng, &chain, next_task, enterprise, *county, assigned, &mut drawn);
                    task_rows.push(task_row(
                        next_task,
                        directive_id,
                        Some(county_task),
                        tree.units[enterprise].id,
                        tree.units[*county].id,
                        tree.units[tree.secretariat].id,
                        TaskRole::Lead,
                        assigned,
                        e_deadline,
                        &drawn,
                        now,
                    ));
                    next_task += 1;
                }
                let assigned = created + Duration::days(1);
                let mut drawn = draw(&mut rng, assigned, county_deadline, now, any_enterprise_open, false, history);
                any_county_open |= drawn.status.is_open();
                writing.report(&mut rng, &chain, county_task, *county, *city, assigned, &mut drawn);
                county_rows.push(task_row(
                    county_task,
                    directive_id,
                    Some(city_task),
                    tree.units[*county].id,
                    tree.units[*city].id,
                    tree.units[tree.secretariat].id,
                    TaskRole::Lead,
                    assigned,
                    county_deadline,
                    &drawn,
                    now,
                ));
            }
            task_rows.extend(county_rows);
            let mut drawn = draw(&mut rng, created, city_deadline, now, any_county_open, false, history);
            writing.report(&mut rng, &chain, city_task, *city, tree.secretariat, created, &mut drawn);
            let role = if c == lead_city { TaskRole::Lead } else { TaskRole::Cooperating };
            task_rows.push(task_row(
                city_task,
                directive_id,
                None,
                tree.units[*city].id,
                tree.units[tree.secretariat].id,
                tree.units[tree.secretariat].id,
                role,
                created,
                city_deadline,
                &drawn,
                now,
            ));
        }
        if task_rows.len() >= TASKS_PER_TRANSACTION || d + 1 == directive_count {
            let txn = db.begin().await?;
            store::bulk::insert_all(&txn, std::mem::take(&mut directive_rows), 19).await?;
            // Parents before children: the foreign key on parent_id is checked row by row.
            task_rows.sort_by_key(|t| match &t.id {
                sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => *id,
                sea_orm::ActiveValue::NotSet => 0,
            });
            let n = task_rows.len() as u64;
            store::bulk::insert_all(&txn, std::mem::take(&mut task_rows), 25).await?;
            let reports = std::mem::take(&mut writing.reports.rows);
            reports_written += reports.len() as u64;
            store::bulk::insert_all(&txn, reports, 12).await?;
            txn.commit().await?;
            written += n;
            progress.advance(n);
        }
    }
    progress.phase("rollup counters and search", 1);
    let txn = db.begin().await?;
    store::rollups::rebuild(&txn).await?;
    // The counters' rebuild clears the marks: the reports' marks go in after it.
    let marks: Vec<store::bulk::SeededMark> = writing
        .marks
        .0
        .into_iter()
        .map(|((unit_id, directive_id, category, mark), n)| store::bulk::SeededMark {
            unit_id,
            directive_id,
            category,
            mark,
            n,
        })
        .collect();
    store::bulk::insert_marks(&txn, tree.units[tree.secretariat].id, &marks).await?;
    store::tasks::rebuild_root_counts(&txn).await?;
    // The tasks were written in bulk, without their entries in the full-text index.
    store::search::rebuild(&txn).await?;
    store::crossings::rebuild(&txn).await?;
    store::bulk::reset_sequences(&txn, &["units", "users", "directives", "tasks", "reports"]).await?;
    txn.commit().await?;
    store::bulk::analyze(db).await?;
    progress.advance(1);
    Ok(Scaled {
        units: tree.units.len() as u64,
        users,
        directives: directive_count,
        tasks: written,
        reports: reports_written,
    })
}

/// What every task of one directive shares, for its reports' marks.
struct Chain {
    directive_id: i64,
    category: &'static str,
    secretariat: usize,
}

/// The reports being written and the marks they make.
struct Writing {
    reports: Reports,
    marks: MarkCounts,
    /// Per unit (by index), its id and the ids of the units above it.
    ancestors: Vec<Vec<i64>>,
    unit_ids: Vec<i64>,
    first_officer: i64,
    secretariat_user: i64,
    now: DateTime<Utc>,
}

impl Writing {
    /// Writes the reports of task `task_id` of `unit` (assigned by `assigner`, units by index)
    /// and records on `drawn` when it last reported.
    #[allow(clippy::too_many_arguments)]
    fn report(
        &mut self,
        rng: &mut Random,
        chain: &Chain,
        task_id: i64,
        unit: usize,
        assigner: usize,
        created: DateTime<Utc>,
        drawn: &mut Drawn,
    ) {
        let reviewer_id =
            if assigner == chain.secretariat { self.secretariat_user } else { self.first_officer + assigner as i64 };
        let task = Reported {
            task_id,
            unit_id: self.unit_ids[unit],
            author_id: self.first_officer + unit as i64,
            reviewer_id,
            status: drawn.status,
            acknowledged_at: drawn.acknowledged_at,
            submitted_at: drawn.submitted_at,
            completed_at: drawn.completed_at,
            progress: drawn.progress,
            created_at: created,
        };
        let outcome = self.reports.write(&task, self.now, &mut |n| rng.below(n));
        drawn.last_report_at = outcome.last_report_at;
        self.marks.add(&self.ancestors[unit], chain.directive_id, chain.category, &outcome);
    }
}

#[allow(clippy::too_many_arguments)]
fn task_row(
    id: i64,
    directive_id: i64,
    parent_id: Option<i64>,
    assignee: i64,
    assigner: i64,
    root_assigner: i64,
    role: TaskRole,
    created: DateTime<Utc>,
    deadline: DateTime<Utc>,
    drawn: &Drawn,
    now: DateTime<Utc>,
) -> tasks::ActiveModel {
    let closed_at = match drawn.status {
        TaskStatus::Completed => drawn.completed_at,
        TaskStatus::Cancelled => Some(created + Duration::days(3)),
        _ => None,
    };
    tasks::ActiveModel {
        id: Set(id),
        directive_id: Set(directive_id),
        parent_id: Set(parent_id),
        assignee_unit_id: Set(assignee),
        assigner_unit_id: Set(assigner),
        root_assigner_unit_id: Set(root_assigner),
        role: Set(role),
        title: Set(format!("督办任务 {id}")),
        description: Set("按要求办理并报送结果。".into()),
        status: Set(drawn.status),
        progress: Set(drawn.progress),
        ack_due_at: Set(created + Duration::days(1)),
        report_every_days: Set(Some(REPORT_EVERY_DAYS)),
        deadline: Set(deadline),
        original_deadline: Set(deadline),
        acknowledged_at: Set(drawn.acknowledged_at),
        last_report_at: Set(drawn.last_report_at),
        submitted_at: Set(drawn.submitted_at),
        completed_at: Set(drawn.completed_at),
        closed_at: Set(closed_at),
        created_by: Set(None),
        created_at: Set(created),
        updated_at: Set(now),
        version: Set(1),
        lead_task_id: Set(None),
    }
}
