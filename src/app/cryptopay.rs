//! Crypto Pay's webhook, served on the Telegram webhook's server (the one a reverse proxy
//! already exposes over https) at [`PATH`]; and the crypto poller, which needs no webhook.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

use tokio::sync::watch;

use crate::metrics::Metrics;
use crate::orders::pending::PurchasePlacer;
use crate::payments::cryptopay::webhook::SIGNATURE_HEADER;
use crate::payments::cryptopay::{CryptoCredit, CryptoPay, Settled, WebhookVerdict};

/// Where Crypto Pay's webhook is served (the URL to set in @CryptoBot ends with it).
pub(super) const PATH: &str = "/cryptopay/webhook";

#[derive(Clone)]
struct Hook {
    cryptopay: Arc<CryptoPay>,
    purchases: PurchasePlacer,
    metrics: Arc<Metrics>,
}

/// The webhook's route, when Crypto Pay is on; an empty router otherwise.
pub(super) fn routes(
    cryptopay: Option<Arc<CryptoPay>>,
    purchases: PurchasePlacer,
    metrics: Arc<Metrics>,
) -> Router {
    match cryptopay {
        Some(cryptopay) => Router::new().route(PATH, post(invoice_paid)).with_state(Hook {
            cryptopay,
            purchases,
            metrics,
        }),
        None => Router::new(),
    }
}

/// Asks Crypto Pay about our open invoices every `interval` until `stop` turns true; a credit
/// that pays for a waiting purchase places it, and the notifier is woken for what was queued.
pub(super) async fn run_poller(
    cryptopay: Arc<CryptoPay>,
    purchases: PurchasePlacer,
    interval: Duration,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        match cryptopay.poll_once().await {
            Ok(credited) => {
                tell_credits(&purchases, &credited).await;
            }
            Err(e) => tracing::error!(error = %e, "crypto poll round failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stop.wait_for(|stopped| *stopped) => return,
        }
    }
}

/// Places the purchases `credited` paid for and wakes the notifier for every message queued.
async fn tell_credits(purchases: &PurchasePlacer, credited: &[CryptoCredit]) {
    for credit in credited.iter().filter(|credit| credit.funded_purchase) {
        purchases.place_for(credit.user_id).await;
    }
    if !credited.is_empty() {
        purchases.notices_queued.notify_one();
    }
}

/// 401 (counted) without a valid signature; 400 for a signed update we cannot read; 500 when
/// the database failed (Crypto Pay delivers again, and the poller asks anyway); 200 otherwise,
/// also for invoices that are not ours: the answer would change nothing.
async fn invoice_paid(State(hook): State<Hook>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers.get(SIGNATURE_HEADER).map(|v| v.as_bytes());
    match hook.cryptopay.receive_webhook(&body, signature).await {
        Ok(WebhookVerdict::Forged) => {
            hook.metrics.cryptopay_webhook_refused();
            // Debug only, so a scanner cannot flood the journal; the counter shows it.
            tracing::debug!("Crypto Pay webhook request without a valid signature refused");
            StatusCode::UNAUTHORIZED
        }
        Ok(WebhookVerdict::Unreadable) => {
            tracing::warn!("signed Crypto Pay webhook that is not an invoice_paid update we can read");
            StatusCode::BAD_REQUEST
        }
        Ok(WebhookVerdict::Settled(settled)) => {
            tracing::info!(?settled, "Crypto Pay webhook");
            if let Settled::Credited(credit) = settled {
                tell_credits(&hook.purchases, &[credit]).await;
            }
            StatusCode::OK
        }
        Err(e) => {
            tracing::error!(error = %e, "Crypto Pay webhook not applied");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}
