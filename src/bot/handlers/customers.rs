//! `/user`: a customer's profile, and the admin's actions on it: ban, unban, credit and debit.
//!
//! Admin rights are checked on every command and tap by the schema; the step that waits for an
//! admin's typed amount checks them again, as rights may be withdrawn meanwhile.

use std::sync::Arc;

use teloxide::prelude::*;

use super::{amount_and_reason, send, show};
use crate::bot::state::{BalanceChange, State};
use crate::bot::views::moderation::RECENT_ROWS;
use crate::bot::views::moderation::command_args::{self, ArgProblem, Needed};
use crate::bot::views::moderation::customers::{self as views, BalanceNotice, Profile};
use crate::bot::views::{referrals, screen};
use crate::bot::{BotDialogue, Customer, HandlerResult, Screen, TgBot, Tr};
use crate::config::Config;
use crate::db::Db;
use crate::db::ledger::{LedgerError, LedgerKind, Movement};
use crate::error::Result;
use crate::i18n::I18n;

/// `/user <id or @username>`: the customer's profile with its buttons. Like `/order`, it closes
/// a question the admin left open, so that a later number is not taken for its answer.
pub async fn user(
    bot: TgBot,
    msg: Message,
    args: String,
    dialogue: BotDialogue,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    dialogue.exit().await?;
    let who = args.trim();
    if who.is_empty() {
        let problem = ArgProblem::Missing {
            what: Needed::Who,
            example: "/user @username".into(),
        };
        let usage = tr.t("mod-user-usage");
        let text = command_args::explain(&tr, &problem, &config.shop_currency, &usage);
        bot.send_message(msg.chat.id, text).await?;
        return Ok(());
    }
    let screen = match db.find_user(who).await? {
        Some(user) => profile_screen(&tr, &db, &config, user.id, None).await?,
        None => None,
    };
    match screen {
        Some(screen) => send(&bot, msg.chat.id, screen).await,
        None => {
            bot.send_message(msg.chat.id, views::user_not_found(&tr, who))
                .await?;
            Ok(())
        }
    }
}

/// "Refresh" (or "Customer" under an order): the profile, in place.
pub async fn show_user(
    bot: TgBot,
    q: CallbackQuery,
    user: i64,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    show_profile(&bot, &q, &tr, &db, &config, user, None).await
}

pub async fn ban(
    bot: TgBot,
    q: CallbackQuery,
    user: i64,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let note = if is_admin(&config, user) {
        Some(tr.t("mod-ban-admin"))
    } else {
        change_ban(&tr, &db, customer.id, user, true).await?
    };
    show_profile(&bot, &q, &tr, &db, &config, user, note).await
}

pub async fn unban(
    bot: TgBot,
    q: CallbackQuery,
    user: i64,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let note = change_ban(&tr, &db, customer.id, user, false).await?;
    show_profile(&bot, &q, &tr, &db, &config, user, note).await
}

/// Bans or unbans a user and says so; `None` when there is no such user (the profile says that).
async fn change_ban(tr: &Tr, db: &Db, admin_id: i64, user: i64, banned: bool) -> Result<Option<String>> {
    if !db.set_banned(user, banned).await? {
        return Ok(None);
    }
    tracing::info!(admin = admin_id, user, banned, "ban changed");
    Ok(Some(views::ban_changed(tr, user, banned)))
}

/// "Credit" or "Debit": asks for the amount and the reason in a new message, so the profile
/// stays above it.
pub async fn ask_balance_change(
    bot: TgBot,
    q: CallbackQuery,
    (user_id, change): (i64, BalanceChange),
    dialogue: BotDialogue,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(user) = db.user(user_id).await? else {
        return show_profile(&bot, &q, &tr, &db, &config, user_id, None).await;
    };
    dialogue
        .update(State::AwaitingBalanceChange { user_id, change })
        .await?;
    let question = views::ask_balance_change(&tr, &config.shop_currency, &user, change);
    send(&bot, ChatId::from(q.from.id), question).await
}

/// "amount reason" typed after "Credit" or "Debit": the money moves through the ledger (the
/// admin's message is the reference, so a redelivered update moves it once), the customer is
/// told, and the profile is shown with the result on top. A wrong input or a debit the balance
/// cannot cover keeps the question open.
#[allow(clippy::too_many_arguments)]
pub async fn receive_balance_change(
    bot: TgBot,
    msg: Message,
    (user_id, change): (i64, BalanceChange),
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
    i18n: Arc<I18n>,
) -> HandlerResult {
    let currency = &config.shop_currency;
    let parsed = msg
        .text()
        .and_then(|text| amount_and_reason(currency, text))
        .filter(|(_, reason)| !reason.is_empty());
    let Some((amount, reason)) = parsed else {
        bot.send_message(msg.chat.id, views::balance_change_invalid(&tr, currency))
            .await?;
        return Ok(());
    };
    let (kind, signed) = match change {
        BalanceChange::Credit => (LedgerKind::AdminCredit, amount),
        BalanceChange::Debit => (LedgerKind::AdminDebit, -amount),
    };
    let reference = format!("{}:{}", msg.chat.id, msg.id);
    let movement = Movement {
        user_id,
        kind,
        reference: &reference,
        amount_minor: signed,
        note: Some(reason),
    };
    let note = match db.apply_movement(&movement).await? {
        Ok(balance) => {
            tracing::info!(
                admin = customer.id,
                user_id,
                amount = signed,
                reason,
                "balance changed by hand"
            );
            let told = BalanceNotice {
                change,
                amount,
                balance,
                reason,
            };
            tell_customer(&bot, &db, &i18n, &config, user_id, &told).await;
            views::balance_changed(&tr, currency, user_id, &told)
        }
        Err(LedgerError::InsufficientFunds { balance, .. }) => {
            bot.send_message(msg.chat.id, views::debit_short(&tr, currency, balance, amount))
                .await?;
            return Ok(());
        }
        Err(LedgerError::AlreadyApplied) => tr.t("mod-change-duplicate"),
        Err(LedgerError::UnknownUser) => views::user_not_found(&tr, &user_id.to_string()),
    };
    dialogue.exit().await?;
    match profile_screen(&tr, &db, &config, user_id, Some(note.clone())).await? {
        Some(screen) => send(&bot, msg.chat.id, screen).await,
        None => {
            bot.send_message(msg.chat.id, note).await?;
            Ok(())
        }
    }
}

/// Tells the customer, in their language, about a credit or a debit. A failure to tell them
/// (blocked bot) does not undo it.
async fn tell_customer(
    bot: &TgBot,
    db: &Db,
    i18n: &Arc<I18n>,
    config: &Config,
    user_id: i64,
    told: &BalanceNotice<'_>,
) {
    let lang = match db.user(user_id).await {
        Ok(Some(user)) => user.lang().unwrap_or(config.default_language),
        _ => config.default_language,
    };
    let tr = Tr::new(Arc::clone(i18n), lang);
    let text = views::balance_notice(&tr, &config.shop_currency, told);
    if let Err(e) = bot.send_message(ChatId(user_id), text).await {
        tracing::warn!(user_id, error = %e, "could not tell the customer about a balance change");
    }
}

fn is_admin(config: &Config, user_id: i64) -> bool {
    u64::try_from(user_id).is_ok_and(|id| config.is_admin(id))
}

pub(super) async fn profile_screen(
    tr: &Tr,
    db: &Db,
    config: &Config,
    user_id: i64,
    note: Option<String>,
) -> Result<Option<Screen>> {
    let Some(user) = db.user(user_id).await? else {
        return Ok(None);
    };
    let (orders, order_count) = db.orders_page(user_id, 0, RECENT_ROWS).await?;
    let profile = Profile {
        is_admin: is_admin(config, user_id),
        ledger: db.ledger_tail(user_id, RECENT_ROWS).await?,
        user,
        orders,
        order_count,
        // Resellers matter only while the shop serves its API.
        reseller: match config.api {
            Some(_) => Some(db.reseller_terms(user_id).await?),
            None => None,
        },
    };
    let mut profile = views::profile_view(tr, &config.shop_currency, &profile, note);
    let referrals = db.referral_summary(user_id).await?;
    let referees = db.referees(user_id, RECENT_ROWS).await?;
    profile.text.push('\n');
    profile.text.push_str(&referrals::admin_user_line(
        tr,
        &config.shop_currency,
        &referrals,
        &referees,
    ));
    Ok(Some(profile))
}

/// The profile in place of the tapped message; a user who is gone gets a plain note.
pub(super) async fn show_profile(
    bot: &TgBot,
    q: &CallbackQuery,
    tr: &Tr,
    db: &Db,
    config: &Config,
    user_id: i64,
    note: Option<String>,
) -> HandlerResult {
    let found = profile_screen(tr, db, config, user_id, note).await?;
    let gone = || screen(views::user_not_found(tr, &user_id.to_string()), Vec::new());
    show(bot, q, found.unwrap_or_else(gone)).await
}
