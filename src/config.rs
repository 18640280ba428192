//! Typed settings from an optional `duban.toml` and `DUBAN_*` environment variables. Every
//! setting has a default, so a bare `cargo run --release` works on a fresh machine; a bad
//! setting stops the program with one line naming the key and the reason.

use std::{
    collections::BTreeMap,
    net::{IpAddr, SocketAddr},
    path::PathBuf,
};

use chrono_tz::Tz;

/// Where the configuration came from matters once: the demo data is loaded on first start
/// only when nobody chose a database.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    /// True when the database was chosen by the user (file or environment), not defaulted.
    pub database_configured: bool,
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    pub base_url: String,
    pub time_zone: Tz,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub cookie_secure: bool,
    pub session_hours: i64,
    pub due_soon_days: i64,
    /// Points a ranking takes off a unit per late progress report.
    pub ranking_late_report_deduction: i64,
    /// Points a ranking takes off a unit per completion returned to it.
    pub ranking_returned_deduction: i64,
    pub upload_max_bytes: usize,
    /// The largest body of a page's form without files (the meeting form adds room for its
    /// minutes): read only up to this, so a large post costs nothing before its token is checked.
    pub form_max_bytes: usize,
    /// Proxies (addresses or CIDR ranges) whose `X-Forwarded-For` is believed; nobody else's is.
    pub trusted_proxies: Vec<IpRange>,
    /// A request still unanswered after this long is ended with 408 (uploads from a phone
    /// on a slow line need minutes).
    pub request_timeout_seconds: i64,
    /// After the signal to stop, how long requests in flight and the background step in
    /// progress may take to finish before they are cancelled (never longer than the request
    /// timeout).
    pub shutdown_grace: std::time::Duration,
    /// The escalation audiences told by one daily digest instead of one e-mail per task
    /// (everyone above the unit that owes the work, by default); `none`: every rung by itself.
    pub digest_audiences: Vec<crate::domain::vocabulary::Audience>,
    /// How the unit that owes the work gets its per-task reminders: a few a day one by one,
    /// the rest in one bundle at most every so often.
    pub bundling: crate::domain::digest::Bundling,
    /// How often `serve` sweeps for escalations and sends the outbox; `None` (`0` or `off`)
    /// leaves both to `duban escalate --once`.
    pub sweep_every: Option<std::time::Duration>,
    /// At most this many messages a second leave each sender (`0`: no limit), so that working
    /// through a large outbox never takes the machine from the pages.
    pub send_rate: u32,
    /// SMTP connections each sender keeps open, and messages it has in flight at once.
    pub send_connections: u32,
    /// (month, day) the flood season ends, for drafts whose deadline is "汛期结束前".
    pub flood_season_end: (u32, u32),
    /// Where evidence files (every blob Duban keeps) are stored: `[storage]` in duban.toml.
    pub storage: StorageSettings,
    /// A name for this instance, sent as `X-Duban-Instance` on every answer (several instances
    /// behind a load balancer: which one answered).
    pub instance_name: Option<String>,
}

/// Where blobs live: a folder (the embedded default, `data/attachments`) or an S3 bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageLocation {
    Folder(PathBuf),
    S3 { bucket: String, prefix: String },
}

/// The `[storage]` settings: `url` (`file://FOLDER` or `s3://BUCKET/PREFIX`), and for S3 an
/// `endpoint` (an S3-compatible server such as MinIO), a `region`, and `virtual_hosted`
/// (bucket in the host name) instead of the default path-style addressing. Credentials come
/// from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, …)
/// as the AWS SDKs read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageSettings {
    pub location: StorageLocation,
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub virtual_hosted: bool,
}

impl StorageSettings {
    /// The settings `url` names, with the S3 options given; `key` names the setting in errors.
    pub fn parse(
        key: &str,
        url: &str,
        endpoint: Option<String>,
        region: Option<String>,
        virtual_hosted: bool,
    ) -> Result<Self, ConfigError> {
        let url = url.trim();
        let location = if let Some(folder) = url.strip_prefix("file://") {
            if folder.is_empty() {
                return Err(bad(key, "file:// names no folder; write file:///srv/duban/attachments"));
            }
            StorageLocation::Folder(PathBuf::from(folder))
        } else if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let valid_bucket = (3..=63).contains(&bucket.len())
                && bucket.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
            if !valid_bucket {
                return Err(bad(key, format!("{bucket:?} is not an S3 bucket name (3 to 63 of a-z, 0-9, '-', '.')")));
            }
            let prefix = prefix.trim_matches('/');
            if prefix.split('/').any(|p| p == "." || p == "..") || prefix.contains("//") {
                return Err(bad(key, format!("{prefix:?} is not a usable prefix inside the bucket")));
            }
            StorageLocation::S3 { bucket: bucket.to_owned(), prefix: prefix.to_owned() }
        } else {
            return Err(bad(key, "must start with file:// or s3://"));
        };
        let web_address =
            |e: &str| (e.starts_with("http://") || e.starts_with("https://")) && url::Url::parse(e).is_ok();
        if let Some(endpoint) = endpoint.as_deref().filter(|e| !web_address(e)) {
            return Err(bad("storage_endpoint", format!("{endpoint:?} is not an http:// or https:// address")));
        }
        Ok(StorageSettings { location, endpoint, region, virtual_hosted })
    }

    /// The URL these settings were read from.
    pub fn url(&self) -> String {
        match &self.location {
            StorageLocation::Folder(path) => format!("file://{}", path.display()),
            StorageLocation::S3 { bucket, prefix } if prefix.is_empty() => format!("s3://{bucket}"),
            StorageLocation::S3 { bucket, prefix } => format!("s3://{bucket}/{prefix}"),
        }
    }
}

/// An address or a CIDR range such as `10.0.0.0/8` or `::1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, address) {
            (IpAddr::V4(net), IpAddr::V4(a)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(a)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for IpRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr = address.parse().map_err(|_| format!("{text:?} is not an address or a CIDR range"))?;
        let widest = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => widest,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= widest)
                .ok_or_else(|| format!("{text:?} has a prefix length that is not 0 to {widest}"))?,
        };
        Ok(IpRange { network, prefix })
    }
}

/// A setting that could not be used; its `Display` is the one line the user sees.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {key}: {reason}")]
pub struct ConfigError {
    pub key: String,
    pub reason: String,
}

fn bad(key: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError { key: key.to_owned(), reason: reason.into() }
}

/// Every key, with its default; `DUBAN_<KEY>` overrides the file.
const KEYS: &[(&str, &str)] = &[
    ("database_url", ""),
    ("data_dir", "data"),
    ("listen", "127.0.0.1:3000"),
    ("base_url", ""),
    ("time_zone", "Asia/Shanghai"),
    ("smtp_url", ""),
    ("mail_from", "Duban <duban@localhost>"),
    ("cookie_secure", ""),
    ("session_hours", "12"),
    ("due_soon_days", "3"),
    ("ranking_late_report_deduction", "1"),
    ("ranking_returned_deduction", "2"),
    ("upload_max_bytes", "20971520"),
    ("form_max_bytes", "65536"),
    ("trusted_proxies", ""),
    ("request_timeout_seconds", "300"),
    ("shutdown_grace_seconds", "10"),
    ("sweep_every", "1m"),
    ("send_rate", "100"),
    ("send_connections", "16"),
    ("digest_audiences", "assigner_unit,assignee_parent_head,secretariat,leader"),
    ("reminders_apart", "3"),
    ("reminders_bundle_every", "4h"),
    ("flood_season_end", "09-30"),
    ("storage_url", ""),
    ("storage_endpoint", ""),
    ("storage_region", ""),
    ("storage_virtual_hosted", "false"),
    ("instance_name", ""),
];

/// The keys and defaults, for `--help` texts and the README.
pub fn keys() -> &'static [(&'static str, &'static str)] {
    KEYS
}

impl Config {
    /// Reads `path` if given (it must exist), else `duban.toml` in the working directory if
    /// present, then the environment.
    pub fn load(path: Option<PathBuf>) -> Result<Self, ConfigError> {
        let (file_name, text) = match path {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| bad("config", format!("cannot read {}: {e}", path.display())))?;
                (path.display().to_string(), Some(text))
            }
            None => match std::fs::read_to_string("duban.toml") {
                Ok(text) => ("duban.toml".to_owned(), Some(text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), None),
                Err(e) => return Err(bad("config", format!("cannot read duban.toml: {e}"))),
            },
        };
        let mut values = BTreeMap::new();
        if let Some(text) = text {
            let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
                bad("config", format!("{file_name} is not valid TOML: {}", e.message()))
            })?;
            for (key, value) in flatten_tables(table) {
                if !KEYS.iter().any(|(k, _)| *k == key) {
                    return Err(bad(&key, format!("unknown setting in {file_name}")));
                }
                let text = match value {
                    toml::Value::String(s) => s,
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Boolean(b) => b.to_string(),
                    other => {
                        return Err(bad(
                            &key,
                            format!("expected a string, number or boolean, found {}", other.type_str()),
                        ));
                    }
                };
                values.insert(key, text);
            }
        }
        Self::from_values(values, |key| std::env::var(format!("DUBAN_{}", key.to_ascii_uppercase())).ok())
    }

    /// Builds the configuration from file values and an environment lookup; separated from
    /// `load` so tests need not touch the process environment.
    pub fn from_values(
        file: BTreeMap<String, String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let get = |key: &str| -> Option<String> {
            env(key).or_else(|| file.get(key).cloned()).filter(|v| !v.trim().is_empty())
        };
        let default =
            |key: &str| KEYS.iter().find(|(k, _)| *k == key).map(|(_, d)| (*d).to_owned()).unwrap_or_default();
        let value = |key: &str| get(key).unwrap_or_else(|| default(key));

        let data_dir = PathBuf::from(value("data_dir"));
        let listen: SocketAddr = value("listen").parse().map_err(|_| {
            bad("listen", format!("{:?} is not an address and port such as 127.0.0.1:3000", value("listen")))
        })?;
        let time_zone: Tz = value("time_zone").parse().map_err(|_| {
            bad("time_zone", format!("{:?} is not an IANA time zone such as Asia/Shanghai", value("time_zone")))
        })?;
        let (database_url, database_configured) = match get("database_url") {
            Some(url) => {
                if !(url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                    return Err(bad("database_url", "must start with sqlite:, postgres:// or postgresql://"));
                }
                (url, true)
            }
            None => (format!("sqlite://{}?mode=rwc", data_dir.join("duban.db").display()), false),
        };
        let base_url = get("base_url").unwrap_or_else(|| format!("http://{listen}"));
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(bad("base_url", "must start with http:// or https://"));
        }
        let smtp_url = get("smtp_url");
        if let Some(url) = &smtp_url {
            check_smtp_url(url)?;
        }
        let mail_from = value("mail_from");
        if let Err(e) = mail_from.parse::<lettre::message::Mailbox>() {
            return Err(bad(
                "mail_from",
                format!("{mail_from:?} is not a mailbox such as Duban <duban@example.org>: {e}"),
            ));
        }
        // Cookies are Secure exactly when people reach Duban over HTTPS: a Secure cookie is
        // never sent back over http://, and one that is not Secure could leak over it.
        let https = base_url.starts_with("https://");
        let cookie_secure = match get("cookie_secure") {
            None => https,
            Some(text) => match parse_bool("cookie_secure", &text)? {
                secure if secure == https => secure,
                _ => {
                    return Err(bad(
                        "cookie_secure",
                        format!("follows base_url ({base_url}); leave it out, or set it to {https}"),
                    ));
                }
            },
        };
        let session_hours = parse_number("session_hours", &value("session_hours"), 1, 24 * 90)?;
        let due_soon_days = parse_number("due_soon_days", &value("due_soon_days"), 0, 60)?;
        let ranking_late_report_deduction =
            parse_number("ranking_late_report_deduction", &value("ranking_late_report_deduction"), 0, 100)?;
        let ranking_returned_deduction =
            parse_number("ranking_returned_deduction", &value("ranking_returned_deduction"), 0, 100)?;
        let upload_max_bytes = parse_number("upload_max_bytes", &value("upload_max_bytes"), 1024, 1 << 30)? as usize;
        let form_max_bytes = parse_number("form_max_bytes", &value("form_max_bytes"), 4096, 16 << 20)? as usize;
        let trusted_proxies = value("trusted_proxies")
            .split([',', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse::<IpRange>().map_err(|reason| bad("trusted_proxies", reason)))
            .collect::<Result<Vec<_>, _>>()?;
        let request_timeout_seconds =
            parse_number("request_timeout_seconds", &value("request_timeout_seconds"), 1, 24 * 60 * 60)?;
        let shutdown_grace = std::time::Duration::from_secs(
            parse_number("shutdown_grace_seconds", &value("shutdown_grace_seconds"), 0, 60 * 60)?
                .min(request_timeout_seconds)
                .unsigned_abs(),
        );

        let sweep_every = parse_interval("sweep_every", &value("sweep_every"))?;
        let send_rate = parse_number("send_rate", &value("send_rate"), 0, 100_000)? as u32;
        let send_connections = parse_number("send_connections", &value("send_connections"), 1, 256)? as u32;
        let digest_audiences = parse_audiences("digest_audiences", &value("digest_audiences"))?;
        let bundling = crate::domain::digest::Bundling {
            apart_a_day: parse_number("reminders_apart", &value("reminders_apart"), 0, 1000)?.unsigned_abs() as usize,
            bundle_every: parse_interval("reminders_bundle_every", &value("reminders_bundle_every"))?
                .and_then(|every| chrono::Duration::from_std(every).ok())
                .unwrap_or_else(chrono::Duration::zero),
        };
        let flood_season_end = parse_month_day("flood_season_end", &value("flood_season_end"))?;
        let instance_name = get("instance_name");
        if let Some(name) = &instance_name {
            let fits = name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
            if !fits {
                return Err(bad("instance_name", format!("{name:?} is not 1 to 64 of A-Z, a-z, 0-9, '.', '_', '-'")));
            }
        }
        let storage_url =
            get("storage_url").unwrap_or_else(|| format!("file://{}", data_dir.join("attachments").display()));
        let storage = StorageSettings::parse(
            "storage_url",
            &storage_url,
            get("storage_endpoint"),
            get("storage_region"),
            parse_bool("storage_virtual_hosted", &value("storage_virtual_hosted"))?,
        )?;

        Ok(Config {
            database_url,
            database_configured,
            data_dir,
            listen,
            base_url: base_url.trim_end_matches('/').to_owned(),
            time_zone,
            smtp_url,
            mail_from,
            cookie_secure,
            session_hours,
            due_soon_days,
            ranking_late_report_deduction,
            ranking_returned_deduction,
            upload_max_bytes,
            form_max_bytes,
            trusted_proxies,
            request_timeout_seconds,
            shutdown_grace,
            sweep_every,
            send_rate,
            send_connections,
            digest_audiences,
            bundling,
            flood_season_end,
            storage,
            instance_name,
        })
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    pub fn attachments_dir(&self) -> PathBuf {
        self.data_dir.join("attachments")
    }
}

/// The tables of a duban.toml as flat keys: `[storage] url = …` is the setting `storage_url`
/// (and `DUBAN_STORAGE_URL` in the environment).
fn flatten_tables(table: toml::Table) -> Vec<(String, toml::Value)> {
    let mut flat = Vec::new();
    for (key, value) in table {
        match value {
            toml::Value::Table(inner) => {
                flat.extend(inner.into_iter().map(|(k, v)| (format!("{key}_{k}"), v)));
            }
            other => flat.push((key, other)),
        }
    }
    flat
}

/// An SMTP URL the mail transport can be built from (scheme, host, port, `tls=` query), read
/// as the sender will read it, so that a typo stops the start and not the first e-mail.
fn check_smtp_url(url: &str) -> Result<(), ConfigError> {
    if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
        return Err(bad("smtp_url", "must start with smtp:// or smtps://"));
    }
    use lettre::{AsyncSmtpTransport, Tokio1Executor};
    AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map(|_| ())
        .map_err(|e| bad("smtp_url", format!("{} is not a usable SMTP URL: {e}", crate::app::redact(url))))
}

fn parse_bool(key: &str, text: &str) -> Result<bool, ConfigError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(bad(key, format!("{text:?} is not true or false"))),
    }
}

/// `30s`, `1m`, `2h` or a number of seconds; `0` or `off` for never.
/// Audiences by name, separated by commas or spaces; `none` for none.
fn parse_audiences(key: &str, text: &str) -> Result<Vec<crate::domain::vocabulary::Audience>, ConfigError> {
    let mut audiences = Vec::new();
    for name in text.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty() && *s != "none") {
        let audience = name.parse().map_err(|_| {
            let known: Vec<String> = crate::domain::vocabulary::Audience::ALL.iter().map(|a| a.to_string()).collect();
            bad(key, format!("{name:?} is not an audience (one of: {})", known.join(", ")))
        })?;
        if !audiences.contains(&audience) {
            audiences.push(audience);
        }
    }
    Ok(audiences)
}

fn parse_interval(key: &str, text: &str) -> Result<Option<std::time::Duration>, ConfigError> {
    let text = text.trim().to_ascii_lowercase();
    if text == "off" || text == "0" {
        return Ok(None);
    }
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text.as_str(), "s"),
    };
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => return Err(bad(key, format!("{text:?} is not an interval such as 30s, 1m or 2h, or off"))),
    };
    let n: u64 =
        number.parse().map_err(|_| bad(key, format!("{text:?} is not an interval such as 30s, 1m or 2h, or off")))?;
    let seconds = n.saturating_mul(scale);
    if !(1..=86_400).contains(&seconds) {
        return Err(bad(key, format!("{text:?} is outside 1s..=24h (or off)")));
    }
    Ok(Some(std::time::Duration::from_secs(seconds)))
}

/// "MM-DD", a day that exists in a leap year.
fn parse_month_day(key: &str, text: &str) -> Result<(u32, u32), ConfigError> {
    let reason = || bad(key, format!("{text:?} is not a month and day such as 09-30"));
    let (m, d) = text.trim().split_once('-').ok_or_else(reason)?;
    let (m, d): (u32, u32) = (m.parse().map_err(|_| reason())?, d.parse().map_err(|_| reason())?);
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d)).ok_or_else(reason)
}

fn parse_number(key: &str, text: &str, min: i64, max: i64) -> Result<i64, ConfigError> {
    let n: i64 = text.trim().parse().map_err(|_| bad(key, format!("{text:?} is not a whole number")))?;
    if !(min..=max).contains(&n) {
        return Err(bad(key, format!("{n} is outside {min}..={max}")));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env: BTreeMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Config::from_values(BTreeMap::new(), move |k| env.get(k).cloned())
    }

    #[test]
    fn defaults_need_no_configuration() {
        let config = with(&[]).expect("defaults are valid");
        assert_eq!(config.database_url, "sqlite://data/duban.db?mode=rwc");
        assert!(!config.database_configured);
        assert_eq!(config.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(config.time_zone, chrono_tz::Asia::Shanghai);
        assert_eq!(config.outbox_dir(), PathBuf::from("data/outbox"));
        assert!(config.smtp_url.is_none());
        assert_eq!(config.flood_season_end, (9, 30));
        assert_eq!(with(&[("flood_season_end", "10-15")]).expect("valid").flood_season_end, (10, 15));
        let err = with(&[("flood_season_end", "09-31")]).unwrap_err().to_string();
        assert_eq!(err, "configuration: flood_season_end: \"09-31\" is not a month and day such as 09-30");
    }

    #[test]
    fn digests_go_to_those_above_the_unit_by_default_and_can_be_named_or_turned_off() {
        use crate::domain::vocabulary::Audience::*;
        let default = with(&[]).expect("valid").digest_audiences;
        assert_eq!(default, vec![AssignerUnit, AssigneeParentHead, Secretariat, Leader]);
        assert_eq!(
            with(&[("digest_audiences", "leader, leader secretariat")]).expect("valid").digest_audiences,
            vec![Leader, Secretariat]
        );
        assert!(with(&[("digest_audiences", "none")]).expect("valid").digest_audiences.is_empty());
        let err = with(&[("digest_audiences", "mayor")]).unwrap_err().to_string();
        assert!(err.starts_with("configuration: digest_audiences: \"mayor\" is not an audience (one of: "), "{err}");
    }

    #[test]
    fn a_bad_setting_names_the_key_and_the_reason_in_one_line() {
        let err = with(&[("listen", "localhost")]).unwrap_err().to_string();
        assert_eq!(err, "configuration: listen: \"localhost\" is not an address and port such as 127.0.0.1:3000");
        let err = with(&[("time_zone", "Mars/Olympus")]).unwrap_err().to_string();
        assert!(err.starts_with("configuration: time_zone: "), "{err}");
        let err = with(&[("session_hours", "0")]).unwrap_err().to_string();
        assert_eq!(err, "configuration: session_hours: 0 is outside 1..=2160");
        assert!(!err.contains('\n'));
    }

    #[test]
    fn mail_settings_are_read_as_the_sender_reads_them() {
        assert!(with(&[("smtp_url", "smtp://mail.example.org:25"), ("mail_from", "督办 <duban@example.org>")]).is_ok());
        for url in ["smtp://", "smtp://mail.example.org:port", "smtp://mail.example.org:99999", "http://x"] {
            let err = with(&[("smtp_url", url)]).unwrap_err().to_string();
            assert!(err.starts_with("configuration: smtp_url: "), "{url}: {err}");
        }
        let err = with(&[("smtp_url", "smtp://user:secret@mail.example.org:port")]).unwrap_err().to_string();
        assert!(!err.contains("secret"), "the password stays out of the message: {err}");
        for from in ["Duban <duban@", "duban@example.org>", "nobody"] {
            let err = with(&[("mail_from", from)]).unwrap_err().to_string();
            assert!(err.starts_with("configuration: mail_from: "), "{from}: {err}");
        }
    }

    #[test]
    fn trusted_proxies_are_addresses_and_cidr_ranges() {
        let config = with(&[("trusted_proxies", "10.0.0.0/8, 192.168.1.7 ::1")]).expect("valid");
        let trusted = |a: &str| config.trusted_proxies.iter().any(|r| r.contains(a.parse().expect("address")));
        assert!(trusted("10.200.3.4") && trusted("192.168.1.7") && trusted("::1") && trusted("::ffff:10.1.1.1"));
        assert!(!trusted("11.0.0.1") && !trusted("192.168.1.8") && !trusted("::2"));
        assert!(with(&[]).expect("defaults").trusted_proxies.is_empty(), "nobody is trusted by default");
        let err = with(&[("trusted_proxies", "10.0.0.0/33")]).unwrap_err().to_string();
        assert!(err.starts_with("configuration: trusted_proxies: "), "{err}");
    }

    #[test]
    fn the_send_rate_is_a_whole_number_of_messages_a_second_or_no_limit() {
        assert_eq!(with(&[]).expect("defaults").send_rate, 100);
        assert_eq!(with(&[("send_rate", "0")]).expect("no limit").send_rate, 0);
        assert_eq!(with(&[("send_rate", "2500")]).expect("valid").send_rate, 2500);
        for wrong in ["-1", "fast", "1.5"] {
            let err = with(&[("send_rate", wrong)]).unwrap_err().to_string();
            assert!(err.starts_with("configuration: send_rate: "), "{wrong}: {err}");
        }
    }

    #[test]
    fn the_sweep_interval_has_a_unit_or_is_off() {
        assert_eq!(with(&[]).expect("defaults").sweep_every, Some(std::time::Duration::from_secs(60)));
        assert_eq!(
            with(&[("sweep_every", "30s")]).expect("valid").sweep_every,
            Some(std::time::Duration::from_secs(30))
        );
        assert_eq!(
            with(&[("sweep_every", "2h")]).expect("valid").sweep_every,
            Some(std::time::Duration::from_secs(7200))
        );
        assert_eq!(with(&[("sweep_every", "off")]).expect("valid").sweep_every, None);
        let err = with(&[("sweep_every", "soon")]).unwrap_err().to_string();
        assert!(err.starts_with("configuration: sweep_every: "), "{err}");
    }

    #[test]
    fn session_cookies_are_secure_exactly_when_base_url_is_https() {
        assert!(!with(&[]).expect("defaults").cookie_secure, "http://127.0.0.1:3000 by default");
        assert!(with(&[("base_url", "https://duban.example")]).expect("valid").cookie_secure);
        assert!(!with(&[("base_url", "http://duban.example")]).expect("valid").cookie_secure);
        let agreeing = [("base_url", "https://duban.example"), ("cookie_secure", "true")];
        assert!(with(&agreeing).expect("valid").cookie_secure);
        for (base_url, secure) in [("http://duban.example", "true"), ("https://duban.example", "false")] {
            let err = with(&[("base_url", base_url), ("cookie_secure", secure)]).unwrap_err().to_string();
            assert!(err.starts_with("configuration: cookie_secure: follows base_url"), "{err}");
        }
    }

    #[test]
    fn storage_is_a_folder_under_the_data_dir_unless_a_url_says_otherwise() {
        let config = with(&[]).expect("defaults");
        assert_eq!(config.storage.location, StorageLocation::Folder(PathBuf::from("data/attachments")));
        let config = with(&[
            ("storage_url", "s3://duban-evidence/jiangxi/prod"),
            ("storage_endpoint", "http://127.0.0.1:9000"),
            ("storage_virtual_hosted", "false"),
        ])
        .expect("valid");
        assert_eq!(
            config.storage.location,
            StorageLocation::S3 { bucket: "duban-evidence".into(), prefix: "jiangxi/prod".into() }
        );
        assert_eq!(config.storage.url(), "s3://duban-evidence/jiangxi/prod");
        assert_eq!(config.storage.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        for (key, value) in [
            ("storage_url", "ftp://x/y"),
            ("storage_url", "s3://A_Bucket"),
            ("storage_url", "s3://bucket/../up"),
            ("storage_url", "file://"),
        ] {
            let err = with(&[(key, value)]).unwrap_err().to_string();
            assert!(err.starts_with("configuration: storage_url: "), "{value}: {err}");
        }
        let err = with(&[("storage_url", "s3://bucket"), ("storage_endpoint", "127.0.0.1:9000")]).unwrap_err();
        assert!(err.to_string().starts_with("configuration: storage_endpoint: "), "{err}");
    }

    #[test]
    fn a_storage_table_in_the_file_is_read_as_storage_keys() {
        let table: toml::Table =
            "listen = \"127.0.0.1:4000\"\n[storage]\nurl = \"s3://b-1/p\"\nregion = \"cn-north-1\"\n"
                .parse()
                .expect("toml");
        let keys: Vec<String> = flatten_tables(table).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["listen", "storage_region", "storage_url"]);
    }

    #[test]
    fn a_chosen_database_is_marked_configured() {
        let config = with(&[("database_url", "postgres://postgres@127.0.0.1/duban")]).expect("valid");
        assert!(config.database_configured);
        assert!(with(&[("database_url", "mysql://x")]).is_err());
    }
}
