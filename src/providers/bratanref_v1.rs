//! One concern, kept whole as one file per API family: BratanREF API v1 (api.tgcryptoref.com),
//! REST + JSON with a Bearer key, selling referral sign-ups into Telegram mini-apps
//! (providers.md §1.1).
//!
//! `GET /balance`, `GET /services` (one "category" per mini-app campaign), `POST /tasks` to
//! order and `POST /task_info` for one order's state. Prices are per referral and no answer
//! carries a currency or limits: the provider's configuration supplies them. The provider
//! allows 2 requests a second, so the shared client never runs faster than that here.
//!
//! Refusals come as `{"status":"BAD","error_code":..,"detail":..}` (HTTP 400), and the code is
//! the verdict: this adapter reads it before the shared rules see the answer.

use async_trait::async_trait;
use reqwest::Method;
use serde_json::{Value, json};
use url::Url;

use super::decode::{
    self, bratanref_state, decimal, get, informational, int, is_blank, text, top_level_error, uint,
};
use super::http::{ProviderHttp, RawAnswer};
use super::{Balance, Cap, NewOrder, OrderStatus, PerId, Provider, RemoteState, ServiceListing};
use crate::config::{ProviderConfig, Secret};
use crate::error::{ApiErrorKind, Error, ProviderError};
use crate::vocabulary::{OrderExtras, RateUnit, ServiceKind};

/// The provider's documented limit, per key.
const MAX_RPS: u32 = 2;
/// v1 has no categories of its own: every service is a mini-app referral campaign.
const CATEGORY: &str = "Referrals";

/// The API's paths, resolved once against the configured base URL.
struct Endpoints {
    balance: Url,
    services: Url,
    tasks: Url,
    task_info: Url,
}

impl Endpoints {
    fn under(base: &Url) -> Result<Self, url::ParseError> {
        Ok(Self {
            balance: endpoint(base, "balance")?,
            services: endpoint(base, "services")?,
            tasks: endpoint(base, "tasks")?,
            task_info: endpoint(base, "task_info")?,
        })
    }
}

pub struct BratanRefV1 {
    name: String,
    key: Secret,
    endpoints: Endpoints,
    rate_unit: RateUnit,
    default_min: u64,
    default_max: u64,
    http: ProviderHttp,
}

impl BratanRefV1 {
    pub fn new(config: &ProviderConfig) -> Result<Self, Error> {
        let setup = |problem: String| Error::Setup(format!("provider {}: {problem}", config.name));
        let base = config
            .url
            .as_ref()
            .ok_or_else(|| setup("no API URL is configured".into()))?;
        let endpoints =
            Endpoints::under(base).map_err(|e| setup(format!("the API URL cannot have paths: {e}")))?;
        if config.rps.is_some_and(|rps| rps > MAX_RPS) {
            tracing::warn!(
                provider = %config.name,
                configured = config.rps,
                allowed = MAX_RPS,
                "BratanREF allows {MAX_RPS} requests a second; the configured rate is lowered"
            );
        }
        Ok(Self {
            name: config.name.clone(),
            key: config.key.clone(),
            endpoints,
            rate_unit: config.rate_unit,
            default_min: config.default_min,
            default_max: config.default_max,
            http: ProviderHttp::new(&ProviderConfig {
                rps: Some(allowed_rps(config.rps)),
                ..config.clone()
            })?,
        })
    }

    /// One authenticated request, in its turn under the rate limit, judged by [`Self::judge`].
    async fn call(&self, method: Method, url: &Url, body: Option<&Value>) -> Result<Value, ProviderError> {
        let mut request = self.http.request(method, url).bearer_auth(self.key.expose());
        if let Some(body) = body {
            request = request.json(body);
        }
        self.judge(&self.http.send_raw(request).await?)
    }

    /// BratanREF's `error_code` first, whatever the HTTP status and the `status` word (its "ОК"
    /// is Cyrillic, and a code may stand beside either): the code's refusal, or, when the same
    /// answer names an order, an unknown outcome. A FastAPI validation error about the link
    /// alone is a bad link. Everything else goes to the shared rules.
    fn judge(&self, answer: &RawAnswer) -> Result<Value, ProviderError> {
        let Some(json) = answer.json() else {
            return self.http.classify(answer.status, &answer.body);
        };
        if let Some(code) = error_code(&json) {
            let shown = text(code).unwrap_or_else(|| code.to_string());
            let message = top_level_error(&json).unwrap_or_else(|| format!("BratanREF error code {shown}"));
            return Err(match decode::order_id(&json) {
                // The refusal wins, but the task may exist upstream: never a refund.
                Some(order_id) => self.http.refused_with_order(&message, order_id),
                None => self.http.api_error(error_code_kind(code), &message),
            });
        }
        if is_link_validation_error(&json)
            && let Some(message) = top_level_error(&json)
        {
            return Err(self.http.api_error(ApiErrorKind::InvalidLink, &message));
        }
        self.http.classify(answer.status, &answer.body)
    }

    /// One campaign of the catalogue, or why it cannot be offered.
    fn listing(&self, item: &Value) -> Result<ServiceListing, String> {
        if !item.is_object() {
            return Err("not an object".into());
        }
        // Orders send the id back as an integer, so only an integer id makes a sellable service.
        let id = get(item, "category_id")
            .and_then(decode::id)
            .filter(|id| wire_id(id).is_some())
            .ok_or("no integer category_id")?;
        let name = get(item, "name").and_then(text).ok_or("no name")?;
        let rate = get(item, "price").and_then(decimal).ok_or("no readable price")?;
        // Customers' referral links are checked against the bot: without it nothing can be sold.
        let target_bot = get(item, "url").and_then(text).ok_or("no bot url")?;
        Ok(ServiceListing {
            id,
            name,
            category: Some(CATEGORY.into()),
            kind: ServiceKind::Referral,
            rate,
            rate_unit: self.rate_unit,
            currency: None,
            min: Some(self.default_min),
            max: Some(self.default_max),
            refill: Cap::No,
            cancel: Cap::No,
            dripfeed: Cap::No,
            description: None,
            target_bot: Some(target_bot),
        })
    }

    /// One order's state from its `/task_info` answer.
    fn task_status(&self, order: &str, number: u64, answer: &Value) -> Result<OrderStatus, ProviderError> {
        if get(answer, "order_id")
            .and_then(uint)
            .is_some_and(|other| other != number)
        {
            return Err(self.http.malformed("task info about another order", answer));
        }
        let status = get(answer, "status")
            .filter(|v| !is_blank(v))
            .ok_or_else(|| self.http.malformed("task info without a status", answer))?;
        let code = text(status).unwrap_or_else(|| status.to_string());
        let quantity = informational(&self.name, order, answer, "quantity", int);
        let executed = informational(&self.name, order, answer, "quantity_executed", int);
        let state = bratanref_state(&code, executed);
        if state == RemoteState::Unknown {
            tracing::warn!(provider = %self.name, %order, %status, ?executed, "task state not understood");
        }
        let raw_status = match get(answer, "cancel_reason").and_then(text) {
            Some(reason) => format!("{code} ({reason})"),
            None => code,
        };
        Ok(OrderStatus {
            state,
            // Stored and shown to people: no longer than a quoted error.
            raw_status: decode::snippet(raw_status.as_bytes()),
            charge: informational(&self.name, order, answer, "cost", decimal),
            currency: None,
            start_count: None,
            remains: quantity
                .zip(executed)
                .map(|(quantity, executed)| quantity.saturating_sub(executed).max(0)),
        })
    }
}

#[async_trait]
impl Provider for BratanRefV1 {
    async fn services(&self) -> Result<Vec<ServiceListing>, ProviderError> {
        let answer = self.call(Method::GET, &self.endpoints.services, None).await?;
        let items = answer
            .as_array()
            .ok_or_else(|| self.http.malformed("services answer is not a list", &answer))?;
        self.http
            .catalogue(&answer, items, "category_id", |item| self.listing(item))
    }

    async fn create_order(&self, order: &NewOrder) -> Result<String, ProviderError> {
        let category_id = wire_id(&order.service_id).ok_or_else(|| {
            self.http.api_error(
                ApiErrorKind::InvalidService,
                &format!("{} is not a BratanREF category id", order.service_id),
            )
        })?;
        if order.extras != OrderExtras::default() {
            return Err(self.http.api_error(
                ApiErrorKind::NotSupported,
                "BratanREF tasks take no comments, poll answers or drip-feed",
            ));
        }
        let task = json!({
            "category_id": category_id,
            "quantity": order.quantity,
            "url": order.link,
        });
        let answer = self
            .call(Method::POST, &self.endpoints.tasks, Some(&task))
            .await?;
        // Success is an order id, whatever `status` says: the documented "ОК" is Cyrillic.
        get(&answer, "order_id")
            .and_then(uint)
            .filter(|id| *id > 0)
            .map(|id| id.to_string())
            .ok_or_else(|| self.http.malformed("no valid order id in the answer", &answer))
    }

    /// One `/task_info` call per order, one after the other within the rate limit. A refusal
    /// concerns that order alone; anything else (transport, HTTP, a bad key) fails the call.
    async fn statuses(&self, ids: &[String]) -> Result<PerId<OrderStatus>, ProviderError> {
        let mut found = PerId::new();
        for order in ids {
            if found.contains_key(order) {
                continue;
            }
            let Some(number) = wire_id(order) else {
                let not_ours = format!("{order} is not a BratanREF order id");
                found.insert(
                    order.clone(),
                    Err(self.http.api_error(ApiErrorKind::OrderNotFound, &not_ours)),
                );
                continue;
            };
            let asked = json!({ "order_id": number });
            let outcome = match self
                .call(Method::POST, &self.endpoints.task_info, Some(&asked))
                .await
            {
                Ok(answer) => self.task_status(order, number, &answer),
                Err(ProviderError::Api { kind, message }) if kind != ApiErrorKind::InvalidKey => {
                    // Asked about one order, an unclassified "no" is about that order.
                    let kind = match kind {
                        ApiErrorKind::Other => ApiErrorKind::OrderNotFound,
                        other => other,
                    };
                    Err(ProviderError::Api { kind, message })
                }
                Err(e) => return Err(e),
            };
            found.insert(order.clone(), outcome);
        }
        Ok(found)
    }

    async fn balance(&self) -> Result<Balance, ProviderError> {
        let answer = self.call(Method::GET, &self.endpoints.balance, None).await?;
        let amount = get(&answer, "balance")
            .and_then(decimal)
            .ok_or_else(|| self.http.malformed("no readable balance in the answer", &answer))?;
        Ok(Balance {
            amount,
            currency: None,
        })
    }
}

/// The rate for the shared client: the configured one, never above the provider's limit
/// (the limit itself when unset). Never 0 either, which would switch the limiter off; the
/// configuration refuses 0 anyway. The client adds its margin to the spacing.
fn allowed_rps(configured: Option<u32>) -> u32 {
    configured.unwrap_or(MAX_RPS).clamp(1, MAX_RPS)
}

/// `path` under `base`, whether or not the base ends with `/` (`https://host/v1` is a
/// directory here, not a file to replace).
fn endpoint(base: &Url, path: &str) -> Result<Url, url::ParseError> {
    let mut directory = base.clone();
    directory.set_query(None);
    directory.set_fragment(None);
    if !directory.path().ends_with('/') {
        let with_slash = format!("{}/", directory.path());
        directory.set_path(&with_slash);
    }
    directory.join(path)
}

/// The integer the API wants for one of our opaque ids: digits only, above zero.
fn wire_id(id: &str) -> Option<u64> {
    let digits = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| id.parse().ok()).flatten().filter(|n| *n > 0)
}

/// An answer's `error_code`, when it states one: absent, blank and 0 state none.
fn error_code(answer: &Value) -> Option<&Value> {
    get(answer, "error_code").filter(|code| !is_blank(code) && int(code) != Some(0))
}

/// The documented `error_code`s: 100 the referral code cannot be read from the link, 101 the
/// provider's balance is short, 102 anything else.
fn error_code_kind(code: &Value) -> ApiErrorKind {
    match int(code) {
        Some(100) => ApiErrorKind::InvalidLink,
        Some(101) => ApiErrorKind::InsufficientFunds,
        _ => ApiErrorKind::Other,
    }
}

/// A FastAPI validation error (`{"detail":[{"loc":["body","url"],..},..]}`) whose every item
/// is about the link we sent.
fn is_link_validation_error(answer: &Value) -> bool {
    let Some(Value::Array(items)) = get(answer, "detail") else {
        return false;
    };
    let about_the_link = |item: &Value| {
        get(item, "loc")
            .and_then(Value::as_array)
            .and_then(|loc| loc.last())
            .and_then(Value::as_str)
            == Some("url")
    };
    !items.is_empty() && items.iter().all(about_the_link)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use reqwest::StatusCode;

    use super::*;
    use crate::config::ProviderKind;

    fn bratanref() -> BratanRefV1 {
        BratanRefV1::new(&ProviderConfig {
            name: "bratan".into(),
            kind: ProviderKind::BratanrefV1,
            url: Some(url("http://127.0.0.1:9/")),
            key: Secret::new("unit-test-key"),
            rps: None,
            timeout: Duration::from_secs(5),
            currency: None,
            rate_unit: RateUnit::PerOne,
            default_min: 1,
            default_max: 1000,
            user_agent: None,
        })
        .unwrap()
    }

    fn raw(status: u16, body: &str) -> RawAnswer {
        RawAnswer {
            status: StatusCode::from_u16(status).unwrap(),
            body: body.as_bytes().to_vec(),
        }
    }

    fn refused(kind: ApiErrorKind, message: &str) -> Result<Value, ProviderError> {
        Err(ProviderError::Api {
            kind,
            message: message.into(),
        })
    }

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn endpoints_sit_under_the_base_with_or_without_a_slash() {
        for base in ["https://api.tgcryptoref.com", "https://api.tgcryptoref.com/"] {
            assert_eq!(
                endpoint(&url(base), "task_info").unwrap().as_str(),
                "https://api.tgcryptoref.com/task_info"
            );
        }
        for base in ["http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1/?x=1#top"] {
            assert_eq!(
                endpoint(&url(base), "tasks").unwrap().as_str(),
                "http://127.0.0.1:8080/v1/tasks"
            );
        }
        assert!(endpoint(&url("mailto:ops@example.com"), "tasks").is_err());
    }

    #[test]
    fn the_rate_is_never_above_the_providers_limit() {
        assert_eq!(allowed_rps(None), 2);
        assert_eq!(allowed_rps(Some(2)), 2);
        assert_eq!(allowed_rps(Some(10)), 2);
        assert_eq!(allowed_rps(Some(1)), 1);
        // 0 would switch the shared limiter off.
        assert_eq!(allowed_rps(Some(0)), 1);
    }

    #[test]
    fn only_positive_integers_travel_as_wire_ids() {
        assert_eq!(wire_id("8"), Some(8));
        assert_eq!(wire_id("0315"), Some(315));
        for bad in [
            "",
            "0",
            "-3",
            "+3",
            "3.0",
            " 3",
            "65ae5538afdd1",
            "99999999999999999999",
        ] {
            assert_eq!(wire_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn error_codes_are_classified_by_the_documented_table() {
        assert_eq!(error_code_kind(&json!(100)), ApiErrorKind::InvalidLink);
        assert_eq!(error_code_kind(&json!("101")), ApiErrorKind::InsufficientFunds);
        assert_eq!(error_code_kind(&json!(102)), ApiErrorKind::Other);
        assert_eq!(error_code_kind(&json!(777)), ApiErrorKind::Other);
    }

    #[test]
    fn the_error_code_is_the_verdict_whatever_the_status_says() {
        let api = bratanref();
        assert_eq!(
            api.judge(&raw(
                400,
                r#"{"status":"BAD","error_code":100,"detail":"Ошибка парсинга реферального кода"}"#
            )),
            refused(ApiErrorKind::InvalidLink, "Ошибка парсинга реферального кода")
        );
        assert_eq!(
            api.judge(&raw(200, r#"{"status":"ОК","error_code":"101"}"#)),
            refused(ApiErrorKind::InsufficientFunds, "BratanREF error code 101")
        );
        assert_eq!(
            api.judge(&raw(200, r#"{"error_code":102,"detail":"Категория не найдена"}"#)),
            refused(ApiErrorKind::Other, "Категория не найдена")
        );
        // No code, a blank one or 0: the shared rules decide.
        for body in [
            r#"{"status":"ОК","order_id":7}"#,
            r#"{"status":"ОК","order_id":7,"error_code":null}"#,
            r#"{"status":"ОК","order_id":7,"error_code":""}"#,
            r#"{"status":"ОК","order_id":7,"error_code":0}"#,
        ] {
            assert_eq!(
                api.judge(&raw(200, body)),
                Ok(serde_json::from_str(body).unwrap()),
                "{body}"
            );
        }
        assert_eq!(
            api.judge(&raw(401, r#"{"error":"Invalid token"}"#)),
            refused(ApiErrorKind::InvalidKey, "Invalid token")
        );
    }

    #[test]
    fn a_coded_refusal_that_names_an_order_is_an_unknown_outcome() {
        let api = bratanref();
        for (body, message, order_id) in [
            (
                r#"{"status":"BAD","error_code":101,"detail":"Недостаток баланса","order_id":5}"#,
                "Недостаток баланса",
                "5",
            ),
            (
                r#"{"status":"ОК","error_code":102,"order_id":"6"}"#,
                "BratanREF error code 102",
                "6",
            ),
        ] {
            let outcome = api.judge(&raw(400, body));
            assert_eq!(
                outcome,
                Err(ProviderError::RefusedWithOrder {
                    message: message.into(),
                    order_id: order_id.into()
                })
            );
            assert!(!outcome.unwrap_err().definitely_not_placed());
        }
        // A bogus id names no order: the refusal stands alone.
        assert_eq!(
            api.judge(&raw(400, r#"{"error_code":101,"order_id":0}"#)),
            refused(ApiErrorKind::InsufficientFunds, "BratanREF error code 101")
        );
    }

    #[test]
    fn a_validation_error_about_the_link_alone_is_a_bad_link() {
        let api = bratanref();
        assert_eq!(
            api.judge(&raw(
                422,
                r#"{"detail":[{"loc":["body","url"],"msg":"Field required","type":"missing"}]}"#
            )),
            refused(ApiErrorKind::InvalidLink, "Field required")
        );
        // Not only the link, or not the link: classified by the words as usual.
        assert_eq!(
            api.judge(&raw(
                422,
                r#"{"detail":[{"loc":["body","category_id"],"msg":"Input should be a valid integer"},
                              {"loc":["body","url"],"msg":"Field required"}]}"#
            )),
            refused(
                ApiErrorKind::Other,
                "Input should be a valid integer; Field required"
            )
        );
        assert_eq!(
            api.judge(&raw(
                422,
                r#"{"detail":[{"loc":["body","quantity"],"msg":"Input should be greater than 0"}]}"#
            )),
            refused(ApiErrorKind::Other, "Input should be greater than 0")
        );
    }
}
