//! A whole shop for end-to-end tests: the real bot (dispatcher, SQLite storage, providers)
//! against a fake Telegram and a fake panel, all on 127.0.0.1, in a temporary directory.
#![allow(dead_code)]

use std::collections::HashMap;

use smmbot::app::{self, Running};
use smmbot::config::Config;
use smmbot::db::Db;
use tempfile::TempDir;

use super::fake_panel::{FAKE_KEY, FakePanel};
use super::fake_telegram::{ChatMessage, FakeTelegram, TOKEN, TestUser};

/// The admin of every test shop.
pub const ADMIN_ID: i64 = 1;
/// How [`Shop::orders_at_the_panel`] reads an order placed at the panel that has not ended.
pub const AT_THE_PANEL: &str = "at the panel";

pub struct Shop {
    pub telegram: FakeTelegram,
    pub panel: FakePanel,
    /// A second handle on the bot's database, for checking what it stored.
    pub db: Db,
    running: Option<Running>,
    dir: TempDir,
    upstream: Upstream,
    /// More settings on top of the usual ones (webhook, metrics).
    settings: Vec<(&'static str, String)>,
}

/// Where the shop buys.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Upstream {
    Panel,
    Sandbox,
    /// One provider named `shop` with these `PROVIDER_SHOP_*` settings, in this shop currency.
    Provider {
        currency: &'static str,
        settings: Vec<(&'static str, String)>,
    },
}

impl Shop {
    /// A shop selling the fake panel's catalogue in USD with a 20 % markup.
    pub async fn start() -> Self {
        Self::launch(Upstream::Panel).await
    }

    /// A shop configured with nothing but a token and an admin: it runs on the sandbox.
    pub async fn sandbox() -> Self {
        Self::launch(Upstream::Sandbox).await
    }

    /// A shop buying from one provider, configured by its `PROVIDER_SHOP_<SUFFIX>` settings
    /// (e.g. `("KIND", "btj")`), selling in `currency` with a 20 % markup.
    pub async fn with_provider(currency: &'static str, settings: &[(&'static str, String)]) -> Self {
        Self::launch(Upstream::Provider {
            currency,
            settings: settings.to_vec(),
        })
        .await
    }

    /// The usual shop (the fake panel's catalogue) with more settings, e.g. `WEBHOOK_URL`.
    pub async fn with_settings(settings: &[(&'static str, String)]) -> Self {
        Self::launch_with(Upstream::Panel, settings.to_vec()).await
    }

    async fn launch(upstream: Upstream) -> Self {
        Self::launch_with(upstream, Vec::new()).await
    }

    async fn launch_with(upstream: Upstream, settings: Vec<(&'static str, String)>) -> Self {
        let telegram = FakeTelegram::start().await;
        let panel = FakePanel::start().await;
        let dir = tempfile::tempdir().expect("temp dir");
        let running = app::start(config(&telegram, &panel, &dir, &upstream, &settings))
            .await
            .expect("bot starts");
        let db = Db::open(&database_url(&dir))
            .await
            .expect("open the bot's database");
        Self {
            telegram,
            panel,
            db,
            running: Some(running),
            dir,
            upstream,
            settings,
        }
    }

    /// Stops the bot and starts a new one on the same database, as a service restart would.
    pub async fn restart(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        let config = config(
            &self.telegram,
            &self.panel,
            &self.dir,
            &self.upstream,
            &self.settings,
        );
        self.running = Some(app::start(config).await.expect("bot restarts"));
    }

    /// Stops the bot only, leaving the fakes up to be looked at.
    pub async fn stop_bot(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
    }

    /// Stops the bot and both fakes.
    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        self.db.close().await;
        self.telegram.shutdown().await;
        self.panel.shutdown().await;
    }

    /// A customer opens the bot; returns once the menu is shown.
    pub async fn customer(&self, id: i64, language: &str) -> TestUser {
        let user = TestUser::new(id, language);
        self.telegram.send_text(&user, "/start");
        self.telegram
            .wait_bot_message_containing(user.chat_id(), "")
            .await;
        user
    }

    /// The admin credits `amount` (in shop currency, e.g. "5") to `user` through `/credit`.
    pub async fn credit(&self, user: &TestUser, amount: &str) {
        let admin = TestUser::new(ADMIN_ID, "en");
        self.telegram
            .send_text(&admin, &format!("/credit {} {amount} test top-up", user.id));
        self.telegram
            .wait_bot_message_containing(ADMIN_ID, "Credited")
            .await;
    }

    /// Taps the newest button containing `label`, then waits until the bot has answered the tap
    /// and shows a message containing `then`.
    pub async fn tap(&self, user: &TestUser, label: &str, then: &str) -> ChatMessage {
        let id = self.telegram.tap_button(user, label);
        self.telegram.wait_callback_answered(&id).await;
        self.telegram
            .wait_bot_message_containing(user.chat_id(), then)
            .await
    }

    /// The customer orders `quantity` Telegram subscribers for `link` and confirms; returns
    /// once the bot says the order is placed.
    pub async fn order_subscribers(&self, user: &TestUser, link: &str, quantity: &str) -> ChatMessage {
        self.tap(user, "New order", "Choose a category").await;
        self.tap(user, "Telegram", "Choose a service").await;
        self.tap(user, "Telegram subscribers", "Minimum").await;
        self.tap(user, "Order", "Send the link").await;
        self.telegram.send_text(user, link);
        self.telegram
            .wait_bot_message_containing(user.id, "How many?")
            .await;
        self.telegram.send_text(user, quantity);
        self.telegram
            .wait_bot_message_containing(user.id, "Please check your order")
            .await;
        self.tap(user, "Confirm", "is placed").await
    }

    pub async fn balance(&self, user: &TestUser) -> i64 {
        sqlx::query_scalar("SELECT balance_minor FROM users WHERE id = ?")
            .bind(user.id)
            .fetch_one(self.db.pool())
            .await
            .expect("user row")
    }

    /// `(kind, amount)` of the user's ledger rows, oldest first.
    pub async fn ledger(&self, user: &TestUser) -> Vec<(String, i64)> {
        sqlx::query_as("SELECT kind, amount_minor FROM ledger WHERE user_id = ? ORDER BY id")
            .bind(user.id)
            .fetch_all(self.db.pool())
            .await
            .expect("ledger rows")
    }

    /// `(state, provider_order_id, link, quantity, charge)` of the user's orders, oldest first.
    pub async fn orders(&self, user: &TestUser) -> Vec<(String, Option<String>, String, i64, i64)> {
        sqlx::query_as(
            "SELECT state, provider_order_id, link, quantity, charge_minor FROM orders
             WHERE user_id = ? ORDER BY id",
        )
        .bind(user.id)
        .fetch_all(self.db.pool())
        .await
        .expect("order rows")
    }

    /// [`Shop::orders`], with an order placed at the panel that has not ended read as
    /// [`AT_THE_PANEL`]: the poller (every second here) may already have seen the panel's
    /// "Pending" by the time a test looks.
    pub async fn orders_at_the_panel(
        &self,
        user: &TestUser,
    ) -> Vec<(String, Option<String>, String, i64, i64)> {
        self.orders(user)
            .await
            .into_iter()
            .map(|(state, id, link, quantity, charge)| {
                let state = match state.as_str() {
                    "placed" | "pending" => AT_THE_PANEL.to_string(),
                    _ => state,
                };
                (state, id, link, quantity, charge)
            })
            .collect()
    }

    /// `(status, order_id, quoted_charge)` of the user's pending purchases, oldest first.
    pub async fn purchases(&self, user: &TestUser) -> Vec<(String, Option<i64>, i64)> {
        sqlx::query_as(
            "SELECT status, order_id, quoted_charge_minor FROM pending_purchases
             WHERE user_id = ? ORDER BY id",
        )
        .bind(user.id)
        .fetch_all(self.db.pool())
        .await
        .expect("purchase rows")
    }

    /// Every user's balance equals the sum of their ledger rows.
    pub async fn assert_ledger_consistent(&self) {
        assert_eq!(
            self.db.ledger_mismatches().await.expect("ledger check"),
            Vec::<i64>::new()
        );
    }
}

fn database_url(dir: &TempDir) -> String {
    format!("sqlite://{}", dir.path().join("shop.db").display())
}

/// An address on 127.0.0.1 that nothing listens on right now, for the bot to listen on.
pub fn free_local_address() -> std::net::SocketAddr {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a probe port");
    probe.local_addr().expect("probe address")
}

fn config(
    telegram: &FakeTelegram,
    panel: &FakePanel,
    dir: &TempDir,
    upstream: &Upstream,
    settings: &[(&'static str, String)],
) -> Config {
    let mut vars: HashMap<String, String> = HashMap::from([
        ("BOT_TOKEN".into(), TOKEN.to_string()),
        ("TELEGRAM_API_URL".into(), telegram.api_url().to_string()),
        ("DATABASE_URL".into(), database_url(dir)),
        ("ADMIN_IDS".into(), ADMIN_ID.to_string()),
        // Fresh orders are checked every round: one a second keeps the tests quick.
        ("POLL_INTERVAL_SECS".into(), "1".into()),
        // Stars top-ups on: 1.5 of the shop currency per star.
        ("STARS_RATE".into(), "1.5".into()),
    ]);
    // With nothing more than that, the bot falls back to its sandbox.
    let provider = match upstream {
        Upstream::Sandbox => None,
        Upstream::Panel => Some((
            "USD",
            vec![
                ("KIND", "panel_v2".to_string()),
                ("URL", panel.url().to_string()),
                ("KEY", FAKE_KEY.to_string()),
            ],
        )),
        Upstream::Provider { currency, settings } => Some((*currency, settings.clone())),
    };
    if let Some((currency, settings)) = provider {
        vars.extend([
            ("SHOP_CURRENCY".into(), currency.into()),
            ("DEFAULT_MARKUP_PERCENT".into(), "20".into()),
            ("PROVIDERS".into(), "shop".into()),
            ("PROVIDER_SHOP_TIMEOUT_SECS".into(), "2".into()),
        ]);
        vars.extend(
            settings
                .into_iter()
                .map(|(suffix, value)| (format!("PROVIDER_SHOP_{suffix}"), value)),
        );
    }
    vars.extend(
        settings
            .iter()
            .map(|(name, value)| (name.to_string(), value.clone())),
    );
    Config::from_lookup(|name| vars.get(name).cloned()).expect("test configuration is valid")
}
