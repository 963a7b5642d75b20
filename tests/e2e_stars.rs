//! Top-ups with Telegram Stars end to end: the invoice, the pre-checkout answer, the credit
//! (once, however often Telegram delivers it), and admins' refunds. The shop sells in RUB at
//! 1.5 RUB per star (`STARS_RATE` of the test shop).

mod common;

use common::fake_telegram::{Content, InvoiceInfo, TestUser};
use common::shop::{ADMIN_ID, Shop};
use smmbot::db::ledger::{LedgerKind, Movement};
use smmbot::payments::stars::InvoicePayload;

/// Balance → Top up → the offered amount labelled `preset`; returns the invoice.
async fn ask_invoice(shop: &Shop, user: &TestUser, preset: &str) -> (i32, InvoiceInfo) {
    shop.tap(user, "Balance", "Latest movements").await;
    shop.tap(user, "Top up", "Top up with Telegram Stars").await;
    let invoice = shop.tap(user, preset, "on your balance").await;
    match invoice.content {
        Content::Invoice(info) => (invoice.message_id, info),
        other => panic!("no invoice but {other:?}\n{}", shop.telegram.dump()),
    }
}

/// Pays 100 stars through the whole flow; returns the payment message and Telegram's charge id.
async fn top_up_100(shop: &Shop, user: &TestUser) -> (i32, String) {
    let (invoice, _) = ask_invoice(shop, user, "⭐ 100").await;
    let paid = shop
        .telegram
        .pay_invoice(user, invoice)
        .await
        .expect("the bot approves its own invoice");
    shop.telegram
        .wait_bot_message_containing(user.id, "150.00\u{a0}₽ was added")
        .await;
    let charge = sqlx::query_scalar("SELECT charge_id FROM payments WHERE user_id = ? ORDER BY id DESC")
        .bind(user.id)
        .fetch_one(shop.db.pool())
        .await
        .expect("the payment is recorded");
    (paid, charge)
}

/// Waits until the bot has handled everything the customer sent so far: updates from one chat
/// are handled in order, so the answer to a /start comes after them.
async fn settle(shop: &Shop, user: &TestUser) {
    shop.telegram.send_text(user, "/start");
    shop.telegram
        .wait_bot_message_containing(user.id, "Choose what you would like to do")
        .await;
}

fn admin() -> TestUser {
    TestUser::new(ADMIN_ID, "en")
}

#[tokio::test]
async fn a_paid_invoice_credits_once_even_when_delivered_twice() {
    let shop = Shop::sandbox().await;
    let tg = &shop.telegram;
    let user = shop.customer(70, "en").await;

    let (invoice_id, invoice) = ask_invoice(&shop, &user, "⭐ 100").await;
    assert_eq!((invoice.currency.as_str(), invoice.total_amount), ("XTR", 100));
    let payload = InvoicePayload::decode(&invoice.payload).expect("our payload");
    assert_eq!((payload.user_id, payload.stars), (user.id, 100));

    let paid = tg.pay_invoice(&user, invoice_id).await.expect("approved");
    let receipt = tg
        .wait_bot_message_containing(user.id, "Payment received: 100 stars")
        .await;
    assert!(
        receipt.text.contains("Balance: 150.00\u{a0}₽"),
        "{}",
        receipt.text
    );
    assert_eq!(shop.balance(&user).await, 15_000);

    // Telegram is not sure the bot got it and delivers the same payment again.
    tg.deliver_again(&user, paid);
    settle(&shop, &user).await;
    assert_eq!(shop.balance(&user).await, 15_000);
    assert_eq!(shop.ledger(&user).await, vec![("stars_topup".into(), 15_000)]);
    let receipts = tg
        .bot_messages(user.id)
        .iter()
        .filter(|m| m.text.contains("Payment received"))
        .count();
    assert_eq!(receipts, 1, "{}", tg.dump());

    let statement = shop.tap(&user, "Balance", "Latest movements").await;
    assert!(
        statement.text.contains("Your balance: 150.00\u{a0}₽"),
        "{}",
        statement.text
    );
    assert!(
        statement.text.contains("+150.00\u{a0}₽ · top-up with Stars"),
        "{}",
        statement.text
    );
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn typed_amounts_are_checked_and_russian_counts_stars_right() {
    let shop = Shop::sandbox().await;
    let tg = &shop.telegram;
    let user = shop.customer(71, "ru").await;
    shop.tap(&user, "Баланс", "Последние операции").await;
    shop.tap(&user, "Пополнить", "от 10 до 2500").await;

    tg.send_text(&user, "сто");
    tg.wait_bot_message_containing(user.id, "только цифрами").await;
    tg.send_text(&user, "5");
    tg.wait_bot_message_containing(user.id, "Наименьшее пополнение — 10 звёзд")
        .await;
    tg.send_text(&user, "3000");
    tg.wait_bot_message_containing(user.id, "Наибольшее пополнение — 2500 звёзд")
        .await;
    tg.send_text(&user, "21");
    let invoice = tg
        .wait_bot_message_containing(user.id, "21 звезда → 31,50\u{a0}₽")
        .await;
    assert!(matches!(
        invoice.content,
        Content::Invoice(InvoiceInfo { total_amount: 21, .. })
    ));
    // The question is over: the next number is not an amount.
    tg.send_text(&user, "22");
    tg.wait_bot_message_containing(user.id, "воспользуйтесь кнопками")
        .await;
    tg.wait_bot_message_containing(user.id, "Выберите, что хотите сделать")
        .await;

    shop.tap(&user, "Баланс", "Последние операции").await;
    shop.tap(&user, "Пополнить", "от 10 до 2500").await;
    tg.send_text(&user, "22");
    tg.wait_bot_message_containing(user.id, "22 звезды → 33,00\u{a0}₽")
        .await;
    assert_eq!(shop.balance(&user).await, 0, "an invoice is not money");
    shop.stop().await;
}

#[tokio::test]
async fn forged_or_out_of_range_checkouts_are_refused() {
    let shop = Shop::sandbox().await;
    let tg = &shop.telegram;
    let user = shop.customer(72, "en").await;
    let refused = async |payload: &str, currency: &str, stars: u32| {
        tg.pre_checkout(&user, currency, stars, payload)
            .await
            .expect_err(payload)
            .unwrap_or_default()
    };

    let too_many = refused("st1:72:5000:abc", "XTR", 5000).await;
    assert!(too_many.contains("from 10 to 2500 stars"), "{too_many}");
    let too_few = refused("st1:72:1:abc", "XTR", 1).await;
    assert!(too_few.contains("from 10 to 2500 stars"), "{too_few}");
    for (payload, currency, stars) in [
        ("st1:73:100:abc", "XTR", 100), // someone else's invoice
        ("st1:72:100:abc", "XTR", 10),  // not the invoiced amount
        ("st1:72:100:abc", "USD", 100), // not Stars
        ("st1:72:+100:abc", "XTR", 100),
        ("credit me 1000", "XTR", 100),
    ] {
        let why = refused(payload, currency, stars).await;
        assert!(why.contains("This invoice is not valid"), "{payload}: {why}");
    }
    tg.pre_checkout(&user, "XTR", 100, "st1:72:100:abc")
        .await
        .expect("a payload of ours that matches is approved");

    sqlx::query("UPDATE users SET banned_at = 1 WHERE id = ?")
        .bind(user.id)
        .execute(shop.db.pool())
        .await
        .unwrap();
    let banned = refused("st1:72:100:abc", "XTR", 100).await;
    assert!(banned.contains("cannot make payments"), "{banned}");

    assert_eq!(shop.balance(&user).await, 0);
    assert!(shop.ledger(&user).await.is_empty());
    shop.stop().await;
}

#[tokio::test]
async fn an_admin_refund_debits_once() {
    let shop = Shop::sandbox().await;
    let tg = &shop.telegram;
    let admin = admin();
    let user = shop.customer(73, "en").await;
    let (_, charge) = top_up_100(&shop, &user).await;

    tg.send_text(&admin, "/starsrefund");
    tg.wait_bot_message_containing(ADMIN_ID, "Usage: /starsrefund")
        .await;
    tg.send_text(&admin, "/starsrefund tg-charge-unknown");
    tg.wait_bot_message_containing(ADMIN_ID, "No Stars payment has that id")
        .await;

    tg.send_text(&admin, &format!("/starsrefund {charge}"));
    let done = tg
        .wait_bot_message_containing(ADMIN_ID, "100 stars returned to user 73")
        .await;
    assert!(done.text.contains("it is now 0.00\u{a0}₽"), "{}", done.text);
    assert_eq!(tg.star_refunds(), vec![(user.id, charge.clone())]);
    assert_eq!(shop.balance(&user).await, 0);

    tg.send_text(&admin, &format!("/starsrefund {charge}"));
    tg.wait_bot_message_containing(ADMIN_ID, "was refunded already")
        .await;
    assert_eq!(tg.star_refunds().len(), 1);
    assert_eq!(
        shop.ledger(&user).await,
        vec![("stars_topup".into(), 15_000), ("stars_refund".into(), -15_000)]
    );
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn refunding_spent_money_asks_the_admin_first() {
    let shop = Shop::sandbox().await;
    let tg = &shop.telegram;
    let admin = admin();
    let user = shop.customer(74, "en").await;
    let (_, charge) = top_up_100(&shop, &user).await;
    // The customer spends 60.00 of the 150.00 RUB.
    shop.db
        .apply_movement(&Movement {
            user_id: user.id,
            kind: LedgerKind::OrderCharge,
            reference: "spent",
            amount_minor: -6_000,
            note: None,
        })
        .await
        .unwrap()
        .unwrap();

    tg.send_text(&admin, &format!("/starsrefund {charge}"));
    let warning = tg
        .wait_bot_message_containing(ADMIN_ID, "has spent some of it")
        .await;
    assert!(
        warning.text.contains("takes it to -60.00\u{a0}₽"),
        "{}",
        warning.text
    );
    assert!(
        tg.star_refunds().is_empty(),
        "nothing is refunded before the confirmation"
    );
    assert_eq!(shop.balance(&user).await, 9_000);

    // Only an admin may confirm: from a customer the same button data is stale.
    let data = warning
        .button("Refund anyway")
        .unwrap()
        .callback_data
        .clone()
        .unwrap();
    let forged = tg.tap(&user, tg.last_bot_message(user.id).message_id, &data);
    let (_, answer, _) = tg.wait_callback_answered(&forged).await;
    assert!(answer.unwrap_or_default().contains("no longer active"));
    assert!(tg.star_refunds().is_empty());

    shop.tap(&admin, "Refund anyway", "100 stars returned to user 74")
        .await;
    assert_eq!(tg.star_refunds(), vec![(user.id, charge.clone())]);
    assert_eq!(shop.balance(&user).await, -6_000);

    // The same confirmation once more refunds nothing.
    tg.tap(&admin, warning.message_id, &data);
    tg.wait_bot_message_containing(ADMIN_ID, "was refunded already")
        .await;
    assert_eq!(tg.star_refunds().len(), 1);
    assert_eq!(shop.balance(&user).await, -6_000);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn to_a_customer_starsrefund_does_not_exist() {
    let shop = Shop::sandbox().await;
    let tg = &shop.telegram;
    let user = shop.customer(75, "en").await;
    let (_, charge) = top_up_100(&shop, &user).await;

    tg.send_text(&user, &format!("/starsrefund {charge}"));
    tg.wait_bot_message_containing(user.id, "I do not know that command")
        .await;
    assert!(tg.star_refunds().is_empty());
    assert_eq!(
        tg.calls()
            .iter()
            .filter(|c| c.method == "refundstarpayment")
            .count(),
        0
    );
    assert_eq!(shop.balance(&user).await, 15_000);
    shop.stop().await;
}
