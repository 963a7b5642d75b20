//! The shop as a panel: its own panel API v2, through which other panels and bots (another
//! smmbot among them) resell its catalogue. Each action answers in the panel vocabulary and
//! shapes (`reference/providers.md` §0), so existing panel clients work unchanged; this module
//! knows nothing of HTTP: the listener (`app/api.rs`) hands it the request's fields.
//!
//! A key's orders are ordinary orders of its owner, placed by [`crate::orders::place`] with the
//! chat's checks: one money path. Panels have no idempotency key, so every `add` is a new
//! customer action: a client that sends the same `add` twice gets (and pays for) two orders.

pub mod keys;
mod listing;
mod ordering;
mod refusal;
mod tracking;

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::db::Db;
use crate::db::resellers::ResellerTerms;
use crate::error::Result;
use crate::pricing::{Pricing, ResellerPrices};
use crate::providers::Providers;
pub use refusal::Refusal;

/// At most this many ids in one `status`, `refill`, `refill_status` or `cancel` call.
pub const MAX_IDS: usize = 100;

/// What the API answers with: the shop's catalogue, money and providers, and its rules.
#[derive(Clone)]
pub struct Reselling {
    pub db: Db,
    pub providers: Providers,
    pub pricing: Pricing,
    /// Who hears about orders that need an admin.
    pub admins: Vec<u64>,
    /// Only customers an admin marked as resellers may use a key.
    pub resellers_only: bool,
}

/// The customer a request's key belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Caller {
    pub user_id: i64,
    pub terms: ResellerTerms,
}

/// A request's fields but its key, by name; blank values count as absent.
#[derive(Debug, Clone, Default)]
pub struct Fields(HashMap<String, String>);

impl Fields {
    pub fn new(fields: HashMap<String, String>) -> Self {
        Self(fields)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// A field as given, only blank ones left out: custom comments keep their lines.
    fn raw(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }
}

impl Reselling {
    /// The customer whose live key this is, if they may use it: not banned, and a reseller when
    /// only resellers may.
    pub async fn authenticate(&self, key: Option<&str>) -> Result<Result<Caller, Refusal>> {
        let Some(key) = key
            .map(str::trim)
            .filter(|k| !k.is_empty() && k.len() <= keys::MAX_KEY_LEN)
        else {
            return Ok(Err(Refusal::BadKey));
        };
        let Some(owner) = self.db.api_key_owner(&keys::hash(key)).await? else {
            return Ok(Err(Refusal::BadKey));
        };
        if owner.banned {
            return Ok(Err(Refusal::Suspended));
        }
        if self.resellers_only && !owner.terms.is_reseller {
            return Ok(Err(Refusal::NotReseller));
        }
        Ok(Ok(Caller {
            user_id: owner.user_id,
            terms: owner.terms,
        }))
    }

    /// The answer to one request of `caller`. While the shop is closed for maintenance every
    /// action is refused and nothing is placed.
    pub async fn answer(&self, caller: &Caller, action: Option<&str>, fields: &Fields) -> Result<Value> {
        if self.db.maintenance().await? {
            return Ok(Refusal::Closed.answer());
        }
        match action {
            Some("services") => listing::services(self, caller).await,
            Some("add") => ordering::add(self, caller, fields).await,
            Some("status") => tracking::status(self, caller, fields).await,
            Some("balance") => self.balance(caller).await,
            Some("refill") => tracking::refill(self, caller, fields).await,
            Some("refill_status") => tracking::refill_status(self, caller, fields).await,
            Some("cancel") => tracking::cancel(self, caller, fields).await,
            _ => Ok(Refusal::BadAction.answer()),
        }
    }

    async fn balance(&self, caller: &Caller) -> Result<Value> {
        let balance = self.db.balance(caller.user_id).await?;
        Ok(json!({
            "balance": self.amount(balance),
            "currency": self.pricing.shop_currency.code(),
        }))
    }

    /// An amount in the shop currency as panels write it: decimal text.
    fn amount(&self, minor: i64) -> String {
        self.pricing.shop_currency.to_decimal(minor).to_string()
    }

    /// The caller's prices: their own markup when an admin set one.
    async fn prices(&self, caller: &Caller) -> Result<Option<ResellerPrices>> {
        match caller.terms.markup_percent {
            Some(percent) => Ok(Some(
                ResellerPrices::load(&self.db, &self.pricing, percent).await?,
            )),
            None => Ok(None),
        }
    }
}

/// Ids from a multi-id field (`1,2,3`), or one id alone; more than [`MAX_IDS`] is refused.
fn ids<'f>(fields: &'f Fields, one: &str, many: &str) -> std::result::Result<Vec<&'f str>, Refusal> {
    let list: Vec<&str> = match (fields.get(many), fields.get(one)) {
        (Some(list), _) => list
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .collect(),
        (None, Some(id)) => vec![id],
        (None, None) => return Err(Refusal::BadRequest),
    };
    if list.len() > MAX_IDS {
        return Err(Refusal::TooManyIds);
    }
    Ok(list)
}

/// One of our ids as a client wrote it: a positive whole number.
fn our_id(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().filter(|id| *id > 0)
}

/// A decimal amount's text with no trailing zeros beyond what the currency writes.
fn rate_text(rate: Decimal) -> String {
    rate.normalize().to_string()
}
