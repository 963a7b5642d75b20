//! Admin reports: `/stats`, `/providers` and `/sync`. Routed behind the admin check; the figures
//! come from `crate::stats`, the chart from `crate::chart`, and these functions render them.

use std::sync::Arc;

use rust_decimal::Decimal;
use teloxide::prelude::*;
use teloxide::types::InputFile;
use teloxide::utils::html::escape;
use tokio::sync::Notify;

use crate::bot::{HandlerResult, TgBot, Tr};
use crate::chart::{self, ChartLabels};
use crate::config::Config;
use crate::db::{Db, now};
use crate::error::Error;
use crate::money::Currency;
use crate::pricing::Pricing;
use crate::providers::Providers;
use crate::stats::providers::{self as provider_stats, ERROR_RATE_DAYS, LowBalanceAlerts, ProviderReport};
use crate::stats::sync::{SyncChanges, sync_and_compare};
use crate::stats::{CHART_DAYS, PeriodFigures, Stats};

/// `/stats`: the figures as text, then the chart of the last days.
pub async fn stats(bot: TgBot, msg: Message, tr: Tr, db: Db, config: Arc<Config>) -> HandlerResult {
    let currency = config.shop_currency.clone();
    let stats = Stats::load(&db, &currency, now()).await?;
    bot.send_message(msg.chat.id, stats_text(&tr, &currency, &stats))
        .await?;
    let labels = ChartLabels {
        orders: tr.t("admin-chart-orders"),
        revenue: tr.f("admin-chart-revenue", &[("currency", currency.code().into())]),
    };
    // Drawing is CPU work: off the async workers.
    let png = tokio::task::spawn_blocking(move || chart::render(&stats.daily, &currency, &labels))
        .await
        .map_err(|e| Error::Internal(format!("the chart task failed: {e}")))??;
    bot.send_photo(msg.chat.id, InputFile::memory(png).file_name("stats.png"))
        .caption(tr.f("admin-stats-chart-caption", &[("days", CHART_DAYS.into())]))
        .await?;
    Ok(())
}

/// `/providers`: each provider's balance, catalogue and health. The balances it reads also feed
/// the low-balance alert.
pub async fn providers(
    bot: TgBot,
    msg: Message,
    tr: Tr,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
    notices_queued: Arc<Notify>,
) -> HandlerResult {
    let alerts = LowBalanceAlerts::from_config(&config);
    let (reports, alerted) = provider_stats::report(&db, &providers, &alerts).await?;
    if alerted {
        notices_queued.notify_one();
    }
    let mut text = tr.t("admin-providers-title");
    for report in &reports {
        text.push_str("\n\n");
        text.push_str(&provider_text(&tr, report));
    }
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

/// `/sync`: syncs every provider now, one after the other, each with a message that says how
/// it is going; then a summary of what changed.
pub async fn sync(
    bot: TgBot,
    msg: Message,
    tr: Tr,
    db: Db,
    providers: Providers,
    config: Arc<Config>,
) -> HandlerResult {
    let pricing = Pricing::from_config(&config);
    let mut summary = vec![tr.t("admin-sync-summary")];
    for provider in provider_stats::by_name(&providers) {
        let name = || escape(&provider.name).into();
        let progress = bot
            .send_message(msg.chat.id, tr.f("admin-sync-running", &[("provider", name())]))
            .await?;
        let (done, line) = match sync_and_compare(&db, provider, &pricing).await {
            Ok(changes) => (
                tr.f(
                    "admin-sync-done",
                    &[("provider", name()), ("on_sale", changes.on_sale.into())],
                ),
                summary_line(&tr, &provider.name, &changes),
            ),
            Err(e) => {
                tracing::warn!(provider = %provider.name, error = %e, "catalogue sync asked by an admin failed");
                (
                    tr.f(
                        "admin-sync-failed",
                        &[("provider", name()), ("error", escape(&e.to_string()).into())],
                    ),
                    tr.f("admin-sync-summary-failed", &[("provider", name())]),
                )
            }
        };
        bot.edit_message_text(msg.chat.id, progress.id, done).await?;
        summary.push(line);
    }
    bot.send_message(msg.chat.id, summary.join("\n")).await?;
    Ok(())
}

/// The text of an admin alert about a provider's low balance (queued by `crate::stats`).
pub fn low_balance_alert(
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

fn stats_text(tr: &Tr, currency: &Currency, stats: &Stats) -> String {
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
                ("revenue", currency.format(top.revenue_minor).into()),
            ],
        ));
    }
    lines.join("\n")
}

fn period_lines(tr: &Tr, currency: &Currency, period: &PeriodFigures) -> [String; 5] {
    let heading = match period.days {
        1 => tr.t("admin-stats-today"),
        days => tr.f("admin-stats-last-days", &[("days", days.into())]),
    };
    let sales = &period.sales;
    let unknown = sales.orders_without_cost;
    let cost = match sales.cost_minor(currency) {
        None => tr.t("admin-stats-cost-unknown"),
        Some(cost) if unknown > 0 => tr.f(
            "admin-stats-cost-partial",
            &[
                ("cost", currency.format(cost).into()),
                ("unknown", unknown.into()),
            ],
        ),
        Some(cost) => tr.f("admin-stats-cost", &[("cost", currency.format(cost).into())]),
    };
    let profit = match sales.profit_minor(currency) {
        None => tr.t("admin-stats-profit-unknown"),
        Some(profit) if unknown > 0 => tr.f(
            "admin-stats-profit-partial",
            &[("profit", currency.format(profit).into())],
        ),
        Some(profit) => tr.f(
            "admin-stats-profit",
            &[("profit", currency.format(profit).into())],
        ),
    };
    [
        heading,
        tr.f(
            "admin-stats-users",
            &[
                ("new", period.new_users.into()),
                ("active", period.active_users.into()),
            ],
        ),
        tr.f(
            "admin-stats-orders",
            &[
                ("orders", sales.orders.into()),
                ("revenue", currency.format(sales.revenue_minor).into()),
            ],
        ),
        cost,
        profit,
    ]
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
            Some(at) => tr.f("admin-provider-last-success", &[("at", utc(at).into())]),
            None => tr.t("admin-provider-no-success"),
        },
        match (&health.last_error, health.last_error_at) {
            (Some(error), Some(at)) => tr.f(
                "admin-provider-last-error",
                &[("at", utc(at).into()), ("error", escape(error).into())],
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

/// `12.5 USD`, or the bare amount when the currency is not known.
fn with_currency(amount: &str, currency: Option<&str>) -> String {
    match currency {
        Some(code) => format!("{amount} {code}"),
        None => amount.to_string(),
    }
}

/// A moment as admins read it: `2024-03-10 15:00 UTC`.
fn utc(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
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
        assert_eq!(failing(11), "⚠️ 11 неудачных запросов подряд");
    }
}
