//! What the notifier's tests run it against: a fresh database, the fake Bot API, the locales and
//! a shop's configuration (roubles, English by default) with the given admins.

#![allow(dead_code)]

use std::sync::Arc;

use smmbot::bot::notifier::Notifier;
use smmbot::config::Config;
use smmbot::db::Db;
use smmbot::i18n::I18n;
use tempfile::TempDir;

use super::fake_telegram::FakeTelegram;

pub struct NotifierRig {
    pub telegram: FakeTelegram,
    pub db: Db,
    pub i18n: Arc<I18n>,
    pub config: Arc<Config>,
    _dir: TempDir,
}

impl NotifierRig {
    pub async fn start(admins: &[u64]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("notices.db").display());
        let admins = admins.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
        let config = Config::from_lookup(|name| match name {
            "ADMIN_IDS" => Some(admins.clone()),
            "SHOP_CURRENCY" => Some("RUB".into()),
            "DEFAULT_LANGUAGE" => Some("en".into()),
            _ => None,
        })
        .expect("test configuration");
        Self {
            telegram: FakeTelegram::start().await,
            db: Db::open(&url).await.expect("open database"),
            i18n: Arc::new(I18n::load().expect("locales load")),
            config: Arc::new(config),
            _dir: dir,
        }
    }

    /// A notifier as the bot builds it, sending through `bot`; a new one is what a restarted
    /// bot would build.
    pub fn notifier(&self, bot: teloxide::Bot) -> Notifier {
        Notifier::new(
            self.db.clone(),
            bot,
            Arc::clone(&self.i18n),
            Arc::clone(&self.config),
        )
    }
}
