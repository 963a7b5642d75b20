//! Telegram Stars, the one way to pay today: the invoice payload codec, the amounts a top-up may
//! be, stars → shop currency, the pre-checkout verdict, and booking a `successful_payment`.

use rust_decimal::Decimal;

use super::{NewPayment, Received, book};
use crate::db::Db;
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

/// A number of stars typed by the customer: digits only (Persian ones too), from [`MIN_STARS`]
/// to [`MAX_STARS`].
pub fn parse_stars(text: &str) -> Result<u32, AmountError> {
    let text = crate::money::ascii_digits(text.trim());
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

/// Books a Stars payment once per charge id: recorded first, then credited. The payer is
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
    book(
        db,
        &NewPayment {
            charge_id: payment.charge_id,
            user_id: payment.payer,
            stars: payment.stars,
            credit_minor: credit,
            payload: payment.payload,
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::tests::{payload, shop_with_customer};

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
        // Persian and Arabic-Indic digits, as Persian keyboards type them.
        assert_eq!(parse_stars("۱۰۰"), Ok(100));
        assert_eq!(parse_stars("١٠٠"), Ok(100));
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
        for junk in ["", "ten", "+100", "-100", "1e3", "100.0", "1 000"] {
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
}
