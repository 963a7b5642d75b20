//! Orders: checking what the customer typed, and placing an order so that money is never
//! lost and never taken twice.

pub mod input;

use crate::db::Db;
use crate::db::catalogue::Service;
use crate::db::orders::{NewPaidOrder, PayError};
use crate::error::{Error, Result};
use crate::money;
use crate::providers::{NewOrder, ProviderError, Providers};

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
    const ALL: [OrderState; 11] = [
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

/// What the customer asked for, already checked against the service.
#[derive(Debug, Clone)]
pub struct OrderRequest<'a> {
    pub user_id: i64,
    pub service: &'a Service,
    pub link: &'a str,
    pub quantity: u64,
    /// What the confirmation screen showed; the order is refused if the price has moved since.
    pub quoted_charge_minor: i64,
    pub request_key: &'a str,
}

/// How placing an order ended.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceOutcome {
    Placed {
        order_id: i64,
        balance_after: i64,
    },
    /// The provider said no and the charge was refunded.
    Rejected {
        order_id: i64,
        error: ProviderError,
        refunded_minor: i64,
    },
    /// The provider's answer is unknown (timeout, broken answer): money held, being checked.
    Unconfirmed {
        order_id: i64,
    },
    InsufficientFunds {
        missing_minor: i64,
    },
    /// This confirmation already placed this order.
    AlreadyPlaced {
        order_id: i64,
    },
    /// The service is no longer on sale.
    Unavailable,
    /// The price moved after the customer saw it; nothing was charged.
    PriceChanged {
        charge_minor: i64,
    },
}

/// The charge for `quantity` items of a service on sale, or `None` when it is not on sale.
pub fn quote(service: &Service, quantity: u64) -> Option<i64> {
    let unit = u32::try_from(service.unit_items).ok()?;
    money::order_charge(service.sale_price()?, unit, quantity)
}

/// Places one order: pay and record it in one transaction, then ask the provider, then record
/// the provider's answer. A definite "no" refunds at once; an unclear answer holds the money
/// in `unknown_outcome` and is never retried blindly.
pub async fn place(db: &Db, providers: &Providers, request: &OrderRequest<'_>) -> Result<PlaceOutcome> {
    let service = request.service;
    let Some(charge_minor) = quote(service, request.quantity) else {
        return Ok(PlaceOutcome::Unavailable);
    };
    if charge_minor != request.quoted_charge_minor {
        return Ok(PlaceOutcome::PriceChanged { charge_minor });
    }
    let Some(provider) = providers.get(&service.provider) else {
        return Ok(PlaceOutcome::Unavailable);
    };
    let quantity = i64::try_from(request.quantity)
        .map_err(|_| Error::Internal(format!("quantity {} out of range", request.quantity)))?;
    let paid = db
        .create_paid_order(&NewPaidOrder {
            user_id: request.user_id,
            service_id: service.id,
            provider: &service.provider,
            provider_service_id: &service.provider_service_id,
            request_key: request.request_key,
            link: request.link,
            quantity,
            charge_minor,
        })
        .await?;
    let (order_id, balance_after) = match paid {
        Ok(paid) => paid,
        Err(PayError::InsufficientFunds { balance, needed }) => {
            return Ok(PlaceOutcome::InsufficientFunds {
                missing_minor: needed - balance,
            });
        }
        Err(PayError::Duplicate(order_id)) => return Ok(PlaceOutcome::AlreadyPlaced { order_id }),
    };

    let created = provider
        .api
        .create_order(&NewOrder {
            service_id: service.provider_service_id.clone(),
            link: request.link.to_string(),
            quantity: request.quantity,
        })
        .await;
    match created {
        Ok(provider_order_id) => {
            db.mark_placed(order_id, &provider_order_id).await?;
            tracing::info!(order_id, provider = %service.provider, %provider_order_id, "order placed");
            Ok(PlaceOutcome::Placed {
                order_id,
                balance_after,
            })
        }
        Err(error) if error.definitely_not_placed() => {
            let refunded_minor = db.reject_and_refund(order_id, &error.to_string()).await?;
            tracing::warn!(order_id, provider = %service.provider, %error, "provider refused the order");
            Ok(PlaceOutcome::Rejected {
                order_id,
                error,
                refunded_minor: refunded_minor.unwrap_or(0),
            })
        }
        Err(error) => {
            db.mark_unknown_outcome(order_id, &error.to_string()).await?;
            tracing::error!(
                order_id,
                provider = %service.provider,
                %error,
                "order outcome unknown: money held until it is settled"
            );
            Ok(PlaceOutcome::Unconfirmed { order_id })
        }
    }
}
