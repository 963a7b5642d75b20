//! A customer's profile as admins see it (`/user`), and the notes on bans and balance changes,
//! the admin's and the customer's.

use teloxide::utils::html::escape;

use crate::bot::callback::CallbackData;
use crate::bot::state::BalanceChange;
use crate::bot::views::{button, ledger_line, question, screen, state_label};
use crate::bot::{Screen, Tr};
use crate::db::ledger::LedgerEntry;
use crate::db::orders::Order;
use crate::db::resellers::ResellerTerms;
use crate::db::users::User;
use crate::money::Currency;

/// "Nobody called …": `who` is what the admin typed, or a user id.
pub fn user_not_found(tr: &Tr, who: &str) -> String {
    tr.f("mod-user-not-found", &[("who", escape(who).into())])
}

/// Everything a profile shows.
pub struct Profile {
    pub user: User,
    pub is_admin: bool,
    pub orders: Vec<Order>,
    pub order_count: i64,
    pub ledger: Vec<LedgerEntry>,
    /// `None` while the shop does not serve its API.
    pub reseller: Option<ResellerTerms>,
}

pub fn profile_view(tr: &Tr, currency: &Currency, profile: &Profile, note: Option<String>) -> Screen {
    let user = &profile.user;
    let mut text = note.map(|note| format!("{note}\n\n")).unwrap_or_default();
    let username = match &user.username {
        Some(username) => format!("@{}", escape(username)),
        None => tr.t("mod-profile-no-username"),
    };
    text.push_str(&tr.f(
        "mod-profile",
        &[
            ("name", escape(&user.first_name).into()),
            ("username", username.into()),
            ("id", user.id.into()),
            ("language", escape(&user.language).into()),
            ("since", tr.moment(user.created_at).into()),
            ("seen", tr.moment(user.last_seen_at).into()),
            ("balance", tr.money(currency, user.balance_minor).into()),
        ],
    ));
    if profile.is_admin {
        text.push('\n');
        text.push_str(&tr.t("mod-profile-admin"));
    }
    if let Some(at) = user.banned_at {
        text.push('\n');
        text.push_str(&tr.f("mod-profile-banned", &[("time", tr.moment(at).into())]));
    }
    if let Some(at) = user.blocked_at {
        text.push('\n');
        text.push_str(&tr.f("mod-profile-blocked", &[("time", tr.moment(at).into())]));
    }
    if let Some(terms) = &profile.reseller {
        text.push('\n');
        text.push_str(&super::resellers::profile_line(tr, terms));
    }
    text.push_str("\n\n");
    text.push_str(&tr.f("mod-profile-orders", &[("count", profile.order_count.into())]));
    for order in &profile.orders {
        text.push_str(&format!(
            "\n#{} · {} · {} · {}",
            order.id,
            escape(&order.service_name),
            state_label(tr, order.state()),
            tr.money(currency, order.charge_minor)
        ));
    }
    text.push_str("\n\n");
    if profile.ledger.is_empty() {
        text.push_str(&tr.t("mod-profile-no-ledger"));
    } else {
        text.push_str(&tr.t("mod-profile-ledger"));
    }
    for entry in &profile.ledger {
        text.push('\n');
        text.push_str(&ledger_line(tr, currency, entry));
        if let Some(note) = &entry.note {
            text.push_str(&format!(" — {}", escape(note)));
        }
    }

    let id = user.id;
    let mut rows = vec![vec![
        button(
            tr.t("mod-btn-credit"),
            CallbackData::ChangeBalance {
                user: id,
                change: BalanceChange::Credit,
            },
        ),
        button(
            tr.t("mod-btn-debit"),
            CallbackData::ChangeBalance {
                user: id,
                change: BalanceChange::Debit,
            },
        ),
    ]];
    if !profile.is_admin {
        rows.push(vec![match user.banned_at {
            Some(_) => button(tr.t("mod-btn-unban"), CallbackData::Unban { user: id }),
            None => button(tr.t("mod-btn-ban"), CallbackData::Ban { user: id }),
        }]);
    }
    if let Some(terms) = &profile.reseller {
        rows.push(super::resellers::buttons(tr, id, terms));
    }
    rows.push(vec![button(
        tr.t("mod-btn-refresh"),
        CallbackData::UserProfile { user: id },
    )]);
    screen(text, rows)
}

pub fn ban_changed(tr: &Tr, user_id: i64, banned: bool) -> String {
    let key = if banned { "mod-ban-done" } else { "mod-unban-done" };
    tr.f(key, &[("user", user_id.into())])
}

/// Asks for the amount and the reason of a credit or a debit.
pub fn ask_balance_change(tr: &Tr, currency: &Currency, user: &User, change: BalanceChange) -> Screen {
    let key = match change {
        BalanceChange::Credit => "mod-credit-ask",
        BalanceChange::Debit => "mod-debit-ask",
    };
    let text = tr.f(
        key,
        &[
            ("name", escape(&user.first_name).into()),
            ("user", user.id.into()),
            ("balance", tr.money(currency, user.balance_minor).into()),
        ],
    );
    question(tr, text)
}

pub fn balance_change_invalid(tr: &Tr, currency: &Currency) -> String {
    tr.f("mod-change-invalid", &[("currency", currency.code().into())])
}

/// Money an admin moved: told to the admin, and to the customer.
pub struct BalanceNotice<'a> {
    pub change: BalanceChange,
    pub amount: i64,
    pub balance: i64,
    pub reason: &'a str,
}

/// The admin's note on top of the profile.
pub fn balance_changed(tr: &Tr, currency: &Currency, user_id: i64, told: &BalanceNotice<'_>) -> String {
    let key = match told.change {
        BalanceChange::Credit => "mod-credited",
        BalanceChange::Debit => "mod-debited",
    };
    tr.f(
        key,
        &[
            ("amount", tr.money(currency, told.amount).into()),
            ("user", user_id.into()),
            ("reason", escape(told.reason).into()),
            ("balance", tr.money(currency, told.balance).into()),
        ],
    )
}

pub fn debit_short(tr: &Tr, currency: &Currency, balance: i64, amount: i64) -> String {
    tr.f(
        "mod-debit-short",
        &[
            ("balance", tr.money(currency, balance).into()),
            ("amount", tr.money(currency, amount).into()),
        ],
    )
}

/// The customer's message, in their language.
pub fn balance_notice(tr: &Tr, currency: &Currency, told: &BalanceNotice<'_>) -> String {
    let key = match told.change {
        BalanceChange::Credit => "credit-received",
        BalanceChange::Debit => "mod-debit-received",
    };
    tr.f(
        key,
        &[
            ("amount", tr.money(currency, told.amount).into()),
            ("balance", tr.money(currency, told.balance).into()),
            ("reason", escape(told.reason).into()),
        ],
    )
}
