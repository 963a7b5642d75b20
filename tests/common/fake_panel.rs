//! A scriptable fake SMM panel on 127.0.0.1, for adapter and end-to-end tests.
//!
//! [`FakePanel::start`] behaves like a canonical panel (API v2): a small catalogue; `add` with
//! validation, the type-specific parameters (`comments`, `answer_number`, `runs`/`interval`) and
//! a balance that pays for orders; `status` for one or many orders (answer keyed by id);
//! `refill` and `refill_status` for one or many ids; bulk `cancel`; and `balance`.
//! [`FakePanel::start_bratanref`] speaks BratanREF's "API for panels" instead: referral
//! campaigns, `add`, single `status` with numeric codes, `balance`, and HTTP 400 refusals.
//!
//! Tests can change what an order or a refill reports, script the next answer(s) of an action
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
/// The first refill id the panel hands out; later ones count up from it.
pub const FIRST_REFILL_ID: u64 = 1;
/// The `date` every BratanREF order reports (the documented sample's).
const BRATANREF_DATE: u64 = 1728848582;

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

/// An order as the panel keeps it, with the type-specific parameters it was placed with.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeOrder {
    pub id: String,
    pub service: String,
    pub link: String,
    /// Everything the order delivers: one per comment for custom comments, runs × quantity
    /// for drip-feed.
    pub quantity: u64,
    pub charge: Decimal,
    /// A status word; on a BratanREF panel one of its codes "0", "1", "2".
    pub status: String,
    pub start_count: u64,
    pub remains: u64,
    pub comments: Option<String>,
    pub answer_number: Option<u64>,
    pub runs: Option<u64>,
    pub interval: Option<u64>,
}

/// A refill as the panel keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeRefill {
    pub id: String,
    pub order: String,
    pub status: String,
}

/// A catalogue entry of the canonical catalogue.
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
    dripfeed: bool,
}

const CATALOGUE: [FakeService; 5] = [
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
        dripfeed: false,
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
        dripfeed: false,
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
        dripfeed: true,
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
        dripfeed: false,
    },
    FakeService {
        id: 5,
        name: "Telegram poll votes",
        kind: "Poll",
        category: "Telegram",
        rate: "2.50",
        min: 10,
        max: 10000,
        refill: false,
        cancel: true,
        dripfeed: false,
    },
];

/// A BratanREF referral campaign: referrals into one mini-app bot.
#[derive(Debug, Clone)]
struct FakeCampaign {
    id: u64,
    name: &'static str,
    /// Per referral, as a JSON number (BratanREF sends `8.0`).
    rate: &'static str,
    min: u64,
    max: u64,
    url: &'static str,
}

const CAMPAIGNS: [FakeCampaign; 2] = [
    FakeCampaign {
        id: 1,
        name: "Notpixel",
        rate: "8.0",
        min: 1,
        max: 2500,
        url: "https://t.me/notpixel",
    },
    FakeCampaign {
        id: 2,
        name: "Yescoin",
        rate: "5.5",
        min: 10,
        max: 1000,
        url: "https://t.me/theYescoin_bot",
    },
];

/// Which API the fake speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Canonical,
    BratanRef,
}

enum Script {
    Reply(Reply),
    /// Sleep, then answer as usual: a slow panel still does the work.
    Stall(Duration),
    /// Sleep, then give this answer (and do nothing).
    StallThenReply(Duration, Reply),
}

struct Panel {
    flavour: Flavour,
    currency: String,
    balance: Decimal,
    orders: BTreeMap<String, FakeOrder>,
    next_order: u64,
    refills: BTreeMap<String, FakeRefill>,
    next_refill: u64,
    requests: Vec<ReceivedRequest>,
    scripts: HashMap<String, VecDeque<Script>>,
}

type Shared = Arc<Mutex<Panel>>;

/// A refusal's message; how it travels depends on the flavour.
type Outcome = Result<Value, String>;

pub struct FakePanel {
    url: Url,
    panel: Shared,
    server: JoinHandle<()>,
}

impl FakePanel {
    /// Starts a canonical panel at `/api/v2` with the default catalogue, a balance of
    /// 1000.00 USD and no orders.
    pub async fn start() -> Self {
        Self::start_as(Flavour::Canonical, "USD", "/api/v2").await
    }

    /// Starts a BratanREF "API for panels" at `/apiv2` with two referral campaigns
    /// (Notpixel, Yescoin), a balance of 1000 RUB and no orders.
    pub async fn start_bratanref() -> Self {
        Self::start_as(Flavour::BratanRef, "RUB", "/apiv2").await
    }

    async fn start_as(flavour: Flavour, currency: &str, path: &str) -> Self {
        let panel = Arc::new(Mutex::new(Panel {
            flavour,
            currency: currency.into(),
            balance: Decimal::from(1000),
            orders: BTreeMap::new(),
            next_order: FIRST_ORDER_ID,
            refills: BTreeMap::new(),
            next_refill: FIRST_REFILL_ID,
            requests: Vec::new(),
            scripts: HashMap::new(),
        }));
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake panel");
        let address = listener.local_addr().expect("fake panel address");
        let app = Router::new().route(path, any(handle)).with_state(panel.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake panel server");
        });
        Self {
            url: Url::parse(&format!("http://{address}{path}")).expect("fake panel URL"),
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

    /// The next request for `action` gets `reply`, only after `delay`.
    pub fn respond_next_after(&self, action: &str, delay: Duration, reply: Reply) {
        self.script(action, Script::StallThenReply(delay, reply));
    }

    /// What `status` reports for an order from now on (on a BratanREF panel, `status` is one
    /// of its codes "0", "1", "2"). An order the panel does not know (e.g. one whose `add` was
    /// scripted) is created with `quantity = remains`.
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
                comments: None,
                answer_number: None,
                runs: None,
                interval: None,
            });
        entry.status = status.to_string();
        entry.remains = remains;
    }

    /// Orders created so far, by id.
    pub fn orders(&self) -> Vec<FakeOrder> {
        self.lock().orders.values().cloned().collect()
    }

    /// What `refill_status` reports for a refill from now on.
    pub fn set_refill_status(&self, refill: &str, status: &str) {
        self.lock()
            .refills
            .get_mut(refill)
            .expect("a refill the panel created")
            .status = status.to_string();
    }

    /// Refills created so far, by id.
    pub fn refills(&self) -> Vec<FakeRefill> {
        self.lock().refills.values().cloned().collect()
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
        Some(Script::StallThenReply(delay, reply)) => {
            tokio::time::sleep(delay).await;
            return raw(reply);
        }
        Some(Script::Stall(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    let mut panel = panel.lock().expect("fake panel state");
    let outcome = if request.get("key").map(String::as_str) != Some(FAKE_KEY) {
        Err("Invalid API key".to_string())
    } else {
        match (panel.flavour, action.as_str()) {
            (_, "balance") => Ok(json!({
                "balance": panel.balance.normalize().to_string(),
                "currency": panel.currency,
            })),
            (Flavour::Canonical, "services") => Ok(services()),
            (Flavour::Canonical, "add") => panel.add(&request),
            (Flavour::Canonical, "status") => Ok(panel.status(&request)),
            (Flavour::Canonical, "refill") => Ok(panel.refill(&request)),
            (Flavour::Canonical, "refill_status") => Ok(panel.refill_status(&request)),
            (Flavour::Canonical, "cancel") => Ok(panel.cancel(&request)),
            (Flavour::BratanRef, "services") => Ok(campaigns()),
            (Flavour::BratanRef, "add") => panel.add_referrals(&request),
            (Flavour::BratanRef, "status") => panel.referral_status(&request),
            _ => Err("Incorrect request".to_string()),
        }
    };
    match (outcome, panel.flavour) {
        (Ok(answer), _) => axum::Json(answer).into_response(),
        // The canonical refusal comes with HTTP 200; BratanREF answers 400.
        (Err(message), Flavour::Canonical) => axum::Json(refusal(&message)).into_response(),
        (Err(message), Flavour::BratanRef) => {
            (StatusCode::BAD_REQUEST, axum::Json(refusal(&message))).into_response()
        }
    }
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
                "dripfeed": s.dripfeed,
            })
        })
        .collect()
}

/// BratanREF's documented shape: no type or category, a float rate, int limits, the bot url.
fn campaigns() -> Value {
    CAMPAIGNS
        .iter()
        .map(|c| {
            json!({
                "cancel": false,
                "max": c.max,
                "min": c.min,
                "name": c.name,
                "rate": number(c.rate),
                "refill": false,
                "service": c.id,
                "url": c.url,
            })
        })
        .collect()
}

impl Panel {
    fn add(&mut self, request: &ReceivedRequest) -> Outcome {
        let field = |name: &str| request.get(name).map(String::as_str).unwrap_or_default();
        let Some(service) = CATALOGUE.iter().find(|s| s.id.to_string() == field("service")) else {
            return Err("Incorrect service ID".into());
        };
        if field("link").trim().is_empty() {
            return Err("Incorrect link".into());
        }
        let comments = request.get("comments").cloned();
        // Custom comments deliver one item per line; any quantity sent is ignored.
        let per_run = match (service.kind, &comments) {
            ("Custom Comments", Some(comments)) => {
                comments.lines().filter(|l| !l.trim().is_empty()).count() as u64
            }
            ("Custom Comments", None) => return Err("Incorrect comments".into()),
            _ => field("quantity").parse::<u64>().unwrap_or(0),
        };
        if !(service.min..=service.max).contains(&per_run) {
            return Err("Incorrect quantity".into());
        }
        let positive = |name: &str| {
            request
                .get(name)
                .and_then(|v| v.parse::<u64>().ok())
                .filter(|n| *n > 0)
        };
        let answer_number = positive("answer_number");
        if service.kind == "Poll" && answer_number.is_none() {
            return Err("Incorrect answer number".into());
        }
        // The reference panel takes runs and interval only together.
        let (runs, interval) = match (request.get("runs"), request.get("interval")) {
            (None, None) => (None, None),
            _ if !service.dripfeed => return Err("Drip-feed is not available for this service".into()),
            _ => match (positive("runs"), positive("interval")) {
                (Some(runs), Some(interval)) => (Some(runs), Some(interval)),
                _ => return Err("Incorrect runs or interval".into()),
            },
        };
        let quantity = per_run * runs.unwrap_or(1);
        let charge = Decimal::from_str(service.rate).expect("catalogue rate") * Decimal::from(quantity)
            / Decimal::from(1000);
        let order = self.place(service.id, field("link"), quantity, charge)?;
        order.comments = comments;
        order.answer_number = answer_number;
        order.runs = runs;
        order.interval = interval;
        Ok(json!({ "order": order.id.parse::<u64>().expect("numeric id") }))
    }

    fn add_referrals(&mut self, request: &ReceivedRequest) -> Outcome {
        let field = |name: &str| request.get(name).map(String::as_str).unwrap_or_default();
        let Some(campaign) = CAMPAIGNS.iter().find(|c| c.id.to_string() == field("service")) else {
            return Err("Incorrect service ID".into());
        };
        // A referral link into the campaign's bot, with a start parameter.
        let link = field("link");
        if !link.starts_with(campaign.url) || !link.contains("startapp=") {
            return Err("Incorrect link: no referral code".into());
        }
        let Some(quantity) = field("quantity")
            .parse::<u64>()
            .ok()
            .filter(|q| (campaign.min..=campaign.max).contains(q))
        else {
            return Err("Incorrect quantity".into());
        };
        let charge = Decimal::from_str(campaign.rate).expect("campaign rate") * Decimal::from(quantity);
        let order = self.place(campaign.id, link, quantity, charge)?;
        order.status = "0".into();
        Ok(json!({ "order": order.id.parse::<u64>().expect("numeric id") }))
    }

    /// Pays for a new order and keeps it as Pending.
    fn place(
        &mut self,
        service: u64,
        link: &str,
        quantity: u64,
        charge: Decimal,
    ) -> Result<&mut FakeOrder, String> {
        let charge = charge.round_dp(5).normalize();
        if charge > self.balance {
            return Err("Not enough funds on balance".into());
        }
        self.balance -= charge;
        let id = self.next_order.to_string();
        self.next_order += 1;
        Ok(self.orders.entry(id.clone()).or_insert(FakeOrder {
            id,
            service: service.to_string(),
            link: link.to_string(),
            quantity,
            charge,
            status: "Pending".into(),
            start_count: 0,
            remains: quantity,
            comments: None,
            answer_number: None,
            runs: None,
            interval: None,
        }))
    }

    /// Single `order=` → the status or the refusal; `orders=` → an object keyed by id.
    fn status(&self, request: &ReceivedRequest) -> Value {
        let item = |id: &str| self.order_status(id).unwrap_or_else(|m| refusal(&m));
        if let Some(id) = request.get("order") {
            return item(id);
        }
        if !request.contains_key("orders") {
            return refusal("Incorrect request");
        }
        let keyed: serde_json::Map<String, Value> = list(request, "orders")
            .map(|id| (id.to_string(), item(id)))
            .collect();
        Value::Object(keyed)
    }

    fn order_status(&self, id: &str) -> Outcome {
        let order = self.orders.get(id).ok_or("Incorrect order ID")?;
        Ok(json!({
            "charge": order.charge.to_string(),
            "start_count": order.start_count.to_string(),
            "status": order.status,
            "remains": order.remains.to_string(),
            "currency": self.currency,
        }))
    }

    /// BratanREF's documented status object: the v1 code as an int, string numbers, extra
    /// fields and the misspelled `refferal_code`.
    fn referral_status(&self, request: &ReceivedRequest) -> Outcome {
        let id = request.get("order").ok_or("Incorrect request")?;
        let order = self.orders.get(id).ok_or("Incorrect order ID")?;
        let campaign = CAMPAIGNS.iter().find(|c| c.id.to_string() == order.service);
        let code = order
            .status
            .parse::<u64>()
            .expect("BratanREF statuses are the codes 0, 1 and 2");
        let referral_code = order.link.split_once("startapp=").map_or("", |(_, code)| code);
        Ok(json!({
            "category_id": order.service.parse::<u64>().ok(),
            "charge": order.charge.to_string(),
            "currency": self.currency,
            "date": BRATANREF_DATE,
            "name": campaign.map(|c| c.name),
            "order_id": number(id),
            "price_one": campaign.map(|c| c.rate),
            "quantity": order.quantity.to_string(),
            "quantity_executed": order.quantity.saturating_sub(order.remains).to_string(),
            "refferal_code": referral_code,
            "remains": order.remains.to_string(),
            "status": code,
            "url": order.link,
        }))
    }

    /// Single `order=` → `{"refill":"1"}`; `orders=` → `[{order, refill: id | {error}}]`.
    fn refill(&mut self, request: &ReceivedRequest) -> Value {
        if let Some(id) = request.get("order") {
            return match self.create_refill(id) {
                Ok(refill) => json!({ "refill": refill.to_string() }),
                Err(message) => refusal(&message),
            };
        }
        let items: Vec<Value> = list(request, "orders")
            .map(|id| {
                let refill = self.create_refill(id).map_or_else(|m| refusal(&m), Value::from);
                json!({ "order": number(id), "refill": refill })
            })
            .collect();
        Value::from(items)
    }

    fn create_refill(&mut self, order_id: &str) -> Result<u64, String> {
        let order = self.orders.get(order_id).ok_or("Incorrect order ID")?;
        if !service_allows(&order.service, |s| s.refill) {
            return Err("Refill is disabled for this service".into());
        }
        if !matches!(order.status.as_str(), "Completed" | "Partial") {
            return Err("Order is not completed".into());
        }
        let id = self.next_refill;
        self.next_refill += 1;
        self.refills.insert(
            id.to_string(),
            FakeRefill {
                id: id.to_string(),
                order: order_id.to_string(),
                status: "Pending".into(),
            },
        );
        Ok(id)
    }

    /// Single `refill=` → `{"status":…}`; `refills=` → `[{refill, status: str | {error}}]`.
    fn refill_status(&self, request: &ReceivedRequest) -> Value {
        let status = |id: &str| {
            self.refills
                .get(id)
                .map(|r| r.status.clone())
                .ok_or("Refill not found")
        };
        if let Some(id) = request.get("refill") {
            return status(id).map_or_else(refusal, |s| json!({ "status": s }));
        }
        let items: Vec<Value> = list(request, "refills")
            .map(|id| {
                let status = status(id).map_or_else(refusal, Value::from);
                json!({ "refill": number(id), "status": status })
            })
            .collect();
        Value::from(items)
    }

    /// Bulk only, as in the canonical doc: `orders=` → `[{order, cancel: 1 | {error}}]`. The
    /// cancel takes effect at once and refunds what was not delivered.
    fn cancel(&mut self, request: &ReceivedRequest) -> Value {
        if !request.contains_key("orders") {
            return refusal("Incorrect request");
        }
        let items: Vec<Value> = list(request, "orders")
            .map(|id| {
                let cancel = self
                    .cancel_order(id)
                    .map_or_else(|m| refusal(&m), |()| Value::from(1));
                json!({ "order": number(id), "cancel": cancel })
            })
            .collect();
        Value::from(items)
    }

    fn cancel_order(&mut self, id: &str) -> Result<(), String> {
        let order = self.orders.get_mut(id).ok_or("Incorrect order ID")?;
        if !service_allows(&order.service, |s| s.cancel) {
            return Err("Cancel is disabled for this service".into());
        }
        if !matches!(order.status.as_str(), "Pending" | "In progress" | "Awaiting") {
            return Err("Order cannot be canceled".into());
        }
        order.status = "Canceled".into();
        let refund = if order.quantity == 0 {
            order.charge
        } else {
            order.charge * Decimal::from(order.remains) / Decimal::from(order.quantity)
        };
        self.balance += refund.round_dp(5);
        Ok(())
    }
}

/// The ids of a comma-separated list parameter.
fn list<'a>(request: &'a ReceivedRequest, name: &str) -> impl Iterator<Item = &'a str> {
    request
        .get(name)
        .map(String::as_str)
        .unwrap_or_default()
        .split(',')
        .filter(|id| !id.is_empty())
}

/// Whether the order's catalogue service has a capability; orders the panel did not create
/// (no known service) are allowed everything.
fn service_allows(service: &str, flag: impl Fn(&FakeService) -> bool) -> bool {
    CATALOGUE
        .iter()
        .find(|s| s.id.to_string() == service)
        .is_none_or(flag)
}

/// A JSON number from its exact text (`8.0` stays `8.0`), or the text itself if it is not one.
fn number(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(value @ Value::Number(_)) => value,
        _ => Value::from(text),
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
