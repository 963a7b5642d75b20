//! `/broadcast`: drafts a broadcast — from the message it replies to, or from the message the
//! admin sends next, shown back as customers will get it — then starts or drops it. The sending
//! is the broadcaster's ([`crate::broadcast`]), through
//! [`crate::bot::broadcast_outlet::TelegramOutlet`].

use std::sync::Arc;

use teloxide::RequestError;
use teloxide::prelude::*;

use super::{send, show};
use crate::bot::state::State;
use crate::bot::views::moderation::broadcasts::{self as views, Source};
use crate::bot::{BotDialogue, Customer, HandlerResult, TgBot, Tr};
use crate::broadcast::{self, Refusal, Wake};
use crate::config::Config;
use crate::db::Db;
use crate::error::Result;

/// `/broadcast` in reply to the message to send: asks to confirm. `/broadcast` alone: asks for
/// the message. Either way only when there is someone to send it to.
pub async fn broadcast(
    bot: TgBot,
    msg: Message,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(audience) = audience(&bot, &msg, &tr, &db, &config).await? else {
        return Ok(());
    };
    let Some(source) = msg.reply_to_message() else {
        dialogue.update(State::AwaitingBroadcastMessage).await?;
        bot.send_message(msg.chat.id, tr.t("admin-broadcast-ask")).await?;
        return Ok(());
    };
    let id = broadcast::draft(&db, customer.id, source.chat.id.0, source.id.0.into()).await?;
    let question = views::broadcast_confirm(&tr, id, audience, Source::RepliedTo);
    send(&bot, msg.chat.id, question).await
}

/// The message asked for after `/broadcast`: copied back to the admin exactly as customers will
/// get it (the broadcaster copies it the same way), with the question below it.
pub async fn receive_message(
    bot: TgBot,
    msg: Message,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    // The plain bot, as the broadcaster's copies go without a default parse mode.
    let preview = bot.inner().copy_message(msg.chat.id, msg.chat.id, msg.id).await;
    match preview {
        Ok(_) => {}
        // A message Telegram cannot copy (a poll's quiz, a service message): the step stays.
        Err(RequestError::Api(e)) => {
            tracing::debug!(error = %e, "a broadcast message could not be copied");
            bot.send_message(msg.chat.id, tr.t("admin-broadcast-ask")).await?;
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    }
    dialogue.exit().await?;
    let Some(audience) = audience(&bot, &msg, &tr, &db, &config).await? else {
        return Ok(());
    };
    let id = broadcast::draft(&db, customer.id, msg.chat.id.0, msg.id.0.into()).await?;
    let question = views::broadcast_confirm(&tr, id, audience, Source::Preview);
    send(&bot, msg.chat.id, question).await
}

/// How many customers a broadcast would reach now; `None`, said to the admin, when nobody.
async fn audience(bot: &TgBot, msg: &Message, tr: &Tr, db: &Db, config: &Config) -> Result<Option<i64>> {
    let audience = broadcast::audience(db, &config.admin_ids).await?;
    if audience == 0 {
        bot.send_message(msg.chat.id, tr.t("mod-broadcast-nobody"))
            .await?;
        return Ok(None);
    }
    Ok(Some(audience))
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
