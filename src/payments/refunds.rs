//! An admin's refund of a payment, booked once: checked before the money goes back, and its
//! debit booked after, whatever the balance is by then.

use super::Payment;
use crate::db::ledger::{self, LedgerError, LedgerKind, Movement};
use crate::db::{Db, now};
use crate::error::{Error, Result};

/// How an admin names a payment: by Telegram's charge id (the command) or by our row id (the
/// confirmation button, whose data must stay under 64 bytes).
#[derive(Debug, Clone, Copy)]
pub enum PaymentKey<'a> {
    Charge(&'a str),
    Id(i64),
}

/// How far a refund may take the customer's balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundConsent {
    /// Only as far as the balance covers it.
    WithinBalance,
    /// Below zero too: an admin was shown the shortfall and confirmed.
    OverdraftConfirmed,
}

/// Why a refund does not go ahead (now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundStop {
    NoSuchPayment,
    AlreadyRefunded(Payment),
    /// The customer has spent some of it: the refund would take the balance below zero, so an
    /// admin must confirm first. Nothing was changed.
    NeedsConfirmation {
        payment: Payment,
        balance_minor: i64,
    },
}

/// A refund booked: the payment's credit came off the balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundBooked {
    pub payment: Payment,
    pub balance_minor: i64,
}

async fn find(conn: &mut sqlx::SqliteConnection, key: PaymentKey<'_>) -> Result<Option<Payment>> {
    let (charge_id, id) = match key {
        PaymentKey::Charge(charge_id) => (Some(charge_id), None),
        PaymentKey::Id(id) => (None, Some(id)),
    };
    Ok(sqlx::query_as(
        "SELECT id, charge_id, user_id, stars, credited_minor AS credit_minor, credited_at, paid_at,
             refunded_at
         FROM payments WHERE charge_id = ?1 OR id = ?2",
    )
    .bind(charge_id)
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Whether a refund may go ahead: the payment exists, is not refunded, and its credit is still
/// on the balance (or the admin confirmed the overdraft). Checked before Telegram returns the
/// stars; [`book_refund`] checks again after.
pub async fn check_refund(
    db: &Db,
    key: PaymentKey<'_>,
    consent: RefundConsent,
) -> Result<Result<Payment, RefundStop>> {
    let mut conn = db.pool().acquire().await?;
    let Some(payment) = find(&mut conn, key).await? else {
        return Ok(Err(RefundStop::NoSuchPayment));
    };
    if payment.refunded_at.is_some() {
        return Ok(Err(RefundStop::AlreadyRefunded(payment)));
    }
    let balance_minor: i64 = sqlx::query_scalar("SELECT balance_minor FROM users WHERE id = ?")
        .bind(payment.user_id)
        .fetch_one(&mut *conn)
        .await?;
    if consent == RefundConsent::WithinBalance && balance_minor < payment.credited_minor() {
        return Ok(Err(RefundStop::NeedsConfirmation {
            payment,
            balance_minor,
        }));
    }
    Ok(Ok(payment))
}

/// Books a refund Telegram has made: the debit of what the payment credited (once per charge
/// id, by the ledger) and the payment's refund mark, in one transaction. The stars are back
/// with the customer by now, so the debit is booked whatever the balance: should the customer
/// have spent the money since [`check_refund`], the balance goes below zero and the admin sees
/// it. A payment whose credit is still pending is refunded without a debit and never credited.
/// Asking Telegram again is harmless (it answers that the charge is refunded already).
pub async fn book_refund(
    db: &Db,
    payment_id: i64,
    admin_id: i64,
) -> Result<Result<RefundBooked, RefundStop>> {
    let mut tx = db.begin_write().await?;
    let Some(payment) = find(&mut tx, PaymentKey::Id(payment_id)).await? else {
        return Ok(Err(RefundStop::NoSuchPayment));
    };
    if payment.refunded_at.is_some() {
        return Ok(Err(RefundStop::AlreadyRefunded(payment)));
    }
    let balance_minor = if payment.credited_minor() > 0 {
        let movement = Movement {
            user_id: payment.user_id,
            kind: LedgerKind::StarsRefund,
            reference: &payment.charge_id,
            amount_minor: -payment.credited_minor(),
            note: None,
        };
        match ledger::apply_overdraft(&mut tx, &movement).await? {
            Ok(balance) => balance,
            Err(LedgerError::AlreadyApplied) => return Ok(Err(RefundStop::AlreadyRefunded(payment))),
            Err(e) => return Err(Error::Internal(format!("refund of {}: {e}", payment.charge_id))),
        }
    } else {
        sqlx::query_scalar("SELECT balance_minor FROM users WHERE id = ?")
            .bind(payment.user_id)
            .fetch_one(&mut *tx)
            .await?
    };
    let refunded_at = now();
    sqlx::query("UPDATE payments SET refunded_at = ?, refunded_by = ? WHERE id = ?")
        .bind(refunded_at)
        .bind(admin_id)
        .bind(payment.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if balance_minor < 0 {
        tracing::warn!(
            charge = payment.charge_id,
            user = payment.user_id,
            balance_minor,
            "stars refund booked onto a balance already spent: it is below zero"
        );
    }
    Ok(Ok(RefundBooked {
        payment: Payment {
            refunded_at: Some(refunded_at),
            ..payment
        },
        balance_minor,
    }))
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::money::Currency;
    use crate::payments::Received;
    use crate::payments::stars::{PaymentReceived, STARS_CURRENCY, receive};
    use crate::payments::tests::{payload, shop_with_customer};

    #[tokio::test]
    async fn a_payment_is_credited_once_and_refunded_once() {
        let (db, _dir) = shop_with_customer().await;
        let rub = Currency::parse("RUB").unwrap();
        let rate = Some(Decimal::new(15, 1));
        let encoded = payload(7, 100).encode();
        let paid = PaymentReceived {
            charge_id: "charge-1",
            payer: 7,
            currency: STARS_CURRENCY,
            stars: 100,
            payload: &encoded,
        };
        assert_eq!(
            receive(&db, &paid, rate, &rub).await.unwrap(),
            Received::Credited {
                amount_minor: 15_000,
                balance_minor: 15_000
            }
        );
        assert_eq!(
            receive(&db, &paid, rate, &rub).await.unwrap(),
            Received::AlreadyBooked
        );

        let payment = check_refund(&db, PaymentKey::Charge("charge-1"), RefundConsent::WithinBalance)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(payment.credited_minor(), 15_000);
        let booked = book_refund(&db, payment.id, 1).await.unwrap().unwrap();
        assert_eq!(booked.balance_minor, 0);
        assert!(matches!(
            book_refund(&db, payment.id, 1).await.unwrap(),
            Err(RefundStop::AlreadyRefunded(_))
        ));
        assert!(matches!(
            check_refund(&db, PaymentKey::Id(payment.id), RefundConsent::WithinBalance)
                .await
                .unwrap(),
            Err(RefundStop::AlreadyRefunded(_))
        ));
        assert_eq!(
            check_refund(&db, PaymentKey::Charge("nope"), RefundConsent::WithinBalance)
                .await
                .unwrap(),
            Err(RefundStop::NoSuchPayment)
        );
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn refunding_spent_money_needs_a_confirmation() {
        let (db, _dir) = shop_with_customer().await;
        let rub = Currency::parse("RUB").unwrap();
        let encoded = payload(7, 100).encode();
        let paid = PaymentReceived {
            charge_id: "charge-2",
            payer: 7,
            currency: STARS_CURRENCY,
            stars: 100,
            payload: &encoded,
        };
        receive(&db, &paid, Some(Decimal::ONE), &rub).await.unwrap();
        db.apply_movement(&Movement {
            user_id: 7,
            kind: LedgerKind::OrderCharge,
            reference: "1",
            amount_minor: -6_000,
            note: None,
        })
        .await
        .unwrap()
        .unwrap();
        let stop = check_refund(&db, PaymentKey::Charge("charge-2"), RefundConsent::WithinBalance)
            .await
            .unwrap();
        let Err(RefundStop::NeedsConfirmation {
            payment,
            balance_minor,
        }) = stop
        else {
            panic!("{stop:?}");
        };
        assert_eq!(balance_minor, 4_000);
        // Confirmed, Telegram returns the stars; the debit is booked below zero.
        let confirmed = check_refund(&db, PaymentKey::Id(payment.id), RefundConsent::OverdraftConfirmed)
            .await
            .unwrap();
        assert!(confirmed.is_ok(), "{confirmed:?}");
        let booked = book_refund(&db, payment.id, 1).await.unwrap().unwrap();
        assert_eq!(booked.balance_minor, -6_000);
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn money_spent_between_the_refund_check_and_its_booking_is_still_debited() {
        let (db, _dir) = shop_with_customer().await;
        let rub = Currency::parse("RUB").unwrap();
        let encoded = payload(7, 100).encode();
        let paid = PaymentReceived {
            charge_id: "charge-4",
            payer: 7,
            currency: STARS_CURRENCY,
            stars: 100,
            payload: &encoded,
        };
        receive(&db, &paid, Some(Decimal::ONE), &rub).await.unwrap();
        let payment = check_refund(&db, PaymentKey::Charge("charge-4"), RefundConsent::WithinBalance)
            .await
            .unwrap()
            .unwrap();
        // While Telegram returns the stars, the customer spends most of the credit.
        db.apply_movement(&Movement {
            user_id: 7,
            kind: LedgerKind::OrderCharge,
            reference: "1",
            amount_minor: -9_000,
            note: None,
        })
        .await
        .unwrap()
        .unwrap();
        let booked = book_refund(&db, payment.id, 1).await.unwrap().unwrap();
        assert_eq!(
            booked.balance_minor, -9_000,
            "the stars are gone: so is their credit"
        );
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }
}
