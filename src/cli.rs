//! The `caravan` command: serve (the default), migrate, seed and admin tasks.

use crate::error::AppError;
use crate::server::accounts::{self, AdminCreated};
use crate::server::config::Config;
use crate::server::db::{Db, redact};
use crate::server::{AppState, jobs, seed, two_factor};
use clap::{Parser, Subcommand};
use leptos::config::{LeptosOptions, get_configuration};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "caravan", version, about = "Caravan B2B marketplace server and administration tool")]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the marketplace (the default when no command is given). Applies pending migrations first.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Fill the database with data.
    Seed(SeedArgs),
    /// Platform administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The search engine.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum SearchCommand {
    /// Rebuild the search index from the database: every running app server rebuilds its own
    /// in the background (searching the current one meanwhile), and this data directory's
    /// index is rebuilt now when no server holds it.
    Reindex,
}

#[derive(Debug, clap::Args)]
#[group(required = true, multiple = true, args = ["demo", "synthetic"])]
pub struct SeedArgs {
    /// Seed the demo marketplace: suppliers, buyers, users and their logins.
    #[arg(long)]
    pub demo: bool,
    /// List this many more synthetic products across the demo suppliers (for measuring
    /// search at scale; needs the demo marketplace, seeded now or before).
    #[arg(long, value_name = "COUNT")]
    pub synthetic: Option<usize>,
    /// Seed even though the database already holds companies that are not demo data.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a platform admin (or grant admin rights to an existing account).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Platform Admin")]
        name: String,
        /// The password; read from CARAVAN_ADMIN_PASSWORD when not given, so it stays out of shell history.
        #[arg(long, env = "CARAVAN_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

pub async fn run(cli: Cli) -> ExitCode {
    let config = cli.config;
    let url = config.database_url();
    let db = match Db::connect(&url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("error: {e} ({})", redact(&url));
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = db.migrate().await {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config, db.clone()).await,
        Command::Migrate => {
            println!("Database {} is up to date.", redact(&url));
            Ok(())
        }
        Command::Seed(args) => {
            let media = crate::server::media::Media::local(&config.data_dir);
            let demo = if args.demo { seed::demo(&db, &media, args.force).await } else { Ok(String::new()) };
            match (demo, args.synthetic) {
                (Ok(report), Some(count)) => {
                    print!("{report}");
                    seed::synthetic(&db, count).await.map(|report| print!("{report}"))
                }
                (demo, None) => demo.map(|report| print!("{report}")),
                (Err(e), _) => Err(e),
            }
        }
        Command::Admin { command: AdminCommand::Create { email, name, password } } => {
            create_admin(&db, &email, &name, &password).await
        }
        Command::Search { command: SearchCommand::Reindex } => reindex(&config, &db).await,
    };
    db.close().await;
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let detail = e.form_message().unwrap_or_else(|| e.to_string());
            match &e {
                AppError::Invalid(invalid) => {
                    for field in &invalid.fields {
                        eprintln!("error: {}: {}", field.field, field.message);
                    }
                }
                _ => eprintln!("error: {detail}"),
            }
            ExitCode::FAILURE
        }
    }
}

async fn reindex(config: &Config, db: &Db) -> Result<(), AppError> {
    use crate::server::search::engine::{self, Engine, Location};
    engine::request_rebuild(db).await?;
    println!("Asked every running app server to rebuild its search index.");
    let location = config.search_index();
    let Location::Dir(dir) = &location else { return Ok(()) };
    match Engine::open_at(&location) {
        Ok(engine) => {
            let started = std::time::Instant::now();
            let documents = engine.rebuild(db).await?;
            let status = engine.status();
            println!(
                "Rebuilt the index in {}: {documents} products in {:.1} s, {:.1} MB on disk.",
                dir.display(),
                started.elapsed().as_secs_f64(),
                status.bytes_on_disk.unwrap_or(0) as f64 / 1e6
            );
        }
        Err(_) => println!("A server holds the index in {}: it rebuilds it now.", dir.display()),
    }
    Ok(())
}

/// Creates (or promotes) a platform admin with two-factor sign-in already on, and prints what
/// their authenticator app needs, once: admins must sign in with two factors.
async fn create_admin(db: &Db, email: &str, name: &str, password: &str) -> Result<(), AppError> {
    let user = match accounts::create_admin(db, email, name, password).await? {
        AdminCreated::Created(user) => {
            println!("Created platform admin {email}.");
            user
        }
        AdminCreated::Promoted(user) => {
            println!("{email} already had an account; it is now a platform admin.");
            user
        }
    };
    match two_factor::enroll(db, user).await? {
        None => println!("Two-factor sign-in was already on for {email}; it stays as it was."),
        Some((secret, codes)) => {
            println!("Two-factor sign-in is on. Add this account to an authenticator app:");
            println!("  secret: {secret}");
            println!("  otpauth: {}", two_factor::otpauth_url(&secret, email)?);
            println!("Recovery codes (each signs in once; keep them safe, they are not shown again):");
            for code in codes {
                println!("  {code}");
            }
        }
    }
    Ok(())
}

/// Leptos settings from cargo-leptos' environment, with our listen address; hashed asset
/// names are used whenever the build wrote them.
fn leptos_options(config: &Config) -> LeptosOptions {
    let mut options = match get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(e) => {
            tracing::warn!(error = %e, "leptos configuration incomplete; using defaults");
            LeptosOptions::builder().output_name("caravan").site_root("target/site").build()
        }
    };
    if options.output_name.is_empty() {
        options.output_name = "caravan".into();
    }
    options.site_addr = config.addr;
    // cargo-leptos writes the hash file next to the server binary, where Leptos looks for it.
    options.hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&*options.hash_file)))
        .is_some_and(|path| path.exists());
    options
}

async fn serve(config: Config, db: Db) -> Result<(), AppError> {
    let state = AppState::new(db.clone(), config.clone(), leptos_options(&config))?;
    if config.production && !state.payments.moves_real_money() {
        return Err(AppError::internal(format_args!(
            "CARAVAN_PRODUCTION is set, but payments go through the {} provider, which moves no real money",
            state.payments.name()
        )));
    }
    let addr = state.config.addr;
    let transport = crate::server::mail::Transport::from_setting(&config.mail_transport)
        .map_err(|e| AppError::internal(format_args!("CARAVAN_MAIL_TRANSPORT: {e}")))?;
    jobs::start(&state, transport);
    let app = crate::http::router(state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| AppError::internal(format_args!("cannot listen on {addr}: {e}")))?;
    tracing::info!("Caravan is listening on http://{addr}");
    crate::http::serve::serve(listener, app, crate::http::serve::TimeLimits::default(), shutdown_signal()).await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
