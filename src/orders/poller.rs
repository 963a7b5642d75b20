//! The status poller: a background task that keeps every active order (and refill) up to date,
//! per provider, in as few calls as the provider's API allows, within its rate limit, backing
//! off a provider that keeps failing.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use futures::future::join_all;
use tokio::sync::{Notify, watch};

use super::lifecycle::{CheckReport, check_orders};
use super::pending;
use crate::audit;
use crate::db::notices::{Notice, enqueue, enqueue_admins};
use crate::db::orders::Order;
use crate::db::{Db, now};
use crate::error::{ProviderError, Result};
use crate::metrics::Metrics;
use crate::payments;
use crate::pricing::Pricing;
use crate::providers::http::request_limit;
use crate::providers::{ProviderHandle, Providers, RefillState};
use crate::vocabulary::OrderState;

/// The least time an order may stay `submitting` before it counts as interrupted.
const MIN_SUBMIT_GRACE: Duration = Duration::from_secs(300);
/// Added to the longest create-order request: the database work around it.
const SUBMIT_MARGIN: Duration = Duration::from_secs(60);
/// Orders looked at per round at most, oldest due first; the rest wait for the next round.
const ORDERS_PER_ROUND: i64 = 20_000;
/// The longest a failing provider is left alone.
const MAX_BACKOFF_SECS: i64 = 1800;

#[derive(Clone)]
pub struct Poller {
    db: Db,
    providers: Providers,
    /// For placing purchases whose credit came just before a crash.
    pricing: Pricing,
    admins: Vec<u64>,
    round: Duration,
    /// See [`submit_grace`].
    submit_grace: Duration,
    /// Woken after notices are queued, so they go out without waiting for the notifier's tick.
    notices_queued: Arc<Notify>,
    /// The newest ledger row the money audit has looked at.
    audited_ledger: Arc<AtomicI64>,
}

/// What one round did, per provider.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoundReport {
    pub interrupted: u32,
    /// Stars payments whose retried credit went through this round.
    pub payments_credited: u32,
    /// Purchases paid for by a credit and placed by this round (a crash had come between).
    pub purchases_placed: u32,
    pub providers: Vec<(String, CheckReport)>,
    pub refills_checked: u32,
    /// What the money audit found in what moved since the last audit.
    pub audit_findings: usize,
}

impl Poller {
    pub fn new(
        db: Db,
        providers: Providers,
        pricing: Pricing,
        admins: Vec<u64>,
        round: Duration,
        notices_queued: Arc<Notify>,
    ) -> Self {
        Self {
            submit_grace: submit_grace(&providers),
            db,
            providers,
            pricing,
            admins,
            round,
            notices_queued,
            audited_ledger: Arc::default(),
        }
    }

    /// Runs rounds until `stop` turns true; a round in progress is finished first. Each round
    /// that finishes is recorded in `metrics`, which `/healthz` reads.
    pub async fn run(self, mut stop: watch::Receiver<bool>, metrics: Arc<Metrics>) {
        match self.audit(audit::Scope::Everything).await {
            Ok(findings) => metrics.audited(findings),
            Err(e) => tracing::error!(error = %e, "the money audit at start failed"),
        }
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
                    metrics.audited(report.audit_findings);
                    tracing::debug!(?report, "poll round done");
                }
                Err(e) => tracing::error!(error = %e, "poll round failed"),
            }
        }
    }

    /// One round: settle interrupted submissions, retry failed payment credits, check every due
    /// order, follow due refills, and audit the money when anything was refunded.
    pub async fn round_once(&self) -> Result<RoundReport> {
        let interrupted = self.settle_interrupted().await?;
        let payments_credited = self.credit_pending_payments().await?;
        let purchases_placed =
            pending::place_all_funded(&self.db, &self.providers, &self.pricing, &self.admins).await?;
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
        let moved = audit::Scope::since(self.audited_ledger.load(Ordering::Relaxed));
        let audit_findings = self.audit(moved).await?;
        self.notices_queued.notify_one();
        Ok(RoundReport {
            interrupted,
            payments_credited,
            purchases_placed,
            providers,
            refills_checked,
            audit_findings,
        })
    }

    /// Audits `scope` (the ledger rows after the last audit, and what they are about) and moves
    /// the mark on to the newest row seen before it started.
    async fn audit(&self, scope: audit::Scope) -> Result<usize> {
        let newest = audit::last_ledger_row(&self.db).await?;
        let findings = audit::run_and_report(&self.db, &self.admins, &scope).await?;
        self.audited_ledger.store(newest, Ordering::Relaxed);
        Ok(findings)
    }

    /// Credits the Stars payments whose credit failed when they came, and tells each customer
    /// when theirs lands; one that fails again is told to the admins (once per payment).
    async fn credit_pending_payments(&self) -> Result<u32> {
        let (credited, failed) = payments::credit_pending(&self.db).await?;
        if credited.is_empty() && failed.is_empty() {
            return Ok(0);
        }
        let mut tx = self.db.begin_write().await?;
        for done in &credited {
            tracing::info!(
                charge = done.charge_id,
                user = done.user_id,
                "stars payment credited on retry"
            );
            // One paying for a waiting purchase is told with it, by the round's next step.
            if done.funded_purchase {
                continue;
            }
            let notice = Notice::TopupCredited {
                charge_id: done.charge_id.clone(),
                stars: done.stars,
                amount_minor: done.amount_minor,
                balance_minor: done.balance_minor,
            };
            enqueue(
                &mut tx,
                done.user_id,
                &format!("topup:{}:credited", done.charge_id),
                &notice,
            )
            .await?;
        }
        for (payment, error) in failed {
            tracing::error!(payment = payment.id, charge = payment.charge_id, %error, "stars payment credit failed again");
            let notice = Notice::PaymentNotCredited {
                charge_id: payment.charge_id.clone(),
                user_id: payment.user_id,
                error: error.to_string(),
            };
            let key = format!("payment:{}:not_credited", payment.charge_id);
            enqueue_admins(&mut tx, &self.admins, &key, &notice).await?;
        }
        tx.commit().await?;
        Ok(u32::try_from(credited.len()).unwrap_or(u32::MAX))
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
        let stale = now() - i64::try_from(self.submit_grace.as_secs()).unwrap_or(i64::MAX);
        let interrupted = sqlx::query(
            "UPDATE orders SET state = ?, error = COALESCE(error, 'interrupted before the provider answered'),
                 updated_at = ?
             WHERE state = ? AND updated_at < ?",
        )
        .bind(OrderState::UnknownOutcome.as_str())
        .bind(now())
        .bind(OrderState::Submitting.as_str())
        .bind(stale)
        .execute(self.db.pool())
        .await?
        .rows_affected() as u32;
        let untold: Vec<(i64, i64, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT id, user_id, provider, charge_minor, error FROM orders WHERE state = ?
             AND NOT EXISTS (SELECT 1 FROM notifications
                 -- The keys 'unknown_outcome:<id>:…' as a range of the unique index (';' follows ':').
                 WHERE dedupe_key >= 'unknown_outcome:' || orders.id || ':'
                   AND dedupe_key < 'unknown_outcome:' || orders.id || ';')",
        )
        .bind(OrderState::UnknownOutcome.as_str())
        .fetch_all(self.db.pool())
        .await?;
        // Most rounds have nothing to tell: no write transaction for them.
        if untold.is_empty() {
            return Ok(interrupted);
        }
        let mut tx = self.db.begin_write().await?;
        for (order_id, user_id, provider, charge_minor, reason) in untold {
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

/// How long an order may stay `submitting` before it counts as interrupted (a crash, or a stop
/// that cut a call off): longer than any create-order request can take, its wait for a turn
/// under the rate limit included, so an answer still on its way is never given up on. One
/// that comes later all the same is reconciled when it comes (see `submission`).
fn submit_grace(providers: &Providers) -> Duration {
    let slowest = providers
        .iter()
        .map(|p| request_limit(&p.config))
        .max()
        .unwrap_or_default();
    (slowest + SUBMIT_MARGIN).max(MIN_SUBMIT_GRACE)
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
    fn the_submit_grace_outlasts_the_slowest_create_order_request() {
        let providers = |timeout: &str| {
            let vars = [
                ("PROVIDERS", "a,b"),
                ("PROVIDER_A_KIND", "panel_v2"),
                ("PROVIDER_A_URL", "https://a.example/api/v2"),
                ("PROVIDER_A_KEY", "k"),
                ("PROVIDER_B_KIND", "panel_v2"),
                ("PROVIDER_B_URL", "https://b.example/api/v2"),
                ("PROVIDER_B_KEY", "k"),
                ("PROVIDER_B_RPS", "1"),
                ("PROVIDER_B_TIMEOUT_SECS", timeout),
            ];
            let config = crate::config::Config::from_lookup(|name| {
                vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
            })
            .unwrap();
            Providers::from_config(&config.providers).unwrap()
        };
        // Short timeouts keep the floor.
        assert_eq!(submit_grace(&providers("5")), MIN_SUBMIT_GRACE);
        // 120 s idle timeout: a call may take 600 s, and as long again waiting for its turn.
        let slow = providers("120");
        let longest = slow.iter().map(|p| request_limit(&p.config)).max().unwrap();
        assert_eq!(longest, Duration::from_secs(1200));
        assert_eq!(submit_grace(&slow), Duration::from_secs(1260));
    }

    #[test]
    fn backoff_doubles_up_to_a_ceiling() {
        let round = Duration::from_secs(20);
        assert_eq!(backoff_secs(round, 1), 20);
        assert_eq!(backoff_secs(round, 2), 40);
        assert_eq!(backoff_secs(round, 4), 160);
        assert_eq!(backoff_secs(round, 30), MAX_BACKOFF_SECS);
    }
}
