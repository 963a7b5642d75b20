//! Promo codes: the customer's question and answers on the balance screen, and the admins'
//! `/promo` replies.

use super::{button, question, screen};
use crate::bot::callback::CallbackData;
use crate::bot::{Screen, Tr};
use crate::db::promo::PromoCode;
use crate::money::Currency;
use crate::payments::promo::Redeemed;
use crate::payments::promo::terms::TermsError;

/// "Promo code" under the balance.
pub fn promo_button(tr: &Tr) -> Vec<teloxide::types::InlineKeyboardButton> {
    vec![button(tr.t("promo-btn"), CallbackData::PromoCode)]
}

pub fn ask_code(tr: &Tr) -> Screen {
    question(tr, tr.t("promo-ask"))
}

/// Something other than text at the code step: the step stays open for the code.
pub fn send_as_text(tr: &Tr) -> Screen {
    screen(
        tr.t("promo-send-as-text"),
        vec![vec![button(tr.t("btn-cancel"), CallbackData::Balance)]],
    )
}

/// What the code did; `now` to say how long a guesser waits.
pub fn redeemed(tr: &Tr, currency: &Currency, outcome: &Redeemed, now: i64) -> Screen {
    let text = match outcome {
        Redeemed::Credited {
            amount_minor,
            balance_minor,
        } => tr.f(
            "promo-credited",
            &[
                ("amount", tr.money(currency, *amount_minor).into()),
                ("balance", tr.money(currency, *balance_minor).into()),
            ],
        ),
        Redeemed::DiscountAttached { percent } => {
            tr.f("promo-discount-attached", &[("percent", (*percent).into())])
        }
        Redeemed::Unknown => tr.t("promo-unknown"),
        Redeemed::Expired => tr.t("promo-expired"),
        Redeemed::UsedUp => tr.t("promo-used-up"),
        Redeemed::AlreadyRedeemed => tr.t("promo-already-redeemed"),
        Redeemed::NotNewCustomer => tr.t("promo-not-new-customer"),
        Redeemed::DiscountWaiting => tr.t("promo-discount-waiting"),
        Redeemed::SlowedDown { until } => {
            let minutes = ((until - now).max(1) + 59) / 60;
            tr.f("promo-slowed-down", &[("minutes", minutes.into())])
        }
    };
    let rows = match outcome {
        // A mistyped code may be typed again at once.
        Redeemed::Unknown => vec![vec![button(tr.t("btn-cancel"), CallbackData::Balance)]],
        _ => vec![vec![button(tr.t("promo-btn-balance"), CallbackData::Balance)]],
    };
    screen(text, rows)
}

/// Admins: what is wrong with their `/promo` command.
pub fn terms_error(tr: &Tr, error: &TermsError) -> String {
    let (key, word) = match error {
        TermsError::Usage => ("promo-admin-usage", ""),
        TermsError::MissingCode => ("promo-admin-missing-code", ""),
        TermsError::BadCode(word) => ("promo-admin-bad-code", word.as_str()),
        // The text's selector says "nothing was given" by this word.
        TermsError::BadKind(word) if word.is_empty() => ("promo-admin-bad-kind", "none"),
        TermsError::BadKind(word) => ("promo-admin-bad-kind", word.as_str()),
        TermsError::MissingValue => ("promo-admin-missing-value", ""),
        TermsError::BadAmount(word) => ("promo-admin-bad-amount", word.as_str()),
        TermsError::BadPercent(word) => ("promo-admin-bad-percent", word.as_str()),
        TermsError::MissingUses => ("promo-admin-missing-uses", ""),
        TermsError::BadUses(word) => ("promo-admin-bad-uses", word.as_str()),
        TermsError::MissingDate => ("promo-admin-missing-date", ""),
        TermsError::BadDate(word) => ("promo-admin-bad-date", word.as_str()),
        TermsError::BelowCostOnCredit => ("promo-admin-below-cost-on-credit", ""),
        TermsError::Repeated(word) => ("promo-admin-repeated", word.as_str()),
        TermsError::UnknownWord(word) => ("promo-admin-unknown-word", word.as_str()),
    };
    let word = teloxide::utils::html::escape(word);
    let mut text = tr.f(key, &[("word", word.into())]);
    if !matches!(error, TermsError::Usage) {
        text.push_str("\n\n");
        text.push_str(&tr.t("promo-admin-usage"));
    }
    text
}

/// Admins: every code with its uses and what it has cost so far.
pub fn list(tr: &Tr, currency: &Currency, promos: &[PromoCode]) -> String {
    if promos.is_empty() {
        return tr.t("promo-admin-list-empty");
    }
    let mut text = tr.t("promo-admin-list-title");
    for promo in promos {
        let reward = if promo.is_discount() {
            format!("{}%", promo.value)
        } else {
            tr.money(currency, promo.value)
        };
        let uses = match promo.max_uses {
            Some(max) => format!("{}/{max}", promo.uses),
            None => promo.uses.to_string(),
        };
        let mut notes = Vec::new();
        if !promo.active {
            notes.push(tr.t("promo-admin-note-off"));
        }
        if let Some(until) = promo.valid_until {
            notes.push(tr.f("promo-admin-note-until", &[("date", tr.moment(until).into())]));
        }
        if promo.new_customers_only {
            notes.push(tr.t("promo-admin-note-new-only"));
        }
        if promo.below_cost {
            notes.push(tr.t("promo-admin-note-below-cost"));
        }
        text.push('\n');
        text.push_str(&tr.f(
            "promo-admin-list-line",
            &[
                ("code", promo.code.clone().into()),
                ("reward", reward.into()),
                ("uses", uses.into()),
                ("cost", tr.money(currency, promo.cost_minor).into()),
                ("notes", notes.join(", ").into()),
            ],
        ));
    }
    text
}
