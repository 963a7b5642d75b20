//! Wiring: database, providers, catalogue sync, bot and dispatcher, and their shutdown.

mod api;
mod cryptopay;
mod menus;
mod monitoring;
mod systemd;
mod vitals;
mod webapp;
mod webhook;

use std::convert::Infallible;
use std::fmt::Debug;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use teloxide::dispatching::UpdateHandler;
use teloxide::dispatching::dialogue::Storage;
use teloxide::prelude::*;
use teloxide::stop::StopToken;
use teloxide::update_listeners::{Polling, UpdateListener};
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::bot::broadcast_outlet::TelegramOutlet;
use crate::bot::chat_turns::in_turns;
use crate::bot::dialogue_storage::SqlDialogueStorage;
use crate::bot::notifier::Notifier;
use crate::bot::{self, TgBot, state::State};
use crate::broadcast;
use crate::catalogue;
use crate::config::Config;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::i18n::I18n;
use crate::metrics::{Metrics, UpdateOutcome};
use crate::orders::pending::PurchasePlacer;
use crate::orders::poller::Poller;
use crate::payments::cryptopay::CryptoPay;
use crate::pricing::Pricing;
use crate::providers::Providers;
use crate::providers::http::call_limit;
use crate::reselling::Reselling;
use crate::stats::providers::{BALANCE_CHECK_INTERVAL, LowBalanceAlerts, watch_balances};
use crate::update_slots::UpdateSlots;
use vitals::Vitals;

/// Added to the slowest provider call a stop may have to wait for: the database work around it.
const STOP_MARGIN: Duration = Duration::from_secs(15);
/// How long a stop waits for the database's last writes once the work is done.
const CLOSE_LIMIT: Duration = Duration::from_secs(5);

/// The bot, running: stop it with [`Running::stop`].
pub struct Running {
    /// Ends the update stream (long polling, or the webhook); the dispatcher then lets the
    /// handlers in flight finish and returns.
    stop_updates: StopToken,
    /// One deadline for the whole stop: see [`stop_limit`].
    stop_limit: Duration,
    /// Whether the dispatcher, the webhook server, the poller and the notifier all still run.
    vitals: Vitals,
    dispatcher: JoinHandle<()>,
    /// The webhook's HTTP server, when updates come that way: it stops with the dispatcher.
    webhook_server: Option<JoinHandle<()>>,
    metrics_server: Option<JoinHandle<()>>,
    /// The panel API (`API_LISTEN`): told through `stop_api`, it lets requests in flight finish.
    api_server: Option<JoinHandle<()>>,
    stop_api: watch::Sender<bool>,
    /// The Mini App's server, when `WEBAPP_URL` is set.
    webapp_server: Option<JoinHandle<()>>,
    sync: JoinHandle<()>,
    balances: JoinHandle<()>,
    stop_poller: watch::Sender<bool>,
    poller: JoinHandle<()>,
    /// Crypto Pay's poller, when crypto top-ups are on; stops with the status poller.
    crypto_poller: Option<JoinHandle<()>>,
    stop_broadcaster: watch::Sender<bool>,
    broadcaster: JoinHandle<()>,
    notifier: JoinHandle<()>,
    db: Db,
}

/// Opens everything and starts taking updates.
pub async fn start(config: Config) -> Result<Running> {
    let token = config.require_bot_token()?.clone();
    if config.admin_ids.is_empty() {
        tracing::warn!(
            "no ADMIN_IDS configured: nobody can manage the shop; send /start to the bot and this log shows your id"
        );
    }
    let config = Arc::new(config);
    let i18n = Arc::new(I18n::load().map_err(Error::Setup)?);
    let db = Db::open(&config.database_url).await?;
    // Read by the transactions that settle orders, which see no configuration.
    db.set_referral_rates(config.referral_rates).await?;
    let vitals = Vitals::new();
    // A taken port is found now, not after the catalogue sync.
    let webhook_socket = match &config.webhook {
        Some(webhook) => Some(bind("WEBHOOK_LISTEN", webhook.listen).await?),
        None => None,
    };
    let metrics_socket = match config.metrics_listen {
        Some(address) => Some(bind("METRICS_LISTEN", address).await?),
        None => None,
    };
    let api_socket = match &config.api {
        Some(api) => Some(bind("API_LISTEN", api.listen).await?),
        None => None,
    };
    let webapp_socket = match &config.webapp {
        Some(webapp) => Some(bind("WEBAPP_LISTEN", webapp.listen).await?),
        None => None,
    };
    let metrics = Arc::new(Metrics::default());
    let cryptopay = match &config.cryptopay {
        Some(settings) => Some(Arc::new(CryptoPay::new(
            db.clone(),
            settings,
            config.shop_currency.clone(),
            config.admin_ids.clone(),
        )?)),
        None => None,
    };
    let providers = Providers::from_config(&config.providers)?.metered(&metrics);
    let pricing = Pricing::from_config(&config);
    catalogue::sync_all(&db, &providers, &pricing).await;
    // Handlers and background work wake the notifier through this when they queue a notice.
    let notices_queued = Arc::new(Notify::new());
    let purchases = PurchasePlacer {
        db: db.clone(),
        providers: providers.clone(),
        pricing: pricing.clone(),
        admins: config.admin_ids.clone(),
        notices_queued: notices_queued.clone(),
    };

    let bot: TgBot = bot::adapt(Bot::new(token.expose()).set_api_url(config.telegram_api_url.clone()));
    menus::register(&bot, &config, &i18n).await?;
    if config.sandbox_only {
        announce_sandbox(&bot, &config, &i18n).await;
    }
    // Registered before any background work starts, so a refusal from Telegram stops the start
    // with nothing half begun; updates that come meanwhile wait for the dispatcher.
    let webhook = match (&config.webhook, webhook_socket) {
        (Some(webhook), Some(socket)) => {
            let crypto_routes = cryptopay::routes(cryptopay.clone(), purchases.clone(), metrics.clone());
            Some(
                webhook::listen_for_webhook(
                    bot.clone(),
                    webhook,
                    socket,
                    metrics.clone(),
                    &vitals,
                    crypto_routes,
                )
                .await?,
            )
        }
        _ => None,
    };

    // Background work first, so the dispatcher's handlers can wake the notifier.
    let notifier = Notifier::new(
        db.clone(),
        Bot::new(token.expose()).set_api_url(config.telegram_api_url.clone()),
        i18n.clone(),
        config.clone(),
    );
    let notifier = vitals.spawn("notifier", notifier.run(notices_queued.clone(), metrics.clone()));
    let (stop_poller, poller_stopped) = watch::channel(false);
    let poller = Poller::new(
        db.clone(),
        providers.clone(),
        pricing.clone(),
        config.admin_ids.clone(),
        config.poll_interval,
        notices_queued.clone(),
    );
    let crypto_poller = cryptopay.clone().map(|crypto| {
        let polling = cryptopay::run_poller(
            crypto,
            purchases.clone(),
            config.poll_interval,
            poller_stopped.clone(),
        );
        vitals.spawn("crypto poller", polling)
    });
    let poller = vitals.spawn("poller", poller.run(poller_stopped, metrics.clone()));
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

    let metrics_server = metrics_socket.map(|socket| {
        monitoring::serve(
            socket,
            metrics.clone(),
            db.clone(),
            config.poll_interval,
            vitals.subscribe(),
        )
    });

    let (stop_api, api_stopped) = watch::channel(false);
    let api_server = match (&config.api, api_socket) {
        (Some(settings), Some(socket)) => {
            let reselling = Reselling {
                db: db.clone(),
                providers: providers.clone(),
                pricing: Pricing::from_config(&config),
                admins: config.admin_ids.clone(),
                resellers_only: settings.resellers_only,
            };
            Some(api::serve(
                socket,
                reselling,
                settings.requests_per_second,
                api_stopped,
            ))
        }
        _ => None,
    };
    let webapp_server = config
        .webapp
        .as_ref()
        .zip(webapp_socket)
        .map(|(settings, socket)| {
            let parts = webapp::Parts {
                db: db.clone(),
                providers: providers.clone(),
                config: config.clone(),
                i18n: i18n.clone(),
                bot: bot.clone(),
            };
            webapp::serve(socket, settings, token.expose(), parts)
        });

    let storage = SqlDialogueStorage::<State>::new(db.clone()).erase();
    let schema = in_turns(
        metered(bot::schema(), metrics.clone()),
        Arc::default(),
        UpdateSlots::default(),
    );
    let dispatcher = Dispatcher::builder(bot.clone(), schema)
        // One worker for all updates; `in_turns` keeps each chat's in order.
        .distribution_function(|_| None::<Infallible>)
        .dependencies(dptree::deps![
            db.clone(),
            providers,
            config.clone(),
            i18n,
            storage,
            notices_queued,
            broadcasts_started,
            cryptopay,
            purchases
        ])
        .default_handler(|update| async move {
            tracing::debug!(update_id = update.id.0, "update not handled");
        })
        .error_handler(LoggingErrorHandler::with_custom_text("handler failed"))
        .build();
    let (dispatcher, webhook_server, stop_updates) = match webhook {
        Some((mut listener, server)) => {
            let stop_updates = listener.stop_token();
            (
                spawn_dispatch(dispatcher, listener, &vitals),
                Some(server),
                stop_updates,
            )
        }
        None => {
            let mut listener = Polling::builder(bot)
                .timeout(Duration::from_secs(25))
                .delete_webhook()
                .await
                .build();
            let stop_updates = listener.stop_token();
            (spawn_dispatch(dispatcher, listener, &vitals), None, stop_updates)
        }
    };
    tracing::info!(
        updates = if config.webhook.is_some() {
            "webhook"
        } else {
            "long polling"
        },
        "smmbot is running"
    );
    Ok(Running {
        stop_updates,
        stop_limit: stop_limit(&config),
        vitals,
        dispatcher,
        webhook_server,
        metrics_server,
        api_server,
        stop_api,
        webapp_server,
        sync,
        balances,
        stop_poller,
        poller,
        crypto_poller,
        stop_broadcaster,
        broadcaster,
        notifier,
        db,
    })
}

/// Runs the dispatcher on `listener` as a vital task.
fn spawn_dispatch<L>(
    mut dispatcher: Dispatcher<TgBot, Error, Infallible>,
    listener: L,
    vitals: &Vitals,
) -> JoinHandle<()>
where
    L: UpdateListener + Send + 'static,
    L::Err: Debug + Send,
{
    vitals.spawn("dispatcher", async move {
        // The dispatcher first asks Telegram who the bot is; an answer it cannot read (an older
        // self-hosted Bot API server) is reported as the reason, not as a panic.
        dispatcher
            .try_dispatch_with_listener(
                listener,
                LoggingErrorHandler::with_custom_text("update listener failed"),
            )
            .await
            .map_err(|e| format!("getMe: {e}"))
    })
}

/// Listens on `address`, the value of `var`.
async fn bind(var: &str, address: std::net::SocketAddr) -> Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| Error::Setup(format!("{var} {address}: cannot listen: {e}")))
}

/// `schema` with every update counted and timed: one wrapper around the whole routing.
fn metered(schema: UpdateHandler<Error>, metrics: Arc<Metrics>) -> UpdateHandler<Error> {
    let signature = schema.sig().clone();
    let description = schema.description().clone();
    dptree::from_fn_with_description(
        description,
        move |deps, cont| {
            let schema = schema.clone();
            let metrics = metrics.clone();
            async move {
                let started = Instant::now();
                let flow = schema.execute(deps, cont).await;
                let outcome = match &flow {
                    ControlFlow::Break(Ok(())) => UpdateOutcome::Handled,
                    ControlFlow::Break(Err(_)) => UpdateOutcome::Failed,
                    ControlFlow::Continue(_) => UpdateOutcome::Ignored,
                };
                metrics.update_done(outcome, started.elapsed());
                flow
            }
        },
        signature,
    )
}

/// How long a stop may take: the slowest provider call a handler in flight may be waiting for,
/// plus a margin. Past it what is still busy is cut off: an order it was placing stays
/// `submitting` and is settled as an unknown outcome after the next start, as after a crash.
/// The unit's `TimeoutStopSec` must stay above it (115 s with the default provider timeout).
fn stop_limit(config: &Config) -> Duration {
    let slowest = config.providers.iter().map(call_limit).max().unwrap_or_default();
    slowest + STOP_MARGIN
}

/// Waits for `task` until `deadline`, then cuts it off.
async fn finish_or_abort(what: &str, task: JoinHandle<()>, deadline: tokio::time::Instant) {
    let abort = task.abort_handle();
    match tokio::time::timeout_at(deadline, task).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::error!(error = %e, "{what} task failed"),
        Err(_) => {
            tracing::error!("{what} still busy when the stop's time was up; cut off");
            abort.abort();
        }
    }
}

impl Running {
    /// Stops taking updates and lets handlers in flight finish, lets the poller finish its round
    /// and the broadcaster its copy in flight (each within [`STOP_LIMIT`]), stops the notifier,
    /// and closes the database.
    pub async fn stop(self) {
        // From here on the vital tasks' ends are expected, not a reason to fail.
        self.vitals.stopping();
        let deadline = tokio::time::Instant::now() + self.stop_limit;
        self.sync.abort();
        self.balances.abort();
        // Everything is told at once and then waited for, all against one deadline. The update
        // stream ends (the webhook server closes and deletes the webhook); the dispatcher
        // then waits for its handlers. Every answer the poller applies is one transaction: it
        // finishes the round it is in. The broadcaster finishes and records its copy in
        // flight, so a restart resumes without a gap.
        self.stop_updates.stop();
        let _ = self.stop_poller.send(true);
        let _ = self.stop_broadcaster.send(true);
        let _ = self.stop_api.send(true);
        let webhook_server = async {
            if let Some(server) = self.webhook_server {
                finish_or_abort("webhook server", server, deadline).await;
            }
        };
        let crypto_poller = async {
            if let Some(crypto_poller) = self.crypto_poller {
                finish_or_abort("crypto poller", crypto_poller, deadline).await;
            }
        };
        let api_server = async {
            if let Some(server) = self.api_server {
                finish_or_abort("panel API", server, deadline).await;
            }
        };
        futures::join!(
            crypto_poller,
            api_server,
            finish_or_abort("dispatcher", self.dispatcher, deadline),
            webhook_server,
            finish_or_abort("poller", self.poller, deadline),
            finish_or_abort("broadcaster", self.broadcaster, deadline),
        );
        // Safe to cut off: a notice being sent right now is claimed, and goes out (at worst
        // once more) after the claim expires.
        self.notifier.abort();
        let _ = self.notifier.await;
        for server in [self.metrics_server, self.webapp_server].into_iter().flatten() {
            server.abort();
            let _ = server.await;
        }
        if tokio::time::timeout(CLOSE_LIMIT, self.db.close()).await.is_err() {
            tracing::error!("the database did not close in time");
        }
        tracing::info!("smmbot stopped");
    }
}

impl Running {
    /// True while the dispatcher (and the webhook server, in webhook mode), the status poller
    /// and the notifier are alive and the database answers within `limit`: what the systemd
    /// watchdog pings vouch for.
    pub async fn healthy(&self, limit: std::time::Duration) -> bool {
        if !self.vitals.serving() {
            return false;
        }
        let ping = sqlx::query("SELECT 1").execute(self.db.pool());
        matches!(tokio::time::timeout(limit, ping).await, Ok(Ok(_)))
    }
}

/// Runs until SIGINT or SIGTERM, or until a task the bot cannot live without ends: then it
/// stops the rest in order and fails, so that systemd's `Restart=` starts it again. Under
/// systemd (`Type=notify`) it reports READY=1 once the database is migrated and updates are
/// being polled, feeds the watchdog while healthy, and reports STOPPING=1 on the way out;
/// elsewhere those are no-ops.
pub async fn run(config: Config) -> Result<()> {
    let running = start(config).await?;
    systemd::notify(&[sd_notify::NotifyState::Ready]);
    let outcome = tokio::select! {
        () = wait_for_signal() => Ok(()),
        // The task's end is already logged, with its reason, by its wrapper.
        () = running.vitals.lost() => Err(Error::Internal(
            "stopped because a task it cannot run without ended (see the error above)".to_string(),
        )),
        () = systemd::feed_watchdog(&running) => Ok(()),
    };
    tracing::info!("shutting down");
    systemd::notify(&[sd_notify::NotifyState::Stopping]);
    running.stop().await;
    outcome
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
