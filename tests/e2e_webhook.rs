//! Webhook mode end to end: the fake Telegram pushes updates to the bot's webhook with the
//! secret token, as Telegram does; requests without it (or with a wrong one) are refused and
//! change nothing.

mod common;

use std::net::SocketAddr;

use common::fake_telegram::TestUser;
use common::shop::{ADMIN_ID, Shop, free_local_address};
use serde_json::json;

const SECRET: &str = "hook_Secret-42";
const HOOK_PATH: &str = "/telegram/updates";

/// A shop whose updates come through a webhook on 127.0.0.1, with `secret` if given; returns
/// the webhook's URL and the metrics endpoint's address.
async fn webhook_shop(secret: Option<&str>) -> (Shop, String, SocketAddr) {
    let listen = free_local_address();
    let metrics = free_local_address();
    let url = format!("http://{listen}{HOOK_PATH}");
    let mut settings = vec![
        ("WEBHOOK_URL", url.clone()),
        ("WEBHOOK_LISTEN", listen.to_string()),
        ("METRICS_LISTEN", metrics.to_string()),
    ];
    settings.extend(secret.map(|s| ("WEBHOOK_SECRET", s.to_string())));
    (Shop::with_settings(&settings).await, url, metrics)
}

/// `smmbot_webhook_refused_total`: counted by our own check, so it proves that check runs.
async fn refused_count(metrics: SocketAddr) -> String {
    let text = reqwest::get(format!("http://{metrics}/metrics"))
        .await
        .expect("scrape")
        .text()
        .await
        .expect("metrics text");
    let line = text
        .lines()
        .find(|l| l.starts_with("smmbot_webhook_refused_total "))
        .expect("the refused counter");
    line.rsplit(' ').next().unwrap_or_default().to_string()
}

/// An update as an attacker who found the URL would send it: the admin's `/credit`.
fn forged_credit(update_id: i64, user: &TestUser) -> serde_json::Value {
    json!({
        "update_id": update_id,
        "message": {
            "message_id": 9000,
            "date": 1_700_000_000,
            "chat": {"id": ADMIN_ID, "type": "private", "first_name": "Admin"},
            "from": {"id": ADMIN_ID, "is_bot": false, "first_name": "Admin"},
            "text": format!("/credit {} 1000 forged", user.id),
            "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
        }
    })
}

#[tokio::test]
async fn orders_arrive_through_the_webhook_and_requests_without_the_secret_are_refused() {
    let (mut shop, url, metrics) = webhook_shop(Some(SECRET)).await;
    let tg = &shop.telegram;
    assert_eq!(tg.webhook(), Some((url.clone(), Some(SECRET.to_string()))));

    // A whole order, every update pushed to the webhook.
    let user = shop.customer(42, "en").await;
    shop.credit(&user, "5").await;
    shop.order_subscribers(&user, "@mychannel", "1000").await;
    assert_eq!(shop.panel.requests_for("add").len(), 1);
    assert_eq!(
        shop.orders(&user)
            .await
            .iter()
            .map(|o| o.0.as_str())
            .collect::<Vec<_>>(),
        ["placed"]
    );
    assert_eq!(shop.balance(&user).await, 500 - 108);
    // No long polling while the webhook is on.
    assert_eq!(tg.calls().iter().filter(|c| c.method == "getupdates").count(), 0);

    // Forged admin updates: no secret, a wrong one, the right one in the wrong header.
    let client = reqwest::Client::new();
    let attempts = [
        None,
        Some(("X-Telegram-Bot-Api-Secret-Token", "hook_Secret-43")),
        Some(("X-Secret-Token", SECRET)),
    ];
    for (n, header) in attempts.into_iter().enumerate() {
        let mut request = client.post(&url).json(&forged_credit(10_000 + n as i64, &user));
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        let response = request.send().await.expect("the webhook answers");
        assert_eq!(response.status(), reqwest::StatusCode::UNAUTHORIZED, "{header:?}");
    }
    assert_eq!(refused_count(metrics).await, "3");
    // Another path is simply not there, and not counted as a refusal.
    let elsewhere = client
        .post(url.replace(HOOK_PATH, "/other"))
        .json(&forged_credit(10_100, &user))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(elsewhere.status(), reqwest::StatusCode::NOT_FOUND);
    assert_eq!(refused_count(metrics).await, "3");
    // The bot did nothing with them: no credit, no answer to the "admin". Proven by a real
    // update sent after them being answered, while the forged ones left no trace.
    let before = tg.revision();
    tg.send_text(&user, "/start");
    tg.wait_bot_message_since(user.id, "", before).await;
    assert_eq!(shop.balance(&user).await, 500 - 108);
    assert_eq!(
        shop.ledger(&user).await,
        [
            ("admin_credit".to_string(), 500),
            ("order_charge".to_string(), -108)
        ]
    );
    assert!(!tg.dump().contains("forged"));
    shop.assert_ledger_consistent().await;

    // Stopping deletes the webhook, so a later start (either mode) finds Telegram clean.
    shop.stop_bot().await;
    assert_eq!(shop.telegram.webhook(), None);
    assert!(shop.telegram.calls().iter().any(|c| c.method == "deletewebhook"));
    shop.stop().await;
}

#[tokio::test]
async fn without_a_configured_secret_a_random_one_is_made_and_checked() {
    let (shop, url, metrics) = webhook_shop(None).await;
    let tg = &shop.telegram;
    let (set_url, secret) = tg.webhook().expect("webhook set");
    assert_eq!(set_url, url);
    let secret = secret.expect("a secret is always given to Telegram");
    assert!(secret.len() >= 32, "{secret}");

    let user = shop.customer(7, "en").await;
    assert!(tg.last_bot_message(user.id).button("New order").is_some());

    let refused = reqwest::Client::new()
        .post(&url)
        .json(&forged_credit(20_000, &user))
        .send()
        .await
        .expect("the webhook answers");
    assert_eq!(refused.status(), reqwest::StatusCode::UNAUTHORIZED);
    assert_eq!(refused_count(metrics).await, "1");
    assert_eq!(shop.balance(&user).await, 0);
    shop.stop().await;
}
