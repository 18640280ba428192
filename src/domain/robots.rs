//! Group robots of 钉钉 (DingTalk), 企业微信 (WeCom) and 飞书 (Feishu): a webhook as an admin
//! enters it, checked; as pages show it, masked; and what each vendor's webhook takes — a
//! Markdown card with the notice's subject, the task, its unit, its deadline and a link to the
//! task page, signed where the vendor signs — and how its answer is read. Plain functions of
//! values: the HTTP exchange is `mail::robots`.

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use super::vocabulary::{Locale, RobotKind};
use super::{message::Message, organisation::FieldError};

/// The longest webhook URL accepted.
pub const URL_MAX: usize = 2000;
/// The longest signing secret accepted.
pub const SECRET_MAX: usize = 200;
/// WeCom refuses Markdown content over 4096 bytes of UTF-8.
pub const WECOM_MAX_BYTES: usize = 4096;

fn refuse(field: &'static str, reason: Message) -> FieldError {
    FieldError { field, reason }
}

/// A webhook URL: `http://` or `https://`, a host of letters, digits, dots and hyphens (an
/// optional port), then a path or query without spaces, control characters or a #fragment;
/// at most `URL_MAX` characters. (The API document says the same with a pattern, so a value
/// it allows is never refused.) Vendors' robots live on https; plain http is for a relay
/// inside the office network, and for the tests.
pub fn check_webhook(url: &str) -> Result<String, FieldError> {
    let url = url.trim();
    if url.is_empty() {
        return Err(refuse("webhook_url", Message::new("error-empty")));
    }
    if url.chars().count() > URL_MAX {
        return Err(refuse("webhook_url", Message::new("error-too-long").number("max", URL_MAX)));
    }
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else {
        return Err(refuse("webhook_url", Message::new("error-webhook-scheme")));
    };
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(split);
    let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
    let host_ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    let port_ok =
        !authority.contains(':') || (!port.is_empty() && port.len() <= 5 && port.chars().all(|c| c.is_ascii_digit()));
    if !host_ok || !port_ok {
        return Err(refuse("webhook_url", Message::new("error-webhook-host")));
    }
    if tail.chars().any(|c| c.is_whitespace() || c.is_control() || c == '#') {
        return Err(refuse("webhook_url", Message::new("error-webhook-tail")));
    }
    Ok(url.to_owned())
}

/// A signing secret, or none: DingTalk's `SEC…` and Feishu's secret are printable ASCII. A
/// WeCom robot does not sign: a secret given for one is not kept (the robot then shows as not
/// signed), so that a body the API document allows is never refused for it.
pub fn check_secret(kind: RobotKind, secret: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(secret) = secret.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    if secret.len() > SECRET_MAX || !secret.chars().all(|c| c.is_ascii_graphic()) {
        // The API document's pattern for a secret: `^[!-~]{0,200}$`.
        return Err(refuse("secret", Message::new("error-secret").number("max", SECRET_MAX)));
    }
    Ok(kind.signs().then(|| secret.to_owned()))
}

/// The webhook as pages and answers show it: scheme and host, then only the last four
/// characters — the access token (DingTalk's `access_token`, WeCom's `key`, Feishu's path) is
/// a secret.
pub fn mask(url: &str) -> String {
    let tail: String = {
        let chars: Vec<char> = url.chars().collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    };
    match url::Url::parse(url) {
        Ok(parsed) => {
            let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
            format!("{}://{}{port}/…{tail}", parsed.scheme(), parsed.host_str().unwrap_or_default())
        }
        Err(_) => format!("…{tail}"),
    }
}

/// A robot as a line of a units file names it: the optional columns `robot_kind`,
/// `robot_name`, `robot_webhook` and `robot_secret`. The import gives the unit this robot,
/// matched by its webhook (so a second import of the file changes nothing).
#[derive(Clone, PartialEq, Eq)]
pub struct RobotLine {
    pub kind: RobotKind,
    pub name: String,
    pub webhook_url: String,
    /// Empty in the file: none for a new robot, the saved one kept for an existing robot.
    pub secret: Option<String>,
}

/// Written by hand: a plan printed in a log never shows the webhook's token or the secret.
impl std::fmt::Debug for RobotLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RobotLine({} {:?} {})", self.kind, self.name, mask(&self.webhook_url))
    }
}

/// The robot a units file's line names, if any: none when its robot cells are all empty.
pub fn robot_line(
    kind: Option<&str>,
    name: Option<&str>,
    webhook: Option<&str>,
    secret: Option<&str>,
) -> Result<Option<RobotLine>, FieldError> {
    let Some(webhook) = webhook else {
        if kind.or(name).or(secret).is_some() {
            return Err(refuse("robot_webhook", Message::new("error-robot-webhook-missing")));
        }
        return Ok(None);
    };
    let kind = kind
        .ok_or_else(|| refuse("robot_kind", Message::new("error-robot-kind")))?
        .parse::<RobotKind>()
        .map_err(|e| refuse("robot_kind", Message::new("error-robot-kind-unknown").text("value", e.value)))?;
    let name = super::organisation::check_name("robot_name", name.unwrap_or(kind.as_str()))?;
    let webhook_url = check_webhook(webhook).map_err(|e| refuse("robot_webhook", e.reason))?;
    let secret = check_secret(kind, secret).map_err(|e| refuse("robot_secret", e.reason))?;
    Ok(Some(RobotLine { kind, name, webhook_url, secret }))
}

/// What a robot's message says.
#[derive(Debug, Clone, Copy)]
pub struct Card<'a> {
    pub locale: Locale,
    /// The notice's subject, as the e-mail's.
    pub subject: &'a str,
    pub task: &'a str,
    pub unit: &'a str,
    /// The deadline as a person reads it, in the configured zone.
    pub deadline: &'a str,
    /// The absolute address of the task's page.
    pub link: &'a str,
}

/// Text a person wrote, made safe inside the vendors' Markdown: one line, no link or emphasis
/// syntax of its own, and `<`/`>` as entities (Feishu reads raw angle brackets as tags).
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '*' | '_' | '[' | ']' | '`' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

impl Card<'_> {
    /// The card as Markdown: a heading with the subject, the facts, and the link on the last
    /// paragraph (a line of its own after a blank line, which `fit_bytes` keeps).
    pub fn markdown(&self) -> String {
        let (task, unit, deadline, open) = match self.locale {
            Locale::Zh => ("任务", "承办单位", "期限", "查看任务"),
            Locale::En => ("Task", "Unit", "Deadline", "Open the task"),
        };
        let colon = if self.locale == Locale::Zh { "：" } else { ": " };
        format!(
            "#### {subject}\n\n**{task}**{colon}{title}\n\n**{unit}**{colon}{unit_name}\n\n**{deadline}**{colon}{when}\n\n[{open}]({link})",
            subject = plain(self.subject),
            title = plain(self.task),
            unit_name = plain(self.unit),
            when = plain(self.deadline),
            link = self.link,
        )
    }
}

/// `markdown` in at most `max` bytes of UTF-8: when longer, the text before its last
/// paragraph (the link) is cut at a character boundary and ends with an ellipsis, and the
/// link stays whole.
pub fn fit_bytes(markdown: &str, max: usize) -> String {
    if markdown.len() <= max {
        return markdown.to_owned();
    }
    const ELLIPSIS: &str = "…";
    let (head, link) = markdown.rsplit_once("\n\n").unwrap_or((markdown, ""));
    let kept = max.saturating_sub(ELLIPSIS.len() + if link.is_empty() { 0 } else { 2 + link.len() });
    let cut = |text: &str, budget: usize| {
        let mut end = budget.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text[..end].to_owned()
    };
    if kept == 0 || link.is_empty() {
        // A link longer than the whole budget: nothing sensible is left but to cut it all.
        return format!("{}{ELLIPSIS}", cut(markdown, max.saturating_sub(ELLIPSIS.len())));
    }
    format!("{}{ELLIPSIS}\n\n{link}", cut(head, kept))
}

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC key length"));
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// DingTalk's signature of a request at `timestamp_ms`: HMAC-SHA256 of `timestamp + "\n" +
/// secret` keyed by the secret, base64 (URL-encoded when it is put in the address).
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    hmac_base64(secret.as_bytes(), format!("{timestamp_ms}\n{secret}").as_bytes())
}

/// Feishu's signature of a request at `timestamp_s`: HMAC-SHA256 keyed by `timestamp + "\n" +
/// secret` over an empty message, base64.
pub fn feishu_sign(secret: &str, timestamp_s: i64) -> String {
    hmac_base64(format!("{timestamp_s}\n{secret}").as_bytes(), b"")
}

/// One request to a robot: where it goes and the JSON it carries.
#[derive(Clone, PartialEq)]
pub struct Request {
    pub url: String,
    pub body: Value,
}

/// The request that posts `subject` and `markdown` to a robot of `kind`, signed with `secret`
/// (if it has one) at `now_ms` (milliseconds since the epoch).
pub fn request(
    kind: RobotKind,
    webhook_url: &str,
    secret: Option<&str>,
    subject: &str,
    markdown: &str,
    now_ms: i64,
) -> Request {
    match kind {
        RobotKind::Dingtalk => {
            let mut url = webhook_url.to_owned();
            if let Some(secret) = secret {
                let sign: String = form_urlencoded::byte_serialize(dingtalk_sign(secret, now_ms).as_bytes()).collect();
                let joiner = if url.contains('?') { '&' } else { '?' };
                url = format!("{url}{joiner}timestamp={now_ms}&sign={sign}");
            }
            let body = json!({ "msgtype": "markdown", "markdown": { "title": subject, "text": markdown } });
            Request { url, body }
        }
        RobotKind::Wecom => {
            let body =
                json!({ "msgtype": "markdown", "markdown": { "content": fit_bytes(markdown, WECOM_MAX_BYTES) } });
            Request { url: webhook_url.to_owned(), body }
        }
        RobotKind::Feishu => {
            let mut body = json!({
                "msg_type": "interactive",
                "card": {
                    "config": { "wide_screen_mode": true },
                    "header": { "title": { "tag": "plain_text", "content": subject }, "template": "blue" },
                    "elements": [ { "tag": "markdown", "content": markdown } ],
                },
            });
            if let (Some(secret), Some(object)) = (secret, body.as_object_mut()) {
                let seconds = now_ms.div_euclid(1000);
                object.insert("timestamp".into(), json!(seconds.to_string()));
                object.insert("sign".into(), json!(feishu_sign(secret, seconds)));
            }
            Request { url: webhook_url.to_owned(), body }
        }
    }
}

/// How a robot's answer is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Delivered,
    /// Worth another try (HTTP 429 or 5xx, a vendor error code such as a rate limit, an
    /// answer not understood): retried with backoff, then dead like an SMTP failure.
    Retry(String),
    /// The webhook refuses this for good (HTTP 4xx other than 429): dead at once.
    GiveUp(String),
}

/// The vendors' codes for "too many messages": said so in the error kept on the row.
fn rate_limited(kind: RobotKind, code: i64) -> bool {
    match kind {
        RobotKind::Dingtalk => code == 130101,
        RobotKind::Wecom => code == 45009,
        RobotKind::Feishu => matches!(code, 9499 | 11232),
    }
}

/// Reads a robot's answer: the HTTP status, then the vendor's code in the body (`errcode` for
/// DingTalk and WeCom, `code` for Feishu; zero is success).
pub fn judge(kind: RobotKind, status: u16, body: &str) -> Verdict {
    let snippet: String = body.chars().filter(|c| !c.is_control()).take(200).collect();
    if status == 429 || status >= 500 {
        return Verdict::Retry(format!("{kind} robot: HTTP {status} {snippet}").trim_end().to_owned());
    }
    if !(200..300).contains(&status) {
        return Verdict::GiveUp(format!("{kind} robot: HTTP {status} {snippet}").trim_end().to_owned());
    }
    let answer: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let field = if kind == RobotKind::Feishu { "code" } else { "errcode" };
    match answer.get(field).and_then(Value::as_i64) {
        Some(0) => Verdict::Delivered,
        Some(code) => {
            let message = answer.get(if kind == RobotKind::Feishu { "msg" } else { "errmsg" });
            let message = message.and_then(Value::as_str).unwrap_or_default();
            let limit = if rate_limited(kind, code) { " (rate limit)" } else { "" };
            Verdict::Retry(format!("{kind} robot: error {code}{limit}: {message}"))
        }
        None => Verdict::Retry(format!("{kind} robot: an answer without {field}: {snippet}")),
    }
}

#[cfg(test)]
mod tests;
