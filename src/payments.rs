//! Money in: top-ups paid in Telegram Stars. The invoice payload codec, stars → shop currency,
//! the pre-checkout verdict, crediting a payment once, and booking an admin's refund once.
//! Nothing here talks to Telegram; the bot's top-up handlers do, and call in.

use rust_decimal::Decimal;
use sqlx::FromRow;

use crate::db::ledger::{self, LedgerError, LedgerKind, Movement};
use crate::db::{Db, now};
use crate::error::{Error, Result};
use crate::money::Currency;

/// Telegram's currency code for Stars, the only one it accepts for digital services.
pub const STARS_CURRENCY: &str = "XTR";
/// The smallest top-up, in stars.
pub const MIN_STARS: u32 = 10;
/// The largest top-up, in stars: within what Telegram accepts for one invoice.
pub const MAX_STARS: u32 = 2500;
/// The amounts offered as buttons.
pub const PRESET_STARS: [u32; 4] = [50, 100, 250, 500];

/// Marks (and versions) our payloads, so anything else is refused on sight.
const PAYLOAD_TAG: &str = "st1";
const MAX_NONCE_CHARS: usize = 16;

/// What an invoice carries through Telegram and back: who may pay it, how many stars, and a
/// nonce so that no two invoices look alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoicePayload {
    pub user_id: i64,
    pub stars: u32,
    pub nonce: String,
}

impl InvoicePayload {
    /// `st1:<user>:<stars>:<nonce>`, well under Telegram's 128 bytes.
    pub fn encode(&self) -> String {
        format!("{PAYLOAD_TAG}:{}:{}:{}", self.user_id, self.stars, self.nonce)
    }

    /// Reads a payload we wrote; anything else — another format, a sign or a leading zero on a
    /// number, a strange nonce — is `None`.
    pub fn decode(text: &str) -> Option<Self> {
        let mut parts = text.split(':');
        if parts.next()? != PAYLOAD_TAG {
            return None;
        }
        let payload = Self {
            user_id: parts.next()?.parse().ok().filter(|id| *id > 0)?,
            stars: parts.next()?.parse().ok()?,
            nonce: parts.next()?.to_string(),
        };
        let nonce_ok = (1..=MAX_NONCE_CHARS).contains(&payload.nonce.len())
            && payload
                .nonce
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        // Only the canonical spelling counts: "+5" or "05" would decode to the same numbers.
        (parts.next().is_none() && nonce_ok && payload.encode() == text).then_some(payload)
    }
}

/// Why a typed number of stars is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    NotDigits,
    BelowMin,
    AboveMax,
}

/// A number of stars typed by the customer: digits only, from [`MIN_STARS`] to [`MAX_STARS`].
pub fn parse_stars(text: &str) -> Result<u32, AmountError> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AmountError::NotDigits);
    }
    // All digits: only a number too long for u64 fails to parse, and it is too many stars.
    let stars = text.parse::<u64>().map_err(|_| AmountError::AboveMax)?;
    check_range(u32::try_from(stars).unwrap_or(u32::MAX))
}

/// Whether `stars` is a top-up amount at all.
pub fn check_range(stars: u32) -> Result<u32, AmountError> {
    if stars < MIN_STARS {
        Err(AmountError::BelowMin)
    } else if stars > MAX_STARS {
        Err(AmountError::AboveMax)
    } else {
        Ok(stars)
    }
}

/// What `stars` credit at `rate` (shop currency per star), rounded down to the minor unit like
/// every amount the shop pays out; `None` only on overflow.
pub fn stars_to_minor(stars: u32, rate: Decimal, currency: &Currency) -> Option<i64> {
    currency.round_down(Decimal::from(stars).checked_mul(rate)?)
}

/// A pre-checkout query, as far as deciding on it goes.
#[derive(Debug, Clone)]
pub struct Checkout<'a> {
    pub payer: i64,
    pub payer_is_admin: bool,
    pub currency: &'a str,
    pub total_amount: u32,
    pub payload: &'a str,
}

/// Why Telegram is told not to take a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Top-ups are off (`STARS_RATE` is not set).
    Unavailable,
    Banned,
    /// Not our payload, someone else's invoice, or an amount or currency other than invoiced.
    InvalidInvoice,
    /// Fewer or more stars than a top-up may be.
    OutOfRange,
}

/// Decides a pre-checkout query: the payload must be ours and match the payer and the amount,
/// the amount must be in range, and the payer must not be banned. One database read at most,
/// so the answer goes out well within Telegram's 10 seconds.
pub async fn check_checkout(
    db: &Db,
    checkout: &Checkout<'_>,
    rate: Option<Decimal>,
) -> Result<Result<InvoicePayload, Refusal>> {
    if rate.is_none() {
        return Ok(Err(Refusal::Unavailable));
    }
    let payload = match InvoicePayload::decode(checkout.payload) {
        Some(p)
            if p.user_id == checkout.payer
                && p.stars == checkout.total_amount
                && checkout.currency == STARS_CURRENCY =>
        {
            p
        }
        _ => return Ok(Err(Refusal::InvalidInvoice)),
    };
    if check_range(payload.stars).is_err() {
        return Ok(Err(Refusal::OutOfRange));
    }
    // Admins cannot be banned: the mark is ignored for them, as everywhere else.
    if !checkout.payer_is_admin {
        let banned = db
            .user(checkout.payer)
            .await?
            .is_some_and(|user| user.banned_at.is_some());
        if banned {
            return Ok(Err(Refusal::Banned));
        }
    }
    Ok(Ok(payload))
}

/// A `successful_payment`, as far as booking it goes.
#[derive(Debug, Clone)]
pub struct PaymentReceived<'a> {
    pub charge_id: &'a str,
    pub payer: i64,
    pub currency: &'a str,
    pub stars: u32,
    pub payload: &'a str,
}

/// What became of a successful payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    Credited {
        amount_minor: i64,
        balance_minor: i64,
    },
    /// Top-ups were switched off meanwhile: the payment is recorded with nothing credited, for
    /// an admin to credit or refund.
    RecordedOnly,
    /// Recorded, but its credit failed: it is retried every poll round, and admins are told.
    CreditPending,
    /// This charge was booked before: Telegram delivered the update again.
    AlreadyBooked,
}

/// Books a payment once per charge id. Telegram has taken the stars, so the payment is recorded
/// first, on its own, and then credited in a step of its own ([`credit`]): a credit that fails
/// leaves a recorded payment that [`credit_pending`] retries, never a lost one. The payer is
/// credited for the stars Telegram actually took, whatever the payload says (it was checked at
/// pre-checkout; a mismatch now is logged, never a reason to lose the money).
pub async fn receive(
    db: &Db,
    payment: &PaymentReceived<'_>,
    rate: Option<Decimal>,
    currency: &Currency,
) -> Result<Received> {
    if payment.currency != STARS_CURRENCY {
        return Err(Error::Internal(format!(
            "payment {} is in {}, not in Stars",
            payment.charge_id, payment.currency
        )));
    }
    let payload_matches = InvoicePayload::decode(payment.payload)
        .is_some_and(|p| p.user_id == payment.payer && p.stars == payment.stars);
    if !payload_matches {
        tracing::warn!(
            charge = payment.charge_id,
            payer = payment.payer,
            "payment with a payload that does not match it"
        );
    }
    // An amount that cannot be converted is recorded uncredited, for an admin, like one paid
    // while top-ups were off.
    let credit = rate.and_then(|rate| stars_to_minor(payment.stars, rate, currency));
    if rate.is_some() && credit.is_none() {
        tracing::error!(
            charge = payment.charge_id,
            stars = payment.stars,
            "stars payment overflows the rate"
        );
    }
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO payments (charge_id, user_id, stars, credited_minor, payload, paid_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (charge_id) DO NOTHING
         RETURNING id",
    )
    .bind(payment.charge_id)
    .bind(payment.payer)
    .bind(payment.stars)
    .bind(credit.unwrap_or(0))
    .bind(payment.payload)
    .bind(now())
    .fetch_optional(db.pool())
    .await?;
    let Some(payment_id) = inserted else {
        return Ok(Received::AlreadyBooked);
    };
    if credit.is_none() {
        return Ok(Received::RecordedOnly);
    }
    Ok(match credit_one(db, payment_id).await {
        Ok(Some(credited)) => Received::Credited {
            amount_minor: credited.amount_minor,
            balance_minor: credited.balance_minor,
        },
        Ok(None) => Received::AlreadyBooked,
        Err(e) => {
            tracing::error!(
                charge = payment.charge_id,
                payer = payment.payer,
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
    use super::*;
    use crate::db::testing::{customer, temp_db};

    fn payload(user_id: i64, stars: u32) -> InvoicePayload {
        InvoicePayload {
            user_id,
            stars,
            nonce: "k3x9a".into(),
        }
    }

    #[test]
    fn payloads_round_trip_and_forgeries_are_refused() {
        let p = payload(123_456_789, 250);
        assert_eq!(p.encode(), "st1:123456789:250:k3x9a");
        assert_eq!(InvoicePayload::decode(&p.encode()), Some(p));
        for junk in [
            "",
            "st1",
            "st1:1:100",
            "st2:1:100:abc",
            "st1:1:100:abc:x",
            "st1:+1:100:abc",
            "st1:1:0100:abc",
            "st1:-1:100:abc",
            "st1:0:100:abc",
            "st1:1:-100:abc",
            "st1:1:99999999999:abc",
            "st1:1:100:",
            "st1:1:100:ABC",
            "st1:1:100:a b",
            "st1:1:100:abcdefghijklmnopq",
            "{\"user\":1}",
        ] {
            assert_eq!(InvoicePayload::decode(junk), None, "{junk}");
        }
        let longest = payload(i64::MAX, u32::MAX);
        let longest = InvoicePayload {
            nonce: "z".repeat(MAX_NONCE_CHARS),
            ..longest
        };
        assert!(longest.encode().len() <= 128);
        assert_eq!(InvoicePayload::decode(&longest.encode()), Some(longest));
    }

    #[test]
    fn typed_amounts_are_digits_in_range() {
        assert_eq!(parse_stars(" 100 "), Ok(100));
        assert_eq!(parse_stars(&MIN_STARS.to_string()), Ok(MIN_STARS));
        assert_eq!(parse_stars(&MAX_STARS.to_string()), Ok(MAX_STARS));
        assert_eq!(
            parse_stars(&(MIN_STARS - 1).to_string()),
            Err(AmountError::BelowMin)
        );
        assert_eq!(
            parse_stars(&(MAX_STARS + 1).to_string()),
            Err(AmountError::AboveMax)
        );
        assert_eq!(parse_stars("99999999999999999999999"), Err(AmountError::AboveMax));
        for junk in ["", "ten", "+100", "-100", "1e3", "100.0", "1 000", "١٠٠"] {
            assert_eq!(parse_stars(junk), Err(AmountError::NotDigits), "{junk}");
        }
        assert!(PRESET_STARS.iter().all(|s| check_range(*s).is_ok()));
    }

    #[test]
    fn stars_convert_rounding_down_to_the_minor_unit() {
        let rub = Currency::parse("RUB").unwrap();
        let dec = |text: &str| text.parse::<Decimal>().unwrap();
        assert_eq!(stars_to_minor(100, dec("1.5"), &rub), Some(15_000));
        assert_eq!(stars_to_minor(1, dec("0.019"), &rub), Some(1));
        assert_eq!(stars_to_minor(3, dec("0.333"), &rub), Some(99));
        assert_eq!(stars_to_minor(1, dec("0.009"), &rub), Some(0));
        let toman = Currency::parse("IRT").unwrap();
        assert_eq!(stars_to_minor(7, dec("1234.99"), &toman), Some(8644));
        assert_eq!(stars_to_minor(u32::MAX, Decimal::MAX, &rub), None);
    }

    async fn shop_with_customer() -> (Db, tempfile::TempDir) {
        let (db, dir) = temp_db().await;
        customer(&db, 7).await;
        (db, dir)
    }

    fn checkout(payload: &str, total_amount: u32) -> Checkout<'_> {
        Checkout {
            payer: 7,
            payer_is_admin: false,
            currency: STARS_CURRENCY,
            total_amount,
            payload,
        }
    }

    #[tokio::test]
    async fn checkouts_must_match_their_invoice() {
        let (db, _dir) = shop_with_customer().await;
        let rate = Some(Decimal::ONE);
        let good = payload(7, 100).encode();
        let check = async |c: Checkout<'_>, rate| check_checkout(&db, &c, rate).await.unwrap();
        assert_eq!(check(checkout(&good, 100), rate).await, Ok(payload(7, 100)));
        assert_eq!(check(checkout(&good, 100), None).await, Err(Refusal::Unavailable));
        assert_eq!(
            check(checkout(&good, 101), rate).await,
            Err(Refusal::InvalidInvoice)
        );
        let others = payload(8, 100).encode();
        assert_eq!(
            check(checkout(&others, 100), rate).await,
            Err(Refusal::InvalidInvoice)
        );
        let in_dollars = Checkout {
            currency: "USD",
            ..checkout(&good, 100)
        };
        assert_eq!(check(in_dollars, rate).await, Err(Refusal::InvalidInvoice));
        let huge = payload(7, MAX_STARS + 1).encode();
        assert_eq!(
            check(checkout(&huge, MAX_STARS + 1), rate).await,
            Err(Refusal::OutOfRange)
        );

        sqlx::query("UPDATE users SET banned_at = 1 WHERE id = 7")
            .execute(db.pool())
            .await
            .unwrap();
        assert_eq!(check(checkout(&good, 100), rate).await, Err(Refusal::Banned));
        let admin = Checkout {
            payer_is_admin: true,
            ..checkout(&good, 100)
        };
        assert_eq!(check(admin, rate).await, Ok(payload(7, 100)));
    }

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
