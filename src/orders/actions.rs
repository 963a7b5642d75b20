//! What customers and admins can do with an order once it exists: re-check it, ask for a
//! refill or a cancel, and (admins) settle an order whose creation outcome is unknown.
//!
//! A provider's "yes" to a refill or a cancel only means "requested": the refill is followed by
//! the poller, and a cancel's refund comes from the status the provider reports afterwards.

use std::time::Duration;

use super::lifecycle::{self, Checked};
use crate::db::notices::{Notice, enqueue};
use crate::db::orders::{self, Order, OrderCard};
use crate::db::{Db, now};
use crate::error::{ProviderError, Result};
use crate::providers::{PerId, ProviderHandle, Providers};
use crate::vocabulary::OrderState;

/// A customer's refresh within this many seconds of the last answer shows that answer instead
/// of asking the provider again, so repeated taps cannot eat the provider's rate limit.
const REFRESH_COOLDOWN_SECS: i64 = 10;
/// Longest provider order id an admin may type.
const MAX_PROVIDER_ORDER_ID_LEN: usize = 64;

/// Why an action is not offered for an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAllowed {
    /// No such order, or not this customer's.
    NoSuchOrder,
    /// The provider has not confirmed the order (yet): there is nothing to ask it about.
    NotPlaced,
    Finished,
    /// Refills are for completed orders.
    NotCompleted,
    /// The service (or its provider) does not offer this.
    NotSupported,
    RefillRunning,
    CancelRequested,
}

/// Which actions an order's screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Available {
    pub refresh: bool,
    pub refill: bool,
    pub cancel: bool,
}

/// The actions `card` allows now; each action checks the same rule again when asked.
pub fn available(card: &OrderCard) -> Available {
    Available {
        refresh: may_refresh(&card.order).is_ok(),
        refill: may_refill(card).is_ok(),
        cancel: may_cancel(card).is_ok(),
    }
}

/// Placed with the provider, so it has an id there, and not finished.
fn may_refresh(order: &Order) -> Result<(), NotAllowed> {
    let state = order.state();
    if order.provider_order_id.is_none()
        || matches!(state, OrderState::Submitting | OrderState::UnknownOutcome)
    {
        Err(NotAllowed::NotPlaced)
    } else if state.is_terminal() {
        Err(NotAllowed::Finished)
    } else {
        Ok(())
    }
}

fn may_refill(card: &OrderCard) -> Result<(), NotAllowed> {
    if !card.service_refill {
        Err(NotAllowed::NotSupported)
    } else if card.order.state() != OrderState::Completed {
        Err(NotAllowed::NotCompleted)
    } else if card.refill_running {
        Err(NotAllowed::RefillRunning)
    } else {
        Ok(())
    }
}

fn may_cancel(card: &OrderCard) -> Result<(), NotAllowed> {
    if !card.service_cancel {
        return Err(NotAllowed::NotSupported);
    }
    may_refresh(&card.order)?;
    match card.order.cancel_requested_at {
        Some(_) => Err(NotAllowed::CancelRequested),
        None => Ok(()),
    }
}

/// What a customer's refresh did.
#[derive(Debug, Clone, PartialEq)]
pub enum RefreshOutcome {
    /// The provider answered and its answer is applied.
    Checked,
    /// The last answer is only seconds old: shown as it is.
    JustChecked,
    NoInformation,
    Failed(ProviderError),
    NotAllowed(NotAllowed),
}

/// How the poller schedules and who hears about problems: what a re-check needs to know.
#[derive(Debug, Clone, Copy)]
pub struct CheckContext<'a> {
    pub admins: &'a [u64],
    pub round: Duration,
}

/// Re-checks a customer's order with its provider now and applies the answer (refunds and
/// notices included).
pub async fn refresh(
    db: &Db,
    providers: &Providers,
    context: CheckContext<'_>,
    user_id: i64,
    order_id: i64,
) -> Result<RefreshOutcome> {
    let Some(card) = db.order_card(order_id, user_id).await? else {
        return Ok(RefreshOutcome::NotAllowed(NotAllowed::NoSuchOrder));
    };
    if let Err(why) = may_refresh(&card.order) {
        return Ok(RefreshOutcome::NotAllowed(why));
    }
    if card
        .order
        .checked_at
        .is_some_and(|at| now() - at < REFRESH_COOLDOWN_SECS)
    {
        return Ok(RefreshOutcome::JustChecked);
    }
    let checked = lifecycle::check_now(db, providers, context.admins, context.round, &card.order).await?;
    Ok(match checked {
        Checked::Updated => RefreshOutcome::Checked,
        Checked::NoInformation => RefreshOutcome::NoInformation,
        Checked::Failed(error) => {
            tracing::warn!(order_id, provider = %card.order.provider, %error, "refresh failed");
            RefreshOutcome::Failed(error)
        }
    })
}

/// What asking for a refill or a cancel did.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestOutcome {
    /// The provider accepted the request; what it leads to is reported later.
    Requested,
    NotAllowed(NotAllowed),
    /// The provider said no, or could not be asked: nothing changed.
    Refused(ProviderError),
}

/// Asks the provider to refill a customer's completed order, and records the refill so that
/// the poller follows it and tells the customer how it ended.
pub async fn refill(db: &Db, providers: &Providers, user_id: i64, order_id: i64) -> Result<RequestOutcome> {
    let (provider, provider_order_id) = match upstream(db, providers, user_id, order_id, may_refill).await? {
        Ok(upstream) => upstream,
        Err(why) => return Ok(RequestOutcome::NotAllowed(why)),
    };
    let answers = provider
        .api
        .refill(std::slice::from_ref(&provider_order_id))
        .await;
    match answer_for(answers, &provider_order_id) {
        Ok(refill_id) => {
            db.create_refill(order_id, &refill_id).await?;
            tracing::info!(order_id, provider = %provider.name, %refill_id, "refill requested");
            Ok(RequestOutcome::Requested)
        }
        Err(error) => {
            tracing::warn!(order_id, provider = %provider.name, %error, "refill not requested");
            Ok(RequestOutcome::Refused(error))
        }
    }
}

/// Asks the provider to cancel a customer's running order. Nothing is refunded here: the
/// order is checked again at once, and the status the provider reports decides.
pub async fn cancel(db: &Db, providers: &Providers, user_id: i64, order_id: i64) -> Result<RequestOutcome> {
    let (provider, provider_order_id) = match upstream(db, providers, user_id, order_id, may_cancel).await? {
        Ok(upstream) => upstream,
        Err(why) => return Ok(RequestOutcome::NotAllowed(why)),
    };
    let answers = provider
        .api
        .cancel(std::slice::from_ref(&provider_order_id))
        .await;
    match answer_for(answers, &provider_order_id) {
        Ok(()) => {
            db.mark_cancel_requested(order_id).await?;
            tracing::info!(order_id, provider = %provider.name, "cancel requested");
            Ok(RequestOutcome::Requested)
        }
        Err(error) => {
            tracing::warn!(order_id, provider = %provider.name, %error, "cancel not requested");
            Ok(RequestOutcome::Refused(error))
        }
    }
}

/// The provider and the provider's id of a customer's order, when `allowed` says the action
/// may be asked for.
async fn upstream<'p>(
    db: &Db,
    providers: &'p Providers,
    user_id: i64,
    order_id: i64,
    allowed: fn(&OrderCard) -> Result<(), NotAllowed>,
) -> Result<Result<(&'p ProviderHandle, String), NotAllowed>> {
    let Some(card) = db.order_card(order_id, user_id).await? else {
        return Ok(Err(NotAllowed::NoSuchOrder));
    };
    if let Err(why) = allowed(&card) {
        return Ok(Err(why));
    }
    let Some(provider_order_id) = card.order.provider_order_id else {
        return Ok(Err(NotAllowed::NotPlaced));
    };
    // A provider removed from the configuration cannot be asked anything.
    match providers.get(&card.order.provider) {
        Some(provider) => Ok(Ok((provider, provider_order_id))),
        None => {
            tracing::warn!(order_id, provider = %card.order.provider, "order of a provider no longer configured");
            Ok(Err(NotAllowed::NotSupported))
        }
    }
}

/// The answer about one id from a batched call; silence about it is a broken answer.
fn answer_for<T>(answers: Result<PerId<T>, ProviderError>, id: &str) -> Result<T, ProviderError> {
    answers?.remove(id).unwrap_or_else(|| {
        Err(ProviderError::Malformed {
            reason: "the answer does not mention the order".into(),
            snippet: String::new(),
        })
    })
}

/// How an admin's settlement of an unknown outcome ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Refunded {
        user_id: i64,
        amount_minor: i64,
    },
    Placed {
        provider_order_id: String,
    },
    /// Settled before (by another admin, or another tap): nothing changed.
    AlreadySettled(OrderState),
    NoSuchOrder,
    /// That provider id belongs to another of our orders: most likely a typo.
    ProviderIdTaken {
        order_id: i64,
    },
}

/// The provider has no such order: the customer gets the whole charge back, once.
pub async fn settle_by_refund(db: &Db, admin_id: i64, order_id: i64) -> Result<Resolution> {
    let order = match unknown_outcome_order(db, order_id).await? {
        Ok(order) => order,
        Err(resolution) => return Ok(resolution),
    };
    let reason = format!("settled by admin {admin_id}: not created by the provider");
    let Some(amount_minor) = lifecycle::settle_refund(db, order_id, &reason).await? else {
        return already_settled(db, order_id).await;
    };
    // The customer's refund notice was queued in the refund's own transaction.
    tracing::info!(
        order_id,
        admin_id,
        amount_minor,
        "unknown outcome settled by refund"
    );
    Ok(Resolution::Refunded {
        user_id: order.user_id,
        amount_minor,
    })
}

/// The provider did create the order, as `provider_order_id`: from now on it is followed like
/// any placed order, and the customer is told.
pub async fn settle_as_placed(
    db: &Db,
    admin_id: i64,
    order_id: i64,
    provider_order_id: &str,
) -> Result<Resolution> {
    let order = match unknown_outcome_order(db, order_id).await? {
        Ok(order) => order,
        Err(resolution) => return Ok(resolution),
    };
    let mut tx = db.begin_write().await?;
    if let Some(holder) =
        orders::holder_of_provider_id(&mut tx, order_id, &order.provider, provider_order_id).await?
    {
        return Ok(Resolution::ProviderIdTaken { order_id: holder });
    }
    if !orders::place(&mut tx, order_id, provider_order_id, OrderState::UnknownOutcome).await? {
        drop(tx);
        return already_settled(db, order_id).await;
    }
    let notice = customer_notice(&order, OrderState::Placed, 0);
    enqueue(
        &mut tx,
        order.user_id,
        &notice_key(order_id, OrderState::Placed),
        &notice,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        order_id,
        admin_id,
        provider_order_id,
        "unknown outcome settled as placed"
    );
    Ok(Resolution::Placed {
        provider_order_id: provider_order_id.to_string(),
    })
}

/// `None` while the order waits for an admin's settlement, else what to report instead.
pub async fn settled_already(db: &Db, order_id: i64) -> Result<Option<Resolution>> {
    Ok(unknown_outcome_order(db, order_id).await?.err())
}

/// The order if it still waits for an admin's settlement, else the resolution to report.
async fn unknown_outcome_order(db: &Db, order_id: i64) -> Result<Result<Order, Resolution>> {
    Ok(match db.order(order_id).await? {
        None => Err(Resolution::NoSuchOrder),
        Some(order) if order.state() == OrderState::UnknownOutcome => Ok(order),
        Some(order) => Err(Resolution::AlreadySettled(order.state())),
    })
}

async fn already_settled(db: &Db, order_id: i64) -> Result<Resolution> {
    Ok(match db.order(order_id).await? {
        Some(order) => Resolution::AlreadySettled(order.state()),
        None => Resolution::NoSuchOrder,
    })
}

fn customer_notice(order: &Order, state: OrderState, refunded_minor: i64) -> Notice {
    Notice::OrderChanged {
        order_id: order.id,
        service: order.service_name.clone(),
        state: state.as_str().to_string(),
        quantity: order.billed_items(),
        remains: order.remains,
        refunded_minor,
    }
}

/// The customer's notice key for an order reaching `state`, shared with the status poller.
fn notice_key(order_id: i64, state: OrderState) -> String {
    format!("order:{order_id}:{}", state.as_str())
}

/// A provider order id as an admin typed it: one word of printable characters, without the
/// comma that separates ids in batched status calls (one such id would break every batch it
/// joins) — the rule the adapters apply to the ids providers send.
pub fn parse_provider_order_id(text: &str) -> Option<&str> {
    let id = text.trim();
    let printable = id
        .chars()
        .all(|c| !c.is_whitespace() && !c.is_control() && c != ',');
    (!id.is_empty() && id.chars().count() <= MAX_PROVIDER_ORDER_ID_LEN && printable).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(state: OrderState, refill: bool, cancel: bool) -> OrderCard {
        OrderCard {
            order: Order {
                id: 1,
                user_id: 7,
                service_id: 1,
                service_name: "S".into(),
                provider: "p".into(),
                provider_service_id: "1".into(),
                link: "https://t.me/x".into(),
                quantity: 100,
                charge_minor: 100,
                provider_order_id: Some("55".into()),
                state: state.as_str().into(),
                provider_status: None,
                remains: None,
                start_count: None,
                error: None,
                comments: None,
                answer_number: None,
                runs: None,
                interval_minutes: None,
                refunded_minor: 0,
                cancel_requested_at: None,
                checked_at: None,
                created_at: 0,
                updated_at: 0,
                origin: "chat".into(),
            },
            service_refill: refill,
            service_cancel: cancel,
            refill_running: false,
        }
    }

    #[test]
    fn actions_follow_the_state_and_the_service() {
        let running = card(OrderState::InProgress, true, true);
        assert_eq!(
            available(&running),
            Available {
                refresh: true,
                refill: false,
                cancel: true
            }
        );
        let done = card(OrderState::Completed, true, true);
        assert_eq!(
            available(&done),
            Available {
                refresh: false,
                refill: true,
                cancel: false
            }
        );
        assert_eq!(
            may_refill(&card(OrderState::Completed, false, true)),
            Err(NotAllowed::NotSupported)
        );
        assert_eq!(
            may_refill(&card(OrderState::Partial, true, true)),
            Err(NotAllowed::NotCompleted)
        );
        assert_eq!(
            may_cancel(&card(OrderState::Pending, true, false)),
            Err(NotAllowed::NotSupported)
        );
        assert_eq!(
            may_cancel(&card(OrderState::Canceled, true, true)),
            Err(NotAllowed::Finished)
        );
        assert_eq!(
            may_cancel(&card(OrderState::UnknownOutcome, true, true)),
            Err(NotAllowed::NotPlaced)
        );

        let mut refilling = card(OrderState::Completed, true, true);
        refilling.refill_running = true;
        assert_eq!(may_refill(&refilling), Err(NotAllowed::RefillRunning));
        let mut canceling = card(OrderState::InProgress, true, true);
        canceling.order.cancel_requested_at = Some(1);
        assert_eq!(may_cancel(&canceling), Err(NotAllowed::CancelRequested));
        assert!(available(&canceling).refresh);
    }

    #[test]
    fn provider_order_ids_are_one_printable_word() {
        assert_eq!(parse_provider_order_id("  12345 \n"), Some("12345"));
        assert_eq!(parse_provider_order_id("ab-9_X"), Some("ab-9_X"));
        for bad in ["", "   ", "12 34", "12,34", "12,", "a\u{0}b", &"9".repeat(65)] {
            assert_eq!(parse_provider_order_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn silence_about_the_order_is_a_broken_answer() {
        let answers: PerId<String> = [("1".to_string(), Ok("r9".to_string()))].into();
        assert_eq!(answer_for(Ok(answers.clone()), "1"), Ok("r9".to_string()));
        assert!(matches!(
            answer_for(Ok(answers), "2"),
            Err(ProviderError::Malformed { .. })
        ));
        assert_eq!(
            answer_for::<String>(Err(ProviderError::Timeout), "1"),
            Err(ProviderError::Timeout)
        );
    }
}
