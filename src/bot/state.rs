//! The dialogue: which typed input the bot is waiting for from a customer. Menus and lists are
//! stateless buttons; only the steps where the customer types something need a state.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub enum State {
    #[default]
    Start,
    AwaitingSearch,
    AwaitingLink {
        service_id: i64,
    },
    AwaitingQuantity {
        service_id: i64,
        link: String,
    },
    Confirming(OrderDraft),
}

/// An order the customer has filled in and is looking at before confirming.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderDraft {
    pub service_id: i64,
    pub link: String,
    pub quantity: u64,
    /// The total shown on the confirmation screen.
    pub charge_minor: i64,
    /// Ties the Confirm button to this draft: a button from an older draft is stale.
    pub token: String,
}
