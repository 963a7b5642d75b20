//! Putting an order together: the questions (link, comments, poll answer, quantity,
//! drip-feed), the answers to input that does not fit, the confirmation, and how placing ended.

use teloxide::types::InlineKeyboardButton;

use super::{
    LINK_UNITS, SERVICE_NAME_UNITS, button, cancel_row, catalogue, extras_lines, html_field, input_error,
    menu_row, screen, unit_price,
};
use crate::bot::callback::CallbackData;
use crate::bot::state::OrderDraft;
use crate::bot::{Screen, Tr};
use crate::db::catalogue::{LinkRule, Service};
use crate::db::purchases::{PURCHASE_WAIT_SECS, PurchaseResult};
use crate::error::{ApiErrorKind, ProviderError};
use crate::money::Currency;
use crate::orders::input::{CommentsError, LinkError, MAX_POLL_ANSWER, QuantityError};
use crate::orders::pending::{StarsOffer, TopUpOffer};
use crate::orders::{self, PlaceOutcome};
use crate::payments::stars::MAX_STARS;
use crate::vocabulary::{DripFeed, OrderExtras};

pub fn ask_link(tr: &Tr, service: &Service) -> Screen {
    let key = match service.link_rule() {
        LinkRule::AnyUrl => "ask-link-any",
        LinkRule::Telegram => "ask-link-telegram",
        LinkRule::Referral => "ask-link-referral",
    };
    let bot = service.target_bot.as_deref().unwrap_or("https://t.me/…");
    let text = tr.f(
        key,
        &[
            ("service", html_field(&service.name, SERVICE_NAME_UNITS).into()),
            ("bot", html_field(bot, LINK_UNITS).into()),
        ],
    );
    screen(text, vec![cancel_row(tr)])
}

pub fn ask_quantity(tr: &Tr, currency: &Currency, service: &Service) -> Screen {
    let text = tr.f(
        "ask-quantity",
        &[
            ("min", service.min_quantity.into()),
            ("max", service.max_quantity.into()),
            ("price", unit_price(tr, currency, service).into()),
        ],
    );
    screen(text, vec![cancel_row(tr)])
}

pub fn ask_comments(tr: &Tr, service: &Service) -> Screen {
    let text = tr.f(
        "ask-comments",
        &[
            ("min", service.min_quantity.into()),
            ("max", service.max_quantity.into()),
        ],
    );
    screen(text, vec![cancel_row(tr)])
}

pub fn ask_poll_answer(tr: &Tr) -> Screen {
    screen(tr.t("ask-poll-answer"), vec![cancel_row(tr)])
}

/// The runs the drip-feed question takes as its example, priced for the customer's quantity.
const DRIPFEED_EXAMPLE: DripFeed = DripFeed {
    runs: 5,
    interval_minutes: 30,
};

/// All at once or in runs: what each costs, before the customer answers (every run delivers
/// `quantity` again and is paid for, so runs multiply the total).
pub fn ask_dripfeed(
    tr: &Tr,
    currency: &Currency,
    service: &Service,
    quantity: u64,
    extras: &OrderExtras,
) -> Screen {
    let example = OrderExtras {
        dripfeed: Some(DRIPFEED_EXAMPLE),
        ..extras.clone()
    };
    let price = |extras: &OrderExtras| {
        tr.money(
            currency,
            orders::quote(service, quantity, extras).unwrap_or_default(),
        )
    };
    let runs = u64::from(DRIPFEED_EXAMPLE.runs);
    let text = tr.f(
        "ask-dripfeed",
        &[
            ("quantity", quantity.to_string().into()),
            ("price", price(extras).into()),
            ("runs", i64::from(DRIPFEED_EXAMPLE.runs).into()),
            ("interval", i64::from(DRIPFEED_EXAMPLE.interval_minutes).into()),
            ("total", quantity.saturating_mul(runs).to_string().into()),
            ("total_price", price(&example).into()),
        ],
    );
    screen(
        text,
        vec![
            vec![button(tr.t("btn-all-at-once"), CallbackData::AllAtOnce)],
            cancel_row(tr),
        ],
    )
}

pub fn ask_dripfeed_again(tr: &Tr) -> Screen {
    screen(
        tr.t("dripfeed-invalid"),
        vec![
            vec![button(tr.t("btn-all-at-once"), CallbackData::AllAtOnce)],
            cancel_row(tr),
        ],
    )
}

/// "Order again" for a quantity the service no longer takes: its limits now, and a fresh order.
pub fn order_again_out_of_limits(tr: &Tr, service: &Service, quantity: u64) -> Screen {
    let text = tr.f(
        "order-again-limits",
        &[
            ("quantity", quantity.to_string().into()),
            ("min", service.min_quantity.into()),
            ("max", service.max_quantity.into()),
        ],
    );
    screen(
        text,
        vec![
            vec![button(
                tr.t("btn-order"),
                CallbackData::Order { service: service.id },
            )],
            menu_row(tr),
        ],
    )
}

/// A link that does not fit the service: why, and the question stands.
pub fn link_invalid(tr: &Tr, error: LinkError) -> Screen {
    let text = match error {
        LinkError::NotAUrl => tr.t("link-not-url"),
        LinkError::NotTelegram => tr.t("link-not-telegram"),
        LinkError::NoStartParameter => tr.t("link-no-start"),
        LinkError::WrongBot { expected } => tr.f("link-wrong-bot", &[("bot", expected.into())]),
    };
    input_error(tr, text)
}

/// Comments that do not fit the service's limits (`min` is the fewest it takes).
pub fn comments_invalid(tr: &Tr, error: CommentsError, min: u64) -> Screen {
    let text = match error {
        CommentsError::TooLong { line } => tr.f("comments-too-long", &[("line", line.to_string().into())]),
        CommentsError::TooMany(max) => tr.f("comments-too-many", &[("max", max.to_string().into())]),
        CommentsError::TooFew(_) => tr.f("comments-too-few", &[("min", min.to_string().into())]),
    };
    input_error(tr, text)
}

/// A poll answer that is not an option's number; the question stands.
pub fn poll_answer_invalid(tr: &Tr) -> Screen {
    let text = tr.f(
        "poll-answer-invalid",
        &[("max", MAX_POLL_ANSWER.to_string().into())],
    );
    input_error(tr, text)
}

/// A quantity outside the service's limits `(min, max)`.
pub fn quantity_invalid(tr: &Tr, error: QuantityError, (min, max): (u64, u64)) -> Screen {
    let text = match error {
        QuantityError::NotANumber => tr.f(
            "quantity-not-number",
            &[("min", min.to_string().into()), ("max", max.to_string().into())],
        ),
        QuantityError::BelowMin(min) => tr.f("quantity-below-min", &[("min", min.to_string().into())]),
        QuantityError::AboveMax(max) => tr.f("quantity-above-max", &[("max", max.to_string().into())]),
    };
    input_error(tr, text)
}

/// The order as the confirmation screen shows it, up to its total.
pub(crate) fn order_summary(
    tr: &Tr,
    currency: &Currency,
    service: &Service,
    draft: &OrderDraft,
    subscribers: Option<u64>,
) -> String {
    let quantity = i64::try_from(draft.quantity).unwrap_or(i64::MAX);
    let mut details = extras_lines(tr, quantity, &draft.extras);
    // A drip-feed order delivers its quantity on every run: the total is what it brings.
    let runs = draft.extras.dripfeed.map_or(1, |d| u64::from(d.runs));
    if let Some(count) = subscribers {
        details.push('\n');
        details.push_str(&tr.f("confirm-subscribers", &[("count", count.to_string().into())]));
    }
    tr.f(
        "confirm-text",
        &[
            ("service", html_field(&service.name, SERVICE_NAME_UNITS).into()),
            ("link", html_field(&draft.link, LINK_UNITS).into()),
            ("quantity", draft.quantity.saturating_mul(runs).to_string().into()),
            ("details", details.into()),
            ("total", total(tr, currency, draft).into()),
        ],
    )
}

/// The order's total; with a discount, the total before it struck through, then the code's.
fn total(tr: &Tr, currency: &Currency, draft: &OrderDraft) -> String {
    let charge = tr.money(currency, draft.charge_minor);
    let Some(discount) = &draft.discount else {
        return charge;
    };
    tr.f(
        "promo-total-discounted",
        &[
            ("original", tr.money(currency, discount.original_minor).into()),
            ("total", charge.into()),
            // Codes are letters, digits, '-' and '_': nothing to escape.
            ("code", discount.code.clone().into()),
            ("percent", discount.percent.into()),
        ],
    )
}

/// An order the balance covers: what it leaves, and «Confirm and pay».
pub fn confirmation(
    tr: &Tr,
    currency: &Currency,
    service: &Service,
    draft: &OrderDraft,
    balance_minor: i64,
    subscribers: Option<u64>,
) -> Screen {
    let text = format!(
        "{}\n\n{}",
        order_summary(tr, currency, service, draft, subscribers),
        tr.f(
            "confirm-balance",
            &[
                ("balance", tr.money(currency, balance_minor).into()),
                (
                    "after",
                    tr.money(currency, balance_minor - draft.charge_minor).into()
                ),
            ],
        )
    );
    screen(
        text,
        vec![vec![
            button(
                tr.t("btn-confirm"),
                CallbackData::Confirm {
                    token: draft.token.clone(),
                },
            ),
            button(tr.t("btn-cancel"), CallbackData::Abort),
        ]],
    )
}

/// An order the balance does not cover: what is missing and how it can be paid (the Stars
/// invoice follows as a message of its own); once paid, the order is placed by itself.
pub fn short_confirmation(
    tr: &Tr,
    currency: &Currency,
    service: &Service,
    draft: &OrderDraft,
    balance_minor: i64,
    subscribers: Option<u64>,
    offer: &TopUpOffer,
) -> Screen {
    let missing = tr.money(currency, offer.missing_minor);
    let mut text = format!(
        "{}\n\n{}",
        order_summary(tr, currency, service, draft, subscribers),
        tr.f(
            "confirm-short",
            &[
                ("balance", tr.money(currency, balance_minor).into()),
                ("missing", missing.into()),
            ],
        )
    );
    text.push_str("\n\n");
    text.push_str(&top_up_hint(tr, offer));
    let mut rows = top_up_rows(tr, offer, false);
    rows.push(cancel_row(tr));
    screen(text, rows)
}

/// How the shortfall can be paid, in words.
fn top_up_hint(tr: &Tr, offer: &TopUpOffer) -> String {
    let hours = || ("hours", (PURCHASE_WAIT_SECS / 3600).into());
    let mut lines = Vec::new();
    match offer.stars {
        StarsOffer::Pay(stars) => {
            lines.push(tr.f("confirm-short-stars", &[("stars", stars.into()), hours()]));
            if offer.crypto.is_some() {
                lines.push(tr.t("confirm-short-or-crypto"));
            }
        }
        StarsOffer::TooMuch => {
            lines.push(tr.f("confirm-short-stars-too-many", &[("max", MAX_STARS.into())]));
        }
        StarsOffer::Off => {}
    }
    if offer.crypto.is_some() && !matches!(offer.stars, StarsOffer::Pay(_)) {
        lines.push(tr.f("confirm-short-topup", &[hours()]));
    }
    if !offer.any() {
        lines.push(tr.t("confirm-short-no-topup"));
    }
    lines.join("\n")
}

/// Buttons that top up the shortfall: the Stars one only where no invoice is sent with the
/// screen (`stars_button`).
fn top_up_rows(tr: &Tr, offer: &TopUpOffer, stars_button: bool) -> Vec<Vec<InlineKeyboardButton>> {
    let mut rows = Vec::new();
    if let (true, StarsOffer::Pay(stars)) = (stars_button, offer.stars) {
        let label = tr.f("btn-pay-stars", &[("stars", stars.into())]);
        rows.push(vec![button(label, CallbackData::TopUpStars { stars })]);
    }
    if let Some(amount_minor) = offer.crypto {
        rows.push(vec![button(
            tr.t("crypto-btn"),
            CallbackData::TopUpCrypto { amount_minor },
        )]);
    }
    rows
}

/// The plain-words reason for a provider's "no".
fn rejection_reason(tr: &Tr, error: &ProviderError) -> String {
    let key = match error {
        ProviderError::Api {
            kind: ApiErrorKind::InvalidLink,
            ..
        } => "reason-link",
        ProviderError::Api {
            kind: ApiErrorKind::InvalidQuantity,
            ..
        } => "reason-quantity",
        ProviderError::Api {
            kind: ApiErrorKind::DuplicateActiveOrder,
            ..
        } => "reason-duplicate",
        ProviderError::Connect(_) | ProviderError::RateLimited { .. } => "reason-busy",
        _ => "reason-unavailable",
    };
    tr.t(key)
}

/// How confirming an order ended, in the chat.
pub fn place_outcome(tr: &Tr, currency: &Currency, outcome: &PlaceOutcome) -> Screen {
    match outcome {
        PlaceOutcome::InsufficientFunds { missing_minor } => {
            let text = tr.f(
                "order-insufficient",
                &[("missing", tr.money(currency, *missing_minor).into())],
            );
            let rows = vec![
                vec![button(tr.t("btn-balance"), CallbackData::Balance)],
                menu_row(tr),
            ];
            screen(text, rows)
        }
        other => placement(tr, currency, &other.clone().into()),
    }
}

/// How placing an order ended, or, for a purchase a top-up came for, that it still waits for
/// the rest of its money.
pub fn placement(tr: &Tr, currency: &Currency, result: &PurchaseResult) -> Screen {
    let (text, rows) = match result {
        PurchaseResult::Placed {
            order_id,
            balance_after,
        } => (
            tr.f(
                "order-placed",
                &[
                    ("id", (*order_id).into()),
                    ("balance", tr.money(currency, *balance_after).into()),
                ],
            ),
            vec![vec![button(
                tr.t("btn-order-details"),
                CallbackData::OrderDetails { id: *order_id },
            )]],
        ),
        PurchaseResult::Rejected {
            order_id,
            error,
            refunded_minor,
        } => (
            tr.f(
                "order-rejected",
                &[
                    ("id", (*order_id).into()),
                    ("reason", rejection_reason(tr, error).into()),
                    ("refunded", tr.money(currency, *refunded_minor).into()),
                ],
            ),
            vec![],
        ),
        PurchaseResult::Unconfirmed { order_id } => (
            tr.f("order-unconfirmed", &[("id", (*order_id).into())]),
            vec![vec![button(
                tr.t("btn-order-details"),
                CallbackData::OrderDetails { id: *order_id },
            )]],
        ),
        PurchaseResult::StillShort { missing_minor } => (
            tr.f(
                "purchase-still-short",
                &[("missing", tr.money(currency, *missing_minor).into())],
            ),
            vec![vec![button(tr.t("btn-balance"), CallbackData::Balance)]],
        ),
        PurchaseResult::AlreadyPlaced { order_id } => (
            tr.f("order-already-placed", &[("id", (*order_id).into())]),
            vec![vec![button(
                tr.t("btn-order-details"),
                CallbackData::OrderDetails { id: *order_id },
            )]],
        ),
        PurchaseResult::Unavailable => return catalogue::unavailable(tr),
        PurchaseResult::PriceChanged { charge_minor } => (
            tr.f(
                "order-price-changed",
                &[("total", tr.money(currency, *charge_minor).into())],
            ),
            vec![],
        ),
    };
    let mut rows = rows;
    rows.push(menu_row(tr));
    screen(text, rows)
}
