//! The notifier at Telegram's pace (issue 18), against the fake Bot API behind a proxy that
//! enforces Telegram's limits (per chat and bot-wide, 429 with `retry_after` when exceeded).
//! The limits and the notifier's pace are both scaled up `SPEED` times, so a burst that takes
//! Telegram 35 s takes a few seconds here; the benchmark (`benches/notices.rs`) runs the real
//! limits.

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use smmbot::bot::notifier::Pace;
use smmbot::db::notices::{Notice, enqueue, enqueue_admins};
use smmbot::metrics::Metrics;
use tokio::sync::Notify;
use tokio::time::Instant;

use common::fake_telegram::Snapshot;
use common::notifier_rig::NotifierRig;
use common::paced_telegram::{PacedTelegram, RateLimits};

const ADMIN: i64 = 1;
const FIRST_CUSTOMER: i64 = 10_000;
const SPEED: u32 = 4;
/// Slack the proxy allows on the bot-wide rate, for the jitter between our pacing and its clock.
const BURST: u32 = 10;

struct Setup {
    rig: NotifierRig,
    limited: PacedTelegram,
}

impl Setup {
    async fn new() -> Self {
        let rig = NotifierRig::start(&[ADMIN as u64]).await;
        let limited =
            PacedTelegram::start(rig.telegram.api_url(), RateLimits::telegram_faster(SPEED, BURST)).await;
        Self { rig, limited }
    }

    fn pace() -> Pace {
        Pace::TELEGRAM.faster(SPEED)
    }

    /// The notifier running as in the bot, through the rate-limiting proxy.
    fn run_notifier(&self, pace: Pace) -> (tokio::task::JoinHandle<()>, Arc<Notify>) {
        let notifier = self.rig.notifier(self.limited.bot()).with_pace(pace);
        let wake = Arc::new(Notify::new());
        let task = tokio::spawn(notifier.run(Arc::clone(&wake), Arc::new(Metrics::default())));
        (task, wake)
    }

    /// Two notices for each of `customers` customers (an order started, then done), queued in
    /// one transaction as one poll round would.
    async fn queue_burst(&self, customers: i64) {
        let mut tx = self.rig.db.begin_write().await.unwrap();
        for state in ["in_progress", "completed"] {
            for n in 0..customers {
                let chat = FIRST_CUSTOMER + n;
                let notice = order_changed(chat, state);
                assert!(
                    enqueue(&mut tx, chat, &format!("order:{chat}:{state}"), &notice)
                        .await
                        .unwrap()
                );
            }
        }
        tx.commit().await.unwrap();
    }

    async fn queue_alerts(&self, from_order: i64, count: i64) {
        let mut tx = self.rig.db.begin_write().await.unwrap();
        for order_id in from_order..from_order + count {
            let notice = Notice::UnknownStatus {
                order_id,
                provider: "panel".into(),
                raw_status: "Stuck".into(),
            };
            enqueue_admins(
                &mut tx,
                &[ADMIN as u64],
                &format!("unknown_status:{order_id}"),
                &notice,
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }

    /// Rows claimed and not marked sent: what a kill at this moment leaves leased.
    async fn leased(&self) -> i64 {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications
             WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at > ?",
        )
        .bind(smmbot::db::now())
        .fetch_one(self.rig.db.pool())
        .await
        .unwrap()
    }

    async fn wait_for_customer_messages(&self, count: usize) {
        // In steps, each within the fake's wait limit.
        for step in (100..count).step_by(100).chain([count]) {
            let what = format!("{step} customer messages");
            self.rig
                .telegram
                .wait_for(&what, |seen: &Snapshot| {
                    (customer_messages(seen) >= step).then_some(())
                })
                .await;
        }
    }
}

fn order_changed(order_id: i64, state: &str) -> Notice {
    Notice::OrderChanged {
        order_id,
        service: "Telegram subscribers".into(),
        state: state.into(),
        quantity: 1000,
        remains: Some(0),
        refunded_minor: 0,
    }
}

fn customer_messages(seen: &Snapshot) -> usize {
    let customers = seen.chats.iter().filter(|(chat, _)| **chat >= FIRST_CUSTOMER);
    customers
        .map(|(_, messages)| messages.iter().filter(|m| m.from_bot).count())
        .sum()
}

/// A burst of 1,000 notices to 500 customers, with an admin chat that Telegram answers slowly
/// and fills with alerts, and a kill in the middle: every customer gets both notices, in order,
/// as fast as the bot-wide limit allows; no 429 is provoked; nothing is sent twice except what
/// the kill caught between Telegram's OK and our mark; the admin gets a digest, not 60 alerts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_reaches_every_customer_at_telegrams_pace_across_a_kill() {
    let setup = Setup::new().await;
    let pace = Setup::pace();
    setup.limited.slow_chat(ADMIN, Duration::from_secs(2));
    setup.queue_alerts(1, 60).await;
    setup.queue_burst(500).await;

    let started = Instant::now();
    let (first_run, _) = setup.run_notifier(pace);
    setup.wait_for_customer_messages(400).await;
    // kill -9: the task stops wherever it is, rows it claimed stay leased.
    first_run.abort();
    let _ = first_run.await;
    let leased_at_kill = setup.leased().await;
    let killed_at = Instant::now();
    // A restart takes longer than a chat's interval; then the leases of the killed run end.
    tokio::time::sleep(pace.private_chat).await;
    sqlx::query("UPDATE notifications SET next_attempt_at = 0 WHERE sent_at IS NULL AND gave_up_at IS NULL")
        .execute(setup.rig.db.pool())
        .await
        .unwrap();
    let restarted_at = Instant::now();
    let (second_run, _) = setup.run_notifier(pace);
    setup.wait_for_customer_messages(1000).await;
    let elapsed = (killed_at - started) + restarted_at.elapsed();
    // Let anything extra (a duplicate) show before counting.
    tokio::time::sleep(pace.private_chat * 2).await;
    second_run.abort();
    let _ = second_run.await;

    assert_eq!(setup.limited.refused(), 0, "no 429 provoked");
    let mut duplicates = 0;
    for n in 0..500 {
        let chat = FIRST_CUSTOMER + n;
        let texts: Vec<String> = setup
            .rig
            .telegram
            .bot_messages(chat)
            .into_iter()
            .map(|m| m.text)
            .collect();
        let mut distinct = texts.clone();
        distinct.dedup();
        duplicates += texts.len() - distinct.len();
        assert_eq!(distinct.len(), 2, "chat {chat}: {texts:?}");
        assert!(
            distinct[0].contains("has started") && distinct[1].contains("is complete"),
            "{texts:?}"
        );
    }
    assert!(
        i64::try_from(duplicates).unwrap() <= leased_at_kill,
        "{duplicates} duplicates, {leased_at_kill} rows in flight at the kill"
    );
    // 1,000 messages at the bot-wide rate, plus a few seconds (scaled like the limits).
    let possible = pace.overall * 1000;
    assert!(
        elapsed < possible + Duration::from_secs(6) / SPEED + Duration::from_secs(2),
        "{elapsed:?} for what the rate allows in {possible:?}"
    );
    let alerts = setup.rig.telegram.bot_messages(ADMIN);
    assert!((1..=2).contains(&alerts.len()), "{}", setup.rig.telegram.dump());
    let digest = &alerts[0].text;
    assert!(
        digest.contains(": 60") && digest.contains("and 40 more"),
        "one digest of the 60 alerts: {digest}"
    );
    let unsent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE sent_at IS NULL")
        .fetch_one(setup.rig.db.pool())
        .await
        .unwrap();
    assert_eq!(unsent, 0);
    eprintln!(
        "burst: {elapsed:?} (rate allows {possible:?}), {duplicates} duplicates, {leased_at_kill} in flight at the kill"
    );
    setup.limited.stop();
}

/// Alerts that keep coming: those due together go as one digest, two more go on their own as
/// they come, and the rest of the window's wait for its end and come as one more digest;
/// customers are not held meanwhile.
#[tokio::test]
async fn alerts_coming_in_a_stream_become_one_digest_per_window() {
    let setup = Setup::new().await;
    // A short window (3 s), under the same proxy limits.
    let pace = Pace {
        digest_window: Duration::from_secs(3),
        ..Setup::pace()
    };
    let (run, wake) = setup.run_notifier(pace);
    setup.queue_alerts(1, 3).await;
    wake.notify_one();
    let first = setup.rig.telegram.wait_bot_message_containing(ADMIN, ": 3").await;
    let window_began = Instant::now();
    assert!(
        first.text.contains("#1") && first.text.contains("#3"),
        "{}",
        first.text
    );

    // Two more, each on its own: the window's second and third messages.
    for order in [4, 5] {
        setup.queue_alerts(order, 1).await;
        wake.notify_one();
        let alone = setup
            .rig
            .telegram
            .wait_bot_message_containing(ADMIN, &format!("Order #{order}"))
            .await;
        assert!(
            alone.text.contains("reports a status we do not know"),
            "{}",
            alone.text
        );
    }
    // Ten more: they wait for the window, while a customer's notice comes and goes at once.
    for order in 6..=15 {
        setup.queue_alerts(order, 1).await;
        wake.notify_one();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    setup.queue_burst(1).await;
    wake.notify_one();
    setup
        .rig
        .telegram
        .wait_bot_message_containing(FIRST_CUSTOMER, "has started")
        .await;
    assert!(
        window_began.elapsed() < pace.digest_window,
        "the customer did not wait"
    );
    assert_eq!(
        setup.rig.telegram.bot_messages(ADMIN).len(),
        3,
        "{}",
        setup.rig.telegram.dump()
    );

    let second = setup
        .rig
        .telegram
        .wait_bot_message_containing(ADMIN, ": 10")
        .await;
    assert!(window_began.elapsed() >= pace.digest_window - Duration::from_secs(1));
    for order in [6, 15] {
        assert!(second.text.contains(&format!("#{order}")), "{}", second.text);
    }
    let admin = setup.rig.telegram.bot_messages(ADMIN);
    assert_eq!(admin.len(), 4, "{}", setup.rig.telegram.dump());
    let per_text: HashMap<&str, usize> = admin.iter().fold(HashMap::new(), |mut seen, m| {
        *seen.entry(m.text.as_str()).or_default() += 1;
        seen
    });
    assert!(per_text.values().all(|times| *times == 1));
    assert_eq!(setup.limited.refused(), 0);
    run.abort();
    let _ = run.await;
    setup.limited.stop();
}
