//! How one provider listing is stored: what the shop keeps of its text, which links it takes,
//! and the reason it cannot be sold, if there is one.

use rust_decimal::Decimal;

use super::text::{one_line, paragraphs, shorten};
use crate::db::catalogue::{LinkRule, ServiceUpsert};
use crate::money::Currency;
use crate::providers::{Cap, ServiceListing};
use crate::vocabulary::ServiceKind;

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

/// Decides how one listing is stored: with the reason it cannot be sold, if there is one.
pub(super) fn to_upsert(
    provider: &str,
    listing: &ServiceListing,
    account_currency: Option<&str>,
) -> ServiceUpsert {
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
    use crate::catalogue::tests::{listing, units};

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
}
