//! The demo top-up end to end: offered on the top-up screen only while the sandbox is the only
//! provider, credited through the ledger once per tap, and refused (nothing credited) in a shop
//! with a real provider, even to a forged tap.

mod common;

use common::fake_telegram::{ChatMessage, TestUser};
use common::shop::Shop;

/// 1000 RUB, the demo amount in the sandbox shop's currency.
const DEMO_MINOR: i64 = 100_000;

async fn open_top_up(shop: &Shop, user: &TestUser) -> ChatMessage {
    shop.tap(user, "Balance", "Latest movements").await;
    shop.tap(user, "Top up", "Top up with Telegram Stars").await
}

#[tokio::test]
async fn a_sandbox_shop_offers_demo_money_through_the_ledger() {
    let shop = Shop::sandbox().await;
    let user = shop.customer(61, "en").await;

    let top_up = open_top_up(&shop, &user).await;
    assert!(top_up.text.contains("This is a demo shop"), "{}", top_up.text);
    assert!(top_up.button("Demo top-up").is_some(), "{:?}", top_up.buttons);
    assert!(
        top_up.button("⭐ 100").is_some(),
        "Stars stay offered: {:?}",
        top_up.buttons
    );

    shop.tap(&user, "Demo top-up", "of demo money is on your balance")
        .await;
    assert_eq!(shop.balance(&user).await, DEMO_MINOR);
    assert_eq!(shop.ledger(&user).await, vec![("demo_topup".into(), DEMO_MINOR)]);

    // Each tap is its own top-up, booked once.
    shop.tap(&user, "Back", "Latest movements").await;
    shop.tap(&user, "Top up", "Top up with Telegram Stars").await;
    shop.tap(&user, "Demo top-up", "of demo money is on your balance")
        .await;
    assert_eq!(shop.balance(&user).await, 2 * DEMO_MINOR);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn a_shop_with_a_real_provider_has_no_demo_money() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(62, "en").await;

    let top_up = open_top_up(&shop, &user).await;
    assert!(top_up.button("Demo top-up").is_none(), "{:?}", top_up.buttons);
    assert!(!top_up.text.contains("demo"), "{}", top_up.text);

    // A forged tap changes nothing.
    let tap = tg.tap(&user, tg.last_bot_message(user.id).message_id, "td");
    tg.wait_callback_answered(&tap).await;
    tg.wait_bot_message_containing(user.id, "This shop has no demo money")
        .await;
    assert_eq!(shop.balance(&user).await, 0);
    assert!(shop.ledger(&user).await.is_empty());
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}
