//! Typed configuration, loaded once from the environment (and `.env` when present).
//!
//! Every bad value stops start-up with one line naming the variable and what is wrong.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use rust_decimal::Decimal;
use url::Url;

use crate::i18n::Lang;
use crate::money::Currency;
use crate::vocabulary::RateUnit;

/// A value that must never reach a log: `Debug` and `Display` print a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[secret]")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration error: {var} {problem}")]
pub struct ConfigError {
    pub var: String,
    pub problem: String,
}

impl ConfigError {
    fn new(var: &str, problem: impl Into<String>) -> Self {
        Self {
            var: var.to_string(),
            problem: problem.into(),
        }
    }
}

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
    /// and its documentation prices in roubles.
    fn default_currency(self) -> Option<Currency> {
        match self {
            Self::BratanrefV1 => Currency::parse("RUB").ok(),
            _ => None,
        }
    }
}

/// Webhook mode, from `WEBHOOK_*`: Telegram pushes updates to `url`, which a reverse proxy
/// forwards to `listen`. Without it the bot long-polls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookConfig {
    /// The public https address given to Telegram; its path is the one served on `listen`.
    pub url: Url,
    pub listen: SocketAddr,
    /// Sent by Telegram with every update and checked on every request; when unset a random
    /// one is made at each start (Telegram is told it with the webhook).
    pub secret: Option<Secret>,
}

/// How log lines are written: for people (the default) or for a log pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `LOG_FORMAT` (`text` or `json`), read before anything else so that the first log line
    /// has the right shape; `.env` counts.
    pub fn from_env() -> Result<Self, ConfigError> {
        load_dotenv()?;
        match std::env::var("LOG_FORMAT").ok().as_deref().map(str::trim) {
            None | Some("" | "text") => Ok(Self::Text),
            Some("json") => Ok(Self::Json),
            Some(other) => Err(ConfigError::new(
                "LOG_FORMAT",
                format!("is {other:?}; use text or json"),
            )),
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

#[derive(Debug, Clone)]
pub struct Config {
    /// `None` only for commands that do not talk to Telegram.
    pub bot_token: Option<Secret>,
    pub telegram_api_url: Url,
    pub database_url: String,
    pub admin_ids: Vec<u64>,
    pub shop_currency: Currency,
    pub default_markup_percent: Decimal,
    pub default_language: Lang,
    pub providers: Vec<ProviderConfig>,
    /// True when no provider was configured and the built-in sandbox stands in.
    pub sandbox_only: bool,
    pub catalogue_sync_interval: Duration,
    /// The status poller's round: fresh orders are checked every round, older ones less often.
    pub poll_interval: Duration,
    /// Shop currency credited per Telegram Star; `None` turns Stars top-ups off.
    pub stars_rate: Option<Decimal>,
    /// Provider name → the balance (in its currency) under which admins are alerted, from
    /// `PROVIDER_<NAME>_LOW_BALANCE`. Kept here rather than in `ProviderConfig` so adapters and
    /// their tests need not know about it.
    pub low_balance: HashMap<String, Decimal>,
    /// `None`: long polling.
    pub webhook: Option<WebhookConfig>,
    /// Where `/healthz` and `/metrics` are served; `None` serves nothing.
    pub metrics_listen: Option<SocketAddr>,
}

const DEFAULT_TIMEOUT_SECS: u64 = 20;
const DEFAULT_MIN: u64 = 1;
const DEFAULT_MAX: u64 = 1000;
/// Behind a reverse proxy on the same machine, which is how a webhook is usually served.
const DEFAULT_WEBHOOK_LISTEN: &str = "127.0.0.1:8080";
/// What Telegram accepts as a webhook secret token.
const MAX_WEBHOOK_SECRET_LEN: usize = 256;

/// Loads `.env` from the working directory when there is one; the process environment wins.
fn load_dotenv() -> Result<(), ConfigError> {
    match dotenvy::dotenv() {
        Ok(_) => Ok(()),
        Err(e) if e.not_found() => Ok(()),
        // Never the line itself: it may hold a token or a key.
        Err(dotenvy::Error::LineParse(_, position)) => Err(ConfigError::new(
            ".env",
            format!("cannot be parsed (near character {position} of a line); check its quotes"),
        )),
        Err(e) => Err(ConfigError::new(".env", format!("cannot be read: {e}"))),
    }
}

impl Config {
    /// Reads the process environment, after loading `.env` if there is one.
    pub fn from_env() -> Result<Self, ConfigError> {
        load_dotenv()?;
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds the configuration from any variable source, so tests need not touch the process
    /// environment. Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());

        let telegram_api_url = match get("TELEGRAM_API_URL") {
            Some(raw) => parse_url("TELEGRAM_API_URL", &raw)?,
            None => Url::parse("https://api.telegram.org").expect("constant URL"),
        };
        let admin_ids = match get("ADMIN_IDS") {
            Some(raw) => raw
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|id| {
                    id.parse::<u64>().map_err(|_| {
                        ConfigError::new(
                            "ADMIN_IDS",
                            format!("has {id:?}, which is not a Telegram user id"),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        let shop_currency = Currency::parse(get("SHOP_CURRENCY").as_deref().unwrap_or("RUB"))
            .map_err(|problem| ConfigError::new("SHOP_CURRENCY", problem))?;
        let default_markup_percent = match get("DEFAULT_MARKUP_PERCENT") {
            Some(raw) => parse_markup("DEFAULT_MARKUP_PERCENT", &raw)?,
            None => Decimal::from(30),
        };
        let default_language = match get("DEFAULT_LANGUAGE") {
            Some(raw) => Lang::from_code(&raw).ok_or_else(|| {
                ConfigError::new(
                    "DEFAULT_LANGUAGE",
                    format!("is {raw:?}; supported: {}", Lang::supported_codes()),
                )
            })?,
            None => Lang::En,
        };
        let poll_interval = Duration::from_secs(match get("POLL_INTERVAL_SECS") {
            Some(raw) => parse_positive("POLL_INTERVAL_SECS", &raw)?,
            None => 20,
        });
        let stars_rate = match get("STARS_RATE") {
            Some(raw) => Some(parse_stars_rate(&raw)?),
            None => None,
        };
        let catalogue_sync_interval = match get("CATALOGUE_SYNC_MINUTES") {
            Some(raw) => Duration::from_secs(60 * parse_positive("CATALOGUE_SYNC_MINUTES", &raw)?),
            None => Duration::from_secs(3600),
        };

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
                providers.push(provider_config(&name, &get)?);
                let low_var = format!("PROVIDER_{}_LOW_BALANCE", name.to_ascii_uppercase());
                if let Some(raw) = get(&low_var) {
                    low_balance.insert(name, parse_low_balance(&low_var, &raw)?);
                }
            }
        }
        let sandbox_only = providers.is_empty();
        if sandbox_only {
            providers.push(ProviderConfig {
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
            });
        }

        Ok(Self {
            bot_token: get("BOT_TOKEN").map(Secret::new),
            telegram_api_url,
            database_url: get("DATABASE_URL").unwrap_or_else(|| "sqlite://smmbot.db".into()),
            admin_ids,
            shop_currency,
            default_markup_percent,
            default_language,
            providers,
            sandbox_only,
            catalogue_sync_interval,
            poll_interval,
            stars_rate,
            low_balance,
            webhook: webhook_config(&get)?,
            metrics_listen: match get("METRICS_LISTEN") {
                Some(raw) => Some(parse_socket_addr("METRICS_LISTEN", &raw)?),
                None => None,
            },
        })
    }

    /// The bot token, required by every command that talks to Telegram.
    pub fn require_bot_token(&self) -> Result<&Secret, ConfigError> {
        self.bot_token
            .as_ref()
            .ok_or_else(|| ConfigError::new("BOT_TOKEN", "is not set; get one from @BotFather"))
    }

    pub fn is_admin(&self, user_id: u64) -> bool {
        self.admin_ids.contains(&user_id)
    }
}

fn provider_config(name: &str, get: &impl Fn(&str) -> Option<String>) -> Result<ProviderConfig, ConfigError> {
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
        currency: currency.or_else(|| kind.default_currency()),
        rate_unit,
        default_min,
        default_max,
        user_agent: get(&var("USER_AGENT")).map(|ua| ua.trim().to_string()),
    })
}

fn webhook_config(get: &impl Fn(&str) -> Option<String>) -> Result<Option<WebhookConfig>, ConfigError> {
    let Some(raw_url) = get("WEBHOOK_URL") else {
        // Settings for a webhook that is not on are a mistake worth stopping for.
        for var in ["WEBHOOK_LISTEN", "WEBHOOK_SECRET"] {
            if get(var).is_some() {
                return Err(ConfigError::new(
                    var,
                    "is set but WEBHOOK_URL is not; set both, or neither for long polling",
                ));
            }
        }
        return Ok(None);
    };
    let url = parse_url("WEBHOOK_URL", &raw_url)?;
    // The path becomes a route on our server, where `:` and `*` start parameters.
    if url
        .path_segments()
        .into_iter()
        .flatten()
        .any(|s| s.starts_with([':', '*', '{']))
    {
        return Err(ConfigError::new(
            "WEBHOOK_URL",
            "has a path segment starting with ':', '*' or '{'; use plain words",
        ));
    }
    if url.scheme() != "https" && !is_loopback(&url) {
        return Err(ConfigError::new(
            "WEBHOOK_URL",
            "must use https: Telegram delivers webhooks over TLS only",
        ));
    }
    let listen = parse_socket_addr(
        "WEBHOOK_LISTEN",
        get("WEBHOOK_LISTEN").as_deref().unwrap_or(DEFAULT_WEBHOOK_LISTEN),
    )?;
    let secret = match get("WEBHOOK_SECRET") {
        Some(raw) => {
            let secret = raw.trim();
            let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
            if secret.len() > MAX_WEBHOOK_SECRET_LEN || !secret.chars().all(allowed) {
                return Err(ConfigError::new(
                    "WEBHOOK_SECRET",
                    format!("must be 1 to {MAX_WEBHOOK_SECRET_LEN} of A-Z, a-z, 0-9, _ and -"),
                ));
            }
            Some(Secret::new(secret))
        }
        None => None,
    };
    Ok(Some(WebhookConfig { url, listen, secret }))
}

fn parse_socket_addr(var: &str, raw: &str) -> Result<SocketAddr, ConfigError> {
    raw.trim().parse().map_err(|_| {
        ConfigError::new(
            var,
            format!("is {raw:?}; expected an address and port such as 127.0.0.1:9100"),
        )
    })
}

/// Plain http to this machine never crosses a network, so it needs no opt-in.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn parse_url(var: &str, raw: &str) -> Result<Url, ConfigError> {
    let url =
        Url::parse(raw.trim()).map_err(|e| ConfigError::new(var, format!("is not a valid URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ConfigError::new(var, "must start with http:// or https://"));
    }
    Ok(url)
}

fn parse_positive(var: &str, raw: &str) -> Result<u64, ConfigError> {
    match raw.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ConfigError::new(
            var,
            format!("is {raw:?}; expected a whole number above 0"),
        )),
    }
}

fn parse_markup(var: &str, raw: &str) -> Result<Decimal, ConfigError> {
    match raw.trim().parse::<Decimal>() {
        Ok(p) if p >= Decimal::ZERO && p <= Decimal::from(10_000) => Ok(p),
        _ => Err(ConfigError::new(
            var,
            format!("is {raw:?}; expected a percentage from 0 to 10000, e.g. 30 or 12.5"),
        )),
    }
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

/// No default: what a star is worth depends on the shop's currency, so top-ups stay off until
/// the operator says.
fn parse_stars_rate(raw: &str) -> Result<Decimal, ConfigError> {
    match raw.trim().parse::<Decimal>() {
        Ok(rate) if rate > Decimal::ZERO => Ok(rate),
        _ => Err(ConfigError::new(
            "STARS_RATE",
            format!("is {raw:?}; expected the shop currency credited per star, above 0, e.g. 1.5"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn only_a_token_runs_on_the_sandbox() {
        let config = load(&[("BOT_TOKEN", "123:abc")]).unwrap();
        assert!(config.sandbox_only);
        assert_eq!(config.providers.len(), 1);
        assert_eq!(config.providers[0].kind, ProviderKind::Sandbox);
        assert_eq!(config.shop_currency.code(), "RUB");
        assert_eq!(config.database_url, "sqlite://smmbot.db");
        assert_eq!(config.default_language, Lang::En);
        assert_eq!(config.stars_rate, None);
    }

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
    fn each_bad_value_names_its_variable() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("ADMIN_IDS", "12,abc")], "ADMIN_IDS"),
            (&[("SHOP_CURRENCY", "rubles!")], "SHOP_CURRENCY"),
            (&[("DEFAULT_MARKUP_PERCENT", "-5")], "DEFAULT_MARKUP_PERCENT"),
            (&[("DEFAULT_LANGUAGE", "xx")], "DEFAULT_LANGUAGE"),
            (&[("TELEGRAM_API_URL", "ftp://x")], "TELEGRAM_API_URL"),
            (&[("STARS_RATE", "0")], "STARS_RATE"),
            (&[("STARS_RATE", "1,5")], "STARS_RATE"),
            (&[("PROVIDERS", "a")], "PROVIDER_A_KIND"),
            (
                &[("PROVIDERS", "a"), ("PROVIDER_A_KIND", "soap")],
                "PROVIDER_A_KIND",
            ),
            (
                &[("PROVIDERS", "a"), ("PROVIDER_A_KIND", "panel_v2")],
                "PROVIDER_A_URL",
            ),
            (
                &[
                    ("PROVIDERS", "a"),
                    ("PROVIDER_A_KIND", "panel_v2"),
                    ("PROVIDER_A_URL", "https://x"),
                ],
                "PROVIDER_A_KEY",
            ),
            (
                &[
                    ("PROVIDERS", "a"),
                    ("PROVIDER_A_KIND", "sandbox"),
                    ("PROVIDER_A_TIMEOUT_SECS", "0"),
                ],
                "PROVIDER_A_TIMEOUT_SECS",
            ),
            (
                &[("PROVIDERS", "a,a"), ("PROVIDER_A_KIND", "sandbox")],
                "PROVIDERS",
            ),
            (&[("WEBHOOK_URL", "http://bot.example/hook")], "WEBHOOK_URL"),
            (&[("WEBHOOK_URL", "https://bot.example/:hook")], "WEBHOOK_URL"),
            (
                &[
                    ("WEBHOOK_URL", "https://bot.example/hook"),
                    ("WEBHOOK_LISTEN", "8080"),
                ],
                "WEBHOOK_LISTEN",
            ),
            (
                &[
                    ("WEBHOOK_URL", "https://bot.example/hook"),
                    ("WEBHOOK_SECRET", "a b"),
                ],
                "WEBHOOK_SECRET",
            ),
            (&[("WEBHOOK_SECRET", "abc")], "WEBHOOK_SECRET"),
            (&[("METRICS_LISTEN", "localhost")], "METRICS_LISTEN"),
            (
                &[
                    ("PROVIDERS", "a"),
                    ("PROVIDER_A_KIND", "sandbox"),
                    ("PROVIDER_A_LOW_BALANCE", "lots"),
                ],
                "PROVIDER_A_LOW_BALANCE",
            ),
        ];
        for (pairs, var) in cases {
            let err = load(pairs).expect_err(var);
            assert_eq!(err.var, *var, "{err}");
        }
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

    #[test]
    fn webhook_and_metrics_are_off_unless_asked_for() {
        let config = load(&[("BOT_TOKEN", "1:a")]).unwrap();
        assert_eq!((config.webhook, config.metrics_listen), (None, None));

        let config = load(&[
            ("WEBHOOK_URL", "https://bot.example/telegram"),
            ("WEBHOOK_SECRET", "s3cret_-X"),
            ("METRICS_LISTEN", "127.0.0.1:9100"),
        ])
        .unwrap();
        let webhook = config.webhook.expect("webhook on");
        assert_eq!(webhook.url.path(), "/telegram");
        assert_eq!(webhook.listen, DEFAULT_WEBHOOK_LISTEN.parse().unwrap());
        assert_eq!(webhook.secret, Some(Secret::new("s3cret_-X")));
        assert_eq!(config.metrics_listen, Some("127.0.0.1:9100".parse().unwrap()));
    }

    #[test]
    fn secrets_do_not_print() {
        let config = load(&[
            ("BOT_TOKEN", "123:very-secret"),
            ("WEBHOOK_URL", "https://bot.example/hook"),
            ("WEBHOOK_SECRET", "hook-secret"),
        ])
        .unwrap();
        let printed = format!("{config:?}");
        assert!(!printed.contains("very-secret") && !printed.contains("hook-secret"));
    }
}
