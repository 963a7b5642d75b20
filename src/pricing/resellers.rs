//! A reseller's own prices: an admin's per-customer markup that replaces the shop's markups for
//! what that customer buys through the panel API. The loss guard still applies: where their
//! markup would sell below our cost, the chat price (never below cost) stands.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::{PriceInput, Pricing, Rules};
use crate::db::Db;
use crate::db::catalogue::Service;
use crate::error::Result;

/// The rules in force and one reseller's markup.
#[derive(Debug, Clone)]
pub struct ResellerPrices {
    rules: Rules,
    markup_percent: Decimal,
}

impl ResellerPrices {
    pub async fn load(db: &Db, pricing: &Pricing, markup_percent: Decimal) -> Result<Self> {
        let mut conn = db.pool().acquire().await?;
        Ok(Self {
            rules: Rules::load(&mut conn, pricing).await?,
            markup_percent,
        })
    }

    /// The service as this reseller buys it. Only a service on sale is re-priced.
    pub fn apply(&self, service: &Service) -> Service {
        let mut priced = service.clone();
        if service.sale_price().is_some()
            && let Some(price_minor) = self.price(service)
        {
            priced.price_minor = Some(price_minor);
        }
        priced
    }

    /// The reseller's price per `unit_items`; `None` where it cannot be worked out or would sell
    /// below cost.
    fn price(&self, service: &Service) -> Option<i64> {
        let rate = Decimal::from_str(&service.rate).ok()?;
        let priced = self
            .rules
            .price(&PriceInput {
                rate,
                currency: service.rate_currency.as_deref()?,
                category_id: service.category_id,
                fixed_price_minor: None,
                markup_percent: Some(self.markup_percent),
            })
            .ok()?;
        self.rules.loss(&priced).is_none().then_some(priced.price_minor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::db::testing;
    use crate::money::Currency;

    fn service(rate: &str, price_minor: i64) -> Service {
        Service {
            rate: rate.into(),
            price_minor: Some(price_minor),
            ..testing::service()
        }
    }

    fn prices(markup: &str) -> ResellerPrices {
        ResellerPrices {
            rules: Rules {
                shop_currency: Currency::parse("USD").unwrap(),
                global_markup: Decimal::from(20),
                category_markups: HashMap::new(),
                fx_rates: HashMap::new(),
            },
            markup_percent: markup.parse().unwrap(),
        }
    }

    #[test]
    fn a_reseller_buys_at_their_own_markup_over_cost() {
        // 0.90 per 1000 costs us; the chat sells at 1.08 (20 %), the reseller at 0.95 (5 %).
        assert_eq!(prices("5").apply(&service("0.90", 108)).price_minor, Some(95));
        assert_eq!(prices("50").apply(&service("0.90", 108)).price_minor, Some(135));
    }

    #[test]
    fn the_loss_guard_keeps_the_chat_price_and_services_off_sale_stay_off() {
        // A negative markup never reaches the database, but the guard does not rely on that.
        assert_eq!(prices("-10").apply(&service("0.90", 108)).price_minor, Some(108));
        let hidden = Service {
            enabled: false,
            ..service("0.90", 108)
        };
        assert_eq!(prices("5").apply(&hidden).sale_price(), None);
    }
}
