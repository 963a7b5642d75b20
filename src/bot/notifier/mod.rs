//! Sends the queued notices (the `notifications` table) to Telegram: each rendered (by
//! `views::notices`) in its reader's language when it is sent, paced by teloxide's `Throttle`, sent once, retried when
//! Telegram fails, and dropped for people who blocked the bot.
//!
//! Delivery is at least once, with the duplicate window kept as small as we can: a row is
//! claimed (leased) before it is sent and marked sent right after Telegram's OK. A crash between
//! that OK and our UPDATE leaves the row unsent, so it goes out once more when the lease ends;
//! a crash before the send only delays the message by the lease. At-most-once (mark first, then
//! send) would lose a message in the same crash, and a lost "your order was refunded" is worse
//! than a repeated one.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{self, StreamExt};
use sqlx::FromRow;
use teloxide::adaptors::throttle::{Limits, Settings};
use teloxide::adaptors::{DefaultParseMode, Throttle};
use teloxide::prelude::*;
use teloxide::types::{LinkPreviewOptions, ParseMode};
use teloxide::{ApiError, RequestError};
use tokio::sync::Notify;

use super::Tr;
use super::views::notices::{self, Rendered};
use crate::config::Config;
use crate::db::notices::Notice;
use crate::db::{Db, now};
use crate::error::Result;
use crate::i18n::{I18n, Lang};
use crate::metrics::Metrics;

/// Rows read per round; a round's chats are served concurrently.
const BATCH: i64 = 100;
/// Chats served at once: `Throttle` allows 30 messages a second in all, so more would only queue.
const CONCURRENT_CHATS: usize = 30;
/// How long a claimed row belongs to the run that claimed it. Longer than any send can take
/// behind `Throttle` (its per-chat limit holds a message for at most a minute), short enough that
/// a message whose sender crashed is not late by much.
const LEASE_SECS: i64 = 300;
/// The first retry after a failure; each further one waits twice as long, up to `MAX_RETRY_SECS`.
const FIRST_RETRY_SECS: i64 = 10;
const MAX_RETRY_SECS: i64 = 3600;
/// Failures before a notice is given up: about three and a half hours of retrying.
const MAX_ATTEMPTS: i64 = 12;
/// How often `run` looks for due rows when nobody wakes it.
const TICK: Duration = Duration::from_secs(2);

const BLOCKED: &str = "the user blocked the bot";
const MUTED: &str = "the user muted progress messages";

/// The bot as the notifier uses it: HTML everywhere, paced by `Throttle`.
type NoticeBot = DefaultParseMode<Throttle<Bot>>;

/// What one `send_due` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    /// Failed this time and scheduled for a later try.
    pub retried: usize,
    /// Will never be sent: the reader blocked the bot or cannot be reached, or it failed too often.
    pub gave_up: usize,
}

impl SendReport {
    fn add(&mut self, other: SendReport) {
        self.sent += other.sent;
        self.retried += other.retried;
        self.gave_up += other.gave_up;
    }
}

/// Sends queued notices; see the module documentation.
#[derive(Clone)]
pub struct Notifier {
    db: Db,
    bot: NoticeBot,
    i18n: Arc<I18n>,
    config: Arc<Config>,
}

/// A queued notice that is due, with its reader's language when they are a known user.
#[derive(Debug, FromRow)]
struct Due {
    id: i64,
    chat_id: i64,
    payload: String,
    attempts: i64,
    language: Option<String>,
    /// The reader muted progress messages (false for chats that are no known user).
    progress_muted: bool,
}

/// How one row ended, and whether the chat's later rows may follow it now.
enum Delivery {
    /// Sent, given up on its own, or taken by another run: go on with the chat.
    Done(SendReport),
    /// Stop serving this chat for now.
    Stop(SendReport),
}

/// What to do after a failed send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AfterFailure {
    RetryIn(i64),
    GiveUp,
}

impl Notifier {
    /// Wraps `bot` in `Throttle` and spawns its worker, so it must be called inside the tokio
    /// runtime. The worker stops once the last clone of this notifier is dropped.
    pub fn new(db: Db, bot: Bot, i18n: Arc<I18n>, config: Arc<Config>) -> Self {
        // Without the adaptor's own retry, a RetryAfter comes back to us and the row waits in
        // the database (surviving a restart) instead of a send sleeping inside `Throttle`.
        let settings = Settings::default().limits(Limits::default()).no_retry();
        let bot = Throttle::spawn_with_settings(bot, settings).parse_mode(ParseMode::Html);
        Self {
            db,
            bot,
            i18n,
            config,
        }
    }

    /// Sends every due notice, oldest first, and records how each went. Each row is tried at
    /// most once per call, so a call ends even while Telegram keeps failing.
    pub async fn send_due(&self) -> Result<SendReport> {
        let started = now();
        let mut report = SendReport {
            gave_up: self.skip_blocked(started).await?,
            ..SendReport::default()
        };
        loop {
            let due = sqlx::query_as::<_, Due>(
                "SELECT n.id, n.chat_id, n.payload, n.attempts, u.language,
                        COALESCE(u.progress_muted, 0) AS progress_muted
                 FROM notifications n LEFT JOIN users u ON u.id = n.chat_id
                 WHERE n.sent_at IS NULL AND n.gave_up_at IS NULL AND n.next_attempt_at <= ?
                 ORDER BY n.id LIMIT ?",
            )
            .bind(started)
            .bind(BATCH)
            .fetch_all(self.db.pool())
            .await?;
            if due.is_empty() {
                return Ok(report);
            }
            let chats = stream::iter(by_chat(due))
                .map(|rows| self.send_to_chat(rows, started))
                .buffer_unordered(CONCURRENT_CHATS)
                .collect::<Vec<_>>()
                .await;
            for chat in chats {
                report.add(chat?);
            }
        }
    }

    /// Sends notices as they are queued (`wake`) and every couple of seconds anyway, until the
    /// task is dropped or aborted, counting what went out in `metrics`. Errors are logged; the
    /// next round tries again.
    pub async fn run(self, wake: Arc<Notify>, metrics: Arc<Metrics>) {
        loop {
            match self.send_due().await {
                Ok(report) if report != SendReport::default() => {
                    metrics.notifications(report.sent, report.retried, report.gave_up);
                    tracing::debug!(?report, "notices sent");
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "sending notices failed; trying again soon"),
            }
            // A `notify_one` during the round left a permit, so this returns at once then.
            let _ = tokio::time::timeout(TICK, wake.notified()).await;
        }
    }

    /// Gives up, without asking Telegram, every waiting notice to a user who blocked the bot.
    async fn skip_blocked(&self, now: i64) -> Result<usize> {
        let skipped = sqlx::query(
            "UPDATE notifications SET gave_up_at = ?, last_error = ?
             WHERE sent_at IS NULL AND gave_up_at IS NULL
               AND chat_id IN (SELECT id FROM users WHERE blocked_at IS NOT NULL)",
        )
        .bind(now)
        .bind(BLOCKED)
        .execute(self.db.pool())
        .await?;
        Ok(count(skipped.rows_affected()))
    }

    /// One chat's due rows, in order: a failure holds back the rest, so they keep their order.
    async fn send_to_chat(&self, rows: Vec<Due>, started: i64) -> Result<SendReport> {
        let mut report = SendReport::default();
        for row in rows {
            match self.deliver(&row, started).await? {
                Delivery::Done(done) => report.add(done),
                Delivery::Stop(stopped) => {
                    report.add(stopped);
                    break;
                }
            }
        }
        Ok(report)
    }

    async fn deliver(&self, row: &Due, started: i64) -> Result<Delivery> {
        // The claim: only one run gets a row until its lease ends.
        let claimed = sqlx::query(
            "UPDATE notifications SET next_attempt_at = ?
             WHERE id = ? AND sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= ?",
        )
        .bind(now() + LEASE_SECS)
        .bind(row.id)
        .bind(started)
        .execute(self.db.pool())
        .await?;
        if claimed.rows_affected() == 0 {
            return Ok(Delivery::Done(SendReport::default()));
        }
        let rendered = match serde_json::from_str::<Notice>(&row.payload) {
            // Muted when it was due, whenever it was queued: dropped, and not counted as a
            // failure.
            Ok(notice) if row.progress_muted && notice.is_progress() => {
                self.give_up(row.id, MUTED).await?;
                return Ok(Delivery::Done(SendReport::default()));
            }
            Ok(notice) => self.render(row, &notice).await?,
            Err(e) => {
                tracing::error!(id = row.id, error = %e, "unreadable notice; given up");
                self.give_up(row.id, &format!("unreadable payload: {e}")).await?;
                return Ok(Delivery::Done(gave_up(1)));
            }
        };
        let mut request = self
            .bot
            .send_message(ChatId(row.chat_id), rendered.text)
            .link_preview_options(no_preview());
        if let Some(keyboard) = rendered.keyboard {
            request = request.reply_markup(keyboard);
        }
        match request.await {
            Ok(_) => {
                // Checks the row is still unsent in the same statement that marks it.
                sqlx::query("UPDATE notifications SET sent_at = ?, last_error = NULL WHERE id = ? AND sent_at IS NULL")
                    .bind(now())
                    .bind(row.id)
                    .execute(self.db.pool())
                    .await?;
                Ok(Delivery::Done(SendReport {
                    sent: 1,
                    ..SendReport::default()
                }))
            }
            Err(e) if is_unreachable(&e) => {
                let given_up = self.mark_unreachable(row.chat_id, &e.to_string()).await?;
                tracing::info!(chat = row.chat_id, error = %e, "chat unreachable; its notices are given up");
                Ok(Delivery::Stop(gave_up(given_up)))
            }
            Err(RequestError::RetryAfter(wait)) => {
                let at = now() + i64::from(wait.seconds()).max(1);
                self.retry_at(
                    row,
                    at,
                    &format!("flood control: retry after {}s", wait.seconds()),
                    false,
                )
                .await?;
                Ok(Delivery::Stop(retried()))
            }
            Err(e) => match after_failure(row.attempts) {
                AfterFailure::RetryIn(secs) => {
                    tracing::warn!(id = row.id, error = %e, retry_in = secs, "notice not sent");
                    self.retry_at(row, now() + secs, &e.to_string(), true).await?;
                    Ok(Delivery::Stop(retried()))
                }
                AfterFailure::GiveUp => {
                    tracing::error!(id = row.id, error = %e, "notice failed too often; given up");
                    sqlx::query(
                        "UPDATE notifications SET attempts = attempts + 1, gave_up_at = ?, last_error = ?
                         WHERE id = ? AND sent_at IS NULL",
                    )
                    .bind(now())
                    .bind(e.to_string())
                    .bind(row.id)
                    .execute(self.db.pool())
                    .await?;
                    Ok(Delivery::Done(gave_up(1)))
                }
            },
        }
    }

    /// Schedules the row for `at`, and the chat's later rows no earlier, so they stay in order.
    /// Flood control is Telegram's pacing, not a fault of the message: it does not count as
    /// an attempt.
    async fn retry_at(&self, row: &Due, at: i64, error: &str, count_attempt: bool) -> Result<()> {
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "UPDATE notifications SET attempts = attempts + ?, next_attempt_at = ?, last_error = ?
             WHERE id = ? AND sent_at IS NULL",
        )
        .bind(i64::from(count_attempt))
        .bind(at)
        .bind(error)
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE notifications SET next_attempt_at = MAX(next_attempt_at, ?)
             WHERE chat_id = ? AND id > ? AND sent_at IS NULL AND gave_up_at IS NULL",
        )
        .bind(at)
        .bind(row.chat_id)
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Telegram will not deliver to this chat: a user is marked as having blocked the bot, and
    /// every waiting notice to the chat is given up. Returns how many were.
    async fn mark_unreachable(&self, chat_id: i64, reason: &str) -> Result<usize> {
        let now = now();
        let mut tx = self.db.begin_write().await?;
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
        self.db.user_changed(chat_id);
        Ok(count(given_up.rows_affected()))
    }

    async fn give_up(&self, id: i64, reason: &str) -> Result<()> {
        sqlx::query(
            "UPDATE notifications SET gave_up_at = ?, last_error = ? WHERE id = ? AND sent_at IS NULL",
        )
        .bind(now())
        .bind(reason)
        .bind(id)
        .execute(self.db.pool())
        .await?;
        Ok(())
    }

    /// The notice in its reader's language, as it is now: an admin alert about an unknown
    /// outcome shows the order as it stands when the alert goes out.
    async fn render(&self, row: &Due, notice: &Notice) -> Result<Rendered> {
        let lang = row
            .language
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or(self.config.default_language);
        let tr = Tr::new(Arc::clone(&self.i18n), lang);
        let order = match notice {
            Notice::UnknownOutcome { order_id, .. } => self.db.order(*order_id).await?,
            _ => None,
        };
        Ok(notices::render(
            &tr,
            &self.config.shop_currency,
            notice,
            order.as_ref(),
        ))
    }
}

/// Rows grouped by chat, chats in the order of their oldest row, each chat's rows in order.
fn by_chat(rows: Vec<Due>) -> Vec<Vec<Due>> {
    let mut chats: Vec<Vec<Due>> = Vec::new();
    let mut index = HashMap::new();
    for row in rows {
        let at = *index.entry(row.chat_id).or_insert_with(|| {
            chats.push(Vec::new());
            chats.len() - 1
        });
        chats[at].push(row);
    }
    chats
}

/// Telegram's answers that mean this chat will not take messages, however often we try.
pub(crate) fn is_unreachable(error: &RequestError) -> bool {
    match error {
        RequestError::Api(api) => match api {
            ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::ChatNotFound
            | ApiError::UserNotFound
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::BotKickedFromChannel => true,
            // Every 403 says the bot may not write there, including wordings teloxide lacks
            // ("Forbidden: bot can't initiate conversation with a user").
            ApiError::Unknown(description) => description.starts_with("Forbidden:"),
            _ => false,
        },
        _ => false,
    }
}

/// The next step for a row that has failed `attempts` times before this failure.
fn after_failure(attempts: i64) -> AfterFailure {
    let failures = attempts.saturating_add(1);
    if failures >= MAX_ATTEMPTS {
        return AfterFailure::GiveUp;
    }
    let doublings = u32::try_from(failures - 1).unwrap_or(u32::MAX).min(16);
    AfterFailure::RetryIn((FIRST_RETRY_SECS << doublings).min(MAX_RETRY_SECS))
}

fn gave_up(rows: usize) -> SendReport {
    SendReport {
        gave_up: rows,
        ..SendReport::default()
    }
}

fn retried() -> SendReport {
    SendReport {
        retried: 1,
        ..SendReport::default()
    }
}

fn count(rows: u64) -> usize {
    usize::try_from(rows).unwrap_or(usize::MAX)
}

/// Notices carry no links worth a preview; an admin alert's order link would only crowd it.
fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour_then_gives_up() {
        assert_eq!(after_failure(0), AfterFailure::RetryIn(10));
        assert_eq!(after_failure(1), AfterFailure::RetryIn(20));
        assert_eq!(after_failure(3), AfterFailure::RetryIn(80));
        assert_eq!(after_failure(9), AfterFailure::RetryIn(MAX_RETRY_SECS));
        assert_eq!(
            after_failure(MAX_ATTEMPTS - 2),
            AfterFailure::RetryIn(MAX_RETRY_SECS)
        );
        assert_eq!(after_failure(MAX_ATTEMPTS - 1), AfterFailure::GiveUp);
        assert_eq!(after_failure(i64::MAX), AfterFailure::GiveUp);
    }
}
