//! A scriptable fake of btj-system.xyz on 127.0.0.1, speaking the shapes of its documentation
//! (providers.md §1.4): every field a string, prices and balance in Toman, `startcount` without
//! the underscore, a lowercase `"done"`, the balance as a JSON number, `info` with a subscriber
//! count, and refusals as numeric codes in the body (`{"error":403}` for a wrong key).
//!
//! Like the fake panel, it accepts GET queries and POST forms, records every request, and lets
//! tests script the next answer(s) of an action (any status, raw body) or stall the next one.
//! Answers are sent as `text/html`, as PHP sends them.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use url::Url;

/// The API key the fake accepts; any other gets `{"error":403}`.
pub const FAKE_KEY: &str = "fake-btj-key-5d81e2";
/// The first order id the fake hands out; later ones count up from it.
pub const FIRST_ORDER_ID: u64 = 7000;
/// What `info` reports for any channel until a test says otherwise.
pub const SUBSCRIBERS: &str = "28106";

/// The `services` sample of btj's documentation, verbatim: not valid JSON (the first object
/// has no `{`, and a comma trails before `]`).
pub const DOCUMENTED_SERVICES_SAMPLE: &str = r#"[ "service":"1", "name":"Hayden Telegram ad", "category":"Member-real-mandatory", "rate":"8000","currency":"Toman", "min":"1000", "max":"100000", "status":"Pending" }, { "service":"2", "name":"fick Telegram ad", "category":"Member-no drop-fick", "rate":"12000", "currency":"Toman", "min":"500", "max":"10000", "status":"Pending" }, ]"#;

/// btj's codes, as the fake uses them.
pub const INSUFFICIENT_BALANCE: u16 = 401;
pub const INVALID_SERVICE: u16 = 402;
pub const INVALID_KEY: u16 = 403;
pub const WRONG_PARAMETER: u16 = 404;
pub const INELIGIBLE_ID: u16 = 501;

/// One received request: `action`, `key` and every other form or query field.
pub type ReceivedRequest = BTreeMap<String, String>;

/// An order as the fake keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeOrder {
    pub id: String,
    pub service: String,
    pub link: String,
    pub quantity: u64,
    /// In Toman.
    pub charge: Decimal,
    pub status: String,
    pub start_count: u64,
    pub remains: u64,
}

/// The documented catalogue, made valid: id, name, category, rate per 1000 in Toman, min, max.
const CATALOGUE: [(&str, &str, &str, &str, u64, u64); 2] = [
    (
        "1",
        "Hayden Telegram ad",
        "Member-real-mandatory",
        "8000",
        1000,
        100000,
    ),
    (
        "2",
        "fick Telegram ad",
        "Member-no drop-fick",
        "12000",
        500,
        10000,
    ),
];

enum Script {
    Reply {
        status: u16,
        body: String,
    },
    /// Sleep, then answer as usual: a slow provider still does the work.
    Stall(Duration),
}

struct Btj {
    balance: Decimal,
    subscribers: String,
    orders: BTreeMap<String, FakeOrder>,
    next_order: u64,
    requests: Vec<ReceivedRequest>,
    scripts: HashMap<String, VecDeque<Script>>,
}

type Shared = Arc<Mutex<Btj>>;

pub struct FakeBtj {
    url: Url,
    btj: Shared,
    server: JoinHandle<()>,
}

impl FakeBtj {
    /// Starts the fake with the documented catalogue, 1 000 000 Toman and no orders.
    pub async fn start() -> Self {
        let btj = Arc::new(Mutex::new(Btj {
            balance: Decimal::from(1_000_000),
            subscribers: SUBSCRIBERS.into(),
            orders: BTreeMap::new(),
            next_order: FIRST_ORDER_ID,
            requests: Vec::new(),
            scripts: HashMap::new(),
        }));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the fake btj");
        let address = listener.local_addr().expect("fake btj address");
        let app = Router::new().route("/api/", any(handle)).with_state(btj.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake btj server");
        });
        Self {
            url: Url::parse(&format!("http://{address}/api/")).expect("fake btj URL"),
            btj,
            server,
        }
    }

    /// The API endpoint, e.g. `http://127.0.0.1:41234/api/`.
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

    /// The next request for `action` gets this status and raw body instead of the documented
    /// answer (and does nothing). Several calls queue several answers.
    pub fn respond_next(&self, action: &str, status: u16, body: impl Into<String>) {
        self.script(
            action,
            Script::Reply {
                status,
                body: body.into(),
            },
        );
    }

    /// The next request for `action` is answered only after `delay`, as usual otherwise.
    pub fn stall_next(&self, action: &str, delay: Duration) {
        self.script(action, Script::Stall(delay));
    }

    /// What `status` reports for an order from now on. An order the fake does not know (e.g.
    /// one whose `add` was scripted) is created with `quantity = remains`.
    pub fn set_order_status(&self, order: &str, status: &str, remains: u64) {
        let mut btj = self.lock();
        let entry = btj.orders.entry(order.to_string()).or_insert_with(|| FakeOrder {
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

    pub fn set_balance(&self, toman: &str) {
        self.lock().balance = Decimal::from_str(toman).expect("a decimal balance");
    }

    pub fn balance(&self) -> Decimal {
        self.lock().balance
    }

    /// What `info` reports as any channel's `subscribers` from now on.
    pub fn set_subscribers(&self, count: &str) {
        self.lock().subscribers = count.to_string();
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

    fn lock(&self) -> MutexGuard<'_, Btj> {
        self.btj.lock().expect("fake btj state")
    }
}

impl Drop for FakeBtj {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The documentation allows GET or POST: fields come from the query and the form alike.
async fn handle(State(btj): State<Shared>, RawQuery(query): RawQuery, body: Bytes) -> Response {
    let mut request = ReceivedRequest::new();
    let query = query.unwrap_or_default();
    for source in [query.as_bytes(), &body[..]] {
        request.extend(url::form_urlencoded::parse(source).into_owned());
    }
    let action = request.get("action").cloned().unwrap_or_default();
    let script = {
        let mut btj = btj.lock().expect("fake btj state");
        btj.requests.push(request.clone());
        btj.scripts.get_mut(&action).and_then(VecDeque::pop_front)
    };
    match script {
        Some(Script::Reply { status, body }) => return php_answer(status, body),
        Some(Script::Stall(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    let mut btj = btj.lock().expect("fake btj state");
    let answer = if request.get("key").map(String::as_str) != Some(FAKE_KEY) {
        refusal(INVALID_KEY)
    } else {
        match action.as_str() {
            "services" => services(),
            "add" => btj.add(&request),
            "status" => btj.status(&request),
            "balance" => json!({
                "status": "success",
                "balance": Value::Number(btj.balance.normalize().to_string().parse().expect("a number")),
                "currency": "Toman",
            }),
            "info" => match request.get("link").filter(|link| !link.trim().is_empty()) {
                Some(link) => json!({
                    "status": "success",
                    "id": channel_id(link),
                    "subscribers": btj.subscribers,
                }),
                None => refusal(WRONG_PARAMETER),
            },
            _ => refusal(WRONG_PARAMETER),
        }
    };
    php_answer(200, answer.to_string())
}

fn services() -> Value {
    CATALOGUE
        .iter()
        .map(|(id, name, category, rate, min, max)| {
            json!({
                "service": id,
                "name": name,
                "category": category,
                "rate": rate,
                "currency": "Toman",
                "min": min.to_string(),
                "max": max.to_string(),
                "status": "Pending",
            })
        })
        .collect()
}

impl Btj {
    fn add(&mut self, request: &ReceivedRequest) -> Value {
        let field = |name: &str| request.get(name).map(String::as_str).unwrap_or_default();
        let Some((service, _, _, rate, min, max)) = CATALOGUE.iter().find(|s| s.0 == field("service")) else {
            return refusal(INVALID_SERVICE);
        };
        let link = field("link").trim();
        if link.is_empty() {
            return refusal(INELIGIBLE_ID);
        }
        let Some(quantity) = field("quantity")
            .parse::<u64>()
            .ok()
            .filter(|q| (*min..=*max).contains(q))
        else {
            return refusal(WRONG_PARAMETER);
        };
        let rate = Decimal::from_str(rate).expect("catalogue rate");
        let charge = (rate * Decimal::from(quantity) / Decimal::from(1000)).normalize();
        if charge > self.balance {
            return refusal(INSUFFICIENT_BALANCE);
        }
        self.balance -= charge;
        let id = self.next_order.to_string();
        self.next_order += 1;
        let start_count: u64 = self.subscribers.parse().unwrap_or_default();
        let order = FakeOrder {
            id: id.clone(),
            service: service.to_string(),
            link: link.to_string(),
            quantity,
            charge,
            status: "Pending".into(),
            start_count,
            remains: quantity,
        };
        let answer = json!({
            "order": id,
            "link": order.link,
            "quantity": quantity.to_string(),
            "charge": charge.to_string(),
            "remains": quantity.to_string(),
            "startcount": start_count.to_string(),
            "status": "Pending",
        });
        self.orders.insert(id, order);
        answer
    }

    /// The documented status answer, plus `remains` and `startcount` as `add` spells them.
    fn status(&self, request: &ReceivedRequest) -> Value {
        let Some(order) = request.get("order").and_then(|id| self.orders.get(id)) else {
            return refusal(WRONG_PARAMETER);
        };
        json!({
            "order": order.id,
            "link": order.link,
            "quantity": order.quantity.to_string(),
            "charge": order.charge.to_string(),
            "currency": "Toman",
            "status": order.status,
            "remains": order.remains.to_string(),
            "startcount": order.start_count.to_string(),
            "orders": null,
        })
    }
}

/// `@name` for `https://t.me/name` or `@name`; what `info` echoes as `id`.
fn channel_id(link: &str) -> String {
    let name = link.trim().trim_end_matches('/');
    let name = name.rsplit(['/', '@']).next().unwrap_or(name);
    format!("@{name}")
}

fn refusal(code: u16) -> Value {
    json!({ "error": code })
}

fn php_answer(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).expect("a valid HTTP status");
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=UTF-8"),
    );
    response
}
