//! A real browser: headless Chromium driven over WebDriver (chromedriver) by fantoccini.
//!
//! The browser tests need Debian's `chromium` and `chromium-driver` (or `DUBAN_CHROMEDRIVER`
//! and `DUBAN_CHROMIUM` pointing at others). Without them a browser test says so and passes,
//! so `cargo test` works on a machine with only Rust; `.ci/run` installs both and sets
//! `DUBAN_BROWSER_TESTS=required`, which turns a missing browser into a failure.
//! Each step's screenshot is written under `target/screenshots/<test>/`.

mod assign;
mod desk;
mod flow;
mod taskpage;
mod walk;

use std::{
    path::{Path, PathBuf},
    process::Stdio,
    sync::atomic::{AtomicUsize, Ordering},
    time::Duration,
};

use fantoccini::{Client, ClientBuilder, Locator, elements::Element, error::ErrorStatus};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
};

/// A phone's width in CSS pixels, as the issue asks the flow to be walked at.
pub const PHONE: (u32, u32) = (360, 780);
pub const LAPTOP: (u32, u32) = (1280, 900);

pub struct Browser {
    pub client: Client,
    pub base: String,
    _driver: Child,
    _profile: tempfile::TempDir,
    shots: PathBuf,
    step: AtomicUsize,
}

fn program(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Ok(path) = std::env::var(env) {
        return Some(PathBuf::from(path));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.is_file()).or_else(|| {
        let name = Path::new(candidates.first()?).file_name()?.to_owned();
        std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(&name)).find(|p| p.is_file())
    })
}

/// The `target/` folder the test binary runs from (`target/debug/deps/api-…`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors().nth(3).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("target"))
}

impl Browser {
    /// A fresh headless Chromium at `size`, asking for pages in `accept_language`; `None`
    /// (with a note) when no browser is installed and CI did not require one.
    pub async fn open(test: &str, base: &str, size: (u32, u32), accept_language: &str) -> Option<Browser> {
        let driver_path = program("DUBAN_CHROMEDRIVER", &["/usr/bin/chromedriver"]);
        let chromium = program("DUBAN_CHROMIUM", &["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
        let (Some(driver_path), Some(chromium)) = (driver_path, chromium) else {
            assert!(
                std::env::var("DUBAN_BROWSER_TESTS").as_deref() != Ok("required"),
                "DUBAN_BROWSER_TESTS=required but chromium or chromedriver is missing"
            );
            eprintln!("{test}: skipped — install chromium and chromium-driver to run the browser tests");
            return None;
        };
        // Port 0 is not offered by chromedriver: take a free port from the kernel first.
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("addr").port();
        let mut driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver starts");
        // chromedriver says when it listens; read its output up to that line.
        let mut lines = BufReader::new(driver.stdout.take().expect("stdout")).lines();
        while let Some(line) = lines.next_line().await.expect("chromedriver output") {
            if line.contains("started successfully") {
                break;
            }
        }
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });

        let profile = tempfile::tempdir().expect("a fresh profile");
        let (width, height) = size;
        let mut options = json!({
                "binary": chromium,
            "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={width},{height}"),
                    format!("--lang={accept_language}"),
                ],
                "prefs": { "intl.accept_languages": accept_language },
        });
        // A window is never narrower than 500 px; a phone's viewport is emulated instead.
        if width < 500 {
            options["mobileEmulation"] =
                json!({ "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2.0 } });
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with headless Chromium");
        let shots = target_dir().join("screenshots").join(test);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).expect("screenshot folder");
        Some(Browser {
            client,
            base: base.trim_end_matches('/').to_owned(),
            _driver: driver,
            _profile: profile,
            shots,
            step: AtomicUsize::new(0),
        })
    }

    pub async fn goto(&self, path: &str) {
        self.client.goto(&format!("{}{path}", self.base)).await.expect("the page loads");
    }

    /// The path (and query) of the page the browser shows now.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    pub async fn html(&self) -> String {
        self.client.source().await.expect("page source")
    }

    /// The visible text of the page's main part.
    pub async fn text(&self) -> String {
        self.find("main").await.text().await.expect("text")
    }

    pub async fn find(&self, css: &str) -> Element {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css} on {}: {e}", self.base))
    }

    pub async fn all(&self, css: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(css)).await.expect("elements")
    }

    /// Types into the field labelled or named by `css`, replacing what it held.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clear");
        field.send_keys(value).await.unwrap_or_else(|e| panic!("typing into {css}: {e}"));
    }

    /// Clicks the button or link `css` and waits for the page it leads to.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.navigate_by(element, css).await;
    }

    /// Clicks `element`, then waits until the page it was on is gone: WebDriver's click does
    /// not wait for the navigation a form's post starts. The browser is asked every 20 ms.
    async fn navigate_by(&self, element: Element, what: &str) {
        let old = self.find("html").await;
        element.click().await.unwrap_or_else(|e| panic!("clicking {what}: {e}"));
        let start = std::time::Instant::now();
        loop {
            match old.tag_name().await {
                Err(fantoccini::error::CmdError::Standard(e)) if e.error == ErrorStatus::StaleElementReference => break,
                // Asked while the old document is being torn down.
                Err(e) if e.to_string().contains("does not belong to the document") => break,
                Err(e) => panic!("after clicking {what}: {e}"),
                Ok(_) => {
                    assert!(start.elapsed() < Duration::from_secs(20), "clicking {what} led nowhere");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
        self.client.wait().for_element(Locator::Css("body")).await.expect("the new page");
    }

    /// Saves a screenshot of the page as `<nn>-<name>.png`.
    pub async fn shot(&self, name: &str) {
        let n = self.step.fetch_add(1, Ordering::SeqCst) + 1;
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(self.shots.join(format!("{n:02}-{name}.png")), png).expect("write screenshot");
    }

    pub async fn sign_in(&self, username: &str, password: &str) {
        self.goto("/sign-in").await;
        self.fill("#username", username).await;
        self.fill("#password", password).await;
        self.click(".sign-in button[type=submit]").await;
    }

    pub async fn sign_out(&self) {
        self.click("header form[action='/sign-out'] button").await;
    }

    /// Where the element `css` stands from the top of the page, in CSS pixels.
    pub async fn top_of(&self, css: &str) -> f64 {
        let script =
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return r.top + window.scrollY;";
        self.client.execute(script, vec![css.into()]).await.expect("script").as_f64().expect("a number")
    }

    /// The natural width of the image `css` once the browser has loaded it (brought into view
    /// first: images load lazily), or 0 when it failed to load.
    pub async fn loaded_width(&self, css: &str) -> Option<i64> {
        let script = "const done = arguments[arguments.length - 1]; const i = document.querySelector(arguments[0]); \
             i.scrollIntoView(); \
             if (i.complete) { done(i.naturalWidth); } \
             else { i.addEventListener('load', () => done(i.naturalWidth)); i.addEventListener('error', () => done(0)); }";
        self.client.execute_async(script, vec![css.into()]).await.expect("script").as_i64()
    }

    pub async fn close(self) {
        self.client.clone().close().await.expect("the browser closes");
    }
}

/// A test that fails midway leaves no browser behind: every process started with this
/// browser's own profile folder is killed, by its pid (never by process group).
impl Drop for Browser {
    fn drop(&mut self) {
        let profile = self._profile.path().display().to_string();
        let Ok(entries) = std::fs::read_dir("/proc") else { return };
        for entry in entries.flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<i32>().ok()).filter(|pid| *pid > 1)
            else {
                continue;
            };
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            if String::from_utf8_lossy(&cmdline).contains(&profile) {
                // SAFETY: kill(2) on one positive pid with a valid signal has no memory effects.
                unsafe {
                    libc::kill(pid, libc::SIGKILL);
                }
            }
        }
    }
}
