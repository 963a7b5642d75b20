//! What the API says when it does not do what was asked: the panel vocabulary's
//! `{"error": "..."}`, worded so that panel clients (ours included, see
//! `providers::decode::api_error_kind`) read the right reason. Never a provider's own words.

use serde_json::{Value, json};

use crate::orders::input::{CommentsError, LinkError, QuantityError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    BadKey,
    /// The key's owner is banned.
    Suspended,
    /// Only resellers may use the API, and the key's owner is not one (any more).
    NotReseller,
    /// Closed for maintenance.
    Closed,
    TooManyRequests,
    TooLarge,
    BadRequest,
    BadAction,
    TooManyIds,
    BadService,
    BadLink(LinkError),
    BadQuantity(QuantityError),
    BadComments(CommentsError),
    BadAnswerNumber,
    BadDripFeed,
    NoDripFeed,
    NotEnoughFunds,
    /// The price moved between pricing and charging; nothing was charged.
    PriceChanged,
    /// Our provider said no at once; the charge came back.
    NotAccepted,
    DuplicateActiveOrder,
    BadOrderId,
    BadRefillId,
    RefillUnavailable,
    CancelUnavailable,
    /// Our provider could not be asked, or said no, about a refill or a cancel.
    RequestFailed,
    /// A refill was accepted but cannot be found: nothing for the client to do but ask later.
    Internal,
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Self::BadKey => "Invalid API key".into(),
            Self::Suspended => "Account suspended".into(),
            Self::NotReseller => "API access is not enabled for this account".into(),
            Self::Closed => "Closed for maintenance, try again later".into(),
            Self::TooManyRequests => "Too many requests".into(),
            Self::TooLarge => "Request too large".into(),
            Self::BadRequest => "Incorrect request".into(),
            Self::BadAction => "Incorrect action".into(),
            Self::TooManyIds => format!("Too many ids, at most {} in one request", super::MAX_IDS),
            Self::BadService => "Incorrect service ID".into(),
            Self::BadLink(LinkError::WrongBot { expected }) => {
                format!("Incorrect link: it must lead to {expected}")
            }
            Self::BadLink(LinkError::NoStartParameter) => "Incorrect link: it needs a start parameter".into(),
            Self::BadLink(LinkError::NotTelegram) => "Incorrect link: it must be a Telegram link".into(),
            Self::BadLink(LinkError::NotAUrl) => "Incorrect link".into(),
            Self::BadQuantity(QuantityError::BelowMin(min)) => format!("Incorrect quantity: minimal {min}"),
            Self::BadQuantity(QuantityError::AboveMax(max)) => format!("Incorrect quantity: maximal {max}"),
            Self::BadQuantity(QuantityError::NotANumber) => "Incorrect quantity".into(),
            Self::BadComments(CommentsError::TooFew(min)) => {
                format!("Incorrect comments: at least {min}, one per line")
            }
            Self::BadComments(CommentsError::TooMany(max)) => format!("Incorrect comments: at most {max}"),
            Self::BadComments(CommentsError::TooLong { line }) => {
                format!("Incorrect comments: comment {line} is too long")
            }
            Self::BadAnswerNumber => "Incorrect answer_number".into(),
            Self::BadDripFeed => "Incorrect runs or interval".into(),
            Self::NoDripFeed => "Drip-feed is not available for this service".into(),
            Self::NotEnoughFunds => "Not enough funds on balance".into(),
            Self::PriceChanged => "The price has changed, please try again".into(),
            Self::NotAccepted => "Not accepted, nothing was charged".into(),
            Self::DuplicateActiveOrder => "Active order with this link exists".into(),
            Self::BadOrderId => "Incorrect order ID".into(),
            Self::BadRefillId => "Incorrect refill ID".into(),
            Self::RefillUnavailable => "Refill is not available for this order".into(),
            Self::CancelUnavailable => "Cancel is not available for this order".into(),
            Self::RequestFailed => "Not possible right now, try again later".into(),
            Self::Internal => "Internal error, try again later".into(),
        }
    }

    /// `{"error": "..."}`.
    pub fn answer(&self) -> Value {
        json!({ "error": self.message() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiErrorKind;
    use crate::providers::decode::api_error_kind;

    /// Our own panel client reads each refusal as what it is.
    #[test]
    fn a_panel_client_reads_the_reason_of_each_refusal() {
        for (refusal, kind) in [
            (Refusal::BadKey, ApiErrorKind::InvalidKey),
            (Refusal::NotEnoughFunds, ApiErrorKind::InsufficientFunds),
            (Refusal::BadService, ApiErrorKind::InvalidService),
            (
                Refusal::BadLink(LinkError::NotTelegram),
                ApiErrorKind::InvalidLink,
            ),
            (
                Refusal::BadQuantity(QuantityError::BelowMin(10)),
                ApiErrorKind::InvalidQuantity,
            ),
            (
                Refusal::BadQuantity(QuantityError::NotANumber),
                ApiErrorKind::InvalidQuantity,
            ),
            (Refusal::DuplicateActiveOrder, ApiErrorKind::DuplicateActiveOrder),
            (Refusal::BadOrderId, ApiErrorKind::OrderNotFound),
            (Refusal::BadRefillId, ApiErrorKind::OrderNotFound),
            (Refusal::BadAction, ApiErrorKind::NotSupported),
            (Refusal::Closed, ApiErrorKind::Other),
            (Refusal::NotAccepted, ApiErrorKind::Other),
        ] {
            assert_eq!(api_error_kind(&refusal.message()), kind, "{refusal:?}");
        }
    }
}
