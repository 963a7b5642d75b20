//! Catalogue sync: turns each provider's service list into what the shop sells. The listing
//! decides what can be sold at all; `pricing` then decides each service's price.
//!
//! A broken or empty answer never wipes or reprices the catalogue: the sync is skipped and the
//! previous catalogue stays on sale.

use std::borrow::Cow;
use std::collections::HashSet;
use std::time::Duration;

use rust_decimal::Decimal;

use crate::db::Db;
use crate::db::catalogue::{LinkRule, ServiceUpsert, UpsertCounts};
use crate::error::{Error, Result};
use crate::money::Currency;
use crate::pricing::{self, Pricing};
use crate::providers::{Cap, ProviderHandle, Providers, ServiceListing};
use crate::vocabulary::ServiceKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub provider: String,
    /// Services now on sale from this provider.
    pub on_sale: u32,
    /// Services listed but not sold, each with its reason in the database and the log.
    pub hidden: u32,
    pub counts: UpsertCounts,
}

/// Service types the order dialogue knows how to ask for. Others (packages, mentions,
/// subscriptions...) need parameters we do not collect, so they are not offered.
const SELLABLE_KINDS: [ServiceKind; 4] = [
    ServiceKind::Default,
    ServiceKind::Referral,
    ServiceKind::CustomComments,
    ServiceKind::Poll,
];

/// Words in a service's name or category that mark it as a Telegram service.
const TELEGRAM_WORDS: &[&str] = &["telegram", "телеграм", "tg ", "тг "];

/// How much of a provider's text the shop keeps, in the units of [`shorten`]. Providers send
/// names and descriptions of any length; these keep the longest service card (name, category,
/// description and the card's own lines, in any language) far under Telegram's 4,096 — about
/// 2,500 at most — and a name readable in a list.
pub const SERVICE_NAME_UNITS: usize = 200;
pub const CATEGORY_UNITS: usize = 100;
pub const DESCRIPTION_UNITS: usize = 2000;
/// A provider's single word: a service type, a currency.
const PROVIDER_WORD_UNITS: usize = 40;

/// `text` cut to at most `max_units` UTF-16 code units, on a character boundary, with "…"
/// marking the cut (trailing spaces before it dropped). UTF-16 code units are what Telegram
/// counts a message's length in (an emoji is two, most letters one), and never fewer than
/// characters, so a limit holds whichever way it is counted. Shorten plain text before escaping
/// it for HTML: the cut can then never split a tag or an entity such as `&amp;`.
pub fn shorten(text: &str, max_units: usize) -> Cow<'_, str> {
    let mut units = 0;
    // The end of the longest start that leaves one unit for the ellipsis.
    let mut keep = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max_units {
            let mut cut = text[..keep].trim_end().to_string();
            cut.push('…');
            return Cow::Owned(cut);
        }
        if units < max_units {
            keep = at + c.len_utf8();
        }
    }
    Cow::Borrowed(text)
}

/// One line of outside text: every run of whitespace and control characters becomes one space.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Outside prose such as a description: its line breaks kept, at most one blank line in a row,
/// and every line [`one_line`].
fn paragraphs(text: &str) -> String {
    let mut kept: Vec<String> = Vec::new();
    for line in text.lines().map(one_line) {
        let blank_again = line.is_empty() && kept.last().is_none_or(String::is_empty);
        if !blank_again {
            kept.push(line);
        }
    }
    while kept.last().is_some_and(String::is_empty) {
        kept.pop();
    }
    kept.join("\n")
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

/// Decides how one listing is stored: with the reason it cannot be sold, if there is one.
fn to_upsert(provider: &str, listing: &ServiceListing, account_currency: Option<&str>) -> ServiceUpsert {
    let currency_text = listing.currency.as_deref().or(account_currency);
    let currency = currency_text.and_then(|c| Currency::parse(c).ok());
    let min = listing.min.unwrap_or(0);
    let max = listing.max.unwrap_or(0);
    let provider_word = |text: &str| shorten(&one_line(text), PROVIDER_WORD_UNITS).into_owned();
    let listing_problem = if !SELLABLE_KINDS.contains(&listing.kind) {
        Some(format!(
            "service type {:?} is not supported yet",
            provider_word(listing.kind.as_str())
        ))
    } else if listing.rate <= Decimal::ZERO {
        Some(format!("rate {} is not a price", listing.rate))
    } else if min == 0 || max < min {
        Some(format!("limits min {min} / max {max} make no sense"))
    } else if currency.is_none() {
        Some(match currency_text {
            Some(text) => format!("currency {:?} is not one we know", provider_word(text)),
            None => "the provider did not say which currency its prices are in".to_string(),
        })
    } else {
        None
    };
    // Provider text is stored tidied and capped: every screen and notice that shows it stays
    // within Telegram's limits, and a hostile listing cannot bloat the database.
    let name = shorten(&one_line(&listing.name), SERVICE_NAME_UNITS).into_owned();
    let category = listing
        .category
        .as_deref()
        .map(|c| shorten(&one_line(c), CATEGORY_UNITS).into_owned())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "Other".to_string());
    let description = listing
        .description
        .as_deref()
        .map(|d| shorten(&paragraphs(d), DESCRIPTION_UNITS).into_owned())
        .filter(|d| !d.is_empty());
    let link_rule = if listing.kind == ServiceKind::Referral {
        LinkRule::Referral
    } else {
        let words = format!("{} {} ", name.to_lowercase(), category.to_lowercase());
        if TELEGRAM_WORDS.iter().any(|w| words.contains(w)) {
            LinkRule::Telegram
        } else {
            LinkRule::AnyUrl
        }
    };
    ServiceUpsert {
        provider: provider.to_string(),
        provider_service_id: listing.id.clone(),
        category,
        name,
        description,
        kind: provider_word(listing.kind.as_str()),
        link_rule,
        target_bot: listing.target_bot.clone(),
        rate: listing.rate.to_string(),
        rate_currency: currency.map(|c| c.code().to_string()),
        unit_items: i64::from(listing.rate_unit.items()),
        min_quantity: i64::try_from(min).unwrap_or(i64::MAX),
        max_quantity: i64::try_from(max).unwrap_or(i64::MAX),
        listing_problem,
        refill: listing.refill == Cap::Yes,
        cancel: listing.cancel == Cap::Yes,
        dripfeed: listing.dripfeed == Cap::Yes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ProviderConfig, ProviderKind, Secret};
    use crate::db::catalogue::ServiceSetting;
    use crate::db::testing::temp_db;
    use crate::error::ProviderError;
    use crate::pricing::{Change, change};
    use crate::providers::sandbox::Sandbox;
    use crate::providers::{Balance, NewOrder, OrderStatus, Provider};
    use crate::vocabulary::RateUnit;
    use std::sync::Arc;

    fn pricing() -> Pricing {
        Pricing {
            shop_currency: Currency::parse("RUB").unwrap(),
            default_markup_percent: Decimal::from(20),
            admins: vec![1],
        }
    }

    fn listing(id: &str) -> ServiceListing {
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

    #[test]
    fn listings_that_cannot_be_sold_say_why() {
        let ok = to_upsert("p", &listing("1"), Some("RUB"));
        assert_eq!(ok.listing_problem, None);
        assert_eq!(ok.link_rule, LinkRule::Telegram);
        // A known foreign currency is a matter of exchange rates, not of the listing.
        let usd = ServiceListing {
            currency: Some("USD".into()),
            ..listing("7")
        };
        assert_eq!(to_upsert("p", &usd, Some("RUB")).listing_problem, None);

        let cases = [
            ServiceListing {
                rate: Decimal::ZERO,
                ..listing("2")
            },
            ServiceListing {
                min: Some(5000),
                ..listing("3")
            },
            ServiceListing {
                min: None,
                ..listing("4")
            },
            ServiceListing {
                kind: ServiceKind::Package,
                ..listing("5")
            },
            ServiceListing {
                kind: ServiceKind::Unknown("Mentions".into()),
                ..listing("6")
            },
            ServiceListing {
                currency: Some("تومان".into()),
                ..listing("9")
            },
        ];
        for case in &cases {
            assert!(
                to_upsert("p", case, Some("RUB")).listing_problem.is_some(),
                "{case:?}"
            );
        }
        assert!(to_upsert("p", &listing("8"), None).listing_problem.is_some());
    }

    fn units(text: &str) -> usize {
        text.encode_utf16().count()
    }

    #[test]
    fn shorten_cuts_on_a_character_and_marks_the_cut() {
        assert_eq!(shorten("", 1), "");
        assert!(matches!(shorten("hello", 5), Cow::Borrowed("hello")));
        assert_eq!(shorten("hello!", 5), "hell…");
        // Spaces before the cut go; an emoji is two units and is never split.
        assert_eq!(shorten("Привет, мир", 9), "Привет,…");
        assert_eq!(shorten("سلام دنیا", 5), "سلام…");
        assert_eq!(shorten("ab😀cd", 4), "ab…");
        assert_eq!(shorten("ab😀cd", 5), "ab😀…");
        assert_eq!(shorten("ab😀cd", 6), "ab😀cd");

        let text = "Ж😀 a<&ی".repeat(3);
        for max_units in 1..=units(&text) + 1 {
            let short = shorten(&text, max_units);
            assert!(units(&short) <= max_units, "{max_units}: {short}");
            let cut = units(&text) > max_units;
            assert_eq!(short.ends_with('…'), cut, "{max_units}: {short}");
            assert!(text.starts_with(short.trim_end_matches('…')), "{short}");
        }
    }

    #[test]
    fn provider_text_is_tidied_and_capped_when_synced() {
        let hostile = ServiceListing {
            name: format!("Telegram\n\tsubscribers\u{0}  {}", "Ж<&😀".repeat(2_500)),
            category: Some(format!("\u{1b}[31m Telegram {}", "کانال ".repeat(1_000))),
            description: Some(format!(
                "Line one\r\n\r\n\r\n\u{7}Line  two <b>&amp;</b>\n{}",
                "سلام😀&<".repeat(12_500)
            )),
            ..listing("1")
        };
        let upsert = to_upsert("p", &hostile, Some("RUB"));
        assert!(
            upsert.name.starts_with("Telegram subscribers Ж<&😀"),
            "{}",
            upsert.name
        );
        assert!(
            upsert.category.starts_with("[31m Telegram کانال"),
            "{}",
            upsert.category
        );
        let description = upsert.description.as_deref().unwrap();
        assert!(description.starts_with("Line one\n\nLine two <b>&amp;</b>\nسلام😀&<"));
        for (text, max_units) in [
            (upsert.name.as_str(), SERVICE_NAME_UNITS),
            (upsert.category.as_str(), CATEGORY_UNITS),
            (description, DESCRIPTION_UNITS),
        ] {
            assert!(units(text) <= max_units && units(text) > max_units - 4, "{text}");
            assert!(text.ends_with('…'));
            assert!(!text.contains(|c: char| c.is_control() && c != '\n'), "{text:?}");
        }
        assert_eq!(upsert.link_rule, LinkRule::Telegram);

        let odd_kind = ServiceListing {
            kind: ServiceKind::Unknown("Mentions ".repeat(1_000)),
            ..listing("2")
        };
        let odd_currency = ServiceListing {
            currency: Some("¤".repeat(1_000)),
            ..listing("2")
        };
        for odd in [odd_kind, odd_currency] {
            let upsert = to_upsert("p", &odd, None);
            assert!(units(&upsert.kind) <= PROVIDER_WORD_UNITS, "{}", upsert.kind);
            let problem = upsert.listing_problem.unwrap();
            assert!(units(&problem) < 100, "{problem}");
        }
        let no_category = ServiceListing {
            category: Some(" \n ".into()),
            description: Some("\r\n\t".into()),
            ..listing("3")
        };
        let upsert = to_upsert("p", &no_category, Some("RUB"));
        assert_eq!((upsert.category.as_str(), upsert.description), ("Other", None));
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
        let stored = db.search_services("telegram", 5).await.unwrap();
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
        assert_eq!(db.search_services("telegram", 5).await.unwrap().len(), 1);
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
        let referral = db.search_services("notpixel", 5).await.unwrap();
        assert_eq!(referral.len(), 1);
        assert_eq!(referral[0].link_rule(), LinkRule::Referral);
        assert_eq!(referral[0].unit_items, 1);
        assert_eq!(referral[0].sale_price(), Some(960)); // 8.00 × 1.2 per referral
        let (services, _) = db.services_page(categories[0].id, 0, 10).await.unwrap();
        assert!(!services.is_empty());

        // A service missing from the next syncs stays on sale until it has been missing a few times.
        let one_missing = vec![to_upsert("sandbox", &listing("2"), Some("RUB"))];
        for round in 1..=crate::db::catalogue::DELIST_AFTER_MISSING_SYNCS {
            let counts = db.upsert_catalogue("sandbox", &one_missing).await.unwrap();
            let still_on_sale = db.search_services("channel", 5).await.unwrap().len();
            if round < crate::db::catalogue::DELIST_AFTER_MISSING_SYNCS {
                assert_eq!(still_on_sale, 1, "round {round}");
            } else {
                assert_eq!(still_on_sale, 0);
                assert_eq!(counts.delisted, 3);
            }
        }
    }
}
