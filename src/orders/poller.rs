//! The status poller: a background task that keeps every active order (and refill) up to date,
//! per provider, in as few calls as the provider's API allows, within its rate limit, backing
//! off a provider that keeps failing.

use std::sync::Arc;
use std::time::Duration;

use futures::future::join_all;
use tokio::sync::{Notify, watch};

use super::OrderState;
use super::lifecycle::{CheckReport, check_orders};
use super::notice::{Notice, enqueue, enqueue_admins};
use crate::db::orders::Order;
use crate::db::{Db, now};
use crate::error::Result;
use crate::metrics::Metrics;
use crate::providers::{ProviderError, ProviderHandle, Providers, RefillState};

/// An order still `submitting` this long after its last change was interrupted (a crash, or a
/// create-order call that never returned): longer than any provider timeout.
const SUBMIT_GRACE_SECS: i64 = 300;
/// Orders looked at per round at most, oldest due first; the rest wait for the next round.
const ORDERS_PER_ROUND: i64 = 20_000;
/// The longest a failing provider is left alone.
const MAX_BACKOFF_SECS: i64 = 1800;

#[derive(Clone)]
pub struct Poller {
    db: Db,
    providers: Providers,
    admins: Vec<u64>,
    round: Duration,
    /// Woken after notices are queued, so they go out without waiting for the notifier's tick.
    notices_queued: Arc<Notify>,
}

/// What one round did, per provider.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoundReport {
    pub interrupted: u32,
    pub providers: Vec<(String, CheckReport)>,
    pub refills_checked: u32,
}

impl Poller {
    pub fn new(
        db: Db,
        providers: Providers,
        admins: Vec<u64>,
        round: Duration,
        notices_queued: Arc<Notify>,
    ) -> Self {
        Self {
            db,
            providers,
            admins,
            round,
            notices_queued,
        }
    }

    /// Runs rounds until `stop` turns true; a round in progress is finished first. Each round
    /// that finishes is recorded in `metrics`, which `/healthz` reads.
    pub async fn run(self, mut stop: watch::Receiver<bool>, metrics: Arc<Metrics>) {
        let mut ticker = tokio::time::interval(self.round);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticker.tick() => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                break;
            }
            match self.round_once().await {
                Ok(report) => {
                    metrics.poll_succeeded(now());
                    tracing::debug!(?report, "poll round done");
                }
                Err(e) => tracing::error!(error = %e, "poll round failed"),
            }
        }
    }

    /// One round: settle interrupted submissions, check every due order, follow due refills.
    pub async fn round_once(&self) -> Result<RoundReport> {
        let interrupted = self.settle_interrupted().await?;
        let due = self.db.orders_due(now(), ORDERS_PER_ROUND).await?;
        let checks = self.providers.iter().map(|provider| {
            let orders: Vec<Order> = due
                .iter()
                .filter(|o| o.provider == provider.name)
                .cloned()
                .collect();
            async move {
                let report = self.check_provider(provider, &orders).await;
                (provider.name.clone(), report)
            }
        });
        let mut providers = Vec::new();
        for (name, report) in join_all(checks).await {
            providers.push((name, report?));
        }
        let refills_checked = self.follow_refills().await?;
        self.notices_queued.notify_one();
        Ok(RoundReport {
            interrupted,
            providers,
            refills_checked,
        })
    }

    /// Checks one provider's due orders unless it is backing off, and records how it went.
    async fn check_provider(&self, provider: &ProviderHandle, orders: &[Order]) -> Result<CheckReport> {
        if orders.is_empty() || self.db.backing_off(&provider.name, now()).await? {
            return Ok(CheckReport::default());
        }
        let report = check_orders(&self.db, &self.admins, self.round, provider, orders).await?;
        self.record_health(&provider.name, report.failure.as_ref())
            .await?;
        Ok(report)
    }

    async fn record_health(&self, provider: &str, failure: Option<&ProviderError>) -> Result<()> {
        match failure {
            None => self.db.provider_succeeded(provider, now()).await,
            Some(error) => {
                let failures = self
                    .db
                    .provider_failed(provider, &error.to_string(), now())
                    .await?;
                let backoff = backoff_secs(self.round, failures);
                self.db.back_off(provider, now() + backoff).await?;
                tracing::warn!(provider, %error, failures, backoff, "provider failing: backing off");
                Ok(())
            }
        }
    }

    /// Orders left `submitting` by an interruption become `unknown_outcome`, and admins are
    /// told once per order (also for those that became so at placement). The money stays held.
    async fn settle_interrupted(&self) -> Result<u32> {
        let mut tx = self.db.begin_write().await?;
        let stale = now() - SUBMIT_GRACE_SECS;
        let interrupted = sqlx::query(
            "UPDATE orders SET state = ?, error = COALESCE(error, 'interrupted before the provider answered'),
                 updated_at = ?
             WHERE state = ? AND updated_at < ?",
        )
        .bind(OrderState::UnknownOutcome.as_str())
        .bind(now())
        .bind(OrderState::Submitting.as_str())
        .bind(stale)
        .execute(&mut *tx)
        .await?
        .rows_affected() as u32;
        let unsettled: Vec<(i64, i64, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT id, user_id, provider, charge_minor, error FROM orders WHERE state = ?
             AND NOT EXISTS (SELECT 1 FROM notifications WHERE dedupe_key LIKE 'unknown_outcome:' || orders.id || ':%')",
        )
        .bind(OrderState::UnknownOutcome.as_str())
        .fetch_all(&mut *tx)
        .await?;
        for (order_id, user_id, provider, charge_minor, reason) in unsettled {
            let notice = Notice::UnknownOutcome {
                order_id,
                user_id,
                provider,
                charge_minor,
                reason: reason.unwrap_or_default(),
            };
            enqueue_admins(
                &mut tx,
                &self.admins,
                &format!("unknown_outcome:{order_id}"),
                &notice,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(interrupted)
    }

    /// Asks for the state of every due refill and tells the customer how finished ones ended.
    async fn follow_refills(&self) -> Result<u32> {
        let due = self.db.refills_due(now()).await?;
        let mut checked = 0;
        for provider in self.providers.iter() {
            let mine: Vec<_> = due.iter().filter(|r| r.provider == provider.name).collect();
            if mine.is_empty() {
                continue;
            }
            let ids: Vec<String> = mine.iter().map(|r| r.provider_refill_id.clone()).collect();
            let answers = match provider.api.refill_statuses(&ids).await {
                Ok(answers) => answers,
                Err(error) => {
                    tracing::warn!(provider = %provider.name, %error, "refill statuses unavailable");
                    continue;
                }
            };
            let mut tx = self.db.begin_write().await?;
            for refill in mine {
                checked += 1;
                let Some(Ok(status)) = answers.get(&refill.provider_refill_id) else {
                    sqlx::query("UPDATE refills SET next_check_at = ? WHERE id = ?")
                        .bind(now() + self.round.as_secs() as i64 * 3)
                        .bind(refill.id)
                        .execute(&mut *tx)
                        .await?;
                    continue;
                };
                let finished = matches!(status.state, RefillState::Completed | RefillState::Rejected);
                let state = match status.state {
                    RefillState::Pending => "pending",
                    RefillState::InProgress => "in_progress",
                    RefillState::Completed => "completed",
                    RefillState::Rejected => "rejected",
                    RefillState::Unknown => "unknown",
                };
                let next = (!finished).then(|| now() + self.round.as_secs() as i64 * 3);
                sqlx::query(
                    "UPDATE refills SET state = ?, provider_status = ?, next_check_at = ?, updated_at = ?
                     WHERE id = ? AND next_check_at IS NOT NULL",
                )
                .bind(state)
                .bind(&status.raw_status)
                .bind(next)
                .bind(now())
                .bind(refill.id)
                .execute(&mut *tx)
                .await?;
                if finished {
                    let notice = Notice::RefillFinished {
                        order_id: refill.order_id,
                        service: refill.service_name.clone(),
                        completed: status.state == RefillState::Completed,
                    };
                    enqueue(
                        &mut tx,
                        refill.user_id,
                        &format!("refill:{}:finished", refill.id),
                        &notice,
                    )
                    .await?;
                }
            }
            tx.commit().await?;
        }
        Ok(checked)
    }
}

/// A failing provider waits one round after its first failure, then twice as long each time,
/// up to half an hour.
fn backoff_secs(round: Duration, failures: i64) -> i64 {
    let round = i64::try_from(round.as_secs()).unwrap_or(60).max(1);
    let exponent = u32::try_from(failures.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
    round.saturating_mul(1 << exponent).min(MAX_BACKOFF_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_a_ceiling() {
        let round = Duration::from_secs(20);
        assert_eq!(backoff_secs(round, 1), 20);
        assert_eq!(backoff_secs(round, 2), 40);
        assert_eq!(backoff_secs(round, 4), 160);
        assert_eq!(backoff_secs(round, 30), MAX_BACKOFF_SECS);
    }
}
