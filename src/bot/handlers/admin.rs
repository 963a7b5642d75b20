//! Admin commands and buttons. The sender is checked against `ADMIN_IDS` on every call; to
//! anyone else these commands do not exist and these buttons are stale (the schema's filter).

use std::sync::Arc;

use tokio::sync::Notify;

use teloxide::prelude::*;

use super::{send, show};
use crate::bot::state::State;
use crate::bot::views::moderation::command_args::{self, ArgProblem, Needed};
use crate::bot::{BotDialogue, Customer, HandlerResult, TgBot, Tr, views};
use crate::config::Config;
use crate::db::Db;
use crate::db::ledger::{LedgerError, LedgerKind, Movement};
use crate::i18n::I18n;
use crate::money::Currency;
use crate::orders::actions::{self, Resolution};

/// `/help` from an admin: the customers' help, then every admin command with an example.
pub async fn help(bot: TgBot, msg: Message, tr: Tr) -> HandlerResult {
    send(&bot, msg.chat.id, views::moderation::help::admin_help(&tr)).await
}

/// `/credit <user_id> <amount> [reason]`: adds money to a customer's balance through the ledger.
/// The command message is the ledger reference, so a redelivered update credits once.
#[allow(clippy::too_many_arguments)]
pub async fn credit(
    bot: TgBot,
    msg: Message,
    args: String,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
    i18n: Arc<I18n>,
) -> HandlerResult {
    let currency = &config.shop_currency;
    let (user_id, amount, reason) = match credit_args(&args, currency) {
        Ok(parsed) => parsed,
        Err(problem) => {
            let text = command_args::explain(&tr, &problem, currency, &tr.t("credit-usage"));
            bot.send_message(msg.chat.id, text).await?;
            return Ok(());
        }
    };
    let reference = format!("{}:{}", msg.chat.id, msg.id);
    let note = (!reason.is_empty()).then_some(reason.as_str());
    let movement = Movement {
        user_id,
        kind: LedgerKind::AdminCredit,
        reference: &reference,
        amount_minor: amount,
        note,
    };
    let answer = match db.apply_movement(&movement).await? {
        Ok(balance) => {
            tracing::info!(admin = customer.id, user_id, amount, "balance credited");
            notify_credited(&bot, &db, &i18n, &config, user_id, amount, balance).await;
            views::admin::credited(&tr, currency, user_id, amount, balance)
        }
        Err(LedgerError::UnknownUser) => views::admin::credit_unknown_user(&tr, user_id),
        Err(LedgerError::AlreadyApplied) => tr.t("credit-duplicate"),
        Err(e @ LedgerError::InsufficientFunds { .. }) => {
            return Err(crate::error::Error::Internal(format!(
                "a credit cannot overdraw: {e}"
            )));
        }
    };
    bot.send_message(msg.chat.id, answer).await?;
    Ok(())
}

/// `<user_id> <amount> [reason]`: the reason may be empty.
fn credit_args(args: &str, currency: &Currency) -> Result<(i64, i64, String), ArgProblem> {
    let mut words = args.split_whitespace();
    let user = words.next().ok_or_else(|| ArgProblem::Missing {
        what: Needed::Id,
        example: "/credit 123456789 5".into(),
    })?;
    let user_id = command_args::id(user)?;
    let amount = words.next().ok_or_else(|| ArgProblem::Missing {
        what: Needed::Amount,
        example: format!("/credit {user_id} 5"),
    })?;
    let amount = currency
        .parse_amount(amount)
        .filter(|a| *a > 0)
        .ok_or_else(|| ArgProblem::Amount { got: amount.into() })?;
    Ok((user_id, amount, words.collect::<Vec<_>>().join(" ")))
}

/// Tells the customer about the money, in their language. A failure to tell them (blocked
/// bot) does not undo the credit.
async fn notify_credited(
    bot: &TgBot,
    db: &Db,
    i18n: &Arc<I18n>,
    config: &Config,
    user_id: i64,
    amount: i64,
    balance: i64,
) {
    let lang = match db.user(user_id).await {
        Ok(Some(user)) => user.lang().unwrap_or(config.default_language),
        _ => config.default_language,
    };
    let tr = Tr::new(Arc::clone(i18n), lang);
    let text = views::admin::credit_received(&tr, &config.shop_currency, amount, balance);
    if let Err(e) = bot.send_message(ChatId(user_id), text).await {
        tracing::warn!(user_id, error = %e, "could not tell the customer about a credit");
    }
}

/// "Refund" under an unknown-outcome alert: the provider has no such order. The alert turns
/// into the result, so its buttons go away.
#[allow(clippy::too_many_arguments)]
pub async fn settle_by_refund(
    bot: TgBot,
    q: CallbackQuery,
    order: i64,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
    notices_queued: Arc<Notify>,
) -> HandlerResult {
    let resolution = actions::settle_by_refund(&db, customer.id, order).await?;
    notices_queued.notify_one();
    show(
        &bot,
        &q,
        views::admin::settlement(&tr, &config.shop_currency, order, &resolution),
    )
    .await
}

/// "Placed" under an unknown-outcome alert: asks for the provider's id in a new message, so the
/// alert keeps its buttons until the order is settled. A settled order is reported at once.
pub async fn ask_provider_order_id(
    bot: TgBot,
    q: CallbackQuery,
    order: i64,
    dialogue: BotDialogue,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    if let Some(resolution) = actions::settled_already(&db, order).await? {
        return show(
            &bot,
            &q,
            views::admin::settlement(&tr, &config.shop_currency, order, &resolution),
        )
        .await;
    }
    dialogue
        .update(State::AwaitingProviderOrderId { order_id: order })
        .await?;
    send(
        &bot,
        ChatId::from(q.from.id),
        views::admin::ask_provider_order_id(&tr, order),
    )
    .await
}

/// The provider's id for an order the provider did create, typed by the admin.
#[allow(clippy::too_many_arguments)]
pub async fn receive_provider_order_id(
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
    let Some(provider_order_id) = msg.text().and_then(actions::parse_provider_order_id) else {
        return send(&bot, msg.chat.id, views::admin::provider_order_id_invalid(&tr)).await;
    };
    let resolution = actions::settle_as_placed(&db, customer.id, order_id, provider_order_id).await?;
    notices_queued.notify_one();
    // A taken id is most likely a typo: the question stands for the right one.
    if !matches!(resolution, Resolution::ProviderIdTaken { .. }) {
        dialogue.exit().await?;
    }
    send(
        &bot,
        msg.chat.id,
        views::admin::settlement(&tr, &config.shop_currency, order_id, &resolution),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credit_says_what_is_wrong_with_its_words() {
        let usd = Currency::parse("USD").unwrap();
        assert_eq!(
            credit_args("71 5 contest prize", &usd),
            Ok((71, 500, "contest prize".into()))
        );
        assert_eq!(credit_args("71 0,5", &usd), Ok((71, 50, String::new())));
        let missing = |what, example: &str| {
            Err(ArgProblem::Missing {
                what,
                example: example.into(),
            })
        };
        assert_eq!(credit_args(" ", &usd), missing(Needed::Id, "/credit 123456789 5"));
        assert_eq!(credit_args("71", &usd), missing(Needed::Amount, "/credit 71 5"));
        assert_eq!(
            credit_args("bob 5", &usd),
            Err(ArgProblem::NotAnId { got: "bob".into() })
        );
        for amount in ["0", "-5", "five", "0.001"] {
            assert_eq!(
                credit_args(&format!("71 {amount}"), &usd),
                Err(ArgProblem::Amount { got: amount.into() })
            );
        }
    }
}
