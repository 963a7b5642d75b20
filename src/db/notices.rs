//! What the bot tells people about orders. Written to the notifications table in the same
//! transaction as the change it reports, and rendered in the reader's language when sent.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::db::purchases::{Funding, PurchaseResult};
use crate::db::{is_unique_violation, now};
use crate::error::Result;
use crate::vocabulary::OrderState;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// To the customer: their order changed in a way worth a message.
    OrderChanged {
        order_id: i64,
        service: String,
        /// `OrderState::as_str`, or [`MILESTONE_STATE`] for a delivery milestone.
        state: String,
        quantity: i64,
        remains: Option<i64>,
        refunded_minor: i64,
    },
    /// To the customer: how a refill they asked for ended.
    RefillFinished {
        order_id: i64,
        service: String,
        completed: bool,
    },
    /// To admins: we do not know whether the provider created this order; the money is held.
    UnknownOutcome {
        order_id: i64,
        user_id: i64,
        provider: String,
        charge_minor: i64,
        reason: String,
    },
    /// To admins: a status we cannot read, reported once per order and wording.
    UnknownStatus {
        order_id: i64,
        provider: String,
        raw_status: String,
    },
    /// To admins: something about an order a person should look at.
    NeedsAttention {
        order_id: i64,
        provider: String,
        problem: String,
    },
    /// To admins: a service would sell below what the provider charges us, so it was hidden.
    /// Both figures are per `unit_items`, in shop-currency minor units.
    BelowCost {
        service_id: i64,
        service: String,
        provider: String,
        unit_items: i64,
        cost_minor: i64,
        price_minor: i64,
    },
    /// To the customer: a Stars payment whose credit had to be retried is on their balance now.
    TopupCredited {
        charge_id: String,
        stars: i64,
        amount_minor: i64,
        balance_minor: i64,
    },
    /// To admins: a Stars payment is recorded but its credit keeps failing (retried each round).
    PaymentNotCredited {
        charge_id: String,
        user_id: i64,
        error: String,
    },
    /// To the customer: a top-up came for the purchase they were paying for, and what became of
    /// it: one message for both.
    PurchaseFunded {
        funding: Funding,
        result: PurchaseResult,
    },
    /// To the customer: their Crypto Pay invoice (our row id) was paid and credited.
    CryptoCredited {
        invoice: i64,
        amount_minor: i64,
        balance_minor: i64,
    },
    /// To the customer: their Crypto Pay invoice expired unpaid.
    CryptoExpired { invoice: i64, amount_minor: i64 },
    /// To admins: Crypto Pay reported a payment that does not match the invoice we made; nothing
    /// was credited.
    CryptoAttention {
        invoice: i64,
        user_id: i64,
        problem: String,
    },
    /// To admins: the money audit found a broken invariant (told once per finding).
    AuditFinding { finding: String },
    /// To admins: a provider's balance fell under its `PROVIDER_<NAME>_LOW_BALANCE`; sent once
    /// per crossing. Amounts are exact decimal text in the provider's currency.
    LowBalance {
        provider: String,
        balance: String,
        threshold: String,
        currency: Option<String>,
    },
    /// To a referrer: a customer they brought (at `level` 1, or one brought by those at 2)
    /// finished an order, and this commission is on their balance.
    ReferralEarned {
        level: i64,
        amount_minor: i64,
        balance_minor: i64,
    },
}

/// The `state` of an [`Notice::OrderChanged`] telling a delivery milestone.
pub const MILESTONE_STATE: &str = "progress";

impl Notice {
    /// A customer's news of an order still under way (its start or a milestone): what they may
    /// mute. The end of an order and anything about money are never progress.
    pub fn is_progress(&self) -> bool {
        matches!(self, Self::OrderChanged { state, .. } if state == OrderState::InProgress.as_str() || state == MILESTONE_STATE)
    }
}

/// Queues a notice for `chat_id`, inside the caller's transaction. A notice whose key was queued
/// before is not queued again: that is what makes restarts and repeated polls harmless.
pub async fn enqueue(
    conn: &mut SqliteConnection,
    chat_id: i64,
    dedupe_key: &str,
    notice: &Notice,
) -> Result<bool> {
    let payload = serde_json::to_string(notice).map_err(|e| crate::error::Error::Internal(e.to_string()))?;
    let now = now();
    let inserted = sqlx::query(
        "INSERT INTO notifications (chat_id, dedupe_key, payload, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(chat_id)
    .bind(dedupe_key)
    .bind(payload)
    .bind(now)
    .bind(now)
    .execute(&mut *conn)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Queues a notice for every admin, each with its own key.
pub async fn enqueue_admins(
    conn: &mut SqliteConnection,
    admins: &[u64],
    dedupe_key: &str,
    notice: &Notice,
) -> Result<()> {
    for admin in admins {
        let Ok(chat) = i64::try_from(*admin) else { continue };
        enqueue(conn, chat, &format!("{dedupe_key}:admin:{admin}"), notice).await?;
    }
    Ok(())
}
