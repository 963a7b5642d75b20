//! Sends the queued notices (the `notifications` table) to Telegram: each rendered (by
//! `views::notices`) in its reader's language when it is sent, paced by our own [`Pacer`] to
//! Telegram's limits, sent once, retried when Telegram fails, and dropped for people who blocked
//! the bot. Admin alerts of one kind are gathered per window into one digest (`plan`).
//!
//! Every chat is served on its own: it waits only for its own interval and its turn at the
//! bot-wide gate, so one chat's backlog (the admins' alerts, a customer with many orders) never
//! holds another chat's notice, and `run` picks up new rows while earlier chats are still served.
//!
//! Delivery is at least once, with the duplicate window kept as small as we can: a row is
//! claimed (leased) right before it is sent and marked sent right after Telegram's OK. A crash
//! between that OK and our UPDATE leaves the row unsent, so it goes out once more when the lease
//! ends; a crash before the send only delays the message by the lease. At-most-once (mark
//! first, then send) would lose a message in the same crash, and a lost "your order was
//! refunded" is worse than a repeated one.

mod pacer;
mod plan;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};
use teloxide::adaptors::DefaultParseMode;
use teloxide::prelude::*;
use teloxide::types::{LinkPreviewOptions, ParseMode};
use teloxide::{ApiError, RequestError};
use tokio::sync::Notify;
use tokio::task::JoinSet;

pub use self::pacer::Pace;
use self::pacer::Pacer;
use self::plan::{AlertWindows, Unit, distinct, plan};
use super::Tr;
use super::views::notices::{self, Rendered, digest};
use crate::config::Config;
use crate::db::notices::{DueNotice, Notice};
use crate::db::{Db, now};
use crate::error::Result;
use crate::i18n::{I18n, Lang};
use crate::metrics::Metrics;

/// Rows read at a time.
const FETCH: i64 = 1000;
/// How long a claimed row belongs to the run that claimed it: a row is claimed right before its
/// request, so this only has to outlast one request (teloxide gives up on one well before).
const LEASE_SECS: i64 = 120;
/// The first retry after a failure; each further one waits twice as long, up to `MAX_RETRY_SECS`.
const FIRST_RETRY_SECS: i64 = 10;
const MAX_RETRY_SECS: i64 = 3600;
/// Failures before a notice is given up: about three and a half hours of retrying.
const MAX_ATTEMPTS: i64 = 12;
/// How often `run` looks for due rows when nobody wakes it.
const TICK: Duration = Duration::from_secs(1);
/// After a wake, `run` waits this long before it reads the queue, so that the chats finishing
/// and the rows queued in the same moment are read by one query instead of one each.
const GATHER: Duration = Duration::from_millis(50);

const BLOCKED: &str = "the user blocked the bot";
const MUTED: &str = "the user muted progress messages";

/// The bot as the notifier uses it: HTML everywhere; the pacing is ours.
type NoticeBot = DefaultParseMode<Bot>;

/// What one `send_due` did (rows, not messages: a digest settles several rows).
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

/// Sends queued notices; see the module documentation. Clones share their pacing.
#[derive(Clone)]
pub struct Notifier {
    db: Db,
    bot: NoticeBot,
    i18n: Arc<I18n>,
    config: Arc<Config>,
    pacer: Arc<Pacer>,
    windows: Arc<AlertWindows>,
}

/// How one unit ended, and whether the chat's later units may follow it now.
enum Delivery {
    /// Sent, given up on its own, held for its window, or taken by another run: go on.
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
    /// A notifier paced to Telegram's limits ([`Pace::TELEGRAM`]).
    pub fn new(db: Db, bot: Bot, i18n: Arc<I18n>, config: Arc<Config>) -> Self {
        Self {
            db,
            bot: bot.parse_mode(ParseMode::Html),
            i18n,
            config,
            pacer: Arc::new(Pacer::new(Pace::TELEGRAM)),
            windows: Arc::new(AlertWindows::new(Pace::TELEGRAM.digest_window)),
        }
    }

    /// The same notifier paced otherwise: tests run Telegram's rules faster.
    pub fn with_pace(self, pace: Pace) -> Self {
        Self {
            pacer: Arc::new(Pacer::new(pace)),
            windows: Arc::new(AlertWindows::new(pace.digest_window)),
            ..self
        }
    }

    /// Sends every notice due now, oldest first per chat, all chats at once, and records how
    /// each went. Each row is tried at most once per call, so a call ends even while Telegram
    /// keeps failing.
    pub async fn send_due(&self) -> Result<SendReport> {
        let started = now();
        let mut report = SendReport {
            gave_up: self.db.give_up_blocked_chats(BLOCKED).await?,
            ..SendReport::default()
        };
        loop {
            let due = self.db.due_notices(started, &[], FETCH).await?;
            if due.is_empty() {
                return Ok(report);
            }
            let mut chats: FuturesUnordered<_> = by_chat(due)
                .into_iter()
                .map(|rows| self.serve_chat(rows, started))
                .collect();
            while let Some(chat) = chats.next().await {
                report.add(chat?);
            }
        }
    }

    /// Sends notices as they are queued (`wake`) and every second anyway, until the task is
    /// dropped or aborted, counting what went out in `metrics`. Each chat with due rows is
    /// served by a task of its own; a chat being served is left out of the next reads, and
    /// read again once its task ends. Errors are logged; the next read tries again.
    pub async fn run(self, wake: Arc<Notify>, metrics: Arc<Metrics>) {
        let mut serving = JoinSet::new();
        let mut chats: HashMap<tokio::task::Id, i64> = HashMap::new();
        let mut last_blocked_sweep: Option<tokio::time::Instant> = None;
        loop {
            if last_blocked_sweep.is_none_or(|at| at.elapsed() >= TICK) {
                last_blocked_sweep = Some(tokio::time::Instant::now());
                match self.db.give_up_blocked_chats(BLOCKED).await {
                    Ok(skipped) if skipped > 0 => metrics.notifications(0, 0, skipped),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "skipping blocked chats failed"),
                }
            }
            let busy: Vec<i64> = chats.values().copied().collect();
            match self.db.due_notices(now(), &busy, FETCH).await {
                Ok(due) => {
                    for rows in by_chat(due) {
                        let chat = rows[0].chat_id;
                        let notifier = self.clone();
                        let task = serving.spawn(async move { notifier.serve_chat(rows, now()).await });
                        chats.insert(task.id(), chat);
                    }
                }
                Err(e) => tracing::error!(error = %e, "reading due notices failed; trying again soon"),
            }
            tokio::select! {
                Some(ended) = serving.join_next_with_id() => {
                    self.ended(ended, &mut chats, &metrics);
                }
                _ = tokio::time::timeout(TICK, wake.notified()) => {}
            }
            tokio::time::sleep(GATHER).await;
            while let Some(ended) = serving.try_join_next_with_id() {
                self.ended(ended, &mut chats, &metrics);
            }
        }
    }

    fn ended(
        &self,
        ended: std::result::Result<(tokio::task::Id, Result<SendReport>), tokio::task::JoinError>,
        chats: &mut HashMap<tokio::task::Id, i64>,
        metrics: &Metrics,
    ) {
        let (id, outcome) = match ended {
            Ok((id, outcome)) => (id, outcome),
            Err(e) => {
                tracing::error!(error = %e, "a notice sender stopped");
                chats.remove(&e.id());
                return;
            }
        };
        let chat = chats.remove(&id);
        match outcome {
            Ok(report) if report != SendReport::default() => {
                metrics.notifications(report.sent, report.retried, report.gave_up);
                tracing::debug!(?chat, ?report, "notices sent");
            }
            Ok(_) => {}
            Err(e) => tracing::error!(?chat, error = %e, "sending notices failed; trying again soon"),
        }
    }

    /// One chat's due rows, in order: a failure holds back the rest, so they keep their order.
    async fn serve_chat(&self, rows: Vec<DueNotice>, due_by: i64) -> Result<SendReport> {
        let mut report = SendReport::default();
        for unit in plan(rows) {
            match self.deliver(unit, due_by).await? {
                Delivery::Done(done) => report.add(done),
                Delivery::Stop(stopped) => {
                    report.add(stopped);
                    break;
                }
            }
        }
        Ok(report)
    }

    async fn deliver(&self, unit: Unit, due_by: i64) -> Result<Delivery> {
        match unit {
            Unit::Unreadable { row, error } => {
                if !self.claim(&[row.id], due_by).await?.is_empty() {
                    tracing::error!(id = row.id, %error, "unreadable notice; given up");
                    let reason = format!("unreadable payload: {error}");
                    self.db.give_up_notices(&[row.id], &reason, false).await?;
                    return Ok(Delivery::Done(gave_up(1)));
                }
                Ok(Delivery::Done(SendReport::default()))
            }
            // Muted when it was due, whenever it was queued: dropped, and not a failure.
            Unit::One { row, notice } if row.progress_muted && notice.is_progress() => {
                if !self.claim(&[row.id], due_by).await?.is_empty() {
                    self.db.give_up_notices(&[row.id], MUTED, false).await?;
                }
                Ok(Delivery::Done(SendReport::default()))
            }
            Unit::One { row, notice } => {
                self.pacer.turn(row.chat_id).await;
                if self.claim(&[row.id], due_by).await?.is_empty() {
                    return Ok(Delivery::Done(SendReport::default()));
                }
                let rendered = self.render(&row, &notice).await?;
                self.send(&row, &[row.id], rendered).await
            }
            Unit::Alerts { kind, rows, notices } => {
                let first = &rows[0];
                let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
                if let Some(wait) = self.windows.wait(first.chat_id, kind) {
                    // Claimed first, so that a row another run is sending is left alone.
                    let held = self.claim(&ids, due_by).await?;
                    // The first whole second after the window: every row held in this window
                    // gets the same one, so they come due, and go, together.
                    let wait_ms = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
                    let opens_ms = chrono::Utc::now().timestamp_millis().saturating_add(wait_ms);
                    self.db.hold_notices(&held, opens_ms / 1000 + 1).await?;
                    return Ok(Delivery::Done(SendReport::default()));
                }
                self.pacer.turn(first.chat_id).await;
                let claimed = self.claim(&ids, due_by).await?;
                if claimed.is_empty() {
                    return Ok(Delivery::Done(SendReport::default()));
                }
                let mut alerts: Vec<Notice> = Vec::new();
                for (row, notice) in rows.iter().zip(notices) {
                    if claimed.contains(&row.id) {
                        alerts.push(notice);
                    }
                }
                let mut alerts = distinct(alerts);
                let rendered = if alerts.len() == 1 {
                    let (alert, _) = alerts.remove(0);
                    self.render(first, &alert).await?
                } else {
                    let tr = self.tr(first);
                    digest::render(&tr, &self.config.shop_currency, kind, &alerts)
                };
                let worst = rows
                    .iter()
                    .filter(|row| claimed.contains(&row.id))
                    .max_by_key(|row| row.attempts)
                    .unwrap_or(first);
                let delivery = self.send(worst, &claimed, rendered).await?;
                if matches!(delivery, Delivery::Done(done) if done.sent > 0) {
                    self.windows.sent(first.chat_id, kind);
                }
                Ok(delivery)
            }
        }
    }

    /// The rows of `ids` this run now holds: only one run gets a row until its lease ends.
    async fn claim(&self, ids: &[i64], due_by: i64) -> Result<Vec<i64>> {
        let mut claimed = Vec::with_capacity(ids.len());
        for &id in ids {
            if self.db.claim_notice(id, due_by, now() + LEASE_SECS).await? {
                claimed.push(id);
            }
        }
        Ok(claimed)
    }

    /// Sends one message carrying the rows `ids` to `row`'s chat (`row` is the one whose
    /// attempts count), and settles the rows by Telegram's answer.
    async fn send(&self, row: &DueNotice, ids: &[i64], rendered: Rendered) -> Result<Delivery> {
        let mut request = self
            .bot
            .send_message(ChatId(row.chat_id), rendered.text)
            .link_preview_options(no_preview());
        if let Some(keyboard) = rendered.keyboard {
            request = request.reply_markup(keyboard);
        }
        let answer = request.await;
        self.pacer.sent(row.chat_id);
        match answer {
            Ok(_) => {
                self.db.notices_sent(ids).await?;
                Ok(Delivery::Done(SendReport {
                    sent: ids.len(),
                    ..SendReport::default()
                }))
            }
            Err(e) if is_unreachable(&e) => {
                let given_up = self.db.give_up_chat(row.chat_id, &e.to_string()).await?;
                tracing::info!(chat = row.chat_id, error = %e, "chat unreachable; its notices are given up");
                Ok(Delivery::Stop(gave_up(given_up)))
            }
            Err(RequestError::RetryAfter(wait)) => {
                let scope = self.pacer.flooded(row.chat_id, wait.duration());
                tracing::warn!(
                    chat = row.chat_id,
                    retry_after = wait.seconds(),
                    ?scope,
                    "flood control"
                );
                let at = now() + i64::from(wait.seconds()).max(1);
                let error = format!("flood control: retry after {}s", wait.seconds());
                self.db.retry_notices(row.chat_id, ids, at, &error, false).await?;
                Ok(Delivery::Stop(retried(ids.len())))
            }
            Err(e) => match after_failure(row.attempts) {
                AfterFailure::RetryIn(secs) => {
                    tracing::warn!(id = row.id, error = %e, retry_in = secs, "notice not sent");
                    self.db
                        .retry_notices(row.chat_id, ids, now() + secs, &e.to_string(), true)
                        .await?;
                    Ok(Delivery::Stop(retried(ids.len())))
                }
                AfterFailure::GiveUp => {
                    tracing::error!(id = row.id, error = %e, "notice failed too often; given up");
                    self.db.give_up_notices(ids, &e.to_string(), true).await?;
                    Ok(Delivery::Done(gave_up(ids.len())))
                }
            },
        }
    }

    fn tr(&self, row: &DueNotice) -> Tr {
        let lang = row
            .language
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or(self.config.default_language);
        Tr::new(Arc::clone(&self.i18n), lang)
    }

    /// The notice in its reader's language, as it is now: an admin alert about an unknown
    /// outcome shows the order as it stands when the alert goes out.
    async fn render(&self, row: &DueNotice, notice: &Notice) -> Result<Rendered> {
        let order = match notice {
            Notice::UnknownOutcome { order_id, .. } => self.db.order(*order_id).await?,
            _ => None,
        };
        Ok(notices::render(
            &self.tr(row),
            &self.config.shop_currency,
            notice,
            order.as_ref(),
        ))
    }
}

/// Rows grouped by chat, chats in the order of their oldest row, each chat's rows in order.
fn by_chat(rows: Vec<DueNotice>) -> Vec<Vec<DueNotice>> {
    let mut chats: Vec<Vec<DueNotice>> = Vec::new();
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

fn retried(rows: usize) -> SendReport {
    SendReport {
        retried: rows,
        ..SendReport::default()
    }
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
