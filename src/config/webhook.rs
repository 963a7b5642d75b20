//! Webhook mode, from `WEBHOOK_*`: where Telegram pushes updates, and how they are checked.

use std::net::SocketAddr;

use url::Url;

use super::{ConfigError, Secret, is_loopback, parse_socket_addr, parse_url};

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

/// Behind a reverse proxy on the same machine, which is how a webhook is usually served.
const DEFAULT_WEBHOOK_LISTEN: &str = "127.0.0.1:8080";
/// What Telegram accepts as a webhook secret token.
const MAX_WEBHOOK_SECRET_LEN: usize = 256;

/// `None` when `WEBHOOK_URL` is not set: the bot long-polls.
pub(super) fn from_lookup(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<WebhookConfig>, ConfigError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::load;

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
}
