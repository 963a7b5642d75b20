//! Purchases waiting for a top-up (`pending_purchases`): what the customer confirmed, with its
//! quote and the request key its order is placed with. The rules are in
//! [`crate::orders::pending`]; no money is ever held here.

use serde::{Deserialize, Serialize};
use sqlx::{FromRow, SqliteConnection};

use super::notices::{Notice, enqueue};
use super::{Db, now};
use crate::error::{Error, ProviderError, Result};
use crate::vocabulary::OrderExtras;

/// How long a purchase waits for its money; a credit after that no longer places it.
pub const PURCHASE_WAIT_SECS: i64 = 24 * 60 * 60;

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
    /// [`Funding`] as JSON: see [`PendingPurchase::funding`].
    funded_by: Option<String>,
}

impl PendingPurchase {
    pub fn extras(&self) -> Result<OrderExtras> {
        serde_json::from_str(&self.extras)
            .map_err(|e| Error::Internal(format!("purchase {} extras: {e}", self.id)))
    }

    /// The credit that is to pay for it, once one came.
    pub fn funding(&self) -> Result<Option<Funding>> {
        self.funded_by
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|e| Error::Internal(format!("purchase {} funding: {e}", self.id)))
    }
}

const PURCHASE_COLUMNS: &str =
    "id, user_id, service_id, link, quantity, extras, quoted_charge_minor, quoted_at,
     request_key, status, order_id, created_at, updated_at, funded_by";

/// A credit that came for a waiting purchase: how it was paid and what it added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Funding {
    Stars {
        charge_id: String,
        stars: i64,
        amount_minor: i64,
    },
    /// A Crypto Pay invoice (our row id).
    Crypto { invoice: i64, amount_minor: i64 },
}

impl Funding {
    /// The credit's ledger kind and reference, which name it uniquely.
    fn key(&self) -> String {
        match self {
            Self::Stars { charge_id, .. } => format!("stars:{charge_id}"),
            Self::Crypto { invoice, .. } => format!("crypto:{invoice}"),
        }
    }
}

/// What became of a funded purchase: how placing its order ended, or that the balance still
/// falls short (the purchase keeps waiting). Kept in the customer's notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum PurchaseResult {
    Placed {
        order_id: i64,
        balance_after: i64,
    },
    /// Refused at once, and refunded.
    Rejected {
        order_id: i64,
        error: ProviderError,
        refunded_minor: i64,
    },
    /// Sent, the answer unknown: the money is held while it is checked.
    Unconfirmed {
        order_id: i64,
    },
    /// Placed before (a crash came between placing it and recording so).
    AlreadyPlaced {
        order_id: i64,
    },
    /// The service is no longer on sale: nothing charged.
    Unavailable,
    /// The price moved: nothing charged.
    PriceChanged {
        charge_minor: i64,
    },
    StillShort {
        missing_minor: i64,
    },
}

impl PurchaseResult {
    /// How the purchase ends with this result; `None` while it keeps waiting.
    fn ending(&self) -> Option<(PurchaseStatus, Option<i64>)> {
        match self {
            Self::Placed { order_id, .. }
            | Self::Rejected { order_id, .. }
            | Self::Unconfirmed { order_id }
            | Self::AlreadyPlaced { order_id } => Some((PurchaseStatus::Placed, Some(*order_id))),
            Self::Unavailable => Some((PurchaseStatus::Unavailable, None)),
            Self::PriceChanged { .. } => Some((PurchaseStatus::PriceChanged, None)),
            Self::StillShort { .. } => None,
        }
    }
}

/// Inside a credit's transaction: marks the customer's waiting purchase as paid for by
/// `funding`, to be placed next; `false` when nothing was waiting (or a credit before this one
/// is already to pay for it). A purchase that waited too long expires here instead.
pub async fn fund(conn: &mut SqliteConnection, user_id: i64, funding: &Funding) -> Result<bool> {
    let now = now();
    sqlx::query(
        "UPDATE pending_purchases SET status = 'expired', updated_at = ?
         WHERE user_id = ? AND status = 'waiting' AND created_at <= ?",
    )
    .bind(now)
    .bind(user_id)
    .bind(now - PURCHASE_WAIT_SECS)
    .execute(&mut *conn)
    .await?;
    let funded_by =
        serde_json::to_string(funding).map_err(|e| Error::Internal(format!("purchase funding: {e}")))?;
    let marked = sqlx::query(
        "UPDATE pending_purchases SET funded_by = ?, updated_at = ?
         WHERE user_id = ? AND status = 'waiting' AND funded_by IS NULL",
    )
    .bind(funded_by)
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    Ok(marked.rows_affected() == 1)
}

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
    #[cfg(test)]
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

    /// Waiting purchases a credit has come for, to be placed: the customer's (`Some`), or all.
    pub async fn funded_purchases(&self, user_id: Option<i64>) -> Result<Vec<PendingPurchase>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PURCHASE_COLUMNS} FROM pending_purchases
             WHERE status = 'waiting' AND funded_by IS NOT NULL AND (?1 IS NULL OR user_id = ?1)
             ORDER BY id"
        )))
        .bind(user_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Takes the funded purchase on for placing, unless another placer holds it (taken less
    /// than `lease_secs` ago): two placers at once would both reach the order, and the second
    /// would tell the customer "already placed" instead of the placement.
    pub async fn claim_funded(&self, purchase: &PendingPurchase, lease_secs: i64) -> Result<bool> {
        let now = now();
        let claimed = sqlx::query(
            "UPDATE pending_purchases SET claimed_at = ?
             WHERE id = ? AND funded_by = ? AND (claimed_at IS NULL OR claimed_at <= ?)",
        )
        .bind(now)
        .bind(purchase.id)
        .bind(&purchase.funded_by)
        .bind(now - lease_secs)
        .execute(self.pool())
        .await?;
        Ok(claimed.rows_affected() == 1)
    }

    /// Records what a funded purchase came to and queues the customer's one message about it
    /// (the credit and the result), in one transaction: the purchase ends, or, still short,
    /// waits for the next credit. `false` when another caller recorded this credit's result.
    pub async fn settle_funded(
        &self,
        purchase: &PendingPurchase,
        funding: &Funding,
        result: &PurchaseResult,
    ) -> Result<bool> {
        let now = now();
        let mut tx = self.begin_write().await?;
        let (status, order_id) = result.ending().unwrap_or((PurchaseStatus::Waiting, None));
        // A newer purchase may have replaced this one meanwhile: what was placed is recorded all
        // the same; one still short stays as it is.
        let recorded = sqlx::query(
            "UPDATE pending_purchases
             SET status = CASE WHEN ?1 = 'waiting' THEN status ELSE ?1 END,
                 order_id = ?2, funded_by = NULL, claimed_at = NULL, updated_at = ?3
             WHERE id = ?4 AND funded_by = ?5",
        )
        .bind(status.as_str())
        .bind(order_id)
        .bind(now)
        .bind(purchase.id)
        .bind(&purchase.funded_by)
        .execute(&mut *tx)
        .await?;
        if recorded.rows_affected() == 0 {
            return Ok(false);
        }
        let notice = Notice::PurchaseFunded {
            funding: funding.clone(),
            result: result.clone(),
        };
        let key = format!("purchase:{}:{}", purchase.id, funding.key());
        enqueue(&mut tx, purchase.user_id, &key, &notice).await?;
        tx.commit().await?;
        Ok(true)
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
