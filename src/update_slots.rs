//! At most so many updates are handled at once; the rest wait their turn, in order.
//!
//! Each update in hand holds a connection to the Bot API and its buffers while it answers: with
//! 200 customers tapping at once that was 300 connections and 37 MB over the memory at rest, for
//! no speed (Telegram answers a bot no faster for asking it more at once). With this bound it is
//! about 60 connections and 16 MB (measured with the updates bench; see the README).
//!
//! An update that waits for something slow outside the bot — a provider's or Crypto Pay's
//! answer, which can take seconds — gives its slot up meanwhile through [`outside`], so a
//! provider that hangs delays only the customers who wait for it.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Updates handled at once. A bot's answers are Telegram calls of tens of milliseconds each, so
/// this many let the bot answer several hundred updates a second, more than Telegram lets a
/// bot send.
pub const UPDATES_AT_ONCE: usize = 32;

tokio::task_local! {
    /// The slot of the update this task is handling.
    static SLOT: Slot;
}

/// The slots updates take in turn (tokio's semaphore is fair: first asked, first given).
#[derive(Debug, Clone)]
pub struct UpdateSlots {
    slots: Arc<Semaphore>,
}

impl Default for UpdateSlots {
    fn default() -> Self {
        Self::new(UPDATES_AT_ONCE)
    }
}

/// A task's slot: held while the update runs, given up while it waits [`outside`].
struct Slot {
    slots: Arc<Semaphore>,
    held: Mutex<Option<OwnedSemaphorePermit>>,
}

impl Slot {
    fn held(&self) -> std::sync::MutexGuard<'_, Option<OwnedSemaphorePermit>> {
        // Plain data: usable whatever panicked while holding it.
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl UpdateSlots {
    pub fn new(at_once: usize) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(at_once)),
        }
    }

    /// Waits for a free slot; the returned future then runs `update` holding it.
    pub async fn take<F: Future>(&self, update: F) -> impl Future<Output = F::Output> + use<F> {
        let permit = Arc::clone(&self.slots)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let slot = Slot {
            slots: Arc::clone(&self.slots),
            held: Mutex::new(Some(permit)),
        };
        SLOT.scope(slot, update)
    }
}

/// Runs `wait` without the current update's slot, taking one again after. Outside an update (the
/// poller, the API, a test) it just runs `wait`.
pub async fn outside<F: Future>(wait: F) -> F::Output {
    let gave_up = SLOT
        .try_with(|slot| slot.held().take().map(|permit| (Arc::clone(&slot.slots), permit)))
        .ok()
        .flatten();
    let Some((slots, permit)) = gave_up else {
        return wait.await;
    };
    drop(permit);
    let output = wait.await;
    let permit = slots
        .acquire_owned()
        .await
        .expect("the semaphore is never closed");
    // Two waits of one update may overlap: the first back takes the slot again, once.
    SLOT.with(|slot| {
        slot.held().get_or_insert(permit);
    });
    output
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::sync::oneshot;

    use super::*;

    #[tokio::test]
    async fn an_update_beyond_the_bound_waits_until_one_in_hand_is_done() {
        let slots = UpdateSlots::new(2);
        let (finish, finished) = oneshot::channel::<()>();
        let first = tokio::spawn(slots.take(async { finished.await.ok() }).await);
        let second = tokio::spawn(slots.take(std::future::pending::<()>()).await);
        assert_eq!(slots.slots.available_permits(), 0);
        let third = tokio::spawn({
            let slots = slots.clone();
            async move { slots.take(async { "third ran" }).await.await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !third.is_finished(),
            "a third update ran beside two with a bound of two"
        );
        finish.send(()).unwrap();
        first.await.unwrap();
        let third = tokio::time::timeout(Duration::from_secs(5), third)
            .await
            .expect("the third update got the first one's slot");
        assert_eq!(third.unwrap(), "third ran");
        second.abort();
    }

    #[tokio::test]
    async fn an_update_waiting_outside_lets_another_run_and_takes_a_slot_again_after() {
        let slots = UpdateSlots::new(1);
        let (answer, answered) = oneshot::channel::<&str>();
        let waiting = tokio::spawn(
            slots
                .take(async {
                    let answer = outside(async { answered.await.unwrap() }).await;
                    (answer, SLOT.with(|slot| slot.held().is_some()))
                })
                .await,
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
        let other = tokio::time::timeout(Duration::from_secs(5), slots.take(async { "other ran" }))
            .await
            .expect("the slot was given up while the first update waited outside");
        assert_eq!(other.await, "other ran");
        answer.send("the provider's answer").unwrap();
        let (answer, held_again) = waiting.await.unwrap();
        assert_eq!(answer, "the provider's answer");
        assert!(held_again, "the update holds a slot again after its wait");
        assert_eq!(slots.slots.available_permits(), 1, "and gives it back when done");
    }

    #[tokio::test]
    async fn outside_an_update_a_wait_just_runs() {
        assert_eq!(outside(async { 7 }).await, 7);
    }
}
