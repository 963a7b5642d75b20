//! Providers as admins see them: balance, catalogue, health; and the low-balance alert, sent
//! to every admin once each time a provider's balance falls under its
//! `PROVIDER_<NAME>_LOW_BALANCE`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::future::join_all;
use rust_decimal::Decimal;
use sqlx::FromRow;
use tokio::sync::Notify;

use crate::config::Config;
use crate::db::notices::{Notice, enqueue_admins};
use crate::db::{Db, now};
use crate::error::{ProviderError, Result};
use crate::providers::{Balance, ProviderHandle, Providers};
use crate::vocabulary::OrderState;

use super::DAY_SECS;

/// How often balances are checked in the background: a balance call is cheap, and a shop that
/// runs dry stops selling, so an admin should hear within minutes.
pub const BALANCE_CHECK_INTERVAL: Duration = Duration::from_secs(10 * 60);
/// The window of the order error rate.
pub const ERROR_RATE_DAYS: u32 = 7;

/// The alert levels and who hears about them.
#[derive(Debug, Clone, Default)]
pub struct LowBalanceAlerts {
    /// Provider name → the level, in the provider's currency.
    thresholds: HashMap<String, Decimal>,
    admins: Vec<u64>,
}

impl LowBalanceAlerts {
    pub fn from_config(config: &Config) -> Self {
        Self {
            thresholds: config.low_balance.clone(),
            admins: config.admin_ids.clone(),
        }
    }

    pub fn threshold(&self, provider: &str) -> Option<Decimal> {
        self.thresholds.get(provider).copied()
    }

    /// Records where `balance` stands against the provider's level. On the way down it queues
    /// an alert to every admin, in the same transaction as the crossing, and returns true; a
    /// balance still under the level, or back above it, queues nothing.
    pub async fn note(&self, db: &Db, provider: &str, balance: &Balance) -> Result<bool> {
        let Some(threshold) = self.threshold(provider) else {
            return Ok(false);
        };
        let mut tx = db.begin_write().await?;
        if balance.amount >= threshold {
            sqlx::query("UPDATE provider_health SET low_balance_since = NULL WHERE provider = ?")
                .bind(provider)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok(false);
        }
        let now = now();
        let crossed = sqlx::query(
            "INSERT INTO provider_health (provider, low_balance_since) VALUES (?1, ?2)
             ON CONFLICT (provider) DO UPDATE SET low_balance_since = ?2
             WHERE low_balance_since IS NULL",
        )
        .bind(provider)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if crossed {
            let notice = Notice::LowBalance {
                provider: provider.to_string(),
                balance: balance.amount.to_string(),
                threshold: threshold.to_string(),
                currency: balance.currency.clone(),
            };
            // The crossing above makes the alert happen once; its key only has to be new.
            let key = format!("low-balance:{provider}:{}", chrono::Utc::now().timestamp_micros());
            enqueue_admins(&mut tx, &self.admins, &key, &notice).await?;
            tracing::warn!(provider, balance = %balance.amount, %threshold, "provider balance is low");
        }
        tx.commit().await?;
        Ok(crossed)
    }
}

/// One provider's line in `/providers`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderReport {
    pub name: String,
    pub balance: Result<Balance, ProviderError>,
    /// The account currency: as the balance answer says, else as configured.
    pub currency: Option<String>,
    /// The configured alert level, if any.
    pub low_balance: Option<Decimal>,
    /// Services customers can buy now, and all the provider lists.
    pub services_on_sale: i64,
    pub services_listed: i64,
    pub health: Health,
}

impl ProviderReport {
    pub fn is_low(&self) -> bool {
        match (&self.balance, self.low_balance) {
            (Ok(balance), Some(threshold)) => balance.amount < threshold,
            _ => false,
        }
    }
}

/// How calls to the provider have been going.
#[derive(Debug, Clone, Default, PartialEq, Eq, FromRow)]
pub struct Health {
    /// The status poller's last good answer.
    pub last_success_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    /// The poller's failed calls since its last good answer.
    pub failures_in_a_row: i64,
    /// Orders placed with the provider in the last [`ERROR_RATE_DAYS`] days, and how many of
    /// them failed there: rejected, unknown outcome, or failed.
    pub recent_orders: i64,
    pub recent_failed_orders: i64,
}

impl Health {
    /// Failed orders as a whole percentage of recent orders; `None` without orders.
    pub fn error_rate_percent(&self) -> Option<i64> {
        (self.recent_orders > 0)
            .then(|| (self.recent_failed_orders * 100 + self.recent_orders / 2) / self.recent_orders)
    }
}

/// The providers, by name.
pub fn by_name(providers: &Providers) -> Vec<&ProviderHandle> {
    let mut all: Vec<&ProviderHandle> = providers.iter().collect();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

/// Every provider's report, by name. Balances are asked for all at once (each provider within
/// its own timeout), and each answer also feeds the low-balance alert; returns whether an alert
/// was queued.
pub async fn report(
    db: &Db,
    providers: &Providers,
    alerts: &LowBalanceAlerts,
) -> Result<(Vec<ProviderReport>, bool)> {
    let providers = by_name(providers);
    let balances = join_all(providers.iter().map(|p| p.api.balance())).await;
    let since = now() - i64::from(ERROR_RATE_DAYS) * DAY_SECS;
    let mut reports = Vec::with_capacity(providers.len());
    let mut alerted = false;
    for (provider, balance) in providers.into_iter().zip(balances) {
        if let Ok(balance) = &balance {
            alerted |= alerts.note(db, &provider.name, balance).await?;
        }
        let (services_listed, services_on_sale): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(enabled = 1 AND hidden_reason IS NULL AND price_minor IS NOT NULL), 0)
             FROM services WHERE provider = ?",
        )
        .bind(&provider.name)
        .fetch_one(db.pool())
        .await?;
        let health = sqlx::query_as::<_, Health>(
            "SELECT h.last_success_at, h.last_error, h.last_error_at,
                 COALESCE(h.failures, 0) AS failures_in_a_row,
                 (SELECT COUNT(*) FROM orders WHERE provider = ?1 AND created_at >= ?2) AS recent_orders,
                 (SELECT COUNT(*) FROM orders WHERE provider = ?1 AND created_at >= ?2
                      AND state IN (?3, ?4, ?5)) AS recent_failed_orders
             FROM (SELECT 1) LEFT JOIN provider_health h ON h.provider = ?1",
        )
        .bind(&provider.name)
        .bind(since)
        .bind(OrderState::Rejected.as_str())
        .bind(OrderState::UnknownOutcome.as_str())
        .bind(OrderState::Failed.as_str())
        .fetch_one(db.pool())
        .await?;
        let told = balance.as_ref().ok().and_then(|b| b.currency.clone());
        reports.push(ProviderReport {
            name: provider.name.clone(),
            currency: told.or_else(|| provider.config.currency.as_ref().map(|c| c.code().to_string())),
            balance,
            low_balance: alerts.threshold(&provider.name),
            services_on_sale,
            services_listed,
            health,
        });
    }
    Ok((reports, alerted))
}

/// Asks every provider with an alert level for its balance and notes it; returns whether an
/// alert was queued. A provider that does not answer is skipped until the next check.
pub async fn check_balances(db: &Db, providers: &Providers, alerts: &LowBalanceAlerts) -> Result<bool> {
    let watched: Vec<&ProviderHandle> = by_name(providers)
        .into_iter()
        .filter(|p| alerts.threshold(&p.name).is_some())
        .collect();
    let balances = join_all(watched.iter().map(|p| p.api.balance())).await;
    let mut alerted = false;
    for (provider, balance) in watched.into_iter().zip(balances) {
        match balance {
            Ok(balance) => alerted |= alerts.note(db, &provider.name, &balance).await?,
            Err(e) => tracing::warn!(provider = %provider.name, error = %e, "balance check failed"),
        }
    }
    Ok(alerted)
}

/// Checks balances now and every `every` until the task is dropped, waking the notifier when
/// an alert is queued.
pub async fn watch_balances(
    db: Db,
    providers: Providers,
    alerts: LowBalanceAlerts,
    notices_queued: Arc<Notify>,
    every: Duration,
) {
    if alerts.thresholds.is_empty() {
        return;
    }
    let mut ticker = tokio::time::interval(every);
    loop {
        ticker.tick().await;
        match check_balances(&db, &providers, &alerts).await {
            Ok(true) => notices_queued.notify_one(),
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, "balance check failed; trying again later"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::temp_db;

    fn balance(amount: &str) -> Balance {
        Balance {
            amount: amount.parse().unwrap(),
            currency: Some("USD".into()),
        }
    }

    async fn alerts_queued(db: &Db) -> Vec<(i64, String)> {
        sqlx::query_as("SELECT chat_id, payload FROM notifications ORDER BY id")
            .fetch_all(db.pool())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_low_balance_alerts_every_admin_once_per_crossing() {
        let (db, _dir) = temp_db().await;
        let alerts = LowBalanceAlerts {
            thresholds: HashMap::from([("panel".to_string(), Decimal::from(100))]),
            admins: vec![1, 2],
        };
        assert!(!alerts.note(&db, "panel", &balance("150")).await.unwrap());
        assert!(alerts.note(&db, "panel", &balance("99.99")).await.unwrap());
        // Still low: no second alert.
        assert!(!alerts.note(&db, "panel", &balance("20")).await.unwrap());
        let queued = alerts_queued(&db).await;
        assert_eq!(queued.iter().map(|(chat, _)| *chat).collect::<Vec<_>>(), [1, 2]);
        assert!(queued[0].1.contains("99.99"), "{}", queued[0].1);

        // Back at the level, then under it again: one more alert each.
        assert!(!alerts.note(&db, "panel", &balance("100")).await.unwrap());
        assert!(alerts.note(&db, "panel", &balance("5")).await.unwrap());
        assert_eq!(alerts_queued(&db).await.len(), 4);

        // A provider without a level is never alerted about.
        assert!(!alerts.note(&db, "other", &balance("0")).await.unwrap());
        assert_eq!(alerts_queued(&db).await.len(), 4);
    }

    #[test]
    fn the_error_rate_rounds_to_whole_percent() {
        let health = |orders, failed| Health {
            recent_orders: orders,
            recent_failed_orders: failed,
            ..Health::default()
        };
        assert_eq!(health(0, 0).error_rate_percent(), None);
        assert_eq!(health(3, 1).error_rate_percent(), Some(33));
        assert_eq!(health(8, 1).error_rate_percent(), Some(13));
        assert_eq!(health(4, 4).error_rate_percent(), Some(100));
    }
}
