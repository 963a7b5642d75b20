//! "Order again" on an order's card: the same service, link, quantity and extras, priced anew and
//! shown for confirmation — the very confirmation and placement of an order put together by hand.

use std::sync::Arc;

use teloxide::prelude::*;

use super::ordering::{Confirm, unavailable};
use super::send;
use crate::bot::state::State;
use crate::bot::{BotDialogue, Customer, HandlerResult, TgBot, Tr, views};
use crate::config::Config;
use crate::db::Db;
use crate::orders::pending;
use crate::orders::repeat::{Repeat, repeat};
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
    match repeat(&db, customer.id, id).await? {
        Repeat::Ready {
            service,
            link,
            quantity,
            extras,
        } => {
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
            ctx.confirmation(&service, link, quantity, extras).await
        }
        Repeat::Unavailable => unavailable(&bot, chat, &dialogue, &tr).await,
        Repeat::OutOfLimits { service, quantity } => {
            dialogue.exit().await?;
            let screen = views::ordering::order_again_out_of_limits(&tr, &service, quantity);
            send(&bot, chat, screen).await
        }
        Repeat::LinkRefused { service } => {
            dialogue
                .update(State::AwaitingLink {
                    service_id: service.id,
                })
                .await?;
            send(&bot, chat, views::ordering::ask_link(&tr, &service)).await
        }
    }
}
