//! A customer's orders: the list, an order's screen, and the notes its actions leave on top.

use super::{
    LINK_UNITS, SERVICE_NAME_UNITS, button, button_name, extras_lines, html_field, menu_row, pager,
    progress_bar, screen, state_label,
};
use crate::bot::callback::CallbackData;
use crate::bot::{Screen, Tr};
use crate::db::orders::{Order, OrderCard};
use crate::error::{ApiErrorKind, ProviderError};
use crate::money::Currency;
use crate::orders::actions::{self, NotAllowed, RefreshOutcome, RequestOutcome};
use crate::vocabulary::OrderState;

pub fn orders(tr: &Tr, orders: &[Order], page: u32, total: i64) -> Screen {
    if total == 0 {
        return screen(
            tr.t("orders-empty"),
            vec![
                vec![button(
                    tr.t("btn-new-order"),
                    CallbackData::Categories { page: 0 },
                )],
                menu_row(tr),
            ],
        );
    }
    let mut keyboard: Vec<_> = orders
        .iter()
        .map(|o| {
            vec![button(
                format!(
                    "#{} · {} · {}",
                    o.id,
                    button_name(&o.service_name),
                    state_label(tr, o.state())
                ),
                CallbackData::OrderDetails { id: o.id },
            )]
        })
        .collect();
    keyboard.extend(pager(page, total, |page| CallbackData::Orders { page }));
    keyboard.push(menu_row(tr));
    screen(tr.f("orders-text", &[("count", total.into())]), keyboard)
}

/// An order's screen: what it is, how far it got, what came back, and the actions it allows
/// now. `note` (an action's outcome) goes on top.
pub fn order_details(tr: &Tr, currency: &Currency, card: &OrderCard, note: Option<String>) -> Screen {
    let order = &card.order;
    let state = order.state();
    let progress = match (state, order.remains) {
        (OrderState::Pending | OrderState::InProgress | OrderState::Partial, Some(remains)) => {
            format!("\n{}", progress_bar(order.quantity, remains))
        }
        _ => String::new(),
    };
    let mut text = note.map(|note| format!("{note}\n\n")).unwrap_or_default();
    text.push_str(&tr.f(
        "order-details",
        &[
            ("id", order.id.into()),
            (
                "service",
                html_field(&order.service_name, SERVICE_NAME_UNITS).into(),
            ),
            ("link", html_field(&order.link, LINK_UNITS).into()),
            // A drip-feed order delivers its quantity on every run: the total is what it brings.
            ("quantity", delivered_in_all(order).into()),
            (
                "details",
                extras_lines(tr, order.quantity, &order.extras()).into(),
            ),
            ("charge", tr.money(currency, order.charge_minor).into()),
            ("state", state_label(tr, state).into()),
            ("progress", progress.into()),
            ("created", tr.moment(order.created_at).into()),
        ],
    ));
    for line in order_facts(tr, currency, card) {
        text.push('\n');
        text.push_str(&line);
    }
    let (id, offered) = (order.id, actions::available(card));
    let mut action_row = Vec::new();
    if offered.refresh {
        action_row.push(button(
            tr.t("action-btn-refresh"),
            CallbackData::RefreshOrder { id },
        ));
    }
    if offered.refill {
        action_row.push(button(
            tr.t("action-btn-refill"),
            CallbackData::RefillOrder { id },
        ));
    }
    if offered.cancel {
        action_row.push(button(
            tr.t("action-btn-cancel"),
            CallbackData::CancelOrder { id },
        ));
    }
    let mut rows = Vec::new();
    if !action_row.is_empty() {
        rows.push(action_row);
    }
    rows.push(vec![button(
        tr.t("btn-order-again"),
        CallbackData::OrderAgain { id },
    )]);
    rows.push(vec![
        button(tr.t("btn-back"), CallbackData::Orders { page: 0 }),
        button(tr.t("btn-menu"), CallbackData::Menu),
    ]);
    screen(text, rows)
}

/// The items an order brings in all: its quantity on each of its drip-feed runs.
fn delivered_in_all(order: &Order) -> i64 {
    let runs = order.extras().dripfeed.map_or(1, |d| i64::from(d.runs));
    order.quantity.saturating_mul(runs)
}

/// What came back, what the provider last said, and what is under way.
fn order_facts(tr: &Tr, currency: &Currency, card: &OrderCard) -> Vec<String> {
    let order = &card.order;
    let mut lines = Vec::new();
    if order.refunded_minor > 0 {
        lines.push(tr.f(
            "action-refunded",
            &[("amount", tr.money(currency, order.refunded_minor).into())],
        ));
    }
    if let Some(checked) = order.checked_at {
        lines.push(tr.f("action-checked-at", &[("time", tr.moment(checked).into())]));
    }
    if card.refill_running {
        lines.push(tr.t("action-refill-running"));
    }
    if order.cancel_requested_at.is_some() && !order.state().is_terminal() {
        lines.push(tr.t("action-cancel-pending"));
    }
    lines
}

fn not_allowed_reason(tr: &Tr, why: NotAllowed) -> String {
    tr.t(match why {
        NotAllowed::NoSuchOrder => "action-why-no-such-order",
        NotAllowed::NotPlaced => "action-why-not-placed",
        NotAllowed::Finished => "action-why-finished",
        NotAllowed::NotCompleted => "action-why-not-completed",
        NotAllowed::NotSupported => "action-why-not-supported",
        NotAllowed::RefillRunning => "action-why-refill-running",
        NotAllowed::CancelRequested => "action-why-cancel-requested",
    })
}

/// A provider's failure in plain words; its own wording stays in the log.
fn provider_reason(tr: &Tr, error: &ProviderError) -> String {
    tr.t(match error {
        ProviderError::Api {
            kind: ApiErrorKind::NotSupported,
            ..
        } => "action-why-not-supported",
        ProviderError::Api {
            kind: ApiErrorKind::OrderNotFound,
            ..
        } => "action-why-unknown-to-provider",
        ProviderError::Api { .. } | ProviderError::RefusedWithOrder { .. } => "action-why-refused",
        _ => "action-why-unreachable",
    })
}

/// The line on top of an order's screen after a refresh.
pub fn refresh_note(tr: &Tr, outcome: &RefreshOutcome) -> String {
    match outcome {
        RefreshOutcome::Checked => tr.t("action-refreshed"),
        RefreshOutcome::JustChecked => tr.t("action-just-checked"),
        RefreshOutcome::NoInformation => tr.t("action-no-news"),
        RefreshOutcome::Failed(error) => tr.f(
            "action-refresh-failed",
            &[("reason", provider_reason(tr, error).into())],
        ),
        RefreshOutcome::NotAllowed(why) => tr.f(
            "action-refresh-skipped",
            &[("reason", not_allowed_reason(tr, *why).into())],
        ),
    }
}

pub fn refill_note(tr: &Tr, outcome: &RequestOutcome) -> String {
    request_note(tr, outcome, "action-refill-requested", "action-refill-refused")
}

pub fn cancel_note(tr: &Tr, outcome: &RequestOutcome) -> String {
    request_note(tr, outcome, "action-cancel-requested", "action-cancel-refused")
}

fn request_note(tr: &Tr, outcome: &RequestOutcome, requested: &str, refused: &str) -> String {
    let reason = match outcome {
        RequestOutcome::Requested => return tr.t(requested),
        RequestOutcome::NotAllowed(why) => not_allowed_reason(tr, *why),
        RequestOutcome::Refused(error) => provider_reason(tr, error),
    };
    tr.f(refused, &[("reason", reason.into())])
}
