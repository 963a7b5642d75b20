//! The customer's own things: orders and balance.

use std::sync::Arc;

use teloxide::prelude::*;

use super::show;
use crate::bot::views::{self, PAGE_SIZE, page_offset};
use crate::bot::{Customer, HandlerResult, TgBot, Tr};
use crate::config::Config;
use crate::db::Db;
use crate::orders::actions::{self, CheckContext};
use crate::providers::Providers;

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
    show(&bot, &q, views::orders::orders(&tr, &rows, page, total)).await
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
    show_order(&bot, &q, &tr, &customer, &db, &config, id, None).await
}

/// "Refresh": asks the provider about the order now and redraws it.
#[allow(clippy::too_many_arguments)]
pub async fn refresh_order(
    bot: TgBot,
    q: CallbackQuery,
    id: i64,
    tr: Tr,
    customer: Customer,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    let context = CheckContext {
        admins: &config.admin_ids,
        round: config.poll_interval,
    };
    let outcome = actions::refresh(&db, &providers, context, customer.id, id).await?;
    let note = views::orders::refresh_note(&tr, &outcome);
    show_order(&bot, &q, &tr, &customer, &db, &config, id, Some(note)).await
}

#[allow(clippy::too_many_arguments)]
pub async fn refill_order(
    bot: TgBot,
    q: CallbackQuery,
    id: i64,
    tr: Tr,
    customer: Customer,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    let outcome = actions::refill(&db, &providers, customer.id, id).await?;
    let note = views::orders::refill_note(&tr, &outcome);
    show_order(&bot, &q, &tr, &customer, &db, &config, id, Some(note)).await
}

#[allow(clippy::too_many_arguments)]
pub async fn cancel_order(
    bot: TgBot,
    q: CallbackQuery,
    id: i64,
    tr: Tr,
    customer: Customer,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    let outcome = actions::cancel(&db, &providers, customer.id, id).await?;
    let note = views::orders::cancel_note(&tr, &outcome);
    show_order(&bot, &q, &tr, &customer, &db, &config, id, Some(note)).await
}

/// The customer's order `id` with `note` on top. Someone else's order id in a forged button
/// shows the customer's own list instead.
#[allow(clippy::too_many_arguments)]
async fn show_order(
    bot: &TgBot,
    q: &CallbackQuery,
    tr: &Tr,
    customer: &Customer,
    db: &Db,
    config: &Config,
    id: i64,
    note: Option<String>,
) -> HandlerResult {
    match db.order_card(id, customer.id).await? {
        Some(card) => {
            show(
                bot,
                q,
                views::orders::order_details(tr, &config.shop_currency, &card, note),
            )
            .await
        }
        None => {
            orders(
                bot.clone(),
                q.clone(),
                0,
                tr.clone(),
                customer.clone(),
                db.clone(),
            )
            .await
        }
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
    let balance_minor = db.balance(customer.id).await?;
    let mut screen = views::account::balance(
        &tr,
        &config.shop_currency,
        balance_minor,
        &entries,
        config.stars_rate.is_some(),
        db.progress_muted(customer.id).await?,
    );
    if super::api_keys::offered(&config, &db, &customer).await? {
        // Above the way back to the menu.
        let rows = &mut screen.keyboard.inline_keyboard;
        rows.insert(rows.len().saturating_sub(1), views::api::entry_row(&tr));
    }
    show(&bot, &q, screen).await
}
