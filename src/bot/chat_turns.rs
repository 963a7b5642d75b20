//! One update per chat at a time, in the order Telegram sent them, with nothing kept for a chat
//! between its updates.
//!
//! teloxide's own way is a worker per chat: a task and a channel whose first block has room for
//! 32 updates (about 57 KB), kept for as many chats as were ever busy at once. After a burst of
//! 200 customers those 200 stayed, 11 MB (measured with heaptrack). Instead each update runs on
//! a task of its own once the chat's earlier updates are done; a chat has an entry here only
//! while one of its updates runs or waits.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use teloxide::dispatching::UpdateHandler;
use teloxide::dptree;
use teloxide::types::{ChatId, Update};
use tokio::sync::OwnedMutexGuard;

use crate::error::Error;
use crate::update_slots::UpdateSlots;

/// The chats with an update running or waiting, each with the lock its updates take in turn.
#[derive(Debug, Default)]
pub struct ChatTurns {
    busy: Mutex<HashMap<ChatId, Arc<tokio::sync::Mutex<()>>>>,
}

/// A chat's turn: its next update waits until this is dropped.
pub struct Turn {
    turns: Arc<ChatTurns>,
    chat: ChatId,
    held: Option<OwnedMutexGuard<()>>,
}

impl ChatTurns {
    /// Waits until the chat's earlier updates are done. tokio's mutex is fair, so turns are
    /// given in the order they were asked for.
    pub async fn take(self: &Arc<Self>, chat: ChatId) -> Turn {
        let lock = self.busy().entry(chat).or_default().clone();
        let held = lock.lock_owned().await;
        Turn {
            turns: Arc::clone(self),
            chat,
            held: Some(held),
        }
    }

    /// How many chats have an update running or waiting.
    pub fn busy_chats(&self) -> usize {
        self.busy().len()
    }

    fn busy(&self) -> MutexGuard<'_, HashMap<ChatId, Arc<tokio::sync::Mutex<()>>>> {
        // The map stays consistent whatever panicked while holding it: every change is one call.
        self.busy.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut busy = self.turns.busy();
        drop(self.held.take());
        // The map's own handle is the last one: nobody holds or waits for this chat.
        if busy
            .get(&self.chat)
            .is_some_and(|lock| Arc::strong_count(lock) == 1)
        {
            busy.remove(&self.chat);
        }
    }
}

/// `schema` run for each update on a task of its own, one update per chat at a time and at most
/// as many at once as `slots` allow. Updates that belong to no chat (none this bot subscribes to
/// today) need only a slot.
///
/// The dispatcher hands every update to one worker that runs them concurrently
/// (`distribution_function` returning `None`); taking the turn, then a slot, is the first thing
/// each does, in the order the updates came, so a chat's updates keep their order. A chat waiting
/// for its turn holds no slot.
pub fn in_turns(
    schema: UpdateHandler<Error>,
    turns: Arc<ChatTurns>,
    slots: UpdateSlots,
) -> UpdateHandler<Error> {
    let signature = schema.sig().clone();
    let description = schema.description().clone();
    dptree::from_fn_with_description(
        description,
        move |deps: dptree::di::DependencyMap, cont| {
            let schema = schema.clone();
            let turns = Arc::clone(&turns);
            let slots = slots.clone();
            async move {
                let chat = deps
                    .try_get::<Update>()
                    .and_then(|update| update.chat().map(|c| c.id));
                let _turn = match chat {
                    Some(chat) => Some(turns.take(chat).await),
                    None => None,
                };
                let update = slots.take(async move { schema.dispatch(deps).await }).await;
                // A task of its own: the one worker only waits, the updates use every core.
                let handled = tokio::spawn(update).await;
                match handled {
                    Ok(ControlFlow::Continue(deps)) => cont(deps).await,
                    Ok(done) => done,
                    // A panicking handler fails its update, as an error would; the chat's turn
                    // passes on and the other chats never noticed.
                    Err(e) => ControlFlow::Break(Err(Error::Internal(format!("update handler: {e}")))),
                }
            }
        },
        signature,
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_chat_waits_for_its_earlier_update_and_is_forgotten_after() {
        let turns = Arc::new(ChatTurns::default());
        let first = turns.take(ChatId(1)).await;
        let other_chat = turns.take(ChatId(2)).await;
        let waiting = tokio::spawn({
            let turns = Arc::clone(&turns);
            async move { turns.take(ChatId(1)).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !waiting.is_finished(),
            "the second update of chat 1 ran beside the first"
        );
        drop(first);
        let second = tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("the turn passed on")
            .expect("the waiting task");
        assert_eq!(turns.busy_chats(), 2);
        drop(second);
        drop(other_chat);
        assert_eq!(turns.busy_chats(), 0, "a chat with nothing running is forgotten");
    }

    #[tokio::test]
    async fn turns_are_given_in_the_order_asked() {
        let turns = Arc::new(ChatTurns::default());
        let first = turns.take(ChatId(7)).await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut waiting = Vec::new();
        for n in 0..20 {
            let (turns, order) = (Arc::clone(&turns), Arc::clone(&order));
            waiting.push(tokio::spawn(async move {
                let _turn = turns.take(ChatId(7)).await;
                order.lock().unwrap().push(n);
            }));
            // Each has asked before the next is started.
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        drop(first);
        for task in waiting {
            task.await.expect("a waiting task");
        }
        assert_eq!(*order.lock().unwrap(), (0..20).collect::<Vec<_>>());
        assert_eq!(turns.busy_chats(), 0);
    }
}
