//! What the bot tells people about orders. Written to the notifications table in the same
//! transaction as the change it reports, and rendered in the reader's language when sent.

use serde::{Deserialize, Serialize};
use sqlx::{FromRow, SqliteConnection};

use crate::db::purchases::{Funding, PurchaseResult};
use crate::db::{Db, is_unique_violation, now};
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

/// The kinds of admin alert, each grouped into one digest per window by the notifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertKind {
    UnknownOutcome,
    UnknownStatus,
    NeedsAttention,
    BelowCost,
    PaymentNotCredited,
    CryptoAttention,
    AuditFinding,
    LowBalance,
}

impl Notice {
    /// Which kind of admin alert this is; `None` for what customers read.
    pub fn alert_kind(&self) -> Option<AlertKind> {
        Some(match self {
            Self::UnknownOutcome { .. } => AlertKind::UnknownOutcome,
            Self::UnknownStatus { .. } => AlertKind::UnknownStatus,
            Self::NeedsAttention { .. } => AlertKind::NeedsAttention,
            Self::BelowCost { .. } => AlertKind::BelowCost,
            Self::PaymentNotCredited { .. } => AlertKind::PaymentNotCredited,
            Self::CryptoAttention { .. } => AlertKind::CryptoAttention,
            Self::AuditFinding { .. } => AlertKind::AuditFinding,
            Self::LowBalance { .. } => AlertKind::LowBalance,
            Self::OrderChanged { .. }
            | Self::RefillFinished { .. }
            | Self::TopupCredited { .. }
            | Self::PurchaseFunded { .. }
            | Self::CryptoCredited { .. }
            | Self::CryptoExpired { .. }
            | Self::ReferralEarned { .. } => return None,
        })
    }

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

/// A queued notice that is due, with its reader's language when they are a known user.
#[derive(Debug, Clone, FromRow)]
pub struct DueNotice {
    pub id: i64,
    pub chat_id: i64,
    pub payload: String,
    pub attempts: i64,
    pub language: Option<String>,
    /// The reader muted progress messages (false for chats that are no known user).
    pub progress_muted: bool,
}

/// Ids as a JSON array, for `IN (SELECT value FROM json_each(?))`.
fn id_list(ids: &[i64]) -> String {
    serde_json::Value::from(ids.to_vec()).to_string()
}

/// The queue as the notifier works it. A row is claimed (leased: its `next_attempt_at` moved
/// past the lease) right before it is sent, and marked sent right after Telegram's OK.
impl Db {
    /// Unsent rows due by `due_by`, oldest first, leaving out the chats in `skip` (being served).
    pub async fn due_notices(&self, due_by: i64, skip: &[i64], limit: i64) -> Result<Vec<DueNotice>> {
        Ok(sqlx::query_as::<_, DueNotice>(
            "SELECT n.id, n.chat_id, n.payload, n.attempts, u.language,
                    COALESCE(u.progress_muted, 0) AS progress_muted
             FROM notifications n LEFT JOIN users u ON u.id = n.chat_id
             WHERE n.sent_at IS NULL AND n.gave_up_at IS NULL AND n.next_attempt_at <= ?
               AND n.chat_id NOT IN (SELECT value FROM json_each(?))
             ORDER BY n.id LIMIT ?",
        )
        .bind(due_by)
        .bind(id_list(skip))
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Claims the row until `lease_until` if it is still unsent and due by `due_by`; false when
    /// another run has it or it was settled meanwhile.
    pub async fn claim_notice(&self, id: i64, due_by: i64, lease_until: i64) -> Result<bool> {
        let claimed = sqlx::query(
            "UPDATE notifications SET next_attempt_at = ?
             WHERE id = ? AND sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= ?",
        )
        .bind(lease_until)
        .bind(id)
        .bind(due_by)
        .execute(self.pool())
        .await?;
        Ok(claimed.rows_affected() > 0)
    }

    /// Telegram took the message carrying these rows.
    pub async fn notices_sent(&self, ids: &[i64]) -> Result<()> {
        // Checks the rows are still unsent in the same statement that marks them.
        sqlx::query(
            "UPDATE notifications SET sent_at = ?, last_error = NULL
             WHERE id IN (SELECT value FROM json_each(?)) AND sent_at IS NULL",
        )
        .bind(now())
        .bind(id_list(ids))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Schedules the rows for `at`, and the chat's later rows no earlier, so they stay in order.
    /// `count_attempt` is false for flood control: Telegram's pacing, no fault of the message.
    pub async fn retry_notices(
        &self,
        chat_id: i64,
        ids: &[i64],
        at: i64,
        error: &str,
        count_attempt: bool,
    ) -> Result<()> {
        let Some(first) = ids.iter().min() else {
            return Ok(());
        };
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE notifications SET attempts = attempts + ?, next_attempt_at = ?, last_error = ?
             WHERE id IN (SELECT value FROM json_each(?)) AND sent_at IS NULL",
        )
        .bind(i64::from(count_attempt))
        .bind(at)
        .bind(error)
        .bind(id_list(ids))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE notifications SET next_attempt_at = MAX(next_attempt_at, ?)
             WHERE chat_id = ? AND id > ? AND sent_at IS NULL AND gave_up_at IS NULL",
        )
        .bind(at)
        .bind(chat_id)
        .bind(first)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Holds claimed rows back until `at` without counting a failure: an admin digest waiting
    /// for its window.
    pub async fn hold_notices(&self, ids: &[i64], at: i64) -> Result<()> {
        sqlx::query(
            "UPDATE notifications SET next_attempt_at = ?
             WHERE id IN (SELECT value FROM json_each(?)) AND sent_at IS NULL",
        )
        .bind(at)
        .bind(id_list(ids))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Gives the rows up for good; `count_attempt` when a failed send is why.
    pub async fn give_up_notices(&self, ids: &[i64], reason: &str, count_attempt: bool) -> Result<()> {
        sqlx::query(
            "UPDATE notifications SET attempts = attempts + ?, gave_up_at = ?, last_error = ?
             WHERE id IN (SELECT value FROM json_each(?)) AND sent_at IS NULL",
        )
        .bind(i64::from(count_attempt))
        .bind(now())
        .bind(reason)
        .bind(id_list(ids))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Telegram will not deliver to this chat: a user is marked as having blocked the bot, and
    /// every waiting notice to the chat is given up. Returns how many were.
    pub async fn give_up_chat(&self, chat_id: i64, reason: &str) -> Result<usize> {
        let now = now();
        let mut tx = self.begin_write().await?;
        // Private chats have their user's id; other chats match no user.
        sqlx::query("UPDATE users SET blocked_at = ? WHERE id = ? AND blocked_at IS NULL")
            .bind(now)
            .bind(chat_id)
            .execute(&mut *tx)
            .await?;
        let given_up = sqlx::query(
            "UPDATE notifications SET gave_up_at = ?, last_error = ?
             WHERE chat_id = ? AND sent_at IS NULL AND gave_up_at IS NULL",
        )
        .bind(now)
        .bind(reason)
        .bind(chat_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.user_changed(chat_id);
        Ok(count(given_up.rows_affected()))
    }

    /// Gives up, without asking Telegram, every waiting notice to a user who blocked the bot.
    pub async fn give_up_blocked_chats(&self, reason: &str) -> Result<usize> {
        let skipped = sqlx::query(
            "UPDATE notifications SET gave_up_at = ?, last_error = ?
             WHERE sent_at IS NULL AND gave_up_at IS NULL
               AND chat_id IN (SELECT id FROM users WHERE blocked_at IS NOT NULL)",
        )
        .bind(now())
        .bind(reason)
        .execute(self.pool())
        .await?;
        Ok(count(skipped.rows_affected()))
    }
}

fn count(rows: u64) -> usize {
    usize::try_from(rows).unwrap_or(usize::MAX)
}
