//! "Order again" on an order's card: the same service, link, quantity and extras, priced anew and
//! shown for confirmation — the very confirmation and placement of an order put together by hand.

use std::sync::Arc;

use teloxide::prelude::*;

use super::ordering::{Confirm, limits, unavailable};
use super::send;
use crate::bot::{BotDialogue, Customer, HandlerResult, TgBot, Tr, views};
use crate::config::Config;
use crate::db::Db;
use crate::orders::pending;
use crate::providers::Providers;

#[allow(clippy::too_many_arguments)]
pub async fn order_again(
    bot: TgBot,
    q: CallbackQuery,
    id: i64,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    let chat = ChatId::from(q.from.id);
    // A new order replaces whatever was waiting for a top-up, as one begun from the catalogue.
    pending::abandon(&db, customer.id).await?;
    let Some(card) = db.order_card(id, customer.id).await? else {
        return unavailable(&bot, chat, &dialogue, &tr).await;
    };
    let order = card.order;
    let Some(service) = db.service_on_sale(order.service_id).await? else {
        return unavailable(&bot, chat, &dialogue, &tr).await;
    };
    let quantity = u64::try_from(order.quantity).unwrap_or(0);
    let (min, max) = limits(&service);
    if !(min..=max).contains(&quantity) {
        dialogue.exit().await?;
        let screen = views::ordering::order_again_out_of_limits(&tr, &service, quantity);
        return send(&bot, chat, screen).await;
    }
    let extras = order.extras();
    let ctx = Confirm {
        bot: &bot,
        chat,
        dialogue: &dialogue,
        tr: &tr,
        customer: &customer,
        db: &db,
        providers: &providers,
        config: &config,
    };
    ctx.confirmation(&service, order.link, quantity, extras).await
}
