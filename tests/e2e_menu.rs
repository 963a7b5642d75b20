//! The rest of the customer's menu end to end: the sandbox shop with only a token, search,
//! referral links, language, balance, /cancel and /help.

mod common;

use common::shop::{ADMIN_ID, Shop};

#[tokio::test]
async fn with_only_a_token_the_sandbox_sells_referrals() {
    let shop = Shop::sandbox().await;
    let tg = &shop.telegram;
    // The admin is told loudly that nothing is real.
    tg.wait_for("the sandbox notice to the admin", |seen| {
        seen.bot_messages(ADMIN_ID)
            .find(|m| m.text.contains("built-in sandbox"))
            .cloned()
    })
    .await;

    let user = shop.customer(60, "en").await;
    shop.credit(&user, "50").await;
    shop.tap(&user, "Search", "Send a word").await;
    tg.send_text(&user, "NOTPIXEL");
    let results = tg
        .wait_bot_message_containing(user.id, "Found for “NOTPIXEL”")
        .await;
    // 8.00 RUB per referral with the default 30 % markup.
    assert!(
        results.button("Notpixel referrals · 10.40\u{a0}₽ each").is_some(),
        "{}",
        tg.dump()
    );
    shop.tap(&user, "Notpixel referrals", "Minimum: 1, maximum: 500")
        .await;
    shop.tap(&user, "Order", "referral link for https://t.me/notpixel")
        .await;

    tg.send_text(&user, "https://t.me/notpixel/app");
    tg.wait_bot_message_containing(user.id, "has no start parameter")
        .await;
    tg.send_text(&user, "https://t.me/hamster_kombat_bot?start=kentId1");
    tg.wait_bot_message_containing(user.id, "only with links into @notpixel")
        .await;
    tg.send_text(&user, "https://t.me/notpixel/app?startapp=f396019363_s594995");
    tg.wait_bot_message_containing(user.id, "from 1 to 500").await;
    tg.send_text(&user, "3");
    let confirmation = tg
        .wait_bot_message_containing(user.id, "Total: 31.20\u{a0}₽")
        .await;
    assert!(
        confirmation.text.contains("startapp=f396019363_s594995"),
        "{}",
        confirmation.text
    );
    shop.tap(&user, "Confirm", "is placed").await;

    let orders = shop.orders(&user).await;
    assert_eq!(orders.len(), 1);
    let (state, provider_id, _, quantity, charge) = &orders[0];
    assert_eq!((state.as_str(), *quantity, *charge), ("placed", 3, 3120));
    assert!(
        provider_id.as_deref().is_some_and(|id| id.starts_with("sb")),
        "{provider_id:?}"
    );
    assert_eq!(shop.balance(&user).await, 5000 - 3120);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn search_that_finds_nothing_says_so() {
    let shop = Shop::start().await;
    let user = shop.customer(61, "en").await;
    shop.tap(&user, "Search", "Send a word").await;
    shop.telegram.send_text(&user, "tiktok");
    let answer = shop
        .telegram
        .wait_bot_message_containing(user.id, "Nothing found for “tiktok”")
        .await;
    assert!(answer.button("Search again").is_some());
    // The search step is over: the next text is not a query.
    shop.telegram.send_text(&user, "views");
    shop.telegram
        .wait_bot_message_containing(user.id, "Please use the buttons")
        .await;
    shop.stop().await;
}

#[tokio::test]
async fn the_language_follows_telegram_and_can_be_switched() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let russian = shop.customer(62, "ru").await;
    assert!(tg.last_bot_message(russian.id).text.contains("Ваш баланс"));
    let german = shop.customer(63, "de").await;
    assert!(
        tg.last_bot_message(german.id).text.contains("Your balance"),
        "falls back to DEFAULT_LANGUAGE"
    );

    shop.tap(&german, "Language", "Choose your language").await;
    let menu = shop.tap(&german, "Русский", "Выберите, что хотите сделать").await;
    assert!(menu.button("Новый заказ").is_some());
    // The choice is kept, whatever Telegram says later.
    tg.send_text(&german, "/start");
    tg.wait_bot_message_containing(german.id, "Здравствуйте").await;
    shop.stop().await;
}

#[tokio::test]
async fn balance_shows_the_latest_movements() {
    let shop = Shop::start().await;
    let user = shop.customer(64, "en").await;
    let empty = shop.tap(&user, "Balance", "Your balance: $0.00").await;
    assert!(empty.text.contains("none yet"), "{}", empty.text);
    shop.credit(&user, "2.50").await;
    shop.tap(&user, "Menu", "Choose what you would like to do").await;
    let balance = shop.tap(&user, "Balance", "Your balance: $2.50").await;
    assert!(balance.text.contains("+$2.50 · top-up"), "{}", balance.text);
    shop.stop().await;
}

#[tokio::test]
async fn cancel_and_help_work_from_anywhere() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(65, "en").await;
    shop.tap(&user, "New order", "Choose a category").await;
    shop.tap(&user, "Telegram", "Choose a service").await;
    shop.tap(&user, "Telegram post views", "Minimum: 100").await;
    shop.tap(&user, "Order", "Send the link").await;
    tg.send_text(&user, "/help");
    tg.wait_bot_message_containing(user.id, "How it works").await;
    // /help does not leave the step: a link is still expected.
    tg.send_text(&user, "https://t.me/channel/5");
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(&user, "/cancel");
    tg.wait_bot_message_containing(user.id, "Canceled").await;
    tg.send_text(&user, "500");
    tg.wait_bot_message_containing(user.id, "Please use the buttons")
        .await;
    assert!(shop.orders(&user).await.is_empty());
    shop.stop().await;
}

#[tokio::test]
async fn admins_see_their_commands_in_their_own_chat_only() {
    let shop = Shop::start().await;
    let registrations: Vec<_> = shop
        .telegram
        .calls()
        .into_iter()
        .filter(|c| c.method == "setmycommands")
        .collect();
    assert!(
        registrations.iter().all(|c| c.error.is_none()),
        "{registrations:?}"
    );
    let names = |call: &common::fake_telegram::ApiCall| -> Vec<String> {
        call.params["commands"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["command"].as_str().unwrap().to_string())
            .collect()
    };
    let public = registrations
        .iter()
        .find(|c| c.params.get("scope").is_none())
        .expect("public menu");
    assert_eq!(names(public), ["start", "help", "cancel", "support"]);
    let admin = registrations
        .iter()
        .find(|c| c.params.get("scope").is_some())
        .expect("admin menu");
    assert_eq!(admin.params["scope"]["chat_id"], common::shop::ADMIN_ID);
    for command in [
        "credit",
        "stats",
        "user",
        "order",
        "providers",
        "sync",
        "broadcast",
        "maintenance",
        "tickets",
    ] {
        assert!(
            names(admin).iter().any(|n| n == command),
            "{command} missing: {:?}",
            names(admin)
        );
    }
    shop.stop().await;
}
