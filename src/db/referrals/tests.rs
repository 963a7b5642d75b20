use super::*;
use crate::db::ledger::apply;
use crate::db::orders::{AdminRefund, RefundBy, refund_order};
use crate::db::testing::{customer, temp_db};

const RATES: ReferralRates = ReferralRates {
    first: Some(500),
    second: Some(200),
};

/// Customer `id`, brought by `referrer` through a first /start with their code.
async fn brought(db: &Db, id: i64, referrer: i64) {
    customer(db, id).await;
    let code = db.referral_code(referrer).await.unwrap();
    assert_eq!(
        db.note_start(id, Some(&code)).await.unwrap(),
        Attached::To(referrer)
    );
}

/// An order of `user_id` charged `charge` (through the ledger) that ended with `refund` given
/// back by its settlement, its commissions settled as the lifecycle does.
async fn ended_order(db: &Db, user_id: i64, charge: i64, refund: i64) -> i64 {
    let mut tx = db.begin_write().await.unwrap();
    let seed = format!("seed-{user_id}-{charge}-{refund}");
    let credit = Movement {
        user_id,
        kind: LedgerKind::AdminCredit,
        reference: &seed,
        amount_minor: charge,
        note: None,
    };
    apply(&mut tx, &credit).await.unwrap().unwrap();
    for statement in [
        "INSERT INTO categories (id, name) VALUES (1, 'C') ON CONFLICT DO NOTHING",
        "INSERT INTO services (id, provider, provider_service_id, category_id, name, kind, link_rule,
             rate, unit_items, min_quantity, max_quantity, synced_at)
         VALUES (1, 'p', '1', 1, 'S', 'default', 'any_url', '1', 1000, 1, 10, 0) ON CONFLICT DO NOTHING",
    ] {
        sqlx::query(statement).execute(&mut *tx).await.unwrap();
    }
    let order_id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (user_id, service_id, provider, provider_service_id, request_key, link,
             quantity, charge_minor, provider_order_id, state, created_at, updated_at)
         VALUES (?1, 1, 'p', '1', ?3, 'l', 10, ?2, 'u', 'completed', 0, 0) RETURNING id",
    )
    .bind(user_id)
    .bind(charge)
    .bind(&seed)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    let charged = Movement {
        user_id,
        kind: LedgerKind::OrderCharge,
        reference: &order_id.to_string(),
        amount_minor: -charge,
        note: None,
    };
    apply(&mut tx, &charged).await.unwrap().unwrap();
    let by = RefundBy::Settlement { due_minor: refund };
    refund_order(&mut tx, order_id, by, "test").await.unwrap();
    settle_commissions(&mut tx, order_id).await.unwrap();
    tx.commit().await.unwrap();
    order_id
}

#[test]
fn commission_rounds_down() {
    assert_eq!(commission(999, 500), 49);
    assert_eq!(commission(1000, 500), 50);
    assert_eq!(commission(0, 500), 0);
}

#[tokio::test]
async fn codes_are_random_and_stable_and_attach_a_newcomer_once() {
    let (db, _dir) = temp_db().await;
    customer(&db, 1).await;
    customer(&db, 2).await;
    let code = db.referral_code(1).await.unwrap();
    assert_eq!(code.len(), 12);
    assert_eq!(db.referral_code(1).await.unwrap(), code);
    assert_ne!(db.referral_code(2).await.unwrap(), code);
    // One's own code does nothing.
    assert_eq!(db.note_start(1, Some(&code)).await.unwrap(), Attached::Not);
    assert_eq!(
        db.note_start(2, Some(&code.to_uppercase())).await.unwrap(),
        Attached::To(1)
    );
    // After a first /start nothing attaches any more, and nothing changes a referrer.
    customer(&db, 3).await;
    db.note_start(3, None).await.unwrap();
    assert_eq!(db.note_start(3, Some(&code)).await.unwrap(), Attached::Not);
    let other = db.referral_code(3).await.unwrap();
    assert_eq!(db.note_start(2, Some(&other)).await.unwrap(), Attached::Not);
    assert_eq!(db.note_start(2, Some("nonsense")).await.unwrap(), Attached::Not);
    let summary = db.referral_summary(1).await.unwrap();
    assert_eq!((summary.referrer_id, summary.joined), (None, 1));
    assert_eq!(db.referral_summary(2).await.unwrap().referrer_id, Some(1));
    assert_eq!(db.referees(1, 10).await.unwrap(), vec![2]);
}

#[tokio::test]
async fn commissions_are_paid_on_what_was_kept_once_per_level() {
    let (db, _dir) = temp_db().await;
    db.set_referral_rates(RATES).await.unwrap();
    customer(&db, 1).await;
    brought(&db, 2, 1).await;
    brought(&db, 3, 2).await;
    // Kept 1000 - 400 = 600: 5% to 2, 2% to 1.
    let order = ended_order(&db, 3, 1000, 400).await;
    assert_eq!(db.balance(2).await.unwrap(), 30);
    assert_eq!(db.balance(1).await.unwrap(), 12);
    // Settling again pays nothing more.
    let mut tx = db.begin_write().await.unwrap();
    assert_eq!(settle_commissions(&mut tx, order).await.unwrap(), 0);
    tx.commit().await.unwrap();
    assert_eq!(db.balance(2).await.unwrap(), 30);
    // A full refund pays nothing.
    ended_order(&db, 3, 500, 500).await;
    assert_eq!(db.balance(2).await.unwrap(), 30);
    assert_eq!(db.referral_summary(2).await.unwrap().earned_minor, 30);
    assert_eq!(db.referral_totals().await.unwrap(), (42, 0));
    assert!(db.ledger_mismatches().await.unwrap().is_empty());
}

#[tokio::test]
async fn nothing_is_paid_while_the_program_is_off() {
    let (db, _dir) = temp_db().await;
    db.set_referral_rates(ReferralRates::default()).await.unwrap();
    customer(&db, 1).await;
    brought(&db, 2, 1).await;
    ended_order(&db, 2, 1000, 0).await;
    assert_eq!(db.balance(1).await.unwrap(), 0);
    assert_eq!(db.referral_totals().await.unwrap(), (0, 0));
}

#[tokio::test]
async fn an_admin_refund_takes_back_what_the_balance_allows_and_records_the_rest() {
    let (db, _dir) = temp_db().await;
    let rates = ReferralRates {
        first: Some(1000),
        second: None,
    };
    db.set_referral_rates(rates).await.unwrap();
    customer(&db, 1).await;
    brought(&db, 2, 1).await;
    let order = ended_order(&db, 2, 1000, 0).await;
    assert_eq!(db.balance(1).await.unwrap(), 100);
    // The referrer spends 70 of it; then an admin refunds the whole order.
    let spent = Movement {
        user_id: 1,
        kind: LedgerKind::AdminDebit,
        reference: "spent",
        amount_minor: -70,
        note: None,
    };
    db.apply_movement(&spent).await.unwrap().unwrap();
    let outcome = db.refund_by_admin(order, None, "admin").await.unwrap();
    assert_eq!(
        outcome,
        AdminRefund::Refunded {
            user_id: 2,
            amount_minor: 1000,
            unrecovered_minor: 70,
        }
    );
    assert_eq!(db.balance(1).await.unwrap(), 0);
    assert_eq!(db.referral_summary(1).await.unwrap().earned_minor, 70);
    assert_eq!(db.referral_totals().await.unwrap(), (70, 70));
    assert!(db.ledger_mismatches().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_partial_admin_refund_reduces_the_commission() {
    let (db, _dir) = temp_db().await;
    db.set_referral_rates(RATES).await.unwrap();
    customer(&db, 1).await;
    brought(&db, 2, 1).await;
    let order = ended_order(&db, 2, 1000, 0).await;
    assert_eq!(db.balance(1).await.unwrap(), 50);
    db.refund_by_admin(order, Some(400), "admin").await.unwrap();
    // Kept 600: 30 stays.
    assert_eq!(db.balance(1).await.unwrap(), 30);
    assert_eq!(db.referral_totals().await.unwrap(), (30, 0));
    assert!(db.ledger_mismatches().await.unwrap().is_empty());
}
