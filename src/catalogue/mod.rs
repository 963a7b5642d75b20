//! Catalogue sync: turns each provider's service list into what the shop sells. The listing
//! decides what can be sold at all; `pricing` then decides each service's price.
//!
//! A broken or empty answer never wipes or reprices the catalogue: the sync is skipped and the
//! previous catalogue stays on sale.
//!
//! How one listing is stored (and why it may not be sold) is in `listing.rs`; tidying provider
//! text to fit Telegram in `text.rs`; finding services by a customer's words in `search/`.

mod listing;
mod search;
mod text;

use std::collections::HashSet;
use std::time::Duration;

use crate::db::Db;
use crate::db::catalogue::UpsertCounts;
use crate::error::{Error, Result};
use crate::pricing::{self, Pricing};
use crate::providers::{ProviderHandle, Providers};
use listing::to_upsert;

pub use listing::{CATEGORY_UNITS, DESCRIPTION_UNITS, SERVICE_NAME_UNITS};
pub use search::{rank, search};
pub use text::{SERVICE_LABEL_UNITS, service_label, shorten};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub provider: String,
    /// Services now on sale from this provider.
    pub on_sale: u32,
    /// Services listed but not sold, each with its reason in the database and the log.
    pub hidden: u32,
    pub counts: UpsertCounts,
}

/// Syncs one provider and re-prices its services. An error leaves its catalogue as it was.
pub async fn sync_provider(db: &Db, provider: &ProviderHandle, pricing: &Pricing) -> Result<SyncReport> {
    let listings = provider.api.services().await?;
    if listings.is_empty() {
        return Err(Error::Setup(format!(
            "provider {} listed no services; keeping the catalogue as it was",
            provider.name
        )));
    }
    // The account currency applies to listings that do not name their own.
    let account_currency = match &provider.config.currency {
        Some(currency) => Some(currency.code().to_string()),
        None if listings.iter().any(|l| l.currency.is_none()) => match provider.api.balance().await {
            Ok(balance) => balance.currency,
            Err(e) => {
                tracing::warn!(provider = %provider.name, error = %e, "balance unavailable: account currency unknown");
                None
            }
        },
        None => None,
    };

    let mut seen = HashSet::new();
    let mut upserts = Vec::with_capacity(listings.len());
    for listing in &listings {
        if !seen.insert(listing.id.as_str()) {
            tracing::warn!(provider = %provider.name, service = %listing.id, "duplicate service id: keeping the first");
            continue;
        }
        upserts.push(to_upsert(&provider.name, listing, account_currency.as_deref()));
    }
    let counts = db.upsert_catalogue(&provider.name, &upserts).await?;
    let priced = pricing::reprice_provider(db, pricing, &provider.name).await?;
    let report = SyncReport {
        provider: provider.name.clone(),
        on_sale: priced.on_sale,
        hidden: priced.hidden,
        counts,
    };
    tracing::info!(?report, "catalogue synced");
    Ok(report)
}

/// Syncs every provider, each on its own: one failing provider does not stop the others.
pub async fn sync_all(
    db: &Db,
    providers: &Providers,
    pricing: &Pricing,
) -> Vec<(String, Result<SyncReport>)> {
    let mut results = Vec::new();
    for provider in providers.iter() {
        let result = sync_provider(db, provider, pricing).await;
        if let Err(e) = &result {
            tracing::error!(provider = %provider.name, error = %e, "catalogue sync failed; previous catalogue kept");
        }
        results.push((provider.name.clone(), result));
    }
    results
}

/// Re-syncs every `interval` until the task is dropped.
pub async fn sync_periodically(db: Db, providers: Providers, pricing: Pricing, interval: Duration) {
    let mut ticker = tokio::time::interval(interval);
    ticker.tick().await; // the first tick is immediate; start-up has just synced
    loop {
        ticker.tick().await;
        sync_all(&db, &providers, &pricing).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ProviderConfig, ProviderKind, Secret};
    use crate::db::catalogue::{LinkRule, ServiceSetting};
    use crate::db::testing::temp_db;
    use crate::error::ProviderError;
    use crate::money::Currency;
    use crate::pricing::{Change, change};
    use crate::providers::sandbox::Sandbox;
    use crate::providers::{Balance, Cap, NewOrder, OrderStatus, Provider, ServiceListing};
    use crate::vocabulary::{RateUnit, ServiceKind};
    use rust_decimal::Decimal;
    use std::sync::Arc;

    fn pricing() -> Pricing {
        Pricing {
            shop_currency: Currency::parse("RUB").unwrap(),
            default_markup_percent: Decimal::from(20),
            admins: vec![1],
        }
    }

    pub(super) fn listing(id: &str) -> ServiceListing {
        ServiceListing {
            id: id.into(),
            name: "Telegram subscribers".into(),
            category: Some("Telegram".into()),
            kind: ServiceKind::Default,
            rate: "1.5".parse().unwrap(),
            rate_unit: RateUnit::PerThousand,
            currency: None,
            min: Some(10),
            max: Some(1000),
            refill: Cap::Unknown,
            cancel: Cap::Unknown,
            dripfeed: Cap::Unknown,
            description: None,
            target_bot: None,
        }
    }

    /// How long `text` is in Telegram's count: UTF-16 code units.
    pub(super) fn units(text: &str) -> usize {
        text.encode_utf16().count()
    }

    fn provider(listings: Vec<ServiceListing>) -> ProviderHandle {
        ProviderHandle {
            name: "p".into(),
            config: sandbox_config(),
            api: Arc::new(Listed(listings)),
        }
    }

    async fn stored(db: &Db, id: i64) -> crate::db::catalogue::PricingRow {
        db.pricing_row(id).await.unwrap().unwrap()
    }

    #[tokio::test]
    async fn a_foreign_currency_sells_once_it_has_an_exchange_rate() {
        let (db, _dir) = temp_db().await;
        let usd = ServiceListing {
            currency: Some("USD".into()),
            ..listing("1")
        };
        let report = sync_provider(&db, &provider(vec![usd.clone()]), &pricing())
            .await
            .unwrap();
        assert_eq!((report.on_sale, report.hidden), (0, 1));
        assert!(stored(&db, 1).await.hidden_reason.unwrap().contains("/fx USD"));

        let rate = Change::FxRate {
            currency: Currency::parse("usd").unwrap(),
            rate: Some("90".parse().unwrap()),
        };
        let repriced = change(&db, &pricing(), &rate).await.unwrap().unwrap();
        assert_eq!(repriced.on_sale, 1);
        // 1.5 USD × 90 = 135 RUB; × 1.2 = 162 RUB per 1000, at once and after the next sync.
        assert_eq!(stored(&db, 1).await.price_minor, Some(16_200));
        sync_provider(&db, &provider(vec![usd]), &pricing())
            .await
            .unwrap();
        assert_eq!(stored(&db, 1).await.price_minor, Some(16_200));

        let shop_currency = Change::FxRate {
            currency: Currency::parse("RUB").unwrap(),
            rate: Some(Decimal::ONE),
        };
        assert_eq!(
            change(&db, &pricing(), &shop_currency).await.unwrap(),
            Err(crate::pricing::Refused::ShopCurrency)
        );
    }

    #[tokio::test]
    async fn operator_names_and_prices_survive_the_next_sync() {
        let (db, _dir) = temp_db().await;
        sync_provider(&db, &provider(vec![listing("1")]), &pricing())
            .await
            .unwrap();
        for setting in [
            ServiceSetting::Name("Premium subscribers".into()),
            ServiceSetting::Description("Real-looking accounts".into()),
            ServiceSetting::FixedPrice(Some(250)),
        ] {
            let done = change(&db, &pricing(), &Change::Service { id: 1, setting })
                .await
                .unwrap();
            assert!(done.is_ok());
        }
        let renamed = ServiceListing {
            name: "TG subs v2".into(),
            description: Some("provider text".into()),
            ..listing("1")
        };
        sync_provider(&db, &provider(vec![renamed]), &pricing())
            .await
            .unwrap();
        let service = db.service(1).await.unwrap().unwrap();
        assert_eq!(service.name, "Premium subscribers");
        assert_eq!(service.description.as_deref(), Some("Real-looking accounts"));
        assert_eq!(service.sale_price(), Some(250));
        assert_eq!(stored(&db, 1).await.provider_name, "TG subs v2");

        let unknown = Change::Service {
            id: 99,
            setting: ServiceSetting::Enabled(false),
        };
        assert_eq!(
            change(&db, &pricing(), &unknown).await.unwrap(),
            Err(crate::pricing::Refused::UnknownService)
        );
    }

    #[tokio::test]
    async fn a_sync_that_finds_a_loss_hides_the_service_and_tells_admins_once() {
        let (db, _dir) = temp_db().await;
        sync_provider(&db, &provider(vec![listing("1")]), &pricing())
            .await
            .unwrap();
        let fixed = Change::Service {
            id: 1,
            setting: ServiceSetting::FixedPrice(Some(200)),
        };
        change(&db, &pricing(), &fixed).await.unwrap().unwrap();
        assert_eq!(db.service(1).await.unwrap().unwrap().sale_price(), Some(200));

        // The provider now wants 2.50 per 1000; we sell at 2.00.
        let dearer = ServiceListing {
            rate: "2.5".parse().unwrap(),
            ..listing("1")
        };
        for _ in 0..2 {
            let report = sync_provider(&db, &provider(vec![dearer.clone()]), &pricing())
                .await
                .unwrap();
            assert_eq!((report.on_sale, report.hidden), (0, 1));
        }
        let row = stored(&db, 1).await;
        assert_eq!(row.price_minor, None);
        assert_eq!(
            row.hidden_reason.as_deref(),
            Some("below cost: sells at 2.00 RUB per 1000 but costs 2.50 RUB")
        );
        let alerts: Vec<String> =
            sqlx::query_scalar("SELECT payload FROM notifications WHERE dedupe_key LIKE 'below_cost:1:%'")
                .fetch_all(db.pool())
                .await
                .unwrap();
        assert_eq!(alerts.len(), 1, "one alert per crossing: {alerts:?}");
        assert!(alerts[0].contains(r#""cost_minor":250"#) && alerts[0].contains(r#""price_minor":200"#));

        // Back in profit, then below again: a new crossing, a new alert.
        sync_provider(&db, &provider(vec![listing("1")]), &pricing())
            .await
            .unwrap();
        assert_eq!(stored(&db, 1).await.loss_since, None);
        assert_eq!(db.service(1).await.unwrap().unwrap().sale_price(), Some(200));
        // Crossings are told apart by their second.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        sync_provider(&db, &provider(vec![dearer]), &pricing())
            .await
            .unwrap();
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE dedupe_key LIKE 'below_cost:1:%'")
                .fetch_one(db.pool())
                .await
                .unwrap();
        assert_eq!(count, 2);
    }

    #[tokio::test]
    async fn a_duplicate_service_id_keeps_the_first_listing() {
        let (db, _dir) = temp_db().await;
        let twice = vec![
            listing("1"),
            ServiceListing {
                name: "Second".into(),
                rate: Decimal::ONE,
                ..listing("1")
            },
        ];
        let handle = ProviderHandle {
            name: "p".into(),
            config: sandbox_config(),
            api: Arc::new(Listed(twice)),
        };
        let report = sync_provider(&db, &handle, &pricing()).await.unwrap();
        assert_eq!((report.on_sale, report.counts.added), (1, 1));
        let stored = search(&db, "telegram", 5).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].name, "Telegram subscribers");
    }

    #[tokio::test]
    async fn an_empty_or_failed_listing_keeps_the_catalogue() {
        let (db, _dir) = temp_db().await;
        let config = sandbox_config();
        let full = ProviderHandle {
            name: "p".into(),
            config: config.clone(),
            api: Arc::new(Listed(vec![listing("1")])),
        };
        sync_provider(&db, &full, &pricing()).await.unwrap();
        let empty = ProviderHandle {
            name: "p".into(),
            config,
            api: Arc::new(Listed(Vec::new())),
        };
        for _ in 0..5 {
            assert!(sync_provider(&db, &empty, &pricing()).await.is_err());
        }
        assert_eq!(search(&db, "telegram", 5).await.unwrap().len(), 1);
    }

    /// A provider that lists what it is given and nothing else.
    struct Listed(Vec<ServiceListing>);

    #[async_trait::async_trait]
    impl Provider for Listed {
        async fn services(&self) -> Result<Vec<ServiceListing>, ProviderError> {
            Ok(self.0.clone())
        }
        async fn create_order(&self, _: &NewOrder) -> Result<String, ProviderError> {
            unreachable!("catalogue tests place no orders")
        }
        async fn statuses(
            &self,
            _: &[String],
        ) -> Result<std::collections::HashMap<String, Result<OrderStatus, ProviderError>>, ProviderError>
        {
            unreachable!("catalogue tests ask no statuses")
        }
        async fn balance(&self) -> Result<Balance, ProviderError> {
            unreachable!("the account currency is configured")
        }
    }

    fn sandbox_config() -> ProviderConfig {
        ProviderConfig {
            name: "sandbox".into(),
            kind: ProviderKind::Sandbox,
            url: None,
            key: Secret::new(""),
            rps: None,
            timeout: Duration::from_secs(5),
            currency: Some(Currency::parse("RUB").unwrap()),
            rate_unit: RateUnit::PerThousand,
            default_min: 1,
            default_max: 1000,
            user_agent: None,
        }
    }

    #[tokio::test]
    async fn the_sandbox_catalogue_goes_on_sale_and_odd_answers_keep_it() {
        let (db, _dir) = temp_db().await;
        let handle = ProviderHandle {
            name: "sandbox".into(),
            config: sandbox_config(),
            api: Arc::new(Sandbox::new()),
        };
        let report = sync_provider(&db, &handle, &pricing()).await.unwrap();
        assert_eq!(report.on_sale, 4);
        assert_eq!(report.counts.added, 4);
        let (categories, total) = db.categories_page(0, 10).await.unwrap();
        assert_eq!(total, 2);
        let referral = search(&db, "notpixel", 5).await.unwrap();
        assert_eq!(referral.len(), 1);
        assert_eq!(referral[0].link_rule(), LinkRule::Referral);
        assert_eq!(referral[0].unit_items, 1);
        assert_eq!(referral[0].sale_price(), Some(960)); // 8.00 × 1.2 per referral
        let (services, _) = db.services_page(categories[0].id, 0, 10).await.unwrap();
        assert!(!services.is_empty());
        // The catalogue kept in memory lists what the database has on sale, in its order.
        let on_sale = "s.enabled = 1 AND s.hidden_reason IS NULL AND s.price_minor IS NOT NULL";
        let by_sql: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT c.id, c.name FROM categories c JOIN services s ON s.category_id = c.id
             WHERE {on_sale} GROUP BY c.id ORDER BY c.name COLLATE NOCASE, c.id"
        )))
        .fetch_all(db.pool())
        .await
        .unwrap();
        let listed: Vec<(i64, String)> = categories.iter().map(|c| (c.id, c.name.clone())).collect();
        assert_eq!(listed, by_sql);
        for category in &categories {
            let by_sql: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT s.id FROM services s WHERE s.category_id = ? AND {on_sale}
                 ORDER BY s.price_minor * 1000 / s.unit_items, s.id"
            )))
            .bind(category.id)
            .fetch_all(db.pool())
            .await
            .unwrap();
            let (services, total) = db.services_page(category.id, 0, 10).await.unwrap();
            assert_eq!(services.iter().map(|s| s.id).collect::<Vec<_>>(), by_sql);
            assert_eq!(
                (total, category.services),
                (by_sql.len() as i64, by_sql.len() as i64)
            );
        }

        // A service missing from the next syncs stays on sale until it has been missing a few times.
        let one_missing = vec![to_upsert("sandbox", &listing("2"), Some("RUB"))];
        for round in 1..=crate::db::catalogue::DELIST_AFTER_MISSING_SYNCS {
            let counts = db.upsert_catalogue("sandbox", &one_missing).await.unwrap();
            let still_on_sale = search(&db, "channel", 5).await.unwrap().len();
            if round < crate::db::catalogue::DELIST_AFTER_MISSING_SYNCS {
                assert_eq!(still_on_sale, 1, "round {round}");
            } else {
                assert_eq!(still_on_sale, 0);
                assert_eq!(counts.delisted, 3);
            }
        }
    }
}
