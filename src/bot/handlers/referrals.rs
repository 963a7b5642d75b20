//! Referrals on Telegram: the /start that brings a newcomer, and "Invite friends".

use std::sync::Arc;

use teloxide::prelude::*;

use super::show;
use crate::bot::{Customer, HandlerResult, TgBot, Tr, views};
use crate::config::Config;
use crate::db::Db;
use crate::db::referrals::Attached;

/// The referral code in a /start's payload (`/start r<code>`), if there is one.
pub fn start_code(text: &str) -> Option<&str> {
    let payload = text.split_whitespace().nth(1)?;
    payload.strip_prefix('r').filter(|code| !code.is_empty())
}

/// Records the customer's /start and, on their first, who brought them.
pub async fn note_start(db: &Db, customer: &Customer, text: Option<&str>) -> crate::error::Result<()> {
    let code = text.and_then(start_code);
    if let Attached::To(referrer) = db.note_start(customer.id, code).await? {
        tracing::info!(
            user_id = customer.id,
            referrer,
            "a newcomer came through a referral link"
        );
    }
    Ok(())
}

/// "Invite friends": the personal link while the program runs, how many joined and what it earned.
pub async fn invite(
    bot: TgBot,
    q: CallbackQuery,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let summary = db.referral_summary(customer.id).await?;
    let invite = match config.referral_rates.first {
        Some(rate_bp) => {
            let me = bot.get_me().await?;
            let username = me.username.clone().unwrap_or_default();
            let code = db.referral_code(customer.id).await?;
            Some((views::referrals::referral_link(&username, &code), rate_bp))
        }
        None => None,
    };
    let screen = views::referrals::invite_screen(&tr, &config.shop_currency, invite, &summary);
    show(&bot, &q, screen).await
}

#[cfg(test)]
mod tests {
    use super::start_code;

    #[test]
    fn only_a_referral_payload_is_a_code() {
        assert_eq!(start_code("/start rab12"), Some("ab12"));
        assert_eq!(start_code("/start"), None);
        assert_eq!(start_code("/start r"), None);
        assert_eq!(start_code("/start promo"), None);
    }
}
