//! `duban bench --pages`: every page a persona of a `seed --scale` province reaches, timed over
//! HTTP. Signed in as the root leader, the province secretariat, a city, a county and an
//! enterprise, it times the pages of each one's navigation, its first task pages, search
//! (one and two Chinese characters, and a word in every title), the bulletin, the overdue
//! list and every export its pages link to (and the whole task list as CSV and XLSX):
//! first with the sweep off, then with the sweep and the sender running against a loopback
//! SMTP sink this program starts. Then the Monday-morning mix (`bench_mix`). Every timed
//! answer must be a 200: anything else stops the bench with the page named, so that it never
//! times error pages. Prints Markdown tables.
//!
//! It writes (the sweep's outbox, the mix's reports): run it on a copy of a database.

use std::{
    collections::BTreeSet,
    net::SocketAddr,
    time::{Duration, Instant},
};

use duban::{app, jobs, mail::Mailer, services::Ctx, web};

use super::{bench_mix, smtp_sink};

/// What `duban bench --pages` was asked.
pub struct Options {
    /// Times each page is asked, at most.
    pub rounds: usize,
    /// How long one page's series may run before it stops.
    pub budget: Duration,
    /// Browsing sessions and writers of the mix, and how long it runs.
    pub sessions: usize,
    pub writers: usize,
    pub mix_length: Duration,
    /// A running server on this database to load instead of serving in process (then the
    /// sweep is that server's, and the bench times only what it serves).
    pub server: Option<SocketAddr>,
    /// The mix alone, without the pages' series.
    pub mix_only: bool,
}

/// The personas of a `seed --scale` province: who, and the account.
pub const PERSONAS: [(&str, &str); 5] = [
    ("root leader", "p-leader"),
    ("province secretariat", "p-secretariat"),
    ("city", "c0"),
    ("county", "c0-k0"),
    ("enterprise", "c0-k0-e0"),
];

/// Searches: one character, two characters (a category's name, in its directives' titles),
/// and a word in every task's title.
const SEARCHES: [&str; 3] = ["燃", "燃气", "督办"];

/// One signed-in browser: a connection pool and the session cookie.
#[derive(Clone)]
pub struct Browser {
    client: reqwest::Client,
    base: String,
    cookie: String,
}

/// One timed answer.
pub struct Timed {
    pub status: u16,
    pub first_byte: Duration,
    pub total: Duration,
    pub bytes: usize,
}

/// A client that follows no redirect (a 303 is not a page) and keeps its connections.
pub fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(512)
        .build()
        .map_err(|e| e.to_string())
}

impl Browser {
    /// Signs `username` in with the demo password through the API's session route.
    pub async fn sign_in(client: &reqwest::Client, base: &str, username: &str) -> Result<Browser, String> {
        let answer = client
            .post(format!("{base}/api/v1/session"))
            .json(&serde_json::json!({"username": username, "password": duban::services::demo::DEMO_PASSWORD}))
            .send()
            .await
            .map_err(|e| format!("signing in as {username}: {e}"))?;
        let status = answer.status().as_u16();
        let cookie = answer
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find(|pair| pair.starts_with(web::auth::SESSION_COOKIE))
            .map(str::to_owned);
        match (status, cookie) {
            (200, Some(cookie)) => Ok(Browser { client: client.clone(), base: base.to_owned(), cookie }),
            (status, _) => Err(format!(
                "signing in as {username} answered {status}: is this a database made by `duban seed --scale N`?"
            )),
        }
    }

    /// The page at `path` as text, which must answer 200.
    pub async fn page(&self, path: &str) -> Result<String, String> {
        let answer = self.request(path).await?;
        let status = answer.status().as_u16();
        let text = answer.text().await.map_err(|e| format!("{path}: {e}"))?;
        if status != 200 {
            return Err(format!("{path} answered {status}: {}", text.chars().take(300).collect::<String>()));
        }
        Ok(text)
    }

    async fn request(&self, path: &str) -> Result<reqwest::Response, String> {
        self.client
            .get(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, &self.cookie)
            .send()
            .await
            .map_err(|e| format!("{path}: {e}"))
    }

    /// Asks `path` and reads the whole answer, timing the first byte and the last.
    pub async fn time(&self, path: &str) -> Result<Timed, String> {
        let at = Instant::now();
        let mut answer = self.request(path).await?;
        let first_byte = at.elapsed();
        let status = answer.status().as_u16();
        let mut bytes = 0;
        while let Some(chunk) = answer.chunk().await.map_err(|e| format!("{path}: {e}"))? {
            bytes += chunk.len();
        }
        Ok(Timed { status, first_byte, total: at.elapsed(), bytes })
    }
}

/// The links of an HTML page (`href="…"`), with the entities the templates escape decoded.
pub fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(unescape)
        .filter(|href| href.starts_with('/'))
        .collect()
}

/// An attribute's text with its character references (`&amp;`, `&#x3D;`, `&#39;`) decoded.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The links of the navigation bar of a page.
pub fn navigation(html: &str) -> Vec<String> {
    let Some(start) = html.find("<nav") else { return Vec::new() };
    let end = html[start..].find("</nav>").map_or(html.len(), |e| start + e);
    links(&html[start..end])
}

/// Task pages linked from a page: `/tasks/N` exactly.
pub fn task_pages(html: &str, n: usize) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for link in links(html) {
        let is_task =
            link.strip_prefix("/tasks/").is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
        if is_task && !found.contains(&link) {
            found.push(link);
        }
        if found.len() == n {
            break;
        }
    }
    found
}

/// The pages a persona is timed on, found by browsing as it: its navigation, three task
/// pages, the searches, the bulletin and the overdue list, and every export those pages link
/// to, with the whole task list as CSV and XLSX.
async fn pages_of(browser: &Browser) -> Result<Vec<String>, String> {
    let home = browser.page("/").await?;
    let mut pages: Vec<String> = vec!["/".into()];
    let add = |pages: &mut Vec<String>, path: String| {
        if !pages.contains(&path) {
            pages.push(path);
        }
    };
    for link in navigation(&home) {
        add(&mut pages, link);
    }
    let list = browser.page("/tasks").await?;
    for link in task_pages(&list, 3) {
        add(&mut pages, link);
    }
    for words in SEARCHES {
        add(
            &mut pages,
            format!("/tasks?q={}", percent_encoding::utf8_percent_encode(words, percent_encoding::NON_ALPHANUMERIC)),
        );
    }
    add(&mut pages, "/bulletin".into());
    add(&mut pages, "/overdue".into());
    let mut exports = BTreeSet::new();
    for page in pages.clone() {
        if page.starts_with("/tasks/") || page.starts_with("/tasks?") {
            continue;
        }
        let html = browser.page(&page).await?;
        exports.extend(links(&html).into_iter().filter(|l| l.starts_with("/exports/")));
    }
    exports.insert("/exports/tasks.csv".into());
    exports.insert("/exports/tasks.xlsx".into());
    pages.extend(exports);
    Ok(pages)
}

/// The timings of one page of one persona.
pub struct Series {
    pub persona: &'static str,
    pub page: String,
    pub total: Vec<Duration>,
    pub first_byte: Vec<Duration>,
    pub bytes: usize,
}

/// The `p`th percentile of `samples`, in milliseconds (nearest rank).
pub fn percentile(samples: &[Duration], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Times every page of every persona, `rounds` times each (or until the budget is spent);
/// an answer other than 200 ends the run with its page named.
async fn time_personas(
    browsers: &[(&'static str, Browser, Vec<String>)],
    options: &Options,
) -> Result<Vec<Series>, String> {
    let mut all = Vec::new();
    for (persona, browser, pages) in browsers {
        for page in pages {
            let started = Instant::now();
            let mut series =
                Series { persona, page: page.clone(), total: Vec::new(), first_byte: Vec::new(), bytes: 0 };
            for _ in 0..options.rounds.max(1) {
                let timed = browser.time(page).await?;
                if timed.status != 200 {
                    return Err(format!(
                        "{persona}: {page} answered {}: the bench times only pages that answer 200",
                        timed.status
                    ));
                }
                series.total.push(timed.total);
                series.first_byte.push(timed.first_byte);
                series.bytes = timed.bytes;
                if started.elapsed() > options.budget {
                    break;
                }
            }
            // Each row as soon as it is measured: a run stopped half-way keeps what it timed.
            eprintln!("{}", row(&series));
            all.push(series);
        }
    }
    Ok(all)
}

fn print_series(title: &str, series: &[Series]) {
    println!("\n### {title}\n");
    println!("| persona | page | n | p50 ms | p95 ms | max ms | first byte p95 ms | kB |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for s in series {
        println!("{}", row(s));
    }
}

/// One series as a row of the table.
fn row(s: &Series) -> String {
    let max = s.total.iter().max().map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let page = percent_encoding::percent_decode_str(&s.page).decode_utf8_lossy().into_owned();
    format!(
        "| {} | `{}` | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} |",
        s.persona,
        page,
        s.total.len(),
        percentile(&s.total, 0.5),
        percentile(&s.total, 0.95),
        max,
        percentile(&s.first_byte, 0.95),
        s.bytes as f64 / 1024.0
    )
}

struct Step {
    took: Duration,
    /// The sweep's half: what it queued, or why it did not finish.
    swept: Result<jobs::Swept, String>,
    /// The sender's half: what it sent, or why not (cancelled when the series ended).
    sent: Result<duban::services::outbox::SendReport, String>,
}

/// Runs the sweep and the sender as `duban serve` does (one step, then one every `every`)
/// until told to stop; returns what each step did. A step still at work when the series ends
/// is cancelled, as a shutdown cancels it (messages not yet sent stay queued): the first step
/// at a million tasks sends for longer than the pages take.
fn start_sweeping(
    ctx: Ctx,
    mailer: Mailer,
    every: Duration,
) -> (tokio::sync::watch::Sender<bool>, tokio::task::JoinHandle<Vec<Step>>) {
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(async move {
        let worker = jobs::worker_name();
        let mut steps = Vec::new();
        const CANCELLED: &str = "still working when the series ended; cancelled";
        loop {
            let at = Instant::now();
            let swept = tokio::select! {
                swept = jobs::sweep_step(&ctx) => swept.map_err(|e| e.to_string()),
                _ = stopped.changed() => {
                    steps.push(Step { took: at.elapsed(), swept: Err(CANCELLED.into()), sent: Err(CANCELLED.into()) });
                    break;
                }
            };
            tokio::select! {
                sent = jobs::send_step(&ctx, &mailer, &worker) => {
                    let sent = sent.map(|(send, _, _)| send).map_err(|e| e.to_string());
                    steps.push(Step { took: at.elapsed(), swept, sent });
                }
                _ = stopped.changed() => {
                    steps.push(Step { took: at.elapsed(), swept, sent: Err(CANCELLED.into()) });
                    break;
                }
            }
            tokio::select! {
                _ = stopped.changed() => break,
                _ = tokio::time::sleep(every) => {}
            }
        }
        steps
    });
    (stop, handle)
}

fn print_steps(steps: &[Step], counts: &smtp_sink::Counts) {
    println!("\n### The sweep and the sender beside the pages\n");
    println!(
        "| step | took s | of it the sweep s | tasks planned | due | queued | digests | tasks in digests | bundles \
         | reminders in bundles | sent | failed |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (i, step) in steps.iter().enumerate() {
        let swept = match &step.swept {
            Ok(s) => {
                let r = &s.sweep;
                format!(
                    "{:.2} | {} | {} | {} | {} | {} | {} | {}",
                    s.swept_in.as_secs_f64(),
                    r.tasks,
                    r.due,
                    r.enqueued + s.bulletins,
                    r.digests,
                    r.digested,
                    r.bundles,
                    r.bundled
                )
            }
            Err(e) => format!("{e} | | | | | | | "),
        };
        let sent = match &step.sent {
            Ok(r) => format!("{} | {}", r.sent, r.failed + r.dead),
            Err(e) => format!("{e} | "),
        };
        println!("| {} | {:.2} | {swept} | {sent} |", i + 1, step.took.as_secs_f64());
    }
    let (messages, recipients, most, who) = counts.summary();
    println!(
        "\nThe loopback SMTP sink received {messages} messages for {recipients} recipients; the most any account \
         received: {most} ({who})."
    );
}

/// How fast the sender delivers to the loopback sink with no rate limit: it sends what the
/// series left waiting, all of it, with the configured `send_connections` and then again (the
/// same messages put back in line) with more.
async fn print_delivery(ctx: &Ctx, config: &duban::config::Config) -> Result<(), String> {
    println!("\n### Delivery to the loopback sink, no rate limit (`send_rate = 0`)\n");
    println!("| send_connections | messages | seconds | per second | failed |");
    println!("|---:|---:|---:|---:|---:|");
    for (round, connections) in [config.send_connections, 64].into_iter().enumerate() {
        if round > 0 {
            duban::services::bench::unsend_all(ctx).await.map_err(|e| e.to_string())?;
        }
        let mut unlimited = config.clone();
        unlimited.send_rate = 0;
        unlimited.send_connections = connections;
        let mailer = Mailer::from_config(&unlimited).map_err(|e| e.to_string())?;
        let fast = Ctx { config: std::sync::Arc::new(unlimited), ..ctx.clone() };
        let at = Instant::now();
        let report =
            duban::services::outbox::send_due(&fast, &mailer, "bench-delivery").await.map_err(|e| e.to_string())?;
        let took = at.elapsed().as_secs_f64();
        let rate = if took > 0.0 { report.sent as f64 / took } else { 0.0 };
        println!("| {connections} | {} | {took:.1} | {rate:.0} | {} |", report.sent, report.failed + report.dead);
    }
    Ok(())
}

/// What the sweeps of the series queued for each address (sent or not yet): the bound a person
/// lives with, whatever the sender managed to deliver while the pages were timed.
async fn print_mailboxes(ctx: &Ctx) -> Result<(), String> {
    let boxes = duban::services::bench::mailboxes(ctx).await.map_err(|e| e.to_string())?;
    let messages: i64 = boxes.iter().map(|b| b.messages).sum();
    println!(
        "\nQueued in all: {messages} messages to {} addresses (reminders told inside bundles left out).",
        boxes.len()
    );
    let most: Vec<String> = boxes.iter().take(5).map(|b| format!("{} {}", b.address, b.messages)).collect();
    println!("The most to one address: {}.", most.join(", "));
    for (persona, username) in PERSONAS {
        let prefix = format!("{username}@");
        let theirs: i64 = boxes.iter().filter(|b| b.address.starts_with(&prefix)).map(|b| b.messages).sum();
        println!("- {persona} ({username}): {theirs}");
    }
    Ok(())
}

/// Every page of every persona with the sweep off, then (serving in process) with the sweep and
/// the sender running; what the outbox then holds for each address, and the delivery rate.
async fn series(
    ctx: &Ctx,
    client: &reqwest::Client,
    base: &str,
    options: &Options,
    in_process: bool,
) -> Result<(), String> {
    let mut browsers = Vec::new();
    for (persona, username) in PERSONAS {
        let browser = Browser::sign_in(client, base, username).await?;
        let pages = pages_of(&browser).await?;
        eprintln!("{persona} ({username}): {} pages", pages.len());
        browsers.push((persona, browser, pages));
    }
    let tasks = duban::services::bench::task_count(ctx).await.map_err(|e| e.to_string())?;
    let backend = format!("{:?}", ctx.db.get_database_backend());
    println!(
        "\n{tasks} tasks, {backend}, at most {} rounds or {} s per page",
        options.rounds,
        options.budget.as_secs()
    );

    let quiet = time_personas(&browsers, options).await?;
    print_series("Every page of every persona, the sweep off", &quiet);

    if in_process {
        let (sink, counts) = smtp_sink::start().await?;
        let mut config = (*ctx.config).clone();
        config.smtp_url = Some(format!("smtp://{sink}"));
        let mailer = Mailer::from_config(&config).map_err(|e| e.to_string())?;
        let (stop, sweeping) = start_sweeping(ctx.clone(), mailer, Duration::from_secs(30));
        let busy = time_personas(&browsers, options).await;
        let _ = stop.send(true);
        let steps = sweeping.await.map_err(|e| e.to_string())?;
        let busy = busy?;
        print_series("Every page of every persona, the sweep and the sender running", &busy);
        print_steps(&steps, &counts);
        print_mailboxes(ctx).await?;
        print_delivery(ctx, &config).await?;
        print_comparison(&quiet, &busy);
    } else {
        println!(
            "\n(A server of its own was named: its sweep is its own; the series with the sweep running is left out.)"
        );
    }

    Ok(())
}

/// Runs the bench: see the module's comment.
pub async fn run(ctx: Ctx, options: Options) -> Result<(), String> {
    let (address, server) = match options.server {
        Some(address) => (address, None),
        None => {
            let state = app::state(ctx.clone()).map_err(|e| e.to_string())?;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
            let address = listener.local_addr().map_err(|e| e.to_string())?;
            let router = web::router(state).into_make_service_with_connect_info::<SocketAddr>();
            (address, Some(tokio::spawn(async move { axum::serve(listener, router).await })))
        }
    };
    let base = format!("http://{address}");
    let client = client()?;
    if !options.mix_only {
        series(&ctx, &client, &base, &options, server.is_some()).await?;
    }
    let clients = (options.sessions, options.writers);
    let people = bench_mix::run(&ctx, &client, &base, clients, options.mix_length, Duration::from_secs(3)).await?;
    bench_mix::print("as people work, a request every 1.5–4.5 s each (3 s on average)", &people);
    let flat = bench_mix::run(&ctx, &client, &base, clients, options.mix_length, Duration::ZERO).await?;
    bench_mix::print("flat out, each request as soon as the last was answered (the server's capacity)", &flat);
    if let Some(server) = server {
        server.abort();
    }
    bench_mix::check(&people).and(bench_mix::check(&flat))
}

/// The slowest pages beside each other, sweep off and on, and the overall ratio of p95s.
fn print_comparison(quiet: &[Series], busy: &[Series]) {
    let (mut off, mut on) = (0.0, 0.0);
    for (q, b) in quiet.iter().zip(busy) {
        off += percentile(&q.total, 0.95);
        on += percentile(&b.total, 0.95);
    }
    println!(
        "\nSum of the pages' p95s: {off:.0} ms with the sweep off, {on:.0} ms with it running ({:+.0} %).",
        100.0 * (on - off) / off.max(1e-9)
    );
}
