//! The audit trail's hash chain on the real database: `duban audit verify` passes on the demo
//! and names the first broken link after a row is changed, deleted or moved; an export
//! verifies offline and a modified line is named; concurrent writers leave one linear chain;
//! the migration chains the events written before it.

use chrono::Duration;
use duban::{
    domain::{
        audit::{Break, Content, GENESIS, event_hash},
        ids::{TaskId, UnitId, UserId},
        lifecycle::TaskAction,
        vocabulary::Role,
    },
    entities::audit_events,
    services::{Actor, audit, tasks::ActionInput},
};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::helpers::{TestApp, spawn_demo};

async fn events(app: &TestApp) -> Vec<audit_events::Model> {
    audit_events::Entity::find()
        .order_by_asc(audit_events::Column::Seq)
        .all(&app.ctx.db)
        .await
        .expect("read the events")
}

async fn sql(app: &TestApp, statement: &str) {
    app.ctx.db.execute_unprepared(statement).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
}

async fn broken(app: &TestApp) -> Break {
    audit::verify(&app.ctx).await.expect("the chain reads").expect_err("the chain is broken")
}

/// `duban audit verify` fails and says `what`.
async fn cli_names(app: &TestApp, what: &str) {
    let run = app.duban(&["audit", "verify"], "").await;
    assert!(!run.success, "{run:?}");
    assert!(run.stderr.contains(what), "expected {what:?} in: {}", run.stderr);
}

fn content(e: &audit_events::Model) -> Content<'_> {
    Content {
        seq: e.seq,
        at_micros: e.at.timestamp_micros(),
        actor_id: e.actor_id,
        actor_unit_id: e.actor_unit_id,
        entity: &e.entity,
        entity_id: e.entity_id,
        action: &e.action,
        before: e.before.as_deref(),
        after: e.after.as_deref(),
        note: e.note.as_deref(),
    }
}

#[tokio::test]
async fn the_demo_chain_verifies_with_every_place_once_in_the_order_of_the_ids() {
    let app = spawn_demo().await;
    let sound = audit::verify(&app.ctx).await.expect("reads").expect("sound");
    let events = events(&app).await;
    assert!(events.len() > 20, "the demo writes a history");
    assert_eq!(sound.events, events.len() as u64);
    let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=events.len() as i64).collect::<Vec<_>>());
    assert!(events.windows(2).all(|w| w[0].id < w[1].id), "appended in the order of the ids");
    assert_eq!(events[0].prev_hash, GENESIS);
    for pair in events.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash, "event {} links to the one before", pair[1].seq);
    }
    let last = events.last().expect("events");
    assert_eq!((sound.head_seq, sound.head_hash.as_str()), (last.seq, last.hash.as_str()));
    let run = app.duban(&["audit", "verify"], "").await;
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains(&format!("sound: {} events", events.len())), "{}", run.stdout);
}

#[tokio::test]
async fn an_updated_field_is_named_by_its_event() {
    let app = spawn_demo().await;
    let target = events(&app).await.into_iter().find(|e| e.seq == 5).expect("event 5");
    sql(&app, "UPDATE audit_events SET entity_id = entity_id + 1 WHERE seq = 5").await;
    let found = broken(&app).await;
    assert!(matches!(found, Break::ContentHash { seq: 5, id, .. } if id == target.id), "{found:?}");
    cli_names(&app, &format!("content hash differs at event 5 (id {})", target.id)).await;
}

#[tokio::test]
async fn a_deleted_event_is_named_as_a_missing_sequence() {
    let app = spawn_demo().await;
    let next = events(&app).await.into_iter().find(|e| e.seq == 8).expect("event 8");
    sql(&app, "DELETE FROM audit_events WHERE seq = 7").await;
    assert_eq!(broken(&app).await, Break::Sequence { expected: 7, found: 8, id: next.id });
    cli_names(&app, &format!("missing sequence: expected event 7 next, found event 8 (id {})", next.id)).await;
}

#[tokio::test]
async fn two_events_that_swapped_places_are_named() {
    let app = spawn_demo().await;
    let all = events(&app).await;
    let (third, fourth) = (all[2].id, all[3].id);
    sql(&app, &format!("UPDATE audit_events SET seq = -3 WHERE id = {third}")).await;
    sql(&app, &format!("UPDATE audit_events SET seq = 3 WHERE id = {fourth}")).await;
    sql(&app, &format!("UPDATE audit_events SET seq = 4 WHERE id = {third}")).await;
    let found = broken(&app).await;
    assert!(matches!(found, Break::ContentHash { seq: 3, id, .. } if id == fourth), "{found:?}");
    cli_names(&app, &format!("content hash differs at event 3 (id {fourth})")).await;
}

#[tokio::test]
async fn an_event_written_around_the_chain_is_named() {
    let app = spawn_demo().await;
    sql(
        &app,
        "INSERT INTO audit_events (at, entity, entity_id, action) VALUES ('2026-11-28 02:00:00+00:00', 'task', 1, 'cancel')",
    )
    .await;
    let found = broken(&app).await;
    assert!(matches!(found, Break::Sequence { expected: 1, found: 0, .. }), "{found:?}");
    cli_names(&app, "out of order").await;
}

#[tokio::test]
async fn the_head_and_the_checkpoints_catch_what_the_links_alone_cannot() {
    let app = spawn_demo().await;
    let all = events(&app).await;
    let n = all.len() as i64;
    assert_eq!(audit::checkpoint(&app.ctx).await.expect("checkpoint"), Some(n));
    assert_eq!(audit::checkpoint(&app.ctx).await.expect("checkpoint"), None, "the head has not moved");
    audit::verify(&app.ctx).await.expect("reads").expect("sound with its checkpoint");

    // The last event removed: the links before it still hold, the head does not.
    sql(&app, &format!("DELETE FROM audit_events WHERE seq = {n}")).await;
    let found = broken(&app).await;
    assert!(matches!(found, Break::Head { last_seq, head_seq, .. } if last_seq == n - 1 && head_seq == n), "{found:?}");
    // …and with the head set back too, the checkpoint names the event that is gone.
    let before_last = &all[all.len() - 2];
    sql(&app, &format!("UPDATE audit_chain SET seq = {}, hash = '{}'", n - 1, before_last.hash)).await;
    let found = broken(&app).await;
    assert!(matches!(&found, Break::Checkpoint { seq, found: None, .. } if *seq == n), "{found:?}");
    cli_names(&app, &format!("checkpoint at event {n} recorded")).await;
}

#[tokio::test]
async fn a_chain_rewritten_from_a_changed_event_no_longer_holds_its_checkpoint() {
    let app = spawn_demo().await;
    let n = events(&app).await.len() as i64;
    audit::checkpoint(&app.ctx).await.expect("checkpoint");
    // Change event 2 and recompute every hash after it, as someone with the code would.
    sql(&app, "UPDATE audit_events SET note = 'rewritten' WHERE seq = 2").await;
    let mut prev = GENESIS.to_owned();
    for event in events(&app).await {
        let hash = event_hash(&prev, &content(&event));
        sql(&app, &format!("UPDATE audit_events SET prev_hash = '{prev}', hash = '{hash}' WHERE id = {}", event.id))
            .await;
        prev = hash;
    }
    sql(&app, &format!("UPDATE audit_chain SET hash = '{prev}'")).await;
    let found = broken(&app).await;
    assert!(matches!(&found, Break::Checkpoint { seq, found: Some(_), .. } if *seq == n), "{found:?}");
}

#[tokio::test]
async fn the_sweep_records_a_checkpoint_when_the_head_moved() {
    let app = spawn_demo().await;
    let n = events(&app).await.len();
    let first = app.duban(&["escalate", "--once"], "").await;
    assert!(first.success, "{first:?}");
    let head = duban::store::audit::head(&app.ctx.db).await.expect("head");
    assert!(head.seq >= n as i64);
    assert!(first.stdout.contains(&format!("recorded the audit chain's head at event {} as a checkpoint", head.seq)));
    let second = app.duban(&["escalate", "--once"], "").await;
    assert!(second.success, "{second:?}");
    let moved = duban::store::audit::head(&app.ctx.db).await.expect("head").seq != head.seq;
    assert_eq!(second.stdout.contains("as a checkpoint"), moved, "{}", second.stdout);
}

/// The demo, then a day later a progress report by Jiujiang's bureau, written after a
/// checkpoint of the demo's head and followed by another.
async fn demo_with_a_later_day(app: &TestApp) -> i64 {
    let bureau = app.as_user("jj-yj").await;
    let lead = app.unit("jj-yj").await;
    let directive = json!({ "title_zh": "留痕测试", "title_en": "Audit trail test", "category": "mining",
        "priority": "high", "deadline": crate::matrix::days(app, 30) });
    let province = app.as_user("jx-secretariat").await;
    let (_, tasks) = province.issue_and_assign(directive, json!({ "lead_unit_id": lead })).await;
    let task = tasks[0]["id"].as_i64().expect("task");
    audit::checkpoint(&app.ctx).await.expect("checkpoint");
    app.clock.advance(Duration::days(1));
    bureau.post(&format!("/api/v1/tasks/{task}/acknowledge"), json!({ "version": 1 })).await.expect(200);
    bureau
        .post(&format!("/api/v1/tasks/{task}/progress"), json!({ "version": 2, "progress": 30, "text": "进展" }))
        .await
        .expect(200);
    audit::checkpoint(&app.ctx).await.expect("checkpoint").expect("moved")
}

#[tokio::test]
async fn an_export_verifies_offline_and_a_modified_line_is_named() {
    let app = spawn_demo().await;
    let head = demo_with_a_later_day(&app).await;
    let folder = tempfile::tempdir().expect("folder");
    let whole = folder.path().join("whole.jsonl");
    let run = app.duban(&["audit", "export", whole.to_str().expect("utf-8")], "").await;
    assert!(run.success, "{run:?}");
    let text = std::fs::read_to_string(&whole).expect("export");
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    let events = events(&app).await;
    assert_eq!(lines.iter().filter(|l| l["type"] == "event").count(), events.len());
    assert_eq!(lines.iter().filter(|l| l["type"] == "checkpoint").count(), 2);
    assert_eq!(lines[0]["hash"].as_str(), Some(events[0].hash.as_str()));

    // Offline: no database to be found.
    let offline = [("DUBAN_DATABASE_URL", "sqlite:///nonexistent/folder/duban.db")];
    let check = |file: &std::path::Path| {
        let file = file.to_str().expect("utf-8").to_owned();
        let app = &app;
        async move { app.duban_with(&["audit", "verify", "--file", &file], "", &offline).await }
    };
    let run = check(&whole).await;
    assert!(run.success, "{run:?}");
    assert!(
        run.stdout.contains(&format!("{} events (1..{head}), 2 checkpoints match", events.len())),
        "{}",
        run.stdout
    );

    // One day's events: a stretch from the middle of the chain, with its checkpoint.
    let day = app.ctx.today().format("%Y-%m-%d").to_string();
    let part = folder.path().join("day.jsonl");
    let run = app.duban(&["audit", "export", "--from", &day, "--to", &day, part.to_str().expect("utf-8")], "").await;
    assert!(run.success, "{run:?}");
    let day_text = std::fs::read_to_string(&part).expect("export");
    let seqs: Vec<i64> = day_text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON"))
        .filter(|l| l["type"] == "event")
        .map(|l| l["seq"].as_i64().expect("seq"))
        .collect();
    assert_eq!(seqs, vec![head - 1, head], "the acknowledgement and the report");
    let run = check(&part).await;
    assert!(run.success, "{run:?}");

    // A modified line: an event's note, then a checkpoint's hash.
    let modified = folder.path().join("modified.jsonl");
    let mut edited = lines.clone();
    edited[3]["note"] = json!("edited");
    let write = |lines: &[Value]| {
        std::fs::write(&modified, lines.iter().map(|l| l.to_string() + "\n").collect::<String>()).expect("write")
    };
    write(&edited);
    let run = check(&modified).await;
    assert!(!run.success, "{run:?}");
    assert!(run.stderr.contains("line 4: content hash differs at event 4"), "{}", run.stderr);
    let mut edited = lines.clone();
    let last = edited.len() - 1;
    edited[last]["hash"] = json!(events[0].hash);
    write(&edited);
    let run = check(&modified).await;
    assert!(!run.success, "{run:?}");
    assert!(run.stderr.contains(&format!("line {}: checkpoint at event {head}", last + 1)), "{}", run.stderr);
}

#[tokio::test]
async fn concurrent_writers_leave_one_linear_chain() {
    let app = spawn_demo().await;
    let province = app.as_user("jx-secretariat").await;
    let bureau = app.as_user("jj-yj").await;
    let lead = app.unit("jj-yj").await;
    let mut tasks = Vec::new();
    for n in 0..20 {
        let directive = json!({ "title_zh": format!("并发留痕 {n}"), "title_en": format!("Concurrent trail {n}"),
            "category": "mining", "priority": "high", "deadline": crate::matrix::days(&app, 30) });
        let (_, created) = province.issue_and_assign(directive, json!({ "lead_unit_id": lead })).await;
        tasks.push(created[0]["id"].as_i64().expect("task"));
    }
    let before = events(&app).await.len();
    // Each task acknowledged, then reported on, from twenty parallel tasks at once.
    let mut set = JoinSet::new();
    for task in tasks.clone() {
        let bureau = bureau.clone();
        set.spawn(async move {
            let ack = bureau.post(&format!("/api/v1/tasks/{task}/acknowledge"), json!({ "version": 1 })).await;
            let report = bureau
                .post(
                    &format!("/api/v1/tasks/{task}/progress"),
                    json!({ "version": 2, "progress": 50, "text": "进展" }),
                )
                .await;
            (ack.status, report.status)
        });
    }
    let answers = set.join_all().await;
    assert!(answers.iter().all(|a| *a == (200, 200)), "{answers:?}");
    // And twenty more changes through the service, at once.
    let actor = Actor { user_id: UserId(bureau.user_id()), unit_id: UnitId(bureau.unit_id()), role: Role::Officer };
    let mut set = JoinSet::new();
    for task in tasks {
        let ctx = app.ctx.clone();
        set.spawn(async move {
            let input =
                ActionInput { version: 3, progress: Some(60), text: Some("再进展".into()), ..Default::default() };
            duban::services::tasks::act(&ctx, &actor, TaskId(task), TaskAction::Progress, input).await
        });
    }
    for result in set.join_all().await {
        result.expect("the report is taken");
    }

    let events = events(&app).await;
    assert_eq!(events.len(), before + 60);
    let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=events.len() as i64).collect::<Vec<_>>(), "contiguous places");
    let sound = audit::verify(&app.ctx).await.expect("reads").expect("one linear chain");
    assert_eq!(sound.head_seq, events.len() as i64);
}

#[tokio::test]
async fn the_migration_chains_the_events_written_before_it() {
    use migration::{Migrator, MigratorTrait};
    let app = spawn_demo().await;
    demo_with_a_later_day(&app).await;
    let chained: Vec<(i64, i64, String, String)> =
        events(&app).await.into_iter().map(|e| (e.id, e.seq, e.prev_hash, e.hash)).collect();
    // Back to before the chain (and whatever came after it), then up again.
    let name = "m20261205_000018_audit_chain";
    let steps = Migrator::migrations().iter().rev().position(|m| m.name() == name).expect("the migration") + 1;
    Migrator::down(&app.ctx.db, Some(steps as u32)).await.expect("down");
    let columns = app.ctx.db.execute_unprepared("UPDATE audit_events SET hash = ''").await;
    assert!(columns.is_err(), "the chain's columns are gone");
    Migrator::up(&app.ctx.db, None).await.expect("up again, chaining the events");
    let rechained: Vec<(i64, i64, String, String)> =
        events(&app).await.into_iter().map(|e| (e.id, e.seq, e.prev_hash, e.hash)).collect();
    assert_eq!(rechained.len(), chained.len());
    let differs = chained.iter().zip(&rechained).find(|(a, b)| a != b);
    assert_eq!(differs, None, "the same places and hashes as the application wrote");
    let head = duban::store::audit::head(&app.ctx.db).await.expect("head");
    assert_eq!((head.seq, head.hash.as_str()), (chained.len() as i64, chained[chained.len() - 1].3.as_str()));
    audit::verify(&app.ctx).await.expect("reads").expect("sound");
}
