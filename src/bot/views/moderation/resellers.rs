//! Resellers on a customer's profile: the line that says so, the buttons, and the notes on a
//! change.

use rust_decimal::Decimal;
use teloxide::types::InlineKeyboardButton;

use crate::bot::callback::CallbackData;
use crate::bot::views::{button, question};
use crate::bot::{Screen, Tr};
use crate::db::resellers::ResellerTerms;

/// "Reseller: yes, markup 5 %" or "Reseller: no".
pub fn profile_line(tr: &Tr, terms: &ResellerTerms) -> String {
    match (terms.is_reseller, terms.markup_percent) {
        (false, _) => tr.t("mod-profile-not-reseller"),
        (true, None) => tr.t("mod-profile-reseller"),
        (true, Some(percent)) => tr.f(
            "mod-profile-reseller-markup",
            &[("percent", percent.to_string().into())],
        ),
    }
}

pub fn buttons(tr: &Tr, user: i64, terms: &ResellerTerms) -> Vec<InlineKeyboardButton> {
    let mark = match terms.is_reseller {
        true => button(
            tr.t("mod-btn-reseller-off"),
            CallbackData::SetReseller { user, on: false },
        ),
        false => button(
            tr.t("mod-btn-reseller-on"),
            CallbackData::SetReseller { user, on: true },
        ),
    };
    vec![
        mark,
        button(
            tr.t("mod-btn-reseller-markup"),
            CallbackData::ResellerMarkup { user },
        ),
    ]
}

pub fn changed(tr: &Tr, user: i64, on: bool) -> String {
    let key = if on { "mod-reseller-on" } else { "mod-reseller-off" };
    tr.f(key, &[("user", user.into())])
}

pub fn ask_markup(tr: &Tr, user: i64) -> Screen {
    question(tr, tr.f("mod-reseller-markup-ask", &[("user", user.into())]))
}

pub fn markup_invalid(tr: &Tr) -> String {
    tr.t("mod-reseller-markup-invalid")
}

pub fn markup_changed(tr: &Tr, user: i64, markup: Option<Decimal>) -> String {
    match markup {
        Some(percent) => tr.f(
            "mod-reseller-markup-set",
            &[("user", user.into()), ("percent", percent.to_string().into())],
        ),
        None => tr.f("mod-reseller-markup-cleared", &[("user", user.into())]),
    }
}
