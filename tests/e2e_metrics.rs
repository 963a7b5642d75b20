//! `METRICS_LISTEN`: `/metrics` is valid Prometheus text and moves as orders do; `/healthz`
//! reports the database and the poller.

mod common;

use std::collections::BTreeMap;
use std::net::SocketAddr;

use common::fake_panel::{FIRST_ORDER_ID, Reply};
use common::shop::{Shop, free_local_address};

/// One scrape: `name{labels}` (labels as sent) → value.
type Samples = BTreeMap<String, f64>;

/// Reads the text exposition format strictly: every sample belongs to a family declared by a
/// `# TYPE` line before it, names and labels are well formed, values are numbers, and each
/// histogram's buckets are cumulative up to `+Inf`, which equals its `_count`.
fn parse_prometheus(text: &str) -> Samples {
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut samples = Samples::new();
    for line in text.lines() {
        if let Some(declaration) = line.strip_prefix("# TYPE ") {
            let (name, kind) = declaration.split_once(' ').expect("# TYPE name kind");
            assert!(
                ["counter", "gauge", "histogram"].contains(&kind),
                "unknown type in {line:?}"
            );
            assert!(
                types.insert(name.to_string(), kind.to_string()).is_none(),
                "{name} declared twice"
            );
            continue;
        }
        if line.starts_with("# HELP ") || line.is_empty() {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').expect("a sample is `series value`");
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            v => v.parse().unwrap_or_else(|_| panic!("value of {line:?}")),
        };
        let name = series.split('{').next().expect("a name");
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "metric name in {line:?}"
        );
        let labels = &series[name.len()..];
        if !labels.is_empty() {
            let inner = labels
                .strip_prefix('{')
                .and_then(|l| l.strip_suffix('}'))
                .unwrap_or_else(|| panic!("labels in {line:?}"));
            for pair in split_labels(inner) {
                let (key, quoted) = pair
                    .split_once('=')
                    .unwrap_or_else(|| panic!("label in {line:?}"));
                assert!(
                    key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                    "{line:?}"
                );
                assert!(
                    quoted.starts_with('"') && quoted.ends_with('"') && quoted.len() >= 2,
                    "{line:?}"
                );
            }
        }
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|suffix| {
                name.strip_suffix(suffix)
                    .filter(|base| types.get(*base).is_some_and(|t| t == "histogram"))
            })
            .unwrap_or(name);
        assert!(types.contains_key(family), "{line:?} comes before its # TYPE");
        assert!(
            samples.insert(series.to_string(), value).is_none(),
            "{series} twice"
        );
    }
    for (family, _) in types.iter().filter(|(_, kind)| *kind == "histogram") {
        check_histograms(family, &samples);
    }
    samples
}

/// Splits `a="x",b="y,z"` at the commas between pairs, not inside quoted values.
fn split_labels(inner: &str) -> Vec<&str> {
    let (mut pairs, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    for (i, c) in inner.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                pairs.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pairs.push(&inner[start..]);
    pairs
}

/// Per label set of `family`: buckets never decrease, and `+Inf` equals `_count`.
fn check_histograms(family: &str, samples: &Samples) {
    let bucket_prefix = format!("{family}_bucket{{");
    let mut series: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (name, value) in samples.range(bucket_prefix.clone()..) {
        let Some(labels) = name.strip_prefix(&bucket_prefix) else {
            break;
        };
        let others = labels.split(",le=").next().unwrap_or_default();
        let others = if others.starts_with("le=") { "" } else { others };
        series.entry(others.to_string()).or_default().push(*value);
        if labels.contains("le=\"+Inf\"") {
            let count_name = if others.is_empty() {
                format!("{family}_count")
            } else {
                format!("{family}_count{{{others}}}")
            };
            assert_eq!(samples.get(&count_name), Some(value), "{count_name} against +Inf");
        }
    }
    // Bucket samples sort by their `le` text, not numerically; compare as a set of counts.
    for (labels, mut counts) in series {
        counts.sort_by(f64::total_cmp);
        let inf = *counts.last().expect("buckets");
        assert!(counts.iter().all(|c| *c <= inf), "{family}{{{labels}}} buckets");
    }
}

async fn scrape(address: SocketAddr) -> Samples {
    let response = reqwest::get(format!("http://{address}/metrics"))
        .await
        .expect("scrape");
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    parse_prometheus(&response.text().await.expect("body"))
}

fn value(samples: &Samples, series: &str) -> f64 {
    samples.get(series).copied().unwrap_or(0.0)
}

/// Scrapes until `series` reaches `at_least` (the poller and notifier work in the background).
async fn scrape_until(address: SocketAddr, series: &str, at_least: f64) -> Samples {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let samples = scrape(address).await;
        if value(&samples, series) >= at_least {
            return samples;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{series} stayed below {at_least}: {samples:#?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn metrics_parse_and_move_with_orders() {
    let address = free_local_address();
    let shop = Shop::with_settings(&[("METRICS_LISTEN", address.to_string())]).await;

    let before = scrape(address).await;
    assert_eq!(value(&before, "smmbot_orders{state=\"placed\"}"), 0.0);
    assert_eq!(value(&before, "smmbot_orders{state=\"submitting\"}"), 0.0);
    // The catalogue sync at start already asked the panel.
    assert!(
        value(
            &before,
            "smmbot_provider_requests_total{provider=\"shop\",operation=\"services\"}"
        ) >= 1.0
    );

    let user = shop.customer(42, "en").await;
    shop.credit(&user, "5").await;
    shop.order_subscribers(&user, "@mychannel", "1000").await;

    let placed = scrape(address).await;
    assert_eq!(value(&placed, "smmbot_orders{state=\"placed\"}"), 1.0);
    assert_eq!(
        value(
            &placed,
            "smmbot_provider_requests_total{provider=\"shop\",operation=\"create_order\"}"
        ),
        1.0
    );
    // /start, /credit and the seven steps of the order; the last handler may still be
    // returning when its message is seen, hence the wait.
    let handled = scrape_until(address, "smmbot_updates_total{outcome=\"handled\"}", 9.0).await;
    assert_eq!(value(&handled, "smmbot_updates_total{outcome=\"failed\"}"), 0.0);
    assert!(value(&handled, "smmbot_handler_duration_seconds_count") >= 9.0);

    // The provider fails one status call, then completes the order: errors, then the move.
    shop.panel
        .respond_next("status", Reply::new(502, "<html>Bad gateway</html>"));
    let failed = scrape_until(
        address,
        "smmbot_provider_errors_total{provider=\"shop\",operation=\"status\",kind=\"http\"}",
        1.0,
    )
    .await;
    assert!(
        value(
            &failed,
            "smmbot_provider_request_duration_seconds_count{provider=\"shop\"}"
        ) >= 3.0
    );
    shop.panel
        .set_order_status(&FIRST_ORDER_ID.to_string(), "Completed", 0);
    let completed = scrape_until(address, "smmbot_orders{state=\"completed\"}", 1.0).await;
    assert_eq!(value(&completed, "smmbot_orders{state=\"placed\"}"), 0.0);
    // The completion notice went out through the notifier, and was counted.
    shop.telegram
        .wait_bot_message_containing(user.id, "is complete")
        .await;
    let sent_before = value(&placed, "smmbot_notifications_total{outcome=\"sent\"}");
    let sent = scrape_until(
        address,
        "smmbot_notifications_total{outcome=\"sent\"}",
        sent_before + 1.0,
    )
    .await;
    assert!(value(&sent, "smmbot_last_successful_poll_timestamp_seconds") > 1.7e9);

    let health = reqwest::get(format!("http://{address}/healthz"))
        .await
        .expect("healthz");
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    let body: serde_json::Value = health.json().await.expect("JSON health");
    assert_eq!(body["status"], "ok", "{body}");
    assert_eq!(body["database"], "ok", "{body}");
    assert!(body["last_successful_poll"].as_i64().is_some(), "{body}");
    shop.stop().await;
}
