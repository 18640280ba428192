//! Builds the application on a given listener: connect, migrate, install defaults, load the
//! demo on a first start with no configuration, serve until told to stop.

use std::{
    future::{Future, IntoFuture},
    sync::Arc,
};

use tokio::net::TcpListener;

use crate::{
    clock::Clock,
    config::Config,
    jobs,
    mail::Mailer,
    services::{self, Ctx, database},
    web::{self, AppState},
};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database {url}: {source}")]
    Database { url: String, source: sea_orm::DbErr },
    #[error("setting up the database: {0}")]
    Setup(#[from] services::ServiceError),
    #[error("templates: {0}")]
    Templates(#[from] handlebars::TemplateError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Connects and migrates. When the database was not configured (the embedded default), an
/// empty database is also given the demo data so that a first `cargo run` shows something
/// true (a database that already holds units, e.g. from `seed --scale`, is left as it is); a
/// configured database starts empty.
pub async fn prepare(config: Config, clock: Arc<dyn Clock>) -> Result<Ctx, StartError> {
    let db_err = |source| StartError::Database { url: redact(&config.database_url), source };
    let db = database::connect(&config.database_url).await.map_err(db_err)?;
    database::migrate(&db).await.map_err(db_err)?;
    let reads = database::connect_reads(&config.database_url, &db).await.map_err(db_err)?;
    let ctx = Ctx::with_reads(db, reads, config, clock);
    services::setup::install_defaults(&ctx).await?;
    if !ctx.config.database_configured && services::demo::seed_if_empty(&ctx).await? == services::demo::Seeded::Loaded {
        tracing::info!("first start on the embedded database: loaded the demo data");
    }
    Ok(ctx)
}

pub fn state(ctx: Ctx) -> Result<AppState, StartError> {
    Ok(AppState { ctx, templates: Arc::new(web::templates()?) })
}

/// Serves on `listener` until `shutdown` resolves, then lets the requests in flight finish.
/// Beside the requests, every `sweep_every` the escalation sweep and the outbox sender run; on
/// shutdown the step in progress finishes and no new one starts. Whatever has not finished
/// `shutdown_grace` after the signal (a request stuck on a slow client, a long page, a long
/// step) is cancelled, so that a stop always ends: a cancelled step's transaction rolls back
/// and its leases lapse for the next run.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let grace = state.ctx.config.shutdown_grace;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    // When the signal came: every wait below ends `grace` after it.
    let (signalled, mut signal_time) = tokio::sync::watch::channel(None::<tokio::time::Instant>);
    let jobs = match state.ctx.config.sweep_every {
        Some(every) => {
            let mailer = Mailer::from_config(&state.ctx.config).map_err(|e| std::io::Error::other(e.to_string()))?;
            Some(tokio::spawn(jobs::run(state.ctx.clone(), mailer, every, stopped)))
        }
        None => None,
    };
    let served =
        axum::serve(listener, web::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
            .with_graceful_shutdown(async move {
                shutdown.await;
                let _ = signalled.send(Some(tokio::time::Instant::now()));
                let _ = stop.send(true);
            })
            .into_future();
    let mut deadline = signal_time.clone();
    let out_of_grace = async move {
        match deadline.wait_for(Option::is_some).await.map(|at| *at) {
            Ok(Some(at)) => tokio::time::sleep_until(at + grace).await,
            // The server ended without a signal: it answers for itself.
            _ => std::future::pending().await,
        }
    };
    let served = tokio::select! {
        biased;
        served = served => served,
        () = out_of_grace => {
            tracing::warn!(grace_seconds = grace.as_secs(), "stopping: requests still in flight were cancelled");
            Ok(())
        }
    };
    if let Some(mut jobs) = jobs {
        let at = signal_time.borrow_and_update().unwrap_or_else(tokio::time::Instant::now);
        if tokio::time::timeout_at(at + grace, &mut jobs).await.is_err() {
            tracing::warn!(grace_seconds = grace.as_secs(), "stopping: the background step in progress was cancelled");
            jobs.abort();
            let _ = jobs.await;
        }
    }
    served
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!("{}://{}:***{}", &url[..scheme], &credentials[..colon], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
