//! Telegram's limits, kept on our side so they are never hit: each chat may be written to again
//! only once its own interval has passed (about one message a second to a person, twenty a
//! minute to a group), and all chats together share one gate that lets a message through every
//! 1/30 s or so. A chat waits only for itself and for its turn at the gate, never for another
//! chat's backlog.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// How fast the notifier may write. [`Pace::TELEGRAM`] is what the bot uses; tests run the same
/// rules faster against a fake that enforces the same faster limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// Between any two messages of the bot: Telegram allows about 30 a second in all.
    pub overall: Duration,
    /// Between two messages to one private chat: about one a second.
    pub private_chat: Duration,
    /// Between two messages to one group: twenty a minute.
    pub group_chat: Duration,
    /// Admin alerts of one kind to one admin go out as a few messages per window at most
    /// (`plan::ALERTS_PER_WINDOW`); what comes beyond them is sent as one digest when it ends.
    pub digest_window: Duration,
}

impl Pace {
    /// Telegram's limits, with a little room: 34 ms is 29.4 messages a second.
    pub const TELEGRAM: Pace = Pace {
        overall: Duration::from_millis(34),
        private_chat: Duration::from_secs(1),
        group_chat: Duration::from_secs(3),
        digest_window: Duration::from_secs(60),
    };

    /// The same limits `times` as fast (the digest window too), for tests.
    pub fn faster(self, times: u32) -> Pace {
        let times = times.max(1);
        Pace {
            overall: self.overall / times,
            private_chat: self.private_chat / times,
            group_chat: self.group_chat / times,
            digest_window: self.digest_window / times,
        }
    }

    /// Groups, supergroups and channels have negative ids; people have positive ones.
    pub fn per_chat(&self, chat_id: i64) -> Duration {
        if chat_id < 0 {
            self.group_chat
        } else {
            self.private_chat
        }
    }
}

/// Within this span, refusals for this many different chats mean the bot-wide limit was hit.
const FLOOD_SPAN: Duration = Duration::from_secs(1);
const CHATS_FOR_GLOBAL_FLOOD: usize = 3;

/// What a 429 was about, as [`Pacer::flooded`] judged it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloodScope {
    Chat,
    Everyone,
}

/// The shared pacing state of one notifier (and its clones).
#[derive(Debug)]
pub struct Pacer {
    pace: Pace,
    /// The bot-wide gate: the earliest moment the next message may go. An async mutex, so the
    /// chats waiting for it pass in the order they came, each one `overall` after the previous
    /// one actually went (a late wake-up delays the queue; it never lets a burst through).
    gate: tokio::sync::Mutex<Instant>,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Per chat, the earliest moment it may be written to again.
    chats: HashMap<i64, Instant>,
    /// Nobody is written to before this (a bot-wide 429).
    paused_until: Option<Instant>,
    /// Recent 429s: when, and for which chat.
    floods: VecDeque<(Instant, i64)>,
}

impl Pacer {
    pub fn new(pace: Pace) -> Self {
        Self {
            pace,
            gate: tokio::sync::Mutex::new(Instant::now()),
            state: Mutex::new(State::default()),
        }
    }

    /// Waits until `chat_id` may be written to and it is this message's turn at the bot-wide
    /// gate. Call [`Pacer::sent`] once Telegram has answered.
    pub async fn turn(&self, chat_id: i64) {
        let chat_opens = self.lock().chats.get(&chat_id).copied();
        if let Some(at) = chat_opens {
            tokio::time::sleep_until(at).await;
        }
        let mut next = self.gate.lock().await;
        tokio::time::sleep_until(*next).await;
        // A bot-wide pause may begin while we wait at the gate.
        loop {
            let paused = self.lock().paused_until.filter(|until| *until > Instant::now());
            match paused {
                Some(until) => tokio::time::sleep_until(until).await,
                None => break,
            }
        }
        *next = Instant::now() + self.pace.overall;
    }

    /// Telegram answered a message to `chat_id`: the chat's interval counts from now, which is
    /// after the message reached Telegram, so no network delay can bring two closer.
    pub fn sent(&self, chat_id: i64) {
        let now = Instant::now();
        let mut state = self.lock();
        state.chats.insert(chat_id, now + self.pace.per_chat(chat_id));
        // Chats whose interval is over need no entry; keeps the map at the chats written lately.
        if state.chats.len() > 10_000 {
            state.chats.retain(|_, at| *at > now);
        }
    }

    /// Telegram refused a message to `chat_id` for `retry_after`. Telegram answers 429 for the
    /// chat that went too fast, so one refusal slows that chat only. Our own pacing keeps every
    /// chat within its interval, though, so when several different chats are refused within a
    /// second it is the bot-wide limit (ours was too fast for this server): everyone waits.
    pub fn flooded(&self, chat_id: i64, retry_after: Duration) -> FloodScope {
        let now = Instant::now();
        let until = now + retry_after;
        let mut state = self.lock();
        let chat = state.chats.entry(chat_id).or_insert(until);
        *chat = (*chat).max(until);
        state
            .floods
            .retain(|(at, _)| now.duration_since(*at) < FLOOD_SPAN);
        state.floods.push_back((now, chat_id));
        let mut chats: Vec<i64> = state.floods.iter().map(|(_, chat)| *chat).collect();
        chats.sort_unstable();
        chats.dedup();
        if chats.len() < CHATS_FOR_GLOBAL_FLOOD {
            return FloodScope::Chat;
        }
        state.paused_until = Some(state.paused_until.map_or(until, |paused| paused.max(until)));
        FloodScope::Everyone
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real time (the timer's test clock would need another tokio feature). A busy machine only
    /// ever makes a wait longer, so each upper bound sits just below what the wrong behaviour
    /// would take (waiting for another chat's interval, or twice), not close to the right one.
    fn pace() -> Pace {
        Pace {
            overall: Duration::from_millis(20),
            private_chat: Duration::from_millis(200),
            group_chat: Duration::from_millis(600),
            digest_window: Duration::from_secs(60),
        }
    }

    fn pacer() -> Pacer {
        Pacer::new(pace())
    }

    fn between(elapsed: Duration, low_ms: u64, high_ms: u64) -> bool {
        elapsed >= Duration::from_millis(low_ms) && elapsed < Duration::from_millis(high_ms)
    }

    #[tokio::test]
    async fn different_chats_share_only_the_overall_gate() {
        // A long interval per chat, so that waiting for another chat's would show.
        let pacer = Pacer::new(Pace {
            private_chat: Duration::from_secs(2),
            ..pace()
        });
        let start = Instant::now();
        for chat in 1..=5 {
            pacer.turn(chat).await;
            pacer.sent(chat);
        }
        // Five chats: one every 20 ms, none waiting for another's interval.
        assert!(between(start.elapsed(), 80, 1_500), "{:?}", start.elapsed());
    }

    #[tokio::test]
    async fn one_chat_waits_its_own_interval_counted_from_the_answer() {
        let pacer = pacer();
        let start = Instant::now();
        pacer.turn(7).await;
        tokio::time::sleep(Duration::from_millis(30)).await; // the request's round trip
        pacer.sent(7);
        pacer.turn(7).await;
        assert!(between(start.elapsed(), 230, 430), "{:?}", start.elapsed());
        let group = Instant::now();
        pacer.turn(-100).await;
        pacer.sent(-100);
        pacer.turn(-100).await;
        assert!(
            between(group.elapsed(), 600, 1_200),
            "groups: {:?}",
            group.elapsed()
        );
    }

    #[tokio::test]
    async fn one_chats_flood_slows_that_chat_only() {
        let pacer = pacer();
        assert_eq!(pacer.flooded(1, Duration::from_millis(300)), FloodScope::Chat);
        let start = Instant::now();
        pacer.turn(2).await;
        assert!(
            start.elapsed() < Duration::from_millis(250),
            "another chat goes at once"
        );
        pacer.turn(1).await;
        assert!(between(start.elapsed(), 290, 600), "{:?}", start.elapsed());
    }

    #[tokio::test]
    async fn floods_in_several_chats_at_once_pause_everyone() {
        let pacer = pacer();
        let wait = Duration::from_millis(300);
        assert_eq!(pacer.flooded(1, wait), FloodScope::Chat);
        // The same chat again is still one chat.
        assert_eq!(pacer.flooded(1, wait), FloodScope::Chat);
        assert_eq!(pacer.flooded(2, wait), FloodScope::Chat);
        assert_eq!(pacer.flooded(3, wait), FloodScope::Everyone);
        let start = Instant::now();
        pacer.turn(4).await;
        assert!(between(start.elapsed(), 280, 600), "{:?}", start.elapsed());
    }

    #[test]
    fn faster_pace_scales_every_limit() {
        let fast = Pace::TELEGRAM.faster(10);
        assert_eq!(fast.private_chat, Duration::from_millis(100));
        assert_eq!(fast.group_chat, Duration::from_millis(300));
        assert_eq!(fast.digest_window, Duration::from_secs(6));
        assert_eq!(fast.per_chat(-5), fast.group_chat);
        assert_eq!(fast.per_chat(5), fast.private_chat);
    }
}
