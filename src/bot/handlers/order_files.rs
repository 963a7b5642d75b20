//! `/order`: an order's file for admins, and the refunds it offers (all of it, or a part typed
//! in). Unknown outcomes are settled with the alert's own buttons ([`super::admin`]).
//!
//! Admin rights are checked on every command and tap by the schema; the step that waits for an
//! admin's typed amount checks them again, as rights may be withdrawn meanwhile.

use std::sync::Arc;

use teloxide::prelude::*;
use tokio::sync::Notify;

use super::{amount_and_reason, send, show};
use crate::bot::state::State;
use crate::bot::views::moderation::RECENT_ROWS;
use crate::bot::views::moderation::command_args::{self, ArgProblem, Needed};
use crate::bot::views::moderation::order_files::{self as views, OrderFile};
use crate::bot::views::screen;
use crate::bot::{BotDialogue, Customer, HandlerResult, Screen, TgBot, Tr};
use crate::config::Config;
use crate::db::Db;
use crate::db::orders::AdminRefund;
use crate::error::Result;

/// `/order <id>`: our record of the order, the supplier's last answer, and what can be done.
pub async fn order(
    bot: TgBot,
    msg: Message,
    args: String,
    dialogue: BotDialogue,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    dialogue.exit().await?;
    let id = match order_id(&args) {
        Ok(id) => id,
        Err(problem) => {
            let usage = tr.t("mod-order-usage");
            let text = command_args::explain(&tr, &problem, &config.shop_currency, &usage);
            bot.send_message(msg.chat.id, text).await?;
            return Ok(());
        }
    };
    match order_screen(&tr, &db, &config, id, None).await? {
        Some(screen) => send(&bot, msg.chat.id, screen).await,
        None => {
            bot.send_message(msg.chat.id, views::order_not_found(&tr, id))
                .await?;
            Ok(())
        }
    }
}

/// `<id>`, perhaps as `#17`.
fn order_id(args: &str) -> std::result::Result<i64, ArgProblem> {
    let mut words = args.split_whitespace();
    let id = words.next().ok_or_else(|| ArgProblem::Missing {
        what: Needed::Id,
        example: "/order 17".into(),
    })?;
    let id = command_args::id(id)?;
    command_args::nothing_more(words)?;
    Ok(id)
}

/// "Refund all": the whole charge goes back, once.
#[allow(clippy::too_many_arguments)]
pub async fn refund_in_full(
    bot: TgBot,
    q: CallbackQuery,
    order: i64,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
    notices_queued: Arc<Notify>,
) -> HandlerResult {
    let outcome = refund(&db, &notices_queued, customer.id, order, (None, "")).await?;
    let note = views::refund_note(&tr, &config.shop_currency, order, &outcome);
    show_order(&bot, &q, &tr, &db, &config, order, note).await
}

/// "Partial refund": asks for the amount, unless the order cannot be refunded (any more).
pub async fn ask_refund_amount(
    bot: TgBot,
    q: CallbackQuery,
    order: i64,
    dialogue: BotDialogue,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    match db.check_refund(order).await? {
        Ok(found) => {
            dialogue
                .update(State::AwaitingRefundAmount { order_id: order })
                .await?;
            let question =
                views::ask_refund_amount(&tr, &config.shop_currency, order, found.refundable_minor());
            send(&bot, ChatId::from(q.from.id), question).await
        }
        Err(refusal) => {
            let note = views::refund_note(&tr, &config.shop_currency, order, &refusal);
            show_order(&bot, &q, &tr, &db, &config, order, note).await
        }
    }
}

/// "amount [reason]" typed after "Partial refund". A wrong amount keeps the question open.
#[allow(clippy::too_many_arguments)]
pub async fn receive_refund_amount(
    bot: TgBot,
    msg: Message,
    order_id: i64,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
    notices_queued: Arc<Notify>,
) -> HandlerResult {
    let currency = &config.shop_currency;
    let outcome = match msg.text().and_then(|text| amount_and_reason(currency, text)) {
        Some((amount, reason)) => {
            refund(
                &db,
                &notices_queued,
                customer.id,
                order_id,
                (Some(amount), reason),
            )
            .await?
        }
        // Not an amount at all: answered like one out of range.
        None => AdminRefund::BadAmount {
            max_minor: db.order(order_id).await?.map_or(0, |o| o.refundable_minor()),
        },
    };
    let note = views::refund_note(&tr, currency, order_id, &outcome);
    if matches!(outcome, AdminRefund::BadAmount { .. }) {
        bot.send_message(msg.chat.id, note).await?;
        return Ok(());
    }
    dialogue.exit().await?;
    match order_screen(&tr, &db, &config, order_id, Some(note.clone())).await? {
        Some(screen) => send(&bot, msg.chat.id, screen).await,
        None => {
            bot.send_message(msg.chat.id, note).await?;
            Ok(())
        }
    }
}

/// Refunds `amount` of an order (all of it when `None`) as admin `admin_id` decided.
async fn refund(
    db: &Db,
    notices_queued: &Notify,
    admin_id: i64,
    order_id: i64,
    (amount, reason): (Option<i64>, &str),
) -> Result<AdminRefund> {
    let note = match reason {
        "" => format!("refund by admin {admin_id}"),
        reason => format!("refund by admin {admin_id}: {reason}"),
    };
    let outcome = db.refund_by_admin(order_id, amount, &note).await?;
    if let AdminRefund::Refunded { amount_minor, .. } = outcome {
        tracing::info!(admin_id, order_id, amount_minor, "order refunded by an admin");
        // The customer's notice was queued in the refund's own transaction.
        notices_queued.notify_one();
    }
    Ok(outcome)
}

async fn order_screen(
    tr: &Tr,
    db: &Db,
    config: &Config,
    order_id: i64,
    note: Option<String>,
) -> Result<Option<Screen>> {
    let Some(order) = db.order(order_id).await? else {
        return Ok(None);
    };
    let file = OrderFile {
        customer: db.user(order.user_id).await?,
        answer: db.provider_answer(order_id).await?.unwrap_or_default(),
        events: db.order_events(order_id, RECENT_ROWS).await?,
        refundable: db.check_refund(order_id).await?.is_ok(),
        order,
    };
    Ok(Some(views::order_view(tr, &config.shop_currency, &file, note)))
}

/// The order in place of the tapped message, with `note` on top.
async fn show_order(
    bot: &TgBot,
    q: &CallbackQuery,
    tr: &Tr,
    db: &Db,
    config: &Config,
    order_id: i64,
    note: String,
) -> HandlerResult {
    let found = order_screen(tr, db, config, order_id, Some(note.clone())).await?;
    show(bot, q, found.unwrap_or_else(|| screen(note, Vec::new()))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_id_is_one_number() {
        assert_eq!(order_id(" #17 "), Ok(17));
        assert_eq!(
            order_id(""),
            Err(ArgProblem::Missing {
                what: Needed::Id,
                example: "/order 17".into()
            })
        );
        assert_eq!(order_id("abc"), Err(ArgProblem::NotAnId { got: "abc".into() }));
        assert_eq!(order_id("17 18"), Err(ArgProblem::TooMany { extra: "18".into() }));
    }
}
