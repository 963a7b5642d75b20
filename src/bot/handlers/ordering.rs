//! Putting an order together: link, quantity, confirmation, and placing it.

use std::sync::Arc;

use teloxide::prelude::*;

use super::{send, show};
use crate::bot::callback::new_token;
use crate::bot::state::{OrderDraft, State};
use crate::bot::{BotDialogue, Customer, HandlerResult, TgBot, Tr, views};
use crate::config::Config;
use crate::db::Db;
use crate::db::catalogue::Service;
use crate::orders::input::{LinkError, QuantityError, check_link, parse_quantity};
use crate::orders::{self, OrderRequest};
use crate::providers::Providers;

/// The service if it is still on sale; otherwise the customer is told and leaves the order.
async fn on_sale(db: &Db, service_id: i64) -> crate::error::Result<Option<Service>> {
    Ok(db.service(service_id).await?.filter(|s| s.sale_price().is_some()))
}

async fn unavailable(bot: &TgBot, chat: ChatId, dialogue: &BotDialogue, tr: &Tr) -> HandlerResult {
    dialogue.exit().await?;
    send(bot, chat, views::unavailable(tr)).await
}

/// "Order" on a service card: ask for the link.
pub async fn begin(
    bot: TgBot,
    q: CallbackQuery,
    service: i64,
    dialogue: BotDialogue,
    tr: Tr,
    db: Db,
) -> HandlerResult {
    let Some(service) = on_sale(&db, service).await? else {
        dialogue.exit().await?;
        return show(&bot, &q, views::unavailable(&tr)).await;
    };
    dialogue
        .update(State::AwaitingLink {
            service_id: service.id,
        })
        .await?;
    show(&bot, &q, views::ask_link(&tr, &service)).await
}

pub async fn receive_link(
    bot: TgBot,
    msg: Message,
    service_id: i64,
    dialogue: BotDialogue,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(service) = on_sale(&db, service_id).await? else {
        return unavailable(&bot, msg.chat.id, &dialogue, &tr).await;
    };
    let checked = msg
        .text()
        .ok_or(LinkError::NotAUrl)
        .and_then(|text| check_link(service.link_rule(), service.target_bot.as_deref(), text));
    match checked {
        Ok(link) => {
            dialogue
                .update(State::AwaitingQuantity { service_id, link })
                .await?;
            send(
                &bot,
                msg.chat.id,
                views::ask_quantity(&tr, &config.shop_currency, &service),
            )
            .await
        }
        Err(error) => {
            let text = match error {
                LinkError::NotAUrl => tr.t("link-not-url"),
                LinkError::NotTelegram => tr.t("link-not-telegram"),
                LinkError::NoStartParameter => tr.t("link-no-start"),
                LinkError::WrongBot { expected } => tr.f("link-wrong-bot", &[("bot", expected.into())]),
            };
            send(&bot, msg.chat.id, views::input_error(&tr, text)).await
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub async fn receive_quantity(
    bot: TgBot,
    msg: Message,
    (service_id, link): (i64, String),
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(service) = on_sale(&db, service_id).await? else {
        return unavailable(&bot, msg.chat.id, &dialogue, &tr).await;
    };
    let (min, max) = (
        service.min_quantity.max(1) as u64,
        service.max_quantity.max(1) as u64,
    );
    let parsed = msg
        .text()
        .ok_or(QuantityError::NotANumber)
        .and_then(|t| parse_quantity(t, min, max));
    let quantity = match parsed {
        Ok(quantity) => quantity,
        Err(error) => {
            let text = match error {
                QuantityError::NotANumber => tr.f(
                    "quantity-not-number",
                    &[("min", min.to_string().into()), ("max", max.to_string().into())],
                ),
                QuantityError::BelowMin(min) => {
                    tr.f("quantity-below-min", &[("min", min.to_string().into())])
                }
                QuantityError::AboveMax(max) => {
                    tr.f("quantity-above-max", &[("max", max.to_string().into())])
                }
            };
            return send(&bot, msg.chat.id, views::input_error(&tr, text)).await;
        }
    };
    let Some(charge_minor) = orders::quote(&service, quantity) else {
        return unavailable(&bot, msg.chat.id, &dialogue, &tr).await;
    };
    let draft = OrderDraft {
        service_id,
        link,
        quantity,
        charge_minor,
        token: new_token(),
    };
    let screen = views::confirmation(
        &tr,
        &config.shop_currency,
        &service,
        &draft,
        customer.balance_minor,
    );
    dialogue.update(State::Confirming(draft)).await?;
    send(&bot, msg.chat.id, screen).await
}

/// Confirm: the one place an order is paid for and sent. The dialogue leaves the confirmation
/// before anything else, and the order's request key makes a repeated tap place nothing.
#[allow(clippy::too_many_arguments)]
pub async fn confirm(
    bot: TgBot,
    q: CallbackQuery,
    draft: OrderDraft,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    dialogue.exit().await?;
    let Some(service) = on_sale(&db, draft.service_id).await? else {
        return show(&bot, &q, views::unavailable(&tr)).await;
    };
    let request_key = format!("{}:{}", customer.id, draft.token);
    let request = OrderRequest {
        user_id: customer.id,
        service: &service,
        link: &draft.link,
        quantity: draft.quantity,
        quoted_charge_minor: draft.charge_minor,
        request_key: &request_key,
    };
    let outcome = orders::place(&db, &providers, &request).await?;
    show(
        &bot,
        &q,
        views::place_outcome(&tr, &config.shop_currency, &outcome),
    )
    .await
}

pub async fn abort(
    bot: TgBot,
    q: CallbackQuery,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    config: Arc<Config>,
) -> HandlerResult {
    dialogue.exit().await?;
    let mut screen = views::main_menu(&tr, &config.shop_currency, &customer);
    screen.text = format!("{}\n\n{}", tr.t("cancelled"), screen.text);
    show(&bot, &q, screen).await
}
