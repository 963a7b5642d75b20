//! Crypto Pay (@CryptoBot) top-ups, from `CRYPTOPAY_*`: the app's token, where its API is, which
//! coins a customer may pay with, and how long an invoice stays payable.

use std::time::Duration;

use url::Url;

use super::{ConfigError, Secret, is_loopback, parse_url};
use crate::money::Currency;

/// Crypto Pay top-ups. Invoices are made in the shop currency (`currency_type=fiat`), so the
/// shop currency must be one Crypto Pay invoices in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CryptoPayConfig {
    /// The app's API token from @CryptoBot (`/pay`); also the key of the webhook signatures.
    pub token: Secret,
    /// Ends with `/`: method names are joined onto it.
    pub api_url: Url,
    /// What a customer may pay with, e.g. `USDT`, `TON`, `BTC`.
    pub assets: Vec<String>,
    /// How long an invoice can be paid.
    pub invoice_lifetime: Duration,
}

/// The fiat currencies Crypto Pay invoices in (Toman is not one of them).
pub const CRYPTOPAY_FIATS: &[&str] = &[
    "USD", "EUR", "RUB", "BYN", "UAH", "GBP", "CNY", "KZT", "UZS", "GEL", "TRY", "AMD", "THB", "INR", "BRL",
    "IDR", "AZN", "AED", "PLN", "ILS",
];

const DEFAULT_API_URL: &str = "https://pay.crypt.bot/api/";
const DEFAULT_ASSETS: &str = "USDT,TON,BTC";
const DEFAULT_INVOICE_MINUTES: u64 = 60;
/// Long enough to pay from a phone; short enough that rates do not drift far (a day at most).
const INVOICE_MINUTES: std::ops::RangeInclusive<u64> = 5..=1440;

/// `None` when `CRYPTOPAY_TOKEN` is not set: no crypto top-ups.
pub(super) fn from_lookup(
    get: &impl Fn(&str) -> Option<String>,
    shop_currency: &Currency,
) -> Result<Option<CryptoPayConfig>, ConfigError> {
    let Some(token) = get("CRYPTOPAY_TOKEN") else {
        for var in [
            "CRYPTOPAY_API_URL",
            "CRYPTOPAY_ASSETS",
            "CRYPTOPAY_INVOICE_MINUTES",
        ] {
            if get(var).is_some() {
                return Err(ConfigError::new(
                    var,
                    "is set but CRYPTOPAY_TOKEN is not; set the token too, or neither",
                ));
            }
        }
        return Ok(None);
    };
    let token = token.trim();
    if token.len() > 256 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        // Never the value itself: it is a secret.
        return Err(ConfigError::new(
            "CRYPTOPAY_TOKEN",
            "is not a Crypto Pay API token (printable characters without spaces)",
        ));
    }
    if !CRYPTOPAY_FIATS.contains(&shop_currency.code()) {
        return Err(ConfigError::new(
            "CRYPTOPAY_TOKEN",
            format!(
                "is set but SHOP_CURRENCY {} is not a currency Crypto Pay invoices in ({}); \
                 unset CRYPTOPAY_TOKEN or sell in one of them",
                shop_currency.code(),
                CRYPTOPAY_FIATS.join(", ")
            ),
        ));
    }
    let raw_url = get("CRYPTOPAY_API_URL").unwrap_or_else(|| DEFAULT_API_URL.into());
    let mut api_url = parse_url("CRYPTOPAY_API_URL", &raw_url)?;
    if api_url.scheme() != "https" && !is_loopback(&api_url) {
        return Err(ConfigError::new(
            "CRYPTOPAY_API_URL",
            "must use https: the token travels with every request",
        ));
    }
    if !api_url.path().ends_with('/') {
        api_url.set_path(&format!("{}/", api_url.path()));
    }
    let assets = parse_assets(get("CRYPTOPAY_ASSETS").as_deref().unwrap_or(DEFAULT_ASSETS))?;
    let minutes = match get("CRYPTOPAY_INVOICE_MINUTES") {
        Some(raw) => match raw.trim().parse::<u64>() {
            Ok(m) if INVOICE_MINUTES.contains(&m) => m,
            _ => {
                return Err(ConfigError::new(
                    "CRYPTOPAY_INVOICE_MINUTES",
                    format!(
                        "is {raw:?}; expected whole minutes from {} to {}",
                        INVOICE_MINUTES.start(),
                        INVOICE_MINUTES.end()
                    ),
                ));
            }
        },
        None => DEFAULT_INVOICE_MINUTES,
    };
    Ok(Some(CryptoPayConfig {
        token: Secret::new(token),
        api_url,
        assets,
        invoice_lifetime: Duration::from_secs(minutes * 60),
    }))
}

/// Comma-separated asset codes: 2 to 10 of `A-Z 0-9` each, no repeats, at least one.
fn parse_assets(raw: &str) -> Result<Vec<String>, ConfigError> {
    let mut assets: Vec<String> = Vec::new();
    for asset in raw.split(',').map(|a| a.trim().to_ascii_uppercase()) {
        let well_formed = (2..=10).contains(&asset.len())
            && asset
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !well_formed || assets.contains(&asset) {
            return Err(ConfigError::new(
                "CRYPTOPAY_ASSETS",
                format!("is {raw:?}; expected distinct asset codes separated by commas, e.g. USDT,TON,BTC"),
            ));
        }
        assets.push(asset);
    }
    Ok(assets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::load;

    #[test]
    fn crypto_pay_is_off_unless_its_token_is_set() {
        let config = load(&[("BOT_TOKEN", "1:a")]).unwrap();
        assert_eq!(config.cryptopay, None);

        let config = load(&[
            ("SHOP_CURRENCY", "USD"),
            ("CRYPTOPAY_TOKEN", "12345:AAtoken"),
            ("CRYPTOPAY_API_URL", "https://testnet-pay.crypt.bot/api"),
            ("CRYPTOPAY_ASSETS", "usdt, TON"),
            ("CRYPTOPAY_INVOICE_MINUTES", "30"),
        ])
        .unwrap();
        let crypto = config.cryptopay.expect("on");
        assert_eq!(crypto.api_url.as_str(), "https://testnet-pay.crypt.bot/api/");
        assert_eq!(crypto.assets, ["USDT", "TON"]);
        assert_eq!(crypto.invoice_lifetime, Duration::from_secs(1800));
        assert!(!format!("{crypto:?}").contains("AAtoken"));

        let defaults = load(&[("CRYPTOPAY_TOKEN", "t")]).unwrap().cryptopay.unwrap();
        assert_eq!(defaults.api_url.as_str(), DEFAULT_API_URL);
        assert_eq!(defaults.assets, ["USDT", "TON", "BTC"]);
        assert_eq!(defaults.invoice_lifetime, Duration::from_secs(3600));
    }

    #[test]
    fn each_bad_crypto_setting_names_its_variable() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("CRYPTOPAY_ASSETS", "USDT")], "CRYPTOPAY_ASSETS"),
            (&[("CRYPTOPAY_TOKEN", "a b")], "CRYPTOPAY_TOKEN"),
            (
                &[("CRYPTOPAY_TOKEN", "t"), ("SHOP_CURRENCY", "IRT")],
                "CRYPTOPAY_TOKEN",
            ),
            (
                &[
                    ("CRYPTOPAY_TOKEN", "t"),
                    ("CRYPTOPAY_API_URL", "http://pay.example/api/"),
                ],
                "CRYPTOPAY_API_URL",
            ),
            (
                &[("CRYPTOPAY_TOKEN", "t"), ("CRYPTOPAY_ASSETS", "USDT,,TON")],
                "CRYPTOPAY_ASSETS",
            ),
            (
                &[("CRYPTOPAY_TOKEN", "t"), ("CRYPTOPAY_ASSETS", "USDT,usdt")],
                "CRYPTOPAY_ASSETS",
            ),
            (
                &[("CRYPTOPAY_TOKEN", "t"), ("CRYPTOPAY_INVOICE_MINUTES", "2")],
                "CRYPTOPAY_INVOICE_MINUTES",
            ),
            (
                &[("CRYPTOPAY_TOKEN", "t"), ("CRYPTOPAY_INVOICE_MINUTES", "1441")],
                "CRYPTOPAY_INVOICE_MINUTES",
            ),
        ];
        for (pairs, var) in cases {
            let err = load(pairs).expect_err(var);
            assert_eq!(err.var, *var, "{err}");
        }
        let toman = load(&[("CRYPTOPAY_TOKEN", "t"), ("SHOP_CURRENCY", "IRT")]).unwrap_err();
        assert!(toman.problem.contains("SHOP_CURRENCY IRT"), "{toman}");
    }
}
