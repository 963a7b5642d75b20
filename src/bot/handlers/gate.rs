//! The gate before every customer update: banned customers are turned away, and every customer
//! while the shop is closed for maintenance.

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::UpdateKind;

use crate::bot::{Customer, HandlerResult, TgBot, Tr};
use crate::db::Db;
use crate::error::Error;

/// Why a customer's update goes no further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnedAway {
    Banned,
    Closed,
}

/// Turns away banned customers, and every customer while the shop is closed; admins pass.
///
/// A banned customer gets one short answer, then silence: answering each of their updates would
/// let them spend the bot's rate limits. While the shop is closed every customer update gets an
/// answer (a message gets a message, a tap a short toast): the closure is temporary, and a bot
/// that says nothing looks broken. Payments never get here: the schema handles them first, and
/// the payment code refuses banned customers' checkouts itself.
pub fn gate() -> UpdateHandler<Error> {
    dptree::filter_map_async(turned_away).endpoint(turn_away)
}

/// A customer's private message or tap: what the gates answer. Anything else (a group message,
/// a payment) passes them.
pub(super) fn is_conversation(update: &Update) -> bool {
    match &update.kind {
        UpdateKind::Message(msg) => msg.chat.is_private(),
        UpdateKind::CallbackQuery(_) => true,
        _ => false,
    }
}

async fn turned_away(update: Update, customer: Customer, db: Db) -> Option<TurnedAway> {
    if customer.is_admin || !is_conversation(&update) {
        return None;
    }
    if customer.banned {
        return Some(TurnedAway::Banned);
    }
    match db.maintenance().await {
        Ok(closed) => closed.then_some(TurnedAway::Closed),
        Err(e) => {
            tracing::error!(error = %e, "could not read the maintenance switch; update let through");
            None
        }
    }
}

async fn turn_away(
    bot: TgBot,
    update: Update,
    why: TurnedAway,
    tr: Tr,
    customer: Customer,
    db: Db,
) -> HandlerResult {
    let tap = match &update.kind {
        UpdateKind::CallbackQuery(q) => Some(q.id.clone()),
        _ => None,
    };
    match (why, tap) {
        (TurnedAway::Closed, Some(tap)) => {
            bot.answer_callback_query(tap).text(tr.t("mod-closed")).await?;
        }
        (TurnedAway::Closed, None) => {
            bot.send_message(ChatId(customer.id), tr.t("mod-closed")).await?;
        }
        (TurnedAway::Banned, tap) => {
            if db.take_ban_notice(customer.id).await? {
                bot.send_message(ChatId(customer.id), tr.t("mod-banned")).await?;
            }
            // Silently, so that no spinner is left turning.
            if let Some(tap) = tap {
                bot.answer_callback_query(tap).await?;
            }
        }
    }
    Ok(())
}
