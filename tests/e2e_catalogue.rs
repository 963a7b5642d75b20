//! Finding a service end to end: search in each customer's language (the examples its prompt
//! gives, the other keyboard layout) and service buttons short enough for a phone.

mod common;

use common::fake_telegram::TestUser;
use common::shop::Shop;

/// Longest service button, in Telegram's units (UTF-16): what a phone shows on one line.
const MAX_SERVICE_BUTTON: usize = 40;

/// From the menu, `user` searches for `query`: `labels` are the search button, the start of the
/// prompt and the start of the results in their language. Returns the results' buttons.
async fn search(
    shop: &Shop,
    user: &TestUser,
    (button, prompt, results): (&str, &str, &str),
    query: &str,
) -> Vec<String> {
    shop.tap(user, button, prompt).await;
    shop.telegram.send_text(user, query);
    let found = shop.telegram.wait_bot_message_containing(user.id, results).await;
    found.buttons.iter().flatten().map(|b| b.text.clone()).collect()
}

#[tokio::test]
async fn customers_find_views_in_their_own_words() {
    let shop = Shop::start().await;
    let searches = [
        ("ru", ("Поиск", "Напишите, что ищете", "Найдено"), "просмотры"),
        ("ru", ("Поиск", "Напишите, что ищете", "Найдено"), "ghjcvjnhs"),
        (
            "uz",
            ("Qidirish", "Nima qidirayotganingizni", "topildi"),
            "koʻrishlar",
        ),
        (
            "uz",
            ("Qidirish", "Nima qidirayotganingizni", "topildi"),
            "ko'rishlar",
        ),
        ("fa", ("جستجو", "بنویسید دنبال چه هستید", "نتایج"), "بازدید"),
        ("en", ("Search", "Send a word", "Found for"), "views"),
    ];
    for (n, (language, labels, query)) in searches.into_iter().enumerate() {
        let user = shop.customer(300 + n as i64, language).await;
        let buttons = search(&shop, &user, labels, query).await;
        assert!(
            // In Persian the price's isolation marks take room: "Telegram" goes, as the
            // category's word, to keep the button short.
            buttons.first().is_some_and(|b| b.contains("post views")),
            "{language} {query:?}: {buttons:?}"
        );
    }
    shop.stop().await;
}

#[tokio::test]
async fn service_buttons_fit_a_phone_and_keep_the_price() {
    let shop = Shop::start().await;
    let user = shop.customer(320, "en").await;
    for category in ["Telegram", "Instagram"] {
        shop.tap(&user, "New order", "Choose a category").await;
        let list = shop.tap(&user, category, "Choose a service").await;
        let services: Vec<&str> = list
            .buttons
            .iter()
            .flatten()
            .map(|b| b.text.as_str())
            .filter(|t| t.contains(" · "))
            .collect();
        assert!(services.len() >= 2, "{services:?}");
        for label in services {
            assert!(label.encode_utf16().count() <= MAX_SERVICE_BUTTON, "{label}");
            assert!(label.contains('$'), "{label}");
        }
        shop.tap(&user, "Menu", "Choose what").await;
    }
    shop.stop().await;
}
