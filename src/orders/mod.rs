//! Orders: checking what the customer typed, and placing an order so that money is never
//! lost and never taken twice.

pub mod actions;
pub mod checkout;
pub mod input;
pub mod lifecycle;
pub mod pending;
pub mod poller;
pub mod priced;
pub mod repeat;
pub mod submission;

use crate::catalogue;
use crate::db::catalogue::Service;
use crate::db::orders::{NewPaidOrder, PayError};
use crate::db::{Db, now};
use crate::error::{Error, ProviderError, Result};
use crate::money;
use crate::pricing::Pricing;
use crate::providers::{NewOrder, ProviderHandle, Providers};
use crate::vocabulary::{OrderExtras, OrderOrigin};
use submission::Answered;

/// A quote older than this is checked against the provider's current rate before charging.
pub const QUOTE_FRESH_SECS: i64 = 300;

/// What the customer asked for, already checked against the service.
#[derive(Debug, Clone)]
pub struct OrderRequest<'a> {
    pub user_id: i64,
    pub service: &'a Service,
    pub link: &'a str,
    /// Items per run for drip-feed orders, the number of comments for custom comments.
    pub quantity: u64,
    pub extras: &'a OrderExtras,
    /// What the confirmation screen showed; the order is refused if the price has moved since.
    pub quoted_charge_minor: i64,
    /// When that screen priced it (unix seconds).
    pub quoted_at: i64,
    pub request_key: &'a str,
    pub origin: OrderOrigin,
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

/// The charge for an order of a service on sale, or `None` when it is not on sale. A drip-feed
/// order delivers `quantity` on each run, and every run is paid for.
pub fn quote(service: &Service, quantity: u64, extras: &OrderExtras) -> Option<i64> {
    let unit = u32::try_from(service.unit_items).ok()?;
    money::order_charge(service.sale_price()?, unit, billed_items(quantity, extras)?)
}

/// Every item an order of `quantity` per run delivers.
fn billed_items(quantity: u64, extras: &OrderExtras) -> Option<u64> {
    quantity.checked_mul(extras.dripfeed.map_or(1, |d| u64::from(d.runs)))
}

/// Places one order: pay and record it in one transaction, then ask the provider, then record
/// the provider's answer (reconciled with whatever happened to the order meanwhile, see
/// [`submission`]). A definite "no" refunds at once; an unclear answer holds the money in
/// `unknown_outcome` and is never retried blindly; admins hear of anything that needs them. The customer pays what they confirmed or
/// nothing: a stale quote is re-checked first, and a moved price charges nothing. The total is
/// [`priced::price`]'s, with the customer's waiting discount; the discount is used only if the
/// order is paid, and one gone meanwhile is a moved price (the full one).
pub async fn place(
    db: &Db,
    providers: &Providers,
    pricing: &Pricing,
    admins: &[u64],
    request: &OrderRequest<'_>,
) -> Result<PlaceOutcome> {
    let Some(provider) = providers.get(&request.service.provider) else {
        return Ok(PlaceOutcome::Unavailable);
    };
    let Some(service) = current_offer(db, provider, pricing, request).await? else {
        return Ok(PlaceOutcome::Unavailable);
    };
    let service = &service;
    let Some(priced) = priced::price(
        db,
        pricing,
        request.user_id,
        service,
        request.quantity,
        request.extras,
    )
    .await?
    else {
        return Ok(PlaceOutcome::Unavailable);
    };
    let charge_minor = priced.charge_minor;
    if charge_minor != request.quoted_charge_minor {
        return Ok(PlaceOutcome::PriceChanged { charge_minor });
    }
    let quantity = i64::try_from(request.quantity)
        .map_err(|_| Error::Internal(format!("quantity {} out of range", request.quantity)))?;
    let paid = db
        .create_paid_order(&NewPaidOrder {
            user_id: request.user_id,
            service_id: service.id,
            provider: &service.provider,
            provider_service_id: &service.provider_service_id,
            request_key: request.request_key,
            origin: request.origin,
            link: request.link,
            quantity,
            extras: request.extras,
            charge_minor,
            discount: priced.discount_use(),
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
        Err(PayError::DiscountGone) => {
            return Ok(PlaceOutcome::PriceChanged {
                charge_minor: priced.full_charge_minor(),
            });
        }
    };

    let created = provider
        .api
        .create_order(&NewOrder {
            service_id: service.provider_service_id.clone(),
            link: request.link.to_string(),
            quantity: request.quantity,
            extras: request.extras.clone(),
        })
        .await;
    let answered = match &created {
        Ok(provider_order_id) => submission::placed(db, admins, order_id, provider_order_id).await?,
        Err(error) if error.definitely_not_placed() => {
            submission::refused(db, admins, order_id, &error.to_string()).await?
        }
        Err(error) => {
            submission::unknown(db, order_id, &error.to_string()).await?;
            tracing::warn!(
                order_id,
                provider = %service.provider,
                %error,
                "order outcome unknown: money held until it is settled"
            );
            return Ok(PlaceOutcome::Unconfirmed { order_id });
        }
    };
    Ok(match (answered, created) {
        (Answered::Placed, Ok(provider_order_id)) => {
            tracing::info!(order_id, provider = %service.provider, %provider_order_id, "order placed");
            PlaceOutcome::Placed {
                order_id,
                balance_after,
            }
        }
        (Answered::Refunded { refunded_minor }, Err(error)) => {
            tracing::warn!(order_id, provider = %service.provider, %error, "provider refused the order");
            PlaceOutcome::Rejected {
                order_id,
                error,
                refunded_minor,
            }
        }
        _ => PlaceOutcome::Unconfirmed { order_id },
    })
}

/// The service as the order is to be charged. A quote older than [`QUOTE_FRESH_SECS`] is checked
/// against the provider's current listing (which re-prices its services) first; when the provider
/// cannot be asked, the catalogue's price stands, as it would for a fresh quote.
async fn current_offer(
    db: &Db,
    provider: &ProviderHandle,
    pricing: &Pricing,
    request: &OrderRequest<'_>,
) -> Result<Option<Service>> {
    if now() - request.quoted_at <= QUOTE_FRESH_SECS {
        return Ok(Some(request.service.clone()));
    }
    if let Err(e) = catalogue::sync_provider(db, provider, pricing).await {
        tracing::warn!(provider = %provider.name, error = %e, "stale quote not re-checked: the catalogue price stands");
    }
    db.service(request.service.id).await
}

#[cfg(test)]
mod tests;
