//! A fake Crypto Pay API on 127.0.0.1: `getMe`, `createInvoice` and `getInvoices` with the real envelope,
//! invoices the test can mark paid or expired (or twist: another amount, another currency),
//! scripted raw answers and stalls for the next call of a method, and a signer for webhook
//! bodies, as Crypto Pay signs them.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The app token the fake accepts (and signs webhooks with).
pub const CRYPTOPAY_TOKEN: &str = "5555:AAfakeCryptoPayToken";
/// The first invoice id the fake hands out.
pub const FIRST_INVOICE_ID: i64 = 9000;

/// What the test wants the next call of a method to get.
#[derive(Debug, Clone)]
pub enum Scripted {
    /// This status and raw body.
    Raw(u16, String),
    /// No answer for this long (then the normal one).
    Stall(Duration),
}

#[derive(Default)]
struct FakeState {
    invoices: BTreeMap<i64, Value>,
    next_id: i64,
    scripted: HashMap<String, VecDeque<Scripted>>,
    /// (method, JSON body) of every authorised call.
    calls: Vec<(String, Value)>,
}

pub struct FakeCryptoPay {
    state: Arc<Mutex<FakeState>>,
    address: std::net::SocketAddr,
    server: Option<JoinHandle<()>>,
}

impl FakeCryptoPay {
    pub async fn start() -> Self {
        let state = Arc::new(Mutex::new(FakeState {
            next_id: FIRST_INVOICE_ID,
            ..FakeState::default()
        }));
        let app = Router::new()
            .route("/api/{method}", post(handle))
            .with_state(state.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            state,
            address,
            server: Some(server),
        }
    }

    fn state(&self) -> MutexGuard<'_, FakeState> {
        self.state.lock().expect("fake state")
    }

    /// The base URL to give the bot as `CRYPTOPAY_API_URL`.
    pub fn url(&self) -> String {
        format!("http://{}/api/", self.address)
    }

    /// The settings that point a shop at this fake.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("CRYPTOPAY_TOKEN", CRYPTOPAY_TOKEN.to_string()),
            ("CRYPTOPAY_API_URL", self.url()),
            ("CRYPTOPAY_ASSETS", "USDT,TON".to_string()),
        ]
    }

    pub fn invoices(&self) -> Vec<Value> {
        self.state().invoices.values().cloned().collect()
    }

    pub fn invoice(&self, id: i64) -> Value {
        self.state().invoices.get(&id).cloned().expect("such an invoice")
    }

    pub fn calls(&self, method: &str) -> usize {
        self.state().calls.iter().filter(|(m, _)| m == method).count()
    }

    /// The customer pays invoice `id` (paid in USDT).
    pub fn pay(&self, id: i64) {
        self.set(
            id,
            &[
                ("status", json!("paid")),
                ("paid_asset", json!("USDT")),
                ("paid_amount", json!("10.0")),
            ],
        );
    }

    /// Changes fields of invoice `id` as Crypto Pay would report them from now on.
    pub fn set(&self, id: i64, fields: &[(&str, Value)]) {
        let mut state = self.state();
        let invoice = state.invoices.get_mut(&id).expect("such an invoice");
        for (key, value) in fields {
            invoice[*key] = value.clone();
        }
    }

    /// The next call of `method` gets `scripted` first (several queue up).
    pub fn script(&self, method: &str, scripted: Scripted) {
        self.state()
            .scripted
            .entry(method.to_string())
            .or_default()
            .push_back(scripted);
    }

    /// An `invoice_paid` update for invoice `id` as it stands, as Crypto Pay would POST it.
    pub fn paid_update(&self, id: i64, update_id: i64) -> Vec<u8> {
        let update = json!({
            "update_id": update_id,
            "update_type": "invoice_paid",
            "request_date": "2026-12-04T10:00:00.000Z",
            "payload": self.invoice(id),
        });
        serde_json::to_vec(&update).expect("json")
    }

    /// The signature Crypto Pay would send with `body`.
    pub fn sign(body: &[u8]) -> String {
        smmbot::payments::cryptopay::webhook::sign(CRYPTOPAY_TOKEN, body)
    }

    pub async fn shutdown(mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
            let _ = server.await;
        }
    }
}

impl Drop for FakeCryptoPay {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

fn envelope(result: Value) -> Response {
    (StatusCode::OK, axum::Json(json!({"ok": true, "result": result}))).into_response()
}

fn refusal(status: StatusCode, code: u16, name: &str) -> Response {
    (
        status,
        axum::Json(json!({"ok": false, "error": {"code": code, "name": name}})),
    )
        .into_response()
}

async fn handle(
    State(state): State<Arc<Mutex<FakeState>>>,
    Path(method): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = headers.get("crypto-pay-api-token").and_then(|v| v.to_str().ok());
    if token != Some(CRYPTOPAY_TOKEN) {
        return refusal(StatusCode::UNAUTHORIZED, 401, "UNAUTHORIZED");
    }
    let next = state
        .lock()
        .expect("fake state")
        .scripted
        .get_mut(&method)
        .and_then(VecDeque::pop_front);
    match next {
        Some(Scripted::Raw(status, body)) => {
            return (StatusCode::from_u16(status).expect("status"), body).into_response();
        }
        Some(Scripted::Stall(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    let Ok(params) = serde_json::from_slice::<Value>(&body) else {
        return refusal(StatusCode::BAD_REQUEST, 400, "BAD_REQUEST");
    };
    let mut state = state.lock().expect("fake state");
    state.calls.push((method.clone(), params.clone()));
    let text = |key: &str| {
        params
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    match method.as_str() {
        "getMe" => envelope(json!({
            "app_id": 77,
            "name": "Fake shop app",
            "payment_processing_bot_username": "CryptoTestnetBot",
        })),
        "createInvoice" => {
            if text("currency_type") != "fiat" || text("amount").is_empty() {
                return refusal(StatusCode::BAD_REQUEST, 400, "AMOUNT_INVALID");
            }
            let id = state.next_id;
            state.next_id += 1;
            let invoice = json!({
                "invoice_id": id,
                "hash": format!("IV{id}"),
                "status": "active",
                "currency_type": "fiat",
                "fiat": text("fiat"),
                "amount": text("amount"),
                "accepted_assets": text("accepted_assets").split(',').collect::<Vec<_>>(),
                "bot_invoice_url": format!("https://t.me/CryptoBot?start=IV{id}"),
                "description": text("description"),
                "payload": text("payload"),
                "created_at": "2026-12-04T10:00:00.000Z",
                "expires_in": params.get("expires_in").cloned().unwrap_or(Value::Null),
            });
            state.invoices.insert(id, invoice.clone());
            envelope(invoice)
        }
        "getInvoices" => {
            let ids: Vec<i64> = text("invoice_ids")
                .split(',')
                .filter_map(|id| id.trim().parse().ok())
                .collect();
            let items: Vec<Value> = ids
                .iter()
                .filter_map(|id| state.invoices.get(id).cloned())
                .collect();
            envelope(json!({"items": items}))
        }
        _ => refusal(StatusCode::BAD_REQUEST, 400, "METHOD_NOT_FOUND"),
    }
}
