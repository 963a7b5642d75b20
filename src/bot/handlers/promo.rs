//! Promo codes: the customer's "Promo code" step on the balance screen, and the admins' `/promo`.

use std::sync::Arc;

use teloxide::prelude::*;

use super::{send, show};
use crate::bot::state::State;
use crate::bot::views;
use crate::bot::{BotDialogue, Customer, HandlerResult, TgBot, Tr};
use crate::config::Config;
use crate::db::{Db, now};
use crate::payments::promo::{self, Redeemed, terms};

/// "Promo code" under the balance: the next text is the code.
pub async fn ask_code(bot: TgBot, q: CallbackQuery, dialogue: BotDialogue, tr: Tr) -> HandlerResult {
    dialogue.update(State::AwaitingPromoCode).await?;
    show(&bot, &q, views::promo::ask_code(&tr)).await
}

/// The typed code. A mistyped one keeps the step open for another try; a photo or sticker is
/// no guess at all, just a request for the code as text.
pub async fn receive_code(
    bot: TgBot,
    msg: Message,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(typed) = msg.text() else {
        return send(&bot, msg.chat.id, views::promo::send_as_text(&tr)).await;
    };
    let outcome = promo::redeem(&db, customer.id, typed).await?;
    if outcome != Redeemed::Unknown {
        dialogue.exit().await?;
    }
    if let Redeemed::Credited { amount_minor, .. } = outcome {
        tracing::info!(user = customer.id, amount_minor, "promo code credited");
    }
    let screen = views::promo::redeemed(&tr, &config.shop_currency, &outcome, now());
    send(&bot, msg.chat.id, screen).await
}

/// `/promo new …`, `/promo list`, `/promo off CODE`.
pub async fn promo(
    bot: TgBot,
    msg: Message,
    args: String,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let currency = &config.shop_currency;
    let text = match terms::parse(&args, currency) {
        Err(error) => views::promo::terms_error(&tr, &error),
        Ok(terms::PromoCommand::List) => views::promo::list(&tr, currency, &db.promos().await?),
        Ok(terms::PromoCommand::Off { code }) => {
            let key = if db.switch_promo_off(&code).await? {
                tracing::info!(admin = customer.id, %code, "promo code switched off");
                "promo-admin-off"
            } else {
                "promo-admin-no-such-code"
            };
            tr.f(key, &[("code", code.into())])
        }
        Ok(terms::PromoCommand::New(new)) => {
            let key = if promo::create(&db, &new, customer.id).await? {
                tracing::info!(admin = customer.id, code = %new.code, "promo code created");
                "promo-admin-created"
            } else {
                "promo-admin-exists"
            };
            tr.f(key, &[("code", new.code.into())])
        }
    };
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}
