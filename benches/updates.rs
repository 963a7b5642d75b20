//! The real bot, per update: `smmbot run` as a child process against an in-repository fake Bot
//! API and fake panel, with K simulated customers going through the shop for a fixed time.
//! Prints updates/s, p50/p99 latency, the bot's CPU and context switches per update (from
//! /proc), its RSS idle, at the peak of the load and after it, and its cold start.
//!
//! ```text
//! cargo bench --bench updates -- --customers 50 --seconds 20
//! cargo bench --bench updates -- --quick          # a few seconds: proves it still works
//! SMMBOT_BENCH_BINARY=/path/to/old/smmbot cargo bench --bench updates   # another build
//! ```
//!
//! Options: `--customers N` (50), `--seconds S` (20, measured after the warm-up), `--warmup S`
//! (2), `--flow browse|order|both` (both), `--orders N` (store N old orders before the start,
//! to see the bot's memory with them), `--quick` (10 customers, 3 s, 1 s warm-up). Each flow
//! runs against a bot of its own. Nothing is asserted: the figures are for reading.

#[path = "updates/bot.rs"]
mod bot;
#[path = "updates/customer.rs"]
mod customer;
#[path = "../tests/common/fake_panel.rs"]
mod fake_panel;
#[path = "updates/probe.rs"]
mod probe;
#[path = "updates/telegram.rs"]
mod telegram;

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use futures::future::join_all;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Executor};
use tokio::task::JoinSet;

use bot::Bot;
use customer::{Customer, Flow, Load, WAIT_LIMIT};
use fake_panel::{FAKE_KEY, FakePanel};
use telegram::{PollStats, TOKEN, Telegram, User};

const ADMIN_ID: i64 = 900_000_001;
const FIRST_CUSTOMER_ID: i64 = 1_000_000;
/// How long the bot may take from its spawn to its first getUpdates.
const START_LIMIT: Duration = Duration::from_secs(60);
/// How often the bot's RSS is read, and its health checked, during the load.
const SAMPLE_EVERY: Duration = Duration::from_millis(200);
/// The idle reading is taken this long after the first getUpdates, once the start has settled.
const SETTLE: Duration = Duration::from_secs(1);
/// The "after" reading is taken this long after the load stops.
const AFTER_LOAD: Duration = Duration::from_secs(3);

struct Options {
    customers: usize,
    seconds: u64,
    warmup: u64,
    flows: Vec<Flow>,
    orders: Option<u64>,
}

const USAGE: &str = "usage: cargo bench --bench updates -- [--customers N] [--seconds S] [--warmup S] \
                     [--flow browse|order|both] [--orders N] [--quick]";

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Self {
        let (mut customers, mut seconds, mut warmup) = (None, None, None);
        let mut flows = vec![Flow::Browse, Flow::Order];
        let mut orders = None;
        let mut quick = false;
        while let Some(arg) = args.next() {
            let mut value = |name: &str| -> u64 {
                let value = args
                    .next()
                    .unwrap_or_else(|| fail(&format!("{name} needs a value")));
                value
                    .parse()
                    .unwrap_or_else(|_| fail(&format!("{name} {value}: not a whole number")))
            };
            match arg.as_str() {
                "--customers" => customers = Some(value("--customers") as usize),
                "--seconds" => seconds = Some(value("--seconds")),
                "--warmup" => warmup = Some(value("--warmup")),
                "--orders" => orders = Some(value("--orders")),
                "--quick" => quick = true,
                "--flow" => {
                    flows = match args.next().as_deref() {
                        Some("browse") => vec![Flow::Browse],
                        Some("order") => vec![Flow::Order],
                        Some("both") => vec![Flow::Browse, Flow::Order],
                        other => fail(&format!("--flow {other:?}: expected browse, order or both")),
                    }
                }
                "--help" | "-h" => {
                    println!("{USAGE}");
                    std::process::exit(0);
                }
                // cargo bench passes --bench to every bench binary.
                "--bench" => {}
                other => eprintln!("ignoring unknown argument {other:?}"),
            }
        }
        let (default_customers, default_seconds, default_warmup) =
            if quick { (10, 3, 1) } else { (50, 20, 2) };
        let options = Self {
            customers: customers.unwrap_or(default_customers),
            seconds: seconds.unwrap_or(default_seconds),
            warmup: warmup.unwrap_or(default_warmup),
            flows,
            orders,
        };
        if options.customers == 0 || options.seconds == 0 {
            fail("--customers and --seconds must be above 0");
        }
        options
    }
}

fn fail(message: &str) -> ! {
    eprintln!("{message}\n{USAGE}");
    std::process::exit(2);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let options = Options::parse(std::env::args().skip(1));
    println!(
        "smmbot per update: {} customers, {} s measured after {} s of warm-up, {} core(s)",
        options.customers,
        options.seconds,
        options.warmup,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for &flow in &options.flows {
        let report = run(flow, &options).await;
        println!("{}", report.line());
        println!("{}", report.details());
    }
}

/// The bot, the bench process and the load at one instant.
struct Snapshot {
    at: Instant,
    bot: probe::Sample,
    bot_threads: BTreeMap<u32, (String, u64)>,
    bench_cpu_ticks: u64,
    machine_busy_ticks: u64,
    updates: u64,
    orders: u64,
    polls: PollStats,
}

impl Snapshot {
    fn take(bot: &Bot, load: &Load, telegram: &Telegram) -> Self {
        Self {
            at: Instant::now(),
            bot: probe::sample(&bot.proc_name()).expect("smmbot is running"),
            bot_threads: probe::thread_ticks(&bot.proc_name()),
            bench_cpu_ticks: probe::sample("self").map_or(0, |s| s.cpu_ticks),
            machine_busy_ticks: probe::machine_busy_ticks(),
            updates: load.updates.load(Ordering::Relaxed),
            orders: load.orders.load(Ordering::Relaxed),
            polls: telegram.poll_stats(),
        }
    }
}

/// One flow against a bot of its own.
async fn run(flow: Flow, options: &Options) -> Report {
    let dir = tempfile::tempdir().expect("temp dir");
    let panel = FakePanel::start().await;
    let admin = User::new(ADMIN_ID, "Admin");
    let users: Vec<User> = (0..options.customers)
        .map(|i| User::new(FIRST_CUSTOMER_ID + i as i64, &format!("Customer {i}")))
        .collect();
    let everyone: Vec<User> = users.iter().cloned().chain([admin.clone()]).collect();
    let telegram = Telegram::start(&everyone).await;
    let env = environment(dir.path(), &telegram, &panel);
    if let Some(count) = options.orders {
        store_orders(dir.path(), &env, count).await;
    }

    let mut bot = Bot::start(dir.path(), &env, Arc::clone(&telegram));
    let first_poll = loop {
        if let Some(at) = telegram.first_poll() {
            break at;
        }
        bot.check_running();
        assert!(
            bot.spawned.elapsed() < START_LIMIT,
            "smmbot did not ask for updates within {START_LIMIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    let cold_start = first_poll.saturating_duration_since(bot.spawned);
    tokio::time::sleep(SETTLE).await;
    bot.check_running();
    let idle_kb = probe::rss_kb(&bot.proc_name()).expect("smmbot is running");

    let load = Arc::new(Load::default());
    let mut customers: Vec<Customer> = users
        .iter()
        .enumerate()
        .map(|(i, user)| Customer::new(Arc::clone(&telegram), user.clone(), i))
        .collect();
    let mut menus = join_all(customers.iter_mut().map(|c| c.open_menu(&load))).await;
    if flow == Flow::Order {
        fund(&telegram, &admin, &mut customers, &load).await;
        // A fresh menu under the top-up notice.
        menus = join_all(customers.iter_mut().map(|c| c.open_menu(&load))).await;
    }

    let mut tasks = JoinSet::new();
    for (customer, menu) in customers.into_iter().zip(menus) {
        tasks.spawn(customer.run(Arc::clone(&load), flow, menu));
    }
    let mut peak_kb = 0;
    watch_for(
        Duration::from_secs(options.warmup),
        &mut bot,
        &mut tasks,
        &mut peak_kb,
    )
    .await;
    let before = Snapshot::take(&bot, &load, &telegram);
    load.measuring.store(true, Ordering::Relaxed);
    watch_for(
        Duration::from_secs(options.seconds),
        &mut bot,
        &mut tasks,
        &mut peak_kb,
    )
    .await;
    let after = Snapshot::take(&bot, &load, &telegram);
    load.measuring.store(false, Ordering::Relaxed);
    load.stop.store(true, Ordering::Relaxed);

    // Each customer finishes its round, back at the menu.
    let mut latencies = Vec::new();
    let finished = tokio::time::timeout(WAIT_LIMIT * 3, async {
        while let Some(result) = tasks.join_next().await {
            latencies.extend(result.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())));
        }
    });
    finished.await.expect("the customers did not finish their rounds");
    tokio::time::sleep(AFTER_LOAD).await;
    bot.check_running();
    let after_kb = probe::rss_kb(&bot.proc_name()).expect("smmbot is running");
    let stopped = bot.stop();
    latencies.sort_unstable();
    Report {
        flow,
        customers: options.customers,
        stored_orders: options.orders,
        cold_start,
        idle_kb,
        peak_kb: peak_kb.max(after.bot.rss_kb),
        after_kb,
        latencies,
        before,
        after,
        stopped,
        log: bot.log(),
    }
}

/// The bot's settings: the shop of the end-to-end tests (USD, 20 % markup, one panel), logging
/// only warnings and errors so that logging does not dominate. The status poller keeps its
/// default round.
fn environment(dir: &Path, telegram: &Telegram, panel: &FakePanel) -> Vec<(&'static str, String)> {
    vec![
        (
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("shop.db").display()),
        ),
        ("BOT_TOKEN", TOKEN.to_string()),
        ("TELEGRAM_API_URL", telegram.api_url()),
        ("ADMIN_IDS", ADMIN_ID.to_string()),
        ("SHOP_CURRENCY", "USD".to_string()),
        ("DEFAULT_MARKUP_PERCENT", "20".to_string()),
        ("PROVIDERS", "shop".to_string()),
        ("PROVIDER_SHOP_KIND", "panel_v2".to_string()),
        ("PROVIDER_SHOP_URL", panel.url().to_string()),
        ("PROVIDER_SHOP_KEY", FAKE_KEY.to_string()),
        // Warnings only, as a busy shop would run; `SMMBOT_BENCH_LOG` (a RUST_LOG filter) to look
        // inside, e.g. `sqlx::query=debug` to see every query (the log is in the run's stderr).
        (
            "RUST_LOG",
            std::env::var("SMMBOT_BENCH_LOG").unwrap_or_else(|_| "warn".to_string()),
        ),
        // Plain log lines, to be quoted in the report.
        ("NO_COLOR", "1".to_string()),
    ]
}

/// Money for every customer, through the bot's own `/credit`, one command after the other as an
/// admin types them; then the customers' top-up notices.
async fn fund(telegram: &Arc<Telegram>, admin: &User, customers: &mut [Customer], load: &Load) {
    // The index only names the channel of a customer's orders; the admin orders nothing.
    let mut admin = Customer::new(Arc::clone(telegram), admin.clone(), 0);
    for customer in customers.iter() {
        let id = customer.user.id;
        let done = format!("to user {id}");
        admin
            .command(load, &format!("/credit {id} 1000000 bench"), &done)
            .await;
    }
    join_all(
        customers
            .iter_mut()
            .map(|c| c.wait_unprompted("the top-up notice", |s| s.text.contains("topped up"))),
    )
    .await;
}

/// Waits `span`, every [`SAMPLE_EVERY`] reading the bot's RSS into `peak_kb` and making sure
/// that the bot runs and no customer has failed.
async fn watch_for(span: Duration, bot: &mut Bot, tasks: &mut JoinSet<Vec<u32>>, peak_kb: &mut u64) {
    let end = Instant::now() + span;
    loop {
        bot.check_running();
        if let Some(result) = tasks.try_join_next() {
            match result {
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                _ => panic!("a customer stopped before the end of the load"),
            }
        }
        if let Some(rss) = probe::rss_kb(&bot.proc_name()) {
            *peak_kb = (*peak_kb).max(rss);
        }
        let now = Instant::now();
        if now >= end {
            return;
        }
        tokio::time::sleep(SAMPLE_EVERY.min(end - now)).await;
    }
}

/// Stores `count` old, completed orders before the bot starts, as the shop would have kept
/// them: spread over 100 customers, each order paid through the ledger (the bot audits the
/// money at start), for the Telegram subscribers service the catalogue sync then finds in place.
async fn store_orders(dir: &Path, env: &[(&str, String)], count: u64) {
    const ARCHIVED_CUSTOMERS: i64 = 100;
    const CHARGE: i64 = 108;
    bot::run_command(dir, "migrate", env);
    let url = &env
        .iter()
        .find(|(k, _)| *k == "DATABASE_URL")
        .expect("DATABASE_URL")
        .1;
    let options = SqliteConnectOptions::from_str(url)
        .expect("sqlite url")
        .create_if_missing(false);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .expect("open the database");
    let mut tx = conn.begin().await.expect("begin");
    tx.execute("INSERT INTO categories (name) VALUES ('Telegram')")
        .await
        .expect("category");
    let service = sqlx::query(
        "INSERT INTO services (provider, provider_service_id, category_id, name, provider_name, kind,
             link_rule, rate, rate_currency, unit_items, min_quantity, max_quantity, synced_at)
         VALUES ('shop', '1', (SELECT id FROM categories WHERE name = 'Telegram'),
             'Telegram subscribers', 'Telegram subscribers', 'default', 'telegram', '0.90', 'USD',
             1000, 10, 10000, 0)",
    )
    .execute(&mut *tx)
    .await
    .expect("service")
    .last_insert_rowid();
    // A ledger row carries the balance after it; the database refuses any other.
    let mut balances = Vec::new();
    let first_archived = FIRST_CUSTOMER_ID + 1_000_000;
    for user in first_archived..first_archived + ARCHIVED_CUSTOMERS {
        let credit = CHARGE * (count as i64 / ARCHIVED_CUSTOMERS + 1);
        sqlx::query(
            "INSERT INTO users (id, first_name, language, created_at, last_seen_at)
             VALUES (?1, 'Archived', 'en', 0, 0)",
        )
        .bind(user)
        .execute(&mut *tx)
        .await
        .expect("user");
        ledger(
            &mut tx,
            user,
            "admin_credit",
            &format!("bench:{user}"),
            credit,
            credit,
        )
        .await;
        balances.push(credit);
    }
    for n in 0..count as i64 {
        let customer = n % ARCHIVED_CUSTOMERS;
        let user = first_archived + customer;
        let order = sqlx::query(
            "INSERT INTO orders (user_id, service_id, provider, provider_service_id, request_key,
                 link, quantity, charge_minor, provider_order_id, state, provider_status, remains,
                 start_count, created_at, updated_at, checked_at)
             VALUES (?1, ?2, 'shop', '1', ?3, ?4, 1000, ?5, ?6, 'completed', 'Completed', 0,
                 100, ?7, ?7, ?7)",
        )
        .bind(user)
        .bind(service)
        .bind(format!("archived:{n}"))
        .bind(format!("https://t.me/archived_channel_{}", n % 997))
        .bind(CHARGE)
        .bind((1_000_000 + n).to_string())
        .bind(1_700_000_000 + n)
        .execute(&mut *tx)
        .await
        .expect("order")
        .last_insert_rowid();
        let balance = &mut balances[customer as usize];
        *balance -= CHARGE;
        ledger(
            &mut tx,
            user,
            "order_charge",
            &order.to_string(),
            -CHARGE,
            *balance,
        )
        .await;
    }
    tx.commit().await.expect("commit");
    conn.close().await.expect("close");
}

async fn ledger(
    conn: &mut SqliteConnection,
    user: i64,
    kind: &str,
    reference: &str,
    amount: i64,
    after: i64,
) {
    sqlx::query(
        "INSERT INTO ledger (user_id, kind, reference, amount_minor, balance_after_minor, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0)",
    )
    .bind(user)
    .bind(kind)
    .bind(reference)
    .bind(amount)
    .bind(after)
    .execute(conn)
    .await
    .expect("ledger row");
}

struct Report {
    flow: Flow,
    customers: usize,
    stored_orders: Option<u64>,
    cold_start: Duration,
    idle_kb: u64,
    peak_kb: u64,
    after_kb: u64,
    /// Microseconds, sorted.
    latencies: Vec<u32>,
    before: Snapshot,
    after: Snapshot,
    /// Whether the bot exited by itself after SIGTERM.
    stopped: bool,
    log: String,
}

impl Report {
    fn seconds(&self) -> f64 {
        (self.after.at - self.before.at).as_secs_f64()
    }

    fn updates(&self) -> u64 {
        self.after.updates - self.before.updates
    }

    /// The bot's CPU over the measured span, in milliseconds.
    fn cpu_ms(&self) -> f64 {
        ticks_to_ms(self.after.bot.cpu_ticks - self.before.bot.cpu_ticks)
    }

    /// The latency at quantile `q`, in milliseconds (nearest rank).
    fn latency_ms(&self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let rank = ((q * self.latencies.len() as f64).ceil() as usize).clamp(1, self.latencies.len());
        f64::from(self.latencies[rank - 1]) / 1000.0
    }

    fn line(&self) -> String {
        let updates = self.updates();
        let per_update = |value: f64| value / updates.max(1) as f64;
        let switches = self
            .after
            .bot
            .context_switches
            .saturating_sub(self.before.bot.context_switches);
        let mut line = format!(
            "flow {} | customers {} | {:.0} s | updates {} | {:.0}/s | p50 {:.2} ms | p99 {:.2} ms \
             | CPU {:.3} ms/update | ctx switches {:.1}/update",
            self.flow.name(),
            self.customers,
            self.seconds(),
            updates,
            updates as f64 / self.seconds(),
            self.latency_ms(0.50),
            self.latency_ms(0.99),
            per_update(self.cpu_ms()),
            per_update(switches as f64),
        );
        if self.flow == Flow::Order {
            let orders = self.after.orders - self.before.orders;
            line += &format!(
                " | orders {orders} | CPU {:.3} ms/order",
                self.cpu_ms() / orders.max(1) as f64
            );
        }
        let stored = self
            .stored_orders
            .map_or(String::new(), |n| format!(" ({n} stored orders)"));
        line += &format!(
            " | RSS idle {:.1} MB{stored}, peak {:.1} MB, after {:.1} MB | threads {} | cold start {} ms",
            mb(self.idle_kb),
            mb(self.peak_kb),
            mb(self.after_kb),
            self.after.bot.threads,
            self.cold_start.as_millis(),
        );
        line
    }

    /// How the bot polled, how busy both processes were, and what the bot logged.
    fn details(&self) -> String {
        let (before, after) = (self.before.polls, self.after.polls);
        let batches = after.batches - before.batches;
        let batched = after.batched_updates - before.batched_updates;
        let limit = after
            .limit
            .map_or("none (Telegram's 100)".to_string(), |l| l.to_string());
        // Percent of one core over the measured span.
        let core_share = |ticks: u64| ticks_to_ms(ticks) / 10.0 / self.seconds();
        let bot = self.after.bot.cpu_ticks - self.before.bot.cpu_ticks;
        let bench = self.after.bench_cpu_ticks - self.before.bench_cpu_ticks;
        let machine = self.after.machine_busy_ticks - self.before.machine_busy_ticks;
        let mut details = format!(
            "  getUpdates: {} calls, {batches} with updates, {:.2} updates per non-empty call, limit asked {limit}\n  \
             CPU, % of a core: smmbot {:.0}%, bench process (fakes and customers) {:.0}%, \
             anything else on the machine {:.0}%",
            after.calls - before.calls,
            batched as f64 / batches.max(1) as f64,
            core_share(bot),
            core_share(bench),
            core_share(machine.saturating_sub(bot + bench)),
        );
        let threads: Vec<String> = self
            .after
            .bot_threads
            .iter()
            .map(|(tid, (name, ticks))| {
                // A thread started during the span counts from zero.
                let before = self.before.bot_threads.get(tid).map_or(0, |(_, ticks)| *ticks);
                format!("{name} {:.0}%", core_share(ticks - before))
            })
            .collect();
        details += &format!("\n  smmbot threads, % of a core: {}", threads.join(", "));
        if !self.stopped {
            details += "\n  smmbot did not stop within 10 s of SIGTERM and was killed";
        }
        let lines: Vec<&str> = self.log.lines().collect();
        if lines.is_empty() {
            details += "\n  smmbot logged no warning or error";
        } else {
            details += &format!(
                "\n  smmbot logged {} line(s) of warnings/errors; the first ones:",
                lines.len()
            );
            for line in lines.iter().take(5) {
                details += &format!("\n    {line}");
            }
        }
        details
    }
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

/// /proc's clock ticks in milliseconds.
fn ticks_to_ms(ticks: u64) -> f64 {
    static TICKS_PER_SECOND: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let per_second = *TICKS_PER_SECOND.get_or_init(probe::ticks_per_second);
    ticks as f64 * 1000.0 / per_second as f64
}
