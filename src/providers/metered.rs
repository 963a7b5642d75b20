//! A provider wrapped so that every call is counted and timed in the [`Metrics`], whatever
//! the adapter: one place, so no adapter can forget.

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;

use super::{Balance, NewOrder, OrderStatus, PerId, Provider, ProviderError, RefillStatus, ServiceListing};
use crate::metrics::Metrics;

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
        let started = Instant::now();
        let result = call.await;
        // An operation the API lacks never reached the provider: not a call, not an error.
        if !result.as_ref().is_err_and(ProviderError::is_not_supported) {
            let error = result.as_ref().err().map(ProviderError::kind);
            self.metrics
                .provider_call(&self.provider, operation, error, started.elapsed());
        }
        result
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
