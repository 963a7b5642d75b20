//! What happens to an order after it is placed: each status a provider reports is applied in
//! one transaction — the state (terminal states are sticky), progress, the refund it causes
//! (exactly once, through the ledger) and the notices it is worth — so a crash or a restart in
//! the middle can neither lose nor repeat any of it.
//!
//! Asking the providers for those statuses is in `checks.rs`.

mod checks;

use std::time::Duration;

use sqlx::{FromRow, SqliteConnection};

use crate::db::notices::{MILESTONE_STATE, Notice, enqueue, enqueue_admins};
use crate::db::orders::{self, RefundBy};
use crate::db::referrals;
use crate::db::{Db, now};
use crate::error::{Error, Result};
use crate::providers::{OrderStatus, RemoteState};
use crate::vocabulary::OrderState;

pub use checks::{CheckReport, Checked, check_now, check_orders};

/// Delivery milestones (in percent) that may be worth a message while an order is in progress:
/// halfway, and three quarters for the orders that take long (see [`worth_a_milestone`]).
const MILESTONES: [i64; 2] = [50, 75];
/// The least time the rest of a delivery must look like taking for a milestone to be told.
const MILESTONE_MIN_WAIT_SECS: i64 = 15 * 60;

/// Our state for what the provider reports; `None` for a status we cannot read.
fn target_state(remote: RemoteState) -> Option<OrderState> {
    Some(match remote {
        RemoteState::Pending => OrderState::Pending,
        RemoteState::InProgress => OrderState::InProgress,
        RemoteState::Completed => OrderState::Completed,
        RemoteState::Partial => OrderState::Partial,
        RemoteState::Canceled => OrderState::Canceled,
        RemoteState::Refunded => OrderState::Refunded,
        RemoteState::Failed => OrderState::Failed,
        RemoteState::Unknown => return None,
    })
}

impl OrderState {
    /// States after which nothing more happens to an order.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::Rejected | Self::Completed | Self::Partial | Self::Canceled | Self::Refunded | Self::Failed
        )
    }
}

/// The final state and the refund it owes in all, for an order charged `charge` for `billed`
/// items, given the remains the final answer reports (`None` when it reports none) and the
/// last ones observed before it. `None` for the refund: it cannot be decided here, and an admin
/// is told.
///
/// - Completed owes nothing. Refunded and failed owe everything.
/// - Partial owes `charge × remains / billed`, rounded down, remains clamped to `0..=billed`;
///   without remains in the answer the last observed ones stand (they can only be higher than
///   the truth, never lower); with none at all it cannot be computed.
/// - Canceled with remains (reported, else last observed) below `billed` was partly delivered:
///   it becomes a partial. Canceled with no remains and no progress ever seen owes everything.
///   Canceled with remains 0 — "everything delivered, then canceled" — owes nothing by the
///   numbers, but panels also send 0 for orders that never started: an admin decides.
/// - Drip-feed orders (only the panel API v2 takes runs): `remains` is read as the total over
///   all runs, as SmartPanel-style panels report the parent order, and `billed` is runs ×
///   quantity. A per-run figure would be at most `quantity`, so it reads as a larger delivery
///   than happened: the customer is refunded less, never more, than is owed, and can ask.
pub fn settlement(
    state: OrderState,
    charge: i64,
    billed: i64,
    remains: Option<i64>,
    remains_before: Option<i64>,
) -> (OrderState, Option<i64>) {
    let billed = billed.max(1);
    let share = |remains: i64| {
        let remains = i128::from(remains.clamp(0, billed));
        i64::try_from(i128::from(charge) * remains / i128::from(billed)).unwrap_or(charge)
    };
    let known = remains.or(remains_before);
    match state {
        OrderState::Canceled => match known {
            Some(r) if r <= 0 => (state, None),
            Some(r) if r < billed => (OrderState::Partial, Some(share(r))),
            _ => (state, Some(charge)),
        },
        OrderState::Refunded | OrderState::Failed => (state, Some(charge)),
        OrderState::Partial => (state, known.map(share)),
        other => (other, Some(0)),
    }
}

/// What applying one status did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub changed: bool,
    pub refunded_minor: i64,
}

/// The order fields a status is applied to.
#[derive(Debug, FromRow)]
struct Current {
    user_id: i64,
    state: String,
    quantity: i64,
    runs: Option<i64>,
    charge_minor: i64,
    remains: Option<i64>,
    start_count: Option<i64>,
    provider: String,
    created_at: i64,
    service_name: String,
}

/// When to look at an order next: fresh orders every round, older ones less often.
pub fn next_check(now: i64, created_at: i64, round: Duration) -> i64 {
    let age = now - created_at;
    let rounds = if age < 600 {
        1
    } else if age < 3600 {
        3
    } else if age < 86_400 {
        15
    } else {
        60
    };
    now + i64::try_from(round.as_secs()).unwrap_or(60).max(1) * rounds
}

/// Applies one observed status to an order, inside the caller's transaction.
pub async fn apply_status(
    conn: &mut SqliteConnection,
    admins: &[u64],
    round: Duration,
    order_id: i64,
    status: &OrderStatus,
) -> Result<Applied> {
    let Some(current) = sqlx::query_as::<_, Current>(
        "SELECT o.user_id, o.state, o.quantity, o.runs, o.charge_minor, o.remains, o.start_count,
                o.provider, o.created_at, s.name AS service_name
         FROM orders o JOIN services s ON s.id = o.service_id WHERE o.id = ?",
    )
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Err(Error::Internal(format!("status for unknown order {order_id}")));
    };
    let now = now();
    let old = OrderState::from_db(&current.state);
    let billed = current.quantity * current.runs.unwrap_or(1).max(1);

    let Some(reported) = target_state(status.state) else {
        // Not guessed: the order keeps its state, the words are kept, admins hear it once.
        record_check(conn, order_id, status, old, current.created_at, now, round).await?;
        let notice = Notice::UnknownStatus {
            order_id,
            provider: current.provider.clone(),
            raw_status: status.raw_status.clone(),
        };
        let key = format!("unknown_status:{order_id}:{}", status.raw_status);
        enqueue_admins(conn, admins, &key, &notice).await?;
        return Ok(Applied::default());
    };
    if old.is_terminal() {
        if reported != old {
            tracing::warn!(
                order_id,
                from = old.as_str(),
                reported = reported.as_str(),
                "status after a final one ignored"
            );
        }
        return Ok(Applied::default());
    }

    let (new, refund) = if reported.is_terminal() {
        settlement(
            reported,
            current.charge_minor,
            billed,
            status.remains,
            current.remains,
        )
    } else {
        (reported, Some(0))
    };
    let next = (!new.is_terminal()).then(|| next_check(now, current.created_at, round));
    let updated = sqlx::query(
        "UPDATE orders SET state = ?, provider_status = ?, remains = ?, start_count = ?, provider_charge = ?,
             checked_at = ?, next_check_at = ?, updated_at = ?
         WHERE id = ? AND state = ?",
    )
    .bind(new.as_str())
    .bind(&status.raw_status)
    .bind(status.remains.or(current.remains))
    .bind(status.start_count.or(current.start_count))
    .bind(status.charge.map(|c| c.to_string()))
    .bind(now)
    .bind(next)
    .bind(now)
    .bind(order_id)
    .bind(old.as_str())
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(Applied::default());
    }
    let remains = status.remains.or(current.remains);
    let changed = new != old
        || remains != current.remains
        || status.start_count.is_some_and(|s| Some(s) != current.start_count);
    if changed {
        sqlx::query(
            "INSERT INTO order_events (order_id, state, provider_status, remains, start_count, provider_charge, observed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(order_id)
        .bind(new.as_str())
        .bind(&status.raw_status)
        .bind(remains)
        .bind(status.start_count)
        .bind(status.charge.map(|c| c.to_string()))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }

    let refunded_minor = match refund {
        Some(due_minor) => {
            let by = RefundBy::Settlement { due_minor };
            orders::refund_order(conn, order_id, by, new.as_str()).await?
        }
        None => {
            let notice = Notice::NeedsAttention {
                order_id,
                provider: current.provider.clone(),
                problem: format!(
                    "{} with remains {}: the refund could not be decided, refund by hand",
                    status.raw_status,
                    remains.map_or("unknown".to_string(), |r| r.to_string())
                ),
            };
            enqueue_admins(
                conn,
                admins,
                &format!("attention:{order_id}:refund_undecided"),
                &notice,
            )
            .await?;
            0
        }
    };
    if new.is_terminal() {
        referrals::settle_commissions(conn, order_id).await?;
    }

    // One observation, one message at most: the most important change it brought.
    let running_secs = now - current.created_at;
    let update = customer_update(old, new, billed, (current.remains, remains), running_secs);
    if let Some(update) = update {
        let (state, key) = match update {
            CustomerUpdate::Finished(state) => (state.as_str().to_string(), state.as_str().to_string()),
            CustomerUpdate::Started => {
                let state = OrderState::InProgress.as_str();
                (state.to_string(), state.to_string())
            }
            CustomerUpdate::Milestone(percent) => {
                (MILESTONE_STATE.into(), format!("{MILESTONE_STATE}:{percent}"))
            }
        };
        let notice = Notice::OrderChanged {
            order_id,
            service: current.service_name.clone(),
            state,
            quantity: billed,
            remains,
            refunded_minor,
        };
        enqueue(conn, current.user_id, &format!("order:{order_id}:{key}"), &notice).await?;
    }
    Ok(Applied {
        changed,
        refunded_minor,
    })
}

/// What one observation is worth telling the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CustomerUpdate {
    /// The order ended: always told, whatever came before.
    Finished(OrderState),
    /// Delivery began; any progress seen with it goes in the same message.
    Started,
    /// Delivery passed this milestone (percent) in an order slow enough for news to help.
    Milestone(i64),
}

/// The one message an observation is worth, if any: the end over the start, the start over a
/// milestone. `remains` is before and after the observation; `running_secs` is how long ago
/// the order was placed.
fn customer_update(
    old: OrderState,
    new: OrderState,
    billed: i64,
    remains: (Option<i64>, Option<i64>),
    running_secs: i64,
) -> Option<CustomerUpdate> {
    if new.is_terminal() {
        return Some(CustomerUpdate::Finished(new));
    }
    if new != OrderState::InProgress {
        return None;
    }
    if old != OrderState::InProgress {
        return Some(CustomerUpdate::Started);
    }
    let milestone = crossed_milestone(billed, remains.0, remains.1)?;
    let done = delivered_percent(billed, remains.1?);
    worth_a_milestone(done, running_secs).then_some(CustomerUpdate::Milestone(milestone))
}

/// The highest delivery milestone passed between two observations of `remains`.
fn crossed_milestone(billed: i64, before: Option<i64>, after: Option<i64>) -> Option<i64> {
    let was = before.map_or(0, |r| delivered_percent(billed, r));
    let now = delivered_percent(billed, after?);
    MILESTONES.into_iter().filter(|m| was < *m && now >= *m).max()
}

fn delivered_percent(billed: i64, remains: i64) -> i64 {
    (billed - remains.clamp(0, billed)) * 100 / billed.max(1)
}

/// A milestone helps a customer who is still waiting a while: when, at the pace so far, the
/// rest takes at least `MILESTONE_MIN_WAIT_SECS` more. A quick order goes from started to done
/// without news in between.
fn worth_a_milestone(done_percent: i64, running_secs: i64) -> bool {
    let done = done_percent.clamp(1, 100);
    running_secs.max(0).saturating_mul(100 - done) / done >= MILESTONE_MIN_WAIT_SECS
}

/// Notes that an order was looked at without a change we can apply.
async fn record_check(
    conn: &mut SqliteConnection,
    order_id: i64,
    status: &OrderStatus,
    state: OrderState,
    created_at: i64,
    now: i64,
    round: Duration,
) -> Result<()> {
    let next = (!state.is_terminal()).then(|| next_check(now, created_at, round));
    sqlx::query("UPDATE orders SET provider_status = ?, checked_at = ?, next_check_at = ? WHERE id = ?")
        .bind(&status.raw_status)
        .bind(now)
        .bind(next)
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Settles an order whose creation outcome is unknown by refunding it in full, once, and tells
/// the customer: the admin's answer when the provider has no such order.
pub async fn settle_refund(db: &Db, order_id: i64, reason: &str) -> Result<Option<i64>> {
    let mut tx = db.begin_write().await?;
    let from = [OrderState::UnknownOutcome, OrderState::Submitting];
    if !orders::settle(&mut tx, order_id, &from, OrderState::Refunded, reason).await? {
        return Ok(None);
    }
    let by = RefundBy::Settlement { due_minor: i64::MAX };
    let refunded = orders::refund_order(&mut tx, order_id, by, reason).await?;
    let (user_id, service, quantity, runs): (i64, String, i64, Option<i64>) = sqlx::query_as(
        "SELECT o.user_id, s.name, o.quantity, o.runs FROM orders o JOIN services s ON s.id = o.service_id
         WHERE o.id = ?",
    )
    .bind(order_id)
    .fetch_one(&mut *tx)
    .await?;
    let notice = Notice::OrderChanged {
        order_id,
        service,
        state: OrderState::Refunded.as_str().into(),
        quantity: quantity * runs.unwrap_or(1).max(1),
        remains: None,
        refunded_minor: refunded,
    };
    enqueue(
        &mut tx,
        user_id,
        &format!("order:{order_id}:{}", OrderState::Refunded.as_str()),
        &notice,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(refunded))
}

#[cfg(test)]
mod tests;
