//! The customer's own things: orders and balance.

use std::sync::Arc;

use teloxide::prelude::*;

use super::show;
use crate::bot::views::{self, PAGE_SIZE, page_offset};
use crate::bot::{Customer, HandlerResult, TgBot, Tr};
use crate::config::Config;
use crate::db::Db;

/// Ledger rows shown under the balance.
const LEDGER_ROWS: i64 = 5;

pub async fn orders(
    bot: TgBot,
    q: CallbackQuery,
    page: u32,
    tr: Tr,
    customer: Customer,
    db: Db,
) -> HandlerResult {
    let (_, total) = db.orders_page(customer.id, 0, 0).await?;
    let (page, offset) = page_offset(page, total);
    let (rows, total) = db.orders_page(customer.id, offset, PAGE_SIZE).await?;
    show(&bot, &q, views::orders(&tr, &rows, page, total)).await
}

pub async fn order_details(
    bot: TgBot,
    q: CallbackQuery,
    id: i64,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    // Someone else's order id in a forged button shows nothing.
    match db.order(id).await?.filter(|o| o.user_id == customer.id) {
        Some(order) => show(&bot, &q, views::order_details(&tr, &config.shop_currency, &order)).await,
        None => orders(bot, q, 0, tr, customer, db).await,
    }
}

pub async fn balance(
    bot: TgBot,
    q: CallbackQuery,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let entries = db.ledger_tail(customer.id, LEDGER_ROWS).await?;
    show(
        &bot,
        &q,
        views::balance(&tr, &config.shop_currency, customer.balance_minor, &entries),
    )
    .await
}
