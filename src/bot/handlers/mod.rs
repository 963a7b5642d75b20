//! Handlers by area. Each reads the update, calls the domain, and shows a screen.

pub mod account;
pub mod admin;
pub mod api_keys;
pub mod broadcasts;
pub mod channel_gate;
pub mod customers;
pub mod gate;
pub mod maintenance;
pub mod menu;
pub mod notices;
pub mod order_files;
pub mod ordering;
pub mod pricing;
pub mod promo;
pub mod referrals;
pub mod reorder;
pub mod reports;
pub mod resellers;
pub mod shop;
pub mod support;
pub mod topup;

use std::sync::Arc;

use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::ChatId;

use super::{HandlerResult, Screen, TgBot, Tr};
use crate::config::Config;
use crate::db::Db;
use crate::i18n::I18n;
use crate::money::Currency;

/// Sends a screen as a new message.
pub async fn send(bot: &TgBot, chat: ChatId, screen: Screen) -> HandlerResult {
    bot.send_message(chat, screen.text)
        .reply_markup(screen.keyboard)
        .await?;
    Ok(())
}

/// Shows a screen in place of the message whose button was tapped, so menus do not pile up;
/// sends it anew when that message cannot be edited any more.
pub async fn show(bot: &TgBot, q: &CallbackQuery, screen: Screen) -> HandlerResult {
    let Some(message) = q.regular_message() else {
        return send(bot, ChatId::from(q.from.id), screen).await;
    };
    let edited = bot
        .edit_message_text(message.chat.id, message.id, screen.text.clone())
        .reply_markup(screen.keyboard.clone())
        .await;
    match edited {
        Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(()),
        Err(RequestError::Api(e)) => {
            tracing::debug!(error = %e, "menu message not editable; sending a new one");
            send(bot, message.chat.id, screen).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Texts in the language `user_id` chose (the shop's default for someone unknown), for a message
/// to someone other than whoever sent the update.
async fn tr_for(db: &Db, i18n: &Arc<I18n>, config: &Config, user_id: i64) -> Tr {
    let lang = match db.user(user_id).await {
        Ok(Some(user)) => user.lang(),
        _ => None,
    };
    Tr::new(Arc::clone(i18n), lang.unwrap_or(config.default_language))
}

/// "5 bonus for the contest", typed by an admin after "Credit", "Debit" or "Partial refund": an
/// amount above zero in the shop currency, then the rest (perhaps empty) as the reason.
fn amount_and_reason<'t>(currency: &Currency, text: &'t str) -> Option<(i64, &'t str)> {
    let text = text.trim();
    let (amount, reason) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let amount = currency.parse_amount(amount).filter(|a| *a > 0)?;
    Some((amount, reason.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
