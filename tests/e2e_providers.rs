//! One order through each provider kind, from the customer's taps to the request the fake
//! provider received. (The standard panel is covered at length in e2e_order.rs.)

mod common;

use common::fake_bratanref::{self, FakeBratanRef};
use common::fake_btj::{self, FakeBtj};
use common::fake_panel::{FAKE_KEY, FakePanel};
use common::fake_telegram::TestUser;
use common::shop::Shop;

/// Search → the service's card → Order → link → quantity → confirmation.
async fn order_until_confirmation(shop: &Shop, user: &TestUser, search: &str, link: &str, quantity: &str) {
    let tg = &shop.telegram;
    shop.tap(user, "Search", "Send a word").await;
    tg.send_text(user, search);
    tg.wait_bot_message_containing(user.id, "Found for").await;
    shop.tap(user, search, "Minimum").await;
    shop.tap(user, "Order", "Send").await;
    tg.send_text(user, link);
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(user, quantity);
    tg.wait_bot_message_containing(user.id, "Please check your order")
        .await;
}

#[tokio::test]
async fn bratanref_v1_referrals_from_tap_to_task() {
    let fake = FakeBratanRef::start().await;
    let shop = Shop::with_provider(
        "RUB",
        &[
            ("KIND", "bratanref_v1".into()),
            ("URL", fake.url().to_string()),
            ("KEY", fake_bratanref::FAKE_KEY.into()),
        ],
    )
    .await;
    let user = shop.customer(90, "en").await;
    shop.credit(&user, "100").await;
    order_until_confirmation(
        &shop,
        &user,
        "Notpixel",
        "https://t.me/notpixel/app?startapp=f396019363_s594995",
        "3",
    )
    .await;
    // 8.0 RUB a referral with 20 % markup.
    assert!(
        shop.telegram
            .last_bot_message(user.id)
            .text
            .contains("Total: 28.80\u{a0}₽")
    );
    shop.tap(&user, "Confirm", "is placed").await;

    let tasks = fake.requests_for("/tasks");
    assert_eq!(tasks.len(), 1);
    assert_eq!(
        tasks[0].authorization.as_deref(),
        Some(format!("Bearer {}", fake_bratanref::FAKE_KEY).as_str())
    );
    let body = tasks[0].body.clone().expect("JSON body");
    assert_eq!(body["category_id"], 8);
    assert_eq!(body["quantity"], 3);
    assert_eq!(
        body["url"],
        "https://t.me/notpixel/app?startapp=f396019363_s594995"
    );
    let orders = shop.orders(&user).await;
    assert_eq!(
        (orders[0].0.as_str(), orders[0].1.as_deref()),
        ("placed", Some("300"))
    );
    assert_eq!(shop.balance(&user).await, 10_000 - 2880);
    shop.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn bratanref_v2_referrals_through_the_panel_api() {
    let fake = FakePanel::start_bratanref().await;
    let shop = Shop::with_provider(
        "RUB",
        &[
            ("KIND", "bratanref_v2".into()),
            ("URL", fake.url().to_string()),
            ("KEY", FAKE_KEY.into()),
        ],
    )
    .await;
    let user = shop.customer(91, "en").await;
    shop.credit(&user, "100").await;
    order_until_confirmation(
        &shop,
        &user,
        "Notpixel",
        "https://t.me/notpixel/app?startapp=abc",
        "2",
    )
    .await;
    assert!(
        shop.telegram
            .last_bot_message(user.id)
            .text
            .contains("Total: 19.20\u{a0}₽")
    );
    shop.tap(&user, "Confirm", "is placed").await;

    let adds = fake.requests_for("add");
    assert_eq!(adds.len(), 1);
    assert_eq!(adds[0]["service"], "1");
    assert_eq!(adds[0]["link"], "https://t.me/notpixel/app?startapp=abc");
    assert_eq!(adds[0]["quantity"], "2");
    shop.stop().await;
}

#[tokio::test]
async fn btj_sells_in_toman_and_shows_the_channels_subscribers() {
    let fake = FakeBtj::start().await;
    let shop = Shop::with_provider(
        "IRT",
        &[
            ("KIND", "btj".into()),
            ("URL", fake.url().to_string()),
            ("KEY", fake_btj::FAKE_KEY.into()),
        ],
    )
    .await;
    let user = shop.customer(92, "en").await;
    shop.credit(&user, "20000").await;
    order_until_confirmation(&shop, &user, "Hayden", "@my_channel", "1000").await;
    let confirmation = shop.telegram.last_bot_message(user.id);
    // 8000 Toman per 1000 with 20 % markup; Toman has no minor unit.
    assert!(
        confirmation.text.contains("Total: 9,600\u{a0}toman"),
        "{}",
        confirmation.text
    );
    assert!(
        confirmation.text.contains(&format!(
            "The channel has {} subscribers now",
            fake_btj::SUBSCRIBERS
        )),
        "{}",
        confirmation.text
    );
    shop.tap(&user, "Confirm", "is placed").await;

    let adds = fake.requests_for("add");
    assert_eq!(adds.len(), 1);
    assert_eq!(adds[0]["service"], "1");
    assert_eq!(adds[0]["link"], "https://t.me/my_channel");
    assert_eq!(adds[0]["quantity"], "1000");
    let info = fake.requests_for("info");
    assert_eq!(info[0]["link"], "https://t.me/my_channel");
    assert_eq!(shop.balance(&user).await, 20_000 - 9600);
    shop.stop().await;
    fake.shutdown().await;
}
