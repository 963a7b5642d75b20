//! The money soak: thousands of randomly interleaved operations on the real domain code —
//! placing orders (answered at once, refused, timing out, answered with an id the provider gave
//! before, or held in flight while everything else goes on), the poller with a scripted
//! provider, admin refunds and credits, customer cancels, settlements of unknown outcomes, Stars
//! payments delivered more than once, Crypto Pay invoices made and reported paid (a replayed
//! report racing the poller's, a mismatching amount or currency, a status going back), Stars refunds ("refund anyway" included, and money spent
//! while Telegram refunds), promo codes (credits, and discounts taken off the next order, given
//! back when it is refused), submissions that outlive the poller's grace, and crashes that drop
//! an operation midway and reopen the database. After every operation every money invariant is
//! checked; a failure prints its seed and the operations that led to it.
//!
//! `SOAK_SEEDS=first..last` and `SOAK_OPS=n` run other seeds or longer runs locally.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use rust_decimal::Decimal;
use smmbot::audit;
use smmbot::catalogue;
use smmbot::config::{Config, ReferralRates};
use smmbot::db::Db;
use smmbot::db::catalogue::Service;
use smmbot::db::ledger::{LedgerKind, Movement};
use smmbot::db::users::Seen;
use smmbot::error::{ApiErrorKind, ProviderError};
use smmbot::i18n::Lang;
use smmbot::money::Currency;
use smmbot::orders::poller::Poller;
use smmbot::orders::{self, OrderRequest, PlaceOutcome, actions, pending};
use smmbot::payments;
use smmbot::payments::cryptopay::client::RemoteInvoice;
use smmbot::payments::cryptopay::invoices::{self as crypto_invoices, Begun, Tell};
use smmbot::payments::promo::terms;
use smmbot::payments::refunds::{PaymentKey, RefundConsent};
use smmbot::payments::stars::{PaymentReceived, STARS_CURRENCY};
use smmbot::pricing::Pricing;
use smmbot::providers::{
    Balance, Cap, NewOrder, OrderStatus, PerId, Provider, ProviderHandle, Providers, RemoteState,
    ServiceListing,
};
use smmbot::vocabulary::{OrderExtras, OrderOrigin, OrderState, RateUnit, ServiceKind};
use tempfile::TempDir;
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;

const ADMIN: i64 = 1;
const CUSTOMERS: [i64; 3] = [101, 102, 103];
/// 10% to who brought a customer, 3.33% to who brought that one.
const REFERRAL_RATES: ReferralRates = ReferralRates {
    first: Some(1000),
    second: Some(333),
};
const PROVIDER: &str = "soak";
/// Seeds run in CI. With any of the issue-10 fixes undone, seeds 1 and 2 fail within 250
/// operations; a seed that ever fails on its own joins this list as a regression case.
const CI_SEEDS: std::ops::RangeInclusive<u64> = 1..=20;
const CI_OPS: usize = 5_000;
/// Seeds soaked at the same time.
const PARALLEL_SEEDS: usize = 4;
/// Every this many operations the invariants are checked over the whole database, not only
/// over what the operation touched.
const FULL_CHECK_EVERY: usize = 500;
/// The soak's own bookkeeping in its database: what each operation touched, for the audit's
/// scope. Rolled back with whatever it records.
const TRACK_TOUCHED: &str = "
    CREATE TABLE soak_touched (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, id INTEGER NOT NULL);
    CREATE TRIGGER soak_order_new AFTER INSERT ON orders
        BEGIN INSERT INTO soak_touched (kind, id) VALUES ('order', NEW.id); END;
    CREATE TRIGGER soak_order_changed AFTER UPDATE ON orders
        BEGIN INSERT INTO soak_touched (kind, id) VALUES ('order', NEW.id); END;
    CREATE TRIGGER soak_payment_new AFTER INSERT ON payments
        BEGIN INSERT INTO soak_touched (kind, id) VALUES ('payment', NEW.id); END;
    CREATE TRIGGER soak_payment_changed AFTER UPDATE ON payments
        BEGIN INSERT INTO soak_touched (kind, id) VALUES ('payment', NEW.id); END;
    CREATE TRIGGER soak_crypto_new AFTER INSERT ON crypto_invoices
        BEGIN INSERT INTO soak_touched (kind, id) VALUES ('crypto', NEW.id); END;
    CREATE TRIGGER soak_crypto_changed AFTER UPDATE ON crypto_invoices
        BEGIN INSERT INTO soak_touched (kind, id) VALUES ('crypto', NEW.id); END;";

/// A small, seeded generator (splitmix64): the same seed, the same run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

// --- The scripted provider ---

/// How the provider answers the next "create order".
#[derive(Debug, Clone, Copy, PartialEq)]
enum CreateAnswer {
    Created,
    Refused,
    /// Created upstream, but the answer is lost (a timeout after the request arrived).
    CreatedAnswerLost,
    /// Never arrived (a timeout before): nothing upstream.
    Lost,
    /// Answers with the id of an order it created before.
    OldId,
    /// Holds the call until the soak releases it with one of the answers above.
    Hold,
}

#[derive(Debug, Clone)]
struct Upstream {
    /// Our request key, carried in the link so that the truth can be looked up.
    request_key: String,
    billed: i64,
    state: RemoteState,
    remains: Option<i64>,
    cancel_requested: bool,
}

#[derive(Default)]
struct Script {
    next_create: Option<CreateAnswer>,
    statuses_fail: bool,
    upstream: BTreeMap<String, Upstream>,
    next_id: u64,
    /// Create calls per request key: never more than one.
    creates: HashMap<String, u32>,
    /// Calls being held: their release channel, by request key.
    held: BTreeMap<String, oneshot::Sender<CreateAnswer>>,
    /// Told each time a call starts being held.
    holding: Arc<Notify>,
}

#[derive(Clone, Default)]
struct ScriptedProvider(Arc<Mutex<Script>>);

impl ScriptedProvider {
    fn script(&self) -> std::sync::MutexGuard<'_, Script> {
        self.0.lock().unwrap()
    }

    fn create_upstream(&self, request_key: &str, billed: i64) -> String {
        let mut script = self.script();
        script.next_id += 1;
        let id = format!("u{}", script.next_id);
        script.upstream.insert(
            id.clone(),
            Upstream {
                request_key: request_key.to_string(),
                billed,
                state: RemoteState::Pending,
                remains: None,
                cancel_requested: false,
            },
        );
        id
    }

    fn answer(&self, answer: CreateAnswer, request_key: &str, billed: i64) -> Result<String, ProviderError> {
        let refusal = || ProviderError::Api {
            kind: ApiErrorKind::InvalidLink,
            message: "bad link".into(),
        };
        match answer {
            CreateAnswer::Created => Ok(self.create_upstream(request_key, billed)),
            CreateAnswer::Refused => Err(refusal()),
            CreateAnswer::CreatedAnswerLost => {
                self.create_upstream(request_key, billed);
                Err(ProviderError::Timeout)
            }
            CreateAnswer::Lost => Err(ProviderError::Timeout),
            CreateAnswer::OldId => {
                let old = self.script().upstream.keys().next().cloned();
                match old {
                    Some(id) => Ok(id),
                    None => Err(refusal()),
                }
            }
            CreateAnswer::Hold => unreachable!("a held call is answered on release"),
        }
    }
}

fn request_key_of(link: &str) -> String {
    link.rsplit('/').next().unwrap_or_default().to_string()
}

#[async_trait]
impl Provider for ScriptedProvider {
    async fn services(&self) -> Result<Vec<ServiceListing>, ProviderError> {
        Ok(vec![ServiceListing {
            id: "1".into(),
            name: "Subscribers".into(),
            category: Some("Telegram".into()),
            kind: ServiceKind::Default,
            rate: Decimal::new(9000, 2),
            rate_unit: RateUnit::PerThousand,
            currency: None,
            min: Some(10),
            max: Some(100_000),
            refill: Cap::Yes,
            cancel: Cap::Yes,
            dripfeed: Cap::Yes,
            description: None,
            target_bot: None,
        }])
    }

    async fn create_order(&self, order: &NewOrder) -> Result<String, ProviderError> {
        let key = request_key_of(&order.link);
        let runs = order.extras.dripfeed.map_or(1, |d| u64::from(d.runs));
        let billed = i64::try_from(order.quantity * runs).unwrap();
        let answer = {
            let mut script = self.script();
            *script.creates.entry(key.clone()).or_default() += 1;
            script.next_create.take().unwrap_or(CreateAnswer::Created)
        };
        if answer != CreateAnswer::Hold {
            return self.answer(answer, &key, billed);
        }
        let (release, released) = oneshot::channel();
        let holding = {
            let mut script = self.script();
            script.held.insert(key.clone(), release);
            script.holding.clone()
        };
        holding.notify_one();
        match released.await {
            Ok(answer) => self.answer(answer, &key, billed),
            // Dropped by a crash: the request's fate is decided by whoever dropped it.
            Err(_) => Err(ProviderError::Timeout),
        }
    }

    async fn statuses(&self, ids: &[String]) -> Result<PerId<OrderStatus>, ProviderError> {
        let script = self.script();
        if script.statuses_fail {
            return Err(ProviderError::Timeout);
        }
        Ok(ids
            .iter()
            .map(|id| {
                let answer = match script.upstream.get(id) {
                    Some(order) => Ok(OrderStatus {
                        state: order.state,
                        raw_status: format!("{:?}", order.state),
                        charge: None,
                        currency: None,
                        start_count: None,
                        remains: order.remains,
                    }),
                    None => Err(ProviderError::Api {
                        kind: ApiErrorKind::OrderNotFound,
                        message: "Incorrect order ID".into(),
                    }),
                };
                (id.clone(), answer)
            })
            .collect())
    }

    async fn balance(&self) -> Result<Balance, ProviderError> {
        Ok(Balance {
            amount: Decimal::new(1_000_000, 0),
            currency: Some("RUB".into()),
        })
    }

    fn status_batch_limit(&self) -> usize {
        100
    }

    async fn cancel(&self, order_ids: &[String]) -> Result<PerId<()>, ProviderError> {
        let mut script = self.script();
        Ok(order_ids
            .iter()
            .map(|id| {
                let answer = match script.upstream.get_mut(id) {
                    Some(order) if !order.state.is_terminal() => {
                        order.cancel_requested = true;
                        Ok(())
                    }
                    _ => Err(ProviderError::Api {
                        kind: ApiErrorKind::Other,
                        message: "cannot cancel".into(),
                    }),
                };
                (id.clone(), answer)
            })
            .collect())
    }
}

// --- The world the operations run in ---

struct World {
    seed: u64,
    rng: Rng,
    /// Holds the database; removed with the world.
    _dir: TempDir,
    config: Config,
    db: Db,
    provider: ScriptedProvider,
    providers: Providers,
    pricing: Pricing,
    poller: Poller,
    service: Service,
    currency: Currency,
    /// Placements whose provider call is being held, by placement number: their request key
    /// (a repeated tap shares its original's) and their task.
    in_flight: BTreeMap<u64, (String, JoinHandle<Result<(), String>>)>,
    next_key: u64,
    charges: Vec<String>,
    log: Vec<String>,
    checks: usize,
    /// The last ledger row the invariants were checked for.
    ledger_checked: i64,
    /// The last row of `soak_touched` the invariants were checked for.
    touched_checked: i64,
}

fn config(dir: &TempDir) -> Config {
    let url = format!("sqlite://{}", dir.path().join("soak.db").display());
    let vars: HashMap<&str, String> = HashMap::from([
        ("DATABASE_URL", url),
        ("SHOP_CURRENCY", "RUB".into()),
        ("DEFAULT_MARKUP_PERCENT", "20".into()),
        ("ADMIN_IDS", ADMIN.to_string()),
        ("PROVIDERS", PROVIDER.into()),
        ("PROVIDER_SOAK_KIND", "panel_v2".into()),
        // Never contacted: the adapter is replaced by the scripted provider.
        ("PROVIDER_SOAK_URL", "http://127.0.0.1:9/api/v2".into()),
        ("PROVIDER_SOAK_KEY", "k".into()),
    ]);
    Config::from_lookup(|name| vars.get(name).cloned()).unwrap()
}

fn poller(db: &Db, providers: &Providers, pricing: &Pricing) -> Poller {
    Poller::new(
        db.clone(),
        providers.clone(),
        pricing.clone(),
        vec![ADMIN as u64],
        Duration::from_secs(1),
        Arc::new(Notify::new()),
    )
}

impl World {
    async fn new(seed: u64) -> Self {
        // In memory where the machine has it: the soak is about interleavings, not disks.
        let shm = std::path::Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::Builder::new().prefix("smmbot-soak").tempdir_in(shm)
        } else {
            tempfile::tempdir()
        }
        .unwrap();
        let config = config(&dir);
        let db = Db::open(&config.database_url).await.unwrap();
        let provider = ScriptedProvider::default();
        let handle = ProviderHandle {
            name: PROVIDER.into(),
            config: config.providers[0].clone(),
            api: Arc::new(provider.clone()),
        };
        let providers: Providers = [handle].into_iter().collect();
        let pricing = Pricing::from_config(&config);
        for (_, synced) in catalogue::sync_all(&db, &providers, &pricing).await {
            synced.unwrap();
        }
        let service = smmbot::catalogue::search(&db, "Subscribers", 1)
            .await
            .unwrap()
            .remove(0);
        for id in CUSTOMERS.into_iter().chain([ADMIN]) {
            db.touch_user(&Seen {
                id,
                username: None,
                first_name: "S",
                language: Lang::En,
            })
            .await
            .unwrap();
        }
        // A referral chain: 101 brought 102, who brought 103 (so 103's orders pay both levels).
        db.set_referral_rates(REFERRAL_RATES).await.unwrap();
        for pair in CUSTOMERS.windows(2) {
            let code = db.referral_code(pair[0]).await.unwrap();
            db.note_start(pair[1], Some(&code)).await.unwrap();
        }
        sqlx::raw_sql(TRACK_TOUCHED).execute(db.pool()).await.unwrap();
        let poller = poller(&db, &providers, &pricing);
        let currency = config.shop_currency.clone();
        Self {
            seed,
            rng: Rng(seed),
            _dir: dir,
            config,
            db,
            provider,
            providers,
            pricing,
            poller,
            service,
            currency,
            in_flight: BTreeMap::new(),
            next_key: 0,
            charges: Vec::new(),
            log: Vec::new(),
            checks: 0,
            ledger_checked: 0,
            touched_checked: 0,
        }
    }

    fn note(&mut self, line: String) {
        self.log.push(line);
    }

    fn fail(&self, what: &str) -> ! {
        let mut ops = String::new();
        for (i, line) in self.log.iter().enumerate() {
            let _ = writeln!(ops, "{i:>5} {line}");
        }
        panic!(
            "money soak seed {} broke after {} operations: {what}\n\
             rerun with SOAK_SEEDS={}..{}\noperations:\n{ops}",
            self.seed,
            self.log.len(),
            self.seed,
            self.seed
        );
    }

    /// Orders in a state, oldest first.
    async fn orders_in(&self, states: &[OrderState]) -> Vec<(i64, String)> {
        let mut found = Vec::new();
        for state in states {
            let rows: Vec<(i64, String)> =
                sqlx::query_as("SELECT id, request_key FROM orders WHERE state = ? ORDER BY id")
                    .bind(state.as_str())
                    .fetch_all(self.db.pool())
                    .await
                    .unwrap();
            found.extend(rows);
        }
        found
    }

    async fn any_order(&mut self) -> Option<i64> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM orders ORDER BY id")
            .fetch_all(self.db.pool())
            .await
            .unwrap();
        (!ids.is_empty()).then(|| self.rng.pick(&ids))
    }

    // --- Operations ---

    async fn place(&mut self) {
        let customer = self.rng.pick(&CUSTOMERS);
        let answer = self.rng.pick(&[
            CreateAnswer::Created,
            CreateAnswer::Created,
            CreateAnswer::Created,
            CreateAnswer::Refused,
            CreateAnswer::CreatedAnswerLost,
            CreateAnswer::Lost,
            CreateAnswer::OldId,
            CreateAnswer::Hold,
            CreateAnswer::Hold,
        ]);
        let quantity = 10 * (1 + self.rng.below(50));
        let extras = if self.rng.chance(20) {
            OrderExtras {
                dripfeed: Some(smmbot::vocabulary::DripFeed {
                    runs: 1 + self.rng.below(4) as u32,
                    interval_minutes: 10,
                }),
                ..OrderExtras::default()
            }
        } else {
            OrderExtras::default()
        };
        self.next_key += 1;
        // One in ten is a repeated tap of the previous confirmation.
        let key = if self.rng.chance(10) && self.next_key > 1 {
            format!("k{}", self.next_key - 1)
        } else {
            format!("k{}", self.next_key)
        };
        self.note(format!(
            "place {customer} qty {quantity} {extras:?} key {key}: {answer:?}"
        ));
        self.provider.script().next_create = Some(answer);
        // The confirmation's total: with the customer's waiting discount, if any.
        let charge = orders::priced::price(
            &self.db,
            &self.pricing,
            customer,
            &self.service,
            quantity,
            &extras,
        )
        .await
        .unwrap()
        .unwrap()
        .charge_minor;
        let (db, providers, pricing, service) = (
            self.db.clone(),
            self.providers.clone(),
            self.pricing.clone(),
            self.service.clone(),
        );
        let link = format!("https://t.me/soak/{key}");
        let placing = {
            let key = key.clone();
            async move {
                let request = OrderRequest {
                    user_id: customer,
                    service: &service,
                    link: &link,
                    quantity,
                    extras: &extras,
                    quoted_charge_minor: charge,
                    quoted_at: smmbot::db::now(),
                    request_key: &key,
                    origin: OrderOrigin::Chat,
                };
                let outcome = orders::place(&db, &providers, &pricing, &[ADMIN as u64], &request)
                    .await
                    .unwrap();
                told_the_truth(&db, &outcome).await
            }
        };
        if answer != CreateAnswer::Hold {
            if let Err(lie) = placing.await {
                self.fail(&lie);
            }
            self.provider.script().next_create = None;
            return;
        }
        // Held at the provider, or finished without calling it (short of money, a repeat).
        // In flight from the start, so that a crash in between drops it too.
        let placement = self.next_key;
        self.in_flight
            .insert(placement, (key.clone(), tokio::spawn(placing)));
        let holding = self.provider.script().holding.clone();
        let finished = loop {
            if self.provider.script().held.contains_key(&key) {
                break None;
            }
            let task = &mut self.in_flight.get_mut(&placement).unwrap().1;
            tokio::select! {
                () = holding.notified() => {}
                finished = task => break Some(finished),
            }
        };
        if let Some(finished) = finished {
            self.in_flight.remove(&placement);
            match finished {
                Ok(Ok(())) => {}
                Ok(Err(lie)) => self.fail(&lie),
                Err(e) => self.fail(&format!("placing {key} failed: {e}")),
            }
        }
        self.provider.script().next_create = None;
    }

    async fn release(&mut self) {
        let Some((placement, key)) = self.in_flight.iter().next().map(|(p, (k, _))| (*p, k.clone())) else {
            return;
        };
        let answer = self.rng.pick(&[
            CreateAnswer::Created,
            CreateAnswer::Refused,
            CreateAnswer::CreatedAnswerLost,
            CreateAnswer::Lost,
            CreateAnswer::OldId,
        ]);
        self.note(format!("release {key}: {answer:?}"));
        let release = self.provider.script().held.remove(&key);
        if let Some(release) = release {
            let _ = release.send(answer);
        }
        let (_, task) = self.in_flight.remove(&placement).unwrap();
        match task.await {
            Ok(Ok(())) => {}
            Ok(Err(lie)) => self.fail(&lie),
            Err(e) => self.fail(&format!("placing {key} failed: {e}")),
        }
    }

    async fn progress(&mut self) {
        let open: Vec<String> = {
            let script = self.provider.script();
            script
                .upstream
                .iter()
                .filter(|(_, o)| !o.state.is_terminal())
                .map(|(id, _)| id.clone())
                .collect()
        };
        if open.is_empty() {
            return;
        }
        let id = open[self.rng.below(open.len() as u64) as usize].clone();
        let roll = self.rng.below(100);
        let mut script = self.provider.script();
        let order = script.upstream.get_mut(&id).unwrap();
        let some_remains = |rng: &mut Rng, billed: i64| Some(rng.below(billed as u64 + 1) as i64);
        let (state, remains) = match roll {
            _ if order.cancel_requested && roll < 50 => (
                RemoteState::Canceled,
                self.rng.chance(70).then(|| order.remains.unwrap_or(order.billed)),
            ),
            0..=29 => (RemoteState::InProgress, some_remains(&mut self.rng, order.billed)),
            30..=49 => (RemoteState::Completed, Some(0)),
            50..=61 => (RemoteState::Partial, some_remains(&mut self.rng, order.billed)),
            62..=73 => (
                RemoteState::Canceled,
                if self.rng.chance(50) {
                    None
                } else {
                    some_remains(&mut self.rng, order.billed)
                },
            ),
            74..=79 => (RemoteState::Refunded, None),
            80..=85 => (RemoteState::Failed, None),
            86..=91 => (RemoteState::Unknown, None),
            _ => (RemoteState::Pending, None),
        };
        order.state = state;
        order.remains = remains.or(order.remains);
        let line = format!(
            "provider: {id} ({}) is {state:?} remains {:?}",
            order.request_key, order.remains
        );
        drop(script);
        self.note(line);
    }

    async fn poll(&mut self) {
        let fail = self.rng.chance(10);
        self.note(format!(
            "poll round{}",
            if fail { " (status calls fail)" } else { "" }
        ));
        self.provider.script().statuses_fail = fail;
        // Time passes: a few of the orders being followed (picked by the seed) are due.
        sqlx::query(
            "UPDATE orders SET next_check_at = 0 WHERE id IN (
                 SELECT id FROM orders WHERE next_check_at IS NOT NULL
                 ORDER BY (id * ?) % 10007 LIMIT ?)",
        )
        .bind(1 + self.rng.below(10_000) as i64)
        .bind(if self.rng.chance(10) { 100 } else { 8 })
        .execute(self.db.pool())
        .await
        .unwrap();
        // The provider may be backing off after a failure: time has passed for it too.
        sqlx::query("UPDATE provider_health SET backoff_until = NULL")
            .execute(self.db.pool())
            .await
            .unwrap();
        self.poller.round_once().await.unwrap();
        self.provider.script().statuses_fail = false;
    }

    /// Time passes beyond the poller's grace for every submission, held calls included.
    async fn outlive_grace(&mut self) {
        self.note("submissions outlive the grace; poll round".into());
        sqlx::query("UPDATE orders SET updated_at = updated_at - 100000 WHERE state = 'submitting'")
            .execute(self.db.pool())
            .await
            .unwrap();
        self.poller.round_once().await.unwrap();
    }

    async fn admin_refund(&mut self) {
        let Some(order) = self.any_order().await else {
            return;
        };
        let amount = if self.rng.chance(50) {
            None
        } else {
            Some(1 + self.rng.below(20_000) as i64)
        };
        let outcome = self.db.refund_by_admin(order, amount, "soak").await.unwrap();
        self.note(format!("admin refunds order {order} {amount:?}: {outcome:?}"));
    }

    async fn settle_unknown(&mut self) {
        let unknown = self.orders_in(&[OrderState::UnknownOutcome]).await;
        let Some((order, key)) = unknown.first().cloned() else {
            return;
        };
        // Usually the admin looks the order up at the provider; now and then they are wrong.
        let truth = {
            let script = self.provider.script();
            script
                .upstream
                .iter()
                .find(|(_, o)| o.request_key == key)
                .map(|(id, _)| id.clone())
        };
        let mistaken = self.rng.chance(15);
        let outcome = match (truth, mistaken) {
            (Some(id), false) => actions::settle_as_placed(&self.db, ADMIN, order, &id).await,
            (None, true) => actions::settle_as_placed(&self.db, ADMIN, order, "u-made-up").await,
            _ => actions::settle_by_refund(&self.db, ADMIN, order).await,
        }
        .unwrap();
        self.note(format!(
            "admin settles order {order} (mistaken: {mistaken}): {outcome:?}"
        ));
    }

    async fn credit_or_debit(&mut self) {
        let customer = self.rng.pick(&CUSTOMERS);
        let debit = self.rng.chance(30);
        let amount = 1 + self.rng.below(30_000) as i64;
        let reference = format!("m{}", self.log.len());
        let movement = Movement {
            user_id: customer,
            kind: if debit {
                LedgerKind::AdminDebit
            } else {
                LedgerKind::AdminCredit
            },
            reference: &reference,
            amount_minor: if debit { -amount } else { amount },
            note: None,
        };
        let outcome = self.db.apply_movement(&movement).await.unwrap();
        self.note(format!(
            "admin {} {customer} {amount}: {outcome:?}",
            if debit { "debits" } else { "credits" }
        ));
    }

    /// Now and then an admin makes a code (a credit, or a discount that may or may not go below
    /// cost); otherwise a customer enters one of them.
    async fn promo(&mut self) {
        let codes: Vec<String> = self
            .db
            .promos()
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.code)
            .collect();
        if codes.len() < 8 && (codes.is_empty() || self.rng.chance(25)) {
            let n = codes.len();
            let args = if self.rng.chance(40) {
                format!("new CREDIT{n} credit {} uses 2", 1 + self.rng.below(50))
            } else {
                let below_cost = if self.rng.chance(30) { " below-cost" } else { "" };
                format!(
                    "new DISCOUNT{n} discount {}% uses 4{below_cost}",
                    5 + self.rng.below(70)
                )
            };
            let terms::PromoCommand::New(new) = terms::parse(&args, &self.currency).unwrap() else {
                self.fail(&format!("not /promo new: {args}"));
            };
            payments::promo::create(&self.db, &new, ADMIN).await.unwrap();
            self.note(format!("admin: /promo {args}"));
            return;
        }
        let customer = self.rng.pick(&CUSTOMERS);
        let code = &codes[self.rng.below(codes.len() as u64) as usize];
        let redeemed = payments::promo::redeem(&self.db, customer, code).await.unwrap();
        self.note(format!("{customer} enters {code}: {redeemed:?}"));
    }

    async fn cancel(&mut self) {
        let running = self
            .orders_in(&[OrderState::Placed, OrderState::Pending, OrderState::InProgress])
            .await;
        if running.is_empty() {
            return;
        }
        let (order, _) = running[self.rng.below(running.len() as u64) as usize].clone();
        let user: i64 = sqlx::query_scalar("SELECT user_id FROM orders WHERE id = ?")
            .bind(order)
            .fetch_one(self.db.pool())
            .await
            .unwrap();
        let outcome = actions::cancel(&self.db, &self.providers, user, order)
            .await
            .unwrap();
        self.note(format!("customer cancels order {order}: {outcome:?}"));
    }

    async fn stars_payment(&mut self) {
        let customer = self.rng.pick(&CUSTOMERS);
        let again = !self.charges.is_empty() && self.rng.chance(25);
        let charge = if again {
            self.charges[self.rng.below(self.charges.len() as u64) as usize].clone()
        } else {
            format!("charge-{}", self.log.len())
        };
        let stars = self.rng.pick(&[50u32, 100, 250, 500]);
        let payer = if again {
            sqlx::query_scalar("SELECT user_id FROM payments WHERE charge_id = ?")
                .bind(&charge)
                .fetch_optional(self.db.pool())
                .await
                .unwrap()
                .unwrap_or(customer)
        } else {
            customer
        };
        let payload = format!("st1:{payer}:{stars}:soak");
        let received = PaymentReceived {
            charge_id: &charge,
            payer,
            currency: STARS_CURRENCY,
            stars,
            payload: &payload,
        };
        let rate = self.rng.chance(95).then(|| Decimal::new(15, 1));
        let outcome = payments::stars::receive(&self.db, &received, rate, &self.currency)
            .await
            .unwrap();
        self.note(format!(
            "stars {charge} of {payer}, {stars} stars at {rate:?}: {outcome:?}"
        ));
        if !again {
            self.charges.push(charge);
        }
    }

    /// A confirmation the balance does not cover, kept as a waiting purchase: the next Stars or
    /// crypto credit of that customer funds it, and it is placed (by the poller's round here,
    /// as after a crash) through the usual path, crashes, refunds and all.
    async fn wait_for_money(&mut self) {
        let customer = self.rng.pick(&CUSTOMERS);
        let quantity = 10 * (1 + self.rng.below(50));
        let extras = OrderExtras::default();
        self.next_key += 1;
        let key = format!("w{}", self.next_key);
        let link = format!("https://t.me/soak/{key}");
        let purchase = OrderRequest {
            user_id: customer,
            service: &self.service,
            link: &link,
            quantity,
            extras: &extras,
            quoted_charge_minor: orders::quote(&self.service, quantity, &extras).unwrap(),
            quoted_at: smmbot::db::now(),
            request_key: &key,
            origin: OrderOrigin::Chat,
        };
        pending::keep(&self.db, &purchase).await.unwrap();
        self.note(format!("{customer} waits for money to buy {quantity}: key {key}"));
    }

    /// A Crypto Pay top-up: an invoice asked for (made, refused or lost), or a report on one —
    /// delivered twice at once (the webhook's replay racing the poller), sometimes with another
    /// amount or currency than we asked, or a status other than paid.
    async fn crypto_topup(&mut self) {
        let invoices: Vec<(i64, i64)> =
            sqlx::query_as("SELECT id, amount_minor FROM crypto_invoices WHERE invoice_id IS NOT NULL")
                .fetch_all(self.db.pool())
                .await
                .unwrap();
        if invoices.is_empty() || self.rng.chance(40) {
            let customer = self.rng.pick(&CUSTOMERS);
            let amount = self.rng.pick(&[50_000i64, 100_000, 250_000]);
            let begun = crypto_invoices::begin(&self.db, customer, amount, "RUB", 3600)
                .await
                .unwrap();
            let Begun::New(row) = begun else {
                self.note(format!(
                    "crypto invoice for {customer}, {amount}: one is open already"
                ));
                return;
            };
            let made = self.rng.below(5);
            match made {
                0 => crypto_invoices::close(&self.db, row.id, "unknown", "lost")
                    .await
                    .unwrap(),
                1 => crypto_invoices::close(&self.db, row.id, "failed", "refused")
                    .await
                    .unwrap(),
                _ => {
                    let url = format!("https://t.me/CryptoBot?start=IV{}", row.id);
                    crypto_invoices::created(&self.db, row.id, row.id + 100_000, &url)
                        .await
                        .unwrap();
                }
            }
            self.note(format!(
                "crypto invoice {} for {customer}, {amount} (made: {made})",
                row.id
            ));
            return;
        }
        let (id, amount) = invoices[self.rng.below(invoices.len() as u64) as usize];
        let status = self
            .rng
            .pick(&["paid", "paid", "paid", "paid", "active", "expired"]);
        let twisted = self.rng.chance(5);
        let remote = RemoteInvoice {
            invoice_id: id + 100_000,
            status: status.into(),
            currency_type: "fiat".into(),
            fiat: Some(
                if twisted && self.rng.chance(50) {
                    "USD"
                } else {
                    "RUB"
                }
                .into(),
            ),
            amount: Some(
                self.currency
                    .to_decimal(if twisted { amount + 1 } else { amount }),
            ),
            payload: Some(payments::cryptopay::encode_payload(id)),
            bot_invoice_url: None,
            paid_asset: Some("USDT".into()),
            paid_amount: Some("1".into()),
        };
        let admins = [ADMIN as u64];
        let settle = |tell| payments::cryptopay::settle(&self.db, &self.currency, &admins, &remote, tell);
        let (webhook, poller) = futures::join!(settle(Tell::ByNotice), settle(Tell::ByNotice));
        let (webhook, poller) = (webhook.unwrap(), poller.unwrap());
        let credits = [&webhook, &poller]
            .iter()
            .filter(|s| matches!(s, payments::cryptopay::Settled::Credited(_)))
            .count();
        if credits > 1 {
            self.fail(&format!("crypto invoice {id} credited twice at once"));
        }
        self.note(format!(
            "crypto report {id} {status} (twisted: {twisted}): {webhook:?} / {poller:?}"
        ));
    }

    async fn stars_refund(&mut self) {
        if self.charges.is_empty() {
            return;
        }
        let charge = self.charges[self.rng.below(self.charges.len() as u64) as usize].clone();
        let anyway = self.rng.chance(40);
        let consent = if anyway {
            RefundConsent::OverdraftConfirmed
        } else {
            RefundConsent::WithinBalance
        };
        let checked = payments::refunds::check_refund(&self.db, PaymentKey::Charge(&charge), consent)
            .await
            .unwrap();
        let Ok(payment) = checked else {
            self.note(format!("stars refund {charge} (anyway: {anyway}): {checked:?}"));
            return;
        };
        // While Telegram returns the stars, the customer may spend.
        if self.rng.chance(30) {
            self.note(format!("stars refund {charge}: the customer orders meanwhile"));
            self.place().await;
        }
        let booked = payments::refunds::book_refund(&self.db, payment.id, ADMIN)
            .await
            .unwrap();
        self.note(format!("stars refund {charge} (anyway: {anyway}): {booked:?}"));
    }

    /// Drops an operation midway and everything in flight, then reopens the database, as a
    /// crash and a restart would.
    async fn crash(&mut self) {
        let after = Duration::from_micros(self.rng.below(3_000));
        let which = self.rng.below(4);
        self.note(format!("crash during op {which} after {after:?}"));
        let _ = tokio::time::timeout(after, async {
            match which {
                0 => self.place().await,
                1 => self.poll().await,
                2 => self.admin_refund().await,
                _ => self.stars_payment().await,
            }
        })
        .await;
        // Everything in flight is dropped. A held call's request may or may not have created
        // the order upstream.
        let in_flight = std::mem::take(&mut self.in_flight);
        for (key, task) in in_flight.into_values() {
            task.abort();
            let _ = task.await;
            if self.provider.script().held.remove(&key).is_none() {
                self.note(format!("  placing {key} dropped before the provider was called"));
                continue;
            }
            let created = self.rng.chance(50);
            let billed: Option<i64> = sqlx::query_scalar(
                "SELECT quantity * MAX(COALESCE(runs, 1), 1) FROM orders WHERE request_key = ?",
            )
            .bind(&key)
            .fetch_optional(self.db.pool())
            .await
            .unwrap();
            if let (true, Some(billed)) = (created, billed) {
                self.provider.create_upstream(&key, billed);
            }
            self.note(format!("  held call {key} dropped (created upstream: {created})"));
        }
        self.provider.script().next_create = None;
        self.db.close().await;
        self.db = Db::open(&self.config.database_url).await.unwrap();
        self.poller = poller(&self.db, &self.providers, &self.pricing);
    }

    async fn step(&mut self) {
        match self.rng.below(100) {
            0..=23 => self.place().await,
            24..=32 => self.release().await,
            33..=50 => self.progress().await,
            51..=59 => self.poll().await,
            60..=61 => self.outlive_grace().await,
            62..=68 => self.admin_refund().await,
            69..=73 => self.settle_unknown().await,
            74..=77 => self.credit_or_debit().await,
            78..=79 => self.promo().await,
            80..=85 => self.cancel().await,
            86..=90 => self.stars_payment().await,
            91..=93 => self.crypto_topup().await,
            94 => self.wait_for_money().await,
            95..=98 => self.stars_refund().await,
            _ => self.crash().await,
        }
    }

    // --- Invariants ---

    /// Checks every invariant for what the last operation touched (the audit's scope, by the
    /// soak's own tracking triggers), and for everything at every [`FULL_CHECK_EVERY`]th call.
    async fn check(&mut self) {
        self.checks += 1;
        let full = self.checks.is_multiple_of(FULL_CHECK_EVERY);
        // What was touched since the last check, and (last) the newest ledger row.
        let mut touched: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT seq, kind, id FROM soak_touched WHERE seq > ?
             UNION ALL SELECT 0, 'ledger', COALESCE(MAX(id), 0) FROM ledger",
        )
        .bind(self.touched_checked)
        .fetch_all(self.db.pool())
        .await
        .unwrap();
        let (_, _, newest_ledger) = touched.pop().unwrap();
        if let Some((seq, _, _)) = touched.last() {
            self.touched_checked = *seq;
        }
        let of = |kind: &str| -> Vec<i64> {
            let mut ids: Vec<i64> = touched
                .iter()
                .filter(|(_, k, _)| k == kind)
                .map(|(_, _, id)| *id)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let (orders, payments, crypto_invoices) = (of("order"), of("payment"), of("crypto"));
        // An operation that changed no money and no order has nothing new to check.
        let nothing_moved = orders.is_empty()
            && payments.is_empty()
            && crypto_invoices.is_empty()
            && newest_ledger == self.ledger_checked;
        let scope = if full {
            audit::Scope::Everything
        } else if nothing_moved {
            return self.check_placements_once();
        } else {
            audit::Scope::Changed {
                ledger_after: self.ledger_checked,
                users: Vec::new(),
                orders,
                payments,
                crypto_invoices,
            }
        };
        self.ledger_checked = newest_ledger;
        let findings = audit::run_in(&self.db, &scope).await.unwrap();
        if !findings.is_empty() {
            let lines: Vec<String> = findings.iter().map(ToString::to_string).collect();
            self.fail(&format!("the audit found:\n{}", lines.join("\n")));
        }
        self.check_placements_once();
        if full {
            self.all_unknown_outcomes_told().await;
            self.purchases_match_their_orders().await;
            self.referral_commissions_exact().await;
            self.promo_uses_match_redemptions().await;
        }
    }

    /// A code's uses and cost are those of its credited and consumed redemptions (a discount
    /// given back counts neither); a credit is the ledger row its redemption says; a consumed
    /// discount names an order of its customer, which paid less than the full price by it.
    async fn promo_uses_match_redemptions(&self) {
        let used = "FROM promo_redemptions r WHERE r.code = p.code AND r.state IN ('credited', 'consumed')";
        let broken: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT p.code, 'uses' FROM promo_codes p
             WHERE p.uses != (SELECT COUNT(*) {used})
                OR p.cost_minor != (SELECT COALESCE(SUM(r.amount_minor), 0) {used})
             UNION ALL
             SELECT r.code, 'credit' FROM promo_redemptions r
             WHERE r.state = 'credited' AND NOT EXISTS (SELECT 1 FROM ledger l
                 WHERE l.kind = 'promo_credit' AND l.reference = r.code || ':' || r.user_id
                   AND l.user_id = r.user_id AND l.amount_minor = r.amount_minor)
             UNION ALL
             SELECT r.code, 'order' FROM promo_redemptions r LEFT JOIN orders o ON o.id = r.order_id
             WHERE r.state = 'consumed'
               AND (o.id IS NULL OR o.user_id != r.user_id OR r.amount_minor <= 0)"
        )))
        .fetch_all(self.db.pool())
        .await
        .unwrap();
        if !broken.is_empty() {
            self.fail(&format!("promo codes and their redemptions disagree: {broken:?}"));
        }
    }

    /// Every referral commission is its rate of what the customer kept of an ended order, less
    /// only what a later refund took back or recorded as not recoverable; the ledger holds
    /// exactly what was paid and taken back; and no ended order of a brought customer with a
    /// commission due lacks it.
    async fn referral_commissions_exact(&self) {
        let ended = "('rejected', 'completed', 'partial', 'canceled', 'refunded', 'failed')";
        let broken: Vec<(i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT c.order_id, c.level, 'inexact' FROM referral_commissions c
             JOIN orders o ON o.id = c.order_id
             WHERE c.paid_minor - c.reversed_minor - c.unrecovered_minor
                       != (o.charge_minor - o.refunded_minor) * c.rate_bp / 10000
                OR c.paid_minor - c.reversed_minor != (SELECT COALESCE(SUM(l.amount_minor), 0) FROM ledger l
                       WHERE l.kind IN ('referral_commission', 'referral_reversal')
                         AND l.reference = c.order_id || ':' || c.level)
                OR o.state NOT IN {ended}
             UNION ALL
             SELECT o.id, 1, 'missing' FROM orders o JOIN users u ON u.id = o.user_id
             WHERE u.referrer_id IS NOT NULL AND o.state IN {ended}
               AND (o.charge_minor - o.refunded_minor) * {rate} / 10000 > 0
               AND NOT EXISTS (SELECT 1 FROM referral_commissions c WHERE c.order_id = o.id AND c.level = 1)",
            rate = REFERRAL_RATES.first.unwrap(),
        )))
        .fetch_all(self.db.pool())
        .await
        .unwrap();
        if !broken.is_empty() {
            self.fail(&format!("referral commissions: {broken:?}"));
        }
    }

    /// A purchase recorded as placed has the order of its request key; an order of a purchase's
    /// key belongs to a purchase recorded as placed, or one still funded (its placer was cut off
    /// before recording it: the poller's round records it).
    async fn purchases_match_their_orders(&self) {
        let broken: Vec<(i64, String)> = sqlx::query_as(
            "SELECT p.id, p.status FROM pending_purchases p
             LEFT JOIN orders o ON o.request_key = p.request_key
             WHERE (p.status = 'placed' AND (o.id IS NULL OR o.id <> p.order_id))
                OR (p.status <> 'placed' AND o.id IS NOT NULL AND p.funded_by IS NULL)",
        )
        .fetch_all(self.db.pool())
        .await
        .unwrap();
        if !broken.is_empty() {
            self.fail(&format!("purchases and their orders disagree: {broken:?}"));
        }
    }

    /// Never placed twice for one customer action.
    fn check_placements_once(&self) {
        if let Some((key, calls)) = self.provider.script().creates.iter().find(|(_, n)| **n > 1) {
            self.fail(&format!("request {key} was sent to the provider {calls} times"));
        }
    }

    /// Anything left `unknown_outcome` is in front of the admins once the poller has run.
    async fn all_unknown_outcomes_told(&self) {
        self.poller.round_once().await.unwrap();
        let untold: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM orders o
             WHERE state = 'unknown_outcome'
               AND NOT EXISTS (SELECT 1 FROM notifications n
                   WHERE (n.dedupe_key >= 'unknown_outcome:' || o.id || ':'
                          AND n.dedupe_key < 'unknown_outcome:' || o.id || ';')
                      OR (n.dedupe_key >= 'attention:' || o.id || ':'
                          AND n.dedupe_key < 'attention:' || o.id || ';'))",
        )
        .fetch_all(self.db.pool())
        .await
        .unwrap();
        if !untold.is_empty() {
            self.fail(&format!("unknown outcome(s) {untold:?} never told to the admins"));
        }
    }

    /// Lets every held call answer and the poller settle what it can, then checks again.
    async fn finish(&mut self) {
        while !self.in_flight.is_empty() {
            self.release().await;
        }
        self.outlive_grace().await;
        self.poll().await;
        self.checks = FULL_CHECK_EVERY - 1;
        self.check().await;
    }
}

/// What the customer is told of a placement is what the database holds: "placed" means the
/// order carries the provider's id and is followed; "rejected, refunded X" means X came back and
/// the order is settled.
async fn told_the_truth(db: &Db, outcome: &PlaceOutcome) -> Result<(), String> {
    let order = |id: i64| async move { db.order(id).await.unwrap().unwrap() };
    match outcome {
        PlaceOutcome::Placed { order_id, .. } => {
            let order = order(*order_id).await;
            if order.provider_order_id.is_none() || order.state() != OrderState::Placed {
                return Err(format!("order {order_id} was told placed but is {order:?}"));
            }
        }
        PlaceOutcome::Rejected {
            order_id,
            refunded_minor,
            ..
        } => {
            let order = order(*order_id).await;
            if order.refunded_minor != *refunded_minor || order.refunded_minor != order.charge_minor {
                return Err(format!(
                    "order {order_id} was told rejected with {refunded_minor} refunded but is {order:?}"
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

async fn soak(seed: u64, ops: usize) {
    let mut world = World::new(seed).await;
    let started = std::time::Instant::now();
    for _ in 0..ops {
        world.step().await;
        world.check().await;
    }
    world.finish().await;
    // What the run went through, so a run that exercises nothing shows.
    let states: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, COUNT(*) FROM orders GROUP BY state ORDER BY state")
            .fetch_all(world.db.pool())
            .await
            .unwrap();
    let ledger: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, COUNT(*) FROM ledger GROUP BY kind ORDER BY kind")
            .fetch_all(world.db.pool())
            .await
            .unwrap();
    eprintln!(
        "soak seed {seed}: {ops} operations in {:?}; orders {states:?}; ledger {ledger:?}",
        started.elapsed()
    );
}

fn seeds_from_env() -> Option<(std::ops::RangeInclusive<u64>, usize)> {
    let seeds = std::env::var("SOAK_SEEDS").ok()?;
    let (first, last) = seeds.split_once("..")?;
    let ops = std::env::var("SOAK_OPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CI_OPS);
    Some((first.parse().ok()?..=last.parse().ok()?, ops))
}

/// Runs `seeds` on [`PARALLEL_SEEDS`] threads, each seed on a single-threaded runtime of its
/// own: each waits on its database most of the time, so several keep both cores busy. The first
/// failure is re-raised once every thread has stopped (the others stop at their next seed).
fn soak_all(seeds: impl Iterator<Item = u64>, ops: usize) {
    let queue = Arc::new(Mutex::new(seeds.collect::<Vec<u64>>()));
    let failed = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let workers: Vec<_> = (0..PARALLEL_SEEDS)
        .map(|_| {
            let (queue, failed) = (queue.clone(), failed.clone());
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                while !failed.load(std::sync::atomic::Ordering::Relaxed) {
                    let Some(seed) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        runtime.block_on(soak(seed, ops));
                    }));
                    if let Err(panic) = outcome {
                        failed.store(true, std::sync::atomic::Ordering::Relaxed);
                        std::panic::resume_unwind(panic);
                    }
                }
            })
        })
        .collect();
    let mut first_failure = None;
    for worker in workers {
        if let Err(panic) = worker.join() {
            first_failure.get_or_insert(panic);
        }
    }
    if let Some(panic) = first_failure {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn money_never_drifts_under_interleaved_operations() {
    let (seeds, ops) = seeds_from_env().unwrap_or((CI_SEEDS, CI_OPS));
    soak_all(seeds, ops);
}
