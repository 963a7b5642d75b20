//! Top-ups with Telegram Stars: choosing the amount, the invoice, the pre-checkout answer, the
//! credit, and admins' refunds. The rules and the money live in [`crate::payments`].

use std::sync::Arc;

use rust_decimal::Decimal;
use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, LabeledPrice, PreCheckoutQuery, SuccessfulPayment, TelegramTransactionId,
};
use teloxide::utils::html::escape;
use teloxide::{ApiError, RequestError};

use super::{send, show};
use crate::bot::callback::{self, CallbackData};
use crate::bot::state::State;
use crate::bot::views::{self, button, screen};
use crate::bot::{BotDialogue, Customer, HandlerResult, Screen, TgBot, Tr};
use crate::config::Config;
use crate::db::Db;
use crate::error::Result;
use crate::i18n::{I18n, Lang};
use crate::money::Currency;
use crate::payments::{
    self, AmountError, Checkout, InvoicePayload, MAX_STARS, MIN_STARS, PRESET_STARS, PaymentKey,
    PaymentReceived, Received, RefundBooked, RefundConsent, RefundStop, Refusal, STARS_CURRENCY,
};

/// "Top up" under the balance: the amounts to choose from, and typed amounts are welcome.
pub async fn choose_amount(
    bot: TgBot,
    q: CallbackQuery,
    dialogue: BotDialogue,
    tr: Tr,
    config: Arc<Config>,
) -> HandlerResult {
    let Some(rate) = config.stars_rate else {
        return show(&bot, &q, unavailable(&tr)).await;
    };
    dialogue.update(State::AwaitingTopUpAmount).await?;
    show(&bot, &q, amounts(&tr, &config.shop_currency, rate)).await
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
    if payments::check_range(stars).is_err() {
        return show(&bot, &q, views::input_error(&tr, range_hint(&tr))).await;
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
        .and_then(payments::parse_stars);
    let stars = match parsed {
        Ok(stars) => stars,
        Err(error) => {
            let text = match error {
                AmountError::NotDigits => range_hint(&tr),
                AmountError::BelowMin => tr.f("topup-below-min", &[("min", MIN_STARS.into())]),
                AmountError::AboveMax => tr.f("topup-above-max", &[("max", MAX_STARS.into())]),
            };
            return send(&bot, msg.chat.id, views::input_error(&tr, text)).await;
        }
    };
    dialogue.exit().await?;
    send_invoice(&bot, &tr, &config, &customer, stars).await
}

/// Sends the invoice for `stars`, payable by this customer only (the payload says who and how
/// much, and the pre-checkout answer holds the payment to it).
async fn send_invoice(
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
        .and_then(|rate| payments::stars_to_minor(stars, rate, &config.shop_currency))
    else {
        return send(bot, chat, unavailable(tr)).await;
    };
    let payload = InvoicePayload {
        user_id: customer.id,
        stars,
        nonce: callback::new_token(),
    };
    let description = tr.f(
        "topup-invoice-description",
        &[
            ("stars", stars.into()),
            ("amount", config.shop_currency.format(amount).into()),
        ],
    );
    let price = LabeledPrice::new(tr.t("topup-invoice-label"), stars);
    bot.send_invoice(
        chat,
        tr.t("topup-invoice-title"),
        description,
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
            payments::check_checkout(&db, &checkout, config.stars_rate).await
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
            answer.error_message(refusal_text(&tr, refusal)).await?;
        }
        // Refused rather than left to time out: nothing may be charged that cannot be booked.
        Err(e) => {
            answer.error_message(tr.t("topup-refused-error")).await?;
            return Err(e);
        }
    }
    Ok(())
}

fn refusal_text(tr: &Tr, refusal: Refusal) -> String {
    match refusal {
        Refusal::Unavailable => tr.t("topup-refused-unavailable"),
        Refusal::Banned => tr.t("topup-refused-banned"),
        Refusal::InvalidInvoice => tr.t("topup-refused-invalid"),
        Refusal::OutOfRange => tr.f(
            "topup-refused-range",
            &[("min", MIN_STARS.into()), ("max", MAX_STARS.into())],
        ),
    }
}

/// Telegram took the stars: book them once per charge id and tell the customer. A second
/// delivery of the same payment changes nothing and says nothing.
pub async fn payment_received(
    bot: TgBot,
    msg: Message,
    payment: SuccessfulPayment,
    tr: Tr,
    customer: Customer,
    db: Db,
    config: Arc<Config>,
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
    let outcome = match payments::receive(&db, &received, config.stars_rate, currency).await {
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
    let stars = ("stars", payment.total_amount.into());
    let charge_arg = ("charge", escape(charge).into());
    let text = match outcome {
        Received::Credited {
            amount_minor,
            balance_minor,
        } => tr.f(
            "topup-credited",
            &[
                stars,
                charge_arg,
                ("amount", currency.format(amount_minor).into()),
                ("balance", currency.format(balance_minor).into()),
            ],
        ),
        Received::RecordedOnly => {
            tracing::error!(
                charge,
                "stars payment received while STARS_RATE is unset: credit or refund it by hand"
            );
            tr.f("topup-recorded", &[stars, charge_arg])
        }
        // Its credit is retried every poll round; the customer hears when it lands.
        Received::CreditPending => tr.f("topup-recorded", &[stars, charge_arg]),
        Received::AlreadyBooked => return Ok(()),
    };
    let keyboard = vec![vec![
        button(tr.t("btn-balance"), CallbackData::Balance),
        button(tr.t("btn-menu"), CallbackData::Menu),
    ]];
    send(&bot, msg.chat.id, screen(text, keyboard)).await
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
        return send(&bot, msg.chat.id, menu_only(&tr, tr.t("topup-refund-usage"))).await;
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
/// (see [`payments::book_refund`]), and one we failed to book is booked by running the command
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
    let payment = match payments::check_refund(db, key, consent).await? {
        Ok(payment) => payment,
        Err(stop) => return Ok(refund_stopped(tr, currency, &stop)),
    };
    let user = UserId(payment.user_id.unsigned_abs());
    let charge = TelegramTransactionId(payment.charge_id.clone());
    match bot.refund_star_payment(user, charge).await {
        Ok(_) => {}
        Err(RequestError::Api(ApiError::Unknown(text))) if text.contains("CHARGE_ALREADY_REFUNDED") => {}
        Err(e) => {
            tracing::warn!(charge = payment.charge_id, error = %e, "stars refund failed");
            let reason = match e {
                RequestError::Api(api) => escape(&api.to_string()),
                _ => tr.t("topup-refund-no-answer"),
            };
            let text = tr.f(
                "topup-refund-failed",
                &[
                    ("charge", escape(&payment.charge_id).into()),
                    ("reason", reason.into()),
                ],
            );
            return Ok(menu_only(tr, text));
        }
    }
    Ok(match payments::book_refund(db, payment.id, admin).await? {
        Ok(booked) => {
            tracing::info!(admin, charge = booked.payment.charge_id, "stars payment refunded");
            refund_done(tr, currency, &booked)
        }
        Err(stop) => refund_stopped(tr, currency, &stop),
    })
}

// --- Screens ---

fn back_row(tr: &Tr) -> Vec<InlineKeyboardButton> {
    vec![
        button(tr.t("btn-back"), CallbackData::Balance),
        button(tr.t("btn-menu"), CallbackData::Menu),
    ]
}

fn menu_only(tr: &Tr, text: String) -> Screen {
    screen(text, vec![vec![button(tr.t("btn-menu"), CallbackData::Menu)]])
}

fn unavailable(tr: &Tr) -> Screen {
    screen(tr.t("topup-unavailable"), vec![back_row(tr)])
}

fn range_hint(tr: &Tr) -> String {
    tr.f(
        "topup-not-number",
        &[("min", MIN_STARS.into()), ("max", MAX_STARS.into())],
    )
}

/// The offered amounts, each with what it credits.
fn amounts(tr: &Tr, currency: &Currency, rate: Decimal) -> Screen {
    let mut rows: Vec<_> = PRESET_STARS
        .iter()
        .filter_map(|&stars| {
            let amount = payments::stars_to_minor(stars, rate, currency)?;
            let label = tr.f(
                "topup-btn-amount",
                &[
                    ("stars", stars.into()),
                    ("amount", currency.format(amount).into()),
                ],
            );
            Some(vec![button(label, CallbackData::TopUpStars { stars })])
        })
        .collect();
    rows.push(back_row(tr));
    let text = tr.f(
        "topup-choose",
        &[
            ("rate", format!("{} {currency}", rate.normalize()).into()),
            ("min", MIN_STARS.into()),
            ("max", MAX_STARS.into()),
        ],
    );
    screen(text, rows)
}

fn refund_stopped(tr: &Tr, currency: &Currency, stop: &RefundStop) -> Screen {
    match stop {
        RefundStop::NoSuchPayment => menu_only(tr, tr.t("topup-refund-unknown")),
        RefundStop::AlreadyRefunded(payment) => menu_only(
            tr,
            tr.f(
                "topup-refund-already",
                &[("charge", escape(&payment.charge_id).into())],
            ),
        ),
        RefundStop::NeedsConfirmation {
            payment,
            balance_minor,
        } => screen(
            tr.f(
                "topup-refund-short",
                &[
                    ("charge", escape(&payment.charge_id).into()),
                    ("user", payment.user_id.into()),
                    ("stars", payment.stars.into()),
                    ("credited", currency.format(payment.credited_minor()).into()),
                    ("balance", currency.format(*balance_minor).into()),
                    (
                        "after",
                        currency.format(balance_minor - payment.credited_minor()).into(),
                    ),
                ],
            ),
            vec![vec![
                button(
                    tr.t("topup-refund-confirm"),
                    CallbackData::RefundStars { payment: payment.id },
                ),
                button(tr.t("btn-cancel"), CallbackData::Menu),
            ]],
        ),
    }
}

fn refund_done(tr: &Tr, currency: &Currency, booked: &RefundBooked) -> Screen {
    let payment = &booked.payment;
    let text = tr.f(
        "topup-refund-done",
        &[
            ("charge", escape(&payment.charge_id).into()),
            ("user", payment.user_id.into()),
            ("stars", payment.stars.into()),
            ("amount", currency.format(payment.credited_minor()).into()),
            ("balance", currency.format(booked.balance_minor).into()),
        ],
    );
    menu_only(tr, text)
}
