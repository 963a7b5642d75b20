//! A scriptable fake SMM panel (API v2) on 127.0.0.1, for adapter and end-to-end tests.
//!
//! By default it behaves like a canonical panel: a small catalogue, `add` with validation and a
//! balance that pays for orders, `status` for one or many orders (answer keyed by id), and
//! `balance`. Tests can change what an order reports, script the next answer(s) of an action
//! with any status code and raw body, or make the next request stall, and afterwards read every
//! request the panel received.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use url::Url;

/// The API key the fake panel accepts; any other gets `{"error":"Invalid API key"}`.
pub const FAKE_KEY: &str = "fake-panel-key-7f3a9c";
/// The first order id the panel hands out; later ones count up from it.
pub const FIRST_ORDER_ID: u64 = 1000;

/// One received request: `action`, `key` and every other form or query field.
pub type ReceivedRequest = BTreeMap<String, String>;

/// A raw answer for a scripted request. Without a Content-Type header it is sent as
/// `text/html; charset=UTF-8`, as many PHP panels do even for JSON.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// An order as the panel keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeOrder {
    pub id: String,
    pub service: String,
    pub link: String,
    pub quantity: u64,
    pub charge: Decimal,
    pub status: String,
    pub start_count: u64,
    pub remains: u64,
}

/// A catalogue entry of the default catalogue.
#[derive(Debug, Clone)]
struct FakeService {
    id: u64,
    name: &'static str,
    kind: &'static str,
    category: &'static str,
    /// Per 1000, in the panel currency.
    rate: &'static str,
    min: u64,
    max: u64,
    refill: bool,
    cancel: bool,
}

const CATALOGUE: [FakeService; 4] = [
    FakeService {
        id: 1,
        name: "Telegram subscribers",
        kind: "Default",
        category: "Telegram",
        rate: "0.90",
        min: 10,
        max: 10000,
        refill: true,
        cancel: true,
    },
    FakeService {
        id: 2,
        name: "Telegram post views",
        kind: "Default",
        category: "Telegram",
        rate: "0.05",
        min: 100,
        max: 100000,
        refill: false,
        cancel: false,
    },
    FakeService {
        id: 3,
        name: "Instagram followers",
        kind: "Default",
        category: "Instagram",
        rate: "1.20",
        min: 50,
        max: 5000,
        refill: true,
        cancel: false,
    },
    FakeService {
        id: 4,
        name: "Instagram custom comments",
        kind: "Custom Comments",
        category: "Instagram",
        rate: "8",
        min: 10,
        max: 1500,
        refill: false,
        cancel: true,
    },
];

enum Script {
    Reply(Reply),
    /// Sleep, then answer as usual: a slow panel still does the work.
    Stall(Duration),
}

struct Panel {
    currency: String,
    balance: Decimal,
    orders: BTreeMap<String, FakeOrder>,
    next_order: u64,
    requests: Vec<ReceivedRequest>,
    scripts: HashMap<String, VecDeque<Script>>,
}

type Shared = Arc<Mutex<Panel>>;

pub struct FakePanel {
    url: Url,
    panel: Shared,
    server: JoinHandle<()>,
}

impl FakePanel {
    /// Starts a panel with the default catalogue, a balance of 1000.00 USD and no orders.
    pub async fn start() -> Self {
        let panel = Arc::new(Mutex::new(Panel {
            currency: "USD".into(),
            balance: Decimal::from(1000),
            orders: BTreeMap::new(),
            next_order: FIRST_ORDER_ID,
            requests: Vec::new(),
            scripts: HashMap::new(),
        }));
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake panel");
        let address = listener.local_addr().expect("fake panel address");
        let app = Router::new()
            .route("/api/v2", any(handle))
            .with_state(panel.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake panel server");
        });
        Self {
            url: Url::parse(&format!("http://{address}/api/v2")).expect("fake panel URL"),
            panel,
            server,
        }
    }

    /// The API endpoint, e.g. `http://127.0.0.1:41234/api/v2`.
    pub fn url(&self) -> Url {
        self.url.clone()
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        self.lock().requests.clone()
    }

    /// The received requests of one action, oldest first.
    pub fn requests_for(&self, action: &str) -> Vec<ReceivedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.get("action").map(String::as_str) == Some(action))
            .collect()
    }

    /// The next request for `action` gets this answer instead of the canonical one (and does
    /// nothing). Several calls queue several answers.
    pub fn respond_next(&self, action: &str, reply: Reply) {
        self.script(action, Script::Reply(reply));
    }

    /// The next request for `action` is answered only after `delay`, as usual otherwise.
    pub fn stall_next(&self, action: &str, delay: Duration) {
        self.script(action, Script::Stall(delay));
    }

    /// What `status` reports for an order from now on. An order the panel does not know
    /// (e.g. one whose `add` was scripted) is created with `quantity = remains`.
    pub fn set_order_status(&self, order: &str, status: &str, remains: u64) {
        let mut panel = self.lock();
        let entry = panel
            .orders
            .entry(order.to_string())
            .or_insert_with(|| FakeOrder {
                id: order.to_string(),
                service: String::new(),
                link: String::new(),
                quantity: remains,
                charge: Decimal::ZERO,
                status: String::new(),
                start_count: 0,
                remains,
            });
        entry.status = status.to_string();
        entry.remains = remains;
    }

    /// Orders created so far, by id.
    pub fn orders(&self) -> Vec<FakeOrder> {
        self.lock().orders.values().cloned().collect()
    }

    pub fn set_balance(&self, amount: &str) {
        self.lock().balance = Decimal::from_str(amount).expect("a decimal balance");
    }

    pub fn balance(&self) -> Decimal {
        self.lock().balance
    }

    /// The account currency, used in `balance` and `status` answers.
    pub fn set_currency(&self, code: &str) {
        self.lock().currency = code.to_string();
    }

    pub async fn shutdown(mut self) {
        self.server.abort();
        // The listener is closed once the aborted task is gone.
        let _ = (&mut self.server).await;
    }

    fn script(&self, action: &str, script: Script) {
        self.lock()
            .scripts
            .entry(action.to_string())
            .or_default()
            .push_back(script);
    }

    fn lock(&self) -> MutexGuard<'_, Panel> {
        self.panel.lock().expect("fake panel state")
    }
}

impl Drop for FakePanel {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Accepts GET queries and POST forms alike, as real panels do.
async fn handle(State(panel): State<Shared>, RawQuery(query): RawQuery, body: Bytes) -> Response {
    let mut request = ReceivedRequest::new();
    let query = query.unwrap_or_default();
    for source in [query.as_bytes(), &body[..]] {
        request.extend(url::form_urlencoded::parse(source).into_owned());
    }
    let action = request.get("action").cloned().unwrap_or_default();
    let script = {
        let mut panel = panel.lock().expect("fake panel state");
        panel.requests.push(request.clone());
        panel.scripts.get_mut(&action).and_then(VecDeque::pop_front)
    };
    match script {
        Some(Script::Reply(reply)) => return raw(reply),
        Some(Script::Stall(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    let mut panel = panel.lock().expect("fake panel state");
    let answer = if request.get("key").map(String::as_str) != Some(FAKE_KEY) {
        refusal("Invalid API key")
    } else {
        match action.as_str() {
            "services" => services(),
            "add" => panel.add(&request),
            "status" => panel.status(&request),
            "balance" => json!({
                "balance": panel.balance.normalize().to_string(),
                "currency": panel.currency,
            }),
            _ => refusal("Incorrect request"),
        }
    };
    axum::Json(answer).into_response()
}

fn services() -> Value {
    CATALOGUE
        .iter()
        .map(|s| {
            // Canonical mixed typing: numeric id, string rate and limits, boolean flags.
            json!({
                "service": s.id,
                "name": s.name,
                "type": s.kind,
                "category": s.category,
                "rate": s.rate,
                "min": s.min.to_string(),
                "max": s.max.to_string(),
                "refill": s.refill,
                "cancel": s.cancel,
            })
        })
        .collect()
}

impl Panel {
    fn add(&mut self, request: &ReceivedRequest) -> Value {
        let field = |name: &str| request.get(name).map(String::as_str).unwrap_or_default();
        let Some(service) = CATALOGUE.iter().find(|s| s.id.to_string() == field("service")) else {
            return refusal("Incorrect service ID");
        };
        if field("link").trim().is_empty() {
            return refusal("Incorrect link");
        }
        let Some(quantity) = field("quantity")
            .parse::<u64>()
            .ok()
            .filter(|q| (service.min..=service.max).contains(q))
        else {
            return refusal("Incorrect quantity");
        };
        let rate = Decimal::from_str(service.rate).expect("catalogue rate");
        let charge = (rate * Decimal::from(quantity) / Decimal::from(1000))
            .round_dp(5)
            .normalize();
        if charge > self.balance {
            return refusal("Not enough funds on balance");
        }
        self.balance -= charge;
        let number = self.next_order;
        self.next_order += 1;
        let id = number.to_string();
        self.orders.insert(
            id.clone(),
            FakeOrder {
                id: id.clone(),
                service: service.id.to_string(),
                link: field("link").to_string(),
                quantity,
                charge,
                status: "Pending".into(),
                start_count: 0,
                remains: quantity,
            },
        );
        json!({ "order": number })
    }

    fn status(&self, request: &ReceivedRequest) -> Value {
        if let Some(id) = request.get("order") {
            return self.order_status(id);
        }
        let Some(ids) = request.get("orders") else {
            return refusal("Incorrect request");
        };
        let keyed: serde_json::Map<String, Value> = ids
            .split(',')
            .map(|id| (id.to_string(), self.order_status(id)))
            .collect();
        Value::Object(keyed)
    }

    fn order_status(&self, id: &str) -> Value {
        match self.orders.get(id) {
            Some(order) => json!({
                "charge": order.charge.to_string(),
                "start_count": order.start_count.to_string(),
                "status": order.status,
                "remains": order.remains.to_string(),
                "currency": self.currency,
            }),
            None => refusal("Incorrect order ID"),
        }
    }
}

fn refusal(message: &str) -> Value {
    json!({ "error": message })
}

fn raw(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).expect("a valid HTTP status");
    let mut response = (status, reply.body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=UTF-8"),
    );
    for (name, value) in reply.headers {
        headers.insert(
            HeaderName::from_str(&name).expect("a header name"),
            HeaderValue::from_str(&value).expect("a header value"),
        );
    }
    response
}
