//! Wiring: database, providers, catalogue sync, bot and dispatcher, and their shutdown.

use std::sync::Arc;

use teloxide::dispatching::ShutdownToken;
use teloxide::dispatching::dialogue::Storage;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};
use teloxide::update_listeners::Polling;
use teloxide::utils::command::BotCommands;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::bot::handlers::moderation::TelegramOutlet;
use crate::bot::notifier::Notifier;
use crate::bot::{self, AdminCommand, TgBot, state::State};
use crate::broadcast;
use crate::catalogue;
use crate::config::Config;
use crate::db::Db;
use crate::db::dialogue_storage::SqlDialogueStorage;
use crate::error::{Error, Result};
use crate::i18n::I18n;
use crate::orders::poller::Poller;
use crate::pricing::Pricing;
use crate::providers::Providers;
use crate::stats::providers::{BALANCE_CHECK_INTERVAL, LowBalanceAlerts, watch_balances};

/// The bot, running: stop it with [`Running::stop`].
pub struct Running {
    shutdown: ShutdownToken,
    dispatcher: JoinHandle<()>,
    sync: JoinHandle<()>,
    balances: JoinHandle<()>,
    stop_poller: watch::Sender<bool>,
    poller: JoinHandle<()>,
    stop_broadcaster: watch::Sender<bool>,
    broadcaster: JoinHandle<()>,
    notifier: JoinHandle<()>,
    db: Db,
}

/// Opens everything and starts taking updates.
pub async fn start(config: Config) -> Result<Running> {
    let token = config.require_bot_token()?.clone();
    let config = Arc::new(config);
    let i18n = Arc::new(I18n::load().map_err(Error::Setup)?);
    let db = Db::open(&config.database_url).await?;
    let providers = Providers::from_config(&config.providers)?;
    let pricing = Pricing::from_config(&config);
    catalogue::sync_all(&db, &providers, &pricing).await;

    let bot: TgBot = bot::adapt(Bot::new(token.expose()).set_api_url(config.telegram_api_url.clone()));
    register_commands(&bot, &config, &i18n).await?;
    if config.sandbox_only {
        announce_sandbox(&bot, &config, &i18n).await;
    }

    // Background work first, so the dispatcher's handlers can wake the notifier.
    let notices_queued = Arc::new(Notify::new());
    let notifier = Notifier::new(
        db.clone(),
        Bot::new(token.expose()).set_api_url(config.telegram_api_url.clone()),
        i18n.clone(),
        config.clone(),
    );
    let notifier = tokio::spawn(notifier.run(notices_queued.clone()));
    let (stop_poller, poller_stopped) = watch::channel(false);
    let poller = Poller::new(
        db.clone(),
        providers.clone(),
        config.admin_ids.clone(),
        config.poll_interval,
        notices_queued.clone(),
    );
    let poller = tokio::spawn(poller.run(poller_stopped));
    // Resumes the broadcasts a stop or a crash interrupted, then sends each one started.
    let broadcasts_started = broadcast::Wake::default();
    let (stop_broadcaster, broadcaster_stopped) = watch::channel(false);
    let outlet = TelegramOutlet::new(
        Bot::new(token.expose()).set_api_url(config.telegram_api_url.clone()),
        bot.clone(),
        db.clone(),
        i18n.clone(),
        config.clone(),
    );
    let broadcaster = tokio::spawn(broadcast::run(
        db.clone(),
        outlet,
        broadcasts_started.clone(),
        broadcaster_stopped,
    ));
    let balances = tokio::spawn(watch_balances(
        db.clone(),
        providers.clone(),
        LowBalanceAlerts::from_config(&config),
        notices_queued.clone(),
        BALANCE_CHECK_INTERVAL,
    ));
    let sync = tokio::spawn(catalogue::sync_periodically(
        db.clone(),
        providers.clone(),
        pricing,
        config.catalogue_sync_interval,
    ));

    let storage = SqlDialogueStorage::<State>::new(db.clone()).erase();
    let mut dispatcher = Dispatcher::builder(bot.clone(), bot::schema())
        .dependencies(dptree::deps![
            db.clone(),
            providers,
            config.clone(),
            i18n,
            storage,
            notices_queued,
            broadcasts_started
        ])
        .default_handler(|update| async move {
            tracing::debug!(update_id = update.id.0, "update not handled");
        })
        .error_handler(LoggingErrorHandler::with_custom_text("handler failed"))
        .build();
    let shutdown = dispatcher.shutdown_token();
    let listener = Polling::builder(bot)
        .timeout(std::time::Duration::from_secs(25))
        .delete_webhook()
        .await
        .build();
    let dispatcher = tokio::spawn(async move {
        dispatcher
            .dispatch_with_listener(
                listener,
                LoggingErrorHandler::with_custom_text("update listener failed"),
            )
            .await;
    });
    tracing::info!("smmbot is running");
    Ok(Running {
        shutdown,
        dispatcher,
        sync,
        balances,
        stop_poller,
        poller,
        stop_broadcaster,
        broadcaster,
        notifier,
        db,
    })
}

impl Running {
    /// Stops taking updates and lets handlers in flight finish, lets the poller finish its round
    /// and the broadcaster its copy in flight, stops the notifier, and closes the database.
    pub async fn stop(self) {
        self.sync.abort();
        self.balances.abort();
        match self.shutdown.shutdown() {
            Ok(done) => done.await,
            Err(e) => tracing::debug!(error = %e, "dispatcher was not running"),
        }
        if let Err(e) = self.dispatcher.await {
            tracing::error!(error = %e, "dispatcher task failed");
        }
        // Every answer the poller applies is one transaction; it finishes the round it is in.
        let _ = self.stop_poller.send(true);
        if let Err(e) = self.poller.await {
            tracing::error!(error = %e, "poller task failed");
        }
        // The copy in flight is finished and recorded, so a restart resumes without a gap.
        let _ = self.stop_broadcaster.send(true);
        if let Err(e) = self.broadcaster.await {
            tracing::error!(error = %e, "broadcaster task failed");
        }
        // Safe to cut off: a notice being sent right now is claimed, and goes out (at worst
        // once more) after the claim expires.
        self.notifier.abort();
        let _ = self.notifier.await;
        self.db.close().await;
        tracing::info!("smmbot stopped");
    }
}

impl Running {
    /// True while the dispatcher, the status poller and the notifier are alive and the database
    /// answers within `limit`: what the systemd watchdog pings vouch for.
    pub async fn healthy(&self, limit: std::time::Duration) -> bool {
        if self.dispatcher.is_finished() || self.poller.is_finished() || self.notifier.is_finished() {
            return false;
        }
        let ping = sqlx::query("SELECT 1").execute(self.db.pool());
        matches!(tokio::time::timeout(limit, ping).await, Ok(Ok(_)))
    }
}

/// Runs until SIGINT or SIGTERM. Under systemd (`Type=notify`) it reports READY=1 once the
/// database is migrated and updates are being polled, feeds the watchdog while healthy, and
/// reports STOPPING=1 on the way out; elsewhere those are no-ops.
pub async fn run(config: Config) -> Result<()> {
    let running = start(config).await?;
    systemd::notify(&[sd_notify::NotifyState::Ready]);
    tokio::select! {
        () = wait_for_signal() => {}
        () = systemd::feed_watchdog(&running) => {}
    }
    tracing::info!("shutting down");
    systemd::notify(&[sd_notify::NotifyState::Stopping]);
    running.stop().await;
    Ok(())
}

mod systemd {
    use std::time::Duration;

    use super::Running;

    pub(super) fn notify(states: &[sd_notify::NotifyState]) {
        if let Err(e) = sd_notify::notify(false, states) {
            tracing::warn!(error = %e, "could not notify systemd");
        }
    }

    /// `WATCHDOG_USEC` when the watchdog is on for this process (`WATCHDOG_PID` unset or ours).
    fn watchdog_interval() -> Option<Duration> {
        let usec: u64 = std::env::var("WATCHDOG_USEC").ok()?.trim().parse().ok()?;
        if let Ok(pid) = std::env::var("WATCHDOG_PID")
            && pid.trim().parse::<u32>().ok() != Some(std::process::id())
        {
            return None;
        }
        (usec > 0).then(|| Duration::from_micros(usec))
    }

    /// Pings the watchdog at half its interval while the bot is healthy; never returns. An
    /// unhealthy bot stops pinging, and systemd restarts it.
    pub(super) async fn feed_watchdog(running: &Running) {
        let Some(interval) = watchdog_interval() else {
            return std::future::pending().await;
        };
        let mut ticks = tokio::time::interval(interval / 2);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if running.healthy(interval / 4).await {
                notify(&[sd_notify::NotifyState::Watchdog]);
            } else {
                tracing::error!("unhealthy: not pinging the systemd watchdog");
            }
        }
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

/// The commands customers see in Telegram's menu (in the default language's words; Telegram
/// shows them as they are).
fn public_commands(i18n: &I18n) -> Vec<BotCommand> {
    let lang = crate::i18n::Lang::En;
    ["start", "help", "cancel"]
        .into_iter()
        .map(|command| BotCommand::new(command, i18n.t(lang, &format!("command-{command}"))))
        .collect()
}

/// Customers see the public commands in Telegram's menu; each admin, in their own chat only
/// (per-chat scope), sees the admin commands as well.
async fn register_commands(bot: &TgBot, config: &Config, i18n: &I18n) -> Result<()> {
    let public = public_commands(i18n);
    bot.set_my_commands(public.clone()).await?;
    // teloxide writes the commands with their slash; Telegram's menu wants the bare name.
    let admin_only = AdminCommand::bot_commands().into_iter().map(|mut command| {
        command.command = command.command.trim_start_matches('/').to_string();
        command
    });
    let admin: Vec<BotCommand> = public.into_iter().chain(admin_only).collect();
    for admin_id in &config.admin_ids {
        let Ok(chat) = i64::try_from(*admin_id) else {
            continue;
        };
        let scope = BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(chat)),
        };
        if let Err(e) = bot.set_my_commands(admin.clone()).scope(scope).await {
            // An admin who never opened the bot has no chat yet: not a reason to stop.
            tracing::warn!(admin = admin_id, error = %e, "could not show the admin commands");
        }
    }
    Ok(())
}

/// With no provider configured, say so loudly: in the log and to every admin.
async fn announce_sandbox(bot: &TgBot, config: &Config, i18n: &I18n) {
    tracing::warn!("no provider configured: running on the built-in SANDBOX provider, orders are simulated");
    for admin in &config.admin_ids {
        let Ok(chat) = i64::try_from(*admin) else { continue };
        if let Err(e) = bot
            .send_message(ChatId(chat), i18n.t(config.default_language, "sandbox-notice"))
            .await
        {
            tracing::warn!(admin, error = %e, "could not tell an admin about sandbox mode");
        }
    }
}
