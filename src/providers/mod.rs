//! Upstream providers: one trait over a normalised model, one adapter file per API family.
//!
//! Adapters parse every answer into `serde_json::Value` first and pull fields out with the
//! lenient decoders in [`decode`], because real panels mix strings, numbers and booleans freely.

pub mod bratanref_v1;
pub mod btj;
pub mod decode;
pub mod http;
mod metered;
pub mod panel_v2;
pub mod sandbox;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use rust_decimal::Decimal;

use crate::config::{ProviderConfig, ProviderKind};
use crate::error::{ApiErrorKind, Error, ProviderError};
use crate::metrics::Metrics;
use crate::vocabulary::{OrderExtras, RateUnit, ServiceKind};

/// What a provider sells, normalised. Ids are opaque strings: never parse them as numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceListing {
    pub id: String,
    pub name: String,
    pub category: Option<String>,
    pub kind: ServiceKind,
    /// Provider price for `rate_unit` items, in `currency`.
    pub rate: Decimal,
    pub rate_unit: RateUnit,
    /// `None` when the listing does not say; the provider's account currency applies then.
    pub currency: Option<String>,
    pub min: Option<u64>,
    pub max: Option<u64>,
    pub refill: Cap,
    pub cancel: Cap,
    /// Whether the service takes `runs` and `interval` (delivery spread over time).
    pub dripfeed: Cap,
    pub description: Option<String>,
    /// For referral services: the mini-app bot the customer's link must point into.
    pub target_bot: Option<String>,
}

/// A capability flag that a provider may leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    Yes,
    No,
    Unknown,
}

/// One order to create upstream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub service_id: String,
    pub link: String,
    /// Items per run for drip-feed orders; for custom comments, the number of comments.
    pub quantity: u64,
    pub extras: OrderExtras,
}

/// Normalised order state as reported by a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteState {
    Pending,
    InProgress,
    Completed,
    Partial,
    Canceled,
    Refunded,
    Failed,
    /// A status we could not map: stays visible, never guessed.
    Unknown,
}

impl RemoteState {
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Partial | Self::Canceled | Self::Refunded | Self::Failed
        )
    }
}

/// One status observation of one upstream order.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderStatus {
    pub state: RemoteState,
    /// The provider's own words, kept for admins and for unknown states.
    pub raw_status: String,
    pub charge: Option<Decimal>,
    pub currency: Option<String>,
    pub start_count: Option<i64>,
    pub remains: Option<i64>,
}

/// A refill's state as reported by the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefillState {
    Pending,
    InProgress,
    Completed,
    Rejected,
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RefillStatus {
    pub state: RefillState,
    pub raw_status: String,
}

/// Per-id outcomes of a batched call; an id missing from the map means "no information".
pub type PerId<T> = HashMap<String, Result<T, ProviderError>>;

#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    pub amount: Decimal,
    pub currency: Option<String>,
}

/// The operations every adapter offers. Refill, cancel and channel info are optional: an API
/// without them keeps the defaults, which say "not supported".
#[async_trait]
pub trait Provider: Send + Sync {
    async fn services(&self) -> Result<Vec<ServiceListing>, ProviderError>;

    /// Creates one order and returns the provider's id for it. A timeout or a broken answer is
    /// an unknown outcome: callers must never retry this blindly.
    async fn create_order(&self, order: &NewOrder) -> Result<String, ProviderError>;

    /// Statuses of up to [`Provider::status_batch_limit`] orders. An id missing from the map
    /// means "no information this time", not "failed".
    async fn statuses(&self, ids: &[String]) -> Result<PerId<OrderStatus>, ProviderError>;

    async fn balance(&self) -> Result<Balance, ProviderError>;

    /// How many ids one status call may carry.
    fn status_batch_limit(&self) -> usize {
        1
    }

    /// Asks for refills of completed orders; each success is the refill's id. A success only
    /// means "requested": the outcome comes from [`Provider::refill_statuses`].
    async fn refill(&self, order_ids: &[String]) -> Result<PerId<String>, ProviderError> {
        let _ = order_ids;
        Err(not_supported("refill"))
    }

    async fn refill_statuses(&self, refill_ids: &[String]) -> Result<PerId<RefillStatus>, ProviderError> {
        let _ = refill_ids;
        Err(not_supported("refill status"))
    }

    /// Asks to cancel orders. A success only means "requested": any refund follows from the
    /// status the provider reports afterwards.
    async fn cancel(&self, order_ids: &[String]) -> Result<PerId<()>, ProviderError> {
        let _ = order_ids;
        Err(not_supported("cancel"))
    }

    /// The current subscriber count of a channel, where the API can tell (btj's `info`).
    async fn channel_subscribers(&self, link: &str) -> Result<Option<u64>, ProviderError> {
        let _ = link;
        Err(not_supported("channel info"))
    }
}

fn not_supported(operation: &str) -> ProviderError {
    ProviderError::Api {
        kind: ApiErrorKind::NotSupported,
        message: format!("this provider's API has no {operation}"),
    }
}

/// Providers with adapters of the caller's own (an embedding, a test double).
impl FromIterator<ProviderHandle> for Providers {
    fn from_iter<I: IntoIterator<Item = ProviderHandle>>(handles: I) -> Self {
        Self {
            by_name: handles.into_iter().map(|h| (h.name.clone(), h)).collect(),
        }
    }
}

/// A configured provider: its name in the configuration and its adapter.
#[derive(Clone)]
pub struct ProviderHandle {
    pub name: String,
    pub config: ProviderConfig,
    pub api: Arc<dyn Provider>,
}

impl fmt::Debug for ProviderHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderHandle")
            .field("name", &self.name)
            .finish()
    }
}

/// Every provider the shop buys from, by configured name.
#[derive(Clone, Debug, Default)]
pub struct Providers {
    by_name: HashMap<String, ProviderHandle>,
}

impl Providers {
    pub fn from_config(configs: &[ProviderConfig]) -> Result<Self, Error> {
        let mut by_name = HashMap::new();
        for config in configs {
            let api: Arc<dyn Provider> = match config.kind {
                ProviderKind::PanelV2 => {
                    Arc::new(panel_v2::PanelV2::new(config, panel_v2::Dialect::Standard)?)
                }
                ProviderKind::BratanrefV2 => {
                    Arc::new(panel_v2::PanelV2::new(config, panel_v2::Dialect::BratanRef)?)
                }
                ProviderKind::BratanrefV1 => Arc::new(bratanref_v1::BratanRefV1::new(config)?),
                ProviderKind::Btj => Arc::new(btj::Btj::new(config)?),
                ProviderKind::Sandbox => Arc::new(sandbox::Sandbox::new()),
            };
            by_name.insert(
                config.name.clone(),
                ProviderHandle {
                    name: config.name.clone(),
                    config: config.clone(),
                    api,
                },
            );
        }
        Ok(Self { by_name })
    }

    /// The same providers, each call counted and timed in `metrics`.
    pub fn metered(mut self, metrics: &Arc<Metrics>) -> Self {
        for handle in self.by_name.values_mut() {
            handle.api = Arc::new(metered::Metered {
                provider: handle.name.clone(),
                inner: handle.api.clone(),
                metrics: metrics.clone(),
            });
        }
        self
    }

    pub fn get(&self, name: &str) -> Option<&ProviderHandle> {
        self.by_name.get(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &ProviderHandle> {
        self.by_name.values()
    }
}
