//! The required channel end to end, through the fake Telegram: customers outside
//! `REQUIRED_CHANNEL` see only the join screen until Telegram says they are in it; admins are
//! never asked; payments are booked whatever the customer's membership; `smmbot check` says
//! when the bot is not the channel's admin.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::fake_telegram::{BOT_ID, FakeTelegram, TOKEN, TestUser};
use common::shop::{ADMIN_ID, Shop};

const CHANNEL: &str = "@shop_news";
const JOIN: &str = "please join our channel first";
const MENU: &str = "Choose what you would like to do";

async fn shop() -> Shop {
    Shop::with_settings(&[("REQUIRED_CHANNEL", CHANNEL.to_string())]).await
}

/// How often the bot asked Telegram whether `user` is in the channel.
fn membership_checks(shop: &Shop, user: i64) -> usize {
    shop.telegram
        .calls()
        .iter()
        .filter(|call| call.method == "getchatmember" && call.params["user_id"] == user)
        .count()
}

#[tokio::test]
async fn a_customer_outside_the_channel_sees_only_the_join_screen_until_they_join() {
    let shop = shop().await;
    let tg = &shop.telegram;
    let user = TestUser::new(50, "en");

    tg.send_text(&user, "/start");
    let join = tg.wait_bot_message_containing(user.id, JOIN).await;
    let join_button = join.button("Join the channel").expect("a join button");
    assert_eq!(join_button.url.as_deref(), Some("https://t.me/shop_news"));
    assert!(join.button("I joined").is_some(), "{}", tg.dump());

    // A button from elsewhere (the catalogue's) leads back to the join screen, not the shop.
    let forged = tg.tap(&user, join.message_id, "c:0");
    tg.wait_callback_answered(&forged).await;
    // A chat's updates are handled in order: once this is answered, so was the tap.
    let before = tg.revision();
    tg.send_text(&user, "/start");
    tg.wait_bot_message_since(user.id, JOIN, before).await;
    assert!(
        !tg.chat(user.id)
            .iter()
            .any(|m| m.text.contains("Choose a category")),
        "{}",
        tg.dump()
    );

    // "I joined" before joining: told so, still outside.
    let early = tg.tap_button(&user, "I joined");
    let (_, hint, _) = tg.wait_callback_answered(&early).await;
    assert!(
        hint.as_deref()
            .is_some_and(|h| h.contains("not in the channel yet")),
        "{hint:?}"
    );
    assert!(
        !tg.chat(user.id).iter().any(|m| m.text.contains(MENU)),
        "{}",
        tg.dump()
    );

    // Joined: "I joined" opens the menu, and the shop works.
    tg.set_chat_member(CHANNEL, user.id, "member");
    shop.tap(&user, "I joined", MENU).await;
    shop.tap(&user, "New order", "Choose a category").await;

    // A member is trusted for a while: the next updates do not ask Telegram again.
    let checks = membership_checks(&shop, user.id);
    let since = tg.revision();
    tg.send_text(&user, "/start");
    tg.wait_bot_message_since(user.id, MENU, since).await;
    assert_eq!(membership_checks(&shop, user.id), checks, "{}", tg.dump());
    shop.stop().await;
}

#[tokio::test]
async fn admins_are_never_asked_to_join() {
    let shop = shop().await;
    let admin = TestUser::new(ADMIN_ID, "en");
    shop.telegram.send_text(&admin, "/start");
    shop.telegram.wait_bot_message_containing(ADMIN_ID, MENU).await;
    assert!(
        !shop.telegram.chat(ADMIN_ID).iter().any(|m| m.text.contains(JOIN)),
        "{}",
        shop.telegram.dump()
    );
    assert_eq!(membership_checks(&shop, ADMIN_ID), 0);
    shop.stop().await;
}

#[tokio::test]
async fn a_customer_who_left_the_channel_is_still_credited_for_a_stars_payment() {
    let mut shop = shop().await;
    let user = TestUser::new(51, "en");
    shop.telegram.set_chat_member(CHANNEL, user.id, "member");
    shop.telegram.send_text(&user, "/start");
    shop.telegram.wait_bot_message_containing(user.id, MENU).await;
    shop.tap(&user, "Balance", "Latest movements").await;
    shop.tap(&user, "Top up", "Top up with Telegram Stars").await;
    let invoice = shop.tap(&user, "⭐ 100", "on your balance").await;

    // They leave (removed, even) and the bot restarts, so nothing remembers them as a member.
    shop.telegram.set_chat_member(CHANNEL, user.id, "kicked");
    shop.restart().await;
    shop.telegram
        .pay_invoice(&user, invoice.message_id)
        .await
        .expect("the checkout is approved");
    shop.telegram
        .wait_bot_message_containing(user.id, "Payment received: 100 stars")
        .await;
    assert_eq!(shop.balance(&user).await, 15_000, "150 USD at 1.5 per star");

    // The shop itself is closed to them again.
    let since = shop.telegram.revision();
    shop.telegram.send_text(&user, "/start");
    shop.telegram.wait_bot_message_since(user.id, JOIN, since).await;
    shop.assert_ledger_consistent().await;
    shop.stop().await;
}

#[tokio::test]
async fn customers_are_let_through_when_telegram_cannot_say_who_is_in_the_channel() {
    let shop = shop().await;
    let tg = &shop.telegram;
    // Every getChatMember is refused (429), as when Telegram is in trouble.
    tg.flood_control("getChatMember", 0, 1);
    let user = TestUser::new(52, "en");
    tg.send_text(&user, "/start");
    tg.wait_bot_message_containing(user.id, MENU).await;
    assert!(membership_checks(&shop, user.id) >= 1, "{}", tg.dump());
    assert!(
        !tg.chat(user.id).iter().any(|m| m.text.contains(JOIN)),
        "{}",
        tg.dump()
    );
    shop.stop().await;
}

/// `smmbot check` with only what it needs and the required channel, against the fake.
async fn check(telegram: &FakeTelegram, dir: &Path) -> (bool, String) {
    let env = [
        ("BOT_TOKEN", TOKEN.to_string()),
        ("TELEGRAM_API_URL", telegram.api_url().to_string()),
        (
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("shop.db").display()),
        ),
        ("REQUIRED_CHANNEL", CHANNEL.to_string()),
    ];
    let dir = dir.to_path_buf();
    // Off the async runtime, so that the fake it talks to keeps serving.
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_smmbot"))
            .arg("check")
            .current_dir(dir)
            .env_clear()
            .envs(env)
            .stdin(Stdio::null())
            .output()
            .expect("run smmbot check")
    })
    .await
    .expect("check runner");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let line = stdout
        .lines()
        .find(|line| line.starts_with("required channel:"))
        .unwrap_or_else(|| panic!("no required channel line:\n{stdout}"))
        .to_owned();
    (output.status.success(), line)
}

#[tokio::test]
async fn check_says_when_the_bot_is_not_the_channels_admin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let telegram = FakeTelegram::start().await;

    let (passed, line) = check(&telegram, dir.path()).await;
    assert!(passed, "{line}");
    assert_eq!(line, "required channel: OK (@shop_news)");

    telegram.set_chat_member(CHANNEL, BOT_ID, "member");
    let (passed, line) = check(&telegram, dir.path()).await;
    assert!(!passed, "{line}");
    assert!(
        line.starts_with("required channel: FAILED: the bot is not an admin of @shop_news"),
        "{line}"
    );
    telegram.shutdown().await;
}
