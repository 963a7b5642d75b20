//! The plain words every layer shares: where an order is, what a service is, what its rate is
//! for, and an order's type-specific options. This module imports nothing of the crate, so
//! storage, providers, the domain and the bot can all name these without importing each other.

use serde::{Deserialize, Serialize};

/// Where an order is in its life. Stored as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderState {
    /// Paid, being sent to the provider.
    Submitting,
    /// The provider accepted it and gave us its id.
    Placed,
    /// The provider said no; the money came back.
    Rejected,
    /// We do not know whether the provider created it: money held, an admin or the poller settles it.
    UnknownOutcome,
    Pending,
    InProgress,
    Completed,
    Partial,
    Canceled,
    Refunded,
    Failed,
}

impl OrderState {
    pub const ALL: [OrderState; 11] = [
        Self::Submitting,
        Self::Placed,
        Self::Rejected,
        Self::UnknownOutcome,
        Self::Pending,
        Self::InProgress,
        Self::Completed,
        Self::Partial,
        Self::Canceled,
        Self::Refunded,
        Self::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitting => "submitting",
            Self::Placed => "placed",
            Self::Rejected => "rejected",
            Self::UnknownOutcome => "unknown_outcome",
            Self::Pending => "pending",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Partial => "partial",
            Self::Canceled => "canceled",
            Self::Refunded => "refunded",
            Self::Failed => "failed",
        }
    }

    /// Reads a stored state; an unrecognised one is treated as needing attention.
    pub fn from_db(text: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .unwrap_or(Self::UnknownOutcome)
    }
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

    /// Reads [`ServiceKind::as_str`] back.
    pub fn from_db(text: &str) -> Self {
        match text {
            "default" => Self::Default,
            "package" => Self::Package,
            "custom_comments" => Self::CustomComments,
            "poll" => Self::Poll,
            "subscriptions" => Self::Subscriptions,
            "referral" => Self::Referral,
            other => Self::Unknown(other.to_string()),
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

/// The type-specific parameters of an order, sent only when set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderExtras {
    /// Custom Comments: one comment per line.
    pub comments: Option<String>,
    /// Poll: the number of the answer to vote for.
    pub answer_number: Option<u32>,
    /// Drip-feed: how many runs, and minutes between them.
    pub dripfeed: Option<DripFeed>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DripFeed {
    pub runs: u32,
    pub interval_minutes: u32,
}

/// Where a customer placed an order from. Stored as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderOrigin {
    /// The bot's chat.
    Chat,
    /// The shop's panel API, with the customer's key.
    Api,
    /// The Mini App.
    Webapp,
}

impl OrderOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Chat => "chat",
            Self::Api => "api",
            Self::Webapp => "webapp",
        }
    }
}
