//! `add`: an order of the key's owner, checked as the chat checks it and placed through
//! [`orders::place`], the one money path. A refusal costs nothing.

use serde_json::{Value, json};

use super::{Caller, Fields, Refusal, Reselling, keys, our_id};
use crate::db::catalogue::Service;
use crate::db::now;
use crate::error::{ApiErrorKind, ProviderError, Result};
use crate::orders::checkout::{CheckedForm, FormError, OrderForm, check_form};
use crate::orders::input::{LinkError, QuantityError, parse_dripfeed};
use crate::orders::{self, OrderRequest, PlaceOutcome};
use crate::vocabulary::OrderOrigin;

/// Random bytes in the key of each `add`.
const REQUEST_KEY_BYTES: usize = 12;

pub(super) async fn add(api: &Reselling, caller: &Caller, fields: &Fields) -> Result<Value> {
    let Some(service) = service(api, caller, fields).await? else {
        return Ok(Refusal::BadService.answer());
    };
    let checked = match check(&service, fields) {
        Ok(checked) => checked,
        Err(refusal) => return Ok(refusal.answer()),
    };
    // Priced as the chat prices it: a discount code waiting for the owner's next order comes off.
    let priced = orders::priced::price(
        &api.db,
        &api.pricing,
        caller.user_id,
        &service,
        checked.quantity,
        &checked.extras,
    )
    .await?;
    let Some(priced) = priced else {
        return Ok(Refusal::BadQuantity(QuantityError::NotANumber).answer());
    };
    // A fresh key for every request: panels have no idempotency key, so an `add` sent twice is
    // two orders (the panel convention), and nothing here may merge them.
    let request_key = format!("api:{}:{}", caller.user_id, keys::random_hex(REQUEST_KEY_BYTES)?);
    let request = OrderRequest {
        user_id: caller.user_id,
        service: &service,
        link: &checked.link,
        quantity: checked.quantity,
        extras: &checked.extras,
        quoted_charge_minor: priced.charge_minor,
        quoted_at: now(),
        request_key: &request_key,
        origin: OrderOrigin::Api,
    };
    let outcome = orders::place(&api.db, &api.providers, &api.pricing, &api.admins, &request).await?;
    Ok(match outcome {
        // An unknown outcome holds the money and is settled later: the order exists, and its
        // status says "In progress" until then.
        PlaceOutcome::Placed { order_id, .. }
        | PlaceOutcome::Unconfirmed { order_id }
        | PlaceOutcome::AlreadyPlaced { order_id } => json!({ "order": order_id }),
        PlaceOutcome::Rejected { error, .. } => rejected(&error).answer(),
        PlaceOutcome::InsufficientFunds { .. } => Refusal::NotEnoughFunds.answer(),
        PlaceOutcome::Unavailable => Refusal::BadService.answer(),
        PlaceOutcome::PriceChanged { .. } => Refusal::PriceChanged.answer(),
    })
}

/// The service on sale the client names, at the caller's prices.
async fn service(api: &Reselling, caller: &Caller, fields: &Fields) -> Result<Option<Service>> {
    let Some(id) = fields.get("service").and_then(our_id) else {
        return Ok(None);
    };
    let Some(service) = api.db.service_on_sale(id).await? else {
        return Ok(None);
    };
    Ok(Some(match api.prices(caller).await? {
        Some(prices) => prices.apply(&service),
        None => service,
    }))
}

/// The form the Mini App checks, with the same function (the chat's checks, in the chat's
/// order), then drip-feed, which panels order with `runs` and `interval`.
fn check(service: &Service, fields: &Fields) -> Result<CheckedForm, Refusal> {
    let form = OrderForm {
        link: fields.get("link").unwrap_or_default(),
        quantity: fields.get("quantity").unwrap_or_default(),
        comments: fields.raw("comments").unwrap_or_default(),
        answer_number: fields.get("answer_number").unwrap_or_default(),
    };
    let mut checked = check_form(service, &form).map_err(|error| match error {
        FormError::Link(error) => Refusal::BadLink(error),
        FormError::Quantity(error) => Refusal::BadQuantity(error),
        FormError::Comments(error) => Refusal::BadComments(error),
        FormError::PollAnswer => Refusal::BadAnswerNumber,
    })?;
    // Drip-feed: `quantity` is per run, as on every panel.
    match (fields.get("runs"), fields.get("interval")) {
        (None, None) => {}
        _ if !service.dripfeed => return Err(Refusal::NoDripFeed),
        (Some(runs), Some(interval)) => {
            let dripfeed = parse_dripfeed(&format!("{runs} {interval}")).ok_or(Refusal::BadDripFeed)?;
            checked.extras.dripfeed = Some(dripfeed);
        }
        _ => return Err(Refusal::BadDripFeed),
    }
    Ok(checked)
}

/// What to tell a client whose order our provider refused: the reason in panel words, never the
/// provider's own.
fn rejected(error: &ProviderError) -> Refusal {
    match error {
        ProviderError::Api {
            kind: ApiErrorKind::InvalidLink,
            ..
        } => Refusal::BadLink(LinkError::NotAUrl),
        ProviderError::Api {
            kind: ApiErrorKind::InvalidQuantity,
            ..
        } => Refusal::BadQuantity(QuantityError::NotANumber),
        ProviderError::Api {
            kind: ApiErrorKind::DuplicateActiveOrder,
            ..
        } => Refusal::DuplicateActiveOrder,
        _ => Refusal::NotAccepted,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::db::testing;
    use crate::vocabulary::DripFeed;

    fn service(kind: &str, dripfeed: bool) -> Service {
        Service {
            id: 3,
            kind: kind.into(),
            dripfeed,
            ..testing::service()
        }
    }

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        Fields::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<HashMap<_, _>>(),
        )
    }

    #[test]
    fn an_add_is_checked_as_the_chat_checks_an_order() {
        let plain = service("default", true);
        let ok = check(&plain, &fields(&[("link", "@chan"), ("quantity", "1000")])).unwrap();
        assert_eq!(ok.link, "https://t.me/chan");
        assert_eq!(ok.quantity, 1000);
        let drip = check(
            &plain,
            &fields(&[
                ("link", "@chan"),
                ("quantity", "100"),
                ("runs", "3"),
                ("interval", "30"),
            ]),
        )
        .unwrap();
        assert_eq!(
            drip.extras.dripfeed,
            Some(DripFeed {
                runs: 3,
                interval_minutes: 30
            })
        );
        for (pairs, refusal) in [
            (vec![("quantity", "1000")], Refusal::BadLink(LinkError::NotAUrl)),
            (
                vec![("link", "https://example.com/x"), ("quantity", "1000")],
                Refusal::BadLink(LinkError::NotTelegram),
            ),
            (
                vec![("link", "@chan")],
                Refusal::BadQuantity(QuantityError::NotANumber),
            ),
            (
                vec![("link", "@chan"), ("quantity", "-5")],
                Refusal::BadQuantity(QuantityError::NotANumber),
            ),
            (
                vec![("link", "@chan"), ("quantity", "5")],
                Refusal::BadQuantity(QuantityError::BelowMin(10)),
            ),
            (
                vec![("link", "@chan"), ("quantity", "99999999999999999999999")],
                Refusal::BadQuantity(QuantityError::AboveMax(10_000)),
            ),
            (
                vec![("link", "@chan"), ("quantity", "100"), ("runs", "3")],
                Refusal::BadDripFeed,
            ),
            (
                vec![
                    ("link", "@chan"),
                    ("quantity", "100"),
                    ("runs", "1"),
                    ("interval", "30"),
                ],
                Refusal::BadDripFeed,
            ),
        ] {
            assert_eq!(check(&plain, &fields(&pairs)), Err(refusal), "{pairs:?}");
        }
        let no_drip = service("default", false);
        assert_eq!(
            check(
                &no_drip,
                &fields(&[
                    ("link", "@chan"),
                    ("quantity", "100"),
                    ("runs", "3"),
                    ("interval", "30")
                ])
            ),
            Err(Refusal::NoDripFeed)
        );
    }

    #[test]
    fn comments_are_the_quantity_and_a_poll_needs_its_answer() {
        let comments = Service {
            min_quantity: 2,
            ..service("custom_comments", false)
        };
        let ok = check(
            &comments,
            &fields(&[("link", "@chan"), ("comments", "nice\n\ngreat\n")]),
        )
        .unwrap();
        assert_eq!(ok.quantity, 2);
        assert_eq!(ok.extras.comments.as_deref(), Some("nice\ngreat"));
        assert!(matches!(
            check(&comments, &fields(&[("link", "@chan"), ("comments", "one")])),
            Err(Refusal::BadComments(_))
        ));
        let poll = service("poll", false);
        let ok = check(
            &poll,
            &fields(&[("link", "@chan"), ("answer_number", "2"), ("quantity", "100")]),
        )
        .unwrap();
        assert_eq!(ok.extras.answer_number, Some(2));
        assert_eq!(
            check(&poll, &fields(&[("link", "@chan"), ("quantity", "100")])),
            Err(Refusal::BadAnswerNumber)
        );
    }
}
