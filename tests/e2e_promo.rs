//! Promo codes end to end: the admin's `/promo`, a customer's code typed on the balance screen,
//! each refusal with its own answer, the last use of a credit code going to exactly one of two
//! customers who send it at the same moment, and a discount code taken off the next order —
//! used when that order is paid, given back when it is rejected at once, never below cost.

mod common;

use common::fake_panel::Reply;
use common::fake_telegram::TestUser;
use common::shop::{ADMIN_ID, Shop};

fn admin() -> TestUser {
    TestUser::new(ADMIN_ID, "en")
}

/// The admin sends `/promo <args>` and the bot answers with `answer`.
async fn promo_command(shop: &Shop, args: &str, answer: &str) -> String {
    shop.telegram.send_text(&admin(), &format!("/promo {args}"));
    shop.telegram
        .wait_bot_message_containing(ADMIN_ID, answer)
        .await
        .text
}

/// The customer opens "Promo code" under the balance and sends `code`; returns the answer.
async fn enter_code(shop: &Shop, user: &TestUser, code: &str, answer: &str) -> String {
    shop.tap(user, "Balance", "Latest movements").await;
    shop.tap(user, "Promo code", "Send your promo code").await;
    shop.telegram.send_text(user, code);
    shop.telegram
        .wait_bot_message_containing(user.chat_id(), answer)
        .await
        .text
}

#[tokio::test]
async fn a_credit_code_pays_once_and_every_refusal_has_its_own_answer() {
    let shop = Shop::start().await;
    let anna = shop.customer(71, "en").await;
    let boris = shop.customer(72, "en").await;

    let refused = promo_command(
        &shop,
        "new SPRING credit 1.5 uses often",
        "is not a number of uses",
    )
    .await;
    assert!(refused.contains("«often»"), "{refused}");
    promo_command(&shop, "new Spring credit 1.5 uses 1", "Code SPRING created").await;
    promo_command(&shop, "new OLD credit 1 until 2020-01-01", "created").await;

    let credited = enter_code(&shop, &anna, "spring", "Code accepted").await;
    assert!(credited.contains("1.50"), "{credited}");
    assert_eq!(shop.balance(&anna).await, 150);
    assert_eq!(shop.ledger(&anna).await, vec![("promo_credit".into(), 150)]);

    enter_code(&shop, &anna, "SPRING", "You have already used this code").await;
    enter_code(&shop, &boris, "Spring", "This code has been used up").await;
    enter_code(&shop, &boris, "old", "This code has expired").await;
    enter_code(&shop, &boris, "nothing", "There is no such code").await;
    // A mistyped code may be typed again in the same step.
    shop.telegram.send_text(&boris, "nothing-either");
    shop.telegram
        .wait_bot_message_containing(boris.chat_id(), "There is no such code")
        .await;
    assert_eq!(shop.balance(&boris).await, 0);

    let listed = promo_command(&shop, "list", "Promo codes").await;
    assert!(listed.contains("SPRING $1.50 · 1/1 · $1.50"), "{listed}");
    promo_command(&shop, "off spring", "Code SPRING switched off").await;
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn the_last_use_goes_to_exactly_one_of_two_customers_at_once() {
    let shop = Shop::start().await;
    let first = shop.customer(81, "en").await;
    let second = shop.customer(82, "en").await;
    promo_command(&shop, "new LAST credit 2 uses 1", "created").await;
    for user in [&first, &second] {
        shop.tap(user, "Balance", "Latest movements").await;
        shop.tap(user, "Promo code", "Send your promo code").await;
    }
    // Both codes are on their way before either is answered.
    shop.telegram.send_text(&first, "last");
    shop.telegram.send_text(&second, "LAST");
    let mut answers = Vec::new();
    for user in [&first, &second] {
        let answer = shop
            .telegram
            .wait_for("an answer to the code", |seen| {
                seen.bot_messages(user.chat_id())
                    .rev()
                    .map(|message| message.text.clone())
                    .find(|text| text.contains("Code accepted") || text.contains("used up"))
            })
            .await;
        answers.push(answer);
    }
    let accepted = answers.iter().filter(|a| a.contains("Code accepted")).count();
    assert_eq!(accepted, 1, "{answers:?}");
    assert_eq!(shop.balance(&first).await + shop.balance(&second).await, 200);
    let listed = promo_command(&shop, "list", "Promo codes").await;
    assert!(listed.contains("1/1 · $2.00"), "{listed}");
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn five_wrong_codes_make_a_guesser_wait_even_after_a_restart() {
    let mut shop = Shop::start().await;
    let guesser = shop.customer(91, "en").await;
    promo_command(&shop, "new REAL credit 1", "created").await;
    enter_code(&shop, &guesser, "guess0", "There is no such code").await;
    for n in 1..4 {
        shop.telegram.send_text(&guesser, &format!("guess{n}"));
        shop.telegram
            .wait_bot_message_containing(guesser.chat_id(), "There is no such code")
            .await;
    }
    shop.telegram.send_text(&guesser, "guess4");
    shop.telegram
        .wait_bot_message_containing(guesser.chat_id(), "Try again in 10 minutes")
        .await;
    shop.restart().await;
    enter_code(&shop, &guesser, "real", "Too many wrong codes").await;
    assert_eq!(shop.balance(&guesser).await, 0);
    shop.stop().await;
}

/// From the menu, the customer fills in 1000 Telegram subscribers (the fake panel's $1.08,
/// costing the shop $0.90) for @mychannel; returns the confirmation's text.
async fn confirmation(shop: &Shop, user: &TestUser) -> String {
    to_menu(shop, user).await;
    shop.tap(user, "New order", "Choose a category").await;
    shop.tap(user, "Telegram", "Choose a service").await;
    shop.tap(user, "Telegram subscribers", "Minimum").await;
    shop.tap(user, "Order", "Send the link").await;
    shop.telegram.send_text(user, "@mychannel");
    shop.telegram
        .wait_bot_message_containing(user.id, "How many?")
        .await;
    shop.telegram.send_text(user, "1000");
    shop.telegram
        .wait_bot_message_containing(user.id, "Please check your order")
        .await
        .text
}

async fn to_menu(shop: &Shop, user: &TestUser) {
    shop.telegram.send_text(user, "/start");
    shop.telegram
        .wait_bot_message_containing(user.id, "Choose what")
        .await;
}

fn assert_shows(text: &str, expected: &[&str]) {
    for part in expected {
        assert!(text.contains(part), "{part:?} in {text}");
    }
}

#[tokio::test]
async fn a_discount_code_comes_off_the_next_paid_order_only_and_never_below_cost() {
    let shop = Shop::start().await;
    let anna = shop.customer(73, "en").await;
    let boris = shop.customer(74, "en").await;
    shop.credit(&anna, "5").await;
    shop.credit(&boris, "5").await;
    promo_command(&shop, "new SPRING discount 10%", "Code SPRING created").await;
    promo_command(&shop, "new HALF discount 50%", "Code HALF created").await;
    enter_code(&shop, &anna, "spring", "10% off your next order").await;

    let screen = confirmation(&shop, &anna).await;
    assert_shows(
        &screen,
        &[
            "Total: $1.08 $0.98 (code SPRING −10%)",
            "Balance after the order: $4.02",
        ],
    );
    shop.tap(&anna, "Confirm", "is placed").await;
    let orders = shop.orders(&anna).await;
    assert_eq!((orders[0].0.as_str(), orders[0].4), ("placed", 98));
    assert_eq!(
        shop.ledger(&anna).await,
        vec![("admin_credit".into(), 500), ("order_charge".into(), -98)]
    );
    let listed = promo_command(&shop, "list", "Promo codes").await;
    assert!(listed.contains("SPRING 10% · 1 · $0.10"), "{listed}");

    // The discount was used: the next order is at the full price.
    let screen = confirmation(&shop, &anna).await;
    assert_shows(&screen, &["Total: $1.08\n", "Balance after the order: $2.94"]);
    assert!(!screen.contains("SPRING"), "{screen}");
    shop.tap(&anna, "Confirm", "is placed").await;
    assert_eq!(shop.balance(&anna).await, 500 - 98 - 108);

    // Half of $1.08 would sell below the $0.90 the order costs: the discount stops there.
    enter_code(&shop, &boris, "half", "50% off your next order").await;
    let screen = confirmation(&shop, &boris).await;
    assert_shows(&screen, &["Total: $1.08 $0.90 (code HALF −50%)"]);
    shop.tap(&boris, "Confirm", "is placed").await;
    assert_eq!(shop.orders(&boris).await[0].4, 90);
    let listed = promo_command(&shop, "list", "Promo codes").await;
    assert!(listed.contains("HALF 50% · 1 · $0.18"), "{listed}");
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn a_rejected_order_gives_its_discount_back_for_the_next_one() {
    let shop = Shop::start().await;
    let user = shop.customer(75, "en").await;
    shop.credit(&user, "5").await;
    promo_command(&shop, "new ONCE discount 10% uses 1", "Code ONCE created").await;
    shop.tap(&user, "Balance", "Latest movements").await;
    shop.tap(&user, "Promo code", "Send your promo code").await;
    // A picture is no code, and no wrong guess either.
    shop.telegram.send_photo(&user, "ONCE");
    shop.telegram
        .wait_bot_message_containing(user.id, "Please send the code as text")
        .await;
    let guesses: Option<i64> = sqlx::query_scalar("SELECT wrong FROM promo_guesses WHERE user_id = ?")
        .bind(user.id)
        .fetch_optional(shop.db.pool())
        .await
        .unwrap();
    assert_eq!(guesses, None);
    shop.telegram.send_text(&user, "once");
    shop.telegram
        .wait_bot_message_containing(user.id, "10% off your next order")
        .await;

    confirmation(&shop, &user).await;
    shop.panel
        .respond_next("add", Reply::new(200, r#"{"error":"Incorrect link"}"#));
    let answer = shop.tap(&user, "Confirm", "was not accepted").await;
    assert!(answer.text.contains("$0.98 went back"), "{}", answer.text);
    assert_eq!(
        shop.ledger(&user).await,
        vec![
            ("admin_credit".into(), 500),
            ("order_charge".into(), -98),
            ("order_refund".into(), 98)
        ]
    );
    let listed = promo_command(&shop, "list", "Promo codes").await;
    assert!(listed.contains("ONCE 10% · 0/1 · $0.00"), "{listed}");

    // "Order again" prices the repeat with the discount given back.
    to_menu(&shop, &user).await;
    shop.tap(&user, "My orders", "My orders").await;
    shop.tap(&user, "#1", "Order #1").await;
    let again = shop.tap(&user, "Order again", "Please check your order").await;
    assert_shows(
        &again.text,
        &[
            "Total: $1.08 $0.98 (code ONCE −10%)",
            "Balance after the order: $4.02",
        ],
    );
    shop.tap(&user, "Confirm", "is placed").await;
    assert_eq!(shop.balance(&user).await, 402);
    let listed = promo_command(&shop, "list", "Promo codes").await;
    assert!(listed.contains("ONCE 10% · 1/1 · $0.10"), "{listed}");
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}
