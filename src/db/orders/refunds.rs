//! Refunding an order, by its settlement or by an admin: once each, and never more in all than
//! the order was charged.

use sqlx::SqliteConnection;

use super::{ORDER_COLUMNS, Order};
use crate::db::ledger::{self, LedgerError, LedgerKind, Movement};
use crate::db::notices::{Notice, enqueue};
use crate::db::referrals;
use crate::db::{Db, now};
use crate::error::{Error, Result};
use crate::vocabulary::OrderState;

/// How an admin's refund of an order went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminRefund {
    Refunded {
        user_id: i64,
        amount_minor: i64,
        /// Referral commission paid on the order that the referrers' balances could not give
        /// back (recorded; for the admin to know).
        unrecovered_minor: i64,
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

impl Db {
    /// The order if an admin may refund it now, else why not (asked before asking for an amount).
    pub async fn check_refund(&self, order_id: i64) -> Result<std::result::Result<Order, AdminRefund>> {
        let mut conn = self.pool().acquire().await?;
        refundable(&mut conn, order_id).await
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
        let unrecovered_minor = referrals::settle_commissions(&mut tx, order_id).await?;
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
            unrecovered_minor,
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
