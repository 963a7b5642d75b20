//! The panel API v2 adapter against a local fake panel: canonical answers and hostile ones
//! (providers.md §3), each with its exact typed outcome.

#[path = "common/fake_panel.rs"]
mod fake_panel;

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::time::{Duration, Instant};

use fake_panel::{FAKE_KEY, FakePanel, Reply};
use rust_decimal::Decimal;
use smmbot::config::{ProviderConfig, ProviderKind, Secret};
use smmbot::error::{ApiErrorKind, ProviderError};
use smmbot::providers::panel_v2::{Dialect, PanelV2};
use smmbot::providers::{
    Balance, Cap, NewOrder, OrderStatus, PerId, Provider, RefillState, RefillStatus, RemoteState,
    ServiceListing,
};
use smmbot::vocabulary::{DripFeed, OrderExtras, RateUnit, ServiceKind};
use url::Url;

const TIMEOUT: Duration = Duration::from_secs(5);

fn config(url: Url, key: &str, timeout: Duration) -> ProviderConfig {
    ProviderConfig {
        name: "fake".into(),
        kind: ProviderKind::PanelV2,
        url: Some(url),
        key: Secret::new(key),
        rps: None,
        timeout,
        currency: None,
        rate_unit: RateUnit::PerThousand,
        default_min: 1,
        default_max: 1000,
        user_agent: None,
    }
}

fn standard(config: &ProviderConfig) -> PanelV2 {
    PanelV2::new(config, Dialect::Standard).unwrap()
}

async fn setup() -> (FakePanel, PanelV2) {
    let panel = FakePanel::start().await;
    let api = standard(&config(panel.url(), FAKE_KEY, TIMEOUT));
    (panel, api)
}

/// BratanREF as the configuration sets it up: per-referral prices, and limits of its own
/// for campaigns that state none.
async fn setup_bratanref() -> (FakePanel, PanelV2) {
    let panel = FakePanel::start_bratanref().await;
    let config = ProviderConfig {
        kind: ProviderKind::BratanrefV2,
        rate_unit: RateUnit::PerOne,
        default_min: 5,
        default_max: 500,
        ..config(panel.url(), FAKE_KEY, TIMEOUT)
    };
    let api = PanelV2::new(&config, Dialect::BratanRef).unwrap();
    (panel, api)
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn new_order(service: &str, quantity: u64) -> NewOrder {
    NewOrder {
        service_id: service.into(),
        link: "https://t.me/durov".into(),
        quantity,
        extras: OrderExtras::default(),
    }
}

fn with_extras(order: NewOrder, extras: OrderExtras) -> NewOrder {
    NewOrder { extras, ..order }
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|id| id.to_string()).collect()
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn refused(kind: ApiErrorKind, message: &str) -> ProviderError {
    ProviderError::Api {
        kind,
        message: message.into(),
    }
}

fn malformed(reason: &str, snippet: &str) -> ProviderError {
    ProviderError::Malformed {
        reason: reason.into(),
        snippet: snippet.into(),
    }
}

fn status(state: RemoteState, raw: &str) -> OrderStatus {
    OrderStatus {
        state,
        raw_status: raw.into(),
        charge: None,
        currency: None,
        start_count: None,
        remains: None,
    }
}

#[tokio::test]
async fn the_canonical_catalogue_is_listed() {
    let (panel, api) = setup().await;
    let services = api.services().await.unwrap();
    assert_eq!(services.len(), 5);
    assert_eq!(
        services[0],
        ServiceListing {
            id: "1".into(),
            name: "Telegram subscribers".into(),
            category: Some("Telegram".into()),
            kind: ServiceKind::Default,
            rate: dec("0.90"),
            rate_unit: RateUnit::PerThousand,
            currency: None,
            min: Some(10),
            max: Some(10000),
            refill: Cap::Yes,
            cancel: Cap::Yes,
            dripfeed: Cap::No,
            description: None,
            target_bot: None,
        }
    );
    assert_eq!(services[2].dripfeed, Cap::Yes);
    assert_eq!(services[3].kind, ServiceKind::CustomComments);
    assert_eq!(services[4].kind, ServiceKind::Poll);
    assert_eq!(
        panel.requests(),
        vec![fields(&[("action", "services"), ("key", FAKE_KEY)])]
    );
}

#[tokio::test]
async fn the_rate_unit_comes_from_the_configuration() {
    let panel = FakePanel::start().await;
    let per_one = ProviderConfig {
        rate_unit: RateUnit::PerOne,
        ..config(panel.url(), FAKE_KEY, TIMEOUT)
    };
    let services = standard(&per_one).services().await.unwrap();
    assert!(services.iter().all(|s| s.rate_unit == RateUnit::PerOne));
}

#[tokio::test]
async fn a_wrapped_catalogue_is_read_and_unreadable_items_are_skipped() {
    let (panel, api) = setup().await;
    panel.respond_next(
        "services",
        Reply::new(
            200,
            r#"{"data":[
                {"Service":"7","Name":"Подписчики","Rate":"1.5","min":"1,000","max":2147483647,
                 "refill":"1","cancel":"no","type":"Subscriptions ","category":"TG","currency":"RUB"},
                {"name":"no id","rate":"1"},
                {"service":8,"name":"bad rate","rate":"N/A"},
                {"service":9,"name":"bad min","rate":"1","min":"ten"},
                {"service":10,"rate":"1"},
                "junk"
            ]}"#,
        ),
    );
    assert_eq!(
        api.services().await,
        Ok(vec![ServiceListing {
            id: "7".into(),
            name: "Подписчики".into(),
            category: Some("TG".into()),
            kind: ServiceKind::Subscriptions,
            rate: dec("1.5"),
            rate_unit: RateUnit::PerThousand,
            currency: Some("RUB".into()),
            min: Some(1000),
            max: Some(2147483647),
            refill: Cap::Yes,
            cancel: Cap::No,
            dripfeed: Cap::Unknown,
            description: None,
            target_bot: None,
        }])
    );
}

#[tokio::test]
async fn a_catalogue_answer_that_is_not_a_list_is_malformed() {
    let (panel, api) = setup().await;
    panel.respond_next("services", Reply::new(200, r#"{"data":"Empty Data"}"#));
    assert_eq!(
        api.services().await,
        Err(malformed(
            "services answer is not a list",
            r#"{"data":"Empty Data"}"#
        ))
    );
}

#[tokio::test]
async fn a_catalogue_of_nothing_but_garbage_is_malformed_but_an_empty_one_is_empty() {
    let (panel, api) = setup().await;
    panel.respond_next("services", Reply::new(200, r#"[{"name":"x"},7]"#));
    panel.respond_next("services", Reply::new(200, "[]"));
    assert_eq!(
        api.services().await,
        Err(malformed(
            "no service in the answer could be read",
            r#"[{"name":"x"},7]"#
        ))
    );
    assert_eq!(api.services().await, Ok(vec![]));
}

#[tokio::test]
async fn an_order_is_created_with_the_fields_the_panel_expects() {
    let (panel, api) = setup().await;
    assert_eq!(api.create_order(&new_order("1", 100)).await, Ok("1000".into()));
    assert_eq!(api.create_order(&new_order("2", 100)).await, Ok("1001".into()));
    assert_eq!(
        panel.requests_for("add")[0],
        fields(&[
            ("action", "add"),
            ("key", FAKE_KEY),
            ("service", "1"),
            ("link", "https://t.me/durov"),
            ("quantity", "100"),
        ])
    );
    assert_eq!(panel.balance(), dec("999.905"));
}

#[tokio::test]
async fn order_ids_are_found_under_either_name_and_inside_data() {
    let (panel, api) = setup().await;
    for body in [
        r#"{"order":"65ae5538afdd1"}"#,
        r#"{"status":"success","data":{"order_id":"65ae5538afdd1"}}"#,
        r#"[{"order":"65ae5538afdd1","status":"Success"}]"#,
    ] {
        panel.respond_next("add", Reply::new(200, body));
        assert_eq!(
            api.create_order(&new_order("1", 100)).await,
            Ok("65ae5538afdd1".into()),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_bogus_order_id_is_malformed_not_success() {
    let (panel, api) = setup().await;
    for body in [
        r#"{"order":0}"#,
        r#"{"order":""}"#,
        r#"{"order":null}"#,
        r#"{"order":-5}"#,
        r#"{"status":"success"}"#,
    ] {
        panel.respond_next("add", Reply::new(200, body));
        let outcome = api.create_order(&new_order("1", 100)).await;
        assert_eq!(
            outcome,
            Err(malformed("no valid order id in the answer", body)),
            "{body}"
        );
        // An unknown outcome: the order may exist upstream.
        assert!(!outcome.unwrap_err().definitely_not_placed());
    }
}

#[tokio::test]
async fn a_refusal_with_http_200_is_an_api_error() {
    let (_panel, api) = setup().await;
    assert_eq!(
        api.create_order(&new_order("1", 5)).await,
        Err(refused(ApiErrorKind::InvalidQuantity, "Incorrect quantity"))
    );
    assert_eq!(
        api.create_order(&new_order("99", 100)).await,
        Err(refused(ApiErrorKind::InvalidService, "Incorrect service ID"))
    );
}

#[tokio::test]
async fn a_wrong_key_is_an_invalid_key_error() {
    let panel = FakePanel::start().await;
    let api = standard(&config(panel.url(), "wrong-key", TIMEOUT));
    assert_eq!(
        api.balance().await,
        Err(refused(ApiErrorKind::InvalidKey, "Invalid API key"))
    );
}

#[tokio::test]
async fn an_error_beside_an_order_id_is_an_unknown_outcome() {
    let (panel, api) = setup().await;
    panel.respond_next("add", Reply::new(200, r#"{"error":"low balance","order":32}"#));
    // The refusal wins over the id, but the order may exist: an unknown outcome, not a refund.
    let outcome = api.create_order(&new_order("1", 100)).await;
    assert_eq!(
        outcome,
        Err(ProviderError::RefusedWithOrder {
            message: "low balance".into(),
            order_id: "32".into()
        })
    );
    assert!(!outcome.unwrap_err().definitely_not_placed());
}

#[tokio::test]
async fn a_4xx_with_a_json_error_is_an_api_error() {
    let (panel, api) = setup().await;
    panel.respond_next(
        "add",
        Reply::new(402, r#"{"error":"Not enough funds on balance"}"#)
            .header("content-type", "application/json"),
    );
    panel.respond_next("balance", Reply::new(401, r#"{"detail":"Not authenticated"}"#));
    assert_eq!(
        api.create_order(&new_order("1", 100)).await,
        Err(refused(
            ApiErrorKind::InsufficientFunds,
            "Not enough funds on balance"
        ))
    );
    assert_eq!(
        api.balance().await,
        Err(refused(ApiErrorKind::InvalidKey, "Not authenticated"))
    );
}

#[tokio::test]
async fn an_html_502_is_an_http_error() {
    let (panel, api) = setup().await;
    panel.respond_next(
        "status",
        Reply::new(
            502,
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>",
        ),
    );
    assert_eq!(
        api.statuses(&ids(&["1000"])).await,
        Err(ProviderError::Http {
            status: 502,
            snippet: "<html> <head><title>502 Bad Gateway</title></head> <body>nginx</body> </html>".into(),
        })
    );
}

#[tokio::test]
async fn a_stalled_panel_times_out_as_an_unknown_outcome() {
    let panel = FakePanel::start().await;
    let api = standard(&config(panel.url(), FAKE_KEY, Duration::from_secs(1)));
    panel.stall_next("add", Duration::from_secs(4));
    let started = Instant::now();
    let outcome = api.create_order(&new_order("1", 100)).await;
    assert_eq!(outcome, Err(ProviderError::Timeout));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(!outcome.unwrap_err().definitely_not_placed());
}

#[tokio::test]
async fn broken_json_is_malformed() {
    let (panel, api) = setup().await;
    panel.respond_next("add", Reply::new(200, r#"{"order": 12"#));
    panel.respond_next(
        "add",
        Reply::new(200, "<br />\n<b>Warning</b>: oops<br />\n{\"order\":1}"),
    );
    panel.respond_next("balance", Reply::new(200, "{'balance': 500.00}"));
    assert_eq!(
        api.create_order(&new_order("1", 100)).await,
        Err(malformed("not JSON", r#"{"order": 12"#))
    );
    assert_eq!(
        api.create_order(&new_order("1", 100)).await,
        Err(malformed(
            "not JSON",
            r#"<br /> <b>Warning</b>: oops<br /> {"order":1}"#
        ))
    );
    assert_eq!(
        api.balance().await,
        Err(malformed("not JSON", "{'balance': 500.00}"))
    );
}

#[tokio::test]
async fn an_empty_body_is_malformed() {
    let (panel, api) = setup().await;
    panel.respond_next("add", Reply::new(200, ""));
    panel.respond_next("balance", Reply::new(200, " \r\n"));
    assert_eq!(
        api.create_order(&new_order("1", 100)).await,
        Err(malformed("empty answer", ""))
    );
    assert_eq!(api.balance().await, Err(malformed("empty answer", "")));
}

#[tokio::test]
async fn json_served_as_html_after_a_bom_is_read() {
    let (panel, api) = setup().await;
    panel.respond_next(
        "balance",
        Reply::new(
            200,
            "\u{feff}\n{\"balance\":\"100.84292\",\"currency\":\"USD\"}\n",
        ),
    );
    assert_eq!(
        api.balance().await,
        Ok(Balance {
            amount: dec("100.84292"),
            currency: Some("USD".into()),
        })
    );
}

#[tokio::test]
async fn the_balance_is_read_and_follows_orders() {
    let (panel, api) = setup().await;
    panel.set_currency("RUB");
    api.create_order(&new_order("1", 100)).await.unwrap();
    assert_eq!(
        api.balance().await,
        Ok(Balance {
            amount: dec("999.91"),
            currency: Some("RUB".into()),
        })
    );
    panel.respond_next(
        "balance",
        Reply::new(200, r#"{"balance":100000,"currency":"Toman"}"#),
    );
    assert_eq!(
        api.balance().await,
        Ok(Balance {
            amount: dec("100000"),
            currency: Some("Toman".into()),
        })
    );
    panel.respond_next("balance", Reply::new(200, r#"{"balance":"N/A"}"#));
    assert_eq!(
        api.balance().await,
        Err(malformed(
            "no readable balance in the answer",
            r#"{"balance":"N/A"}"#
        ))
    );
}

#[tokio::test]
async fn one_status_is_asked_with_order() {
    let (panel, api) = setup().await;
    let id = api.create_order(&new_order("1", 100)).await.unwrap();
    panel.set_order_status(&id, "In progress", 60);
    assert_eq!(
        api.statuses(&ids(&[&id])).await,
        Ok(HashMap::from([(
            id.clone(),
            Ok(OrderStatus {
                charge: Some(dec("0.09")),
                currency: Some("USD".into()),
                start_count: Some(0),
                remains: Some(60),
                ..status(RemoteState::InProgress, "In progress")
            })
        )]))
    );
    assert_eq!(
        panel.requests_for("status"),
        vec![fields(&[
            ("action", "status"),
            ("key", FAKE_KEY),
            ("order", id.as_str())
        ])]
    );
}

#[tokio::test]
async fn one_unknown_order_is_that_orders_error_not_the_calls() {
    let (_panel, api) = setup().await;
    assert_eq!(
        api.statuses(&ids(&["42"])).await,
        Ok(HashMap::from([(
            "42".into(),
            Err(refused(ApiErrorKind::OrderNotFound, "Incorrect order ID"))
        )]))
    );
}

#[tokio::test]
async fn several_statuses_are_one_deduplicated_call_keyed_by_id() {
    let (panel, api) = setup().await;
    let first = api.create_order(&new_order("1", 100)).await.unwrap();
    let second = api.create_order(&new_order("3", 50)).await.unwrap();
    panel.set_order_status(&first, "Completed", 0);
    panel.set_order_status(&second, "Partial", 20);
    let found = api
        .statuses(&ids(&[&first, &second, &first, "999"]))
        .await
        .unwrap();
    assert_eq!(
        found,
        HashMap::from([
            (
                first.clone(),
                Ok(OrderStatus {
                    charge: Some(dec("0.09")),
                    currency: Some("USD".into()),
                    start_count: Some(0),
                    remains: Some(0),
                    ..status(RemoteState::Completed, "Completed")
                })
            ),
            (
                second.clone(),
                Ok(OrderStatus {
                    charge: Some(dec("0.06")),
                    currency: Some("USD".into()),
                    start_count: Some(0),
                    remains: Some(20),
                    ..status(RemoteState::Partial, "Partial")
                })
            ),
            (
                "999".into(),
                Err(refused(ApiErrorKind::OrderNotFound, "Incorrect order ID"))
            ),
        ])
    );
    let asked = panel.requests_for("status");
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["orders"], format!("{first},{second},999"));
    assert!(!asked[0].contains_key("order"));
}

#[tokio::test]
async fn more_than_a_hundred_ids_are_split_into_batches() {
    let (panel, api) = setup().await;
    assert_eq!(api.status_batch_limit(), 100);
    let many: Vec<String> = (1..=150).map(|n| n.to_string()).collect();
    let found = api.statuses(&many).await.unwrap();
    assert_eq!(found.len(), 150);
    let asked = panel.requests_for("status");
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[0]["orders"].split(',').count(), 100);
    assert_eq!(asked[1]["orders"].split(',').count(), 50);
}

#[tokio::test]
async fn a_batch_answered_as_a_list_is_matched_by_order_field() {
    let (panel, api) = setup().await;
    panel.respond_next(
        "status",
        Reply::new(
            200,
            r#"[{"order":"1","status":"Completed","charge":"0.27819","start_count":"3572","remains":"0","currency":"USD"},
                {"order":2,"Status":"in_progress","charge":"","start_count":null,"remains":"N/A"},
                {"order":3,"status":{"error":"Incorrect order ID"}},
                {"order":77,"status":"Completed"}]"#,
        ),
    );
    assert_eq!(
        api.statuses(&ids(&["1", "2", "3", "4"])).await,
        Ok(HashMap::from([
            (
                "1".into(),
                Ok(OrderStatus {
                    charge: Some(dec("0.27819")),
                    currency: Some("USD".into()),
                    start_count: Some(3572),
                    remains: Some(0),
                    ..status(RemoteState::Completed, "Completed")
                })
            ),
            ("2".into(), Ok(status(RemoteState::InProgress, "in_progress"))),
            (
                "3".into(),
                Err(refused(ApiErrorKind::OrderNotFound, "Incorrect order ID"))
            ),
        ]))
    );
}

#[tokio::test]
async fn a_keyed_batch_with_bare_string_errors_keeps_the_good_items() {
    let (panel, api) = setup().await;
    panel.respond_next(
        "status",
        Reply::new(
            200,
            r#"{"65ae5538afdd1":{"charge":"189","start_count":"3572","status":"Partial","remains":"157","currency":"USD"},
                "65ae580a540f5":"Incorrect order ID",
                "65ae57daea2c8":{"error":"Incorrect order ID"}}"#,
        ),
    );
    assert_eq!(
        api.statuses(&ids(&["65ae5538afdd1", "65ae580a540f5", "65ae57daea2c8"]))
            .await,
        Ok(HashMap::from([
            (
                "65ae5538afdd1".into(),
                Ok(OrderStatus {
                    charge: Some(dec("189")),
                    currency: Some("USD".into()),
                    start_count: Some(3572),
                    remains: Some(157),
                    ..status(RemoteState::Partial, "Partial")
                })
            ),
            (
                "65ae580a540f5".into(),
                Err(refused(ApiErrorKind::OrderNotFound, "Incorrect order ID"))
            ),
            (
                "65ae57daea2c8".into(),
                Err(refused(ApiErrorKind::OrderNotFound, "Incorrect order ID"))
            ),
        ]))
    );
}

#[tokio::test]
async fn empty_and_odd_status_answers() {
    let (panel, api) = setup().await;
    // PHP's json_encode([]) for "nothing found": no information, not failure.
    panel.respond_next("status", Reply::new(200, "[]"));
    assert_eq!(api.statuses(&ids(&["1", "2"])).await, Ok(HashMap::new()));
    // One unkeyed object cannot be attributed when several ids were asked.
    panel.respond_next("status", Reply::new(200, r#"{"status":"Completed"}"#));
    assert_eq!(
        api.statuses(&ids(&["1", "2"])).await,
        Err(malformed(
            "status answer matches none of the ids asked",
            r#"{"status":"Completed"}"#
        ))
    );
    // The same object for one id, wrapped in `data`, is that order's status.
    panel.respond_next(
        "status",
        Reply::new(
            200,
            r#"{"status":"success","data":{"status":"Awaiting","remains":"5"}}"#,
        ),
    );
    assert_eq!(
        api.statuses(&ids(&["1"])).await,
        Ok(HashMap::from([(
            "1".into(),
            Ok(OrderStatus {
                remains: Some(5),
                ..status(RemoteState::Pending, "Awaiting")
            })
        )]))
    );
    // An unknown status stays visibly unknown.
    panel.respond_next("status", Reply::new(200, r#"{"status":"Moderation"}"#));
    assert_eq!(
        api.statuses(&ids(&["1"])).await,
        Ok(HashMap::from([(
            "1".into(),
            Ok(status(RemoteState::Unknown, "Moderation"))
        )]))
    );
    assert_eq!(api.statuses(&[]).await, Ok(HashMap::new()));
}

#[tokio::test]
async fn rate_limits_are_recognised_in_the_status_and_the_body() {
    let (panel, api) = setup().await;
    panel.respond_next("balance", Reply::new(429, "slow down").header("retry-after", "7"));
    panel.respond_next("balance", Reply::new(200, r#"{"error":"Too many requests"}"#));
    assert_eq!(
        api.balance().await,
        Err(ProviderError::RateLimited {
            retry_after: Some(Duration::from_secs(7))
        })
    );
    assert_eq!(
        api.balance().await,
        Err(ProviderError::RateLimited { retry_after: None })
    );
}

#[tokio::test]
async fn redirects_are_followed_only_on_the_same_host() {
    let (panel, api) = setup().await;
    let elsewhere = panel.url().as_str().replace("127.0.0.1", "localhost");
    panel.respond_next("balance", Reply::new(307, "").header("location", "/api/v2"));
    assert_eq!(
        api.balance().await,
        Ok(Balance {
            amount: dec("1000"),
            currency: Some("USD".into()),
        })
    );
    // 307 keeps the POST body, so the key went along, but only to the same host.
    let sent = panel.requests_for("balance");
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|r| r["key"] == FAKE_KEY));
    panel.respond_next("balance", Reply::new(307, "").header("location", &elsewhere));
    assert_eq!(
        api.balance().await,
        Err(ProviderError::Http {
            status: 307,
            snippet: format!("redirect to {elsewhere} not followed"),
        })
    );
    assert_eq!(panel.requests_for("balance").len(), 3);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let url = Url::parse(&format!("http://{address}/api/v2")).unwrap();
    let api = standard(&config(url, FAKE_KEY, TIMEOUT));
    let outcome = api.create_order(&new_order("1", 100)).await;
    assert!(matches!(outcome, Err(ProviderError::Connect(_))), "{outcome:?}");
    assert!(outcome.unwrap_err().definitely_not_placed());
}

#[tokio::test]
async fn a_provider_without_a_url_is_a_setup_error() {
    let config = ProviderConfig {
        url: None,
        ..config(Url::parse("http://127.0.0.1/").unwrap(), FAKE_KEY, TIMEOUT)
    };
    for dialect in [Dialect::Standard, Dialect::BratanRef] {
        assert!(matches!(
            PanelV2::new(&config, dialect),
            Err(smmbot::Error::Setup(_))
        ));
    }
}

#[tokio::test]
async fn the_key_never_appears_in_an_error() {
    let (panel, api) = setup().await;
    let echo = |body: &str| body.replace("KEY", FAKE_KEY);
    panel.respond_next("add", Reply::new(200, echo(r#"{"error":"Invalid API key KEY"}"#)));
    panel.respond_next("add", Reply::new(500, echo("<pre>key=KEY&action=add</pre>")));
    panel.respond_next("add", Reply::new(200, echo("Warning: key KEY")));
    panel.respond_next("add", Reply::new(200, echo(r#"{"order":0,"key":"KEY"}"#)));
    panel.respond_next("status", Reply::new(200, echo(r#"{"1":"no order for KEY"}"#)));
    let mut errors = Vec::new();
    for _ in 0..4 {
        errors.push(api.create_order(&new_order("1", 100)).await.unwrap_err());
    }
    let statuses = api.statuses(&ids(&["1", "2"])).await.unwrap();
    errors.push(statuses["1"].clone().unwrap_err());
    panel.stall_next("balance", Duration::from_secs(3));
    let impatient = standard(&config(panel.url(), FAKE_KEY, Duration::from_secs(1)));
    errors.push(impatient.balance().await.unwrap_err());

    assert_eq!(errors.len(), 6);
    for error in errors {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(FAKE_KEY), "{shown}");
    }
}

// Type-specific order parameters.

#[tokio::test]
async fn custom_comments_are_sent_instead_of_a_quantity() {
    let (panel, api) = setup().await;
    let comments: Vec<String> = (1..=10).map(|n| format!("Great post #{n}")).collect();
    let comments = comments.join("\n");
    let order = with_extras(
        new_order("4", 10),
        OrderExtras {
            comments: Some(comments.clone()),
            ..OrderExtras::default()
        },
    );
    assert_eq!(api.create_order(&order).await, Ok("1000".into()));
    assert_eq!(
        panel.requests_for("add"),
        vec![fields(&[
            ("action", "add"),
            ("key", FAKE_KEY),
            ("service", "4"),
            ("link", "https://t.me/durov"),
            ("comments", &comments),
        ])]
    );
    let placed = &panel.orders()[0];
    assert_eq!(
        (placed.quantity, placed.comments.as_deref()),
        (10, Some(comments.as_str()))
    );
    assert_eq!(panel.balance(), dec("999.92"));
}

#[tokio::test]
async fn a_poll_order_sends_the_answer_number() {
    let (panel, api) = setup().await;
    let order = with_extras(
        new_order("5", 100),
        OrderExtras {
            answer_number: Some(2),
            ..OrderExtras::default()
        },
    );
    assert_eq!(api.create_order(&order).await, Ok("1000".into()));
    assert_eq!(
        panel.requests_for("add"),
        vec![fields(&[
            ("action", "add"),
            ("key", FAKE_KEY),
            ("service", "5"),
            ("link", "https://t.me/durov"),
            ("quantity", "100"),
            ("answer_number", "2"),
        ])]
    );
    assert_eq!(panel.orders()[0].answer_number, Some(2));
}

#[tokio::test]
async fn a_drip_feed_order_sends_runs_and_interval_with_the_quantity_per_run() {
    let (panel, api) = setup().await;
    let order = with_extras(
        new_order("3", 100),
        OrderExtras {
            dripfeed: Some(DripFeed {
                runs: 5,
                interval_minutes: 30,
            }),
            ..OrderExtras::default()
        },
    );
    assert_eq!(api.create_order(&order).await, Ok("1000".into()));
    assert_eq!(
        panel.requests_for("add"),
        vec![fields(&[
            ("action", "add"),
            ("key", FAKE_KEY),
            ("service", "3"),
            ("link", "https://t.me/durov"),
            ("quantity", "100"),
            ("runs", "5"),
            ("interval", "30"),
        ])]
    );
    let placed = &panel.orders()[0];
    assert_eq!(
        (placed.quantity, placed.runs, placed.interval),
        (500, Some(5), Some(30))
    );
    // Five runs of 100 at 1.20 per 1000.
    assert_eq!(panel.balance(), dec("999.4"));
}

// Refill.

/// An order of `service` that the panel reports as `status`.
async fn placed(panel: &FakePanel, api: &PanelV2, service: &str, status: &str) -> String {
    let id = api.create_order(&new_order(service, 100)).await.unwrap();
    panel.set_order_status(&id, status, 0);
    id
}

#[tokio::test]
async fn one_refill_is_asked_with_order() {
    let (panel, api) = setup().await;
    let id = placed(&panel, &api, "1", "Completed").await;
    assert_eq!(
        api.refill(&ids(&[&id])).await,
        Ok(HashMap::from([(id.clone(), Ok("1".to_string()))]))
    );
    assert_eq!(
        panel.requests_for("refill"),
        vec![fields(&[("action", "refill"), ("key", FAKE_KEY), ("order", &id)])]
    );
    assert_eq!(panel.refills()[0].order, id);
}

#[tokio::test]
async fn several_refills_are_one_deduplicated_call_with_per_item_errors() {
    let (panel, api) = setup().await;
    let done = placed(&panel, &api, "1", "Completed").await;
    let running = placed(&panel, &api, "1", "In progress").await;
    let no_refill = placed(&panel, &api, "2", "Completed").await;
    let found = api
        .refill(&ids(&[&done, &running, &done, &no_refill, "999"]))
        .await;
    assert_eq!(
        found,
        Ok(HashMap::from([
            (done.clone(), Ok("1".to_string())),
            (
                running.clone(),
                Err(refused(ApiErrorKind::Other, "Order is not completed"))
            ),
            (
                no_refill.clone(),
                Err(refused(
                    ApiErrorKind::InvalidService,
                    "Refill is disabled for this service"
                ))
            ),
            (
                "999".into(),
                Err(refused(ApiErrorKind::OrderNotFound, "Incorrect order ID"))
            ),
        ]))
    );
    let asked = panel.requests_for("refill");
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["orders"], format!("{done},{running},{no_refill},999"));
    assert!(!asked[0].contains_key("order"));
}

#[tokio::test]
async fn one_unknown_order_to_refill_is_that_orders_error() {
    let (_panel, api) = setup().await;
    assert_eq!(
        api.refill(&ids(&["42"])).await,
        Ok(HashMap::from([(
            "42".into(),
            Err(refused(ApiErrorKind::OrderNotFound, "Incorrect order ID"))
        )]))
    );
}

#[tokio::test]
async fn more_than_a_hundred_refills_are_split_into_batches() {
    let (panel, api) = setup().await;
    let many: Vec<String> = (1..=150).map(|n| n.to_string()).collect();
    let found = api.refill(&many).await.unwrap();
    assert_eq!(found.len(), 150);
    let asked = panel.requests_for("refill");
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[0]["orders"].split(',').count(), 100);
    assert_eq!(asked[1]["orders"].split(',').count(), 50);
}

#[tokio::test]
async fn tmsmm_refills_keep_their_hex_ids() {
    let (panel, api) = setup().await;
    // TmSMM's documented answers: the refill id is the order's own hex id.
    panel.respond_next("refill", Reply::new(200, r#"{"refill":"65ae5538afdd1"}"#));
    panel.respond_next(
        "refill",
        Reply::new(
            200,
            r#"[{"order":"65ae5538afdd1","refill":"65ae5538afdd1"},
                {"order":"65ae580a540f5","refill":"65ae580a540f5"},
                {"order":"65ae57daea2c8","refill":{"error":"Incorrect order ID"}}]"#,
        ),
    );
    assert_eq!(
        api.refill(&ids(&["65ae5538afdd1"])).await,
        Ok(HashMap::from([(
            "65ae5538afdd1".into(),
            Ok("65ae5538afdd1".to_string())
        )]))
    );
    assert_eq!(
        api.refill(&ids(&["65ae5538afdd1", "65ae580a540f5", "65ae57daea2c8"]))
            .await,
        Ok(HashMap::from([
            ("65ae5538afdd1".into(), Ok("65ae5538afdd1".to_string())),
            ("65ae580a540f5".into(), Ok("65ae580a540f5".to_string())),
            (
                "65ae57daea2c8".into(),
                Err(refused(ApiErrorKind::OrderNotFound, "Incorrect order ID"))
            ),
        ]))
    );
    let asked = panel.requests_for("refill");
    assert_eq!(asked[0]["order"], "65ae5538afdd1");
    assert_eq!(asked[1]["orders"], "65ae5538afdd1,65ae580a540f5,65ae57daea2c8");
}

#[tokio::test]
async fn refill_answers_in_other_shapes() {
    let (panel, api) = setup().await;
    // §22 `id` for the refill id; §19 `data`; §16 keyed by order.
    panel.respond_next(
        "refill",
        Reply::new(200, r#"{"status":"success","data":{"id":77}}"#),
    );
    panel.respond_next(
        "refill",
        Reply::new(
            200,
            r#"{"1":{"refill":"8"},"2":"Refill is disabled for this service"}"#,
        ),
    );
    panel.respond_next("refill", Reply::new(200, r#"[{"order":1,"refill":null}]"#));
    assert_eq!(
        api.refill(&ids(&["1"])).await,
        Ok(HashMap::from([("1".into(), Ok("77".to_string()))]))
    );
    assert_eq!(
        api.refill(&ids(&["1", "2"])).await,
        Ok(HashMap::from([
            ("1".into(), Ok("8".to_string())),
            (
                "2".into(),
                Err(refused(
                    ApiErrorKind::InvalidService,
                    "Refill is disabled for this service"
                ))
            ),
        ]))
    );
    assert_eq!(
        api.refill(&ids(&["1", "2"])).await,
        Ok(HashMap::from([(
            "1".into(),
            Err(malformed(
                "refill answer without a refill id",
                r#"{"order":1,"refill":null}"#
            ))
        )]))
    );
}

// Refill status.

fn refill_status(state: RefillState, raw: &str) -> RefillStatus {
    RefillStatus {
        state,
        raw_status: raw.into(),
    }
}

/// Two refills of completed orders: "1" and "2".
async fn two_refills(panel: &FakePanel, api: &PanelV2) {
    let first = placed(panel, api, "1", "Completed").await;
    let second = placed(panel, api, "3", "Partial").await;
    let created = api.refill(&ids(&[&first, &second])).await.unwrap();
    assert_eq!(created.len(), 2);
}

#[tokio::test]
async fn one_refill_status_is_asked_with_refill() {
    let (panel, api) = setup().await;
    two_refills(&panel, &api).await;
    panel.set_refill_status("1", "Completed");
    assert_eq!(
        api.refill_statuses(&ids(&["1"])).await,
        Ok(HashMap::from([(
            "1".into(),
            Ok(refill_status(RefillState::Completed, "Completed"))
        )]))
    );
    assert_eq!(
        api.refill_statuses(&ids(&["77"])).await,
        Ok(HashMap::from([(
            "77".into(),
            Err(refused(ApiErrorKind::OrderNotFound, "Refill not found"))
        )]))
    );
    assert_eq!(
        panel.requests_for("refill_status")[0],
        fields(&[("action", "refill_status"), ("key", FAKE_KEY), ("refill", "1")])
    );
}

#[tokio::test]
async fn several_refill_statuses_are_one_call_with_per_item_errors() {
    let (panel, api) = setup().await;
    two_refills(&panel, &api).await;
    panel.set_refill_status("2", "In progress");
    assert_eq!(
        api.refill_statuses(&ids(&["1", "2", "77", "2"])).await,
        Ok(HashMap::from([
            ("1".into(), Ok(refill_status(RefillState::Pending, "Pending"))),
            (
                "2".into(),
                Ok(refill_status(RefillState::InProgress, "In progress"))
            ),
            (
                "77".into(),
                Err(refused(ApiErrorKind::OrderNotFound, "Refill not found"))
            ),
        ]))
    );
    let asked = panel.requests_for("refill_status");
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["refills"], "1,2,77");
}

#[tokio::test]
async fn refill_states_as_tmsmm_reports_them() {
    let (panel, api) = setup().await;
    panel.respond_next(
        "refill_status",
        Reply::new(
            200,
            r#"[{"refill":"65ae5538afdd1","status":"Completed"},
                {"refill":"65ae580a540f5","status":"Rejected"},
                {"refill":"65ae57daea2c8","status":{"error":"Refill not found"}}]"#,
        ),
    );
    assert_eq!(
        api.refill_statuses(&ids(&["65ae5538afdd1", "65ae580a540f5", "65ae57daea2c8"]))
            .await,
        Ok(HashMap::from([
            (
                "65ae5538afdd1".into(),
                Ok(refill_status(RefillState::Completed, "Completed"))
            ),
            (
                "65ae580a540f5".into(),
                Ok(refill_status(RefillState::Rejected, "Rejected"))
            ),
            (
                "65ae57daea2c8".into(),
                Err(refused(ApiErrorKind::OrderNotFound, "Refill not found"))
            ),
        ]))
    );
    // The rest of TmSMM's vocabulary, one refill at a time.
    for (raw, state) in [
        ("Awaiting", RefillState::Pending),
        ("Partial", RefillState::Completed),
        ("Canceled", RefillState::Rejected),
        ("Fail", RefillState::Rejected),
        ("Moderation", RefillState::Unknown),
    ] {
        panel.respond_next(
            "refill_status",
            Reply::new(200, format!(r#"{{"status":"{raw}"}}"#)),
        );
        assert_eq!(
            api.refill_statuses(&ids(&["65ae5538afdd1"])).await,
            Ok(HashMap::from([(
                "65ae5538afdd1".into(),
                Ok(refill_status(state, raw))
            )])),
            "{raw}"
        );
    }
}

// Cancel.

#[tokio::test]
async fn even_one_cancel_uses_the_bulk_form() {
    let (panel, api) = setup().await;
    let id = api.create_order(&new_order("1", 100)).await.unwrap();
    assert_eq!(
        api.cancel(&ids(&[&id])).await,
        Ok(HashMap::from([(id.clone(), Ok(()))]))
    );
    assert_eq!(
        panel.requests_for("cancel"),
        vec![fields(&[
            ("action", "cancel"),
            ("key", FAKE_KEY),
            ("orders", &id)
        ])]
    );
    // The outcome shows in the next status; here the fake refunds at once.
    let status = api.statuses(&ids(&[&id])).await.unwrap();
    assert_eq!(status[&id].as_ref().unwrap().state, RemoteState::Canceled);
    assert_eq!(panel.balance(), dec("1000"));
}

#[tokio::test]
async fn several_cancels_report_per_item_errors() {
    let (panel, api) = setup().await;
    let pending = api.create_order(&new_order("1", 100)).await.unwrap();
    let no_cancel = api.create_order(&new_order("2", 100)).await.unwrap();
    let done = placed(&panel, &api, "1", "Completed").await;
    assert_eq!(
        api.cancel(&ids(&[&pending, &no_cancel, &done, "999", &pending]))
            .await,
        Ok(HashMap::from([
            (pending.clone(), Ok(())),
            (
                no_cancel.clone(),
                Err(refused(
                    ApiErrorKind::InvalidService,
                    "Cancel is disabled for this service"
                ))
            ),
            (
                done.clone(),
                Err(refused(ApiErrorKind::Other, "Order cannot be canceled"))
            ),
            (
                "999".into(),
                Err(refused(ApiErrorKind::OrderNotFound, "Incorrect order ID"))
            ),
        ]))
    );
    let asked = panel.requests_for("cancel");
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["orders"], format!("{pending},{no_cancel},{done},999"));
}

#[tokio::test]
async fn cancel_answers_of_tmsmm_sns_panel_and_reseen_mean_requested() {
    let (panel, api) = setup().await;
    for body in [
        // TmSMM's README, for one hex id.
        r#"{"ok":"true","success":"true","cancel":"65ae5538afdd1"}"#,
        // sns-panel, keyed by order.
        r#"{"65ae5538afdd1":{"cancel":"requested"}}"#,
        r#"[{"order":"65ae5538afdd1","cancel":true}]"#,
    ] {
        panel.respond_next("cancel", Reply::new(200, body));
        assert_eq!(
            api.cancel(&ids(&["65ae5538afdd1"])).await,
            Ok(HashMap::from([("65ae5538afdd1".into(), Ok(()))])),
            "{body}"
        );
    }
    // reseen.uz's documented sample.
    panel.respond_next(
        "cancel",
        Reply::new(
            200,
            r#"[{"order":9,"cancel":{"error":"Incorrect order ID"}},{"order":2,"cancel":1}]"#,
        ),
    );
    assert_eq!(
        api.cancel(&ids(&["2", "9"])).await,
        Ok(HashMap::from([
            ("2".into(), Ok(())),
            (
                "9".into(),
                Err(refused(ApiErrorKind::OrderNotFound, "Incorrect order ID"))
            ),
        ]))
    );
    // An explicit "no", and an item without any result.
    panel.respond_next(
        "cancel",
        Reply::new(200, r#"[{"order":5,"cancel":0},{"order":6}]"#),
    );
    assert_eq!(
        api.cancel(&ids(&["5", "6"])).await,
        Ok(HashMap::from([
            (
                "5".into(),
                Err(refused(
                    ApiErrorKind::Other,
                    "the provider did not accept the cancel"
                ))
            ),
            (
                "6".into(),
                Err(malformed("cancel answer without a result", r#"{"order":6}"#))
            ),
        ]))
    );
}

#[tokio::test]
async fn batched_calls_fail_as_a_whole_only_for_the_whole_call() {
    let (panel, api) = setup().await;
    assert_eq!(api.refill(&[]).await, Ok(PerId::new()));
    assert_eq!(api.refill_statuses(&[]).await, Ok(PerId::new()));
    assert_eq!(api.cancel(&[]).await, Ok(PerId::new()));
    assert!(panel.requests().is_empty(), "no ids, no call");

    panel.respond_next("cancel", Reply::new(200, r#"{"status":"Completed"}"#));
    assert_eq!(
        api.cancel(&ids(&["1", "2"])).await,
        Err(malformed(
            "cancel answer matches none of the ids asked",
            r#"{"status":"Completed"}"#
        ))
    );
    panel.respond_next("refill", Reply::new(200, r#""ok""#));
    assert_eq!(
        api.refill(&ids(&["1", "2"])).await,
        Err(malformed("refill answer is not an object or a list", r#""ok""#))
    );
    let wrong_key = standard(&config(panel.url(), "wrong-key", TIMEOUT));
    assert_eq!(
        wrong_key.refill_statuses(&ids(&["1"])).await,
        Err(refused(ApiErrorKind::InvalidKey, "Invalid API key"))
    );
}

// BratanREF's "API for panels".

const NOTPIXEL_LINK: &str = "https://t.me/notpixel/app?startapp=f546534121_t";

fn referral_order(quantity: u64) -> NewOrder {
    NewOrder {
        service_id: "1".into(),
        link: NOTPIXEL_LINK.into(),
        quantity,
        extras: OrderExtras::default(),
    }
}

fn referral_listing(id: &str, name: &str, rate: &str, limits: (u64, u64), bot: &str) -> ServiceListing {
    ServiceListing {
        id: id.into(),
        name: name.into(),
        category: Some("Referrals".into()),
        kind: ServiceKind::Referral,
        rate: dec(rate),
        rate_unit: RateUnit::PerOne,
        currency: None,
        min: Some(limits.0),
        max: Some(limits.1),
        refill: Cap::No,
        cancel: Cap::No,
        dripfeed: Cap::No,
        description: None,
        target_bot: Some(bot.into()),
    }
}

#[tokio::test]
async fn bratanref_lists_referral_campaigns_with_their_bots() {
    let (panel, api) = setup_bratanref().await;
    assert_eq!(
        api.services().await,
        Ok(vec![
            referral_listing("1", "Notpixel", "8.0", (1, 2500), "https://t.me/notpixel"),
            referral_listing("2", "Yescoin", "5.5", (10, 1000), "https://t.me/theYescoin_bot"),
        ])
    );
    assert!(panel.url().path().ends_with("/apiv2"));
    assert_eq!(
        panel.requests(),
        vec![fields(&[("action", "services"), ("key", FAKE_KEY)])]
    );
}

#[tokio::test]
async fn bratanref_limits_fall_back_to_the_configuration_and_a_campaign_needs_a_bot() {
    let (panel, api) = setup_bratanref().await;
    panel.respond_next(
        "services",
        Reply::new(
            200,
            r#"[{"service":3,"name":"Blum","rate":"4.0","url":"https://t.me/blum","type":"Default","refill":true},
                {"service":4,"name":"No bot","rate":1.0,"min":1,"max":10}]"#,
        ),
    );
    assert_eq!(
        api.services().await,
        Ok(vec![referral_listing(
            "3",
            "Blum",
            "4.0",
            (5, 500),
            "https://t.me/blum"
        )])
    );
}

#[tokio::test]
async fn bratanref_orders_are_paid_per_referral() {
    let (panel, api) = setup_bratanref().await;
    assert_eq!(api.create_order(&referral_order(3)).await, Ok("1000".into()));
    assert_eq!(
        panel.requests_for("add"),
        vec![fields(&[
            ("action", "add"),
            ("key", FAKE_KEY),
            ("service", "1"),
            ("link", NOTPIXEL_LINK),
            ("quantity", "3"),
        ])]
    );
    assert_eq!(panel.balance(), dec("976"));
    assert_eq!(
        api.balance().await,
        Ok(Balance {
            amount: dec("976"),
            currency: Some("RUB".into()),
        })
    );
}

#[tokio::test]
async fn bratanref_status_codes_are_read_one_order_at_a_time() {
    let (panel, api) = setup_bratanref().await;
    assert_eq!(api.status_batch_limit(), 1);
    let id = api.create_order(&referral_order(3)).await.unwrap();
    let referrals = |state, raw: &str, remains| OrderStatus {
        charge: Some(dec("24.0")),
        currency: Some("RUB".into()),
        remains: Some(remains),
        ..status(state, raw)
    };
    // (code, remains) → what it means; a cancel after delivery is partial (§44).
    for (code, remains, expected) in [
        ("0", 3, referrals(RemoteState::InProgress, "0", 3)),
        ("1", 0, referrals(RemoteState::Completed, "1", 0)),
        ("2", 3, referrals(RemoteState::Canceled, "2", 3)),
        ("2", 1, referrals(RemoteState::Partial, "2", 1)),
    ] {
        panel.set_order_status(&id, code, remains);
        assert_eq!(
            api.statuses(&ids(&[&id])).await,
            Ok(HashMap::from([(id.clone(), Ok(expected))])),
            "{code} {remains}"
        );
    }
    let second = api.create_order(&referral_order(5)).await.unwrap();
    let found = api.statuses(&ids(&[&id, &second, "999"])).await.unwrap();
    assert_eq!(found.len(), 3);
    assert_eq!(
        found["999"],
        Err(refused(ApiErrorKind::OrderNotFound, "Incorrect order ID"))
    );
    let asked: Vec<String> = panel
        .requests_for("status")
        .iter()
        .skip(4)
        .map(|r| r["order"].clone())
        .collect();
    assert_eq!(asked, ids(&[&id, &second, "999"]));
}

#[tokio::test]
async fn bratanref_documented_status_is_read() {
    let (panel, api) = setup_bratanref().await;
    panel.respond_next(
        "status",
        Reply::new(
            200,
            r#"{"category_id": 8, "charge": "24.0", "currency": "RUB", "date": 1728848582, "name": "Notpixel",
                "order_id": 315, "price_one": "20.0", "quantity": "3", "quantity_executed": "0",
                "refferal_code": "f546534121_t", "remains": "3", "status": 2,
                "url": "https://t.me/notpixel/app?startapp=f546534121_t"}"#,
        ),
    );
    assert_eq!(
        api.statuses(&ids(&["315"])).await,
        Ok(HashMap::from([(
            "315".into(),
            Ok(OrderStatus {
                charge: Some(dec("24.0")),
                currency: Some("RUB".into()),
                remains: Some(3),
                ..status(RemoteState::Canceled, "2")
            })
        )]))
    );
}

#[tokio::test]
async fn bratanref_statuses_never_go_through_the_generic_table() {
    let (panel, api) = setup_bratanref().await;
    // Panel words mean nothing here, and "2" is canceled, not completed.
    panel.respond_next("status", Reply::new(200, r#"{"status":"Completed"}"#));
    panel.respond_next(
        "status",
        Reply::new(200, r#"{"status":"2","quantity":"5","quantity_executed":"4"}"#),
    );
    assert_eq!(
        api.statuses(&ids(&["1"])).await,
        Ok(HashMap::from([(
            "1".into(),
            Ok(status(RemoteState::Unknown, "Completed"))
        )]))
    );
    // Without `remains`, it is what was not executed.
    assert_eq!(
        api.statuses(&ids(&["1"])).await,
        Ok(HashMap::from([(
            "1".into(),
            Ok(OrderStatus {
                remains: Some(1),
                ..status(RemoteState::Partial, "2")
            })
        )]))
    );
}

#[tokio::test]
async fn bratanref_a_cancel_that_hides_its_delivery_stays_unknown() {
    let (panel, api) = setup_bratanref().await;
    // Without `quantity_executed`, or `quantity` and `remains` to work it out, a cancel could
    // be a partial one: refunding it in full could pay back delivered referrals.
    for body in [
        r#"{"status":2}"#,
        r#"{"status":"2","remains":"3"}"#,
        r#"{"status":"2","quantity":"5","quantity_executed":"N/A"}"#,
    ] {
        panel.respond_next("status", Reply::new(200, body));
        let found = api.statuses(&ids(&["1"])).await.unwrap();
        let state = found["1"].as_ref().map(|status| status.state);
        assert_eq!(state, Ok(RemoteState::Unknown), "{body}");
    }
    // Known to have delivered nothing: canceled, refunded in full.
    panel.respond_next(
        "status",
        Reply::new(200, r#"{"status":"2","quantity":"5","remains":"5"}"#),
    );
    assert_eq!(
        api.statuses(&ids(&["1"])).await,
        Ok(HashMap::from([(
            "1".into(),
            Ok(OrderStatus {
                remains: Some(5),
                ..status(RemoteState::Canceled, "2")
            })
        )]))
    );
}

#[tokio::test]
async fn bratanref_refusals_come_with_http_400() {
    let (_panel, api) = setup_bratanref().await;
    let bad_link = NewOrder {
        link: "https://t.me/notpixel".into(),
        ..referral_order(3)
    };
    assert_eq!(
        api.create_order(&bad_link).await,
        Err(refused(
            ApiErrorKind::InvalidLink,
            "Incorrect link: no referral code"
        ))
    );
    assert_eq!(
        api.create_order(&referral_order(3000)).await,
        Err(refused(ApiErrorKind::InvalidQuantity, "Incorrect quantity"))
    );
}

#[tokio::test]
async fn bratanref_has_no_refill_cancel_or_order_extras() {
    let (panel, api) = setup_bratanref().await;
    let unsupported = |what: &str| {
        refused(
            ApiErrorKind::NotSupported,
            &format!("BratanREF's API for panels has no {what}"),
        )
    };
    assert_eq!(api.refill(&ids(&["1"])).await, Err(unsupported("refill")));
    assert_eq!(
        api.refill_statuses(&ids(&["1"])).await,
        Err(unsupported("refill status"))
    );
    assert_eq!(api.cancel(&ids(&["1"])).await, Err(unsupported("cancel")));
    let drip_fed = with_extras(
        referral_order(3),
        OrderExtras {
            dripfeed: Some(DripFeed {
                runs: 3,
                interval_minutes: 60,
            }),
            ..OrderExtras::default()
        },
    );
    let outcome = api.create_order(&drip_fed).await;
    assert_eq!(outcome, Err(unsupported("comments, poll answers or drip-feed")));
    assert!(outcome.unwrap_err().definitely_not_placed());
    assert!(panel.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_referral_service_is_priced_per_sign_up_whatever_the_configuration() {
    // How another smmbot lists a referral service: its rate is for one sign-up. Read per 1000,
    // it would be resold a thousand times too cheap.
    let (panel, api) = setup().await;
    panel.respond_next(
        "services",
        Reply::new(
            200,
            r#"[{"service":3,"name":"Notpixel referrals","type":"Referral","category":"Referrals",
                 "rate":"0.12","min":"1","max":"500"},
                {"service":4,"name":"Telegram views","type":"Default","category":"Telegram",
                 "rate":"0.05","min":"100","max":"100000"}]"#,
        ),
    );
    let services = api.services().await.unwrap();
    let units: Vec<(ServiceKind, RateUnit)> =
        services.iter().map(|s| (s.kind.clone(), s.rate_unit)).collect();
    assert_eq!(
        units,
        [
            (ServiceKind::Referral, RateUnit::PerOne),
            (ServiceKind::Default, RateUnit::PerThousand)
        ]
    );
}
