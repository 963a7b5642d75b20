//! Support: a customer writes to the shop ("Message support", `/support`, or a reply to an
//! answer), admins get it with who wrote it and answer by replying to it; `/tickets` lists the
//! open tickets, each with a button to close it.
//!
//! Admin rights are checked on every update: the schema routes `/tickets` and the close button
//! to admins only, and a reply counts as an answer only while its sender is an admin.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{FileId, InputFile, MessageId};

use super::{send, show, tr_for};
use crate::bot::state::State;
use crate::bot::views::support as views;
use crate::bot::{BotDialogue, Customer, HandlerResult, Screen, TgBot, Tr};
use crate::config::Config;
use crate::db::Db;
use crate::db::support::Ticket;
use crate::error::Result;
use crate::i18n::I18n;
use crate::support::{self, Content, Received, Side};

/// Orders an admin sees under a customer's message.
const LATEST_ORDERS: i64 = 3;

/// What a reply to a support message is.
#[derive(Debug, Clone)]
pub enum Reply {
    /// An admin answers the ticket.
    Answer(Ticket),
    /// The customer writes more, replying to an answer.
    FollowUp,
}

/// Whether a message replies to a support message, and whose: checked before the dialogue's
/// steps, so an admin can answer in the middle of one (the step stays).
pub async fn reply_to_ticket(msg: Message, customer: Customer, db: Db) -> Option<Reply> {
    let replied = msg.reply_to_message()?;
    let ticket = match support::ticket_replied_to(&db, msg.chat.id.0, replied.id.0).await {
        Ok(ticket) => ticket?,
        Err(e) => {
            tracing::error!(error = %e, "could not look up the ticket of a reply");
            return None;
        }
    };
    if ticket.user_id == customer.id {
        Some(Reply::FollowUp)
    } else if customer.is_admin {
        Some(Reply::Answer(ticket))
    } else {
        None
    }
}

/// "Message support" in the menu or under help.
pub async fn prompt_from_button(
    bot: TgBot,
    q: CallbackQuery,
    dialogue: BotDialogue,
    tr: Tr,
    config: Arc<Config>,
) -> HandlerResult {
    let screen = start_writing(&dialogue, &tr, &config).await?;
    show(&bot, &q, screen).await
}

/// `/support`.
pub async fn prompt_from_command(
    bot: TgBot,
    msg: Message,
    dialogue: BotDialogue,
    tr: Tr,
    config: Arc<Config>,
) -> HandlerResult {
    let screen = start_writing(&dialogue, &tr, &config).await?;
    send(&bot, msg.chat.id, screen).await
}

/// Waits for the customer's message, when there are admins to read it.
async fn start_writing(dialogue: &BotDialogue, tr: &Tr, config: &Config) -> Result<Screen> {
    if config.admin_ids.is_empty() {
        return Ok(views::unavailable(tr));
    }
    dialogue.update(State::AwaitingSupportMessage).await?;
    Ok(views::prompt(tr, config.support_contact.as_ref()))
}

/// A reply to a support message: an admin's answer, or the customer writing more.
#[allow(clippy::too_many_arguments)]
pub async fn reply(
    bot: TgBot,
    msg: Message,
    reply: Reply,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
    i18n: Arc<I18n>,
) -> HandlerResult {
    match reply {
        Reply::Answer(ticket) => answer(&bot, &msg, &ticket, &tr, &customer, &db, &config, &i18n).await,
        Reply::FollowUp => receive(bot, msg, tr, customer, db, config, i18n).await,
    }
}

/// The customer's message to support: stored in their ticket, shown to every admin, confirmed.
pub async fn receive(
    bot: TgBot,
    msg: Message,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
    i18n: Arc<I18n>,
) -> HandlerResult {
    let Some(content) = content_of(&msg) else {
        bot.send_message(msg.chat.id, views::not_text(&tr)).await?;
        return Ok(());
    };
    let (ticket_id, message_id, opened) =
        match support::receive(&db, customer.id, &content, source(&msg)).await? {
            Received::Accepted {
                ticket_id,
                message_id,
                opened,
            } => (ticket_id, message_id, opened),
            Received::Refused(refusal) => {
                bot.send_message(msg.chat.id, views::refused(&tr, refusal))
                    .await?;
                return Ok(());
            }
            Received::Duplicate => return Ok(()),
        };
    let Some(user) = db.user(customer.id).await? else {
        return Ok(());
    };
    let (latest_orders, _) = db.orders_page(customer.id, 0, LATEST_ORDERS).await?;
    for &admin in &config.admin_ids {
        let Ok(admin) = i64::try_from(admin) else {
            continue;
        };
        let admin_tr = tr_for(&db, &i18n, &config, admin).await;
        let copy = views::AdminCopy {
            ticket_id,
            opened,
            customer: &user,
            latest_orders: &latest_orders,
            text: content.text(),
        };
        let text = views::admin_copy(&admin_tr, &config.shop_currency, &copy);
        // An admin who never opened the bot, or blocked it, misses it; `/tickets` still has it.
        match deliver(&bot, ChatId(admin), &content, text).await {
            Ok(shown) => db.add_support_copy(message_id, admin, shown.0).await?,
            Err(e) => {
                tracing::warn!(admin, ticket_id, error = %e, "could not show a support message to an admin")
            }
        }
    }
    send(&bot, msg.chat.id, views::sent(&tr, ticket_id)).await
}

/// An admin's reply to a customer's message: sent to the customer as from the shop's support,
/// in the customer's language, and stored with the ticket.
#[allow(clippy::too_many_arguments)]
async fn answer(
    bot: &TgBot,
    msg: &Message,
    ticket: &Ticket,
    tr: &Tr,
    admin: &Customer,
    db: &Db,
    config: &Config,
    i18n: &Arc<I18n>,
) -> HandlerResult {
    let refusal = match content_of(msg) {
        Some(content) => support::check_length(&content, Side::Admin).map(|()| content),
        None => Err(support::Refusal::Empty),
    };
    let content = match refusal {
        Ok(content) => content,
        Err(refusal) => {
            bot.send_message(msg.chat.id, views::answer_refused(tr, refusal))
                .await?;
            return Ok(());
        }
    };
    if !ticket.is_open() {
        bot.send_message(msg.chat.id, views::answer_to_closed(tr, ticket.id))
            .await?;
        return Ok(());
    }
    let customer_tr = tr_for(db, i18n, config, ticket.user_id).await;
    let text = views::answer(&customer_tr, ticket.id, content.text());
    let delivered = match deliver(bot, ChatId(ticket.user_id), &content, text).await {
        Ok(delivered) => delivered,
        Err(e) => {
            tracing::warn!(ticket = ticket.id, error = %e, "could not deliver a support answer");
            bot.send_message(msg.chat.id, views::answer_failed(tr, ticket.id))
                .await?;
            return Ok(());
        }
    };
    support::record_answer(db, ticket, admin.id, &content, source(msg), delivered.0).await?;
    let name = db
        .user(ticket.user_id)
        .await?
        .map(|user| user.first_name)
        .unwrap_or_default();
    bot.send_message(msg.chat.id, views::answer_sent(tr, ticket.id, &name))
        .await?;
    Ok(())
}

/// `/tickets`: the open tickets.
pub async fn tickets(bot: TgBot, msg: Message, tr: Tr, db: Db) -> HandlerResult {
    let (tickets, total) = support::open_tickets(&db).await?;
    send(&bot, msg.chat.id, views::tickets(&tr, &tickets, total, None)).await
}

/// "Close" under `/tickets`: the customer is told, the list is shown again with a note.
#[allow(clippy::too_many_arguments)]
pub async fn close(
    bot: TgBot,
    q: CallbackQuery,
    ticket: i64,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
    i18n: Arc<I18n>,
) -> HandlerResult {
    let closed_for = support::close(&db, ticket, customer.id).await?;
    if let Some(user_id) = closed_for {
        let customer_tr = tr_for(&db, &i18n, &config, user_id).await;
        if let Err(e) = bot
            .send_message(ChatId(user_id), views::closed_notice(&customer_tr, ticket))
            .await
        {
            tracing::warn!(user_id, ticket, error = %e, "could not tell the customer their ticket is closed");
        }
    }
    let note = views::close_note(&tr, ticket, closed_for.is_some());
    let (tickets, total) = support::open_tickets(&db).await?;
    show(&bot, &q, views::tickets(&tr, &tickets, total, Some(note))).await
}

/// Text, or a photo (its largest size) with its caption; anything else is not for support.
fn content_of(msg: &Message) -> Option<Content> {
    if let Some(text) = msg.text() {
        return Some(Content::Text(text.to_string()));
    }
    let photo = msg.photo()?.last()?;
    Some(Content::Photo {
        file_id: photo.file.id.0.clone(),
        caption: msg.caption().unwrap_or_default().to_string(),
    })
}

fn source(msg: &Message) -> support::Source {
    (msg.chat.id.0, msg.id.0)
}

/// Sends `text` alone, or as the caption of the content's photo; returns the message's id.
async fn deliver(
    bot: &TgBot,
    chat: ChatId,
    content: &Content,
    text: String,
) -> Result<MessageId, teloxide::RequestError> {
    let sent = match content.photo() {
        Some(file_id) => {
            bot.send_photo(chat, InputFile::file_id(FileId(file_id.to_string())))
                .caption(text)
                .await?
        }
        None => bot.send_message(chat, text).await?,
    };
    Ok(sent.id)
}
