use clap::Parser;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("caravan=info,tower_http=info,warn")),
        )
        .init();
    caravan::cli::run(caravan::cli::Cli::parse()).await
}
