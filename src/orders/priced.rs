//! What an order costs the customer: its service's charge, less the discount waiting for their
//! next order. Every path that shows a total or checks one before charging prices it here, so
//! the confirmation, the placing and a purchase waiting for a top-up agree to the minor unit.

use super::{billed_items, quote};
use crate::db::Db;
use crate::db::catalogue::Service;
use crate::db::orders::DiscountUse;
use crate::error::Result;
use crate::payments::promo::discount::{self, Discounted};
use crate::pricing::Pricing;
use crate::vocabulary::OrderExtras;

/// An order's total for one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priced {
    /// What the customer is charged.
    pub charge_minor: i64,
    /// The discount taken off the service's charge, if any.
    pub discount: Option<Discounted>,
}

impl Priced {
    /// The discount as the paid order records its use.
    pub fn discount_use(&self) -> Option<DiscountUse<'_>> {
        self.discount.as_ref().map(|d| DiscountUse {
            code: &d.code,
            off_minor: d.off_minor(),
        })
    }

    /// The total before the discount.
    pub fn full_charge_minor(&self) -> i64 {
        self.discount
            .as_ref()
            .map_or(self.charge_minor, |d| d.original_minor)
    }
}

/// What `user_id` pays for `quantity` (per run) of `service` with `extras`; `None` when the
/// service is not on sale.
pub async fn price(
    db: &Db,
    pricing: &Pricing,
    user_id: i64,
    service: &Service,
    quantity: u64,
    extras: &OrderExtras,
) -> Result<Option<Priced>> {
    let (Some(full), Some(items)) = (quote(service, quantity, extras), billed_items(quantity, extras)) else {
        return Ok(None);
    };
    let mut conn = db.pool().acquire().await?;
    let discount = discount::apply(&mut conn, pricing, user_id, service, items, full).await?;
    Ok(Some(Priced {
        charge_minor: discount.as_ref().map_or(full, |d| d.charge_minor),
        discount,
    }))
}
