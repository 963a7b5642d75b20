//! Placing orders: money taken once or not at all, and a waiting discount used only when paid.

use super::*;
use crate::catalogue::sync_provider;
use crate::config::{Config, ProviderKind};
use crate::db::ledger::{LedgerKind, Movement};
use crate::db::testing::{customer, temp_db};
use crate::payments::promo::testing::{discount_entered, promo_uses};

/// A database with the sandbox catalogue on sale (RUB, 30 % markup) and one customer.
async fn shop() -> (Db, Providers, Service, tempfile::TempDir) {
    let (db, dir) = temp_db().await;
    let config = Config::from_lookup(|_| None).unwrap();
    let providers = Providers::from_config(&config.providers).unwrap();
    let sandbox = providers
        .iter()
        .find(|p| p.config.kind == ProviderKind::Sandbox)
        .unwrap();
    sync_provider(&db, sandbox, &pricing()).await.unwrap();
    let service = crate::catalogue::search(&db, "subscribers", 1)
        .await
        .unwrap()
        .remove(0);
    customer(&db, 7).await;
    (db, providers, service, dir)
}

fn pricing() -> Pricing {
    Pricing::from_config(&Config::from_lookup(|_| None).unwrap())
}

async fn credit(db: &Db, amount_minor: i64) {
    let movement = Movement {
        user_id: 7,
        kind: LedgerKind::AdminCredit,
        reference: "seed",
        amount_minor,
        note: None,
    };
    db.apply_movement(&movement).await.unwrap().unwrap();
}

const NO_EXTRAS: &OrderExtras = &OrderExtras {
    comments: None,
    answer_number: None,
    dripfeed: None,
};

/// Places `request` at the default prices, with no admins to tell.
async fn place_as(db: &Db, providers: &Providers, request: &OrderRequest<'_>) -> PlaceOutcome {
    place(db, providers, &pricing(), &[], request).await.unwrap()
}

fn request<'a>(service: &'a Service, key: &'a str, charge: i64) -> OrderRequest<'a> {
    OrderRequest {
        user_id: 7,
        service,
        link: "https://t.me/channel",
        quantity: 1000,
        extras: NO_EXTRAS,
        quoted_charge_minor: charge,
        quoted_at: now(),
        request_key: key,
        origin: OrderOrigin::Chat,
    }
}

async fn price_for(db: &Db, user_id: i64, service: &Service) -> priced::Priced {
    priced::price(db, &pricing(), user_id, service, 1000, NO_EXTRAS)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_waiting_discount_comes_off_the_next_paid_order_only() {
    let (db, providers, service, _dir) = shop().await;
    credit(&db, 50_000).await;
    discount_entered(&db, 7, "new SPRING discount 10%").await;
    let priced = price_for(&db, 7, &service).await;
    assert_eq!(
        (priced.charge_minor, priced.full_charge_minor()),
        (10_530, 11_700)
    );
    assert_eq!(promo_uses(&db).await, (0, 0), "showing a total uses nothing");

    let outcome = place_as(&db, &providers, &request(&service, "7:a", 10_530)).await;
    let PlaceOutcome::Placed {
        order_id,
        balance_after,
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(balance_after, 50_000 - 10_530);
    assert_eq!(db.order(order_id).await.unwrap().unwrap().charge_minor, 10_530);
    assert_eq!(promo_uses(&db).await, (1, 1_170));
    let next = price_for(&db, 7, &service).await;
    assert_eq!((next.charge_minor, next.discount), (11_700, None));
    assert!(db.ledger_mismatches().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_discount_gone_before_paying_charges_nothing_and_shows_the_full_price() {
    let (db, providers, service, _dir) = shop().await;
    credit(&db, 50_000).await;
    discount_entered(&db, 7, "new GONE discount 10%").await;
    let priced = price_for(&db, 7, &service).await;
    assert!(db.switch_promo_off("GONE").await.unwrap());

    // Paying with it refuses, writing nothing.
    let paid = pay(&db, &service, "7:gone", &priced).await;
    assert_eq!(paid, Err(PayError::DiscountGone));
    assert_eq!(db.orders_page(7, 0, 10).await.unwrap().1, 0);
    assert_eq!(promo_uses(&db).await, (0, 0));

    // The confirmed discounted total is a moved price: the customer is shown the full one.
    let outcome = place_as(&db, &providers, &request(&service, "7:b", 10_530)).await;
    assert_eq!(outcome, PlaceOutcome::PriceChanged { charge_minor: 11_700 });
    assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, 50_000);
}

#[tokio::test]
async fn a_discount_stops_at_cost_unless_its_code_allows_a_loss() {
    let (db, _providers, service, _dir) = shop().await;
    customer(&db, 8).await;
    // The sandbox asks 90.00 RUB per 1000: half of 117.00 would sell below that.
    discount_entered(&db, 7, "new HALF discount 50%").await;
    discount_entered(&db, 8, "new LOSS discount 50% below-cost").await;
    assert_eq!(price_for(&db, 7, &service).await.charge_minor, 9_000);
    assert_eq!(price_for(&db, 8, &service).await.charge_minor, 5_850);
}

#[tokio::test]
async fn two_orders_that_together_exceed_the_balance_place_exactly_one() {
    let (db, providers, service, _dir) = shop().await;
    let charge = quote(&service, 1000, NO_EXTRAS).unwrap();
    assert_eq!(charge, 11700); // 90.00 RUB per 1000 with 30 % markup
    let drip = OrderExtras {
        dripfeed: Some(crate::vocabulary::DripFeed {
            runs: 3,
            interval_minutes: 10,
        }),
        ..NO_EXTRAS.clone()
    };
    assert_eq!(
        quote(&service, 1000, &drip),
        Some(3 * charge),
        "every run is paid for"
    );
    credit(&db, charge + charge / 2).await;

    let (a, b) = (request(&service, "7:a", charge), request(&service, "7:b", charge));
    let (first, second) = tokio::join!(place_as(&db, &providers, &a), place_as(&db, &providers, &b));
    let outcomes = [first, second];
    let placed = outcomes
        .iter()
        .filter(|o| matches!(o, PlaceOutcome::Placed { .. }))
        .count();
    assert_eq!(placed, 1, "{outcomes:?}");
    assert!(
        outcomes.contains(&PlaceOutcome::InsufficientFunds {
            missing_minor: charge / 2
        }),
        "{outcomes:?}"
    );
    assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, charge / 2);
    assert!(db.ledger_mismatches().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_same_confirmation_never_pays_twice() {
    let (db, providers, service, _dir) = shop().await;
    let charge = quote(&service, 1000, NO_EXTRAS).unwrap();
    credit(&db, charge * 3).await;
    let first = place_as(&db, &providers, &request(&service, "7:same", charge)).await;
    let PlaceOutcome::Placed { order_id, .. } = first else {
        panic!("{first:?}")
    };
    let again = place_as(&db, &providers, &request(&service, "7:same", charge)).await;
    assert_eq!(again, PlaceOutcome::AlreadyPlaced { order_id });
    assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, charge * 2);
}

#[tokio::test]
async fn a_moved_price_charges_nothing() {
    let (db, providers, service, _dir) = shop().await;
    let charge = quote(&service, 1000, NO_EXTRAS).unwrap();
    credit(&db, charge * 2).await;
    let outcome = place_as(&db, &providers, &request(&service, "7:x", charge - 1)).await;
    assert_eq!(outcome, PlaceOutcome::PriceChanged { charge_minor: charge });
    let disabled = Service {
        enabled: false,
        ..service.clone()
    };
    let outcome = place_as(&db, &providers, &request(&disabled, "7:y", charge)).await;
    assert_eq!(outcome, PlaceOutcome::Unavailable);
    assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, charge * 2);
    assert_eq!(db.orders_page(7, 0, 10).await.unwrap().1, 0);
}

#[tokio::test]
async fn a_stale_quote_is_rechecked_with_the_provider_before_charging() {
    let (db, providers, _, _dir) = shop().await;
    // The catalogue still shows an old rate of 80.00 per 1000; the sandbox now asks 90.00.
    sqlx::query("UPDATE services SET rate = '80', price_minor = 10400")
        .execute(db.pool())
        .await
        .unwrap();
    db.catalogue_changed();
    let outdated = crate::catalogue::search(&db, "subscribers", 1)
        .await
        .unwrap()
        .remove(0);
    let charge = quote(&outdated, 1000, NO_EXTRAS).unwrap();
    assert_eq!(charge, 10400);
    credit(&db, 50_000).await;

    let stale = OrderRequest {
        quoted_at: now() - QUOTE_FRESH_SECS - 1,
        ..request(&outdated, "7:stale", charge)
    };
    let outcome = place_as(&db, &providers, &stale).await;
    assert_eq!(outcome, PlaceOutcome::PriceChanged { charge_minor: 11700 });
    assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, 50_000);

    // Re-checked, the catalogue has the current price; a fresh quote of it is charged.
    let current = db.service(outdated.id).await.unwrap().unwrap();
    let fresh = request(&current, "7:fresh", 11700);
    let outcome = place_as(&db, &providers, &fresh).await;
    assert!(matches!(outcome, PlaceOutcome::Placed { .. }), "{outcome:?}");
    assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, 50_000 - 11700);
}

/// Customer 7 pays for 1000 subscribers at their price of the moment, discount and all.
async fn paid_at_their_price(db: &Db, service: &Service, request_key: &str) -> i64 {
    let priced = price_for(db, 7, service).await;
    pay(db, service, request_key, &priced).await.unwrap().0
}

/// Customer 7 pays `priced` for 1000 subscribers, as placing an order does first.
async fn pay(
    db: &Db,
    service: &Service,
    request_key: &str,
    priced: &priced::Priced,
) -> std::result::Result<(i64, i64), PayError> {
    db.create_paid_order(&NewPaidOrder {
        user_id: 7,
        service_id: service.id,
        provider: &service.provider,
        provider_service_id: &service.provider_service_id,
        request_key,
        link: "https://t.me/channel",
        quantity: 1000,
        extras: NO_EXTRAS,
        charge_minor: priced.charge_minor,
        discount: priced.discount_use(),
        origin: OrderOrigin::Chat,
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_refusal_gives_the_discount_back_and_never_beside_another() {
    use crate::payments::promo::{Redeemed, redeem};
    use submission::{Answered, refused};
    let (db, _providers, service, _dir) = shop().await;
    credit(&db, 50_000).await;
    discount_entered(&db, 7, "new FIRST discount 10%").await;
    let order_id = paid_at_their_price(&db, &service, "7:a").await;
    assert_eq!(promo_uses(&db).await, (1, 1_170));
    let answered = refused(&db, &[], order_id, "no").await.unwrap();
    assert_eq!(
        answered,
        Answered::Refunded {
            refunded_minor: 10_530
        }
    );
    assert_eq!(promo_uses(&db).await, (0, 0));
    let again = price_for(&db, 7, &service).await;
    assert_eq!(again.discount.map(|d| d.code).as_deref(), Some("FIRST"));

    // Used again, and another discount entered before that order is refused: one waits at a
    // time, so the first is forgotten rather than attached beside it, and may be entered again.
    let order_id = paid_at_their_price(&db, &service, "7:b").await;
    discount_entered(&db, 7, "new SECOND discount 20%").await;
    refused(&db, &[], order_id, "no").await.unwrap();
    let first = db.promos().await.unwrap().into_iter().find(|p| p.code == "FIRST");
    assert_eq!(first.map(|p| (p.uses, p.cost_minor)), Some((0, 0)));
    let waiting = price_for(&db, 7, &service).await;
    assert_eq!(waiting.discount.map(|d| d.code).as_deref(), Some("SECOND"));
    assert_eq!(redeem(&db, 7, "first").await.unwrap(), Redeemed::DiscountWaiting);
    assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, 50_000);
    assert!(db.ledger_mismatches().await.unwrap().is_empty());
}
