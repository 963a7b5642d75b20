//! The notifier under a burst, at Telegram's real limits: N notices to K customers queued in
//! one transaction (as one poll round that saw every order change queues them), sent by the
//! bot's own `Notifier` through a proxy that enforces Telegram's limits (one message a second
//! per chat, thirty a second in all; 429 with `retry_after` beyond them) in front of the
//! repository's fake Bot API. Prints the time until the last notice was delivered, the median
//! and p99 delay of a notice, the 429s provoked and the duplicates. Nothing is asserted: the
//! figures are for reading (`tests/notice_pacing.rs` asserts them, scaled).
//!
//! ```text
//! cargo bench --bench notices                       # 1,000 notices to 500 customers
//! cargo bench --bench notices -- --customers 100 --per-customer 3
//! cargo bench --bench notices -- --quick            # 100 notices to 50 customers
//! ```

#[path = "../tests/common/fake_telegram.rs"]
mod fake_telegram;
#[path = "../tests/common/paced_telegram.rs"]
mod paced_telegram;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use smmbot::bot::notifier::Notifier;
use smmbot::config::Config;
use smmbot::db::Db;
use smmbot::db::notices::{Notice, enqueue};
use smmbot::i18n::I18n;
use smmbot::metrics::Metrics;
use tokio::sync::Notify;
use tokio::time::Instant;

use fake_telegram::FakeTelegram;
use paced_telegram::{PacedTelegram, RateLimits};

const FIRST_CUSTOMER: i64 = 1_000_000;
/// The order states a customer hears of, in order.
const STATES: [&str; 3] = ["in_progress", "partial", "completed"];
/// How long the bench waits for the last notice before it reports what it has.
const LIMIT: Duration = Duration::from_secs(300);

struct Options {
    customers: i64,
    per_customer: usize,
}

fn options() -> Options {
    let mut options = Options {
        customers: 500,
        per_customer: 2,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || -> u64 {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{arg} needs a whole number"))
        };
        match arg.as_str() {
            "--customers" => options.customers = i64::try_from(value()).expect("customers"),
            "--per-customer" => {
                options.per_customer = usize::try_from(value())
                    .expect("per customer")
                    .clamp(1, STATES.len())
            }
            "--quick" => options.customers = 50,
            // `cargo bench` passes --bench to every target.
            "--bench" => {}
            other => panic!("unknown option {other}; see the top of benches/notices.rs"),
        }
    }
    options
}

#[tokio::main]
async fn main() {
    let options = options();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&format!("sqlite://{}", dir.path().join("bench.db").display()))
        .await
        .expect("database");
    let config = Config::from_lookup(|name| match name {
        "ADMIN_IDS" => Some("1".into()),
        "SHOP_CURRENCY" => Some("USD".into()),
        _ => None,
    })
    .expect("configuration");
    let telegram = FakeTelegram::start().await;
    // Telegram's limits, with three messages of slack on the bot-wide rate for clock jitter.
    let limited = PacedTelegram::start(telegram.api_url(), RateLimits::telegram_faster(1, 3)).await;
    let notifier = Notifier::new(
        db.clone(),
        limited.bot(),
        Arc::new(I18n::load().expect("locales")),
        Arc::new(config),
    );
    let wake = Arc::new(Notify::new());
    let running = tokio::spawn(notifier.run(Arc::clone(&wake), Arc::new(Metrics::default())));

    let total = usize::try_from(options.customers).expect("customers") * options.per_customer;
    let mut tx = db.begin_write().await.expect("begin");
    for state in &STATES[..options.per_customer] {
        for n in 0..options.customers {
            let chat = FIRST_CUSTOMER + n;
            let notice = Notice::OrderChanged {
                order_id: chat,
                service: "Telegram subscribers".into(),
                state: (*state).into(),
                quantity: 1000,
                remains: Some(400),
                refunded_minor: 0,
            };
            enqueue(&mut tx, chat, &format!("order:{chat}:{state}"), &notice)
                .await
                .expect("enqueue");
        }
    }
    tx.commit().await.expect("commit");
    let queued = Instant::now();
    wake.notify_one();

    let mut delivered = limited.delivered();
    while delivered.len() < total && queued.elapsed() < LIMIT {
        tokio::time::sleep(Duration::from_millis(100)).await;
        delivered = limited.delivered();
    }
    running.abort();
    let _ = running.await;

    let mut delays: Vec<Duration> = delivered.iter().map(|(_, at)| *at - queued).collect();
    delays.sort_unstable();
    let quantile = |q: f64| {
        let at = ((delays.len() as f64 - 1.0) * q).round() as usize;
        delays.get(at).map_or(f64::NAN, Duration::as_secs_f64)
    };
    let mut per_chat: HashMap<i64, usize> = HashMap::new();
    for (chat, _) in &delivered {
        *per_chat.entry(*chat).or_default() += 1;
    }
    let duplicates: usize = per_chat
        .values()
        .map(|n| n.saturating_sub(options.per_customer))
        .sum();
    let unsent = total.saturating_sub(delivered.len() - duplicates);
    let rate_floor = Duration::from_secs(1) / 30 * u32::try_from(total).unwrap_or(u32::MAX);
    println!(
        "{total} notices to {} customers: last delivered after {:.1} s (the bot-wide rate allows \
         {:.1} s); delay p50 {:.1} s, p99 {:.1} s; 429 answers: {}; duplicates: {duplicates}; \
         not delivered: {unsent}",
        options.customers,
        delays.last().map_or(f64::NAN, Duration::as_secs_f64),
        rate_floor.as_secs_f64(),
        quantile(0.5),
        quantile(0.99),
        limited.refused(),
    );
    limited.stop();
    telegram.shutdown().await;
}
