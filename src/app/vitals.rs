//! The tasks the bot cannot live without (the dispatcher, the webhook server, the poller, the
//! notifier): each runs wrapped, and the first to end takes the bot out of service with its
//! reason, which `run`, the systemd watchdog and `/healthz` all read.

use std::any::Any;
use std::fmt::Display;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Why the bot no longer serves, once it does not (a vital task ended, or the bot is stopping);
/// `None` while it serves. The wrapper of each vital task (the dispatcher, the webhook server,
/// the poller, the notifier) records its end, a panic included, so `run`, the watchdog's pings
/// and `/healthz` all read one truth.
#[derive(Clone)]
pub(super) struct Vitals {
    out_of_service: watch::Sender<Option<String>>,
}

impl Vitals {
    pub(super) fn new() -> Self {
        Self {
            out_of_service: watch::Sender::new(None),
        }
    }

    /// Runs `work` as a task the bot cannot live without, `task` naming it in the log. Its end
    /// while the bot serves (a return, an error or a panic) takes the bot out of service with one
    /// error line saying why; once the bot is stopping, only a failure is logged.
    pub(super) fn spawn<W>(&self, task: &'static str, work: W) -> JoinHandle<()>
    where
        W: Future + Send + 'static,
        W::Output: Ending,
    {
        let vitals = self.clone();
        tokio::spawn(async move {
            // Caught here rather than in the JoinHandle, so the message is at hand when the end is
            // recorded; nothing the task owned is used after the panic.
            let failure = match AssertUnwindSafe(work).catch_unwind().await {
                Ok(ending) => ending.failure().map(|why| format!("failed: {why}")),
                Err(panic) => Some(format!("panicked: {}", panic_message(&*panic))),
            };
            let ended = format!("the {task} {}", failure.as_deref().unwrap_or("ended"));
            let taken_out = vitals.take_out_of_service(ended.clone(), || {
                tracing::error!(task, "{ended}; the bot cannot run without it and stops");
            });
            if !taken_out && failure.is_some() {
                tracing::error!(task, "{ended}");
            }
        })
    }

    /// Records `why` unless the bot is already out of service; true when it was recorded.
    /// `announce` runs only then, and before anyone waiting is woken, so that its log line comes
    /// before those of the stop.
    fn take_out_of_service(&self, why: String, announce: impl FnOnce()) -> bool {
        self.out_of_service.send_if_modified(|current| {
            let serving = current.is_none();
            if serving {
                announce();
                *current = Some(why);
            }
            serving
        })
    }

    /// From now on vital tasks are expected to end.
    pub(super) fn stopping(&self) {
        self.take_out_of_service("stopping".to_string(), || {});
    }

    pub(super) fn serving(&self) -> bool {
        self.out_of_service.borrow().is_none()
    }

    /// Returns once the bot is out of service.
    pub(super) async fn lost(&self) {
        // Cannot fail: `self` keeps the sender alive.
        let _ = self.subscribe().wait_for(Option::is_some).await;
    }

    /// Why the bot no longer serves, as it changes: `None` while it serves.
    pub(super) fn subscribe(&self) -> watch::Receiver<Option<String>> {
        self.out_of_service.subscribe()
    }
}

/// What a vital task's return value says: why it failed, if it did.
pub(super) trait Ending {
    fn failure(self) -> Option<String>;
}

impl Ending for () {
    fn failure(self) -> Option<String> {
        None
    }
}

impl<E: Display> Ending for std::result::Result<(), E> {
    fn failure(self) -> Option<String> {
        self.err().map(|e| e.to_string())
    }
}

/// The text a panic was raised with.
fn panic_message(panic: &(dyn Any + Send)) -> &str {
    if let Some(text) = panic.downcast_ref::<&str>() {
        text
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text
    } else {
        "(no message)"
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// Long enough for a task that ended to be recorded, on the slowest machine.
    const RECORD_LIMIT: Duration = Duration::from_secs(5);

    fn why(vitals: &Vitals) -> Option<String> {
        vitals.subscribe().borrow().clone()
    }

    async fn lose_the_disk() {
        panic!("the disk is gone");
    }

    #[tokio::test]
    async fn a_vital_task_that_panics_takes_the_bot_out_of_service_with_its_message() {
        let vitals = Vitals::new();
        assert!(vitals.serving());
        let poller = vitals.spawn("poller", lose_the_disk());
        tokio::time::timeout(RECORD_LIMIT, vitals.lost())
            .await
            .expect("the end is noticed");
        assert!(!vitals.serving());
        assert_eq!(
            why(&vitals).as_deref(),
            Some("the poller panicked: the disk is gone")
        );
        poller.await.expect("the panic is caught by the wrapper");
    }

    #[tokio::test]
    async fn the_first_vital_task_to_end_is_the_reason() {
        let vitals = Vitals::new();
        let dispatcher = vitals.spawn("dispatcher", async { Err::<(), _>("getMe: no answer") });
        dispatcher.await.expect("ends");
        vitals.spawn("notifier", async {}).await.expect("ends");
        assert_eq!(
            why(&vitals).as_deref(),
            Some("the dispatcher failed: getMe: no answer")
        );
    }

    #[tokio::test]
    async fn tasks_that_end_once_the_bot_is_stopping_are_expected() {
        let vitals = Vitals::new();
        vitals.stopping();
        vitals.spawn("poller", async {}).await.expect("ends");
        assert_eq!(why(&vitals).as_deref(), Some("stopping"));
    }
}
