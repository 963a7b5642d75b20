//! `/broadcast`: drafts a broadcast from the message it replies to, then starts or drops it.
//! The sending is the broadcaster's ([`crate::broadcast`]), through
//! [`crate::bot::broadcast_outlet::TelegramOutlet`].

use std::sync::Arc;

use teloxide::prelude::*;

use super::{send, show};
use crate::bot::views::moderation::broadcasts as views;
use crate::bot::{Customer, HandlerResult, TgBot, Tr};
use crate::broadcast::{self, Refusal, Wake};
use crate::config::Config;
use crate::db::Db;

/// `/broadcast`, in reply to the message to send: shows how many customers it would reach and
/// asks to confirm.
pub async fn broadcast(
    bot: TgBot,
    msg: Message,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(source) = msg.reply_to_message() else {
        bot.send_message(msg.chat.id, tr.t("mod-broadcast-usage")).await?;
        return Ok(());
    };
    let audience = broadcast::audience(&db, &config.admin_ids).await?;
    if audience == 0 {
        bot.send_message(msg.chat.id, tr.t("mod-broadcast-nobody"))
            .await?;
        return Ok(());
    }
    let id = broadcast::draft(&db, customer.id, source.chat.id.0, source.id.0.into()).await?;
    send(&bot, msg.chat.id, views::broadcast_confirm(&tr, id, audience)).await
}

/// "Send": the question turns into the progress message, and the broadcaster starts.
pub async fn start_broadcast(
    bot: TgBot,
    q: CallbackQuery,
    id: i64,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
    wake: Wake,
) -> HandlerResult {
    let Some(question) = q.regular_message() else {
        return Ok(());
    };
    match broadcast::start(&db, id, question.id.0.into(), &config.admin_ids).await? {
        Ok(recipients) => {
            tracing::info!(broadcast = id, admin = %q.from.id, recipients, "broadcast started");
            show(&bot, &q, views::broadcast_started(&tr, id, recipients)).await?;
            wake.wake();
            Ok(())
        }
        Err(refusal) => refused(&bot, &q, &tr, id, refusal).await,
    }
}

/// "Cancel" under the question: nothing is sent.
pub async fn drop_broadcast(bot: TgBot, q: CallbackQuery, id: i64, tr: Tr, db: Db) -> HandlerResult {
    match broadcast::cancel(&db, id).await? {
        Ok(()) => show(&bot, &q, views::broadcast_canceled(&tr, id)).await,
        Err(refusal) => refused(&bot, &q, &tr, id, refusal).await,
    }
}

/// A second tap, or an old button: said in a new message, so that the progress message (which
/// the tapped one has become) keeps showing the progress.
async fn refused(bot: &TgBot, q: &CallbackQuery, tr: &Tr, id: i64, refusal: Refusal) -> HandlerResult {
    bot.send_message(ChatId::from(q.from.id), views::broadcast_refusal(tr, id, refusal))
        .await?;
    Ok(())
}
