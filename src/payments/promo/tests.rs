use super::terms::{self, PromoCommand};
use super::*;
use crate::db::testing::{customer, temp_db};
use crate::money::Currency;

async fn admin_creates(db: &Db, args: &str) {
    let PromoCommand::New(promo) = terms::parse(args, &Currency::parse("RUB").unwrap()).unwrap() else {
        panic!("not /promo new: {args}");
    };
    assert!(create(db, &promo, 1).await.unwrap(), "{args}");
}

#[tokio::test]
async fn a_credit_code_pays_each_customer_once_through_the_ledger() {
    let (db, _dir) = temp_db().await;
    customer(&db, 10).await;
    admin_creates(&db, "new Welcome credit 100").await;
    assert_eq!(
        redeem(&db, 10, "welcome").await.unwrap(),
        Redeemed::Credited {
            amount_minor: 10_000,
            balance_minor: 10_000
        }
    );
    assert_eq!(
        redeem(&db, 10, "WELCOME").await.unwrap(),
        Redeemed::AlreadyRedeemed
    );
    assert_eq!(db.user(10).await.unwrap().unwrap().balance_minor, 10_000);
    assert!(db.ledger_mismatches().await.unwrap().is_empty());
    let listed = db.promos().await.unwrap();
    assert_eq!((listed[0].uses, listed[0].cost_minor), (1, 10_000));
}

#[tokio::test]
async fn the_last_use_goes_to_exactly_one_of_two_customers_at_once() {
    let (db, _dir) = temp_db().await;
    for id in 1..=8 {
        customer(&db, id).await;
    }
    admin_creates(&db, "new LAST credit 5 uses 1").await;
    let racers: Vec<_> = (1..=8)
        .map(|id| {
            let db = db.clone();
            tokio::spawn(async move { redeem(&db, id, "last").await.unwrap() })
        })
        .collect();
    let mut credited = 0;
    for racer in racers {
        match racer.await.unwrap() {
            Redeemed::Credited { .. } => credited += 1,
            other => assert_eq!(other, Redeemed::UsedUp),
        }
    }
    assert_eq!(credited, 1);
    let total: i64 = sqlx::query_scalar("SELECT SUM(balance_minor) FROM users")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(total, 500);
    assert!(db.ledger_mismatches().await.unwrap().is_empty());
}

#[tokio::test]
async fn expired_switched_off_and_new_customer_codes_each_answer_their_own_way() {
    let (db, _dir) = temp_db().await;
    customer(&db, 10).await;
    admin_creates(&db, "new OLD credit 1 until 2020-01-01").await;
    admin_creates(&db, "new GONE credit 1").await;
    admin_creates(&db, "new FRESH credit 1 new-customers-only").await;
    assert!(db.switch_promo_off("GONE").await.unwrap());
    assert_eq!(redeem(&db, 10, "old").await.unwrap(), Redeemed::Expired);
    assert_eq!(redeem(&db, 10, "gone").await.unwrap(), Redeemed::Expired);
    assert_eq!(redeem(&db, 10, "nope").await.unwrap(), Redeemed::Unknown);
    // Someone who has ordered is no longer new.
    db.apply_movement(&Movement {
        user_id: 10,
        kind: LedgerKind::AdminCredit,
        reference: "seed",
        amount_minor: 100,
        note: None,
    })
    .await
    .unwrap()
    .unwrap();
    db.apply_movement(&Movement {
        user_id: 10,
        kind: LedgerKind::OrderCharge,
        reference: "1",
        amount_minor: -100,
        note: None,
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(redeem(&db, 10, "fresh").await.unwrap(), Redeemed::NotNewCustomer);
    assert_eq!(db.user(10).await.unwrap().unwrap().balance_minor, 0);
}

#[tokio::test]
async fn a_guesser_waits_after_five_wrong_codes_even_across_a_restart() {
    let (db, dir) = temp_db().await;
    customer(&db, 10).await;
    admin_creates(&db, "new REAL credit 1").await;
    for _ in 1..WRONG_GUESSES_ALLOWED {
        assert_eq!(redeem(&db, 10, "guess").await.unwrap(), Redeemed::Unknown);
    }
    let Redeemed::SlowedDown { until } = redeem(&db, 10, "guess").await.unwrap() else {
        panic!("the fifth wrong code slows the customer down");
    };
    assert!(until >= now() + GUESS_PAUSE_SECS - 5);
    db.close().await;
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let db = Db::open(&url).await.unwrap();
    // Even the right code waits.
    assert_eq!(
        redeem(&db, 10, "real").await.unwrap(),
        Redeemed::SlowedDown { until }
    );
    assert_eq!(db.user(10).await.unwrap().unwrap().balance_minor, 0);
}

#[tokio::test]
async fn a_discount_waits_for_the_next_order_one_at_a_time() {
    let (db, _dir) = temp_db().await;
    customer(&db, 10).await;
    admin_creates(&db, "new TEN discount 10%").await;
    admin_creates(&db, "new TWENTY discount 20%").await;
    assert_eq!(
        redeem(&db, 10, "ten").await.unwrap(),
        Redeemed::DiscountAttached { percent: 10 }
    );
    assert_eq!(
        redeem(&db, 10, "twenty").await.unwrap(),
        Redeemed::DiscountWaiting
    );
    let mut conn = db.pool().acquire().await.unwrap();
    let waiting = store::attached_discount(&mut conn, 10).await.unwrap().unwrap();
    assert_eq!((waiting.code.as_str(), waiting.value), ("TEN", 10));
    // No money moved, and no use is counted until an order pays with it.
    assert_eq!(db.user(10).await.unwrap().unwrap().balance_minor, 0);
    assert_eq!(db.promos().await.unwrap().iter().map(|p| p.uses).sum::<i64>(), 0);
}
