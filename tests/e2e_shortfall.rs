//! Ordering with too little money end to end: the confirmation says what is missing and comes
//! with a Stars invoice for it; paying it places the order by itself, at the confirmed price,
//! told in one message. The test shop sells the fake panel's "Telegram subscribers" at 1.08 USD
//! per 1000 and credits 1.5 USD per star, so the 1.08 USD missing take the smallest top-up, 10
//! stars (15.00 USD). With Crypto Pay on, the same shortfall can be paid with a crypto invoice
//! for exactly what is missing.

mod common;

use common::fake_cryptopay::{FIRST_INVOICE_ID, FakeCryptoPay};
use common::fake_panel::{FIRST_ORDER_ID, Reply};
use common::fake_telegram::{ChatMessage, Content, TestUser};
use common::shop::{AT_THE_PANEL, Shop};

const LINK: &str = "https://t.me/mychannel";

/// Taps the newest button labelled `label`, counting the tap.
async fn tap(shop: &Shop, user: &TestUser, taps: &mut u32, label: &str, then: &str) -> ChatMessage {
    *taps += 1;
    shop.tap(user, label, then).await
}

/// From the menu of a customer with an empty balance to the confirmation of 1000 subscribers
/// and the invoice under it: returns the confirmation, the invoice, and the taps it took.
async fn order_with_nothing_on_the_balance(shop: &Shop, user: &TestUser) -> (ChatMessage, ChatMessage, u32) {
    let tg = &shop.telegram;
    let mut taps = 0;
    tap(shop, user, &mut taps, "New order", "Choose a category").await;
    tap(shop, user, &mut taps, "Telegram", "Choose a service").await;
    tap(shop, user, &mut taps, "Telegram subscribers", "Minimum").await;
    tap(shop, user, &mut taps, "Order", "Send the link").await;
    tg.send_text(user, LINK);
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(user, "1000");
    let confirmation = tg
        .wait_bot_message_containing(user.id, "Please check your order")
        .await;
    let invoice = tg
        .wait_bot_message_containing(user.id, "on your balance in the shop")
        .await;
    (confirmation, invoice, taps)
}

/// Pays the invoice through Telegram's payment sheet; returns the payment message's id.
async fn pay(shop: &Shop, user: &TestUser, invoice: &ChatMessage) -> i32 {
    shop.telegram
        .pay_invoice(user, invoice.message_id)
        .await
        .expect("the bot approves its own invoice")
}

/// Waits until the bot has handled everything the customer sent so far (one chat's updates are
/// handled in order); returns the id of the /start message used for it.
async fn settle(shop: &Shop, user: &TestUser) -> i32 {
    let start = shop.telegram.send_text(user, "/start");
    shop.telegram
        .wait_bot_message_containing(user.id, "Choose what you would like to do")
        .await;
    start
}

/// The panel was asked for the confirmed order, once.
fn assert_placed_once(shop: &Shop) {
    let adds = shop.panel.requests_for("add");
    assert_eq!(adds.len(), 1, "placed once");
    assert_eq!(
        (adds[0]["link"].as_str(), adds[0]["quantity"].as_str()),
        (LINK, "1000")
    );
}

/// The bot's messages to the customer between two of the customer's messages.
fn answers_between(shop: &Shop, user: &TestUser, after: i32, before: i32) -> Vec<ChatMessage> {
    let messages = shop.telegram.bot_messages(user.id);
    messages
        .into_iter()
        .filter(|m| m.message_id > after && m.message_id < before)
        .collect()
}

#[tokio::test]
async fn a_shortfall_paid_with_stars_places_the_order_once_in_one_message() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(80, "en").await;

    let (confirmation, invoice, taps) = order_with_nothing_on_the_balance(&shop, &user).await;
    for expected in [
        "Total: $1.08",
        "Your balance: $0.00",
        "Not enough for this order: $1.08 is missing.",
        "Pay the invoice below (10 stars) and the order is placed by itself",
    ] {
        assert!(
            confirmation.text.contains(expected),
            "{expected:?} in {}",
            confirmation.text
        );
    }
    assert!(
        !confirmation.text.contains("Balance after"),
        "{}",
        confirmation.text
    );
    assert!(
        confirmation.button("Confirm").is_none(),
        "nothing to confirm without money"
    );
    assert!(confirmation.button("Cancel").is_some());
    let Content::Invoice(info) = &invoice.content else {
        panic!("no invoice: {}", tg.dump())
    };
    assert_eq!((info.currency.as_str(), info.total_amount), ("XTR", 10));
    assert!(invoice.text.contains("10 stars → $15.00"), "{}", invoice.text);
    assert_eq!(shop.purchases(&user).await, vec![("waiting".into(), None, 108)]);

    // The payment sheet; then Telegram delivers a second payment for the same invoice (the
    // customer paid twice) before the first is answered.
    let before = tg.revision();
    let first = pay(&shop, &user, &invoice).await;
    let second = pay(&shop, &user, &invoice).await;
    let done = tg.wait_bot_message_since(user.id, "is placed", before).await;
    assert_eq!(
        taps, 4,
        "taps from the menu to the payment sheet, besides the link and quantity"
    );
    for expected in [
        "Payment received: 10 stars, $15.00 added to your balance.",
        "Order #1 is placed",
        "Your balance: $13.92",
    ] {
        assert!(done.text.contains(expected), "{expected:?} in {}", done.text);
    }
    assert!(done.button("Order details").is_some(), "{}", tg.dump());
    tg.wait_bot_message_since(user.id, "$15.00 was added to your balance", before)
        .await;
    let start = settle(&shop, &user).await;
    let answers = answers_between(&shop, &user, first, start);
    assert_eq!(answers.len(), 2, "one message per payment: {}", tg.dump());
    assert!(second > first);

    assert_placed_once(&shop);
    assert_eq!(
        shop.orders_at_the_panel(&user).await,
        vec![(
            AT_THE_PANEL.into(),
            Some(FIRST_ORDER_ID.to_string()),
            LINK.into(),
            1000,
            108
        )]
    );
    assert_eq!(
        shop.ledger(&user).await,
        vec![
            ("stars_topup".into(), 1_500),
            ("order_charge".into(), -108),
            ("stars_topup".into(), 1_500)
        ]
    );
    assert_eq!(shop.balance(&user).await, 3_000 - 108);
    assert_eq!(shop.purchases(&user).await, vec![("placed".into(), Some(1), 108)]);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

/// The fake panel's `services` answer with "Telegram subscribers" (id 1) at `rate` USD per 1000.
fn subscribers_at(rate: &str) -> Reply {
    Reply::new(
        200,
        format!(
            r#"[{{"service":1,"name":"Telegram subscribers","type":"Default","category":"Telegram",
                "rate":"{rate}","min":"10","max":"10000","refill":true,"cancel":true,"dripfeed":false}}]"#
        ),
    )
}

#[tokio::test]
async fn a_price_moved_before_the_payment_charges_nothing_and_says_so() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(81, "en").await;
    let (_, invoice, _) = order_with_nothing_on_the_balance(&shop, &user).await;

    // The customer pays ten minutes later; the panel asks 1.00 per 1000 by then (1.20 USD).
    sqlx::query("UPDATE pending_purchases SET quoted_at = quoted_at - 600 WHERE user_id = ?")
        .bind(user.id)
        .execute(shop.db.pool())
        .await
        .unwrap();
    shop.panel.respond_next("services", subscribers_at("1.00"));
    pay(&shop, &user, &invoice).await;
    let told = tg.wait_bot_message_containing(user.id, "The price changed").await;
    for expected in [
        "Payment received: 10 stars, $15.00 added to your balance.",
        "the total is now $1.20. Nothing was charged",
    ] {
        assert!(told.text.contains(expected), "{expected:?} in {}", told.text);
    }

    assert!(shop.panel.requests_for("add").is_empty());
    assert!(shop.orders(&user).await.is_empty());
    assert_eq!(shop.ledger(&user).await, vec![("stars_topup".into(), 1_500)]);
    assert_eq!(shop.balance(&user).await, 1_500, "the money stays on the balance");
    assert_eq!(
        shop.purchases(&user).await,
        vec![("price_changed".into(), None, 108)]
    );
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn the_waiting_purchase_survives_a_restart() {
    let mut shop = Shop::start().await;
    let user = shop.customer(82, "en").await;
    let (_, invoice, _) = order_with_nothing_on_the_balance(&shop, &user).await;

    shop.restart().await;
    pay(&shop, &user, &invoice).await;
    let done = shop
        .telegram
        .wait_bot_message_containing(user.id, "is placed")
        .await;
    assert!(done.text.contains("Payment received: 10 stars"), "{}", done.text);

    assert_eq!(shop.panel.requests_for("add").len(), 1);
    assert_eq!(
        shop.orders_at_the_panel(&user).await,
        vec![(
            AT_THE_PANEL.into(),
            Some(FIRST_ORDER_ID.to_string()),
            LINK.into(),
            1000,
            108
        )]
    );
    assert_eq!(shop.balance(&user).await, 1_500 - 108);
    assert_eq!(shop.purchases(&user).await, vec![("placed".into(), Some(1), 108)]);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn a_cancelled_purchase_is_not_placed_by_a_later_payment() {
    let shop = Shop::start().await;
    let user = shop.customer(83, "en").await;
    let (_, invoice, _) = order_with_nothing_on_the_balance(&shop, &user).await;

    shop.tap(&user, "Cancel", "Nothing was ordered").await;
    assert_eq!(shop.purchases(&user).await, vec![("cancelled".into(), None, 108)]);
    pay(&shop, &user, &invoice).await;
    shop.telegram
        .wait_bot_message_containing(user.id, "$15.00 was added to your balance")
        .await;

    assert!(shop.panel.requests_for("add").is_empty());
    assert!(shop.orders(&user).await.is_empty());
    assert_eq!(shop.ledger(&user).await, vec![("stars_topup".into(), 1_500)]);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

/// With Crypto Pay on: the confirmation of an order the balance does not cover, and the invoice
/// made by tapping "Pay with crypto" under it, for exactly what is missing.
async fn order_paying_with_crypto(shop: &Shop, crypto: &FakeCryptoPay, user: &TestUser) -> u32 {
    let (confirmation, _, mut taps) = order_with_nothing_on_the_balance(shop, user).await;
    assert!(
        confirmation.text.contains("You can also pay with crypto"),
        "{}",
        confirmation.text
    );
    tap(shop, user, &mut taps, "Pay with crypto", "Invoice #").await;
    let asked = crypto.invoice(FIRST_INVOICE_ID);
    assert_eq!(
        (asked["fiat"].as_str(), asked["amount"].as_str()),
        (Some("USD"), Some("1.08")),
        "exactly what is missing"
    );
    assert_eq!(shop.purchases(user).await, vec![("waiting".into(), None, 108)]);
    taps
}

#[tokio::test]
async fn a_shortfall_paid_with_crypto_places_the_order_in_one_message() {
    let crypto = FakeCryptoPay::start().await;
    let shop = Shop::with_settings(&crypto.settings()).await;
    let tg = &shop.telegram;
    let user = shop.customer(84, "en").await;
    let taps = order_paying_with_crypto(&shop, &crypto, &user).await;
    assert_eq!(
        taps, 5,
        "four taps to the confirmation, one for the crypto invoice"
    );

    // Paid in @CryptoBot; the crypto poller hears of it.
    let before = tg.revision();
    crypto.pay(FIRST_INVOICE_ID);
    let done = tg.wait_bot_message_since(user.id, "is placed", before).await;
    for expected in [
        "Crypto payment received (invoice #1): $1.08 added to your balance.",
        "Order #1 is placed",
        "Your balance: $0.00",
    ] {
        assert!(done.text.contains(expected), "{expected:?} in {}", done.text);
    }
    let start = settle(&shop, &user).await;
    let told: Vec<_> = answers_between(&shop, &user, done.message_id - 1, start);
    assert_eq!(
        told.len(),
        1,
        "one message for the payment and the order: {}",
        tg.dump()
    );

    assert_placed_once(&shop);
    assert_eq!(
        shop.ledger(&user).await,
        vec![("crypto_topup".into(), 108), ("order_charge".into(), -108)]
    );
    assert_eq!(shop.balance(&user).await, 0);
    assert_eq!(shop.purchases(&user).await, vec![("placed".into(), Some(1), 108)]);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
    crypto.shutdown().await;
}

#[tokio::test]
async fn a_crypto_payment_after_the_price_moved_charges_nothing_and_says_so() {
    let crypto = FakeCryptoPay::start().await;
    let shop = Shop::with_settings(&crypto.settings()).await;
    let tg = &shop.telegram;
    let user = shop.customer(85, "en").await;
    order_paying_with_crypto(&shop, &crypto, &user).await;

    sqlx::query("UPDATE pending_purchases SET quoted_at = quoted_at - 600 WHERE user_id = ?")
        .bind(user.id)
        .execute(shop.db.pool())
        .await
        .unwrap();
    shop.panel.respond_next("services", subscribers_at("1.00"));
    crypto.pay(FIRST_INVOICE_ID);
    let told = tg.wait_bot_message_containing(user.id, "The price changed").await;
    for expected in [
        "Crypto payment received (invoice #1): $1.08 added to your balance.",
        "the total is now $1.20. Nothing was charged",
    ] {
        assert!(told.text.contains(expected), "{expected:?} in {}", told.text);
    }
    assert!(shop.panel.requests_for("add").is_empty());
    assert_eq!(shop.ledger(&user).await, vec![("crypto_topup".into(), 108)]);
    assert_eq!(shop.balance(&user).await, 108, "the money stays on the balance");
    assert_eq!(
        shop.purchases(&user).await,
        vec![("price_changed".into(), None, 108)]
    );
    shop.assert_ledger_consistent().await;
    shop.stop().await;
    crypto.shutdown().await;
}
