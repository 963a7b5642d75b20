//! Pricing end to end: the admin's /markup, /fx and /service through the fake Telegram, the
//! catalogue re-priced at once and after syncs (restarts), the loss guard's alert, non-admins
//! turned away, and a stale quote re-checked with the fake panel before any money moves.

mod common;

use common::fake_panel::{FAKE_KEY, FakePanel, Reply};
use common::fake_telegram::{ChatMessage, TestUser};
use common::shop::{ADMIN_ID, Shop};

fn admin() -> TestUser {
    TestUser::new(ADMIN_ID, "en")
}

/// The admin sends `command`; returns the bot's answer containing `then`.
async fn admin_says(shop: &Shop, command: &str, then: &str) -> ChatMessage {
    shop.telegram.send_text(&admin(), command);
    shop.telegram.wait_bot_message_containing(ADMIN_ID, then).await
}

/// Our id of the fake panel's service `provider_service_id`.
async fn service_id(shop: &Shop, provider_service_id: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM services WHERE provider_service_id = ?")
        .bind(provider_service_id)
        .fetch_one(shop.db.pool())
        .await
        .expect("service row")
}

/// `(name, price_minor, hidden_reason, enabled)` as stored.
async fn stored(shop: &Shop, id: i64) -> (String, Option<i64>, Option<String>, bool) {
    sqlx::query_as("SELECT name, price_minor, hidden_reason, enabled FROM services WHERE id = ?")
        .bind(id)
        .fetch_one(shop.db.pool())
        .await
        .expect("service row")
}

async fn price(shop: &Shop, id: i64) -> Option<i64> {
    stored(shop, id).await.1
}

/// From a fresh menu the customer searches for `word`; returns the answer, whose buttons are
/// what was found.
async fn search(shop: &Shop, user: &TestUser, word: &str) -> ChatMessage {
    shop.telegram.send_text(user, "/start");
    shop.telegram.wait_bot_message_containing(user.id, "").await;
    shop.tap(user, "Search", "Send a word").await;
    shop.telegram.send_text(user, word);
    shop.telegram
        .wait_bot_message_containing(user.id, &format!("“{word}”"))
        .await
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

/// Search → the service's card → Order → link → 1000 → the confirmation screen.
async fn order_until_confirmation(shop: &Shop, user: &TestUser, word: &str) -> ChatMessage {
    let tg = &shop.telegram;
    search(shop, user, word).await;
    shop.tap(user, word, "Minimum").await;
    shop.tap(user, "Order", "Send the link").await;
    tg.send_text(user, "https://t.me/mychannel");
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(user, "1000");
    tg.wait_bot_message_containing(user.id, "Please check your order")
        .await
}

/// The customer's confirmation as if shown `secs` ago. The bot keeps each chat's step in memory
/// as it wrote it, so the aged step reaches it through its table, as after a restart; the
/// restart's catalogue sync is done when this returns.
async fn age_quote(shop: &mut Shop, user: &TestUser, secs: i64) {
    let aged = sqlx::query(
        "UPDATE dialogues SET state = json_set(state, '$.Confirming.quoted_at',
             json_extract(state, '$.Confirming.quoted_at') - ?)
         WHERE chat_id = ? AND json_extract(state, '$.Confirming') IS NOT NULL",
    )
    .bind(secs)
    .bind(user.id)
    .execute(shop.db.pool())
    .await
    .expect("age the quote");
    assert_eq!(aged.rows_affected(), 1, "the customer is confirming an order");
    shop.restart().await;
}

#[tokio::test]
async fn markups_reprice_at_once_and_survive_a_restart() {
    let mut shop = Shop::start().await;
    let (subscribers, followers) = (service_id(&shop, "1").await, service_id(&shop, "3").await);
    let overview = admin_says(&shop, "/markup", "Markups").await;
    assert!(
        overview.text.contains("Global: 20 % (DEFAULT_MARKUP_PERCENT"),
        "{}",
        overview.text
    );
    let telegram: i64 = sqlx::query_scalar("SELECT id FROM categories WHERE name = 'Telegram'")
        .fetch_one(shop.db.pool())
        .await
        .unwrap();
    assert!(overview.text.contains(&format!("#{telegram} Telegram: global")));

    // 0.90 and 1.20 USD per 1000 at 50 %.
    let saved = admin_says(&shop, "/markup 50", "Saved").await;
    assert!(saved.text.contains("Global: 50 %"), "{}", saved.text);
    assert_eq!(
        (price(&shop, subscribers).await, price(&shop, followers).await),
        (Some(135), Some(180))
    );
    let user = shop.customer(42, "en").await;
    let found = search(&shop, &user, "subscribers").await;
    assert!(found.button("$1.35 / 1000").is_some(), "{}", shop.telegram.dump());

    // The Telegram category's own 10 % wins over the global markup, for Telegram only.
    let saved = admin_says(&shop, &format!("/markup category {telegram} 10"), "Saved").await;
    assert!(
        saved.text.contains(&format!("#{telegram} Telegram: 10 %")),
        "{}",
        saved.text
    );
    assert_eq!(
        (price(&shop, subscribers).await, price(&shop, followers).await),
        (Some(99), Some(180))
    );

    // Stored in the database: a restart (and its sync) keeps both.
    shop.restart().await;
    assert_eq!(
        (price(&shop, subscribers).await, price(&shop, followers).await),
        (Some(99), Some(180))
    );
    let overview = admin_says(&shop, "/markup", "Markups").await;
    assert!(overview.text.contains("Global: 50 %\n"), "{}", overview.text);
    assert!(
        !overview.text.contains("DEFAULT_MARKUP_PERCENT"),
        "{}",
        overview.text
    );

    admin_says(&shop, &format!("/markup category {telegram} off"), "Saved").await;
    assert_eq!(price(&shop, subscribers).await, Some(135));
    admin_says(&shop, "/markup category 999 5", "There is no category #999").await;
    admin_says(&shop, "/markup lots", "/markup 25").await;
    shop.stop().await;
}

#[tokio::test]
async fn an_exchange_rate_puts_a_usd_panel_on_sale_in_a_rouble_shop() {
    let panel = FakePanel::start().await;
    let shop = Shop::with_provider(
        "RUB",
        &[
            ("KIND", "panel_v2".into()),
            ("URL", panel.url().to_string()),
            ("KEY", FAKE_KEY.into()),
        ],
    )
    .await;
    let subscribers = service_id(&shop, "1").await;
    let (_, price_now, hidden, _) = stored(&shop, subscribers).await;
    assert_eq!(price_now, None);
    assert!(hidden.unwrap().contains("no exchange rate to RUB"));
    let user = shop.customer(50, "en").await;
    shop.tap(&user, "New order", "Nothing is on sale").await;

    let rates = admin_says(&shop, "/fx", "Exchange rates to RUB").await;
    assert!(
        rates.text.contains("USD: no rate · 5 services hidden"),
        "{}",
        rates.text
    );
    let saved = admin_says(&shop, "/fx USD 90", "Saved").await;
    assert!(
        saved.text.contains("1 USD = 90 RUB · 5 services"),
        "{}",
        saved.text
    );

    // 0.90 USD × 90 = 81 RUB, with the 20 % markup 97.20 RUB per 1000.
    shop.credit(&user, "100").await;
    let confirmation = order_until_confirmation(&shop, &user, "Telegram subscribers").await;
    assert!(
        confirmation.text.contains("Total: 97.20\u{a0}₽"),
        "{}",
        confirmation.text
    );
    shop.tap(&user, "Confirm", "is placed").await;
    assert_eq!(panel.requests_for("add").len(), 1);
    assert_eq!(shop.balance(&user).await, 10_000 - 9720);
    shop.assert_ledger_consistent().await;

    admin_says(&shop, "/fx USD off", "USD: no rate").await;
    assert_eq!(price(&shop, subscribers).await, None);
    admin_says(&shop, "/fx RUB 1", "RUB is the shop currency").await;
    admin_says(&shop, "/fx USD -3", "/fx USD 92.5").await;
    shop.stop().await;
    panel.shutdown().await;
}

#[tokio::test]
async fn the_service_card_renames_switches_and_fixes_a_price() {
    let mut shop = Shop::start().await;
    let id = service_id(&shop, "1").await;
    let card = admin_says(&shop, &format!("/service {id}"), "Service #").await;
    for expected in [
        format!("Service #{id}: Telegram subscribers"),
        "Provider's rate: 0.90 USD / 1000".into(),
        "Our price: $1.08 / 1000 (markup 20 %, global)".into(),
        "Status: ✅ on sale".into(),
    ] {
        assert!(card.text.contains(&expected), "{expected:?} in {}", card.text);
    }
    assert!(card.button("Disable").is_some());

    let renamed = admin_says(&shop, &format!("/service {id} name Premium subscribers"), "Saved").await;
    assert!(renamed.text.contains("Premium subscribers"), "{}", renamed.text);
    assert!(renamed.text.contains("Provider's name: Telegram subscribers"));
    admin_says(
        &shop,
        &format!("/service {id} description Starts within an hour"),
        "Saved",
    )
    .await;
    let fixed = admin_says(&shop, &format!("/service {id} price 2.50"), "Saved").await;
    assert!(
        fixed.text.contains("Our price: $2.50 / 1000 (fixed)"),
        "{}",
        fixed.text
    );

    // The next sync keeps what the admin set over what the provider says.
    shop.restart().await;
    let tg = &shop.telegram;
    assert_eq!(
        stored(&shop, id).await,
        ("Premium subscribers".into(), Some(250), None, true)
    );
    let user = shop.customer(51, "en").await;
    let found = search(&shop, &user, "Premium").await;
    assert!(found.button("$2.50 / 1000").is_some(), "{}", tg.dump());
    let card = shop.tap(&user, "Premium subscribers", "Minimum").await;
    assert!(card.text.contains("Starts within an hour"), "{}", card.text);

    // Disable and enable with the card's button, edited in place.
    shop.tap(&admin(), "Disable", "switched off").await;
    assert!(!stored(&shop, id).await.3);
    let nothing = search(&shop, &user, "Premium").await;
    assert!(nothing.text.contains("Nothing found"), "{}", nothing.text);
    let card = shop.tap(&admin(), "Enable", "on sale").await;
    assert!(card.button("Disable").is_some());
    assert_eq!(price(&shop, id).await, Some(250));

    let back = admin_says(&shop, &format!("/service {id} price off"), "Saved").await;
    assert!(back.text.contains("Our price: $1.08"), "{}", back.text);
    admin_says(&shop, "/service 999", "There is no service #999").await;
    admin_says(&shop, &format!("/service {id} price free"), "/service 12 price").await;
    shop.stop().await;
}

#[tokio::test]
async fn a_service_that_would_sell_below_cost_is_hidden_and_admins_are_told_once() {
    let mut shop = Shop::start().await;
    let (subscribers, followers) = (service_id(&shop, "1").await, service_id(&shop, "3").await);
    admin_says(&shop, &format!("/service {subscribers} price 1.00"), "Saved").await;
    assert_eq!(price(&shop, subscribers).await, Some(100));

    // The provider now wants 1.50 per 1000: the start-up sync finds the loss.
    shop.panel.respond_next("services", subscribers_at("1.50"));
    let revision = shop.telegram.revision();
    shop.restart().await;
    let alert = shop
        .telegram
        .wait_bot_message_since(ADMIN_ID, "hidden: below cost", revision)
        .await;
    for expected in [
        "Telegram subscribers",
        "costs us $1.50 per 1000",
        "sells at $1.00",
    ] {
        assert!(alert.text.contains(expected), "{expected:?} in {}", alert.text);
    }
    // The next sync finds the same loss: still hidden, nobody is told again.
    shop.panel.respond_next("services", subscribers_at("1.50"));
    shop.restart().await;
    let (_, price_now, hidden, _) = stored(&shop, subscribers).await;
    assert_eq!(price_now, None);
    assert_eq!(
        hidden.as_deref(),
        Some("below cost: sells at 1.00 USD per 1000 but costs 1.50 USD")
    );
    let alerts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE dedupe_key LIKE ?")
        .bind(format!("below_cost:{subscribers}:%"))
        .fetch_one(shop.db.pool())
        .await
        .unwrap();
    assert_eq!(alerts, 1, "one alert per crossing");

    // A negative markup is caught at once, and the admin who set it is told in the answer too.
    let saved = admin_says(&shop, &format!("/service {followers} markup -10"), "Saved").await;
    assert!(
        saved.text.contains("One service would sell below cost"),
        "{}",
        saved.text
    );
    assert_eq!(price(&shop, followers).await, None);
    shop.telegram
        .wait_bot_message_containing(ADMIN_ID, &format!("Service #{followers} hidden: below cost"))
        .await;
    shop.stop().await;
}

#[tokio::test]
async fn each_wrong_word_of_a_pricing_command_is_named_before_the_usage() {
    let shop = Shop::start().await;
    let subscribers = service_id(&shop, "1").await;
    let before = price(&shop, subscribers).await;
    let cases = [
        (
            "/markup -150",
            "above -100 and at most 10 000: got -150",
            "/markup 25",
        ),
        ("/markup 20000", "got 20000", "/markup 25"),
        ("/markup lots", "got lots", "/markup 25"),
        ("/markup 25 30", "more than the command takes: “30”", "/markup 25"),
        (
            "/markup category x 5",
            "“x” is not a number",
            "/markup category 3 40",
        ),
        (
            "/markup category 3",
            "The markup is missing: /markup category 3 40",
            "/markup 25",
        ),
        ("/fx USD", "The rate is missing: /fx USD 92.5", "/fx USD off"),
        ("/fx U5D 1", "“U5D” is not a currency code", "/fx USD 92.5"),
        (
            "/fx USD 0",
            "The rate must be a number above 0: got 0",
            "/fx USD 92.5",
        ),
        ("/service x", "“x” is not a number", "/service 12"),
        ("/service 1 colour red", "no setting “colour”", "/service 12"),
        ("/service 1 price -1", "above 0 in USD: got -1", "/service 12"),
        (
            "/service 1 price",
            "The amount is missing: /service 1 price 1.50",
            "/service 12",
        ),
        (
            "/credit 71",
            "The amount is missing: /credit 71 5",
            "Usage: /credit",
        ),
        ("/credit bob 5", "“bob” is not a number", "Usage: /credit"),
        ("/order", "The number is missing: /order 17", "Usage: /order"),
        (
            "/user",
            "Give a user id or @username: /user @username",
            "Usage: /user",
        ),
    ];
    for (command, problem, usage) in cases {
        let answer = admin_says(&shop, command, problem).await;
        let (said, shown) = (answer.text.find(problem), answer.text.find(usage));
        assert!(
            said < shown,
            "{command}: the problem, then the usage: {}",
            answer.text
        );
    }
    assert_eq!(price(&shop, subscribers).await, before, "nothing changed");
    shop.stop().await;
}

#[tokio::test]
async fn to_customers_the_pricing_commands_do_not_exist() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let id = service_id(&shop, "1").await;
    let before = stored(&shop, id).await;
    let user = shop.customer(52, "en").await;
    for command in [
        "/markup".to_string(),
        "/markup 500".into(),
        "/markup category 1 90".into(),
        "/fx".into(),
        "/fx EUR 100".into(),
        format!("/service {id}"),
        format!("/service {id} disable"),
        format!("/service {id} name Free money"),
        format!("/service {id} price 0.01"),
        format!("/service {id} markup -50"),
    ] {
        tg.send_text(&user, &command);
        tg.wait_bot_message_containing(user.id, "I do not know that command")
            .await;
    }
    // A forged "disable" button is a stale button to them.
    let menu = tg.last_bot_message(user.id);
    let tap = tg.tap(&user, menu.message_id, &format!("ze:{id}:0"));
    let (_, hint, _) = tg.wait_callback_answered(&tap).await;
    assert!(hint.unwrap_or_default().contains("no longer active"));

    assert_eq!(stored(&shop, id).await, before);
    for table in [
        "pricing_settings",
        "category_markups",
        "fx_rates",
        "service_overrides",
    ] {
        let rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(shop.db.pool())
            .await
            .unwrap();
        assert_eq!(rows, 0, "{table}");
    }
    shop.stop().await;
}

#[tokio::test]
async fn a_stale_quote_is_rechecked_with_the_provider_before_charging() {
    let mut shop = Shop::start().await;
    let user = shop.customer(53, "en").await;
    shop.credit(&user, "5").await;
    let confirmation = order_until_confirmation(&shop, &user, "Telegram subscribers").await;
    assert!(confirmation.text.contains("Total: $1.08"));

    // Ten minutes later the panel asks 1.00 per 1000: the total would be 1.20.
    age_quote(&mut shop, &user, 600).await;
    shop.panel.respond_next("services", subscribers_at("1.00"));
    let listed = shop.panel.requests_for("services").len();
    let answer = shop.tap(&user, "Confirm", "The price changed").await;
    assert!(answer.text.contains("the total is now $1.20"), "{}", answer.text);
    assert_eq!(shop.panel.requests_for("services").len(), listed + 1);
    assert!(shop.panel.requests_for("add").is_empty());
    assert_eq!(shop.balance(&user).await, 500);

    // A new confirmation shows the new price; re-checked when stale and unchanged, it is charged.
    let confirmation = order_until_confirmation(&shop, &user, "Telegram subscribers").await;
    assert!(
        confirmation.text.contains("Total: $1.20"),
        "{}",
        confirmation.text
    );
    age_quote(&mut shop, &user, 600).await;
    shop.panel.respond_next("services", subscribers_at("1.00"));
    let listed = shop.panel.requests_for("services").len();
    shop.tap(&user, "Confirm", "is placed").await;
    assert_eq!(shop.panel.requests_for("services").len(), listed + 1);
    assert_eq!(shop.balance(&user).await, 500 - 120);

    // A fresh quote is not re-checked.
    order_until_confirmation(&shop, &user, "Telegram subscribers").await;
    shop.tap(&user, "Confirm", "is placed").await;
    assert_eq!(shop.panel.requests_for("services").len(), listed + 1);
    assert_eq!(shop.balance(&user).await, 500 - 240);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}
