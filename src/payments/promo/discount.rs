//! A discount code on the customer's next order: what it takes off the order's total. Like the
//! loss guard's rule for prices, a discount stops at what the order costs us unless the admin
//! created the code allowing it to go below.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::db::catalogue::Service;
use crate::db::now;
use crate::db::promo as store;
use crate::error::Result;
use crate::pricing::{Pricing, Rules};

/// An order's total with the customer's discount taken off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discounted {
    pub code: String,
    pub percent: i64,
    pub original_minor: i64,
    pub charge_minor: i64,
}

impl Discounted {
    /// What the discount takes off, minor units.
    pub fn off_minor(&self) -> i64 {
        self.original_minor - self.charge_minor
    }
}

/// `percent` off `charge_minor`, rounded in the shop's favour, and never below `floor_minor`
/// when there is one (a total already below it stays as it is).
pub fn discounted_charge(charge_minor: i64, percent: i64, floor_minor: Option<i64>) -> i64 {
    let off = i128::from(charge_minor) * i128::from(percent.clamp(0, 100)) / 100;
    let reduced = charge_minor - i64::try_from(off).unwrap_or(0);
    match floor_minor {
        Some(floor) => reduced.max(floor.min(charge_minor)),
        None => reduced,
    }
}

/// The customer's waiting discount applied to an order of `items` (runs included) of `service`
/// totalling `charge_minor`; `None` when no discount waits, its code can no longer be used
/// (switched off, expired, used up since it was entered) or it takes nothing off.
pub async fn apply(
    conn: &mut SqliteConnection,
    pricing: &Pricing,
    user_id: i64,
    service: &Service,
    items: u64,
    charge_minor: i64,
) -> Result<Option<Discounted>> {
    let Some(promo) = store::attached_discount(&mut *conn, user_id).await? else {
        return Ok(None);
    };
    if !usable(&promo, now()) {
        return Ok(None);
    }
    let floor_minor = if promo.below_cost {
        None
    } else {
        // A cost that cannot be worked out takes nothing off: never a loss by accident.
        Some(order_cost_minor(&Rules::load(conn, pricing).await?, service, items).unwrap_or(charge_minor))
    };
    let charge = discounted_charge(charge_minor, promo.value, floor_minor);
    Ok((charge < charge_minor).then_some(Discounted {
        code: promo.code,
        percent: promo.value,
        original_minor: charge_minor,
        charge_minor: charge,
    }))
}

/// Whether an order paid at `at` could still take a use of the code (the same conditions
/// `take_use` checks when the order is paid).
fn usable(promo: &store::PromoCode, at: i64) -> bool {
    promo.active
        && promo.valid_until.is_none_or(|end| end > at)
        && promo.max_uses.is_none_or(|max| promo.uses < max)
}

/// What `items` of the service cost us in shop-currency minor units, rounded up.
fn order_cost_minor(rules: &Rules, service: &Service, items: u64) -> Option<i64> {
    let rate = Decimal::from_str(&service.rate).ok()?;
    let unit_cost = rules.convert(rate, service.rate_currency.as_deref()?).ok()?;
    let cost = unit_cost.checked_mul(Decimal::from(items))? / Decimal::from(service.unit_items.max(1));
    rules.shop_currency.round_up(cost)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_discount_rounds_in_the_shops_favour() {
        assert_eq!(discounted_charge(1_000, 10, None), 900);
        assert_eq!(discounted_charge(999, 10, None), 900, "99.9 off is 99");
        assert_eq!(discounted_charge(1_000, 100, None), 0);
    }

    #[test]
    fn a_discount_stops_at_cost_unless_the_code_allows_a_loss() {
        assert_eq!(discounted_charge(1_000, 50, Some(700)), 700);
        assert_eq!(discounted_charge(1_000, 50, None), 500);
        assert_eq!(discounted_charge(1_000, 10, Some(700)), 900);
        // Already sold below cost (an admin's fixed price): the discount adds no more loss.
        assert_eq!(discounted_charge(1_000, 10, Some(1_200)), 1_000);
    }
}
