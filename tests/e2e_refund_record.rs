//! What an order records as refunded agrees with the ledger (issue 18): an order the provider
//! rejects at placement shows its whole charge refunded on the admin's `/order` screen, and the
//! money audit finds nothing to say about it.

mod common;

use common::fake_panel::Reply;
use common::fake_telegram::TestUser;
use common::shop::{ADMIN_ID, Shop};

#[tokio::test]
async fn an_order_rejected_at_placement_shows_its_refund_to_the_admin() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(46, "en").await;
    shop.credit(&user, "5").await;
    shop.tap(&user, "New order", "Choose a category").await;
    shop.tap(&user, "Telegram", "Choose a service").await;
    shop.tap(&user, "Telegram subscribers", "Minimum").await;
    shop.tap(&user, "Order", "Send the link").await;
    tg.send_text(&user, "https://t.me/private_channel");
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(&user, "1000");
    tg.wait_bot_message_containing(user.id, "Please check your order")
        .await;
    shop.panel
        .respond_next("add", Reply::new(200, r#"{"error":"Incorrect link"}"#));
    shop.tap(&user, "Confirm", "was not accepted").await;

    let recorded: (String, i64, i64) =
        sqlx::query_as("SELECT state, charge_minor, refunded_minor FROM orders WHERE user_id = 46")
            .fetch_one(shop.db.pool())
            .await
            .unwrap();
    assert_eq!(recorded, ("rejected".into(), 108, 108));

    let admin = TestUser::new(ADMIN_ID, "en");
    tg.send_text(&admin, "/order 1");
    let screen = tg.wait_bot_message_containing(ADMIN_ID, "charge: $1.08").await;
    assert!(screen.text.contains("refunded: $1.08"), "{}", screen.text);
    assert_eq!(smmbot::audit::run(&shop.db).await.unwrap(), []);
    shop.stop().await;
}
