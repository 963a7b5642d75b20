//! Orders: checking what the customer typed, and placing an order so that money is never
//! lost and never taken twice.

pub mod actions;
pub mod checkout;
pub mod input;
pub mod lifecycle;
pub mod pending;
pub mod poller;
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
use crate::vocabulary::OrderExtras;
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
    let runs = extras.dripfeed.map_or(1, |d| u64::from(d.runs));
    money::order_charge(service.sale_price()?, unit, quantity.checked_mul(runs)?)
}

/// Places one order: pay and record it in one transaction, then ask the provider, then record
/// the provider's answer (reconciled with whatever happened to the order meanwhile, see
/// [`submission`]). A definite "no" refunds at once; an unclear answer holds the money in
/// `unknown_outcome` and is never retried blindly; admins hear of anything that needs them. The customer pays what they confirmed or
/// nothing: a stale quote is re-checked first, and a moved price charges nothing.
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
    let Some(charge_minor) = quote(service, request.quantity, request.extras) else {
        return Ok(PlaceOutcome::Unavailable);
    };
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
            link: request.link,
            quantity,
            extras: request.extras,
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
            tracing::error!(
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
mod tests {
    use super::*;
    use crate::catalogue::sync_provider;
    use crate::config::{Config, ProviderKind};
    use crate::db::ledger::{LedgerKind, Movement};
    use crate::db::testing::{customer, temp_db};

    /// A database with the sandbox catalogue on sale (RUB, 30 % markup) and one customer.
    async fn shop() -> (Db, Providers, Service, tempfile::TempDir) {
        let (db, dir) = temp_db().await;
        let config = Config::from_lookup(|_| None).unwrap();
        let providers = Providers::from_config(&config.providers).unwrap();
        let sandbox = providers
            .iter()
            .find(|p| p.config.kind == ProviderKind::Sandbox)
            .unwrap();
        sync_provider(&db, sandbox, &pricing()).await.unwrap();
        let service = crate::catalogue::search(&db, "subscribers", 1)
            .await
            .unwrap()
            .remove(0);
        customer(&db, 7).await;
        (db, providers, service, dir)
    }

    fn pricing() -> Pricing {
        Pricing::from_config(&Config::from_lookup(|_| None).unwrap())
    }

    async fn credit(db: &Db, amount_minor: i64) {
        let movement = Movement {
            user_id: 7,
            kind: LedgerKind::AdminCredit,
            reference: "seed",
            amount_minor,
            note: None,
        };
        db.apply_movement(&movement).await.unwrap().unwrap();
    }

    const NO_EXTRAS: &OrderExtras = &OrderExtras {
        comments: None,
        answer_number: None,
        dripfeed: None,
    };

    fn request<'a>(service: &'a Service, key: &'a str, charge: i64) -> OrderRequest<'a> {
        OrderRequest {
            user_id: 7,
            service,
            link: "https://t.me/channel",
            quantity: 1000,
            extras: NO_EXTRAS,
            quoted_charge_minor: charge,
            quoted_at: now(),
            request_key: key,
        }
    }

    #[tokio::test]
    async fn two_orders_that_together_exceed_the_balance_place_exactly_one() {
        let (db, providers, service, _dir) = shop().await;
        let charge = quote(&service, 1000, NO_EXTRAS).unwrap();
        assert_eq!(charge, 11700); // 90.00 RUB per 1000 with 30 % markup
        let drip = OrderExtras {
            dripfeed: Some(crate::vocabulary::DripFeed {
                runs: 3,
                interval_minutes: 10,
            }),
            ..NO_EXTRAS.clone()
        };
        assert_eq!(
            quote(&service, 1000, &drip),
            Some(3 * charge),
            "every run is paid for"
        );
        credit(&db, charge + charge / 2).await;

        let (a, b) = (request(&service, "7:a", charge), request(&service, "7:b", charge));
        let pricing = pricing();
        let (first, second) = tokio::join!(
            place(&db, &providers, &pricing, &[], &a),
            place(&db, &providers, &pricing, &[], &b)
        );
        let outcomes = [first.unwrap(), second.unwrap()];
        let placed = outcomes
            .iter()
            .filter(|o| matches!(o, PlaceOutcome::Placed { .. }))
            .count();
        assert_eq!(placed, 1, "{outcomes:?}");
        assert!(
            outcomes.contains(&PlaceOutcome::InsufficientFunds {
                missing_minor: charge / 2
            }),
            "{outcomes:?}"
        );
        assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, charge / 2);
        assert!(db.ledger_mismatches().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_same_confirmation_never_pays_twice() {
        let (db, providers, service, _dir) = shop().await;
        let charge = quote(&service, 1000, NO_EXTRAS).unwrap();
        credit(&db, charge * 3).await;
        let first = place(
            &db,
            &providers,
            &pricing(),
            &[],
            &request(&service, "7:same", charge),
        )
        .await
        .unwrap();
        let PlaceOutcome::Placed { order_id, .. } = first else {
            panic!("{first:?}")
        };
        let again = place(
            &db,
            &providers,
            &pricing(),
            &[],
            &request(&service, "7:same", charge),
        )
        .await
        .unwrap();
        assert_eq!(again, PlaceOutcome::AlreadyPlaced { order_id });
        assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, charge * 2);
    }

    #[tokio::test]
    async fn a_moved_price_charges_nothing() {
        let (db, providers, service, _dir) = shop().await;
        let charge = quote(&service, 1000, NO_EXTRAS).unwrap();
        credit(&db, charge * 2).await;
        let outcome = place(
            &db,
            &providers,
            &pricing(),
            &[],
            &request(&service, "7:x", charge - 1),
        )
        .await
        .unwrap();
        assert_eq!(outcome, PlaceOutcome::PriceChanged { charge_minor: charge });
        let disabled = Service {
            enabled: false,
            ..service.clone()
        };
        let outcome = place(
            &db,
            &providers,
            &pricing(),
            &[],
            &request(&disabled, "7:y", charge),
        )
        .await
        .unwrap();
        assert_eq!(outcome, PlaceOutcome::Unavailable);
        assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, charge * 2);
        assert_eq!(db.orders_page(7, 0, 10).await.unwrap().1, 0);
    }

    #[tokio::test]
    async fn a_stale_quote_is_rechecked_with_the_provider_before_charging() {
        let (db, providers, _, _dir) = shop().await;
        // The catalogue still shows an old rate of 80.00 per 1000; the sandbox now asks 90.00.
        sqlx::query("UPDATE services SET rate = '80', price_minor = 10400")
            .execute(db.pool())
            .await
            .unwrap();
        db.catalogue_changed();
        let outdated = crate::catalogue::search(&db, "subscribers", 1)
            .await
            .unwrap()
            .remove(0);
        let charge = quote(&outdated, 1000, NO_EXTRAS).unwrap();
        assert_eq!(charge, 10400);
        credit(&db, 50_000).await;

        let stale = OrderRequest {
            quoted_at: now() - QUOTE_FRESH_SECS - 1,
            ..request(&outdated, "7:stale", charge)
        };
        let outcome = place(&db, &providers, &pricing(), &[], &stale).await.unwrap();
        assert_eq!(outcome, PlaceOutcome::PriceChanged { charge_minor: 11700 });
        assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, 50_000);

        // Re-checked, the catalogue has the current price; a fresh quote of it is charged.
        let current = db.service(outdated.id).await.unwrap().unwrap();
        let fresh = request(&current, "7:fresh", 11700);
        let outcome = place(&db, &providers, &pricing(), &[], &fresh).await.unwrap();
        assert!(matches!(outcome, PlaceOutcome::Placed { .. }), "{outcome:?}");
        assert_eq!(db.user(7).await.unwrap().unwrap().balance_minor, 50_000 - 11700);
    }
}
