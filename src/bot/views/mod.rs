//! Screens: pure functions from data to text and buttons. Everything from providers or
//! customers goes in through [`html_field`]: shortened to its room, then escaped for Telegram's
//! HTML, so that no screen or notice exceeds Telegram's 4,096 characters.

pub mod moderation;

use std::borrow::Cow;

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use teloxide::utils::html::escape;

use super::callback::CallbackData;
use super::state::OrderDraft;
use super::{Customer, Screen, Tr};
use crate::catalogue::{self, shorten};
use crate::db::catalogue::{CategoryRow, LinkRule, Service};
use crate::db::ledger::LedgerEntry;
use crate::db::orders::{Order, OrderCard};
use crate::error::{ApiErrorKind, ProviderError};
use crate::i18n::Lang;
use crate::money::Currency;
use crate::orders::PlaceOutcome;
use crate::orders::actions::{self, NotAllowed, RefreshOutcome, RequestOutcome, Resolution};
use crate::vocabulary::{OrderExtras, OrderState};

/// Items per page in every list.
pub const PAGE_SIZE: i64 = 8;
/// Longest name on a button before it is cut: a phone shows about this much.
const BUTTON_NAME_UNITS: usize = 40;

/// Room in a message for each kind of outside text, in the units of [`shorten`]. With the longest
/// template around them, every screen and notice stays well under Telegram's 4,096 (the tests
/// render each one with every field at its limit, in every language). Catalogue text is capped
/// when it is synced; the same caps here also hold operators' overrides and older rows.
pub(crate) const SERVICE_NAME_UNITS: usize = catalogue::SERVICE_NAME_UNITS;
pub(crate) const CATEGORY_UNITS: usize = catalogue::CATEGORY_UNITS;
pub(crate) const DESCRIPTION_UNITS: usize = catalogue::DESCRIPTION_UNITS;
/// Links: customers' links are refused beyond 512 bytes, so this only holds older rows.
pub(crate) const LINK_UNITS: usize = 512;
/// Anything else from outside: a provider's own words (a status, an error message), a name
/// (a provider's, a person's), an id someone typed.
pub(crate) const WORDS_UNITS: usize = 500;
/// A customer's search words, repeated back to them.
const QUERY_UNITS: usize = 100;

/// Outside text for an HTML message: shortened to `max_units` first, so that the cut never lands
/// inside an entity or a tag, then escaped.
pub(crate) fn html_field(text: &str, max_units: usize) -> String {
    escape(&shorten(text, max_units))
}

pub(crate) fn button(label: impl Into<String>, data: CallbackData) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(label, data.encode())
}

fn menu_row(tr: &Tr) -> Vec<InlineKeyboardButton> {
    vec![button(tr.t("btn-menu"), CallbackData::Menu)]
}

pub(crate) fn screen(text: String, rows: Vec<Vec<InlineKeyboardButton>>) -> Screen {
    Screen {
        text,
        keyboard: InlineKeyboardMarkup::new(rows),
    }
}

/// Previous/next buttons for page `page` of `total` items, when there is more than one page.
fn pager(page: u32, total: i64, to: impl Fn(u32) -> CallbackData) -> Option<Vec<InlineKeyboardButton>> {
    let pages = pages(total);
    if pages <= 1 {
        return None;
    }
    let mut row = Vec::new();
    if page > 0 {
        row.push(button("◀️", to(page - 1)));
    }
    row.push(button(format!("{}/{pages}", page + 1), to(page)));
    if i64::from(page) + 1 < pages {
        row.push(button("▶️", to(page + 1)));
    }
    Some(row)
}

fn pages(total: i64) -> i64 {
    (total + PAGE_SIZE - 1) / PAGE_SIZE
}

/// The offset of page `page`, clamped to the last page so that a stale pager still shows a list.
pub fn page_offset(page: u32, total: i64) -> (u32, i64) {
    let last = (pages(total) - 1).max(0);
    let page = i64::from(page).min(last);
    (page as u32, page * PAGE_SIZE)
}

/// A name as it fits on a button; buttons are plain text, so it is not escaped.
fn button_name(name: &str) -> Cow<'_, str> {
    shorten(name, BUTTON_NAME_UNITS)
}

/// "1.80 RUB / 1000" for a service on sale.
fn unit_price(tr: &Tr, currency: &Currency, service: &Service) -> String {
    tr.f(
        "price-per-unit",
        &[
            (
                "price",
                currency.format(service.sale_price().unwrap_or_default()).into(),
            ),
            ("unit", service.unit_items.into()),
        ],
    )
}

pub fn main_menu(tr: &Tr, currency: &Currency, customer: &Customer) -> Screen {
    let text = tr.f(
        "menu-text",
        &[
            ("name", html_field(&customer.first_name, WORDS_UNITS).into()),
            ("balance", currency.format(customer.balance_minor).into()),
        ],
    );
    screen(
        text,
        vec![
            vec![button(
                tr.t("btn-new-order"),
                CallbackData::Categories { page: 0 },
            )],
            vec![
                button(tr.t("btn-search"), CallbackData::Search),
                button(tr.t("btn-my-orders"), CallbackData::Orders { page: 0 }),
            ],
            vec![
                button(tr.t("btn-balance"), CallbackData::Balance),
                button(tr.t("btn-language"), CallbackData::Languages),
                button(tr.t("btn-help"), CallbackData::Help),
            ],
        ],
    )
}

pub fn help(tr: &Tr) -> Screen {
    screen(tr.t("help-text"), vec![menu_row(tr)])
}

pub fn languages(tr: &Tr) -> Screen {
    let buttons: Vec<_> = Lang::ALL
        .into_iter()
        .map(|lang| {
            let mark = if lang == tr.lang { "✅ " } else { "" };
            button(
                format!("{mark}{}", lang.native_name()),
                CallbackData::SetLanguage { lang },
            )
        })
        .collect();
    // Two a row: four names in one row are cramped on a phone.
    let mut rows: Vec<_> = buttons.chunks(2).map(<[_]>::to_vec).collect();
    rows.push(menu_row(tr));
    screen(tr.t("language-text"), rows)
}

pub fn categories(tr: &Tr, rows: &[CategoryRow], page: u32, total: i64) -> Screen {
    if total == 0 {
        return screen(tr.t("catalogue-empty"), vec![menu_row(tr)]);
    }
    let mut keyboard: Vec<_> = rows
        .iter()
        .map(|c| {
            vec![button(
                format!("{} ({})", button_name(&c.name), c.services),
                CallbackData::Services {
                    category: c.id,
                    page: 0,
                },
            )]
        })
        .collect();
    keyboard.extend(pager(page, total, |page| CallbackData::Categories { page }));
    keyboard.push(vec![
        button(tr.t("btn-search"), CallbackData::Search),
        button(tr.t("btn-menu"), CallbackData::Menu),
    ]);
    screen(tr.t("categories-text"), keyboard)
}

/// Buttons for a list of services, each with its price.
fn service_buttons(tr: &Tr, currency: &Currency, services: &[Service]) -> Vec<Vec<InlineKeyboardButton>> {
    services
        .iter()
        .map(|s| {
            vec![button(
                format!("{} · {}", button_name(&s.name), unit_price(tr, currency, s)),
                CallbackData::Service { id: s.id },
            )]
        })
        .collect()
}

pub fn services(
    tr: &Tr,
    currency: &Currency,
    (category_id, category): (i64, &str),
    services: &[Service],
    page: u32,
    total: i64,
) -> Screen {
    let mut keyboard = service_buttons(tr, currency, services);
    keyboard.extend(pager(page, total, |page| CallbackData::Services {
        category: category_id,
        page,
    }));
    keyboard.push(vec![
        button(tr.t("btn-back"), CallbackData::Categories { page: 0 }),
        button(tr.t("btn-menu"), CallbackData::Menu),
    ]);
    let key = if total == 0 {
        "services-empty"
    } else {
        "services-text"
    };
    let text = tr.f(key, &[("category", html_field(category, CATEGORY_UNITS).into())]);
    screen(text, keyboard)
}

pub fn search_prompt(tr: &Tr) -> Screen {
    screen(
        tr.t("search-prompt"),
        vec![vec![button(tr.t("btn-cancel"), CallbackData::Menu)]],
    )
}

pub fn search_results(tr: &Tr, currency: &Currency, query: &str, found: &[Service]) -> Screen {
    let mut keyboard = service_buttons(tr, currency, found);
    keyboard.push(vec![
        button(tr.t("btn-search-again"), CallbackData::Search),
        button(tr.t("btn-menu"), CallbackData::Menu),
    ]);
    let key = if found.is_empty() {
        "search-nothing"
    } else {
        "search-results"
    };
    screen(
        tr.f(key, &[("query", html_field(query, QUERY_UNITS).into())]),
        keyboard,
    )
}

pub fn service_card(tr: &Tr, currency: &Currency, service: &Service) -> Screen {
    let description = service
        .description
        .as_deref()
        .map(|d| format!("\n{}\n", html_field(d.trim(), DESCRIPTION_UNITS)))
        .unwrap_or_default();
    let text = tr.f(
        "service-card",
        &[
            ("name", html_field(&service.name, SERVICE_NAME_UNITS).into()),
            ("category", html_field(&service.category, CATEGORY_UNITS).into()),
            ("description", description.into()),
            ("price", unit_price(tr, currency, service).into()),
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
            vec![
                button(
                    tr.t("btn-back"),
                    CallbackData::Services {
                        category: service.category_id,
                        page: 0,
                    },
                ),
                button(tr.t("btn-menu"), CallbackData::Menu),
            ],
        ],
    )
}

fn cancel_row(tr: &Tr) -> Vec<InlineKeyboardButton> {
    vec![button(tr.t("btn-cancel"), CallbackData::Abort)]
}

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

pub fn ask_dripfeed(tr: &Tr, quantity: u64) -> Screen {
    screen(
        tr.f("ask-dripfeed", &[("quantity", quantity.to_string().into())]),
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

/// Lines describing an order's type-specific parameters, for confirmation and details.
fn extras_lines(tr: &Tr, quantity: i64, extras: &OrderExtras) -> String {
    let mut lines = String::new();
    if let Some(comments) = &extras.comments {
        lines.push('\n');
        lines.push_str(&tr.f(
            "order-comments",
            &[("count", (comments.lines().count() as i64).into())],
        ));
    }
    if let Some(answer) = extras.answer_number {
        lines.push('\n');
        lines.push_str(&tr.f("order-poll-answer", &[("answer", i64::from(answer).into())]));
    }
    if let Some(drip) = extras.dripfeed {
        lines.push('\n');
        lines.push_str(&tr.f(
            "order-dripfeed",
            &[
                ("runs", i64::from(drip.runs).into()),
                ("quantity", quantity.into()),
                ("interval", i64::from(drip.interval_minutes).into()),
                ("total", (quantity * i64::from(drip.runs)).into()),
            ],
        ));
    }
    lines
}

/// A short error and the same step's buttons again, so the customer can simply try again.
pub fn input_error(tr: &Tr, text: String) -> Screen {
    screen(text, vec![cancel_row(tr)])
}

pub fn confirmation(
    tr: &Tr,
    currency: &Currency,
    service: &Service,
    draft: &OrderDraft,
    balance_minor: i64,
    subscribers: Option<u64>,
) -> Screen {
    let after = balance_minor - draft.charge_minor;
    let quantity = i64::try_from(draft.quantity).unwrap_or(i64::MAX);
    let mut details = extras_lines(tr, quantity, &draft.extras);
    if let Some(count) = subscribers {
        details.push('\n');
        details.push_str(&tr.f("confirm-subscribers", &[("count", count.to_string().into())]));
    }
    let mut text = tr.f(
        "confirm-text",
        &[
            ("service", html_field(&service.name, SERVICE_NAME_UNITS).into()),
            ("link", html_field(&draft.link, LINK_UNITS).into()),
            ("quantity", draft.quantity.to_string().into()),
            ("details", details.into()),
            ("total", currency.format(draft.charge_minor).into()),
            ("balance", currency.format(balance_minor).into()),
            ("after", currency.format(after.max(0)).into()),
        ],
    );
    if after < 0 {
        text.push_str("\n\n");
        text.push_str(&tr.f("confirm-short", &[("missing", currency.format(-after).into())]));
    }
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

pub fn place_outcome(tr: &Tr, currency: &Currency, outcome: &PlaceOutcome) -> Screen {
    let (text, rows) = match outcome {
        PlaceOutcome::Placed {
            order_id,
            balance_after,
        } => (
            tr.f(
                "order-placed",
                &[
                    ("id", (*order_id).into()),
                    ("balance", currency.format(*balance_after).into()),
                ],
            ),
            vec![vec![button(
                tr.t("btn-order-details"),
                CallbackData::OrderDetails { id: *order_id },
            )]],
        ),
        PlaceOutcome::Rejected {
            order_id,
            error,
            refunded_minor,
        } => (
            tr.f(
                "order-rejected",
                &[
                    ("id", (*order_id).into()),
                    ("reason", rejection_reason(tr, error).into()),
                    ("refunded", currency.format(*refunded_minor).into()),
                ],
            ),
            vec![],
        ),
        PlaceOutcome::Unconfirmed { order_id } => (
            tr.f("order-unconfirmed", &[("id", (*order_id).into())]),
            vec![vec![button(
                tr.t("btn-order-details"),
                CallbackData::OrderDetails { id: *order_id },
            )]],
        ),
        PlaceOutcome::InsufficientFunds { missing_minor } => (
            tr.f(
                "order-insufficient",
                &[("missing", currency.format(*missing_minor).into())],
            ),
            vec![vec![button(tr.t("btn-balance"), CallbackData::Balance)]],
        ),
        PlaceOutcome::AlreadyPlaced { order_id } => (
            tr.f("order-already-placed", &[("id", (*order_id).into())]),
            vec![vec![button(
                tr.t("btn-order-details"),
                CallbackData::OrderDetails { id: *order_id },
            )]],
        ),
        PlaceOutcome::Unavailable => return unavailable(tr),
        PlaceOutcome::PriceChanged { charge_minor } => (
            tr.f(
                "order-price-changed",
                &[("total", currency.format(*charge_minor).into())],
            ),
            vec![],
        ),
    };
    let mut rows = rows;
    rows.push(menu_row(tr));
    screen(text, rows)
}

pub fn unavailable(tr: &Tr) -> Screen {
    screen(
        tr.t("service-unavailable"),
        vec![
            vec![button(
                tr.t("btn-new-order"),
                CallbackData::Categories { page: 0 },
            )],
            menu_row(tr),
        ],
    )
}

pub(crate) fn state_label(tr: &Tr, state: OrderState) -> String {
    tr.t(&format!("state-{}", state.as_str()))
}

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

/// "▰▰▰▱▱▱▱▱▱▱ 30%": how much of the order has been delivered.
pub fn progress_bar(quantity: i64, remains: i64) -> String {
    let quantity = quantity.max(1);
    let delivered = quantity - remains.clamp(0, quantity);
    let percent = delivered * 100 / quantity;
    let filled = (percent / 10) as usize;
    format!("{}{} {percent}%", "▰".repeat(filled), "▱".repeat(10 - filled))
}

pub(crate) fn format_time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
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
            ("quantity", order.quantity.into()),
            (
                "details",
                extras_lines(tr, order.quantity, &order.extras()).into(),
            ),
            ("charge", currency.format(order.charge_minor).into()),
            ("state", state_label(tr, state).into()),
            ("progress", progress.into()),
            ("created", format_time(order.created_at).into()),
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
    rows.push(vec![
        button(tr.t("btn-back"), CallbackData::Orders { page: 0 }),
        button(tr.t("btn-menu"), CallbackData::Menu),
    ]);
    screen(text, rows)
}

/// What came back, what the provider last said, and what is under way.
fn order_facts(tr: &Tr, currency: &Currency, card: &OrderCard) -> Vec<String> {
    let order = &card.order;
    let mut lines = Vec::new();
    if order.refunded_minor > 0 {
        lines.push(tr.f(
            "action-refunded",
            &[("amount", currency.format(order.refunded_minor).into())],
        ));
    }
    if let Some(status) = &order.provider_status {
        lines.push(tr.f(
            "action-provider-status",
            &[("status", html_field(status, WORDS_UNITS).into())],
        ));
    }
    if let Some(checked) = order.checked_at {
        lines.push(tr.f("action-checked-at", &[("time", format_time(checked).into())]));
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

/// Admins: asks for the provider's id of an order the provider did create.
pub fn ask_provider_order_id(tr: &Tr, order_id: i64) -> Screen {
    screen(
        tr.f("action-ask-provider-id", &[("id", order_id.into())]),
        vec![vec![button(tr.t("btn-cancel"), CallbackData::Menu)]],
    )
}

/// Admins: a provider id that cannot be one; the question stands.
pub fn provider_order_id_invalid(tr: &Tr) -> Screen {
    screen(
        tr.t("action-provider-id-invalid"),
        vec![vec![button(tr.t("btn-cancel"), CallbackData::Menu)]],
    )
}

/// Admins: how settling an unknown outcome ended.
pub fn settlement(tr: &Tr, currency: &Currency, order_id: i64, resolution: &Resolution) -> Screen {
    let text = match resolution {
        Resolution::Refunded {
            user_id,
            amount_minor,
        } => tr.f(
            "action-settled-refund",
            &[
                ("id", order_id.into()),
                ("amount", currency.format(*amount_minor).into()),
                ("user", (*user_id).into()),
            ],
        ),
        Resolution::Placed { provider_order_id } => tr.f(
            "action-settled-placed",
            &[
                ("id", order_id.into()),
                ("provider_id", html_field(provider_order_id, WORDS_UNITS).into()),
            ],
        ),
        Resolution::AlreadySettled(state) => tr.f(
            "action-already-settled",
            &[("id", order_id.into()), ("state", state_label(tr, *state).into())],
        ),
        Resolution::NoSuchOrder => tr.f("action-no-such-order", &[("id", order_id.into())]),
        Resolution::ProviderIdTaken { order_id: holder } => tr.f(
            "action-provider-id-taken",
            &[("id", order_id.into()), ("holder", (*holder).into())],
        ),
    };
    screen(text, vec![menu_row(tr)])
}

/// The balance and its latest movements; the Stars top-up button when top-ups are on, else how
/// to get money in.
pub fn balance(
    tr: &Tr,
    currency: &Currency,
    balance_minor: i64,
    entries: &[LedgerEntry],
    stars_enabled: bool,
) -> Screen {
    let mut text = tr.f(
        "balance-text",
        &[("balance", currency.format(balance_minor).into())],
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
    rows.push(menu_row(tr));
    screen(text, rows)
}

/// "2025-01-02 10:00 UTC · +5.00 USD · top-up": one ledger row in a statement.
pub(crate) fn ledger_line(tr: &Tr, currency: &Currency, entry: &LedgerEntry) -> String {
    let sign = if entry.amount_minor > 0 { "+" } else { "" };
    format!(
        "{} · {sign}{} · {}",
        format_time(entry.created_at),
        currency.format(entry.amount_minor),
        tr.f(
            &format!("ledger-{}", entry.kind),
            &[("reference", escape(&entry.reference).into())]
        ),
    )
}

/// The length Telegram checks: the text after its HTML is parsed, in UTF-16 code units.
#[cfg(test)]
pub(crate) fn telegram_length(html: &str) -> usize {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    text.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bars_clamp_odd_remains() {
        assert_eq!(progress_bar(1000, 1000), "▱▱▱▱▱▱▱▱▱▱ 0%");
        assert_eq!(progress_bar(1000, 700), "▰▰▰▱▱▱▱▱▱▱ 30%");
        assert_eq!(progress_bar(1000, -5), "▰▰▰▰▰▰▰▰▰▰ 100%");
        assert_eq!(progress_bar(1000, 5000), "▱▱▱▱▱▱▱▱▱▱ 0%");
    }

    #[test]
    fn pages_are_clamped() {
        assert_eq!(page_offset(0, 0), (0, 0));
        assert_eq!(page_offset(5, 10), (1, PAGE_SIZE));
        assert_eq!(pager(0, PAGE_SIZE, |page| CallbackData::Orders { page }), None);
        assert_eq!(
            pager(0, PAGE_SIZE + 1, |page| CallbackData::Orders { page })
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn long_names_are_cut_on_characters() {
        let name = "Подписчики Telegram ".repeat(5);
        let short = button_name(&name);
        assert_eq!(short.chars().count(), BUTTON_NAME_UNITS);
        assert!(short.ends_with('…'));
    }

    #[test]
    fn outside_text_is_cut_before_it_is_escaped() {
        let text = "a&b<c>d&&";
        for max_units in 1..=text.len() + 1 {
            let field = html_field(text, max_units);
            // Every `&` still starts a whole entity, and no tag is opened.
            let rest = field.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "");
            assert!(!rest.contains(['&', '<', '>']), "{max_units}: {field}");
            assert!(telegram_length(&field) <= max_units, "{max_units}: {field}");
        }
        assert_eq!(html_field(text, 4), "a&amp;b…");
        assert_eq!(html_field(text, 99), "a&amp;b&lt;c&gt;d&amp;&amp;");
    }

    fn tr(lang: Lang) -> Tr {
        Tr::new(
            std::sync::Arc::new(crate::i18n::I18n::load().expect("locales load")),
            lang,
        )
    }

    /// Outside text far over every limit, in the widest characters: an emoji is two units.
    fn huge(chars: usize) -> String {
        "😀<&Жی".chars().cycle().take(chars).collect()
    }

    fn huge_service() -> Service {
        Service {
            id: i64::MAX,
            provider: huge(1000),
            provider_service_id: huge(1000),
            category_id: i64::MAX,
            category: huge(10_000),
            name: huge(10_000),
            description: Some(huge(100_000)),
            kind: "default".into(),
            link_rule: "referral".into(),
            target_bot: Some(huge(10_000)),
            rate: "1".into(),
            rate_currency: None,
            unit_items: i64::MAX,
            price_minor: Some(i64::MAX),
            min_quantity: i64::MAX,
            max_quantity: i64::MAX,
            enabled: true,
            hidden_reason: None,
            refill: true,
            cancel: true,
            dripfeed: true,
        }
    }

    #[test]
    fn screens_with_outside_text_fit_in_one_message() {
        let currency = Currency::parse("RUB").unwrap();
        let service = huge_service();
        let draft = OrderDraft {
            service_id: service.id,
            link: huge(10_000),
            quantity: 1_000_000_000,
            extras: OrderExtras {
                comments: Some("comment\n".repeat(10_000)),
                answer_number: Some(u32::MAX),
                dripfeed: Some(crate::vocabulary::DripFeed {
                    runs: 1_000_000,
                    interval_minutes: 1_000_000,
                }),
            },
            charge_minor: i64::MAX / 2,
            quoted_at: 0,
            token: "t".into(),
        };
        let customer = Customer {
            id: 1,
            first_name: huge(10_000),
            balance_minor: i64::MAX,
            lang: Lang::En,
            is_admin: false,
            banned: false,
        };
        for lang in Lang::ALL {
            let tr = tr(lang);
            let listed = vec![service.clone(); PAGE_SIZE as usize];
            let screens = [
                main_menu(&tr, &currency, &customer),
                services(&tr, &currency, (1, &service.category), &listed, 0, 1000),
                search_results(&tr, &currency, &huge(10_000), &listed),
                service_card(&tr, &currency, &service),
                ask_link(&tr, &service),
                confirmation(&tr, &currency, &service, &draft, 0, Some(u64::MAX)),
            ];
            for screen in screens {
                let units = telegram_length(&screen.text);
                assert!(units <= 4096, "{lang:?}: {units} units");
                for button in screen.keyboard.inline_keyboard.iter().flatten() {
                    assert!(button.text.encode_utf16().count() <= 100, "{}", button.text);
                }
            }
        }
    }
}
