//! `duban serve` checks every setting and takes its port before it touches a database: a
//! malformed setting or a port in use stops it with a message naming the setting, and no
//! database file is created. Run through the real binary, on an embedded database path of its
//! own (the check comes before any database, whichever the tests use).

use std::{path::Path, time::Duration};

/// What `duban serve` printed when it stopped, and whether it succeeded.
struct Stopped {
    success: bool,
    stderr: String,
}

/// Runs `duban serve` in a folder of its own with `settings` (DUBAN_* variables) and a SQLite
/// database at `database`. A serve that does not stop within a minute has started serving:
/// it is stopped and reported as a success, which every test here refuses.
async fn serve(database: &Path, data_dir: &Path, settings: &[(&str, &str)]) -> Stopped {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_duban"));
    for (key, _) in std::env::vars().filter(|(key, _)| key.starts_with("DUBAN_")) {
        command.env_remove(key);
    }
    command
        .arg("serve")
        .current_dir(data_dir)
        .env("DUBAN_DATABASE_URL", format!("sqlite://{}?mode=rwc", database.display()))
        .env("DUBAN_DATA_DIR", data_dir)
        .env("DUBAN_LOG", "warn")
        .envs(settings.iter().copied())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    let child = command.spawn().expect("the duban binary starts");
    match tokio::time::timeout(Duration::from_secs(60), child.wait_with_output()).await {
        Ok(output) => {
            let output = output.expect("duban serve finishes");
            Stopped { success: output.status.success(), stderr: String::from_utf8_lossy(&output.stderr).into_owned() }
        }
        Err(_) => Stopped { success: true, stderr: "still serving after a minute".into() },
    }
}

/// A free address on loopback, as `listen` takes it.
fn free_listen() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("address").to_string()
}

async fn assert_refused(settings: &[(&str, &str)], names: &str) {
    let dir = tempfile::tempdir().expect("a folder");
    let database = dir.path().join("duban.db");
    let listen = free_listen();
    let mut all = vec![("DUBAN_LISTEN", listen.as_str())];
    all.extend_from_slice(settings);
    let stopped = serve(&database, dir.path(), &all).await;
    assert!(!stopped.success, "serve must refuse {settings:?}; it said: {}", stopped.stderr);
    assert!(
        stopped.stderr.contains(&format!("configuration: {names}: ")),
        "the message names {names}: {}",
        stopped.stderr
    );
    assert!(!database.exists(), "no database file is created before the settings are checked");
    assert!(!stopped.stderr.contains("serving"), "{}", stopped.stderr);
}

#[tokio::test]
async fn a_malformed_smtp_url_stops_serve_before_any_database_is_created() {
    // Each passes a glance at the scheme; the transport could be built from none of them.
    for url in ["smtp://", "smtp://mail.example.org:port", "smtp://mail.example.org:99999"] {
        assert_refused(&[("DUBAN_SMTP_URL", url)], "smtp_url").await;
    }
}

#[tokio::test]
async fn a_malformed_mail_from_stops_serve_before_any_database_is_created() {
    for from in ["Duban <duban@", "duban@example.org>", "two@example.org, three@example.org"] {
        assert_refused(&[("DUBAN_MAIL_FROM", from)], "mail_from").await;
    }
}

#[tokio::test]
async fn a_port_in_use_stops_serve_before_any_database_is_created() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("take a port");
    let address = taken.local_addr().expect("address").to_string();
    let dir = tempfile::tempdir().expect("a folder");
    let database = dir.path().join("duban.db");
    let stopped = serve(&database, dir.path(), &[("DUBAN_LISTEN", &address)]).await;
    assert!(!stopped.success, "serve must not start on a port in use: {}", stopped.stderr);
    assert!(stopped.stderr.contains("configuration: listen: "), "the message names listen: {}", stopped.stderr);
    assert!(stopped.stderr.contains(&address), "the message names the address: {}", stopped.stderr);
    assert!(!database.exists(), "no database file is created before the port is taken");
    drop(taken);
}
