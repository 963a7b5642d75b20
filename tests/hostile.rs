//! The reference's hostile provider answers (providers.md §3), table-driven, against every
//! adapter the case applies to. The same bytes go in front of each adapter through a scripted
//! server; each row names the case, the operation, and the typed outcome required: never a
//! panic, never a silent success, and on order creation an unknown outcome (money held, never
//! refunded or retried) unless the provider certainly created nothing.
//!
//! Cases about our own side (9, 28–30, 34–36, 39, 42, 43, 47) are covered where that side
//! lives: catalogue sync, pricing, refunds, and the end-to-end tests.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::scripted::{Scripted, ScriptedServer};
use rust_decimal::Decimal;
use smmbot::config::Config;
use smmbot::error::{ApiErrorKind, ProviderError};
use smmbot::providers::{
    Balance, Cap, NewOrder, OrderStatus, PerId, Provider, Providers, RemoteState, ServiceListing,
};
use smmbot::vocabulary::ServiceKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    Panel,
    BratanV2,
    BratanV1,
    Btj,
}

const ALL: &[Api] = &[Api::Panel, Api::BratanV2, Api::BratanV1, Api::Btj];

impl Api {
    fn kind(self) -> &'static str {
        match self {
            Api::Panel => "panel_v2",
            Api::BratanV2 => "bratanref_v2",
            Api::BratanV1 => "bratanref_v1",
            Api::Btj => "btj",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Api::Panel => "/api/v2",
            Api::BratanV2 => "/apiv2",
            Api::BratanV1 => "/",
            Api::Btj => "/api/",
        }
    }

    /// The adapter, built from configuration as the bot builds it, with a 1-second timeout.
    fn adapter(self, server: &ScriptedServer) -> std::sync::Arc<dyn Provider> {
        let vars: HashMap<&str, String> = HashMap::from([
            ("PROVIDERS", "p".into()),
            ("PROVIDER_P_KIND", self.kind().into()),
            ("PROVIDER_P_URL", server.url(self.path()).to_string()),
            ("PROVIDER_P_KEY", SECRET_KEY.into()),
            ("PROVIDER_P_TIMEOUT_SECS", "1".into()),
        ]);
        let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("valid configuration");
        let providers = Providers::from_config(&config.providers).expect("adapter builds");
        providers.get("p").expect("configured").api.clone()
    }

    /// A successful order creation in this API's own words.
    fn created(self, id: &str) -> String {
        match self {
            Api::BratanV1 => format!(r#"{{"status":"ОК","order_id":{id}}}"#),
            _ => format!(r#"{{"order":"{id}"}}"#),
        }
    }
}

const SECRET_KEY: &str = "sk-live-4f9a1c0e";

enum Op {
    Add,
    /// Statuses of these ids.
    Status(&'static [&'static str]),
    Services,
    Balance,
    Cancel(&'static [&'static str]),
}

#[derive(Debug)]
enum Outcome {
    Add(Result<String, ProviderError>),
    Status(Result<PerId<OrderStatus>, ProviderError>),
    Services(Result<Vec<ServiceListing>, ProviderError>),
    Balance(Result<Balance, ProviderError>),
    Cancel(Result<PerId<()>, ProviderError>),
}

impl Outcome {
    fn error(&self) -> Option<&ProviderError> {
        match self {
            Outcome::Add(Err(e))
            | Outcome::Status(Err(e))
            | Outcome::Services(Err(e))
            | Outcome::Balance(Err(e))
            | Outcome::Cancel(Err(e)) => Some(e),
            _ => None,
        }
    }
}

struct Case {
    no: u8,
    what: &'static str,
    apis: &'static [Api],
    op: Op,
    reply: fn(Api) -> Scripted,
    expect: fn(Api, &Outcome) -> bool,
}

async fn run(api: Api, case: &Case) -> Outcome {
    let server = ScriptedServer::start().await;
    server.push((case.reply)(api));
    let adapter = api.adapter(&server);
    let ids = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let outcome = match case.op {
        Op::Add => Outcome::Add(
            adapter
                .create_order(&NewOrder {
                    service_id: "1".into(),
                    link: "https://t.me/notpixel/app?startapp=ref1".into(),
                    quantity: 100,
                    extras: Default::default(),
                })
                .await,
        ),
        Op::Status(asked) => Outcome::Status(adapter.statuses(&ids(asked)).await),
        Op::Services => Outcome::Services(adapter.services().await),
        Op::Balance => Outcome::Balance(adapter.balance().await),
        Op::Cancel(asked) => Outcome::Cancel(adapter.cancel(&ids(asked)).await),
    };
    server.shutdown();
    outcome
}

fn ok(status: u16, body: &str) -> Scripted {
    Scripted::new(status, body.as_bytes().to_vec())
}

fn is_err(outcome: &Outcome, test: fn(&ProviderError) -> bool) -> bool {
    outcome.error().is_some_and(test)
}

fn api_error(outcome: &Outcome, kind: ApiErrorKind) -> bool {
    is_err(outcome, |e| matches!(e, ProviderError::Api { .. }))
        && matches!(outcome.error(), Some(ProviderError::Api { kind: k, .. }) if *k == kind)
}

/// An add whose outcome we cannot know: an error, and not one that proves nothing was created.
fn unknown_outcome(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Add(Err(e)) if !e.definitely_not_placed())
}

fn malformed(outcome: &Outcome) -> bool {
    is_err(outcome, |e| matches!(e, ProviderError::Malformed { .. }))
}

fn one_status(outcome: &Outcome, id: &str) -> Option<OrderStatus> {
    match outcome {
        Outcome::Status(Ok(map)) => map.get(id)?.clone().ok(),
        _ => None,
    }
}

fn listings(outcome: &Outcome) -> &[ServiceListing] {
    match outcome {
        Outcome::Services(Ok(list)) => list,
        _ => &[],
    }
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            no: 1,
            what: "an error with HTTP 200",
            apis: ALL,
            op: Op::Balance,
            reply: |_| ok(200, r#"{"error":"Invalid API key"}"#),
            expect: |_, o| api_error(o, ApiErrorKind::InvalidKey),
        },
        Case {
            no: 2,
            what: "a 4xx with a JSON error is read, not dropped",
            apis: &[Api::Panel, Api::BratanV2, Api::BratanV1],
            op: Op::Add,
            reply: |_| ok(402, r#"{"error":"Not enough funds on balance"}"#),
            expect: |_, o| api_error(o, ApiErrorKind::InsufficientFunds),
        },
        Case {
            no: 2,
            what: "btj's own code as the HTTP status wins over the words",
            apis: &[Api::Btj],
            op: Op::Add,
            reply: |_| ok(401, r#"{"error":"Not enough funds on balance"}"#),
            expect: |_, o| api_error(o, ApiErrorKind::InsufficientFunds),
        },
        Case {
            no: 3,
            what: "an nginx 502 page",
            apis: ALL,
            op: Op::Add,
            reply: |_| {
                ok(
                    502,
                    "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                )
            },
            expect: |_, o| {
                is_err(o, |e| matches!(e, ProviderError::Http { status: 502, .. })) && unknown_outcome(o)
            },
        },
        Case {
            no: 4,
            what: "a Cloudflare challenge",
            apis: ALL,
            op: Op::Balance,
            reply: |_| {
                ok(
                    403,
                    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>cf-chl</body></html>",
                )
            },
            expect: |_, o| is_err(o, |e| matches!(e, ProviderError::Challenged { status: 403 })),
        },
        Case {
            no: 5,
            what: "200 with an empty body on add",
            apis: ALL,
            op: Op::Add,
            reply: |_| ok(200, ""),
            expect: |_, o| malformed(o) && unknown_outcome(o),
        },
        Case {
            no: 6,
            what: "PHP warnings before the JSON on add: evidence kept, outcome unknown",
            apis: ALL,
            op: Op::Add,
            reply: |_| {
                ok(
                    200,
                    "<br />\n<b>Warning</b>: Undefined index in api.php on line 42<br />\n{\"order\":77}",
                )
            },
            expect: |_, o| {
                unknown_outcome(o)
                    && is_err(
                        o,
                        |e| matches!(e, ProviderError::Malformed { snippet, .. } if snippet.contains("77")),
                    )
            },
        },
        Case {
            no: 7,
            what: "valid JSON served as text/html",
            apis: ALL,
            op: Op::Add,
            reply: |api| ok(200, &api.created("77")).header("content-type", "text/html; charset=UTF-8"),
            expect: |_, o| matches!(o, Outcome::Add(Ok(id)) if id == "77"),
        },
        Case {
            no: 8,
            what: "a timeout on add",
            apis: ALL,
            op: Op::Add,
            reply: |api| ok(200, &api.created("77")).delayed(Duration::from_secs(3)),
            expect: |_, o| is_err(o, |e| matches!(e, ProviderError::Timeout)) && unknown_outcome(o),
        },
        Case {
            no: 9,
            what: "a timeout on services (the catalogue sync keeps the old one)",
            apis: ALL,
            op: Op::Services,
            reply: |_| ok(200, "[]").delayed(Duration::from_secs(3)),
            expect: |_, o| is_err(o, |e| matches!(e, ProviderError::Timeout)),
        },
        Case {
            no: 10,
            what: "a redirect to another host is not followed with the key",
            apis: ALL,
            op: Op::Add,
            reply: |_| ok(302, "").header("location", "https://evil.example/api/v2"),
            expect: |_, o| {
                is_err(o, |e| matches!(e, ProviderError::Http { status: 302, .. })) && unknown_outcome(o)
            },
        },
        Case {
            no: 11,
            what: "HTTP 429 with Retry-After",
            apis: ALL,
            op: Op::Balance,
            reply: |_| ok(429, "slow down").header("retry-after", "7"),
            expect: |_, o| {
                is_err(
                    o,
                    |e| matches!(e, ProviderError::RateLimited { retry_after: Some(d) } if *d == Duration::from_secs(7)),
                )
            },
        },
        Case {
            no: 11,
            what: "a rate limit said with HTTP 200",
            apis: ALL,
            op: Op::Add,
            reply: |_| ok(200, r#"{"error":"Too many requests"}"#),
            expect: |_, o| is_err(o, |e| matches!(e, ProviderError::RateLimited { .. })),
        },
        Case {
            no: 12,
            what: "a non-UTF-8 body",
            apis: ALL,
            op: Op::Balance,
            reply: |_| Scripted::new(200, b"\xcd\xe5\xe2\xe5\xf0\xed\xfb\xe9 \xea\xeb\xfe\xf7".to_vec()),
            expect: |_, o| malformed(o),
        },
        Case {
            no: 13,
            what: "Python-dict pseudo-JSON",
            apis: ALL,
            op: Op::Balance,
            reply: |_| ok(200, "{'balance': 500.00, 'currency': 'RUB', 'ok': True}"),
            expect: |_, o| malformed(o),
        },
        Case {
            no: 14,
            what: "invalid JSON in services (btj's documented sample)",
            apis: ALL,
            op: Op::Services,
            reply: |_| {
                ok(
                    200,
                    r#"[ "service":"1", "name":"Hayden Telegram ad", "rate":"8000" }, ]"#,
                )
            },
            expect: |_, o| malformed(o),
        },
        Case {
            no: 15,
            what: "[] where a batch of statuses was expected: nothing known, nothing failed",
            apis: &[Api::Panel],
            op: Op::Status(&["1", "2"]),
            reply: |_| ok(200, "[]"),
            expect: |_, o| matches!(o, Outcome::Status(Ok(map)) if map.is_empty()),
        },
        Case {
            no: 16,
            what: "a batch of statuses as a list of objects",
            apis: &[Api::Panel],
            op: Op::Status(&["1", "2"]),
            reply: |_| {
                ok(
                    200,
                    r#"[{"order":"2","status":"Completed","remains":"0"},{"order":"1","status":"Pending"}]"#,
                )
            },
            expect: |_, o| {
                one_status(o, "1").is_some_and(|s| s.state == RemoteState::Pending)
                    && one_status(o, "2").is_some_and(|s| s.state == RemoteState::Completed)
            },
        },
        Case {
            no: 16,
            what: "one id asked, one unkeyed object answered",
            apis: &[Api::Panel],
            op: Op::Status(&["1"]),
            reply: |_| {
                ok(
                    200,
                    r#"{"charge":"0.9","start_count":"3572","status":"In progress","remains":"157","currency":"USD"}"#,
                )
            },
            expect: |_, o| {
                one_status(o, "1")
                    .is_some_and(|s| s.state == RemoteState::InProgress && s.remains == Some(157))
            },
        },
        Case {
            no: 17,
            what: "per-item errors as bare strings and as objects",
            apis: &[Api::Panel],
            op: Op::Status(&["1", "2", "3"]),
            reply: |_| {
                ok(
                    200,
                    r#"{"1":{"status":"Completed"},"2":"Incorrect order ID","3":{"error":"Incorrect order ID"}}"#,
                )
            },
            expect: |_, o| {
                let Outcome::Status(Ok(map)) = o else { return false };
                one_status(o, "1").is_some_and(|s| s.state == RemoteState::Completed)
                    && ["2", "3"].iter().all(|id| {
                        matches!(
                            map.get(*id),
                            Some(Err(ProviderError::Api {
                                kind: ApiErrorKind::OrderNotFound,
                                ..
                            }))
                        )
                    })
            },
        },
        Case {
            no: 18,
            what: "capitalised keys",
            apis: &[Api::Panel, Api::Btj],
            op: Op::Status(&["1"]),
            reply: |_| ok(200, r#"{"Status":"Completed","Remains":"0","Charge":"1.5"}"#),
            expect: |_, o| {
                one_status(o, "1").is_some_and(|s| s.state == RemoteState::Completed && s.remains == Some(0))
            },
        },
        Case {
            no: 19,
            what: "a wrapped answer",
            apis: &[Api::Panel, Api::Btj],
            op: Op::Add,
            reply: |_| ok(200, r#"{"status":"success","data":{"order":32}}"#),
            expect: |_, o| matches!(o, Outcome::Add(Ok(id)) if id == "32"),
        },
        Case {
            no: 20,
            what: "an error and an order id together: may exist, so unknown",
            apis: ALL,
            op: Op::Add,
            reply: |api| match api {
                Api::BratanV1 => ok(200, r#"{"error":"low balance","order_id":32}"#),
                _ => ok(200, r#"{"error":"low balance","order":32}"#),
            },
            expect: |_, o| {
                is_err(
                    o,
                    |e| matches!(e, ProviderError::RefusedWithOrder { order_id, .. } if order_id == "32"),
                ) && unknown_outcome(o)
            },
        },
        Case {
            no: 21,
            what: "SmartPanel's {status: error, message}",
            apis: &[Api::Panel, Api::BratanV2, Api::Btj],
            op: Op::Add,
            reply: |_| ok(200, r#"{"status":"error","message":"Incorrect service ID"}"#),
            expect: |_, o| api_error(o, ApiErrorKind::InvalidService),
        },
        Case {
            no: 21,
            what: "a nested error object",
            apis: &[Api::Panel, Api::BratanV2],
            op: Op::Add,
            reply: |_| ok(200, r#"{"error":{"code":5,"message":"Incorrect link"}}"#),
            expect: |_, o| api_error(o, ApiErrorKind::InvalidLink),
        },
        Case {
            no: 21,
            what: "BratanREF's BAD with an error code, and FastAPI's detail list",
            apis: &[Api::BratanV1],
            op: Op::Add,
            reply: |_| {
                ok(
                    400,
                    r#"{"status":"BAD","error_code":100,"detail":"Ошибка парсинга реферального кода"}"#,
                )
            },
            expect: |_, o| api_error(o, ApiErrorKind::InvalidLink),
        },
        Case {
            no: 22,
            what: "order_id instead of order",
            apis: &[Api::Panel, Api::Btj],
            op: Op::Add,
            reply: |_| ok(200, r#"{"order_id":"77"}"#),
            expect: |_, o| matches!(o, Outcome::Add(Ok(id)) if id == "77"),
        },
        Case {
            no: 22,
            what: "startcount without the underscore",
            apis: &[Api::Panel, Api::Btj],
            op: Op::Status(&["1"]),
            reply: |_| {
                ok(
                    200,
                    r#"{"status":"Pending","startcount":"28106","remains":"1000"}"#,
                )
            },
            expect: |_, o| one_status(o, "1").is_some_and(|s| s.start_count == Some(28106)),
        },
        Case {
            no: 23,
            what: "numbers as strings and as numbers, exact",
            apis: &[Api::Panel],
            op: Op::Status(&["1"]),
            reply: |_| {
                ok(
                    200,
                    r#"{"status":"Partial","charge":0.1,"remains":"50","start_count":3572}"#,
                )
            },
            expect: |_, o| {
                one_status(o, "1").is_some_and(|s| {
                    s.charge == Some(Decimal::new(1, 1))
                        && s.remains == Some(50)
                        && s.start_count == Some(3572)
                })
            },
        },
        Case {
            no: 24,
            what: "a comma-decimal rate is refused, an unambiguous thousands quantity read",
            apis: &[Api::Panel],
            op: Op::Services,
            reply: |_| {
                ok(
                    200,
                    r#"[{"service":1,"name":"Good","rate":"0.90","min":"1,000","max":"10 000"},
                        {"service":2,"name":"Comma","rate":"0,90","min":10,"max":100}]"#,
                )
            },
            expect: |_, o| {
                let list = listings(o);
                list.len() == 1
                    && list[0].id == "1"
                    && list[0].min == Some(1000)
                    && list[0].max == Some(10_000)
            },
        },
        Case {
            no: 25,
            what: "junk in informational fields is absent, never 0",
            apis: &[Api::Panel, Api::Btj],
            op: Op::Status(&["1"]),
            reply: |_| {
                ok(
                    200,
                    r#"{"status":"In progress","remains":"+12","charge":"N/A","start_count":""}"#,
                )
            },
            expect: |_, o| {
                one_status(o, "1")
                    .is_some_and(|s| s.remains.is_none() && s.charge.is_none() && s.start_count.is_none())
            },
        },
        Case {
            no: 26,
            what: "huge and tiny numbers",
            apis: &[Api::Panel],
            op: Op::Services,
            reply: |_| {
                ok(
                    200,
                    r#"[{"service":1,"name":"Tiny","rate":"1e-7","min":1,"max":2147483647},
                        {"service":2,"name":"Huge","rate":"1","min":1,"max":"100000000000000000000000"}]"#,
                )
            },
            expect: |_, o| {
                let list = listings(o);
                list.len() == 1 && list[0].rate == Decimal::new(1, 7) && list[0].max == Some(2_147_483_647)
            },
        },
        Case {
            no: 27,
            what: "negative remains (over-delivery) stays in the snapshot",
            apis: &[Api::Panel],
            op: Op::Status(&["1"]),
            reply: |_| ok(200, r#"{"status":"Completed","remains":"-5"}"#),
            expect: |_, o| one_status(o, "1").is_some_and(|s| s.remains == Some(-5)),
        },
        Case {
            no: 31,
            what: "a hex order id stays a string",
            apis: &[Api::Panel, Api::BratanV2, Api::Btj],
            op: Op::Add,
            reply: |_| ok(200, r#"{"order":"65ae5538afdd1"}"#),
            expect: |_, o| matches!(o, Outcome::Add(Ok(id)) if id == "65ae5538afdd1"),
        },
        Case {
            no: 31,
            what: "leading zeros are kept",
            apis: &[Api::Panel, Api::Btj],
            op: Op::Add,
            reply: |_| ok(200, r#"{"order":"007"}"#),
            expect: |_, o| matches!(o, Outcome::Add(Ok(id)) if id == "007"),
        },
        Case {
            no: 32,
            what: "a bogus created id (0)",
            apis: ALL,
            op: Op::Add,
            reply: |api| ok(200, &api.created("0")),
            expect: |_, o| malformed(o) && unknown_outcome(o),
        },
        Case {
            no: 37,
            what: "odd service types are normalised; unknown ones kept raw",
            apis: &[Api::Panel],
            op: Op::Services,
            reply: |_| {
                ok(
                    200,
                    r#"[{"service":1,"name":"a","rate":"1","type":"Subscriptions "},
                        {"service":2,"name":"b","rate":"1","type":"custom_comments"},
                        {"service":3,"name":"c","rate":"1"},
                        {"service":4,"name":"d","rate":"1","type":"Mentions Hashtag"}]"#,
                )
            },
            expect: |_, o| {
                let kinds: Vec<ServiceKind> = listings(o).iter().map(|l| l.kind.clone()).collect();
                kinds
                    == [
                        ServiceKind::Subscriptions,
                        ServiceKind::CustomComments,
                        ServiceKind::Default,
                        ServiceKind::Unknown("Mentions Hashtag".into()),
                    ]
            },
        },
        Case {
            no: 38,
            what: "capability flags in every spelling, tri-state",
            apis: &[Api::Panel],
            op: Op::Services,
            reply: |_| {
                ok(
                    200,
                    r#"[{"service":1,"name":"a","rate":"1","refill":"1","cancel":"no","dripfeed":true},
                        {"service":2,"name":"b","rate":"1"}]"#,
                )
            },
            expect: |_, o| {
                let list = listings(o);
                list.len() == 2
                    && (list[0].refill, list[0].cancel, list[0].dripfeed) == (Cap::Yes, Cap::No, Cap::Yes)
                    && (list[1].refill, list[1].cancel, list[1].dripfeed)
                        == (Cap::Unknown, Cap::Unknown, Cap::Unknown)
            },
        },
        Case {
            no: 40,
            what: "an unknown status stays visibly unknown",
            apis: &[Api::Panel, Api::Btj],
            op: Op::Status(&["1"]),
            reply: |_| ok(200, r#"{"status":"Frozen by moderator","remains":"10"}"#),
            expect: |_, o| {
                one_status(o, "1")
                    .is_some_and(|s| s.state == RemoteState::Unknown && s.raw_status == "Frozen by moderator")
            },
        },
        Case {
            no: 41,
            what: "numeric status codes mean what their provider says",
            apis: &[Api::Panel, Api::BratanV2],
            op: Op::Status(&["1"]),
            reply: |_| {
                ok(
                    200,
                    r#"{"status":2,"quantity":"3","quantity_executed":"0","remains":"3"}"#,
                )
            },
            expect: |api, o| {
                let expected = match api {
                    // BratanREF's 2 is "cancelled"; to a standard panel a bare 2 means nothing.
                    Api::BratanV2 => RemoteState::Canceled,
                    _ => RemoteState::Unknown,
                };
                one_status(o, "1").is_some_and(|s| s.state == expected)
            },
        },
        Case {
            no: 44,
            what: "canceled after some delivery is partial",
            apis: &[Api::BratanV2, Api::BratanV1],
            op: Op::Status(&["1"]),
            reply: |_| {
                ok(
                    200,
                    r#"{"order_id":1,"status":2,"quantity":"10","quantity_executed":"4","remains":"6","cancel_reason":"bot banned"}"#,
                )
            },
            expect: |_, o| {
                one_status(o, "1").is_some_and(|s| s.state == RemoteState::Partial && s.remains == Some(6))
            },
        },
        Case {
            no: 45,
            what: "a drip-feed status without charge or remains",
            apis: &[Api::Panel],
            op: Op::Status(&["1"]),
            reply: |_| ok(200, r#"{"status":"In progress","runs":"5","orders":[101,102]}"#),
            expect: |_, o| {
                one_status(o, "1").is_some_and(|s| {
                    s.state == RemoteState::InProgress && s.charge.is_none() && s.remains.is_none()
                })
            },
        },
        Case {
            no: 46,
            what: "cancel answered TmSMM's way",
            apis: &[Api::Panel],
            op: Op::Cancel(&["65ae5538afdd1"]),
            reply: |_| ok(200, r#"{"ok":"true","success":"true","cancel":"65ae5538afdd1"}"#),
            expect: |_, o| matches!(o, Outcome::Cancel(Ok(map)) if matches!(map.get("65ae5538afdd1"), Some(Ok(())))),
        },
        Case {
            no: 46,
            what: "cancel answered canonically, with a per-item error",
            apis: &[Api::Panel],
            op: Op::Cancel(&["1", "2"]),
            reply: |_| {
                ok(
                    200,
                    r#"[{"order":"1","cancel":1},{"order":"2","cancel":{"error":"Incorrect order ID"}}]"#,
                )
            },
            expect: |_, o| matches!(o, Outcome::Cancel(Ok(map)) if matches!(map.get("1"), Some(Ok(()))) && matches!(map.get("2"), Some(Err(_)))),
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_hostile_answer_gets_its_safe_outcome() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases() {
        for &api in case.apis {
            let outcome = run(api, &case).await;
            checked += 1;
            if !(case.expect)(api, &outcome) {
                failures.push(format!("#{} {} [{api:?}]: got {outcome:?}", case.no, case.what));
            }
            // The key never shows, whatever went wrong.
            if let Some(error) = outcome.error() {
                assert!(
                    !error.to_string().contains(SECRET_KEY),
                    "#{} [{api:?}] leaks the key",
                    case.no
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
