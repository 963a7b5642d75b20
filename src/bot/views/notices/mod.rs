//! Queued notices as their readers get them: customers' order updates and admins' alerts.
//! The notifier delivers them; this is only their text and buttons.

pub mod digest;

use teloxide::types::{InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup};
use teloxide::utils::html::escape;

use super::ordering;
use super::{
    LINK_UNITS, SERVICE_NAME_UNITS, WORDS_UNITS, button, html_field, progress_bar, state_label, with_currency,
};
use crate::bot::Tr;
use crate::bot::callback::CallbackData;
use crate::catalogue::shorten;
use crate::db::notices::Notice;
use crate::db::orders::Order;
use crate::db::purchases::Funding;
use crate::money::Currency;
use crate::vocabulary::OrderState;

/// A notice as the reader gets it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub text: String,
    pub keyboard: Option<InlineKeyboardMarkup>,
}

/// The text and buttons of a notice. `order` is the current order row for an unknown-outcome
/// alert, when there is one. Outside text goes in through [`html_field`], as on every screen:
/// a notice too long for Telegram would fail on every retry and be given up.
pub fn render(tr: &Tr, currency: &Currency, notice: &Notice, order: Option<&Order>) -> Rendered {
    match notice {
        Notice::OrderChanged {
            order_id,
            service,
            state,
            quantity,
            remains,
            refunded_minor,
        } => Rendered {
            text: order_changed(
                tr,
                currency,
                (*order_id, service),
                state,
                (*quantity, *remains),
                *refunded_minor,
            ),
            keyboard: Some(order_keyboard(tr, *order_id, notice.is_progress())),
        },
        Notice::RefillFinished {
            order_id,
            service,
            completed,
        } => {
            let key = if *completed {
                "notice-refill-done"
            } else {
                "notice-refill-failed"
            };
            Rendered {
                text: tr.f(
                    key,
                    &[
                        ("id", (*order_id).into()),
                        ("service", html_field(service, SERVICE_NAME_UNITS).into()),
                    ],
                ),
                keyboard: Some(order_keyboard(tr, *order_id, false)),
            }
        }
        Notice::UnknownOutcome {
            order_id,
            user_id,
            provider,
            charge_minor,
            reason,
        } => {
            let unknown = || "—".to_string();
            let text = tr.f(
                "notice-admin-unknown-outcome",
                &[
                    ("id", (*order_id).into()),
                    ("provider", html_field(provider, WORDS_UNITS).into()),
                    ("charge", tr.money(currency, *charge_minor).into()),
                    ("reason", html_field(reason, WORDS_UNITS).into()),
                    ("customer", (*user_id).into()),
                    (
                        "service",
                        order
                            .map_or_else(unknown, |o| html_field(&o.service_name, SERVICE_NAME_UNITS))
                            .into(),
                    ),
                    (
                        "link",
                        order
                            .map_or_else(unknown, |o| html_field(&o.link, LINK_UNITS))
                            .into(),
                    ),
                    (
                        "quantity",
                        order.map_or_else(unknown, |o| o.quantity.to_string()).into(),
                    ),
                ],
            );
            let keyboard = InlineKeyboardMarkup::new([
                [button(
                    tr.t("notice-btn-resolve-refund"),
                    CallbackData::ResolveRefund { order: *order_id },
                )],
                [button(
                    tr.t("notice-btn-resolve-placed"),
                    CallbackData::ResolvePlaced { order: *order_id },
                )],
            ]);
            Rendered {
                text,
                keyboard: Some(keyboard),
            }
        }
        Notice::UnknownStatus {
            order_id,
            provider,
            raw_status,
        } => Rendered {
            text: tr.f(
                "notice-admin-unknown-status",
                &[
                    ("id", (*order_id).into()),
                    ("provider", html_field(provider, WORDS_UNITS).into()),
                    ("status", html_field(raw_status, WORDS_UNITS).into()),
                ],
            ),
            keyboard: None,
        },
        Notice::NeedsAttention {
            order_id,
            provider,
            problem,
        } => Rendered {
            text: tr.f(
                "notice-admin-attention",
                &[
                    ("id", (*order_id).into()),
                    ("provider", html_field(provider, WORDS_UNITS).into()),
                    ("problem", html_field(problem, WORDS_UNITS).into()),
                ],
            ),
            keyboard: None,
        },
        Notice::BelowCost {
            service_id,
            service,
            provider,
            unit_items,
            cost_minor,
            price_minor,
        } => Rendered {
            text: tr.f(
                "pricing-alert-below-cost",
                &[
                    ("id", (*service_id).into()),
                    ("service", html_field(service, SERVICE_NAME_UNITS).into()),
                    ("provider", html_field(provider, WORDS_UNITS).into()),
                    ("unit", (*unit_items).into()),
                    ("cost", tr.money(currency, *cost_minor).into()),
                    ("price", tr.money(currency, *price_minor).into()),
                ],
            ),
            keyboard: None,
        },
        Notice::TopupCredited {
            charge_id,
            stars,
            amount_minor,
            balance_minor,
        } => Rendered {
            text: tr.f(
                "topup-credited",
                &[
                    ("stars", (*stars).into()),
                    ("charge", html_field(charge_id, WORDS_UNITS).into()),
                    ("amount", tr.money(currency, *amount_minor).into()),
                    ("balance", tr.money(currency, *balance_minor).into()),
                ],
            ),
            keyboard: None,
        },
        Notice::PaymentNotCredited {
            charge_id,
            user_id,
            error,
        } => Rendered {
            text: tr.f(
                "notice-admin-payment-not-credited",
                &[
                    ("charge", html_field(charge_id, WORDS_UNITS).into()),
                    ("user", (*user_id).into()),
                    ("error", html_field(error, WORDS_UNITS).into()),
                ],
            ),
            keyboard: None,
        },
        Notice::PurchaseFunded { funding, result } => {
            let credited = match funding {
                Funding::Stars {
                    charge_id,
                    stars,
                    amount_minor,
                } => tr.f(
                    "topup-credited-for-purchase",
                    &[
                        ("stars", (*stars).into()),
                        ("charge", html_field(charge_id, WORDS_UNITS).into()),
                        ("amount", tr.money(currency, *amount_minor).into()),
                    ],
                ),
                Funding::Crypto {
                    invoice,
                    amount_minor,
                } => tr.f(
                    "crypto-credited-for-purchase",
                    &[
                        ("invoice", (*invoice).into()),
                        ("amount", tr.money(currency, *amount_minor).into()),
                    ],
                ),
            };
            let placed = ordering::placement(tr, currency, result);
            Rendered {
                text: format!("{credited}\n\n{}", placed.text),
                keyboard: Some(placed.keyboard),
            }
        }
        Notice::CryptoCredited {
            invoice,
            amount_minor,
            balance_minor,
        } => Rendered {
            text: tr.f(
                "crypto-credited",
                &[
                    ("invoice", (*invoice).into()),
                    ("amount", tr.money(currency, *amount_minor).into()),
                    ("balance", tr.money(currency, *balance_minor).into()),
                ],
            ),
            keyboard: Some(InlineKeyboardMarkup::new([[button(
                tr.t("btn-balance"),
                CallbackData::Balance,
            )]])),
        },
        Notice::CryptoExpired {
            invoice,
            amount_minor,
        } => Rendered {
            text: tr.f(
                "crypto-expired",
                &[
                    ("invoice", (*invoice).into()),
                    ("amount", tr.money(currency, *amount_minor).into()),
                ],
            ),
            keyboard: Some(InlineKeyboardMarkup::new([[button(
                tr.t("crypto-btn-new"),
                CallbackData::TopUpCryptoMenu,
            )]])),
        },
        Notice::CryptoAttention {
            invoice,
            user_id,
            problem,
        } => Rendered {
            text: tr.f(
                "notice-admin-crypto-attention",
                &[
                    ("invoice", (*invoice).into()),
                    ("user", (*user_id).into()),
                    ("problem", html_field(problem, WORDS_UNITS).into()),
                ],
            ),
            keyboard: None,
        },
        Notice::AuditFinding { finding } => Rendered {
            text: tr.f(
                "notice-admin-audit",
                &[("finding", html_field(finding, WORDS_UNITS).into())],
            ),
            keyboard: None,
        },
        Notice::LowBalance {
            provider,
            balance,
            threshold,
            currency,
        } => Rendered {
            // The alert escapes what it is given; it is only shortened here.
            text: low_balance_alert(
                tr,
                &shorten(provider, WORDS_UNITS),
                &shorten(balance, WORDS_UNITS),
                &shorten(threshold, WORDS_UNITS),
                currency.as_deref().map(|c| shorten(c, WORDS_UNITS)).as_deref(),
            ),
            keyboard: None,
        },
        Notice::ReferralEarned {
            level,
            amount_minor,
            balance_minor,
        } => Rendered {
            text: tr.f(
                "referral-earned",
                &[
                    ("level", (*level).into()),
                    ("amount", tr.money(currency, *amount_minor).into()),
                    ("balance", tr.money(currency, *balance_minor).into()),
                ],
            ),
            keyboard: None,
        },
    }
}

/// The order's details, and under news of an order still under way the switch to mute such news.
fn order_keyboard(tr: &Tr, order_id: i64, progress: bool) -> InlineKeyboardMarkup {
    let mut rows = vec![vec![button(
        tr.t("btn-order-details"),
        CallbackData::OrderDetails { id: order_id },
    )]];
    if progress {
        rows.push(vec![progress_updates_button(tr, false)]);
    }
    InlineKeyboardMarkup::new(rows)
}

/// The switch for progress messages as it reads while they are `muted` or not: it offers the
/// other choice. Under progress notices and on the balance screen.
pub fn progress_updates_button(tr: &Tr, muted: bool) -> InlineKeyboardButton {
    let label = if muted {
        "notice-btn-unmute-progress"
    } else {
        "notice-btn-mute-progress"
    };
    button(tr.t(label), CallbackData::ProgressUpdates { mute: !muted })
}

/// `keyboard` with its progress switch turned to read as `muted`, every other button as it
/// was: a tapped switch flips in place, on whichever message it was.
pub fn with_progress_updates(tr: &Tr, keyboard: &InlineKeyboardMarkup, muted: bool) -> InlineKeyboardMarkup {
    let is_switch = |b: &InlineKeyboardButton| {
        matches!(&b.kind, InlineKeyboardButtonKind::CallbackData(data)
            if matches!(CallbackData::decode(data), Some(CallbackData::ProgressUpdates { .. })))
    };
    InlineKeyboardMarkup::new(keyboard.inline_keyboard.iter().map(|row| {
        row.iter()
            .map(|b| {
                if is_switch(b) {
                    progress_updates_button(tr, muted)
                } else {
                    b.clone()
                }
            })
            .collect::<Vec<_>>()
    }))
}

/// A customer's order update: the headline for the state, then what was delivered and what
/// came back to their balance.
fn order_changed(
    tr: &Tr,
    currency: &Currency,
    (order_id, service): (i64, &str),
    state: &str,
    (quantity, remains): (i64, Option<i64>),
    refunded_minor: i64,
) -> String {
    let key = match state {
        "in_progress" => "notice-order-started",
        "progress" => "notice-order-progress",
        "completed" => "notice-order-completed",
        "partial" => "notice-order-partial",
        "canceled" => "notice-order-canceled",
        "refunded" => "notice-order-refunded",
        "failed" => "notice-order-failed",
        _ => "notice-order-changed",
    };
    let state_label = state_label(tr, OrderState::from_db(state));
    let mut text = tr.f(
        key,
        &[
            ("id", order_id.into()),
            ("service", html_field(service, SERVICE_NAME_UNITS).into()),
            ("state", state_label.into()),
        ],
    );
    let delivering = matches!(state, "in_progress" | "progress" | "completed" | "partial");
    if let Some(remains) = remains.filter(|_| delivering) {
        text.push('\n');
        text.push_str(&progress_bar(quantity, remains));
        if state == "partial" {
            text.push('\n');
            text.push_str(&tr.f(
                "notice-delivered",
                &[
                    ("delivered", (quantity - remains.clamp(0, quantity)).into()),
                    ("quantity", quantity.into()),
                ],
            ));
        }
    }
    if refunded_minor > 0 {
        text.push('\n');
        text.push_str(&tr.f(
            "notice-refunded",
            &[("amount", tr.money(currency, refunded_minor).into())],
        ));
    } else if state == "partial" && remains.is_none() {
        // The refund waits for an admin, who was alerted.
        text.push('\n');
        text.push_str(&tr.t("notice-refund-pending"));
    }
    text
}

/// An admin alert about a provider's low balance (queued by `crate::stats`).
fn low_balance_alert(
    tr: &Tr,
    provider: &str,
    balance: &str,
    threshold: &str,
    currency: Option<&str>,
) -> String {
    tr.f(
        "admin-low-balance-alert",
        &[
            ("provider", escape(provider).into()),
            ("balance", escape(&with_currency(balance, currency)).into()),
            ("threshold", escape(&with_currency(threshold, currency)).into()),
        ],
    )
}

#[cfg(test)]
mod tests;
