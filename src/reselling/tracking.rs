//! `status`, `refill`, `refill_status` and `cancel`: a key's owner following their orders, one
//! id or up to [`super::MAX_IDS`] at once, in the panel vocabulary. Refills and cancels go
//! through the chat's own order actions.

use serde_json::{Map, Value, json};

use super::{Caller, Fields, Refusal, Reselling, ids, our_id};
use crate::db::orders::Order;
use crate::error::Result;
use crate::orders::actions::{self, NotAllowed, RequestOutcome};
use crate::vocabulary::OrderState;

pub(super) async fn status(api: &Reselling, caller: &Caller, fields: &Fields) -> Result<Value> {
    let ids = match ids(fields, "order", "orders") {
        Ok(ids) => ids,
        Err(refusal) => return Ok(refusal.answer()),
    };
    // One `order`: the bare status; `orders`: an object keyed by the ids asked.
    if fields.get("orders").is_none() {
        return order_status(api, caller, ids[0]).await;
    }
    let mut answer = Map::new();
    for id in ids {
        answer.insert(id.to_string(), order_status(api, caller, id).await?);
    }
    Ok(Value::Object(answer))
}

async fn order_status(api: &Reselling, caller: &Caller, id: &str) -> Result<Value> {
    let card = match our_id(id) {
        Some(id) => api.db.order_card(id, caller.user_id).await?,
        None => None,
    };
    let Some(card) = card else {
        return Ok(Refusal::BadOrderId.answer());
    };
    let order = &card.order;
    Ok(json!({
        "charge": api.amount(order.charge_minor),
        "start_count": order.start_count.unwrap_or(0).to_string(),
        "status": panel_status(order.state()),
        "remains": remains(order).to_string(),
        "currency": api.pricing.shop_currency.code(),
    }))
}

/// Our state in the panel vocabulary. An order whose creation outcome is unknown is in
/// progress, never failed: it may well be delivering. Everything that gave the whole charge
/// back is canceled.
fn panel_status(state: OrderState) -> &'static str {
    match state {
        OrderState::Placed | OrderState::Pending => "Pending",
        OrderState::Submitting | OrderState::UnknownOutcome | OrderState::InProgress => "In progress",
        OrderState::Completed => "Completed",
        OrderState::Partial => "Partial",
        OrderState::Rejected | OrderState::Canceled | OrderState::Refunded | OrderState::Failed => "Canceled",
    }
}

/// Items not delivered: as the provider last said, else all of them until it completes.
fn remains(order: &Order) -> i64 {
    match (order.remains, order.state()) {
        (Some(remains), _) => remains,
        (None, OrderState::Completed) => 0,
        (None, _) => order.billed_items(),
    }
}

pub(super) async fn refill(api: &Reselling, caller: &Caller, fields: &Fields) -> Result<Value> {
    per_order(fields, "refill", |id| async move {
        match actions::refill(&api.db, &api.providers, caller.user_id, id).await? {
            RequestOutcome::Requested => match api.db.latest_refill(id).await? {
                Some(refill) => Ok(Ok(json!(refill))),
                None => Ok(Err(Refusal::Internal)),
            },
            RequestOutcome::NotAllowed(why) => Ok(Err(not_allowed(why, Refusal::RefillUnavailable))),
            RequestOutcome::Refused(_) => Ok(Err(Refusal::RequestFailed)),
        }
    })
    .await
}

pub(super) async fn cancel(api: &Reselling, caller: &Caller, fields: &Fields) -> Result<Value> {
    per_order(fields, "cancel", |id| async move {
        match actions::cancel(&api.db, &api.providers, caller.user_id, id).await? {
            RequestOutcome::Requested => Ok(Ok(json!(1))),
            RequestOutcome::NotAllowed(why) => Ok(Err(not_allowed(why, Refusal::CancelUnavailable))),
            RequestOutcome::Refused(_) => Ok(Err(Refusal::RequestFailed)),
        }
    })
    .await
}

/// Runs `request` for each order asked. One `order`: `{"<result>": …}` or `{"error": …}`;
/// `orders`: `[{"order": id, "<result>": … | {"error": …}}]`, as panels answer.
async fn per_order<F, Fut>(fields: &Fields, result: &str, request: F) -> Result<Value>
where
    F: Fn(i64) -> Fut,
    Fut: std::future::Future<Output = Result<Result<Value, Refusal>>>,
{
    let ids = match ids(fields, "order", "orders") {
        Ok(ids) => ids,
        Err(refusal) => return Ok(refusal.answer()),
    };
    let mut answers = Vec::with_capacity(ids.len());
    for id in &ids {
        let outcome = match our_id(id) {
            Some(order) => request(order).await?,
            None => Err(Refusal::BadOrderId),
        };
        answers.push(outcome);
    }
    if fields.get("orders").is_none() {
        return Ok(match answers.remove(0) {
            Ok(value) => json!({ result: value }),
            Err(refusal) => refusal.answer(),
        });
    }
    Ok(Value::Array(
        ids.iter()
            .zip(answers)
            .map(|(id, outcome)| {
                let value = outcome.unwrap_or_else(|refusal| refusal.answer());
                json!({ "order": order_id_value(id), result: value })
            })
            .collect(),
    ))
}

pub(super) async fn refill_status(api: &Reselling, caller: &Caller, fields: &Fields) -> Result<Value> {
    let ids = match ids(fields, "refill", "refills") {
        Ok(ids) => ids,
        Err(refusal) => return Ok(refusal.answer()),
    };
    let mut answers = Vec::with_capacity(ids.len());
    for id in &ids {
        let state = match our_id(id) {
            Some(refill) => api.db.refill_state(refill, caller.user_id).await?,
            None => None,
        };
        answers.push(state.map(|s| refill_status_word(&s)).ok_or(Refusal::BadRefillId));
    }
    if fields.get("refills").is_none() {
        return Ok(match answers.remove(0) {
            Ok(status) => json!({ "status": status }),
            Err(refusal) => refusal.answer(),
        });
    }
    Ok(Value::Array(
        ids.iter()
            .zip(answers)
            .map(|(id, outcome)| {
                let status = outcome.map_or_else(|refusal| refusal.answer(), |s| json!(s));
                json!({ "refill": order_id_value(id), "status": status })
            })
            .collect(),
    ))
}

/// A refill's state in the panel vocabulary; one we cannot tell yet is still in progress.
fn refill_status_word(state: &str) -> &'static str {
    match state {
        "pending" => "Pending",
        "completed" => "Completed",
        "rejected" => "Rejected",
        _ => "In progress",
    }
}

fn not_allowed(why: NotAllowed, unavailable: Refusal) -> Refusal {
    match why {
        NotAllowed::NoSuchOrder => Refusal::BadOrderId,
        _ => unavailable,
    }
}

/// An id echoed back: a number when it is one, else as the client wrote it.
fn order_id_value(id: &str) -> Value {
    our_id(id).map_or_else(|| json!(id), |id| json!(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::decode::{refill_state, remote_state};
    use crate::providers::{RefillState, RemoteState};

    /// Our own panel client reads each status word back as the state it stands for.
    #[test]
    fn status_words_read_back_as_what_they_mean() {
        for (state, remote) in [
            (OrderState::Placed, RemoteState::Pending),
            (OrderState::UnknownOutcome, RemoteState::InProgress),
            (OrderState::Submitting, RemoteState::InProgress),
            (OrderState::InProgress, RemoteState::InProgress),
            (OrderState::Completed, RemoteState::Completed),
            (OrderState::Partial, RemoteState::Partial),
            (OrderState::Failed, RemoteState::Canceled),
            (OrderState::Refunded, RemoteState::Canceled),
        ] {
            assert_eq!(remote_state(panel_status(state)), remote, "{state:?}");
        }
        for (stored, remote) in [
            ("pending", RefillState::Pending),
            ("in_progress", RefillState::InProgress),
            ("completed", RefillState::Completed),
            ("rejected", RefillState::Rejected),
        ] {
            assert_eq!(refill_state(refill_status_word(stored)), remote, "{stored}");
        }
    }
}
