//! SQLite storage: one file, WAL, migrations embedded in the binary and applied at start.

pub mod api_keys;
pub mod cache;
pub mod catalogue;
pub mod ledger;
pub mod notices;
pub mod orders;
pub mod polling;
pub mod promo;
pub mod purchases;
pub mod referrals;
pub mod refills;
pub mod resellers;
pub mod settings;
pub mod support;
pub mod users;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::error::Result;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The database handle every part of the bot shares.
#[derive(Clone, Debug)]
pub struct Db {
    pool: SqlitePool,
    /// What updates read over and over: see [`cache`].
    cache: Arc<cache::Cache>,
}

impl Db {
    /// Opens (creating if missing) the database at `url` and applies pending migrations.
    pub async fn open(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Writers queue behind each other instead of failing at once.
            .busy_timeout(Duration::from_secs(10));
        // SQLite writes one transaction at a time, and the pool hands out its idle connections
        // in turn: with more of them every query lands on another thread and another cold
        // page cache (measured: the money soak ran 1.6 times slower with 8 than with 2).
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            // A connection to a local file does not go stale: pinging it before every use
            // would double the cost of every query.
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            cache: Arc::default(),
        })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction that takes SQLite's write lock up front, so that two concurrent
    /// read-then-write transactions wait for each other instead of failing with SQLITE_BUSY.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Unix time in seconds.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// True when `e` is a violation of a UNIQUE constraint.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
pub mod testing {
    use super::Db;
    use super::catalogue::Service;

    /// A service on sale as the catalogue stores it: "Subscribers" in "Telegram", 0.9 USD per
    /// 1000 from the panel and 1.08 to the customer, 10 to 10,000, no refill, cancel or
    /// drip-feed. A test changes what it is about with `..service()`.
    pub fn service() -> Service {
        Service {
            id: 1,
            provider: "shop".into(),
            provider_service_id: "9".into(),
            category_id: 1,
            category: "Telegram".into(),
            name: "Subscribers".into(),
            description: None,
            kind: "default".into(),
            link_rule: "telegram".into(),
            target_bot: None,
            rate: "0.9".into(),
            rate_currency: Some("USD".into()),
            unit_items: 1000,
            price_minor: Some(108),
            min_quantity: 10,
            max_quantity: 10_000,
            enabled: true,
            hidden_reason: None,
            refill: false,
            cancel: false,
            dripfeed: false,
        }
    }

    /// A fresh database in its own temporary directory, removed when the guard drops.
    pub async fn temp_db() -> (Db, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        (Db::open(&url).await.expect("open db"), dir)
    }

    /// A known user `id`, as after their first /start.
    pub async fn customer(db: &Db, id: i64) {
        let seen = super::users::Seen {
            id,
            username: None,
            first_name: "T",
            language: crate::i18n::Lang::En,
        };
        db.touch_user(&seen).await.expect("user row");
    }
}
