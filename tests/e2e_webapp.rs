//! The Mini App: the real bot serving its page and API (`WEBAPP_URL`) against the fake Bot API
//! and the fake panel, with `initData` signed by the test bot's token as Telegram would sign it.
//! First over HTTP, the way the page calls it; then the page itself in headless Chromium
//! (`e2e_webapp/browser.rs`), whose screenshots are kept in `target/webapp-screenshots/`.

#[path = "e2e_webapp/browser.rs"]
mod browser;
mod common;
#[path = "e2e_webapp/mini_app.rs"]
mod mini_app;

use common::fake_telegram::{TOKEN, TestUser};
use common::shop::ADMIN_ID;
use mini_app::{MiniApp, sign_init_data, signed, user_json};
use serde_json::{Value, json};

#[tokio::test]
async fn forged_stale_and_missing_init_data_are_refused_and_say_nothing_more() {
    let app = MiniApp::with(&[("WEBAPP_MAX_AGE_SECS", "600".to_string())]).await;
    let user = TestUser::new(51, "en");
    let now = chrono::Utc::now().timestamp();
    let forged = sign_init_data("123456:ANOTHER-BOTS-TOKEN", &user, now);
    let stale = sign_init_data(TOKEN, &user, now - 3600);
    let tampered = signed(&user).replace("51", "52");
    for (what, init_data) in [
        ("missing", None),
        ("forged", Some(forged.as_str())),
        ("stale", Some(stale.as_str())),
        ("tampered", Some(tampered.as_str())),
        ("junk", Some("hash=zz")),
    ] {
        let (status, body) = app.call(reqwest::Method::GET, "session", init_data, None).await;
        assert_eq!(status, 401, "{what}: {body}");
        assert_eq!(body, json!({ "error": "not_signed" }), "{what}");
    }
    // Nothing was ordered or registered on the strength of a refused initData.
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE id IN (51, 52)")
        .fetch_one(app.shop.db.pool())
        .await
        .unwrap();
    assert_eq!(users, 0);
    let (status, body) = app
        .call(
            reqwest::Method::POST,
            "orders",
            Some(&forged),
            Some(json!({ "token": "x" })),
        )
        .await;
    assert_eq!((status, body), (401, json!({ "error": "not_signed" })));

    // The page itself is public, with its security policy; a body that is not the API's JSON
    // is refused without axum's own words.
    let page = app.http.get(&app.base).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        policy.contains("default-src 'none'") && policy.contains("script-src 'self' https://telegram.org"),
        "{policy}"
    );
    assert!(page.text().await.unwrap().contains("app.js"));
    let no_slash = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.base.trim_end_matches('/'))
        .send()
        .await
        .unwrap();
    assert_eq!(no_slash.status(), 308);
    assert_eq!(no_slash.headers()["location"], "/shop/");
    let bad = app
        .http
        .post(format!("{}api/quote", app.base))
        .header("Authorization", format!("tma {}", signed(&user)))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(
        bad.json::<Value>().await.unwrap(),
        json!({ "error": "bad_request" })
    );
    app.shop.stop().await;
}

#[tokio::test]
async fn an_order_from_the_page_is_priced_by_the_bot_placed_once_and_in_my_orders() {
    let app = MiniApp::start().await;
    let shop = &app.shop;
    let user = shop.customer(52, "en").await;
    // The chat's menu opens the Mini App too, and so does the menu button.
    let menu = shop.telegram.last_bot_message(user.id);
    assert!(menu.button("Open the shop").is_some(), "{}", shop.telegram.dump());
    let menu_button = shop
        .telegram
        .calls()
        .into_iter()
        .find(|c| c.method == "setchatmenubutton");
    let menu_button = menu_button.expect("the menu button is set").params;
    assert_eq!(
        menu_button["menu_button"]["web_app"]["url"],
        app.base.as_str(),
        "{menu_button}"
    );
    shop.credit(&user, "5").await;

    let (status, session) = app.get("session", &user).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["balance"], "$5.00");
    assert_eq!(session["dir"], "ltr");
    let service = app.service_id(&user, "Telegram subscribers").await;

    // Search as in the chat, typos and other languages included.
    let (_, found) = app.post("search", &user, json!({ "query": "подписчики" })).await;
    let subscribers = found["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == service);
    assert_eq!(subscribers.expect("found")["price"], "$1.08 / 1000", "{found}");

    // The total as it is typed, and the chat's words for what does not fit.
    let (status, price) = app
        .post(
            "price",
            &user,
            json!({ "service_id": service, "quantity": "2000" }),
        )
        .await;
    assert_eq!((status, &price["total"]), (200, &json!("$2.16")), "{price}");
    let (status, wrong) = app
        .post(
            "quote",
            &user,
            json!({ "service_id": service, "link": "https://example.com/x", "quantity": "1000" }),
        )
        .await;
    assert_eq!(status, 422, "{wrong}");
    assert_eq!(wrong["field"], "link");
    assert!(wrong["message"].as_str().unwrap().contains("t.me"), "{wrong}");
    let (status, few) = app
        .post(
            "quote",
            &user,
            json!({ "service_id": service, "link": "@mychannel", "quantity": "5" }),
        )
        .await;
    assert_eq!((status, &few["field"]), (422, &json!("quantity")), "{few}");
    assert!(few["message"].as_str().unwrap().contains("10"), "{few}");

    // The confirmation, priced here; a price sent by the page would be ignored: there is no
    // field for it, only the token.
    let (status, quote) = app
        .post(
            "quote",
            &user,
            json!({ "service_id": service, "link": "@mychannel", "quantity": "1000", "charge_minor": 1 }),
        )
        .await;
    assert_eq!(status, 200, "{quote}");
    let text = quote["text"].as_str().unwrap();
    for expected in [
        "Telegram subscribers",
        "https://t.me/mychannel",
        "Total: $1.08",
        "Balance after the order: $3.92",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    assert!(!text.contains('<'), "plain text: {text}");
    assert_eq!(quote["short"], false);
    let token = quote["token"].as_str().unwrap();

    // A made-up token orders nothing, and neither does someone else's.
    let other = shop.customer(53, "en").await;
    for (who, token) in [(&user, "0123456789abcdef"), (&other, token)] {
        let (status, body) = app.post("orders", who, json!({ "token": token })).await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error"], "expired");
    }

    // A double click: two submissions at once, one order.
    let submit = || app.post("orders", &user, json!({ "token": token }));
    let ((first_status, first), (second_status, second)) = tokio::join!(submit(), submit());
    assert_eq!((first_status, second_status), (200, 200), "{first} {second}");
    let mut statuses = [
        first["status"].as_str().unwrap(),
        second["status"].as_str().unwrap(),
    ];
    statuses.sort_unstable();
    assert_eq!(statuses, ["already_placed", "placed"], "{first} {second}");
    assert_eq!(first["order_id"], second["order_id"]);
    let (_, again) = app.post("orders", &user, json!({ "token": token })).await;
    assert_eq!(again["status"], "already_placed", "{again}");
    assert_eq!(again["order_id"], first["order_id"], "{again}");
    let adds = shop.panel.requests_for("add");
    assert_eq!(adds.len(), 1, "one order at the panel");
    assert_eq!(adds[0]["link"], "https://t.me/mychannel");
    assert_eq!(adds[0]["quantity"], "1000");
    assert_eq!(shop.balance(&user).await, 392);
    assert_eq!(
        shop.ledger(&user).await,
        vec![("admin_credit".into(), 500), ("order_charge".into(), -108)]
    );
    shop.assert_ledger_consistent().await;
    let origin: String = sqlx::query_scalar("SELECT origin FROM orders")
        .fetch_one(shop.db.pool())
        .await
        .unwrap();
    assert_eq!(origin, "webapp", "the order says where it came from");

    // The page's lists, and the chat's "My orders".
    let (_, orders) = app.get("orders", &user).await;
    assert_eq!(orders["orders"][0]["service"], "Telegram subscribers", "{orders}");
    assert_eq!(orders["orders"][0]["id"], first["order_id"]);
    let id = first["order_id"].as_i64().unwrap();
    let (status, order) = app.get(&format!("orders/{id}"), &user).await;
    assert_eq!(status, 200, "{order}");
    assert!(
        order["text"].as_str().unwrap().contains(&format!("Order #{id}")),
        "{order}"
    );
    let (status, _) = app.get(&format!("orders/{id}"), &other).await;
    assert_eq!(status, 404, "someone else's order");
    let (_, account) = app.get("account", &user).await;
    assert_eq!(account["balance"], "$3.92", "{account}");
    assert_eq!(account["ledger"].as_array().unwrap().len(), 2, "{account}");
    let list = shop.tap(&user, "My orders", "My orders").await;
    assert!(
        list.button(&format!("#{id} · Telegram subscribers")).is_some(),
        "{}",
        shop.telegram.dump()
    );
    app.shop.stop().await;
}

#[tokio::test]
async fn a_short_balance_gets_the_chats_top_up_and_nothing_is_charged() {
    let app = MiniApp::start().await;
    let shop = &app.shop;
    let user = shop.customer(54, "en").await;
    let service = app.service_id(&user, "Telegram subscribers").await;
    let (status, quote) = app
        .post(
            "quote",
            &user,
            json!({ "service_id": service, "link": "@mychannel", "quantity": "1000" }),
        )
        .await;
    assert_eq!(status, 200, "{quote}");
    assert_eq!(quote["short"], true);
    assert!(
        quote["text"].as_str().unwrap().contains("Top up in the chat"),
        "{quote}"
    );
    // A double tap: the chat gets one shortfall screen and one invoice.
    let submit = || app.post("orders", &user, json!({ "token": quote["token"] }));
    let ((status, outcome), (_, again)) = tokio::join!(submit(), submit());
    assert_eq!((status, &outcome["status"]), (200, &json!("top_up")), "{outcome}");
    assert_eq!(again["status"], "top_up", "{again}");
    // The chat has what its own confirmation would have sent: the shortfall and the invoice.
    shop.telegram
        .wait_bot_message_containing(user.id, "is missing")
        .await;
    shop.telegram
        .wait_for("the invoice", |seen| {
            seen.calls_to("sendinvoice").next().map(|_| ())
        })
        .await;
    let shortfalls = || {
        shop.telegram
            .bot_messages(user.id)
            .iter()
            .filter(|m| m.text.contains("is missing"))
            .count()
    };
    assert_eq!(shortfalls(), 1, "{}", shop.telegram.dump());
    assert_eq!(
        shop.telegram
            .calls()
            .iter()
            .filter(|c| c.method == "sendinvoice")
            .count(),
        1
    );
    let waiting: Vec<_> = shop
        .purchases(&user)
        .await
        .into_iter()
        .filter(|p| p.0 == "waiting")
        .collect();
    assert_eq!(waiting, vec![("waiting".into(), None, 108)]);
    assert!(shop.panel.requests_for("add").is_empty());
    assert_eq!(shop.balance(&user).await, 0);
    app.shop.stop().await;
}

#[tokio::test]
async fn banned_customers_and_a_closed_shop_are_turned_away_as_in_the_chat() {
    let app = MiniApp::start().await;
    let shop = &app.shop;
    let user = shop.customer(55, "ru").await;
    let admin = TestUser::new(ADMIN_ID, "en");
    shop.telegram.send_text(&admin, "/maintenance on");
    shop.telegram
        .wait_bot_message_containing(ADMIN_ID, "Maintenance is on")
        .await;
    let (status, body) = app.get("catalogue", &user).await;
    assert_eq!((status, &body["error"]), (503, &json!("closed")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("техническ"), "{body}");
    let (status, _) = app.get("catalogue", &admin).await;
    assert_eq!(status, 200, "admins pass");
    shop.telegram.send_text(&admin, "/maintenance off");
    shop.telegram
        .wait_bot_message_containing(ADMIN_ID, "Maintenance is off")
        .await;

    shop.telegram.send_text(&admin, "/user 55");
    shop.telegram.wait_bot_message_containing(ADMIN_ID, "id 55").await;
    shop.tap(&admin, "Ban", "is banned").await;
    let (status, body) = app.get("session", &user).await;
    assert_eq!((status, &body["error"]), (403, &json!("banned")), "{body}");
    app.shop.stop().await;
}

/// In a browser: browse, search, order with a double tap on the main button; the order is at
/// the panel once and in the chat's "My orders". A forged `initData` gets the page's refusal,
/// and the Persian page runs right to left.
#[tokio::test]
async fn the_page_in_a_browser_orders_once_refuses_forgeries_and_speaks_persian_right_to_left() {
    if !browser::available() {
        return;
    }
    let app = MiniApp::start().await;
    let shop = &app.shop;
    let user = shop.customer(61, "en").await;
    shop.credit(&user, "5").await;
    let browser = browser::Browser::start().await;
    browser
        .open(
            &app.base,
            &browser::telegram_stub(&signed(&user), &user_json(&user)),
        )
        .await;

    // Browse: categories, then a category's services with their prices.
    browser.click("button.category", "Telegram").await;
    browser
        .wait(
            "the services",
            "return document.querySelector('button.service')?.innerText",
            json!([]),
        )
        .await;
    let listed = browser.run("return document.body.innerText", json!([])).await;
    assert!(listed.as_str().unwrap().contains("$1.08 / 1000"), "{listed}");
    browser.screenshot("en-1-services").await;
    browser.run("tapBack()", json!([])).await;

    // Search, then the service's form: the total as the quantity is typed.
    browser.type_into("#search", "subscribers").await;
    browser
        .click("#results button.service", "Telegram subscribers")
        .await;
    browser.type_into("#link", "@mychannel").await;
    browser.type_into("#quantity", "1000").await;
    browser
        .wait(
            "the total",
            "return document.getElementById('total').textContent.includes('$1.08')",
            json!([]),
        )
        .await;
    let theme = browser
        .run(
            "return getComputedStyle(document.body).backgroundColor",
            json!([]),
        )
        .await;
    assert_eq!(theme, "rgb(23, 33, 43)", "the theme's background");
    browser.screenshot("en-2-form").await;
    browser.run("tapMain(1)", json!([])).await;
    let confirmation = browser
        .wait(
            "the confirmation",
            "return document.getElementById('confirmation')?.textContent",
            json!([]),
        )
        .await;
    let confirmation = confirmation.as_str().unwrap();
    assert!(
        confirmation.contains("Total: $1.08") && confirmation.contains("Balance after the order: $3.92"),
        "{confirmation}"
    );
    browser.screenshot("en-3-confirmation").await;

    // Back to the form: what was typed is still there; Continue again gives a new confirmation.
    browser.run("tapBack()", json!([])).await;
    let form = browser
        .run(
            "return [document.getElementById('link').value, Telegram.WebApp.MainButton.text]",
            json!([]),
        )
        .await;
    assert_eq!(form, json!(["@mychannel", "Continue"]));
    browser.run("tapMain(1)", json!([])).await;
    browser
        .wait(
            "the confirmation again",
            "return document.getElementById('confirmation')?.textContent",
            json!([]),
        )
        .await;

    // A double tap on "Confirm and pay": one order.
    browser.run("tapMain(2)", json!([])).await;
    browser
        .wait(
            "the outcome",
            "return document.getElementById('result').dataset.status === 'placed'",
            json!([]),
        )
        .await;
    let said = browser
        .run("return document.getElementById('result').textContent", json!([]))
        .await;
    assert!(said.as_str().unwrap().contains("is placed"), "{said}");
    browser.screenshot("en-4-placed").await;
    assert_eq!(shop.panel.requests_for("add").len(), 1, "one order at the panel");
    assert_eq!(shop.balance(&user).await, 392);
    let list = shop.tap(&user, "My orders", "My orders").await;
    assert!(
        list.button("#1 · Telegram subscribers").is_some(),
        "{}",
        shop.telegram.dump()
    );
    browser.run("tapMain(1)", json!([])).await;
    browser
        .click("#orders button.order", "Telegram subscribers")
        .await;
    browser
        .wait(
            "the order",
            "return document.getElementById('order')?.textContent.includes('Order #1')",
            json!([]),
        )
        .await;
    browser.screenshot("en-5-order").await;

    // A forged initData: the page says to open the shop from the bot, and nothing else.
    let forged = sign_init_data("123456:ANOTHER-BOTS-TOKEN", &user, chrono::Utc::now().timestamp());
    browser
        .open(&app.base, &browser::telegram_stub(&forged, &user_json(&user)))
        .await;
    let refused = browser
        .wait(
            "the refusal",
            "return document.getElementById('refused')?.textContent",
            json!([]),
        )
        .await;
    assert!(
        refused
            .as_str()
            .unwrap()
            .contains("open the shop with the button"),
        "{refused}"
    );
    browser.screenshot("forged").await;

    // Persian, right to left.
    let persian = shop.customer(62, "fa").await;
    browser
        .open(
            &app.base,
            &browser::telegram_stub(&signed(&persian), &user_json(&persian)),
        )
        .await;
    browser
        .wait(
            "the catalogue",
            "return document.querySelector('button.category')",
            json!([]),
        )
        .await;
    let direction = browser
        .run("return [document.documentElement.dir, getComputedStyle(document.body).direction, document.documentElement.lang]", json!([]))
        .await;
    assert_eq!(direction, json!(["rtl", "rtl", "fa"]));
    let tabs = browser
        .run("return document.getElementById('tabs').innerText", json!([]))
        .await;
    assert!(tabs.as_str().unwrap().contains("فروشگاه"), "{tabs}");
    browser.screenshot("fa-1-catalogue").await;

    drop(browser);
    app.shop.stop().await;
}

#[tokio::test]
async fn a_customer_outside_the_required_channel_is_asked_to_join_it_first() {
    let app = MiniApp::with(&[("REQUIRED_CHANNEL", "@shop_news".to_string())]).await;
    let user = TestUser::new(56, "en");
    let (status, body) = app.get("catalogue", &user).await;
    assert_eq!((status, &body["error"]), (403, &json!("join_channel")), "{body}");
    assert_eq!(body["link"], "https://t.me/shop_news");
    assert!(
        body["message"].as_str().unwrap().contains("join our channel"),
        "{body}"
    );

    app.shop.telegram.set_chat_member("@shop_news", user.id, "member");
    let (status, body) = app.get("catalogue", &user).await;
    assert_eq!(status, 200, "{body}");
    app.shop.stop().await;
}
