//! Admin pricing: what `/markup`, `/fx` and `/service` show, and what a change did.

use rust_decimal::Decimal;
use teloxide::utils::html::escape;

use super::{button, plain, screen};
use crate::bot::callback::CallbackData;
use crate::bot::{Screen, Tr};
use crate::db::catalogue::PricingRow;
use crate::money::Currency;
use crate::pricing::{
    Basis, Change, FxLine, MarkupOverview, MarkupSource, NotPriced, Priced, Refused, RepriceReport,
};

/// Categories listed by `/markup`; the rest are counted.
const MARKUP_CATEGORIES_SHOWN: usize = 40;

/// What a change did to the catalogue.
pub fn saved(tr: &Tr, report: &RepriceReport) -> String {
    let mut text = tr.f(
        "pricing-saved",
        &[
            ("on_sale", report.on_sale.into()),
            ("hidden", report.hidden.into()),
        ],
    );
    if report.newly_below_cost > 0 {
        text.push('\n');
        text.push_str(&tr.f(
            "pricing-saved-below-cost",
            &[("count", report.newly_below_cost.into())],
        ));
    }
    text
}

/// `text` headed by what a change did ([`saved`]; empty when nothing was changed).
fn with_saved(saved: &str, text: String) -> String {
    if saved.is_empty() {
        text
    } else {
        format!("{saved}\n\n{text}")
    }
}

/// Why a change was not made.
pub fn refused(tr: &Tr, refused: Refused, change: &Change, shop: &Currency) -> String {
    match (refused, change) {
        (Refused::UnknownCategory, Change::CategoryMarkup { category_id, .. }) => {
            tr.f("pricing-unknown-category", &[("id", (*category_id).into())])
        }
        (Refused::UnknownService, Change::Service { id, .. }) => unknown_service(tr, *id),
        _ => tr.f(
            "pricing-fx-shop-currency",
            &[("currency", shop.code().to_string().into())],
        ),
    }
}

pub fn unknown_service(tr: &Tr, id: i64) -> String {
    tr.f("pricing-unknown-service", &[("id", id.into())])
}

/// A `/service` text longer than `max` characters.
pub fn too_long(tr: &Tr, max: usize) -> String {
    tr.f("pricing-too-long", &[("max", max.into())])
}

pub fn fx_usage(tr: &Tr, shop: &str) -> String {
    tr.f("pricing-fx-usage", &[("shop", shop.into())])
}

/// `/markup`: what a change did, then the global markup, each category's, and how to change them.
pub fn markup(tr: &Tr, saved: &str, overview: &MarkupOverview) -> String {
    let origin = if overview.global_is_default {
        "pricing-markup-global-default"
    } else {
        "pricing-markup-global-set"
    };
    let mut lines = vec![
        tr.t("pricing-markup-title"),
        tr.f(origin, &[("percent", plain(overview.global).into())]),
    ];
    if overview.categories.is_empty() {
        lines.push(tr.t("pricing-markup-no-categories"));
    }
    for category in overview.categories.iter().take(MARKUP_CATEGORIES_SHOWN) {
        let args = |markup: Option<Decimal>| {
            let mut args = vec![
                ("id", category.id.into()),
                ("name", escape(&category.name).into()),
            ];
            args.extend(markup.map(|m| ("percent", plain(m).into())));
            args
        };
        lines.push(match category.markup_percent {
            Some(percent) => tr.f("pricing-markup-category", &args(Some(percent))),
            None => tr.f("pricing-markup-category-global", &args(None)),
        });
    }
    let more = overview.categories.len().saturating_sub(MARKUP_CATEGORIES_SHOWN);
    if more > 0 {
        lines.push(tr.f("pricing-markup-more", &[("count", more.into())]));
    }
    lines.push(String::new());
    lines.push(tr.t("pricing-markup-usage"));
    with_saved(saved, lines.join("\n"))
}

/// `/fx`: what a change did, then the rate of each provider currency to the shop's, and how to
/// set them.
pub fn fx(tr: &Tr, saved: &str, shop: &str, lines: &[FxLine]) -> String {
    let mut text = vec![tr.f("pricing-fx-title", &[("shop", shop.into())])];
    if lines.is_empty() {
        text.push(tr.f("pricing-fx-none", &[("shop", shop.into())]));
    }
    for line in lines {
        let args = |rate: Option<Decimal>| {
            let mut args = vec![
                ("currency", line.currency.clone().into()),
                ("shop", shop.into()),
                ("services", line.services.into()),
            ];
            args.extend(rate.map(|r| ("rate", plain(r).into())));
            args
        };
        text.push(match line.rate {
            Some(rate) => tr.f("pricing-fx-rate", &args(Some(rate))),
            None => tr.f("pricing-fx-missing", &args(None)),
        });
    }
    text.push(String::new());
    text.push(fx_usage(tr, shop));
    with_saved(saved, text.join("\n"))
}

/// The admin's card of a service headed by what a change did, with its on/off button.
pub fn service_card(
    tr: &Tr,
    saved: &str,
    shop: &Currency,
    row: &PricingRow,
    priced: &Result<Priced, NotPriced>,
) -> Screen {
    let (label, enable) = if row.enabled {
        ("pricing-btn-disable", false)
    } else {
        ("pricing-btn-enable", true)
    };
    screen(
        with_saved(saved, card_text(tr, shop, row, priced)),
        vec![vec![button(
            tr.t(label),
            CallbackData::SwitchService {
                id: row.id,
                enabled: enable,
            },
        )]],
    )
}

fn card_text(tr: &Tr, shop: &Currency, row: &PricingRow, priced: &Result<Priced, NotPriced>) -> String {
    let unit = row.unit_items;
    let mut lines = vec![tr.f(
        "pricing-card-title",
        &[("id", row.id.into()), ("name", escape(&row.name).into())],
    )];
    if row.name != row.provider_name {
        lines.push(tr.f(
            "pricing-card-provider-name",
            &[("name", escape(&row.provider_name).into())],
        ));
    }
    lines.push(tr.f(
        "pricing-card-category",
        &[
            ("category", escape(&row.category).into()),
            ("id", row.category_id.into()),
        ],
    ));
    lines.push(tr.f(
        "pricing-card-provider",
        &[
            ("provider", escape(&row.provider).into()),
            ("service", escape(&row.provider_service_id).into()),
        ],
    ));
    let rate_currency = row.rate_currency.as_deref().unwrap_or("?");
    lines.push(tr.f(
        "pricing-card-rate",
        &[
            ("rate", format!("{} {rate_currency}", row.rate).into()),
            ("unit", unit.into()),
        ],
    ));
    match priced {
        Ok(priced) => {
            if rate_currency != shop.code() {
                lines.push(tr.f(
                    "pricing-card-cost",
                    &[
                        ("cost", format!("{} {shop}", plain(priced.cost)).into()),
                        ("unit", unit.into()),
                    ],
                ));
            }
            let price = tr.money(shop, priced.price_minor);
            lines.push(match priced.basis {
                Basis::Fixed => tr.f(
                    "pricing-card-price-fixed",
                    &[("price", price.into()), ("unit", unit.into())],
                ),
                Basis::Markup { percent, source } => {
                    let source = match source {
                        MarkupSource::Service => "pricing-source-service",
                        MarkupSource::Category => "pricing-source-category",
                        MarkupSource::Global => "pricing-source-global",
                    };
                    tr.f(
                        "pricing-card-price-markup",
                        &[
                            ("price", price.into()),
                            ("unit", unit.into()),
                            ("percent", plain(percent).into()),
                            ("source", tr.t(source).into()),
                        ],
                    )
                }
            });
        }
        Err(not_priced) => lines.push(tr.f(
            "pricing-card-no-price",
            &[("reason", escape(&not_priced.reason(shop)).into())],
        )),
    }
    if !row.enabled {
        lines.push(tr.t("pricing-card-off"));
    }
    match &row.hidden_reason {
        Some(reason) => lines.push(tr.f("pricing-card-hidden", &[("reason", escape(reason).into())])),
        None if row.enabled => lines.push(tr.t("pricing-card-on-sale")),
        None => {}
    }
    lines.push(String::new());
    lines.push(tr.f("pricing-card-commands", &[("id", row.id.into())]));
    lines.join("\n")
}
