//! btj-system.xyz: an Iranian Telegram-member seller that prices in Toman (providers.md §1.4).
//!
//! Panel-like (`key` + `action`, form POST, all-string fields), with habits of its own: a
//! per-service `currency`, `startcount` without the underscore, no refill or cancel, an `info`
//! action that tells a channel's subscriber count, and a table of numeric codes that may come
//! as the HTTP status or in the body as `code`, `error` or `status`. In that table 400 means
//! "Yes - Successful - Registered", so an HTTP 400 carrying an order is a success.

use async_trait::async_trait;
use reqwest::Method;
use serde_json::Value;
use url::Url;

use super::decode::{
    self, decimal, get, informational, int, normalize_words, remote_state, text, top_level_error, uint,
};
use super::http::{ProviderHttp, RawAnswer};
use super::{Balance, Cap, NewOrder, OrderStatus, PerId, Provider, ServiceListing};
use crate::config::{ProviderConfig, Secret};
use crate::error::{ApiErrorKind, Error, ProviderError};
use crate::vocabulary::{OrderExtras, RateUnit};

/// btj's "Yes - Successful - Registered", whatever HTTP thinks of 400.
const REGISTERED: u16 = 400;

/// Where an answer's body may carry one of btj's codes, as a number or a numeric string.
const CODE_FIELDS: [&str; 3] = ["code", "error", "status"];

/// One of btj's documented "no" codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Refusal {
    code: u16,
    kind: ApiErrorKind,
    /// The documentation's words, matched when btj sends them instead of the number.
    doc_words: &'static str,
    /// What it means, for the admin reading the error.
    meaning: &'static str,
}

const REFUSALS: [Refusal; 6] = [
    Refusal {
        code: 401,
        kind: ApiErrorKind::InsufficientFunds,
        doc_words: "insufficient inventory",
        meaning: "insufficient balance",
    },
    Refusal {
        code: 402,
        kind: ApiErrorKind::InvalidService,
        doc_words: "invalid service number",
        meaning: "invalid service number",
    },
    Refusal {
        code: 403,
        kind: ApiErrorKind::InvalidKey,
        doc_words: "invalid key",
        meaning: "invalid key",
    },
    Refusal {
        code: 404,
        kind: ApiErrorKind::Other,
        doc_words: "wrong operation or parameter",
        meaning: "wrong operation or parameter",
    },
    Refusal {
        code: 405,
        kind: ApiErrorKind::InvalidService,
        doc_words: "unknown product",
        meaning: "unknown product",
    },
    // The doc says "Eligible ID"; read as "ineligible": the channel or group cannot be served.
    Refusal {
        code: 501,
        kind: ApiErrorKind::InvalidLink,
        doc_words: "eligible id",
        meaning: "ineligible channel or group id",
    },
];

impl Refusal {
    fn from_code(code: i64) -> Option<Self> {
        REFUSALS.into_iter().find(|r| i64::from(r.code) == code)
    }

    /// The refusal a body states in any of [`CODE_FIELDS`]. Other numbers there (`addfunds`
    /// answers a payment `code`) are not btj's verdict.
    fn in_body(answer: &Value) -> Option<Self> {
        CODE_FIELDS
            .iter()
            .filter_map(|field| get(answer, field).and_then(int))
            .find_map(Self::from_code)
    }

    /// The refusal an error message names: the bare code (`"402"`) or the documentation's words.
    fn in_message(message: &str) -> Option<Self> {
        let words = normalize_words(message);
        match words.parse::<i64>() {
            Ok(code) => Self::from_code(code),
            Err(_) => REFUSALS.into_iter().find(|r| r.doc_words == words),
        }
    }
}

pub struct Btj {
    name: String,
    url: Url,
    key: Secret,
    rate_unit: RateUnit,
    http: ProviderHttp,
}

impl Btj {
    pub fn new(config: &ProviderConfig) -> Result<Self, Error> {
        let url = config
            .url
            .clone()
            .ok_or_else(|| Error::Setup(format!("provider {}: no API URL is configured", config.name)))?;
        Ok(Self {
            name: config.name.clone(),
            url,
            key: config.key.clone(),
            rate_unit: config.rate_unit,
            http: ProviderHttp::new(config)?,
        })
    }

    /// One API call; the answer has passed btj's code table as well as the shared checks.
    async fn call(&self, action: &str, params: &[(&str, String)]) -> Result<Value, ProviderError> {
        let mut form = vec![
            ("key", self.key.expose().to_string()),
            ("action", action.to_string()),
        ];
        form.extend_from_slice(params);
        let request = self.http.request(Method::POST, &self.url).form(&form);
        self.judge(&self.http.send_raw(request).await?)
    }

    /// btj's code table first, wherever a code stands — a body field, an error text, or the
    /// HTTP status of an answer btj itself wrote — then the shared rules. A refusal wins over a
    /// 400 and over an order id beside it; a 400 with a JSON answer is btj's "registered".
    fn judge(&self, answer: &RawAnswer) -> Result<Value, ProviderError> {
        let json = answer.json();
        // A web page (a proxy's error, a firewall's challenge) is not btj speaking.
        let from_btj = json.is_some() || !answer.body.trim_ascii_start().starts_with(b"<");
        let refusal = json
            .as_ref()
            .and_then(|json| {
                Refusal::in_body(json).or_else(|| top_level_error(json).and_then(|m| Refusal::in_message(&m)))
            })
            .or_else(|| Refusal::from_code(answer.status.as_u16().into()).filter(|_| from_btj));
        if let Some(refusal) = refusal {
            return Err(self.refused(refusal, json.as_ref()));
        }
        match json {
            Some(json) if answer.status.as_u16() == REGISTERED && top_level_error(&json).is_none() => {
                Ok(json)
            }
            _ => self.http.classify(answer.status, &answer.body),
        }
    }

    fn refused(&self, refusal: Refusal, answer: Option<&Value>) -> ProviderError {
        let message = format!("code {}: {}", refusal.code, refusal.meaning);
        match answer.and_then(decode::order_id) {
            Some(order_id) => self.http.refused_with_order(&message, order_id),
            None => ProviderError::Api {
                kind: refusal.kind,
                message,
            },
        }
    }

    /// One service of the catalogue, or why it cannot be offered.
    fn listing(&self, item: &Value) -> Result<ServiceListing, String> {
        let id = get(item, "service")
            .and_then(decode::id)
            .ok_or("no usable service id")?;
        let name = get(item, "name").and_then(text).ok_or("no name")?;
        let rate = get(item, "rate").and_then(decimal).ok_or("no readable rate")?;
        let limit = |key: &str| {
            get(item, key)
                .map(|value| uint(value).ok_or_else(|| format!("unreadable {key} {value}")))
                .transpose()
        };
        // btj names no type; should one appear, an unknown one keeps the service off sale.
        let kind = get(item, "type").and_then(text).unwrap_or_default();
        Ok(ServiceListing {
            id,
            name,
            category: get(item, "category").and_then(text),
            kind: decode::service_kind(&kind),
            rate,
            rate_unit: self.rate_unit,
            // Kept as btj writes it ("Toman"); the catalogue reads it with `Currency::parse`.
            currency: get(item, "currency").and_then(text),
            min: limit("min")?,
            max: limit("max")?,
            // The API has no refill or cancel action and no runs/interval.
            refill: Cap::No,
            cancel: Cap::No,
            dripfeed: Cap::No,
            description: None,
            target_bot: None,
        })
    }

    /// The status of the one order an answer is about.
    fn order_status(&self, id: &str, answer: &Value) -> Result<OrderStatus, ProviderError> {
        if get(answer, "order")
            .and_then(decode::id)
            .is_some_and(|about| about != id)
        {
            return Err(self
                .http
                .malformed("status answer is about another order", answer));
        }
        let raw_status = get(answer, "status")
            .and_then(text)
            .ok_or_else(|| self.http.malformed("order status without a status", answer))?;
        Ok(OrderStatus {
            state: remote_state(&raw_status),
            // Stored and shown to people: no longer than a quoted error.
            raw_status: decode::snippet(raw_status.as_bytes()),
            charge: informational(&self.name, id, answer, "charge", decimal),
            currency: get(answer, "currency").and_then(text),
            start_count: informational(&self.name, id, answer, "startcount", int)
                .or_else(|| informational(&self.name, id, answer, "start_count", int)),
            remains: informational(&self.name, id, answer, "remains", int),
        })
    }
}

/// True when a refusal concerns the order asked about rather than the whole account.
fn about_the_order(error: &ProviderError) -> bool {
    matches!(error, ProviderError::Api { kind, .. } if *kind != ApiErrorKind::InvalidKey)
}

#[async_trait]
impl Provider for Btj {
    async fn services(&self) -> Result<Vec<ServiceListing>, ProviderError> {
        let answer = self.call("services", &[]).await?;
        let items = answer
            .as_array()
            .ok_or_else(|| self.http.malformed("services answer is not a list", &answer))?;
        self.http
            .catalogue(&answer, items, "service", |item| self.listing(item))
    }

    async fn create_order(&self, order: &NewOrder) -> Result<String, ProviderError> {
        if order.extras != OrderExtras::default() {
            return Err(ProviderError::Api {
                kind: ApiErrorKind::NotSupported,
                message: "btj orders take no comments, poll answers or drip-feed".into(),
            });
        }
        let answer = self
            .call(
                "add",
                &[
                    ("service", order.service_id.clone()),
                    ("link", order.link.clone()),
                    ("quantity", order.quantity.to_string()),
                ],
            )
            .await?;
        decode::order_id(&answer)
            .ok_or_else(|| self.http.malformed("no valid order id in the answer", &answer))
    }

    /// One call per order: btj's `status` takes a single id (the default batch limit of 1).
    async fn statuses(&self, ids: &[String]) -> Result<PerId<OrderStatus>, ProviderError> {
        let mut found = PerId::new();
        for id in ids {
            if found.contains_key(id) {
                continue;
            }
            let outcome = match self.call("status", &[("order", id.clone())]).await {
                Ok(answer) => self.order_status(id, &answer),
                Err(error) if about_the_order(&error) => Err(error),
                // The provider is unreachable or refuses us: no point asking about the rest.
                Err(error) => return Err(error),
            };
            found.insert(id.clone(), outcome);
        }
        Ok(found)
    }

    async fn balance(&self) -> Result<Balance, ProviderError> {
        let answer = self.call("balance", &[]).await?;
        let amount = get(&answer, "balance")
            .and_then(decimal)
            .ok_or_else(|| self.http.malformed("no readable balance in the answer", &answer))?;
        Ok(Balance {
            amount,
            currency: get(&answer, "currency").and_then(text),
        })
    }

    /// btj's `info`. Only informs the customer on the confirmation screen, so every failure
    /// is "unknown" (`None`) and never stands in the way of an order.
    async fn channel_subscribers(&self, link: &str) -> Result<Option<u64>, ProviderError> {
        let answer = match self.call("info", &[("link", link.to_string())]).await {
            Ok(answer) => answer,
            Err(error) => {
                tracing::debug!(provider = %self.name, %error, "channel info unavailable");
                return Ok(None);
            }
        };
        let count = get(&answer, "subscribers").and_then(uint);
        if count.is_none() {
            let subscribers = get(&answer, "subscribers").map(Value::to_string);
            tracing::debug!(provider = %self.name, ?subscribers, "channel info without a readable count");
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::*;
    use crate::config::ProviderKind;

    fn btj() -> Btj {
        Btj::new(&ProviderConfig {
            name: "btj".into(),
            kind: ProviderKind::Btj,
            url: Some(Url::parse("http://127.0.0.1:9/api/").unwrap()),
            key: Secret::new("unit-test-key"),
            rps: None,
            timeout: Duration::from_secs(5),
            currency: None,
            rate_unit: RateUnit::PerThousand,
            default_min: 1,
            default_max: 1000,
            user_agent: None,
        })
        .unwrap()
    }

    fn refusal(code: u16) -> Refusal {
        Refusal::from_code(code.into()).unwrap()
    }

    fn refused(code: u16) -> Result<Value, ProviderError> {
        let refusal = refusal(code);
        Err(ProviderError::Api {
            kind: refusal.kind,
            message: format!("code {code}: {}", refusal.meaning),
        })
    }

    #[test]
    fn codes_are_found_in_any_code_field_as_numbers_or_strings() {
        for answer in [
            json!({"code": 402}),
            json!({"code": "402"}),
            json!({"error": 402}),
            json!({"error": " 402 "}),
            json!({"status": 402}),
            json!({"Status": "402"}),
        ] {
            assert_eq!(Refusal::in_body(&answer), Some(refusal(402)), "{answer}");
        }
    }

    #[test]
    fn other_numbers_and_success_words_are_not_refusals() {
        for answer in [
            json!({"status": "success", "amount": "50000", "code": 2574, "currency": "Toman"}),
            json!({"status": 400, "order": "12"}),
            json!({"status": "Pending", "remains": "401"}),
            json!([{"code": 401}]),
        ] {
            assert_eq!(Refusal::in_body(&answer), None, "{answer}");
        }
    }

    #[test]
    fn a_refusal_beats_a_registered_status_in_the_same_body() {
        assert_eq!(
            Refusal::in_body(&json!({"status": 400, "code": 401, "order": "5"})),
            Some(refusal(401))
        );
    }

    #[test]
    fn messages_name_codes_by_number_or_by_the_documentation_s_words() {
        assert_eq!(Refusal::in_message("405"), Some(refusal(405)));
        assert_eq!(Refusal::in_message("Unknown product"), Some(refusal(405)));
        assert_eq!(Refusal::in_message("Eligible ID"), Some(refusal(501)));
        assert_eq!(Refusal::in_message("Insufficient  inventory"), Some(refusal(401)));
        assert_eq!(Refusal::in_message("400"), None);
        assert_eq!(Refusal::in_message("Incorrect order ID"), None);
    }

    fn raw(status: u16, body: &str) -> RawAnswer {
        RawAnswer {
            status: reqwest::StatusCode::from_u16(status).unwrap(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn the_http_status_speaks_unless_a_web_page_does() {
        let btj = btj();
        assert_eq!(btj.judge(&raw(403, "")), refused(403));
        assert_eq!(btj.judge(&raw(501, "Eligible ID")), refused(501));
        assert_eq!(btj.judge(&raw(402, r#"{"status":"error"}"#)), refused(402));
        // The body's code is the more specific witness, also inside an error text.
        assert_eq!(btj.judge(&raw(404, r#"{"error":405}"#)), refused(405));
        assert_eq!(
            btj.judge(&raw(401, r#"{"error":"Insufficient inventory"}"#)),
            refused(401)
        );
        assert_eq!(
            btj.judge(&raw(200, r#"{"status":"error","message":"x","code":405}"#)),
            refused(405)
        );
        let page = "<html><title>403 Forbidden</title></html>";
        assert_eq!(
            btj.judge(&raw(403, page)),
            Err(ProviderError::Http {
                status: 403,
                snippet: page.into()
            })
        );
    }

    #[test]
    fn http_400_lets_a_json_answer_through_and_nothing_else() {
        let btj = btj();
        assert_eq!(
            btj.judge(&raw(400, r#"{"order":"77","status":"Pending"}"#)),
            Ok(json!({"order": "77", "status": "Pending"}))
        );
        // However long: the whole body is read.
        let long = format!(r#"{{"order":"77","link":"https://t.me/{}"}}"#, "x".repeat(500));
        assert!(btj.judge(&raw(400, &long)).is_ok());
        // A refusal that names an order all the same: the order may exist, never refunded blindly.
        assert_eq!(
            btj.judge(&raw(400, r#"{"order":"77","code":401}"#)),
            Err(ProviderError::RefusedWithOrder {
                message: "code 401: insufficient balance".into(),
                order_id: "77".into()
            })
        );
        for body in [
            "",
            "Registered",
            "<html>Bad Request</html>",
            "{\"order\":\"77\",…",
        ] {
            assert!(
                matches!(
                    btj.judge(&raw(400, body)),
                    Err(ProviderError::Http { status: 400, .. })
                ),
                "{body}"
            );
        }
        assert!(matches!(
            btj.judge(&raw(500, r#"{"order":"77"}"#)),
            Err(ProviderError::Http { status: 500, .. })
        ));
    }
}
