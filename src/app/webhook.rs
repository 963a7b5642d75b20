//! Updates by webhook: Telegram is told the URL and the secret, and only requests carrying
//! that secret reach the dispatcher.

use std::sync::Arc;

use axum::response::IntoResponse;
use teloxide::update_listeners::{UpdateListener, webhooks};
use tokio::task::JoinHandle;

use super::vitals::Vitals;
use crate::bot::TgBot;
use crate::config::WebhookConfig;
use crate::error::Result;
use crate::metrics::Metrics;

/// Tells Telegram the URL and the secret, and serves updates on `socket` as a vital task, with
/// `more_routes` (Crypto Pay's webhook, which has its own check) beside the update route.
/// Every request must carry the secret (checked by teloxide's router and again here, in
/// constant time, so refusals are counted); the server stops when the dispatcher does and
/// then deletes the webhook.
pub(super) async fn listen_for_webhook(
    bot: TgBot,
    webhook: &WebhookConfig,
    socket: tokio::net::TcpListener,
    metrics: Arc<Metrics>,
    vitals: &Vitals,
    more_routes: axum::Router,
) -> Result<(
    impl UpdateListener<Err = std::convert::Infallible> + use<>,
    JoinHandle<()>,
)> {
    let mut options = webhooks::Options::new(webhook.listen, webhook.url.clone());
    options.secret_token = webhook.secret.as_ref().map(|s| s.expose().to_string());
    let secret = options.get_or_gen_secret_token().to_string();
    let (listener, stopped, router) = webhooks::axum_to_router(bot, options).await?;
    // On the webhook's route only: other paths get a plain 404 and are not counted.
    let router = router
        .route_layer(axum::middleware::from_fn(move |request, next| {
            refuse_without_secret(secret.clone(), metrics.clone(), request, next)
        }))
        .merge(more_routes);
    let server = vitals.spawn(
        "webhook server",
        axum::serve(socket, router)
            .with_graceful_shutdown(stopped)
            .into_future(),
    );
    Ok((listener, server))
}

/// Lets through only requests that carry the webhook's secret token.
async fn refuse_without_secret(
    secret: String,
    metrics: Arc<Metrics>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let given = request
        .headers()
        .get("x-telegram-bot-api-secret-token")
        .map(|v| v.as_bytes());
    if given.is_some_and(|given| constant_time_eq(given, secret.as_bytes())) {
        return next.run(request).await;
    }
    metrics.webhook_refused();
    // Debug only, so a scanner cannot flood the journal; the counter shows it at any level.
    tracing::debug!("webhook request without the right secret token refused");
    axum::http::StatusCode::UNAUTHORIZED.into_response()
}

/// Compares without stopping at the first difference, so timing does not leak the secret.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}
