//! A loopback SMTP server for `duban bench --pages`: it accepts every message, keeps none, and
//! counts the messages each recipient was sent, so that the bench can say how many e-mails
//! the sweep sent and the most any one account received.

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::{TcpListener, TcpStream},
};

/// Messages per recipient, shared with the connections.
#[derive(Clone, Default)]
pub struct Counts(Arc<Mutex<HashMap<String, u64>>>);

impl Counts {
    /// (messages, recipients, the most any recipient got and who).
    pub fn summary(&self) -> (u64, usize, u64, String) {
        let counts = self.0.lock().map(|c| c.clone()).unwrap_or_default();
        let total = counts.values().sum();
        let (who, most) = counts
            .iter()
            .max_by_key(|(who, n)| (**n, std::cmp::Reverse((*who).clone())))
            .map_or((String::new(), 0), |(who, n)| (who.clone(), *n));
        (total, counts.len(), most, who)
    }
}

/// Listens on 127.0.0.1 on a free port; returns its address and the counts it keeps.
pub async fn start() -> Result<(SocketAddr, Counts), String> {
    let listener = TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let counts = Counts::default();
    let shared = counts.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let counts = shared.clone();
            tokio::spawn(async move {
                if let Err(e) = session(stream, counts).await {
                    tracing::debug!(error = %e, "SMTP sink connection ended");
                }
            });
        }
    });
    Ok((address, counts))
}

/// One SMTP conversation: answers every command, reads and drops each message's data.
async fn session(stream: TcpStream, counts: Counts) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 duban-bench-sink ESMTP\r\n").await?;
    let mut recipients: Vec<String> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        let answer: &[u8] = if command.starts_with("EHLO") {
            b"250-duban-bench-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n"
        } else if command.starts_with("HELO") || command.starts_with("NOOP") {
            b"250 OK\r\n"
        } else if command.starts_with("MAIL FROM") || command.starts_with("RSET") {
            recipients.clear();
            b"250 OK\r\n"
        } else if command.starts_with("RCPT TO") {
            let address = line.trim_end()[8..].trim().trim_start_matches('<');
            let address = address.split('>').next().unwrap_or_default().to_ascii_lowercase();
            recipients.push(address);
            b"250 OK\r\n"
        } else if command == "DATA" {
            write.write_all(b"354 go on\r\n").await?;
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
            }
            if let Ok(mut counts) = counts.0.lock() {
                for r in recipients.drain(..) {
                    *counts.entry(r).or_default() += 1;
                }
            }
            b"250 OK queued\r\n"
        } else if command.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 not implemented\r\n"
        };
        write.write_all(answer).await?;
    }
}
