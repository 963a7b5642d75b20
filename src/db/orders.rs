//! Order rows. Every write that moves money runs in one transaction with its ledger row.

use sqlx::{FromRow, SqliteConnection};

use super::ledger::{self, LedgerError, LedgerKind, Movement};
use super::{Db, is_unique_violation, now};
use crate::db::notices::{Notice, enqueue};
use crate::error::{Error, Result};
use crate::vocabulary::{DripFeed, OrderExtras, OrderState};

#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct Order {
    pub id: i64,
    pub user_id: i64,
    pub service_id: i64,
    pub service_name: String,
    pub provider: String,
    pub provider_service_id: String,
    pub link: String,
    pub quantity: i64,
    pub charge_minor: i64,
    pub provider_order_id: Option<String>,
    pub state: String,
    pub provider_status: Option<String>,
    pub remains: Option<i64>,
    pub start_count: Option<i64>,
    pub error: Option<String>,
    pub comments: Option<String>,
    pub answer_number: Option<i64>,
    pub runs: Option<i64>,
    pub interval_minutes: Option<i64>,
    /// What went back to the customer for this order so far.
    pub refunded_minor: i64,
    /// When the customer asked the provider to cancel it.
    pub cancel_requested_at: Option<i64>,
    /// When the provider last answered about it.
    pub checked_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Order {
    pub fn state(&self) -> OrderState {
        OrderState::from_db(&self.state)
    }

    pub fn extras(&self) -> OrderExtras {
        let number = |n: Option<i64>| n.and_then(|n| u32::try_from(n).ok());
        OrderExtras {
            comments: self.comments.clone(),
            answer_number: number(self.answer_number),
            dripfeed: number(self.runs)
                .zip(number(self.interval_minutes))
                .map(|(runs, interval_minutes)| DripFeed {
                    runs,
                    interval_minutes,
                }),
        }
    }

    /// What of the charge has not gone back yet.
    pub fn refundable_minor(&self) -> i64 {
        self.charge_minor - self.refunded_minor
    }

    /// Every item the order delivers: a drip-feed order delivers `quantity` on each run.
    pub fn billed_items(&self) -> i64 {
        self.quantity * self.runs.unwrap_or(1).max(1)
    }
}

/// The columns of [`Order`], from `orders o JOIN services s`.
pub const ORDER_COLUMNS: &str = "o.id, o.user_id, o.service_id, s.name AS service_name, o.provider,
    o.provider_service_id, o.link, o.quantity, o.charge_minor, o.provider_order_id, o.state,
    o.provider_status, o.remains, o.start_count, o.error, o.comments, o.answer_number, o.runs,
    o.interval_minutes, o.refunded_minor, o.cancel_requested_at, o.checked_at, o.created_at,
    o.updated_at";

/// An order with what its customer may ask of it: what its service allows, and whether a
/// refill of it is still being followed.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct OrderCard {
    #[sqlx(flatten)]
    pub order: Order,
    pub service_refill: bool,
    pub service_cancel: bool,
    pub refill_running: bool,
}

/// A paid order about to be sent to its provider.
#[derive(Debug, Clone)]
pub struct NewPaidOrder<'a> {
    pub user_id: i64,
    pub service_id: i64,
    pub provider: &'a str,
    pub provider_service_id: &'a str,
    /// Identifies the customer action, so repeating it cannot place a second order.
    pub request_key: &'a str,
    pub link: &'a str,
    pub quantity: i64,
    pub extras: &'a OrderExtras,
    pub charge_minor: i64,
}

/// The provider's last status answer about an order, as stored (its own words and numbers).
#[derive(Debug, Clone, Default, PartialEq, FromRow)]
pub struct ProviderAnswer {
    pub provider_status: Option<String>,
    pub remains: Option<i64>,
    pub start_count: Option<i64>,
    /// What the provider says it charged us, exact decimal text in its currency.
    pub provider_charge: Option<String>,
    pub checked_at: Option<i64>,
}

/// One observed change of an order (`order_events`).
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct OrderEvent {
    pub state: String,
    pub provider_status: Option<String>,
    pub remains: Option<i64>,
    pub observed_at: i64,
}

/// How an admin's refund of an order went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminRefund {
    Refunded {
        user_id: i64,
        amount_minor: i64,
    },
    NoSuchOrder,
    /// Being sent to the provider, or its outcome is unknown (settled with its own buttons).
    NotSettled(OrderState),
    /// An admin refunded it before, or nothing of its charge is left to refund: this much of
    /// it went back in all.
    AlreadyRefunded {
        amount_minor: i64,
    },
    /// Nothing, or more than is left of the order's charge.
    BadAmount {
        max_minor: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayError {
    InsufficientFunds {
        balance: i64,
        needed: i64,
    },
    /// This customer action already placed order `0`.
    Duplicate(i64),
}

impl Db {
    /// Inserts the order as `submitting` and debits its charge, in one transaction. Only after
    /// this commits may the provider be called.
    pub async fn create_paid_order(
        &self,
        new: &NewPaidOrder<'_>,
    ) -> Result<std::result::Result<(i64, i64), PayError>> {
        let mut tx = self.begin_write().await?;
        let now = now();
        let inserted: std::result::Result<i64, sqlx::Error> = sqlx::query_scalar(
            "INSERT INTO orders (user_id, service_id, provider, provider_service_id, request_key,
                 link, quantity, charge_minor, state, comments, answer_number, runs, interval_minutes,
                 created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(new.user_id)
        .bind(new.service_id)
        .bind(new.provider)
        .bind(new.provider_service_id)
        .bind(new.request_key)
        .bind(new.link)
        .bind(new.quantity)
        .bind(new.charge_minor)
        .bind(OrderState::Submitting.as_str())
        .bind(&new.extras.comments)
        .bind(new.extras.answer_number)
        .bind(new.extras.dripfeed.map(|d| d.runs))
        .bind(new.extras.dripfeed.map(|d| d.interval_minutes))
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
        let order_id = match inserted {
            Ok(id) => id,
            Err(e) if is_unique_violation(&e) => {
                drop(tx);
                let existing: i64 = sqlx::query_scalar("SELECT id FROM orders WHERE request_key = ?")
                    .bind(new.request_key)
                    .fetch_one(self.pool())
                    .await?;
                return Ok(Err(PayError::Duplicate(existing)));
            }
            Err(e) => return Err(e.into()),
        };
        let reference = order_id.to_string();
        let debit = Movement {
            user_id: new.user_id,
            kind: LedgerKind::OrderCharge,
            reference: &reference,
            amount_minor: -new.charge_minor,
            note: None,
        };
        match ledger::apply(&mut tx, &debit).await? {
            Ok(balance_after) => {
                tx.commit().await?;
                Ok(Ok((order_id, balance_after)))
            }
            Err(LedgerError::InsufficientFunds { balance, needed }) => {
                Ok(Err(PayError::InsufficientFunds { balance, needed }))
            }
            Err(e) => Err(crate::error::Error::Internal(format!(
                "order {order_id} debit: {e}"
            ))),
        }
    }

    /// How many orders are in each state, for the metrics.
    pub async fn orders_by_state(&self) -> Result<std::collections::BTreeMap<String, i64>> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT state, COUNT(*) FROM orders GROUP BY state")
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().collect())
    }

    pub async fn order(&self, id: i64) -> Result<Option<Order>> {
        Ok(sqlx::query_as::<_, Order>(sqlx::AssertSqlSafe(format!(
            "SELECT {ORDER_COLUMNS} FROM orders o JOIN services s ON s.id = o.service_id
             WHERE o.id = ?"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// One page of a customer's orders, newest first, and how many they have in all.
    pub async fn orders_page(&self, user_id: i64, offset: i64, limit: i64) -> Result<(Vec<Order>, i64)> {
        let rows = sqlx::query_as::<_, Order>(sqlx::AssertSqlSafe(format!(
            "SELECT {ORDER_COLUMNS} FROM orders o JOIN services s ON s.id = o.service_id
             WHERE o.user_id = ? ORDER BY o.id DESC LIMIT ? OFFSET ?"
        )))
        .bind(user_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(self.pool())
        .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE user_id = ?")
            .bind(user_id)
            .fetch_one(self.pool())
            .await?;
        Ok((rows, total))
    }

    /// A customer's order with what they may ask of it; `None` for someone else's order.
    pub async fn order_card(&self, id: i64, user_id: i64) -> Result<Option<OrderCard>> {
        Ok(sqlx::query_as::<_, OrderCard>(sqlx::AssertSqlSafe(format!(
            "SELECT {ORDER_COLUMNS}, s.refill AS service_refill, s.cancel AS service_cancel,
                 EXISTS (SELECT 1 FROM refills r
                         WHERE r.order_id = o.id AND r.next_check_at IS NOT NULL) AS refill_running
             FROM orders o JOIN services s ON s.id = o.service_id
             WHERE o.id = ? AND o.user_id = ?"
        )))
        .bind(id)
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Records a refill the provider accepted, due for its first status check at once.
    pub async fn create_refill(&self, order_id: i64, provider_refill_id: &str) -> Result<()> {
        let now = now();
        sqlx::query(
            "INSERT INTO refills (order_id, provider_refill_id, state, next_check_at, created_at, updated_at)
             VALUES (?, ?, 'pending', ?, ?, ?)",
        )
        .bind(order_id)
        .bind(provider_refill_id)
        .bind(now)
        .bind(now)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Notes that the provider accepted a cancel request (the first time counts), and has the
    /// order checked at once: any refund follows from the status it reports then.
    pub async fn mark_cancel_requested(&self, order_id: i64) -> Result<()> {
        let now = now();
        sqlx::query(
            "UPDATE orders SET cancel_requested_at = ?, next_check_at = ?, updated_at = ?
             WHERE id = ? AND cancel_requested_at IS NULL",
        )
        .bind(now)
        .bind(now)
        .bind(now)
        .bind(order_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The order if an admin may refund it now, else why not (asked before asking for an amount).
    pub async fn check_refund(&self, order_id: i64) -> Result<std::result::Result<Order, AdminRefund>> {
        let mut conn = self.pool().acquire().await?;
        refundable(&mut conn, order_id).await
    }

    /// The provider's last status answer about an order; `None` for no such order.
    pub async fn provider_answer(&self, order_id: i64) -> Result<Option<ProviderAnswer>> {
        Ok(sqlx::query_as::<_, ProviderAnswer>(
            "SELECT provider_status, remains, start_count, provider_charge, checked_at
             FROM orders WHERE id = ?",
        )
        .bind(order_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// An order's latest observed changes, newest first.
    pub async fn order_events(&self, order_id: i64, limit: i64) -> Result<Vec<OrderEvent>> {
        Ok(sqlx::query_as::<_, OrderEvent>(
            "SELECT state, provider_status, remains, observed_at FROM order_events
             WHERE order_id = ? ORDER BY id DESC LIMIT ?",
        )
        .bind(order_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// An admin refunds `amount` of an order (all that is left of its charge when `None`) to its
    /// customer, and the customer's notice is queued, in one transaction. An admin refunds an
    /// order once; together with the automatic refunds it never exceeds the charge (see
    /// [`refund_order`]). The order's state is left as it is: what the provider reports later
    /// still shows, and its automatic refund pays only what is still due.
    pub async fn refund_by_admin(
        &self,
        order_id: i64,
        amount: Option<i64>,
        note: &str,
    ) -> Result<AdminRefund> {
        let mut tx = self.begin_write().await?;
        let order = match refundable(&mut tx, order_id).await? {
            Ok(order) => order,
            Err(refusal) => return Ok(refusal),
        };
        let left = order.refundable_minor();
        let amount_minor = amount.unwrap_or(left);
        if !(1..=left).contains(&amount_minor) {
            return Ok(AdminRefund::BadAmount { max_minor: left });
        }
        refund_order(&mut tx, order_id, RefundBy::Admin { amount_minor }, note).await?;
        let notice = Notice::OrderChanged {
            order_id,
            service: order.service_name.clone(),
            state: OrderState::Refunded.as_str().into(),
            quantity: order.billed_items(),
            remains: None,
            refunded_minor: amount_minor,
        };
        enqueue(
            &mut tx,
            order.user_id,
            &format!("order:{order_id}:admin_refund"),
            &notice,
        )
        .await?;
        tx.commit().await?;
        Ok(AdminRefund::Refunded {
            user_id: order.user_id,
            amount_minor,
        })
    }
}

/// Who refunds an order: that decides the ledger reference and how much is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundBy {
    /// The order's own settlement (the provider's final status, its refusal, or an admin's
    /// "the provider never created it"), owing `due_minor` back in all (`i64::MAX`: the whole
    /// charge). Once per order.
    Settlement { due_minor: i64 },
    /// An admin, of this much. Once per order.
    Admin { amount_minor: i64 },
}

/// The ledger reference of an admin's refund of an order; the settlement's is the order id.
fn admin_refund_reference(order_id: i64) -> String {
    format!("{order_id}:admin")
}

/// Refunds an order inside the caller's transaction and returns what was paid now. The money
/// refunded on one order, by anyone, never exceeds its charge: a settlement pays only what is
/// still due (`max(0, due - refunded so far)`), and an admin's refund beyond what is left is
/// refused. Each of the two is applied once, by the ledger's `(order_refund, reference)` key.
pub async fn refund_order(
    conn: &mut SqliteConnection,
    order_id: i64,
    by: RefundBy,
    note: &str,
) -> Result<i64> {
    let (user_id, charge_minor, refunded_minor): (i64, i64, i64) =
        sqlx::query_as("SELECT user_id, charge_minor, refunded_minor FROM orders WHERE id = ?")
            .bind(order_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| Error::Internal(format!("refund of unknown order {order_id}")))?;
    let left = charge_minor - refunded_minor;
    let (amount_minor, reference) = match by {
        RefundBy::Settlement { due_minor } => (
            (due_minor.min(charge_minor) - refunded_minor).max(0),
            order_id.to_string(),
        ),
        RefundBy::Admin { amount_minor } if (1..=left).contains(&amount_minor) => {
            (amount_minor, admin_refund_reference(order_id))
        }
        RefundBy::Admin { amount_minor } => {
            return Err(Error::Internal(format!(
                "admin refund of {amount_minor} on order {order_id} with {left} left"
            )));
        }
    };
    if amount_minor == 0 {
        return Ok(0);
    }
    let movement = Movement {
        user_id,
        kind: LedgerKind::OrderRefund,
        reference: &reference,
        amount_minor,
        note: Some(note),
    };
    match ledger::apply(conn, &movement).await? {
        Ok(_) => {}
        Err(LedgerError::AlreadyApplied) => return Ok(0),
        Err(e) => return Err(Error::Internal(format!("refund of order {order_id}: {e}"))),
    }
    let counted = sqlx::query(
        "UPDATE orders SET refunded_minor = refunded_minor + ?1, updated_at = ?2
         WHERE id = ?3 AND refunded_minor + ?1 <= charge_minor",
    )
    .bind(amount_minor)
    .bind(now())
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    if counted.rows_affected() != 1 {
        return Err(Error::Internal(format!(
            "refund of {amount_minor} would take order {order_id} past its charge"
        )));
    }
    Ok(amount_minor)
}

/// The order if an admin may refund it now, else why not: it is settled with its provider
/// (placed or finished), no admin refunded it yet, and some of its charge is left to refund.
async fn refundable(
    conn: &mut SqliteConnection,
    order_id: i64,
) -> Result<std::result::Result<Order, AdminRefund>> {
    let order = sqlx::query_as::<_, Order>(sqlx::AssertSqlSafe(format!(
        "SELECT {ORDER_COLUMNS} FROM orders o JOIN services s ON s.id = o.service_id
         WHERE o.id = ?"
    )))
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(order) = order else {
        return Ok(Err(AdminRefund::NoSuchOrder));
    };
    if matches!(order.state(), OrderState::Submitting | OrderState::UnknownOutcome) {
        return Ok(Err(AdminRefund::NotSettled(order.state())));
    }
    let refunded_by_admin: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM ledger WHERE kind = ? AND reference = ?)")
            .bind(LedgerKind::OrderRefund.as_str())
            .bind(admin_refund_reference(order_id))
            .fetch_one(&mut *conn)
            .await?;
    Ok(if refunded_by_admin || order.refundable_minor() <= 0 {
        Err(AdminRefund::AlreadyRefunded {
            amount_minor: order.refunded_minor,
        })
    } else {
        Ok(order)
    })
}

/// Another order of `provider` than `order_id` that already carries `provider_order_id`, if any.
pub async fn holder_of_provider_id(
    conn: &mut SqliteConnection,
    order_id: i64,
    provider: &str,
    provider_order_id: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM orders WHERE provider = ? AND provider_order_id = ? AND id != ? LIMIT 1",
    )
    .bind(provider)
    .bind(provider_order_id)
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// An order as its creation's answer finds it: what it must be reconciled with.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct Submission {
    pub provider: String,
    pub state: String,
    pub provider_order_id: Option<String>,
    pub refunded_minor: i64,
}

impl Submission {
    pub fn state(&self) -> OrderState {
        OrderState::from_db(&self.state)
    }
}

pub async fn submission(conn: &mut SqliteConnection, order_id: i64) -> Result<Option<Submission>> {
    Ok(sqlx::query_as::<_, Submission>(
        "SELECT provider, state, provider_order_id, refunded_minor FROM orders WHERE id = ?",
    )
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The order, if still in state `from`, becomes `placed` with the provider's id, due for a
/// status check at once; leaving `unknown_outcome` is recorded as an event. False if it was
/// not in `from`.
pub async fn place(
    conn: &mut SqliteConnection,
    order_id: i64,
    provider_order_id: &str,
    from: OrderState,
) -> Result<bool> {
    let now = now();
    let updated = sqlx::query(
        "UPDATE orders SET state = ?, provider_order_id = ?, next_check_at = ?, updated_at = ?
         WHERE id = ? AND state = ?",
    )
    .bind(OrderState::Placed.as_str())
    .bind(provider_order_id)
    .bind(now)
    .bind(now)
    .bind(order_id)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    if from == OrderState::UnknownOutcome {
        sqlx::query("INSERT INTO order_events (order_id, state, observed_at) VALUES (?, ?, ?)")
            .bind(order_id)
            .bind(OrderState::Placed.as_str())
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// The order, if in one of the states `from`, becomes `to` with `reason` as its error and is no
/// longer polled. False if it was in none of them.
pub async fn settle(
    conn: &mut SqliteConnection,
    order_id: i64,
    from: &[OrderState],
    to: OrderState,
    reason: &str,
) -> Result<bool> {
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let updated = sqlx::query(
        "UPDATE orders SET state = ?, error = ?, next_check_at = NULL, updated_at = ?
         WHERE id = ? AND state IN (SELECT value FROM json_each(?))",
    )
    .bind(to.as_str())
    .bind(reason)
    .bind(now())
    .bind(order_id)
    .bind(serde_json::to_string(&from).map_err(|e| Error::Internal(e.to_string()))?)
    .execute(&mut *conn)
    .await?;
    Ok(updated.rows_affected() > 0)
}

/// Keeps a provider's answer that came after the order was settled otherwise, for the admins
/// who are told about it: the provider's id (when the order has none) and what happened.
pub async fn note_late_answer(
    conn: &mut SqliteConnection,
    order_id: i64,
    provider_order_id: Option<&str>,
    what: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE orders SET provider_order_id = COALESCE(provider_order_id, ?), error = ?, updated_at = ?
         WHERE id = ?",
    )
    .bind(provider_order_id)
    .bind(what)
    .bind(now())
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
