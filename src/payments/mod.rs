//! Money in: what every way of paying shares — the recorded payment, booked once per charge and
//! then credited once, a failed credit retried rather than lost. What is specific to Telegram
//! Stars, the one way to pay today, is in [`stars`]; an admin's refund of a payment in
//! [`refunds`]. Nothing here talks to Telegram; the bot's top-up handlers do, and call in.
//!
//! The `payments` table still counts in stars and credits as `stars_topup`: a second way to pay
//! brings its own amount and ledger kind to the recording and crediting here.

pub mod cryptopay;
pub mod demo;
pub mod promo;
pub mod refunds;
pub mod stars;

use sqlx::FromRow;

use crate::db::ledger::{self, LedgerError, LedgerKind, Movement};
use crate::db::purchases::{self, Funding};
use crate::db::{Db, now};
use crate::error::{Error, Result};

/// What became of a successful payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    Credited {
        amount_minor: i64,
        balance_minor: i64,
    },
    /// Credited, and it pays for the customer's waiting purchase, which is to be placed next
    /// (`orders::pending::place_funded`): the customer hears of both in one message.
    ForPurchase {
        amount_minor: i64,
    },
    /// Top-ups were switched off meanwhile: the payment is recorded with nothing credited, for
    /// an admin to credit or refund.
    RecordedOnly,
    /// Recorded, but its credit failed: it is retried every poll round, and admins are told.
    CreditPending,
    /// This charge was booked before: Telegram delivered the update again.
    AlreadyBooked,
}

/// A payment taken, as it is recorded: `credit_minor` is what it credits, `None` to record it
/// with nothing credited, for an admin to credit or refund.
struct NewPayment<'a> {
    charge_id: &'a str,
    user_id: i64,
    stars: u32,
    credit_minor: Option<i64>,
    payload: &'a str,
}

/// Books a payment once per charge id. The money is taken by now, so the payment is recorded
/// first, on its own, and then credited in a step of its own ([`credit_one`]): a credit that
/// fails leaves a recorded payment that [`credit_pending`] retries, never a lost one.
async fn book(db: &Db, payment: &NewPayment<'_>) -> Result<Received> {
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO payments (charge_id, user_id, stars, credited_minor, payload, paid_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (charge_id) DO NOTHING
         RETURNING id",
    )
    .bind(payment.charge_id)
    .bind(payment.user_id)
    .bind(payment.stars)
    .bind(payment.credit_minor.unwrap_or(0))
    .bind(payment.payload)
    .bind(now())
    .fetch_optional(db.pool())
    .await?;
    let Some(payment_id) = inserted else {
        return Ok(Received::AlreadyBooked);
    };
    if payment.credit_minor.is_none() {
        return Ok(Received::RecordedOnly);
    }
    Ok(match credit_one(db, payment_id).await {
        Ok(Some(credited)) if credited.funded_purchase => Received::ForPurchase {
            amount_minor: credited.amount_minor,
        },
        Ok(Some(credited)) => Received::Credited {
            amount_minor: credited.amount_minor,
            balance_minor: credited.balance_minor,
        },
        Ok(None) => Received::AlreadyBooked,
        Err(e) => {
            tracing::error!(
                charge = payment.charge_id,
                payer = payment.user_id,
                stars = payment.stars,
                error = %e,
                "stars payment recorded but not credited: retried every poll round"
            );
            Received::CreditPending
        }
    })
}

/// A recorded payment whose credit is still to be booked (and is not refunded meanwhile).
const CREDIT_PENDING: &str = "credited_at IS NULL AND credited_minor > 0 AND refunded_at IS NULL";

/// A payment's credit, booked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credited {
    pub user_id: i64,
    pub charge_id: String,
    pub stars: i64,
    pub amount_minor: i64,
    pub balance_minor: i64,
    /// It pays for the customer's waiting purchase: they hear of it with the purchase.
    pub funded_purchase: bool,
}

/// Credits a recorded payment once: its ledger row and its `credited_at` mark in one
/// transaction. `None` when it was credited before (or has nothing to credit).
async fn credit_one(db: &Db, payment_id: i64) -> Result<Option<Credited>> {
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT user_id, charge_id, stars, credited_minor FROM payments
             WHERE id = ? AND {CREDIT_PENDING}"
    )))
    .bind(payment_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((user_id, charge_id, stars, amount_minor)) = row else {
        return Ok(None);
    };
    let movement = Movement {
        user_id,
        kind: LedgerKind::StarsTopup,
        reference: &charge_id,
        amount_minor,
        note: None,
    };
    let balance_minor = match ledger::apply(&mut tx, &movement).await? {
        Ok(balance) => Some(balance),
        // Credited by an earlier run that did not get to mark it: mark it now.
        Err(LedgerError::AlreadyApplied) => None,
        Err(e) => return Err(Error::Internal(format!("crediting payment {charge_id}: {e}"))),
    };
    let funding = Funding::Stars {
        charge_id: charge_id.clone(),
        stars,
        amount_minor,
    };
    let funded_purchase = balance_minor.is_some() && purchases::fund(&mut tx, user_id, &funding).await?;
    sqlx::query("UPDATE payments SET credited_at = ? WHERE id = ?")
        .bind(now())
        .bind(payment_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(balance_minor.map(|balance_minor| Credited {
        user_id,
        charge_id,
        stars,
        amount_minor,
        balance_minor,
        funded_purchase,
    }))
}

/// A payment recorded but not credited yet (its credit failed).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Uncredited {
    pub id: i64,
    pub charge_id: String,
    pub user_id: i64,
}

pub async fn uncredited(db: &Db) -> Result<Vec<Uncredited>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, charge_id, user_id FROM payments WHERE {CREDIT_PENDING} ORDER BY id"
    )))
    .fetch_all(db.pool())
    .await?)
}

/// Retries the credit of every payment whose credit failed: what was credited now, and what
/// failed again (with why), for the caller to tell.
pub async fn credit_pending(db: &Db) -> Result<(Vec<Credited>, Vec<(Uncredited, Error)>)> {
    let mut credited = Vec::new();
    let mut failed = Vec::new();
    for payment in uncredited(db).await? {
        match credit_one(db, payment.id).await {
            Ok(Some(done)) => credited.push(done),
            Ok(None) => {}
            Err(e) => failed.push((payment, e)),
        }
    }
    Ok((credited, failed))
}

/// A booked Stars payment.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Payment {
    pub id: i64,
    pub charge_id: String,
    pub user_id: i64,
    pub stars: i64,
    /// What the payment credits (0 when top-ups were off when it came).
    pub credit_minor: i64,
    /// When that credit was booked; `None` while it is pending.
    pub credited_at: Option<i64>,
    pub paid_at: i64,
    pub refunded_at: Option<i64>,
}

impl Payment {
    /// What is on the customer's balance from this payment: nothing while its credit is pending.
    pub fn credited_minor(&self) -> i64 {
        if self.credited_at.is_some() {
            self.credit_minor
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::db::testing::{customer, temp_db};
    use crate::money::Currency;
    use crate::payments::refunds::{PaymentKey, RefundConsent, check_refund};
    use crate::payments::stars::{InvoicePayload, PaymentReceived, STARS_CURRENCY, receive};

    pub(super) fn payload(user_id: i64, stars: u32) -> InvoicePayload {
        InvoicePayload {
            user_id,
            stars,
            nonce: "k3x9a".into(),
        }
    }

    pub(super) async fn shop_with_customer() -> (Db, tempfile::TempDir) {
        let (db, dir) = temp_db().await;
        customer(&db, 7).await;
        (db, dir)
    }

    #[tokio::test]
    async fn a_payment_is_recorded_before_it_is_credited_and_a_failed_credit_is_retried() {
        let (db, _dir) = shop_with_customer().await;
        let rub = Currency::parse("RUB").unwrap();
        let encoded = payload(7, 100).encode();
        let paid = PaymentReceived {
            charge_id: "charge-5",
            payer: 7,
            currency: STARS_CURRENCY,
            stars: 100,
            payload: &encoded,
        };
        // The credit's write fails (as a full disk would make it): the payment stays recorded.
        let failing = "CREATE TRIGGER failing_credit BEFORE INSERT ON ledger
                       BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END";
        sqlx::query(failing).execute(db.pool()).await.unwrap();
        assert_eq!(
            receive(&db, &paid, Some(Decimal::ONE), &rub).await.unwrap(),
            Received::CreditPending
        );
        assert_eq!(uncredited(&db).await.unwrap().len(), 1);
        let (credited, failed) = credit_pending(&db).await.unwrap();
        assert!(credited.is_empty());
        assert_eq!(failed.len(), 1);
        // Once writes work again, the next retry credits it, once.
        sqlx::query("DROP TRIGGER failing_credit")
            .execute(db.pool())
            .await
            .unwrap();
        let (credited, failed) = credit_pending(&db).await.unwrap();
        assert!(failed.is_empty());
        assert_eq!(credited.len(), 1);
        assert_eq!(credited[0].balance_minor, 10_000);
        assert_eq!(credit_pending(&db).await.unwrap().0.len(), 0);
        assert_eq!(
            receive(&db, &paid, Some(Decimal::ONE), &rub).await.unwrap(),
            Received::AlreadyBooked
        );
        assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, 10_000);
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_payment_while_top_ups_are_off_is_recorded_uncredited() {
        let (db, _dir) = shop_with_customer().await;
        let rub = Currency::parse("RUB").unwrap();
        let paid = PaymentReceived {
            charge_id: "charge-3",
            payer: 7,
            currency: STARS_CURRENCY,
            stars: 100,
            payload: "st1:7:100:abc",
        };
        assert_eq!(
            receive(&db, &paid, None, &rub).await.unwrap(),
            Received::RecordedOnly
        );
        assert_eq!(
            receive(&db, &paid, None, &rub).await.unwrap(),
            Received::AlreadyBooked
        );
        let payment = check_refund(&db, PaymentKey::Charge("charge-3"), RefundConsent::WithinBalance)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(payment.credited_minor(), 0);
    }
}
