//! The dialogue: which typed input the bot is waiting for from a customer. Menus and lists are
//! stateless buttons; only the steps where the customer types something need a state.

use serde::{Deserialize, Serialize};

use crate::payments::promo::discount::Discounted;
use crate::vocabulary::OrderExtras;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub enum State {
    #[default]
    Start,
    AwaitingSearch,
    /// How many Telegram Stars to top up with.
    AwaitingTopUpAmount,
    /// How much (shop currency) to top up with through Crypto Pay.
    AwaitingCryptoAmount,
    /// A promo code, typed on the balance screen.
    AwaitingPromoCode,
    AwaitingLink {
        service_id: i64,
    },
    /// Custom Comments: one comment per line; their number is the quantity.
    AwaitingComments {
        service_id: i64,
        link: String,
    },
    /// Poll: which answer to vote for.
    AwaitingPollAnswer {
        service_id: i64,
        link: String,
    },
    AwaitingQuantity {
        service_id: i64,
        link: String,
        extras: OrderExtras,
    },
    /// Services that can spread delivery over time: all at once, or in runs.
    AwaitingDripFeed(OrderDraft),
    Confirming(OrderDraft),
    /// What to write to the shop's support: text, or a photo with a caption. The step stays
    /// after each message, so that more can follow.
    AwaitingSupportMessage,
    /// Admins: the provider's id of an `unknown_outcome` order the provider did create.
    AwaitingProviderOrderId {
        order_id: i64,
    },
    /// Admins: "amount reason" for a credit or a debit of a customer's balance.
    AwaitingBalanceChange {
        user_id: i64,
        change: BalanceChange,
    },
    /// Admins: the amount of a partial refund of an order.
    AwaitingRefundAmount {
        order_id: i64,
    },
    /// Admins: the message to send to every customer, after `/broadcast` without a reply.
    AwaitingBroadcastMessage,
    /// Admins: a reseller's markup percent, or `-` for the shop's prices.
    AwaitingResellerMarkup {
        user_id: i64,
    },
}

impl State {
    /// Steps only admins can be in.
    pub fn is_admin_step(&self) -> bool {
        matches!(
            self,
            Self::AwaitingProviderOrderId { .. }
                | Self::AwaitingBalanceChange { .. }
                | Self::AwaitingRefundAmount { .. }
                | Self::AwaitingBroadcastMessage
                | Self::AwaitingResellerMarkup { .. }
        )
    }
}

/// Which way an admin moves a customer's money by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BalanceChange {
    Credit,
    Debit,
}

/// An order the customer has filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderDraft {
    pub service_id: i64,
    pub link: String,
    /// Items per run for drip-feed orders, the number of comments for custom comments.
    pub quantity: u64,
    pub extras: OrderExtras,
    /// The total shown on the confirmation screen.
    pub charge_minor: i64,
    /// When that total was worked out (unix seconds); an old one is re-checked before charging.
    /// Drafts stored before this field existed read as 0: long ago.
    #[serde(default)]
    pub quoted_at: i64,
    /// Ties the Confirm button to this draft: a button from an older draft is stale.
    pub token: String,
    /// The customer's discount in `charge_minor`, shown on the confirmation.
    #[serde(default)]
    pub discount: Option<Discounted>,
}
