//! `services`: the catalogue on sale as a panel lists it. Our ids, names, categories and sale
//! prices only: a provider's ids, names and costs never leave the shop.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{Caller, Reselling, rate_text};
use crate::db::catalogue::Service;
use crate::error::Result;
use crate::money::Currency;
use crate::vocabulary::ServiceKind;

pub(super) async fn services(api: &Reselling, caller: &Caller) -> Result<Value> {
    let on_sale = api.db.on_sale().await?;
    let prices = api.prices(caller).await?;
    let mut listed: Vec<Service> = on_sale
        .services
        .values()
        .flatten()
        .map(|service| match &prices {
            Some(prices) => prices.apply(service),
            None => service.clone(),
        })
        .collect();
    // Stable ids in a stable order, as panels list them.
    listed.sort_by_key(|service| service.id);
    let currency = &api.pricing.shop_currency;
    Ok(Value::Array(
        listed
            .iter()
            .filter_map(|service| entry(service, currency))
            .collect(),
    ))
}

/// One service as a panel lists it, when it is on sale.
fn entry(service: &Service, currency: &Currency) -> Option<Value> {
    Some(json!({
        "service": service.id,
        "name": service.name,
        "type": panel_type(&service.kind())?,
        "category": service.category,
        "rate": rate_text(rate(service, currency)?),
        "min": service.min_quantity.to_string(),
        "max": service.max_quantity.to_string(),
        "refill": service.refill,
        "cancel": service.cancel,
        "dripfeed": service.dripfeed,
    }))
}

/// The sale price per 1000 items, or per one for referral services, as panels quote them.
fn rate(service: &Service, currency: &Currency) -> Option<Decimal> {
    let per_unit = currency.to_decimal(service.sale_price()?);
    let unit_items = Decimal::from(service.unit_items.max(1));
    let quoted_items = Decimal::from(match service.kind() {
        ServiceKind::Referral => 1,
        _ => 1000,
    });
    per_unit.checked_mul(quoted_items)?.checked_div(unit_items)
}

/// The panel's name of a service type; a type we do not sell has none.
fn panel_type(kind: &ServiceKind) -> Option<&'static str> {
    Some(match kind {
        ServiceKind::Default => "Default",
        ServiceKind::Package => "Package",
        ServiceKind::CustomComments => "Custom Comments",
        ServiceKind::Poll => "Poll",
        ServiceKind::Subscriptions => "Subscriptions",
        ServiceKind::Referral => "Referral",
        ServiceKind::Unknown(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::decode::service_kind;

    #[test]
    fn our_panel_types_read_back_as_the_same_kinds() {
        for kind in [
            ServiceKind::Default,
            ServiceKind::Package,
            ServiceKind::CustomComments,
            ServiceKind::Poll,
            ServiceKind::Subscriptions,
            ServiceKind::Referral,
        ] {
            assert_eq!(service_kind(panel_type(&kind).unwrap()), kind);
        }
        assert_eq!(panel_type(&ServiceKind::Unknown("seo".into())), None);
    }
}
