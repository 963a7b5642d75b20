//! The customer's switch for messages about their orders' progress, under a progress notice or
//! on the balance screen.

use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};

use crate::bot::views::notices::with_progress_updates;
use crate::bot::{Customer, HandlerResult, TgBot, Tr};
use crate::db::Db;

/// Stores the choice, then flips the tapped switch in place: the message it is on stays as it
/// was, so a notice keeps its news and the balance screen its figures.
pub async fn progress_updates(
    bot: TgBot,
    q: CallbackQuery,
    mute: bool,
    tr: Tr,
    customer: Customer,
    db: Db,
) -> HandlerResult {
    db.set_progress_muted(customer.id, mute).await?;
    let Some(message) = q.regular_message() else {
        return Ok(());
    };
    let Some(keyboard) = message.reply_markup() else {
        return Ok(());
    };
    let edited = bot
        .edit_message_reply_markup(message.chat.id, message.id)
        .reply_markup(with_progress_updates(&tr, keyboard, mute))
        .await;
    match edited {
        Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(()),
        // The choice is stored; an old message that cannot change any more is no failure.
        Err(RequestError::Api(e)) => {
            tracing::debug!(error = %e, "progress switch not flipped in place");
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}
