//! The admins' pricing settings: a change stored and the whole catalogue re-priced under it, in
//! one transaction; the settings as `/markup`, `/fx` and `/service` show them; and what admins
//! type for them.

use rust_decimal::Decimal;

use super::{NotPriced, Priced, Pricing, RepriceReport, Rules, price_row, reprice};
use crate::db::Db;
use crate::db::catalogue::{self as store, CategoryMarkup, PricingRow, ServiceSetting};
use crate::error::Result;
use crate::money::{self, Currency};

/// Markups below this would give things away; above it they are surely a typo.
const MARKUP_RANGE: (i64, i64) = (-100, 10_000);

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
    db.catalogue_changed();
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
    use crate::pricing::tests::dec;

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
