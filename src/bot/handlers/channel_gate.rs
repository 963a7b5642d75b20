//! The required channel's gate: a customer who is not in `REQUIRED_CHANNEL` is asked to join it
//! before anything else. Admins pass; payments never get here (the schema books them first).

use std::sync::Arc;
use std::time::Instant;

use teloxide::RequestError;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{Recipient, UpdateKind};
use url::Url;

use super::gate::is_conversation;
use super::{send, show};
use crate::bot::callback::CallbackData;
use crate::bot::channel_members::ChannelMembers;
use crate::bot::{Customer, HandlerResult, TgBot, Tr, views};
use crate::config::{Config, RequiredChannel};
use crate::db::Db;
use crate::error::Error;

/// The channel the customer behind this update is not in.
#[derive(Debug, Clone)]
struct OutsideChannel(RequiredChannel);

/// Shows the join screen to customers outside the required channel; everyone else passes.
/// `members` lives as long as the bot, so a membership found is trusted for a while.
pub fn gate(members: Arc<ChannelMembers>) -> UpdateHandler<Error> {
    dptree::map(move || Arc::clone(&members))
        .filter_map_async(outside_channel)
        .endpoint(ask_to_join)
}

/// How Telegram's methods address the channel.
pub fn channel_chat(channel: &RequiredChannel) -> Recipient {
    match channel {
        RequiredChannel::Username(name) => Recipient::ChannelUsername(format!("@{name}")),
        RequiredChannel::Id(id) => Recipient::Id(ChatId(*id)),
    }
}

/// Whether Telegram counts `user` in the channel: members, admins, the owner, and restricted
/// users who are still in it; not those who left or were removed.
pub async fn in_channel(bot: &TgBot, channel: &RequiredChannel, user: UserId) -> Result<bool, RequestError> {
    let member = bot.get_chat_member(channel_chat(channel), user).await?;
    Ok(member.is_present())
}

async fn outside_channel(
    update: Update,
    customer: Customer,
    config: Arc<Config>,
    bot: TgBot,
    members: Arc<ChannelMembers>,
) -> Option<OutsideChannel> {
    let channel = config.required_channel.as_ref()?;
    if customer.is_admin || !is_conversation(&update) {
        return None;
    }
    let now = Instant::now();
    if members.remembers(customer.id, now) {
        return None;
    }
    let user = UserId(u64::try_from(customer.id).ok()?);
    match in_channel(&bot, channel, user).await {
        Ok(true) => {
            members.remember(customer.id, now);
            None
        }
        Ok(false) => {
            members.forget(customer.id);
            Some(OutsideChannel(channel.clone()))
        }
        // Telegram's trouble (or the bot not being the channel's admin) must not lock customers
        // out of the shop: they pass, unremembered, and are checked again next time.
        Err(e) => {
            tracing::warn!(
                error = %e,
                channel = %channel.display(),
                user_id = customer.id,
                "could not check the required channel; customer let through"
            );
            None
        }
    }
}

async fn ask_to_join(
    bot: TgBot,
    update: Update,
    outside: OutsideChannel,
    tr: Tr,
    customer: Customer,
    db: Db,
) -> HandlerResult {
    let UpdateKind::CallbackQuery(q) = &update.kind else {
        // A newcomer's first /start may carry a referral link: it is noted now, as the /start
        // that follows joining will carry none.
        if let UpdateKind::Message(msg) = &update.kind
            && msg.text().is_some_and(|text| text.starts_with("/start"))
        {
            super::referrals::note_start(&db, &customer, msg.text()).await?;
        }
        let link = join_link(&bot, &outside.0).await;
        return send(&bot, ChatId(customer.id), views::channel::join(&tr, link)).await;
    };
    let tapped = q.data.as_deref().and_then(CallbackData::decode);
    if tapped == Some(CallbackData::Joined) {
        // The join screen is already in front of them.
        bot.answer_callback_query(q.id.clone())
            .text(tr.t("channel-not-yet"))
            .await?;
        return Ok(());
    }
    bot.answer_callback_query(q.id.clone()).await?;
    let link = join_link(&bot, &outside.0).await;
    show(&bot, q, views::channel::join(&tr, link)).await
}

/// The public channel's link, or the private one's invite link, which Telegram gives its admins.
pub(crate) async fn join_link(bot: &TgBot, channel: &RequiredChannel) -> Option<Url> {
    if let Some(link) = channel.public_link() {
        return Some(link);
    }
    match bot.get_chat(channel_chat(channel)).await {
        Ok(chat) => chat.invite_link().and_then(|link| Url::parse(link).ok()),
        Err(e) => {
            tracing::warn!(error = %e, channel = %channel.display(), "no invite link for the required channel");
            None
        }
    }
}
