//! A simulated panel inside the binary, so the whole shop can be tried without a provider
//! account. Orders progress with time: pending, then in progress, then completed; every fifth
//! ends partial. The order id encodes when it was made and how big it is, so statuses stay
//! right across restarts without any storage.

use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use rust_decimal::Decimal;

use super::{Balance, Cap, NewOrder, OrderStatus, PerId, Provider, RemoteState, ServiceListing};
use crate::error::{ApiErrorKind, ProviderError};
use crate::vocabulary::{RateUnit, ServiceKind};

/// Seconds an order waits before it starts, and how long it then takes to deliver.
const PENDING_SECS: i64 = 15;
const DELIVERY_SECS: i64 = 60;

#[derive(Debug)]
pub struct Sandbox {
    next_seq: AtomicU64,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Self {
        // Start from the clock so ids made after a restart do not repeat earlier ones.
        let seed = u64::try_from(unix_now()).unwrap_or_default() % 100_000 * 10;
        Self {
            next_seq: AtomicU64::new(seed),
        }
    }

    /// The status of order `id` at unix time `now`.
    pub fn status_at(id: &str, now: i64) -> Option<OrderStatus> {
        let mut parts = id.strip_prefix("sb")?.split('x');
        let created: i64 = parts.next()?.parse().ok()?;
        let quantity: i64 = parts.next()?.parse().ok()?;
        let seq: i64 = parts.next()?.parse().ok()?;
        if parts.next().is_some() || quantity <= 0 {
            return None;
        }
        let elapsed = now - created;
        let partial = seq % 5 == 4;
        let (state, remains) = if elapsed < PENDING_SECS {
            (RemoteState::Pending, quantity)
        } else if elapsed < PENDING_SECS + DELIVERY_SECS {
            let done = quantity * (elapsed - PENDING_SECS) / DELIVERY_SECS;
            (RemoteState::InProgress, quantity - done)
        } else if partial {
            (RemoteState::Partial, quantity / 10)
        } else {
            (RemoteState::Completed, 0)
        };
        let raw_status = match state {
            RemoteState::Pending => "Pending",
            RemoteState::InProgress => "In progress",
            RemoteState::Partial => "Partial",
            _ => "Completed",
        };
        Some(OrderStatus {
            state,
            raw_status: raw_status.to_string(),
            charge: None,
            currency: None,
            start_count: Some(1000 + seq % 997),
            remains: Some(remains),
        })
    }
}

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn listing(
    id: &str,
    name: &str,
    category: &str,
    kind: ServiceKind,
    rate: Decimal,
    rate_unit: RateUnit,
    (min, max): (u64, u64),
) -> ServiceListing {
    ServiceListing {
        id: id.to_string(),
        name: name.to_string(),
        category: Some(category.to_string()),
        kind,
        rate,
        rate_unit,
        currency: None,
        min: Some(min),
        max: Some(max),
        refill: Cap::No,
        cancel: Cap::No,
        dripfeed: Cap::No,
        description: Some(format!("Sandbox service: no real delivery. {name}.")),
        target_bot: None,
    }
}

#[async_trait]
impl Provider for Sandbox {
    async fn services(&self) -> Result<Vec<ServiceListing>, ProviderError> {
        let telegram = "Telegram";
        let referrals = "Mini-app referrals";
        Ok(vec![
            listing(
                "1",
                "Telegram channel subscribers",
                telegram,
                ServiceKind::Default,
                Decimal::new(9000, 2),
                RateUnit::PerThousand,
                (100, 100_000),
            ),
            listing(
                "2",
                "Telegram post views",
                telegram,
                ServiceKind::Default,
                Decimal::new(500, 2),
                RateUnit::PerThousand,
                (50, 1_000_000),
            ),
            listing(
                "3",
                "Telegram post reactions",
                telegram,
                ServiceKind::Default,
                Decimal::new(2000, 2),
                RateUnit::PerThousand,
                (10, 50_000),
            ),
            ServiceListing {
                target_bot: Some("https://t.me/notpixel".into()),
                ..listing(
                    "10",
                    "Notpixel referrals",
                    referrals,
                    ServiceKind::Referral,
                    Decimal::new(800, 2),
                    RateUnit::PerOne,
                    (1, 500),
                )
            },
        ])
    }

    async fn create_order(&self, order: &NewOrder) -> Result<String, ProviderError> {
        if order.quantity == 0 {
            return Err(ProviderError::Api {
                kind: ApiErrorKind::InvalidQuantity,
                message: "Incorrect quantity".into(),
            });
        }
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        Ok(format!("sb{}x{}x{seq}", unix_now(), order.quantity))
    }

    async fn statuses(&self, ids: &[String]) -> Result<PerId<OrderStatus>, ProviderError> {
        let now = unix_now();
        Ok(ids
            .iter()
            .map(|id| {
                let status = Self::status_at(id, now).ok_or_else(|| ProviderError::Api {
                    kind: ApiErrorKind::OrderNotFound,
                    message: "Incorrect order ID".into(),
                });
                (id.clone(), status)
            })
            .collect())
    }

    async fn balance(&self) -> Result<Balance, ProviderError> {
        Ok(Balance {
            amount: Decimal::from(1_000_000),
            currency: None,
        })
    }

    fn status_batch_limit(&self) -> usize {
        100
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn orders_progress_to_completed_or_partial() {
        let sandbox = Sandbox::new();
        let id = sandbox
            .create_order(&NewOrder {
                service_id: "1".into(),
                link: "https://t.me/x".into(),
                quantity: 1000,
                extras: Default::default(),
            })
            .await
            .unwrap();
        let created: i64 = id[2..].split('x').next().unwrap().parse().unwrap();
        let at = |secs| Sandbox::status_at(&id, created + secs).unwrap();
        assert_eq!(at(0).state, RemoteState::Pending);
        assert_eq!(at(0).remains, Some(1000));
        let halfway = at(PENDING_SECS + DELIVERY_SECS / 2);
        assert_eq!(halfway.state, RemoteState::InProgress);
        assert_eq!(halfway.remains, Some(500));
        assert!(at(PENDING_SECS + DELIVERY_SECS).state.is_terminal());

        // Every fifth order ends partial, with a tenth undelivered.
        assert_eq!(
            Sandbox::status_at("sb100x1000x4", 100 + 3600).unwrap().state,
            RemoteState::Partial
        );
        assert_eq!(
            Sandbox::status_at("sb100x1000x4", 100 + 3600).unwrap().remains,
            Some(100)
        );
        assert_eq!(
            Sandbox::status_at("sb100x1000x5", 100 + 3600).unwrap().state,
            RemoteState::Completed
        );
    }

    #[tokio::test]
    async fn unknown_ids_are_reported_per_item() {
        let sandbox = Sandbox::new();
        let answer = sandbox
            .statuses(&["nonsense".into(), "sb1x0x1".into()])
            .await
            .unwrap();
        assert!(matches!(
            answer["nonsense"],
            Err(ProviderError::Api {
                kind: ApiErrorKind::OrderNotFound,
                ..
            })
        ));
        assert!(answer["sb1x0x1"].is_err());
    }

    #[tokio::test]
    async fn the_catalogue_has_a_telegram_and_a_referral_service() {
        let services = Sandbox::new().services().await.unwrap();
        assert!(
            services
                .iter()
                .any(|s| s.name.contains("subscribers") && s.kind == ServiceKind::Default)
        );
        assert!(
            services
                .iter()
                .any(|s| s.kind == ServiceKind::Referral && s.target_bot.is_some())
        );
        let categories: std::collections::HashSet<_> = services.iter().map(|s| s.category.clone()).collect();
        assert_eq!(categories.len(), 2);
    }
}
