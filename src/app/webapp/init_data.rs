//! Telegram's `initData`: the signed query string a Mini App is opened with. Its signature is
//! checked as Telegram documents it (HMAC-SHA256, keyed by HMAC-SHA256 of the bot token under
//! "WebAppData"), and its age; only then is the customer behind it known.

use std::time::Duration;

use ring::hmac;
use serde::Deserialize;

/// Who opened the page, as Telegram signed it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WebAppUser {
    pub id: u64,
    pub first_name: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub language_code: Option<String>,
}

/// Why an `initData` is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not a query string with a `hash`, an `auth_date` and a `user`.
    Malformed,
    /// The signature does not match: not made with this bot's token.
    Forged,
    /// Signed longer ago than allowed (or in the future).
    Stale,
}

/// The key every signature is checked with, derived once from the bot token.
pub struct Verifier {
    key: hmac::Key,
    max_age: Duration,
}

impl Verifier {
    pub fn new(bot_token: &str, max_age: Duration) -> Self {
        let web_app_data = hmac::Key::new(hmac::HMAC_SHA256, b"WebAppData");
        let secret = hmac::sign(&web_app_data, bot_token.as_bytes());
        Self {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret.as_ref()),
            max_age,
        }
    }

    /// The user behind `init_data`, when it is signed with this bot's token and fresh at `now`
    /// (unix seconds).
    pub fn verify(&self, init_data: &str, now: i64) -> Result<WebAppUser, Refused> {
        let mut fields: Vec<(String, String)> = url::form_urlencoded::parse(init_data.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let hash_at = fields
            .iter()
            .position(|(k, _)| k == "hash")
            .ok_or(Refused::Malformed)?;
        let (_, hash) = fields.remove(hash_at);
        let signature = hex(&hash).ok_or(Refused::Malformed)?;
        fields.sort();
        let data_check_string = fields
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("\n");
        // Constant time: ring compares the whole tag.
        hmac::verify(&self.key, data_check_string.as_bytes(), &signature).map_err(|_| Refused::Forged)?;
        let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let auth_date: i64 = field("auth_date")
            .and_then(|v| v.parse().ok())
            .ok_or(Refused::Malformed)?;
        let age = now - auth_date;
        // A minute of clock difference either way is no reason to refuse.
        if age < -60 || age > i64::try_from(self.max_age.as_secs()).unwrap_or(i64::MAX) {
            return Err(Refused::Stale);
        }
        serde_json::from_str(field("user").ok_or(Refused::Malformed)?).map_err(|_| Refused::Malformed)
    }
}

/// Bytes from lowercase or uppercase hex.
fn hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Signs `fields` as Telegram would for the bot with `bot_token`.
    fn sign(bot_token: &str, fields: &[(&str, &str)]) -> String {
        let verifier = Verifier::new(bot_token, Duration::ZERO);
        let mut sorted: Vec<_> = fields.to_vec();
        sorted.sort();
        let data_check_string = sorted
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("\n");
        let hash: String = hmac::sign(&verifier.key, data_check_string.as_bytes())
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in fields {
            query.append_pair(k, v);
        }
        query.append_pair("hash", &hash);
        query.finish()
    }

    const TOKEN: &str = "123456:test-token";
    const USER: &str = r#"{"id":42,"first_name":"Ann","language_code":"fa"}"#;

    fn verifier() -> Verifier {
        Verifier::new(TOKEN, Duration::from_secs(3600))
    }

    #[test]
    fn a_fresh_signed_init_data_names_its_user() {
        let data = sign(TOKEN, &[("auth_date", "1000"), ("query_id", "q"), ("user", USER)]);
        let user = verifier().verify(&data, 1100).unwrap();
        assert_eq!(user.id, 42);
        assert_eq!(user.language_code.as_deref(), Some("fa"));
    }

    #[test]
    fn a_known_example_from_telegrams_algorithm_verifies() {
        // Computed independently: HMAC_SHA256(HMAC_SHA256("WebAppData", token), check string).
        let secret = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, b"WebAppData"),
            TOKEN.as_bytes(),
        );
        let check = format!("auth_date=1000\nuser={USER}");
        let tag = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, secret.as_ref()),
            check.as_bytes(),
        );
        let hash: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        let data = format!(
            "user={}&auth_date=1000&hash={hash}",
            url::form_urlencoded::byte_serialize(USER.as_bytes()).collect::<String>()
        );
        assert_eq!(verifier().verify(&data, 1000).unwrap().id, 42);
    }

    #[test]
    fn forged_stale_and_malformed_init_data_are_refused() {
        let verifier = verifier();
        let other_bot = sign("999:other", &[("auth_date", "1000"), ("user", USER)]);
        assert_eq!(verifier.verify(&other_bot, 1000), Err(Refused::Forged));
        let signed = sign(TOKEN, &[("auth_date", "1000"), ("user", USER)]);
        let tampered = signed.replace("%22id%22%3A42", "%22id%22%3A43");
        assert_ne!(tampered, signed);
        assert_eq!(verifier.verify(&tampered, 1000), Err(Refused::Forged));
        assert_eq!(verifier.verify(&signed, 1000 + 3601), Err(Refused::Stale));
        assert_eq!(verifier.verify(&signed, 1000 - 61), Err(Refused::Stale));
        assert_eq!(verifier.verify("user=x", 1000), Err(Refused::Malformed));
        assert_eq!(verifier.verify("hash=zz&user=x", 1000), Err(Refused::Malformed));
        assert_eq!(verifier.verify("", 1000), Err(Refused::Malformed));
    }
}
