//! The panel API's listener (`API_LISTEN`): `/api/v2`, `key` and `action` and the action's
//! fields as a form POST or a GET query, as panel clients send them. It reads the request
//! within a size limit, holds each key to `API_RPS` requests a second, and hands the rest to
//! [`crate::reselling`]. Every answer is JSON with HTTP 200, errors as `{"error": "..."}`: the
//! panel convention, which clients that treat a 4xx as a broken connection rely on. Only a
//! failure on our side (the database) answers HTTP 500, as an outcome the client cannot know.
//!
//! Nothing here logs a request's fields: the key is one of them.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::reselling::{Fields, Refusal, Reselling};

/// The path panel clients call.
pub const PATH: &str = "/api/v2";
/// What a request that failed on our side answers, with HTTP 500.
const UNKNOWN_OUTCOME: &str = "internal error: check the status of your recent orders before you try again\n";
/// The largest request read: room for a thousand custom comments.
const MAX_BODY_BYTES: usize = 512 * 1024;

#[derive(Clone)]
struct Endpoint {
    reselling: Arc<Reselling>,
    /// By the key owner's id: one limit per key, and no entry for a key that is not one.
    limiter: Arc<DefaultKeyedRateLimiter<i64>>,
}

/// Serves the API on `listener` until `stop` turns true; requests in flight finish first.
pub(super) fn serve(
    listener: TcpListener,
    reselling: Reselling,
    requests_per_second: NonZeroU32,
    mut stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    let endpoint = Endpoint {
        reselling: Arc::new(reselling),
        limiter: Arc::new(RateLimiter::keyed(Quota::per_second(requests_per_second))),
    };
    let app = Router::new()
        .route(PATH, get(handle).post(handle))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(endpoint);
    if let Ok(address) = listener.local_addr() {
        tracing::info!(%address, path = PATH, "serving the panel API");
    }
    tokio::spawn(async move {
        let stopped = async move {
            let _ = stop.wait_for(|stop| *stop).await;
        };
        if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(stopped).await {
            tracing::error!(error = %e, "the panel API stopped");
        }
    })
}

async fn handle(
    State(endpoint): State<Endpoint>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let Ok(body) = body else {
        return reply(&Refusal::TooLarge.answer());
    };
    match answer(&endpoint, query.as_deref().unwrap_or_default(), &body).await {
        Ok(answer) => reply(&answer),
        Err(e) => {
            tracing::error!(error = %e, "panel API request failed");
            // Not `{"error": ...}`, which clients read as "refused, nothing charged": an `add`
            // cut short may have charged and placed its order, so its outcome is unknown.
            (StatusCode::INTERNAL_SERVER_ERROR, UNKNOWN_OUTCOME).into_response()
        }
    }
}

async fn answer(endpoint: &Endpoint, query: &str, body: &[u8]) -> crate::error::Result<Value> {
    let mut fields = read_fields(query, body);
    let key = fields.remove("key");
    let action = fields.remove("action");
    let caller = match endpoint.reselling.authenticate(key.as_deref()).await? {
        Ok(caller) => caller,
        Err(refusal) => return Ok(refusal.answer()),
    };
    if endpoint.limiter.check_key(&caller.user_id).is_err() {
        return Ok(Refusal::TooManyRequests.answer());
    }
    let action = action.as_deref().map(str::trim);
    tracing::debug!(user_id = caller.user_id, action, "panel API request");
    endpoint
        .reselling
        .answer(&caller, action, &Fields::new(fields))
        .await
}

/// The query's fields, then the form body's, which win over the query's of the same name.
fn read_fields(query: &str, body: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(query.as_bytes())
        .chain(url::form_urlencoded::parse(body))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

fn reply(answer: &Value) -> Response {
    axum::Json(answer).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::db::testing::temp_db;
    use crate::pricing::Pricing;
    use crate::providers::Providers;

    #[tokio::test]
    async fn a_failure_on_our_side_is_not_a_refusal() {
        let (db, _dir) = temp_db().await;
        let config = Config::from_lookup(|_| None).unwrap();
        let endpoint = Endpoint {
            reselling: Arc::new(Reselling {
                db: db.clone(),
                providers: Providers::from_config(&config.providers).unwrap(),
                pricing: Pricing::from_config(&config),
                admins: Vec::new(),
                resellers_only: false,
            }),
            limiter: Arc::new(RateLimiter::keyed(Quota::per_second(NonZeroU32::MIN))),
        };
        let query = || RawQuery(Some("key=some-key&action=balance".into()));
        let refused = handle(State(endpoint.clone()), query(), Ok(Bytes::new())).await;
        assert_eq!(refused.status(), StatusCode::OK, "an unknown key is a refusal");
        db.close().await;
        let failed = handle(State(endpoint), query(), Ok(Bytes::new())).await;
        assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn form_fields_win_over_the_query_and_comments_keep_their_lines() {
        let fields = read_fields(
            "key=q&action=status&order=1",
            b"action=add&comments=nice%0Agreat&link=https%3A%2F%2Ft.me%2Fx",
        );
        assert_eq!(fields["key"], "q");
        assert_eq!(fields["action"], "add");
        assert_eq!(fields["comments"], "nice\ngreat");
        assert_eq!(fields["link"], "https://t.me/x");
        assert_eq!(fields["order"], "1");
    }
}
