//! A scriptable fake of BratanREF API v1 (api.tgcryptoref.com) on 127.0.0.1, for adapter tests.
//!
//! By default it behaves as the provider documents (providers.md §1.1): a Bearer key, a few
//! mini-app campaigns, `POST /tasks` that checks the referral link and pays from a balance, and
//! `POST /task_info` with the documented fields, misspelled `refferal_code` included. Refusals
//! are FastAPI-shaped: `{"status":"BAD","error_code":..,"detail":..}` with HTTP 400, `{"error":..}`
//! and 422 `{"detail":[{loc,msg,type}]}`. Tests can set what a task reports, script the next
//! answer of a path with any status and raw body, or stall it, and read every request with the
//! instant it arrived (to check the rate limit at the server).
//!
//! Scripted answers reuse the fake panel's [`Reply`]: declare `fake_panel` beside this module.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use url::Url;

pub use super::fake_panel::Reply;

/// The API key the fake accepts as `Authorization: Bearer <key>`.
pub const FAKE_KEY: &str = "bratanref-test-7c41d9e05a";
/// The first order id the fake hands out; later ones count up from it.
pub const FIRST_ORDER_ID: u64 = 300;
/// The documented success status: Cyrillic О and К, not Latin "OK".
pub const CYRILLIC_OK: &str = "\u{41e}\u{41a}";
/// The balance a fresh fake starts with, in roubles.
pub const START_BALANCE: &str = "500.00";

/// One mini-app referral campaign ("category").
#[derive(Debug, Clone, Copy)]
pub struct Campaign {
    pub category_id: u64,
    pub name: &'static str,
    /// Per referral, as the JSON float the provider sends.
    pub price: &'static str,
    /// The mini-app's bot: referral links must point into it.
    pub bot: &'static str,
}

impl Campaign {
    pub fn url(&self) -> String {
        format!("https://t.me/{}", self.bot)
    }
}

pub const CAMPAIGNS: [Campaign; 3] = [
    Campaign {
        category_id: 8,
        name: "Notpixel",
        price: "8.0",
        bot: "notpixel",
    },
    Campaign {
        category_id: 1,
        name: "Yescoin",
        price: "12.5",
        bot: "theYescoin_bot",
    },
    Campaign {
        category_id: 21,
        name: "Wcoin",
        price: "5.0",
        bot: "wcoin_tapbot",
    },
];

/// One received request, as it arrived.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    pub method: Method,
    pub path: String,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    /// The body as JSON; `None` when it is empty or not JSON.
    pub body: Option<Value>,
    pub at: Instant,
}

/// A task (order) as the provider keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeTask {
    pub order_id: u64,
    pub category_id: u64,
    pub quantity: i64,
    pub quantity_executed: u64,
    pub price_one: Decimal,
    pub cost: Decimal,
    pub url: String,
    pub referral_code: String,
    /// 0 in work, 1 done, 2 canceled; tests may set anything.
    pub status: i64,
    pub cancel_reason: Option<String>,
    pub date: u64,
}

enum Script {
    Reply(Reply),
    /// Do the work at once but hold the answer back: the provider acted even if the client
    /// gave up waiting (a dropped connection cancels the handler, so the work cannot wait).
    Stall(Duration),
}

struct Provider {
    balance: Decimal,
    tasks: BTreeMap<u64, FakeTask>,
    next_order: u64,
    requests: Vec<ReceivedRequest>,
    scripts: HashMap<String, VecDeque<Script>>,
}

type Shared = Arc<Mutex<Provider>>;
type Answer = (StatusCode, Value);

pub struct FakeBratanRef {
    url: Url,
    provider: Shared,
    server: JoinHandle<()>,
}

impl FakeBratanRef {
    /// Starts the fake with [`CAMPAIGNS`], a balance of [`START_BALANCE`] and no tasks.
    pub async fn start() -> Self {
        let provider = Arc::new(Mutex::new(Provider {
            balance: decimal(START_BALANCE),
            tasks: BTreeMap::new(),
            next_order: FIRST_ORDER_ID,
            requests: Vec::new(),
            scripts: HashMap::new(),
        }));
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake BratanREF");
        let address = listener.local_addr().expect("fake BratanREF address");
        // One handler for every path, so unknown paths and wrong methods are recorded too.
        let app = Router::new().fallback(handle).with_state(provider.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake BratanREF server");
        });
        Self {
            url: Url::parse(&format!("http://{address}")).expect("fake BratanREF URL"),
            provider,
            server,
        }
    }

    /// The API base, e.g. `http://127.0.0.1:41234/`; paths such as `/balance` sit under it.
    pub fn url(&self) -> Url {
        self.url.clone()
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        self.lock().requests.clone()
    }

    /// The received requests for one path (e.g. `/tasks`), oldest first.
    pub fn requests_for(&self, path: &str) -> Vec<ReceivedRequest> {
        self.requests().into_iter().filter(|r| r.path == path).collect()
    }

    /// The next request for `path` gets this answer instead of the documented one (and does
    /// nothing). Without a Content-Type header it is sent as `application/json`, as FastAPI
    /// does. Several calls queue several answers.
    pub fn respond_next(&self, path: &str, reply: Reply) {
        self.script(path, Script::Reply(reply));
    }

    /// The next request for `path` is handled as usual at once, but answered only after `delay`.
    pub fn stall_next(&self, path: &str, delay: Duration) {
        self.script(path, Script::Stall(delay));
    }

    /// What `/task_info` reports for a task from now on.
    pub fn set_task(&self, order_id: u64, status: i64, quantity_executed: u64, cancel_reason: Option<&str>) {
        let mut provider = self.lock();
        let task = provider
            .tasks
            .get_mut(&order_id)
            .unwrap_or_else(|| panic!("the fake has no task {order_id}"));
        task.status = status;
        task.quantity_executed = quantity_executed;
        task.cancel_reason = cancel_reason.map(str::to_string);
    }

    /// Tasks created so far, by id.
    pub fn tasks(&self) -> Vec<FakeTask> {
        self.lock().tasks.values().cloned().collect()
    }

    pub fn set_balance(&self, amount: &str) {
        self.lock().balance = decimal(amount);
    }

    pub fn balance(&self) -> Decimal {
        self.lock().balance
    }

    pub async fn shutdown(mut self) {
        self.server.abort();
        // The listener is closed once the aborted task is gone.
        let _ = (&mut self.server).await;
    }

    fn script(&self, path: &str, script: Script) {
        self.lock()
            .scripts
            .entry(path.to_string())
            .or_default()
            .push_back(script);
    }

    fn lock(&self) -> MutexGuard<'_, Provider> {
        self.provider.lock().expect("fake BratanREF state")
    }
}

impl Drop for FakeBratanRef {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn handle(
    State(provider): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header_text = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let request = ReceivedRequest {
        method,
        path: uri.path().to_string(),
        authorization: header_text(header::AUTHORIZATION),
        content_type: header_text(header::CONTENT_TYPE),
        body: serde_json::from_slice(&body).ok(),
        at: Instant::now(),
    };
    let (status, answer, delay) = {
        let mut provider = provider.lock().expect("fake BratanREF state");
        provider.requests.push(request.clone());
        let script = provider
            .scripts
            .get_mut(&request.path)
            .and_then(VecDeque::pop_front);
        let delay = match script {
            Some(Script::Reply(reply)) => return scripted(reply),
            Some(Script::Stall(delay)) => delay,
            None => Duration::ZERO,
        };
        let (status, answer) = provider.answer(&request);
        (status, answer, delay)
    };
    tokio::time::sleep(delay).await;
    (status, axum::Json(answer)).into_response()
}

impl Provider {
    fn answer(&mut self, request: &ReceivedRequest) -> Answer {
        if request.authorization.as_deref() != Some(format!("Bearer {FAKE_KEY}").as_str()) {
            return (StatusCode::UNAUTHORIZED, json!({ "error": "Invalid token" }));
        }
        match (&request.method, request.path.as_str()) {
            (&Method::GET, "/balance") => (StatusCode::OK, json!({ "balance": number(self.balance) })),
            (&Method::GET, "/services") => (StatusCode::OK, services()),
            (&Method::POST, "/tasks") => self.create_task(request.body.as_ref()),
            (&Method::POST, "/task_info") => self.task_info(request.body.as_ref()),
            (_, "/balance" | "/services" | "/tasks" | "/task_info") => (
                StatusCode::METHOD_NOT_ALLOWED,
                json!({ "detail": "Method Not Allowed" }),
            ),
            _ => (StatusCode::NOT_FOUND, json!({ "detail": "Not Found" })),
        }
    }

    fn create_task(&mut self, body: Option<&Value>) -> Answer {
        let mut fields = Fields::of(body);
        let (Some(category_id), Some(quantity), Some(link)) = (
            fields.int("category_id"),
            fields.int("quantity"),
            fields.string("url"),
        ) else {
            return fields.rejection();
        };
        let Some(campaign) = CAMPAIGNS
            .iter()
            .find(|c| i64::try_from(c.category_id) == Ok(category_id))
        else {
            return bad(102, "Категория не найдена");
        };
        if quantity < 1 {
            return bad(102, "Количество должно быть больше нуля");
        }
        let Some(referral_code) = referral_code(&link, campaign.bot) else {
            return bad(100, "Ошибка парсинга реферального кода");
        };
        let price_one = decimal(campaign.price);
        let cost = price_one * Decimal::from(quantity);
        if cost > self.balance {
            return bad(101, "Недостаток баланса");
        }
        self.balance -= cost;
        let order_id = self.next_order;
        self.next_order += 1;
        self.tasks.insert(
            order_id,
            FakeTask {
                order_id,
                category_id: campaign.category_id,
                quantity,
                quantity_executed: 0,
                price_one,
                cost,
                url: link,
                referral_code,
                status: 0,
                cancel_reason: None,
                date: 1_728_848_582 + order_id,
            },
        );
        (
            StatusCode::OK,
            json!({ "status": CYRILLIC_OK, "order_id": order_id }),
        )
    }

    fn task_info(&self, body: Option<&Value>) -> Answer {
        let mut fields = Fields::of(body);
        let Some(order_id) = fields.int("order_id") else {
            return fields.rejection();
        };
        let Some(task) = u64::try_from(order_id).ok().and_then(|id| self.tasks.get(&id)) else {
            return (StatusCode::BAD_REQUEST, json!({ "error": "Заказ не найден" }));
        };
        let name = CAMPAIGNS
            .iter()
            .find(|c| c.category_id == task.category_id)
            .map_or("", |c| c.name);
        (
            StatusCode::OK,
            json!({
                "order_id": task.order_id,
                "category_id": task.category_id,
                "name": name,
                "quantity": task.quantity,
                "quantity_executed": task.quantity_executed,
                "price_one": number(task.price_one),
                "cost": number(task.cost),
                "url": task.url,
                "refferal_code": task.referral_code,
                "status": task.status,
                "cancel_reason": task.cancel_reason,
                "date": task.date,
            }),
        )
    }
}

fn services() -> Value {
    CAMPAIGNS
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "price": number(decimal(c.price)),
                "category_id": c.category_id,
                "url": c.url(),
            })
        })
        .collect()
}

/// The start parameter of a link into `bot`'s mini-app (`https://t.me/<bot>/app?startapp=…` or
/// `https://t.me/<bot>?start=…`); `None` for anything else. Bot names ignore case, as Telegram's do.
fn referral_code(link: &str, bot: &str) -> Option<String> {
    let url = Url::parse(link).ok()?;
    let first_segment = url.path_segments()?.next()?;
    let into_bot = matches!(url.scheme(), "https" | "http")
        && url.host_str() == Some("t.me")
        && first_segment.eq_ignore_ascii_case(bot);
    if !into_bot {
        return None;
    }
    url.query_pairs()
        .find(|(key, _)| key == "startapp" || key == "start")
        .map(|(_, code)| code.into_owned())
        .filter(|code| !code.is_empty())
}

/// Reads a JSON body's fields as FastAPI would, collecting pydantic-style errors for a 422.
struct Fields<'a> {
    body: Option<&'a Value>,
    errors: Vec<Value>,
}

impl<'a> Fields<'a> {
    fn of(body: Option<&'a Value>) -> Self {
        let mut errors = Vec::new();
        if !body.is_some_and(Value::is_object) {
            errors.push(json!({
                "loc": ["body"],
                "msg": "Input should be a valid dictionary or object to extract fields from",
                "type": "model_attributes_type",
            }));
        }
        Self { body, errors }
    }

    fn int(&mut self, name: &str) -> Option<i64> {
        let value = self.field(name)?;
        let int = value.as_i64();
        if int.is_none() {
            self.invalid(name, "Input should be a valid integer", "int_type");
        }
        int
    }

    fn string(&mut self, name: &str) -> Option<String> {
        let value = self.field(name)?;
        let string = value.as_str().map(str::to_string);
        if string.is_none() {
            self.invalid(name, "Input should be a valid string", "string_type");
        }
        string
    }

    fn field(&mut self, name: &str) -> Option<&'a Value> {
        let body = self.body.filter(|b| b.is_object())?;
        let value = body.get(name);
        if value.is_none() {
            self.invalid(name, "Field required", "missing");
        }
        value
    }

    fn invalid(&mut self, name: &str, msg: &str, kind: &str) {
        self.errors
            .push(json!({ "loc": ["body", name], "msg": msg, "type": kind }));
    }

    fn rejection(self) -> Answer {
        (StatusCode::UNPROCESSABLE_ENTITY, json!({ "detail": self.errors }))
    }
}

/// A refusal of `POST /tasks`, as documented.
fn bad(error_code: u16, detail: &str) -> Answer {
    (
        StatusCode::BAD_REQUEST,
        json!({ "status": "BAD", "error_code": error_code, "detail": detail }),
    )
}

fn decimal(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal")
}

/// Money as a JSON number with its exact digits (`8.0`, `500.00`), as Python floats print.
fn number(amount: Decimal) -> Value {
    serde_json::from_str(&amount.to_string()).expect("a decimal is a JSON number")
}

fn scripted(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).expect("a valid HTTP status");
    let mut response = (status, reply.body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    for (name, value) in reply.headers {
        headers.insert(
            HeaderName::from_str(&name).expect("a header name"),
            HeaderValue::from_str(&value).expect("a header value"),
        );
    }
    response
}
