//! Top-ups with Crypto Pay end to end: the customer taps through the real dispatcher, the shop
//! talks to a fake Crypto Pay on 127.0.0.1, and every credit is checked in the database and the
//! ledger — once per invoice, the amount we asked for, whichever way the payment is learnt of
//! (the poller, the webhook, "Check payment"), and never for a forged, replayed, foreign or
//! mismatching report, or a broken answer.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::fake_cryptopay::{CRYPTOPAY_TOKEN, FIRST_INVOICE_ID, FakeCryptoPay, Scripted};
use common::fake_telegram::{ChatMessage, TestUser};
use common::shop::{ADMIN_ID, Shop, free_local_address};
use serde_json::json;
use smmbot::config::CryptoPayConfig;
use smmbot::payments::cryptopay::client::{CryptoPayClient, CryptoPayError, InvoiceRequest};

/// A shop selling in USD with crypto top-ups through `fake`, plus `more` settings.
async fn crypto_shop(fake: &FakeCryptoPay, more: &[(&'static str, String)]) -> Shop {
    let mut settings = fake.settings();
    settings.extend(more.iter().cloned());
    Shop::with_settings(&settings).await
}

/// The menu → Balance → Top up → Pay with crypto: the crypto amounts.
async fn open_crypto_amounts(shop: &Shop, user: &TestUser) {
    settle(shop, user).await;
    shop.tap(user, "Balance", "Latest movements").await;
    shop.tap(user, "Top up", "Top up with Telegram Stars").await;
    shop.tap(user, "Pay with crypto", "Top up with crypto").await;
}

/// Balance → Top up → Pay with crypto → `amount`; returns the invoice message.
async fn crypto_invoice(shop: &Shop, user: &TestUser, amount: &str) -> ChatMessage {
    open_crypto_amounts(shop, user).await;
    shop.tap(user, amount, "Invoice #").await
}

/// `(status, amount_minor, invoice_id)` of the customer's crypto invoices, oldest first.
async fn invoices(shop: &Shop, user: &TestUser) -> Vec<(String, i64, Option<i64>)> {
    sqlx::query_as(
        "SELECT status, amount_minor, invoice_id FROM crypto_invoices WHERE user_id = ? ORDER BY id",
    )
    .bind(user.id)
    .fetch_all(shop.db.pool())
    .await
    .expect("invoice rows")
}

/// Waits until the bot has handled everything the customer sent so far: updates from one chat
/// are handled in order, so the answer to a /start comes after them.
async fn settle(shop: &Shop, user: &TestUser) {
    shop.telegram.send_text(user, "/start");
    shop.telegram
        .wait_bot_message_containing(user.id, "Choose what you would like to do")
        .await;
}

fn crypto_ledger(amount: i64) -> Vec<(String, i64)> {
    vec![("crypto_topup".to_string(), amount)]
}

#[tokio::test]
async fn a_crypto_top_up_from_the_balance_screen_is_credited_once_by_the_poller() {
    let fake = FakeCryptoPay::start().await;
    let shop = crypto_shop(&fake, &[]).await;
    let tg = &shop.telegram;
    let user = shop.customer(80, "en").await;

    let invoice = crypto_invoice(&shop, &user, "💎 $10.00").await;
    assert!(
        invoice.text.contains("$10.00") && invoice.text.contains("USDT, TON"),
        "{}",
        invoice.text
    );
    assert!(
        invoice.text.contains("UTC"),
        "the expiry is shown: {}",
        invoice.text
    );
    let pay = invoice.button("Pay in @CryptoBot").expect("the invoice link");
    assert_eq!(
        pay.url.as_deref(),
        Some(format!("https://t.me/CryptoBot?start=IV{FIRST_INVOICE_ID}").as_str())
    );
    assert!(invoice.button("Check payment").is_some());
    let asked = fake.invoice(FIRST_INVOICE_ID);
    assert_eq!(
        (
            asked["currency_type"].as_str(),
            asked["fiat"].as_str(),
            asked["amount"].as_str()
        ),
        (Some("fiat"), Some("USD"), Some("10"))
    );
    assert_eq!(asked["accepted_assets"], json!(["USDT", "TON"]));
    assert_eq!(asked["payload"], json!("cp1:1"));
    assert_eq!(
        invoices(&shop, &user).await,
        [("active".into(), 1000, Some(FIRST_INVOICE_ID))]
    );

    // A double tap on the amount (the old button, delivered again): the same invoice, no second.
    let again = tg.tap(&user, invoice.message_id, "tc:1000");
    tg.wait_callback_answered(&again).await;
    settle(&shop, &user).await;
    assert_eq!(fake.calls("createInvoice"), 1);
    assert!(
        tg.last_bot_message(user.id)
            .text
            .contains("Choose what you would like to do")
    );
    assert_eq!(invoices(&shop, &user).await.len(), 1);
    assert_eq!(shop.balance(&user).await, 0, "an invoice is not money");

    let before = tg.revision();
    fake.pay(FIRST_INVOICE_ID);
    let notice = tg
        .wait_bot_message_since(user.id, "Crypto payment received", before)
        .await;
    assert!(
        notice.text.contains("$10.00 was added") && notice.text.contains("Balance: $10.00"),
        "{}",
        notice.text
    );
    assert_eq!(shop.balance(&user).await, 1000);
    assert_eq!(shop.ledger(&user).await, crypto_ledger(1000));
    assert_eq!(invoices(&shop, &user).await[0].0, "paid");
    let statement = shop.tap(&user, "Balance", "Latest movements").await;
    assert!(
        statement.text.contains("top-up with crypto"),
        "{}",
        statement.text
    );
    shop.assert_ledger_consistent().await;
    assert!(smmbot::audit::run(&shop.db).await.unwrap().is_empty());
    shop.stop().await;
    fake.shutdown().await;
}

/// A shop whose updates come by webhook, so Crypto Pay's webhook is served too; the poller
/// waits an hour between rounds, so that only the webhook can credit. Returns the webhook's
/// URL and the metrics address.
async fn webhook_shop(fake: &FakeCryptoPay) -> (Shop, String, SocketAddr) {
    let listen = free_local_address();
    let metrics = free_local_address();
    let shop = crypto_shop(
        fake,
        &[
            ("WEBHOOK_URL", format!("http://{listen}/telegram/updates")),
            ("WEBHOOK_LISTEN", listen.to_string()),
            ("METRICS_LISTEN", metrics.to_string()),
            ("POLL_INTERVAL_SECS", "3600".to_string()),
        ],
    )
    .await;
    (shop, format!("http://{listen}/cryptopay/webhook"), metrics)
}

async fn post(url: &str, body: &[u8], signature: Option<&str>) -> reqwest::StatusCode {
    let mut request = reqwest::Client::new().post(url).body(body.to_vec());
    if let Some(signature) = signature {
        request = request.header("crypto-pay-api-signature", signature);
    }
    request.send().await.expect("the webhook answers").status()
}

async fn refused_count(metrics: SocketAddr) -> String {
    let text = reqwest::get(format!("http://{metrics}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("smmbot_cryptopay_webhook_refused_total "))
        .expect("the counter");
    line.rsplit(' ').next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn the_webhook_credits_once_and_forged_or_foreign_ones_credit_nothing() {
    let fake = FakeCryptoPay::start().await;
    let (shop, url, metrics) = webhook_shop(&fake).await;
    let tg = &shop.telegram;
    let user = shop.customer(81, "en").await;
    // A typed amount this time.
    open_crypto_amounts(&shop, &user).await;
    tg.send_text(&user, "abc");
    tg.wait_bot_message_containing(user.id, "as a number").await;
    tg.send_text(&user, "0.5");
    tg.wait_bot_message_containing(user.id, "below the minimum").await;
    tg.send_text(&user, "12,50");
    tg.wait_bot_message_containing(user.id, "Invoice #1: $12.50")
        .await;

    fake.pay(FIRST_INVOICE_ID);
    let body = fake.paid_update(FIRST_INVOICE_ID, 1);
    // Forged: no signature, a wrong one, one made with the token itself as the key.
    let plain_key = {
        use ring::hmac;
        let key = hmac::Key::new(hmac::HMAC_SHA256, CRYPTOPAY_TOKEN.as_bytes());
        hmac::sign(&key, &body)
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    for signature in [None, Some("00".repeat(32)), Some(plain_key)] {
        assert_eq!(
            post(&url, &body, signature.as_deref()).await,
            reqwest::StatusCode::UNAUTHORIZED
        );
    }
    // Signed, but tampered with after signing.
    let tampered = String::from_utf8(body.clone()).unwrap().replace("12.5", "99.5");
    assert_eq!(
        post(&url, tampered.as_bytes(), Some(&FakeCryptoPay::sign(&body))).await,
        reqwest::StatusCode::UNAUTHORIZED
    );
    assert_eq!(refused_count(metrics).await, "4");
    assert_eq!(shop.balance(&user).await, 0);

    // Crypto Pay's own, signed: credited; delivered again: nothing more.
    let before = tg.revision();
    let signature = FakeCryptoPay::sign(&body);
    assert_eq!(post(&url, &body, Some(&signature)).await, reqwest::StatusCode::OK);
    tg.wait_bot_message_since(user.id, "$12.50 was added", before)
        .await;
    assert_eq!(post(&url, &body, Some(&signature)).await, reqwest::StatusCode::OK);
    // A signed update about an invoice that is not ours, and one that is not an invoice_paid.
    let mut foreign: serde_json::Value = serde_json::from_slice(&body).unwrap();
    foreign["payload"]["payload"] = json!("order-77 of another bot");
    foreign["payload"]["invoice_id"] = json!(4242);
    let foreign = serde_json::to_vec(&foreign).unwrap();
    assert_eq!(
        post(&url, &foreign, Some(&FakeCryptoPay::sign(&foreign))).await,
        reqwest::StatusCode::OK
    );
    let junk = br#"{"update_type":"something"}"#;
    assert_eq!(
        post(&url, junk, Some(&FakeCryptoPay::sign(junk))).await,
        reqwest::StatusCode::BAD_REQUEST
    );
    assert_eq!(refused_count(metrics).await, "4");
    // Paid is final: Crypto Pay later reporting it otherwise changes nothing.
    fake.set(FIRST_INVOICE_ID, &[("status", json!("active"))]);
    let unpaid = fake.paid_update(FIRST_INVOICE_ID, 2);
    assert_eq!(
        post(&url, &unpaid, Some(&FakeCryptoPay::sign(&unpaid))).await,
        reqwest::StatusCode::OK
    );
    assert_eq!(invoices(&shop, &user).await[0].0, "paid");

    // The same payment as the customer checks it: paid already, nothing more.
    shop.tap(&user, "Check payment", "is paid").await;
    assert_eq!(shop.balance(&user).await, 1250);
    assert_eq!(shop.ledger(&user).await, crypto_ledger(1250));
    let received = tg
        .bot_messages(user.id)
        .iter()
        .filter(|m| m.text.contains("Crypto payment received"))
        .count();
    assert_eq!(received, 1, "{}", tg.dump());
    shop.assert_ledger_consistent().await;
    shop.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn check_payment_asks_now_and_credits_once() {
    let fake = FakeCryptoPay::start().await;
    let shop = crypto_shop(&fake, &[("POLL_INTERVAL_SECS", "3600".to_string())]).await;
    let user = shop.customer(82, "en").await;
    crypto_invoice(&shop, &user, "💎 $5.00").await;

    let waiting = shop.tap(&user, "Check payment", "Not paid yet").await;
    assert!(waiting.button("Pay in @CryptoBot").is_some());
    assert_eq!(shop.balance(&user).await, 0);

    // Crypto Pay fails to answer: the customer is told to try again, nothing moves.
    fake.script(
        "getInvoices",
        Scripted::Raw(502, "<html>Bad Gateway</html>".into()),
    );
    shop.tap(&user, "Check payment", "could not be checked").await;

    fake.pay(FIRST_INVOICE_ID);
    let credited = shop.tap(&user, "Check payment", "Crypto payment received").await;
    assert!(credited.text.contains("Balance: $5.00"), "{}", credited.text);
    // The old button again: paid already.
    let again = shop
        .telegram
        .tap(&user, credited.message_id, &format!("tk:{}", 1));
    shop.telegram.wait_callback_answered(&again).await;
    shop.telegram
        .wait_bot_message_containing(user.id, "is paid")
        .await;
    assert_eq!(shop.ledger(&user).await, crypto_ledger(500));
    // Someone else's invoice cannot be checked (let alone credited) by this customer.
    let other = shop.customer(83, "en").await;
    shop.telegram.send_text(&other, "/start");
    shop.telegram.wait_bot_message_containing(other.id, "").await;
    let last = shop.telegram.last_bot_message(other.id);
    let tap = shop.telegram.tap(&other, last.message_id, "tk:1");
    shop.telegram.wait_callback_answered(&tap).await;
    shop.telegram
        .wait_bot_message_containing(other.id, "cannot be paid")
        .await;
    assert_eq!(shop.balance(&other).await, 0);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn a_payment_that_does_not_match_the_invoice_is_not_credited_and_admins_are_told() {
    let fake = FakeCryptoPay::start().await;
    let shop = crypto_shop(&fake, &[]).await;
    let tg = &shop.telegram;
    let user = shop.customer(84, "en").await;
    crypto_invoice(&shop, &user, "💎 $25.00").await;
    let admin = TestUser::new(ADMIN_ID, "en");
    let before = tg.revision();
    fake.set(FIRST_INVOICE_ID, &[("amount", json!("2.5"))]);
    fake.pay(FIRST_INVOICE_ID);
    let alert = tg
        .wait_bot_message_since(admin.id, "does not match", before)
        .await;
    assert!(
        alert.text.contains("#1") && alert.text.contains("84"),
        "{}",
        alert.text
    );
    assert_eq!(invoices(&shop, &user).await[0].0, "attention");
    // The right figures later: still nothing, it is in front of an admin.
    fake.set(FIRST_INVOICE_ID, &[("amount", json!("25"))]);
    shop.tap(&user, "Check payment", "cannot be paid").await;
    // The right amount in another currency: the same.
    crypto_invoice(&shop, &user, "💎 $50.00").await;
    let before = tg.revision();
    fake.set(FIRST_INVOICE_ID + 1, &[("fiat", json!("EUR"))]);
    fake.pay(FIRST_INVOICE_ID + 1);
    tg.wait_bot_message_since(admin.id, "#2", before).await;
    assert_eq!(invoices(&shop, &user).await[1].0, "attention");
    assert_eq!(shop.balance(&user).await, 0);
    assert!(shop.ledger(&user).await.is_empty());
    shop.assert_ledger_consistent().await;
    shop.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn broken_answers_credit_nothing_and_the_next_good_one_credits_once() {
    let fake = FakeCryptoPay::start().await;
    let shop = crypto_shop(&fake, &[]).await;
    let tg = &shop.telegram;
    let user = shop.customer(85, "en").await;

    // The creation's answer is broken: recorded as unknown, nothing to pay; a new tap makes one.
    fake.script(
        "createInvoice",
        Scripted::Raw(500, "Internal Server Error".into()),
    );
    open_crypto_amounts(&shop, &user).await;
    shop.tap(&user, "💎 $10.00", "could not be created").await;
    assert_eq!(invoices(&shop, &user).await, [("unknown".into(), 1000, None)]);
    fake.script(
        "createInvoice",
        Scripted::Raw(
            400,
            r#"{"ok":false,"error":{"code":400,"name":"AMOUNT_TOO_SMALL"}}"#.into(),
        ),
    );
    open_crypto_amounts(&shop, &user).await;
    shop.tap(&user, "💎 $10.00", "could not be created").await;
    assert_eq!(invoices(&shop, &user).await[1], ("failed".into(), 1000, None));
    crypto_invoice(&shop, &user, "💎 $10.00").await;

    // The polls get a 5xx, malformed JSON, an ok:false envelope and an answer without items.
    for broken in [
        Scripted::Raw(503, "Service Unavailable".into()),
        Scripted::Raw(200, "{\"ok\":true,\"result\":".into()),
        Scripted::Raw(
            200,
            r#"{"ok":false,"error":{"code":500,"name":"INTERNAL"}}"#.into(),
        ),
        Scripted::Raw(200, r#"{"ok":true,"result":{"count":1}}"#.into()),
    ] {
        fake.script("getInvoices", broken);
    }
    let before = tg.revision();
    fake.pay(FIRST_INVOICE_ID);
    tg.wait_bot_message_since(user.id, "Crypto payment received", before)
        .await;
    assert_eq!(shop.balance(&user).await, 1000);
    assert_eq!(shop.ledger(&user).await, crypto_ledger(1000));
    assert_eq!(
        fake.calls("createInvoice"),
        1,
        "broken answers are never retried blindly"
    );
    shop.assert_ledger_consistent().await;
    shop.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn an_expired_invoice_is_closed_and_the_customer_told_in_their_language() {
    let fake = FakeCryptoPay::start().await;
    let shop = crypto_shop(&fake, &[]).await;
    let tg = &shop.telegram;
    let user = shop.customer(86, "ru").await;
    shop.tap(&user, "Баланс", "Последние операции").await;
    shop.tap(&user, "Пополнить", "от 10 до 2500").await;
    shop.tap(&user, "Оплатить криптовалютой", "Пополнение криптовалютой")
        .await;
    shop.tap(&user, "💎 50,00\u{a0}$", "Счёт №1").await;
    let before = tg.revision();
    fake.set(FIRST_INVOICE_ID, &[("status", json!("expired"))]);
    tg.wait_bot_message_since(user.id, "истёк", before).await;
    assert_eq!(invoices(&shop, &user).await[0].0, "expired");
    assert_eq!(shop.balance(&user).await, 0);
    shop.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn a_call_that_outlasts_its_timeout_is_unclear() {
    let fake = FakeCryptoPay::start().await;
    let config = CryptoPayConfig {
        token: smmbot::config::Secret::new(CRYPTOPAY_TOKEN),
        api_url: fake.url().parse().unwrap(),
        assets: vec!["USDT".into()],
        invoice_lifetime: Duration::from_secs(600),
    };
    let client = CryptoPayClient::new(&config, Duration::from_millis(300)).unwrap();
    fake.script("getInvoices", Scripted::Stall(Duration::from_secs(2)));
    assert!(matches!(
        client.get_invoices(&[1]).await,
        Err(CryptoPayError::Unclear(_))
    ));
    let request = InvoiceRequest {
        fiat: "USD",
        amount: rust_decimal::Decimal::new(150, 2),
        assets: &config.assets,
        description: "test",
        payload: "cp1:1",
        expires_in: Duration::from_secs(600),
    };
    let made = client.create_invoice(&request).await.unwrap();
    assert_eq!(
        (made.invoice_id, made.payload.as_deref()),
        (FIRST_INVOICE_ID, Some("cp1:1"))
    );
    assert_eq!(fake.invoice(FIRST_INVOICE_ID)["amount"], json!("1.5"));
    // A wrong token is Crypto Pay's refusal, not a success.
    let wrong = CryptoPayConfig {
        token: smmbot::config::Secret::new("1:wrong"),
        ..config
    };
    let refused = CryptoPayClient::new(&wrong, Duration::from_secs(2))
        .unwrap()
        .get_invoices(&[1])
        .await;
    assert!(
        matches!(refused, Err(CryptoPayError::Refused { code: 401, .. })),
        "{refused:?}"
    );
    fake.shutdown().await;
}

#[tokio::test]
async fn cancel_under_a_wrong_crypto_amount_cancels_the_top_up() {
    let fake = FakeCryptoPay::start().await;
    let shop = crypto_shop(&fake, &[]).await;
    let user = shop.customer(7300, "en").await;
    open_crypto_amounts(&shop, &user).await;
    shop.telegram.send_text(&user, "lots");
    shop.telegram
        .wait_bot_message_containing(user.id, "Please send the amount as a number")
        .await;
    let answer = shop.tap(&user, "Cancel", "Top-up canceled.").await;
    assert!(!answer.text.contains("ordered"), "{}", answer.text);
    assert!(invoices(&shop, &user).await.is_empty());
    shop.stop().await;
}
