//! Top-ups: with Telegram Stars (the amounts to choose from, the invoice, the answers to a
//! payment, and admins' refunds) and with Crypto Pay (the amounts, the invoice, its check).

use rust_decimal::Decimal;
use teloxide::types::InlineKeyboardButton;
use teloxide::utils::html::escape;
use url::Url;

use super::{button, input_error, screen, with_menu};
use crate::bot::callback::CallbackData;
use crate::bot::{Screen, Tr};
use crate::money::Currency;
use crate::payments::cryptopay::client::CryptoPayError;
use crate::payments::cryptopay::invoices::CryptoInvoice;
use crate::payments::cryptopay::{Settled, amounts};
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

/// A way to top up with "Demo top-up" on top and a word on demo money, in a shop that offers
/// it (`demo_minor`: the amount, when offered).
pub fn with_demo_top_up(tr: &Tr, currency: &Currency, demo_minor: Option<i64>, mut shown: Screen) -> Screen {
    let Some(amount) = demo_minor else {
        return shown;
    };
    let label = tr.f("topup-btn-demo", &[("amount", tr.money(currency, amount).into())]);
    shown
        .keyboard
        .inline_keyboard
        .insert(0, vec![button(label, CallbackData::DemoTopUp)]);
    shown.text = format!("{}\n\n{}", tr.t("topup-demo-note"), shown.text);
    shown
}

/// Demo money on the balance.
pub fn demo_topped_up(tr: &Tr, currency: &Currency, amount_minor: i64, balance_minor: i64) -> Screen {
    let text = tr.f(
        "topup-demo-done",
        &[
            ("amount", tr.money(currency, amount_minor).into()),
            ("balance", tr.money(currency, balance_minor).into()),
        ],
    );
    screen(text, vec![back_row(tr)])
}

/// A "Demo top-up" tap in a shop that no longer offers it.
pub fn demo_unavailable(tr: &Tr) -> Screen {
    screen(tr.t("topup-demo-unavailable"), vec![back_row(tr)])
}

pub fn unavailable(tr: &Tr) -> Screen {
    screen(tr.t("topup-unavailable"), vec![back_row(tr)])
}

/// The offered amounts, each with what it credits; with a way to pay with crypto instead when
/// `crypto` is on.
pub fn amounts(tr: &Tr, currency: &Currency, rate: Decimal, crypto: bool) -> Screen {
    let mut rows: Vec<_> = PRESET_STARS
        .iter()
        .filter_map(|&stars| {
            let amount = payments::stars::stars_to_minor(stars, rate, currency)?;
            let label = tr.f(
                "topup-btn-amount",
                &[
                    ("stars", stars.into()),
                    ("amount", tr.money(currency, amount).into()),
                ],
            );
            Some(vec![button(label, CallbackData::TopUpStars { stars })])
        })
        .collect();
    if crypto {
        rows.push(vec![button(tr.t("crypto-btn"), CallbackData::TopUpCryptoMenu)]);
    }
    rows.push(back_row(tr));
    let text = tr.f(
        "topup-choose",
        &[
            ("rate", currency.format_rate_in(rate, tr.notation()).into()),
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
                ("amount", tr.money(currency, amount_minor).into()),
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
                ("amount", tr.money(currency, *amount_minor).into()),
                ("balance", tr.money(currency, *balance_minor).into()),
            ],
        ),
        // A pending credit is retried every poll round; the customer hears when it lands.
        Received::RecordedOnly | Received::CreditPending => tr.f("topup-recorded", &[stars, charge]),
        // The customer hears of it with their purchase.
        Received::AlreadyBooked | Received::ForPurchase { .. } => return None,
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
                    ("credited", tr.money(currency, payment.credited_minor()).into()),
                    ("balance", tr.money(currency, *balance_minor).into()),
                    (
                        "after",
                        tr.money(currency, balance_minor - payment.credited_minor())
                            .into(),
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
            ("amount", tr.money(currency, payment.credited_minor()).into()),
            ("balance", tr.money(currency, booked.balance_minor).into()),
        ],
    );
    with_menu(tr, text)
}

/// Crypto Pay: the offered amounts, and typed ones are welcome.
pub fn crypto_amounts(tr: &Tr, currency: &Currency, assets: &[String]) -> Screen {
    let mut rows: Vec<_> = amounts::presets(currency)
        .into_iter()
        .map(|amount_minor| {
            let label = tr.f(
                "crypto-btn-amount",
                &[("amount", tr.money(currency, amount_minor).into())],
            );
            vec![button(label, CallbackData::TopUpCrypto { amount_minor })]
        })
        .collect();
    rows.push(back_row(tr));
    let (min, max) = amounts::limits(currency);
    let text = tr.f(
        "crypto-choose",
        &[
            ("assets", escape(&assets.join(", ")).into()),
            ("min", tr.money(currency, min).into()),
            ("max", tr.money(currency, max).into()),
        ],
    );
    screen(text, rows)
}

/// A typed amount that cannot be a crypto top-up; the question stands.
pub fn crypto_amount_invalid(tr: &Tr, currency: &Currency, error: amounts::AmountError) -> Screen {
    let (min, max) = amounts::limits(currency);
    let (min, max) = (tr.money(currency, min), tr.money(currency, max));
    let text = match error {
        amounts::AmountError::NotAnAmount => {
            tr.f("crypto-not-amount", &[("min", min.into()), ("max", max.into())])
        }
        amounts::AmountError::BelowMin => tr.f("crypto-below-min", &[("min", min.into())]),
        amounts::AmountError::AboveMax => tr.f("crypto-above-max", &[("max", max.into())]),
    };
    input_error(tr, text)
}

/// What the payer reads in @CryptoBot about the invoice (plain text).
pub fn crypto_description(tr: &Tr, currency: &Currency, amount_minor: i64) -> String {
    tr.f(
        "crypto-invoice-description",
        &[("amount", tr.money(currency, amount_minor).into())],
    )
}

/// The invoice: its amount, how to pay, until when; with its link, "Check payment", and
/// `note` (why it is shown again) above it when there is one.
pub fn crypto_invoice(
    tr: &Tr,
    currency: &Currency,
    assets: &[String],
    invoice: &CryptoInvoice,
    note: Option<String>,
) -> Screen {
    let mut text = tr.f(
        "crypto-invoice",
        &[
            ("amount", tr.money(currency, invoice.amount_minor).into()),
            ("assets", escape(&assets.join(", ")).into()),
            ("expires", tr.moment(invoice.expires_at).into()),
            ("invoice", invoice.id.into()),
        ],
    );
    if let Some(note) = note {
        text = format!("{note}\n\n{text}");
    }
    let mut rows = Vec::new();
    if let Some(url) = invoice.invoice_url.as_deref().and_then(|u| Url::parse(u).ok()) {
        rows.push(vec![InlineKeyboardButton::url(tr.t("crypto-btn-pay"), url)]);
    }
    rows.push(vec![button(
        tr.t("crypto-btn-check"),
        CallbackData::CheckCrypto { invoice: invoice.id },
    )]);
    rows.push(vec![
        button(tr.t("btn-balance"), CallbackData::Balance),
        button(tr.t("btn-menu"), CallbackData::Menu),
    ]);
    screen(text, rows)
}

/// Another tap is making this invoice right now.
pub fn crypto_in_progress(tr: &Tr) -> Screen {
    screen(tr.t("crypto-in-progress"), vec![back_row(tr)])
}

/// The invoice could not be made; nothing was charged.
pub fn crypto_failed(tr: &Tr) -> Screen {
    screen(tr.t("crypto-failed"), vec![back_row(tr)])
}

/// What "Check payment" found out about invoice `invoice`.
pub fn crypto_checked(
    tr: &Tr,
    currency: &Currency,
    assets: &[String],
    invoice: i64,
    checked: &Result<Settled, CryptoPayError>,
) -> Screen {
    let balance_row = vec![
        button(tr.t("btn-balance"), CallbackData::Balance),
        button(tr.t("btn-menu"), CallbackData::Menu),
    ];
    let new_row = vec![button(tr.t("crypto-btn-new"), CallbackData::TopUpCryptoMenu)];
    match checked {
        // The order it pays for is told in its own message, with the payment.
        Ok(Settled::Credited(credit)) if credit.funded_purchase => screen(
            tr.f("crypto-already-paid", &[("invoice", invoice.into())]),
            vec![balance_row],
        ),
        Ok(Settled::Credited(credit)) => screen(
            tr.f(
                "crypto-credited",
                &[
                    ("invoice", credit.invoice.into()),
                    ("amount", tr.money(currency, credit.amount_minor).into()),
                    ("balance", tr.money(currency, credit.balance_minor).into()),
                ],
            ),
            vec![balance_row],
        ),
        Ok(Settled::AlreadyPaid) => screen(
            tr.f("crypto-already-paid", &[("invoice", invoice.into())]),
            vec![balance_row],
        ),
        Ok(Settled::Waiting(row)) => {
            crypto_invoice(tr, currency, assets, row, Some(tr.t("crypto-not-paid-yet")))
        }
        Ok(Settled::Expired(row)) => screen(
            tr.f(
                "crypto-expired",
                &[
                    ("invoice", row.id.into()),
                    ("amount", tr.money(currency, row.amount_minor).into()),
                ],
            ),
            vec![new_row, balance_row],
        ),
        Ok(Settled::Ignored(_)) => screen(tr.t("crypto-not-payable"), vec![new_row, balance_row]),
        Err(_) => screen(
            tr.t("crypto-check-failed"),
            vec![
                vec![button(
                    tr.t("crypto-btn-check"),
                    CallbackData::CheckCrypto { invoice },
                )],
                balance_row,
            ],
        ),
    }
}
