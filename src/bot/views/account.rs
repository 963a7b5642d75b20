//! The customer's balance: what is on it, its latest movements, and the way to top it up.

use super::{button, ledger_line, menu_row, notices, screen};
use crate::bot::callback::CallbackData;
use crate::bot::{Screen, Tr};
use crate::db::ledger::LedgerEntry;
use crate::money::Currency;

/// The balance and its latest movements; the Stars top-up button when top-ups are on, else how
/// to get money in.
pub fn balance(
    tr: &Tr,
    currency: &Currency,
    balance_minor: i64,
    entries: &[LedgerEntry],
    stars_enabled: bool,
    progress_muted: bool,
) -> Screen {
    let mut text = tr.f(
        "balance-text",
        &[("balance", tr.money(currency, balance_minor).into())],
    );
    if entries.is_empty() {
        text.push(' ');
        text.push_str(&tr.t("balance-no-movements"));
    }
    for entry in entries {
        text.push('\n');
        text.push_str(&ledger_line(tr, currency, entry));
    }
    if !stars_enabled {
        text.push_str("\n\n");
        text.push_str(&tr.t("balance-topup-hint"));
    }
    let mut rows = Vec::new();
    if stars_enabled {
        rows.push(vec![button(tr.t("topup-btn"), CallbackData::TopUp)]);
    }
    rows.push(super::promo::promo_button(tr));
    rows.push(vec![notices::progress_updates_button(tr, progress_muted)]);
    rows.push(menu_row(tr));
    screen(text, rows)
}
