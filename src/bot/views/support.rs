//! Support: the customer's side (writing to support, the answers) and the admins' (each
//! customer message with who wrote it, the open tickets).

use teloxide::types::InlineKeyboardButton;
use teloxide::utils::html::escape;

use super::{button, html_field, menu_row, screen, state_label, with_menu};
use crate::bot::callback::CallbackData;
use crate::bot::{Screen, Tr};
use crate::config::SupportContact;
use crate::db::orders::Order;
use crate::db::support::TicketSummary;
use crate::db::users::User;
use crate::money::Currency;
use crate::support::{Reach, Refusal};

/// How much of a name or a service a line about a customer shows.
const NAME_UNITS: usize = 32;
/// How much of the latest message `/tickets` shows.
const SNIPPET_UNITS: usize = 120;

/// The menu's way to support: a button that starts writing to it when admins can answer in the
/// bot, else one that opens the shop's contact, else none.
pub fn menu_button(tr: &Tr, reach: &Reach) -> Option<InlineKeyboardButton> {
    if reach.in_bot {
        return Some(button(tr.t("btn-support"), CallbackData::Support));
    }
    let contact = reach.contact.as_ref()?;
    Some(InlineKeyboardButton::url(tr.t("btn-support"), contact.url()))
}

/// "Write your question": the step that waits for it, left by the menu button or /cancel.
pub fn prompt(tr: &Tr, contact: Option<&SupportContact>) -> Screen {
    let mut rows = Vec::new();
    if let Some(contact) = contact {
        rows.push(vec![InlineKeyboardButton::url(
            tr.t("support-btn-contact"),
            contact.url(),
        )]);
    }
    rows.push(menu_row(tr));
    screen(tr.t("support-prompt"), rows)
}

/// Nobody can answer in the bot (no admins): the contact if there is one.
pub fn unavailable(tr: &Tr) -> Screen {
    with_menu(tr, tr.t("support-unavailable"))
}

/// The message reached support; the customer may add more.
pub fn sent(tr: &Tr, ticket_id: i64) -> Screen {
    with_menu(tr, tr.f("support-sent", &[("ticket", ticket_id.into())]))
}

/// Something other than text or a photo; the question stands.
pub fn not_text(tr: &Tr) -> String {
    tr.t("support-not-text")
}

/// Why a message was not taken, politely.
pub fn refused(tr: &Tr, refusal: Refusal) -> String {
    match refusal {
        Refusal::Empty => not_text(tr),
        Refusal::TooLong { max_units } => tr.f("support-too-long", &[("max", max_units.into())]),
        Refusal::TooFast => tr.t("support-too-fast"),
        Refusal::TooManyUnanswered => tr.t("support-too-many"),
    }
}

/// A customer's message as admins get it.
pub struct AdminCopy<'a> {
    pub ticket_id: i64,
    /// It opened the ticket.
    pub opened: bool,
    pub customer: &'a User,
    pub latest_orders: &'a [Order],
    pub text: &'a str,
}

/// The customer's message under who wrote it: id, name, balance, latest orders. Short enough
/// to be a photo's caption (see `support::CAPTION_MAX_UNITS`).
pub fn admin_copy(tr: &Tr, currency: &Currency, copy: &AdminCopy<'_>) -> String {
    let user = copy.customer;
    let username = match &user.username {
        Some(username) => format!("@{}", html_field(username, NAME_UNITS)),
        None => tr.t("mod-profile-no-username"),
    };
    let heading = if copy.opened {
        "support-admin-new"
    } else {
        "support-admin-more"
    };
    let mut text = tr.f(heading, &[("ticket", copy.ticket_id.into())]);
    text.push('\n');
    text.push_str(&tr.f(
        "support-admin-customer",
        &[
            ("name", html_field(&user.first_name, NAME_UNITS).into()),
            ("username", username.into()),
            ("id", user.id.into()),
            ("balance", tr.money(currency, user.balance_minor).into()),
        ],
    ));
    text.push('\n');
    if copy.latest_orders.is_empty() {
        text.push_str(&tr.t("support-admin-no-orders"));
    } else {
        text.push_str(&tr.t("support-admin-orders"));
    }
    for order in copy.latest_orders {
        text.push_str(&format!(
            "\n#{} · {} · {} · {}",
            order.id,
            html_field(&order.service_name, NAME_UNITS),
            state_label(tr, order.state()),
            tr.money(currency, order.charge_minor)
        ));
    }
    if !copy.text.is_empty() {
        text.push_str(&format!("\n\n<blockquote>{}</blockquote>", escape(copy.text)));
    }
    text.push_str("\n\n");
    text.push_str(&tr.t("support-admin-reply-hint"));
    text
}

/// An admin's answer as the customer gets it: from the shop's support.
pub fn answer(tr: &Tr, ticket_id: i64, text: &str) -> String {
    let mut framed = tr.f("support-answer", &[("ticket", ticket_id.into())]);
    if !text.is_empty() {
        framed.push_str("\n\n");
        framed.push_str(&escape(text));
    }
    framed.push_str("\n\n");
    framed.push_str(&tr.t("support-answer-reply-hint"));
    framed
}

/// To the admin: the answer reached the customer.
pub fn answer_sent(tr: &Tr, ticket_id: i64, name: &str) -> String {
    tr.f(
        "support-answer-sent",
        &[
            ("ticket", ticket_id.into()),
            ("name", html_field(name, NAME_UNITS).into()),
        ],
    )
}

/// To the admin: Telegram would not deliver the answer (the customer blocked the bot, ...).
pub fn answer_failed(tr: &Tr, ticket_id: i64) -> String {
    tr.f("support-answer-failed", &[("ticket", ticket_id.into())])
}

/// To the admin: an answer to a closed ticket is not sent.
pub fn answer_to_closed(tr: &Tr, ticket_id: i64) -> String {
    tr.f("support-answer-closed", &[("ticket", ticket_id.into())])
}

/// To the admin: what cannot be sent as an answer.
pub fn answer_refused(tr: &Tr, refusal: Refusal) -> String {
    match refusal {
        Refusal::TooLong { max_units } => tr.f("support-answer-too-long", &[("max", max_units.into())]),
        _ => tr.t("support-answer-not-text"),
    }
}

/// To the customer: an admin closed their ticket.
pub fn closed_notice(tr: &Tr, ticket_id: i64) -> String {
    tr.f("support-closed-notice", &[("ticket", ticket_id.into())])
}

/// `/tickets`: the open tickets, the longest waiting first, each with its buttons.
pub fn tickets(tr: &Tr, tickets: &[TicketSummary], total: i64, note: Option<String>) -> Screen {
    let mut text = note.map(|note| format!("{note}\n\n")).unwrap_or_default();
    if tickets.is_empty() {
        text.push_str(&tr.t("tickets-none"));
        return screen(text, Vec::new());
    }
    text.push_str(&tr.f("tickets-heading", &[("count", total.into())]));
    let mut rows = Vec::new();
    for ticket in tickets {
        text.push_str("\n\n");
        text.push_str(&tr.f(
            "tickets-line",
            &[
                ("ticket", ticket.id.into()),
                ("name", html_field(&ticket.first_name, NAME_UNITS).into()),
                ("id", ticket.user_id.into()),
                ("messages", ticket.messages.into()),
                ("unanswered", ticket.unanswered.into()),
                ("time", tr.moment(ticket.updated_at).into()),
            ],
        ));
        if !ticket.last_text.is_empty() {
            text.push('\n');
            text.push_str(&format!(
                "<i>{}</i>",
                html_field(&ticket.last_text, SNIPPET_UNITS)
            ));
        }
        rows.push(vec![
            button(
                tr.f("tickets-btn-close", &[("ticket", ticket.id.into())]),
                CallbackData::CloseTicket { ticket: ticket.id },
            ),
            button(
                tr.f("tickets-btn-customer", &[("ticket", ticket.id.into())]),
                CallbackData::UserProfile { user: ticket.user_id },
            ),
        ]);
    }
    let more = total - tickets.len() as i64;
    if more > 0 {
        text.push_str("\n\n");
        text.push_str(&tr.f("tickets-more", &[("count", more.into())]));
    }
    screen(text, rows)
}

/// The note over the list after a close.
pub fn close_note(tr: &Tr, ticket_id: i64, closed: bool) -> String {
    let key = if closed {
        "tickets-closed"
    } else {
        "tickets-already-closed"
    };
    tr.f(key, &[("ticket", ticket_id.into())])
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::bot::views::telegram_length;
    use crate::i18n::{I18n, Lang};
    use crate::support::CAPTION_MAX_UNITS;

    fn user() -> User {
        User {
            id: 42,
            username: Some("x".repeat(40)),
            first_name: "Ы".repeat(100),
            language: "ru".into(),
            balance_minor: 123_456_789,
            created_at: 0,
            last_seen_at: 0,
            blocked_at: None,
            banned_at: None,
        }
    }

    #[test]
    fn texts_that_mention_support_point_to_what_exists_in_every_language() {
        let i18n = Arc::new(I18n::load().unwrap());
        let contact = Some(SupportContact::Username("shop_help".into()));
        for lang in Lang::ALL {
            for (in_bot, contact) in [(true, &contact), (true, &None), (false, &contact), (false, &None)] {
                let reach = Reach {
                    in_bot,
                    contact: contact.clone(),
                };
                let tr = Tr::new(Arc::clone(&i18n), lang).with_support(reach);
                let support_button = tr.t("btn-support");
                let texts = [
                    "topup-unavailable",
                    "balance-topup-hint",
                    "confirm-short-no-topup",
                    "support-help",
                ];
                for key in texts.into_iter().chain(["mod-banned"]) {
                    let text = tr.t(key);
                    let case = format!(
                        "{lang:?} {key} in_bot={in_bot} contact={}: {text:?}",
                        contact.is_some()
                    );
                    assert!(!text.contains(['{', '}']) && !text.contains("support-"), "{case}");
                    assert_eq!(text.contains("@shop_help"), contact.is_some(), "{case}");
                    // Banned customers cannot use the bot's support: only the contact is named.
                    let names_button = in_bot && key != "mod-banned";
                    assert_eq!(text.contains(&support_button), names_button, "{case}");
                    assert!(!text.trim().is_empty() || key == "support-help", "{case}");
                }
            }
        }
    }

    #[test]
    fn a_photo_from_a_customer_fits_in_a_caption_with_their_details_in_every_language() {
        let i18n = Arc::new(I18n::load().unwrap());
        let currency = Currency::parse("UZS").unwrap();
        let caption = "я".repeat(CAPTION_MAX_UNITS);
        let customer = user();
        let order = |id| Order {
            id,
            user_id: 42,
            service_id: 1,
            service_name: "Очень длинное название услуги ".repeat(5),
            provider: "p".into(),
            provider_service_id: "1".into(),
            link: "https://t.me/x".into(),
            quantity: 1000,
            charge_minor: 999_999_999,
            provider_order_id: None,
            state: "unknown_outcome".into(),
            provider_status: None,
            remains: None,
            start_count: None,
            error: None,
            comments: None,
            answer_number: None,
            runs: None,
            interval_minutes: None,
            refunded_minor: 0,
            cancel_requested_at: None,
            checked_at: None,
            created_at: 0,
            updated_at: 0,
            origin: "chat".into(),
        };
        let orders = [order(1_000_001), order(1_000_002), order(1_000_003)];
        for lang in Lang::ALL {
            let tr = Tr::new(Arc::clone(&i18n), lang);
            let copy = AdminCopy {
                ticket_id: 1_000_000,
                opened: true,
                customer: &customer,
                latest_orders: &orders,
                text: &caption,
            };
            let text = admin_copy(&tr, &currency, &copy);
            assert!(
                telegram_length(&text) <= 1024,
                "{lang:?}: {}",
                telegram_length(&text)
            );
        }
    }
}
