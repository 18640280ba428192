//! E-mail: the templates, the message built from an outbox row, and the two ways of sending
//! it — SMTP through lettre when `smtp_url` is set, `.eml` files under `data/outbox/` when not.
//! And the other channel of the outbox, the group robots' webhooks (`robots`), whose failures
//! are the same `MailError`s.

pub mod robots;
pub mod templates;

use std::{path::PathBuf, time::Duration};

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Body, Mailbox, MultiPart, SinglePart, header::ContentTransferEncoding},
    transport::smtp::PoolConfig,
};

use crate::config::Config;

/// How long one SMTP exchange may take; well inside the sender's lease.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The configuration cannot work: a bad `smtp_url` or `mail_from`.
    #[error("{0}")]
    Setup(String),
    /// This message will never be accepted (a bad address, a permanent SMTP refusal).
    #[error("{0}")]
    Permanent(String),
    /// Worth another try later (the server is down, busy, or answered 4xx).
    #[error("{0}")]
    Transient(String),
}

/// One message to send, as the outbox holds it.
#[derive(Debug, Clone, Copy)]
pub struct Envelope<'a> {
    pub notification_id: i64,
    pub dedup_key: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
}

/// Where messages go: e-mail by its transport, robots' messages by HTTP.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    robots: robots::Robots,
}

#[derive(Clone)]
enum Transport {
    /// A pooled SMTP transport: plain, STARTTLS (`smtp://…?tls=required`) or implicit TLS
    /// (`smtps://`), with the credentials in the URL.
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
    /// One `.eml` file per message in `dir`, named by the notification, so that sending again
    /// rewrites the same file.
    Files { dir: PathBuf, from: Mailbox },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.transport {
            Transport::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Transport::Files { dir, .. } => write!(f, "Mailer::Files({})", dir.display()),
        }
    }
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Self, MailError> {
        let from: Mailbox = config
            .mail_from
            .parse()
            .map_err(|e| MailError::Setup(format!("mail_from {:?} is not an address: {e}", config.mail_from)))?;
        let transport = match &config.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::Setup(format!("smtp_url: {e}")))?
                    .timeout(Some(SMTP_TIMEOUT))
                    // One SMTP exchange waits on the network (lettre writes a message's final dot
                    // apart from its body without disabling Nagle's algorithm, which meets the
                    // server's delayed ACK: some 40 ms a message even on loopback); several at
                    // once over the pooled connections keep the line busy.
                    .pool_config(PoolConfig::new().max_size(config.send_connections))
                    .build();
                Transport::Smtp { transport, from }
            }
            None => Transport::Files { dir: config.outbox_dir(), from },
        };
        Ok(Mailer { transport, robots: robots::Robots::new()? })
    }

    fn from(&self) -> &Mailbox {
        match &self.transport {
            Transport::Smtp { from, .. } | Transport::Files { from, .. } => from,
        }
    }

    /// Posts one message to a group robot.
    pub async fn post(&self, message: robots::RobotMessage<'_>) -> Result<(), MailError> {
        self.robots.post(message).await
    }

    /// Builds and delivers one message.
    pub async fn send(&self, envelope: Envelope<'_>) -> Result<(), MailError> {
        let message = build(self.from(), envelope)?;
        match &self.transport {
            Transport::Smtp { transport, .. } => transport.send(message).await.map(|_| ()).map_err(|e| {
                if e.is_permanent() {
                    MailError::Permanent(format!("the SMTP server refused the message: {e}"))
                } else {
                    MailError::Transient(format!("SMTP: {e}"))
                }
            }),
            Transport::Files { dir, .. } => {
                let io = |e: std::io::Error| MailError::Transient(format!("writing to {}: {e}", dir.display()));
                tokio::fs::create_dir_all(dir).await.map_err(io)?;
                let name = format!("notification-{:08}.eml", envelope.notification_id);
                let partial = dir.join(format!(".{name}.partial"));
                tokio::fs::write(&partial, message.formatted()).await.map_err(io)?;
                tokio::fs::rename(&partial, dir.join(&name)).await.map_err(io)
            }
        }
    }
}

/// The `Message-ID` of a notification: the same on every attempt, so that a retry after an
/// unknown outcome is recognisable downstream.
pub fn message_id(from: &Mailbox, notification_id: i64, dedup_key: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(dedup_key.as_bytes());
    format!("<duban.{notification_id}.{}@{}>", hex::encode(&digest[..8]), from.email.domain())
}

fn build(from: &Mailbox, envelope: Envelope<'_>) -> Result<Message, MailError> {
    let to: Mailbox = envelope
        .to
        .parse()
        .map_err(|e| MailError::Permanent(format!("{:?} is not an e-mail address: {e}", envelope.to)))?;
    // 8bit (RFC 6152) keeps the .eml files and the README's examples readable. lettre would
    // choose quoted-printable or base64 for any UTF-8 line over 76 octets; 8bit only needs
    // lines under 998 octets, which rendering guarantees (`templates::wrap_long_lines`), CRLF
    // line ends and no NUL, which `eight_bit` makes sure of.
    let part = |content_type, body: &str| {
        SinglePart::builder()
            .header(content_type)
            .body(Body::dangerous_pre_encoded(eight_bit(body), ContentTransferEncoding::EightBit))
    };
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(envelope.subject)
        .message_id(Some(message_id(from, envelope.notification_id, envelope.dedup_key)))
        .multipart(
            MultiPart::alternative()
                .singlepart(part(lettre::message::header::ContentType::TEXT_PLAIN, envelope.text))
                .singlepart(part(lettre::message::header::ContentType::TEXT_HTML, envelope.html)),
        )
        .map_err(|e| MailError::Permanent(format!("building the message: {e}")))
}

/// `text` with CRLF line ends, without NUL or stray CR, and no line over 998 octets.
fn eight_bit(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 32);
    for line in templates::wrap_long_lines(&text.replace(['\0', '\r'], "")).split('\n') {
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_id_is_stable_and_names_the_sender_domain() {
        let from: Mailbox = "Duban <duban@gov.example>".parse().expect("address");
        let first = message_id(&from, 17, "step:1:2:u3");
        assert_eq!(first, message_id(&from, 17, "step:1:2:u3"));
        assert_ne!(first, message_id(&from, 17, "step:1:2:u4"));
        assert!(first.starts_with("<duban.17.") && first.ends_with("@gov.example>"), "{first}");
    }

    #[test]
    fn bodies_are_sent_8bit_with_crlf_and_short_lines() {
        let body = eight_bit(&format!("第一行\r\n{}\n\0end", "长".repeat(400)));
        let text = String::from_utf8(body).expect("utf-8");
        assert!(text.split("\r\n").all(|line| line.len() <= 900 && !line.contains('\n')), "{text}");
        assert!(text.starts_with("第一行\r\n") && text.ends_with("end\r\n") && !text.contains('\0'));
    }

    #[test]
    fn a_bad_recipient_is_a_permanent_failure() {
        let from: Mailbox = "duban@gov.example".parse().expect("address");
        let envelope =
            Envelope { notification_id: 1, dedup_key: "k", to: "not an address", subject: "s", text: "t", html: "h" };
        assert!(matches!(build(&from, envelope), Err(MailError::Permanent(_))));
    }
}
