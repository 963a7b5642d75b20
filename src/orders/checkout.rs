//! Ordering from a form filled in all at once (the Mini App): the form checked with the chat's
//! own rules, priced, and its confirmation kept here, so that nothing of it is taken back from
//! the page but the confirmation's token. The order is then placed by [`super::place`], with a
//! request key made from that token: a resubmitted confirmation places nothing more.

use std::collections::HashMap;
use std::sync::Mutex;

use ring::rand::{SecureRandom, SystemRandom};

use super::input::{
    CommentsError, LinkError, QuantityError, check_link, limits, parse_answer_number, parse_comments,
    parse_quantity,
};
use super::pending::{self, TopUpOffer, top_up_offer};
use super::{OrderRequest, PlaceOutcome};
use crate::config::Config;
use crate::db::catalogue::Service;
use crate::db::{Db, now};
use crate::error::{Error, Result};
use crate::payments::promo::discount::Discounted;
use crate::pricing::Pricing;
use crate::providers::Providers;
use crate::vocabulary::{OrderExtras, OrderOrigin, ServiceKind};

/// How long a confirmation can be submitted; after that the customer looks at the price again.
const CONFIRMATION_LIFETIME_SECS: i64 = 30 * 60;
/// Past this many kept confirmations, the expired ones are dropped when one more is added.
const PRUNE_ABOVE: usize = 4096;

/// What the customer filled in, as typed.
#[derive(Debug, Clone, Default)]
pub struct OrderForm<'a> {
    pub link: &'a str,
    /// Ignored for custom comments, where the number of comments is the quantity.
    pub quantity: &'a str,
    /// One comment per line, for custom comments.
    pub comments: &'a str,
    /// The poll answer's number, for polls.
    pub answer_number: &'a str,
}

/// Why a form cannot be ordered, in the chat's own terms (the chat's texts say it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormError {
    Link(LinkError),
    Quantity(QuantityError),
    Comments(CommentsError),
    PollAnswer,
}

/// A form that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedForm {
    pub link: String,
    pub quantity: u64,
    pub extras: OrderExtras,
}

/// Checks a whole form against the service with the chat's checks, in the chat's order (link
/// first). A drip-feed service is ordered all at once, as the chat's "all at once" does.
pub fn check_form(service: &Service, form: &OrderForm<'_>) -> std::result::Result<CheckedForm, FormError> {
    let link =
        check_link(service.link_rule(), service.target_bot.as_deref(), form.link).map_err(FormError::Link)?;
    let (quantity, extras) = check_amount(service, form)?;
    Ok(CheckedForm {
        link,
        quantity,
        extras,
    })
}

/// The form's quantity and what goes with it (the comments, the poll answer), without its
/// link: what the price depends on, for showing the total while it is typed.
pub fn check_amount(
    service: &Service,
    form: &OrderForm<'_>,
) -> std::result::Result<(u64, OrderExtras), FormError> {
    let (min, max) = limits(service);
    match service.kind() {
        ServiceKind::CustomComments => {
            let (comments, count) = parse_comments(form.comments, min, max).map_err(FormError::Comments)?;
            let extras = OrderExtras {
                comments: Some(comments),
                ..OrderExtras::default()
            };
            Ok((count, extras))
        }
        kind => {
            let answer_number = match kind {
                ServiceKind::Poll => {
                    Some(parse_answer_number(form.answer_number).ok_or(FormError::PollAnswer)?)
                }
                _ => None,
            };
            let quantity = parse_quantity(form.quantity, min, max).map_err(FormError::Quantity)?;
            let extras = OrderExtras {
                answer_number,
                ..OrderExtras::default()
            };
            Ok((quantity, extras))
        }
    }
}

/// A confirmation as shown to the customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirmation {
    pub user_id: i64,
    pub service_id: i64,
    pub form: CheckedForm,
    pub charge_minor: i64,
    /// The discount code that took `charge_minor` below the service's charge.
    pub discount: Option<Discounted>,
    /// When it was priced (unix seconds).
    pub quoted_at: i64,
}

/// Confirmations shown lately, by token. In memory: one lost in a restart is simply shown again.
#[derive(Debug, Default)]
pub struct Confirmations {
    by_token: Mutex<HashMap<String, Kept>>,
}

#[derive(Debug)]
struct Kept {
    confirmation: Confirmation,
    /// Whether its top-up was already sent to the chat.
    top_up_sent: bool,
}

impl Confirmations {
    /// Keeps a confirmation and returns the token it is submitted with.
    pub fn open(&self, confirmation: Confirmation) -> Result<String> {
        let mut bytes = [0u8; 16];
        SystemRandom::new()
            .fill(&mut bytes)
            .map_err(|_| Error::Internal("no randomness for a confirmation token".into()))?;
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut kept = self.lock();
        if kept.len() >= PRUNE_ABOVE {
            let now = now();
            kept.retain(|_, k| now - k.confirmation.quoted_at <= CONFIRMATION_LIFETIME_SECS);
        }
        let confirmation = Kept {
            confirmation,
            top_up_sent: false,
        };
        kept.insert(token.clone(), confirmation);
        Ok(token)
    }

    /// The customer's own confirmation behind `token`, while it may still be submitted.
    pub fn get(&self, user_id: i64, token: &str) -> Option<Confirmation> {
        self.lock()
            .get(token)
            .map(|k| &k.confirmation)
            .filter(|c| c.user_id == user_id && now() - c.quoted_at <= CONFIRMATION_LIFETIME_SECS)
            .cloned()
    }

    /// True the first time only: a confirmation submitted twice on a short balance waits for
    /// its top-up once.
    fn first_top_up(&self, token: &str) -> bool {
        match self.lock().get_mut(token) {
            Some(kept) => !std::mem::replace(&mut kept.top_up_sent, true),
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Kept>> {
        // Only plain inserts and removals happen under the lock: a panic cannot leave it torn.
        self.by_token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// How submitting a confirmation ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Submitted {
    Outcome(PlaceOutcome),
    /// The balance does not cover it: it waits for a top-up (when the shop offers one), to be
    /// placed by the credit, as in the chat. `first`: the first time this confirmation came
    /// short, when the customer is to be offered the top-up (later submissions only repeat it).
    Short {
        service: Box<Service>,
        offer: TopUpOffer,
        first: bool,
    },
}

/// Places a confirmed order through [`super::place`]; the same token always means the same
/// order. A short balance keeps the purchase waiting for a top-up, as the chat does, once.
pub async fn submit(
    db: &Db,
    providers: &Providers,
    config: &Config,
    (confirmations, token): (&Confirmations, &str),
    confirmation: &Confirmation,
) -> Result<Submitted> {
    let Some(service) = db.service_on_sale(confirmation.service_id).await? else {
        return Ok(Submitted::Outcome(PlaceOutcome::Unavailable));
    };
    // The chat's key shape, `<customer>:<token>`: tokens of both are random, so never equal.
    let request_key = format!("{}:{token}", confirmation.user_id);
    let request = OrderRequest {
        user_id: confirmation.user_id,
        service: &service,
        link: &confirmation.form.link,
        quantity: confirmation.form.quantity,
        extras: &confirmation.form.extras,
        quoted_charge_minor: confirmation.charge_minor,
        quoted_at: confirmation.quoted_at,
        request_key: &request_key,
        origin: OrderOrigin::Webapp,
    };
    let pricing = Pricing::from_config(config);
    match super::place(db, providers, &pricing, &config.admin_ids, &request).await? {
        PlaceOutcome::InsufficientFunds { missing_minor } => {
            let offer = top_up_offer(config, missing_minor);
            let first = offer.any() && confirmations.first_top_up(token);
            if first {
                pending::keep(db, &request).await?;
            }
            Ok(Submitted::Short {
                service: Box::new(service),
                offer,
                first,
            })
        }
        outcome => Ok(Submitted::Outcome(outcome)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing;

    fn service(kind: ServiceKind) -> Service {
        Service {
            kind: kind.as_str().into(),
            ..testing::service()
        }
    }

    #[test]
    fn a_form_is_checked_with_the_chats_rules() {
        let subscribers = service(ServiceKind::Default);
        let form = OrderForm {
            link: "@mychannel",
            quantity: "1000",
            ..OrderForm::default()
        };
        let checked = check_form(&subscribers, &form).unwrap();
        assert_eq!(checked.link, "https://t.me/mychannel");
        assert_eq!(checked.quantity, 1000);
        assert_eq!(
            crate::orders::quote(&subscribers, checked.quantity, &checked.extras),
            Some(108)
        );
        let wrong_link = OrderForm {
            link: "https://example.com/x",
            ..form.clone()
        };
        assert_eq!(
            check_form(&subscribers, &wrong_link),
            Err(FormError::Link(LinkError::NotTelegram))
        );
        let too_few = OrderForm {
            quantity: "5",
            ..form.clone()
        };
        assert_eq!(
            check_form(&subscribers, &too_few),
            Err(FormError::Quantity(QuantityError::BelowMin(10)))
        );
    }

    #[test]
    fn comments_set_the_quantity_and_a_poll_needs_its_answer() {
        let comments = service(ServiceKind::CustomComments);
        let form = OrderForm {
            link: "https://t.me/c/1",
            quantity: "999999",
            comments: "one\ntwo\n\n",
            ..OrderForm::default()
        };
        let too_few = check_form(&comments, &form).unwrap_err();
        assert_eq!(too_few, FormError::Comments(CommentsError::TooFew(10)));
        let ten = (1..=10)
            .map(|n| format!("comment {n}"))
            .collect::<Vec<_>>()
            .join("\n");
        let checked = check_form(
            &comments,
            &OrderForm {
                comments: &ten,
                ..form.clone()
            },
        )
        .unwrap();
        assert_eq!(checked.quantity, 10);
        assert_eq!(checked.extras.comments.as_deref(), Some(ten.as_str()));

        let poll = service(ServiceKind::Poll);
        let form = OrderForm {
            link: "https://t.me/c/1",
            quantity: "100",
            answer_number: "x",
            ..OrderForm::default()
        };
        assert_eq!(check_form(&poll, &form), Err(FormError::PollAnswer));
        let checked = check_form(
            &poll,
            &OrderForm {
                answer_number: "2",
                ..form
            },
        )
        .unwrap();
        assert_eq!(checked.extras.answer_number, Some(2));
    }

    #[test]
    fn a_confirmation_is_only_its_customers_and_only_for_a_while() {
        let confirmations = Confirmations::default();
        let confirmation = Confirmation {
            user_id: 7,
            service_id: 1,
            form: CheckedForm {
                link: "https://t.me/x".into(),
                quantity: 100,
                extras: OrderExtras::default(),
            },
            charge_minor: 11,
            discount: None,
            quoted_at: now(),
        };
        let token = confirmations.open(confirmation.clone()).unwrap();
        let other = confirmations.open(confirmation.clone()).unwrap();
        assert_ne!(token, other);
        assert_eq!(confirmations.get(7, &token), Some(confirmation.clone()));
        assert_eq!(confirmations.get(8, &token), None, "someone else's token");
        assert_eq!(confirmations.get(7, "forged"), None);
        assert!(confirmations.first_top_up(&token));
        assert!(!confirmations.first_top_up(&token), "once");
        assert!(!confirmations.first_top_up("forged"));
        let old = Confirmation {
            quoted_at: now() - CONFIRMATION_LIFETIME_SECS - 1,
            ..confirmation
        };
        let old = confirmations.open(old).unwrap();
        assert_eq!(confirmations.get(7, &old), None, "expired");
    }
}
