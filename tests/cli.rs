//! The real `smmbot` binary: `--help`, `migrate`, `check` against local fakes, `backup` while
//! another connection writes, `run` stopped by SIGTERM (idle, and in the middle of orders), and
//! `run` stopping by itself, with an error, when its dispatcher dies.
//! Every process started here is waited for or killed by its handle; everything stays on
//! 127.0.0.1.

mod common;

use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::fake_cryptopay::FakeCryptoPay;
use common::fake_panel::{FAKE_KEY, FakePanel};
use common::fake_telegram::{BOT_USERNAME, FakeTelegram, TOKEN, TestUser};
use common::shop::{ADMIN_ID, free_local_address};
use futures::future::join_all;
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

/// No command here needs more than a few seconds; past this the process is killed.
const PROCESS_LIMIT: Duration = Duration::from_secs(60);

struct Outcome {
    success: bool,
    stdout: String,
    stderr: String,
}

impl Outcome {
    fn describe(&self) -> String {
        format!("stdout:\n{}\nstderr:\n{}", self.stdout, self.stderr)
    }
}

/// A started `smmbot`, killed (by its handle) if the test ends before it does.
struct Process {
    child: Child,
    args: Vec<String>,
    out_path: PathBuf,
    err_path: PathBuf,
}

impl Process {
    /// Starts the binary in `dir` with only the given environment (no `.env`, nothing
    /// inherited), output captured in files so that no pipe can fill up.
    fn start(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Self {
        static RUN: AtomicU64 = AtomicU64::new(0);
        let n = RUN.fetch_add(1, Ordering::Relaxed);
        let out_path = dir.join(format!("out-{n}.txt"));
        let err_path = dir.join(format!("err-{n}.txt"));
        let child = Command::new(env!("CARGO_BIN_EXE_smmbot"))
            .args(args)
            .current_dir(dir)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out_path).expect("stdout file"))
            .stderr(std::fs::File::create(&err_path).expect("stderr file"))
            .spawn()
            .expect("start smmbot");
        Self {
            child,
            args: args.iter().map(|a| a.to_string()).collect(),
            out_path,
            err_path,
        }
    }

    /// Waits for the exit (killing the process past [`PROCESS_LIMIT`]) and reads its output.
    fn finish(self) -> Outcome {
        self.finish_within(PROCESS_LIMIT)
    }

    /// Waits for the exit, killing the process past `limit`, and reads its output.
    fn finish_within(mut self, limit: Duration) -> Outcome {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait for smmbot") {
                break status;
            }
            if started.elapsed() > limit {
                panic!("smmbot {:?} did not finish within {limit:?}", self.args);
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Outcome {
            success: status.success(),
            stdout: std::fs::read_to_string(&self.out_path).expect("read stdout"),
            stderr: std::fs::read_to_string(&self.err_path).expect("read stderr"),
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn smmbot(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Outcome {
    Process::start(dir, args, env).finish()
}

/// The same, off the async runtime, so that the fakes it talks to keep serving.
async fn smmbot_async(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Outcome {
    let dir = dir.to_path_buf();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, String)> = env.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        smmbot(&dir, &args, &env)
    })
    .await
    .expect("smmbot runner")
}

fn database_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

async fn open(path: &Path) -> SqliteConnection {
    let options = SqliteConnectOptions::from_str(&database_url(path))
        .expect("sqlite url")
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(10));
    SqliteConnection::connect_with(&options)
        .await
        .expect("open the database")
}

#[test]
fn help_lists_the_commands() {
    let dir = tempfile::tempdir().expect("temp dir");
    let help = smmbot(dir.path(), &["--help"], &[]);
    assert!(help.success, "{}", help.describe());
    for command in ["run", "migrate", "check", "audit", "backup"] {
        assert!(
            help.stdout
                .lines()
                .any(|line| line.trim_start().starts_with(command)),
            "{command} missing from --help\n{}",
            help.describe()
        );
    }
    let backup = smmbot(dir.path(), &["backup", "--help"], &[]);
    assert!(backup.success, "{}", backup.describe());
    assert!(backup.stdout.contains("<FILE>"), "{}", backup.describe());

    let unknown = smmbot(dir.path(), &["frobnicate"], &[]);
    assert!(!unknown.success, "{}", unknown.describe());
}

#[tokio::test]
async fn migrate_creates_the_database_and_is_idempotent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("shop.db");
    let env = [("DATABASE_URL", database_url(&db_path))];

    let first = smmbot_async(dir.path(), &["migrate"], &env).await;
    assert!(first.success, "{}", first.describe());
    assert!(db_path.exists(), "no database file\n{}", first.describe());
    assert!(first.stdout.contains("applied 1 "), "{}", first.describe());

    let mut conn = open(&db_path).await;
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut conn)
        .await
        .expect("count migrations");
    conn.close().await.expect("close");
    assert!(applied >= 1);

    let again = smmbot_async(dir.path(), &["migrate"], &env).await;
    assert!(again.success, "{}", again.describe());
    assert!(again.stdout.contains("up to date"), "{}", again.describe());
}

#[tokio::test]
async fn audit_passes_a_sound_database_and_names_every_problem_of_a_broken_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("shop.db");
    let env = [("DATABASE_URL", database_url(&db_path))];
    assert!(smmbot_async(dir.path(), &["migrate"], &env).await.success);
    let mut conn = open(&db_path).await;
    for statement in [
        "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (7, 'en', 0, 0)",
        "INSERT INTO ledger (user_id, kind, reference, amount_minor, balance_after_minor, created_at)
         VALUES (7, 'admin_credit', 'm1', 500, 500, 0)",
    ] {
        sqlx::query(statement).execute(&mut conn).await.expect(statement);
    }
    let sound = smmbot_async(dir.path(), &["audit"], &env).await;
    assert!(sound.success, "{}", sound.describe());
    assert_eq!(sound.stdout.trim(), "audit: no findings", "{}", sound.describe());

    // Money written behind the ledger's back, as an older version or a hand edit might have:
    // the guard is lifted to do it.
    for statement in [
        "DROP TRIGGER balance_moves_only_with_ledger",
        "UPDATE users SET balance_minor = 900 WHERE id = 7",
        "DROP TRIGGER ledger_row_matches_balance",
        "INSERT INTO ledger (user_id, kind, reference, amount_minor, balance_after_minor, created_at)
         VALUES (7, 'order_refund', '41', 100, 1000, 0)",
    ] {
        sqlx::query(statement).execute(&mut conn).await.expect(statement);
    }
    conn.close().await.expect("close");
    let broken = smmbot_async(dir.path(), &["audit"], &env).await;
    assert!(!broken.success, "{}", broken.describe());
    let lines: Vec<&str> = broken.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", broken.describe());
    assert!(
        lines.contains(&"user 7: balance 1000 differs from the sum of their ledger rows 600"),
        "{}",
        broken.describe()
    );
    assert!(
        lines.contains(&"ledger order_refund 41: belongs to no order"),
        "{}",
        broken.describe()
    );
    assert!(broken.stderr.contains("2 problem(s)"), "{}", broken.describe());
}

fn check_env(dir: &Path, telegram: String, panel: &FakePanel, key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("DATABASE_URL", database_url(&dir.join("shop.db"))),
        ("BOT_TOKEN", TOKEN.to_string()),
        ("TELEGRAM_API_URL", telegram),
        ("PROVIDERS", "panel".to_string()),
        ("PROVIDER_PANEL_KIND", "panel_v2".to_string()),
        ("PROVIDER_PANEL_URL", panel.url().to_string()),
        ("PROVIDER_PANEL_KEY", key.to_string()),
        ("PROVIDER_PANEL_TIMEOUT_SECS", "5".to_string()),
    ]
}

fn line<'a>(outcome: &'a Outcome, prefix: &str) -> &'a str {
    outcome
        .stdout
        .lines()
        .find(|line| line.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix:?} line\n{}", outcome.describe()))
}

#[tokio::test]
async fn check_reports_every_part_and_fails_on_any_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let telegram = FakeTelegram::start().await;
    let panel = FakePanel::start().await;

    let healthy = smmbot_async(
        dir.path(),
        &["check"],
        &check_env(dir.path(), telegram.api_url().to_string(), &panel, FAKE_KEY),
    )
    .await;
    assert!(healthy.success, "{}", healthy.describe());
    assert!(line(&healthy, "configuration:").contains("OK"));
    assert!(line(&healthy, "database:").contains("OK"));
    let telegram_line = line(&healthy, "telegram:");
    assert!(telegram_line.contains("OK"), "{}", healthy.describe());
    assert!(telegram_line.contains(BOT_USERNAME), "{}", healthy.describe());
    let provider = line(&healthy, "provider panel:");
    assert!(provider.contains("OK"), "{}", healthy.describe());
    assert!(provider.contains("services"), "{}", healthy.describe());
    assert!(!healthy.stdout.contains("FAILED"), "{}", healthy.describe());
    assert!(
        !healthy.stdout.contains("crypto pay"),
        "Crypto Pay is checked only when it is on: {}",
        healthy.describe()
    );

    // With Crypto Pay on, its app is asked for too; a wrong token fails the check.
    let crypto = FakeCryptoPay::start().await;
    let mut with_crypto = check_env(dir.path(), telegram.api_url().to_string(), &panel, FAKE_KEY);
    with_crypto.extend(crypto.settings());
    let checked = smmbot_async(dir.path(), &["check"], &with_crypto).await;
    assert!(checked.success, "{}", checked.describe());
    let crypto_line = line(&checked, "crypto pay:");
    assert!(
        crypto_line.contains("OK")
            && crypto_line.contains("Fake shop app")
            && crypto_line.contains("@CryptoTestnetBot"),
        "{}",
        checked.describe()
    );
    with_crypto.retain(|(name, _)| *name != "CRYPTOPAY_TOKEN");
    with_crypto.push(("CRYPTOPAY_TOKEN", "5555:AAwrongToken".to_string()));
    let refused = smmbot_async(dir.path(), &["check"], &with_crypto).await;
    assert!(!refused.success, "{}", refused.describe());
    let crypto_line = line(&refused, "crypto pay:");
    assert!(
        crypto_line.contains("FAILED") && crypto_line.contains("UNAUTHORIZED"),
        "{}",
        refused.describe()
    );
    assert!(
        !refused.stdout.contains("AAwrongToken"),
        "the token is never printed"
    );
    crypto.shutdown().await;

    let wrong_key = smmbot_async(
        dir.path(),
        &["check"],
        &check_env(dir.path(), telegram.api_url().to_string(), &panel, "not-the-key"),
    )
    .await;
    assert!(!wrong_key.success, "{}", wrong_key.describe());
    assert!(line(&wrong_key, "telegram:").contains("OK"));
    let provider = line(&wrong_key, "provider panel:");
    assert!(provider.contains("FAILED"), "{}", wrong_key.describe());
    assert!(provider.contains("Invalid API key"), "{}", wrong_key.describe());

    // A port that was just free: nothing listens there.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let no_telegram = smmbot_async(
        dir.path(),
        &["check"],
        &check_env(
            dir.path(),
            format!("http://127.0.0.1:{closed}/"),
            &panel,
            FAKE_KEY,
        ),
    )
    .await;
    assert!(!no_telegram.success, "{}", no_telegram.describe());
    let telegram_line = line(&no_telegram, "telegram:");
    assert!(telegram_line.contains("FAILED"), "{}", no_telegram.describe());
    assert!(
        telegram_line.contains(&closed.to_string()),
        "{}",
        no_telegram.describe()
    );
    assert!(line(&no_telegram, "provider panel:").contains("OK"));

    drop(panel);
    telegram.shutdown().await;
}

#[tokio::test]
async fn a_bad_configuration_fails_the_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let outcome = smmbot_async(dir.path(), &["check"], &[("ADMIN_IDS", "12,abc".to_string())]).await;
    assert!(!outcome.success, "{}", outcome.describe());
    let config = line(&outcome, "configuration:");
    assert!(
        config.contains("FAILED") && config.contains("ADMIN_IDS"),
        "{}",
        outcome.describe()
    );
}

#[tokio::test]
async fn a_taken_port_stops_the_start_with_its_variable_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("take a port");
    let address = taken.local_addr().expect("address").to_string();
    for var in ["METRICS_LISTEN", "WEBHOOK_LISTEN"] {
        let mut env = vec![
            ("DATABASE_URL", database_url(&dir.path().join("shop.db"))),
            ("BOT_TOKEN", TOKEN.to_string()),
            // Nothing listens here: the start must fail before it would matter.
            ("TELEGRAM_API_URL", "http://127.0.0.1:9/".to_string()),
            (var, address.clone()),
        ];
        if var == "WEBHOOK_LISTEN" {
            env.push(("WEBHOOK_URL", format!("http://{address}/hook")));
        }
        let outcome = smmbot_async(dir.path(), &["run"], &env).await;
        assert!(!outcome.success, "{}", outcome.describe());
        assert!(
            outcome
                .stderr
                .contains(&format!("{var} {address}: cannot listen")),
            "{}",
            outcome.describe()
        );
    }
    drop(taken);
}

#[tokio::test]
async fn backup_copies_the_live_database_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("shop.db");
    let env = [("DATABASE_URL", database_url(&db_path))];
    let migrated = smmbot_async(dir.path(), &["migrate"], &env).await;
    assert!(migrated.success, "{}", migrated.describe());

    // Another connection keeps writing, as the running bot would.
    let db = smmbot::db::Db::open(&database_url(&db_path)).await.expect("open");
    sqlx::query("CREATE TABLE scratch (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .execute(db.pool())
        .await
        .expect("create scratch table");
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn({
        let pool = db.pool().clone();
        let stop = stop.clone();
        async move {
            let mut written = 0u64;
            while !stop.load(Ordering::Relaxed) {
                sqlx::query("INSERT INTO scratch (body) VALUES (?)")
                    .bind("x".repeat(200))
                    .execute(&pool)
                    .await
                    .expect("write while backing up");
                written += 1;
                if written.is_multiple_of(50) {
                    tokio::task::yield_now().await;
                }
            }
            written
        }
    });
    while sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM scratch")
        .fetch_one(db.pool())
        .await
        .expect("count")
        < 100
    {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    let copy: PathBuf = dir.path().join("copy.db");
    let backup = smmbot_async(dir.path(), &["backup", copy.to_str().expect("utf-8 path")], &env).await;
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.expect("writer");
    db.close().await;
    assert!(backup.success, "{}", backup.describe());
    assert!(written >= 100);

    let mut conn = open(&copy).await;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .expect("integrity check");
    assert_eq!(integrity, "ok");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scratch")
        .fetch_one(&mut conn)
        .await
        .expect("rows in the copy");
    assert!(rows >= 100 && rows as u64 <= written, "{rows} of {written}");
    let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .expect("migrations in the copy");
    assert!(migrations >= 1);
    conn.close().await.expect("close");

    // A second backup to the same file is refused and leaves the copy alone.
    let before = std::fs::read(&copy).expect("read copy");
    let again = smmbot_async(dir.path(), &["backup", copy.to_str().expect("utf-8 path")], &env).await;
    assert!(!again.success, "{}", again.describe());
    assert!(again.stderr.contains("already exists"), "{}", again.describe());
    assert_eq!(std::fs::read(&copy).expect("read copy"), before);

    // So is a backup of a database that does not exist.
    let missing = [("DATABASE_URL", database_url(&dir.path().join("none.db")))];
    let nothing = smmbot_async(dir.path(), &["backup", "other.db"], &missing).await;
    assert!(!nothing.success, "{}", nothing.describe());
    assert!(!dir.path().join("none.db").exists());
}

/// Sends SIGTERM, as systemd stops a service (the shell's kill: no extra dependency).
fn terminate(pid: u32) {
    let term = Command::new("sh")
        .args(["-c", "kill -TERM \"$0\"", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(term.success());
}

/// Receives fake `NOTIFY_SOCKET` datagrams, one line each, until `count` lines equal `line`.
fn receive_until(socket: &UnixDatagram, line: &str, count: usize, seen: &mut Vec<String>) {
    let mut buffer = [0u8; 4096];
    while seen.iter().filter(|l| *l == line).count() < count {
        let n = socket
            .recv(&mut buffer)
            .unwrap_or_else(|e| panic!("no {line} from smmbot ({e}); got {seen:?}"));
        seen.extend(String::from_utf8_lossy(&buffer[..n]).lines().map(str::to_string));
    }
}

/// A fake `NOTIFY_SOCKET` in `dir`: the socket, and the variable's value.
fn notify_socket(dir: &Path) -> (UnixDatagram, String) {
    let path = dir.join("notify.sock");
    let socket = UnixDatagram::bind(&path).expect("bind the fake notify socket");
    socket
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("read timeout");
    (socket, path.display().to_string())
}

/// Starts `smmbot run` with `env` and a fake `NOTIFY_SOCKET`; returns once it reports READY=1
/// (database migrated, catalogue synced, updates coming in). Keep the socket to the end, so
/// that STOPPING=1 has somewhere to go.
async fn run_until_ready(dir: &Path, mut env: Vec<(&'static str, String)>) -> (Process, UnixDatagram) {
    let (socket, socket_var) = notify_socket(dir);
    env.push(("NOTIFY_SOCKET", socket_var));
    let process = Process::start(dir, &["run"], &env);
    let socket = tokio::task::spawn_blocking(move || {
        receive_until(&socket, "READY=1", 1, &mut Vec::new());
        socket
    })
    .await
    .expect("wait for readiness");
    (process, socket)
}

#[tokio::test]
async fn run_reports_readiness_feeds_the_watchdog_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let telegram = FakeTelegram::start().await;
    let (socket, socket_var) = notify_socket(dir.path());
    let env = vec![
        ("DATABASE_URL", database_url(&dir.path().join("shop.db"))),
        ("BOT_TOKEN", TOKEN.to_string()),
        ("TELEGRAM_API_URL", telegram.api_url().to_string()),
        ("NOTIFY_SOCKET", socket_var),
        ("WATCHDOG_USEC", "200000".to_string()),
    ];
    let process = Process::start(dir.path(), &["run"], &env);
    let pid = process.child.id();

    let (outcome, seen) = tokio::task::spawn_blocking(move || {
        let mut seen = Vec::new();
        receive_until(&socket, "READY=1", 1, &mut seen);
        receive_until(&socket, "WATCHDOG=1", 2, &mut seen);
        terminate(pid);
        receive_until(&socket, "STOPPING=1", 1, &mut seen);
        (process.finish(), seen)
    })
    .await
    .expect("run the bot");
    telegram.shutdown().await;

    assert!(outcome.success, "{}", outcome.describe());
    let ready = seen.iter().position(|l| l == "READY=1").expect("ready");
    let first_ping = seen.iter().position(|l| l == "WATCHDOG=1").expect("ping");
    assert!(ready < first_ping, "{seen:?}");
}

/// A bot whose dispatcher is gone stops by itself well within this.
const EXIT_BOUND: Duration = Duration::from_secs(30);

#[tokio::test]
async fn a_dispatcher_that_dies_stops_the_process_with_one_error_and_a_failure_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    let telegram = FakeTelegram::start().await;
    // teloxide cannot read this getMe, which the dispatcher asks for as it starts: it dies
    // once the bot is up (READY=1).
    telegram.answer_get_me_like_an_older_server();
    let env = vec![
        ("DATABASE_URL", database_url(&dir.path().join("shop.db"))),
        ("BOT_TOKEN", TOKEN.to_string()),
        ("TELEGRAM_API_URL", telegram.api_url().to_string()),
    ];
    let (process, socket) = run_until_ready(dir.path(), env).await;

    let outcome = tokio::task::spawn_blocking(move || {
        let outcome = process.finish_within(EXIT_BOUND);
        drop(socket);
        outcome
    })
    .await
    .expect("wait for smmbot");
    telegram.shutdown().await;

    assert!(!outcome.success, "{}", outcome.describe());
    let errors: Vec<&str> = outcome.stderr.lines().filter(|l| l.contains("ERROR")).collect();
    assert_eq!(errors.len(), 1, "{}", outcome.describe());
    for needle in ["dispatcher", "getMe"] {
        assert!(
            errors[0].contains(needle),
            "{needle:?} missing\n{}",
            outcome.describe()
        );
    }
    // An orderly stop of the rest, then the exit.
    assert!(
        outcome.stderr.contains("smmbot stopped"),
        "{}",
        outcome.describe()
    );
}

/// How long the panel sits on the poller's first status check, which is under way at SIGTERM.
const STATUS_STALL: Duration = Duration::from_secs(6);
/// How long the panel sits on the orders confirmed just before SIGTERM: the signal lands while
/// they wait, and they outlast the status check, so their handlers are the last work of the
/// stop (a stop that did not wait for them could not hide behind the poller's round). Well
/// under the provider timeout, so each is answered.
const ADD_STALL: Duration = Duration::from_secs(10);
/// A graceful stop here takes about [`ADD_STALL`]; this is a generous bound on it.
const STOP_BOUND: Duration = Duration::from_secs(40);

/// An order as the shutdown test checks it.
#[derive(Debug, sqlx::FromRow)]
struct OrderRow {
    id: i64,
    user_id: i64,
    link: String,
    state: String,
    provider_order_id: Option<String>,
    charge_minor: i64,
}

/// Re-checks `condition` every 10 ms until it holds (the fake panel has nothing to wait on);
/// panics after 30 s.
async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The customer taps the newest button labelled `label`; returns once the bot answered the tap
/// and shows a message containing `then`.
/// Waits until each of `users` has a bot message containing `needle` since their last action.
async fn all_see(telegram: &FakeTelegram, users: &[TestUser], needle: &str) {
    join_all(
        users
            .iter()
            .map(|user| telegram.wait_bot_message_containing(user.id, needle)),
    )
    .await;
}

async fn tap(telegram: &FakeTelegram, user: &TestUser, label: &str, then: &str) {
    let query = telegram.tap_button(user, label);
    telegram.wait_callback_answered(&query).await;
    telegram.wait_bot_message_containing(user.id, then).await;
}

/// Each customer orders for a channel of their own, so panel orders map back to customers.
fn channel(user: &TestUser) -> String {
    format!("https://t.me/shutdown_test_{}", user.id)
}

/// Menu → New order → Telegram subscribers → link → 1000: the confirmation screen (1.08 USD).
async fn ready_to_confirm(telegram: &FakeTelegram, user: &TestUser) {
    tap(telegram, user, "New order", "Choose a category").await;
    tap(telegram, user, "Telegram", "Choose a service").await;
    tap(telegram, user, "Telegram subscribers", "Minimum: 10").await;
    tap(telegram, user, "Order", "Send the link").await;
    telegram.send_text(user, &channel(user));
    telegram.wait_bot_message_containing(user.id, "How many?").await;
    telegram.send_text(user, "1000");
    telegram
        .wait_bot_message_containing(user.id, "Please check your order")
        .await;
}

#[tokio::test]
async fn sigterm_in_the_middle_of_orders_finishes_them_and_leaves_a_consistent_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let telegram = FakeTelegram::start().await;
    let panel = FakePanel::start().await;
    let db_path = dir.path().join("shop.db");
    // The in-process shop's settings (tests/common/shop.rs), but a provider timeout far above
    // the stalls: every order the panel takes is answered in time.
    let env = vec![
        ("DATABASE_URL", database_url(&db_path)),
        ("BOT_TOKEN", TOKEN.to_string()),
        ("TELEGRAM_API_URL", telegram.api_url().to_string()),
        ("ADMIN_IDS", ADMIN_ID.to_string()),
        ("POLL_INTERVAL_SECS", "1".to_string()),
        ("SHOP_CURRENCY", "USD".to_string()),
        ("DEFAULT_MARKUP_PERCENT", "20".to_string()),
        ("PROVIDERS", "shop".to_string()),
        ("PROVIDER_SHOP_KIND", "panel_v2".to_string()),
        ("PROVIDER_SHOP_URL", panel.url().to_string()),
        ("PROVIDER_SHOP_KEY", FAKE_KEY.to_string()),
        ("PROVIDER_SHOP_TIMEOUT_SECS", "15".to_string()),
    ];
    let (process, _socket) = run_until_ready(dir.path(), env).await;
    let pid = process.child.id();

    // Twelve customers with 5.00 USD each, on the confirmation screen of a 1.08 USD order.
    let customers: Vec<TestUser> = (101..113).map(|id| TestUser::new(id, "en")).collect();
    for user in &customers {
        telegram.send_text(user, "/start");
    }
    all_see(&telegram, &customers, "").await;
    let admin = TestUser::new(ADMIN_ID, "en");
    for user in &customers {
        telegram.send_text(&admin, &format!("/credit {} 5 shutdown test", user.id));
        telegram
            .wait_bot_message_containing(ADMIN_ID, &format!("to user {}", user.id))
            .await;
    }
    // The top-up notices first, so that none lands in the middle of a dialogue.
    all_see(&telegram, &customers, "topped up by $5.00").await;
    join_all(customers.iter().map(|user| ready_to_confirm(&telegram, user))).await;
    let (early, rest) = customers.split_at(2);
    let (stalled, late) = rest.split_at(4);

    // With no order yet the poller has asked for no status, so the first check it makes, that
    // of the early orders, is the one that hangs.
    assert!(panel.requests_for("status").is_empty());
    panel.stall_next("status", STATUS_STALL);
    let status_stalled = Instant::now();
    for user in early {
        telegram.tap_button(user, "Confirm");
    }
    all_see(&telegram, early, "is placed").await;
    // The next four orders hang at the panel too.
    for _ in stalled {
        panel.stall_next("add", ADD_STALL);
    }
    for user in stalled {
        telegram.tap_button(user, "Confirm");
    }
    wait_until("the stalled orders and status check at the panel", || {
        panel.requests_for("add").len() == early.len() + stalled.len()
            && !panel.requests_for("status").is_empty()
    })
    .await;

    // More traffic as the signal comes: the last confirmations, and menus opened again.
    for user in late {
        telegram.tap_button(user, "Confirm");
    }
    for user in early {
        telegram.send_text(user, "/start");
    }
    terminate(pid);
    let signalled = Instant::now();
    // The panel records an order when it answers: one not there yet was in flight at the signal.
    let answered: Vec<String> = panel.orders().into_iter().map(|order| order.link).collect();
    let orders_in_flight = stalled
        .iter()
        .filter(|user| !answered.contains(&channel(user)))
        .count();
    // The stalled status check came after `status_stalled`, so it cannot have been answered yet.
    let check_in_flight = signalled - status_stalled < STATUS_STALL;
    // Changed only now: only an answer given after the signal can report it.
    let early_links: Vec<String> = early.iter().map(channel).collect();
    for order in panel.orders() {
        if early_links.contains(&order.link) {
            panel.set_order_status(&order.id, "In progress", order.quantity);
        }
    }

    let outcome = tokio::task::spawn_blocking(move || process.finish_within(STOP_BOUND))
        .await
        .expect("wait for smmbot");
    let stopped_in = signalled.elapsed();
    assert!(
        outcome.success,
        "exit after {stopped_in:?}\n{}",
        outcome.describe()
    );
    assert!(!outcome.stderr.contains("panicked"), "{}", outcome.describe());
    assert!(
        outcome.stderr.contains("smmbot stopped"),
        "{}",
        outcome.describe()
    );
    // Else the test would have stopped a bot with nothing under way.
    assert!(orders_in_flight > 0, "no order in flight at the signal");
    assert!(check_in_flight, "no status check in flight at the signal");

    let db = smmbot::db::Db::open(&database_url(&db_path))
        .await
        .expect("open the database");
    assert_eq!(
        db.ledger_mismatches().await.expect("ledger check"),
        Vec::<i64>::new()
    );
    let orders: Vec<OrderRow> = sqlx::query_as(
        "SELECT id, user_id, link, state, provider_order_id, charge_minor FROM orders ORDER BY id",
    )
    .fetch_all(db.pool())
    .await
    .expect("orders");
    let states: Vec<(&str, &str)> = orders
        .iter()
        .map(|order| (order.link.as_str(), order.state.as_str()))
        .collect();
    let context = format!("orders {states:?}\n{}", outcome.describe());
    // Each handler ran to its end: no order is left between the debit and the answer.
    assert!(
        orders.iter().all(|order| order.state != "submitting"),
        "{context}"
    );
    // Every answer came well inside the provider timeout and the stop waited for it, so the
    // honest expectation is exact: each order the panel took is recorded with the panel's id
    // (not `unknown_outcome`), and there is no order the panel did not take.
    let mut recorded: Vec<(String, String)> = orders
        .iter()
        .map(|order| {
            let provider_id = order.provider_order_id.clone().unwrap_or_default();
            (order.link.clone(), provider_id)
        })
        .collect();
    let mut taken: Vec<(String, String)> = panel
        .orders()
        .into_iter()
        .map(|order| (order.link, order.id))
        .collect();
    recorded.sort();
    taken.sort();
    assert_eq!(recorded, taken, "{context}");
    assert_eq!(panel.requests_for("add").len(), orders.len(), "{context}");
    for OrderRow { link, state, .. } in &orders {
        let expected: &[&str] = if early_links.contains(link) {
            // The poller was not cut off at the signal: its answers still got applied.
            &["in_progress"]
        } else {
            &["placed", "pending"]
        };
        assert!(expected.contains(&state.as_str()), "{link}: {state}\n{context}");
    }
    // A customer's order exists exactly when the customer was told it is placed; the orders in
    // flight at the signal are among them.
    for user in &customers {
        let ordered = orders.iter().any(|order| order.user_id == user.id);
        let told = telegram
            .bot_messages(user.id)
            .iter()
            .any(|message| message.text.contains("is placed"));
        assert_eq!(ordered, told, "customer {}\n{context}", user.id);
        if stalled.iter().any(|s| s.id == user.id) {
            assert!(ordered, "customer {} lost an order in flight\n{context}", user.id);
        }
    }

    // The money: one credit per customer, one charge per order and nothing else.
    let ledger: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT user_id, kind, reference, amount_minor FROM ledger ORDER BY id")
            .fetch_all(db.pool())
            .await
            .expect("ledger");
    let credits = ledger
        .iter()
        .filter(|(_, kind, _, amount)| kind == "admin_credit" && *amount == 500)
        .count();
    assert_eq!(credits, customers.len(), "{ledger:?}");
    let charges: Vec<_> = ledger
        .iter()
        .filter(|(_, kind, ..)| kind == "order_charge")
        .collect();
    assert_eq!(charges.len(), orders.len(), "{ledger:?}\n{context}");
    assert_eq!(credits + charges.len(), ledger.len(), "{ledger:?}");
    for (user_id, _, reference, amount) in charges {
        let order = orders
            .iter()
            .find(|order| order.id.to_string() == *reference)
            .unwrap_or_else(|| panic!("charge {reference} without an order\n{context}"));
        assert_eq!(
            (order.user_id, -order.charge_minor),
            (*user_id, *amount),
            "{ledger:?}"
        );
    }
    db.close().await;
    telegram.shutdown().await;
    panel.shutdown().await;
}

/// A provider key the fake panel does not know: it refuses, and the refusal is logged.
const WRONG_KEY: &str = "wrong-key-7f3a9c";
const WEBHOOK_SECRET: &str = "hook-secret-5e1d";

/// Runs the bot in webhook mode at debug level with `LOG_FORMAT=format`, through a start, a
/// customer's /start, a forged webhook request and a stop; returns what it wrote.
async fn run_and_log(format: &str) -> Outcome {
    let dir = tempfile::tempdir().expect("temp dir");
    let telegram = FakeTelegram::start().await;
    let panel = FakePanel::start().await;
    let listen = free_local_address();
    let hook = format!("http://{listen}/hook");
    let mut env = check_env(dir.path(), telegram.api_url().to_string(), &panel, WRONG_KEY);
    env.extend([
        ("LOG_FORMAT", format.to_string()),
        ("RUST_LOG", "debug".to_string()),
        ("WEBHOOK_URL", hook.clone()),
        ("WEBHOOK_LISTEN", listen.to_string()),
        ("WEBHOOK_SECRET", WEBHOOK_SECRET.to_string()),
    ]);
    let (process, socket) = run_until_ready(dir.path(), env).await;
    let pid = process.child.id();

    let user = TestUser::new(42, "en");
    telegram.send_text(&user, "/start");
    telegram.wait_bot_message_containing(user.id, "").await;
    let forged = reqwest::Client::new()
        .post(&hook)
        .json(&serde_json::json!({"update_id": 1}))
        .send()
        .await
        .expect("the webhook answers");
    assert_eq!(forged.status(), reqwest::StatusCode::UNAUTHORIZED);

    terminate(pid);
    let outcome = tokio::task::spawn_blocking(move || {
        let outcome = process.finish();
        drop(socket);
        outcome
    })
    .await
    .expect("stop the bot");
    telegram.shutdown().await;
    panel.shutdown().await;
    outcome
}

#[tokio::test]
async fn logs_are_text_or_json_lines_and_never_carry_a_secret() {
    let (_, token_secret) = TOKEN.split_once(':').expect("id:secret");
    for format in ["text", "json"] {
        let outcome = run_and_log(format).await;
        assert!(outcome.success, "{}", outcome.describe());
        for secret in [TOKEN, token_secret, WRONG_KEY, WEBHOOK_SECRET] {
            assert!(
                !outcome.stderr.contains(secret),
                "{format} log shows {secret:?}:\n{}",
                outcome.stderr
            );
        }
        let lines: Vec<&str> = outcome.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        // What must be there: the start, the provider's refusal, the forged request, the stop.
        for needle in [
            "smmbot is running",
            "catalogue",
            "secret token refused",
            "smmbot stopped",
        ] {
            assert!(
                lines.iter().any(|l| l.contains(needle)),
                "{format} log lacks {needle:?}:\n{}",
                outcome.stderr
            );
        }
        for line in &lines {
            let parsed = serde_json::from_str::<serde_json::Value>(line);
            if format == "json" {
                let object = parsed.unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
                for field in ["timestamp", "level", "target"] {
                    assert!(object.get(field).is_some(), "no {field} in {line}");
                }
            } else {
                assert!(parsed.is_err(), "a JSON line in the text log: {line}");
            }
        }
    }
}
