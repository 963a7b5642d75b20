//! The real `smmbot` binary: `--help`, `migrate`, `check` against local fakes, and `backup`
//! while another connection writes. Every process started here is waited for or killed by its
//! handle; everything stays on 127.0.0.1.

mod common;

use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::fake_panel::{FAKE_KEY, FakePanel};
use common::fake_telegram::{BOT_USERNAME, FakeTelegram, TOKEN};
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
    fn finish(mut self) -> Outcome {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait for smmbot") {
                break status;
            }
            if started.elapsed() > PROCESS_LIMIT {
                panic!("smmbot {:?} did not finish within {PROCESS_LIMIT:?}", self.args);
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
    for command in ["run", "migrate", "check", "backup"] {
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

#[tokio::test]
async fn run_reports_readiness_feeds_the_watchdog_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let telegram = FakeTelegram::start().await;
    let socket_path = dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&socket_path).expect("bind the fake notify socket");
    socket
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("read timeout");
    let env = vec![
        ("DATABASE_URL", database_url(&dir.path().join("shop.db"))),
        ("BOT_TOKEN", TOKEN.to_string()),
        ("TELEGRAM_API_URL", telegram.api_url().to_string()),
        ("NOTIFY_SOCKET", socket_path.display().to_string()),
        ("WATCHDOG_USEC", "200000".to_string()),
    ];
    let process = Process::start(dir.path(), &["run"], &env);
    let pid = process.child.id();

    let (outcome, seen) = tokio::task::spawn_blocking(move || {
        let mut seen = Vec::new();
        receive_until(&socket, "READY=1", 1, &mut seen);
        receive_until(&socket, "WATCHDOG=1", 2, &mut seen);
        // SIGTERM, as systemd stops a service (the shell's kill: no extra dependency).
        let term = Command::new("sh")
            .args(["-c", "kill -TERM \"$0\"", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(term.success());
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
