//! Purchases waiting for money. A customer whose balance does not cover a confirmed order is
//! offered a top-up of the shortfall; the order is kept (durably, with its quote) as a pending
//! purchase, and the next credit places it through [`super::place`] at the confirmed price —
//! a stale quote re-checked, a moved price or a service gone charging nothing. The purchase's
//! request key is the order's, so however many credits arrive it becomes one order at most.
//! Nothing here moves money: until the order is placed the money is simply on the balance.

use std::sync::Arc;

use rust_decimal::Decimal;
use tokio::sync::Notify;

use super::{OrderRequest, PlaceOutcome, place};
use crate::config::Config;
use crate::db::Db;
use crate::db::catalogue::Service;
use crate::db::purchases::{NewPurchase, PendingPurchase, PurchaseResult, PurchaseStatus};
use crate::error::{Error, Result};
use crate::money::Currency;
use crate::payments::cryptopay::amounts as crypto_amounts;
use crate::payments::stars::{MAX_STARS, MIN_STARS, stars_to_minor};
use crate::pricing::Pricing;
use crate::providers::Providers;
use crate::vocabulary::OrderOrigin;

/// How long one placer holds a funded purchase: longer than any order call (its timeouts and
/// retries); after a crash mid-way the poller takes it on again once this has passed.
const PLACING_LEASE_SECS: i64 = 600;

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

/// Places the customer's purchase a credit has come for, if any, and queues their one message
/// about the credit and the order: called right after a credit. Returns whether there was one.
pub async fn place_funded(
    db: &Db,
    providers: &Providers,
    pricing: &Pricing,
    admins: &[u64],
    user_id: i64,
) -> Result<bool> {
    let mut placed = false;
    for purchase in db.funded_purchases(Some(user_id)).await? {
        placed |= try_funded(db, providers, pricing, admins, &purchase).await?;
    }
    Ok(placed)
}

/// Places what credits come for, and wakes the notifier for the customer's message: shared by
/// every way of paying (the Stars handler, "Check payment", the crypto poller and webhook).
#[derive(Clone)]
pub struct PurchasePlacer {
    pub db: Db,
    pub providers: Providers,
    pub pricing: Pricing,
    pub admins: Vec<u64>,
    pub notices_queued: Arc<Notify>,
}

impl PurchasePlacer {
    /// After a credit that funded the customer's waiting purchase. A failure is logged and
    /// left for the poller's next round, which finds the purchase still funded.
    pub async fn place_for(&self, user_id: i64) {
        let (db, providers, pricing) = (&self.db, &self.providers, &self.pricing);
        match place_funded(db, providers, pricing, &self.admins, user_id).await {
            Ok(true) => self.notices_queued.notify_one(),
            Ok(false) => {}
            Err(e) => tracing::error!(user_id, error = %e, "funded purchase not placed yet"),
        }
    }
}

/// [`place_funded`] for every customer: the poller's round picks up a purchase whose credit
/// came just before a crash. Returns how many were settled.
pub async fn place_all_funded(
    db: &Db,
    providers: &Providers,
    pricing: &Pricing,
    admins: &[u64],
) -> Result<u32> {
    let mut settled = 0;
    for purchase in db.funded_purchases(None).await? {
        settled += u32::from(try_funded(db, providers, pricing, admins, &purchase).await?);
    }
    Ok(settled)
}

/// Places one funded purchase through [`place`] with its own request key (so a repeat finds
/// the order instead of placing another) and records the result with the customer's message.
async fn try_funded(
    db: &Db,
    providers: &Providers,
    pricing: &Pricing,
    admins: &[u64],
    purchase: &PendingPurchase,
) -> Result<bool> {
    let Some(funding) = purchase.funding()? else {
        return Ok(false);
    };
    if !db.claim_funded(purchase, PLACING_LEASE_SECS).await? {
        return Ok(false);
    }
    let result = match db.service(purchase.service_id).await? {
        Some(service) => place_purchase(db, providers, pricing, admins, purchase, &service)
            .await?
            .into(),
        None => PurchaseResult::Unavailable,
    };
    tracing::info!(
        purchase = purchase.id,
        user_id = purchase.user_id,
        ?result,
        "waiting purchase tried after a credit"
    );
    db.settle_funded(purchase, &funding, &result).await
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
        origin: OrderOrigin::Chat,
    };
    place(db, providers, pricing, admins, &request).await
}

impl From<PlaceOutcome> for PurchaseResult {
    fn from(outcome: PlaceOutcome) -> Self {
        match outcome {
            PlaceOutcome::Placed {
                order_id,
                balance_after,
            } => Self::Placed {
                order_id,
                balance_after,
            },
            PlaceOutcome::Rejected {
                order_id,
                error,
                refunded_minor,
            } => Self::Rejected {
                order_id,
                error,
                refunded_minor,
            },
            PlaceOutcome::Unconfirmed { order_id } => Self::Unconfirmed { order_id },
            PlaceOutcome::AlreadyPlaced { order_id } => Self::AlreadyPlaced { order_id },
            PlaceOutcome::Unavailable => Self::Unavailable,
            PlaceOutcome::PriceChanged { charge_minor } => Self::PriceChanged { charge_minor },
            PlaceOutcome::InsufficientFunds { missing_minor } => Self::StillShort { missing_minor },
        }
    }
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
    use crate::db::ledger::{self, LedgerKind, Movement};
    use crate::db::notices::Notice;
    use crate::db::now;
    use crate::db::purchases::{self, Funding, PURCHASE_WAIT_SECS};
    use crate::db::testing::{customer, temp_db};
    use crate::orders::priced::price;
    use crate::orders::quote;
    use crate::payments::promo::testing::{discount_entered, promo_uses};
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
        let service = crate::catalogue::search(&db, "subscribers", 1)
            .await
            .unwrap()
            .remove(0);
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
            origin: OrderOrigin::Chat,
        };
        keep(&db, &purchase).await.unwrap();
        (db, providers, pricing, service, dir)
    }

    /// A crypto top-up of `amount_minor` (invoice `invoice`), booked as its crediting path books
    /// it: the ledger row and the funding of a waiting purchase in one transaction.
    async fn credit(db: &Db, invoice: i64, amount_minor: i64) -> bool {
        let mut tx = db.begin_write().await.unwrap();
        let reference = invoice.to_string();
        let movement = Movement {
            user_id: 7,
            kind: LedgerKind::CryptoTopup,
            reference: &reference,
            amount_minor,
            note: None,
        };
        ledger::apply(&mut tx, &movement).await.unwrap().unwrap();
        let funding = Funding::Crypto {
            invoice,
            amount_minor,
        };
        let funded = purchases::fund(&mut tx, 7, &funding).await.unwrap();
        tx.commit().await.unwrap();
        funded
    }

    async fn orders(db: &Db) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM orders")
            .fetch_one(db.pool())
            .await
            .unwrap()
    }

    /// The customer's queued messages about their purchase, as (key, result).
    async fn told(db: &Db) -> Vec<(String, PurchaseResult)> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT dedupe_key, payload FROM notifications WHERE chat_id = 7 ORDER BY id")
                .fetch_all(db.pool())
                .await
                .unwrap();
        rows.into_iter()
            .map(|(key, payload)| match serde_json::from_str(&payload).unwrap() {
                Notice::PurchaseFunded { result, .. } => (key, result),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[tokio::test]
    async fn a_credit_places_the_waiting_purchase_once_and_tells_it_once() {
        let (db, providers, pricing, _, _dir) = waiting().await;
        assert!(credit(&db, 1, 5_000).await, "the credit funds the purchase");
        assert!(place_funded(&db, &providers, &pricing, &[], 7).await.unwrap());
        let still_short = PurchaseResult::StillShort { missing_minor: 6_700 };
        assert_eq!(
            told(&db).await,
            vec![("purchase:1:crypto:1".into(), still_short.clone())]
        );
        let row = db.waiting_purchase(7).await.unwrap().expect("it keeps waiting");
        assert_eq!(row.funding().unwrap(), None, "for the next credit");
        assert!(!place_funded(&db, &providers, &pricing, &[], 7).await.unwrap());

        // The next credit is caught by a crash before it is placed: the poller's sweep places it.
        assert!(credit(&db, 2, 10_000).await);
        assert_eq!(place_all_funded(&db, &providers, &pricing, &[]).await.unwrap(), 1);
        let messages = told(&db).await;
        let (
            key,
            PurchaseResult::Placed {
                order_id,
                balance_after,
            },
        ) = &messages[1]
        else {
            panic!("{messages:?}")
        };
        assert_eq!(
            (key.as_str(), *balance_after),
            ("purchase:1:crypto:2", 15_000 - 11_700)
        );
        let row = db.purchase(1).await.unwrap().unwrap();
        assert_eq!((row.status.as_str(), row.order_id), ("placed", Some(*order_id)));
        assert_eq!(place_all_funded(&db, &providers, &pricing, &[]).await.unwrap(), 0);

        // Another credit finds nothing waiting, and is told on its own by its crediting path.
        assert!(!credit(&db, 3, 20_000).await);
        // Had the bot stopped between placing the order and recording it, the request key finds
        // the order instead of placing another.
        sqlx::query(
            "UPDATE pending_purchases SET status = 'waiting', order_id = NULL,
                 funded_by = '{\"method\":\"crypto\",\"invoice\":2,\"amount_minor\":10000}'",
        )
        .execute(db.pool())
        .await
        .unwrap();
        sqlx::query("DELETE FROM notifications")
            .execute(db.pool())
            .await
            .unwrap();
        assert!(place_funded(&db, &providers, &pricing, &[], 7).await.unwrap());
        let again = PurchaseResult::AlreadyPlaced { order_id: *order_id };
        assert_eq!(told(&db).await, vec![("purchase:1:crypto:2".into(), again)]);
        assert_eq!(db.purchase(1).await.unwrap().unwrap().order_id, Some(*order_id));
        assert_eq!(orders(&db).await, 1);
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_purchase_kept_with_a_discount_is_placed_at_the_discounted_total() {
        let (db, providers, pricing, service, _dir) = waiting().await;
        discount_entered(&db, 7, "new SPRING discount 10%").await;
        let extras = OrderExtras::default();
        let priced = price(&db, &pricing, 7, &service, 1000, &extras)
            .await
            .unwrap()
            .unwrap();
        let discounted = OrderRequest {
            user_id: 7,
            service: &service,
            link: "https://t.me/channel",
            quantity: 1000,
            extras: &extras,
            quoted_charge_minor: priced.charge_minor,
            quoted_at: now(),
            request_key: "7:discounted",
            origin: OrderOrigin::Chat,
        };
        keep(&db, &discounted).await.unwrap();
        assert!(credit(&db, 1, 10_530).await, "the discounted total is enough");
        assert!(place_funded(&db, &providers, &pricing, &[], 7).await.unwrap());
        let charged: i64 = sqlx::query_scalar("SELECT charge_minor FROM orders")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(charged, 10_530);
        assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, 0);
        assert_eq!(promo_uses(&db).await, (1, 1_170));
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
            origin: OrderOrigin::Chat,
        };
        let id = keep(&db, &newer).await.unwrap();
        assert_eq!(db.purchase(1).await.unwrap().unwrap().status, "replaced");
        assert_eq!(db.waiting_purchase(7).await.unwrap().unwrap().id, id);

        sqlx::query("UPDATE pending_purchases SET created_at = created_at - ?")
            .bind(PURCHASE_WAIT_SECS + 1)
            .execute(db.pool())
            .await
            .unwrap();
        assert!(!credit(&db, 1, 50_000).await, "too late to fund it");
        assert!(!place_funded(&db, &providers, &pricing, &[], 7).await.unwrap());
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
