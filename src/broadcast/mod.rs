//! Broadcasts: one message of an admin's chat copied to every customer, each at most once, across
//! restarts.
//!
//! A broadcast is a draft until an admin confirms it. Confirming fixes its recipients — customers
//! who have not blocked the bot and are not banned (admins are not customers) — as one row each.
//! The broadcaster then works through the rows one at a time: it claims a row (`sending`), has the
//! [`Outlet`] copy the message, and records the outcome right after. A crash between the claim and
//! the record leaves the row `sending`; the next start marks it `unknown` and never sends it again.
//! That is at most once, on purpose: a customer missing one announcement is better than getting it
//! twice. (The notifier chooses the other way, because a lost "your order was refunded" is worse
//! than a repeated one.) A normal stop lets the copy in flight finish, so it loses nobody.
//!
//! One broadcaster runs per database; nothing here knows Telegram: the outlet sends the copies and
//! shows the admin the progress. This file is the broadcasts themselves — drafting, starting,
//! reading how far they got; the sending is in `sending.rs`.

mod sending;

use std::sync::Arc;

use sqlx::FromRow;
use tokio::sync::Notify;

use crate::db::{Db, now};
use crate::error::{Error, Result};

pub use sending::{Delivery, Outlet, Phase, run};

/// Customers a broadcast reaches (`?1`: the admins' ids as a JSON array).
const AUDIENCE: &str =
    "blocked_at IS NULL AND banned_at IS NULL AND id NOT IN (SELECT value FROM json_each(?1))";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for the admin's confirmation.
    Draft,
    Sending,
    Done,
    /// Stopped because the message to copy was deleted.
    Aborted,
    /// The admin dropped the draft.
    Canceled,
}

impl Stage {
    const ALL: [Stage; 5] = [
        Self::Draft,
        Self::Sending,
        Self::Done,
        Self::Aborted,
        Self::Canceled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sending => "sending",
            Self::Done => "done",
            Self::Aborted => "aborted",
            Self::Canceled => "canceled",
        }
    }

    fn from_db(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// Where a recipient's copy stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Pending,
    /// Claimed: the copy is on its way.
    Sending,
    Sent,
    /// The customer blocked the bot (or cannot be written to).
    Blocked,
    Failed,
    /// Claimed, but whether it arrived is not known: never sent again.
    Unknown,
}

impl Mark {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Blocked => "blocked",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Broadcast {
    pub id: i64,
    pub admin_id: i64,
    pub source_chat_id: i64,
    pub source_message_id: i64,
    state: String,
    /// The admin's message that shows the progress.
    pub progress_message_id: Option<i64>,
}

impl Broadcast {
    pub fn stage(&self) -> Option<Stage> {
        Stage::from_db(&self.state)
    }
}

/// How far a broadcast got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, FromRow)]
pub struct Progress {
    pub recipients: i64,
    pub sent: i64,
    pub blocked: i64,
    pub failed: i64,
    pub unknown: i64,
}

impl Progress {
    /// Not tried yet, or to be tried again.
    pub fn waiting(&self) -> i64 {
        self.recipients - self.sent - self.blocked - self.failed - self.unknown
    }
}

/// Why a broadcast could not be started or dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NoSuchBroadcast,
    /// Started or dropped before (a second tap, an old button).
    NotADraft(Stage),
}

/// Wakes the broadcaster when a broadcast starts.
#[derive(Debug, Clone, Default)]
pub struct Wake(Arc<Notify>);

impl Wake {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

fn admins_json(admins: &[u64]) -> String {
    serde_json::to_string(admins).expect("a list of numbers serialises")
}

/// How many customers a broadcast started now would reach.
pub async fn audience(db: &Db, admins: &[u64]) -> Result<i64> {
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM users WHERE {AUDIENCE}"
    )))
    .bind(admins_json(admins))
    .fetch_one(db.pool())
    .await?)
}

/// Records a draft broadcast of message `source_message_id` of chat `source_chat_id`.
pub async fn draft(db: &Db, admin_id: i64, source_chat_id: i64, source_message_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO broadcasts (admin_id, source_chat_id, source_message_id, state, created_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(admin_id)
    .bind(source_chat_id)
    .bind(source_message_id)
    .bind(Stage::Draft.as_str())
    .bind(now())
    .fetch_one(db.pool())
    .await?)
}

/// Starts a draft, once: fixes its recipients and notes the admin's message that is to show the
/// progress. Returns the number of recipients.
pub async fn start(
    db: &Db,
    id: i64,
    progress_message_id: i64,
    admins: &[u64],
) -> Result<Result<i64, Refusal>> {
    let mut tx = db.begin_write().await?;
    let started = sqlx::query(
        "UPDATE broadcasts SET state = ?, started_at = ?, progress_message_id = ?
         WHERE id = ? AND state = ?",
    )
    .bind(Stage::Sending.as_str())
    .bind(now())
    .bind(progress_message_id)
    .bind(id)
    .bind(Stage::Draft.as_str())
    .execute(&mut *tx)
    .await?;
    if started.rows_affected() == 0 {
        drop(tx);
        return Ok(Err(refusal(db, id).await?));
    }
    let recipients = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO broadcast_recipients (broadcast_id, user_id) SELECT ?2, id FROM users WHERE {AUDIENCE}"
    )))
    .bind(admins_json(admins))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(i64::try_from(recipients.rows_affected()).unwrap_or(i64::MAX)))
}

/// Drops a draft.
pub async fn cancel(db: &Db, id: i64) -> Result<Result<(), Refusal>> {
    let canceled = sqlx::query("UPDATE broadcasts SET state = ?, finished_at = ? WHERE id = ? AND state = ?")
        .bind(Stage::Canceled.as_str())
        .bind(now())
        .bind(id)
        .bind(Stage::Draft.as_str())
        .execute(db.pool())
        .await?;
    if canceled.rows_affected() == 0 {
        return Ok(Err(refusal(db, id).await?));
    }
    Ok(Ok(()))
}

/// Why broadcast `id` is not a draft.
async fn refusal(db: &Db, id: i64) -> Result<Refusal> {
    Ok(match broadcast(db, id).await? {
        None => Refusal::NoSuchBroadcast,
        Some(broadcast) => match broadcast.stage() {
            Some(stage) => Refusal::NotADraft(stage),
            None => {
                return Err(Error::Internal(format!(
                    "broadcast {id} in state {}",
                    broadcast.state
                )));
            }
        },
    })
}

const BROADCAST_COLUMNS: &str = "id, admin_id, source_chat_id, source_message_id, state, progress_message_id";

pub async fn broadcast(db: &Db, id: i64) -> Result<Option<Broadcast>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {BROADCAST_COLUMNS} FROM broadcasts WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?)
}

pub async fn progress(db: &Db, id: i64) -> Result<Progress> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*) AS recipients, COALESCE(SUM(state = ?2), 0) AS sent,
             COALESCE(SUM(state = ?3), 0) AS blocked, COALESCE(SUM(state = ?4), 0) AS failed,
             COALESCE(SUM(state = ?5), 0) AS unknown
         FROM broadcast_recipients WHERE broadcast_id = ?1",
    )
    .bind(id)
    .bind(Mark::Sent.as_str())
    .bind(Mark::Blocked.as_str())
    .bind(Mark::Failed.as_str())
    .bind(Mark::Unknown.as_str())
    .fetch_one(db.pool())
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::{customer, temp_db};

    pub(super) const ADMIN: i64 = 1;

    pub(super) async fn users(db: &Db, ids: impl IntoIterator<Item = i64>) {
        for id in ids {
            customer(db, id).await;
        }
    }

    pub(super) async fn marks(db: &Db, id: i64) -> Vec<(i64, String)> {
        sqlx::query_as(
            "SELECT user_id, state FROM broadcast_recipients WHERE broadcast_id = ? ORDER BY user_id",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn the_audience_is_customers_who_can_be_reached() {
        let (db, _dir) = temp_db().await;
        users(&db, [ADMIN, 2, 3, 4, 5]).await;
        sqlx::query("UPDATE users SET blocked_at = 1 WHERE id = 3")
            .execute(db.pool())
            .await
            .unwrap();
        db.set_banned(4, true).await.unwrap();
        let admins = [ADMIN as u64];
        assert_eq!(audience(&db, &admins).await.unwrap(), 2);

        let id = draft(&db, ADMIN, ADMIN, 10).await.unwrap();
        assert_eq!(start(&db, id, 11, &admins).await.unwrap(), Ok(2));
        assert_eq!(
            marks(&db, id).await,
            vec![(2, "pending".into()), (5, "pending".into())]
        );
        // A second tap starts nothing, and a started broadcast cannot be dropped.
        assert_eq!(
            start(&db, id, 11, &admins).await.unwrap(),
            Err(Refusal::NotADraft(Stage::Sending))
        );
        assert_eq!(
            cancel(&db, id).await.unwrap(),
            Err(Refusal::NotADraft(Stage::Sending))
        );
        assert_eq!(cancel(&db, 99).await.unwrap(), Err(Refusal::NoSuchBroadcast));
        let other = draft(&db, ADMIN, ADMIN, 12).await.unwrap();
        assert_eq!(cancel(&db, other).await.unwrap(), Ok(()));
        assert_eq!(
            start(&db, other, 13, &admins).await.unwrap(),
            Err(Refusal::NotADraft(Stage::Canceled))
        );
    }
}
