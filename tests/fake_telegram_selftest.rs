//! Proves the fake Bot API against real teloxide: a tiny dispatcher driven end to end, and the
//! wire formats and errors of the methods the shop uses.

#[path = "common/fake_telegram.rs"]
mod fake_telegram;

use fake_telegram::{Content, FakeTelegram, TestUser};
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, InputFile, KeyboardButton, KeyboardMarkup, LabeledPrice,
    MessageId, ParseMode,
};

fn press_me() -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Press me", "pressed")]])
}

async fn echo(bot: Bot, message: Message) -> ResponseResult<()> {
    let text = message.text().unwrap_or_default();
    bot.send_message(message.chat.id, format!("echo: {text}"))
        .reply_markup(press_me())
        .await?;
    Ok(())
}

async fn press(bot: Bot, query: CallbackQuery) -> ResponseResult<()> {
    bot.answer_callback_query(query.id.clone()).text("done").await?;
    if let Some(message) = query.regular_message() {
        let data = query.data.as_deref().unwrap_or_default();
        bot.edit_message_text(message.chat.id, message.id, format!("pressed: {data}"))
            .await?;
    }
    Ok(())
}

async fn approve(bot: Bot, query: PreCheckoutQuery) -> ResponseResult<()> {
    let ok = query.total_amount < 1000;
    let answer = bot.answer_pre_checkout_query(query.id, ok);
    if ok {
        answer.await?;
    } else {
        answer.error_message("too expensive").await?;
    }
    Ok(())
}

async fn paid(bot: Bot, message: Message) -> ResponseResult<()> {
    if let Some(payment) = message.successful_payment() {
        let text = format!("paid {} {}", payment.total_amount, payment.currency);
        bot.send_message(message.chat.id, text).await?;
    }
    Ok(())
}

// Multi-threaded like the real bot, so the bot can answer while the test is still acting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_dispatcher_talks_to_the_fake() {
    let fake = FakeTelegram::start().await;
    let handler = dptree::entry()
        .branch(
            Update::filter_message()
                .branch(dptree::filter(|m: Message| m.successful_payment().is_some()).endpoint(paid))
                .endpoint(echo),
        )
        .branch(Update::filter_callback_query().endpoint(press))
        .branch(Update::filter_pre_checkout_query().endpoint(approve));
    let mut dispatcher = Dispatcher::builder(fake.bot(), handler).build();
    let shutdown = dispatcher.shutdown_token();
    let running = tokio::spawn(async move { dispatcher.dispatch().await });

    let user = TestUser::new(42, "ru");
    let start = fake.send_text(&user, "/start now");
    let reply = fake.wait_bot_message_containing(42, "echo: /start now").await;
    assert!(reply.message_id > start, "ids are shared by the chat");
    assert_eq!(reply.buttons[0][0].callback_data.as_deref(), Some("pressed"));
    assert_eq!(fake.updates_pending(), 0);

    let query = fake.tap_button(&user, "Press");
    let (_, text, show_alert) = fake.wait_callback_answered(&query).await;
    assert_eq!((text.as_deref(), show_alert), (Some("done"), false));
    let edited = fake.wait_bot_message_containing(42, "pressed: pressed").await;
    assert_eq!(edited.message_id, reply.message_id);
    assert_eq!(edited.edits, 1);
    assert!(
        edited.buttons.is_empty(),
        "an edit without markup drops the keyboard"
    );

    // The old text is stale: a new action needs a new reply.
    fake.send_text(&user, "again");
    fake.wait_bot_message_containing(42, "echo: again").await;

    // The same edit twice is refused like in Telegram; the handler's error is recorded.
    let again = fake.tap(&user, reply.message_id, "pressed");
    fake.wait_callback_answered(&again).await;
    fake.wait_for("the refused edit", |seen| {
        let mut edits = seen.calls_to("editMessageText");
        edits.find(|call| call.error.is_some()).cloned()
    })
    .await;

    let invoice = fake
        .bot()
        .send_invoice(
            ChatId(42),
            "Top up",
            "Balance",
            "topup:7",
            "XTR",
            [LabeledPrice::new("Stars", 500)],
        )
        .await
        .expect("invoice");
    let paid_message = fake.pay_invoice(&user, invoice.id.0).await.expect("approved");
    assert!(paid_message > invoice.id.0);
    fake.wait_bot_message_containing(42, "paid 500 XTR").await;

    let expensive = fake
        .bot()
        .send_invoice(
            ChatId(42),
            "Top up",
            "Balance",
            "topup:8",
            "XTR",
            [LabeledPrice::new("Stars", 5000)],
        )
        .await
        .expect("invoice");
    let refused = fake.pay_invoice(&user, expensive.id.0).await;
    assert_eq!(refused, Err(Some("too expensive".to_owned())));

    shutdown.shutdown().expect("dispatcher is running").await;
    running.await.expect("dispatcher task");
    assert!(fake.calls().iter().any(|call| call.method == "getme"));
    fake.shutdown().await;
}

#[tokio::test]
async fn methods_answer_like_telegram() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = TestUser::new(7, "en");
    fake.send_text(&user, "hi");
    let chat = ChatId(7);

    // HTML is rendered for display, and malformed HTML is refused.
    let sent = bot
        .send_message(chat, "<b>Price</b> &lt;5&gt; &amp; more")
        .parse_mode(ParseMode::Html)
        .reply_markup(press_me())
        .await
        .expect("valid HTML");
    assert_eq!(sent.text(), Some("Price <5> & more"));
    assert_eq!(fake.last_bot_message(7).text, "Price <5> & more");
    let broken = bot
        .send_message(chat, "Views <1000")
        .parse_mode(ParseMode::Html)
        .await;
    assert!(
        matches!(broken, Err(RequestError::Api(ApiError::CantParseEntities(_)))),
        "{broken:?}"
    );
    let empty = bot.send_message(chat, " ").await;
    assert!(matches!(
        empty,
        Err(RequestError::Api(ApiError::MessageTextIsEmpty))
    ));
    let long_data = InlineKeyboardButton::callback("x", "d".repeat(65));
    let bad_button = bot
        .send_message(chat, "menu")
        .reply_markup(InlineKeyboardMarkup::new([[long_data]]))
        .await;
    assert!(matches!(
        bad_button,
        Err(RequestError::Api(ApiError::ButtonDataInvalid))
    ));

    // Edits: not modified, not found, markup only.
    let same = bot
        .edit_message_text(chat, sent.id, "<b>Price</b> &lt;5&gt; &amp; more")
        .parse_mode(ParseMode::Html)
        .reply_markup(press_me())
        .await;
    assert!(matches!(
        same,
        Err(RequestError::Api(ApiError::MessageNotModified))
    ));
    let missing = bot.edit_message_text(chat, MessageId(999), "x").await;
    assert!(matches!(
        missing,
        Err(RequestError::Api(ApiError::MessageToEditNotFound))
    ));
    bot.edit_message_reply_markup(chat, sent.id)
        .await
        .expect("keyboard removed");
    let message = fake.last_bot_message(7);
    assert_eq!((message.edits, message.buttons.len()), (1, 0));

    // Photos are multipart uploads; reply keyboards are recorded.
    let photo = bot
        .send_photo(chat, InputFile::memory(vec![0_u8; 2048]).file_name("p.png"))
        .caption("Catalogue")
        .reply_markup(KeyboardMarkup::new([[KeyboardButton::new("🛒 Shop")]]))
        .await
        .expect("photo");
    assert_eq!(photo.caption(), Some("Catalogue"));
    let shown = fake.last_bot_message(7);
    assert_eq!(shown.content, Content::Photo);
    assert_eq!(shown.reply_keyboard, vec![vec!["🛒 Shop".to_owned()]]);

    bot.delete_message(chat, photo.id).await.expect("deleted");
    let gone = bot.delete_message(chat, photo.id).await;
    assert!(matches!(
        gone,
        Err(RequestError::Api(ApiError::MessageToDeleteNotFound))
    ));

    // A callback query takes exactly one answer.
    let query = fake.tap(&user, sent.id.0, "anything");
    bot.answer_callback_query(query.clone().into())
        .await
        .expect("first answer");
    let twice = bot.answer_callback_query(query.into()).await;
    assert!(matches!(twice, Err(RequestError::Api(ApiError::InvalidQueryId))));

    fake.block_bot(&user);
    let blocked = bot.send_message(chat, "news").await;
    assert!(matches!(blocked, Err(RequestError::Api(ApiError::BotBlocked))));

    let unknown = bot.get_chat(chat).await;
    assert!(unknown.is_err());
    let errors = fake.calls().into_iter().filter(|call| call.error.is_some());
    assert_eq!(errors.count(), 9, "{}", fake.dump());
    fake.shutdown().await;
}

#[tokio::test]
async fn get_updates_long_polls_and_confirms() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = TestUser::new(9, "fa");

    let started = std::time::Instant::now();
    let nothing = bot.get_updates().timeout(1).await.expect("empty poll");
    assert!(nothing.is_empty());
    assert!(started.elapsed() >= std::time::Duration::from_millis(900));

    let poll = tokio::spawn({
        let bot = bot.clone();
        async move { bot.get_updates().timeout(5).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    fake.send_text(&user, "/start");
    let updates = poll.await.expect("poll task").expect("updates");
    assert_eq!(updates.len(), 1);
    assert_eq!(fake.updates_pending(), 0);

    // Unconfirmed updates come again; a higher offset confirms them.
    let offset = updates[0].id.as_offset();
    assert_eq!(bot.get_updates().await.expect("again").len(), 1);
    fake.send_text(&user, "two");
    fake.send_text(&user, "three");
    let next = bot.get_updates().offset(offset).limit(1).await.expect("next");
    assert_eq!(next.len(), 1);
    assert_eq!(fake.updates_pending(), 1);

    let unauthorized = Bot::new("1:WRONG").set_api_url(fake.api_url()).get_me().await;
    assert!(matches!(
        unauthorized,
        Err(RequestError::Api(ApiError::InvalidToken))
    ));
    let me = bot.get_me().await.expect("getMe");
    assert_eq!(me.username(), fake_telegram::BOT_USERNAME);
    fake.shutdown().await;
}
