//! Admins on a customer's profile: marking a reseller (who may use the panel API when only
//! resellers may), and their own markup for what they buy through it.

use std::sync::Arc;

use teloxide::prelude::*;

use super::customers::{profile_screen, show_profile};
use super::send;
use crate::bot::state::State;
use crate::bot::views::moderation::resellers as views;
use crate::bot::{BotDialogue, Customer, HandlerResult, TgBot, Tr};
use crate::config::Config;
use crate::db::Db;
use crate::pricing::parse_markup;

/// What an admin types to go back to the shop's own prices.
const NO_MARKUP: &str = "-";

#[allow(clippy::too_many_arguments)]
pub async fn set_reseller(
    bot: TgBot,
    q: CallbackQuery,
    (user, on): (i64, bool),
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let note = if db.set_reseller(user, on).await? {
        tracing::info!(admin = customer.id, user, reseller = on, "reseller mark changed");
        Some(views::changed(&tr, user, on))
    } else {
        None
    };
    show_profile(&bot, &q, &tr, &db, &config, user, note).await
}

/// "Reseller markup": asks for the percent in a new message, so the profile stays above it.
pub async fn ask_markup(
    bot: TgBot,
    q: CallbackQuery,
    user_id: i64,
    dialogue: BotDialogue,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    if db.user(user_id).await?.is_none() {
        return show_profile(&bot, &q, &tr, &db, &config, user_id, None).await;
    }
    dialogue.update(State::AwaitingResellerMarkup { user_id }).await?;
    send(&bot, ChatId::from(q.from.id), views::ask_markup(&tr, user_id)).await
}

/// The percent typed after "Reseller markup", or `-` for the shop's prices; a wrong one keeps the
/// question open.
#[allow(clippy::too_many_arguments)]
pub async fn receive_markup(
    bot: TgBot,
    msg: Message,
    user_id: i64,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let text = msg.text().unwrap_or_default().trim();
    let markup = match (text, parse_markup(text)) {
        (NO_MARKUP, _) => None,
        (_, Some(percent)) => Some(percent),
        _ => {
            bot.send_message(msg.chat.id, views::markup_invalid(&tr)).await?;
            return Ok(());
        }
    };
    dialogue.exit().await?;
    db.set_reseller_markup(user_id, markup).await?;
    tracing::info!(admin = customer.id, user_id, ?markup, "reseller markup changed");
    let note = views::markup_changed(&tr, user_id, markup);
    match profile_screen(&tr, &db, &config, user_id, Some(note.clone())).await? {
        Some(screen) => send(&bot, msg.chat.id, screen).await,
        None => {
            bot.send_message(msg.chat.id, note).await?;
            Ok(())
        }
    }
}
