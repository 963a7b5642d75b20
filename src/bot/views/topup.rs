//! Top-ups with Telegram Stars: the amounts to choose from, the invoice, the answers to a
//! payment, and admins' refunds.

use rust_decimal::Decimal;
use teloxide::types::InlineKeyboardButton;
use teloxide::utils::html::escape;

use super::{button, input_error, plain, screen, with_menu};
use crate::bot::callback::CallbackData;
use crate::bot::{Screen, Tr};
use crate::money::Currency;
use crate::payments::refunds::{RefundBooked, RefundStop};
use crate::payments::stars::{AmountError, MAX_STARS, MIN_STARS, PRESET_STARS, Refusal};
use crate::payments::{self, Received};

/// The words of a Stars invoice.
pub struct Invoice {
    pub title: String,
    pub description: String,
    /// The price's label.
    pub label: String,
}

fn back_row(tr: &Tr) -> Vec<InlineKeyboardButton> {
    vec![
        button(tr.t("btn-back"), CallbackData::Balance),
        button(tr.t("btn-menu"), CallbackData::Menu),
    ]
}

pub fn unavailable(tr: &Tr) -> Screen {
    screen(tr.t("topup-unavailable"), vec![back_row(tr)])
}

/// The offered amounts, each with what it credits.
pub fn amounts(tr: &Tr, currency: &Currency, rate: Decimal) -> Screen {
    let mut rows: Vec<_> = PRESET_STARS
        .iter()
        .filter_map(|&stars| {
            let amount = payments::stars::stars_to_minor(stars, rate, currency)?;
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
            ("rate", format!("{} {currency}", plain(rate)).into()),
            ("min", MIN_STARS.into()),
            ("max", MAX_STARS.into()),
        ],
    );
    screen(text, rows)
}

/// How many stars a top-up may be; the question stands.
pub fn range_hint(tr: &Tr) -> Screen {
    input_error(
        tr,
        tr.f(
            "topup-not-number",
            &[("min", MIN_STARS.into()), ("max", MAX_STARS.into())],
        ),
    )
}

/// A typed amount that cannot be a top-up; the question stands.
pub fn amount_invalid(tr: &Tr, error: AmountError) -> Screen {
    let text = match error {
        AmountError::NotDigits => return range_hint(tr),
        AmountError::BelowMin => tr.f("topup-below-min", &[("min", MIN_STARS.into())]),
        AmountError::AboveMax => tr.f("topup-above-max", &[("max", MAX_STARS.into())]),
    };
    input_error(tr, text)
}

/// The invoice for `stars`, which credit `amount_minor`.
pub fn invoice(tr: &Tr, currency: &Currency, stars: u32, amount_minor: i64) -> Invoice {
    Invoice {
        title: tr.t("topup-invoice-title"),
        description: tr.f(
            "topup-invoice-description",
            &[
                ("stars", stars.into()),
                ("amount", currency.format(amount_minor).into()),
            ],
        ),
        label: tr.t("topup-invoice-label"),
    }
}

/// Why a checkout is refused, shown by Telegram in the payment form.
pub fn refusal(tr: &Tr, refusal: Refusal) -> String {
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

/// What the customer hears about a payment Telegram took; nothing when it was booked before.
pub fn payment_received(
    tr: &Tr,
    currency: &Currency,
    stars: u32,
    charge: &str,
    outcome: &Received,
) -> Option<Screen> {
    let stars = ("stars", stars.into());
    let charge = ("charge", escape(charge).into());
    let text = match outcome {
        Received::Credited {
            amount_minor,
            balance_minor,
        } => tr.f(
            "topup-credited",
            &[
                stars,
                charge,
                ("amount", currency.format(*amount_minor).into()),
                ("balance", currency.format(*balance_minor).into()),
            ],
        ),
        // A pending credit is retried every poll round; the customer hears when it lands.
        Received::RecordedOnly | Received::CreditPending => tr.f("topup-recorded", &[stars, charge]),
        Received::AlreadyBooked => return None,
    };
    let keyboard = vec![vec![
        button(tr.t("btn-balance"), CallbackData::Balance),
        button(tr.t("btn-menu"), CallbackData::Menu),
    ]];
    Some(screen(text, keyboard))
}

pub fn refund_usage(tr: &Tr) -> Screen {
    with_menu(tr, tr.t("topup-refund-usage"))
}

/// Telegram did not refund: its own words when it answered (`api_error`), else that it did not.
pub fn refund_failed(tr: &Tr, charge: &str, api_error: Option<&str>) -> Screen {
    let reason = match api_error {
        Some(error) => escape(error),
        None => tr.t("topup-refund-no-answer"),
    };
    let text = tr.f(
        "topup-refund-failed",
        &[("charge", escape(charge).into()), ("reason", reason.into())],
    );
    with_menu(tr, text)
}

pub fn refund_stopped(tr: &Tr, currency: &Currency, stop: &RefundStop) -> Screen {
    match stop {
        RefundStop::NoSuchPayment => with_menu(tr, tr.t("topup-refund-unknown")),
        RefundStop::AlreadyRefunded(payment) => with_menu(
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

pub fn refund_done(tr: &Tr, currency: &Currency, booked: &RefundBooked) -> Screen {
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
    with_menu(tr, text)
}
