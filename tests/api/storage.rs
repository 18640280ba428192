//! Evidence in an object store: the local folder always, and an S3-compatible server when
//! `DUBAN_TEST_S3_ENDPOINT` is set (`.ci/run` starts moto and sets it, with test credentials in
//! `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`). Put, get, a file larger than one part (a
//! multipart upload), delete; a missing blob is a 404; a refused report leaves nothing; `duban
//! storage gc`, `verify` and `migrate` (interrupted once, then finished, there and back).

use std::ops::ControlFlow;

use duban::{
    config::{StorageLocation, StorageSettings},
    services::{
        Ctx, storage,
        store::blobs::{self, Blobs, PART_BYTES},
    },
};
use sha2::{Digest, Sha256};

use crate::{
    helpers::{Client, TestApp, spawn_app_with},
    matrix::report_form,
    uploads::bureau_task,
};

const PDF: &[u8] = b"%PDF-1.7\n% hazard ledger of the Hukou chemical park\n%%EOF\n";

/// The stores every test runs against: the folder under the data dir (no settings), and a
/// fresh prefix of a bucket on the S3-compatible server when one is named.
fn stores() -> Vec<Vec<(String, String)>> {
    let mut stores = vec![Vec::new()];
    if let Some(s3) = s3_settings() {
        stores.push(s3);
    }
    stores
}

/// Settings for a new prefix in the test bucket, or None without `DUBAN_TEST_S3_ENDPOINT`.
fn s3_settings() -> Option<Vec<(String, String)>> {
    let endpoint = std::env::var("DUBAN_TEST_S3_ENDPOINT").ok().filter(|e| !e.is_empty())?;
    assert!(
        std::env::var("AWS_ACCESS_KEY_ID").is_ok() && std::env::var("AWS_SECRET_ACCESS_KEY").is_ok(),
        "DUBAN_TEST_S3_ENDPOINT is set: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY too (any values for moto)"
    );
    let prefix = uuid::Uuid::new_v4().simple().to_string();
    Some(vec![
        ("storage_url".into(), format!("s3://{BUCKET}/{prefix}")),
        ("storage_endpoint".into(), endpoint),
        ("storage_region".into(), "us-east-1".into()),
    ])
}

const BUCKET: &str = "duban-test";

/// Creates the test bucket on the S3-compatible server (moto answers an existing bucket of
/// its own with 200 too).
pub(crate) async fn create_bucket(settings: &[(String, String)]) {
    let Some((_, endpoint)) = settings.iter().find(|(k, _)| k == "storage_endpoint") else { return };
    let answer = reqwest::Client::new()
        .put(format!("{}/{BUCKET}", endpoint.trim_end_matches('/')))
        .send()
        .await
        .expect("the S3-compatible server answers");
    assert!(answer.status().is_success(), "creating the bucket: {}", answer.status());
}

async fn spawn_on(settings: &[(String, String)]) -> TestApp {
    create_bucket(settings).await;
    let pairs: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let app = spawn_app_with(&pairs).await;
    app.seed_demo().await;
    app
}

/// The app's storage settings as the environment of a `duban` command.
fn storage_env(settings: &[(String, String)]) -> Vec<(String, String)> {
    settings.iter().map(|(k, v)| (format!("DUBAN_{}", k.to_ascii_uppercase()), v.clone())).collect()
}

async fn duban(app: &TestApp, settings: &[(String, String)], args: &[&str]) -> crate::helpers::Run {
    let env = storage_env(settings);
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.duban_with(args, "", &pairs).await
}

/// Every key in the app's store, sorted.
async fn keys(blobs: &Blobs) -> Vec<String> {
    let mut keys: Vec<String> = blobs.list().await.expect("listing the store").into_iter().map(|m| m.key).collect();
    keys.sort();
    keys
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A PDF of `size` bytes whose content depends on `seed`.
fn big_pdf(size: usize, seed: u8) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..size - bytes.len()).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    bytes
}

async fn download(client: &Client, id: i64) -> (u16, Vec<u8>) {
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/files/{id}", client.base))
        .bearer_auth(client.bearer.as_deref().expect("a token"))
        .send()
        .await
        .expect("answer");
    let status = response.status().as_u16();
    (status, response.bytes().await.expect("body").to_vec())
}

/// The bureau reports progress on its task with these files; the ids of the files, in order.
async fn report_files(client: &Client, task: i64, version: i32, files: &[(&str, &[u8])]) -> Vec<i64> {
    let mut form = reqwest::multipart::Form::new()
        .text("version", version.to_string())
        .text("progress", "40")
        .text("text", "排查台账已上传");
    for (name, bytes) in files {
        form = form.part("evidence", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()));
    }
    client.post_multipart(&format!("/api/v1/tasks/{task}/progress"), form).await.expect(200);
    let detail = client.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
    let evidence = detail["evidence"].as_array().expect("evidence").clone();
    evidence[evidence.len() - files.len()..].iter().map(|e| e["id"].as_i64().expect("id")).collect()
}

#[tokio::test]
async fn evidence_is_put_got_and_streamed_in_parts_through_each_store() {
    for settings in stores() {
        let app = spawn_on(&settings).await;
        let (bureau, task) = bureau_task(&app).await;
        // One small file, and one larger than a part: it goes up as a multipart upload.
        let large = big_pdf(PART_BYTES + PART_BYTES / 2, 7);
        let ids = report_files(&bureau, task, 2, &[("台账.pdf", PDF), ("现场照片合集.pdf", &large)]).await;
        for (id, bytes) in ids.iter().zip([PDF, &large[..]]) {
            let (status, body) = download(&bureau, *id).await;
            assert_eq!(status, 200, "{settings:?}");
            assert_eq!(body.len(), bytes.len());
            assert!(body == bytes, "the bytes come back as they went: {settings:?}");
        }
        let want = {
            let mut want = vec![blobs::content_key(&sha(PDF)), blobs::content_key(&sha(&large))];
            want.sort();
            want
        };
        assert_eq!(keys(app.ctx.blobs()).await, want, "two blobs at their content addresses, nothing in incoming/");

        // Delete: the blob is gone, and deleting it again is no error.
        let key = blobs::content_key(&sha(PDF));
        app.ctx.blobs().delete(&key).await.expect("delete");
        app.ctx.blobs().delete(&key).await.expect("a second delete is no error");
        assert!(!app.ctx.blobs().exists(&key).await.expect("head"));
    }
}

#[tokio::test]
async fn a_missing_blob_is_a_404_to_the_user_not_a_500() {
    for settings in stores() {
        let app = spawn_on(&settings).await;
        let (bureau, task) = bureau_task(&app).await;
        let ids = report_files(&bureau, task, 2, &[("台账.pdf", PDF)]).await;
        app.ctx.blobs().delete(&blobs::content_key(&sha(PDF))).await.expect("lose the blob");
        let (status, body) = download(&bureau, ids[0]).await;
        assert_eq!(status, 404, "{settings:?}");
        let problem: serde_json::Value = serde_json::from_slice(&body).expect("a problem document");
        assert_eq!(problem["status"], 404);
        // The task's page still shows, with the file's link.
        let page = app.browse_as("jj-yj", "duban-demo-2023").await;
        let answer = page.get(format!("{}/tasks/{task}", app.address)).send().await.expect("page");
        assert_eq!(answer.status().as_u16(), 200);
    }
}

#[tokio::test]
async fn a_refused_report_leaves_no_blob_behind_in_either_store() {
    for settings in stores() {
        let app = spawn_on(&settings).await;
        let (bureau, task) = bureau_task(&app).await;
        let progress = format!("/api/v1/tasks/{task}/progress");
        // Refused by the checks after both files arrived: the good one goes too.
        let form = report_form(2, "20", "台账.pdf", PDF)
            .part("evidence", reqwest::multipart::Part::bytes(b"MZ\x90\x00".to_vec()).file_name("setup.exe"));
        bureau.post_multipart(&progress, form).await.expect_problem(422, "evidence");
        // Refused inside the transaction (a stale version), after the file was placed.
        assert_eq!(bureau.post_multipart(&progress, report_form(1, "20", "台账.pdf", PDF)).await.status, 409);
        // A large file refused the same way: its parts go too.
        let large = big_pdf(PART_BYTES + 1024, 3);
        assert_eq!(bureau.post_multipart(&progress, report_form(1, "20", "大.pdf", &large)).await.status, 409);
        assert_eq!(keys(app.ctx.blobs()).await, Vec::<String>::new(), "nothing is left: {settings:?}");
        bureau.post_multipart(&progress, report_form(2, "20", "台账.pdf", PDF)).await.expect(200);
        assert_eq!(keys(app.ctx.blobs()).await, [blobs::content_key(&sha(PDF))], "the accepted file is kept");
    }
}

/// Puts `bytes` into the store at their content address, as a report would have.
async fn put(blobs: &Blobs, bytes: &[u8]) -> String {
    let key = blobs::content_key(&sha(bytes));
    let mut upload = blobs.upload(&key).expect("upload");
    upload.write(bytes::Bytes::copy_from_slice(bytes)).await.expect("write");
    upload.finish().await.expect("finish");
    key
}

/// Sets a file's modification time `hours` back (a folder store's blob, made old).
fn age(path: &std::path::Path, hours: i64) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(hours as u64 * 3600);
    let seconds = then.duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_secs() as libc::time_t;
    let times = [libc::timeval { tv_sec: seconds, tv_usec: 0 }, libc::timeval { tv_sec: seconds, tv_usec: 0 }];
    let name = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid C string and two timevals, as utimes(2) asks.
    assert_eq!(unsafe { libc::utimes(name.as_ptr(), times.as_ptr()) }, 0, "utimes {}", path.display());
}

#[tokio::test]
async fn gc_removes_an_orphan_older_than_the_grace_period_and_keeps_a_referenced_one() {
    for settings in stores() {
        let app = spawn_on(&settings).await;
        let (bureau, task) = bureau_task(&app).await;
        report_files(&bureau, task, 2, &[("台账.pdf", PDF)]).await;
        let referenced = blobs::content_key(&sha(PDF));
        let old = put(app.ctx.blobs(), b"%PDF-1.7 an orphan from a failed commit").await;
        let young = put(app.ctx.blobs(), b"%PDF-1.7 a report still committing").await;
        let stray = "notes/readme.txt";
        put_at(app.ctx.blobs(), stray, b"not Duban's").await;
        let folder = settings.is_empty();
        if folder {
            // A folder store's blobs can be aged: the old orphan is two days old, and the
            // referenced blob too, so that only being named keeps it.
            let root = app.ctx.config.attachments_dir();
            age(&root.join(&old), 48);
            age(&root.join(&referenced), 48);
            let run = duban(&app, &settings, &["storage", "gc", "--grace", "24"]).await;
            assert!(run.success, "{run:?}");
            assert!(run.stdout.contains(&format!("removed {old}")), "{}", run.stdout);
            assert!(
                run.stdout.contains("removed 1 blobs no row names; kept 1 named by rows and 1 younger"),
                "{}",
                run.stdout
            );
            let mut want = vec![referenced.clone(), young.clone(), stray.to_owned()];
            want.sort();
            assert_eq!(keys(app.ctx.blobs()).await, want);
        }
        // An S3 server dates its objects itself: with no grace, every orphan goes.
        let run = duban(&app, &settings, &["storage", "gc", "--grace", "0"]).await;
        assert!(run.success, "{run:?}");
        let mut want = vec![referenced.clone(), stray.to_owned()];
        want.sort();
        assert_eq!(keys(app.ctx.blobs()).await, want, "the referenced blob and what is not Duban's stay: {settings:?}");
        assert_eq!(download(&bureau, file_id(&bureau, task).await).await.0, 200);
    }
}

async fn put_at(blobs: &Blobs, key: &str, bytes: &[u8]) {
    let mut upload = blobs.upload(key).expect("upload");
    upload.write(bytes::Bytes::copy_from_slice(bytes)).await.expect("write");
    upload.finish().await.expect("finish");
}

async fn file_id(client: &Client, task: i64) -> i64 {
    let detail = client.get(&format!("/api/v1/tasks/{task}")).await.expect(200);
    detail["evidence"][0]["id"].as_i64().expect("a file")
}

#[tokio::test]
async fn verify_names_a_missing_blob_and_one_whose_bytes_changed() {
    for settings in stores() {
        let app = spawn_on(&settings).await;
        let (bureau, task) = bureau_task(&app).await;
        let other = b"%PDF-1.7 the second ledger".to_vec();
        report_files(&bureau, task, 2, &[("a.pdf", PDF), ("b.pdf", &other)]).await;
        let run = duban(&app, &settings, &["storage", "verify"]).await;
        assert!(run.success && run.stdout.contains("2 blobs verified"), "{run:?}");

        let (changed, missing) = (blobs::content_key(&sha(PDF)), blobs::content_key(&sha(&other)));
        put_at(app.ctx.blobs(), &changed, b"%PDF-1.7 overwritten").await;
        app.ctx.blobs().delete(&missing).await.expect("lose one");
        let run = duban(&app, &settings, &["storage", "verify"]).await;
        assert!(!run.success, "{run:?}");
        assert!(run.stdout.contains(&format!("{missing}: missing")), "{}", run.stdout);
        let changed_line =
            format!("{changed}: its bytes' sha256 is {}; the rows say {}", sha(b"%PDF-1.7 overwritten"), sha(PDF));
        assert!(run.stdout.contains(&changed_line), "{}", run.stdout);
        assert!(run.stderr.contains("2 of 2 blobs"), "{}", run.stderr);
    }
}

/// The context of the same app with its store moved to `settings`.
fn ctx_on(app: &TestApp, settings: &StorageSettings) -> Ctx {
    let mut config = (*app.ctx.config).clone();
    config.storage = settings.clone();
    Ctx::new(app.ctx.db.clone(), config, std::sync::Arc::new(app.clock.clone()))
}

fn settings_of(pairs: &[(String, String)], data_dir: &std::path::Path) -> StorageSettings {
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let url = get("storage_url").unwrap_or_else(|| format!("file://{}", data_dir.join("attachments").display()));
    StorageSettings::parse("storage_url", &url, get("storage_endpoint"), get("storage_region"), false).expect("valid")
}

#[tokio::test]
async fn migrate_from_a_folder_to_s3_and_back_interrupted_once_ends_with_every_blob_verified() {
    // Without an S3 server, from the folder to another folder and back: the same steps.
    let s3 = match s3_settings() {
        Some(s3) => {
            create_bucket(&s3).await;
            s3
        }
        None => {
            let other = tempfile::tempdir().expect("folder").keep();
            vec![("storage_url".to_owned(), format!("file://{}", other.join("blobs").display()))]
        }
    };
    let app = spawn_on(&[]).await;
    let (bureau, task) = bureau_task(&app).await;
    let files: Vec<Vec<u8>> = (0..4u8).map(|n| big_pdf(2048 + usize::from(n), n)).collect();
    let named: Vec<(&str, &[u8])> = files.iter().map(|f| ("f.pdf", f.as_slice())).collect();
    report_files(&bureau, task, 2, &named).await;
    let folder = settings_of(&[], &app.ctx.config.data_dir);
    let target = settings_of(&s3, &app.ctx.config.data_dir);
    assert!(matches!(folder.location, StorageLocation::Folder(_)));

    // Interrupted after two blobs: not complete, the configuration not switched.
    let mut done = 0;
    let first = storage::migrate(&app.ctx, &target, |_, _| {
        done += 1;
        if done == 2 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    })
    .await
    .expect("the first run");
    assert!(first.interrupted && !first.complete());
    assert_eq!((first.copied, first.present), (2, 0));

    // The command continues: two already there, two copied, every blob verified, and the
    // configuration file's [storage] switched.
    let config_dir = tempfile::tempdir().expect("folder");
    let config_file = config_dir.path().join("duban.toml");
    std::fs::write(&config_file, "# Duban on Jiujiang's server\nsession_hours = 8\n").expect("write");
    let config_arg = config_file.to_str().expect("UTF-8");
    let mut args = vec!["storage", "migrate", "--to", target_url(&s3)];
    let endpoint = s3.iter().find(|(k, _)| k == "storage_endpoint").map(|(_, v)| v.as_str());
    if let Some(endpoint) = endpoint {
        args.extend(["--endpoint", endpoint]);
    }
    args.extend(["--config", config_arg]);
    let run = app.duban(&args, "").await;
    assert!(run.success, "{run:?}");
    assert!(run.stdout.contains("2 blobs copied and verified, 2 already there"), "{}", run.stdout);
    let written = std::fs::read_to_string(&config_file).expect("the file");
    assert!(written.starts_with("# Duban on Jiujiang's server\nsession_hours = 8\n"), "{written}");
    assert!(written.contains(&format!("[storage]\nurl = \"{}\"", target.url())), "{written}");

    // The app on the new store serves every file, and verify agrees.
    let moved = ctx_on(&app, &target);
    let verified = storage::verify(&moved).await.expect("verify");
    assert_eq!((verified.checked, verified.problems.len()), (4, 0));
    for file in &files {
        let (got, _) = moved.blobs().digest(&blobs::content_key(&sha(file))).await.expect("there");
        assert_eq!(got, sha(file));
    }

    // And back, into a fresh folder, interrupted once too.
    let back_dir = tempfile::tempdir().expect("folder");
    let back = settings_of(
        &[("storage_url".to_owned(), format!("file://{}", back_dir.path().join("blobs").display()))],
        &app.ctx.config.data_dir,
    );
    let mut done = 0;
    let first = storage::migrate(&moved, &back, |_, _| {
        done += 1;
        if done == 3 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    })
    .await
    .expect("interrupted");
    assert!(!first.complete());
    let second = storage::migrate(&moved, &back, |_, _| ControlFlow::Continue(())).await.expect("continued");
    assert!(second.complete(), "{second:?}");
    assert_eq!((second.copied, second.present), (1, 3));
    let verified = storage::verify(&ctx_on(&app, &back)).await.expect("verify");
    assert_eq!((verified.checked, verified.problems.len()), (4, 0));
}

fn target_url(settings: &[(String, String)]) -> &str {
    settings.iter().find(|(k, _)| k == "storage_url").map(|(_, v)| v.as_str()).expect("a URL")
}

#[tokio::test]
async fn a_bad_storage_setting_stops_a_command_naming_it() {
    let app = spawn_app_with(&[]).await;
    let run = app.duban_with(&["storage", "verify"], "", &[("DUBAN_STORAGE_URL", "ftp://files/duban")]).await;
    assert!(!run.success);
    assert!(run.stderr.contains("configuration: storage_url: must start with file:// or s3://"), "{}", run.stderr);
}
