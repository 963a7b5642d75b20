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
use smmbot::providers::panel_v2::PanelV2;
use smmbot::providers::{
    ApiErrorKind, Balance, Cap, NewOrder, OrderStatus, Provider, ProviderError, RateUnit, RemoteState,
    ServiceKind, ServiceListing,
};
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
    }
}

async fn setup() -> (FakePanel, PanelV2) {
    let panel = FakePanel::start().await;
    let api = PanelV2::new(&config(panel.url(), FAKE_KEY, TIMEOUT)).unwrap();
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
    }
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
    assert_eq!(services.len(), 4);
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
            description: None,
            target_bot: None,
        }
    );
    assert_eq!(services[3].kind, ServiceKind::CustomComments);
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
    let services = PanelV2::new(&per_one).unwrap().services().await.unwrap();
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
    let api = PanelV2::new(&config(panel.url(), "wrong-key", TIMEOUT)).unwrap();
    assert_eq!(
        api.balance().await,
        Err(refused(ApiErrorKind::InvalidKey, "Invalid API key"))
    );
}

#[tokio::test]
async fn an_error_beside_an_order_id_wins() {
    let (panel, api) = setup().await;
    panel.respond_next("add", Reply::new(200, r#"{"error":"low balance","order":32}"#));
    assert_eq!(
        api.create_order(&new_order("1", 100)).await,
        Err(refused(ApiErrorKind::InsufficientFunds, "low balance"))
    );
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
    let api = PanelV2::new(&config(panel.url(), FAKE_KEY, Duration::from_secs(1))).unwrap();
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
                Err(malformed(
                    "order status without a status",
                    r#"{"order":3,"status":{"error":"Incorrect order ID"}}"#
                ))
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
            "status answer matches none of the orders asked",
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
    let api = PanelV2::new(&config(url, FAKE_KEY, TIMEOUT)).unwrap();
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
    assert!(matches!(PanelV2::new(&config), Err(smmbot::Error::Setup(_))));
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
    let impatient = PanelV2::new(&config(panel.url(), FAKE_KEY, Duration::from_secs(1))).unwrap();
    errors.push(impatient.balance().await.unwrap_err());

    assert_eq!(errors.len(), 6);
    for error in errors {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(FAKE_KEY), "{shown}");
    }
}
