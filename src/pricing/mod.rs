//! Pricing: what each service sells for, and the operator's settings that decide it.
//!
//! Price = the provider's rate, converted to the shop currency, × (1 + markup), where the markup
//! is the service's own, else its category's, else the global one; or the service's fixed
//! price. Prices round up to the shop currency's minor unit. A provider currency without an
//! exchange rate is not sold, and a service that would sell below its cost is hidden and the
//! admins are told, once each time it crosses.
//!
//! Every change of a setting (`settings.rs`) re-prices the stored catalogue (`repricing.rs`) at
//! once, in the same transaction. This file is the price itself.

mod repricing;
mod resellers;
mod settings;

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use sqlx::SqliteConnection;

use crate::config::Config;
use crate::db::catalogue::{self as store, PricingRow};
use crate::error::Result;
use crate::money::{self, Currency};

pub use repricing::{RepriceReport, reprice, reprice_provider};
pub use resellers::ResellerPrices;
pub use settings::{
    Change, FxLine, MarkupOverview, Refused, change, fx_overview, markup_overview, parse_fx_rate,
    parse_markup, service_view,
};

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

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    pub(super) fn shop_rules(shop: &str) -> Rules {
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
}
