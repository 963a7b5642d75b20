//! The status poller against fake providers and a real database: batching, the order
//! lifecycle with its refunds and notices, restarts, stale and unknown statuses, a provider
//! that is down, and interrupted submissions.

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::fake_bratanref::{self, FakeBratanRef};
use common::fake_panel::{FAKE_KEY, FakePanel, Reply};
use smmbot::catalogue;
use smmbot::config::Config;
use smmbot::db::Db;
use smmbot::db::catalogue::Service;
use smmbot::db::ledger::{LedgerKind, Movement};
use smmbot::db::users::Seen;
use smmbot::i18n::Lang;
use smmbot::orders::poller::Poller;
use smmbot::orders::{self, OrderRequest, PlaceOutcome};
use smmbot::pricing::Pricing;
use smmbot::providers::Providers;
use smmbot::vocabulary::{OrderExtras, OrderOrigin};
use tempfile::TempDir;
use tokio::sync::Notify;

const CUSTOMER: i64 = 7;
const ADMIN: u64 = 1;

struct World {
    db: Db,
    providers: Providers,
    pricing: Pricing,
    poller: Poller,
    _dir: TempDir,
}

/// A database with one provider's catalogue on sale and a customer with 1000.00 to spend.
async fn world(kind: &str, url: String, key: &str, currency: &str) -> World {
    let dir = tempfile::tempdir().unwrap();
    let vars: HashMap<&str, String> = HashMap::from([
        (
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("db.sqlite").display()),
        ),
        ("SHOP_CURRENCY", currency.into()),
        ("DEFAULT_MARKUP_PERCENT", "20".into()),
        ("ADMIN_IDS", ADMIN.to_string()),
        ("PROVIDERS", "shop".into()),
        ("PROVIDER_SHOP_KIND", kind.into()),
        ("PROVIDER_SHOP_URL", url),
        ("PROVIDER_SHOP_KEY", key.into()),
    ]);
    let config = Config::from_lookup(|name| vars.get(name).cloned()).unwrap();
    let db = Db::open(&config.database_url).await.unwrap();
    let providers = Providers::from_config(&config.providers).unwrap();
    let pricing = Pricing::from_config(&config);
    for (_, synced) in catalogue::sync_all(&db, &providers, &pricing).await {
        synced.unwrap();
    }
    db.touch_user(&Seen {
        id: CUSTOMER,
        username: None,
        first_name: "C",
        language: Lang::En,
    })
    .await
    .unwrap();
    let seed = Movement {
        user_id: CUSTOMER,
        kind: LedgerKind::AdminCredit,
        reference: "seed",
        amount_minor: 100_000,
        note: None,
    };
    db.apply_movement(&seed).await.unwrap().unwrap();
    let poller = Poller::new(
        db.clone(),
        providers.clone(),
        pricing.clone(),
        vec![ADMIN],
        Duration::from_secs(1),
        Arc::new(Notify::new()),
    );
    World {
        db,
        providers,
        pricing,
        poller,
        _dir: dir,
    }
}

impl World {
    async fn service(&self, name: &str) -> Service {
        smmbot::catalogue::search(&self.db, name, 1)
            .await
            .unwrap()
            .remove(0)
    }

    /// Places an order the way the bot does.
    async fn try_place(&self, service: &Service, quantity: u64, key: &str) -> PlaceOutcome {
        let charge = orders::quote(service, quantity, &OrderExtras::default()).unwrap();
        let request = OrderRequest {
            user_id: CUSTOMER,
            service,
            link: "https://t.me/notpixel/app?startapp=ref1",
            quantity,
            extras: &OrderExtras::default(),
            quoted_charge_minor: charge,
            quoted_at: smmbot::db::now(),
            request_key: key,
            origin: OrderOrigin::Chat,
        };
        orders::place(&self.db, &self.providers, &self.pricing, &[ADMIN], &request)
            .await
            .unwrap()
    }

    /// Places an order that the provider accepts; returns our order id.
    async fn place(&self, service: &Service, quantity: u64, key: &str) -> i64 {
        match self.try_place(service, quantity, key).await {
            PlaceOutcome::Placed { order_id, .. } => order_id,
            other => panic!("not placed: {other:?}"),
        }
    }

    /// Makes every active order due now, as if time had passed.
    async fn make_due(&self) {
        sqlx::query("UPDATE orders SET next_check_at = 0 WHERE next_check_at IS NOT NULL")
            .execute(self.db.pool())
            .await
            .unwrap();
    }

    async fn round(&self) {
        self.make_due().await;
        self.poller.round_once().await.unwrap();
    }

    async fn state(&self, order: i64) -> String {
        self.db.order(order).await.unwrap().unwrap().state
    }

    /// `(kind, amount)` of the customer's ledger rows after the seed.
    async fn ledger(&self) -> Vec<(String, i64)> {
        sqlx::query_as(
            "SELECT kind, amount_minor FROM ledger WHERE user_id = ? AND reference != 'seed' ORDER BY id",
        )
        .bind(CUSTOMER)
        .fetch_all(self.db.pool())
        .await
        .unwrap()
    }

    /// Queued notification keys for one chat, oldest first.
    async fn notices(&self, chat: i64) -> Vec<String> {
        sqlx::query_scalar("SELECT dedupe_key FROM notifications WHERE chat_id = ? ORDER BY id")
            .bind(chat)
            .fetch_all(self.db.pool())
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn orders_move_to_their_end_with_one_refund_and_one_notice_each() {
    let panel = FakePanel::start().await;
    let w = world("panel_v2", panel.url().to_string(), FAKE_KEY, "USD").await;
    let subscribers = w.service("Telegram subscribers").await;
    // 0.90 USD per 1000 with 20 % markup: 1000 subscribers cost 1.08.
    let completed = w.place(&subscribers, 1000, "a").await;
    let partial = w.place(&subscribers, 1000, "b").await;
    let canceled = w.place(&subscribers, 1000, "c").await;
    let id = |order: i64| (order - completed + 1000).to_string();

    for order in [completed, partial, canceled] {
        panel.set_order_status(&id(order), "Pending", 1000);
    }
    w.round().await;
    assert_eq!(w.state(completed).await, "pending");
    assert!(
        w.notices(CUSTOMER).await.is_empty(),
        "waiting to start is not news"
    );

    for order in [completed, partial, canceled] {
        panel.set_order_status(&id(order), "In progress", 600);
    }
    w.round().await;
    assert_eq!(w.state(completed).await, "in_progress");

    panel.set_order_status(&id(completed), "Completed", 0);
    panel.set_order_status(&id(partial), "Partial", 250);
    panel.set_order_status(&id(canceled), "Canceled", 1000);
    w.round().await;
    assert_eq!(w.state(completed).await, "completed");
    assert_eq!(w.state(partial).await, "partial");
    assert_eq!(w.state(canceled).await, "canceled");
    // Partial: 1.08 × 250 / 1000 = 0.27; canceled: all of it.
    let expected_ledger = vec![
        ("order_charge".to_string(), -108),
        ("order_charge".to_string(), -108),
        ("order_charge".to_string(), -108),
        ("order_refund".to_string(), 27),
        ("order_refund".to_string(), 108),
    ];
    assert_eq!(w.ledger().await, expected_ledger);
    // One notice per observation: the start (40 % delivered shows in it), then the end.
    let expected_notices: Vec<String> = [
        format!("order:{completed}:in_progress"),
        format!("order:{partial}:in_progress"),
        format!("order:{canceled}:in_progress"),
        format!("order:{completed}:completed"),
        format!("order:{partial}:partial"),
        format!("order:{canceled}:canceled"),
    ]
    .into();
    let mut notices = w.notices(CUSTOMER).await;
    notices.sort();
    let mut expected_sorted = expected_notices.clone();
    expected_sorted.sort();
    assert_eq!(notices, expected_sorted);

    // A restart: a new poller on the same database, every order made due again.
    let restarted = Poller::new(
        w.db.clone(),
        w.providers.clone(),
        w.pricing.clone(),
        vec![ADMIN],
        Duration::from_secs(1),
        Arc::new(Notify::new()),
    );
    sqlx::query("UPDATE orders SET next_check_at = 0")
        .execute(w.db.pool())
        .await
        .unwrap();
    restarted.round_once().await.unwrap();
    assert_eq!(w.ledger().await, expected_ledger, "no second refund");
    assert_eq!(
        w.notices(CUSTOMER).await.len(),
        expected_notices.len(),
        "no second notice"
    );
    assert!(w.db.ledger_mismatches().await.unwrap().is_empty());
    panel.shutdown().await;
}

#[tokio::test]
async fn final_states_are_sticky_and_unknown_statuses_are_reported_once() {
    let panel = FakePanel::start().await;
    let w = world("panel_v2", panel.url().to_string(), FAKE_KEY, "USD").await;
    let subscribers = w.service("Telegram subscribers").await;
    let done = w.place(&subscribers, 1000, "a").await;
    let odd = w.place(&subscribers, 1000, "b").await;
    panel.set_order_status("1000", "Completed", 0);
    panel.set_order_status("1001", "Frozen by moderator", 1000);
    w.round().await;
    assert_eq!(w.state(done).await, "completed");

    // A later contradictory answer changes nothing, even when applied directly.
    panel.set_order_status("1000", "Canceled", 1000);
    let order = w.db.order(done).await.unwrap().unwrap();
    let checked =
        smmbot::orders::lifecycle::check_now(&w.db, &w.providers, &[ADMIN], Duration::from_secs(1), &order)
            .await
            .unwrap();
    assert_eq!(checked, smmbot::orders::lifecycle::Checked::NoInformation);
    for _ in 0..3 {
        w.round().await;
    }
    assert_eq!(w.state(done).await, "completed");
    assert_eq!(
        w.ledger()
            .await
            .iter()
            .filter(|(kind, _)| kind == "order_refund")
            .count(),
        0
    );

    // The unknown status stays visible, the order stays active, admins hear it once.
    let odd_order = w.db.order(odd).await.unwrap().unwrap();
    assert_eq!(odd_order.state, "placed");
    assert_eq!(odd_order.provider_status.as_deref(), Some("Frozen by moderator"));
    assert_eq!(
        w.notices(ADMIN as i64).await,
        vec![format!("unknown_status:{odd}:Frozen by moderator:admin:{ADMIN}")]
    );
    panel.shutdown().await;
}

#[tokio::test]
async fn a_provider_that_is_down_is_backed_off_and_nothing_is_lost() {
    let panel = FakePanel::start().await;
    let w = world("panel_v2", panel.url().to_string(), FAKE_KEY, "USD").await;
    let subscribers = w.service("Telegram subscribers").await;
    let order = w.place(&subscribers, 1000, "a").await;
    panel.set_order_status("1000", "Canceled", 1000);
    panel.respond_next(
        "status",
        Reply::new(502, "<html><body>502 Bad Gateway</body></html>"),
    );
    w.round().await;
    assert_eq!(w.state(order).await, "placed");
    let failures: i64 = sqlx::query_scalar("SELECT failures FROM provider_health WHERE provider = 'shop'")
        .fetch_one(w.db.pool())
        .await
        .unwrap();
    assert_eq!(failures, 1);

    // While backing off, the provider is left alone.
    let calls_before = panel.requests_for("status").len();
    w.round().await;
    assert_eq!(panel.requests_for("status").len(), calls_before);

    // Back up: the answer is applied once, with its refund.
    sqlx::query("UPDATE provider_health SET backoff_until = 0")
        .execute(w.db.pool())
        .await
        .unwrap();
    w.round().await;
    w.round().await;
    assert_eq!(w.state(order).await, "canceled");
    assert_eq!(
        w.ledger().await,
        vec![("order_charge".into(), -108), ("order_refund".into(), 108)]
    );
    panel.shutdown().await;
}

#[tokio::test]
async fn an_interrupted_submission_waits_for_an_admin_with_the_money_held() {
    let panel = FakePanel::start().await;
    let w = world("panel_v2", panel.url().to_string(), FAKE_KEY, "USD").await;
    let subscribers = w.service("Telegram subscribers").await;
    let order = w.place(&subscribers, 1000, "a").await;
    // As if the process died between paying and hearing from the provider, long ago.
    sqlx::query(
        "UPDATE orders SET state = 'submitting', provider_order_id = NULL, updated_at = 0 WHERE id = ?",
    )
    .bind(order)
    .execute(w.db.pool())
    .await
    .unwrap();
    w.round().await;
    w.round().await;
    assert_eq!(w.state(order).await, "unknown_outcome");
    assert_eq!(
        w.notices(ADMIN as i64).await,
        vec![format!("unknown_outcome:{order}:admin:{ADMIN}")]
    );
    assert_eq!(
        w.ledger().await,
        vec![("order_charge".into(), -108)],
        "held, not refunded"
    );
    panel.shutdown().await;
}

/// Starts placing an order whose `add` the panel is holding, and returns once the panel has
/// the request: the placement is then waiting for the answer.
async fn place_while_the_panel_holds_it(
    w: &Arc<World>,
    panel: &FakePanel,
    service: &Service,
    key: &'static str,
) -> tokio::task::JoinHandle<PlaceOutcome> {
    let (world, service) = (w.clone(), service.clone());
    let placing = tokio::spawn(async move { world.try_place(&service, 1000, key).await });
    let asked = Instant::now();
    while panel.requests_for("add").is_empty() {
        assert!(
            asked.elapsed() < Duration::from_secs(10),
            "the panel was never asked"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    placing
}

/// The poller's grace runs out while the call is still out (a long TIMEOUT_SECS, a queue
/// behind the rate limit): as if the order had been submitting for an hour.
async fn outlive_the_grace(w: &World, order: i64) {
    sqlx::query("UPDATE orders SET updated_at = updated_at - 3600 WHERE id = ?")
        .bind(order)
        .execute(w.db.pool())
        .await
        .unwrap();
    w.round().await;
    assert_eq!(w.state(order).await, "unknown_outcome");
}

// Issue 10, defect 3: the provider's id that came after the grace was dropped while the
// customer was told "placed".
#[tokio::test]
async fn an_order_id_that_comes_after_the_grace_still_places_the_order() {
    let panel = FakePanel::start().await;
    let w = Arc::new(world("panel_v2", panel.url().to_string(), FAKE_KEY, "USD").await);
    let subscribers = w.service("Telegram subscribers").await;
    panel.stall_next("add", Duration::from_secs(3));
    let placing = place_while_the_panel_holds_it(&w, &panel, &subscribers, "late-yes").await;
    let order: i64 = sqlx::query_scalar("SELECT id FROM orders WHERE request_key = 'late-yes'")
        .fetch_one(w.db.pool())
        .await
        .unwrap();
    outlive_the_grace(&w, order).await;

    let outcome = placing.await.unwrap();
    assert!(
        matches!(outcome, PlaceOutcome::Placed { order_id, .. } if order_id == order),
        "{outcome:?}"
    );
    let placed = w.db.order(order).await.unwrap().unwrap();
    assert_eq!(placed.state, "placed");
    assert_eq!(placed.provider_order_id.as_deref(), Some("1000"));
    // From there it is followed like any other order.
    panel.set_order_status("1000", "In progress", 500);
    w.round().await;
    assert_eq!(w.state(order).await, "in_progress");
    assert_eq!(w.ledger().await, vec![("order_charge".into(), -108)]);
    assert!(w.db.ledger_mismatches().await.unwrap().is_empty());
    panel.shutdown().await;
}

#[tokio::test]
async fn a_refusal_that_comes_after_the_grace_still_refunds_the_order() {
    let panel = FakePanel::start().await;
    let w = Arc::new(world("panel_v2", panel.url().to_string(), FAKE_KEY, "USD").await);
    let subscribers = w.service("Telegram subscribers").await;
    panel.respond_next_after(
        "add",
        Duration::from_secs(3),
        Reply::new(200, r#"{"error":"Incorrect link"}"#),
    );
    let placing = place_while_the_panel_holds_it(&w, &panel, &subscribers, "late-no").await;
    let order: i64 = sqlx::query_scalar("SELECT id FROM orders WHERE request_key = 'late-no'")
        .fetch_one(w.db.pool())
        .await
        .unwrap();
    outlive_the_grace(&w, order).await;

    let outcome = placing.await.unwrap();
    assert!(
        matches!(
            outcome,
            PlaceOutcome::Rejected {
                refunded_minor: 108,
                ..
            }
        ),
        "{outcome:?}"
    );
    assert_eq!(w.state(order).await, "rejected");
    assert_eq!(
        w.ledger().await,
        vec![("order_charge".into(), -108), ("order_refund".into(), 108)]
    );
    assert!(w.db.ledger_mismatches().await.unwrap().is_empty());
    panel.shutdown().await;
}

#[tokio::test]
async fn an_id_another_order_already_has_holds_the_new_order_for_an_admin() {
    let panel = FakePanel::start().await;
    let w = world("panel_v2", panel.url().to_string(), FAKE_KEY, "USD").await;
    let subscribers = w.service("Telegram subscribers").await;
    let first = w.place(&subscribers, 1000, "first").await;
    // The panel answers the next order with the first one's id.
    panel.respond_next("add", Reply::new(200, r#"{"order":1000}"#));
    let outcome = w.try_place(&subscribers, 1000, "second").await;
    let PlaceOutcome::Unconfirmed { order_id: second } = outcome else {
        panic!("{outcome:?}")
    };
    let held = w.db.order(second).await.unwrap().unwrap();
    assert_eq!(held.state, "unknown_outcome");
    assert_eq!(held.provider_order_id, None, "one upstream order, billed once");
    assert!(
        held.error
            .unwrap()
            .contains(&format!("order #{first} already has"))
    );
    assert_eq!(
        w.notices(ADMIN as i64).await,
        vec![format!("attention:{second}:id_taken:admin:{ADMIN}")]
    );
    assert!(smmbot::audit::run(&w.db).await.unwrap().is_empty());
    panel.shutdown().await;
}

// Issue 10, defect 2: with a balance below zero every credit was refused, so the poller's
// batch rolled back every round and no order of that provider was updated again.
#[tokio::test]
async fn a_balance_below_zero_takes_every_credit_and_stops_no_poll_round() {
    use smmbot::payments;
    use smmbot::payments::refunds::{PaymentKey, RefundConsent};
    use smmbot::payments::stars::{PaymentReceived, STARS_CURRENCY};
    let panel = FakePanel::start().await;
    let w = world("panel_v2", panel.url().to_string(), FAKE_KEY, "USD").await;
    let subscribers = w.service("Telegram subscribers").await;
    let movement = |kind, reference, amount_minor| Movement {
        user_id: CUSTOMER,
        kind,
        reference,
        amount_minor,
        note: None,
    };
    w.db.apply_movement(&movement(LedgerKind::AdminDebit, "empty", -100_000))
        .await
        .unwrap()
        .unwrap();
    // 100 stars at 0.0216 USD credit 2.16 USD: two orders of 1.08, both spent.
    let usd = smmbot::money::Currency::parse("USD").unwrap();
    let rate = Some("0.0216".parse().unwrap());
    let stars = |charge_id| PaymentReceived {
        charge_id,
        payer: CUSTOMER,
        currency: STARS_CURRENCY,
        stars: 100,
        payload: "st1:7:100:abc",
    };
    payments::stars::receive(&w.db, &stars("paid"), rate, &usd)
        .await
        .unwrap();
    let canceled = w.place(&subscribers, 1000, "a").await;
    let running = w.place(&subscribers, 1000, "b").await;
    // The admin refunds the stars anyway, and the balance goes below zero.
    let payment = payments::refunds::check_refund(
        &w.db,
        PaymentKey::Charge("paid"),
        RefundConsent::OverdraftConfirmed,
    )
    .await
    .unwrap()
    .unwrap();
    payments::refunds::book_refund(&w.db, payment.id, ADMIN as i64)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(w.db.user(CUSTOMER).await.unwrap().unwrap().balance_minor, -216);

    // A refund that leaves it below zero, and another order's progress, in one round.
    let id = |order: i64| (order - canceled + 1000).to_string();
    panel.set_order_status(&id(canceled), "Canceled", 1000);
    panel.set_order_status(&id(running), "In progress", 500);
    let report = w.poller.round_once().await;
    assert!(report.is_ok(), "{report:?}");
    w.make_due().await;
    w.poller.round_once().await.unwrap();
    assert_eq!(w.state(canceled).await, "canceled");
    assert_eq!(w.state(running).await, "in_progress");
    assert_eq!(w.db.user(CUSTOMER).await.unwrap().unwrap().balance_minor, -108);
    // An admin's credit and a new Stars payment go through too.
    w.db.apply_movement(&movement(LedgerKind::AdminCredit, "help", 8))
        .await
        .unwrap()
        .unwrap();
    let again = payments::stars::receive(&w.db, &stars("paid-again"), rate, &usd)
        .await
        .unwrap();
    assert_eq!(
        again,
        payments::Received::Credited {
            amount_minor: 216,
            balance_minor: 116
        }
    );
    assert!(w.db.ledger_mismatches().await.unwrap().is_empty());
    assert!(smmbot::audit::run(&w.db).await.unwrap().is_empty());
    panel.shutdown().await;
}

#[tokio::test]
async fn ten_thousand_orders_take_one_hundred_status_calls() {
    let panel = FakePanel::start().await;
    let w = world("panel_v2", panel.url().to_string(), FAKE_KEY, "USD").await;
    let subscribers = w.service("Telegram subscribers").await;
    let mut tx = w.db.begin_write().await.unwrap();
    for n in 0..10_000 {
        let provider_id = format!("p{n}");
        sqlx::query(
            "INSERT INTO orders (user_id, service_id, provider, provider_service_id, request_key, link, quantity,
                 charge_minor, provider_order_id, state, created_at, updated_at, next_check_at)
             VALUES (?, ?, 'shop', '1', ?, 'https://t.me/x', 1000, 108, ?, 'placed', 0, 0, 0)",
        )
        .bind(CUSTOMER)
        .bind(subscribers.id)
        .bind(format!("bulk-{n}"))
        .bind(&provider_id)
        .execute(&mut *tx)
        .await
        .unwrap();
        panel.set_order_status(&provider_id, "In progress", 500);
    }
    tx.commit().await.unwrap();

    let report = w.poller.round_once().await.unwrap();
    assert_eq!(panel.requests_for("status").len(), 100);
    assert_eq!(report.providers[0].1.status_calls, 100);
    assert_eq!(report.providers[0].1.applied, 10_000);
    let in_progress: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE state = 'in_progress'")
        .fetch_one(w.db.pool())
        .await
        .unwrap();
    assert_eq!(in_progress, 10_000);
    panel.shutdown().await;
}

#[tokio::test]
async fn bratanref_orders_are_polled_at_no_more_than_two_calls_a_second() {
    let fake = FakeBratanRef::start().await;
    let w = world(
        "bratanref_v1",
        fake.url().to_string(),
        fake_bratanref::FAKE_KEY,
        "RUB",
    )
    .await;
    let notpixel = w.service("Notpixel").await;
    for n in 0..5 {
        w.place(&notpixel, 1, &format!("r{n}")).await;
    }
    let started = Instant::now();
    w.round().await;
    let arrivals: Vec<Instant> = fake
        .requests()
        .iter()
        .filter(|r| r.at >= started)
        .map(|r| r.at)
        .collect();
    assert_eq!(arrivals.len(), 5);
    for (i, first) in arrivals.iter().enumerate() {
        let within_a_second = arrivals[i..]
            .iter()
            .filter(|at| at.duration_since(*first) < Duration::from_secs(1))
            .count();
        assert!(within_a_second <= 2, "{within_a_second} calls within one second");
    }
    fake.shutdown().await;
}

#[tokio::test]
async fn a_refill_is_followed_to_its_end_and_the_customer_told_once() {
    let panel = FakePanel::start().await;
    let w = world("panel_v2", panel.url().to_string(), FAKE_KEY, "USD").await;
    // Telegram subscribers offer refills.
    let subscribers = w.service("Telegram subscribers").await;
    let order = w.place(&subscribers, 1000, "a").await;
    panel.set_order_status("1000", "Completed", 0);
    w.round().await;
    let requested = smmbot::orders::actions::refill(&w.db, &w.providers, CUSTOMER, order)
        .await
        .unwrap();
    assert_eq!(requested, smmbot::orders::actions::RequestOutcome::Requested);

    let refill_id = common::fake_panel::FIRST_REFILL_ID.to_string();
    panel.set_refill_status(&refill_id, "In progress");
    w.round().await;
    assert!(
        w.notices(CUSTOMER)
            .await
            .iter()
            .all(|key| !key.starts_with("refill:"))
    );
    panel.set_refill_status(&refill_id, "Completed");
    sqlx::query("UPDATE refills SET next_check_at = 0 WHERE next_check_at IS NOT NULL")
        .execute(w.db.pool())
        .await
        .unwrap();
    w.round().await;
    w.round().await;
    let refill_notices: Vec<String> = w
        .notices(CUSTOMER)
        .await
        .into_iter()
        .filter(|key| key.starts_with("refill:"))
        .collect();
    assert_eq!(refill_notices.len(), 1, "{refill_notices:?}");
    let state: String = sqlx::query_scalar("SELECT state FROM refills WHERE order_id = ?")
        .bind(order)
        .fetch_one(w.db.pool())
        .await
        .unwrap();
    assert_eq!(state, "completed");
    panel.shutdown().await;
}
