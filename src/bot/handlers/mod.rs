//! Handlers by area. Each reads the update, calls the domain, and shows a screen.

pub mod account;
pub mod admin;
pub mod menu;
pub mod moderation;
pub mod ordering;
pub mod pricing;
pub mod reports;
pub mod shop;
pub mod topup;

use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::ChatId;

use super::{HandlerResult, Screen, TgBot};

/// Sends a screen as a new message.
pub async fn send(bot: &TgBot, chat: ChatId, screen: Screen) -> HandlerResult {
    bot.send_message(chat, screen.text)
        .reply_markup(screen.keyboard)
        .await?;
    Ok(())
}

/// Shows a screen in place of the message whose button was tapped, so menus do not pile up;
/// sends it anew when that message cannot be edited any more.
pub async fn show(bot: &TgBot, q: &CallbackQuery, screen: Screen) -> HandlerResult {
    let Some(message) = q.regular_message() else {
        return send(bot, ChatId::from(q.from.id), screen).await;
    };
    let edited = bot
        .edit_message_text(message.chat.id, message.id, screen.text.clone())
        .reply_markup(screen.keyboard.clone())
        .await;
    match edited {
        Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(()),
        Err(RequestError::Api(e)) => {
            tracing::debug!(error = %e, "menu message not editable; sending a new one");
            send(bot, message.chat.id, screen).await
        }
        Err(e) => Err(e.into()),
    }
}
