//! Order rows. Every write that moves money runs in one transaction with its ledger row.
//!
//! Refunding an order is in `refunds.rs`; an order's state moves as its provider answers, inside
//! the caller's transaction, in `transitions.rs`.

mod refunds;
mod transitions;

use sqlx::FromRow;

use super::ledger::{self, LedgerError, LedgerKind, Movement};
use super::promo;
use super::{Db, is_unique_violation, now};
use crate::error::Result;
use crate::vocabulary::{DripFeed, OrderExtras, OrderOrigin, OrderState};

pub use refunds::{AdminRefund, RefundBy, refund_order};
pub use transitions::{Submission, holder_of_provider_id, note_late_answer, place, settle, submission};

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
    /// Where the customer placed it: `chat` or `api` (see [`OrderOrigin`]).
    pub origin: String,
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
    o.updated_at, o.origin";

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
    pub origin: OrderOrigin,
    pub link: &'a str,
    pub quantity: i64,
    pub extras: &'a OrderExtras,
    /// What the customer pays: the discounted total when a discount is used.
    pub charge_minor: i64,
    pub discount: Option<DiscountUse<'a>>,
}

/// The customer's waiting discount code, used by a paid order: it took `off_minor` off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscountUse<'a> {
    pub code: &'a str,
    pub off_minor: i64,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayError {
    InsufficientFunds {
        balance: i64,
        needed: i64,
    },
    /// This customer action already placed order `0`.
    Duplicate(i64),
    /// The discount the order was priced with is no longer there (used by another order, used
    /// up, switched off or expired): nothing was charged.
    DiscountGone,
}

/// Takes a use of the customer's waiting discount for `order_id` and marks it consumed by it;
/// `false` (for the caller to roll back) when the code has no use left or is off, or the
/// discount no longer waits (another order took it).
async fn use_discount(
    conn: &mut sqlx::SqliteConnection,
    user_id: i64,
    order_id: i64,
    discount: &DiscountUse<'_>,
    at: i64,
) -> Result<bool> {
    Ok(
        promo::take_use(conn, discount.code, discount.off_minor, at).await?
            && promo::consume_discount(conn, discount.code, user_id, order_id, discount.off_minor).await?,
    )
}

impl Db {
    /// Inserts the order as `submitting`, takes its discount's use and debits its charge, in one
    /// transaction. Only after this commits may the provider be called.
    pub async fn create_paid_order(
        &self,
        new: &NewPaidOrder<'_>,
    ) -> Result<std::result::Result<(i64, i64), PayError>> {
        let mut tx = self.begin_write().await?;
        let now = now();
        let inserted: std::result::Result<i64, sqlx::Error> = sqlx::query_scalar(
            "INSERT INTO orders (user_id, service_id, provider, provider_service_id, request_key,
                 link, quantity, charge_minor, state, comments, answer_number, runs, interval_minutes,
                 created_at, updated_at, origin)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
        .bind(new.origin.as_str())
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
        if let Some(discount) = &new.discount
            && !use_discount(&mut tx, new.user_id, order_id, discount, now).await?
        {
            return Ok(Err(PayError::DiscountGone));
        }
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
}
