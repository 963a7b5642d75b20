//! The de-facto SMM panel API v2 (Perfect Panel / JAP style), spoken by TmSMM, reseen.uz and
//! thousands of other panels: one endpoint, form POST with `key` and `action`, JSON answers.
//!
//! Every answer is read leniently (providers.md §3): payloads may be wrapped in `data`, numbers
//! may be strings, batch statuses come keyed by id or as a list, and per-item errors may be
//! objects or bare strings.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use serde_json::Value;
use url::Url;

use super::decode::{self, cap, decimal, get, int, remote_state, text, top_level_error, uint};
use super::http::ProviderHttp;
use super::{
    ApiErrorKind, Balance, NewOrder, OrderStatus, Provider, ProviderError, RateUnit, ServiceKind,
    ServiceListing,
};
use crate::config::{ProviderConfig, Secret};
use crate::error::Error;

/// The canonical limit of ids in one `status&orders=` call.
const STATUS_BATCH_LIMIT: usize = 100;

type StatusMap = HashMap<String, Result<OrderStatus, ProviderError>>;

pub struct PanelV2 {
    name: String,
    url: Url,
    key: Secret,
    rate_unit: RateUnit,
    http: ProviderHttp,
}

impl PanelV2 {
    pub fn new(config: &ProviderConfig) -> Result<Self, Error> {
        let url = config
            .url
            .clone()
            .ok_or_else(|| Error::Setup(format!("provider {}: no API URL is configured", config.name)))?;
        Ok(Self {
            name: config.name.clone(),
            url,
            key: config.key.clone(),
            rate_unit: config.rate_unit,
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
        let kind = get(item, "type").and_then(text).unwrap_or_default();
        Ok(ServiceListing {
            id,
            name,
            category: get(item, "category").and_then(text),
            kind: ServiceKind::from_panel_type(&kind),
            rate,
            rate_unit: self.rate_unit,
            currency: get(item, "currency").and_then(text),
            min: limit(item, "min")?,
            max: limit(item, "max")?,
            refill: cap(get(item, "refill")),
            cancel: cap(get(item, "cancel")),
            description: get(item, "description").and_then(text),
            target_bot: None,
        })
    }

    async fn status_batch(&self, batch: &[&str]) -> Result<StatusMap, ProviderError> {
        let answer = match batch {
            [one] => self.call("status", &[("order", one.to_string())]).await,
            _ => self.call("status", &[("orders", batch.join(","))]).await,
        };
        match answer {
            Ok(answer) => self.match_statuses(batch, &answer),
            // Asked about one order, a panel reports an unknown id as the whole answer.
            Err(
                e @ ProviderError::Api {
                    kind: ApiErrorKind::OrderNotFound,
                    ..
                },
            ) if batch.len() == 1 => Ok(HashMap::from([(batch[0].to_string(), Err(e))])),
            Err(e) => Err(e),
        }
    }

    /// Attributes the items of a status answer to the ids asked for. Accepted: an object keyed
    /// by id, a list of objects carrying `order`, one bare object when one id was asked, any of
    /// these inside `data`, and `[]`/`{}` for "nothing found". Ids the answer does not mention
    /// are left out: no information, not failure.
    fn match_statuses(&self, batch: &[&str], answer: &Value) -> Result<StatusMap, ProviderError> {
        let entry = |id: &str, item: &Value| (id.to_string(), self.order_status(id, item));
        match answer {
            // `[{status…}]`: the single answer, wrapped in a list.
            Value::Array(items)
                if items.len() == 1 && batch.len() == 1 && item_order_id(&items[0]).is_none() =>
            {
                Ok(HashMap::from([entry(batch[0], &items[0])]))
            }
            Value::Array(items) => Ok(items
                .iter()
                .filter_map(|item| {
                    let item_id = item_order_id(item)?;
                    let id = batch.iter().find(|id| **id == item_id)?;
                    Some(entry(id, item))
                })
                .collect()),
            Value::Object(map) if map.is_empty() => Ok(StatusMap::new()),
            Value::Object(_) if batch.iter().any(|id| get(answer, id).is_some()) => Ok(batch
                .iter()
                .filter_map(|id| get(answer, id).map(|item| entry(id, item)))
                .collect()),
            Value::Object(_) => match (get(answer, "data"), batch) {
                (Some(data), _) if data.is_array() || data.is_object() => self.match_statuses(batch, data),
                (_, [one]) if get(answer, "status").is_some() => Ok(HashMap::from([entry(one, answer)])),
                _ => Err(self
                    .http
                    .malformed("status answer matches none of the orders asked", answer)),
            },
            _ => Err(self
                .http
                .malformed("status answer is not an object or a list", answer)),
        }
    }

    /// One order's status item; a per-item error (object or bare string) is that order's error.
    fn order_status(&self, id: &str, item: &Value) -> Result<OrderStatus, ProviderError> {
        let refusal = match item {
            Value::String(message) => Some(message.clone()),
            _ => top_level_error(item),
        };
        if let Some(message) = refusal {
            return Err(self.http.api_error(ApiErrorKind::OrderNotFound, &message));
        }
        let raw_status = get(item, "status")
            .and_then(text)
            .ok_or_else(|| self.http.malformed("order status without a status", item))?;
        Ok(OrderStatus {
            state: remote_state(&raw_status),
            raw_status,
            charge: self.informational(id, item, "charge", decimal),
            currency: get(item, "currency").and_then(text),
            start_count: self
                .informational(id, item, "start_count", int)
                .or_else(|| self.informational(id, item, "startcount", int)),
            remains: self.informational(id, item, "remains", int),
        })
    }

    /// A field that only informs: blank is absent, unreadable is absent with a warning,
    /// never a made-up 0.
    fn informational<T>(
        &self,
        order: &str,
        item: &Value,
        key: &str,
        read: fn(&Value) -> Option<T>,
    ) -> Option<T> {
        let value = get(item, key).filter(|v| !is_blank(v))?;
        let decoded = read(value);
        if decoded.is_none() {
            tracing::warn!(provider = %self.name, %order, field = key, %value, "unreadable status field ignored");
        }
        decoded
    }
}

#[async_trait]
impl Provider for PanelV2 {
    async fn services(&self) -> Result<Vec<ServiceListing>, ProviderError> {
        let answer = self.call("services", &[]).await?;
        let items = payloads(&answer)
            .find_map(Value::as_array)
            .ok_or_else(|| self.http.malformed("services answer is not a list", &answer))?;
        // Duplicate ids are left to the catalogue sync, which treats every adapter alike.
        let mut listings = Vec::new();
        for item in items {
            match self.listing(item) {
                Ok(listing) => listings.push(listing),
                Err(problem) => {
                    let service = get(item, "service").map_or_else(|| "?".into(), Value::to_string);
                    tracing::warn!(provider = %self.name, %service, %problem, "service skipped");
                }
            }
        }
        // A list of nothing but garbage must not read as "the provider sells nothing".
        if listings.is_empty() && !items.is_empty() {
            return Err(self
                .http
                .malformed("no service in the answer could be read", &answer));
        }
        Ok(listings)
    }

    async fn create_order(&self, order: &NewOrder) -> Result<String, ProviderError> {
        let answer = self
            .call(
                "add",
                &[
                    ("service", order.service_id.clone()),
                    ("link", order.link.clone()),
                    ("quantity", order.quantity.to_string()),
                ],
            )
            .await?;
        payloads(&answer)
            .find_map(item_order_id)
            .ok_or_else(|| self.http.malformed("no valid order id in the answer", &answer))
    }

    async fn statuses(&self, ids: &[String]) -> Result<StatusMap, ProviderError> {
        let mut seen = HashSet::new();
        let unique: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| seen.insert(*id))
            .collect();
        let mut found = StatusMap::new();
        for batch in unique.chunks(STATUS_BATCH_LIMIT) {
            found.extend(self.status_batch(batch).await?);
        }
        Ok(found)
    }

    async fn balance(&self) -> Result<Balance, ProviderError> {
        let answer = self.call("balance", &[]).await?;
        payloads(&answer)
            .find_map(|p| {
                Some(Balance {
                    amount: get(p, "balance").and_then(decimal)?,
                    currency: get(p, "currency").and_then(text),
                })
            })
            .ok_or_else(|| self.http.malformed("no readable balance in the answer", &answer))
    }

    fn status_batch_limit(&self) -> usize {
        STATUS_BATCH_LIMIT
    }
}

/// Where a payload may sit: the answer itself, its `data`, or the first element of a list.
fn payloads(answer: &Value) -> impl Iterator<Item = &Value> {
    [
        Some(answer),
        get(answer, "data"),
        answer.as_array().and_then(|items| items.first()),
    ]
    .into_iter()
    .flatten()
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

/// The order id an item carries, under either of its names; bogus ids (`0`, `""`) are none.
fn item_order_id(item: &Value) -> Option<String> {
    get(item, "order")
        .or_else(|| get(item, "order_id"))
        .and_then(decode::id)
}

/// `null` and `""`: what panels send for "not known yet" (e.g. start_count before the start).
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}
