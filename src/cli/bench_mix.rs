//! The Monday-morning mix of `duban bench --pages`: many signed-in sessions browsing at once
//! (home, inbox, lists, dashboards, their task pages) beside writers reporting progress over
//! the API on tasks of their own, for a fixed time. Run twice: as people work, each pausing to
//! read before the next page (a think time spread around its mean; first requests spread over
//! two think times, as people arrive over a morning),
//! and flat out, each page asked as soon as the last answered (the server's capacity). Counts
//! requests per second, p50/p95/max and errors (any answer but a 200).

use std::time::{Duration, Instant};

use duban::{
    domain::{
        ids::{UnitId, UserId},
        vocabulary::Role,
    },
    services::{Actor, Ctx, auth, bench},
};

use super::bench_pages::{Browser, navigation, percentile, task_pages};

/// The pages a browsing session cycles through, of those its navigation offers.
const BROWSED: [&str; 6] = ["/", "/inbox", "/tasks", "/reviews", "/dashboard", "/directives"];

/// The accounts of a `seed --scale` province, the busiest first: the province's two, the
/// cities, the counties, then the enterprises.
fn usernames(n: usize) -> Vec<String> {
    let mut names = vec!["p-leader".to_owned(), "p-secretariat".to_owned()];
    names.extend((0..11).map(|c| format!("c{c}")));
    names.extend((0..11).flat_map(|c| (0..10).map(move |k| format!("c{c}-k{k}"))));
    names.extend((0..44).flat_map(|e| (0..11).flat_map(move |c| (0..10).map(move |k| format!("c{c}-k{k}-e{e}")))));
    names.truncate(n);
    names
}

/// What one kind of client did in the mix.
pub struct Load {
    pub name: &'static str,
    pub clients: usize,
    pub samples: Vec<Duration>,
    pub errors: Vec<String>,
    pub elapsed: Duration,
}

/// The mix's two loads.
pub struct Mix {
    pub browsing: Load,
    pub writing: Load,
}

/// One client's latencies and errors.
type Outcome = (Vec<Duration>, Vec<String>);

/// A session's browse list: the browsed pages its navigation offers, and its task pages.
async fn browse_list(browser: &Browser) -> Result<Vec<String>, String> {
    let home = browser.page("/").await?;
    let mut pages: Vec<String> = vec!["/".into()];
    pages.extend(navigation(&home).into_iter().filter(|l| BROWSED.contains(&l.as_str()) && l != "/"));
    let list = browser.page("/tasks").await?;
    pages.extend(task_pages(&list, 5));
    Ok(pages)
}

/// The `n`th pause of client `client` around the mean `think`: spread evenly between half and
/// one and a half times it (none when `think` is zero), the same on every run.
fn pause(think: Duration, client: usize, n: usize) -> Duration {
    think.mul_f64(0.5 + spread(client, n))
}

/// When client `client` first asks: spread evenly over two think times (at most half of what is
/// left of the mix), as people arrive over a morning rather than in one second (none when
/// `think` is zero).
fn arrival(think: Duration, client: usize, until: Instant) -> Duration {
    let left = until.saturating_duration_since(Instant::now());
    think.mul_f64(2.0 * spread(client, 0)).min(left / 2)
}

/// An even spread in [0, 1) over clients and requests, the same on every run.
fn spread(client: usize, n: usize) -> f64 {
    ((client.wrapping_mul(7919).wrapping_add(n.wrapping_mul(104_729))) % 1000) as f64 / 1000.0
}

async fn browse(browser: Browser, pages: Vec<String>, until: Instant, think: Duration, client: usize) -> Outcome {
    let (mut samples, mut errors) = (Vec::new(), Vec::new());
    tokio::time::sleep(arrival(think, client, until)).await;
    for (n, page) in pages.iter().cycle().enumerate() {
        if n > 0 {
            tokio::time::sleep(pause(think, client, n)).await;
        }
        if Instant::now() >= until {
            break;
        }
        match browser.time(page).await {
            Ok(timed) if timed.status == 200 => samples.push(timed.total),
            Ok(timed) => errors.push(format!("{page} answered {}", timed.status)),
            Err(e) => errors.push(e),
        }
    }
    (samples, errors)
}

/// One writer: reports progress on its task, each report carrying the version the last
/// answer gave.
async fn write(
    client: reqwest::Client,
    base: String,
    (task_id, token): (i64, String),
    until: Instant,
    think: Duration,
    writer: usize,
) -> Outcome {
    let (mut samples, mut errors) = (Vec::new(), Vec::new());
    let path = format!("{base}/api/v1/tasks/{task_id}");
    let version = |body: &serde_json::Value| body["version"].as_i64().or_else(|| body["task"]["version"].as_i64());
    let read = client.get(&path).bearer_auth(&token).send().await;
    let mut current = match read {
        Ok(answer) => answer.json::<serde_json::Value>().await.ok().as_ref().and_then(version),
        Err(_) => None,
    };
    let Some(mut at_version) = current.take() else {
        errors.push(format!("task {task_id}: no version to report against"));
        return (samples, errors);
    };
    let mut progress = 40;
    tokio::time::sleep(arrival(think, writer, until)).await;
    for n in 1.. {
        if Instant::now() >= until {
            break;
        }
        progress = if progress == 40 { 41 } else { 40 };
        let body = serde_json::json!({"version": at_version, "progress": progress, "text": "周一例行进度报告"});
        let at = Instant::now();
        match client.post(format!("{path}/progress")).bearer_auth(&token).json(&body).send().await {
            Ok(answer) => {
                let status = answer.status().as_u16();
                let answer: Option<serde_json::Value> = answer.json().await.ok();
                samples.push(at.elapsed());
                match answer.as_ref().and_then(version) {
                    Some(v) if status == 200 => at_version = v,
                    _ => errors.push(format!("progress on task {task_id} answered {status}")),
                }
            }
            Err(e) => errors.push(e.to_string()),
        }
        tokio::time::sleep(pause(think, writer, n)).await;
    }
    (samples, errors)
}

async fn gather(
    name: &'static str,
    workers: Vec<tokio::task::JoinHandle<Outcome>>,
    started: Instant,
) -> Result<Load, String> {
    let clients = workers.len();
    let (mut samples, mut errors) = (Vec::new(), Vec::new());
    for worker in workers {
        let (s, e) = worker.await.map_err(|e| e.to_string())?;
        samples.extend(s);
        errors.extend(e);
    }
    Ok(Load { name, clients, samples, errors, elapsed: started.elapsed() })
}

/// Signs in `sessions` accounts (eight at a time), gives `writers` officers an API token each,
/// then lets them all loose on the server at `base` for `length`, each pausing `think` on
/// average between requests (none: flat out).
pub async fn run(
    ctx: &Ctx,
    client: &reqwest::Client,
    base: &str,
    (sessions, writers): (usize, usize),
    length: Duration,
    think: Duration,
) -> Result<Mix, String> {
    let mut browsers = Vec::new();
    for chunk in usernames(sessions).chunks(8) {
        let mut signing = Vec::new();
        for username in chunk {
            let (client, base, username) = (client.clone(), base.to_owned(), username.clone());
            signing.push(tokio::spawn(async move {
                let browser = Browser::sign_in(&client, &base, &username).await?;
                let pages = browse_list(&browser).await?;
                Ok::<_, String>((browser, pages))
            }));
        }
        for s in signing {
            browsers.push(s.await.map_err(|e| e.to_string())??);
        }
    }
    let found = bench::reportable_tasks(ctx, writers as u64).await.map_err(|e| e.to_string())?;
    if found.len() < writers {
        return Err(format!("found {} tasks to report on in different units; {writers} are needed", found.len()));
    }
    let mut tokens = Vec::new();
    for task in found {
        let actor = Actor { user_id: UserId(task.user_id), unit_id: UnitId(task.unit_id), role: Role::Officer };
        let (_, token) = auth::create_token(ctx, &actor, "duban bench --pages").await.map_err(|e| e.to_string())?;
        tokens.push((task.task_id, token));
    }
    eprintln!("the mix: {} sessions browsing and {} writers for {} s", browsers.len(), tokens.len(), length.as_secs());
    let started = Instant::now();
    let until = started + length;
    let readers: Vec<_> = browsers
        .into_iter()
        .enumerate()
        .map(|(i, (browser, pages))| tokio::spawn(browse(browser, pages, until, think, i)))
        .collect();
    let writing: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(i, task)| tokio::spawn(write(client.clone(), base.to_owned(), task, until, think, i)))
        .collect();
    let browsing = gather("sessions browsing", readers, started).await?;
    let writing = gather("writers reporting progress", writing, started).await?;
    Ok(Mix { browsing, writing })
}

pub fn print(title: &str, mix: &Mix) {
    println!("\n### The Monday-morning mix: {title}\n");
    println!("| load | clients | requests | per second | p50 ms | p95 ms | max ms | errors |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let all: Vec<Duration> = mix.browsing.samples.iter().chain(&mix.writing.samples).copied().collect();
    let rows = [
        (
            mix.browsing.name,
            mix.browsing.clients,
            &mix.browsing.samples,
            mix.browsing.errors.len(),
            mix.browsing.elapsed,
        ),
        (mix.writing.name, mix.writing.clients, &mix.writing.samples, mix.writing.errors.len(), mix.writing.elapsed),
        (
            "all",
            mix.browsing.clients + mix.writing.clients,
            &all,
            mix.browsing.errors.len() + mix.writing.errors.len(),
            mix.browsing.elapsed.max(mix.writing.elapsed),
        ),
    ];
    for (name, clients, samples, errors, elapsed) in rows {
        println!(
            "| {name} | {clients} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {errors} |",
            samples.len(),
            samples.len() as f64 / elapsed.as_secs_f64().max(1e-9),
            percentile(samples, 0.5),
            percentile(samples, 0.95),
            samples.iter().max().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        );
    }
}

/// The mix failed if any request did: the first few errors, named.
pub fn check(mix: &Mix) -> Result<(), String> {
    let errors: Vec<&String> = mix.browsing.errors.iter().chain(&mix.writing.errors).collect();
    if errors.is_empty() {
        return Ok(());
    }
    let first: Vec<&str> = errors.iter().take(5).map(|e| e.as_str()).collect();
    Err(format!("{} requests of the mix failed, among them: {}", errors.len(), first.join("; ")))
}
