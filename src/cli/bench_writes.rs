//! `duban bench --writes`: authenticated progress reports over HTTP on loopback, at 1 and 8
//! concurrent clients, beside the same rows written by plain SQL in the same run; and one
//! task read over HTTP beside `/healthz`. Prints a Markdown table.
//!
//! The server is this program's own router on 127.0.0.1, served in process; the load comes
//! from a minimal HTTP/1.1 keep-alive client (one connection per client, the next request
//! sent when the answer is in), so that the client costs as little as wrk's would.
//! It writes reports: run it on a copy of a database, never on one in use.

use std::time::{Duration, Instant};

use duban::domain::ids::{UnitId, UserId};
use duban::{
    app,
    services::bench::{self, Reportable},
    services::{Actor, Ctx, auth},
    web,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// The latencies of one series and how long it ran.
struct Run {
    name: String,
    clients: usize,
    samples: Vec<Duration>,
    elapsed: Duration,
}

impl Run {
    fn rate(&self) -> f64 {
        self.samples.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> f64 {
        let mut sorted = self.samples.clone();
        sorted.sort();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

/// One keep-alive HTTP/1.1 connection.
struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Connection {
    async fn open(address: std::net::SocketAddr) -> Result<Self, String> {
        let stream = TcpStream::connect(address).await.map_err(|e| e.to_string())?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        Ok(Connection { stream, buffer: Vec::with_capacity(16 * 1024) })
    }

    /// Sends one request and reads the whole answer: (status, body).
    async fn send(&mut self, method: &str, path: &str, token: &str, body: &str) -> Result<(u16, String), String> {
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.stream.write_all(request.as_bytes()).await.map_err(|e| e.to_string())?;
        self.buffer.clear();
        let mut chunk = [0u8; 8192];
        let (head_end, length) = loop {
            let n = self.stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("the server closed the connection".into());
            }
            self.buffer.extend_from_slice(&chunk[..n]);
            if let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buffer[..end]).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>()))
                    .ok_or("an answer without Content-Length")?
                    .map_err(|e| e.to_string())?;
                break (end + 4, length);
            }
        };
        while self.buffer.len() < head_end + length {
            let n = self.stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("the server closed the connection mid-answer".into());
            }
            self.buffer.extend_from_slice(&chunk[..n]);
        }
        let status = std::str::from_utf8(&self.buffer[9..12]).ok().and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = String::from_utf8_lossy(&self.buffer[head_end..head_end + length]).into_owned();
        Ok((status, body))
    }
}

fn version_of(body: &str) -> Result<i64, String> {
    let value: serde_json::Value = serde_json::from_str(body).map_err(|e| format!("{e}: {body}"))?;
    // A task's page of the API holds it under "task"; an action answers with the task itself.
    value["version"]
        .as_i64()
        .or_else(|| value["task"]["version"].as_i64())
        .ok_or_else(|| format!("no version in {body}"))
}

/// `clients` connections, each reporting progress on its own task until `length` has passed.
async fn http_reports(
    address: std::net::SocketAddr,
    tasks: &[(Reportable, String)],
    clients: usize,
    length: Duration,
) -> Result<Run, String> {
    let started = Instant::now();
    let mut workers = Vec::new();
    for (task, token) in tasks.iter().take(clients).cloned() {
        workers.push(tokio::spawn(async move {
            let mut connection = Connection::open(address).await?;
            let path = format!("/api/v1/tasks/{}", task.task_id);
            let (_, body) = connection.send("GET", &path, &token, "").await?;
            let mut version = version_of(&body)?;
            let report = format!("{path}/progress");
            let mut samples = Vec::new();
            let mut progress = 40;
            while started.elapsed() < length {
                progress = if progress == 40 { 41 } else { 40 };
                let body = format!(r#"{{"version":{version},"progress":{progress},"text":"benchmark report"}}"#);
                let at = Instant::now();
                let (status, answer) = connection.send("POST", &report, &token, &body).await?;
                samples.push(at.elapsed());
                if status != 200 {
                    return Err(format!("progress report answered {status}: {answer}"));
                }
                version = version_of(&answer)?;
            }
            Ok::<_, String>(samples)
        }));
    }
    collect("progress report over HTTP", clients, workers, started).await
}

/// `clients` connections asking `path` (as the first task's officer) until `length` passed.
async fn http_reads(
    name: &str,
    address: std::net::SocketAddr,
    path: String,
    token: String,
    clients: usize,
    length: Duration,
) -> Result<Run, String> {
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..clients {
        let (path, token) = (path.clone(), token.clone());
        workers.push(tokio::spawn(async move {
            let mut connection = Connection::open(address).await?;
            let mut samples = Vec::new();
            while started.elapsed() < length {
                let at = Instant::now();
                let (status, answer) = connection.send("GET", &path, &token, "").await?;
                samples.push(at.elapsed());
                if status != 200 {
                    return Err(format!("{path} answered {status}: {answer}"));
                }
            }
            Ok::<_, String>(samples)
        }));
    }
    collect(name, clients, workers, started).await
}

/// The same rows as a progress report, written by plain SQL from `clients` tasks at once.
async fn raw_reports(
    ctx: &Ctx,
    tasks: &[(Reportable, String)],
    clients: usize,
    length: Duration,
) -> Result<Run, String> {
    let started = Instant::now();
    let mut workers = Vec::new();
    for (task, _) in tasks.iter().take(clients) {
        let task = task.clone();
        let ctx = ctx.clone();
        workers.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            let mut progress = 40;
            while started.elapsed() < length {
                progress = if progress == 40 { 41 } else { 40 };
                let at = Instant::now();
                bench::raw_progress_report(&ctx, &task, progress).await.map_err(|e| e.to_string())?;
                samples.push(at.elapsed());
            }
            Ok::<_, String>(samples)
        }));
    }
    collect("the same rows by plain SQL", clients, workers, started).await
}

async fn collect(
    name: &str,
    clients: usize,
    workers: Vec<tokio::task::JoinHandle<Result<Vec<Duration>, String>>>,
    started: Instant,
) -> Result<Run, String> {
    let mut samples = Vec::new();
    for worker in workers {
        samples.extend(worker.await.map_err(|e| e.to_string())??);
    }
    let run = Run { name: name.to_owned(), clients, samples, elapsed: started.elapsed() };
    eprintln!("measured {name}, {clients} client(s): {} in {:.1} s", run.samples.len(), run.elapsed.as_secs_f64());
    Ok(run)
}

/// Runs the series against `server` (a `duban serve` on this database, to watch its memory
/// under load), or against the router served in process when `None`.
pub async fn run(ctx: Ctx, seconds: u64, server: Option<std::net::SocketAddr>) -> Result<(), String> {
    let length = Duration::from_secs(seconds);
    // Eight tasks to write on, and a ninth to read beside them: a task written hundreds of
    // times a second gathers thousands of reports, which its page returns every one of.
    let found = bench::reportable_tasks(&ctx, 9).await.map_err(|e| e.to_string())?;
    if found.len() < 8 {
        return Err(format!(
            "found {} tasks that an officer can report on, in different units; 8 are needed: run \
             `duban seed --demo` or `duban seed --scale N` on this database first",
            found.len()
        ));
    }
    let mut tasks = Vec::new();
    for task in found {
        let actor = Actor {
            user_id: UserId(task.user_id),
            unit_id: UnitId(task.unit_id),
            role: duban::domain::vocabulary::Role::Officer,
        };
        let (_, token) = auth::create_token(&ctx, &actor, "duban bench --writes").await.map_err(|e| e.to_string())?;
        tasks.push((task, token));
    }
    let (address, in_process) = match server {
        Some(address) => (address, None),
        None => {
            let state = app::state(ctx.clone()).map_err(|e| e.to_string())?;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
            let address = listener.local_addr().map_err(|e| e.to_string())?;
            let router = web::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
            (address, Some(tokio::spawn(async move { axum::serve(listener, router).await })))
        }
    };

    let mut runs = Vec::new();
    let (first, token) = &tasks[0];
    runs.push(http_reads("/healthz over HTTP", address, "/healthz".into(), token.clone(), 1, length).await?);
    runs.push(
        http_reads(
            "one task read over HTTP",
            address,
            format!("/api/v1/tasks/{}", first.task_id),
            token.clone(),
            1,
            length,
        )
        .await?,
    );
    for clients in [1, 8] {
        runs.push(http_reports(address, &tasks, clients, length).await?);
        runs.push(raw_reports(&ctx, &tasks, clients, length).await?);
    }
    // Eight writers and eight readers at once: the load the memory target speaks of. The
    // readers read a task nobody writes (the first task's, if there is no ninth).
    let (read, read_token) = tasks.get(8).unwrap_or(&tasks[0]);
    let task_path = format!("/api/v1/tasks/{}", read.task_id);
    let (writers, readers) = tokio::join!(
        http_reports(address, &tasks[..8], 8, length),
        http_reads("task reads beside 8 writers", address, task_path, read_token.clone(), 8, length)
    );
    runs.push(writers?);
    runs.push(readers?);
    if let Some(server) = in_process {
        server.abort();
    }

    let backend = format!("{:?}", ctx.db.get_database_backend());
    println!("\n{backend}, {seconds} s per series\n");
    println!("| series | clients | n | per second | p50 ms | p99 ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    for run in &runs {
        println!(
            "| {} | {} | {} | {:.0} | {:.3} | {:.3} |",
            run.name,
            run.clients,
            run.samples.len(),
            run.rate(),
            run.percentile(0.5),
            run.percentile(0.99)
        );
    }
    for pair in runs[2..6].chunks(2) {
        if let [http, raw] = pair {
            println!(
                "\n{} client(s): HTTP reports run at {:.0} % of the plain SQL rate",
                http.clients,
                100.0 * http.rate() / raw.rate().max(1e-9)
            );
        }
    }
    Ok(())
}
