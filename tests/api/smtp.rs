//! A real SMTP server on 127.0.0.1 inside the test process: it speaks enough of the protocol
//! (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for lettre, records every message it accepts,
//! and can be told to refuse mail (451) to play an outage.

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, Ordering},
};

use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// The value of header `name`, unfolded, with RFC 2047 encoded words decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default().replace("\r\n ", " ").replace("\r\n\t", " ");
        let prefix = format!("{}:", name.to_ascii_lowercase());
        let line = head.lines().find(|l| l.to_ascii_lowercase().starts_with(&prefix))?;
        Some(decode_words(line[prefix.len()..].trim()))
    }

    pub fn subject(&self) -> String {
        self.header("Subject").unwrap_or_default()
    }

    /// The text/plain part (the message is sent 8bit, so it reads as it was written).
    pub fn text(&self) -> String {
        self.part("text/plain")
    }

    pub fn html(&self) -> String {
        self.part("text/html")
    }

    fn part(&self, content_type: &str) -> String {
        let Some(start) = self.data.find(&format!("Content-Type: {content_type}")) else { return String::new() };
        let rest = &self.data[start..];
        let body = rest.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
        body.split("\r\n--").next().unwrap_or_default().replace("\r\n", "\n")
    }
}

/// `=?utf-8?b?…?=` words decoded; the space between two encoded words dropped, any other
/// kept (RFC 2047).
fn decode_words(value: &str) -> String {
    let mut out = Vec::new();
    let mut last_was_word = None;
    for token in value.split(' ') {
        let lower = token.to_ascii_lowercase();
        let is_word = lower.starts_with("=?utf-8?b?") && token.ends_with("?=");
        if last_was_word.is_some() && !(is_word && last_was_word == Some(true)) {
            out.push(b' ');
        }
        if is_word {
            out.extend(base64(&token[10..token.len() - 2]));
        } else {
            out.extend(token.as_bytes());
        }
        last_was_word = Some(is_word);
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut bits, mut count, mut out) = (0u32, 0, Vec::new());
    for byte in text.bytes() {
        let Some(value) = ALPHABET.iter().position(|b| *b == byte) else { continue };
        bits = (bits << 6) | value as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    out
}

#[derive(Clone)]
pub struct SmtpServer {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    refusing: Arc<AtomicBool>,
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the SMTP server");
        let url = format!("smtp://{}", listener.local_addr().expect("address"));
        let server = SmtpServer { url, received: Arc::default(), refusing: Arc::default() };
        let handle = server.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let handle = handle.clone();
                tokio::spawn(async move {
                    let _ = handle.session(socket).await;
                });
            }
        });
        server
    }

    /// Every message accepted so far, in order.
    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// From now on, refuse (or accept again) every message with a temporary error.
    pub fn refuse(&self, refusing: bool) {
        self.refusing.store(refusing, Ordering::SeqCst);
    }

    async fn session(&self, socket: tokio::net::TcpStream) -> std::io::Result<()> {
        // Answers are small writes; without this, delayed ACKs hold each exchange ~40 ms.
        socket.set_nodelay(true)?;
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read);
        write.write_all(b"220 test.example ESMTP\r\n").await?;
        let (mut from, mut to) = (String::new(), Vec::new());
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_owned();
            let verb = command.split([' ', ':']).next().unwrap_or_default().to_ascii_uppercase();
            let answer: &[u8] = match verb.as_str() {
                "EHLO" => b"250-test.example\r\n250 8BITMIME\r\n",
                "HELO" | "NOOP" => b"250 OK\r\n",
                "RSET" => {
                    (from, to) = (String::new(), Vec::new());
                    b"250 OK\r\n"
                }
                "MAIL" if self.refusing.load(Ordering::SeqCst) => b"451 4.3.0 mail is refused for a while\r\n",
                "MAIL" => {
                    from = address(&command);
                    to.clear();
                    b"250 OK\r\n"
                }
                "RCPT" => {
                    to.push(address(&command));
                    b"250 OK\r\n"
                }
                "DATA" => {
                    write.write_all(b"354 go ahead\r\n").await?;
                    let mut data = String::new();
                    loop {
                        line.clear();
                        if lines.read_line(&mut line).await? == 0 {
                            return Ok(());
                        }
                        if line == ".\r\n" {
                            break;
                        }
                        data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    }
                    let message = Received { from: from.clone(), to: std::mem::take(&mut to), data };
                    self.received.lock().expect("lock").push(message);
                    b"250 OK queued\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await?;
                    return Ok(());
                }
                _ => b"502 not implemented\r\n",
            };
            write.write_all(answer).await?;
        }
    }
}

fn address(command: &str) -> String {
    let start = command.find('<').map_or(0, |i| i + 1);
    let end = command.find('>').unwrap_or(command.len());
    command[start..end].to_owned()
}
