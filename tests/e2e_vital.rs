//! A task the bot cannot live without ends: `/healthz` and the check behind the systemd
//! watchdog's pings stop vouching for the bot at once, before anything stops it. (That the
//! process then stops with an error is in `cli.rs`.) Everything stays on 127.0.0.1.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::fake_telegram::{FakeTelegram, TOKEN};
use common::shop::free_local_address;
use smmbot::config::Config;

/// The dispatcher dies as it starts; `/healthz` says so well within this.
const NOTICE_LIMIT: Duration = Duration::from_secs(30);

#[tokio::test]
async fn healthz_and_the_watchdog_check_fail_once_the_dispatcher_is_gone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let telegram = FakeTelegram::start().await;
    // teloxide cannot read this getMe, which the dispatcher asks for as it starts.
    telegram.answer_get_me_like_an_older_server();
    let metrics_listen = free_local_address();
    let vars = HashMap::from([
        ("BOT_TOKEN", TOKEN.to_string()),
        ("TELEGRAM_API_URL", telegram.api_url().to_string()),
        (
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("shop.db").display()),
        ),
        ("METRICS_LISTEN", metrics_listen.to_string()),
    ]);
    let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("valid configuration");
    let running = smmbot::app::start(config).await.expect("the bot starts");

    // Nothing else can fail here: the database answers and the poller's first round is not due.
    let health_url = format!("http://{metrics_listen}/healthz");
    let started = Instant::now();
    let body = loop {
        let response = reqwest::get(&health_url).await.expect("/healthz answers");
        if response.status() == reqwest::StatusCode::SERVICE_UNAVAILABLE {
            break response.json::<serde_json::Value>().await.expect("JSON health");
        }
        assert!(
            started.elapsed() < NOTICE_LIMIT,
            "/healthz still says {}",
            response.status()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(body["status"], "unhealthy", "{body}");
    assert_eq!(body["database"], "ok", "{body}");
    let tasks = body["tasks"].as_str().unwrap_or_default();
    assert!(tasks.contains("dispatcher") && tasks.contains("getMe"), "{body}");
    assert!(!running.healthy(Duration::from_secs(2)).await);

    running.stop().await;
    telegram.shutdown().await;
}
