//! The leaders' long reads at scale — the overdue list, the bulletin — equal what a brute
//! force computes in Rust from the raw rows: a random tree grown under the demo's, random
//! tasks with random states, deadlines and completion times, the subtrees walked up the
//! parent links by hand and the working days counted day by day.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use duban::{
    domain::{
        ids::UnitId,
        lifecycle::TaskStatus,
        vocabulary::{DayKind, Role, TaskRole, UnitKind, UnitLevel},
    },
    entities,
    services::{Actor, leadership},
    store,
};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::helpers::{TestApp, at_or_below, spawn_demo};

/// A small deterministic generator, so that a failure repeats.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Grows `new_units` units under random units of the demo's tree and writes `new_tasks`
/// tasks of the demo's directives to random units, in random states, with deadlines from
/// forty days before now to twenty after and completion times around them; then counts them
/// as Duban's own writes would have.
pub async fn random_province(app: &TestApp, seed: u64, new_units: usize, new_tasks: usize) {
    let db = &app.ctx.db;
    let now = app.ctx.now();
    let mut rng = Lcg(seed);
    let mut unit_ids: Vec<i64> =
        entities::units::Entity::find().all(db).await.expect("units").into_iter().map(|u| u.id).collect();
    for i in 0..new_units {
        let parent = unit_ids[rng.below(unit_ids.len())];
        let key = format!("r{seed}-{i}");
        let unit = store::units::insert(
            db,
            store::units::NewUnit {
                key: &key,
                parent_id: Some(parent),
                kind: UnitKind::Department,
                level: UnitLevel::Township,
                function: None,
                name_zh: &format!("随机单位{i}"),
                name_en: &format!("Random unit {i}"),
                email: None,
                head_email: None,
                short_name: None,
                aliases: &[],
                doc_prefix: None,
            },
            now,
        )
        .await
        .expect("a random unit");
        unit_ids.push(unit.id);
    }
    let directives: Vec<i64> =
        entities::directives::Entity::find().all(db).await.expect("directives").into_iter().map(|d| d.id).collect();
    for i in 0..new_tasks {
        let status = TaskStatus::ALL[rng.below(TaskStatus::ALL.len())];
        // Deadlines at any hour, so that several fall on one day and some on weekends.
        let deadline = now - Duration::hours(40 * 24) + Duration::hours(rng.below(60 * 24) as i64);
        let around = |rng: &mut Lcg| deadline - Duration::hours(72) + Duration::hours(rng.below(144) as i64);
        let submitted_at = matches!(status, TaskStatus::Submitted | TaskStatus::Completed | TaskStatus::Returned)
            .then(|| around(&mut rng))
            .filter(|at| *at <= now);
        let completed_at = (status == TaskStatus::Completed).then(|| {
            let at = submitted_at.unwrap_or(deadline) + Duration::hours(rng.below(48) as i64);
            at.min(now)
        });
        let assigner = unit_ids[rng.below(unit_ids.len())];
        entities::tasks::ActiveModel {
            directive_id: Set(directives[rng.below(directives.len())]),
            parent_id: Set(None),
            assignee_unit_id: Set(unit_ids[rng.below(unit_ids.len())]),
            assigner_unit_id: Set(assigner),
            root_assigner_unit_id: Set(assigner),
            role: Set(TaskRole::Cooperating),
            title: Set(format!("{} {i}", random_text(&mut rng))),
            description: Set(random_text(&mut rng)),
            status: Set(status),
            progress: Set(if status == TaskStatus::Completed { 100 } else { 0 }),
            ack_due_at: Set(deadline),
            report_every_days: Set(None),
            deadline: Set(deadline),
            original_deadline: Set(deadline),
            acknowledged_at: Set(None),
            last_report_at: Set(None),
            submitted_at: Set(submitted_at),
            completed_at: Set(completed_at),
            closed_at: Set(completed_at),
            created_by: Set(None),
            created_at: Set(deadline - Duration::days(30)),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("a random task");
    }
    store::tasks::rebuild_root_counts(db).await.expect("counts under tops");
    store::crossings::rebuild(db).await.expect("crossings");
    store::rollups::rebuild(db).await.expect("counters");
    // Written in bulk, around the store: indexed as after a bulk load.
    store::search::rebuild(db).await.expect("the full-text index");
}

/// Random text: runs of a few Chinese characters, punctuation between them, now and then an
/// English word (some of them prefixes of others).
pub fn random_text(rng: &mut Lcg) -> String {
    const HAN: [char; 14] = ['燃', '气', '安', '全', '检', '查', '消', '防', '隐', '患', '整', '改', '矿', '山'];
    const WORDS: [&str; 6] = ["gas", "Gasoline", "fire", "safety", "check", "A1"];
    const GAPS: [&str; 4] = ["，", "、", " ", "。"];
    let mut text = String::new();
    for _ in 0..1 + rng.below(4) {
        match rng.below(3) {
            0 => text.push_str(WORDS[rng.below(WORDS.len())]),
            _ => (0..1 + rng.below(4)).for_each(|_| text.push(HAN[rng.below(HAN.len())])),
        }
        text.push_str(GAPS[rng.below(GAPS.len())]);
    }
    text
}

/// What the brute force reads: every unit's parent and every task, as rows.
pub struct Raw {
    pub parent: HashMap<i64, Option<i64>>,
    pub tasks: Vec<entities::tasks::Model>,
}

impl Raw {
    pub async fn read(app: &TestApp) -> Raw {
        let db = &app.ctx.db;
        let units = entities::units::Entity::find().all(db).await.expect("units");
        let tasks = entities::tasks::Entity::find().all(db).await.expect("tasks");
        Raw { parent: units.iter().map(|u| (u.id, u.parent_id)).collect(), tasks }
    }

    /// The units at or below `top`, walked up the parent links.
    pub fn subtree(&self, top: i64) -> HashSet<i64> {
        self.parent.keys().copied().filter(|id| at_or_below(&self.parent, *id, top)).collect()
    }
}

/// Overdue by the rule written out: open, past its deadline, and not a completion report
/// submitted by the deadline that stands.
fn overdue_by_hand(t: &entities::tasks::Model, now: DateTime<Utc>) -> bool {
    let open = !matches!(t.status, TaskStatus::Completed | TaskStatus::Cancelled);
    let in_time = matches!(t.status, TaskStatus::Submitted | TaskStatus::Completed)
        && t.submitted_at.is_some_and(|at| at <= t.deadline);
    open && t.deadline < now && !in_time
}

/// Working days late counted one day at a time: the working days after the deadline's day
/// up to today's (in Shanghai), at least one once the deadline has passed.
fn days_late_by_hand(deadline: DateTime<Utc>, now: DateTime<Utc>, exceptions: &HashMap<NaiveDate, DayKind>) -> i64 {
    if now <= deadline {
        return 0;
    }
    let tz = chrono_tz::Asia::Shanghai;
    let (mut day, today) = (deadline.with_timezone(&tz).date_naive(), now.with_timezone(&tz).date_naive());
    let mut n = 0;
    while day < today {
        day = day.succ_opt().expect("a next day");
        let working = match exceptions.get(&day) {
            Some(DayKind::Workday) => true,
            Some(DayKind::Holiday) => false,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        };
        n += i64::from(working);
    }
    n.max(1)
}

/// A leader of each unit, as an actor (the unit's own secretariat rights are not needed to
/// read these lists).
fn actor_of(unit: i64) -> Actor {
    Actor { user_id: duban::domain::ids::UserId(1), unit_id: UnitId(unit), role: Role::Leader }
}

#[tokio::test]
async fn the_overdue_list_and_the_bulletin_equal_a_brute_force_over_the_raw_rows() {
    let app = spawn_demo().await;
    random_province(&app, 7, 25, 800).await;
    let (ctx, now) = (&app.ctx, app.ctx.now());
    let raw = Raw::read(&app).await;
    let exceptions: HashMap<NaiveDate, DayKind> = entities::calendar_days::Entity::find()
        .all(&ctx.db)
        .await
        .expect("calendar")
        .into_iter()
        .map(|d| (d.day, d.kind))
        .collect();
    let from = now - Duration::days(45);
    let to = now - Duration::days(1);
    let mut compared = (0, 0, 0);
    for &unit in raw.parent.keys() {
        let actor = actor_of(unit);
        let subtree = raw.subtree(unit);
        let mut overdue: Vec<&entities::tasks::Model> =
            raw.tasks.iter().filter(|t| subtree.contains(&t.assignee_unit_id) && overdue_by_hand(t, now)).collect();
        overdue.sort_by_key(|t| (t.deadline, t.id));
        let expected: Vec<(i64, i64)> =
            overdue.iter().map(|t| (t.id, days_late_by_hand(t.deadline, now, &exceptions))).collect();
        // Pages of seven, so that the offset matters.
        let mut got = Vec::new();
        for page in 1.. {
            let listed = leadership::overdue(ctx, &actor, None, page, 7).await.expect("overdue");
            assert_eq!(listed.total as usize, expected.len(), "overdue total of unit {unit}");
            if listed.rows.is_empty() {
                break;
            }
            for d in &listed.rows {
                assert_eq!(d.unit.as_ref().map(|u| u.id.0), Some(d.facts.task.assignee_unit_id.0), "unit beside it");
                assert_eq!(d.directive.as_ref().map(|x| x.id), Some(d.facts.task.directive_id), "directive beside it");
            }
            got.extend(listed.rows.iter().map(|d| (d.facts.task.id.0, d.working_days_late)));
        }
        assert_eq!(got, expected, "overdue list of unit {unit}");
        compared.0 += expected.len();

        let bulletin = leadership::bulletin(ctx, &actor, from, to).await.expect("bulletin");
        let mut completed: Vec<&entities::tasks::Model> = raw
            .tasks
            .iter()
            .filter(|t| subtree.contains(&t.assignee_unit_id))
            .filter(|t| t.status == TaskStatus::Completed && t.completed_at.is_some_and(|at| at >= from && at <= to))
            .collect();
        completed.sort_by_key(|t| (t.assignee_unit_id, t.completed_at, t.id));
        let shown = leadership::BULLETIN_ROWS as usize;
        let expected_completed: Vec<i64> = completed.iter().take(shown).map(|t| t.id).collect();
        let got_completed: Vec<i64> = bulletin.completed.iter().map(|d| d.facts.task.id.0).collect();
        assert_eq!(got_completed, expected_completed, "completed in the period, unit {unit}");
        assert_eq!(bulletin.completed_total as usize, completed.len(), "completed total, unit {unit}");
        let expected_overdue: Vec<i64> = overdue.iter().take(shown).map(|t| t.id).collect();
        let got_overdue: Vec<i64> = bulletin.overdue.iter().map(|d| d.facts.task.id.0).collect();
        assert_eq!(got_overdue, expected_overdue, "the bulletin's most late, unit {unit}");
        assert_eq!(bulletin.overdue_total as usize, overdue.len(), "overdue total in the bulletin, unit {unit}");
        assert_eq!(bulletin.truncated, overdue.len() > shown || completed.len() > shown, "truncated, unit {unit}");
        compared.1 += completed.len();
        compared.2 += usize::from(bulletin.truncated);
    }
    assert!(compared.0 > 500 && compared.1 > 100, "the lists were not empty: {compared:?}");
    assert!(compared.2 > 0, "some bulletin holds fewer rows than its total: {compared:?}");
}

/// The body of a CSV export as records of a strict reader (every record the headers' width,
/// or the read fails), after the byte order mark.
async fn csv_export(browser: &reqwest::Client, app: &TestApp, path: &str) -> Vec<csv::StringRecord> {
    let answer = browser.get(format!("{}{path}", app.address)).send().await.expect("export");
    assert_eq!(answer.status().as_u16(), 200, "{path}");
    let bytes = answer.bytes().await.expect("the whole body");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte order mark first");
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(&bytes[3..]);
    assert_eq!(reader.headers().expect("headers").len(), 11, "the columns");
    reader.records().map(|r| r.expect("a well-formed record")).collect()
}

#[tokio::test]
async fn an_export_of_more_than_five_thousand_tasks_is_streamed_whole_and_well_formed() {
    let app = crate::helpers::spawn_app().await;
    duban::services::scale::seed(&app.ctx, 5_600, &crate::helpers::Quiet).await.expect("seeded");
    let raw = Raw::read(&app).await;
    let now = app.ctx.now();
    let password = duban::services::demo::DEMO_PASSWORD;

    // The root leader sees every task: the export holds each once, in deadline order.
    let leader = app.browse_as("p-leader", password).await;
    let records = csv_export(&leader, &app, "/exports/tasks.csv?lang=en").await;
    assert!(raw.tasks.len() > 5_000, "more tasks than the old cap: {}", raw.tasks.len());
    let mut expected: Vec<&entities::tasks::Model> = raw.tasks.iter().collect();
    expected.sort_by_key(|t| (t.deadline, t.id));
    let expected: Vec<i64> = expected.iter().map(|t| t.id).collect();
    let got: Vec<i64> = records.iter().map(|r| r[0].parse().expect("a task id")).collect();
    assert_eq!(got, expected, "every task once, soonest deadline first");

    // A city's overdue work within its subtree, filtered as the overdue page's export link
    // asks: the overdue tasks assigned within the subtree, counted by hand.
    let city = store::units::find_by_key(&app.ctx.db, "c0").await.expect("q").expect("city c0").id;
    let officer = app.browse_as("c0", password).await;
    let records = csv_export(&officer, &app, &format!("/exports/tasks.csv?overdue=1&unit={city}")).await;
    let subtree = raw.subtree(city);
    let mut expected: Vec<&entities::tasks::Model> =
        raw.tasks.iter().filter(|t| subtree.contains(&t.assignee_unit_id) && overdue_by_hand(t, now)).collect();
    expected.sort_by_key(|t| (t.deadline, t.id));
    let expected: Vec<i64> = expected.iter().map(|t| t.id).collect();
    let got: Vec<i64> = records.iter().map(|r| r[0].parse().expect("a task id")).collect();
    assert!(!expected.is_empty(), "the city has overdue work");
    assert_eq!(got, expected, "the city's overdue tasks");
}

#[tokio::test]
async fn an_export_read_in_batches_equals_the_list_read_by_pages_whichever_way_it_reads() {
    let app = spawn_demo().await;
    random_province(&app, 13, 10, 300).await;
    let (db, now) = (&app.ctx.db, app.ctx.now());
    let raw = Raw::read(&app).await;
    let filters = [
        duban::domain::listing::TaskFilter::default(),
        duban::domain::listing::TaskFilter { overdue: true, ..Default::default() },
    ];
    let mut compared = 0;
    for &unit in raw.parent.keys() {
        for filter in &filters {
            let listed =
                store::tasks::list_visible(db, UnitId(unit), filter, now, 0, 10_000).await.expect("the whole list");
            let (all, total) = (listed.rows, listed.total);
            let expected: Vec<i64> = all.iter().map(|t| t.id).collect();
            assert_eq!(total as usize, expected.len());
            // The list's page read every way: sorted from the unit's few visible ids given as a
            // list, sorted from the visibility query joined (a unit that sees many), in order.
            for sort_at_most in [i64::MAX, 1, 0] {
                let bound = (0, 10_000);
                let listed = store::tasks::list_visible_bounded(db, UnitId(unit), filter, now, bound, sort_at_most, 5)
                    .await
                    .expect("the list");
                let got: Vec<i64> = listed.rows.iter().map(|t| t.id).collect();
                assert_eq!(
                    (got, listed.total),
                    (expected.clone(), total),
                    "unit {unit}, sorting at most {sort_at_most}"
                );
            }
            let root = store::units::holds_every_unit(db, unit).await.expect("root");
            let plans: &[store::tasks::ListPlan] = if root {
                &[store::tasks::ListPlan::Everything]
            } else {
                &[store::tasks::ListPlan::InOrder, store::tasks::ListPlan::Sorted]
            };
            for &plan in plans {
                let mut got = Vec::new();
                let mut after = None;
                loop {
                    let batch = store::tasks::visible_after(db, plan, UnitId(unit), filter, now, after, 7)
                        .await
                        .expect("a batch");
                    got.extend(batch.iter().map(|t| t.id));
                    match batch.last() {
                        Some(last) if batch.len() == 7 => after = Some((last.deadline, last.id)),
                        _ => break,
                    }
                }
                assert_eq!(got, expected, "unit {unit}, {plan:?}, {filter:?}");
                compared += got.len();
            }
            if !root {
                // Below the top a long export gathers the ids once and reads them by id.
                let ids = store::tasks::visible_ids_in_order(db, UnitId(unit), filter, now).await.expect("the ids");
                let mut got = Vec::new();
                for batch in ids.chunks(7) {
                    let rows = store::tasks::by_ids_in_order(db, batch).await.expect("a batch by id");
                    got.extend(rows.iter().map(|t| t.id));
                }
                assert_eq!(got, expected, "unit {unit}, by the ids gathered once, {filter:?}");
            }
        }
    }
    assert!(compared > 1_000, "the lists were not empty: {compared}");
}

/// Whether `texts` answer `query` by brute force: each run of Chinese characters of the query
/// stands within one run of Chinese characters of one text, and each other word of the query
/// begins a word of one text (case-blind).
fn found_by_hand(texts: &[&str], query: &str) -> bool {
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    // Runs of one kind: Chinese characters, or letters and digits.
    let runs = |text: &str, keep: &dyn Fn(char) -> bool| -> Vec<String> {
        text.split(|c: char| !keep(c)).filter(|r| !r.is_empty()).map(str::to_lowercase).collect()
    };
    let latin = |c: char| c.is_alphanumeric() && !han(c);
    let chinese_runs: Vec<String> = texts.iter().flat_map(|t| runs(t, &han)).collect();
    let words: Vec<String> = texts.iter().flat_map(|t| runs(t, &latin)).collect();
    let wanted_runs = runs(query, &han);
    let wanted_words = runs(query, &latin);
    !(wanted_runs.is_empty() && wanted_words.is_empty())
        && wanted_runs.iter().all(|q| chinese_runs.iter().any(|r| r.contains(q.as_str())))
        && wanted_words.iter().all(|q| words.iter().any(|w| w.starts_with(q.as_str())))
}

#[tokio::test]
async fn search_equals_a_brute_force_over_titles_requirements_and_reports_and_finds_a_report_once_written() {
    let app = spawn_demo().await;
    random_province(&app, 23, 10, 400).await;
    let (db, now) = (&app.ctx.db, app.ctx.now());
    // Reports written through the store, which keeps the index in step.
    let mut rng = Lcg(23);
    let all = entities::tasks::Entity::find().all(db).await.expect("tasks");
    for _ in 0..60 {
        let task = &all[rng.below(all.len())];
        let body = random_text(&mut rng);
        store::reports::insert(
            db,
            store::reports::NewReport {
                task_id: task.id,
                kind: duban::domain::vocabulary::ReportKind::Progress,
                progress: 10,
                body: &body,
                unit_id: task.assignee_unit_id,
                author_id: None,
            },
            now,
        )
        .await
        .expect("a report");
    }
    let raw = Raw::read(&app).await;
    let directives: HashMap<i64, entities::directives::Model> = entities::directives::Entity::find()
        .all(db)
        .await
        .expect("directives")
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let mut reports: HashMap<i64, Vec<String>> = HashMap::new();
    for r in entities::reports::Entity::find().all(db).await.expect("reports") {
        reports.entry(r.task_id).or_default().push(r.body);
    }
    let texts_of = |t: &entities::tasks::Model| -> Vec<String> {
        let d = &directives[&t.directive_id];
        let mut texts =
            vec![t.title.clone(), t.description.clone(), d.title_zh.clone(), d.title_en.clone(), d.body.clone()];
        texts.extend(reports.get(&t.id).cloned().unwrap_or_default());
        texts
    };
    let mut units: Vec<i64> = raw.parent.keys().copied().collect();
    units.sort_unstable();
    let mut compared = 0;
    for query in ["燃", "气", "燃气", "安全", "消防隐", "gas", "Fire", "a1", "燃气 gas", "检 safety", "！"]
    {
        for &unit in units.iter().step_by(3) {
            let subtree = raw.subtree(unit);
            let filter = duban::domain::listing::TaskFilter {
                search: Some(query.to_owned()),
                unit_id: Some(UnitId(unit)),
                ..Default::default()
            };
            let mut expected: Vec<i64> = raw
                .tasks
                .iter()
                .filter(|t| subtree.contains(&t.assignee_unit_id))
                .filter(|t| {
                    let texts = texts_of(t);
                    found_by_hand(&texts.iter().map(String::as_str).collect::<Vec<_>>(), query)
                })
                .map(|t| t.id)
                .collect();
            expected.sort_unstable();
            // Each way a search meets the visible tasks: each looked up (MAX), every match
            // tested against the subtree, the chains and the few beyond (0), and by the number
            // each unit sees (100: looked up when at most ten).
            for sort_at_most in [i64::MAX, 100, 0] {
                let mut got = Vec::new();
                let mut offset = 0;
                loop {
                    let listed = store::tasks::list_visible_bounded(
                        db,
                        UnitId(unit),
                        &filter,
                        now,
                        (offset, 50),
                        sort_at_most,
                        u64::MAX,
                    )
                    .await
                    .expect("a page of the search");
                    let (page, total) = (listed.rows, listed.total);
                    assert_eq!(total as usize, expected.len(), "how many match {query:?} for unit {unit}");
                    if page.is_empty() {
                        break;
                    }
                    got.extend(page.iter().map(|t| t.id));
                    offset += 50;
                }
                let paged = got.len();
                got.sort_unstable();
                got.dedup();
                assert_eq!(got.len(), paged, "no task on two pages");
                assert_eq!(got, expected, "{query:?} for unit {unit}, sorting at most {sort_at_most}");
                compared += expected.len();
                // Ranking at most five: the newest five matches (the highest ids), said to be
                // capped when there were more; every match when there were not.
                let listed =
                    store::tasks::list_visible_bounded(db, UnitId(unit), &filter, now, (0, 50), sort_at_most, 5)
                        .await
                        .expect("a capped search");
                let mut newest: Vec<i64> = expected.iter().rev().take(5).copied().collect();
                newest.sort_unstable();
                let mut ranked: Vec<i64> = listed.rows.iter().map(|t| t.id).collect();
                ranked.sort_unstable();
                assert_eq!(
                    (ranked, listed.total, listed.capped),
                    (newest.clone(), newest.len() as u64, expected.len() > 5),
                    "{query:?} for unit {unit} ranking five, sorting at most {sort_at_most}"
                );
            }
        }
    }
    assert!(compared > 500, "the searches found something: {compared}");

    // A report's words find its task as soon as the report is written.
    let task = &all[0];
    let root = *units.iter().find(|u| raw.parent[u].is_none()).expect("the root");
    let filter = duban::domain::listing::TaskFilter { search: Some("Xylophone 钨".to_owned()), ..Default::default() };
    let before = store::tasks::list_visible(db, UnitId(root), &filter, now, 0, 50).await.expect("search").total;
    assert_eq!(before, 0, "nothing says it yet");
    store::reports::insert(
        db,
        store::reports::NewReport {
            task_id: task.id,
            kind: duban::domain::vocabulary::ReportKind::Progress,
            progress: 50,
            body: "已更换xylophones，钨丝灯。",
            unit_id: task.assignee_unit_id,
            author_id: None,
        },
        now,
    )
    .await
    .expect("a report");
    let listed = store::tasks::list_visible(db, UnitId(root), &filter, now, 0, 50).await.expect("search");
    let (found, total) = (listed.rows, listed.total);
    assert_eq!((total, found.iter().map(|t| t.id).collect::<Vec<_>>()), (1, vec![task.id]), "found by its report");
}
