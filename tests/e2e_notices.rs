//! What a customer hears about an order, end to end against the fake panel: one message per
//! meaningful change (the start, the end), and nothing of progress once they muted it, after a
//! restart too.

mod common;

use std::time::Duration;

use common::fake_telegram::{ChatMessage, TestUser};
use common::shop::Shop;

/// Places an order for 1000 subscribers; returns our order number and the panel's.
async fn place_order(shop: &Shop, user: &TestUser) -> (i64, String) {
    let placed = shop
        .order_subscribers(user, "https://t.me/mychannel", "1000")
        .await;
    let number = placed
        .text
        .split('#')
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("order number");
    shop.tap(user, "Menu", "Choose what").await;
    let orders = shop.orders(user).await;
    let provider_id = orders
        .last()
        .and_then(|o| o.1.clone())
        .expect("placed at the panel");
    (number, provider_id)
}

/// The customer's messages about order `number`, oldest first.
fn notices_of(shop: &Shop, user: &TestUser, number: i64) -> Vec<ChatMessage> {
    let about = format!("Your order #{number} ");
    shop.telegram
        .bot_messages(user.id)
        .into_iter()
        .filter(|m| m.text.contains(&about))
        .collect()
}

/// Waits until the poller has stored `remains` for the customer's latest order.
async fn wait_observed(shop: &Shop, number: i64, remains: i64) {
    for _ in 0..100 {
        let stored: Option<i64> = sqlx::query_scalar("SELECT remains FROM orders WHERE id = ?")
            .bind(number)
            .fetch_one(shop.db.pool())
            .await
            .expect("order row");
        if stored == Some(remains) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("order #{number} never observed with {remains} remaining");
}

/// Waits for the customer's notice about order `number` containing `needle`.
async fn wait_notice(shop: &Shop, user: &TestUser, number: i64, needle: &str) -> ChatMessage {
    let about = format!("Your order #{number} {needle}");
    shop.telegram
        .wait_for(&about, |seen| {
            seen.bot_messages(user.id)
                .find(|m| m.text.contains(&about))
                .cloned()
        })
        .await
}

/// Three poll rounds (a second each): time for anything wrongly sent to arrive.
async fn let_rounds_pass() {
    tokio::time::sleep(Duration::from_secs(3)).await;
}

#[tokio::test]
async fn a_quick_order_is_told_once_when_it_starts_and_once_when_it_ends() {
    let shop = Shop::start().await;
    let user = shop.customer(80, "en").await;
    shop.credit(&user, "5").await;
    let (number, provider_id) = place_order(&shop, &user).await;

    // Started with 59 % already delivered, in one poll observation: one message carrying both.
    shop.panel.set_order_status(&provider_id, "In progress", 410);
    let started = wait_notice(&shop, &user, number, "has started").await;
    assert!(started.text.contains("59%"), "{}", started.text);
    assert!(
        started.button("Mute progress updates").is_some(),
        "{}",
        shop.telegram.dump()
    );
    // Past halfway and three quarters seconds after it was placed: not worth a message.
    shop.panel.set_order_status(&provider_id, "In progress", 200);
    wait_observed(&shop, number, 200).await;
    shop.panel.set_order_status(&provider_id, "Completed", 0);
    let completed = wait_notice(&shop, &user, number, "is complete").await;
    assert!(
        completed.button("Mute progress updates").is_none(),
        "the end is no progress: {:?}",
        completed.buttons
    );
    let_rounds_pass().await;

    let texts: Vec<String> = notices_of(&shop, &user, number)
        .into_iter()
        .map(|m| m.text.lines().next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        texts,
        [
            format!("▶️ Your order #{number} has started."),
            format!("✅ Your order #{number} is complete."),
        ],
        "{}",
        shop.telegram.dump()
    );
    shop.stop().await;
}

#[tokio::test]
async fn a_customer_who_mutes_progress_hears_only_the_end_after_a_restart_too() {
    let mut shop = Shop::start().await;
    let user = shop.customer(81, "en").await;
    shop.credit(&user, "5").await;
    // Both ordered before any notice: a notice's "Order details" would catch the harness's
    // tap on "Order".
    let (first, first_provider_id) = place_order(&shop, &user).await;
    let (second, second_provider_id) = place_order(&shop, &user).await;
    shop.panel
        .set_order_status(&first_provider_id, "In progress", 1000);
    wait_notice(&shop, &user, first, "has started").await;

    // The switch flips in place; the notice keeps its words and its other button.
    let tap = shop.telegram.tap_button(&user, "Mute progress updates");
    shop.telegram.wait_callback_answered(&tap).await;
    let flipped = shop
        .telegram
        .wait_for("the switch flipped", |seen| {
            seen.bot_messages(user.id)
                .find(|m| m.button("Unmute progress updates").is_some())
                .cloned()
        })
        .await;
    assert!(
        flipped.text.contains(&format!("Your order #{first} has started")),
        "{}",
        flipped.text
    );
    assert!(flipped.button("Order details").is_some(), "{:?}", flipped.buttons);

    shop.restart().await;
    shop.panel
        .set_order_status(&second_provider_id, "In progress", 500);
    wait_observed(&shop, second, 500).await;
    shop.panel.set_order_status(&first_provider_id, "Completed", 0);
    shop.panel.set_order_status(&second_provider_id, "Partial", 500);
    wait_notice(&shop, &user, first, "is complete").await;
    let partial = wait_notice(&shop, &user, second, "was only partly delivered").await;
    assert!(
        partial.text.contains("$0.54 has been returned"),
        "money news is never muted: {}",
        partial.text
    );
    let_rounds_pass().await;
    assert_eq!(
        notices_of(&shop, &user, second).len(),
        1,
        "{}",
        shop.telegram.dump()
    );
    assert_eq!(notices_of(&shop, &user, first).len(), 2);

    // The balance screen shows the choice as stored, and turns it back.
    let balance = shop.tap(&user, "Balance", "Your balance").await;
    assert!(
        balance.button("Unmute progress updates").is_some(),
        "{:?}",
        balance.buttons
    );
    let switch = balance
        .button("Unmute progress updates")
        .and_then(|b| b.callback_data.clone());
    let tap = shop
        .telegram
        .tap(&user, balance.message_id, &switch.expect("a callback button"));
    shop.telegram.wait_callback_answered(&tap).await;
    shop.telegram
        .wait_for("the balance switch flipped back", |seen| {
            let balance = seen
                .bot_messages(user.id)
                .find(|m| m.message_id == balance.message_id)?;
            balance.button("Mute progress updates").map(|_| ())
        })
        .await;
    let muted: bool = sqlx::query_scalar("SELECT progress_muted FROM users WHERE id = ?")
        .bind(user.id)
        .fetch_one(shop.db.pool())
        .await
        .expect("user row");
    assert!(!muted);
    shop.stop().await;
}
