//! An order's state as its provider answers, inside the caller's transaction: placed with the
//! provider's id, settled, or a late answer noted; and what a creation's answer is reconciled
//! with.

use sqlx::{FromRow, SqliteConnection};

use crate::db::now;
use crate::error::{Error, Result};
use crate::vocabulary::OrderState;

/// Another order of `provider` than `order_id` that already carries `provider_order_id`, if any.
pub async fn holder_of_provider_id(
    conn: &mut SqliteConnection,
    order_id: i64,
    provider: &str,
    provider_order_id: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM orders WHERE provider = ? AND provider_order_id = ? AND id != ? LIMIT 1",
    )
    .bind(provider)
    .bind(provider_order_id)
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// An order as its creation's answer finds it: what it must be reconciled with.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct Submission {
    pub provider: String,
    pub state: String,
    pub provider_order_id: Option<String>,
    pub refunded_minor: i64,
}

impl Submission {
    pub fn state(&self) -> OrderState {
        OrderState::from_db(&self.state)
    }
}

pub async fn submission(conn: &mut SqliteConnection, order_id: i64) -> Result<Option<Submission>> {
    Ok(sqlx::query_as::<_, Submission>(
        "SELECT provider, state, provider_order_id, refunded_minor FROM orders WHERE id = ?",
    )
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The order, if still in state `from`, becomes `placed` with the provider's id, due for a
/// status check at once; leaving `unknown_outcome` is recorded as an event. False if it was
/// not in `from`.
pub async fn place(
    conn: &mut SqliteConnection,
    order_id: i64,
    provider_order_id: &str,
    from: OrderState,
) -> Result<bool> {
    let now = now();
    let updated = sqlx::query(
        "UPDATE orders SET state = ?, provider_order_id = ?, next_check_at = ?, updated_at = ?
         WHERE id = ? AND state = ?",
    )
    .bind(OrderState::Placed.as_str())
    .bind(provider_order_id)
    .bind(now)
    .bind(now)
    .bind(order_id)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    if from == OrderState::UnknownOutcome {
        sqlx::query("INSERT INTO order_events (order_id, state, observed_at) VALUES (?, ?, ?)")
            .bind(order_id)
            .bind(OrderState::Placed.as_str())
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// The order, if in one of the states `from`, becomes `to` with `reason` as its error and is no
/// longer polled. False if it was in none of them.
pub async fn settle(
    conn: &mut SqliteConnection,
    order_id: i64,
    from: &[OrderState],
    to: OrderState,
    reason: &str,
) -> Result<bool> {
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let updated = sqlx::query(
        "UPDATE orders SET state = ?, error = ?, next_check_at = NULL, updated_at = ?
         WHERE id = ? AND state IN (SELECT value FROM json_each(?))",
    )
    .bind(to.as_str())
    .bind(reason)
    .bind(now())
    .bind(order_id)
    .bind(serde_json::to_string(&from).map_err(|e| Error::Internal(e.to_string()))?)
    .execute(&mut *conn)
    .await?;
    Ok(updated.rows_affected() > 0)
}

/// Keeps a provider's answer that came after the order was settled otherwise, for the admins
/// who are told about it: the provider's id (when the order has none) and what happened.
pub async fn note_late_answer(
    conn: &mut SqliteConnection,
    order_id: i64,
    provider_order_id: Option<&str>,
    what: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE orders SET provider_order_id = COALESCE(provider_order_id, ?), error = ?, updated_at = ?
         WHERE id = ?",
    )
    .bind(provider_order_id)
    .bind(what)
    .bind(now())
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
