//! The broadcaster: sends started broadcasts one copy at a time, each claimed before it goes and
//! its outcome recorded right after, so that a crash in between costs a copy, never a repeat.

use std::future::Future;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::{BROADCAST_COLUMNS, Broadcast, Mark, Progress, Stage, Wake, progress};
use crate::db::{Db, now};
use crate::error::Result;

/// The pause after a copy that could not go out for want of a connection, or whose fate is
/// unknown: a Telegram outage costs a pause, not the rest of the list.
const TROUBLE_PAUSE: Duration = Duration::from_secs(10);
/// How often the progress is shown while sending; a pause and the end are shown at once.
const PROGRESS_EVERY: Duration = Duration::from_secs(3);
/// The pause after a database error before the broadcaster tries again.
const ERROR_PAUSE: Duration = Duration::from_secs(5);

/// What the admin is shown with the progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Sending,
    /// Telegram asked us to slow down, or could not be reached: sending goes on after this.
    Paused(Duration),
    Finished,
    /// The message to copy is gone.
    Aborted,
}

/// How one copy went, as the outlet tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Delivered,
    /// The customer blocked the bot, or cannot be written to: marked so, never tried again.
    Unreachable(String),
    /// Telegram's flood control: nothing was sent; wait this long.
    RetryAfter(Duration),
    /// Certainly not sent (no connection): tried again after a pause.
    NotSent(String),
    /// May or may not have arrived: not tried again.
    Unknown(String),
    /// Refused for this customer.
    Failed(String),
    /// The message to copy no longer exists: the broadcast stops.
    SourceGone,
}

/// The broadcaster's link to the messenger.
pub trait Outlet: Send + Sync + 'static {
    /// Copies the broadcast's message into `user_id`'s chat.
    fn copy(&self, broadcast: &Broadcast, user_id: i64) -> impl Future<Output = Delivery> + Send;

    /// Shows the admin how far the broadcast got; a failure to show it is the outlet's to log.
    fn show(
        &self,
        broadcast: &Broadcast,
        progress: Progress,
        phase: Phase,
    ) -> impl Future<Output = ()> + Send;
}

/// Sends started broadcasts, oldest first, until `stop` says so: first whatever an earlier run
/// left unfinished, then each one as it is started (`wake`).
pub async fn run(db: Db, outlet: impl Outlet, wake: Wake, mut stop: watch::Receiver<bool>) {
    match settle_interrupted(&db).await {
        Ok(0) => {}
        Ok(rows) => tracing::warn!(rows, "broadcast copies interrupted by a crash are not sent again"),
        Err(e) => tracing::error!(error = %e, "could not settle interrupted broadcast copies"),
    }
    loop {
        // Registered before looking for work, so a start during the round is not missed.
        let woken = wake.0.notified();
        let stopped = match send_started(&db, &outlet, &mut stop).await {
            Ok(()) => {
                tokio::select! {
                    _ = woken => false,
                    _ = stop.wait_for(|stop| *stop) => true,
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "broadcasting failed; trying again soon");
                stopped_within(&mut stop, ERROR_PAUSE).await
            }
        };
        if stopped || *stop.borrow() {
            return;
        }
    }
}

/// Copies claimed before a crash may or may not have arrived: they become `unknown`.
async fn settle_interrupted(db: &Db) -> Result<u64> {
    let settled =
        sqlx::query("UPDATE broadcast_recipients SET state = ?, error = ?, updated_at = ? WHERE state = ?")
            .bind(Mark::Unknown.as_str())
            .bind("interrupted while sending")
            .bind(now())
            .bind(Mark::Sending.as_str())
            .execute(db.pool())
            .await?;
    Ok(settled.rows_affected())
}

/// Sends every started broadcast to the end, unless told to stop.
async fn send_started(db: &Db, outlet: &impl Outlet, stop: &mut watch::Receiver<bool>) -> Result<()> {
    loop {
        let next: Option<Broadcast> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {BROADCAST_COLUMNS} FROM broadcasts WHERE state = ? ORDER BY id LIMIT 1"
        )))
        .bind(Stage::Sending.as_str())
        .fetch_optional(db.pool())
        .await?;
        let Some(broadcast) = next else {
            return Ok(());
        };
        if !send(db, outlet, &broadcast, stop).await? {
            return Ok(());
        }
    }
}

/// Sends one broadcast to its remaining recipients, one at a time. False if told to stop first.
async fn send(
    db: &Db,
    outlet: &impl Outlet,
    broadcast: &Broadcast,
    stop: &mut watch::Receiver<bool>,
) -> Result<bool> {
    let mut shown_at: Option<Instant> = None;
    loop {
        if *stop.borrow() {
            return Ok(false);
        }
        let Some(user_id) = claim_next(db, broadcast.id).await? else {
            // Shown before it is marked done: a crash in between shows the same report again.
            outlet
                .show(broadcast, progress(db, broadcast.id).await?, Phase::Finished)
                .await;
            finish(db, broadcast.id, Stage::Done).await?;
            tracing::info!(broadcast = broadcast.id, "broadcast finished");
            return Ok(true);
        };
        let delivery = outlet.copy(broadcast, user_id).await;
        let pause = record(db, broadcast.id, user_id, &delivery).await?;
        if delivery == Delivery::SourceGone {
            outlet
                .show(broadcast, progress(db, broadcast.id).await?, Phase::Aborted)
                .await;
            finish(db, broadcast.id, Stage::Aborted).await?;
            tracing::warn!(broadcast = broadcast.id, "broadcast aborted: its message is gone");
            return Ok(true);
        }
        if let Some(pause) = pause {
            tracing::info!(broadcast = broadcast.id, ?pause, ?delivery, "broadcast paused");
            outlet
                .show(broadcast, progress(db, broadcast.id).await?, Phase::Paused(pause))
                .await;
            if stopped_within(stop, pause).await {
                return Ok(false);
            }
            shown_at = None;
        }
        if shown_at.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
            outlet
                .show(broadcast, progress(db, broadcast.id).await?, Phase::Sending)
                .await;
            shown_at = Some(Instant::now());
        }
    }
}

/// Claims the next recipient of broadcast `id`, if any is left.
async fn claim_next(db: &Db, id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE broadcast_recipients SET state = ?1, updated_at = ?2
         WHERE broadcast_id = ?3 AND user_id = (
             SELECT user_id FROM broadcast_recipients WHERE broadcast_id = ?3 AND state = ?4
             ORDER BY user_id LIMIT 1)
         RETURNING user_id",
    )
    .bind(Mark::Sending.as_str())
    .bind(now())
    .bind(id)
    .bind(Mark::Pending.as_str())
    .fetch_optional(db.pool())
    .await?)
}

/// Records how a claimed copy went (and marks a customer who blocked the bot), in one
/// transaction. Returns how long to pause before the next copy, if at all.
async fn record(db: &Db, id: i64, user_id: i64, delivery: &Delivery) -> Result<Option<Duration>> {
    let (mark, error, pause) = match delivery {
        Delivery::Delivered => (Mark::Sent, None, None),
        Delivery::Unreachable(why) => (Mark::Blocked, Some(why), None),
        Delivery::RetryAfter(wait) => (Mark::Pending, None, Some(*wait)),
        Delivery::NotSent(why) => (Mark::Pending, Some(why), Some(TROUBLE_PAUSE)),
        Delivery::Unknown(why) => (Mark::Unknown, Some(why), Some(TROUBLE_PAUSE)),
        Delivery::Failed(why) => (Mark::Failed, Some(why), None),
        Delivery::SourceGone => (Mark::Pending, None, None),
    };
    let now = now();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE broadcast_recipients SET state = ?, error = ?, updated_at = ?
         WHERE broadcast_id = ? AND user_id = ? AND state = ?",
    )
    .bind(mark.as_str())
    .bind(error)
    .bind(now)
    .bind(id)
    .bind(user_id)
    .bind(Mark::Sending.as_str())
    .execute(&mut *tx)
    .await?;
    if mark == Mark::Blocked {
        sqlx::query("UPDATE users SET blocked_at = ? WHERE id = ? AND blocked_at IS NULL")
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    if mark == Mark::Blocked {
        db.user_changed(user_id);
    }
    Ok(pause)
}

async fn finish(db: &Db, id: i64, stage: Stage) -> Result<()> {
    sqlx::query("UPDATE broadcasts SET state = ?, finished_at = ? WHERE id = ? AND state = ?")
        .bind(stage.as_str())
        .bind(now())
        .bind(id)
        .bind(Stage::Sending.as_str())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Waits `pause`, or less if told to stop; true if told to stop (or if nobody can tell any more).
async fn stopped_within(stop: &mut watch::Receiver<bool>, pause: Duration) -> bool {
    tokio::time::timeout(pause, stop.wait_for(|stop| *stop))
        .await
        .is_ok()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use tokio::sync::Notify;

    use super::*;
    use crate::broadcast::tests::{ADMIN, marks, users};
    use crate::broadcast::{broadcast, draft, start};
    use crate::db::testing::temp_db;

    /// Delivers everything except what it was told to answer for a customer, once each.
    #[derive(Default)]
    struct FakeOutlet {
        answers: Mutex<HashMap<i64, Delivery>>,
        copies: Mutex<Vec<i64>>,
        shown: Mutex<Vec<(Progress, Phase)>>,
        paused: Notify,
        finished: Notify,
    }

    impl Outlet for Arc<FakeOutlet> {
        async fn copy(&self, _: &Broadcast, user_id: i64) -> Delivery {
            self.copies.lock().unwrap().push(user_id);
            let answer = self.answers.lock().unwrap().remove(&user_id);
            answer.unwrap_or(Delivery::Delivered)
        }

        async fn show(&self, _: &Broadcast, progress: Progress, phase: Phase) {
            self.shown.lock().unwrap().push((progress, phase));
            match phase {
                Phase::Paused(_) => self.paused.notify_one(),
                Phase::Finished => self.finished.notify_one(),
                _ => {}
            }
        }
    }

    async fn started(db: &Db) -> i64 {
        let id = draft(db, ADMIN, ADMIN, 10).await.unwrap();
        start(db, id, 11, &[ADMIN as u64]).await.unwrap().unwrap();
        id
    }

    /// Runs the broadcaster until it has nothing left to do.
    async fn run_to_the_end(db: &Db, outlet: &Arc<FakeOutlet>) {
        let (_stop, stopped) = watch::channel(false);
        let mut stopped = stopped;
        send_started(db, outlet, &mut stopped).await.unwrap();
    }

    #[tokio::test]
    async fn each_customer_is_tried_once_and_the_outcomes_are_counted() {
        let (db, _dir) = temp_db().await;
        users(&db, [ADMIN, 2, 3, 4, 5]).await;
        let id = started(&db).await;
        let outlet = Arc::new(FakeOutlet::default());
        outlet.answers.lock().unwrap().extend([
            (3, Delivery::Unreachable("blocked".into())),
            (4, Delivery::Failed("bad request".into())),
        ]);
        run_to_the_end(&db, &outlet).await;
        assert_eq!(*outlet.copies.lock().unwrap(), vec![2, 3, 4, 5]);
        let (progress, phase) = *outlet.shown.lock().unwrap().last().unwrap();
        assert_eq!(phase, Phase::Finished);
        assert_eq!(
            progress,
            Progress {
                recipients: 4,
                sent: 2,
                blocked: 1,
                failed: 1,
                unknown: 0
            }
        );
        let blocked: Option<i64> = sqlx::query_scalar("SELECT blocked_at FROM users WHERE id = 3")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert!(blocked.is_some(), "marked as having blocked the bot");
        assert_eq!(
            broadcast(&db, id).await.unwrap().unwrap().stage(),
            Some(Stage::Done)
        );
        // Nothing is sent again.
        run_to_the_end(&db, &outlet).await;
        assert_eq!(outlet.copies.lock().unwrap().len(), 4);
    }

    #[tokio::test]
    async fn a_copy_cut_off_by_a_crash_is_never_sent_again() {
        let (db, _dir) = temp_db().await;
        users(&db, [ADMIN, 2, 3]).await;
        let id = started(&db).await;
        // The crash: customer 2's copy was claimed and never recorded.
        assert_eq!(claim_next(&db, id).await.unwrap(), Some(2));
        assert_eq!(settle_interrupted(&db).await.unwrap(), 1);
        let outlet = Arc::new(FakeOutlet::default());
        run_to_the_end(&db, &outlet).await;
        assert_eq!(*outlet.copies.lock().unwrap(), vec![3]);
        assert_eq!(
            marks(&db, id).await,
            vec![(2, "unknown".into()), (3, "sent".into())]
        );
    }

    #[tokio::test]
    async fn a_stop_during_flood_control_loses_nobody() {
        let (db, _dir) = temp_db().await;
        users(&db, [ADMIN, 2, 3, 4]).await;
        let id = started(&db).await;
        let outlet = Arc::new(FakeOutlet::default());
        outlet
            .answers
            .lock()
            .unwrap()
            .insert(3, Delivery::RetryAfter(Duration::from_secs(3600)));
        let (stop, stopped) = watch::channel(false);
        let broadcaster = tokio::spawn(run(db.clone(), outlet.clone(), Wake::default(), stopped));
        outlet.paused.notified().await;
        stop.send(true).unwrap();
        broadcaster.await.unwrap();
        assert_eq!(*outlet.copies.lock().unwrap(), vec![2, 3]);

        // The next run goes on where this one stopped.
        let (_stop, stopped) = watch::channel(false);
        let broadcaster = tokio::spawn(run(db.clone(), outlet.clone(), Wake::default(), stopped));
        outlet.finished.notified().await;
        broadcaster.abort();
        assert_eq!(*outlet.copies.lock().unwrap(), vec![2, 3, 3, 4]);
        assert_eq!(progress(&db, id).await.unwrap().sent, 3);
    }
}
