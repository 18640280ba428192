//! The only code that talks to the database, and a private module of `services` (declared
//! there): only a use case can call it. Functions take any `ConnectionTrait`, so a service runs
//! several of them inside one transaction; they write what they are told and decide nothing
//! (who sees what is `visibility`, the timing rules' SQL is `timing`, both the domain's rules).

pub mod audit;
pub mod auth;
pub mod backup;
pub mod bench;
pub mod blobs;
pub mod bulk;
pub mod bulletins;
pub mod calendar;
pub mod calendar_feeds;
pub mod crossings;
pub mod department_names;
pub mod directives;
pub mod documents;
pub mod escalation;
pub mod evidence;
pub mod extensions;
pub mod gauges;
pub mod instructions;
pub mod keyword_rules;
pub mod meetings;
pub mod notifications;
pub mod pending;
pub mod reminders;
pub mod reports;
pub mod robots;
pub mod rollups;
pub mod search;
mod searching;
pub mod secrets;
pub mod tasks;
pub mod timing;
pub mod units;
pub mod users;
pub mod visibility;

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("stored JSON is malformed: {0}")]
    Json(#[from] serde_json::Error),
    /// A row would break a rule the database holds ("at most one …"): the id of the message
    /// saying which (`error-duplicate-…`).
    #[error("a row breaks a unique rule: {0}")]
    Duplicate(&'static str),
    /// A file could not be read or written; the message names the file.
    #[error("{0}")]
    File(String),
}

/// The error of an insert or update: a unique index refusing the row becomes `Duplicate`
/// naming `rule`, so that the service can answer as for a check that saw the other row.
pub(crate) fn unless_duplicate(err: DbErr, rule: &'static str) -> StoreError {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::Duplicate(rule),
        _ => StoreError::Db(err),
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Whether `err` says the database cannot be reached now (no connection could be made or
/// taken from the pool, or the one in use broke), as opposed to a query the database
/// refused: an outage to wait out, not a bug.
pub fn is_outage(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e)) | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e)) => {
            matches!(
                e.as_ref(),
                Sqlx::Io(_) | Sqlx::Tls(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed
            )
        }
        _ => false,
    }
}

/// Typed ids bind as the integers the columns hold: the store is where they meet the rows.
macro_rules! bind_ids {
    ($($id:ident),+) => {$(
        impl From<crate::domain::ids::$id> for sea_orm::Value {
            fn from(id: crate::domain::ids::$id) -> Self {
                sea_orm::Value::BigInt(Some(id.0))
            }
        }
    )+};
}
bind_ids!(TaskId, UnitId, UserId, DirectiveId, MeetingId, ExtensionId, FileId, ReportId, NotificationId);

/// Writes SQL with the placeholder style of the connected database.
pub(crate) struct Sql {
    backend: sea_orm::DbBackend,
    text: String,
    values: Vec<sea_orm::Value>,
}

impl Sql {
    pub(crate) fn new(backend: sea_orm::DbBackend) -> Self {
        Sql { backend, text: String::new(), values: Vec::new() }
    }

    pub(crate) fn backend(&self) -> sea_orm::DbBackend {
        self.backend
    }

    pub(crate) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    pub(crate) fn bind(&mut self, value: impl Into<sea_orm::Value>) -> &mut Self {
        self.values.push(value.into());
        match self.backend {
            sea_orm::DbBackend::Postgres => self.text.push_str(&format!("${}", self.values.len())),
            _ => self.text.push('?'),
        }
        self
    }

    /// The values, bound one after another and separated by commas: what goes between the
    /// parentheses of an `IN (…)`.
    pub(crate) fn bind_list<V: Into<sea_orm::Value> + Clone>(&mut self, values: &[V]) -> &mut Self {
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(value.clone());
        }
        self
    }

    pub(crate) fn statement(self) -> sea_orm::Statement {
        sea_orm::Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// Opens the database. SQLite gets WAL, foreign keys, a busy timeout and a single writer
/// connection (SQLite serialises writers anyway; one connection avoids SQLITE_BUSY between
/// our own requests). The folder of the SQLite file is created.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    statement_logging(&mut options).acquire_timeout(Duration::from_secs(30));
    if url.starts_with("sqlite:") {
        if let Some(path) = sqlite_file(url)
            && let Some(dir) = std::path::Path::new(&path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
        }
        options.max_connections(1).map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .create_if_missing(true)
        });
    } else {
        // No JIT: the list queries' recursive parts are estimated far above what they read,
        // and compiling them cost ten times the query (300 ms against 38 ms for a county).
        // Random reads priced as the cached or solid-state storage a database server has today,
        // not a spinning disk's (the default 4): a city's tasks, 9 % of the table, were read
        // by scanning all of it (258 ms) rather than through the index by unit (125 ms).
        let plain = on_this_machine_without_sslmode(url);
        options.max_connections(16).map_sqlx_postgres_opts(move |opts| {
            let opts = opts.options([("jit", "off"), ("random_page_cost", "1.1")]);
            // To a server on this machine, TLS protects nothing and its handshake costs about
            // 200 ms per connection (libpq's default, `prefer`, tries it first). A URL that
            // names its own sslmode, or another host, keeps the default.
            if plain { opts.ssl_mode(sea_orm::sqlx::postgres::PgSslMode::Disable) } else { opts }
        });
    }
    Database::connect(options).await
}

/// Every statement is logged at debug (`DUBAN_LOG=info,sqlx=debug` shows each with its time); one
/// that takes longer than a second is logged as a warning with its SQL, whatever the level.
fn statement_logging(options: &mut ConnectOptions) -> &mut ConnectOptions {
    options
        .sqlx_logging(true)
        .sqlx_logging_level(log::LevelFilter::Debug)
        .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, Duration::from_secs(1))
}

/// The connections for reads outside a transaction. On a SQLite file: a pool of query-only
/// connections, so that lists and dashboards do not queue behind the one writer (in WAL mode
/// a reader sees every transaction committed before it began). On PostgreSQL, or SQLite in
/// memory (where another connection would open another database), the writer's own pool.
pub async fn connect_reads(url: &str, writer: &DatabaseConnection) -> Result<DatabaseConnection, DbErr> {
    if !url.starts_with("sqlite:") || sqlite_file(url).is_none() || url.contains("mode=memory") {
        return Ok(writer.clone());
    }
    let mut options = ConnectOptions::new(url.to_owned());
    let readers = std::thread::available_parallelism().map_or(4, |n| n.get().clamp(2, 8)) as u32;
    statement_logging(&mut options)
        .acquire_timeout(Duration::from_secs(30))
        .max_connections(readers)
        .min_connections(1);
    options.map_sqlx_sqlite_opts(|opts| {
        // Not opened read-only: a read-only connection cannot take its read mark in the WAL
        // index and waits out busy retries while the writer commits (reads slowed to a second
        // under eight writers). query_only refuses writes all the same.
        opts.busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            .create_if_missing(false)
            .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
            .pragma("query_only", "ON")
    });
    Database::connect(options).await
}

/// True for a PostgreSQL URL to a loopback address or a local socket that does not say which
/// sslmode it wants (nor does PGSSLMODE).
fn on_this_machine_without_sslmode(url: &str) -> bool {
    if url.contains("sslmode=") || std::env::var_os("PGSSLMODE").is_some() {
        return false;
    }
    let Some(rest) = url.strip_prefix("postgres://").or_else(|| url.strip_prefix("postgresql://")) else {
        return false;
    };
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    // A host given as a parameter is a socket folder when it is a path.
    let named_host =
        rest.split('?').nth(1).into_iter().flat_map(|q| q.split('&')).find_map(|p| p.strip_prefix("host="));
    if let Some(named) = named_host {
        return named.starts_with('/') || named.starts_with("%2F") || named.starts_with("%2f");
    }
    matches!(host, "" | "localhost" | "::1") || host.starts_with("127.")
}

/// The file path of a `sqlite://PATH?…` URL, if it names a file.
fn sqlite_file(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
}

/// Brings the schema up to date; safe to run on every start.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// True when the database answers a trivial query.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

#[cfg(test)]
mod tests {
    use super::on_this_machine_without_sslmode as plain;

    #[test]
    fn tls_is_left_out_only_for_this_machine_and_only_when_the_url_is_silent_about_it() {
        assert!(plain("postgres://postgres@127.0.0.1:5432/duban"));
        assert!(plain("postgres://u:p@localhost/duban"));
        assert!(plain("postgresql://[::1]:5432/duban"));
        assert!(plain("postgres:///duban?host=/var/run/postgresql"));
        assert!(!plain("postgres://postgres@127.0.0.1:5432/duban?sslmode=require"));
        assert!(!plain("postgres://db.example.org/duban"));
        assert!(!plain("postgres://u:p@10.0.0.5:5432/duban"));
        assert!(!plain("postgres:///duban?host=db.example.org"));
        assert!(!plain("sqlite://duban.db"));
    }
}
