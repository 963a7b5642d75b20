//! Browsing the catalogue: categories, a category's services, a service's card, and search.

use teloxide::types::InlineKeyboardButton;

use super::{
    CATEGORY_UNITS, DESCRIPTION_UNITS, SERVICE_NAME_UNITS, button, button_name, html_field, menu_row, pager,
    question, screen, unit_price, with_menu,
};
use crate::bot::callback::CallbackData;
use crate::bot::{Screen, Tr};
use crate::catalogue;
use crate::db::catalogue::{CategoryRow, Service};
use crate::money::Currency;

/// A customer's search words, repeated back to them.
const QUERY_UNITS: usize = 100;

pub fn categories(tr: &Tr, rows: &[CategoryRow], page: u32, total: i64) -> Screen {
    if total == 0 {
        return with_menu(tr, tr.t("catalogue-empty"));
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

/// Buttons for a list of services, each short enough for a phone, with its price.
fn service_buttons(tr: &Tr, currency: &Currency, services: &[Service]) -> Vec<Vec<InlineKeyboardButton>> {
    let listed: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    services
        .iter()
        .map(|s| {
            let price = unit_price(tr, currency, s);
            vec![button(
                catalogue::service_label(&s.name, &s.category, &listed, &price),
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
    question(tr, tr.t("search-prompt"))
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
