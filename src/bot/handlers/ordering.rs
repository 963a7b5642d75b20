//! Putting an order together — link, then what the service type needs (comments, a poll
//! answer, a quantity, drip-feed runs) — confirming it, and placing it.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;

use super::{send, show, topup};
use crate::bot::callback::new_token;
use crate::bot::state::{OrderDraft, State};
use crate::bot::{BotDialogue, Customer, HandlerResult, TgBot, Tr, views};
use crate::config::Config;
use crate::db::catalogue::Service;
use crate::db::{Db, now};
use crate::orders::input::{
    CommentsError, LinkError, QuantityError, check_link, limits, parse_answer_number, parse_comments,
    parse_dripfeed, parse_quantity,
};
use crate::orders::pending::{self, StarsOffer};
use crate::orders::priced::{self, Priced};
use crate::orders::{self, OrderRequest};
use crate::pricing::Pricing;
use crate::providers::Providers;
use crate::vocabulary::{OrderExtras, OrderOrigin, ServiceKind};

/// How long the confirmation screen waits for a channel's subscriber count: a nicety, never
/// a reason to keep the customer waiting.
const SUBSCRIBERS_LOOKUP: Duration = Duration::from_secs(3);

/// The service went off sale mid-order: say so and leave the order.
pub(super) async fn unavailable(bot: &TgBot, chat: ChatId, dialogue: &BotDialogue, tr: &Tr) -> HandlerResult {
    dialogue.exit().await?;
    send(bot, chat, views::catalogue::unavailable(tr)).await
}

/// The service of the current step, or `None` after telling the customer it is gone.
async fn current_service(
    bot: &TgBot,
    msg: &Message,
    dialogue: &BotDialogue,
    tr: &Tr,
    db: &Db,
    service_id: i64,
) -> crate::error::Result<Option<Service>> {
    let service = db.service_on_sale(service_id).await?;
    if service.is_none() {
        unavailable(bot, msg.chat.id, dialogue, tr).await?;
    }
    Ok(service)
}

/// "Order" on a service card: ask for the link.
pub async fn begin(
    bot: TgBot,
    q: CallbackQuery,
    service: i64,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
) -> HandlerResult {
    // A new order replaces whatever was waiting for a top-up.
    pending::abandon(&db, customer.id).await?;
    let Some(service) = db.service_on_sale(service).await? else {
        dialogue.exit().await?;
        return show(&bot, &q, views::catalogue::unavailable(&tr)).await;
    };
    dialogue
        .update(State::AwaitingLink {
            service_id: service.id,
        })
        .await?;
    show(&bot, &q, views::ordering::ask_link(&tr, &service)).await
}

pub async fn receive_link(
    bot: TgBot,
    msg: Message,
    service_id: i64,
    dialogue: BotDialogue,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(service) = current_service(&bot, &msg, &dialogue, &tr, &db, service_id).await? else {
        return Ok(());
    };
    let checked = msg
        .text()
        .ok_or(LinkError::NotAUrl)
        .and_then(|text| check_link(service.link_rule(), service.target_bot.as_deref(), text));
    let link = match checked {
        Ok(link) => link,
        Err(error) => return send(&bot, msg.chat.id, views::ordering::link_invalid(&tr, error)).await,
    };
    // The next question depends on the service type.
    let (state, screen) = match service.kind() {
        ServiceKind::CustomComments => (
            State::AwaitingComments { service_id, link },
            views::ordering::ask_comments(&tr, &service),
        ),
        ServiceKind::Poll => (
            State::AwaitingPollAnswer { service_id, link },
            views::ordering::ask_poll_answer(&tr),
        ),
        _ => (
            State::AwaitingQuantity {
                service_id,
                link,
                extras: OrderExtras::default(),
            },
            views::ordering::ask_quantity(&tr, &config.shop_currency, &service),
        ),
    };
    dialogue.update(state).await?;
    send(&bot, msg.chat.id, screen).await
}

#[allow(clippy::too_many_arguments)]
pub async fn receive_comments(
    bot: TgBot,
    msg: Message,
    (service_id, link): (i64, String),
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(service) = current_service(&bot, &msg, &dialogue, &tr, &db, service_id).await? else {
        return Ok(());
    };
    let (min, max) = limits(&service);
    let parsed = msg
        .text()
        .ok_or(CommentsError::TooFew(min))
        .and_then(|t| parse_comments(t, min, max));
    let (comments, count) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => {
            let screen = views::ordering::comments_invalid(&tr, error, min);
            return send(&bot, msg.chat.id, screen).await;
        }
    };
    let extras = OrderExtras {
        comments: Some(comments),
        ..OrderExtras::default()
    };
    let ctx = Confirm {
        bot: &bot,
        chat: msg.chat.id,
        dialogue: &dialogue,
        tr: &tr,
        customer: &customer,
        db: &db,
        providers: &providers,
        config: &config,
    };
    ctx.confirmation(&service, link, count, extras).await
}

pub async fn receive_poll_answer(
    bot: TgBot,
    msg: Message,
    (service_id, link): (i64, String),
    dialogue: BotDialogue,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(service) = current_service(&bot, &msg, &dialogue, &tr, &db, service_id).await? else {
        return Ok(());
    };
    let Some(answer_number) = msg.text().and_then(parse_answer_number) else {
        return send(&bot, msg.chat.id, views::ordering::poll_answer_invalid(&tr)).await;
    };
    let extras = OrderExtras {
        answer_number: Some(answer_number),
        ..OrderExtras::default()
    };
    dialogue
        .update(State::AwaitingQuantity {
            service_id,
            link,
            extras,
        })
        .await?;
    send(
        &bot,
        msg.chat.id,
        views::ordering::ask_quantity(&tr, &config.shop_currency, &service),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
pub async fn receive_quantity(
    bot: TgBot,
    msg: Message,
    (service_id, link, extras): (i64, String, OrderExtras),
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(service) = current_service(&bot, &msg, &dialogue, &tr, &db, service_id).await? else {
        return Ok(());
    };
    let (min, max) = limits(&service);
    let quantity = match msg
        .text()
        .ok_or(QuantityError::NotANumber)
        .and_then(|t| parse_quantity(t, min, max))
    {
        Ok(quantity) => quantity,
        Err(error) => {
            let screen = views::ordering::quantity_invalid(&tr, error, (min, max));
            return send(&bot, msg.chat.id, screen).await;
        }
    };
    if service.dripfeed {
        let screen = views::ordering::ask_dripfeed(&tr, &config.shop_currency, &service, quantity, &extras);
        let draft = OrderDraft {
            service_id,
            link,
            quantity,
            extras,
            charge_minor: 0,
            quoted_at: 0,
            token: String::new(),
            discount: None,
        };
        dialogue.update(State::AwaitingDripFeed(draft)).await?;
        return send(&bot, msg.chat.id, screen).await;
    }
    let ctx = Confirm {
        bot: &bot,
        chat: msg.chat.id,
        dialogue: &dialogue,
        tr: &tr,
        customer: &customer,
        db: &db,
        providers: &providers,
        config: &config,
    };
    ctx.confirmation(&service, link, quantity, extras).await
}

/// Drip-feed: "runs interval" typed as text.
#[allow(clippy::too_many_arguments)]
pub async fn receive_dripfeed(
    bot: TgBot,
    msg: Message,
    draft: OrderDraft,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(service) = current_service(&bot, &msg, &dialogue, &tr, &db, draft.service_id).await? else {
        return Ok(());
    };
    let Some(dripfeed) = msg.text().and_then(parse_dripfeed) else {
        return send(&bot, msg.chat.id, views::ordering::ask_dripfeed_again(&tr)).await;
    };
    let extras = OrderExtras {
        dripfeed: Some(dripfeed),
        ..draft.extras
    };
    let ctx = Confirm {
        bot: &bot,
        chat: msg.chat.id,
        dialogue: &dialogue,
        tr: &tr,
        customer: &customer,
        db: &db,
        providers: &providers,
        config: &config,
    };
    ctx.confirmation(&service, draft.link, draft.quantity, extras)
        .await
}

/// Drip-feed: the "all at once" button.
#[allow(clippy::too_many_arguments)]
pub async fn all_at_once(
    bot: TgBot,
    q: CallbackQuery,
    draft: OrderDraft,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    let chat = ChatId::from(q.from.id);
    let Some(service) = db.service_on_sale(draft.service_id).await? else {
        return unavailable(&bot, chat, &dialogue, &tr).await;
    };
    let ctx = Confirm {
        bot: &bot,
        chat,
        dialogue: &dialogue,
        tr: &tr,
        customer: &customer,
        db: &db,
        providers: &providers,
        config: &config,
    };
    ctx.confirmation(&service, draft.link, draft.quantity, draft.extras)
        .await
}

/// What the confirmation step needs from the handler that reaches it.
pub(super) struct Confirm<'a> {
    pub bot: &'a TgBot,
    pub chat: ChatId,
    pub dialogue: &'a BotDialogue,
    pub tr: &'a Tr,
    pub customer: &'a Customer,
    pub db: &'a Db,
    pub providers: &'a Providers,
    pub config: &'a Config,
}

impl Confirm<'_> {
    /// Prices the filled-in order (with the customer's waiting discount) and shows it for
    /// confirmation, with the channel's current subscriber count where the provider can tell it.
    pub(super) async fn confirmation(
        &self,
        service: &Service,
        link: String,
        quantity: u64,
        extras: OrderExtras,
    ) -> HandlerResult {
        let pricing = Pricing::from_config(self.config);
        let priced = priced::price(self.db, &pricing, self.customer.id, service, quantity, &extras).await?;
        let Some(Priced {
            charge_minor,
            discount,
        }) = priced
        else {
            return unavailable(self.bot, self.chat, self.dialogue, self.tr).await;
        };
        let subscribers = match self.providers.get(&service.provider) {
            Some(provider) => {
                match tokio::time::timeout(SUBSCRIBERS_LOOKUP, provider.api.channel_subscribers(&link)).await
                {
                    Ok(Ok(count)) => count,
                    _ => None,
                }
            }
            None => None,
        };
        let draft = OrderDraft {
            service_id: service.id,
            link,
            quantity,
            extras,
            charge_minor,
            quoted_at: now(),
            token: new_token(),
            discount,
        };
        let balance = self.db.balance(self.customer.id).await?;
        if balance < charge_minor {
            return self.short(service, draft, balance, subscribers).await;
        }
        let screen = views::ordering::confirmation(
            self.tr,
            &self.config.shop_currency,
            service,
            &draft,
            balance,
            subscribers,
        );
        self.dialogue.update(State::Confirming(draft)).await?;
        send(self.bot, self.chat, screen).await
    }

    /// The balance does not cover the order: it waits as a pending purchase, and the customer is
    /// offered a top-up of what is missing — the Stars invoice comes right under the screen, so
    /// paying it is all that is left to do. The next credit places the order.
    async fn short(
        &self,
        service: &Service,
        draft: OrderDraft,
        balance: i64,
        subscribers: Option<u64>,
    ) -> HandlerResult {
        let offer = pending::top_up_offer(self.config, draft.charge_minor - balance);
        if offer.any() {
            let request_key = request_key(self.customer, &draft.token);
            let purchase = OrderRequest {
                user_id: self.customer.id,
                service,
                link: &draft.link,
                quantity: draft.quantity,
                extras: &draft.extras,
                quoted_charge_minor: draft.charge_minor,
                quoted_at: draft.quoted_at,
                request_key: &request_key,
                origin: OrderOrigin::Chat,
            };
            pending::keep(self.db, &purchase).await?;
        }
        // Nothing is left to confirm here: the purchase waits in the database, not in the dialogue.
        self.dialogue.exit().await?;
        let currency = &self.config.shop_currency;
        let screen = views::ordering::short_confirmation(
            self.tr,
            currency,
            service,
            &draft,
            balance,
            subscribers,
            &offer,
        );
        send(self.bot, self.chat, screen).await?;
        match offer.stars {
            StarsOffer::Pay(stars) => {
                topup::send_invoice(self.bot, self.tr, self.config, self.customer, stars).await
            }
            StarsOffer::Off | StarsOffer::TooMuch => Ok(()),
        }
    }
}

/// The key an order is placed with: one per confirmation screen, so a repeated tap or a repeated
/// credit finds the order it already placed.
fn request_key(customer: &Customer, token: &str) -> String {
    format!("{}:{token}", customer.id)
}

/// Confirm: the one place an order is paid for and sent. The dialogue leaves the confirmation
/// before anything else, and the order's request key makes a repeated tap place nothing.
#[allow(clippy::too_many_arguments)]
pub async fn confirm(
    bot: TgBot,
    q: CallbackQuery,
    draft: OrderDraft,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    dialogue.exit().await?;
    let Some(service) = db.service_on_sale(draft.service_id).await? else {
        return show(&bot, &q, views::catalogue::unavailable(&tr)).await;
    };
    let request_key = request_key(&customer, &draft.token);
    let request = OrderRequest {
        user_id: customer.id,
        service: &service,
        link: &draft.link,
        quantity: draft.quantity,
        extras: &draft.extras,
        quoted_charge_minor: draft.charge_minor,
        quoted_at: draft.quoted_at,
        request_key: &request_key,
        origin: OrderOrigin::Chat,
    };
    let pricing = Pricing::from_config(&config);
    let outcome = orders::place(&db, &providers, &pricing, &config.admin_ids, &request).await?;
    show(
        &bot,
        &q,
        views::ordering::place_outcome(&tr, &config.shop_currency, &outcome),
    )
    .await
}

pub async fn abort(
    bot: TgBot,
    q: CallbackQuery,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let left = dialogue.get_or_default().await?;
    dialogue.exit().await?;
    // Leaving the order leaves the purchase waiting for a top-up too; no money moves.
    let dropped = pending::abandon(&db, customer.id).await?;
    let balance_minor = db.balance(customer.id).await?;
    show(
        &bot,
        &q,
        views::menu::cancelled(
            &tr,
            &config.shop_currency,
            &customer,
            balance_minor,
            &left,
            dropped,
            config.webapp.as_ref().map(|webapp| &webapp.url),
        ),
    )
    .await
}
