use std::process::ExitCode;

use clap::Parser;
use smmbot::cli::{Cli, Command};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Run);
    // The one-shot commands print their own results: only warnings from the log, unless
    // RUST_LOG says otherwise. Logs go to stderr, so stdout stays the commands' output.
    let default_level = if command == Command::Run { "info" } else { "warn" };
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level)))
        .with_writer(std::io::stderr)
        .init();
    smmbot::cli::execute(command).await
}
