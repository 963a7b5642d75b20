//! What a provider said to "create this order", applied to the order as it is by the time the
//! answer comes. Usually it is still `submitting`; but the answer may come late — after the
//! poller gave the call up as an unknown outcome, or after an admin settled it — and is then
//! reconciled, never dropped: a late id places the order, a late refusal refunds it, and an
//! answer that contradicts an admin's settlement is kept on the order and told to the admins.

use crate::db::Db;
use crate::db::notices::{Notice, enqueue_admins};
use crate::db::orders::{self, RefundBy, Submission};
use crate::db::promo;
use crate::error::{Error, Result};
use crate::vocabulary::OrderState;

/// Where the answer left the order, for what the customer is told now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    Placed,
    /// Refused: `refunded_minor` of the charge went back (now, or by an earlier settlement).
    Refunded {
        refunded_minor: i64,
    },
    /// The money stays held until an admin looks at it (they are told).
    Held,
}

/// The states in which an order still waits for its creation's answer.
const AWAITING_ANSWER: [OrderState; 2] = [OrderState::Submitting, OrderState::UnknownOutcome];

/// The provider created the order as `provider_order_id`.
pub async fn placed(db: &Db, admins: &[u64], order_id: i64, provider_order_id: &str) -> Result<Answered> {
    let mut tx = db.begin_write().await?;
    let order = submission(&mut tx, order_id).await?;
    // One upstream order is never billed to two customers: a provider that answers with an id
    // it gave before leaves this order held, for an admin to settle.
    if let Some(holder) =
        orders::holder_of_provider_id(&mut tx, order_id, &order.provider, provider_order_id).await?
    {
        let problem = format!(
            "the provider answered with order id {provider_order_id}, which order #{holder} already has"
        );
        if !orders::settle(
            &mut tx,
            order_id,
            &AWAITING_ANSWER,
            OrderState::UnknownOutcome,
            &problem,
        )
        .await?
        {
            orders::note_late_answer(&mut tx, order_id, None, &problem).await?;
        }
        tell_admins(&mut tx, admins, &order, order_id, "id_taken", problem).await?;
        tx.commit().await?;
        return Ok(Answered::Held);
    }
    let state = order.state();
    let answered = if AWAITING_ANSWER.contains(&state) && order.provider_order_id.is_none() {
        if !orders::place(&mut tx, order_id, provider_order_id, state).await? {
            return Err(Error::Internal(format!(
                "order {order_id} left {state:?} meanwhile"
            )));
        }
        if state == OrderState::UnknownOutcome {
            tracing::warn!(
                order_id,
                provider_order_id,
                "a late answer placed an order given up as unknown"
            );
        }
        Answered::Placed
    } else if order.provider_order_id.as_deref() == Some(provider_order_id) {
        // An admin settled it as placed with this very id.
        Answered::Placed
    } else {
        let problem = format!(
            "the provider created it as order {provider_order_id} after it was settled as {}",
            state.as_str()
        );
        orders::note_late_answer(&mut tx, order_id, Some(provider_order_id), &problem).await?;
        tell_admins(&mut tx, admins, &order, order_id, "late_id", problem).await?;
        Answered::Held
    };
    tx.commit().await?;
    Ok(answered)
}

/// The provider definitely did not create the order: it is rejected and its charge comes back,
/// together and once, and so does the discount it used: it waits for the customer's next order
/// again, its use and cost given back to the code.
pub async fn refused(db: &Db, admins: &[u64], order_id: i64, reason: &str) -> Result<Answered> {
    let mut tx = db.begin_write().await?;
    let order = submission(&mut tx, order_id).await?;
    let answered =
        if orders::settle(&mut tx, order_id, &AWAITING_ANSWER, OrderState::Rejected, reason).await? {
            let refunded_minor = orders::refund_order(
                &mut tx,
                order_id,
                RefundBy::Settlement { due_minor: i64::MAX },
                reason,
            )
            .await?;
            if let Some((code, off_minor)) = promo::reattach_discount(&mut tx, order_id).await? {
                promo::give_back_use(&mut tx, &code, off_minor).await?;
            }
            Answered::Refunded { refunded_minor }
        } else if matches!(order.state(), OrderState::Rejected | OrderState::Refunded) {
            // Settled by a refund already (an admin's): nothing more is due.
            Answered::Refunded {
                refunded_minor: order.refunded_minor,
            }
        } else {
            let problem = format!(
                "the provider refused it ({reason}) after it was settled as {}",
                order.state().as_str()
            );
            orders::note_late_answer(&mut tx, order_id, None, &problem).await?;
            tell_admins(&mut tx, admins, &order, order_id, "late_refusal", problem).await?;
            Answered::Held
        };
    tx.commit().await?;
    Ok(answered)
}

/// The answer is unknown (a timeout, a broken answer): the money stays held and the order waits
/// for the poller to tell the admins and for one of them to settle it. An order already given
/// up as unknown, or settled, stays as it is.
pub async fn unknown(db: &Db, order_id: i64, reason: &str) -> Result<()> {
    let mut tx = db.begin_write().await?;
    orders::settle(
        &mut tx,
        order_id,
        &[OrderState::Submitting],
        OrderState::UnknownOutcome,
        reason,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn submission(conn: &mut sqlx::SqliteConnection, order_id: i64) -> Result<Submission> {
    orders::submission(conn, order_id)
        .await?
        .ok_or_else(|| Error::Internal(format!("answer for unknown order {order_id}")))
}

async fn tell_admins(
    conn: &mut sqlx::SqliteConnection,
    admins: &[u64],
    order: &Submission,
    order_id: i64,
    what: &str,
    problem: String,
) -> Result<()> {
    tracing::error!(order_id, provider = %order.provider, %problem, "order needs attention");
    let notice = Notice::NeedsAttention {
        order_id,
        provider: order.provider.clone(),
        problem,
    };
    enqueue_admins(conn, admins, &format!("attention:{order_id}:{what}"), &notice).await
}
