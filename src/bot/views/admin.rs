//! Admins' answers: a credit to a customer's balance, and settling an order whose outcome at
//! the provider is unknown.

use teloxide::utils::html::escape;

use super::{WORDS_UNITS, html_field, question, state_label, with_menu};
use crate::bot::{Screen, Tr};
use crate::money::Currency;
use crate::orders::actions::Resolution;

/// `/credit` went through: who got how much, and their balance now.
pub fn credited(tr: &Tr, currency: &Currency, user_id: i64, amount_minor: i64, balance_minor: i64) -> String {
    tr.f(
        "credit-done",
        &[
            ("user", user_id.into()),
            ("amount", tr.money(currency, amount_minor).into()),
            ("balance", tr.money(currency, balance_minor).into()),
        ],
    )
}

pub fn credit_unknown_user(tr: &Tr, user_id: i64) -> String {
    tr.f("credit-unknown-user", &[("user", user_id.into())])
}

/// The customer's side of a credit, in their language.
pub fn credit_received(tr: &Tr, currency: &Currency, amount_minor: i64, balance_minor: i64) -> String {
    tr.f(
        "credit-received",
        &[
            ("amount", escape(&tr.money(currency, amount_minor)).into()),
            ("balance", escape(&tr.money(currency, balance_minor)).into()),
        ],
    )
}

/// Admins: asks for the provider's id of an order the provider did create.
pub fn ask_provider_order_id(tr: &Tr, order_id: i64) -> Screen {
    question(tr, tr.f("action-ask-provider-id", &[("id", order_id.into())]))
}

/// Admins: a provider id that cannot be one; the question stands.
pub fn provider_order_id_invalid(tr: &Tr) -> Screen {
    question(tr, tr.t("action-provider-id-invalid"))
}

/// Admins: how settling an unknown outcome ended.
pub fn settlement(tr: &Tr, currency: &Currency, order_id: i64, resolution: &Resolution) -> Screen {
    let text = match resolution {
        Resolution::Refunded {
            user_id,
            amount_minor,
        } => tr.f(
            "action-settled-refund",
            &[
                ("id", order_id.into()),
                ("amount", tr.money(currency, *amount_minor).into()),
                ("user", (*user_id).into()),
            ],
        ),
        Resolution::Placed { provider_order_id } => tr.f(
            "action-settled-placed",
            &[
                ("id", order_id.into()),
                ("provider_id", html_field(provider_order_id, WORDS_UNITS).into()),
            ],
        ),
        Resolution::AlreadySettled(state) => tr.f(
            "action-already-settled",
            &[("id", order_id.into()), ("state", state_label(tr, *state).into())],
        ),
        Resolution::NoSuchOrder => tr.f("action-no-such-order", &[("id", order_id.into())]),
        Resolution::ProviderIdTaken { order_id: holder } => tr.f(
            "action-provider-id-taken",
            &[("id", order_id.into()), ("holder", (*holder).into())],
        ),
    };
    with_menu(tr, text)
}
