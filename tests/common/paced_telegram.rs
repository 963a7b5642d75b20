//! Telegram's rate limits in front of the fake Bot API: a proxy on 127.0.0.1 that refuses, with
//! 429 and `retry_after` as Telegram does, a message to a chat sooner than `per_chat` after the
//! previous one to that chat, or one beyond the bot-wide rate (one per `overall`, with `burst`
//! messages of slack for the jitter between a client's pacing and our clock). Everything else
//! goes through to the fake unchanged. Opt-in: tests that want limits point their bot here.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::{Value, json};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::fake_telegram::TOKEN;

#[derive(Debug, Clone, Copy)]
pub struct RateLimits {
    pub per_chat: Duration,
    pub overall: Duration,
    pub burst: u32,
}

impl RateLimits {
    /// Telegram's limits (one message a second per chat, thirty a second in all), `times` as fast.
    pub fn telegram_faster(times: u32, burst: u32) -> Self {
        Self {
            per_chat: Duration::from_secs(1) / times,
            overall: Duration::from_secs(1) / 30 / times,
            burst,
        }
    }
}

pub struct PacedTelegram {
    address: SocketAddr,
    shared: Arc<Limiter>,
    server: JoinHandle<()>,
}

struct Limiter {
    upstream: reqwest::Url,
    client: reqwest::Client,
    limits: RateLimits,
    state: Mutex<LimiterState>,
    refused: AtomicUsize,
    /// Answers for these chats come this much later (after the message was taken).
    slow: Mutex<HashMap<i64, Duration>>,
    /// Messages the fake took: to which chat, and when.
    delivered: Mutex<Vec<(i64, Instant)>>,
}

#[derive(Default)]
struct LimiterState {
    last_to_chat: HashMap<i64, Instant>,
    /// The bot-wide rate as a virtual clock: each message taken moves it on by `overall`.
    overall_clock: Option<Instant>,
}

impl PacedTelegram {
    /// A proxy for the fake Bot API at `upstream` enforcing `limits`.
    pub async fn start(upstream: reqwest::Url, limits: RateLimits) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the proxy");
        let address = listener.local_addr().expect("proxy address");
        let shared = Arc::new(Limiter {
            upstream,
            client: reqwest::Client::new(),
            limits,
            state: Mutex::new(LimiterState::default()),
            refused: AtomicUsize::new(0),
            slow: Mutex::new(HashMap::new()),
            delivered: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/{bot}/{method}", any(relay))
            .with_state(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("rate-limiting proxy failed");
        });
        Self {
            address,
            shared,
            server,
        }
    }

    pub fn api_url(&self) -> reqwest::Url {
        format!("http://{}/", self.address).parse().expect("proxy URL")
    }

    pub fn bot(&self) -> teloxide::Bot {
        teloxide::Bot::new(TOKEN).set_api_url(self.api_url())
    }

    /// How many messages were refused with 429 so far.
    pub fn refused(&self) -> usize {
        self.shared.refused.load(Ordering::SeqCst)
    }

    /// Telegram answers messages to `chat` only after `delay`, as for a chat it is slow with.
    pub fn slow_chat(&self, chat: i64, delay: Duration) {
        lock(&self.shared.slow).insert(chat, delay);
    }

    /// Every message the fake took through this proxy: its chat and when, in order.
    pub fn delivered(&self) -> Vec<(i64, Instant)> {
        lock(&self.shared.delivered).clone()
    }

    pub fn stop(self) {
        self.server.abort();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Limiter {
    /// Takes a message to `chat` now, or says how long to wait.
    fn take(&self, chat: i64) -> Result<(), Duration> {
        let now = Instant::now();
        let mut state = lock(&self.state);
        if let Some(last) = state.last_to_chat.get(&chat) {
            let since = now.duration_since(*last);
            if since < self.limits.per_chat {
                return Err(self.limits.per_chat - since);
            }
        }
        let clock = state.overall_clock.unwrap_or(now).max(now);
        let slack = self.limits.overall * self.limits.burst;
        if clock > now + slack {
            return Err(clock - now - slack);
        }
        state.overall_clock = Some(clock + self.limits.overall);
        state.last_to_chat.insert(chat, now);
        Ok(())
    }
}

async fn relay(
    State(limiter): State<Arc<Limiter>>,
    Path((bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let method = method.to_ascii_lowercase();
    let chat = (method.starts_with("send") || method == "copymessage")
        .then(|| serde_json::from_slice::<Value>(&body).ok())
        .flatten()
        .and_then(|params| params.get("chat_id").and_then(Value::as_i64));
    if let Some(chat) = chat {
        if let Err(wait) = limiter.take(chat) {
            limiter.refused.fetch_add(1, Ordering::SeqCst);
            let seconds = wait.as_secs().max(1);
            let body = json!({
                "ok": false,
                "error_code": 429,
                "description": format!("Too Many Requests: retry after {seconds}"),
                "parameters": {"retry_after": seconds},
            });
            return (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
        }
        let delay = lock(&limiter.slow).get(&chat).copied();
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
    }
    // Not `Url::join`: the token's colon would read as a scheme.
    let url = format!("{}{bot}/{method}", limiter.upstream);
    let mut request = limiter.client.post(url).body(body);
    if let Some(content_type) = headers.get(header::CONTENT_TYPE) {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    match request.send().await {
        Ok(answer) => {
            let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
            let bytes = answer.bytes().await.unwrap_or_default();
            if let Some(chat) = chat.filter(|_| status.is_success()) {
                lock(&limiter.delivered).push((chat, Instant::now()));
            }
            (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response()
        }
        Err(e) => (StatusCode::BAD_GATEWAY, e.to_string()).into_response(),
    }
}
