//! What the status poller reads and records: due orders and refills, provider health.

use sqlx::FromRow;

use super::Db;
use super::orders::{ORDER_COLUMNS, Order};
use crate::error::Result;
use crate::vocabulary::OrderState;

/// A refill the poller should ask about.
#[derive(Debug, Clone, FromRow)]
pub struct DueRefill {
    pub id: i64,
    pub order_id: i64,
    pub user_id: i64,
    pub provider: String,
    pub provider_refill_id: String,
    pub service_name: String,
}

impl Db {
    /// Active orders whose next check is due, the longest-waiting first.
    pub async fn orders_due(&self, now: i64, limit: i64) -> Result<Vec<Order>> {
        Ok(sqlx::query_as::<_, Order>(sqlx::AssertSqlSafe(format!(
            "SELECT {ORDER_COLUMNS} FROM orders o JOIN services s ON s.id = o.service_id
             WHERE o.next_check_at <= ? AND o.provider_order_id IS NOT NULL AND o.state IN (?, ?, ?)
             ORDER BY o.next_check_at, o.id LIMIT ?"
        )))
        .bind(now)
        .bind(OrderState::Placed.as_str())
        .bind(OrderState::Pending.as_str())
        .bind(OrderState::InProgress.as_str())
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn refills_due(&self, now: i64) -> Result<Vec<DueRefill>> {
        Ok(sqlx::query_as::<_, DueRefill>(
            "SELECT r.id, r.order_id, o.user_id, o.provider, r.provider_refill_id, s.name AS service_name
             FROM refills r JOIN orders o ON o.id = r.order_id JOIN services s ON s.id = o.service_id
             WHERE r.next_check_at <= ? ORDER BY r.next_check_at",
        )
        .bind(now)
        .fetch_all(self.pool())
        .await?)
    }

    /// True while a failing provider is being left alone.
    pub async fn backing_off(&self, provider: &str, now: i64) -> Result<bool> {
        let until: Option<Option<i64>> =
            sqlx::query_scalar("SELECT backoff_until FROM provider_health WHERE provider = ?")
                .bind(provider)
                .fetch_optional(self.pool())
                .await?;
        Ok(until.flatten().is_some_and(|until| until > now))
    }

    pub async fn provider_succeeded(&self, provider: &str, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO provider_health (provider, failures, last_success_at) VALUES (?1, 0, ?2)
             ON CONFLICT (provider) DO UPDATE SET failures = 0, backoff_until = NULL, last_success_at = ?2",
        )
        .bind(provider)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Counts one more consecutive failure and returns how many there have been.
    pub async fn provider_failed(&self, provider: &str, error: &str, now: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO provider_health (provider, failures, last_error, last_error_at) VALUES (?1, 1, ?2, ?3)
             ON CONFLICT (provider) DO UPDATE SET failures = failures + 1, last_error = ?2, last_error_at = ?3
             RETURNING failures",
        )
        .bind(provider)
        .bind(error)
        .bind(now)
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn back_off(&self, provider: &str, until: i64) -> Result<()> {
        sqlx::query("UPDATE provider_health SET backoff_until = ? WHERE provider = ?")
            .bind(until)
            .bind(provider)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
