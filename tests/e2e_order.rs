//! The customer path end to end: the real dispatcher and SQLite storage, driven through a fake
//! Telegram the way a customer's taps would, ordering from a fake panel. Each test checks what
//! the customer saw, what the panel received, and what the ledger holds.

mod common;

use std::time::Duration;

use common::fake_panel::{FIRST_ORDER_ID, Reply};
use common::fake_telegram::{ChatMessage, TestUser};
use common::shop::{ADMIN_ID, AT_THE_PANEL, Shop};
use smmbot::db::ledger::{LedgerKind, Movement};

/// The fake panel sells "Telegram subscribers" at 0.90 USD per 1000; with the 20 % markup the
/// shop sells them at 1.08 USD per 1000.
const SUBSCRIBERS_PRICE: &str = "$1.08 / 1000";

/// Menu → New order → Telegram: the list of Telegram services.
async fn go_to_subscribers(shop: &Shop, user: &TestUser) -> ChatMessage {
    shop.tap(user, "New order", "Choose a category").await;
    shop.tap(user, "Telegram", "Choose a service").await
}

/// Walks the order dialogue up to the confirmation screen for 1000 subscribers.
async fn fill_in_order(shop: &Shop, user: &TestUser, link: &str, quantity: &str) {
    let tg = &shop.telegram;
    let list = go_to_subscribers(shop, user).await;
    assert!(
        list.button(SUBSCRIBERS_PRICE).is_some(),
        "price per 1000 on the button:\n{}",
        tg.dump()
    );
    let card = shop
        .tap(user, "Telegram subscribers", "Minimum: 10, maximum: 10000")
        .await;
    assert!(card.text.contains(SUBSCRIBERS_PRICE), "{}", card.text);
    shop.tap(user, "Order", "Send the link").await;
    tg.send_text(user, link);
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(user, quantity);
    tg.wait_bot_message_containing(user.id, "Please check your order")
        .await;
}

#[tokio::test]
async fn a_customer_orders_from_start_to_a_placed_order() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(42, "en").await;
    let menu = tg.last_bot_message(user.id);
    for label in ["New order", "My orders", "Balance", "Language", "Help"] {
        assert!(menu.button(label).is_some(), "menu lacks {label}: {}", tg.dump());
    }
    shop.credit(&user, "5").await;
    tg.wait_bot_message_containing(user.id, "topped up by $5.00")
        .await;

    fill_in_order(&shop, &user, "@mychannel", "1000").await;
    let confirmation = tg.last_bot_message(user.id);
    for expected in [
        "Telegram subscribers",
        "https://t.me/mychannel",
        "Quantity: 1000",
        "Total: $1.08",
        "Balance after the order: $3.92",
    ] {
        assert!(
            confirmation.text.contains(expected),
            "{expected:?} in {}",
            confirmation.text
        );
    }
    shop.tap(&user, "Confirm", "is placed").await;

    // What the provider received.
    let adds = shop.panel.requests_for("add");
    assert_eq!(adds.len(), 1);
    assert_eq!(adds[0]["service"], "1");
    assert_eq!(adds[0]["link"], "https://t.me/mychannel");
    assert_eq!(adds[0]["quantity"], "1000");
    // What we stored.
    let provider_id = FIRST_ORDER_ID.to_string();
    assert_eq!(
        shop.orders_at_the_panel(&user).await,
        vec![(
            AT_THE_PANEL.into(),
            Some(provider_id),
            "https://t.me/mychannel".into(),
            1000,
            108
        )]
    );
    assert_eq!(
        shop.ledger(&user).await,
        vec![("admin_credit".into(), 500), ("order_charge".into(), -108)]
    );
    assert_eq!(shop.balance(&user).await, 392);
    shop.assert_ledger_consistent().await;

    // The order shows in "My orders" and its details.
    let details = shop.tap(&user, "Order details", "Order #1").await;
    assert!(details.text.contains("Status: placed"), "{}", details.text);
    let list = shop.tap(&user, "Back", "My orders").await;
    assert!(
        list.button("#1 · Telegram subscribers · placed").is_some(),
        "{}",
        tg.dump()
    );

    // Every tap was answered.
    let taps = tg
        .calls()
        .iter()
        .filter(|c| c.method == "answercallbackquery")
        .count();
    assert_eq!(taps, tg.callback_answers().len());
    shop.stop().await;
}

#[tokio::test]
async fn a_double_tap_on_confirm_places_one_order() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(43, "en").await;
    shop.credit(&user, "5").await;
    fill_in_order(&shop, &user, "https://t.me/mychannel", "1000").await;

    let confirm = tg.last_bot_message(user.id);
    let data = confirm
        .button("Confirm")
        .and_then(|b| b.callback_data.clone())
        .expect("confirm button");
    let first = tg.tap(&user, confirm.message_id, &data);
    let second = tg.tap(&user, confirm.message_id, &data);
    tg.wait_callback_answered(&first).await;
    let (_, hint, _) = tg.wait_callback_answered(&second).await;
    assert_eq!(
        hint.as_deref(),
        Some("This button is no longer active. Please use the latest message.")
    );
    tg.wait_bot_message_containing(user.id, "is placed").await;

    assert_eq!(shop.panel.requests_for("add").len(), 1);
    assert_eq!(shop.orders(&user).await.len(), 1);
    assert_eq!(shop.balance(&user).await, 500 - 108);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn insufficient_balance_places_nothing_and_says_what_is_missing() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(44, "en").await;
    shop.credit(&user, "1").await;
    fill_in_order(&shop, &user, "https://t.me/mychannel", "1000").await;
    let short = tg.wait_bot_message_containing(user.id, "$0.08 is missing").await;
    assert!(short.button("Confirm").is_none(), "{}", short.text);

    // Money spent between the confirmation and the tap: the tap places nothing either.
    shop.credit(&user, "1").await;
    tg.send_text(&user, "/start");
    tg.wait_bot_message_containing(user.id, "Choose what you would like to do")
        .await;
    fill_in_order(&shop, &user, "https://t.me/mychannel", "1000").await;
    let spent = Movement {
        user_id: user.id,
        kind: LedgerKind::AdminDebit,
        reference: "spent meanwhile",
        amount_minor: -150,
        note: None,
    };
    shop.db.apply_movement(&spent).await.unwrap().unwrap();
    shop.tap(&user, "Confirm", "$0.58 is missing").await;
    assert!(shop.panel.requests_for("add").is_empty());
    assert!(shop.orders(&user).await.is_empty());
    assert_eq!(
        shop.ledger(&user).await,
        vec![
            ("admin_credit".into(), 100),
            ("admin_credit".into(), 100),
            ("admin_debit".into(), -150)
        ]
    );
    assert_eq!(shop.balance(&user).await, 50);
    shop.stop().await;
}

#[tokio::test]
async fn a_provider_rejection_refunds_at_once() {
    let shop = Shop::start().await;
    let user = shop.customer(45, "en").await;
    shop.credit(&user, "5").await;
    fill_in_order(&shop, &user, "https://t.me/private_channel", "1000").await;

    // Panels say "no" with HTTP 200 and an error body.
    shop.panel
        .respond_next("add", Reply::new(200, r#"{"error":"Incorrect link"}"#));
    let answer = shop.tap(&user, "Confirm", "was not accepted").await;
    assert!(
        answer.text.contains("this link could not be used"),
        "{}",
        answer.text
    );
    // The shop's own words: no "supplier" or "provider" for a customer.
    assert!(!answer.text.contains("supplier") && !answer.text.contains("provider"));
    assert!(answer.text.contains("$1.08 went back"), "{}", answer.text);

    assert_eq!(shop.panel.requests_for("add").len(), 1);
    let orders = shop.orders(&user).await;
    assert_eq!(orders.len(), 1);
    assert_eq!((orders[0].0.as_str(), orders[0].1.as_deref()), ("rejected", None));
    assert_eq!(
        shop.ledger(&user).await,
        vec![
            ("admin_credit".into(), 500),
            ("order_charge".into(), -108),
            ("order_refund".into(), 108)
        ]
    );
    assert_eq!(shop.balance(&user).await, 500);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn a_timeout_holds_the_money_and_never_retries() {
    let shop = Shop::start().await;
    let user = shop.customer(46, "en").await;
    shop.credit(&user, "5").await;
    fill_in_order(&shop, &user, "https://t.me/mychannel", "1000").await;

    // The panel does the work but answers after the bot's 2-second timeout.
    shop.panel.stall_next("add", Duration::from_secs(4));
    shop.tap(&user, "Confirm", "is being checked").await;

    let orders = shop.orders(&user).await;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].0, "unknown_outcome");
    assert_eq!(shop.balance(&user).await, 500 - 108, "money held, not refunded");
    assert_eq!(shop.panel.requests_for("add").len(), 1, "never retried");
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn a_restart_mid_dialogue_resumes_where_the_customer_was() {
    let mut shop = Shop::start().await;
    let user = shop.customer(47, "en").await;
    shop.credit(&user, "5").await;
    go_to_subscribers(&shop, &user).await;
    shop.tap(&user, "Telegram subscribers", "Minimum").await;
    shop.tap(&user, "Order", "Send the link").await;
    shop.telegram.send_text(&user, "https://t.me/mychannel");
    shop.telegram
        .wait_bot_message_containing(user.id, "How many?")
        .await;

    shop.restart().await;
    shop.telegram.send_text(&user, "500");
    let confirmation = shop
        .telegram
        .wait_bot_message_containing(user.id, "Please check your order")
        .await;
    assert!(
        confirmation.text.contains("Quantity: 500"),
        "{}",
        confirmation.text
    );
    assert!(
        confirmation.text.contains("Total: $0.54"),
        "{}",
        confirmation.text
    );
    shop.tap(&user, "Confirm", "is placed").await;
    assert_eq!(shop.panel.requests_for("add").len(), 1);
    shop.stop().await;
}

#[tokio::test]
async fn wrong_input_gets_a_clear_answer_and_changes_nothing() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(48, "en").await;
    shop.credit(&user, "5").await;

    // Text where a button is expected, and an unknown command.
    tg.send_text(&user, "hello?");
    tg.wait_bot_message_containing(user.id, "Please use the buttons")
        .await;
    tg.send_text(&user, "/frobnicate");
    tg.wait_bot_message_containing(user.id, "I do not know that command")
        .await;

    go_to_subscribers(&shop, &user).await;
    shop.tap(&user, "Telegram subscribers", "Minimum").await;
    shop.tap(&user, "Order", "Send the link").await;
    tg.send_text(&user, "https://instagram.com/someone");
    tg.wait_bot_message_containing(user.id, "needs a Telegram link")
        .await;
    tg.send_text(&user, "not a link");
    tg.wait_bot_message_containing(user.id, "does not look like a link")
        .await;
    tg.send_text(&user, "t.me/mychannel");
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(&user, "5");
    tg.wait_bot_message_containing(user.id, "The smallest order is 10")
        .await;
    tg.send_text(&user, "100000");
    tg.wait_bot_message_containing(user.id, "The largest order is 10000")
        .await;
    tg.send_text(&user, "ten");
    tg.wait_bot_message_containing(user.id, "digits only").await;
    // Still at the quantity step.
    tg.send_text(&user, "10");
    let confirmation = tg
        .wait_bot_message_containing(user.id, "Please check your order")
        .await;
    let confirm_data = confirmation
        .button("Confirm")
        .and_then(|b| b.callback_data.clone())
        .expect("confirm");
    shop.tap(&user, "Cancel", "Canceled").await;

    // The Confirm button of the abandoned order is stale now: it places nothing.
    let tap = tg.tap(&user, confirmation.message_id, &confirm_data);
    let (_, hint, _) = tg.wait_callback_answered(&tap).await;
    assert!(hint.is_some_and(|h| h.contains("no longer active")));
    // Button data nobody wrote.
    let forged = tg.tap(&user, tg.last_bot_message(user.id).message_id, "d:999999");
    tg.wait_callback_answered(&forged).await;

    // A customer cannot credit.
    tg.send_text(&user, &format!("/credit {} 100", user.id));
    tg.wait_bot_message_containing(user.id, "I do not know that command")
        .await;

    assert!(shop.panel.requests_for("add").is_empty());
    assert!(shop.orders(&user).await.is_empty());
    assert_eq!(shop.ledger(&user).await, vec![("admin_credit".into(), 500)]);
    let answered = tg.callback_answers().len();
    let taps = tg
        .calls()
        .iter()
        .filter(|c| c.method == "answercallbackquery")
        .count();
    assert_eq!(answered, taps);
    shop.stop().await;
}

#[tokio::test]
async fn admin_credit_checks_its_input_and_applies_once() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(49, "ru").await;
    let admin = TestUser::new(ADMIN_ID, "en");
    for bad in [
        "/credit",
        "/credit abc 5",
        "/credit 49 -5",
        "/credit 49 1.234",
        "/credit 49 0",
    ] {
        tg.send_text(&admin, bad);
        tg.wait_bot_message_containing(ADMIN_ID, "Usage: /credit").await;
    }
    tg.send_text(&admin, "/credit 777 5");
    tg.wait_bot_message_containing(ADMIN_ID, "has not started the bot")
        .await;
    tg.send_text(&admin, "/credit 49 12,50 bonus");
    tg.wait_bot_message_containing(ADMIN_ID, "Credited $12.50 to user 49")
        .await;
    // The customer is told in their language.
    tg.wait_bot_message_containing(user.id, "Ваш баланс пополнен на 12,50\u{a0}$")
        .await;
    assert_eq!(shop.ledger(&user).await, vec![("admin_credit".into(), 1250)]);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn order_again_repeats_an_order_through_the_same_confirmation() {
    let mut shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(47, "en").await;
    shop.credit(&user, "5").await;
    fill_in_order(&shop, &user, "@mychannel", "1000").await;
    shop.tap(&user, "Confirm", "is placed").await;

    let card = shop.tap(&user, "Order details", "Order #1").await;
    assert!(card.button("Order again").is_some(), "{}", tg.dump());
    let again = shop.tap(&user, "Order again", "Please check your order").await;
    for expected in [
        "Telegram subscribers",
        "https://t.me/mychannel",
        "Quantity: 1000",
        "Total: $1.08",
        "Balance after the order: $2.84",
    ] {
        assert!(again.text.contains(expected), "{expected:?} in {}", again.text);
    }
    // Nothing is placed before the customer confirms.
    assert_eq!(shop.panel.requests_for("add").len(), 1);
    let placed = shop.tap(&user, "Confirm", "is placed").await;
    assert!(placed.text.contains("#2"), "{}", placed.text);

    let adds = shop.panel.requests_for("add");
    assert_eq!(adds.len(), 2, "exactly one more order reached the panel");
    assert_eq!(
        (
            adds[1]["service"].as_str(),
            adds[1]["link"].as_str(),
            adds[1]["quantity"].as_str()
        ),
        ("1", "https://t.me/mychannel", "1000")
    );
    assert_eq!(
        shop.ledger(&user).await,
        vec![
            ("admin_credit".into(), 500),
            ("order_charge".into(), -108),
            ("order_charge".into(), -108)
        ]
    );
    assert_eq!(shop.balance(&user).await, 284);
    shop.assert_ledger_consistent().await;

    // The owner takes the service off sale: ordering it again says so and offers the catalogue.
    sqlx::query("UPDATE services SET enabled = 0 WHERE provider_service_id = '1'")
        .execute(shop.db.pool())
        .await
        .unwrap();
    shop.restart().await;
    shop.telegram.send_text(&user, "/start");
    shop.telegram
        .wait_bot_message_containing(user.id, "Choose what")
        .await;
    shop.tap(&user, "My orders", "My orders").await;
    shop.tap(&user, "#2", "Order #2").await;
    let gone = shop.tap(&user, "Order again", "not on sale any more").await;
    assert!(gone.button("New order").is_some(), "{}", shop.telegram.dump());
    assert_eq!(shop.panel.requests_for("add").len(), 2);
    assert_eq!(shop.balance(&user).await, 284);
    shop.stop().await;
}
