//! Builds the application on a given listener: connect, migrate, install defaults, load the
//! demo on a first start with no configuration, serve until told to stop.

use std::{future::Future, sync::Arc};

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
/// true; a configured database starts empty.
pub async fn prepare(config: Config, clock: Arc<dyn Clock>) -> Result<Ctx, StartError> {
    let db_err = |source| StartError::Database { url: redact(&config.database_url), source };
    let db = database::connect(&config.database_url).await.map_err(db_err)?;
    database::migrate(&db).await.map_err(db_err)?;
    let reads = database::connect_reads(&config.database_url, &db).await.map_err(db_err)?;
    let ctx = Ctx::with_reads(db, reads, config, clock);
    services::setup::install_defaults(&ctx).await?;
    if !ctx.config.database_configured && services::demo::seed(&ctx).await? == services::demo::Seeded::Loaded {
        tracing::info!("first start on the embedded database: loaded the demo data");
    }
    Ok(ctx)
}

pub fn state(ctx: Ctx) -> Result<AppState, StartError> {
    Ok(AppState { ctx, templates: Arc::new(web::templates()?) })
}

/// Serves on `listener` until `shutdown` resolves, then finishes the requests in flight. Beside
/// the requests, every `sweep_every` the escalation sweep and the outbox sender run; on
/// shutdown the step in progress finishes and no new one starts.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop, stopped) = tokio::sync::watch::channel(false);
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
                let _ = stop.send(true);
            })
            .await;
    if let Some(jobs) = jobs {
        let _ = jobs.await;
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
