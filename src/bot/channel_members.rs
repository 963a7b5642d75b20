//! Who was found in the required channel lately, so that not every update costs a
//! `getChatMember`. Only members are remembered: a customer who was not one is asked again on
//! their next update, as they may have joined meanwhile.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a membership found by Telegram is trusted before it is checked again.
pub const MEMBERSHIP_TRUSTED_FOR: Duration = Duration::from_secs(10 * 60);

/// Past this many remembered customers, the stale ones are dropped when one more is added.
const PRUNE_ABOVE: usize = 4096;

#[derive(Debug)]
pub struct ChannelMembers {
    trusted_for: Duration,
    /// Customer id → when Telegram last said they are a member.
    found_at: Mutex<HashMap<i64, Instant>>,
}

impl Default for ChannelMembers {
    fn default() -> Self {
        Self::trusting_for(MEMBERSHIP_TRUSTED_FOR)
    }
}

impl ChannelMembers {
    pub fn trusting_for(trusted_for: Duration) -> Self {
        Self {
            trusted_for,
            found_at: Mutex::default(),
        }
    }

    /// Whether the customer was found a member recently enough to skip asking Telegram.
    pub fn remembers(&self, customer: i64, now: Instant) -> bool {
        let found_at = self.lock();
        found_at
            .get(&customer)
            .is_some_and(|&at| now.saturating_duration_since(at) < self.trusted_for)
    }

    /// Telegram said the customer is a member: trusted from `now` on.
    pub fn remember(&self, customer: i64, now: Instant) {
        let mut found_at = self.lock();
        if found_at.len() >= PRUNE_ABOVE {
            found_at.retain(|_, at| now.saturating_duration_since(*at) < self.trusted_for);
        }
        found_at.insert(customer, now);
    }

    /// Telegram said the customer is no longer a member.
    pub fn forget(&self, customer: i64) {
        self.lock().remove(&customer);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Instant>> {
        // Only plain inserts and removals happen under the lock: a panic cannot leave it torn.
        self.found_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_is_trusted_for_a_while_then_checked_again() {
        let members = ChannelMembers::trusting_for(Duration::from_secs(600));
        let start = Instant::now();
        assert!(!members.remembers(7, start));
        members.remember(7, start);
        assert!(members.remembers(7, start + Duration::from_secs(599)));
        assert!(!members.remembers(7, start + Duration::from_secs(600)));
        assert!(
            !members.remembers(8, start),
            "only the customer found is remembered"
        );
    }

    #[test]
    fn a_member_who_left_is_forgotten_at_once() {
        let members = ChannelMembers::default();
        let now = Instant::now();
        members.remember(7, now);
        members.forget(7);
        assert!(!members.remembers(7, now));
    }

    #[test]
    fn stale_members_are_dropped_once_many_are_remembered() {
        let members = ChannelMembers::trusting_for(Duration::from_secs(1));
        let start = Instant::now();
        for customer in 0..PRUNE_ABOVE as i64 {
            members.remember(customer, start);
        }
        let later = start + Duration::from_secs(2);
        members.remember(-1, later);
        assert_eq!(members.lock().len(), 1);
        assert!(members.remembers(-1, later));
    }
}
