//! One upstream provider's configuration, from `PROVIDER_<NAME>_*` for each name in
//! `PROVIDERS`.

use std::collections::HashMap;
use std::time::Duration;

use rust_decimal::Decimal;
use url::Url;

use super::{ConfigError, Secret, is_loopback, parse_positive, parse_url};
use crate::money::Currency;
use crate::vocabulary::RateUnit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    PanelV2,
    BratanrefV1,
    BratanrefV2,
    Btj,
    Sandbox,
}

const KINDS: &str = "panel_v2, bratanref_v1, bratanref_v2, btj or sandbox";

impl ProviderKind {
    fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "panel_v2" => Some(Self::PanelV2),
            "bratanref_v1" => Some(Self::BratanrefV1),
            "bratanref_v2" => Some(Self::BratanrefV2),
            "btj" => Some(Self::Btj),
            "sandbox" => Some(Self::Sandbox),
            _ => None,
        }
    }

    /// BratanREF prices one referral; panels price a thousand items.
    fn default_rate_unit(self) -> RateUnit {
        match self {
            Self::BratanrefV1 | Self::BratanrefV2 => RateUnit::PerOne,
            _ => RateUnit::PerThousand,
        }
    }

    /// The account currency when the API does not say it: BratanREF's v1 answers carry none,
    /// and its documentation prices in roubles; the sandbox's made-up prices are in whatever the
    /// shop sells in (without a currency all its services would be hidden).
    fn default_currency(self, shop_currency: &Currency) -> Option<Currency> {
        match self {
            Self::BratanrefV1 => Currency::parse("RUB").ok(),
            Self::Sandbox => Some(shop_currency.clone()),
            _ => None,
        }
    }
}

/// One upstream provider, from `PROVIDER_<NAME>_*`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderConfig {
    /// The name used in `PROVIDERS`, lowercase.
    pub name: String,
    pub kind: ProviderKind,
    pub url: Option<Url>,
    pub key: Secret,
    /// Requests per second allowed towards this provider.
    pub rps: Option<u32>,
    pub timeout: Duration,
    /// The account currency, when the provider's answers do not say it.
    pub currency: Option<Currency>,
    pub rate_unit: RateUnit,
    /// Limits for services whose listing has none (BratanREF v1).
    pub default_min: u64,
    pub default_max: u64,
    /// Sent as the User-Agent; some providers sit behind firewalls that want a browser's.
    pub user_agent: Option<String>,
}

const DEFAULT_TIMEOUT_SECS: u64 = 20;
const DEFAULT_MIN: u64 = 1;
const DEFAULT_MAX: u64 = 1000;
/// Behind a reverse proxy on the same machine, which is how a webhook is usually served.
impl ProviderConfig {
    /// The built-in sandbox, which stands in when no provider is configured.
    pub(super) fn sandbox(shop_currency: &Currency) -> Self {
        Self {
            name: "sandbox".into(),
            kind: ProviderKind::Sandbox,
            url: None,
            key: Secret::new(""),
            rps: None,
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECS),
            currency: Some(shop_currency.clone()),
            rate_unit: RateUnit::PerThousand,
            default_min: DEFAULT_MIN,
            default_max: DEFAULT_MAX,
            user_agent: None,
        }
    }
}

/// The providers `PROVIDERS` names, in its order, and the balance under which admins are alerted
/// for each one that sets `PROVIDER_<NAME>_LOW_BALANCE`.
pub(super) fn named(
    get: &impl Fn(&str) -> Option<String>,
    shop_currency: &Currency,
) -> Result<(Vec<ProviderConfig>, HashMap<String, Decimal>), ConfigError> {
    let mut providers = Vec::new();
    let mut low_balance = HashMap::new();
    if let Some(list) = get("PROVIDERS") {
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let name = name.to_ascii_lowercase();
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(ConfigError::new(
                    "PROVIDERS",
                    format!("has {name:?}; names may use only letters, digits and _"),
                ));
            }
            if providers.iter().any(|p: &ProviderConfig| p.name == name) {
                return Err(ConfigError::new("PROVIDERS", format!("names {name:?} twice")));
            }
            providers.push(provider_config(&name, &get, shop_currency)?);
            let low_var = format!("PROVIDER_{}_LOW_BALANCE", name.to_ascii_uppercase());
            if let Some(raw) = get(&low_var) {
                low_balance.insert(name, parse_low_balance(&low_var, &raw)?);
            }
        }
    }
    Ok((providers, low_balance))
}

fn provider_config(
    name: &str,
    get: &impl Fn(&str) -> Option<String>,
    shop_currency: &Currency,
) -> Result<ProviderConfig, ConfigError> {
    let var = |suffix: &str| format!("PROVIDER_{}_{suffix}", name.to_ascii_uppercase());

    let kind_var = var("KIND");
    let kind_raw =
        get(&kind_var).ok_or_else(|| ConfigError::new(&kind_var, format!("is not set; use {KINDS}")))?;
    let kind = ProviderKind::parse(&kind_raw)
        .ok_or_else(|| ConfigError::new(&kind_var, format!("is {kind_raw:?}; use {KINDS}")))?;

    let url_var = var("URL");
    let url = match get(&url_var) {
        Some(raw) => Some(parse_url(&url_var, &raw)?),
        None => None,
    };
    let key_var = var("KEY");
    let key = get(&key_var).map(Secret::new);
    if kind != ProviderKind::Sandbox {
        if url.is_none() {
            return Err(ConfigError::new(
                &url_var,
                "is not set; give the provider's API address",
            ));
        }
        if key.is_none() {
            return Err(ConfigError::new(
                &key_var,
                "is not set; give the provider's API key",
            ));
        }
    }

    let rps_var = var("RPS");
    let rps = match get(&rps_var) {
        Some(raw) => Some(
            u32::try_from(parse_positive(&rps_var, &raw)?)
                .map_err(|_| ConfigError::new(&rps_var, "is too large"))?,
        ),
        None => None,
    };
    let timeout_var = var("TIMEOUT_SECS");
    let timeout = Duration::from_secs(match get(&timeout_var) {
        Some(raw) => parse_positive(&timeout_var, &raw)?,
        None => DEFAULT_TIMEOUT_SECS,
    });
    let currency_var = var("CURRENCY");
    let currency = match get(&currency_var) {
        Some(raw) => Some(Currency::parse(&raw).map_err(|problem| ConfigError::new(&currency_var, problem))?),
        None => None,
    };
    let allow_http_var = var("ALLOW_HTTP");
    let allow_http = match get(&allow_http_var).as_deref().map(str::trim) {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(ConfigError::new(
                &allow_http_var,
                format!("is {other:?}; use true or false"),
            ));
        }
    };
    if let Some(url) = &url
        && url.scheme() == "http"
        && !allow_http
        && !is_loopback(url)
    {
        return Err(ConfigError::new(
            &url_var,
            format!(
                "uses plain http, so the API key would travel unencrypted; use https, or set {allow_http_var}=true to accept that"
            ),
        ));
    }
    let unit_var = var("RATE_UNIT");
    let rate_unit = match get(&unit_var).as_deref().map(str::trim) {
        None => kind.default_rate_unit(),
        Some("per_1000") => RateUnit::PerThousand,
        Some("per_1") => RateUnit::PerOne,
        Some(other) => {
            return Err(ConfigError::new(
                &unit_var,
                format!("is {other:?}; use per_1000 or per_1"),
            ));
        }
    };

    let min_var = var("DEFAULT_MIN");
    let default_min = match get(&min_var) {
        Some(raw) => parse_positive(&min_var, &raw)?,
        None => DEFAULT_MIN,
    };
    let max_var = var("DEFAULT_MAX");
    let default_max = match get(&max_var) {
        Some(raw) => parse_positive(&max_var, &raw)?,
        None => DEFAULT_MAX.max(default_min),
    };
    if default_max < default_min {
        return Err(ConfigError::new(
            &max_var,
            format!("is below {min_var} ({default_min})"),
        ));
    }

    Ok(ProviderConfig {
        name: name.to_string(),
        kind,
        url,
        key: key.unwrap_or_else(|| Secret::new("")),
        rps,
        timeout,
        currency: currency.or_else(|| kind.default_currency(shop_currency)),
        rate_unit,
        default_min,
        default_max,
        user_agent: get(&var("USER_AGENT")).map(|ua| ua.trim().to_string()),
    })
}

fn parse_low_balance(var: &str, raw: &str) -> Result<Decimal, ConfigError> {
    match crate::money::parse_decimal(raw) {
        Some(level) if level > Decimal::ZERO => Ok(level),
        _ => Err(ConfigError::new(
            var,
            format!("is {raw:?}; expected a balance in the provider's currency, above 0, e.g. 500"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::load;

    #[test]
    fn a_panel_provider_is_read_from_its_variables() {
        let config = load(&[
            ("PROVIDERS", "TmSmm"),
            ("PROVIDER_TMSMM_KIND", "panel_v2"),
            ("PROVIDER_TMSMM_URL", "https://tmsmm.example/api/v2"),
            ("PROVIDER_TMSMM_KEY", "k"),
            ("PROVIDER_TMSMM_RPS", "5"),
            ("PROVIDER_TMSMM_RATE_UNIT", "per_1"),
            ("PROVIDER_TMSMM_LOW_BALANCE", "250.5"),
            ("ADMIN_IDS", "1, 2"),
            ("STARS_RATE", "1.5"),
        ])
        .unwrap();
        assert!(!config.sandbox_only);
        let p = &config.providers[0];
        assert_eq!(p.name, "tmsmm");
        assert_eq!(p.rps, Some(5));
        assert_eq!(p.rate_unit, RateUnit::PerOne);
        assert_eq!(config.admin_ids, vec![1, 2]);
        assert_eq!(config.low_balance.get("tmsmm"), Some(&Decimal::new(2505, 1)));
        assert_eq!(config.stars_rate, Some(Decimal::new(15, 1)));
    }

    #[test]
    fn a_sandbox_named_in_providers_prices_in_the_shop_currency() {
        let sandbox = |currency: Option<&'static str>| {
            let mut pairs = vec![
                ("PROVIDERS", "demo"),
                ("PROVIDER_DEMO_KIND", "sandbox"),
                ("SHOP_CURRENCY", "UZS"),
            ];
            pairs.extend(currency.map(|c| ("PROVIDER_DEMO_CURRENCY", c)));
            let config = load(&pairs).unwrap();
            assert!(!config.sandbox_only);
            config.providers[0].currency.clone().map(|c| c.code().to_string())
        };
        assert_eq!(sandbox(None).as_deref(), Some("UZS"));
        assert_eq!(sandbox(Some("USD")).as_deref(), Some("USD"));
    }

    #[test]
    fn plain_http_needs_an_opt_in_except_on_this_machine() {
        let btj = |url: &str, allow: Option<&str>| {
            let mut pairs = vec![
                ("PROVIDERS", "btj"),
                ("PROVIDER_BTJ_KIND", "btj"),
                ("PROVIDER_BTJ_URL", url),
                ("PROVIDER_BTJ_KEY", "k"),
            ];
            pairs.extend(allow.map(|a| ("PROVIDER_BTJ_ALLOW_HTTP", a)));
            load(&pairs)
        };
        assert!(btj("http://btj-system.xyz/api/", None).is_err());
        assert!(btj("http://btj-system.xyz/api/", Some("true")).is_ok());
        assert!(btj("http://127.0.0.1:8080/api/", None).is_ok());
        assert!(btj("https://btj-system.xyz/api/", None).is_ok());
    }

    #[test]
    fn bratanref_prices_per_referral_in_roubles_by_default() {
        let config = load(&[
            ("PROVIDERS", "bratan"),
            ("PROVIDER_BRATAN_KIND", "bratanref_v1"),
            ("PROVIDER_BRATAN_URL", "https://api.tgcryptoref.com"),
            ("PROVIDER_BRATAN_KEY", "k"),
            ("PROVIDER_BRATAN_DEFAULT_MAX", "5000"),
        ])
        .unwrap();
        let p = &config.providers[0];
        assert_eq!(p.rate_unit, RateUnit::PerOne);
        assert_eq!(p.currency.as_ref().map(Currency::code), Some("RUB"));
        assert_eq!((p.default_min, p.default_max), (1, 5000));
    }
}
