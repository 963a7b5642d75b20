//! One concern, kept whole as one file per API family: the de-facto SMM panel API v2 (Perfect
//! Panel / JAP style), spoken by TmSMM, reseen.uz and thousands of other panels: one endpoint,
//! form POST with `key` and `action`, JSON answers.
//! BratanREF's "API for panels" is a reduced dialect of it, see [`Dialect`].
//!
//! Every answer is read leniently (providers.md §3): payloads may be wrapped in `data`, numbers
//! may be strings, batch answers come keyed by id or as a list, and per-item errors may be
//! objects or bare strings.

use std::collections::HashSet;

use async_trait::async_trait;
use serde_json::Value;
use url::Url;

use super::decode::{
    self, api_error_kind, bratanref_state, cap, decimal, get, informational, int, is_blank, refill_state,
    remote_state, text, top_level_error, uint,
};
use super::http::ProviderHttp;
use super::{
    Balance, Cap, NewOrder, OrderStatus, PerId, Provider, RefillStatus, RemoteState, ServiceListing,
};
use crate::config::{ProviderConfig, Secret};
use crate::error::{ApiErrorKind, Error, ProviderError};
use crate::vocabulary::{OrderExtras, RateUnit, ServiceKind};

/// The canonical limit of ids in one call with a list (`orders=`, `refills=`).
const BATCH_LIMIT: usize = 100;

/// BratanREF's catalogue has no categories; its campaigns are listed under this one.
const REFERRAL_CATEGORY: &str = "Referrals";

/// Where an answer names an order id (§22: `order` or `order_id`).
const ORDER_ID_FIELDS: &[&str] = &["order", "order_id"];

/// Which variant of the API a provider speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The canonical API v2: TmSMM, reseen.uz and the Perfect Panel family.
    Standard,
    /// BratanREF's "API for panels": referral campaigns with the mini-app's bot in `url`,
    /// only `balance`, `services`, `add` and `status`, and v1's numeric status codes.
    BratanRef,
}

/// Everything in which BratanREF differs from the canonical API, in one place.
impl Dialect {
    /// Ids per `status` call: BratanREF's `status` takes one order only.
    fn status_batch_limit(self) -> usize {
        match self {
            Self::Standard => BATCH_LIMIT,
            Self::BratanRef => 1,
        }
    }

    /// Refuses what the dialect lacks: BratanREF has no refill, refill status or cancel, and
    /// its `add` takes service, link and quantity only. `what` names the missing part.
    fn require_full_api(self, what: &str) -> Result<(), ProviderError> {
        match self {
            Self::Standard => Ok(()),
            Self::BratanRef => Err(ProviderError::Api {
                kind: ApiErrorKind::NotSupported,
                message: format!("BratanREF's API for panels has no {what}"),
            }),
        }
    }

    /// Limits for listings that state none. A panel's stay unknown; BratanREF's come from the
    /// configuration, because a referral campaign without limits could not be sold at all.
    fn default_limits(self, config: &ProviderConfig) -> Limits {
        match self {
            Self::Standard => Limits::default(),
            Self::BratanRef => Limits {
                min: Some(config.default_min),
                max: Some(config.default_max),
            },
        }
    }

    /// What a catalogue item is and what can be done with it.
    fn offer(self, item: &Value) -> Result<Offer, String> {
        match self {
            Self::Standard => Ok(Offer {
                kind: decode::service_kind(&get(item, "type").and_then(text).unwrap_or_default()),
                category: get(item, "category").and_then(text),
                target_bot: None,
                refill: cap(get(item, "refill")),
                cancel: cap(get(item, "cancel")),
                dripfeed: cap(get(item, "dripfeed")),
            }),
            // Whatever the flags say, the API has no action to exercise them with.
            Self::BratanRef => Ok(Offer {
                kind: ServiceKind::Referral,
                category: Some(REFERRAL_CATEGORY.to_string()),
                target_bot: Some(get(item, "url").and_then(text).ok_or("no bot url")?),
                refill: Cap::No,
                cancel: Cap::No,
                dripfeed: Cap::No,
            }),
        }
    }

    /// What an order's raw `status` means. BratanREF reports v1's codes, which only its own
    /// table may read (§41): "2" is canceled there and completed elsewhere, and a cancel that
    /// does not tell what it delivered stays Unknown.
    fn order_state(self, raw_status: &str, item: &Value) -> RemoteState {
        match self {
            Self::Standard => remote_state(raw_status),
            Self::BratanRef => bratanref_state(raw_status, delivered(item)),
        }
    }
}

/// The dialect's reading of a catalogue item, beside the fields every dialect shares.
struct Offer {
    kind: ServiceKind,
    category: Option<String>,
    target_bot: Option<String>,
    refill: Cap,
    cancel: Cap,
    dripfeed: Cap,
}

#[derive(Clone, Copy, Default)]
struct Limits {
    min: Option<u64>,
    max: Option<u64>,
}

/// An action that takes ids and answers per id: how the ids travel and how the items of the
/// answer name them.
struct Batched {
    action: &'static str,
    /// The parameter for a single id, where the action has a single form.
    one: Option<&'static str>,
    /// The parameter for a comma-separated list of ids.
    many: &'static str,
    /// Where an item of a list answer names the id it is about.
    id_fields: &'static [&'static str],
    /// Where an item carries its result. An unkeyed object with one of these is the answer
    /// about the single id asked.
    result_fields: &'static [&'static str],
}

const STATUS: Batched = Batched {
    action: "status",
    one: Some("order"),
    many: "orders",
    id_fields: ORDER_ID_FIELDS,
    result_fields: &["status"],
};

/// §22: some panels name the refill id `id`.
const REFILL: Batched = Batched {
    action: "refill",
    one: Some("order"),
    many: "orders",
    id_fields: ORDER_ID_FIELDS,
    result_fields: &["refill", "id"],
};

const REFILL_STATUS: Batched = Batched {
    action: "refill_status",
    one: Some("refill"),
    many: "refills",
    id_fields: &["refill", "id"],
    result_fields: &["status"],
};

/// The canonical cancel is bulk only, so even one id travels in `orders`.
const CANCEL: Batched = Batched {
    action: "cancel",
    one: None,
    many: "orders",
    id_fields: ORDER_ID_FIELDS,
    result_fields: &["cancel"],
};

impl Batched {
    fn item_id(&self, item: &Value) -> Option<String> {
        first_id(item, self.id_fields)
    }

    fn result<'a>(&self, item: &'a Value) -> Option<&'a Value> {
        self.result_fields.iter().find_map(|field| get(item, field))
    }

    /// Attributes the items of an answer to the ids asked for. Accepted (§16, §19): an object
    /// keyed by id, a list of objects naming their id, one unkeyed object carrying a result
    /// when one id was asked (also as a one-item list), any of these inside `data`, and
    /// `[]`/`{}` for "nothing found". Ids the answer does not mention are left out: no
    /// information, not failure. The error is why the answer fits none of these.
    fn attribute<'a, 'b>(
        &self,
        batch: &[&'b str],
        answer: &'a Value,
    ) -> Result<Vec<(&'b str, &'a Value)>, &'static str> {
        match answer {
            Value::Array(items)
                if items.len() == 1 && batch.len() == 1 && self.item_id(&items[0]).is_none() =>
            {
                Ok(vec![(batch[0], &items[0])])
            }
            Value::Array(items) => Ok(items
                .iter()
                .filter_map(|item| {
                    let item_id = self.item_id(item)?;
                    let id = batch.iter().find(|id| **id == item_id)?;
                    Some((*id, item))
                })
                .collect()),
            Value::Object(map) if map.is_empty() => Ok(Vec::new()),
            Value::Object(_) if batch.iter().any(|id| get(answer, id).is_some()) => Ok(batch
                .iter()
                .filter_map(|id| get(answer, id).map(|item| (*id, item)))
                .collect()),
            Value::Object(_) => match (get(answer, "data"), batch) {
                (Some(data), _) if data.is_array() || data.is_object() => self.attribute(batch, data),
                (_, [one]) if self.result(answer).is_some() => Ok(vec![(*one, answer)]),
                _ => Err("matches none of the ids asked"),
            },
            _ => Err("is not an object or a list"),
        }
    }

    /// An item's own "no" (§17): a bare string (TmSMM, SmartPanel), an error beside the id,
    /// or an error in place of the result (`"refill": {"error": …}`).
    fn refusal(&self, item: &Value) -> Option<String> {
        match item {
            Value::String(_) => text(item),
            _ => top_level_error(item).or_else(|| self.result(item).and_then(top_level_error)),
        }
    }
}

pub struct PanelV2 {
    dialect: Dialect,
    name: String,
    url: Url,
    key: Secret,
    rate_unit: RateUnit,
    default_limits: Limits,
    http: ProviderHttp,
}

impl PanelV2 {
    pub fn new(config: &ProviderConfig, dialect: Dialect) -> Result<Self, Error> {
        let url = config
            .url
            .clone()
            .ok_or_else(|| Error::Setup(format!("provider {}: no API URL is configured", config.name)))?;
        Ok(Self {
            dialect,
            name: config.name.clone(),
            url,
            key: config.key.clone(),
            rate_unit: config.rate_unit,
            default_limits: dialect.default_limits(config),
            http: ProviderHttp::new(config)?,
        })
    }

    async fn call(&self, action: &str, params: &[(&str, String)]) -> Result<Value, ProviderError> {
        let mut form = vec![
            ("key", self.key.expose().to_string()),
            ("action", action.to_string()),
        ];
        form.extend_from_slice(params);
        self.http.post_form(&self.url, &form).await
    }

    /// One service of the catalogue, or why it cannot be offered.
    fn listing(&self, item: &Value) -> Result<ServiceListing, String> {
        if !item.is_object() {
            return Err("not an object".into());
        }
        let id = get(item, "service")
            .and_then(decode::id)
            .ok_or("no usable service id")?;
        let name = get(item, "name").and_then(text).ok_or("no name")?;
        let rate = get(item, "rate").and_then(decimal).ok_or("no readable rate")?;
        let offer = self.dialect.offer(item)?;
        // A standard panel lists no "Referral" type; smmbot's own API does, priced per sign-up.
        // Read per one, a panel that meant per 1000 is overpriced, never sold at a loss.
        let rate_unit = match (self.dialect, &offer.kind) {
            (Dialect::Standard, ServiceKind::Referral) => RateUnit::PerOne,
            _ => self.rate_unit,
        };
        Ok(ServiceListing {
            id,
            name,
            category: offer.category,
            kind: offer.kind,
            rate,
            rate_unit,
            currency: get(item, "currency").and_then(text),
            min: limit(item, "min")?.or(self.default_limits.min),
            max: limit(item, "max")?.or(self.default_limits.max),
            refill: offer.refill,
            cancel: offer.cancel,
            dripfeed: offer.dripfeed,
            description: get(item, "description").and_then(text),
            target_bot: offer.target_bot,
        })
    }

    /// Runs a batched action over deduplicated ids, at most `limit` per call (§33), and reads
    /// each item the answers attribute to an id with `read`, unless the item is a refusal.
    async fn per_id<T>(
        &self,
        op: &Batched,
        ids: &[String],
        limit: usize,
        read: impl Fn(&str, &Value) -> Result<T, ProviderError>,
    ) -> Result<PerId<T>, ProviderError> {
        let mut seen = HashSet::new();
        let unique: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| seen.insert(*id))
            .collect();
        let mut found = PerId::new();
        for batch in unique.chunks(limit) {
            let param = match (batch, op.one) {
                ([one], Some(name)) => (name, one.to_string()),
                _ => (op.many, batch.join(",")),
            };
            let answer = match self.call(op.action, &[param]).await {
                Ok(answer) => answer,
                // Asked about one id, a panel reports an unknown id as the whole answer.
                Err(
                    e @ ProviderError::Api {
                        kind: ApiErrorKind::OrderNotFound,
                        ..
                    },
                ) if batch.len() == 1 => {
                    found.insert(batch[0].to_string(), Err(e));
                    continue;
                }
                Err(e) => return Err(e),
            };
            let items = op.attribute(batch, &answer).map_err(|reason| {
                self.http
                    .malformed(format!("{} answer {reason}", op.action), &answer)
            })?;
            for (id, item) in items {
                let outcome = match op.refusal(item) {
                    Some(message) => Err(self.http.api_error(api_error_kind(&message), &message)),
                    None => read(id, item),
                };
                found.insert(id.to_string(), outcome);
            }
        }
        Ok(found)
    }

    /// One order's status item.
    fn order_status(&self, id: &str, item: &Value) -> Result<OrderStatus, ProviderError> {
        let raw_status = get(item, "status")
            .and_then(text)
            .ok_or_else(|| self.http.malformed("order status without a status", item))?;
        Ok(OrderStatus {
            state: self.dialect.order_state(&raw_status, item),
            // Stored and shown to people: no longer than a quoted error.
            raw_status: decode::snippet(raw_status.as_bytes()),
            charge: informational(&self.name, id, item, "charge", decimal),
            currency: get(item, "currency").and_then(text),
            start_count: informational(&self.name, id, item, "start_count", int)
                .or_else(|| informational(&self.name, id, item, "startcount", int)),
            remains: informational(&self.name, id, item, "remains", int).or_else(|| undelivered(item)),
        })
    }

    /// A cancel item's result: anything but an explicit "no" (`0`, `false`) means requested,
    /// e.g. `1`, TmSMM's echoed order id, sns-panel's `"requested"` (§46).
    fn cancel_requested(&self, item: &Value) -> Result<(), ProviderError> {
        match CANCEL.result(item) {
            Some(result) if cap(Some(result)) == Cap::No => Err(self
                .http
                .api_error(ApiErrorKind::Other, "the provider did not accept the cancel")),
            Some(result) if !is_blank(result) => Ok(()),
            _ => Err(self.http.malformed("cancel answer without a result", item)),
        }
    }
}

#[async_trait]
impl Provider for PanelV2 {
    async fn services(&self) -> Result<Vec<ServiceListing>, ProviderError> {
        let answer = self.call("services", &[]).await?;
        let items = decode::payloads(&answer)
            .find_map(Value::as_array)
            .ok_or_else(|| self.http.malformed("services answer is not a list", &answer))?;
        // Duplicate ids are left to the catalogue sync, which treats every adapter alike.
        self.http
            .catalogue(&answer, items, "service", |item| self.listing(item))
    }

    async fn create_order(&self, order: &NewOrder) -> Result<String, ProviderError> {
        if order.extras != OrderExtras::default() {
            self.dialect
                .require_full_api("comments, poll answers or drip-feed")?;
        }
        let answer = self.call("add", &order_form(order)).await?;
        decode::order_id(&answer)
            .ok_or_else(|| self.http.malformed("no valid order id in the answer", &answer))
    }

    async fn statuses(&self, ids: &[String]) -> Result<PerId<OrderStatus>, ProviderError> {
        self.per_id(&STATUS, ids, self.dialect.status_batch_limit(), |id, item| {
            self.order_status(id, item)
        })
        .await
    }

    async fn balance(&self) -> Result<Balance, ProviderError> {
        let answer = self.call("balance", &[]).await?;
        decode::payloads(&answer)
            .find_map(|p| {
                Some(Balance {
                    amount: get(p, "balance").and_then(decimal)?,
                    currency: get(p, "currency").and_then(text),
                })
            })
            .ok_or_else(|| self.http.malformed("no readable balance in the answer", &answer))
    }

    fn status_batch_limit(&self) -> usize {
        self.dialect.status_batch_limit()
    }

    /// Refill ids are opaque: TmSMM answers with the order's own hex id.
    async fn refill(&self, order_ids: &[String]) -> Result<PerId<String>, ProviderError> {
        self.dialect.require_full_api("refill")?;
        self.per_id(&REFILL, order_ids, BATCH_LIMIT, |_, item| {
            REFILL
                .result(item)
                .and_then(decode::id)
                .ok_or_else(|| self.http.malformed("refill answer without a refill id", item))
        })
        .await
    }

    async fn refill_statuses(&self, refill_ids: &[String]) -> Result<PerId<RefillStatus>, ProviderError> {
        self.dialect.require_full_api("refill status")?;
        self.per_id(&REFILL_STATUS, refill_ids, BATCH_LIMIT, |_, item| {
            let raw_status = REFILL_STATUS
                .result(item)
                .and_then(text)
                .ok_or_else(|| self.http.malformed("refill status without a status", item))?;
            Ok(RefillStatus {
                state: refill_state(&raw_status),
                raw_status: decode::snippet(raw_status.as_bytes()),
            })
        })
        .await
    }

    async fn cancel(&self, order_ids: &[String]) -> Result<PerId<()>, ProviderError> {
        self.dialect.require_full_api("cancel")?;
        self.per_id(&CANCEL, order_ids, BATCH_LIMIT, |_, item| {
            self.cancel_requested(item)
        })
        .await
    }
}

/// The `add` parameters: the canonical three, plus the type-specific extras that are set.
fn order_form(order: &NewOrder) -> Vec<(&'static str, String)> {
    let extras = &order.extras;
    let mut form = vec![
        ("service", order.service_id.clone()),
        ("link", order.link.clone()),
    ];
    match &extras.comments {
        // Custom Comments: one item per line, so the comments replace the quantity.
        Some(comments) => form.push(("comments", comments.clone())),
        None => form.push(("quantity", order.quantity.to_string())),
    }
    if let Some(answer) = extras.answer_number {
        form.push(("answer_number", answer.to_string()));
    }
    // Drip-feed: `quantity` is per run.
    if let Some(dripfeed) = extras.dripfeed {
        form.push(("runs", dripfeed.runs.to_string()));
        form.push(("interval", dripfeed.interval_minutes.to_string()));
    }
    form
}

/// An optional `min`/`max`: absent is fine, present but unreadable disqualifies the service.
fn limit(item: &Value, key: &str) -> Result<Option<u64>, String> {
    match get(item, key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => uint(value)
            .map(Some)
            .ok_or_else(|| format!("unreadable {key} {value}")),
    }
}

/// The id under the first of `fields` the item has; bogus ids (`0`, `""`) are none.
fn first_id(item: &Value, fields: &[&str]) -> Option<String> {
    fields
        .iter()
        .find_map(|field| get(item, field))
        .and_then(decode::id)
}

/// Items delivered: BratanREF's `quantity_executed`, else quantity minus remains.
fn delivered(item: &Value) -> Option<i64> {
    get(item, "quantity_executed").and_then(int).or_else(|| {
        let quantity = get(item, "quantity").and_then(int)?;
        quantity.checked_sub(get(item, "remains").and_then(int)?)
    })
}

/// Remains worked out from quantity and `quantity_executed`, for answers that report those only.
fn undelivered(item: &Value) -> Option<i64> {
    let quantity = get(item, "quantity").and_then(int)?;
    quantity.checked_sub(get(item, "quantity_executed").and_then(int)?)
}
