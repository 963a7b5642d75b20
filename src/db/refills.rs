//! Refills as their customers look them up by our own ids (the panel API's `refill_status`).

use super::Db;
use crate::error::Result;

impl Db {
    /// Our id of the newest refill of an order, once one is recorded.
    pub async fn latest_refill(&self, order_id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM refills WHERE order_id = ? ORDER BY id DESC LIMIT 1")
                .bind(order_id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// The state of refill `id` (`pending`, `in_progress`, `completed`, `rejected` or `unknown`),
    /// when it is of one of the customer's orders.
    pub async fn refill_state(&self, id: i64, user_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT r.state FROM refills r JOIN orders o ON o.id = r.order_id
             WHERE r.id = ? AND o.user_id = ?",
        )
        .bind(id)
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?)
    }
}
