//! The one error type of the crate.

use crate::config::ConfigError;
use crate::providers::ProviderError;

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
