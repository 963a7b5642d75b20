//! The "API" screen under the balance: a customer's key to the shop's panel API. Shown only
//! while the API is on, and with `API_RESELLERS_ONLY` only to resellers; each tap checks again.

use std::sync::Arc;

use teloxide::prelude::*;

use super::show;
use crate::bot::{Customer, HandlerResult, TgBot, Tr, views};
use crate::config::Config;
use crate::db::Db;
use crate::error::Result;
use crate::reselling::keys;

/// Whether the customer may hold a key here and now.
pub async fn offered(config: &Config, db: &Db, customer: &Customer) -> Result<bool> {
    match &config.api {
        Some(api) => Ok(keys::may_hold(db, customer.id, api.resellers_only).await?.is_ok()),
        None => Ok(false),
    }
}

pub async fn show_api(
    bot: TgBot,
    q: CallbackQuery,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    if !offered(&config, &db, &customer).await? {
        return show(&bot, &q, views::api::not_offered(&tr)).await;
    }
    let since = db.live_api_key_since(customer.id).await?;
    show(&bot, &q, views::api::api_screen(&tr, since)).await
}

/// A new key, replacing the one the customer had; shown this once.
pub async fn create_key(
    bot: TgBot,
    q: CallbackQuery,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let resellers_only = config.api.as_ref().map(|api| api.resellers_only);
    let created = match resellers_only {
        Some(resellers_only) => keys::create(&db, customer.id, resellers_only).await?.ok(),
        None => None,
    };
    let screen = match created {
        Some(key) => views::api::key_created(&tr, &key),
        None => views::api::not_offered(&tr),
    };
    show(&bot, &q, screen).await
}

pub async fn revoke_key(bot: TgBot, q: CallbackQuery, tr: Tr, customer: Customer, db: Db) -> HandlerResult {
    // Revoking is always allowed: a key must be stoppable even after the API is turned off.
    keys::revoke(&db, customer.id).await?;
    show(&bot, &q, views::api::key_revoked(&tr)).await
}
