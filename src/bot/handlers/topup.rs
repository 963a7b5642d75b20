//! Top-ups with Telegram Stars: choosing the amount, the invoice, the pre-checkout answer, the
//! credit, and admins' refunds; with Crypto Pay: the amount, the invoice, "Check payment". The
//! rules and the money live in [`crate::payments`].

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{LabeledPrice, PreCheckoutQuery, SuccessfulPayment, TelegramTransactionId};
use teloxide::{ApiError, RequestError};

use super::{send, show};
use crate::bot::state::State;
use crate::bot::{BotDialogue, Customer, HandlerResult, Screen, TgBot, Tr, callback, views};
use crate::config::Config;
use crate::db::Db;
use crate::error::Result;
use crate::i18n::{I18n, Lang};
use crate::orders::pending::PurchasePlacer;
use crate::payments::cryptopay::{CryptoPay, Opened, Settled, amounts};
use crate::payments::demo::DemoTopUp;
use crate::payments::refunds::{PaymentKey, RefundConsent};
use crate::payments::stars::{
    AmountError, Checkout, InvoicePayload, PaymentReceived, Refusal, STARS_CURRENCY,
};
use crate::payments::{self, Received};

/// "Top up" under the balance: the amounts to choose from, and typed amounts are welcome.
pub async fn choose_amount(
    bot: TgBot,
    q: CallbackQuery,
    dialogue: BotDialogue,
    tr: Tr,
    config: Arc<Config>,
    cryptopay: Option<Arc<CryptoPay>>,
) -> HandlerResult {
    let Some(rate) = config.stars_rate else {
        // Without Stars, crypto is the one way to top up: straight to its amounts.
        return crypto_menu(bot, q, dialogue, tr, config, cryptopay).await;
    };
    dialogue.update(State::AwaitingTopUpAmount).await?;
    let screen = views::topup::amounts(&tr, &config.shop_currency, rate, cryptopay.is_some());
    show(&bot, &q, with_demo_top_up(&tr, &config, screen)).await
}

/// `screen` with "Demo top-up" when the shop offers demo money.
fn with_demo_top_up(tr: &Tr, config: &Config, screen: Screen) -> Screen {
    let demo = payments::demo::offered(config).then(|| payments::demo::amount_minor(config));
    views::topup::with_demo_top_up(tr, &config.shop_currency, demo, screen)
}

/// "Demo top-up": demo money through the ledger, once per tap; refused once a real provider is
/// configured.
pub async fn demo_top_up(
    bot: TgBot,
    q: CallbackQuery,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let currency = &config.shop_currency;
    let screen = match payments::demo::top_up(&db, &config, customer.id, &q.id.0).await? {
        DemoTopUp::Credited {
            amount_minor,
            balance_minor,
        } => {
            tracing::info!(user_id = customer.id, amount_minor, "demo money credited");
            views::topup::demo_topped_up(&tr, currency, amount_minor, balance_minor)
        }
        // The same tap delivered again: its answer is on screen already.
        DemoTopUp::AlreadyApplied => return Ok(()),
        DemoTopUp::Unavailable => views::topup::demo_unavailable(&tr),
    };
    show(&bot, &q, screen).await
}

/// "Pay with crypto": the amounts, and typed amounts are welcome.
pub async fn crypto_menu(
    bot: TgBot,
    q: CallbackQuery,
    dialogue: BotDialogue,
    tr: Tr,
    config: Arc<Config>,
    cryptopay: Option<Arc<CryptoPay>>,
) -> HandlerResult {
    let Some(cryptopay) = cryptopay else {
        let screen = with_demo_top_up(&tr, &config, views::topup::unavailable(&tr));
        return show(&bot, &q, screen).await;
    };
    dialogue.update(State::AwaitingCryptoAmount).await?;
    let screen = views::topup::crypto_amounts(&tr, cryptopay.currency(), cryptopay.assets());
    show(&bot, &q, with_demo_top_up(&tr, &config, screen)).await
}

/// An amount's button (ours, or the order confirmation's "pay the missing amount"): the
/// invoice replaces the screen, so a second tap finds no button (and would get the same one).
pub async fn crypto_amount(
    bot: TgBot,
    q: CallbackQuery,
    amount_minor: i64,
    tr: Tr,
    customer: Customer,
    cryptopay: Option<Arc<CryptoPay>>,
) -> HandlerResult {
    let Some(cryptopay) = cryptopay else {
        return show(&bot, &q, views::topup::unavailable(&tr)).await;
    };
    let currency = cryptopay.currency();
    if let Err(error) = amounts::check(currency, amount_minor) {
        return show(
            &bot,
            &q,
            views::topup::crypto_amount_invalid(&tr, currency, error),
        )
        .await;
    }
    let screen = open_crypto_invoice(&tr, &cryptopay, &customer, amount_minor).await?;
    show(&bot, &q, screen).await
}

/// A typed amount for a crypto top-up: the invoice, or a hint and the question stands.
pub async fn receive_crypto_amount(
    bot: TgBot,
    msg: Message,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    cryptopay: Option<Arc<CryptoPay>>,
) -> HandlerResult {
    let Some(cryptopay) = cryptopay else {
        dialogue.exit().await?;
        return send(&bot, msg.chat.id, views::topup::unavailable(&tr)).await;
    };
    let currency = cryptopay.currency();
    let parsed = msg
        .text()
        .ok_or(amounts::AmountError::NotAnAmount)
        .and_then(|text| amounts::parse(currency, text));
    let amount_minor = match parsed {
        Ok(amount) => amount,
        Err(error) => {
            return send(
                &bot,
                msg.chat.id,
                views::topup::crypto_amount_invalid(&tr, currency, error),
            )
            .await;
        }
    };
    dialogue.exit().await?;
    let screen = open_crypto_invoice(&tr, &cryptopay, &customer, amount_minor).await?;
    send(&bot, msg.chat.id, screen).await
}

async fn open_crypto_invoice(
    tr: &Tr,
    cryptopay: &CryptoPay,
    customer: &Customer,
    amount_minor: i64,
) -> Result<Screen> {
    let currency = cryptopay.currency();
    let description = views::topup::crypto_description(tr, currency, amount_minor);
    Ok(
        match cryptopay
            .open_invoice(customer.id, amount_minor, &description)
            .await?
        {
            Opened::Ready(invoice) => {
                views::topup::crypto_invoice(tr, currency, cryptopay.assets(), &invoice, None)
            }
            Opened::InProgress => views::topup::crypto_in_progress(tr),
            Opened::Failed => views::topup::crypto_failed(tr),
        },
    )
}

/// "Check payment": asks Crypto Pay now and credits the invoice if it is paid.
pub async fn check_crypto(
    bot: TgBot,
    q: CallbackQuery,
    invoice: i64,
    tr: Tr,
    customer: Customer,
    cryptopay: Option<Arc<CryptoPay>>,
    purchases: PurchasePlacer,
) -> HandlerResult {
    let Some(cryptopay) = cryptopay else {
        return show(&bot, &q, views::topup::unavailable(&tr)).await;
    };
    let checked = cryptopay.check(customer.id, invoice).await?;
    if let Ok(Settled::Credited(credit)) = &checked
        && credit.funded_purchase
    {
        purchases.place_for(customer.id).await;
    }
    let (currency, assets) = (cryptopay.currency(), cryptopay.assets());
    show(
        &bot,
        &q,
        views::topup::crypto_checked(&tr, currency, assets, invoice, &checked),
    )
    .await
}

/// One of the offered amounts: the invoice comes as a new message.
pub async fn preset_amount(
    bot: TgBot,
    q: CallbackQuery,
    stars: u32,
    tr: Tr,
    customer: Customer,
    config: Arc<Config>,
) -> HandlerResult {
    // Only our own buttons carry an amount, but a forged one must not reach an invoice.
    if payments::stars::check_range(stars).is_err() {
        return show(&bot, &q, views::topup::range_hint(&tr)).await;
    }
    send_invoice(&bot, &tr, &config, &customer, stars).await
}

/// A typed number of stars: an invoice, or a hint and the question stands.
pub async fn receive_amount(
    bot: TgBot,
    msg: Message,
    dialogue: BotDialogue,
    tr: Tr,
    customer: Customer,
    config: Arc<Config>,
) -> HandlerResult {
    let parsed = msg
        .text()
        .ok_or(AmountError::NotDigits)
        .and_then(payments::stars::parse_stars);
    let stars = match parsed {
        Ok(stars) => stars,
        Err(error) => return send(&bot, msg.chat.id, views::topup::amount_invalid(&tr, error)).await,
    };
    dialogue.exit().await?;
    send_invoice(&bot, &tr, &config, &customer, stars).await
}

/// Sends the invoice for `stars`, payable by this customer only (the payload says who and how
/// much, and the pre-checkout answer holds the payment to it).
pub(crate) async fn send_invoice(
    bot: &TgBot,
    tr: &Tr,
    config: &Config,
    customer: &Customer,
    stars: u32,
) -> HandlerResult {
    let chat = ChatId(customer.id);
    // Top-ups may have been switched off since the screen was shown.
    let Some(amount) = config
        .stars_rate
        .and_then(|rate| payments::stars::stars_to_minor(stars, rate, &config.shop_currency))
    else {
        return send(bot, chat, views::topup::unavailable(tr)).await;
    };
    let payload = InvoicePayload {
        user_id: customer.id,
        stars,
        nonce: callback::new_token(),
    };
    let invoice = views::topup::invoice(tr, &config.shop_currency, stars, amount);
    let price = LabeledPrice::new(invoice.label, stars);
    bot.send_invoice(
        chat,
        invoice.title,
        invoice.description,
        payload.encode(),
        STARS_CURRENCY,
        [price],
    )
    .await?;
    Ok(())
}

/// Telegram asks whether it may take the payment and cancels the checkout unless answered
/// within 10 seconds: routed before everything else, one database read, then the answer.
pub async fn pre_checkout(
    bot: TgBot,
    query: PreCheckoutQuery,
    db: Db,
    config: Arc<Config>,
    i18n: Arc<I18n>,
) -> HandlerResult {
    let verdict = match i64::try_from(query.from.id.0) {
        Ok(payer) => {
            let checkout = Checkout {
                payer,
                payer_is_admin: config.is_admin(query.from.id.0),
                currency: &query.currency,
                total_amount: query.total_amount,
                payload: &query.invoice_payload,
            };
            payments::stars::check_checkout(&db, &checkout, config.stars_rate).await
        }
        Err(_) => Ok(Err(Refusal::InvalidInvoice)),
    };
    let answer = bot.answer_pre_checkout_query(query.id.clone(), matches!(verdict, Ok(Ok(_))));
    // The payer's Telegram language: their stored choice would cost another read.
    let lang = query
        .from
        .language_code
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or(config.default_language);
    let tr = Tr::new(i18n, lang);
    match verdict {
        Ok(Ok(_)) => {
            answer.await?;
        }
        Ok(Err(refusal)) => {
            tracing::info!(payer = query.from.id.0, ?refusal, "checkout refused");
            answer.error_message(views::topup::refusal(&tr, refusal)).await?;
        }
        // Refused rather than left to time out: nothing may be charged that cannot be booked.
        Err(e) => {
            answer.error_message(tr.t("topup-refused-error")).await?;
            return Err(e);
        }
    }
    Ok(())
}

/// Telegram took the stars: book them once per charge id and tell the customer. A second
/// delivery of the same payment changes nothing and says nothing.
#[allow(clippy::too_many_arguments)]
pub async fn payment_received(
    bot: TgBot,
    msg: Message,
    payment: SuccessfulPayment,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
    purchases: PurchasePlacer,
) -> HandlerResult {
    let charge = payment.telegram_payment_charge_id.0.as_str();
    let received = PaymentReceived {
        charge_id: charge,
        payer: customer.id,
        currency: &payment.currency,
        stars: payment.total_amount,
        payload: &payment.invoice_payload,
    };
    let currency = &config.shop_currency;
    let outcome = match payments::stars::receive(&db, &received, config.stars_rate, currency).await {
        Ok(outcome) => outcome,
        Err(e) => {
            // Telegram has taken the stars and will not send this update again: everything an
            // admin needs to book it by hand goes to the journal.
            tracing::error!(
                charge,
                payer = customer.id,
                stars = payment.total_amount,
                payload = payment.invoice_payload,
                error = %e,
                "stars payment NOT booked: book it by hand"
            );
            return Err(e);
        }
    };
    tracing::info!(
        charge,
        payer = customer.id,
        stars = payment.total_amount,
        ?outcome,
        "stars payment"
    );
    if outcome == Received::RecordedOnly {
        tracing::error!(
            charge,
            "stars payment received while STARS_RATE is unset: credit or refund it by hand"
        );
    }
    if let Received::ForPurchase { .. } = outcome {
        // The waiting purchase this pays for is placed now; its message tells of both.
        purchases.place_for(customer.id).await;
    }
    match views::topup::payment_received(&tr, currency, payment.total_amount, charge, &outcome) {
        Some(screen) => send(&bot, msg.chat.id, screen).await,
        None => Ok(()),
    }
}

/// Telegram's note in the chat that a payment was refunded: the refund was booked when it was
/// made, so there is nothing to answer.
pub async fn refund_noted(msg: Message) -> HandlerResult {
    tracing::debug!(chat = msg.chat.id.0, "refunded payment noted");
    Ok(())
}

/// `/starsrefund <telegram_payment_charge_id>`: refunds a payment whose credit is still on the
/// balance, or asks for a confirmation when the customer has spent it.
pub async fn stars_refund(
    bot: TgBot,
    msg: Message,
    args: String,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let charge = args.trim();
    if charge.is_empty() || charge.contains(char::is_whitespace) {
        return send(&bot, msg.chat.id, views::topup::refund_usage(&tr)).await;
    }
    let key = PaymentKey::Charge(charge);
    let screen = refund(
        &bot,
        &tr,
        &db,
        &config,
        customer.id,
        key,
        RefundConsent::WithinBalance,
    )
    .await?;
    send(&bot, msg.chat.id, screen).await
}

/// "Refund anyway" under the shortfall warning: the admin accepts a balance below zero. The
/// warning turns into the result, so the button cannot be used twice.
pub async fn confirm_refund(
    bot: TgBot,
    q: CallbackQuery,
    payment: i64,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
) -> HandlerResult {
    let key = PaymentKey::Id(payment);
    let screen = refund(
        &bot,
        &tr,
        &db,
        &config,
        customer.id,
        key,
        RefundConsent::OverdraftConfirmed,
    )
    .await?;
    show(&bot, &q, screen).await
}

/// Checks, has Telegram return the stars, then books the debit. Telegram first: a refund it
/// refused must not have moved money; one it made is booked whatever the balance is by then
/// (see [`payments::refunds::book_refund`]), and one we failed to book is booked by running the command
/// again (Telegram then answers CHARGE_ALREADY_REFUNDED).
async fn refund(
    bot: &TgBot,
    tr: &Tr,
    db: &Db,
    config: &Config,
    admin: i64,
    key: PaymentKey<'_>,
    consent: RefundConsent,
) -> Result<Screen> {
    let currency = &config.shop_currency;
    let payment = match payments::refunds::check_refund(db, key, consent).await? {
        Ok(payment) => payment,
        Err(stop) => return Ok(views::topup::refund_stopped(tr, currency, &stop)),
    };
    let user = UserId(payment.user_id.unsigned_abs());
    let charge = TelegramTransactionId(payment.charge_id.clone());
    match bot.refund_star_payment(user, charge).await {
        Ok(_) => {}
        Err(RequestError::Api(ApiError::Unknown(text))) if text.contains("CHARGE_ALREADY_REFUNDED") => {}
        Err(e) => {
            tracing::warn!(charge = payment.charge_id, error = %e, "stars refund failed");
            let api_error = match e {
                RequestError::Api(api) => Some(api.to_string()),
                _ => None,
            };
            let failed = views::topup::refund_failed(tr, &payment.charge_id, api_error.as_deref());
            return Ok(failed);
        }
    }
    Ok(
        match payments::refunds::book_refund(db, payment.id, admin).await? {
            Ok(booked) => {
                tracing::info!(admin, charge = booked.payment.charge_id, "stars payment refunded");
                views::topup::refund_done(tr, currency, &booked)
            }
            Err(stop) => views::topup::refund_stopped(tr, currency, &stop),
        },
    )
}
