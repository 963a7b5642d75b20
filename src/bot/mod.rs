//! The Telegram side: routing, dialogue state, buttons and screens. Handlers stay thin: they
//! read the update, call the domain, and render the answer.

pub mod broadcast_outlet;
pub mod callback;
pub mod channel_members;
pub mod chat_turns;
pub mod dialogue_storage;
pub mod handlers;
pub mod notifier;
pub mod state;
pub mod views;

use std::sync::Arc;

use teloxide::adaptors::DefaultParseMode;
use teloxide::dispatching::dialogue::{self, ErasedStorage};
use teloxide::dispatching::{DpHandlerDescription, UpdateFilterExt, UpdateHandler};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, ParseMode};
use teloxide::utils::command::BotCommands;

use crate::config::Config;
use crate::db::Db;
use crate::db::users::Seen;
use crate::error::Error;
use crate::i18n::{Args, I18n, Lang};
use crate::support::Reach;
use callback::CallbackData;
use handlers::{
    account, admin, api_keys, broadcasts, channel_gate, customers, gate, maintenance, menu, notices,
    order_files, ordering, pricing, promo, referrals, reorder, reports, resellers, shop, support, topup,
};
use state::State;

/// The bot type every handler receives; one alias so that adaptors can change in one place.
pub type TgBot = DefaultParseMode<Bot>;
pub type BotDialogue = Dialogue<State, ErasedStorage<State>>;
pub type DialogueStorage = Arc<ErasedStorage<State>>;
pub type HandlerResult = Result<(), Error>;

/// Wraps a plain bot the way handlers expect it: HTML parse mode everywhere.
pub fn adapt(bot: Bot) -> TgBot {
    bot.parse_mode(ParseMode::Html)
}

/// What everyone can type.
#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    Start,
    Help,
    Cancel,
    Support,
}

/// What admins can type. To anyone else these do not exist: they get the unknown-command answer.
#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(rename_rule = "lowercase")]
pub enum AdminCommand {
    /// `/credit <user_id> <amount> [reason]`
    Credit(String),
    /// Users, orders, revenue, cost and profit, with a chart.
    Stats,
    /// `/user <id or @username>`
    User(String),
    /// `/order <id>`
    Order(String),
    /// Provider balances and health.
    Providers,
    /// Catalogue sync now.
    Sync,
    /// `/service <id> [setting value]`
    Service(String),
    /// `/markup [percent | category <id> <percent>]`
    Markup(String),
    /// `/fx [CURRENCY rate]`
    Fx(String),
    /// Send a message to every customer: the one replied to, or the one sent next.
    Broadcast,
    /// `/maintenance on|off`
    Maintenance(String),
    /// `/starsrefund <telegram_payment_charge_id>`
    Starsrefund(String),
    /// Open support tickets, each with a button to close it.
    Tickets,
    /// `/promo new CODE credit 100 | discount 10% [options]`, `/promo list`, `/promo off CODE`
    Promo(String),
}

/// The person behind the update, registered on first sight.
#[derive(Debug, Clone)]
pub struct Customer {
    pub id: i64,
    pub first_name: String,
    pub lang: Lang,
    pub is_admin: bool,
    /// Banned by an admin (meaningless for admins, who cannot be banned).
    pub banned: bool,
}

/// Texts in the customer's language.
#[derive(Clone)]
pub struct Tr {
    i18n: Arc<I18n>,
    pub lang: Lang,
    /// How customers reach support, given to every text as `$support_via` and
    /// `$support_contact`: the texts that mention support choose their words by them. Set for
    /// the updates the schema routes; without it those texts speak as if there were no support.
    support: Option<Reach>,
}

impl Tr {
    pub fn new(i18n: Arc<I18n>, lang: Lang) -> Self {
        Self {
            i18n,
            lang,
            support: None,
        }
    }

    pub fn with_support(self, support: Reach) -> Self {
        Self {
            support: Some(support),
            ..self
        }
    }

    /// How customers reach support, when known.
    pub fn support(&self) -> Option<&Reach> {
        self.support.as_ref()
    }

    pub fn t(&self, key: &str) -> String {
        self.f(key, &[])
    }

    pub fn f(&self, key: &str, args: Args<'_>) -> String {
        let Some(support) = &self.support else {
            return self.i18n.t_args(self.lang, key, args);
        };
        let contact = support
            .contact
            .as_ref()
            .map(|contact| teloxide::utils::html::escape(&contact.display()))
            .unwrap_or_default();
        let mut args = args.to_vec();
        args.push(("support_via", support.via().into()));
        args.push(("support_contact", contact.into()));
        self.i18n.t_args(self.lang, key, &args)
    }
}

/// A message's text and buttons, sent anew or edited in place.
#[derive(Debug, Clone)]
pub struct Screen {
    pub text: String,
    pub keyboard: InlineKeyboardMarkup,
}

/// The whole bot's routing.
pub fn schema() -> UpdateHandler<Error> {
    use dptree::case;

    let commands = teloxide::filter_command::<Command, _>()
        .branch(case![Command::Start].endpoint(menu::start))
        .branch(
            case![Command::Help]
                .filter(|customer: Customer| customer.is_admin)
                .endpoint(admin::help),
        )
        .branch(case![Command::Help].endpoint(menu::help))
        .branch(case![Command::Cancel].endpoint(menu::cancel))
        .branch(case![Command::Support].endpoint(support::prompt_from_command));

    // Checked against ADMIN_IDS on every update; anyone else falls through to "unknown command".
    let admin_commands = teloxide::filter_command::<AdminCommand, _>()
        .filter(|customer: Customer| customer.is_admin)
        .branch(case![AdminCommand::Credit(args)].endpoint(admin::credit))
        .branch(case![AdminCommand::Stats].endpoint(reports::stats))
        .branch(case![AdminCommand::Providers].endpoint(reports::providers))
        .branch(case![AdminCommand::Sync].endpoint(reports::sync))
        .branch(case![AdminCommand::Starsrefund(args)].endpoint(topup::stars_refund))
        .branch(case![AdminCommand::Markup(args)].endpoint(pricing::markup))
        .branch(case![AdminCommand::Fx(args)].endpoint(pricing::fx))
        .branch(case![AdminCommand::Service(args)].endpoint(pricing::service))
        .branch(case![AdminCommand::User(args)].endpoint(customers::user))
        .branch(case![AdminCommand::Order(args)].endpoint(order_files::order))
        .branch(case![AdminCommand::Broadcast].endpoint(broadcasts::broadcast))
        .branch(case![AdminCommand::Maintenance(args)].endpoint(maintenance::maintenance))
        .branch(case![AdminCommand::Tickets].endpoint(support::tickets))
        .branch(case![AdminCommand::Promo(args)].endpoint(promo::promo));

    let messages = Update::filter_message()
        .filter(|msg: Message| msg.chat.is_private())
        .branch(commands)
        .branch(admin_commands)
        .branch(
            dptree::filter(|msg: Message| msg.text().is_some_and(|t| t.starts_with('/')))
                .endpoint(menu::unknown_command),
        )
        // A reply to a support message, whatever step its sender is in (the step stays).
        .branch(dptree::filter_map_async(support::reply_to_ticket).endpoint(support::reply))
        .branch(case![State::AwaitingSearch].endpoint(shop::search))
        .branch(case![State::AwaitingSupportMessage].endpoint(support::receive))
        .branch(case![State::AwaitingTopUpAmount].endpoint(topup::receive_amount))
        .branch(case![State::AwaitingCryptoAmount].endpoint(topup::receive_crypto_amount))
        .branch(case![State::AwaitingPromoCode].endpoint(promo::receive_code))
        .branch(case![State::AwaitingLink { service_id }].endpoint(ordering::receive_link))
        .branch(case![State::AwaitingComments { service_id, link }].endpoint(ordering::receive_comments))
        .branch(case![State::AwaitingPollAnswer { service_id, link }].endpoint(ordering::receive_poll_answer))
        .branch(
            case![State::AwaitingQuantity {
                service_id,
                link,
                extras
            }]
            .endpoint(ordering::receive_quantity),
        )
        .branch(case![State::AwaitingDripFeed(draft)].endpoint(ordering::receive_dripfeed))
        .branch(admin_input_steps())
        .endpoint(menu::unexpected_message);

    let buttons = dptree::filter_map(|q: CallbackQuery| q.data.as_deref().and_then(CallbackData::decode))
        .filter(button_fits_state)
        // Every routed tap is answered at once, so no client is left with a spinner.
        .inspect_async(menu::acknowledge)
        .branch(
            case![CallbackData::Confirm { token }]
                .branch(case![State::Confirming(draft)].endpoint(ordering::confirm)),
        )
        .branch(
            case![CallbackData::AllAtOnce]
                .branch(case![State::AwaitingDripFeed(draft)].endpoint(ordering::all_at_once)),
        )
        .branch(case![CallbackData::Abort].endpoint(ordering::abort))
        .branch(case![CallbackData::Order { service }].endpoint(ordering::begin))
        .branch(case![CallbackData::RefundStars { payment }].endpoint(topup::confirm_refund))
        // A switch on a notice: whatever the customer was typing is still expected.
        .branch(case![CallbackData::ProgressUpdates { mute }].endpoint(notices::progress_updates))
        .branch(
            leave_input_step()
                .branch(navigation())
                .branch(order_actions())
                .branch(moderation_actions()),
        );

    let callbacks = Update::filter_callback_query()
        .branch(buttons)
        .endpoint(menu::stale_button);

    let dialogues = dialogue::enter::<Update, ErasedStorage<State>, State, _>()
        .filter_map_async(identify)
        .map(|customer: Customer, i18n: Arc<I18n>, config: Arc<Config>| {
            Tr::new(i18n, customer.lang).with_support(Reach::of(&config))
        })
        // Banned customers, and customers while the shop is closed, get a short answer at most.
        .branch(gate::gate())
        // Customers outside the required channel are asked to join it first.
        .branch(channel_gate::gate(Arc::default()))
        .branch(messages)
        .branch(callbacks);

    dptree::entry().branch(payments()).branch(dialogues)
}

/// Payments come first, outside the dialogue and whatever may hold other updates back (bans,
/// maintenance): Telegram cancels a checkout not answered within 10 seconds, and money it has
/// taken must be booked.
fn payments() -> UpdateHandler<Error> {
    use teloxide::types::MessageKind;
    dptree::entry()
        .branch(Update::filter_pre_checkout_query().endpoint(topup::pre_checkout))
        .branch(
            Update::filter_message()
                .filter_map(|msg: Message| msg.successful_payment().cloned())
                .filter_map_async(identify)
                .map(|customer: Customer, i18n: Arc<I18n>| Tr::new(i18n, customer.lang))
                .endpoint(topup::payment_received),
        )
        .branch(
            Update::filter_message()
                .filter(|msg: Message| matches!(msg.kind, MessageKind::RefundedPayment(_)))
                .endpoint(topup::refund_noted),
        )
}

/// Typed input only admins are asked for. Rights are checked again here, as they may have been
/// withdrawn since the question was asked: a former admin just leaves the step.
fn admin_input_steps() -> UpdateHandler<Error> {
    use dptree::case;
    dptree::filter(|state: State| state.is_admin_step())
        .branch(
            dptree::filter(|customer: Customer| customer.is_admin)
                .branch(
                    case![State::AwaitingProviderOrderId { order_id }]
                        .endpoint(admin::receive_provider_order_id),
                )
                .branch(
                    case![State::AwaitingBalanceChange { user_id, change }]
                        .endpoint(customers::receive_balance_change),
                )
                .branch(
                    case![State::AwaitingRefundAmount { order_id }]
                        .endpoint(order_files::receive_refund_amount),
                )
                .branch(case![State::AwaitingBroadcastMessage].endpoint(broadcasts::receive_message))
                .branch(case![State::AwaitingResellerMarkup { user_id }].endpoint(resellers::receive_markup)),
        )
        .endpoint(menu::leave_admin_step)
}

/// Buttons that show a screen; they work from any state.
fn navigation() -> UpdateHandler<Error> {
    use dptree::case;
    dptree::entry()
        .branch(case![CallbackData::Menu].endpoint(menu::show_menu))
        // Only reached once the channel's gate found them in it.
        .branch(case![CallbackData::Joined].endpoint(menu::show_menu))
        .branch(case![CallbackData::Help].endpoint(menu::show_help))
        .branch(case![CallbackData::Support].endpoint(support::prompt_from_button))
        .branch(case![CallbackData::Languages].endpoint(menu::languages))
        .branch(case![CallbackData::SetLanguage { lang }].endpoint(menu::set_language))
        .branch(case![CallbackData::Categories { page }].endpoint(shop::categories))
        .branch(case![CallbackData::Services { category, page }].endpoint(shop::services))
        .branch(case![CallbackData::Service { id }].endpoint(shop::service_card))
        .branch(case![CallbackData::Search].endpoint(shop::search_prompt))
        .branch(case![CallbackData::Orders { page }].endpoint(account::orders))
        .branch(case![CallbackData::OrderDetails { id }].endpoint(account::order_details))
        .branch(case![CallbackData::Balance].endpoint(account::balance))
        .branch(case![CallbackData::Invite].endpoint(referrals::invite))
        .branch(case![CallbackData::PromoCode].endpoint(promo::ask_code))
        .branch(case![CallbackData::TopUp].endpoint(topup::choose_amount))
        .branch(case![CallbackData::TopUpStars { stars }].endpoint(topup::preset_amount))
        .branch(case![CallbackData::TopUpCryptoMenu].endpoint(topup::crypto_menu))
        .branch(case![CallbackData::DemoTopUp].endpoint(topup::demo_top_up))
        .branch(case![CallbackData::TopUpCrypto { amount_minor }].endpoint(topup::crypto_amount))
        .branch(case![CallbackData::CheckCrypto { invoice }].endpoint(topup::check_crypto))
        .branch(case![CallbackData::ApiKeys].endpoint(api_keys::show_api))
        .branch(case![CallbackData::CreateApiKey].endpoint(api_keys::create_key))
        .branch(case![CallbackData::RevokeApiKey].endpoint(api_keys::revoke_key))
}

/// Actions on an order: the customer's, and the admins' settlement of an unknown outcome.
fn order_actions() -> UpdateHandler<Error> {
    use dptree::case;
    dptree::entry()
        .branch(case![CallbackData::RefreshOrder { id }].endpoint(account::refresh_order))
        .branch(case![CallbackData::RefillOrder { id }].endpoint(account::refill_order))
        .branch(case![CallbackData::CancelOrder { id }].endpoint(account::cancel_order))
        .branch(case![CallbackData::OrderAgain { id }].endpoint(reorder::order_again))
        .branch(case![CallbackData::ResolveRefund { order }].endpoint(admin::settle_by_refund))
        .branch(case![CallbackData::ResolvePlaced { order }].endpoint(admin::ask_provider_order_id))
        .branch(case![CallbackData::SwitchService { id, enabled }].endpoint(pricing::switch_service))
}

/// Admins' buttons on customers' profiles, orders and broadcasts.
fn moderation_actions() -> UpdateHandler<Error> {
    use dptree::case;
    dptree::entry()
        .branch(case![CallbackData::UserProfile { user }].endpoint(customers::show_user))
        .branch(case![CallbackData::Ban { user }].endpoint(customers::ban))
        .branch(case![CallbackData::Unban { user }].endpoint(customers::unban))
        .branch(case![CallbackData::ChangeBalance { user, change }].endpoint(customers::ask_balance_change))
        .branch(case![CallbackData::RefundOrder { order }].endpoint(order_files::refund_in_full))
        .branch(case![CallbackData::RefundPart { order }].endpoint(order_files::ask_refund_amount))
        .branch(case![CallbackData::SendBroadcast { id }].endpoint(broadcasts::start_broadcast))
        .branch(case![CallbackData::DropBroadcast { id }].endpoint(broadcasts::drop_broadcast))
        .branch(case![CallbackData::CloseTicket { ticket }].endpoint(support::close))
        .branch(case![CallbackData::SetReseller { user, on }].endpoint(resellers::set_reseller))
        .branch(case![CallbackData::ResellerMarkup { user }].endpoint(resellers::ask_markup))
}

/// Navigating away from a step that waits for typed input leaves that step, so the next text
/// is not mistaken for a link or a quantity.
fn leave_input_step() -> dptree::Handler<'static, Result<(), Error>, DpHandlerDescription> {
    dptree::entry().inspect_async(|dialogue: BotDialogue, state: State| async move {
        if state != State::Start
            && let Err(e) = dialogue.exit().await
        {
            tracing::warn!(error = %e, "could not reset dialogue");
        }
    })
}

/// A Confirm button counts only for the draft it was made for, "all at once" only while that
/// is the question, and admin buttons only for admins (checked on every tap); every other
/// button fits any state.
fn button_fits_state(data: CallbackData, state: State, customer: Customer) -> bool {
    match (&data, &state) {
        (data, _) if data.for_admins() => customer.is_admin,
        (CallbackData::Confirm { token }, State::Confirming(draft)) => *token == draft.token,
        (CallbackData::Confirm { .. }, _) => false,
        (CallbackData::AllAtOnce, State::AwaitingDripFeed(_)) => true,
        (CallbackData::AllAtOnce, _) => false,
        _ => true,
    }
}

/// Registers or refreshes the user behind an update and puts them into the handler's dependencies.
async fn identify(update: Update, db: Db, config: Arc<Config>) -> Option<Customer> {
    let from = update.from()?;
    let id = i64::try_from(from.id.0).ok()?;
    let first_seen_lang = from
        .language_code
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or(config.default_language);
    let seen = Seen {
        id,
        username: from.username.as_deref(),
        first_name: &from.first_name,
        language: first_seen_lang,
    };
    match db.touch_user(&seen).await {
        Ok(visitor) => Some(Customer {
            id,
            lang: visitor.lang.unwrap_or(config.default_language),
            first_name: visitor.first_name,
            is_admin: config.is_admin(from.id.0),
            banned: visitor.banned,
        }),
        Err(e) => {
            tracing::error!(error = %e, "could not register user; update dropped");
            None
        }
    }
}
