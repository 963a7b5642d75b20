//! Promo codes end to end: the admin's `/promo`, a customer's code typed on the balance screen,
//! each refusal with its own answer, and the last use of a credit code going to exactly one of
//! two customers who send it at the same moment.

mod common;

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
