//! Browsing the catalogue: categories, services, a service's card, and search.

use std::sync::Arc;

use teloxide::prelude::*;

use super::{send, show};
use crate::bot::state::State;
use crate::bot::views::{self, PAGE_SIZE, page_offset};
use crate::bot::{BotDialogue, HandlerResult, TgBot, Tr};
use crate::catalogue;
use crate::config::Config;
use crate::db::Db;

/// Search results shown at most; customers refine the query for more.
const SEARCH_LIMIT: usize = 10;

pub async fn categories(bot: TgBot, q: CallbackQuery, page: u32, tr: Tr, db: Db) -> HandlerResult {
    let (_, total) = db.categories_page(0, 0).await?;
    let (page, offset) = page_offset(page, total);
    let (rows, total) = db.categories_page(offset, PAGE_SIZE).await?;
    show(&bot, &q, views::catalogue::categories(&tr, &rows, page, total)).await
}

pub async fn services(
    bot: TgBot,
    q: CallbackQuery,
    (category, page): (i64, u32),
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(name) = db.category_name(category).await? else {
        return categories(bot, q, 0, tr, db).await;
    };
    let (_, total) = db.services_page(category, 0, 0).await?;
    let (page, offset) = page_offset(page, total);
    let (rows, total) = db.services_page(category, offset, PAGE_SIZE).await?;
    let screen =
        views::catalogue::services(&tr, &config.shop_currency, (category, &name), &rows, page, total);
    show(&bot, &q, screen).await
}

pub async fn service_card(
    bot: TgBot,
    q: CallbackQuery,
    id: i64,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    match db.service_on_sale(id).await? {
        Some(service) => {
            show(
                &bot,
                &q,
                views::catalogue::service_card(&tr, &config.shop_currency, &service),
            )
            .await
        }
        None => show(&bot, &q, views::catalogue::unavailable(&tr)).await,
    }
}

pub async fn search_prompt(bot: TgBot, q: CallbackQuery, dialogue: BotDialogue, tr: Tr) -> HandlerResult {
    dialogue.update(State::AwaitingSearch).await?;
    show(&bot, &q, views::catalogue::search_prompt(&tr)).await
}

pub async fn search(
    bot: TgBot,
    msg: Message,
    dialogue: BotDialogue,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(query) = msg.text().map(str::trim).filter(|t| !t.is_empty()) else {
        return send(&bot, msg.chat.id, views::catalogue::search_prompt(&tr)).await;
    };
    dialogue.exit().await?;
    let found = catalogue::search(&db, query, SEARCH_LIMIT).await?;
    send(
        &bot,
        msg.chat.id,
        views::catalogue::search_results(&tr, &config.shop_currency, query, &found),
    )
    .await
}
