//! A provider wrapped so that every call is counted and timed in the [`Metrics`], whatever
//! the adapter: one place, so no adapter can forget.

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;

use super::{Balance, NewOrder, OrderStatus, PerId, Provider, RefillStatus, ServiceListing};
use crate::error::ProviderError;
use crate::metrics::Metrics;
use crate::update_slots;

pub struct Metered {
    pub(super) provider: String,
    pub(super) inner: Arc<dyn Provider>,
    pub(super) metrics: Arc<Metrics>,
}

impl Metered {
    async fn observe<T>(
        &self,
        operation: &'static str,
        call: impl Future<Output = Result<T, ProviderError>>,
    ) -> Result<T, ProviderError> {
        let mut in_flight = InFlight {
            metered: self,
            operation,
            started: Instant::now(),
            finished: false,
        };
        // A provider can take seconds to answer: the update waiting for it lets others run.
        let result = update_slots::outside(call).await;
        in_flight.finished = true;
        // An operation the API lacks never reached the provider: not a call, not an error.
        if !result.as_ref().is_err_and(ProviderError::is_not_supported) {
            let error = result.as_ref().err().map(ProviderError::kind);
            self.metrics
                .provider_call(&self.provider, operation, error, in_flight.started.elapsed());
        }
        result
    }
}

/// A call under way: if its caller gives up on it (a timeout of its own, a stop), it is still
/// counted, as `cancelled`.
struct InFlight<'a> {
    metered: &'a Metered,
    operation: &'static str,
    started: Instant,
    finished: bool,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.metered.metrics.provider_call(
                &self.metered.provider,
                self.operation,
                Some("cancelled"),
                self.started.elapsed(),
            );
        }
    }
}

#[async_trait]
impl Provider for Metered {
    async fn services(&self) -> Result<Vec<ServiceListing>, ProviderError> {
        self.observe("services", self.inner.services()).await
    }

    async fn create_order(&self, order: &NewOrder) -> Result<String, ProviderError> {
        self.observe("create_order", self.inner.create_order(order)).await
    }

    async fn statuses(&self, ids: &[String]) -> Result<PerId<OrderStatus>, ProviderError> {
        self.observe("status", self.inner.statuses(ids)).await
    }

    async fn balance(&self) -> Result<Balance, ProviderError> {
        self.observe("balance", self.inner.balance()).await
    }

    fn status_batch_limit(&self) -> usize {
        self.inner.status_batch_limit()
    }

    async fn refill(&self, order_ids: &[String]) -> Result<PerId<String>, ProviderError> {
        self.observe("refill", self.inner.refill(order_ids)).await
    }

    async fn refill_statuses(&self, refill_ids: &[String]) -> Result<PerId<RefillStatus>, ProviderError> {
        self.observe("refill_status", self.inner.refill_statuses(refill_ids))
            .await
    }

    async fn cancel(&self, order_ids: &[String]) -> Result<PerId<()>, ProviderError> {
        self.observe("cancel", self.inner.cancel(order_ids)).await
    }

    async fn channel_subscribers(&self, link: &str) -> Result<Option<u64>, ProviderError> {
        self.observe("channel_info", self.inner.channel_subscribers(link))
            .await
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::Duration;

    use super::*;
    use crate::providers::sandbox::Sandbox;

    fn metered() -> (Metered, Arc<Metrics>) {
        let metrics = Arc::new(Metrics::default());
        let metered = Metered {
            provider: "p".into(),
            inner: Arc::new(Sandbox::new()),
            metrics: metrics.clone(),
        };
        (metered, metrics)
    }

    fn line_for(metrics: &Metrics, prefix: &str) -> Option<String> {
        let text = metrics.render(&BTreeMap::new());
        text.lines().find(|l| l.starts_with(prefix)).map(str::to_string)
    }

    #[tokio::test]
    async fn answers_and_failures_are_counted_by_operation() {
        let (metered, metrics) = metered();
        metered.balance().await.expect("the sandbox has a balance");
        let failed = metered.observe("status", async { Err::<(), _>(ProviderError::Timeout) });
        assert_eq!(failed.await, Err(ProviderError::Timeout));
        assert_eq!(
            line_for(
                &metrics,
                "smmbot_provider_requests_total{provider=\"p\",operation=\"balance\"}"
            ),
            Some("smmbot_provider_requests_total{provider=\"p\",operation=\"balance\"} 1".into())
        );
        assert!(
            line_for(
                &metrics,
                "smmbot_provider_errors_total{provider=\"p\",operation=\"status\",kind=\"timeout\"} 1"
            )
            .is_some()
        );
    }

    #[tokio::test]
    async fn what_the_api_lacks_is_not_a_call_and_an_abandoned_call_is_cancelled() {
        let (metered, metrics) = metered();
        let lacking = metered.channel_subscribers("https://t.me/x").await;
        assert!(lacking.is_err_and(|e| e.is_not_supported()));
        assert_eq!(line_for(&metrics, "smmbot_provider_requests_total{"), None);

        let slow = metered.observe("create_order", async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            Ok::<_, ProviderError>(())
        });
        assert!(
            tokio::time::timeout(Duration::from_millis(10), slow)
                .await
                .is_err()
        );
        assert!(
            line_for(
                &metrics,
                "smmbot_provider_errors_total{provider=\"p\",operation=\"create_order\",kind=\"cancelled\"} 1"
            )
            .is_some()
        );
    }
}
