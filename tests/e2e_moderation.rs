//! Admin moderation end to end, through the fake Telegram: `/user` (ban, credit, debit),
//! `/order` (the record, refunds once, unknown outcomes), `/broadcast` (counted at the fake Bot
//! API, across a restart) and `/maintenance` — and none of it for customers.

mod common;

use std::time::Duration;

use common::fake_panel::FIRST_ORDER_ID;
use common::fake_telegram::{ChatMessage, Content, TestUser};
use common::shop::{ADMIN_ID, Shop};

/// 1000 "Telegram subscribers" cost 1.08 USD (0.90 at the panel plus 20 %).
const CHARGE: i64 = 108;
const UNKNOWN_COMMAND: &str = "I do not know that command";
const MENU: &str = "Choose what you would like to do";

fn admin() -> TestUser {
    TestUser::new(ADMIN_ID, "en")
}

fn labels(message: &ChatMessage) -> Vec<String> {
    message.buttons.iter().flatten().map(|b| b.text.clone()).collect()
}

fn has_button(message: &ChatMessage, label: &str) -> bool {
    labels(message).iter().any(|l| l.contains(label))
}

/// The admin sends `text` and waits for the answer containing `answer`.
async fn admin_says(shop: &Shop, text: &str, answer: &str) -> ChatMessage {
    shop.telegram.send_text(&admin(), text);
    shop.telegram.wait_bot_message_containing(ADMIN_ID, answer).await
}

/// Taps forged or stale button data under the newest bot message of the user's chat and returns
/// the hint the tap was answered with.
async fn tap_data(shop: &Shop, user: &TestUser, data: &str) -> Option<String> {
    let tg = &shop.telegram;
    let id = tg.tap(user, tg.last_bot_message(user.id).message_id, data);
    tg.wait_callback_answered(&id).await.1
}

/// Credits 5 USD and orders 1000 Telegram subscribers (1.08 USD) through the dialogue.
async fn place_order(shop: &Shop, user: &TestUser) {
    let tg = &shop.telegram;
    shop.credit(user, "5").await;
    tg.send_text(user, "/start");
    tg.wait_bot_message_containing(user.id, MENU).await;
    shop.tap(user, "New order", "Choose a category").await;
    shop.tap(user, "Telegram", "Choose a service").await;
    shop.tap(user, "Telegram subscribers", "Minimum").await;
    shop.tap(user, "Order", "Send the link").await;
    tg.send_text(user, "@mychannel");
    tg.wait_bot_message_containing(user.id, "How many?").await;
    tg.send_text(user, "1000");
    tg.wait_bot_message_containing(user.id, "Please check your order")
        .await;
}

/// `(kind, amount, note)` of the user's ledger rows, oldest first.
async fn ledger(shop: &Shop, user_id: i64) -> Vec<(String, i64, Option<String>)> {
    sqlx::query_as("SELECT kind, amount_minor, note FROM ledger WHERE user_id = ? ORDER BY id")
        .bind(user_id)
        .fetch_all(shop.db.pool())
        .await
        .expect("ledger rows")
}

async fn banned_at(shop: &Shop, user_id: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT banned_at FROM users WHERE id = ?")
        .bind(user_id)
        .fetch_one(shop.db.pool())
        .await
        .expect("user row")
}

/// Chats the bot copied a message into, one entry per successful copyMessage.
fn copies(shop: &Shop) -> Vec<i64> {
    let calls = shop.telegram.calls();
    let copied = calls
        .iter()
        .filter(|c| c.method == "copymessage" && c.error.is_none());
    copied.filter_map(|c| c.params["chat_id"].as_i64()).collect()
}

#[tokio::test]
async fn customers_cannot_use_any_moderation_command() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let target = shop.customer(71, "en").await;
    let user = shop.customer(70, "en").await;

    for command in ["/user 71", "/order 1", "/maintenance on", "/broadcast"] {
        tg.send_text(&user, command);
        tg.wait_bot_message_containing(user.id, UNKNOWN_COMMAND).await;
    }
    let message = tg.send_text(&user, "Hello everyone");
    tg.wait_bot_message_containing(user.id, "Please use the buttons")
        .await;
    tg.reply_text(&user, message, "/broadcast");
    tg.wait_bot_message_containing(user.id, UNKNOWN_COMMAND).await;
    // Admin buttons are stale to customers.
    for data in ["qb:71", "qc:71", "qd:71", "qf:1", "qp:1", "qs:1", "qx:1", "qu:71"] {
        let hint = tap_data(&shop, &user, data).await;
        assert!(hint.is_some_and(|h| h.contains("no longer active")), "{data}");
    }

    assert!(!shop.db.maintenance().await.unwrap());
    assert_eq!(banned_at(&shop, target.id).await, None);
    let broadcasts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM broadcasts")
        .fetch_one(shop.db.pool())
        .await
        .unwrap();
    assert_eq!(broadcasts, 0);
    assert!(ledger(&shop, target.id).await.is_empty());
    assert!(copies(&shop).is_empty());
    tg.send_text(&target, "/start");
    tg.wait_bot_message_containing(target.id, MENU).await;
    shop.stop().await;
}

#[tokio::test]
async fn a_banned_customer_gets_one_short_answer_then_silence() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(72, "en").await;

    let profile = admin_says(&shop, "/user @Customer72", "Customer 72").await;
    assert!(profile.text.contains("id 72"), "{}", profile.text);
    assert!(has_button(&profile, "Ban"), "{:?}", labels(&profile));
    let banned = shop.tap(&admin(), "Ban", "is banned").await;
    assert!(banned.text.contains("Banned since"), "{}", banned.text);
    assert!(has_button(&banned, "Unban"), "{:?}", labels(&banned));
    assert!(banned_at(&shop, user.id).await.is_some());

    let since_ban = tg.revision();
    tg.send_text(&user, "/start");
    tg.wait_bot_message_containing(user.id, "You can no longer use this shop")
        .await;
    tg.send_text(&user, "hello?");
    tg.send_text(&user, "/help");
    // One chat's updates are handled in turn: once the tap is answered, so are the messages.
    let tap = tg.tap_button(&user, "Balance");
    let (_, hint, _) = tg.wait_callback_answered(&tap).await;
    assert_eq!(hint, None, "answered silently");
    let after_ban: Vec<String> = tg
        .bot_messages(user.id)
        .into_iter()
        .filter(|m| m.revision > since_ban)
        .map(|m| m.text)
        .collect();
    assert_eq!(after_ban.len(), 1, "{after_ban:?}");

    shop.tap(&admin(), "Unban", "is no longer banned").await;
    tg.send_text(&user, "/start");
    tg.wait_bot_message_containing(user.id, MENU).await;

    // Admins cannot be banned, and are not turned away.
    let own = admin_says(&shop, "/user 1", "An admin").await;
    assert!(!has_button(&own, "Ban"), "{:?}", labels(&own));
    admin_says(&shop, "/user @nobody_here", "Nobody called @nobody_here").await;
    admin_says(&shop, "/user", "Usage: /user").await;
    shop.stop().await;
}

#[tokio::test]
async fn credit_and_debit_from_a_profile_go_through_the_ledger() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(73, "en").await;
    admin_says(&shop, "/user 73", "Balance: $0.00").await;

    shop.tap(&admin(), "Credit", "How much to add").await;
    admin_says(&shop, "bonus 5", "Send the amount in USD").await;
    let credited = admin_says(&shop, "5 bonus for the contest", "added to the balance").await;
    assert!(credited.text.contains("Balance: $5.00"), "{}", credited.text);
    assert!(
        credited.text.contains("bonus for the contest"),
        "{}",
        credited.text
    );
    tg.wait_bot_message_containing(user.id, "topped up by $5.00")
        .await;

    shop.tap(&admin(), "Debit", "How much to take").await;
    admin_says(&shop, "7 too much", "cannot be taken").await;
    let debited = admin_says(&shop, "2 paid back by card", "taken from the balance").await;
    assert!(debited.text.contains("Balance: $3.00"), "{}", debited.text);
    assert!(debited.text.contains("correction"), "{}", debited.text);
    tg.wait_bot_message_containing(user.id, "$2.00 was taken from your balance: paid back by card")
        .await;

    // The question is closed: more text is just text.
    admin_says(&shop, "3 again", "Please use the buttons").await;
    assert_eq!(
        ledger(&shop, user.id).await,
        vec![
            ("admin_credit".into(), 500, Some("bonus for the contest".into())),
            ("admin_debit".into(), -200, Some("paid back by card".into())),
        ]
    );
    assert_eq!(shop.balance(&user).await, 300);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn an_order_is_refunded_once_partly_or_in_full() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(74, "en").await;
    place_order(&shop, &user).await;
    shop.tap(&user, "Confirm", "is placed").await;
    shop.panel
        .set_order_status(&FIRST_ORDER_ID.to_string(), "In progress", 400);
    tg.wait_bot_message_containing(user.id, "#1 has started").await;

    let record = admin_says(&shop, "/order 1", "Order #1").await;
    for expected in [
        "Customer 74 (@customer74) · id 74",
        "Telegram subscribers",
        "charge: $1.08 · refunded: $0.00",
        &format!("their order {FIRST_ORDER_ID}"),
        "status “In progress” · remains 400",
    ] {
        assert!(record.text.contains(expected), "{expected:?} in {}", record.text);
    }
    assert!(has_button(&record, "Refund all $1.08"), "{:?}", labels(&record));

    shop.tap(&admin(), "Partial refund", "at most $1.08").await;
    admin_says(&shop, "2", "Send an amount above zero and at most $1.08").await;
    let refunded = admin_says(
        &shop,
        "0.50 half was not delivered",
        "$0.50 of order #1 went back to user 74",
    )
    .await;
    assert!(refunded.text.contains("refunded: $0.50"), "{}", refunded.text);
    assert!(!has_button(&refunded, "Refund"), "{:?}", labels(&refunded));
    tg.wait_bot_message_containing(user.id, "$0.50 has been returned to your balance")
        .await;

    // The first screen's buttons are still there: a second refund is refused, clearly.
    let again = shop
        .tap(&admin(), "Refund all", "has had a refund already ($0.50 in all)")
        .await;
    assert!(
        again.text.contains("An admin refunds an order once"),
        "{}",
        again.text
    );
    tap_data(&shop, &admin(), "qp:1").await;
    tg.wait_bot_message_containing(ADMIN_ID, "has had a refund already")
        .await;
    admin_says(&shop, "/order 2", "There is no order #2").await;

    assert_eq!(
        ledger(&shop, user.id)
            .await
            .into_iter()
            .map(|(kind, amount, _)| (kind, amount))
            .collect::<Vec<_>>(),
        vec![
            ("admin_credit".into(), 500),
            ("order_charge".into(), -CHARGE),
            ("order_refund".into(), 50),
        ]
    );
    assert_eq!(shop.balance(&user).await, 500 - CHARGE + 50);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

/// `(state, refunded)` of an order.
async fn order_money(shop: &Shop, order_id: i64) -> (String, i64) {
    sqlx::query_as("SELECT state, refunded_minor FROM orders WHERE id = ?")
        .bind(order_id)
        .fetch_one(shop.db.pool())
        .await
        .expect("order row")
}

/// Findings the money audit told the admins about.
async fn audit_alerts(shop: &Shop) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE dedupe_key LIKE 'audit:%'")
        .fetch_one(shop.db.pool())
        .await
        .expect("notifications")
}

/// Places an order, has the panel start it, and opens its record as the admin.
async fn running_order_on_screen(shop: &Shop, user: &TestUser) {
    place_order(shop, user).await;
    shop.tap(user, "Confirm", "is placed").await;
    shop.panel
        .set_order_status(&FIRST_ORDER_ID.to_string(), "In progress", 400);
    shop.telegram
        .wait_bot_message_containing(user.id, "#1 has started")
        .await;
    admin_says(shop, "/order 1", "Order #1").await;
}

// Issue 10, defect 1: an admin's refund and then the poller's paid the customer twice, the
// second time outside the ledger.
#[tokio::test]
async fn a_cancel_after_an_admin_refunded_everything_pays_nothing_more() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(77, "en").await;
    running_order_on_screen(&shop, &user).await;
    shop.tap(&admin(), "Refund all", "$1.08 of order #1 went back to user 77")
        .await;
    tg.wait_bot_message_containing(user.id, "$1.08 has been returned to your balance")
        .await;

    // The provider cancels it afterwards: nothing is due any more.
    shop.panel
        .set_order_status(&FIRST_ORDER_ID.to_string(), "Canceled", 1000);
    let canceled = tg.wait_bot_message_containing(user.id, "#1 was canceled").await;
    assert!(!canceled.text.contains("returned"), "{}", canceled.text);
    assert_eq!(order_money(&shop, 1).await, ("canceled".into(), CHARGE));
    assert_eq!(
        shop.ledger(&user).await,
        vec![
            ("admin_credit".into(), 500),
            ("order_charge".into(), -CHARGE),
            ("order_refund".into(), CHARGE),
        ]
    );
    assert_eq!(shop.balance(&user).await, 500);
    shop.assert_ledger_consistent().await;
    assert_eq!(audit_alerts(&shop).await, 0);
    shop.stop().await;
}

#[tokio::test]
async fn a_cancel_after_a_partial_admin_refund_pays_only_the_rest() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(78, "en").await;
    running_order_on_screen(&shop, &user).await;
    shop.tap(&admin(), "Partial refund", "at most $1.08").await;
    admin_says(&shop, "0.50", "$0.50 of order #1 went back to user 78").await;
    tg.wait_bot_message_containing(user.id, "$0.50 has been returned to your balance")
        .await;
    // What is left to refund is what the admin is offered now.
    let record = admin_says(&shop, "/order 1", "refunded: $0.50").await;
    assert!(!has_button(&record, "Refund"), "{:?}", labels(&record));

    shop.panel
        .set_order_status(&FIRST_ORDER_ID.to_string(), "Canceled", 1000);
    tg.wait_bot_message_containing(user.id, "$0.58 has been returned to your balance")
        .await;
    assert_eq!(order_money(&shop, 1).await, ("canceled".into(), CHARGE));
    assert_eq!(
        shop.ledger(&user).await,
        vec![
            ("admin_credit".into(), 500),
            ("order_charge".into(), -CHARGE),
            ("order_refund".into(), 50),
            ("order_refund".into(), CHARGE - 50),
        ]
    );
    assert_eq!(shop.balance(&user).await, 500);
    shop.assert_ledger_consistent().await;
    assert_eq!(audit_alerts(&shop).await, 0);
    shop.stop().await;
}

#[tokio::test]
async fn an_unknown_outcome_is_settled_from_the_order_screen() {
    let shop = Shop::start().await;
    let user = shop.customer(75, "en").await;
    place_order(&shop, &user).await;
    shop.panel.stall_next("add", Duration::from_secs(4));
    shop.tap(&user, "Confirm", "is being checked").await;

    let record = admin_says(&shop, "/order 1", "Order #1 · being checked").await;
    assert!(has_button(&record, "Not placed: refund"), "{:?}", labels(&record));
    assert!(!has_button(&record, "Refund all"), "{:?}", labels(&record));
    tap_data(&shop, &admin(), "qf:1").await;
    shop.telegram
        .wait_bot_message_containing(ADMIN_ID, "it cannot be refunded until that is settled")
        .await;
    shop.tap(&admin(), "Not placed: refund", "Order #1 is refunded: $1.08")
        .await;
    assert_eq!(shop.balance(&user).await, 500);
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn a_broadcast_reaches_every_customer_once_across_a_restart() {
    let mut shop = Shop::start().await;
    let tg = &shop.telegram;
    let mut reachable = Vec::new();
    for id in 81..=85 {
        reachable.push(shop.customer(id, "en").await);
    }
    let blocker = shop.customer(86, "en").await;
    tg.block_bot(&blocker);
    // Known to have blocked the bot (the notifier marks such customers), and banned.
    let known_blocker = shop.customer(87, "en").await;
    sqlx::query("UPDATE users SET blocked_at = 1 WHERE id = ?")
        .bind(known_blocker.id)
        .execute(shop.db.pool())
        .await
        .unwrap();
    let banned = shop.customer(88, "en").await;
    shop.db.set_banned(banned.id, true).await.unwrap();

    let source = tg.send_text(&admin(), "🔥 Big sale today");
    tg.wait_bot_message_containing(ADMIN_ID, "Please use the buttons")
        .await;
    tg.reply_text(&admin(), source, "/broadcast");
    tg.wait_bot_message_containing(ADMIN_ID, "to 6 customers?").await;

    // Telegram lets two copies through, then asks to wait ten minutes: half-way.
    tg.flood_control("copyMessage", 2, 600);
    shop.tap(&admin(), "Send", "Paused for 600 s").await;
    assert_eq!(copies(&shop), vec![81, 82]);

    shop.telegram.end_flood_control();
    let before_restart = shop.telegram.revision();
    shop.restart().await;
    let tg = &shop.telegram;
    let report = tg
        .wait_bot_message_since(ADMIN_ID, "finished: 5 of 6 delivered", before_restart)
        .await;
    assert!(
        report
            .text
            .contains("Sent: 5 · blocked the bot: 1 · failed: 0 · not confirmed: 0"),
        "{}",
        report.text
    );
    assert!(report.edits >= 2, "the progress message is updated in place");

    // Counted at the fake Bot API: each reachable customer exactly once, nobody else.
    let mut reached = copies(&shop);
    reached.sort_unstable();
    assert_eq!(reached, vec![81, 82, 83, 84, 85]);
    for user in &reachable {
        let got: Vec<_> = tg
            .bot_messages(user.id)
            .into_iter()
            .filter(|m| m.text == "🔥 Big sale today")
            .collect();
        assert_eq!(got.len(), 1, "customer {}", user.id);
    }
    let calls = tg.calls();
    let tried = |chat: i64| {
        calls
            .iter()
            .filter(|c| c.method == "copymessage" && c.params["chat_id"].as_i64() == Some(chat))
            .count()
    };
    assert_eq!(tried(blocker.id), 1, "tried once, refused");
    for nobody in [known_blocker.id, banned.id, ADMIN_ID] {
        assert_eq!(tried(nobody), 0, "chat {nobody}");
    }
    let marked: Option<i64> = sqlx::query_scalar("SELECT blocked_at FROM users WHERE id = ?")
        .bind(blocker.id)
        .fetch_one(shop.db.pool())
        .await
        .unwrap();
    assert!(marked.is_some(), "found out to have blocked the bot");
    shop.stop().await;
}

#[tokio::test]
async fn a_broadcast_by_reply_can_be_dropped() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    shop.customer(89, "en").await;

    let source = tg.send_text(&admin(), "Never mind");
    tg.wait_bot_message_containing(ADMIN_ID, "Please use the buttons")
        .await;
    tg.reply_text(&admin(), source, "/broadcast");
    tg.wait_bot_message_containing(ADMIN_ID, "to 1 customer?").await;
    shop.tap(&admin(), "Cancel", "dropped: nothing was sent").await;
    // The question is gone; an old Send button starts nothing.
    tap_data(&shop, &admin(), "qs:1").await;
    tg.wait_bot_message_containing(ADMIN_ID, "Broadcast #1 was dropped")
        .await;
    assert!(copies(&shop).is_empty());
    shop.stop().await;
}

/// Copies the bot made into customers' chats: the preview in the admin's own chat is not one.
fn copies_to_customers(shop: &Shop) -> Vec<i64> {
    copies(shop)
        .into_iter()
        .filter(|chat| *chat != ADMIN_ID)
        .collect()
}

/// The photos captioned `caption` in the chat, as its owner sees them.
fn photos(shop: &Shop, chat: i64, caption: &str) -> Vec<ChatMessage> {
    let messages = shop.telegram.bot_messages(chat);
    let photos = messages.into_iter().filter(|m| m.content == Content::Photo);
    photos.filter(|m| m.text == caption).collect()
}

async fn broadcasts(shop: &Shop) -> Vec<String> {
    sqlx::query_scalar("SELECT state FROM broadcasts ORDER BY id")
        .fetch_all(shop.db.pool())
        .await
        .expect("broadcasts")
}

#[tokio::test]
async fn a_broadcast_by_message_is_shown_as_customers_get_it_then_sent() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let customers = [shop.customer(92, "en").await, shop.customer(93, "ru").await];

    admin_says(&shop, "/broadcast", "Send me the message for every customer").await;
    tg.send_photo(&admin(), "🔥 Big sale today");
    let question = tg
        .wait_bot_message_containing(ADMIN_ID, "Send it to 2 customers?")
        .await;
    // The preview: the photo copied back the way customers will get it, just above the question.
    let preview = photos(&shop, ADMIN_ID, "🔥 Big sale today");
    assert_eq!(preview.len(), 1, "{}", tg.dump());
    assert!(preview[0].message_id < question.message_id);
    assert!(
        copies_to_customers(&shop).is_empty(),
        "nothing goes out before Send"
    );

    shop.tap(&admin(), "Send", "finished: 2 of 2 delivered").await;
    for user in &customers {
        assert_eq!(
            photos(&shop, user.id, "🔥 Big sale today").len(),
            1,
            "customer {}",
            user.id
        );
    }
    // The step is over: the next message is not another broadcast.
    tg.send_text(&admin(), "Thanks everyone");
    tg.wait_bot_message_containing(ADMIN_ID, "Please use the buttons")
        .await;
    assert_eq!(copies_to_customers(&shop).len(), 2);
    assert_eq!(broadcasts(&shop).await.len(), 1);
    shop.stop().await;
}

#[tokio::test]
async fn a_broadcast_by_message_can_be_canceled_and_sends_nothing() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    shop.customer(94, "en").await;

    admin_says(&shop, "/broadcast", "Send me the message for every customer").await;
    tg.send_text(&admin(), "Sale!");
    tg.wait_bot_message_containing(ADMIN_ID, "Send it to 1 customer?")
        .await;
    shop.tap(&admin(), "Cancel", "dropped: nothing was sent").await;

    // Left with /cancel before any message: the next one is only a message.
    admin_says(&shop, "/broadcast", "Send me the message for every customer").await;
    admin_says(&shop, "/cancel", MENU).await;
    tg.send_text(&admin(), "Not for customers");
    tg.wait_bot_message_containing(ADMIN_ID, "Please use the buttons")
        .await;

    assert!(copies_to_customers(&shop).is_empty(), "{}", tg.dump());
    assert_eq!(broadcasts(&shop).await, vec!["canceled"]);
    shop.stop().await;
}

#[tokio::test]
async fn a_broadcast_to_nobody_asks_for_nothing() {
    let shop = Shop::start().await;
    admin_says(&shop, "/broadcast", "There is no customer to send it to").await;
    shop.telegram.send_text(&admin(), "Hello?");
    shop.telegram
        .wait_bot_message_containing(ADMIN_ID, "Please use the buttons")
        .await;
    assert!(broadcasts(&shop).await.is_empty());
    shop.stop().await;
}

#[tokio::test]
async fn admins_get_every_admin_command_in_help_and_customers_do_not() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let user = shop.customer(95, "en").await;
    let help = admin_says(&shop, "/help", "Admin commands").await;
    for example in [
        "/credit 123456789 5",
        "/markup 25",
        "/fx USD 92.5",
        "/broadcast",
        "/order 17",
    ] {
        assert!(help.text.contains(example), "{example}: {}", help.text);
    }
    tg.send_text(&user, "/help");
    let customer_help = tg.wait_bot_message_containing(user.id, "").await;
    assert!(
        !customer_help.buttons.is_empty(),
        "the customers' help: {}",
        customer_help.text
    );
    assert!(
        !customer_help.text.contains("Admin commands"),
        "{}",
        customer_help.text
    );
    assert!(!customer_help.text.contains("/credit"), "{}", customer_help.text);
    shop.stop().await;
}

#[tokio::test]
async fn maintenance_closes_the_shop_to_customers_only_and_survives_a_restart() {
    let mut shop = Shop::start().await;
    let user = shop.customer(91, "en").await;
    admin_says(&shop, "/maintenance", "The shop is open").await;
    admin_says(&shop, "/maintenance sideways", "Usage: /maintenance on|off").await;
    admin_says(&shop, "/maintenance on", "Maintenance is on").await;

    let tg = &shop.telegram;
    tg.send_text(&user, "/start");
    tg.wait_bot_message_containing(user.id, "closed for maintenance")
        .await;
    let tap = tg.tap_button(&user, "Balance");
    let (_, hint, _) = tg.wait_callback_answered(&tap).await;
    assert!(hint.is_some_and(|h| h.contains("closed for maintenance")));
    // Admins keep working.
    admin_says(&shop, "/start", MENU).await;

    shop.restart().await;
    let tg = &shop.telegram;
    tg.send_text(&user, "/help");
    tg.wait_bot_message_containing(user.id, "closed for maintenance")
        .await;
    admin_says(&shop, "/maintenance", "Maintenance is on").await;
    admin_says(&shop, "/maintenance off", "Maintenance is off").await;
    tg.send_text(&user, "/start");
    tg.wait_bot_message_containing(user.id, MENU).await;
    shop.stop().await;
}
