//! Providers' text has no length limit of its own; Telegram refuses a message over 4,096
//! characters. A service with a 10,000-character name and a 100,000-character description (and
//! a status of 10,000 characters) is synced, shown, ordered and followed end to end, and every
//! message reaches the customer and the admin.

mod common;

use common::fake_panel::Reply;
use common::shop::{ADMIN_ID, Shop};
use serde_json::json;

/// What Telegram counts: the displayed text (the fake has rendered the HTML away) in UTF-16
/// code units, never fewer than characters.
const TELEGRAM_MAX_UNITS: usize = 4096;

/// `chars` characters of text that is hard on a cut: markup, entities, Cyrillic, Persian, emoji.
fn hostile_text(chars: usize) -> String {
    "<b>&amp; Ж ی 😀 </b>\n".chars().cycle().take(chars).collect()
}

fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

#[tokio::test]
async fn a_service_with_enormous_texts_is_shown_ordered_and_followed() {
    let mut shop = Shop::start().await;
    let name = format!("Telegram subscribers {}", hostile_text(10_000));
    let description = hostile_text(100_000);
    let listing = json!([{
        "service": 1, "name": name, "type": "Default", "category": "Telegram",
        "rate": "0.90", "min": "10", "max": "10000", "refill": true, "cancel": true,
        "dripfeed": false, "description": description,
    }]);
    shop.panel
        .respond_next("services", Reply::new(200, listing.to_string()));
    shop.restart().await; // the start-up sync reads the listing above

    let (stored_name, stored_description): (String, String) =
        sqlx::query_as("SELECT name, description FROM services WHERE provider_service_id = '1'")
            .fetch_one(shop.db.pool())
            .await
            .unwrap();
    assert!(
        units(&stored_name) <= 200 && stored_name.ends_with('…'),
        "{stored_name}"
    );
    assert!(units(&stored_description) <= 2000 && stored_description.ends_with('…'));

    let tg = &shop.telegram;
    let user = shop.customer(90, "en").await;
    shop.credit(&user, "5").await;
    shop.tap(&user, "New order", "Choose a category").await;
    shop.tap(&user, "Telegram", "Choose a service").await;
    // The button, too long whole, drops the category's word "Telegram"; the card has it all.
    let card = shop.tap(&user, "subscribers <b>&amp;", "Minimum").await;
    // The markup in the provider's text reaches the customer as text, cut on a character.
    assert!(
        card.text.contains("Telegram subscribers <b>&amp; Ж ی 😀 </b>"),
        "{}",
        card.text
    );
    assert!(card.text.contains("…\n"), "{}", card.text);
    assert!(card.text.contains("Minimum: 10, maximum: 10000"), "{}", card.text);
    shop.tap(&user, "Order", "Send the link").await;
    tg.send_text(&user, "https://t.me/mychannel");
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(&user, "1000");
    let confirmation = tg
        .wait_bot_message_containing(user.id, "Please check your order")
        .await;
    assert!(
        confirmation.text.contains("Total: $1.08"),
        "{}",
        confirmation.text
    );
    shop.tap(&user, "Confirm", "is placed").await;
    let orders = shop.orders(&user).await;
    let provider_order = orders[0].1.clone().expect("placed at the panel");

    // A status word of 10,000 characters, then the end: both notices arrive.
    shop.panel
        .set_order_status(&provider_order, &hostile_text(10_000), 1000);
    let alert = tg
        .wait_bot_message_containing(ADMIN_ID, "reports a status we do not know")
        .await;
    assert!(alert.text.contains("<b>&amp; Ж ی 😀"), "{}", alert.text);
    shop.panel.set_order_status(&provider_order, "Completed", 0);
    let done = tg.wait_bot_message_containing(user.id, "is complete").await;
    assert!(
        done.text.contains("Telegram subscribers <b>&amp;"),
        "{}",
        done.text
    );

    // The notifier marks a notice sent right after Telegram took it: wait for both marks.
    let counts = || async {
        let (sent, given_up): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(sent_at), COUNT(gave_up_at) FROM notifications WHERE chat_id IN (?, ?)",
        )
        .bind(user.id)
        .bind(ADMIN_ID)
        .fetch_one(shop.db.pool())
        .await
        .unwrap();
        (sent, given_up)
    };
    let waited = std::time::Instant::now();
    while counts().await.0 < 2 && waited.elapsed() < std::time::Duration::from_secs(10) {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (sent, given_up) = counts().await;
    assert_eq!(given_up, 0, "no notice was given up");
    assert!(sent >= 2, "{sent} notices marked sent");
    for chat in [user.id, ADMIN_ID] {
        for message in tg.bot_messages(chat) {
            assert!(
                units(&message.text) <= TELEGRAM_MAX_UNITS,
                "{}",
                units(&message.text)
            );
        }
    }
    let refused: Vec<_> = tg
        .calls()
        .into_iter()
        .filter_map(|call| call.error)
        .filter(|error| error.contains("too long") || error.contains("can't parse"))
        .collect();
    assert!(refused.is_empty(), "Telegram refused: {refused:?}");
    shop.stop().await;
}
