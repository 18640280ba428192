//! The `duban` command line: serve, migrate, seed, user, units, backup, restore, draft, bench,
//! calendar, escalate, outbox, storage, audit.

mod cli;

use std::{path::PathBuf, process::ExitCode, sync::Arc};

use clap::{Parser, Subcommand};
use duban::{
    app,
    clock::{Clock, SystemClock},
    config::Config,
    domain::{
        drafting,
        vocabulary::{Locale, Role},
    },
    services::{self, Ctx, ServiceError, accounts, setup::UserInput},
};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "duban",
    version,
    about = "Duban (督办): turns meeting directives into tasks, passes them down an organisation and follows them until they are done"
)]
struct Cli {
    /// A TOML configuration file (default: ./duban.toml if present). DUBAN_* variables override it.
    #[arg(long, global = true, env = "DUBAN_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web pages and the JSON API (the default when no subcommand is given).
    Serve,
    /// Create or update the database schema, then install the default keyword rules and escalation policy.
    Migrate,
    /// Load data into the database.
    Seed {
        /// The demo organisation (Jiangxi, Jiujiang) and the November 17, 2023 conference. Running it twice changes nothing.
        #[arg(long)]
        demo: bool,
        /// A province-scale data set on an empty database: about 5,000 units over four levels, accounts as the
        /// demo makes them, and at least N tasks over directives, states and deadlines, split two and three levels deep.
        #[arg(long, value_name = "N", conflicts_with = "demo")]
        scale: Option<u64>,
    },
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage the unit tree.
    Units {
        #[command(subcommand)]
        command: UnitsCommand,
    },
    /// Copy the SQLite database (while Duban serves) to FILE and the evidence files (from the configured store) to
    /// FILE.attachments/.
    /// For PostgreSQL use pg_dump.
    Backup {
        /// Where the database copy goes; must not exist yet.
        file: PathBuf,
    },
    /// Put a backup made by `duban backup` back: FILE.attachments/ into the configured store, FILE as the database.
    /// Stop `duban serve` first.
    Restore {
        /// The database copy that `duban backup` wrote.
        file: PathBuf,
        /// Replace a database that already holds an organisation.
        #[arg(long)]
        force: bool,
    },
    /// Time the rollups and the lists over this database (fill it first with `duban seed --scale N`).
    Bench {
        /// How many times each read is repeated (each kind stops after a minute regardless).
        #[arg(long, default_value_t = 200)]
        rounds: usize,
        /// Instead of the reads: progress reports over HTTP at 1 and 8 clients beside the same rows
        /// by plain SQL, and a task read beside /healthz (writes reports: use a copy of a database).
        #[arg(long)]
        writes: bool,
        /// How long each series of --writes runs, and the mix of --pages, in seconds.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// With --writes or --pages: load this running server (host:port of a `duban serve` on
        /// the same database) instead of serving the app in this process.
        #[arg(long)]
        server: Option<std::net::SocketAddr>,
        /// Instead of the reads: every page of each persona of a `seed --scale` province over
        /// HTTP (--rounds times each), with the sweep off and then running against a loopback
        /// SMTP sink, then the Monday-morning mix (writes: use a copy of a database).
        #[arg(long, conflicts_with = "writes")]
        pages: bool,
        /// With --pages: how long one page's series may run, in seconds, before it stops.
        #[arg(long, default_value_t = 10)]
        budget: u64,
        /// With --pages: the mix's browsing sessions.
        #[arg(long, default_value_t = 200)]
        sessions: usize,
        /// With --pages: the mix's writers reporting progress.
        #[arg(long, default_value_t = 20)]
        writers: usize,
        /// With --pages: the Monday-morning mix alone, without the pages' series.
        #[arg(long, requires = "pages")]
        mix_only: bool,
    },
    /// The working-day calendar.
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Sweep for the reminders and escalations that are due, then send the outbox. With --once, one
    /// step for cron; without, every sweep_every until stopped: the background worker of a large
    /// deployment, beside `serve` instances that have sweep_every = off.
    #[command(visible_alias = "worker")]
    Escalate {
        #[arg(long)]
        once: bool,
    },
    /// The outbox: how many messages stand in each status, and those pending, failed or dead.
    Outbox {
        #[command(subcommand)]
        command: Option<OutboxCommand>,
    },
    /// The store of evidence files: verify it against the rows, remove what no row names, move it.
    Storage {
        #[command(subcommand)]
        command: cli::storage::StorageCommand,
    },
    /// The audit trail's hash chain: verify it, export it, verify an export.
    Audit {
        #[command(subcommand)]
        command: cli::audit::AuditCommand,
    },
    /// Print the OpenAPI 3.1 document of the JSON API (the same one served at /api/openapi.json).
    Openapi,
    /// Print the draft directives Duban proposes for a minutes file (Chinese or English).
    Draft {
        /// The minutes, as a UTF-8 text file.
        #[arg(required_unless_present_any = ["score", "learned"])]
        file: Option<PathBuf>,
        /// The meeting date (YYYY-MM-DD) that relative deadlines such as "before June 15" count from; default the
        /// date line of the minutes ("6月3日上午", "On the morning of June 3"), else today.
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        /// Score drafting on a folder of minutes with expectation files (NAME.txt and NAME.expected.tsv, as in
        /// tests/fixtures/minutes) and print the table.
        #[arg(long, value_name = "DIR", conflicts_with_all = ["file", "date", "json", "learned"])]
        score: Option<PathBuf>,
        /// List the corrections the secretariat made most often to drafted directives (another category, or the
        /// lead given to another line of work) as candidate keyword rules for an admin to accept.
        #[arg(long, conflicts_with_all = ["file", "date", "json"])]
        learned: bool,
        /// Print JSON instead of readable text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from standard input. On a database with no units yet,
    /// adding an admin also creates the root unit named by --unit.
    Add {
        username: String,
        /// The key of the user's unit (e.g. jj-yj).
        #[arg(long)]
        unit: String,
        /// secretariat, officer, leader or admin.
        #[arg(long)]
        role: Role,
        #[arg(long)]
        email: String,
        /// The name shown to others (default: the username).
        #[arg(long)]
        name: Option<String>,
        /// zh or en.
        #[arg(long, default_value = "zh")]
        locale: Locale,
        /// The Chinese name of the root unit, when this creates it.
        #[arg(long, default_value = "")]
        unit_name_zh: String,
        /// The English name of the root unit, when this creates it.
        #[arg(long, default_value = "")]
        unit_name_en: String,
    },
    /// Set a user's password (read from standard input) and end their sessions.
    Passwd { username: String },
    /// List users with their role and unit.
    List,
}

#[derive(Subcommand)]
enum OutboxCommand {
    /// Put failed and dead messages back in line for the next send, their attempts counted
    /// afresh (after a mail outage). Audited; prints how many.
    Retry {
        /// failed or dead; both as `--status failed,dead`.
        #[arg(long, value_delimiter = ',', default_value = "dead")]
        status: Vec<duban::domain::vocabulary::NotificationStatus>,
        /// Only messages queued from then: a day (YYYY-MM-DD, from its start in the configured
        /// time zone) or an instant (RFC 3339).
        #[arg(long)]
        from: Option<String>,
        /// Only messages queued until then: a day (to its end) or an instant.
        #[arg(long)]
        to: Option<String>,
    },
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// Load holidays and make-up working days from a CSV file with the header day,kind,name
    /// (e.g. assets/calendar/cn-2026.csv), or from an iCalendar file (.ics) of a public holiday
    /// calendar (see the README's "Working days"). All or nothing; running it twice changes nothing.
    Import { file: PathBuf },
}

#[derive(Subcommand)]
enum UnitsCommand {
    /// Bring the unit tree to what a CSV file says (the format of assets/demo/units.csv), matching
    /// units by key. All or nothing; running it twice changes nothing.
    Import { file: PathBuf },
}

/// One line of standard input, without its line ending; prompts when a person is typing.
fn read_password() -> Result<String, String> {
    use std::io::{BufRead, IsTerminal, Write};
    if std::io::stdin().is_terminal() {
        eprint!("Password (at least 8 characters): ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("reading the password: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("DUBAN_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("duban: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Draft { file, date, json, score, learned: false } = &command {
        if let Some(dir) = score {
            print!("{}", cli::draft::score_dir(dir)?);
            return Ok(());
        }
        return match file {
            Some(file) => {
                let config = Config::load(cli.config.clone()).map_err(|e| e.to_string())?;
                draft(file, *date, *json, config.flood_season_end)
            }
            None => Err("name a minutes file, or --score DIR".to_string()),
        };
    }
    // An export is checked alone: no configuration, no database.
    if let Command::Audit { command: cli::audit::AuditCommand::Verify { file: Some(file) } } = &command {
        return cli::audit::verify_file(file);
    }
    if let Command::Openapi = command {
        let document = duban::web::api::document().to_pretty_json().map_err(|e| e.to_string())?;
        println!("{document}");
        return Ok(());
    }
    let config_file = cli.config.clone();
    let config = Config::load(cli.config).map_err(|e| e.to_string())?;
    services::storage::check(&config)?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match command {
        Command::Serve => {
            // Every setting was checked when it was read; the port is taken next, so that a
            // port in use stops the start before any database is created, migrated or seeded.
            let listen = config.listen;
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .map_err(|e| format!("configuration: listen: cannot listen on {listen}: {e}"))?;
            let ctx = app::prepare(config, clock).await.map_err(|e| e.to_string())?;
            let state = app::state(ctx).map_err(|e| e.to_string())?;
            tracing::info!("Duban is serving on http://{listen}");
            app::serve(listener, state, shutdown_signal()).await.map_err(|e| e.to_string())
        }
        Command::Migrate => {
            let ctx = Ctx::new(migrated(&config).await?, config, clock);
            services::setup::install_defaults(&ctx).await.map_err(explain)?;
            println!("the database schema is up to date");
            Ok(())
        }
        Command::Seed { scale: Some(tasks), .. } => {
            let ctx = Ctx::new(migrated(&config).await?, config, clock);
            services::setup::install_defaults(&ctx).await.map_err(explain)?;
            cli::seed::scale(&ctx, tasks).await
        }
        Command::Seed { demo, scale: None } => {
            if !demo {
                return Err("say what to seed: duban seed --demo, or duban seed --scale N".into());
            }
            let ctx = Ctx::new(migrated(&config).await?, config, clock);
            services::setup::install_defaults(&ctx).await.map_err(explain)?;
            match services::demo::seed(&ctx).await.map_err(explain)? {
                services::demo::Seeded::Loaded => {
                    println!("loaded the demo data (password of every demo account: {})", services::demo::DEMO_PASSWORD)
                }
                services::demo::Seeded::AlreadyPresent => println!("the demo data is already there; nothing changed"),
            }
            Ok(())
        }
        Command::User { command } => user(config, clock, command).await,
        Command::Bench { rounds, writes, seconds, server, pages, budget, sessions, writers, mix_only } => {
            let ctx = app::prepare(config, clock).await.map_err(|e| e.to_string())?;
            if pages {
                let options = cli::bench_pages::Options {
                    rounds,
                    budget: std::time::Duration::from_secs(budget),
                    sessions,
                    writers,
                    mix_length: std::time::Duration::from_secs(seconds),
                    server,
                    mix_only,
                };
                cli::bench_pages::run(ctx, options).await
            } else if writes {
                cli::bench_writes::run(ctx, seconds, server).await
            } else {
                cli::bench::run(ctx, rounds).await
            }
        }
        Command::Units { command: UnitsCommand::Import { file } } => {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let ctx = Ctx::new(migrated(&config).await?, config, clock);
            let plan = services::units_import::import(&ctx, &text).await.map_err(|e| match &e {
                ServiceError::Invalid { .. } => {
                    format!("{} is refused; nothing changed:\n{}", file.display(), english_reason(&e))
                }
                _ => explain(e),
            })?;
            print!("{}", cli::units::render_import(&plan));
            Ok(())
        }
        Command::Backup { file } => {
            let copied = services::backup::backup(&config, &file).await.map_err(explain)?;
            println!(
                "backed up the database to {} and {} evidence files to {}",
                copied.database.display(),
                copied.files,
                copied.files_dir.display()
            );
            Ok(())
        }
        Command::Restore { file, force } => {
            let copied = services::backup::restore(&config, &file, force).await.map_err(explain)?;
            println!(
                "restored the database {} and {} evidence files from {}",
                copied.database.display(),
                copied.files,
                copied.files_dir.display()
            );
            Ok(())
        }
        Command::Calendar { command: CalendarCommand::Import { file } } => {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let named_ics = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("ics"));
            if named_ics && !duban::domain::ical::is_ics(&text) {
                return Err(format!(
                    "{} is refused; nothing changed:\nan .ics file must begin with BEGIN:VCALENDAR",
                    file.display()
                ));
            }
            let db = migrated(&config).await?;
            let ctx = Ctx::new(db, config, clock);
            let imported = services::calendar::import(&ctx, &text).await.map_err(|e| match &e {
                ServiceError::Invalid { .. } => {
                    format!("{} is refused; nothing changed:\n{}", file.display(), english_reason(&e))
                }
                _ => explain(e),
            })?;
            println!(
                "{}: {} days added, {} changed, {} as they were",
                file.display(),
                imported.added,
                imported.changed,
                imported.unchanged
            );
            Ok(())
        }
        Command::Escalate { once } => {
            let db = migrated(&config).await?;
            let mailer = duban::mail::Mailer::from_config(&config).map_err(|e| e.to_string())?;
            let every = config.sweep_every.unwrap_or(std::time::Duration::from_secs(60));
            let ctx = Ctx::new(db, config, clock);
            if once {
                let report = duban::jobs::step(&ctx, &mailer, &duban::jobs::worker_name()).await.map_err(explain)?;
                print!("{}", cli::outbox::render_step(&report));
                return Ok(());
            }
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let jobs = tokio::spawn(duban::jobs::run(ctx, mailer, every, stopped));
            shutdown_signal().await;
            let _ = stop.send(true);
            jobs.await.map_err(|e| e.to_string())
        }
        Command::Outbox { command: None } => {
            let db = migrated(&config).await?;
            let ctx = Ctx::new(db, config, clock);
            let outbox = services::outbox::read(&ctx, 200).await.map_err(explain)?;
            print!("{}", cli::outbox::render_outbox(&outbox));
            Ok(())
        }
        Command::Outbox { command: Some(OutboxCommand::Retry { status, from, to }) } => {
            let zone = config.time_zone;
            let from = from.map(|text| cli::outbox::instant("--from", &text, zone, false)).transpose()?;
            let to = to.map(|text| cli::outbox::instant("--to", &text, zone, true)).transpose()?;
            let db = migrated(&config).await?;
            let ctx = Ctx::new(db, config, clock);
            let request = services::outbox::RetryRequest { statuses: status, from, to };
            let retried = services::outbox::retry_many_as_operator(&ctx, request).await.map_err(explain)?;
            println!("put {} messages back in line for the next send", retried.count());
            Ok(())
        }
        Command::Draft { .. } => {
            let db = migrated(&config).await?;
            let ctx = Ctx::new(db, config, clock);
            let candidates = services::drafts::learned_rules(&ctx, 20).await.map_err(explain)?;
            print!("{}", cli::draft::render_learned(&candidates));
            Ok(())
        }
        Command::Audit { command } => {
            let ctx = Ctx::new(migrated(&config).await?, config, clock);
            match command {
                cli::audit::AuditCommand::Verify { .. } => cli::audit::verify(&ctx).await,
                cli::audit::AuditCommand::Export { from, to, file } => {
                    cli::audit::export(&ctx, from.as_deref(), to.as_deref(), &file).await
                }
            }
        }
        Command::Storage { command } => {
            let ctx = Ctx::new(migrated(&config).await?, config, clock);
            cli::storage::run(&ctx, command, config_file).await
        }
        Command::Openapi => unreachable!("handled above"),
    }
}

/// A refusal's reason alone, in English.
fn english_reason(err: &ServiceError) -> String {
    let full = duban::web::english(err);
    match err.field() {
        Some(field) => full.strip_prefix(&format!("{field}: ")).unwrap_or(&full).to_owned(),
        None => full,
    }
}

/// A service error as one line for a person at the command line: what a server would log for
/// an internal error (a file or database problem is theirs to fix here), the reason otherwise.
fn explain(err: ServiceError) -> String {
    match err {
        ServiceError::Internal(cause) | ServiceError::Unavailable(cause) => cause.to_string(),
        ServiceError::Template(cause) => cause.to_string(),
        ServiceError::Files(cause) => cause.to_string(),
        other => duban::web::english(&other),
    }
}

/// The configured database, its schema brought up to date.
async fn migrated(config: &Config) -> Result<sea_orm::DatabaseConnection, String> {
    let db = services::database::connect(&config.database_url).await.map_err(|e| format!("database: {e}"))?;
    services::database::migrate(&db).await.map_err(|e| format!("migrating: {e}"))?;
    Ok(db)
}

async fn user(config: Config, clock: Arc<dyn Clock>, command: UserCommand) -> Result<(), String> {
    let db = migrated(&config).await?;
    let ctx = Ctx::new(db, config, clock);
    match command {
        UserCommand::Add { username, unit, role, email, name, locale, unit_name_zh, unit_name_en } => {
            let password = read_password()?;
            let (user, created) = accounts::add(
                &ctx,
                accounts::NewAccount {
                    user: UserInput {
                        display_name: name.unwrap_or_else(|| username.clone()),
                        username,
                        email,
                        role,
                        unit_key: unit,
                        locale,
                    },
                    password,
                    first_unit_names: (unit_name_zh, unit_name_en),
                },
            )
            .await
            .map_err(explain)?;
            if let Some(unit) = created {
                println!("created the root unit {} ({})", unit.key, unit.name_en);
            }
            println!("added {} ({}) to unit {}", user.username, user.role, user.unit_id);
        }
        UserCommand::Passwd { username } => {
            let password = read_password()?;
            let (user, ended) = accounts::set_password(&ctx, &username, &password).await.map_err(explain)?;
            println!(
                "the password of {} is changed; {} sessions ended and {} API tokens revoked",
                user.username, ended.sessions, ended.tokens
            );
        }
        UserCommand::List => {
            println!("{:<24} {:<12} {:<20} {:<6} email", "username", "role", "unit", "locale");
            for (user, unit) in accounts::list(&ctx).await.map_err(explain)? {
                println!(
                    "{:<24} {:<12} {:<20} {:<6} {}",
                    user.username,
                    user.role.as_str(),
                    unit,
                    user.locale.as_str(),
                    user.email
                );
            }
        }
    }
    Ok(())
}

fn draft(
    file: &PathBuf,
    date: Option<chrono::NaiveDate>,
    json: bool,
    flood_season_end: (u32, u32),
) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let today = chrono::Local::now().date_naive();
    let date = date.or_else(|| drafting::meeting_date_in(&text, today)).unwrap_or(today);
    let periods = drafting::PeriodSettings { flood_season_end };
    let drafts = drafting::draft_directives_with(
        &text,
        &drafting::default_rules(),
        &drafting::default_departments(),
        &periods,
        date,
    )
    .map_err(|e| e.to_string())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&drafts).map_err(|e| e.to_string())?);
    } else {
        print!("{}", cli::draft::render_text(&drafts));
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
