//! Start, help, cancel, language, and the answers to anything unexpected.

use std::sync::Arc;

use teloxide::prelude::*;

use super::{send, show};
use crate::bot::state::State;
use crate::bot::{BotDialogue, Customer, HandlerResult, Screen, TgBot, Tr, views};
use crate::config::Config;
use crate::db::Db;
use crate::error::Result;
use crate::i18n::Lang;

/// The main menu, with the customer's balance as it is now.
async fn main_menu(tr: &Tr, db: &Db, config: &Config, customer: &Customer) -> Result<Screen> {
    let balance_minor = db.balance(customer.id).await?;
    Ok(views::menu::main_menu(
        tr,
        &config.shop_currency,
        customer,
        balance_minor,
        config.webapp.as_ref().map(|webapp| &webapp.url),
    ))
}

pub async fn start(
    bot: TgBot,
    msg: Message,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    dialogue.exit().await?;
    super::referrals::note_start(&db, &customer, msg.text()).await?;
    if config.admin_ids.is_empty() {
        // How a new owner learns their own id: nobody can manage the shop until ADMIN_IDS is set.
        tracing::warn!(
            user_id = customer.id,
            "no ADMIN_IDS configured; if this /start was yours, set ADMIN_IDS={} and restart",
            customer.id
        );
    }
    send(&bot, msg.chat.id, main_menu(&tr, &db, &config, &customer).await?).await
}

pub async fn help(bot: TgBot, msg: Message, tr: Tr) -> HandlerResult {
    send(&bot, msg.chat.id, views::menu::help(&tr)).await
}

/// `/cancel` leaves whatever the customer was doing, from anywhere, and says what was left.
#[allow(clippy::too_many_arguments)]
pub async fn cancel(
    bot: TgBot,
    msg: Message,
    dialogue: BotDialogue,
    state: State,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    dialogue.exit().await?;
    bot.send_message(msg.chat.id, views::menu::left_step(&tr, &state))
        .await?;
    send(&bot, msg.chat.id, main_menu(&tr, &db, &config, &customer).await?).await
}

pub async fn unknown_command(bot: TgBot, msg: Message, tr: Tr) -> HandlerResult {
    bot.send_message(msg.chat.id, tr.t("unknown-command")).await?;
    Ok(())
}

/// Text (or a sticker, a photo...) where the bot expects a button: a hint and the menu.
pub async fn unexpected_message(
    bot: TgBot,
    msg: Message,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    bot.send_message(msg.chat.id, tr.t("use-buttons")).await?;
    send(&bot, msg.chat.id, main_menu(&tr, &db, &config, &customer).await?).await
}

/// A step only admins can be in, reached by someone who is no admin any more: leave it.
pub async fn leave_admin_step(
    bot: TgBot,
    msg: Message,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    dialogue.exit().await?;
    unexpected_message(bot, msg, tr, customer, db, config).await
}

/// Stops the client's spinner as soon as a tap is routed.
pub async fn acknowledge(bot: TgBot, q: CallbackQuery) {
    if let Err(e) = bot.answer_callback_query(q.id.clone()).await {
        tracing::debug!(error = %e, "could not answer callback query");
    }
}

/// A button from an old message, or one whose moment has passed: say so, change nothing.
pub async fn stale_button(bot: TgBot, q: CallbackQuery, tr: Tr) -> HandlerResult {
    bot.answer_callback_query(q.id.clone())
        .text(tr.t("stale-button"))
        .await?;
    Ok(())
}

pub async fn show_menu(
    bot: TgBot,
    q: CallbackQuery,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    show(&bot, &q, main_menu(&tr, &db, &config, &customer).await?).await
}

pub async fn show_help(bot: TgBot, q: CallbackQuery, tr: Tr) -> HandlerResult {
    show(&bot, &q, views::menu::help(&tr)).await
}

pub async fn languages(bot: TgBot, q: CallbackQuery, tr: Tr) -> HandlerResult {
    show(&bot, &q, views::menu::languages(&tr)).await
}

pub async fn set_language(
    bot: TgBot,
    q: CallbackQuery,
    lang: Lang,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    db.set_language(customer.id, lang).await?;
    let tr = Tr { lang, ..tr };
    show(&bot, &q, main_menu(&tr, &db, &config, &customer).await?).await
}
