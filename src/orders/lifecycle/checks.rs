//! Asking a provider how placed orders stand: as many ids a call as its API takes, each call's
//! answers applied in one transaction; and one order re-checked at once, on request.

use std::collections::HashMap;
use std::time::Duration;

use sqlx::SqliteConnection;

use super::{apply_status, next_check};
use crate::db::notices::{Notice, enqueue_admins};
use crate::db::orders::Order;
use crate::db::{Db, now};
use crate::error::{ApiErrorKind, ProviderError, Result};
use crate::providers::{OrderStatus, ProviderHandle, Providers};

/// What one round of checks with a provider did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckReport {
    pub status_calls: u32,
    pub applied: u32,
    pub changed: u32,
    /// Orders the answers said nothing about.
    pub no_information: u32,
    /// The call that failed and ended the round early, if one did.
    pub failure: Option<ProviderError>,
}

/// Checks orders of one provider: as many ids a call as its API takes, each call's answers
/// applied in one transaction. A failed call ends the round (the caller backs the provider off);
/// what was applied before stays applied.
pub async fn check_orders(
    db: &Db,
    admins: &[u64],
    round: Duration,
    provider: &ProviderHandle,
    orders: &[Order],
) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    // Ids in the order the orders came (oldest due first), each once.
    let mut by_provider_id: HashMap<&str, Vec<&Order>> = HashMap::new();
    let mut ids = Vec::new();
    for order in orders {
        if let Some(id) = order.provider_order_id.as_deref() {
            let holders = by_provider_id.entry(id).or_default();
            if holders.is_empty() {
                ids.push(id.to_string());
            }
            holders.push(order);
        }
    }
    for batch in ids.chunks(provider.api.status_batch_limit().max(1)) {
        report.status_calls += 1;
        let answers = match provider.api.statuses(batch).await {
            Ok(answers) => answers,
            Err(e) => {
                report.failure = Some(e);
                return Ok(report);
            }
        };
        let applied = apply_batch(db, admins, round, provider, batch, &by_provider_id, &answers).await?;
        report.applied += applied.applied;
        report.changed += applied.changed;
        report.no_information += applied.no_information;
    }
    Ok(report)
}

async fn apply_batch(
    db: &Db,
    admins: &[u64],
    round: Duration,
    provider: &ProviderHandle,
    batch: &[String],
    by_provider_id: &HashMap<&str, Vec<&Order>>,
    answers: &crate::providers::PerId<OrderStatus>,
) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    let mut tx = db.begin_write().await?;
    let now = now();
    for id in batch {
        for order in by_provider_id.get(id.as_str()).into_iter().flatten() {
            match answers.get(id) {
                Some(Ok(status)) => {
                    let applied = apply_status(&mut tx, admins, round, order.id, status).await?;
                    report.applied += 1;
                    report.changed += u32::from(applied.changed);
                }
                Some(Err(error)) => {
                    report.no_information += 1;
                    reschedule(&mut tx, order, now, round).await?;
                    if matches!(
                        error,
                        ProviderError::Api {
                            kind: ApiErrorKind::OrderNotFound,
                            ..
                        }
                    ) {
                        let notice = Notice::NeedsAttention {
                            order_id: order.id,
                            provider: provider.name.clone(),
                            problem: format!("the provider does not know this order: {error}"),
                        };
                        enqueue_admins(
                            &mut tx,
                            admins,
                            &format!("attention:{}:not_found", order.id),
                            &notice,
                        )
                        .await?;
                    }
                }
                None => {
                    report.no_information += 1;
                    reschedule(&mut tx, order, now, round).await?;
                }
            }
        }
    }
    tx.commit().await?;
    Ok(report)
}

async fn reschedule(conn: &mut SqliteConnection, order: &Order, now: i64, round: Duration) -> Result<()> {
    sqlx::query("UPDATE orders SET next_check_at = ? WHERE id = ?")
        .bind(next_check(now, order.created_at, round))
        .bind(order.id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What re-checking one order now gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    Updated,
    NoInformation,
    Failed(ProviderError),
}

/// Re-checks one order now (within its provider's rate limit) and applies the answer.
pub async fn check_now(
    db: &Db,
    providers: &Providers,
    admins: &[u64],
    round: Duration,
    order: &Order,
) -> Result<Checked> {
    let Some(provider) = providers.get(&order.provider) else {
        return Ok(Checked::NoInformation);
    };
    if order.provider_order_id.is_none() || order.state().is_terminal() {
        return Ok(Checked::NoInformation);
    }
    let report = check_orders(db, admins, round, provider, std::slice::from_ref(order)).await?;
    Ok(match report.failure {
        Some(error) => Checked::Failed(error),
        None if report.applied > 0 => Checked::Updated,
        None => Checked::NoInformation,
    })
}
