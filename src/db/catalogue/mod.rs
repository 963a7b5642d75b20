//! The catalogue: categories and the services we sell, as last synced from the providers.
//!
//! What pricing reads and writes of it — the operator's markups, exchange rates and overrides,
//! and each service's price — is in `pricing.rs`.

mod pricing;

use std::sync::Arc;

use sqlx::FromRow;

use super::cache::OnSale;
use super::{Db, now};
use crate::error::Result;
use crate::vocabulary::ServiceKind;

pub use pricing::{
    CategoryMarkup, PricingRow, ServiceSetting, category_markup_map, fx_rates, global_markup, pricing_rows,
    set_category_markup, set_fx_rate, set_global_markup, set_service_setting, write_price,
};

/// Services customers may see and buy: switched on, not hidden, priced.
const SELLABLE: &str = "s.enabled = 1 AND s.hidden_reason IS NULL AND s.price_minor IS NOT NULL";

/// How a customer's link is checked for a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRule {
    /// Any well-formed http(s) URL.
    AnyUrl,
    /// A t.me / telegram.me link.
    Telegram,
    /// A referral link into a mini-app bot, with a start parameter.
    Referral,
}

impl LinkRule {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AnyUrl => "any_url",
            Self::Telegram => "telegram",
            Self::Referral => "referral",
        }
    }

    pub fn from_db(text: &str) -> Self {
        match text {
            "telegram" => Self::Telegram,
            "referral" => Self::Referral,
            _ => Self::AnyUrl,
        }
    }
}

#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct Service {
    pub id: i64,
    pub provider: String,
    pub provider_service_id: String,
    pub category_id: i64,
    pub category: String,
    pub name: String,
    pub description: Option<String>,
    pub kind: String,
    pub link_rule: String,
    pub target_bot: Option<String>,
    pub rate: String,
    pub rate_currency: Option<String>,
    pub unit_items: i64,
    pub price_minor: Option<i64>,
    pub min_quantity: i64,
    pub max_quantity: i64,
    pub enabled: bool,
    pub hidden_reason: Option<String>,
    pub refill: bool,
    pub cancel: bool,
    pub dripfeed: bool,
}

impl Service {
    pub fn link_rule(&self) -> LinkRule {
        LinkRule::from_db(&self.link_rule)
    }

    pub fn kind(&self) -> ServiceKind {
        ServiceKind::from_db(&self.kind)
    }

    /// The price a customer pays per `unit_items`, when the service is on sale.
    pub fn sale_price(&self) -> Option<i64> {
        match (self.enabled, &self.hidden_reason, self.price_minor) {
            (true, None, Some(price)) => Some(price),
            _ => None,
        }
    }
}

const SERVICE_COLUMNS: &str = "s.id, s.provider, s.provider_service_id, s.category_id, c.name AS category,
    s.name, s.description, s.kind, s.link_rule, s.target_bot, s.rate, s.rate_currency, s.unit_items,
    s.price_minor, s.min_quantity, s.max_quantity, s.enabled, s.hidden_reason, s.refill, s.cancel, s.dripfeed";

#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct CategoryRow {
    pub id: i64,
    pub name: String,
    pub services: i64,
}

/// One service as a sync wants it stored: the provider's facts. Prices are set afterwards by
/// `pricing::reprice`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceUpsert {
    pub provider: String,
    pub provider_service_id: String,
    pub category: String,
    /// The provider's name and description; an operator's override wins for customers.
    pub name: String,
    pub description: Option<String>,
    pub kind: String,
    pub link_rule: LinkRule,
    pub target_bot: Option<String>,
    pub rate: String,
    pub rate_currency: Option<String>,
    pub unit_items: i64,
    pub min_quantity: i64,
    pub max_quantity: i64,
    /// Why the listing itself cannot be sold, whatever the price.
    pub listing_problem: Option<String>,
    pub refill: bool,
    pub cancel: bool,
    pub dripfeed: bool,
}

/// What a sync changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertCounts {
    pub added: u32,
    pub updated: u32,
    pub delisted: u32,
}

/// `limit` items from `offset` on (offsets and limits out of range give fewer, or none).
fn page<T: Clone>(items: &[T], offset: i64, limit: i64) -> Vec<T> {
    let start = usize::try_from(offset).unwrap_or(0).min(items.len());
    let take = usize::try_from(limit).unwrap_or(0);
    items[start..].iter().take(take).cloned().collect()
}

fn count<T>(items: &[T]) -> i64 {
    i64::try_from(items.len()).unwrap_or(i64::MAX)
}

/// A service disappears from sale only after this many syncs in a row without it, so one odd
/// answer from a provider cannot empty the shop.
pub const DELIST_AFTER_MISSING_SYNCS: i64 = 3;

impl Db {
    /// Every service on sale, by category (kept in memory until the catalogue changes).
    pub async fn on_sale(&self) -> Result<Arc<OnSale>> {
        let generation = match self.cache.catalogue() {
            Ok(on_sale) => return Ok(on_sale),
            Err(generation) => generation,
        };
        let services = sqlx::query_as::<_, Service>(sqlx::AssertSqlSafe(format!(
            "SELECT {SERVICE_COLUMNS} FROM services s JOIN categories c ON c.id = s.category_id
             WHERE {SELLABLE}"
        )))
        .fetch_all(self.pool())
        .await?;
        let on_sale = Arc::new(OnSale::new(services));
        self.cache.catalogue_loaded(generation, on_sale.clone());
        Ok(on_sale)
    }

    /// To be called after every committed change of services, categories or prices: the next
    /// read of the catalogue on sale loads it afresh.
    pub fn catalogue_changed(&self) {
        self.cache.forget_catalogue();
    }

    /// Categories that have something on sale, alphabetically, one page of them.
    pub async fn categories_page(&self, offset: i64, limit: i64) -> Result<(Vec<CategoryRow>, i64)> {
        let on_sale = self.on_sale().await?;
        let page = page(&on_sale.categories, offset, limit);
        Ok((page, count(&on_sale.categories)))
    }

    /// A category's name: from the catalogue on sale, or, for one with nothing on sale, stored.
    pub async fn category_name(&self, id: i64) -> Result<Option<String>> {
        let on_sale = self.on_sale().await?;
        if let Some(category) = on_sale.categories.iter().find(|c| c.id == id) {
            return Ok(Some(category.name.clone()));
        }
        Ok(sqlx::query_scalar("SELECT name FROM categories WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Services on sale in one category, cheapest first, one page of them.
    pub async fn services_page(
        &self,
        category_id: i64,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<Service>, i64)> {
        let on_sale = self.on_sale().await?;
        let listed = on_sale.services.get(&category_id).map_or(&[][..], Vec::as_slice);
        Ok((page(listed, offset, limit), count(listed)))
    }

    /// A service by our id if it is on sale.
    pub async fn service_on_sale(&self, id: i64) -> Result<Option<Service>> {
        Ok(self.on_sale().await?.service(id).cloned())
    }

    /// A service by our id, on sale or not: callers decide with [`Service::sale_price`].
    pub async fn service(&self, id: i64) -> Result<Option<Service>> {
        Ok(sqlx::query_as::<_, Service>(sqlx::AssertSqlSafe(format!(
            "SELECT {SERVICE_COLUMNS} FROM services s JOIN categories c ON c.id = s.category_id
             WHERE s.id = ?"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Writes one provider's fresh catalogue: inserts new services, updates known ones (keeping
    /// the operator's switch and overrides), and counts the syncs a missing service has been
    /// absent. A new service stays hidden until it is priced.
    pub async fn upsert_catalogue(&self, provider: &str, services: &[ServiceUpsert]) -> Result<UpsertCounts> {
        let now = now();
        let mut counts = UpsertCounts::default();
        let mut tx = self.begin_write().await?;
        for s in services {
            sqlx::query("INSERT INTO categories (name) VALUES (?) ON CONFLICT (name) DO NOTHING")
                .bind(&s.category)
                .execute(&mut *tx)
                .await?;
            let existed: Option<i64> =
                sqlx::query_scalar("SELECT id FROM services WHERE provider = ? AND provider_service_id = ?")
                    .bind(provider)
                    .bind(&s.provider_service_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            // A new listing problem hides the service at once; prices follow in the re-pricing.
            sqlx::query(
                "INSERT INTO services (provider, provider_service_id, category_id, name, provider_name,
                     description, provider_description, kind, link_rule, target_bot, rate,
                     rate_currency, unit_items, min_quantity, max_quantity, listing_problem,
                     hidden_reason, refill, cancel, dripfeed, missing_syncs, synced_at)
                 VALUES (?1, ?2, (SELECT id FROM categories WHERE name = ?3), ?4, ?4, ?5, ?5, ?6, ?7,
                     ?8, ?9, ?10, ?11, ?12, ?13, ?14, COALESCE(?14, 'not priced yet'), ?15, ?16, ?17,
                     0, ?18)
                 ON CONFLICT (provider, provider_service_id) DO UPDATE SET
                     category_id = excluded.category_id,
                     name = COALESCE((SELECT o.name FROM service_overrides o
                                      WHERE o.service_id = services.id), excluded.provider_name),
                     provider_name = excluded.provider_name,
                     description = COALESCE((SELECT o.description FROM service_overrides o
                                             WHERE o.service_id = services.id), excluded.provider_description),
                     provider_description = excluded.provider_description,
                     kind = excluded.kind, link_rule = excluded.link_rule,
                     target_bot = excluded.target_bot, rate = excluded.rate,
                     rate_currency = excluded.rate_currency, unit_items = excluded.unit_items,
                     min_quantity = excluded.min_quantity, max_quantity = excluded.max_quantity,
                     listing_problem = excluded.listing_problem,
                     hidden_reason = COALESCE(excluded.listing_problem, services.hidden_reason),
                     refill = excluded.refill, cancel = excluded.cancel, dripfeed = excluded.dripfeed,
                     missing_syncs = 0, synced_at = excluded.synced_at",
            )
            .bind(provider)
            .bind(&s.provider_service_id)
            .bind(&s.category)
            .bind(&s.name)
            .bind(&s.description)
            .bind(&s.kind)
            .bind(s.link_rule.as_str())
            .bind(&s.target_bot)
            .bind(&s.rate)
            .bind(&s.rate_currency)
            .bind(s.unit_items)
            .bind(s.min_quantity)
            .bind(s.max_quantity)
            .bind(&s.listing_problem)
            .bind(s.refill)
            .bind(s.cancel)
            .bind(s.dripfeed)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if existed.is_some() {
                counts.updated += 1;
            } else {
                counts.added += 1;
            }
        }
        let listed: Vec<&str> = services.iter().map(|s| s.provider_service_id.as_str()).collect();
        sqlx::query(
            "UPDATE services SET missing_syncs = missing_syncs + 1
             WHERE provider = ? AND provider_service_id NOT IN (SELECT value FROM json_each(?))",
        )
        .bind(provider)
        .bind(serde_json::to_string(&listed).expect("strings serialise"))
        .execute(&mut *tx)
        .await?;
        counts.delisted = sqlx::query(
            "UPDATE services SET listing_problem = 'no longer offered by the provider',
                 hidden_reason = 'no longer offered by the provider', price_minor = NULL
             WHERE provider = ? AND missing_syncs >= ? AND listing_problem IS NULL",
        )
        .bind(provider)
        .bind(DELIST_AFTER_MISSING_SYNCS)
        .execute(&mut *tx)
        .await?
        .rows_affected() as u32;
        tx.commit().await?;
        self.catalogue_changed();
        Ok(counts)
    }
}
