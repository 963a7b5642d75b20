//! Pricing: what each service sells for, and the operator's settings that decide it.
//!
//! Price = the provider's rate, converted to the shop currency, × (1 + markup), where the markup
//! is the service's own, else its category's, else the global one; or the service's fixed
//! price. Prices round up to the shop currency's minor unit. A provider currency without an
//! exchange rate is not sold, and a service that would sell below its cost is hidden and the
//! admins are told, once each time it crosses.
//!
//! Every change of a setting re-prices the stored catalogue at once, in the same transaction.

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use sqlx::SqliteConnection;

use crate::config::Config;
use crate::db::catalogue::{self as store, CategoryMarkup, PricingRow, ServiceSetting};
use crate::db::notices::{Notice, enqueue_admins};
use crate::db::{Db, now};
use crate::error::Result;
use crate::money::{self, Currency};

/// Markups below this would give things away; above it they are surely a typo.
const MARKUP_RANGE: (i64, i64) = (-100, 10_000);

/// What pricing takes from the configuration.
#[derive(Debug, Clone)]
pub struct Pricing {
    pub shop_currency: Currency,
    /// The global markup until an admin sets one with `/markup`.
    pub default_markup_percent: Decimal,
    /// Who hears about services that would sell below their cost.
    pub admins: Vec<u64>,
}

impl Pricing {
    pub fn from_config(config: &Config) -> Self {
        Self {
            shop_currency: config.shop_currency.clone(),
            default_markup_percent: config.default_markup_percent,
            admins: config.admin_ids.clone(),
        }
    }
}

/// The settings in force, as stored by the admins.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub shop_currency: Currency,
    pub global_markup: Decimal,
    pub category_markups: HashMap<i64, Decimal>,
    /// Shop currency units per one unit of each provider currency.
    pub fx_rates: HashMap<String, Decimal>,
}

/// Where a service's markup comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkupSource {
    Service,
    Category,
    Global,
}

/// How a price was arrived at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Fixed,
    Markup { percent: Decimal, source: MarkupSource },
}

/// What pricing needs to know about one service.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceInput<'a> {
    /// The provider's price per `unit_items`, in `currency`.
    pub rate: Decimal,
    pub currency: &'a str,
    pub category_id: i64,
    pub fixed_price_minor: Option<i64>,
    pub markup_percent: Option<Decimal>,
}

/// A service's price per `unit_items` and what it costs us, both in the shop currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Priced {
    pub price_minor: i64,
    /// Exact; compared with the price before any rounding.
    pub cost: Decimal,
    pub basis: Basis,
}

/// Why a service has no price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPriced {
    NoExchangeRate { currency: String },
    OutOfRange,
}

/// A service that sells for less than it costs us, in shop-currency minor units (cost rounded up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loss {
    pub cost_minor: i64,
    pub price_minor: i64,
}

impl Rules {
    /// Reads the admins' settings inside the caller's transaction.
    pub async fn load(conn: &mut SqliteConnection, pricing: &Pricing) -> Result<Self> {
        Ok(Self {
            shop_currency: pricing.shop_currency.clone(),
            global_markup: store::global_markup(&mut *conn)
                .await?
                .unwrap_or(pricing.default_markup_percent),
            category_markups: store::category_markup_map(&mut *conn)
                .await?
                .into_iter()
                .collect(),
            fx_rates: store::fx_rates(&mut *conn).await?.into_iter().collect(),
        })
    }

    /// The service's markup, else its category's, else the global one.
    pub fn markup(&self, own: Option<Decimal>, category_id: i64) -> (Decimal, MarkupSource) {
        match (own, self.category_markups.get(&category_id)) {
            (Some(own), _) => (own, MarkupSource::Service),
            (None, Some(category)) => (*category, MarkupSource::Category),
            (None, None) => (self.global_markup, MarkupSource::Global),
        }
    }

    /// `amount` of `currency` in the shop currency, exactly.
    pub fn convert(&self, amount: Decimal, currency: &str) -> Result<Decimal, NotPriced> {
        if currency == self.shop_currency.code() {
            return Ok(amount);
        }
        let rate = self
            .fx_rates
            .get(currency)
            .ok_or_else(|| NotPriced::NoExchangeRate {
                currency: currency.to_string(),
            })?;
        amount.checked_mul(*rate).ok_or(NotPriced::OutOfRange)
    }

    pub fn price(&self, input: &PriceInput<'_>) -> Result<Priced, NotPriced> {
        let cost = self.convert(input.rate, input.currency)?;
        let (price_minor, basis) = match input.fixed_price_minor {
            Some(fixed) => (Some(fixed), Basis::Fixed),
            None => {
                let (percent, source) = self.markup(input.markup_percent, input.category_id);
                let price = money::sell_price(cost, percent, &self.shop_currency);
                (price, Basis::Markup { percent, source })
            }
        };
        match price_minor {
            Some(price_minor) if price_minor > 0 => Ok(Priced {
                price_minor,
                cost,
                basis,
            }),
            _ => Err(NotPriced::OutOfRange),
        }
    }

    /// Set when the price is below what the provider charges us.
    pub fn loss(&self, priced: &Priced) -> Option<Loss> {
        (self.shop_currency.to_decimal(priced.price_minor) < priced.cost).then(|| Loss {
            cost_minor: self.shop_currency.round_up(priced.cost).unwrap_or(i64::MAX),
            price_minor: priced.price_minor,
        })
    }
}

impl NotPriced {
    /// Why the service is hidden, for admins and the log.
    pub fn reason(&self, shop_currency: &Currency) -> String {
        match self {
            Self::NoExchangeRate { currency } => format!(
                "priced in {currency}; no exchange rate to {shop_currency} is set (/fx {currency} <rate>)"
            ),
            Self::OutOfRange => "price out of range".to_string(),
        }
    }
}

/// How a stored service is to be sold.
#[derive(Debug, Clone, PartialEq)]
struct Verdict {
    price_minor: Option<i64>,
    hidden_reason: Option<String>,
    loss: Option<Loss>,
}

impl Verdict {
    fn hidden(reason: String) -> Self {
        Self {
            price_minor: None,
            hidden_reason: Some(reason),
            loss: None,
        }
    }
}

/// Prices one stored service under `rules`.
pub fn price_row(rules: &Rules, row: &PricingRow) -> Result<Priced, NotPriced> {
    let rate = Decimal::from_str(&row.rate).map_err(|_| NotPriced::OutOfRange)?;
    let markup_percent = match row.markup_percent.as_deref().map(Decimal::from_str) {
        Some(Ok(percent)) => Some(percent),
        Some(Err(_)) => return Err(NotPriced::OutOfRange),
        None => None,
    };
    rules.price(&PriceInput {
        rate,
        // Without a currency the listing has a problem and is never priced.
        currency: row.rate_currency.as_deref().unwrap_or_default(),
        category_id: row.category_id,
        fixed_price_minor: row.fixed_price_minor,
        markup_percent,
    })
}

fn verdict(rules: &Rules, row: &PricingRow) -> Verdict {
    if let Some(problem) = &row.listing_problem {
        return Verdict::hidden(problem.clone());
    }
    let priced = match price_row(rules, row) {
        Ok(priced) => priced,
        Err(not_priced) => return Verdict::hidden(not_priced.reason(&rules.shop_currency)),
    };
    match rules.loss(&priced) {
        Some(loss) => {
            let currency = &rules.shop_currency;
            let reason = format!(
                "below cost: sells at {} per {} but costs {}",
                currency.format(loss.price_minor),
                row.unit_items,
                currency.format(loss.cost_minor)
            );
            Verdict {
                loss: Some(loss),
                ..Verdict::hidden(reason)
            }
        }
        None => Verdict {
            price_minor: Some(priced.price_minor),
            hidden_reason: None,
            loss: None,
        },
    }
}

/// What a re-pricing found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RepriceReport {
    /// Enabled, priced and not hidden.
    pub on_sale: u32,
    /// Hidden for a reason (switched-off services are counted in neither).
    pub hidden: u32,
    /// Services that have just started to sell below their cost; admins were told.
    pub newly_below_cost: u32,
}

/// Re-prices the stored services (one provider's, or all) under the current settings, inside the
/// caller's transaction. An enabled service that has just crossed below its cost is reported to
/// the admins once; while it stays there, nothing more is sent.
pub async fn reprice(
    conn: &mut SqliteConnection,
    pricing: &Pricing,
    provider: Option<&str>,
) -> Result<RepriceReport> {
    let rules = Rules::load(conn, pricing).await?;
    let now = now();
    let mut report = RepriceReport::default();
    for row in store::pricing_rows(&mut *conn, provider, None).await? {
        let verdict = verdict(&rules, &row);
        // Switched-off services are not worth an alert; switching one on re-prices it.
        let loss_since = match (verdict.loss, row.loss_since) {
            (Some(_), Some(since)) => Some(since),
            (Some(loss), None) if row.enabled => {
                alert_below_cost(conn, pricing, &row, loss, now).await?;
                report.newly_below_cost += 1;
                Some(now)
            }
            _ => None,
        };
        if (verdict.price_minor, verdict.hidden_reason.as_deref(), loss_since)
            != (row.price_minor, row.hidden_reason.as_deref(), row.loss_since)
        {
            match (&verdict.hidden_reason, verdict.hidden_reason != row.hidden_reason) {
                (Some(reason), true) => {
                    tracing::info!(service = row.id, provider = %row.provider, %reason, "service hidden")
                }
                (None, true) => {
                    tracing::debug!(service = row.id, provider = %row.provider, "service on sale")
                }
                (_, false) => {}
            }
            store::write_price(
                conn,
                row.id,
                verdict.price_minor,
                verdict.hidden_reason.as_deref(),
                loss_since,
            )
            .await?;
        }
        match (&verdict.hidden_reason, row.enabled) {
            (None, true) => report.on_sale += 1,
            (Some(_), true) => report.hidden += 1,
            (_, false) => {}
        }
    }
    Ok(report)
}

/// Re-prices one provider's services in their own transaction (after a catalogue sync).
pub async fn reprice_provider(db: &Db, pricing: &Pricing, provider: &str) -> Result<RepriceReport> {
    let mut tx = db.begin_write().await?;
    let report = reprice(&mut tx, pricing, Some(provider)).await?;
    tx.commit().await?;
    Ok(report)
}

async fn alert_below_cost(
    conn: &mut SqliteConnection,
    pricing: &Pricing,
    row: &PricingRow,
    loss: Loss,
    now: i64,
) -> Result<()> {
    tracing::warn!(
        service = row.id,
        provider = %row.provider,
        cost = loss.cost_minor,
        price = loss.price_minor,
        "service would sell below its cost: hidden"
    );
    let notice = Notice::BelowCost {
        service_id: row.id,
        service: row.name.clone(),
        provider: row.provider.clone(),
        unit_items: row.unit_items,
        cost_minor: loss.cost_minor,
        price_minor: loss.price_minor,
    };
    // One alert per crossing: the crossing's time is part of the key.
    let key = format!("below_cost:{}:{now}", row.id);
    enqueue_admins(conn, &pricing.admins, &key, &notice).await
}

/// An admin's change to the prices.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    GlobalMarkup(Decimal),
    CategoryMarkup {
        category_id: i64,
        percent: Option<Decimal>,
    },
    FxRate {
        currency: Currency,
        rate: Option<Decimal>,
    },
    Service {
        id: i64,
        setting: ServiceSetting,
    },
}

/// Why a change was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    UnknownCategory,
    UnknownService,
    /// The shop currency converts to itself.
    ShopCurrency,
}

/// Stores a change and re-prices the whole catalogue under it, in one transaction.
pub async fn change(db: &Db, pricing: &Pricing, change: &Change) -> Result<Result<RepriceReport, Refused>> {
    let mut tx = db.begin_write().await?;
    let applied = match change {
        Change::GlobalMarkup(percent) => {
            store::set_global_markup(&mut tx, *percent).await?;
            Ok(())
        }
        Change::CategoryMarkup { category_id, percent } => {
            store::set_category_markup(&mut tx, *category_id, *percent)
                .await?
                .then_some(())
                .ok_or(Refused::UnknownCategory)
        }
        Change::FxRate { currency, .. } if *currency == pricing.shop_currency => Err(Refused::ShopCurrency),
        Change::FxRate { currency, rate } => {
            store::set_fx_rate(&mut tx, currency.code(), *rate).await?;
            Ok(())
        }
        Change::Service { id, setting } => store::set_service_setting(&mut tx, *id, setting)
            .await?
            .then_some(())
            .ok_or(Refused::UnknownService),
    };
    if let Err(refused) = applied {
        return Ok(Err(refused));
    }
    let report = reprice(&mut tx, pricing, None).await?;
    tx.commit().await?;
    Ok(Ok(report))
}

/// The markups as `/markup` shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkupOverview {
    pub global: Decimal,
    /// No admin has set the global markup: it is `DEFAULT_MARKUP_PERCENT`.
    pub global_is_default: bool,
    pub categories: Vec<CategoryMarkup>,
}

pub async fn markup_overview(db: &Db, pricing: &Pricing) -> Result<MarkupOverview> {
    let set = store::global_markup(db.pool()).await?;
    Ok(MarkupOverview {
        global: set.unwrap_or(pricing.default_markup_percent),
        global_is_default: set.is_none(),
        categories: db.category_markups().await?,
    })
}

/// One provider currency as `/fx` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FxLine {
    pub currency: String,
    pub rate: Option<Decimal>,
    /// Services in the catalogue priced in this currency.
    pub services: i64,
}

/// Every currency with a rate or with services in the catalogue, alphabetically.
pub async fn fx_overview(db: &Db, pricing: &Pricing) -> Result<Vec<FxLine>> {
    let mut lines: Vec<FxLine> = store::fx_rates(db.pool())
        .await?
        .into_iter()
        .map(|(currency, rate)| FxLine {
            currency,
            rate: Some(rate),
            services: 0,
        })
        .collect();
    for (currency, services) in db.foreign_currencies(pricing.shop_currency.code()).await? {
        match lines.iter_mut().find(|l| l.currency == currency) {
            Some(line) => line.services = services,
            None => lines.push(FxLine {
                currency,
                rate: None,
                services,
            }),
        }
    }
    lines.sort_by(|a, b| a.currency.cmp(&b.currency));
    Ok(lines)
}

/// A service as `/service` shows it: the stored row and its price under the current settings.
pub async fn service_view(
    db: &Db,
    pricing: &Pricing,
    id: i64,
) -> Result<Option<(PricingRow, Result<Priced, NotPriced>)>> {
    let Some(row) = db.pricing_row(id).await? else {
        return Ok(None);
    };
    let mut conn = db.pool().acquire().await?;
    let rules = Rules::load(&mut conn, pricing).await?;
    let priced = price_row(&rules, &row);
    Ok(Some((row, priced)))
}

/// A markup typed by an admin: `25`, `12.5%`, `-5`. Down to -100 % would give services away.
pub fn parse_markup(raw: &str) -> Option<Decimal> {
    let percent = money::parse_decimal(raw.trim().trim_end_matches('%'))?;
    let (low, high) = MARKUP_RANGE;
    (percent > Decimal::from(low) && percent <= Decimal::from(high)).then(|| percent.normalize())
}

/// An exchange rate typed by an admin: shop currency units per one unit, more than zero.
pub fn parse_fx_rate(raw: &str) -> Option<Decimal> {
    money::parse_decimal(raw)
        .filter(|rate| *rate > Decimal::ZERO)
        .map(|rate| rate.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn shop_rules(shop: &str) -> Rules {
        Rules {
            shop_currency: Currency::parse(shop).unwrap(),
            global_markup: dec("20"),
            category_markups: HashMap::from([(7, dec("50"))]),
            fx_rates: HashMap::from([("USD".to_string(), dec("90.5"))]),
        }
    }

    fn input(rate: &str, currency: &'static str) -> PriceInput<'static> {
        PriceInput {
            rate: dec(rate),
            currency,
            category_id: 1,
            fixed_price_minor: None,
            markup_percent: None,
        }
    }

    #[test]
    fn the_markup_is_the_services_else_its_categorys_else_the_global_one() {
        let rules = shop_rules("RUB");
        let global = rules.price(&input("100", "RUB")).unwrap();
        assert_eq!(global.price_minor, 12_000);
        assert_eq!(
            global.basis,
            Basis::Markup {
                percent: dec("20"),
                source: MarkupSource::Global
            }
        );
        let in_category = PriceInput {
            category_id: 7,
            ..input("100", "RUB")
        };
        let category = rules.price(&in_category).unwrap();
        assert_eq!(category.price_minor, 15_000);
        assert_eq!(
            category.basis,
            Basis::Markup {
                percent: dec("50"),
                source: MarkupSource::Category
            }
        );
        let own = rules
            .price(&PriceInput {
                markup_percent: Some(dec("5")),
                ..in_category
            })
            .unwrap();
        assert_eq!(own.price_minor, 10_500);
        assert_eq!(
            own.basis,
            Basis::Markup {
                percent: dec("5"),
                source: MarkupSource::Service
            }
        );
    }

    #[test]
    fn a_fixed_price_wins_over_every_markup() {
        let rules = shop_rules("RUB");
        let fixed = rules
            .price(&PriceInput {
                fixed_price_minor: Some(12_345),
                markup_percent: Some(dec("80")),
                category_id: 7,
                ..input("100", "RUB")
            })
            .unwrap();
        assert_eq!(
            fixed,
            Priced {
                price_minor: 12_345,
                cost: dec("100"),
                basis: Basis::Fixed
            }
        );
        assert_eq!(rules.loss(&fixed), None);
    }

    #[test]
    fn foreign_rates_are_converted_and_need_an_exchange_rate() {
        let rules = shop_rules("RUB");
        // 0.90 USD × 90.5 = 81.45 RUB; × 1.2 = 97.74 RUB.
        let priced = rules.price(&input("0.90", "USD")).unwrap();
        assert_eq!((priced.cost, priced.price_minor), (dec("81.45"), 9774));
        assert_eq!(
            rules.price(&input("1", "UZS")),
            Err(NotPriced::NoExchangeRate {
                currency: "UZS".into()
            })
        );
        assert!(
            NotPriced::NoExchangeRate {
                currency: "UZS".into()
            }
            .reason(&rules.shop_currency)
            .contains("/fx UZS")
        );
        // A rouble shop buying in Toman at 0.0111 RUB per Toman.
        let toman = Rules {
            fx_rates: HashMap::from([("IRT".to_string(), dec("0.0111"))]),
            ..rules.clone()
        };
        // 8000 IRT × 0.0111 = 88.80 RUB; × 1.2 = 106.56 RUB.
        assert_eq!(toman.price(&input("8000", "IRT")).unwrap().price_minor, 10_656);
    }

    #[test]
    fn prices_round_up_to_the_shop_currencys_minor_unit() {
        let rules = shop_rules("RUB");
        // 0.001 USD × 90.5 × 1.2 = 0.1086 RUB → 0.11.
        assert_eq!(rules.price(&input("0.001", "USD")).unwrap().price_minor, 11);
        let toman = Rules {
            fx_rates: HashMap::from([("RUB".to_string(), dec("1.37"))]),
            ..shop_rules("IRT")
        };
        // 100 RUB × 1.37 × 1.2 = 164.4 IRT → 165 (whole Toman).
        assert_eq!(toman.price(&input("100", "RUB")).unwrap().price_minor, 165);
    }

    #[test]
    fn the_loss_guard_catches_prices_below_cost_with_both_figures() {
        let rules = shop_rules("RUB");
        let below = rules
            .price(&PriceInput {
                fixed_price_minor: Some(8000),
                ..input("0.90", "USD")
            })
            .unwrap();
        assert_eq!(
            rules.loss(&below),
            Some(Loss {
                cost_minor: 8145,
                price_minor: 8000
            })
        );
        let negative = rules
            .price(&PriceInput {
                markup_percent: Some(dec("-10")),
                ..input("100", "RUB")
            })
            .unwrap();
        assert_eq!(
            rules.loss(&negative),
            Some(Loss {
                cost_minor: 10_000,
                price_minor: 9000
            })
        );
        // At cost is not a loss; a fraction of a kopeck below it is.
        let at_cost = rules
            .price(&PriceInput {
                markup_percent: Some(Decimal::ZERO),
                ..input("100", "RUB")
            })
            .unwrap();
        assert_eq!(rules.loss(&at_cost), None);
        let fraction = rules
            .price(&PriceInput {
                fixed_price_minor: Some(10_000),
                ..input("100.001", "RUB")
            })
            .unwrap();
        assert_eq!(
            rules.loss(&fraction),
            Some(Loss {
                cost_minor: 10_001,
                price_minor: 10_000
            })
        );
    }

    #[test]
    fn stored_rows_get_a_verdict() {
        let rules = shop_rules("RUB");
        let row = PricingRow {
            id: 1,
            provider: "p".into(),
            provider_service_id: "9".into(),
            name: "Views".into(),
            provider_name: "Views".into(),
            category_id: 1,
            category: "Telegram".into(),
            rate: "0.90".into(),
            rate_currency: Some("USD".into()),
            unit_items: 1000,
            enabled: true,
            listing_problem: None,
            price_minor: None,
            hidden_reason: None,
            loss_since: None,
            fixed_price_minor: None,
            markup_percent: None,
        };
        assert_eq!(verdict(&rules, &row).price_minor, Some(9774));
        let with_problem = PricingRow {
            listing_problem: Some("limits make no sense".into()),
            ..row.clone()
        };
        assert_eq!(
            verdict(&rules, &with_problem),
            Verdict::hidden("limits make no sense".into())
        );
        let losing = verdict(
            &rules,
            &PricingRow {
                fixed_price_minor: Some(5000),
                ..row
            },
        );
        assert_eq!(losing.price_minor, None);
        assert_eq!(
            losing.hidden_reason.as_deref(),
            Some("below cost: sells at 50.00 RUB per 1000 but costs 81.45 RUB")
        );
    }

    #[test]
    fn typed_markups_and_rates() {
        assert_eq!(parse_markup("25"), Some(dec("25")));
        assert_eq!(parse_markup("12,5%"), Some(dec("12.5")));
        assert_eq!(parse_markup("-5"), Some(dec("-5")));
        assert_eq!(parse_markup("25.00"), Some(dec("25")));
        for junk in ["", "-100", "-150", "10001", "abc", "1e2"] {
            assert_eq!(parse_markup(junk), None, "{junk:?}");
        }
        assert_eq!(parse_fx_rate("90,50"), Some(dec("90.5")));
        assert_eq!(parse_fx_rate("0.0111"), Some(dec("0.0111")));
        for junk in ["0", "-1", "", "x"] {
            assert_eq!(parse_fx_rate(junk), None, "{junk:?}");
        }
    }
}
