//! The Mini App, from `WEBAPP_*`: the shop as a page inside Telegram, served by the bot on a
//! listener of its own behind the owner's TLS proxy.

use std::net::SocketAddr;
use std::time::Duration;

use url::Url;

use super::{ConfigError, is_loopback, parse_positive, parse_socket_addr, parse_url};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebAppConfig {
    /// The public https address of the page, given to Telegram for the buttons that open it.
    pub url: Url,
    /// Where the bot serves the page and its API; the proxy forwards `url` here.
    pub listen: SocketAddr,
    /// An `initData` signed longer ago than this is refused: a copied one stops working.
    pub max_age: Duration,
}

/// Beside the webhook's default port, behind the same proxy.
const DEFAULT_LISTEN: &str = "127.0.0.1:8081";
/// A day, as a Mini App stays open for a while; the signature cannot be forged meanwhile.
const DEFAULT_MAX_AGE_SECS: u64 = 24 * 60 * 60;

/// `None` when `WEBAPP_URL` is not set: no Mini App.
pub(super) fn from_lookup(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<WebAppConfig>, ConfigError> {
    let Some(raw_url) = get("WEBAPP_URL") else {
        for var in ["WEBAPP_LISTEN", "WEBAPP_MAX_AGE_SECS"] {
            if get(var).is_some() {
                return Err(ConfigError::new(
                    var,
                    "is set but WEBAPP_URL is not; set WEBAPP_URL to turn the Mini App on",
                ));
            }
        }
        return Ok(None);
    };
    let url = parse_url("WEBAPP_URL", &raw_url)?;
    // Telegram opens Mini Apps over https only.
    if url.scheme() != "https" && !is_loopback(&url) {
        return Err(ConfigError::new(
            "WEBAPP_URL",
            "must use https: Telegram opens Mini Apps over TLS only",
        ));
    }
    let listen = parse_socket_addr(
        "WEBAPP_LISTEN",
        &get("WEBAPP_LISTEN").unwrap_or_else(|| DEFAULT_LISTEN.to_string()),
    )?;
    let max_age = match get("WEBAPP_MAX_AGE_SECS") {
        Some(raw) => parse_positive("WEBAPP_MAX_AGE_SECS", &raw)?,
        None => DEFAULT_MAX_AGE_SECS,
    };
    Ok(Some(WebAppConfig {
        url,
        listen,
        max_age: Duration::from_secs(max_age),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<Option<WebAppConfig>, ConfigError> {
        from_lookup(&|name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn an_https_url_turns_the_mini_app_on_with_defaults() {
        let config = read(&[("WEBAPP_URL", "https://shop.example/app")])
            .unwrap()
            .unwrap();
        assert_eq!(config.url.as_str(), "https://shop.example/app");
        assert_eq!(config.listen, "127.0.0.1:8081".parse().unwrap());
        assert_eq!(config.max_age, Duration::from_secs(86_400));
        let config = read(&[
            ("WEBAPP_URL", "https://shop.example/"),
            ("WEBAPP_LISTEN", "0.0.0.0:9000"),
            ("WEBAPP_MAX_AGE_SECS", "600"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(config.listen, "0.0.0.0:9000".parse().unwrap());
        assert_eq!(config.max_age, Duration::from_secs(600));
        assert_eq!(read(&[]).unwrap(), None);
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("WEBAPP_URL", "http://shop.example/")], "WEBAPP_URL"),
            (&[("WEBAPP_URL", "shop.example")], "WEBAPP_URL"),
            (&[("WEBAPP_LISTEN", "127.0.0.1:8081")], "WEBAPP_LISTEN"),
            (
                &[("WEBAPP_URL", "https://shop.example/"), ("WEBAPP_LISTEN", "8081")],
                "WEBAPP_LISTEN",
            ),
            (
                &[
                    ("WEBAPP_URL", "https://shop.example/"),
                    ("WEBAPP_MAX_AGE_SECS", "0"),
                ],
                "WEBAPP_MAX_AGE_SECS",
            ),
        ];
        for (pairs, var) in cases {
            assert_eq!(read(pairs).unwrap_err().var, *var);
        }
    }
}
