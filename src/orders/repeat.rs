//! "Order again": whether a customer's earlier order can be repeated as it was — the same
//! service, link, quantity and extras — and with what. Repeating only fills in an order: it is
//! priced, confirmed and placed as any other.

use crate::db::Db;
use crate::db::catalogue::Service;
use crate::error::Result;
use crate::orders::input::check_link;
use crate::vocabulary::OrderExtras;

#[derive(Debug, Clone, PartialEq)]
pub enum Repeat {
    /// The order filled in again, to be priced today and confirmed.
    Ready {
        service: Service,
        link: String,
        quantity: u64,
        extras: OrderExtras,
    },
    /// Not this customer's order, or its service is not on sale any more.
    Unavailable,
    /// The service takes other quantities now.
    OutOfLimits { service: Service, quantity: u64 },
    /// The service no longer takes the order's link (its rule changed): ask for one anew.
    LinkRefused { service: Service },
}

/// What repeating `user_id`'s order `order_id` would take.
pub async fn repeat(db: &Db, user_id: i64, order_id: i64) -> Result<Repeat> {
    let Some(card) = db.order_card(order_id, user_id).await? else {
        return Ok(Repeat::Unavailable);
    };
    let order = card.order;
    let Some(service) = db.service_on_sale(order.service_id).await? else {
        return Ok(Repeat::Unavailable);
    };
    let quantity = u64::try_from(order.quantity).unwrap_or(0);
    if !(service.min_quantity..=service.max_quantity).contains(&order.quantity) {
        return Ok(Repeat::OutOfLimits { service, quantity });
    }
    let Ok(link) = check_link(service.link_rule(), service.target_bot.as_deref(), &order.link) else {
        return Ok(Repeat::LinkRefused { service });
    };
    let extras = order.extras();
    Ok(Repeat::Ready {
        service,
        link,
        quantity,
        extras,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{search, sync_all};
    use crate::config::Config;
    use crate::db::ledger::{LedgerKind, Movement};
    use crate::db::orders::NewPaidOrder;
    use crate::db::testing::{customer, temp_db};
    use crate::pricing::Pricing;
    use crate::providers::Providers;
    use crate::vocabulary::{DripFeed, OrderOrigin};

    /// The sandbox catalogue on sale, customer 7 with money, and their paid drip-feed order of
    /// 500 views per run; returns the order's id.
    async fn ordered() -> (Db, i64, tempfile::TempDir) {
        let (db, dir) = temp_db().await;
        let config = Config::from_lookup(|_| None).unwrap();
        let providers = Providers::from_config(&config.providers).unwrap();
        sync_all(&db, &providers, &Pricing::from_config(&config)).await;
        customer(&db, 7).await;
        let seed = Movement {
            user_id: 7,
            kind: LedgerKind::AdminCredit,
            reference: "seed",
            amount_minor: 100_000,
            note: None,
        };
        db.apply_movement(&seed).await.unwrap().unwrap();
        let views = search(&db, "views", 1).await.unwrap().remove(0);
        let extras = OrderExtras {
            dripfeed: Some(DripFeed {
                runs: 3,
                interval_minutes: 15,
            }),
            ..OrderExtras::default()
        };
        let new = NewPaidOrder {
            user_id: 7,
            service_id: views.id,
            provider: &views.provider,
            provider_service_id: &views.provider_service_id,
            request_key: "7:first",
            origin: OrderOrigin::Chat,
            link: "https://t.me/chan/5",
            quantity: 500,
            extras: &extras,
            charge_minor: 100,
            discount: None,
        };
        let (order_id, _) = db.create_paid_order(&new).await.unwrap().unwrap();
        (db, order_id, dir)
    }

    async fn set(db: &Db, assignment: &str) {
        sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE services SET {assignment}")))
            .execute(db.pool())
            .await
            .unwrap();
        db.catalogue_changed();
    }

    #[tokio::test]
    async fn an_order_is_filled_in_again_as_it_was() {
        let (db, order_id, _dir) = ordered().await;
        let Repeat::Ready {
            service,
            link,
            quantity,
            extras,
        } = repeat(&db, 7, order_id).await.unwrap()
        else {
            panic!("the order can be repeated");
        };
        assert!(service.name.contains("views"), "{}", service.name);
        assert_eq!((link.as_str(), quantity), ("https://t.me/chan/5", 500));
        assert_eq!(
            extras.dripfeed,
            Some(DripFeed {
                runs: 3,
                interval_minutes: 15
            })
        );
        // Another customer's order is not theirs to repeat.
        assert_eq!(repeat(&db, 8, order_id).await.unwrap(), Repeat::Unavailable);
        assert_eq!(repeat(&db, 7, order_id + 1).await.unwrap(), Repeat::Unavailable);
    }

    #[tokio::test]
    async fn what_changed_since_is_said_rather_than_ordered() {
        let (db, order_id, _dir) = ordered().await;
        set(&db, "max_quantity = 400").await;
        assert!(matches!(
            repeat(&db, 7, order_id).await.unwrap(),
            Repeat::OutOfLimits { quantity: 500, .. }
        ));
        set(&db, "max_quantity = 10000, link_rule = 'referral'").await;
        assert!(matches!(
            repeat(&db, 7, order_id).await.unwrap(),
            Repeat::LinkRefused { .. }
        ));
        set(&db, "enabled = 0").await;
        assert_eq!(repeat(&db, 7, order_id).await.unwrap(), Repeat::Unavailable);
    }
}
