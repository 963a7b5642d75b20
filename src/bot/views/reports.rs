//! Admin reports: what `/stats`, `/providers` and `/sync` show.

use rust_decimal::Decimal;
use teloxide::utils::html::escape;

use super::with_currency;
use crate::bot::Tr;
use crate::chart::ChartLabels;
use crate::error::Error;
use crate::money::Currency;
use crate::stats::providers::{ERROR_RATE_DAYS, ProviderReport};
use crate::stats::sync::SyncChanges;
use crate::stats::{CHART_DAYS, PeriodFigures, Stats};

/// `/stats` as text: users, then each period's figures, then the best-selling services.
pub fn stats_text(tr: &Tr, currency: &Currency, stats: &Stats) -> String {
    let mut lines = vec![tr.f("admin-stats-title", &[("users", stats.users_total.into())])];
    for period in &stats.periods {
        lines.push(String::new());
        lines.extend(period_lines(tr, currency, period));
    }
    lines.push(String::new());
    lines.push(tr.f("admin-stats-top", &[("days", CHART_DAYS.into())]));
    if stats.top_services.is_empty() {
        lines.push(tr.t("admin-stats-top-empty"));
    }
    for (rank, top) in stats.top_services.iter().enumerate() {
        lines.push(tr.f(
            "admin-stats-top-line",
            &[
                ("rank", (rank + 1).into()),
                ("service", escape(&top.name).into()),
                ("orders", top.orders.into()),
                ("revenue", tr.money(currency, top.revenue_minor).into()),
            ],
        ));
    }
    lines.join("\n")
}

/// A period: its heading and users, then its money as a table whose numbers line up, and a
/// footnote when some orders' cost is not known yet.
fn period_lines(tr: &Tr, currency: &Currency, period: &PeriodFigures) -> Vec<String> {
    let heading = match period.days {
        1 => tr.t("admin-stats-today"),
        days => tr.f("admin-stats-last-days", &[("days", days.into())]),
    };
    let users = tr.f(
        "admin-stats-users",
        &[
            ("new", period.new_users.into()),
            ("active", period.active_users.into()),
        ],
    );
    let sales = &period.sales;
    let unknown = sales.orders_without_cost;
    let money = |minor: Option<i64>| match minor {
        Some(minor) => tr.money(currency, minor),
        None => tr.t("admin-stats-not-known"),
    };
    // The cost and the profit of only some orders are marked, and the footnote says why.
    let partly = |key: &str| {
        let label = tr.t(key);
        if unknown > 0 && unknown < sales.orders {
            format!("{label} *")
        } else {
            label
        }
    };
    let rows = [
        (tr.t("admin-stats-row-orders"), sales.orders.to_string()),
        (
            tr.t("admin-stats-row-revenue"),
            tr.money(currency, sales.revenue_minor),
        ),
        (partly("admin-stats-row-cost"), money(sales.cost_minor(currency))),
        (
            partly("admin-stats-row-profit"),
            money(sales.profit_minor(currency)),
        ),
        (
            tr.t("admin-stats-row-stars"),
            tr.money(currency, period.money_in.stars_minor),
        ),
        (
            tr.t("admin-stats-row-crypto"),
            tr.money(currency, period.money_in.crypto_minor),
        ),
        (
            tr.t("admin-stats-row-admin"),
            tr.money(currency, period.money_in.admin_minor),
        ),
    ];
    let mut lines = vec![heading, users, aligned(&rows)];
    if unknown > 0 && unknown < sales.orders {
        lines.push(tr.f("admin-stats-cost-note", &[("unknown", unknown.into())]));
    }
    lines
}

/// Rows of a label and a value as a monospace block, labels padded to the longest and values
/// right-aligned, so that the numbers line up on a phone.
fn aligned(rows: &[(String, String)]) -> String {
    let width = |text: &String| text.chars().count();
    let label_width = rows.iter().map(|(label, _)| width(label)).max().unwrap_or(0);
    let value_width = rows.iter().map(|(_, value)| width(value)).max().unwrap_or(0);
    let lines: Vec<String> = rows
        .iter()
        .map(|(label, value)| format!("{label:<label_width$}  {value:>value_width$}"))
        .collect();
    format!("<pre>{}</pre>", escape(&lines.join("\n")))
}

/// The words on the `/stats` chart.
pub fn chart_labels(tr: &Tr, currency: &Currency) -> ChartLabels {
    ChartLabels {
        orders: tr.t("admin-chart-orders"),
        money: tr.f("admin-chart-money", &[("currency", currency.code().into())]),
        revenue: tr.t("admin-chart-revenue"),
        cost: tr.t("admin-chart-cost"),
        profit: tr.t("admin-chart-profit"),
    }
}

pub fn chart_caption(tr: &Tr) -> String {
    tr.f("admin-stats-chart-caption", &[("days", CHART_DAYS.into())])
}

/// `/providers`: each provider's balance, catalogue and health.
pub fn providers_text(tr: &Tr, reports: &[ProviderReport]) -> String {
    let mut text = tr.t("admin-providers-title");
    for report in reports {
        text.push_str("\n\n");
        text.push_str(&provider_text(tr, report));
    }
    text
}

fn provider_text(tr: &Tr, report: &ProviderReport) -> String {
    let currency = report.currency.as_deref();
    let money = |amount: &Decimal| escape(&with_currency(&amount.to_string(), currency));
    let balance = match (&report.balance, report.low_balance) {
        (Err(e), _) => tr.f(
            "admin-provider-balance-failed",
            &[("error", escape(&e.to_string()).into())],
        ),
        (Ok(balance), Some(threshold)) => {
            let key = if report.is_low() {
                "admin-provider-balance-low"
            } else {
                "admin-provider-balance-watched"
            };
            tr.f(
                key,
                &[
                    ("balance", money(&balance.amount).into()),
                    ("threshold", money(&threshold).into()),
                ],
            )
        }
        (Ok(balance), None) => tr.f(
            "admin-provider-balance",
            &[("balance", money(&balance.amount).into())],
        ),
    };
    let health = &report.health;
    let mut lines = vec![
        format!("<b>{}</b>", escape(&report.name)),
        balance,
        tr.f(
            "admin-provider-services",
            &[
                ("on_sale", report.services_on_sale.into()),
                ("listed", report.services_listed.into()),
            ],
        ),
        match health.last_success_at {
            Some(at) => tr.f("admin-provider-last-success", &[("at", tr.moment(at).into())]),
            None => tr.t("admin-provider-no-success"),
        },
        match (&health.last_error, health.last_error_at) {
            (Some(error), Some(at)) => tr.f(
                "admin-provider-last-error",
                &[("at", tr.moment(at).into()), ("error", escape(error).into())],
            ),
            _ => tr.t("admin-provider-no-error"),
        },
        match health.error_rate_percent() {
            Some(percent) => tr.f(
                "admin-provider-error-rate",
                &[
                    ("days", ERROR_RATE_DAYS.into()),
                    ("failed", health.recent_failed_orders.into()),
                    ("orders", health.recent_orders.into()),
                    ("percent", percent.into()),
                ],
            ),
            None => tr.f(
                "admin-provider-error-rate-none",
                &[("days", ERROR_RATE_DAYS.into())],
            ),
        },
    ];
    if health.failures_in_a_row > 0 {
        lines.push(tr.f(
            "admin-provider-failing",
            &[("failures", health.failures_in_a_row.into())],
        ));
    }
    lines.join("\n")
}

/// The message that stands for a provider's sync while it runs.
pub fn sync_running(tr: &Tr, provider: &str) -> String {
    tr.f("admin-sync-running", &[("provider", escape(provider).into())])
}

/// How a provider's sync ended; it replaces [`sync_running`].
pub fn sync_finished(tr: &Tr, provider: &str, outcome: &Result<SyncChanges, Error>) -> String {
    let name = || escape(provider).into();
    match outcome {
        Ok(changes) => tr.f(
            "admin-sync-done",
            &[("provider", name()), ("on_sale", changes.on_sale.into())],
        ),
        Err(e) => tr.f(
            "admin-sync-failed",
            &[("provider", name()), ("error", escape(&e.to_string()).into())],
        ),
    }
}

/// What `/sync` changed: a line per provider, `None` for one whose sync failed.
pub fn sync_summary(tr: &Tr, changes: &[(&str, Option<SyncChanges>)]) -> String {
    let mut lines = vec![tr.t("admin-sync-summary")];
    for (provider, changes) in changes {
        lines.push(match changes {
            Some(changes) => summary_line(tr, provider, changes),
            None => tr.f(
                "admin-sync-summary-failed",
                &[("provider", escape(provider).into())],
            ),
        });
    }
    lines.join("\n")
}

fn summary_line(tr: &Tr, provider: &str, changes: &SyncChanges) -> String {
    tr.f(
        "admin-sync-summary-line",
        &[
            ("provider", escape(provider).into()),
            ("added", changes.added.into()),
            ("removed", changes.removed.into()),
            ("repriced", changes.repriced.into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::i18n::{I18n, Lang};
    use crate::stats::TopService;

    #[test]
    fn russian_counts_take_the_right_plural() {
        let tr = Tr::new(Arc::new(I18n::load().unwrap()), Lang::Ru);
        let rub = Currency::parse("RUB").unwrap();
        let top = |orders| {
            let stats = Stats {
                users_total: 21,
                periods: Vec::new(),
                top_services: vec![TopService {
                    name: "Просмотры".into(),
                    orders,
                    revenue_minor: 100,
                }],
                daily: Vec::new(),
            };
            stats_text(&tr, &rub, &stats)
        };
        assert!(top(1).contains("всего 21 пользователь"), "{}", top(1));
        assert!(top(1).contains("за 30 дней"), "{}", top(1));
        for (orders, words) in [
            (1, "1 заказ,"),
            (3, "3 заказа,"),
            (5, "5 заказов,"),
            (21, "21 заказ,"),
        ] {
            assert!(
                top(orders).contains(&format!("Просмотры: {words}")),
                "{}",
                top(orders)
            );
        }
        let failing = |failures: i64| tr.f("admin-provider-failing", &[("failures", failures.into())]);
        assert_eq!(failing(2), "⚠️ 2 неудачных запроса подряд");
        let note = |unknown: i64| tr.f("admin-stats-cost-note", &[("unknown", unknown.into())]);
        assert!(note(1).contains("1 заказа "), "{}", note(1));
        assert!(note(5).contains("5 заказов "), "{}", note(5));
        assert_eq!(failing(11), "⚠️ 11 неудачных запросов подряд");
    }

    #[test]
    fn a_period_lines_its_numbers_up_on_short_lines() {
        let usd = Currency::parse("USD").unwrap();
        let i18n = Arc::new(I18n::load().unwrap());
        let rows = [
            ("Orders".to_string(), "2".to_string()),
            ("Revenue".to_string(), "1234.50 USD".to_string()),
            ("Cost *".to_string(), "3.20 USD".to_string()),
        ];
        assert_eq!(
            aligned(&rows),
            "<pre>Orders             2\nRevenue  1234.50 USD\nCost *      3.20 USD</pre>"
        );
        for lang in Lang::ALL {
            let tr = Tr::new(Arc::clone(&i18n), lang);
            let period = PeriodFigures {
                days: 7,
                new_users: 2,
                active_users: 3,
                sales: Default::default(),
                money_in: Default::default(),
            };
            let text = period_lines(&tr, &usd, &period).join("\n");
            let table = text.split("<pre>").nth(1).unwrap_or_default();
            let widths: Vec<usize> = table
                .trim_end_matches("</pre>")
                .lines()
                .map(|line| line.chars().count())
                .collect();
            assert_eq!(widths.len(), 7, "{lang:?}: {text}");
            // Right-aligned values: every line is as wide as the widest, which fits a phone.
            assert!(
                widths.iter().all(|w| *w == widths[0] && *w <= 34),
                "{lang:?}: {text}"
            );
        }
    }
}
