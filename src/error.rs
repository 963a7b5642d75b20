//! The one error type of the crate, and the provider failures it carries.

use std::time::Duration;

use crate::config::ConfigError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("Telegram request failed: {0}")]
    Telegram(#[from] teloxide::RequestError),
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error("dialogue storage failed: {0}")]
    Dialogue(Box<dyn std::error::Error + Send + Sync>),
    #[error("{0}")]
    Setup(String),
    /// Something that must not happen did: logged loudly, never shown to customers as detail.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<Box<dyn std::error::Error + Send + Sync>> for Error {
    fn from(e: Box<dyn std::error::Error + Send + Sync>) -> Self {
        Self::Dialogue(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a provider call did not give a usable answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
