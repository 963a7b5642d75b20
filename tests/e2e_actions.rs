//! Actions on placed orders end to end: the customer's refresh, refill and cancel, and the
//! admins' settlement of an unknown outcome — through the fake Telegram, against the fake
//! panel, checking what the customer saw, what the panel received and what the ledger holds.

mod common;

use std::time::Duration;

use common::fake_panel::{FIRST_ORDER_ID, Reply};
use common::fake_telegram::{ChatMessage, TestUser};
use common::shop::{ADMIN_ID, Shop};

/// 1000 "Telegram subscribers" cost 1.08 USD (0.90 at the panel plus 20 %).
const CHARGE: i64 = 108;
/// What every customer here starts with: 5.00 USD.
const CREDIT: i64 = 500;

/// The panel's id of the first order.
fn first_provider_id() -> String {
    FIRST_ORDER_ID.to_string()
}

/// Orders 1000 of the Telegram `service` to @mychannel through the bot, from a fresh credit of
/// 5 USD, up to the confirmation screen.
async fn fill_in_order(shop: &Shop, user: &TestUser, service: &str) {
    let tg = &shop.telegram;
    shop.credit(user, "5").await;
    tg.send_text(user, "/start");
    tg.wait_bot_message_containing(user.id, "Choose what you would like to do")
        .await;
    shop.tap(user, "New order", "Choose a category").await;
    shop.tap(user, "Telegram", "Choose a service").await;
    shop.tap(user, service, "Minimum").await;
    shop.tap(user, "Order", "Send the link").await;
    tg.send_text(user, "@mychannel");
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(user, "1000");
    tg.wait_bot_message_containing(user.id, "Please check your order")
        .await;
}

/// Places an order of `service` and opens its screen.
async fn placed_order(shop: &Shop, user: &TestUser, service: &str) -> ChatMessage {
    fill_in_order(shop, user, service).await;
    shop.tap(user, "Confirm", "is placed").await;
    shop.tap(user, "Order details", "Order #").await
}

/// Places an order whose creation times out at the panel (which creates it all the same):
/// the order is left `unknown_outcome` with the money held.
async fn unconfirmed_order(shop: &Shop, user: &TestUser) {
    fill_in_order(shop, user, "Telegram subscribers").await;
    shop.panel.stall_next("add", Duration::from_secs(4));
    shop.tap(user, "Confirm", "is being checked").await;
}

/// Leaves the next check of every order to the customer's Refresh: takes the orders off the
/// poller's schedule (waiting out a round in flight, which would put them back) and moves their
/// last check out of the refresh cooldown, as if the customer had waited.
async fn leave_checks_to_refresh(shop: &Shop) {
    let pool = shop.db.pool();
    loop {
        sqlx::query("UPDATE orders SET next_check_at = NULL, checked_at = checked_at - 60")
            .execute(pool)
            .await
            .expect("unschedule the orders");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let scheduled: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE next_check_at IS NOT NULL")
                .fetch_one(pool)
                .await
                .expect("scheduled orders");
        if scheduled == 0 {
            return;
        }
    }
}

async fn order_row(shop: &Shop, id: i64) -> (String, Option<String>, Option<i64>, Option<i64>, i64) {
    sqlx::query_as(
        "SELECT state, provider_order_id, cancel_requested_at, next_check_at, refunded_minor
         FROM orders WHERE id = ?",
    )
    .bind(id)
    .fetch_one(shop.db.pool())
    .await
    .expect("order row")
}

/// `(provider_refill_id, state, next_check_at)` of the order's refills.
async fn refills(shop: &Shop, order_id: i64) -> Vec<(String, String, Option<i64>)> {
    sqlx::query_as("SELECT provider_refill_id, state, next_check_at FROM refills WHERE order_id = ?")
        .bind(order_id)
        .fetch_all(shop.db.pool())
        .await
        .expect("refill rows")
}

async fn notices_for(shop: &Shop, chat_id: i64, dedupe_key: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE chat_id = ? AND dedupe_key = ?")
        .bind(chat_id)
        .bind(dedupe_key)
        .fetch_one(shop.db.pool())
        .await
        .expect("notification count")
}

fn labels(message: &ChatMessage) -> Vec<String> {
    message.buttons.iter().flatten().map(|b| b.text.clone()).collect()
}

fn has_button(message: &ChatMessage, label: &str) -> bool {
    labels(message).iter().any(|l| l.contains(label))
}

/// Taps forged or stale button data under the newest bot message of the user's chat and
/// returns the hint the tap was answered with.
async fn tap_data(shop: &Shop, user: &TestUser, data: &str) -> Option<String> {
    let tg = &shop.telegram;
    let id = tg.tap(user, tg.last_bot_message(user.id).message_id, data);
    tg.wait_callback_answered(&id).await.1
}

fn assert_every_tap_answered(shop: &Shop) {
    let tg = &shop.telegram;
    let taps = tg
        .calls()
        .iter()
        .filter(|c| c.method == "answercallbackquery")
        .count();
    assert_eq!(taps, tg.callback_answers().len());
}

#[tokio::test]
async fn refresh_shows_the_new_status_and_progress() {
    let shop = Shop::start().await;
    let user = shop.customer(61, "en").await;
    let details = placed_order(&shop, &user, "Telegram subscribers").await;
    assert!(has_button(&details, "Refresh"), "{:?}", labels(&details));
    assert!(has_button(&details, "Cancel order"), "{:?}", labels(&details));
    assert!(
        !has_button(&details, "Refill"),
        "not completed yet: {:?}",
        labels(&details)
    );

    leave_checks_to_refresh(&shop).await;
    shop.panel
        .set_order_status(&first_provider_id(), "In progress", 400);
    let refreshed = shop.tap(&user, "Refresh", "Status checked just now").await;
    for expected in ["Status: in progress", "▰▰▰▰▰▰▱▱▱▱ 60%"] {
        assert!(
            refreshed.text.contains(expected),
            "{expected:?} in {}",
            refreshed.text
        );
    }
    // The panel's own words are for admins: the customer reads the shop's state.
    assert!(!refreshed.text.contains("In progress"), "{}", refreshed.text);

    // Straight away again: the fresh answer is shown without asking the panel.
    shop.tap(&user, "Refresh", "checked a few seconds ago").await;

    leave_checks_to_refresh(&shop).await;
    shop.panel.set_order_status(&first_provider_id(), "Completed", 0);
    let done = shop.tap(&user, "Refresh", "Status checked just now").await;
    assert!(done.text.contains("Status: completed"), "{}", done.text);
    assert!(has_button(&done, "Refill"), "{:?}", labels(&done));
    assert!(!has_button(&done, "Refresh"), "{:?}", labels(&done));
    assert!(!has_button(&done, "Cancel order"), "{:?}", labels(&done));
    assert_eq!(shop.balance(&user).await, CREDIT - CHARGE);
    shop.assert_ledger_consistent().await;
    assert_every_tap_answered(&shop);
    shop.stop().await;
}

#[tokio::test]
async fn a_refill_is_requested_once_the_order_is_completed() {
    let shop = Shop::start().await;
    let user = shop.customer(62, "en").await;
    placed_order(&shop, &user, "Telegram subscribers").await;
    leave_checks_to_refresh(&shop).await;
    shop.panel.set_order_status(&first_provider_id(), "Completed", 0);
    shop.tap(&user, "Refresh", "Status: completed").await;

    // The panel says no: a clear answer, nothing recorded, the button stays.
    shop.panel.respond_next(
        "refill",
        Reply::new(200, r#"{"error":"Refill is not available yet"}"#),
    );
    let refused = shop.tap(&user, "Refill", "No refill was requested").await;
    assert!(
        refused.text.contains("the request was not accepted"),
        "{}",
        refused.text
    );
    assert!(has_button(&refused, "Refill"), "{:?}", labels(&refused));
    assert!(refills(&shop, 1).await.is_empty());

    let requested = shop.tap(&user, "Refill", "Refill requested").await;
    assert!(
        requested.text.contains("A refill is in progress"),
        "{}",
        requested.text
    );
    assert!(!has_button(&requested, "Refill"), "{:?}", labels(&requested));
    let sent = shop.panel.requests_for("refill");
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].get("order"), Some(&first_provider_id()));
    let rows = refills(&shop, 1).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].0.as_str(), rows[0].1.as_str()), ("1", "pending"));
    assert!(rows[0].2.is_some(), "due for the poller");
    assert_eq!(shop.panel.refills().len(), 1);

    // A refill is no money matter.
    assert_eq!(shop.balance(&user).await, CREDIT - CHARGE);
    assert_every_tap_answered(&shop);
    shop.stop().await;
}

#[tokio::test]
async fn a_cancel_is_only_a_request_and_the_refund_follows_the_status() {
    let shop = Shop::start().await;
    let user = shop.customer(63, "en").await;
    placed_order(&shop, &user, "Telegram subscribers").await;
    let provider_id = first_provider_id();

    shop.panel.respond_next(
        "cancel",
        Reply::new(
            200,
            format!(r#"[{{"order":{provider_id},"cancel":{{"error":"Order cannot be canceled"}}}}]"#),
        ),
    );
    let refused = shop
        .tap(&user, "Cancel order", "The order was not canceled")
        .await;
    assert!(has_button(&refused, "Cancel order"), "{:?}", labels(&refused));
    assert_eq!(order_row(&shop, 1).await.2, None, "no cancel noted");

    // The panel takes the request but has not canceled yet.
    shop.panel.respond_next(
        "cancel",
        Reply::new(200, format!(r#"[{{"order":{provider_id},"cancel":1}}]"#)),
    );
    let requested = shop.tap(&user, "Cancel order", "Cancellation requested.").await;
    assert!(
        requested.text.contains("waiting for confirmation"),
        "{}",
        requested.text
    );
    assert!(
        !has_button(&requested, "Cancel order"),
        "{:?}",
        labels(&requested)
    );
    let sent = shop.panel.requests_for("cancel");
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].get("orders"), Some(&provider_id));
    let (state, _, cancel_requested_at, next_check_at, refunded) = order_row(&shop, 1).await;
    assert!(matches!(state.as_str(), "placed" | "pending"), "{state}");
    assert!(cancel_requested_at.is_some() && next_check_at.is_some());
    assert_eq!(refunded, 0);
    assert_eq!(
        shop.balance(&user).await,
        CREDIT - CHARGE,
        "no refund for a request"
    );

    // The provider reports the cancel: now the money comes back, once.
    leave_checks_to_refresh(&shop).await;
    shop.panel.set_order_status(&provider_id, "Canceled", 1000);
    let canceled = shop.tap(&user, "Refresh", "Status: canceled").await;
    assert!(canceled.text.contains("Refunded: $1.08"), "{}", canceled.text);
    assert!(
        labels(&canceled)
            .iter()
            .all(|l| !l.contains("Refresh") && !l.contains("Cancel order"))
    );
    assert_eq!(
        shop.ledger(&user).await,
        vec![
            ("admin_credit".into(), CREDIT),
            ("order_charge".into(), -CHARGE),
            ("order_refund".into(), CHARGE)
        ]
    );
    shop.assert_ledger_consistent().await;
    assert_every_tap_answered(&shop);
    shop.stop().await;
}

#[tokio::test]
async fn a_service_without_refill_or_cancel_offers_neither() {
    let shop = Shop::start().await;
    let user = shop.customer(64, "en").await;
    let details = placed_order(&shop, &user, "Telegram post views").await;
    assert!(has_button(&details, "Refresh"), "{:?}", labels(&details));
    assert!(!has_button(&details, "Refill") && !has_button(&details, "Cancel order"));

    // Forged buttons get the reason and reach nobody.
    let tg = &shop.telegram;
    tap_data(&shop, &user, "k:1").await;
    tg.wait_bot_message_containing(user.id, "this service does not offer it")
        .await;
    tap_data(&shop, &user, "r:1").await;
    tg.wait_bot_message_containing(user.id, "No refill was requested")
        .await;
    assert!(shop.panel.requests_for("cancel").is_empty());
    assert!(shop.panel.requests_for("refill").is_empty());
    assert_eq!(order_row(&shop, 1).await.2, None);
    shop.stop().await;
}

#[tokio::test]
async fn nobody_acts_on_another_customers_order_or_as_an_admin() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let owner = shop.customer(65, "en").await;
    placed_order(&shop, &owner, "Telegram subscribers").await;
    shop.panel
        .set_order_status(&first_provider_id(), "In progress", 500);
    let stranger = shop.customer(66, "en").await;

    tap_data(&shop, &stranger, "u:1").await;
    tg.wait_bot_message_containing(stranger.id, "You have no orders yet")
        .await;
    for data in ["r:1", "k:1", "d:1"] {
        tap_data(&shop, &stranger, data).await;
    }
    // Updates of one chat are handled in turn: once this is answered, so are the taps.
    tg.send_text(&stranger, "/start");
    tg.wait_bot_message_containing(stranger.id, "Choose what you would like to do")
        .await;
    assert!(
        tg.bot_messages(stranger.id)
            .iter()
            .all(|m| !m.text.contains("Order #1")),
        "the stranger never sees the order\n{}",
        tg.dump()
    );
    assert!(shop.panel.requests_for("cancel").is_empty());
    assert!(shop.panel.requests_for("refill").is_empty());
    let unchanged = |(state, _, cancel_requested_at, _, refunded): (String, _, Option<i64>, _, i64)| {
        !state.contains("cancel") && cancel_requested_at.is_none() && refunded == 0
    };
    assert!(unchanged(order_row(&shop, 1).await));

    // Settlement buttons are stale to customers, and change nothing.
    for data in ["zr:1", "zp:1"] {
        let hint = tap_data(&shop, &owner, data).await;
        assert_eq!(
            hint.as_deref(),
            Some("This button is no longer active. Please use the latest message.")
        );
    }
    tg.send_text(&owner, "1000");
    tg.wait_bot_message_containing(owner.id, "Please use the buttons")
        .await;
    assert!(unchanged(order_row(&shop, 1).await));
    assert_eq!(shop.balance(&owner).await, CREDIT - CHARGE);
    shop.assert_ledger_consistent().await;
    assert_every_tap_answered(&shop);
    shop.stop().await;
}

#[tokio::test]
async fn an_admin_settles_an_unknown_outcome_by_refund_once() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(67, "en").await;
    let admin = TestUser::new(ADMIN_ID, "en");
    unconfirmed_order(&shop, &user).await;
    assert_eq!(order_row(&shop, 1).await.0, "unknown_outcome");
    assert_eq!(shop.balance(&user).await, CREDIT - CHARGE, "held");

    // A customer's tap changes nothing.
    let hint = tap_data(&shop, &user, "zr:1").await;
    assert!(hint.is_some_and(|h| h.contains("no longer active")));
    assert_eq!(order_row(&shop, 1).await.0, "unknown_outcome");

    tap_data(&shop, &admin, "zr:1").await;
    tg.wait_bot_message_containing(ADMIN_ID, "Order #1 is refunded: $1.08 went back to user 67")
        .await;
    let (state, _, _, next_check_at, refunded) = order_row(&shop, 1).await;
    assert_eq!(
        (state.as_str(), next_check_at, refunded),
        ("refunded", None, CHARGE)
    );
    assert_eq!(notices_for(&shop, user.id, "order:1:refunded").await, 1);

    // A second tap (or another admin's) does nothing.
    tap_data(&shop, &admin, "zr:1").await;
    tg.wait_bot_message_containing(ADMIN_ID, "Order #1 was already settled (now: refunded)")
        .await;
    // Nor can it be called placed any more: no id is asked for.
    tap_data(&shop, &admin, "zp:1").await;
    tg.send_text(&admin, &first_provider_id());
    tg.wait_bot_message_containing(ADMIN_ID, "Please use the buttons")
        .await;
    assert!(
        tg.bot_messages(ADMIN_ID)
            .iter()
            .all(|m| !m.text.contains("Send the supplier's order id")),
        "{}",
        tg.dump()
    );
    assert_eq!(order_row(&shop, 1).await.1, None);
    assert_eq!(
        shop.ledger(&user).await,
        vec![
            ("admin_credit".into(), CREDIT),
            ("order_charge".into(), -CHARGE),
            ("order_refund".into(), CHARGE)
        ]
    );
    assert_eq!(shop.balance(&user).await, CREDIT);
    shop.assert_ledger_consistent().await;
    assert_every_tap_answered(&shop);
    shop.stop().await;
}

#[tokio::test]
async fn an_admin_settles_an_unknown_outcome_as_placed_with_the_providers_id() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(68, "en").await;
    let admin = TestUser::new(ADMIN_ID, "en");
    unconfirmed_order(&shop, &user).await;

    tap_data(&shop, &admin, "zp:1").await;
    tg.wait_bot_message_containing(ADMIN_ID, "Send the supplier's order id for order #1")
        .await;
    tg.send_text(&admin, "order one thousand");
    tg.wait_bot_message_containing(ADMIN_ID, "That is not an order id")
        .await;
    tg.send_text(&admin, &first_provider_id());
    tg.wait_bot_message_containing(
        ADMIN_ID,
        "Order #1 is recorded as placed with supplier order 1000",
    )
    .await;
    // Placed, and followed from now on: the poller may have moved it on already.
    let (state, provider_id, ..) = order_row(&shop, 1).await;
    assert!(matches!(state.as_str(), "placed" | "pending"), "{state}");
    assert_eq!(provider_id, Some(first_provider_id()));
    assert_eq!(notices_for(&shop, user.id, "order:1:placed").await, 1);
    assert_eq!(
        shop.balance(&user).await,
        CREDIT - CHARGE,
        "paid for, not refunded"
    );

    // Refunding it now is refused: it is settled.
    tap_data(&shop, &admin, "zr:1").await;
    tg.wait_bot_message_containing(ADMIN_ID, "Order #1 was already settled (now:")
        .await;
    assert_eq!(shop.balance(&user).await, CREDIT - CHARGE);

    // The customer follows it like any order.
    leave_checks_to_refresh(&shop).await;
    shop.panel
        .set_order_status(&first_provider_id(), "In progress", 250);
    shop.tap(&user, "Order details", "Order #1").await;
    let refreshed = shop.tap(&user, "Refresh", "Status checked just now").await;
    assert!(
        refreshed.text.contains("Status: in progress"),
        "{}",
        refreshed.text
    );

    // A second unknown outcome cannot take the same provider id.
    unconfirmed_order(&shop, &user).await;
    tap_data(&shop, &admin, "zp:2").await;
    tg.wait_bot_message_containing(ADMIN_ID, "for order #2").await;
    tg.send_text(&admin, &first_provider_id());
    tg.wait_bot_message_containing(ADMIN_ID, "already belongs to order #1")
        .await;
    assert_eq!(order_row(&shop, 2).await.0, "unknown_outcome");
    // The question stands for the right id.
    tg.send_text(&admin, "1001");
    tg.wait_bot_message_containing(
        ADMIN_ID,
        "Order #2 is recorded as placed with supplier order 1001",
    )
    .await;
    shop.assert_ledger_consistent().await;
    assert_every_tap_answered(&shop);
    shop.stop().await;
}
