//! One concern, kept whole: the HTTP client every adapter talks through — timeouts, redirects,
//! a body cap, and one place that turns whatever came back into a JSON value or a classified
//! [`ProviderError`].
//!
//! Panels answer errors with HTTP 200, JSON with `text/html`, and HTML with 502, so the status
//! code and the Content-Type are hints only: the body decides.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use reqwest::header::{LOCATION, RETRY_AFTER};
use reqwest::redirect::{Attempt, Policy};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;
use url::Url;

use super::decode::{self, api_error_kind, get, normalize_words, snippet, top_level_error};
use crate::config::{ProviderConfig, Secret};
use crate::error::{ApiErrorKind, Error, ProviderError};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Catalogues can be megabytes; anything this large is not an answer we want to hold.
const MAX_BODY_BYTES: usize = 20 * 1024 * 1024;
const MAX_REDIRECTS: usize = 5;
/// The configured timeout is an idle timeout (no byte for that long). A whole call may take
/// this many times longer, so a large catalogue can finish but a trickling answer cannot hang
/// a caller forever.
const TOTAL_TIMEOUT_FACTOR: u32 = 5;
const USER_AGENT: &str = concat!("smmbot/", env!("CARGO_PKG_VERSION"));
/// What the API key is replaced with wherever provider text is echoed back to us.
const REDACTED: &str = "[redacted]";
/// Added to `1 s / rps` between two requests, in percent. Requests sent exactly `1/rps` apart
/// can arrive closer than that (one waits for a connection, the next does not), and providers
/// count arrivals: 2 rps are sent 550 ms apart, never 500.
const RATE_MARGIN_PERCENT: u32 = 10;

/// The longest one call to this provider may take, whatever it answers.
pub fn call_limit(config: &ProviderConfig) -> Duration {
    config.timeout * TOTAL_TIMEOUT_FACTOR
}

/// The longest one request may take from the moment it is made: its turn under the rate limit
/// (bounded by [`call_limit`] too), then the call. A create-order request never outlives it,
/// which is what the poller's grace for orders still being submitted relies on.
pub fn request_limit(config: &ProviderConfig) -> Duration {
    call_limit(config) * 2
}

/// One provider's HTTP client. Cheap to share by reference; the underlying connection pool
/// is per provider.
#[derive(Debug)]
pub struct ProviderHttp {
    provider: String,
    client: reqwest::Client,
    /// `PROVIDER_<NAME>_RPS`: requests are evenly spaced (no bursts) by [`request_spacing`],
    /// so the provider never sees more than that many arrive in any second.
    limiter: Option<DefaultDirectRateLimiter>,
    total_timeout: Duration,
    /// Kept only to scrub it from anything the provider echoes back into errors.
    key: Secret,
}

impl ProviderHttp {
    pub fn new(config: &ProviderConfig) -> Result<Self, Error> {
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .user_agent(config.user_agent.as_deref().unwrap_or(USER_AGENT))
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(config.timeout)
            .redirect(Policy::custom(same_origin_redirects_only))
            .build()
            .map_err(|e| {
                Error::Setup(format!(
                    "provider {}: cannot build an HTTP client: {e}",
                    config.name
                ))
            })?;
        let limiter = config.rps.and_then(NonZeroU32::new).and_then(|rps| {
            Quota::with_period(request_spacing(rps))
                .map(|q| RateLimiter::direct(q.allow_burst(NonZeroU32::MIN)))
        });
        Ok(Self {
            provider: config.name.clone(),
            client,
            limiter,
            total_timeout: call_limit(config),
            key: config.key.clone(),
        })
    }

    /// A request on this provider's client; finish it (headers, body) and pass it to [`send`].
    ///
    /// [`send`]: Self::send
    pub fn request(&self, method: Method, url: &Url) -> RequestBuilder {
        self.client
            .request(method, url.clone())
            .timeout(self.total_timeout)
    }

    /// The panel API v2 call: a form-encoded POST.
    pub async fn post_form(&self, url: &Url, form: &[(&str, String)]) -> Result<Value, ProviderError> {
        self.send(self.request(Method::POST, url).form(form)).await
    }

    /// Sends a request and classifies the answer: the JSON value of a successful answer, or
    /// the reason there is none.
    pub async fn send(&self, request: RequestBuilder) -> Result<Value, ProviderError> {
        let answer = self.send_raw(request).await?;
        self.classify(answer.status, &answer.body)
    }

    /// Sends a request and returns the answer unjudged, for APIs whose status codes mean
    /// something of their own (btj's "400 = success"). Transport failures, 429, refused
    /// redirects and oversized bodies are still errors here; pass the rest to [`classify`].
    ///
    /// [`classify`]: Self::classify
    pub async fn send_raw(&self, request: RequestBuilder) -> Result<RawAnswer, ProviderError> {
        if let Some(limiter) = &self.limiter {
            // Nothing is sent while waiting, so a wait that runs out is a definite "not now".
            if tokio::time::timeout(self.total_timeout, limiter.until_ready())
                .await
                .is_err()
            {
                return Err(ProviderError::RateLimited { retry_after: None });
            }
        }
        let mut response = request.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(ProviderError::RateLimited {
                retry_after: retry_after(&response),
            });
        }
        if status.is_redirection() {
            // Only redirects our policy refused get here: the key must not follow them.
            let target = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("(no location)");
            return Err(ProviderError::Http {
                status: status.as_u16(),
                snippet: self.redact(&format!("redirect to {target} not followed")),
            });
        }
        let body = self.read_body(&mut response).await?;
        tracing::debug!(
            provider = %self.provider,
            status = status.as_u16(),
            bytes = body.len(),
            "provider answered"
        );
        Ok(RawAnswer { status, body })
    }

    /// A `Malformed` error for an answer that is JSON but not the expected shape.
    pub fn malformed(&self, reason: impl Into<String>, answer: &Value) -> ProviderError {
        ProviderError::Malformed {
            reason: reason.into(),
            snippet: self.redact(&snippet(answer.to_string().as_bytes())),
        }
    }

    /// An `Api` error carrying the provider's own words (one line, bounded), minus the key
    /// should it echo it.
    pub fn api_error(&self, kind: ApiErrorKind, message: &str) -> ProviderError {
        ProviderError::Api {
            kind,
            message: self.redact(&snippet(message.as_bytes())),
        }
    }

    /// A refusal that names an order anyway: the order may exist, so it stays an unknown
    /// outcome for whoever reconciles.
    pub fn refused_with_order(&self, message: &str, order_id: String) -> ProviderError {
        tracing::warn!(provider = %self.provider, %order_id, "provider refused but named an order");
        ProviderError::RefusedWithOrder {
            message: self.redact(&snippet(message.as_bytes())),
            order_id,
        }
    }

    /// Reads a catalogue's `items` one by one with `read`: an item it refuses is skipped with a
    /// warning (naming it by `id_field`), but a list of nothing but such items fails as
    /// malformed, quoting `answer`: garbage must not read as "the provider sells nothing".
    pub fn catalogue<T>(
        &self,
        answer: &Value,
        items: &[Value],
        id_field: &str,
        read: impl Fn(&Value) -> Result<T, String>,
    ) -> Result<Vec<T>, ProviderError> {
        let mut listings = Vec::new();
        for item in items {
            match read(item) {
                Ok(listing) => listings.push(listing),
                Err(problem) => {
                    let service = get(item, id_field).map_or_else(|| "?".into(), Value::to_string);
                    tracing::warn!(provider = %self.provider, %service, %problem, "service skipped");
                }
            }
        }
        if listings.is_empty() && !items.is_empty() {
            return Err(self.malformed("no service in the answer could be read", answer));
        }
        Ok(listings)
    }

    /// Reads the body chunk by chunk so an oversized answer is cut off, not buffered whole.
    async fn read_body(&self, response: &mut Response) -> Result<Vec<u8>, ProviderError> {
        let too_large = || ProviderError::Malformed {
            reason: format!("answer larger than {} MiB", MAX_BODY_BYTES / (1024 * 1024)),
            snippet: String::new(),
        };
        if response
            .content_length()
            .is_some_and(|len| len > MAX_BODY_BYTES as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport_error(e))? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// Judges an answer by its body first: the JSON of a success, or the classified reason
    /// there is none.
    pub fn classify(&self, status: StatusCode, body: &[u8]) -> Result<Value, ProviderError> {
        let Some(answer) = parse_json(body) else {
            if is_browser_challenge(status, body) {
                return Err(ProviderError::Challenged {
                    status: status.as_u16(),
                });
            }
            let snippet = self.redact(&snippet(body));
            return Err(if status.is_success() {
                let reason = if snippet.is_empty() {
                    "empty answer"
                } else {
                    "not JSON"
                };
                ProviderError::Malformed {
                    reason: reason.into(),
                    snippet,
                }
            } else {
                ProviderError::Http {
                    status: status.as_u16(),
                    snippet,
                }
            });
        };
        if let Some(message) = top_level_error(&answer) {
            // Classified without the key, should the provider echo it: a key containing
            // "key" or "token" must not turn any refusal into "invalid key".
            let message = self.redact(&message);
            if is_rate_limit_message(&message) {
                return Err(ProviderError::RateLimited { retry_after: None });
            }
            if let Some(order_id) = decode::order_id(&answer) {
                return Err(self.refused_with_order(&message, order_id));
            }
            return Err(self.api_error(api_error_kind(&message), &message));
        }
        if status.is_success() {
            Ok(answer)
        } else {
            Err(ProviderError::Http {
                status: status.as_u16(),
                snippet: self.redact(&snippet(body)),
            })
        }
    }

    fn transport_error(&self, error: reqwest::Error) -> ProviderError {
        // `without_url`: a key somebody put into the configured URL stays out of the message.
        let error = error.without_url();
        let detail = || self.redact(&error_chain(&error));
        if error.is_connect() {
            ProviderError::Connect(detail())
        } else if error.is_timeout() {
            ProviderError::Timeout
        } else {
            ProviderError::Transport(detail())
        }
    }

    fn redact(&self, text: &str) -> String {
        let key = self.key.expose();
        if key.is_empty() {
            text.to_string()
        } else {
            text.replace(key, REDACTED)
        }
    }
}

/// The time between two requests at `rps` a second: `1 s / rps` plus [`RATE_MARGIN_PERCENT`].
fn request_spacing(rps: NonZeroU32) -> Duration {
    let exact = Duration::from_secs(1) / rps.get();
    exact + exact * RATE_MARGIN_PERCENT / 100
}

/// Parses a body as JSON whatever its Content-Type, after a UTF-8 BOM and surrounding
/// whitespace. `None` for anything else, including an empty body.
fn parse_json(body: &[u8]) -> Option<Value> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let body = body.trim_ascii();
    if body.is_empty() {
        return None;
    }
    serde_json::from_slice(body).ok()
}

/// "Too many requests" said in the body with HTTP 200, as some panels do.
fn is_rate_limit_message(message: &str) -> bool {
    let norm = normalize_words(message);
    norm.contains("too many") || norm.contains("rate limit")
}

/// `Retry-After` in seconds; the HTTP-date form is rare on APIs and is ignored.
fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.headers().get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse().ok().map(Duration::from_secs)
}

/// The error and its sources on one line ("error sending request: connection refused").
fn error_chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The key travels in the request body, so a redirect may only stay on the same host and port,
/// or upgrade http to https on that host; never downgrade.
fn same_origin_redirects_only(attempt: Attempt) -> reqwest::redirect::Action {
    let allowed = attempt.previous().len() <= MAX_REDIRECTS
        && attempt
            .previous()
            .first()
            .is_some_and(|origin| may_follow(origin, attempt.url()));
    if allowed { attempt.follow() } else { attempt.stop() }
}

fn may_follow(origin: &Url, next: &Url) -> bool {
    let same_host = origin.host_str().is_some() && origin.host_str() == next.host_str();
    let same_origin =
        origin.scheme() == next.scheme() && origin.port_or_known_default() == next.port_or_known_default();
    let upgrade = origin.scheme() == "http" && next.scheme() == "https";
    same_host && (same_origin || upgrade)
}

/// An answer as it came: the status and the (capped) body.
#[derive(Debug, Clone)]
pub struct RawAnswer {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

impl RawAnswer {
    /// The body as JSON, past a BOM and whitespace; `None` when it is not JSON.
    pub fn json(&self) -> Option<Value> {
        parse_json(&self.body)
    }
}

/// Markers of the challenge pages firewalls serve to clients they take for bots.
const CHALLENGE_MARKERS: &[&str] = &[
    "just a moment",
    "cf-chl",
    "challenge-platform",
    "attention required! | cloudflare",
    "ddos-guard",
];

/// A firewall's browser challenge: a 403/503 HTML page with a known marker.
fn is_browser_challenge(status: StatusCode, body: &[u8]) -> bool {
    if !matches!(status.as_u16(), 403 | 503) {
        return false;
    }
    let page = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]).to_lowercase();
    CHALLENGE_MARKERS.iter().any(|marker| page.contains(marker))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProviderKind;
    use crate::vocabulary::RateUnit;
    use serde_json::json;

    fn http(key: &str) -> ProviderHttp {
        http_limited(key, None)
    }

    fn http_limited(key: &str, rps: Option<u32>) -> ProviderHttp {
        http_with(key, rps, Duration::from_secs(5))
    }

    fn http_with(key: &str, rps: Option<u32>, timeout: Duration) -> ProviderHttp {
        ProviderHttp::new(&ProviderConfig {
            name: "test".into(),
            kind: ProviderKind::PanelV2,
            url: None,
            key: Secret::new(key),
            rps,
            timeout,
            currency: None,
            rate_unit: RateUnit::PerThousand,
            default_min: 1,
            default_max: 1000,
            user_agent: None,
        })
        .unwrap()
    }

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[tokio::test]
    async fn a_turn_under_the_rate_limit_is_waited_for_no_longer_than_a_call() {
        // One request a second, calls of at most 5 × 20 ms: the second request in a row cannot
        // get its turn in time and is refused unsent (port 9 is never contacted).
        let http = http_with("k", Some(1), Duration::from_millis(20));
        http.limiter.as_ref().unwrap().until_ready().await;
        // Without the bound it would wait its turn and then fail to connect instead.
        let outcome = http
            .send_raw(http.request(Method::GET, &url("http://127.0.0.1:9/")))
            .await;
        assert!(
            matches!(outcome, Err(ProviderError::RateLimited { retry_after: None })),
            "{outcome:?}"
        );
        assert!(outcome.unwrap_err().definitely_not_placed());
    }

    #[test]
    fn the_spacing_is_the_rate_plus_a_margin() {
        let spacing = |rps| request_spacing(NonZeroU32::new(rps).unwrap());
        assert_eq!(spacing(2), Duration::from_millis(550));
        assert_eq!(spacing(1), Duration::from_millis(1100));
        assert_eq!(spacing(10), Duration::from_millis(110));
        // Never shorter than the exact period, however the division rounds.
        for rps in [3, 7, 1000] {
            assert!(spacing(rps) * rps >= Duration::from_secs(1), "{rps}");
        }
    }

    #[tokio::test]
    async fn requests_are_spaced_to_the_configured_rate_with_the_margin() {
        let http = http_limited("k", Some(10));
        let limiter = http.limiter.as_ref().expect("a limiter for RPS=10");
        let started = std::time::Instant::now();
        for _ in 0..11 {
            limiter.until_ready().await;
        }
        // Eleven requests at ten per second, without bursts and 110 ms apart, need at least
        // 1.1 s (a lower bound only: a busy machine may take longer).
        assert!(
            started.elapsed() >= Duration::from_millis(1090),
            "{:?}",
            started.elapsed()
        );
        assert!(http_limited("k", None).limiter.is_none());
        assert!(http_limited("k", Some(0)).limiter.is_none());
    }

    #[test]
    fn a_firewall_challenge_is_told_apart_from_an_outage() {
        let page = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>";
        assert_eq!(
            http("k").classify(StatusCode::FORBIDDEN, page),
            Err(ProviderError::Challenged { status: 403 })
        );
        let outage = b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>";
        assert!(matches!(
            http("k").classify(StatusCode::BAD_GATEWAY, outage),
            Err(ProviderError::Http { status: 502, .. })
        ));
    }

    #[test]
    fn redirects_stay_on_the_same_host_and_never_downgrade() {
        let origin = url("http://panel.example/api/v2");
        assert!(may_follow(&origin, &url("http://panel.example/api/v2/")));
        assert!(may_follow(&origin, &url("https://panel.example/api/v2")));
        assert!(!may_follow(&origin, &url("http://other.example/api/v2")));
        assert!(!may_follow(&origin, &url("http://panel.example:8080/api/v2")));
        let secure = url("https://panel.example/api/v2");
        assert!(!may_follow(&secure, &url("http://panel.example/api/v2")));
        assert!(!may_follow(&secure, &url("https://www.panel.example/api/v2")));
    }

    #[test]
    fn json_is_found_past_a_bom_and_whitespace() {
        assert_eq!(
            parse_json(b"\xEF\xBB\xBF \n{\"order\":1}\r\n"),
            Some(json!({"order": 1}))
        );
        assert_eq!(parse_json(b" \n "), None);
        assert_eq!(parse_json(b"<br /><b>Warning</b> {\"order\":1}"), None);
        assert_eq!(parse_json(b"{'balance': 500.00}"), None);
    }

    #[test]
    fn a_json_refusal_is_an_api_error_whatever_the_status() {
        let http = http("k");
        for status in [
            StatusCode::OK,
            StatusCode::PAYMENT_REQUIRED,
            StatusCode::SERVICE_UNAVAILABLE,
        ] {
            assert_eq!(
                http.classify(status, br#"{"error":"Not enough funds on balance"}"#),
                Err(ProviderError::Api {
                    kind: ApiErrorKind::InsufficientFunds,
                    message: "Not enough funds on balance".into(),
                }),
                "{status}"
            );
        }
    }

    #[test]
    fn rate_limits_said_in_the_body_are_rate_limits() {
        assert_eq!(
            http("k").classify(StatusCode::OK, br#"{"error":"Too many requests"}"#),
            Err(ProviderError::RateLimited { retry_after: None })
        );
    }

    #[test]
    fn bodies_that_are_not_json_depend_on_the_status() {
        let http = http("k");
        assert_eq!(
            http.classify(
                StatusCode::BAD_GATEWAY,
                b"<html>\n<h1>502 Bad Gateway</h1></html>"
            ),
            Err(ProviderError::Http {
                status: 502,
                snippet: "<html> <h1>502 Bad Gateway</h1></html>".into(),
            })
        );
        assert_eq!(
            http.classify(StatusCode::OK, b""),
            Err(ProviderError::Malformed {
                reason: "empty answer".into(),
                snippet: String::new(),
            })
        );
        assert_eq!(
            http.classify(StatusCode::OK, b"{\"order\":"),
            Err(ProviderError::Malformed {
                reason: "not JSON".into(),
                snippet: "{\"order\":".into(),
            })
        );
        assert_eq!(
            http.classify(StatusCode::INTERNAL_SERVER_ERROR, b"{\"order\":1}"),
            Err(ProviderError::Http {
                status: 500,
                snippet: "{\"order\":1}".into(),
            })
        );
        assert_eq!(http.classify(StatusCode::OK, b"[]"), Ok(json!([])));
    }

    #[test]
    fn the_key_is_scrubbed_from_echoed_text() {
        let http = http("s3cr3t-key");
        let errors = [
            http.classify(StatusCode::OK, br#"{"error":"Invalid API key s3cr3t-key"}"#),
            http.classify(StatusCode::OK, b"key=s3cr3t-key&action=add"),
            http.classify(StatusCode::FORBIDDEN, b"<p>s3cr3t-key</p>"),
        ];
        for error in errors {
            let text = error.unwrap_err().to_string();
            assert!(!text.contains("s3cr3t-key"), "{text}");
            assert!(text.contains(REDACTED), "{text}");
        }
        let malformed = http.malformed("odd", &json!({"echo": "s3cr3t-key"})).to_string();
        assert!(!malformed.contains("s3cr3t-key"), "{malformed}");
    }

    #[test]
    fn a_catalogue_skips_unreadable_items_but_not_all_of_them() {
        let http = http("k");
        let read = |item: &Value| decode::id(item).ok_or_else(|| "no id".to_string());
        let items = [json!("7"), json!(0), json!({"service": 3})];
        assert_eq!(
            http.catalogue(&json!(items), &items, "service", read),
            Ok(vec!["7".to_string()])
        );
        assert_eq!(http.catalogue(&json!([]), &[], "service", read), Ok(vec![]));
        let garbage = [json!(0), json!({"service": 3})];
        let answer = json!({"data": garbage});
        assert_eq!(
            http.catalogue(&answer, &garbage, "service", read),
            Err(ProviderError::Malformed {
                reason: "no service in the answer could be read".into(),
                snippet: answer.to_string(),
            })
        );
    }
}
