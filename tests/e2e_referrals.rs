//! Referrals end to end: a newcomer comes by a customer's link, orders, and the orders end
//! completed, partial and canceled; the referrer is paid the percentage of what was kept, once
//! each, and an admin refund afterwards takes it back. Self-referrals and returning customers
//! attach to nobody.

mod common;

use common::fake_panel::FIRST_ORDER_ID;
use common::fake_telegram::TestUser;
use common::shop::{ADMIN_ID, Shop};

const REFERRER: i64 = 80;
const NEWCOMER: i64 = 81;
const RETURNING: i64 = 82;

async fn shop() -> Shop {
    Shop::with_settings(&[("REFERRAL_PERCENT", "10".into())]).await
}

/// The customer's code, read off their "Invite friends" screen.
async fn invite_code(shop: &Shop, user: &TestUser) -> String {
    let screen = shop.tap(user, "Invite friends", "?start=r").await;
    assert!(screen.text.contains("you get 10%"), "{}", screen.text);
    let code = screen
        .text
        .split("?start=r")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a code after the link")
        .to_string();
    // 48 random bits: not made from the id (which random hex digits may happen to contain).
    assert!(
        code.len() == 12
            && code
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
        "a random code: {code}"
    );
    assert_ne!(code, format!("{:x}", user.id), "the code is not the id");
    shop.tap(user, "Menu", "Choose what").await;
    code
}

/// A /start through a link; returns once the menu is shown.
async fn start_with(shop: &Shop, user: &TestUser, code: &str) {
    let before = shop.telegram.bot_messages(user.id).len();
    shop.telegram.send_text(user, &format!("/start r{code}"));
    shop.telegram
        .wait_for("the menu after /start", |seen| {
            (seen.bot_messages(user.id).count() > before).then_some(())
        })
        .await;
}

async fn referrer_of(shop: &Shop, user: &TestUser) -> Option<i64> {
    sqlx::query_scalar("SELECT referrer_id FROM users WHERE id = ?")
        .bind(user.id)
        .fetch_one(shop.db.pool())
        .await
        .expect("user row")
}

/// Orders 1000 subscribers ($1.08) and goes back to the menu.
async fn order(shop: &Shop, user: &TestUser) {
    shop.order_subscribers(user, "https://t.me/mychannel", "1000")
        .await;
    shop.tap(user, "Menu", "Choose what").await;
}

#[tokio::test]
async fn a_referrer_earns_on_what_the_newcomer_kept_once_and_gives_back_on_a_refund() {
    let shop = shop().await;
    let tg = &shop.telegram;
    let referrer = shop.customer(REFERRER, "en").await;
    let code = invite_code(&shop, &referrer).await;

    let newcomer = TestUser::new(NEWCOMER, "en");
    start_with(&shop, &newcomer, &code).await;
    assert_eq!(referrer_of(&shop, &newcomer).await, Some(REFERRER));
    // Nobody brings themselves, and a customer who used the bot before stays nobody's.
    start_with(&shop, &referrer, &code).await;
    assert_eq!(referrer_of(&shop, &referrer).await, None);
    let returning = shop.customer(RETURNING, "en").await;
    start_with(&shop, &returning, &code).await;
    assert_eq!(referrer_of(&shop, &returning).await, None);

    shop.credit(&newcomer, "5").await;
    for _ in 0..3 {
        order(&shop, &newcomer).await;
    }
    let provider_id = |n: u64| (FIRST_ORDER_ID + n).to_string();
    shop.panel.set_order_status(&provider_id(0), "Completed", 0);
    shop.panel.set_order_status(&provider_id(1), "Partial", 250);
    shop.panel.set_order_status(&provider_id(2), "Canceled", 1000);
    // 10% of $1.08 kept, then of $0.81 kept ($0.27 back); nothing on the canceled one.
    tg.wait_bot_message_containing(REFERRER, "$0.10 added to your balance")
        .await;
    tg.wait_bot_message_containing(REFERRER, "$0.08 added to your balance")
        .await;
    tg.wait_bot_message_containing(NEWCOMER, "#3 was canceled").await;
    // Poll rounds are a second: three more would repeat anything wrongly repeated.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(
        shop.ledger(&referrer).await,
        vec![
            ("referral_commission".to_string(), 10),
            ("referral_commission".to_string(), 8)
        ]
    );
    let earned = tg
        .bot_messages(REFERRER)
        .iter()
        .filter(|m| m.text.contains("A friend you invited finished an order"))
        .count();
    assert_eq!(earned, 2, "{}", tg.dump());

    // The admin refunds the completed order in full: its commission comes back.
    let admin = TestUser::new(ADMIN_ID, "en");
    tg.send_text(&admin, "/order 1");
    tg.wait_bot_message_containing(ADMIN_ID, "Order #1").await;
    shop.tap(&admin, "Refund all", "$1.08 of order #1 went back to user 81")
        .await;
    assert_eq!(shop.balance(&referrer).await, 8);
    assert_eq!(
        shop.ledger(&referrer).await.last(),
        Some(&("referral_reversal".to_string(), -10))
    );

    tg.send_text(&admin, "/user 80");
    let profile = tg.wait_bot_message_containing(ADMIN_ID, "brought: 1").await;
    assert!(profile.text.contains("(81)"), "{}", profile.text);
    assert!(profile.text.contains("earned: $0.08"), "{}", profile.text);
    tg.send_text(&admin, "/stats");
    tg.wait_bot_message_containing(ADMIN_ID, "Referral payouts: $0.08")
        .await;
    shop.assert_ledger_consistent().await;
}

#[tokio::test]
async fn nothing_is_paid_and_no_link_is_shown_while_the_program_is_off() {
    let shop = Shop::start().await;
    let referrer = shop.customer(REFERRER, "en").await;
    shop.tap(&referrer, "Invite friends", "isn't running").await;
    assert!(shop.ledger(&referrer).await.is_empty());
}

#[tokio::test]
async fn a_newcomer_asked_to_join_the_channel_first_keeps_the_link_that_brought_them() {
    const CHANNEL: &str = "@shop_news";
    let shop = Shop::with_settings(&[
        ("REFERRAL_PERCENT", "10".into()),
        ("REQUIRED_CHANNEL", CHANNEL.into()),
    ])
    .await;
    let tg = &shop.telegram;
    tg.set_chat_member(CHANNEL, REFERRER, "member");
    let referrer = shop.customer(REFERRER, "en").await;
    let code = invite_code(&shop, &referrer).await;

    let newcomer = TestUser::new(NEWCOMER, "en");
    tg.send_text(&newcomer, &format!("/start r{code}"));
    tg.wait_bot_message_containing(NEWCOMER, "please join our channel first")
        .await;
    tg.set_chat_member(CHANNEL, NEWCOMER, "member");
    shop.tap(&newcomer, "I joined", "Choose what").await;
    assert_eq!(referrer_of(&shop, &newcomer).await, Some(REFERRER));
}
