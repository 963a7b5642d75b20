//! The btj-system.xyz adapter against a local fake speaking its documented shapes, and against
//! the hostile answers of providers.md §3, each with its exact typed outcome.

#[path = "common/fake_btj.rs"]
mod fake_btj;

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::time::{Duration, Instant};

use fake_btj::{DOCUMENTED_SERVICES_SAMPLE, FAKE_KEY, FakeBtj, SUBSCRIBERS};
use rust_decimal::Decimal;
use smmbot::catalogue::sync_provider;
use smmbot::config::{ProviderConfig, ProviderKind, Secret};
use smmbot::db::Db;
use smmbot::error::{ApiErrorKind, ProviderError};
use smmbot::money::Currency;
use smmbot::pricing::Pricing;
use smmbot::providers::btj::Btj;
use smmbot::providers::decode::snippet;
use smmbot::providers::{
    Balance, Cap, NewOrder, OrderStatus, Provider, Providers, RemoteState, ServiceListing,
};
use smmbot::vocabulary::{DripFeed, OrderExtras, RateUnit, ServiceKind};
use url::Url;

const TIMEOUT: Duration = Duration::from_secs(5);

/// btj's refusal codes, the kind each must become, and the words our error carries.
const REFUSALS: [(u16, ApiErrorKind, &str); 6] = [
    (
        401,
        ApiErrorKind::InsufficientFunds,
        "code 401: insufficient balance",
    ),
    (
        402,
        ApiErrorKind::InvalidService,
        "code 402: invalid service number",
    ),
    (403, ApiErrorKind::InvalidKey, "code 403: invalid key"),
    (404, ApiErrorKind::Other, "code 404: wrong operation or parameter"),
    (405, ApiErrorKind::InvalidService, "code 405: unknown product"),
    (
        501,
        ApiErrorKind::InvalidLink,
        "code 501: ineligible channel or group id",
    ),
];

fn config(url: Url, key: &str, timeout: Duration) -> ProviderConfig {
    ProviderConfig {
        name: "btj".into(),
        kind: ProviderKind::Btj,
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

async fn setup() -> (FakeBtj, Btj) {
    let fake = FakeBtj::start().await;
    let api = Btj::new(&config(fake.url(), FAKE_KEY, TIMEOUT)).unwrap();
    (fake, api)
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

fn listing(id: &str, name: &str, category: &str, rate: &str, min: u64, max: u64) -> ServiceListing {
    ServiceListing {
        id: id.into(),
        name: name.into(),
        category: Some(category.into()),
        kind: ServiceKind::Default,
        rate: dec(rate),
        rate_unit: RateUnit::PerThousand,
        currency: Some("Toman".into()),
        min: Some(min),
        max: Some(max),
        refill: Cap::No,
        cancel: Cap::No,
        dripfeed: Cap::No,
        description: None,
        target_bot: None,
    }
}

#[tokio::test]
async fn the_documented_catalogue_is_listed_in_toman() {
    let (fake, api) = setup().await;
    assert_eq!(
        api.services().await,
        Ok(vec![
            listing(
                "1",
                "Hayden Telegram ad",
                "Member-real-mandatory",
                "8000",
                1000,
                100000
            ),
            listing(
                "2",
                "fick Telegram ad",
                "Member-no drop-fick",
                "12000",
                500,
                10000
            ),
        ])
    );
    assert_eq!(
        fake.requests(),
        vec![fields(&[("action", "services"), ("key", FAKE_KEY)])]
    );
}

#[tokio::test]
async fn the_rate_unit_comes_from_the_configuration() {
    let fake = FakeBtj::start().await;
    let per_one = ProviderConfig {
        rate_unit: RateUnit::PerOne,
        ..config(fake.url(), FAKE_KEY, TIMEOUT)
    };
    let services = Btj::new(&per_one).unwrap().services().await.unwrap();
    assert!(services.iter().all(|s| s.rate_unit == RateUnit::PerOne));
}

#[tokio::test]
async fn toman_prices_reach_the_shop_as_irt_never_as_irr() {
    let fake = FakeBtj::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&format!("sqlite://{}", dir.path().join("shop.db").display()))
        .await
        .unwrap();
    let providers = Providers::from_config(&[config(fake.url(), FAKE_KEY, TIMEOUT)]).unwrap();
    let btj = providers.get("btj").unwrap();
    let pricing = |code: &str| Pricing {
        shop_currency: Currency::parse(code).unwrap(),
        default_markup_percent: Decimal::from(30),
        admins: Vec::new(),
    };

    // A shop in rials must not sell Toman prices: they differ tenfold.
    let in_rials = sync_provider(&db, btj, &pricing("IRR")).await.unwrap();
    assert_eq!((in_rials.on_sale, in_rials.hidden), (0, 2));

    let in_toman = sync_provider(&db, btj, &pricing("IRT")).await.unwrap();
    assert_eq!((in_toman.on_sale, in_toman.hidden), (2, 0));
    let found = smmbot::catalogue::search(&db, "hayden", 10).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rate_currency.as_deref(), Some("IRT"));
    assert_eq!(found[0].rate, "8000");
    // 8000 Toman per 1000 plus 30%, in whole Toman.
    assert_eq!(found[0].sale_price(), Some(10400));
}

#[tokio::test]
async fn the_documented_services_sample_is_malformed_not_an_empty_catalogue() {
    let (fake, api) = setup().await;
    fake.respond_next("services", 200, DOCUMENTED_SERVICES_SAMPLE);
    assert_eq!(
        api.services().await,
        Err(malformed(
            "not JSON",
            &snippet(DOCUMENTED_SERVICES_SAMPLE.as_bytes())
        ))
    );
}

#[tokio::test]
async fn catalogue_answers_that_are_not_a_readable_list_are_malformed() {
    let (fake, api) = setup().await;
    fake.respond_next("services", 200, r#"{"1":{"service":"1"}}"#);
    fake.respond_next("services", 200, r#"[{"service":"3","name":"x","rate":"N/A"},7]"#);
    fake.respond_next(
        "services",
        200,
        r#"[{"service":"3","name":"ok","rate":"10","currency":"Toman","min":"10","max":"ten"},
            {"service":"4","name":"ok","rate":"10","currency":"Toman","min":"10","max":"20"}]"#,
    );
    assert_eq!(
        api.services().await,
        Err(malformed(
            "services answer is not a list",
            r#"{"1":{"service":"1"}}"#
        ))
    );
    assert_eq!(
        api.services().await,
        Err(malformed(
            "no service in the answer could be read",
            r#"[{"name":"x","rate":"N/A","service":"3"},7]"#
        ))
    );
    let services = api.services().await.unwrap();
    assert_eq!(services.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["4"]);
}

#[tokio::test]
async fn an_order_is_created_with_service_link_and_quantity() {
    let (fake, api) = setup().await;
    assert_eq!(api.create_order(&new_order("1", 1000)).await, Ok("7000".into()));
    assert_eq!(
        fake.requests_for("add"),
        vec![fields(&[
            ("action", "add"),
            ("key", FAKE_KEY),
            ("service", "1"),
            ("link", "https://t.me/durov"),
            ("quantity", "1000"),
        ])]
    );
    assert_eq!(fake.balance(), dec("992000"));
}

#[tokio::test]
async fn http_400_or_a_body_status_400_with_an_order_is_a_success() {
    let (fake, api) = setup().await;
    let registered = r#"{"order":"9120","link":"https://t.me/durov","quantity":"1000","charge":"8000","remains":"1000","startcount":"28106","status":"Pending"}"#;
    fake.respond_next("add", 400, registered);
    fake.respond_next("add", 200, r#"{"status":400,"order":"9121"}"#);
    fake.respond_next("add", 400, r#"{"status":"400","order":9122}"#);
    for expected in ["9120", "9121", "9122"] {
        assert_eq!(api.create_order(&new_order("1", 1000)).await, Ok(expected.into()));
    }
}

#[tokio::test]
async fn http_400_without_a_readable_order_is_an_unknown_outcome() {
    let (fake, api) = setup().await;
    fake.respond_next("add", 400, "");
    fake.respond_next("add", 400, "<html><body>Bad Request</body></html>");
    fake.respond_next("add", 400, r#"{"status":"Pending"}"#);
    let outcomes = [
        Err(ProviderError::Http {
            status: 400,
            snippet: String::new(),
        }),
        Err(ProviderError::Http {
            status: 400,
            snippet: "<html><body>Bad Request</body></html>".into(),
        }),
        Err(malformed(
            "no valid order id in the answer",
            r#"{"status":"Pending"}"#,
        )),
    ];
    for expected in outcomes {
        let outcome = api.create_order(&new_order("1", 1000)).await;
        assert_eq!(outcome, expected);
        assert!(!outcome.unwrap_err().definitely_not_placed());
    }
}

#[tokio::test]
async fn a_bogus_order_id_is_malformed_not_success() {
    let (fake, api) = setup().await;
    for body in [
        r#"{"order":"","status":"Pending"}"#,
        r#"{"order":"0","status":"Pending"}"#,
        r#"{"order":0}"#,
        r#"{"order":null}"#,
        r#"{"status":"Pending"}"#,
    ] {
        fake.respond_next("add", 200, body);
        let outcome = api.create_order(&new_order("1", 1000)).await;
        let shown = serde_json::from_str::<serde_json::Value>(body)
            .unwrap()
            .to_string();
        assert_eq!(
            outcome,
            Err(malformed("no valid order id in the answer", &shown)),
            "{body}"
        );
        assert!(!outcome.unwrap_err().definitely_not_placed());
    }
}

#[tokio::test]
async fn a_wrapped_order_id_is_read_wherever_it_sits() {
    let (fake, api) = setup().await;
    for body in [
        r#"[{"order":"12"}]"#,
        r#"{"status":"success","data":{"order":"12"}}"#,
        r#"{"order_id":"12"}"#,
    ] {
        fake.respond_next("add", 200, body);
        assert_eq!(
            api.create_order(&new_order("1", 1000)).await,
            Ok("12".into()),
            "{body}"
        );
    }
}

#[tokio::test]
async fn every_code_as_a_body_field_is_its_typed_refusal() {
    let (fake, api) = setup().await;
    for (code, kind, message) in REFUSALS {
        for body in [
            format!(r#"{{"code":{code}}}"#),
            format!(r#"{{"code":"{code}","status":"error"}}"#),
            format!(r#"{{"error":"{code}"}}"#),
            format!(r#"{{"error":{code}}}"#),
            format!(r#"{{"status":{code}}}"#),
            format!(r#"{{"status":"{code}"}}"#),
        ] {
            fake.respond_next("add", 200, body.as_str());
            let outcome = api.create_order(&new_order("1", 1000)).await;
            assert_eq!(outcome, Err(refused(kind, message)), "{body}");
            assert!(outcome.unwrap_err().definitely_not_placed(), "{body}");
        }
    }
}

#[tokio::test]
async fn every_code_as_the_http_status_is_its_typed_refusal() {
    let (fake, api) = setup().await;
    for (code, kind, message) in REFUSALS {
        for body in ["", r#"{"status":"error"}"#, "error"] {
            fake.respond_next("add", code, body);
            assert_eq!(
                api.create_order(&new_order("1", 1000)).await,
                Err(refused(kind, message)),
                "HTTP {code} {body}"
            );
        }
    }
}

#[tokio::test]
async fn the_documented_words_are_read_as_their_codes() {
    let (fake, api) = setup().await;
    for (words, kind, message) in [
        ("Insufficient inventory", REFUSALS[0].1, REFUSALS[0].2),
        ("Invalid service number", REFUSALS[1].1, REFUSALS[1].2),
        ("Unknown product", REFUSALS[4].1, REFUSALS[4].2),
        ("Eligible ID", REFUSALS[5].1, REFUSALS[5].2),
    ] {
        fake.respond_next("add", 200, format!(r#"{{"error":"{words}"}}"#));
        assert_eq!(
            api.create_order(&new_order("1", 1000)).await,
            Err(refused(kind, message)),
            "{words}"
        );
    }
}

#[tokio::test]
async fn a_refusal_beside_an_order_id_is_an_unknown_outcome() {
    let (fake, api) = setup().await;
    fake.respond_next("add", 400, r#"{"code":401,"order":"5"}"#);
    fake.respond_next("add", 200, r#"{"status":400,"error":"402","order":"5"}"#);
    fake.respond_next("add", 405, r#"{"status":400,"order":"5"}"#);
    // The refusal wins, but as it names an order, that order may exist: an unknown outcome.
    for message in [
        "code 401: insufficient balance",
        "code 402: invalid service number",
        "code 405: unknown product",
    ] {
        let outcome = api.create_order(&new_order("1", 1000)).await;
        assert_eq!(
            outcome,
            Err(ProviderError::RefusedWithOrder {
                message: message.into(),
                order_id: "5".into()
            })
        );
        assert!(!outcome.unwrap_err().definitely_not_placed());
    }
}

#[tokio::test]
async fn the_fakes_own_refusals_are_typed() {
    let (fake, api) = setup().await;
    fake.set_balance("100");
    let cases = [
        (new_order("9", 1000), REFUSALS[1]),
        (new_order("1", 10), REFUSALS[3]),
        (new_order("1", 1000), REFUSALS[0]),
        (
            NewOrder {
                link: " ".into(),
                ..new_order("1", 1000)
            },
            REFUSALS[5],
        ),
    ];
    for (order, (_, kind, message)) in cases {
        assert_eq!(api.create_order(&order).await, Err(refused(kind, message)));
    }
    assert!(fake.orders().is_empty());
}

#[tokio::test]
async fn a_wrong_key_is_an_invalid_key_error_everywhere() {
    let fake = FakeBtj::start().await;
    let api = Btj::new(&config(fake.url(), "wrong-key", TIMEOUT)).unwrap();
    let invalid_key = refused(ApiErrorKind::InvalidKey, "code 403: invalid key");
    assert_eq!(api.services().await, Err(invalid_key.clone()));
    assert_eq!(api.balance().await, Err(invalid_key.clone()));
    assert_eq!(
        api.create_order(&new_order("1", 1000)).await,
        Err(invalid_key.clone())
    );
    // Account-wide: the whole status call fails, not the order.
    assert_eq!(api.statuses(&ids(&["7000"])).await, Err(invalid_key));
}

#[tokio::test]
async fn orders_with_type_specific_extras_are_refused_before_sending() {
    let (fake, api) = setup().await;
    let drip = NewOrder {
        extras: OrderExtras {
            dripfeed: Some(DripFeed {
                runs: 5,
                interval_minutes: 30,
            }),
            ..OrderExtras::default()
        },
        ..new_order("1", 1000)
    };
    let outcome = api.create_order(&drip).await;
    assert_eq!(
        outcome,
        Err(refused(
            ApiErrorKind::NotSupported,
            "btj orders take no comments, poll answers or drip-feed"
        ))
    );
    assert!(outcome.unwrap_err().definitely_not_placed());
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn a_status_is_asked_with_one_order_and_read_with_startcount() {
    let (fake, api) = setup().await;
    let id = api.create_order(&new_order("1", 1000)).await.unwrap();
    fake.set_order_status(&id, "done", 0);
    assert_eq!(
        api.statuses(&ids(&[&id])).await,
        Ok(HashMap::from([(
            id.clone(),
            Ok(OrderStatus {
                state: RemoteState::Completed,
                raw_status: "done".into(),
                charge: Some(dec("8000")),
                currency: Some("Toman".into()),
                start_count: Some(28106),
                remains: Some(0),
            })
        )]))
    );
    assert_eq!(
        fake.requests_for("status"),
        vec![fields(&[
            ("action", "status"),
            ("key", FAKE_KEY),
            ("order", id.as_str())
        ])]
    );
    assert_eq!(api.status_batch_limit(), 1);
}

#[tokio::test]
async fn every_documented_status_is_understood() {
    let (fake, api) = setup().await;
    for (raw, state) in [
        ("Pending", RemoteState::Pending),
        ("In progress", RemoteState::InProgress),
        ("Done", RemoteState::Completed),
        ("done", RemoteState::Completed),
        ("Canceled", RemoteState::Canceled),
        ("Partial", RemoteState::Partial),
        ("Suspended", RemoteState::Unknown),
    ] {
        fake.set_order_status("31", raw, 10);
        let found = api.statuses(&ids(&["31"])).await.unwrap();
        let status = found["31"].clone().unwrap();
        assert_eq!((status.state, status.raw_status.as_str()), (state, raw));
    }
}

#[tokio::test]
async fn the_documented_status_sample_and_start_count_spelling_are_read() {
    let (fake, api) = setup().await;
    fake.respond_next(
        "status",
        200,
        r#"{ "order": "", "link": "", "quantity": "", "charge": "", "currency": "Toman", "status": "done", "orders": null }"#,
    );
    fake.respond_next(
        "status",
        200,
        r#"{"order":"31","status":"In progress","start_count":"120","remains":"-3","charge":"N/A"}"#,
    );
    assert_eq!(
        api.statuses(&ids(&["31"])).await.unwrap()["31"],
        Ok(OrderStatus {
            state: RemoteState::Completed,
            raw_status: "done".into(),
            charge: None,
            currency: Some("Toman".into()),
            start_count: None,
            remains: None,
        })
    );
    assert_eq!(
        api.statuses(&ids(&["31"])).await.unwrap()["31"],
        Ok(OrderStatus {
            state: RemoteState::InProgress,
            raw_status: "In progress".into(),
            charge: None,
            currency: None,
            start_count: Some(120),
            remains: Some(-3),
        })
    );
}

#[tokio::test]
async fn several_statuses_are_one_call_each_and_failures_stay_with_their_order() {
    let (fake, api) = setup().await;
    fake.set_order_status("31", "Partial", 40);
    fake.respond_next("status", 200, r#"{"order":"99","status":"Done"}"#);
    let found = api.statuses(&ids(&["32", "31", "32", "33"])).await.unwrap();
    assert_eq!(found.len(), 3);
    assert_eq!(
        found["32"],
        Err(malformed(
            "status answer is about another order",
            r#"{"order":"99","status":"Done"}"#
        ))
    );
    assert_eq!(found["31"].clone().unwrap().state, RemoteState::Partial);
    assert_eq!(found["31"].clone().unwrap().remains, Some(40));
    // The fake answers an unknown order with 404, "wrong operation or parameter".
    assert_eq!(found["33"], Err(refused(REFUSALS[3].1, REFUSALS[3].2)));
    let asked: Vec<String> = fake
        .requests_for("status")
        .iter()
        .map(|r| r["order"].clone())
        .collect();
    assert_eq!(asked, ["32", "31", "33"]);
}

#[tokio::test]
async fn a_provider_that_fails_stops_the_status_round() {
    let (fake, api) = setup().await;
    fake.respond_next("status", 502, "<html>Bad Gateway</html>");
    assert_eq!(
        api.statuses(&ids(&["31", "32"])).await,
        Err(ProviderError::Http {
            status: 502,
            snippet: "<html>Bad Gateway</html>".into()
        })
    );
    assert_eq!(fake.requests_for("status").len(), 1);
}

#[tokio::test]
async fn the_balance_is_a_number_in_toman() {
    let (fake, api) = setup().await;
    api.create_order(&new_order("2", 500)).await.unwrap();
    assert_eq!(
        api.balance().await,
        Ok(Balance {
            amount: dec("994000"),
            currency: Some("Toman".into()),
        })
    );
    fake.respond_next(
        "balance",
        200,
        r#"{ "status":"success", "balance": 100000, "currency":"Toman" }"#,
    );
    fake.respond_next("balance", 200, r#"{"status":"success","balance":"N/A"}"#);
    assert_eq!(
        api.balance().await,
        Ok(Balance {
            amount: dec("100000"),
            currency: Some("Toman".into()),
        })
    );
    assert_eq!(
        api.balance().await,
        Err(malformed(
            "no readable balance in the answer",
            r#"{"balance":"N/A","status":"success"}"#
        ))
    );
}

#[tokio::test]
async fn info_tells_the_subscriber_count() {
    let (fake, api) = setup().await;
    assert_eq!(
        api.channel_subscribers("https://t.me/durov").await,
        Ok(Some(SUBSCRIBERS.parse().unwrap()))
    );
    assert_eq!(
        fake.requests_for("info"),
        vec![fields(&[
            ("action", "info"),
            ("key", FAKE_KEY),
            ("link", "https://t.me/durov")
        ])]
    );
    fake.set_subscribers("1,250");
    assert_eq!(api.channel_subscribers("@durov").await, Ok(Some(1250)));
}

#[tokio::test]
async fn info_failures_are_an_unknown_count_never_an_error() {
    let fake = FakeBtj::start().await;
    let api = Btj::new(&config(fake.url(), FAKE_KEY, Duration::from_secs(1))).unwrap();
    for (status, body) in [
        (200, r#"{"status":"success","id":"@durov","subscribers":"80k"}"#),
        (200, r#"{"status":"success","id":"@durov","subscribers":""}"#),
        (200, r#"{"status":"success","id":"@durov"}"#),
        (200, r#"{"error":"501"}"#),
        (501, ""),
        (403, r#"{"code":403}"#),
        (200, r#"{"error":"Incorrect request"}"#),
        (429, ""),
        (502, "<html>Bad Gateway</html>"),
        (200, "not json"),
    ] {
        fake.respond_next("info", status, body);
        assert_eq!(
            api.channel_subscribers("https://t.me/durov").await,
            Ok(None),
            "HTTP {status} {body}"
        );
    }
    fake.stall_next("info", Duration::from_secs(3));
    assert_eq!(api.channel_subscribers("https://t.me/durov").await, Ok(None));
    drop(fake);
    assert_eq!(api.channel_subscribers("https://t.me/durov").await, Ok(None));
}

#[tokio::test]
async fn a_stalled_add_times_out_as_an_unknown_outcome() {
    let fake = FakeBtj::start().await;
    let api = Btj::new(&config(fake.url(), FAKE_KEY, Duration::from_secs(1))).unwrap();
    fake.stall_next("add", Duration::from_secs(4));
    let started = Instant::now();
    let outcome = api.create_order(&new_order("1", 1000)).await;
    assert_eq!(outcome, Err(ProviderError::Timeout));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(!outcome.unwrap_err().definitely_not_placed());
}

#[tokio::test]
async fn an_html_502_is_an_http_error() {
    let (fake, api) = setup().await;
    fake.respond_next(
        "add",
        502,
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>",
    );
    let outcome = api.create_order(&new_order("1", 1000)).await;
    assert_eq!(
        outcome,
        Err(ProviderError::Http {
            status: 502,
            snippet: "<html> <head><title>502 Bad Gateway</title></head> <body>nginx</body> </html>".into(),
        })
    );
    assert!(!outcome.unwrap_err().definitely_not_placed());
}

#[tokio::test]
async fn a_web_page_with_a_btj_status_is_not_btj_speaking() {
    let (fake, api) = setup().await;
    let challenge = "<!DOCTYPE html><html><title>Just a moment...</title></html>";
    let forbidden = "<html><head><title>403 Forbidden</title></head><body>nginx</body></html>";
    fake.respond_next("balance", 403, challenge);
    fake.respond_next("balance", 403, forbidden);
    assert_eq!(
        api.balance().await,
        Err(ProviderError::Challenged { status: 403 })
    );
    assert_eq!(
        api.balance().await,
        Err(ProviderError::Http {
            status: 403,
            snippet: forbidden.into()
        })
    );
}

#[tokio::test]
async fn rate_limits_are_rate_limits() {
    let (fake, api) = setup().await;
    fake.respond_next("balance", 429, "");
    assert_eq!(
        api.balance().await,
        Err(ProviderError::RateLimited { retry_after: None })
    );
}

#[tokio::test]
async fn the_fake_answers_get_queries_as_the_documentation_allows() {
    let fake = FakeBtj::start().await;
    let mut url = fake.url();
    url.query_pairs_mut()
        .append_pair("key", FAKE_KEY)
        .append_pair("action", "balance");
    let body = reqwest::get(url).await.unwrap().text().await.unwrap();
    assert_eq!(
        body,
        r#"{"balance":1000000,"currency":"Toman","status":"success"}"#
    );
}

#[tokio::test]
async fn a_provider_without_a_url_is_a_setup_error() {
    let config = ProviderConfig {
        url: None,
        ..config(Url::parse("http://127.0.0.1/").unwrap(), FAKE_KEY, TIMEOUT)
    };
    assert!(matches!(Btj::new(&config), Err(smmbot::Error::Setup(_))));
}

#[tokio::test]
async fn the_key_never_appears_in_an_error() {
    let (fake, api) = setup().await;
    let echo = |body: &str| body.replace("KEY", FAKE_KEY);
    fake.respond_next("add", 200, echo(r#"{"error":"Invalid key KEY"}"#));
    fake.respond_next("add", 500, echo("<pre>key=KEY&action=add</pre>"));
    fake.respond_next("add", 200, echo("Warning: key KEY"));
    fake.respond_next("add", 200, echo(r#"{"order":0,"key":"KEY"}"#));
    fake.respond_next("add", 401, echo("no funds for KEY"));
    fake.respond_next("add", 400, echo(r#"{"key":"KEY"}"#));
    fake.respond_next("status", 200, echo(r#"{"order":"1","key":"KEY"}"#));
    let mut errors = Vec::new();
    for _ in 0..6 {
        errors.push(api.create_order(&new_order("1", 1000)).await.unwrap_err());
    }
    errors.push(
        api.statuses(&ids(&["1"])).await.unwrap()["1"]
            .clone()
            .unwrap_err(),
    );
    let wrong = Btj::new(&config(fake.url(), "wrong-key", TIMEOUT)).unwrap();
    errors.push(wrong.balance().await.unwrap_err());
    fake.stall_next("balance", Duration::from_secs(3));
    let impatient = Btj::new(&config(fake.url(), FAKE_KEY, Duration::from_secs(1))).unwrap();
    errors.push(impatient.balance().await.unwrap_err());

    assert_eq!(errors.len(), 9);
    for error in errors {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(FAKE_KEY), "{shown}");
    }
}
