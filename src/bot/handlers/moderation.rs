//! Admin moderation: customers (`/user`: profile, ban, credit, debit), orders (`/order`: the
//! record, the supplier's last answer, refunds, unknown outcomes), `/broadcast` and
//! `/maintenance`; the gate that turns banned customers away, and customers while the shop is
//! closed; and the broadcaster's Telegram side ([`TelegramOutlet`]).
//!
//! Admin rights are checked on every command and tap by the schema; the steps that wait for an
//! admin's typed input check them again, as rights may be withdrawn meanwhile.

use std::sync::Arc;

use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::{Limits, Settings};
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{MessageId, UpdateKind};
use teloxide::utils::html::escape;
use teloxide::{ApiError, RequestError};
use tokio::sync::Notify;

use super::{send, show};
use crate::bot::callback::CallbackData;
use crate::bot::notifier::is_unreachable;
use crate::bot::state::{BalanceChange, State};
use crate::bot::views::{button, format_time, ledger_line, screen, state_label};
use crate::bot::{BotDialogue, Customer, HandlerResult, Screen, TgBot, Tr};
use crate::broadcast::{self, Broadcast, Delivery, Outlet, Phase, Progress, Refusal, Stage, Wake};
use crate::config::Config;
use crate::db::Db;
use crate::db::ledger::{LedgerEntry, LedgerError, LedgerKind, Movement};
use crate::db::orders::{AdminRefund, Order, OrderEvent, ProviderAnswer};
use crate::db::users::User;
use crate::error::{Error, Result};
use crate::i18n::I18n;
use crate::money::Currency;
use crate::vocabulary::OrderState;

/// Orders and ledger rows shown in a profile, and changes shown with an order.
const RECENT_ROWS: i64 = 5;
/// Shown where a value is missing.
const NONE: &str = "—";

// --- The gate ---

/// Why a customer's update goes no further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnedAway {
    Banned,
    Closed,
}

/// Turns away banned customers, and every customer while the shop is closed; admins pass.
///
/// A banned customer gets one short answer, then silence: answering each of their updates would
/// let them spend the bot's rate limits. While the shop is closed every customer update gets an
/// answer (a message gets a message, a tap a short toast): the closure is temporary, and a bot
/// that says nothing looks broken. Payments never get here: the schema handles them first, and
/// the payment code refuses banned customers' checkouts itself.
pub fn gate() -> UpdateHandler<Error> {
    dptree::filter_map_async(turned_away).endpoint(turn_away)
}

async fn turned_away(update: Update, customer: Customer, db: Db) -> Option<TurnedAway> {
    let conversation = match &update.kind {
        UpdateKind::Message(msg) => msg.chat.is_private(),
        UpdateKind::CallbackQuery(_) => true,
        _ => false,
    };
    if customer.is_admin || !conversation {
        return None;
    }
    if customer.banned {
        return Some(TurnedAway::Banned);
    }
    match db.maintenance().await {
        Ok(closed) => closed.then_some(TurnedAway::Closed),
        Err(e) => {
            tracing::error!(error = %e, "could not read the maintenance switch; update let through");
            None
        }
    }
}

async fn turn_away(
    bot: TgBot,
    update: Update,
    why: TurnedAway,
    tr: Tr,
    customer: Customer,
    db: Db,
) -> HandlerResult {
    let tap = match &update.kind {
        UpdateKind::CallbackQuery(q) => Some(q.id.clone()),
        _ => None,
    };
    match (why, tap) {
        (TurnedAway::Closed, Some(tap)) => {
            bot.answer_callback_query(tap).text(tr.t("mod-closed")).await?;
        }
        (TurnedAway::Closed, None) => {
            bot.send_message(ChatId(customer.id), tr.t("mod-closed")).await?;
        }
        (TurnedAway::Banned, tap) => {
            if db.take_ban_notice(customer.id).await? {
                bot.send_message(ChatId(customer.id), tr.t("mod-banned")).await?;
            }
            // Silently, so that no spinner is left turning.
            if let Some(tap) = tap {
                bot.answer_callback_query(tap).await?;
            }
        }
    }
    Ok(())
}

// --- /user ---

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
        bot.send_message(msg.chat.id, tr.t("mod-user-usage")).await?;
        return Ok(());
    }
    let screen = match db.find_user(who).await? {
        Some(user) => profile_screen(&tr, &db, &config, user.id, None).await?,
        None => None,
    };
    match screen {
        Some(screen) => send(&bot, msg.chat.id, screen).await,
        None => {
            let text = tr.f("mod-user-not-found", &[("who", escape(who).into())]);
            bot.send_message(msg.chat.id, text).await?;
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
    let key = if banned { "mod-ban-done" } else { "mod-unban-done" };
    Ok(Some(tr.f(key, &[("user", user.into())])))
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
    let key = match change {
        BalanceChange::Credit => "mod-credit-ask",
        BalanceChange::Debit => "mod-debit-ask",
    };
    let text = tr.f(
        key,
        &[
            ("name", escape(&user.first_name).into()),
            ("user", user.id.into()),
            ("balance", config.shop_currency.format(user.balance_minor).into()),
        ],
    );
    send(&bot, ChatId::from(q.from.id), question(&tr, text)).await
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
        let text = tr.f("mod-change-invalid", &[("currency", currency.code().into())]);
        bot.send_message(msg.chat.id, text).await?;
        return Ok(());
    };
    let (kind, signed, done_key) = match change {
        BalanceChange::Credit => (LedgerKind::AdminCredit, amount, "mod-credited"),
        BalanceChange::Debit => (LedgerKind::AdminDebit, -amount, "mod-debited"),
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
            tr.f(
                done_key,
                &[
                    ("amount", currency.format(amount).into()),
                    ("user", user_id.into()),
                    ("reason", escape(reason).into()),
                    ("balance", currency.format(balance).into()),
                ],
            )
        }
        Err(LedgerError::InsufficientFunds { balance, .. }) => {
            let text = tr.f(
                "mod-debit-short",
                &[
                    ("balance", currency.format(balance).into()),
                    ("amount", currency.format(amount).into()),
                ],
            );
            bot.send_message(msg.chat.id, text).await?;
            return Ok(());
        }
        Err(LedgerError::AlreadyApplied) => tr.t("mod-change-duplicate"),
        Err(LedgerError::UnknownUser) => tr.f("mod-user-not-found", &[("who", user_id.into())]),
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

/// What the customer is told about money an admin moved.
struct BalanceNotice<'a> {
    change: BalanceChange,
    amount: i64,
    balance: i64,
    reason: &'a str,
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
    let currency = &config.shop_currency;
    let key = match told.change {
        BalanceChange::Credit => "credit-received",
        BalanceChange::Debit => "mod-debit-received",
    };
    let text = tr.f(
        key,
        &[
            ("amount", currency.format(told.amount).into()),
            ("balance", currency.format(told.balance).into()),
            ("reason", escape(told.reason).into()),
        ],
    );
    if let Err(e) = bot.send_message(ChatId(user_id), text).await {
        tracing::warn!(user_id, error = %e, "could not tell the customer about a balance change");
    }
}

/// "5 bonus for the contest": an amount above zero in the shop currency, then the rest (perhaps
/// empty) as the reason.
fn amount_and_reason<'t>(currency: &Currency, text: &'t str) -> Option<(i64, &'t str)> {
    let text = text.trim();
    let (amount, reason) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let amount = currency.parse_amount(amount).filter(|a| *a > 0)?;
    Some((amount, reason.trim()))
}

fn is_admin(config: &Config, user_id: i64) -> bool {
    u64::try_from(user_id).is_ok_and(|id| config.is_admin(id))
}

/// Everything a profile shows.
struct Profile {
    user: User,
    is_admin: bool,
    orders: Vec<Order>,
    order_count: i64,
    ledger: Vec<LedgerEntry>,
}

async fn profile_screen(
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
    };
    Ok(Some(profile_view(tr, &config.shop_currency, &profile, note)))
}

/// The profile in place of the tapped message; a user who is gone gets a plain note.
async fn show_profile(
    bot: &TgBot,
    q: &CallbackQuery,
    tr: &Tr,
    db: &Db,
    config: &Config,
    user_id: i64,
    note: Option<String>,
) -> HandlerResult {
    let found = profile_screen(tr, db, config, user_id, note).await?;
    let gone = || screen(tr.f("mod-user-not-found", &[("who", user_id.into())]), Vec::new());
    show(bot, q, found.unwrap_or_else(gone)).await
}

fn profile_view(tr: &Tr, currency: &Currency, profile: &Profile, note: Option<String>) -> Screen {
    let user = &profile.user;
    let mut text = note.map(|note| format!("{note}\n\n")).unwrap_or_default();
    let username = match &user.username {
        Some(username) => format!("@{}", escape(username)),
        None => tr.t("mod-profile-no-username"),
    };
    text.push_str(&tr.f(
        "mod-profile",
        &[
            ("name", escape(&user.first_name).into()),
            ("username", username.into()),
            ("id", user.id.into()),
            ("language", escape(&user.language).into()),
            ("since", format_time(user.created_at).into()),
            ("seen", format_time(user.last_seen_at).into()),
            ("balance", currency.format(user.balance_minor).into()),
        ],
    ));
    if profile.is_admin {
        text.push('\n');
        text.push_str(&tr.t("mod-profile-admin"));
    }
    if let Some(at) = user.banned_at {
        text.push('\n');
        text.push_str(&tr.f("mod-profile-banned", &[("time", format_time(at).into())]));
    }
    if let Some(at) = user.blocked_at {
        text.push('\n');
        text.push_str(&tr.f("mod-profile-blocked", &[("time", format_time(at).into())]));
    }
    text.push_str("\n\n");
    text.push_str(&tr.f("mod-profile-orders", &[("count", profile.order_count.into())]));
    for order in &profile.orders {
        text.push_str(&format!(
            "\n#{} · {} · {} · {}",
            order.id,
            escape(&order.service_name),
            state_label(tr, order.state()),
            currency.format(order.charge_minor)
        ));
    }
    text.push_str("\n\n");
    if profile.ledger.is_empty() {
        text.push_str(&tr.t("mod-profile-no-ledger"));
    } else {
        text.push_str(&tr.t("mod-profile-ledger"));
    }
    for entry in &profile.ledger {
        text.push('\n');
        text.push_str(&ledger_line(tr, currency, entry));
        if let Some(note) = &entry.note {
            text.push_str(&format!(" — {}", escape(note)));
        }
    }

    let id = user.id;
    let mut rows = vec![vec![
        button(
            tr.t("mod-btn-credit"),
            CallbackData::ChangeBalance {
                user: id,
                change: BalanceChange::Credit,
            },
        ),
        button(
            tr.t("mod-btn-debit"),
            CallbackData::ChangeBalance {
                user: id,
                change: BalanceChange::Debit,
            },
        ),
    ]];
    if !profile.is_admin {
        rows.push(vec![match user.banned_at {
            Some(_) => button(tr.t("mod-btn-unban"), CallbackData::Unban { user: id }),
            None => button(tr.t("mod-btn-ban"), CallbackData::Ban { user: id }),
        }]);
    }
    rows.push(vec![button(
        tr.t("mod-btn-refresh"),
        CallbackData::UserProfile { user: id },
    )]);
    screen(text, rows)
}

// --- /order ---

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
    let Ok(id) = args.trim().trim_start_matches('#').parse::<i64>() else {
        bot.send_message(msg.chat.id, tr.t("mod-order-usage")).await?;
        return Ok(());
    };
    match order_screen(&tr, &db, &config, id, None).await? {
        Some(screen) => send(&bot, msg.chat.id, screen).await,
        None => {
            bot.send_message(msg.chat.id, tr.f("mod-order-not-found", &[("id", id.into())]))
                .await?;
            Ok(())
        }
    }
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
    let note = refund_note(&tr, &config.shop_currency, order, &outcome);
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
            let text = tr.f(
                "mod-refund-ask",
                &[
                    ("id", order.into()),
                    (
                        "charge",
                        config.shop_currency.format(found.refundable_minor()).into(),
                    ),
                ],
            );
            send(&bot, ChatId::from(q.from.id), question(&tr, text)).await
        }
        Err(refusal) => {
            let note = refund_note(&tr, &config.shop_currency, order, &refusal);
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
    let note = refund_note(&tr, currency, order_id, &outcome);
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

fn refund_note(tr: &Tr, currency: &Currency, order_id: i64, outcome: &AdminRefund) -> String {
    match outcome {
        AdminRefund::Refunded {
            user_id,
            amount_minor,
        } => tr.f(
            "mod-refunded",
            &[
                ("amount", currency.format(*amount_minor).into()),
                ("id", order_id.into()),
                ("user", (*user_id).into()),
            ],
        ),
        AdminRefund::NoSuchOrder => tr.f("mod-order-not-found", &[("id", order_id.into())]),
        AdminRefund::NotSettled(state) => tr.f(
            "mod-refund-not-settled",
            &[("id", order_id.into()), ("state", state_label(tr, *state).into())],
        ),
        AdminRefund::AlreadyRefunded { amount_minor } => tr.f(
            "mod-refund-again",
            &[
                ("id", order_id.into()),
                ("amount", currency.format(*amount_minor).into()),
            ],
        ),
        AdminRefund::BadAmount { max_minor } => tr.f(
            "mod-refund-invalid",
            &[("charge", currency.format(*max_minor).into())],
        ),
    }
}

/// Everything an order's admin screen shows.
struct OrderFile {
    order: Order,
    customer: Option<User>,
    answer: ProviderAnswer,
    events: Vec<OrderEvent>,
    refundable: bool,
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
    Ok(Some(order_view(tr, &config.shop_currency, &file, note)))
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

fn order_view(tr: &Tr, currency: &Currency, file: &OrderFile, note: Option<String>) -> Screen {
    let order = &file.order;
    let or_none = |value: Option<String>| value.unwrap_or_else(|| NONE.to_string());
    let customer = file.customer.as_ref().map(|user| match &user.username {
        Some(username) => format!("{} (@{})", escape(&user.first_name), escape(username)),
        None => escape(&user.first_name),
    });
    let mut text = note.map(|note| format!("{note}\n\n")).unwrap_or_default();
    text.push_str(&tr.f(
        "mod-order",
        &[
            ("id", order.id.into()),
            ("state", state_label(tr, order.state()).into()),
            ("customer", or_none(customer).into()),
            ("user", order.user_id.into()),
            ("service", escape(&order.service_name).into()),
            ("service_id", order.service_id.into()),
            ("link", escape(&order.link).into()),
            ("quantity", order.billed_items().into()),
            ("charge", currency.format(order.charge_minor).into()),
            ("refunded", currency.format(order.refunded_minor).into()),
            ("provider", escape(&order.provider).into()),
            ("provider_service", escape(&order.provider_service_id).into()),
            (
                "provider_order",
                or_none(order.provider_order_id.as_deref().map(escape)).into(),
            ),
            ("created", format_time(order.created_at).into()),
            ("updated", format_time(order.updated_at).into()),
        ],
    ));
    if let Some(error) = &order.error {
        text.push('\n');
        text.push_str(&tr.f("mod-order-error", &[("error", escape(error).into())]));
    }
    text.push_str("\n\n");
    let answer = &file.answer;
    match answer.checked_at {
        Some(at) => text.push_str(&tr.f(
            "mod-order-answer",
            &[
                ("time", format_time(at).into()),
                (
                    "status",
                    or_none(answer.provider_status.as_deref().map(escape)).into(),
                ),
                ("remains", or_none(answer.remains.map(|r| r.to_string())).into()),
                ("start", or_none(answer.start_count.map(|s| s.to_string())).into()),
                (
                    "charge",
                    or_none(answer.provider_charge.as_deref().map(escape)).into(),
                ),
            ],
        )),
        None => text.push_str(&tr.t("mod-order-no-answer")),
    }
    if !file.events.is_empty() {
        text.push_str("\n\n");
        text.push_str(&tr.t("mod-order-events"));
    }
    for event in &file.events {
        text.push('\n');
        text.push_str(&tr.f(
            "mod-order-event",
            &[
                ("time", format_time(event.observed_at).into()),
                ("state", state_label(tr, OrderState::from_db(&event.state)).into()),
                (
                    "status",
                    or_none(event.provider_status.as_deref().map(escape)).into(),
                ),
                ("remains", or_none(event.remains.map(|r| r.to_string())).into()),
            ],
        ));
    }

    let id = order.id;
    let mut rows = Vec::new();
    if order.state() == OrderState::UnknownOutcome {
        // The settlement an unknown outcome needs, with the alert's own buttons.
        rows.push(vec![button(
            tr.t("notice-btn-resolve-refund"),
            CallbackData::ResolveRefund { order: id },
        )]);
        rows.push(vec![button(
            tr.t("notice-btn-resolve-placed"),
            CallbackData::ResolvePlaced { order: id },
        )]);
    } else if file.refundable {
        rows.push(vec![
            button(
                tr.f(
                    "mod-btn-refund-all",
                    &[("amount", currency.format(order.charge_minor).into())],
                ),
                CallbackData::RefundOrder { order: id },
            ),
            button(
                tr.t("mod-btn-refund-part"),
                CallbackData::RefundPart { order: id },
            ),
        ]);
    }
    rows.push(vec![button(
        tr.t("mod-btn-customer"),
        CallbackData::UserProfile { user: order.user_id },
    )]);
    screen(text, rows)
}

// --- /broadcast ---

/// `/broadcast`, in reply to the message to send: shows how many customers it would reach and
/// asks to confirm.
pub async fn broadcast(
    bot: TgBot,
    msg: Message,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(source) = msg.reply_to_message() else {
        bot.send_message(msg.chat.id, tr.t("mod-broadcast-usage")).await?;
        return Ok(());
    };
    let audience = broadcast::audience(&db, &config.admin_ids).await?;
    if audience == 0 {
        bot.send_message(msg.chat.id, tr.t("mod-broadcast-nobody"))
            .await?;
        return Ok(());
    }
    let id = broadcast::draft(&db, customer.id, source.chat.id.0, source.id.0.into()).await?;
    let text = tr.f("mod-broadcast-confirm", &[("count", audience.into())]);
    let rows = vec![vec![
        button(tr.t("mod-btn-broadcast-send"), CallbackData::SendBroadcast { id }),
        button(tr.t("btn-cancel"), CallbackData::DropBroadcast { id }),
    ]];
    send(&bot, msg.chat.id, screen(text, rows)).await
}

/// "Send": the question turns into the progress message, and the broadcaster starts.
pub async fn start_broadcast(
    bot: TgBot,
    q: CallbackQuery,
    id: i64,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
    wake: Wake,
) -> HandlerResult {
    let Some(question) = q.regular_message() else {
        return Ok(());
    };
    match broadcast::start(&db, id, question.id.0.into(), &config.admin_ids).await? {
        Ok(recipients) => {
            tracing::info!(broadcast = id, admin = %q.from.id, recipients, "broadcast started");
            let text = tr.f(
                "mod-broadcast-started",
                &[("id", id.into()), ("count", recipients.into())],
            );
            show(&bot, &q, screen(text, Vec::new())).await?;
            wake.wake();
            Ok(())
        }
        Err(refusal) => refused(&bot, &q, &tr, id, refusal).await,
    }
}

/// "Cancel" under the question: nothing is sent.
pub async fn drop_broadcast(bot: TgBot, q: CallbackQuery, id: i64, tr: Tr, db: Db) -> HandlerResult {
    match broadcast::cancel(&db, id).await? {
        Ok(()) => {
            let text = tr.f("mod-broadcast-canceled", &[("id", id.into())]);
            show(&bot, &q, screen(text, Vec::new())).await
        }
        Err(refusal) => refused(&bot, &q, &tr, id, refusal).await,
    }
}

/// A second tap, or an old button: said in a new message, so that the progress message (which
/// the tapped one has become) keeps showing the progress.
async fn refused(bot: &TgBot, q: &CallbackQuery, tr: &Tr, id: i64, refusal: Refusal) -> HandlerResult {
    let key = match refusal {
        Refusal::NoSuchBroadcast => "mod-broadcast-gone",
        Refusal::NotADraft(Stage::Canceled) => "mod-broadcast-dropped-already",
        Refusal::NotADraft(_) => "mod-broadcast-already",
    };
    bot.send_message(ChatId::from(q.from.id), tr.f(key, &[("id", id.into())]))
        .await?;
    Ok(())
}

/// The broadcaster's Telegram side: copies go through their own `Throttle` (Telegram's 30
/// messages a second; one at a time they rarely come near it except with a local Bot API
/// server), progress through the dispatcher's bot, so that a flood wait on copies does not hold
/// the admin's progress message back.
pub struct TelegramOutlet {
    copies: Throttle<Bot>,
    bot: TgBot,
    db: Db,
    i18n: Arc<I18n>,
    config: Arc<Config>,
}

impl TelegramOutlet {
    /// Wraps `bot` in `Throttle` and spawns its worker, so it must be called inside the tokio
    /// runtime.
    pub fn new(bot: Bot, progress_bot: TgBot, db: Db, i18n: Arc<I18n>, config: Arc<Config>) -> Self {
        // A flood wait comes back to the broadcaster, which pauses (and stops cleanly if asked).
        let settings = Settings::default().limits(Limits::default()).no_retry();
        Self {
            copies: Throttle::spawn_with_settings(bot, settings),
            bot: progress_bot,
            db,
            i18n,
            config,
        }
    }

    /// The admin's texts, in their language.
    async fn admin_tr(&self, admin_id: i64) -> Tr {
        let lang = match self.db.user(admin_id).await {
            Ok(Some(user)) => user.lang(),
            _ => None,
        };
        Tr::new(
            Arc::clone(&self.i18n),
            lang.unwrap_or(self.config.default_language),
        )
    }
}

impl Outlet for TelegramOutlet {
    async fn copy(&self, broadcast: &Broadcast, user_id: i64) -> Delivery {
        let Ok(message_id) = i32::try_from(broadcast.source_message_id) else {
            return Delivery::SourceGone;
        };
        let copied = self
            .copies
            .copy_message(
                ChatId(user_id),
                ChatId(broadcast.source_chat_id),
                MessageId(message_id),
            )
            .await;
        match copied {
            Ok(_) => Delivery::Delivered,
            Err(RequestError::RetryAfter(wait)) => Delivery::RetryAfter(wait.duration()),
            Err(RequestError::Api(ApiError::MessageToCopyNotFound)) => Delivery::SourceGone,
            Err(e) if is_unreachable(&e) => Delivery::Unreachable(e.to_string()),
            Err(RequestError::Network(e)) if e.is_connect() => Delivery::NotSent(e.to_string()),
            Err(e @ (RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. })) => {
                Delivery::Unknown(e.to_string())
            }
            Err(e) => Delivery::Failed(e.to_string()),
        }
    }

    async fn show(&self, broadcast: &Broadcast, progress: Progress, phase: Phase) {
        let tr = self.admin_tr(broadcast.admin_id).await;
        let text = progress_text(&tr, broadcast.id, progress, phase);
        let chat = ChatId(broadcast.admin_id);
        let message = broadcast
            .progress_message_id
            .and_then(|id| i32::try_from(id).ok());
        let edited = match message {
            Some(id) => {
                self.bot
                    .edit_message_text(chat, MessageId(id), text.clone())
                    .await
            }
            None => Err(RequestError::Api(ApiError::MessageToEditNotFound)),
        };
        match edited {
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => {}
            // The end must reach the admin even if the progress message is gone.
            Err(e) if matches!(phase, Phase::Finished | Phase::Aborted) => {
                tracing::debug!(error = %e, "progress message not editable; sending the report anew");
                if let Err(e) = self.bot.send_message(chat, text).await {
                    tracing::warn!(broadcast = broadcast.id, error = %e, "could not report a broadcast");
                }
            }
            Err(e) => tracing::debug!(broadcast = broadcast.id, error = %e, "could not show the progress"),
        }
    }
}

fn progress_text(tr: &Tr, id: i64, progress: Progress, phase: Phase) -> String {
    let done = progress.recipients - progress.waiting();
    let head = match phase {
        Phase::Sending | Phase::Paused(_) => tr.f(
            "mod-broadcast-progress",
            &[
                ("id", id.into()),
                ("done", done.into()),
                ("recipients", progress.recipients.into()),
            ],
        ),
        Phase::Finished => tr.f(
            "mod-broadcast-finished",
            &[
                ("id", id.into()),
                ("sent", progress.sent.into()),
                ("recipients", progress.recipients.into()),
            ],
        ),
        Phase::Aborted => tr.f(
            "mod-broadcast-aborted",
            &[("id", id.into()), ("waiting", progress.waiting().into())],
        ),
    };
    let counts = tr.f(
        "mod-broadcast-counts",
        &[
            ("sent", progress.sent.into()),
            ("blocked", progress.blocked.into()),
            ("failed", progress.failed.into()),
            ("unknown", progress.unknown.into()),
        ],
    );
    let mut text = format!("{head}\n{counts}");
    if let Phase::Paused(pause) = phase {
        text.push('\n');
        text.push_str(&tr.f("mod-broadcast-paused", &[("seconds", pause.as_secs().into())]));
    }
    text
}

// --- /maintenance ---

/// `/maintenance on|off`, or without an argument: whether it is on.
pub async fn maintenance(
    bot: TgBot,
    msg: Message,
    args: String,
    tr: Tr,
    customer: Customer,
    db: Db,
) -> HandlerResult {
    let key = match args.trim().to_ascii_lowercase().as_str() {
        "on" => {
            db.set_maintenance(true).await?;
            tracing::warn!(
                admin = customer.id,
                "maintenance on: the shop is closed to customers"
            );
            "mod-maintenance-on"
        }
        "off" => {
            db.set_maintenance(false).await?;
            tracing::warn!(admin = customer.id, "maintenance off: the shop is open");
            "mod-maintenance-off"
        }
        "" if db.maintenance().await? => "mod-maintenance-is-on",
        "" => "mod-maintenance-is-off",
        _ => "mod-maintenance-usage",
    };
    bot.send_message(msg.chat.id, tr.t(key)).await?;
    Ok(())
}

// --- Screens ---

/// A question waiting for typed input, with a way out.
fn question(tr: &Tr, text: String) -> Screen {
    screen(text, vec![vec![button(tr.t("btn-cancel"), CallbackData::Menu)]])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn tr(lang: Lang) -> Tr {
        Tr::new(Arc::new(I18n::load().expect("locales load")), lang)
    }

    #[test]
    fn amounts_come_first_and_the_reason_after() {
        let usd = Currency::parse("USD").unwrap();
        assert_eq!(
            amount_and_reason(&usd, " 5 bonus for the contest "),
            Some((500, "bonus for the contest"))
        );
        assert_eq!(amount_and_reason(&usd, "0,5"), Some((50, "")));
        for wrong in ["", "bonus 5", "0 nothing", "-5 minus", "0.001 too fine"] {
            assert_eq!(amount_and_reason(&usd, wrong), None, "{wrong}");
        }
    }

    #[test]
    fn progress_reads_well_in_every_phase() {
        let progress = Progress {
            recipients: 5,
            sent: 2,
            blocked: 1,
            failed: 0,
            unknown: 0,
        };
        let paused = progress_text(
            &tr(Lang::En),
            3,
            progress,
            Phase::Paused(std::time::Duration::from_secs(30)),
        );
        assert!(
            paused.contains("3 of 5 done") && paused.contains("Paused for 30 s"),
            "{paused}"
        );
        let finished = progress_text(&tr(Lang::Ru), 3, progress, Phase::Finished);
        assert!(finished.contains("доставлено 2 из 5"), "{finished}");
        assert!(!finished.contains("mod-"), "{finished}");
    }

    #[test]
    fn russian_counts_agree_with_their_numbers() {
        let tr = tr(Lang::Ru);
        let orders = |count: i64| tr.f("mod-profile-orders", &[("count", count.into())]);
        assert!(orders(1).contains("1 заказ<"), "{}", orders(1));
        assert!(orders(3).contains("3 заказа<"), "{}", orders(3));
        assert!(orders(5).contains("5 заказов<"), "{}", orders(5));
        assert!(orders(21).contains("21 заказ<"), "{}", orders(21));
        assert_eq!(orders(0), "Заказов пока нет.");
        let confirm = |count: i64| tr.f("mod-broadcast-confirm", &[("count", count.into())]);
        assert!(confirm(1).contains("1 покупателю"), "{}", confirm(1));
        assert!(confirm(21).contains("21 покупателю"), "{}", confirm(21));
        assert!(confirm(5).contains("5 покупателям"), "{}", confirm(5));
    }
}
