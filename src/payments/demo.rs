//! Demo money: while the built-in sandbox is the only provider (orders are simulated), a
//! customer can put a fixed amount on their balance to try the whole flow without paying. It
//! goes through the ledger like any top-up, as its own kind, and is never there once a real
//! provider is configured: then it would be money for nothing.

use rust_decimal::Decimal;

use crate::config::{Config, ProviderKind};
use crate::db::Db;
use crate::db::ledger::{LedgerError, LedgerKind, Movement};
use crate::error::{Error, Result};

/// What one demo top-up puts on the balance, in shop currency units: a few of the sandbox's
/// orders, whose prices are a few to a hundred units.
pub const DEMO_TOP_UP_UNITS: i64 = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoTopUp {
    Credited {
        amount_minor: i64,
        balance_minor: i64,
    },
    /// This tap was booked before (Telegram delivered it again).
    AlreadyApplied,
    /// A real provider is configured: no demo money.
    Unavailable,
}

/// Whether this shop offers demo money: every provider it has is a sandbox.
pub fn offered(config: &Config) -> bool {
    config.providers.iter().all(|p| p.kind == ProviderKind::Sandbox)
}

/// The amount of one demo top-up, in minor units of the shop currency.
pub fn amount_minor(config: &Config) -> i64 {
    config
        .shop_currency
        .round_up(Decimal::from(DEMO_TOP_UP_UNITS))
        .expect("a small whole amount fits any currency")
}

/// Credits the demo amount to `user_id`, once per `reference` (the tap's id).
pub async fn top_up(db: &Db, config: &Config, user_id: i64, reference: &str) -> Result<DemoTopUp> {
    if !offered(config) {
        return Ok(DemoTopUp::Unavailable);
    }
    let amount_minor = amount_minor(config);
    let movement = Movement {
        user_id,
        kind: LedgerKind::DemoTopup,
        reference,
        amount_minor,
        note: Some("demo money: sandbox only"),
    };
    match db.apply_movement(&movement).await? {
        Ok(balance_minor) => Ok(DemoTopUp::Credited {
            amount_minor,
            balance_minor,
        }),
        Err(LedgerError::AlreadyApplied) => Ok(DemoTopUp::AlreadyApplied),
        Err(e) => Err(Error::Internal(format!("a demo top-up failed: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Config {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned()).expect("config")
    }

    #[test]
    fn only_sandbox_shops_offer_demo_money() {
        assert!(offered(&config(&[])));
        assert!(offered(&config(&[
            ("PROVIDERS", "demo"),
            ("PROVIDER_DEMO_KIND", "sandbox")
        ])));
        let real = config(&[
            ("PROVIDERS", "demo,panel"),
            ("PROVIDER_DEMO_KIND", "sandbox"),
            ("PROVIDER_PANEL_KIND", "panel_v2"),
            ("PROVIDER_PANEL_URL", "https://panel.example/api/v2"),
            ("PROVIDER_PANEL_KEY", "k"),
        ]);
        assert!(!offered(&real));
        assert_eq!(amount_minor(&config(&[("SHOP_CURRENCY", "USD")])), 100_000);
        assert_eq!(amount_minor(&config(&[("SHOP_CURRENCY", "IRT")])), 1000);
    }
}
