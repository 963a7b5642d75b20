//! An order's file as admins see it (`/order`): its state and our record first, then the
//! supplier's last answer and the history (recent changes, a problem it has moved past), and the
//! refunds it allows.

use teloxide::utils::html::escape;

use crate::bot::callback::CallbackData;
use crate::bot::views::{button, question, screen, state_label};
use crate::bot::{Screen, Tr};
use crate::db::orders::{AdminRefund, Order, OrderEvent, ProviderAnswer};
use crate::db::users::User;
use crate::money::Currency;
use crate::vocabulary::{OrderOrigin, OrderState};

/// Shown where a value is missing.
const NONE: &str = "—";

pub fn order_not_found(tr: &Tr, order_id: i64) -> String {
    tr.f("mod-order-not-found", &[("id", order_id.into())])
}

/// Everything an order's admin screen shows.
pub struct OrderFile {
    pub order: Order,
    pub customer: Option<User>,
    pub answer: ProviderAnswer,
    pub events: Vec<OrderEvent>,
    pub refundable: bool,
}

pub fn order_view(tr: &Tr, currency: &Currency, file: &OrderFile, note: Option<String>) -> Screen {
    let order = &file.order;
    let or_none = |value: Option<String>| value.unwrap_or_else(|| NONE.to_string());
    let customer = file.customer.as_ref().map(|user| match &user.username {
        Some(username) => format!("{} (@{})", escape(&user.first_name), escape(username)),
        None => escape(&user.first_name),
    });
    let mut text = note.map(|note| format!("{note}\n\n")).unwrap_or_default();
    text.push_str(&tr.f(
        "mod-order",
        &[
            ("id", order.id.into()),
            ("state", state_label(tr, order.state()).into()),
            ("customer", or_none(customer).into()),
            ("user", order.user_id.into()),
            ("service", escape(&order.service_name).into()),
            ("service_id", order.service_id.into()),
            ("link", escape(&order.link).into()),
            ("quantity", order.billed_items().into()),
            ("charge", tr.money(currency, order.charge_minor).into()),
            ("refunded", tr.money(currency, order.refunded_minor).into()),
            ("provider", escape(&order.provider).into()),
            ("provider_service", escape(&order.provider_service_id).into()),
            (
                "provider_order",
                or_none(order.provider_order_id.as_deref().map(escape)).into(),
            ),
            ("created", tr.moment(order.created_at).into()),
            ("updated", tr.moment(order.updated_at).into()),
        ],
    ));
    let origin = match order.origin.as_str() {
        o if o == OrderOrigin::Api.as_str() => Some("mod-order-through-api"),
        o if o == OrderOrigin::Webapp.as_str() => Some("mod-order-through-webapp"),
        _ => None,
    };
    if let Some(origin) = origin {
        text.push('\n');
        text.push_str(&tr.t(origin));
    }
    let problem = order.error.as_deref().map(escape);
    let problem_is_current = problem_explains(order.state());
    if let Some(error) = problem.as_ref().filter(|_| problem_is_current) {
        text.push('\n');
        text.push_str(&tr.f("mod-order-error", &[("error", error.as_str().into())]));
    }
    text.push_str("\n\n");
    let answer = &file.answer;
    match answer.checked_at {
        Some(at) => text.push_str(&tr.f(
            "mod-order-answer",
            &[
                ("time", tr.moment(at).into()),
                (
                    "status",
                    or_none(answer.provider_status.as_deref().map(escape)).into(),
                ),
                ("remains", or_none(answer.remains.map(|r| r.to_string())).into()),
                ("start", or_none(answer.start_count.map(|s| s.to_string())).into()),
                (
                    "charge",
                    or_none(answer.provider_charge.as_deref().map(escape)).into(),
                ),
            ],
        )),
        None => text.push_str(&tr.t("mod-order-no-answer")),
    }
    if !file.events.is_empty() {
        text.push_str("\n\n");
        text.push_str(&tr.t("mod-order-events"));
    }
    for event in &file.events {
        text.push('\n');
        text.push_str(&tr.f(
            "mod-order-event",
            &[
                ("time", tr.moment(event.observed_at).into()),
                ("state", state_label(tr, OrderState::from_db(&event.state)).into()),
                (
                    "status",
                    or_none(event.provider_status.as_deref().map(escape)).into(),
                ),
                ("remains", or_none(event.remains.map(|r| r.to_string())).into()),
            ],
        ));
    }
    if let Some(error) = problem.filter(|_| !problem_is_current) {
        text.push_str("\n\n");
        text.push_str(&tr.f("admin-order-past-error", &[("error", error.into())]));
    }

    let id = order.id;
    let mut rows = Vec::new();
    if order.state() == OrderState::UnknownOutcome {
        // The settlement an unknown outcome needs, with the alert's own buttons.
        rows.push(vec![button(
            tr.t("notice-btn-resolve-refund"),
            CallbackData::ResolveRefund { order: id },
        )]);
        rows.push(vec![button(
            tr.t("notice-btn-resolve-placed"),
            CallbackData::ResolvePlaced { order: id },
        )]);
    } else if file.refundable {
        rows.push(vec![
            button(
                tr.f(
                    "mod-btn-refund-all",
                    &[("amount", tr.money(currency, order.charge_minor).into())],
                ),
                CallbackData::RefundOrder { order: id },
            ),
            button(
                tr.t("mod-btn-refund-part"),
                CallbackData::RefundPart { order: id },
            ),
        ]);
    }
    rows.push(vec![button(
        tr.t("mod-btn-customer"),
        CallbackData::UserProfile { user: order.user_id },
    )]);
    screen(text, rows)
}

/// Whether a stored problem is why the order stands where it does. An order that went on after
/// it (settled as placed, then delivered) keeps the problem only as history, shown below the
/// changes, so that its current state is not read as the problem.
fn problem_explains(state: OrderState) -> bool {
    use OrderState::*;
    matches!(
        state,
        Rejected | UnknownOutcome | Partial | Canceled | Refunded | Failed
    )
}

/// Asks how much of an order to refund; `refundable_minor` is the most it can be.
pub fn ask_refund_amount(tr: &Tr, currency: &Currency, order_id: i64, refundable_minor: i64) -> Screen {
    let text = tr.f(
        "mod-refund-ask",
        &[
            ("id", order_id.into()),
            ("charge", tr.money(currency, refundable_minor).into()),
        ],
    );
    question(tr, text)
}

pub fn refund_note(tr: &Tr, currency: &Currency, order_id: i64, outcome: &AdminRefund) -> String {
    match outcome {
        AdminRefund::Refunded {
            user_id,
            amount_minor,
            unrecovered_minor,
        } => {
            let refunded = tr.f(
                "mod-refunded",
                &[
                    ("amount", tr.money(currency, *amount_minor).into()),
                    ("id", order_id.into()),
                    ("user", (*user_id).into()),
                ],
            );
            if *unrecovered_minor == 0 {
                return refunded;
            }
            let unrecovered = tr.f(
                "referral-admin-unrecovered",
                &[("amount", tr.money(currency, *unrecovered_minor).into())],
            );
            format!("{refunded}\n{unrecovered}")
        }
        AdminRefund::NoSuchOrder => order_not_found(tr, order_id),
        AdminRefund::NotSettled(state) => tr.f(
            "mod-refund-not-settled",
            &[("id", order_id.into()), ("state", state_label(tr, *state).into())],
        ),
        AdminRefund::AlreadyRefunded { amount_minor } => tr.f(
            "mod-refund-again",
            &[
                ("id", order_id.into()),
                ("amount", tr.money(currency, *amount_minor).into()),
            ],
        ),
        AdminRefund::BadAmount { max_minor } => tr.f(
            "mod-refund-invalid",
            &[("charge", tr.money(currency, *max_minor).into())],
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::db::orders::ProviderAnswer;
    use crate::i18n::{I18n, Lang};

    fn file(state: OrderState) -> OrderFile {
        let order = Order {
            id: 17,
            user_id: 71,
            service_id: 3,
            service_name: "Telegram subscribers".into(),
            provider: "panel".into(),
            provider_service_id: "1".into(),
            link: "https://t.me/mychannel".into(),
            quantity: 1000,
            charge_minor: 108,
            provider_order_id: Some("9001".into()),
            state: state.as_str().into(),
            provider_status: Some("Completed".into()),
            remains: Some(0),
            start_count: Some(10),
            error: Some("the provider did not answer in time".into()),
            comments: None,
            answer_number: None,
            runs: None,
            interval_minutes: None,
            refunded_minor: 0,
            cancel_requested_at: None,
            checked_at: Some(1_765_000_000),
            created_at: 1_765_000_000,
            updated_at: 1_765_000_100,
            origin: "chat".into(),
        };
        let events = vec![OrderEvent {
            state: state.as_str().into(),
            provider_status: Some("Completed".into()),
            remains: Some(0),
            observed_at: 1_765_000_100,
        }];
        OrderFile {
            order,
            customer: None,
            answer: ProviderAnswer::default(),
            events,
            refundable: false,
        }
    }

    #[test]
    fn a_problem_the_order_moved_past_is_history_below_its_state() {
        let tr = Tr::new(Arc::new(I18n::load().expect("locales load")), Lang::En);
        let usd = Currency::parse("USD").unwrap();
        let completed = order_view(&tr, &usd, &file(OrderState::Completed), None).text;
        let head = completed.lines().next().unwrap();
        assert!(
            head.contains("Order #17") && head.contains("completed"),
            "{completed}"
        );
        assert!(!completed.contains("Problem:"), "{completed}");
        let earlier = completed.find("Earlier problem: the provider did not answer in time");
        let changes = completed.find("Changes");
        assert!(
            earlier.is_some() && earlier > changes,
            "history last: {completed}"
        );

        let unknown = order_view(&tr, &usd, &file(OrderState::UnknownOutcome), None).text;
        assert!(
            unknown.contains("Problem: the provider did not answer in time") && !unknown.contains("Earlier"),
            "{unknown}"
        );
    }
}
