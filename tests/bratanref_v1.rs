//! The BratanREF API v1 adapter against a local fake of the provider: documented answers,
//! hostile ones (providers.md §3), each with its exact typed outcome, and the provider's limit
//! of 2 requests a second measured where it matters, at the server.

#[path = "common/fake_bratanref.rs"]
mod fake_bratanref;
#[path = "common/fake_panel.rs"]
mod fake_panel;

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::Method;
use fake_bratanref::{CYRILLIC_OK, FAKE_KEY, FIRST_ORDER_ID, FakeBratanRef, ReceivedRequest, Reply};
use rust_decimal::Decimal;
use serde_json::json;
use smmbot::config::{ProviderConfig, ProviderKind, Secret};
use smmbot::error::{ApiErrorKind, ProviderError};
use smmbot::money::Currency;
use smmbot::providers::bratanref_v1::BratanRefV1;
use smmbot::providers::{Balance, Cap, NewOrder, OrderStatus, Provider, RemoteState, ServiceListing};
use smmbot::vocabulary::{DripFeed, OrderExtras, RateUnit, ServiceKind};
use url::Url;

const TIMEOUT: Duration = Duration::from_secs(5);
const NOTPIXEL_LINK: &str = "https://t.me/notpixel/app?startapp=f396019363_s594995";

fn config(url: Url, key: &str, timeout: Duration, rps: Option<u32>) -> ProviderConfig {
    ProviderConfig {
        name: "bratan".into(),
        kind: ProviderKind::BratanrefV1,
        url: Some(url),
        key: Secret::new(key),
        rps,
        timeout,
        currency: Currency::parse("RUB").ok(),
        rate_unit: RateUnit::PerOne,
        default_min: 1,
        default_max: 1000,
        user_agent: None,
    }
}

async fn setup() -> (FakeBratanRef, BratanRefV1) {
    let fake = FakeBratanRef::start().await;
    let api = BratanRefV1::new(&config(fake.url(), FAKE_KEY, TIMEOUT, None)).unwrap();
    (fake, api)
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn new_order(service: &str, link: &str, quantity: u64) -> NewOrder {
    NewOrder {
        service_id: service.into(),
        link: link.into(),
        quantity,
        extras: OrderExtras::default(),
    }
}

fn notpixel(quantity: u64) -> NewOrder {
    new_order("8", NOTPIXEL_LINK, quantity)
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|id| id.to_string()).collect()
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

/// A Notpixel task of 10 referrals (cost 80.0) as `/task_info` reports it.
fn notpixel_status(state: RemoteState, raw: &str, remains: i64) -> OrderStatus {
    OrderStatus {
        state,
        raw_status: raw.into(),
        charge: Some(dec("80.0")),
        currency: None,
        start_count: None,
        remains: Some(remains),
    }
}

/// The most requests that arrived within any one second.
fn busiest_second(requests: &[ReceivedRequest]) -> usize {
    let mut arrivals: Vec<Instant> = requests.iter().map(|r| r.at).collect();
    arrivals.sort();
    (0..arrivals.len())
        .map(|first| {
            arrivals[first..]
                .iter()
                .take_while(|at| at.duration_since(arrivals[first]) < Duration::from_secs(1))
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test]
async fn the_campaigns_are_listed_as_referral_services() {
    let (fake, api) = setup().await;
    let services = api.services().await.unwrap();
    assert_eq!(services.len(), 3);
    assert_eq!(
        services[0],
        ServiceListing {
            id: "8".into(),
            name: "Notpixel".into(),
            category: Some("Referrals".into()),
            kind: ServiceKind::Referral,
            rate: dec("8.0"),
            rate_unit: RateUnit::PerOne,
            currency: None,
            min: Some(1),
            max: Some(1000),
            refill: Cap::No,
            cancel: Cap::No,
            dripfeed: Cap::No,
            description: None,
            target_bot: Some("https://t.me/notpixel".into()),
        }
    );
    assert_eq!(services[1].rate, dec("12.5"));
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, Method::GET);
    assert_eq!(requests[0].path, "/services");
    assert_eq!(
        requests[0].authorization.as_deref(),
        Some(format!("Bearer {FAKE_KEY}").as_str())
    );
}

#[tokio::test]
async fn limits_and_the_rate_unit_come_from_the_configuration() {
    let fake = FakeBratanRef::start().await;
    let custom = ProviderConfig {
        default_min: 5,
        default_max: 250,
        rate_unit: RateUnit::PerThousand,
        ..config(fake.url(), FAKE_KEY, TIMEOUT, None)
    };
    let services = BratanRefV1::new(&custom).unwrap().services().await.unwrap();
    assert!(
        services
            .iter()
            .all(|s| (s.min, s.max, s.rate_unit) == (Some(5), Some(250), RateUnit::PerThousand))
    );
}

#[tokio::test]
async fn unreadable_campaigns_are_skipped() {
    let (fake, api) = setup().await;
    fake.respond_next(
        "/services",
        Reply::new(
            200,
            r#"[
                {"name":"Blum","price":"3.50","category_id":"12","url":"https://t.me/BlumCryptoBot"},
                {"name":"no id","price":1.0,"url":"https://t.me/x"},
                {"name":"hex id","price":1.0,"category_id":"a1","url":"https://t.me/x"},
                {"name":"bad price","price":"N/A","category_id":13},
                {"price":2.0,"category_id":14},
                {"name":"no bot","price":2.0,"category_id":15},
                "junk"
            ]"#,
        ),
    );
    let services = api.services().await.unwrap();
    let listed: Vec<(&str, Decimal, Option<&str>)> = services
        .iter()
        .map(|s| (s.id.as_str(), s.rate, s.target_bot.as_deref()))
        .collect();
    assert_eq!(
        listed,
        vec![("12", dec("3.50"), Some("https://t.me/BlumCryptoBot"))]
    );
}

#[tokio::test]
async fn a_catalogue_that_is_garbage_or_not_a_list_is_malformed_but_an_empty_one_is_empty() {
    let (fake, api) = setup().await;
    fake.respond_next("/services", Reply::new(200, r#"[{"name":"x"},7]"#));
    fake.respond_next("/services", Reply::new(200, r#"{"services":[]}"#));
    fake.respond_next("/services", Reply::new(200, "[]"));
    assert_eq!(
        api.services().await,
        Err(malformed(
            "no service in the answer could be read",
            r#"[{"name":"x"},7]"#
        ))
    );
    assert_eq!(
        api.services().await,
        Err(malformed("services answer is not a list", r#"{"services":[]}"#))
    );
    assert_eq!(api.services().await, Ok(vec![]));
}

#[tokio::test]
async fn a_task_is_created_with_integers_and_the_cyrillic_ok_is_success() {
    let (fake, api) = setup().await;
    assert_eq!(
        api.create_order(&notpixel(10)).await,
        Ok(FIRST_ORDER_ID.to_string())
    );
    assert_eq!(
        api.create_order(&new_order(
            "21",
            "https://t.me/wcoin_tapbot/wcoin_app?startapp=NTQ2NTMQ==",
            2
        ))
        .await,
        Ok((FIRST_ORDER_ID + 1).to_string())
    );
    let tasks = fake.requests_for("/tasks");
    assert_eq!(tasks[0].method, Method::POST);
    assert_eq!(tasks[0].content_type.as_deref(), Some("application/json"));
    assert_eq!(
        tasks[0].body,
        Some(json!({"category_id": 8, "quantity": 10, "url": NOTPIXEL_LINK}))
    );
    assert_eq!(fake.tasks()[0].referral_code, "f396019363_s594995");
    assert_eq!(fake.balance(), dec("410.00"));
}

#[tokio::test]
async fn the_documented_success_is_cyrillic_and_a_latin_ok_without_an_id_is_not_success() {
    let (fake, api) = setup().await;
    assert_eq!(CYRILLIC_OK.as_bytes(), [0xD0, 0x9E, 0xD0, 0x9A]);
    fake.respond_next("/tasks", Reply::new(200, r#"{"status":"OK","order_id":77}"#));
    assert_eq!(api.create_order(&notpixel(1)).await, Ok("77".into()));
    for body in [
        r#"{"status":"OK"}"#,
        r#"{"order_id":0,"status":"ОК"}"#,
        r#"{"order_id":-4,"status":"ОК"}"#,
        r#"{"order_id":null,"status":"ОК"}"#,
        r#"{"order_id":"abc","status":"ОК"}"#,
        r#"{"order_id":1.5,"status":"ОК"}"#,
        r#"[]"#,
    ] {
        fake.respond_next("/tasks", Reply::new(200, body));
        let outcome = api.create_order(&notpixel(1)).await;
        assert_eq!(
            outcome,
            Err(malformed("no valid order id in the answer", body)),
            "{body}"
        );
        // An unknown outcome: the task may exist upstream.
        assert!(!outcome.unwrap_err().definitely_not_placed());
    }
}

#[tokio::test]
async fn documented_error_codes_are_classified_refusals() {
    let (fake, api) = setup().await;
    // 100: the referral code cannot be read from the link.
    for link in [
        "https://t.me/notpixel/app",
        "https://t.me/theYescoin_bot/app?startapp=f1",
        "https://example.com/notpixel/app?startapp=f1",
        "not a link",
    ] {
        assert_eq!(
            api.create_order(&new_order("8", link, 1)).await,
            Err(refused(
                ApiErrorKind::InvalidLink,
                "Ошибка парсинга реферального кода"
            )),
            "{link}"
        );
    }
    // 101: the provider's own balance is short.
    fake.set_balance("10.00");
    assert_eq!(
        api.create_order(&notpixel(10)).await,
        Err(refused(ApiErrorKind::InsufficientFunds, "Недостаток баланса"))
    );
    // 102: anything else, here a category the provider does not have.
    assert_eq!(
        api.create_order(&new_order("999", NOTPIXEL_LINK, 1)).await,
        Err(refused(ApiErrorKind::Other, "Категория не найдена"))
    );
    assert!(fake.tasks().is_empty());
    assert_eq!(fake.balance(), dec("10.00"));
}

#[tokio::test]
async fn unknown_codes_are_other_and_a_bare_code_is_still_a_refusal() {
    let (fake, api) = setup().await;
    fake.respond_next(
        "/tasks",
        Reply::new(
            400,
            r#"{"status":"BAD","error_code":555,"detail":"Что-то пошло не так"}"#,
        ),
    );
    fake.respond_next("/tasks", Reply::new(200, r#"{"status":"BAD","error_code":101}"#));
    fake.respond_next(
        "/tasks",
        Reply::new(200, r#"{"status":"BAD","error_code":"100"}"#),
    );
    let outcomes = [
        api.create_order(&notpixel(1)).await,
        api.create_order(&notpixel(1)).await,
        api.create_order(&notpixel(1)).await,
    ];
    assert_eq!(
        outcomes,
        [
            Err(refused(ApiErrorKind::Other, "Что-то пошло не так")),
            Err(refused(
                ApiErrorKind::InsufficientFunds,
                "BratanREF error code 101"
            )),
            Err(refused(ApiErrorKind::InvalidLink, "BratanREF error code 100")),
        ]
    );
    assert!(
        outcomes
            .into_iter()
            .all(|o| o.unwrap_err().definitely_not_placed())
    );
}

#[tokio::test]
async fn an_error_beside_an_order_id_is_an_unknown_outcome() {
    let (fake, api) = setup().await;
    fake.respond_next(
        "/tasks",
        Reply::new(
            400,
            r#"{"status":"BAD","error_code":101,"detail":"Недостаток баланса","order_id":5}"#,
        ),
    );
    fake.respond_next(
        "/tasks",
        Reply::new(200, r#"{"status":"ОК","error_code":102,"order_id":6}"#),
    );
    // The refusal wins over the id, but the task may exist upstream: never a refund.
    for (message, order_id) in [("Недостаток баланса", "5"), ("BratanREF error code 102", "6")]
    {
        let outcome = api.create_order(&notpixel(1)).await;
        assert_eq!(
            outcome,
            Err(ProviderError::RefusedWithOrder {
                message: message.into(),
                order_id: order_id.into(),
            })
        );
        assert!(!outcome.unwrap_err().definitely_not_placed());
    }
}

#[tokio::test]
async fn orders_the_api_cannot_express_are_refused_before_any_request() {
    let (fake, api) = setup().await;
    assert_eq!(
        api.create_order(&new_order("notpixel", NOTPIXEL_LINK, 1)).await,
        Err(refused(
            ApiErrorKind::InvalidService,
            "notpixel is not a BratanREF category id"
        ))
    );
    let dripfed = NewOrder {
        extras: OrderExtras {
            dripfeed: Some(DripFeed {
                runs: 2,
                interval_minutes: 30,
            }),
            ..OrderExtras::default()
        },
        ..notpixel(1)
    };
    assert_eq!(
        api.create_order(&dripfed).await,
        Err(refused(
            ApiErrorKind::NotSupported,
            "BratanREF tasks take no comments, poll answers or drip-feed"
        ))
    );
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn a_fastapi_validation_error_is_a_refusal() {
    let (fake, api) = setup().await;
    fake.respond_next(
        "/tasks",
        Reply::new(
            422,
            r#"{"detail":[{"type":"int_parsing","loc":["body","quantity"],
                "msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"}]}"#,
        ),
    );
    fake.respond_next(
        "/tasks",
        Reply::new(
            422,
            r#"{"detail":[{"type":"missing","loc":["body","url"],"msg":"Field required"},
                {"type":"url_parsing","loc":["body","url"],"msg":"Input should be a valid URL"}]}"#,
        ),
    );
    let outcome = api.create_order(&notpixel(1)).await;
    assert_eq!(
        outcome,
        Err(refused(
            ApiErrorKind::Other,
            "Input should be a valid integer, unable to parse string as an integer"
        ))
    );
    assert!(outcome.unwrap_err().definitely_not_placed());
    assert_eq!(
        api.create_order(&notpixel(1)).await,
        Err(refused(
            ApiErrorKind::InvalidLink,
            "Field required; Input should be a valid URL"
        ))
    );
}

#[tokio::test]
async fn an_html_502_is_an_http_error() {
    let (fake, api) = setup().await;
    fake.respond_next(
        "/tasks",
        Reply::new(
            502,
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>",
        )
        .header("content-type", "text/html"),
    );
    let outcome = api.create_order(&notpixel(1)).await;
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
async fn a_stalled_task_creation_times_out_as_an_unknown_outcome() {
    let fake = FakeBratanRef::start().await;
    let api = BratanRefV1::new(&config(fake.url(), FAKE_KEY, Duration::from_secs(1), None)).unwrap();
    fake.stall_next("/tasks", Duration::from_secs(3));
    let started = Instant::now();
    let outcome = api.create_order(&notpixel(1)).await;
    assert_eq!(outcome, Err(ProviderError::Timeout));
    assert!(started.elapsed() < Duration::from_millis(2500));
    assert!(!outcome.unwrap_err().definitely_not_placed());
    // The provider did the work all the same: exactly why a timeout must not be refunded.
    assert_eq!(fake.tasks().len(), 1);
}

#[tokio::test]
async fn the_balance_has_no_currency_and_follows_orders() {
    let (fake, api) = setup().await;
    assert_eq!(
        api.balance().await,
        Ok(Balance {
            amount: dec("500.00"),
            currency: None,
        })
    );
    api.create_order(&notpixel(3)).await.unwrap();
    assert_eq!(api.balance().await.map(|b| b.amount), Ok(dec("476.00")));
    assert_eq!(fake.requests_for("/balance")[0].method, Method::GET);
    fake.respond_next("/balance", Reply::new(200, r#"{"balance":"N/A"}"#));
    assert_eq!(
        api.balance().await,
        Err(malformed(
            "no readable balance in the answer",
            r#"{"balance":"N/A"}"#
        ))
    );
}

#[tokio::test]
async fn the_docs_python_dict_is_not_json() {
    let (fake, api) = setup().await;
    fake.respond_next("/balance", Reply::new(200, "{'balance': 500.00}"));
    assert_eq!(
        api.balance().await,
        Err(malformed("not JSON", "{'balance': 500.00}"))
    );
}

#[tokio::test]
async fn a_wrong_key_is_an_invalid_key_for_every_operation() {
    let fake = FakeBratanRef::start().await;
    let api = BratanRefV1::new(&config(fake.url(), "wrong-key", TIMEOUT, None)).unwrap();
    let invalid = refused(ApiErrorKind::InvalidKey, "Invalid token");
    assert_eq!(api.balance().await, Err(invalid.clone()));
    assert_eq!(api.services().await, Err(invalid.clone()));
    assert_eq!(api.create_order(&notpixel(1)).await, Err(invalid.clone()));
    // Not one order's problem: the whole status call fails.
    assert_eq!(api.statuses(&ids(&["300", "301"])).await, Err(invalid));
    assert_eq!(fake.requests_for("/task_info").len(), 1);
}

#[tokio::test]
async fn task_states_map_by_the_providers_own_codes() {
    let (fake, api) = setup().await;
    let id = api.create_order(&notpixel(10)).await.unwrap();
    let order = FIRST_ORDER_ID;
    let check = |state, raw: &str, remains| {
        Ok(HashMap::from([(
            id.clone(),
            Ok(notpixel_status(state, raw, remains)),
        )]))
    };
    assert_eq!(
        api.statuses(&ids(&[&id])).await,
        check(RemoteState::InProgress, "0", 10)
    );
    fake.set_task(order, 0, 4, None);
    assert_eq!(
        api.statuses(&ids(&[&id])).await,
        check(RemoteState::InProgress, "0", 6)
    );
    fake.set_task(order, 1, 10, None);
    assert_eq!(
        api.statuses(&ids(&[&id])).await,
        check(RemoteState::Completed, "1", 0)
    );
    fake.set_task(order, 2, 0, Some("Бот недоступен"));
    assert_eq!(
        api.statuses(&ids(&[&id])).await,
        check(RemoteState::Canceled, "2 (Бот недоступен)", 10)
    );
    // Hostile #44: canceled after delivering some referrals is partial, not a full refund.
    fake.set_task(order, 2, 3, Some("Кампания остановлена"));
    assert_eq!(
        api.statuses(&ids(&[&id])).await,
        check(RemoteState::Partial, "2 (Кампания остановлена)", 7)
    );
    fake.set_task(order, 7, 3, None);
    assert_eq!(
        api.statuses(&ids(&[&id])).await,
        check(RemoteState::Unknown, "7", 7)
    );
    let asked: Vec<_> = fake
        .requests_for("/task_info")
        .into_iter()
        .map(|r| (r.method, r.body))
        .collect();
    assert_eq!(asked.len(), 6);
    assert!(
        asked
            .iter()
            .all(|a| *a == (Method::POST, Some(json!({"order_id": order}))))
    );
}

#[tokio::test]
async fn odd_task_answers_stay_visible_and_never_invent_numbers() {
    let (fake, api) = setup().await;
    let answers = [
        // Canceled without saying what was delivered: refunding it all could give money away.
        r#"{"order_id":300,"status":2,"quantity":10,"cost":80.0}"#,
        // Over-delivery clamps remains at zero; strings are read leniently.
        r#"{"order_id":"300","status":"1","quantity":"10","quantity_executed":"12","cost":"80.0"}"#,
        // Unreadable numbers are absent, not zero.
        r#"{"order_id":300,"status":0,"quantity":"ten","quantity_executed":0,"cost":"N/A","cancel_reason":null}"#,
        r#"{"order_id":300,"status":"done","quantity":10,"quantity_executed":10}"#,
    ];
    for body in answers {
        fake.respond_next("/task_info", Reply::new(200, body));
    }
    let mut seen = Vec::new();
    for _ in answers {
        let mut found = api.statuses(&ids(&["300"])).await.unwrap();
        seen.push(found.remove("300").unwrap().unwrap());
    }
    let status = |state, raw: &str, charge: Option<&str>, remains| OrderStatus {
        state,
        raw_status: raw.into(),
        charge: charge.map(dec),
        currency: None,
        start_count: None,
        remains,
    };
    assert_eq!(
        seen,
        vec![
            status(RemoteState::Unknown, "2", Some("80.0"), None),
            status(RemoteState::Completed, "1", Some("80.0"), Some(0)),
            status(RemoteState::InProgress, "0", None, None),
            status(RemoteState::Unknown, "done", None, Some(0)),
        ]
    );
}

#[tokio::test]
async fn several_orders_are_asked_one_by_one_and_refusals_stay_per_order() {
    let (fake, api) = setup().await;
    let first = api.create_order(&notpixel(10)).await.unwrap();
    fake.set_task(FIRST_ORDER_ID, 1, 10, None);
    fake.respond_next("/task_info", Reply::new(200, r#"{"order_id":999,"status":1}"#));
    let found = api
        .statuses(&ids(&["301", &first, "abc", &first, "0"]))
        .await
        .unwrap();
    assert_eq!(
        found,
        HashMap::from([
            (
                "301".to_string(),
                Err(malformed(
                    "task info about another order",
                    r#"{"order_id":999,"status":1}"#
                ))
            ),
            (first.clone(), Ok(notpixel_status(RemoteState::Completed, "1", 0))),
            (
                "abc".to_string(),
                Err(refused(
                    ApiErrorKind::OrderNotFound,
                    "abc is not a BratanREF order id"
                ))
            ),
            (
                "0".to_string(),
                Err(refused(
                    ApiErrorKind::OrderNotFound,
                    "0 is not a BratanREF order id"
                ))
            ),
        ])
    );
    // Unknown ids are that order's refusal; the others still get their answer.
    let found = api.statuses(&ids(&["999", &first])).await.unwrap();
    assert_eq!(
        found["999"],
        Err(refused(ApiErrorKind::OrderNotFound, "Заказ не найден"))
    );
    assert!(found[&first].is_ok());
    let asked: Vec<_> = fake
        .requests_for("/task_info")
        .into_iter()
        .map(|r| r.body)
        .collect();
    assert_eq!(
        asked,
        vec![
            Some(json!({"order_id": 301})),
            Some(json!({"order_id": 300})),
            Some(json!({"order_id": 999})),
            Some(json!({"order_id": 300})),
        ]
    );
    assert_eq!(api.status_batch_limit(), 1);
}

#[tokio::test]
async fn a_broken_answer_for_one_order_fails_the_whole_status_call() {
    let (fake, api) = setup().await;
    api.create_order(&notpixel(1)).await.unwrap();
    fake.respond_next("/task_info", Reply::new(200, r#"{"order_id":300,"status":0}"#));
    fake.respond_next("/task_info", Reply::new(503, "<h1>Service Unavailable</h1>"));
    assert_eq!(
        api.statuses(&ids(&["300", "301", "302"])).await,
        Err(ProviderError::Http {
            status: 503,
            snippet: "<h1>Service Unavailable</h1>".into(),
        })
    );
    // The failure stops the round: the third order is not asked.
    assert_eq!(fake.requests_for("/task_info").len(), 2);
}

#[tokio::test]
async fn a_provider_without_a_url_is_a_setup_error() {
    let config = ProviderConfig {
        url: None,
        ..config(Url::parse("http://127.0.0.1/").unwrap(), FAKE_KEY, TIMEOUT, None)
    };
    assert!(matches!(BratanRefV1::new(&config), Err(smmbot::Error::Setup(_))));
}

#[tokio::test]
async fn the_key_never_appears_in_an_error() {
    let (fake, api) = setup().await;
    let echo = |body: &str| body.replace("KEY", FAKE_KEY);
    fake.respond_next(
        "/tasks",
        Reply::new(401, echo(r#"{"error":"Invalid token KEY"}"#)),
    );
    fake.respond_next(
        "/tasks",
        Reply::new(
            400,
            echo(r#"{"status":"BAD","error_code":102,"detail":"Bearer KEY"}"#),
        ),
    );
    fake.respond_next(
        "/tasks",
        Reply::new(500, echo("<pre>Authorization: Bearer KEY</pre>")),
    );
    fake.respond_next(
        "/tasks",
        Reply::new(200, echo(r#"{"status":"ОК","order_id":0,"key":"KEY"}"#)),
    );
    fake.respond_next("/balance", Reply::new(200, echo("{'balance': 1, 'key': 'KEY'}")));
    fake.respond_next(
        "/task_info",
        Reply::new(400, echo(r#"{"error":"no task for KEY"}"#)),
    );
    let mut errors = Vec::new();
    for _ in 0..4 {
        errors.push(api.create_order(&notpixel(1)).await.unwrap_err());
    }
    errors.push(api.balance().await.unwrap_err());
    errors.push(
        api.statuses(&ids(&["300"])).await.unwrap()["300"]
            .clone()
            .unwrap_err(),
    );
    fake.stall_next("/balance", Duration::from_secs(3));
    let impatient = BratanRefV1::new(&config(fake.url(), FAKE_KEY, Duration::from_secs(1), None)).unwrap();
    errors.push(impatient.balance().await.unwrap_err());

    assert_eq!(errors.len(), 7);
    for error in errors {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(FAKE_KEY), "{shown}");
    }
}

#[tokio::test]
async fn sequential_status_checks_never_exceed_two_requests_a_second_at_the_server() {
    let (fake, api) = setup().await;
    let order = api.create_order(&notpixel(1)).await.unwrap();
    let started = Instant::now();
    let found = api
        .statuses(&ids(&[&order, "301", "302", "303", "304", "305", "306", "307"]))
        .await
        .unwrap();
    assert_eq!(found.len(), 8);
    let requests = fake.requests();
    assert_eq!(requests.len(), 9);
    assert_eq!(busiest_second(&requests), 2);
    // Spaced, not stalled: nine requests at two a second take about four seconds.
    assert!(
        started.elapsed() < Duration::from_secs(7),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_the_limit_even_when_configured_faster() {
    let fake = FakeBratanRef::start().await;
    let api = Arc::new(BratanRefV1::new(&config(fake.url(), FAKE_KEY, TIMEOUT, Some(10))).unwrap());
    let pollers: Vec<_> = (0..4u64)
        .map(|poller| {
            let api = api.clone();
            tokio::spawn(async move {
                let first = (FIRST_ORDER_ID + 2 * poller).to_string();
                let second = (FIRST_ORDER_ID + 2 * poller + 1).to_string();
                api.statuses(&[first, second]).await.unwrap().len()
            })
        })
        .collect();
    let balance = tokio::spawn({
        let api = api.clone();
        async move { api.balance().await.unwrap().amount }
    });
    for poller in pollers {
        assert_eq!(poller.await.unwrap(), 2);
    }
    assert_eq!(balance.await.unwrap(), dec("500.00"));
    let requests = fake.requests();
    assert_eq!(requests.len(), 9);
    assert_eq!(busiest_second(&requests), 2);
}

#[tokio::test]
async fn the_fake_rejects_schema_violations_as_fastapi_does() {
    let fake = FakeBratanRef::start().await;
    let response = reqwest::Client::new()
        .post(fake.url().join("tasks").unwrap())
        .bearer_auth(FAKE_KEY)
        .json(&json!({"category_id": "8", "quantity": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({"detail": [
            {"loc": ["body", "category_id"], "msg": "Input should be a valid integer", "type": "int_type"},
            {"loc": ["body", "url"], "msg": "Field required", "type": "missing"},
        ]})
    );
    assert!(fake.tasks().is_empty());
}
