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
use std::time::Duration;

use async_trait::async_trait;
use rust_decimal::Decimal;

use crate::config::{ProviderConfig, ProviderKind};
use crate::error::Error;
use crate::metrics::Metrics;

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

/// Service types of the de-facto panel API, plus referral campaigns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceKind {
    Default,
    Package,
    CustomComments,
    Poll,
    Subscriptions,
    Referral,
    /// A type we do not understand yet: kept raw, never offered to customers.
    Unknown(String),
}

impl ServiceKind {
    /// Normalises a panel `type` string: case, separators and stray spaces do not matter.
    pub fn from_panel_type(raw: &str) -> Self {
        let norm = decode::normalize_words(raw);
        match norm.as_str() {
            "" | "default" => Self::Default,
            "package" => Self::Package,
            "custom comments" => Self::CustomComments,
            "poll" => Self::Poll,
            "subscriptions" => Self::Subscriptions,
            "referral" => Self::Referral,
            _ => Self::Unknown(raw.trim().to_string()),
        }
    }

    /// Stable text for the database.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Default => "default",
            Self::Package => "package",
            Self::CustomComments => "custom_comments",
            Self::Poll => "poll",
            Self::Subscriptions => "subscriptions",
            Self::Referral => "referral",
            Self::Unknown(raw) => raw,
        }
    }

    pub fn from_db(text: &str) -> Self {
        match text {
            "custom_comments" => Self::CustomComments,
            other => Self::from_panel_type(other),
        }
    }
}

/// How many items the provider's `rate` is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateUnit {
    PerThousand,
    PerOne,
}

impl RateUnit {
    pub fn items(self) -> u32 {
        match self {
            Self::PerThousand => 1000,
            Self::PerOne => 1,
        }
    }
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

/// The type-specific parameters of an order, sent only when set.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrderExtras {
    /// Custom Comments: one comment per line.
    pub comments: Option<String>,
    /// Poll: the number of the answer to vote for.
    pub answer_number: Option<u32>,
    /// Drip-feed: how many runs, and minutes between them.
    pub dripfeed: Option<DripFeed>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DripFeed {
    pub runs: u32,
    pub interval_minutes: u32,
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

/// Why a provider call did not give a usable answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProviderError {
    /// The request never reached the provider (DNS, refused connection): nothing happened there.
    #[error("could not connect to the provider: {0}")]
    Connect(String),
    #[error("the provider did not answer in time")]
    Timeout,
    #[error("connection to the provider failed: {0}")]
    Transport(String),
    #[error("the provider is rate limiting us")]
    RateLimited { retry_after: Option<Duration> },
    #[error("the provider answered HTTP {status}: {snippet}")]
    Http { status: u16, snippet: String },
    /// A firewall (Cloudflare and the like) answered with a browser challenge instead of the
    /// API: retrying will not help until an admin looks (User-Agent, IP allow-list).
    #[error("the provider's firewall blocked us with a browser challenge (HTTP {status})")]
    Challenged { status: u16 },
    #[error("the provider's answer could not be read ({reason}): {snippet}")]
    Malformed { reason: String, snippet: String },
    #[error("the provider refused: {message}")]
    Api { kind: ApiErrorKind, message: String },
    /// A refusal that names an order all the same (`{"error":"low balance","order":32}`):
    /// the order may exist upstream, so this is an unknown outcome, never a refund.
    #[error("the provider refused ({message}) yet named order {order_id}: it may exist")]
    RefusedWithOrder { message: String, order_id: String },
}

/// The provider's explicit "no", classified so that customers get plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiErrorKind {
    InvalidKey,
    InsufficientFunds,
    InvalidService,
    InvalidLink,
    InvalidQuantity,
    DuplicateActiveOrder,
    OrderNotFound,
    NotSupported,
    Other,
}

impl ProviderError {
    /// The API has no such operation: nothing was asked of the provider.
    pub fn is_not_supported(&self) -> bool {
        matches!(
            self,
            Self::Api {
                kind: ApiErrorKind::NotSupported,
                ..
            }
        )
    }

    /// A short, stable name for the metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Connect(_) => "connect",
            Self::Timeout => "timeout",
            Self::Transport(_) => "transport",
            Self::RateLimited { .. } => "rate_limited",
            Self::Http { .. } => "http",
            Self::Challenged { .. } => "challenged",
            Self::Malformed { .. } => "malformed",
            Self::Api { .. } => "api",
            Self::RefusedWithOrder { .. } => "refused_with_order",
        }
    }

    /// True when the provider certainly did not create anything: the only case in which a
    /// failed order creation may be refunded at once. Everything else is an unknown outcome.
    /// (A firewall challenge or a rate limit stops the request before the API sees it.)
    pub fn definitely_not_placed(&self) -> bool {
        matches!(
            self,
            Self::Connect(_) | Self::RateLimited { .. } | Self::Challenged { .. } | Self::Api { .. }
        )
    }
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
