//! The "API" screen: a customer's key to the shop's panel API, created (and shown) once, and
//! revoked.

use super::{button, screen};
use crate::bot::callback::CallbackData;
use crate::bot::{Screen, Tr};

/// The row that leads to the screen, under the balance.
pub fn entry_row(tr: &Tr) -> Vec<teloxide::types::InlineKeyboardButton> {
    vec![button(tr.t("api-btn"), CallbackData::ApiKeys)]
}

/// The screen: whether the customer holds a key (since when), and what they can do with it.
pub fn api_screen(tr: &Tr, key_since: Option<i64>) -> Screen {
    let mut text = tr.t("api-text");
    text.push_str("\n\n");
    let mut rows = Vec::new();
    match key_since {
        Some(since) => {
            text.push_str(&tr.f("api-key-live", &[("since", tr.moment(since).into())]));
            rows.push(vec![button(tr.t("api-btn-replace"), CallbackData::CreateApiKey)]);
            rows.push(vec![button(tr.t("api-btn-revoke"), CallbackData::RevokeApiKey)]);
        }
        None => {
            text.push_str(&tr.t("api-key-none"));
            rows.push(vec![button(tr.t("api-btn-create"), CallbackData::CreateApiKey)]);
        }
    }
    rows.push(vec![button(tr.t("btn-back"), CallbackData::Balance)]);
    screen(text, rows)
}

/// The new key, shown this once. It stays out of the translated text, where right-to-left
/// languages would wrap it in invisible direction marks that a copy would take along.
pub fn key_created(tr: &Tr, key: &str) -> Screen {
    screen(
        format!("{}\n\n<code>{key}</code>", tr.t("api-key-created")),
        vec![vec![button(tr.t("btn-back"), CallbackData::ApiKeys)]],
    )
}

pub fn key_revoked(tr: &Tr) -> Screen {
    screen(
        tr.t("api-key-revoked"),
        vec![vec![button(tr.t("btn-back"), CallbackData::ApiKeys)]],
    )
}

/// The API is off, or only for resellers and this customer is not one.
pub fn not_offered(tr: &Tr) -> Screen {
    screen(
        tr.t("api-not-offered"),
        vec![vec![button(tr.t("btn-back"), CallbackData::Balance)]],
    )
}
