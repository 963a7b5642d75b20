//! Purchases waiting for money. A customer whose balance does not cover a confirmed order is
//! offered a top-up of the shortfall; the order is kept (durably, with its quote) as a pending
//! purchase, and the next credit places it through [`super::place`] at the confirmed price —
//! a stale quote re-checked, a moved price or a service gone charging nothing. The purchase's
//! request key is the order's, so however many credits arrive it becomes one order at most.
//! Nothing here moves money: until the order is placed the money is simply on the balance.

use rust_decimal::Decimal;

use super::{OrderRequest, PlaceOutcome, place};
use crate::config::Config;
use crate::db::Db;
use crate::db::catalogue::Service;
use crate::db::now;
use crate::db::purchases::{NewPurchase, PendingPurchase, PurchaseStatus};
use crate::error::{Error, Result};
use crate::money::Currency;
use crate::payments::cryptopay::amounts as crypto_amounts;
use crate::payments::stars::{MAX_STARS, MIN_STARS, stars_to_minor};
use crate::pricing::Pricing;
use crate::providers::Providers;

/// How long a purchase waits for its money; after that a credit no longer places it.
pub const PURCHASE_WAIT_SECS: i64 = 24 * 60 * 60;

/// Keeps `purchase`, a confirmed order the balance does not cover yet, waiting for a credit in
/// place of the customer's older waiting one; it is placed later with its own request key.
pub async fn keep(db: &Db, purchase: &OrderRequest<'_>) -> Result<i64> {
    let quantity = i64::try_from(purchase.quantity)
        .map_err(|_| Error::Internal(format!("quantity {} out of range", purchase.quantity)))?;
    db.keep_purchase(&NewPurchase {
        user_id: purchase.user_id,
        service_id: purchase.service.id,
        link: purchase.link,
        quantity,
        extras: purchase.extras,
        quoted_charge_minor: purchase.quoted_charge_minor,
        quoted_at: purchase.quoted_at,
        request_key: purchase.request_key,
    })
    .await
}

/// The customer left their waiting purchase (cancelled it, or started another order).
pub async fn abandon(db: &Db, user_id: i64) -> Result<bool> {
    db.end_waiting_purchase(user_id, PurchaseStatus::Cancelled).await
}

/// What became of a waiting purchase after a credit.
#[derive(Debug, Clone, PartialEq)]
pub enum PurchaseOutcome {
    /// The order was tried: how [`place`] ended (never `InsufficientFunds`).
    Tried(PlaceOutcome),
    /// The balance still does not cover it: it keeps waiting for `missing_minor` more.
    StillShort { missing_minor: i64 },
}

/// The one call after any credit to a customer's balance: places their waiting purchase, if
/// they have one (`None` when nothing was waiting, or it waited too long). A repeated call, or
/// two at once, place one order at most (the request key), and the purchase is marked with it.
pub async fn place_after_credit(
    db: &Db,
    providers: &Providers,
    pricing: &Pricing,
    admins: &[u64],
    user_id: i64,
) -> Result<Option<PurchaseOutcome>> {
    let Some(purchase) = db.waiting_purchase(user_id).await? else {
        return Ok(None);
    };
    if now() - purchase.created_at > PURCHASE_WAIT_SECS {
        db.end_purchase(purchase.id, PurchaseStatus::Expired, None)
            .await?;
        tracing::info!(
            purchase = purchase.id,
            user_id,
            "waiting purchase expired unplaced"
        );
        return Ok(None);
    }
    let Some(service) = db.service(purchase.service_id).await? else {
        db.end_purchase(purchase.id, PurchaseStatus::Unavailable, None)
            .await?;
        return Ok(Some(PurchaseOutcome::Tried(PlaceOutcome::Unavailable)));
    };
    let outcome = place_purchase(db, providers, pricing, admins, &purchase, &service).await?;
    let ended = match &outcome {
        PlaceOutcome::Placed { order_id, .. }
        | PlaceOutcome::Rejected { order_id, .. }
        | PlaceOutcome::Unconfirmed { order_id }
        | PlaceOutcome::AlreadyPlaced { order_id } => Some((PurchaseStatus::Placed, Some(*order_id))),
        PlaceOutcome::Unavailable => Some((PurchaseStatus::Unavailable, None)),
        PlaceOutcome::PriceChanged { .. } => Some((PurchaseStatus::PriceChanged, None)),
        PlaceOutcome::InsufficientFunds { missing_minor } => {
            return Ok(Some(PurchaseOutcome::StillShort {
                missing_minor: *missing_minor,
            }));
        }
    };
    if let Some((status, order_id)) = ended {
        db.end_purchase(purchase.id, status, order_id).await?;
    }
    tracing::info!(
        purchase = purchase.id,
        user_id,
        ?outcome,
        "waiting purchase tried after a credit"
    );
    Ok(Some(PurchaseOutcome::Tried(outcome)))
}

async fn place_purchase(
    db: &Db,
    providers: &Providers,
    pricing: &Pricing,
    admins: &[u64],
    purchase: &PendingPurchase,
    service: &Service,
) -> Result<PlaceOutcome> {
    let extras = purchase.extras()?;
    let quantity = u64::try_from(purchase.quantity)
        .map_err(|_| Error::Internal(format!("purchase {} quantity", purchase.id)))?;
    let request = OrderRequest {
        user_id: purchase.user_id,
        service,
        link: &purchase.link,
        quantity,
        extras: &extras,
        quoted_charge_minor: purchase.quoted_charge_minor,
        quoted_at: purchase.quoted_at,
        request_key: &purchase.request_key,
    };
    place(db, providers, pricing, admins, &request).await
}

/// How a shortfall can be paid with the shop's payment methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopUpOffer {
    pub missing_minor: i64,
    pub stars: StarsOffer,
    /// What a crypto top-up of the shortfall would be (at least the smallest one), when Crypto
    /// Pay is on and it is not beyond the largest.
    pub crypto: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StarsOffer {
    /// Stars top-ups are off.
    Off,
    /// This many stars cover the shortfall.
    Pay(u32),
    /// More than one Stars payment may be.
    TooMuch,
}

impl TopUpOffer {
    /// Whether any way of paying is offered at all.
    pub fn any(&self) -> bool {
        self.crypto.is_some() || matches!(self.stars, StarsOffer::Pay(_))
    }
}

/// The top-ups that cover `missing_minor` in this shop.
pub fn top_up_offer(config: &Config, missing_minor: i64) -> TopUpOffer {
    let stars = match config.stars_rate {
        None => StarsOffer::Off,
        Some(rate) => stars_to_cover(missing_minor, rate, &config.shop_currency),
    };
    let crypto = config.cryptopay.as_ref().and_then(|_| {
        let (min, max) = crypto_amounts::limits(&config.shop_currency);
        let amount = missing_minor.max(min);
        (amount <= max).then_some(amount)
    });
    TopUpOffer {
        missing_minor,
        stars,
        crypto,
    }
}

/// The fewest stars whose credit (at `rate`, rounded down like every credit) covers
/// `missing_minor`, and at least the smallest top-up.
pub fn stars_to_cover(missing_minor: i64, rate: Decimal, currency: &Currency) -> StarsOffer {
    let exact = (rate > Decimal::ZERO)
        .then(|| currency.to_decimal(missing_minor).checked_div(rate))
        .flatten();
    let Some(stars) = exact.and_then(|s| u32::try_from(s.ceil()).ok()) else {
        return StarsOffer::TooMuch;
    };
    let stars = stars.max(MIN_STARS);
    let covers = stars_to_minor(stars, rate, currency).is_some_and(|credit| credit >= missing_minor);
    if stars > MAX_STARS || !covers {
        StarsOffer::TooMuch
    } else {
        StarsOffer::Pay(stars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::ledger::{LedgerKind, Movement};
    use crate::db::testing::{customer, temp_db};
    use crate::orders::quote;
    use crate::vocabulary::OrderExtras;

    #[test]
    fn the_stars_offered_cover_the_shortfall() {
        let usd = Currency::parse("USD").unwrap();
        let rub = Currency::parse("RUB").unwrap();
        let dec = |text: &str| text.parse::<Decimal>().unwrap();
        // 1.08 USD at 1.5 a star is under one star: the smallest top-up.
        assert_eq!(stars_to_cover(108, dec("1.5"), &usd), StarsOffer::Pay(MIN_STARS));
        // 100.01 RUB at 1.5: 66.67 stars, rounded up; 67 stars credit 100.50.
        assert_eq!(stars_to_cover(10_001, dec("1.5"), &rub), StarsOffer::Pay(67));
        assert_eq!(stars_to_cover(15_000, dec("1.5"), &rub), StarsOffer::Pay(100));
        // 0.333 a star: 100 stars credit 33.30, enough for 33.30 but not for 33.31.
        assert_eq!(stars_to_cover(3_330, dec("0.333"), &rub), StarsOffer::Pay(100));
        assert_eq!(stars_to_cover(3_331, dec("0.333"), &rub), StarsOffer::Pay(101));
        assert_eq!(
            stars_to_cover(i64::from(MAX_STARS) * 150 + 1, dec("1.5"), &rub),
            StarsOffer::TooMuch
        );
        assert_eq!(stars_to_cover(i64::MAX, dec("0.01"), &rub), StarsOffer::TooMuch);
        assert_eq!(stars_to_cover(100, Decimal::ZERO, &rub), StarsOffer::TooMuch);
    }

    /// The sandbox catalogue on sale (RUB, 30 % markup), customer 7 with nothing on the balance,
    /// and a purchase of 1000 subscribers (117.00 RUB) waiting.
    async fn waiting() -> (Db, Providers, Pricing, Service, tempfile::TempDir) {
        let (db, dir) = temp_db().await;
        let config = Config::from_lookup(|_| None).unwrap();
        let providers = Providers::from_config(&config.providers).unwrap();
        let pricing = Pricing::from_config(&config);
        crate::catalogue::sync_all(&db, &providers, &pricing).await;
        let service = db.search_services("subscribers", 1).await.unwrap().remove(0);
        customer(&db, 7).await;
        let extras = OrderExtras::default();
        let purchase = OrderRequest {
            user_id: 7,
            service: &service,
            link: "https://t.me/channel",
            quantity: 1000,
            extras: &extras,
            quoted_charge_minor: quote(&service, 1000, &extras).unwrap(),
            quoted_at: now(),
            request_key: "7:draft",
        };
        keep(&db, &purchase).await.unwrap();
        (db, providers, pricing, service, dir)
    }

    async fn credit(db: &Db, reference: &str, amount_minor: i64) {
        let movement = Movement {
            user_id: 7,
            kind: LedgerKind::AdminCredit,
            reference,
            amount_minor,
            note: None,
        };
        db.apply_movement(&movement).await.unwrap().unwrap();
    }

    async fn orders(db: &Db) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM orders")
            .fetch_one(db.pool())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_credit_places_the_waiting_purchase_once() {
        let (db, providers, pricing, _, _dir) = waiting().await;
        credit(&db, "a", 5_000).await;
        let short = place_after_credit(&db, &providers, &pricing, &[], 7)
            .await
            .unwrap();
        assert_eq!(short, Some(PurchaseOutcome::StillShort { missing_minor: 6_700 }));
        assert!(
            db.waiting_purchase(7).await.unwrap().is_some(),
            "it keeps waiting"
        );

        credit(&db, "b", 10_000).await;
        let placed = place_after_credit(&db, &providers, &pricing, &[], 7)
            .await
            .unwrap();
        let Some(PurchaseOutcome::Tried(PlaceOutcome::Placed {
            order_id,
            balance_after,
        })) = placed
        else {
            panic!("{placed:?}")
        };
        assert_eq!(balance_after, 15_000 - 11_700);
        let row = db.purchase(1).await.unwrap().unwrap();
        assert_eq!((row.status.as_str(), row.order_id), ("placed", Some(order_id)));

        // Another credit finds nothing waiting.
        credit(&db, "c", 20_000).await;
        assert_eq!(
            place_after_credit(&db, &providers, &pricing, &[], 7)
                .await
                .unwrap(),
            None
        );
        // Had the bot stopped between placing the order and marking the purchase, the request
        // key finds the order instead of placing another.
        sqlx::query("UPDATE pending_purchases SET status = 'waiting', order_id = NULL")
            .execute(db.pool())
            .await
            .unwrap();
        let again = place_after_credit(&db, &providers, &pricing, &[], 7)
            .await
            .unwrap();
        assert_eq!(
            again,
            Some(PurchaseOutcome::Tried(PlaceOutcome::AlreadyPlaced { order_id }))
        );
        assert_eq!(db.purchase(1).await.unwrap().unwrap().order_id, Some(order_id));
        assert_eq!(orders(&db).await, 1);
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_newer_purchase_replaces_the_waiting_one_and_old_ones_expire() {
        let (db, providers, pricing, service, _dir) = waiting().await;
        let extras = OrderExtras::default();
        let newer = OrderRequest {
            user_id: 7,
            service: &service,
            link: "https://t.me/other",
            quantity: 100,
            extras: &extras,
            quoted_charge_minor: quote(&service, 100, &extras).unwrap(),
            quoted_at: now(),
            request_key: "7:newer",
        };
        let id = keep(&db, &newer).await.unwrap();
        assert_eq!(db.purchase(1).await.unwrap().unwrap().status, "replaced");
        assert_eq!(db.waiting_purchase(7).await.unwrap().unwrap().id, id);

        sqlx::query("UPDATE pending_purchases SET created_at = created_at - ?")
            .bind(PURCHASE_WAIT_SECS + 1)
            .execute(db.pool())
            .await
            .unwrap();
        credit(&db, "a", 50_000).await;
        assert_eq!(
            place_after_credit(&db, &providers, &pricing, &[], 7)
                .await
                .unwrap(),
            None
        );
        assert_eq!(db.purchase(id).await.unwrap().unwrap().status, "expired");
        assert_eq!(orders(&db).await, 0);
        assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, 50_000);

        keep(
            &db,
            &OrderRequest {
                request_key: "7:third",
                ..newer
            },
        )
        .await
        .unwrap();
        assert!(abandon(&db, 7).await.unwrap());
        assert!(db.waiting_purchase(7).await.unwrap().is_none());
        assert!(!abandon(&db, 7).await.unwrap());
    }
}
