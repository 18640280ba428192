//! Posting a notice to a group robot's webhook (DingTalk, WeCom, Feishu): one HTTP request
//! with timeouts, its answer read by `domain::robots::judge`. A failure is a `MailError` as an
//! SMTP failure is, so the outbox retries it or gives it up the same way. Errors never carry
//! the webhook's address: its token is a secret.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::MailError;
use crate::domain::{
    robots::{self, Verdict},
    vocabulary::RobotKind,
};

/// How long connecting may take, and the whole exchange: well inside the sender's lease.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const TIMEOUT: Duration = Duration::from_secs(15);

/// One robot message as the outbox holds it, with the robot it goes to.
#[derive(Clone, Copy)]
pub struct RobotMessage<'a> {
    pub kind: RobotKind,
    pub webhook_url: &'a str,
    pub secret: Option<&'a str>,
    pub subject: &'a str,
    pub markdown: &'a str,
    /// When the request is signed.
    pub now: DateTime<Utc>,
}

/// The HTTP client for robots: pooled, with timeouts, following no redirect (a webhook that
/// answers with one is refused rather than followed somewhere else with the message).
#[derive(Clone)]
pub struct Robots {
    client: reqwest::Client,
}

impl Robots {
    pub fn new() -> Result<Self, MailError> {
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("duban/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| MailError::Setup(format!("the robots' HTTP client: {e}")))?;
        Ok(Robots { client })
    }

    /// Posts `message`; `Ok` only when the vendor said it took it.
    pub async fn post(&self, message: RobotMessage<'_>) -> Result<(), MailError> {
        let request = robots::request(
            message.kind,
            message.webhook_url,
            message.secret,
            message.subject,
            message.markdown,
            message.now.timestamp_millis(),
        );
        let answer = self.client.post(&request.url).json(&request.body).send().await.map_err(|e| {
            // An address the client cannot even make a request of will never work.
            let permanent = e.is_builder();
            let error = format!("{} robot: {}", message.kind, e.without_url());
            if permanent { MailError::Permanent(error) } else { MailError::Transient(error) }
        })?;
        let status = answer.status().as_u16();
        let body = answer.text().await.map_err(|e| {
            MailError::Transient(format!("{} robot: reading the answer: {}", message.kind, e.without_url()))
        })?;
        match robots::judge(message.kind, status, &body) {
            Verdict::Delivered => Ok(()),
            Verdict::Retry(error) => Err(MailError::Transient(error)),
            Verdict::GiveUp(error) => Err(MailError::Permanent(error)),
        }
    }
}
