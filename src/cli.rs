//! The command line: `run` (the default), `migrate`, `check` and `backup`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use clap::{Parser, Subcommand};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use teloxide::prelude::*;

use crate::bot::handlers::channel_gate::channel_chat;
use crate::config::{Config, RequiredChannel};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::payments::cryptopay::client::CryptoPayClient;
use crate::providers::Providers;

/// How long `check` waits for Telegram, or Crypto Pay, before calling it unreachable.
const CHECK_LIMIT: Duration = Duration::from_secs(15);

/// A Telegram shop bot that resells SMM and referral services from upstream provider APIs.
///
/// Settings come from the environment (and `.env` in the working directory when present).
#[derive(Debug, Parser)]
#[command(name = "smmbot", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Run the bot until SIGINT or SIGTERM (the default with no command)
    Run,
    /// Open the database, apply pending migrations, print what was applied and exit
    Migrate,
    /// Check the configuration, the database, Telegram and every provider; exit non-zero when
    /// anything fails
    Check,
    /// Check every money invariant in the database (balances against the ledger, refunds
    /// against charges, payments credited once, no upstream order billed twice); print one line
    /// per finding and exit non-zero on any
    Audit,
    /// Copy the live database into FILE (consistent while the bot runs); never overwrites
    Backup {
        /// Where to write the copy; must not exist yet
        file: PathBuf,
    },
}

/// Runs one command and turns its outcome into the process's exit code.
pub async fn execute(command: Command) -> ExitCode {
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            if command == Command::Check {
                println!("configuration: FAILED: {e}");
            } else {
                eprintln!("smmbot: {e}");
            }
            return ExitCode::FAILURE;
        }
    };
    let outcome = match command {
        Command::Run => crate::app::run(config).await,
        Command::Migrate => migrate(&config).await,
        Command::Check => return check(&config).await,
        Command::Audit => return audit(&config).await,
        Command::Backup { file } => backup(&config, &file).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("smmbot: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Versions already recorded as applied, read without creating anything.
async fn applied_versions(url: &str) -> HashSet<i64> {
    let Ok(options) = SqliteConnectOptions::from_str(url) else {
        return HashSet::new();
    };
    let Ok(mut conn) = SqliteConnection::connect_with(&options.create_if_missing(false)).await else {
        return HashSet::new();
    };
    let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
        .fetch_all(&mut conn)
        .await
        .unwrap_or_default();
    let _ = conn.close().await;
    versions.into_iter().collect()
}

async fn migrate(config: &Config) -> Result<()> {
    let before = applied_versions(&config.database_url).await;
    let db = Db::open(&config.database_url).await?;
    let all: Vec<(i64, String)> =
        sqlx::query_as("SELECT version, description FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(db.pool())
            .await?;
    db.close().await;
    let mut applied = 0;
    for (version, description) in all.iter().filter(|(v, _)| !before.contains(v)) {
        println!("applied {version} {description}");
        applied += 1;
    }
    if applied == 0 {
        println!("the database is up to date ({} migrations)", all.len());
    } else {
        println!("applied {applied} migration(s); {} in all", all.len());
    }
    Ok(())
}

/// One line per finding; the exit code says whether there was any.
async fn audit(config: &Config) -> ExitCode {
    let findings = match Db::open(&config.database_url).await {
        Ok(db) => {
            let findings = crate::audit::run(&db).await;
            db.close().await;
            findings
        }
        Err(e) => Err(e),
    };
    match findings {
        Ok(findings) if findings.is_empty() => {
            println!("audit: no findings");
            ExitCode::SUCCESS
        }
        Ok(findings) => {
            for finding in &findings {
                println!("{finding}");
            }
            eprintln!("smmbot: the audit found {} problem(s)", findings.len());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("smmbot: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One line per check; the exit code says whether all passed.
async fn check(config: &Config) -> ExitCode {
    let mut failed = false;
    let mut report = |what: &str, outcome: std::result::Result<String, String>| match outcome {
        Ok(detail) => println!("{what}: OK{detail}"),
        Err(reason) => {
            failed = true;
            println!("{what}: FAILED: {reason}");
        }
    };
    report("configuration", Ok(String::new()));

    let db = Db::open(&config.database_url).await;
    report(
        "database",
        match &db {
            Ok(_) => Ok(format!(" ({})", config.database_url)),
            Err(e) => Err(e.to_string()),
        },
    );
    if let Ok(db) = db {
        db.close().await;
    }

    report("telegram", check_telegram(config).await);
    if let Some(channel) = &config.required_channel {
        report("required channel", check_required_channel(config, channel).await);
    }
    if let Some(cryptopay) = &config.cryptopay {
        let outcome = match CryptoPayClient::new(cryptopay, CHECK_LIMIT) {
            Ok(client) => client.get_me().await.map(|app| format!(" ({app})")),
            Err(e) => Err(e),
        };
        report("crypto pay", outcome.map_err(|e| e.to_string()));
    }

    match Providers::from_config(&config.providers) {
        Err(e) => report("providers", Err(e.to_string())),
        Ok(providers) => {
            let mut handles: Vec<_> = providers.iter().collect();
            handles.sort_by(|a, b| a.name.cmp(&b.name));
            for handle in handles {
                let limit = handle.config.timeout + Duration::from_secs(5);
                let outcome = async {
                    let balance = tokio::time::timeout(limit, handle.api.balance())
                        .await
                        .map_err(|_| "the provider did not answer in time".to_string())?
                        .map_err(|e| format!("balance: {e}"))?;
                    let services = tokio::time::timeout(limit, handle.api.services())
                        .await
                        .map_err(|_| "the provider did not answer in time".to_string())?
                        .map_err(|e| format!("services: {e}"))?;
                    let currency = balance
                        .currency
                        .or_else(|| handle.config.currency.as_ref().map(|c| c.code().to_string()))
                        .unwrap_or_default();
                    Ok(format!(
                        " (balance {} {currency}, {} services)",
                        balance.amount,
                        services.len()
                    ))
                }
                .await;
                report(&format!("provider {}", handle.name), outcome);
            }
        }
    }

    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn check_telegram(config: &Config) -> std::result::Result<String, String> {
    let token = config.require_bot_token().map_err(|e| e.to_string())?;
    let bot = Bot::new(token.expose()).set_api_url(config.telegram_api_url.clone());
    match tokio::time::timeout(CHECK_LIMIT, bot.get_me().send()).await {
        Err(_) => Err(format!(
            "no answer from {} within {}s",
            config.telegram_api_url,
            CHECK_LIMIT.as_secs()
        )),
        Ok(Err(e)) => Err(format!(
            "getMe at {} failed: {}",
            config.telegram_api_url,
            with_causes(&e)
        )),
        Ok(Ok(me)) => Ok(format!(" (@{}, id {})", me.username(), me.id)),
    }
}

/// The bot must be an admin of the required channel: Telegram tells only admins who is in it.
async fn check_required_channel(
    config: &Config,
    channel: &RequiredChannel,
) -> std::result::Result<String, String> {
    let token = config.require_bot_token().map_err(|e| e.to_string())?;
    let bot = crate::bot::adapt(Bot::new(token.expose()).set_api_url(config.telegram_api_url.clone()));
    let asked = async {
        let me = bot.get_me().await?;
        bot.get_chat_member(channel_chat(channel), me.id).await
    };
    let channel_name = channel.display();
    match tokio::time::timeout(CHECK_LIMIT, asked).await {
        Err(_) => Err(format!(
            "no answer from {} within {}s",
            config.telegram_api_url,
            CHECK_LIMIT.as_secs()
        )),
        Ok(Err(e)) => Err(format!(
            "getChatMember in {channel_name} failed: {}; is the bot an admin of that channel?",
            with_causes(&e)
        )),
        Ok(Ok(bot_in_channel)) if bot_in_channel.is_privileged() => Ok(format!(" ({channel_name})")),
        Ok(Ok(_)) => Err(format!(
            "the bot is not an admin of {channel_name}; make it one, or customers are let in unchecked"
        )),
    }
}

/// An error with its causes, for errors whose own text is vague ("error sending request").
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// `VACUUM INTO`: a consistent snapshot, taken while other connections keep writing.
async fn backup(config: &Config, file: &Path) -> Result<()> {
    if file.exists() {
        return Err(Error::Setup(format!(
            "{} already exists; not overwriting it",
            file.display()
        )));
    }
    let target = file
        .to_str()
        .ok_or_else(|| Error::Setup(format!("{} is not a UTF-8 path", file.display())))?;
    // Never creates the database: a backup of nothing is a mistake worth reporting.
    let options = SqliteConnectOptions::from_str(&config.database_url)?
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(10));
    let mut conn = SqliteConnection::connect_with(&options).await?;
    let outcome = sqlx::query("VACUUM INTO ?").bind(target).execute(&mut conn).await;
    let _ = conn.close().await;
    outcome?;
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!(
        "backed up {} to {} ({size} bytes)",
        config.database_url,
        file.display()
    );
    Ok(())
}
