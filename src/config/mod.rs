//! Typed configuration, loaded once from the environment (and `.env` when present): the shop's
//! own settings here, each provider's in `providers.rs`, the webhook's in `webhook.rs`.
//!
//! Every bad value stops start-up with one line naming the variable and what is wrong.

mod api;
mod channel;
mod cryptopay;
mod currencies;
mod providers;
mod referrals;
mod support;
mod webapp;
mod webhook;

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use rust_decimal::Decimal;
use url::Url;

use crate::i18n::Lang;
use crate::money::Currency;

pub use api::ApiConfig;
pub use channel::RequiredChannel;
pub use cryptopay::{CRYPTOPAY_FIATS, CryptoPayConfig};
pub use providers::{ProviderConfig, ProviderKind};
pub use referrals::ReferralRates;
pub use support::SupportContact;
pub use webapp::WebAppConfig;
pub use webhook::WebhookConfig;

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
    /// Crypto Pay top-ups; `None` when `CRYPTOPAY_TOKEN` is not set.
    pub cryptopay: Option<CryptoPayConfig>,
    /// Where customers can reach the shop besides the bot's own support; `SUPPORT_CONTACT`.
    pub support_contact: Option<SupportContact>,
    /// Referral commissions; `REFERRAL_PERCENT`, `REFERRAL_PERCENT_2`.
    pub referral_rates: ReferralRates,
    /// The channel customers must join first; `REQUIRED_CHANNEL`, off when unset.
    pub required_channel: Option<RequiredChannel>,
    /// The shop's own panel API v2 for resellers; `API_LISTEN`, off when unset.
    pub api: Option<ApiConfig>,
    /// The Mini App; `WEBAPP_URL`, off when unset.
    pub webapp: Option<WebAppConfig>,
}

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
        let shop_currency = currencies::shop_currency(get("SHOP_CURRENCY").as_deref().unwrap_or("RUB"))?;
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

        let (mut providers, low_balance) = providers::named(&get, &shop_currency)?;
        let sandbox_only = providers.is_empty();
        if sandbox_only {
            providers.push(ProviderConfig::sandbox(&shop_currency));
        }
        let cryptopay = cryptopay::from_lookup(&get, &shop_currency)?;

        Ok(Self {
            bot_token: get("BOT_TOKEN").map(Secret::new),
            telegram_api_url,
            database_url: match get("DATABASE_URL") {
                Some(raw) => database_url(&raw)?,
                None => "sqlite://smmbot.db".into(),
            },
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
            webhook: webhook::from_lookup(&get)?,
            metrics_listen: match get("METRICS_LISTEN") {
                Some(raw) => Some(parse_socket_addr("METRICS_LISTEN", &raw)?),
                None => None,
            },
            cryptopay,
            support_contact: support::from_lookup(&get)?,
            referral_rates: referrals::from_lookup(&get)?,
            required_channel: channel::from_lookup(&get)?,
            api: api::from_lookup(&get)?,
            webapp: webapp::from_lookup(&get)?,
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

/// `DATABASE_URL`: SQLite is the only database the shop runs on.
fn database_url(raw: &str) -> Result<String, ConfigError> {
    let raw = raw.trim();
    if raw.starts_with("sqlite:") {
        return Ok(raw.to_string());
    }
    // Only the scheme is echoed: another database's URL may carry a password.
    let this_one = match raw.split_once(':') {
        Some((scheme, _)) if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric()) => {
            format!("; this one is a {scheme}: URL")
        }
        _ => String::new(),
    };
    Err(ConfigError::new(
        "DATABASE_URL",
        format!("must be a SQLite URL such as sqlite:///var/lib/smmbot/shop.db{this_one}"),
    ))
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

    pub(super) fn load(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
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
    fn each_bad_value_names_its_variable() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("ADMIN_IDS", "12,abc")], "ADMIN_IDS"),
            (&[("SHOP_CURRENCY", "rubles!")], "SHOP_CURRENCY"),
            (&[("SHOP_CURRENCY", "RUBLE")], "SHOP_CURRENCY"),
            (&[("DATABASE_URL", "postgres://db/shop")], "DATABASE_URL"),
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
    fn only_sqlite_urls_are_databases() {
        for ok in [
            "sqlite://smmbot.db",
            "sqlite:///var/lib/smmbot/shop.db",
            "sqlite::memory:",
        ] {
            assert_eq!(database_url(ok).as_deref(), Ok(ok));
        }
        let err = database_url("postgres://shop:hunter2@db/shop").unwrap_err();
        assert_eq!(err.var, "DATABASE_URL");
        assert!(err.problem.contains("sqlite:///var/lib/smmbot/shop.db"), "{err}");
        assert!(err.problem.contains("a postgres: URL"), "{err}");
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(database_url("/var/lib/smmbot/shop.db").is_err());
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
