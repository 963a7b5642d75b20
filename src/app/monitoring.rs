//! The optional HTTP endpoint (`METRICS_LISTEN`): `/metrics` in Prometheus' text format, with
//! the orders by state read from the database at each scrape so they are always exact, and
//! `/healthz` for a monitor.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::db::{Db, now};
use crate::metrics::Metrics;

/// How long `/healthz` waits for the database.
const DATABASE_LIMIT: Duration = Duration::from_secs(2);

/// What the endpoint reads from.
#[derive(Clone)]
struct Endpoint {
    metrics: Arc<Metrics>,
    db: Db,
    /// A poll round older than this makes the bot unhealthy.
    poll_deadline: Duration,
    started: i64,
    /// Why the bot no longer serves (a task it cannot live without ended, or it is stopping);
    /// `None` while it serves.
    out_of_service: watch::Receiver<Option<String>>,
}

/// Serves `/metrics` and `/healthz` on `listener` until the task is aborted; `/healthz` reads
/// `out_of_service`, the watchdog's own reason to stop vouching for the bot.
pub(super) fn serve(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    db: Db,
    poll_interval: Duration,
    out_of_service: watch::Receiver<Option<String>>,
) -> JoinHandle<()> {
    let endpoint = Endpoint {
        metrics,
        db,
        // Three missed rounds, and never less than a minute: one slow round is not an outage.
        poll_deadline: (poll_interval * 3).max(Duration::from_secs(60)),
        started: now(),
        out_of_service,
    };
    let app = Router::new()
        .route("/metrics", get(metrics_page))
        .route("/healthz", get(health_page))
        .with_state(endpoint);
    if let Ok(address) = listener.local_addr() {
        tracing::info!(%address, "serving /metrics and /healthz");
    }
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the metrics endpoint stopped");
        }
    })
}

async fn metrics_page(State(endpoint): State<Endpoint>) -> impl IntoResponse {
    match endpoint.db.orders_by_state().await {
        Ok(orders) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
            endpoint.metrics.render(&orders),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: cannot count orders");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "the database did not answer\n".to_string(),
            )
        }
    }
}

/// 200 when every task the bot cannot live without runs, the database answers and the poller
/// finished a round lately, 503 otherwise; the JSON body says which part failed.
async fn health_page(State(endpoint): State<Endpoint>) -> impl IntoResponse {
    let out_of_service = endpoint.out_of_service.borrow().clone();
    let ping = sqlx::query("SELECT 1").execute(endpoint.db.pool());
    let database_ok = matches!(tokio::time::timeout(DATABASE_LIMIT, ping).await, Ok(Ok(_)));
    let last_poll = endpoint.metrics.last_successful_poll();
    let poll_ok = poll_is_recent(last_poll, endpoint.started, now(), endpoint.poll_deadline);
    let healthy = out_of_service.is_none() && database_ok && poll_ok;
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "status": if healthy { "ok" } else { "unhealthy" },
        "tasks": out_of_service.as_deref().unwrap_or("ok"),
        "database": if database_ok { "ok" } else { "not answering" },
        "poller": if poll_ok { "ok" } else { "no round finished lately" },
        "last_successful_poll": last_poll,
        "seconds_since_poll": last_poll.map(|at| now() - at),
    });
    (status, axum::Json(body))
}

/// True when a poll round finished within `deadline` of `now`; before the first round, the
/// clock runs from the start.
fn poll_is_recent(last_poll: Option<i64>, started: i64, now: i64, deadline: Duration) -> bool {
    let age = now - last_poll.unwrap_or(started);
    age <= i64::try_from(deadline.as_secs()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_wants_a_recent_poll_round() {
        let minute = Duration::from_secs(60);
        assert!(poll_is_recent(None, 1000, 1030, minute), "just started");
        assert!(
            !poll_is_recent(None, 1000, 1100, minute),
            "never polled since the start"
        );
        assert!(poll_is_recent(Some(1090), 1000, 1100, minute));
        assert!(
            !poll_is_recent(Some(1030), 1000, 1100, minute),
            "stuck since 1030"
        );
    }
}
