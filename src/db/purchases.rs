//! Purchases waiting for a top-up (`pending_purchases`): what the customer confirmed, with its
//! quote and the request key its order is placed with. The rules are in
//! [`crate::orders::pending`]; no money is ever held here.

use sqlx::FromRow;

use super::{Db, now};
use crate::error::{Error, Result};
use crate::vocabulary::OrderExtras;

/// Where a purchase stands. Everything but `Waiting` is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurchaseStatus {
    Waiting,
    /// Its order was made (`order_id`), whatever became of that order afterwards.
    Placed,
    /// A newer purchase of the same customer took its place.
    Replaced,
    /// The customer left it (cancelled, or started another order).
    Cancelled,
    /// Not paid for in time.
    Expired,
    /// Tried after a credit, but the price had moved: nothing was charged.
    PriceChanged,
    /// Tried after a credit, but the service was no longer on sale: nothing was charged.
    Unavailable,
}

impl PurchaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Placed => "placed",
            Self::Replaced => "replaced",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
            Self::PriceChanged => "price_changed",
            Self::Unavailable => "unavailable",
        }
    }
}

/// A purchase as stored.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct PendingPurchase {
    pub id: i64,
    pub user_id: i64,
    pub service_id: i64,
    pub link: String,
    pub quantity: i64,
    /// [`OrderExtras`] as JSON: see [`PendingPurchase::extras`].
    extras: String,
    pub quoted_charge_minor: i64,
    pub quoted_at: i64,
    pub request_key: String,
    pub status: String,
    pub order_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl PendingPurchase {
    pub fn extras(&self) -> Result<OrderExtras> {
        serde_json::from_str(&self.extras)
            .map_err(|e| Error::Internal(format!("purchase {} extras: {e}", self.id)))
    }
}

const PURCHASE_COLUMNS: &str =
    "id, user_id, service_id, link, quantity, extras, quoted_charge_minor, quoted_at,
     request_key, status, order_id, created_at, updated_at";

/// A confirmed order that waits for money.
#[derive(Debug, Clone)]
pub struct NewPurchase<'a> {
    pub user_id: i64,
    pub service_id: i64,
    pub link: &'a str,
    pub quantity: i64,
    pub extras: &'a OrderExtras,
    pub quoted_charge_minor: i64,
    pub quoted_at: i64,
    pub request_key: &'a str,
}

impl Db {
    /// Records a waiting purchase; the customer's older waiting one, if any, is replaced in the
    /// same transaction (one waiting purchase per customer). Returns its id.
    pub async fn keep_purchase(&self, new: &NewPurchase<'_>) -> Result<i64> {
        let extras = serde_json::to_string(new.extras)
            .map_err(|e| Error::Internal(format!("purchase extras: {e}")))?;
        let now = now();
        let mut tx = self.begin_write().await?;
        end_waiting(&mut tx, new.user_id, PurchaseStatus::Replaced, now).await?;
        let id = sqlx::query_scalar(
            "INSERT INTO pending_purchases (user_id, service_id, link, quantity, extras,
                 quoted_charge_minor, quoted_at, request_key, status, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?) RETURNING id",
        )
        .bind(new.user_id)
        .bind(new.service_id)
        .bind(new.link)
        .bind(new.quantity)
        .bind(extras)
        .bind(new.quoted_charge_minor)
        .bind(new.quoted_at)
        .bind(new.request_key)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The customer's waiting purchase, if any.
    pub async fn waiting_purchase(&self, user_id: i64) -> Result<Option<PendingPurchase>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PURCHASE_COLUMNS} FROM pending_purchases WHERE user_id = ? AND status = 'waiting'"
        )))
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn purchase(&self, id: i64) -> Result<Option<PendingPurchase>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PURCHASE_COLUMNS} FROM pending_purchases WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Ends purchase `id` as `status` (with its order for [`PurchaseStatus::Placed`]); `false`
    /// when it was not waiting any more.
    pub async fn end_purchase(&self, id: i64, status: PurchaseStatus, order_id: Option<i64>) -> Result<bool> {
        let ended = sqlx::query(
            "UPDATE pending_purchases SET status = ?, order_id = ?, updated_at = ?
             WHERE id = ? AND status = 'waiting'",
        )
        .bind(status.as_str())
        .bind(order_id)
        .bind(now())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(ended.rows_affected() == 1)
    }

    /// Ends the customer's waiting purchase, if any, as `status`; `true` when there was one.
    pub async fn end_waiting_purchase(&self, user_id: i64, status: PurchaseStatus) -> Result<bool> {
        let mut conn = self.pool().acquire().await?;
        end_waiting(&mut conn, user_id, status, now()).await
    }
}

async fn end_waiting(
    conn: &mut sqlx::SqliteConnection,
    user_id: i64,
    status: PurchaseStatus,
    now: i64,
) -> Result<bool> {
    let ended = sqlx::query(
        "UPDATE pending_purchases SET status = ?, updated_at = ? WHERE user_id = ? AND status = 'waiting'",
    )
    .bind(status.as_str())
    .bind(now)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(ended.rows_affected() > 0)
}
