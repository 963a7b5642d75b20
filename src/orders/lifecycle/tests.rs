//! What each observation of an order changes and tells, checked without a provider.

use super::*;

#[test]
fn refunds_follow_the_final_state() {
    use OrderState::*;
    assert_eq!(
        settlement(Completed, 1000, 100, Some(0), None),
        (Completed, Some(0))
    );
    assert_eq!(
        settlement(Canceled, 1000, 100, None, None),
        (Canceled, Some(1000))
    );
    assert_eq!(
        settlement(Canceled, 1000, 100, Some(100), None),
        (Canceled, Some(1000))
    );
    // Canceled after some delivery is partial.
    assert_eq!(
        settlement(Canceled, 1000, 100, Some(30), None),
        (Partial, Some(300))
    );
    assert_eq!(
        settlement(Refunded, 1000, 100, Some(30), None),
        (Refunded, Some(1000))
    );
    assert_eq!(settlement(Failed, 1000, 100, None, None), (Failed, Some(1000)));
    // Partial: charge × remains / quantity, rounded down, remains clamped.
    assert_eq!(
        settlement(Partial, 1000, 300, Some(100), None),
        (Partial, Some(333))
    );
    assert_eq!(
        settlement(Partial, 1000, 100, Some(100), None),
        (Partial, Some(1000))
    );
    assert_eq!(
        settlement(Partial, 1000, 100, Some(250), None),
        (Partial, Some(1000))
    );
    assert_eq!(settlement(Partial, 1000, 100, Some(-5), None), (Partial, Some(0)));
    assert_eq!(settlement(Partial, 1000, 100, None, None), (Partial, None));
}

#[test]
fn a_cancel_without_remains_after_progress_refunds_only_what_was_left() {
    use OrderState::*;
    // 60 of 100 delivered when last seen; the cancel's answer says nothing of remains.
    assert_eq!(
        settlement(Canceled, 1000, 100, None, Some(40)),
        (Partial, Some(400))
    );
    assert_eq!(
        settlement(Partial, 1000, 100, None, Some(40)),
        (Partial, Some(400))
    );
    // The answer's own remains win over what was seen before.
    assert_eq!(
        settlement(Canceled, 1000, 100, Some(20), Some(40)),
        (Partial, Some(200))
    );
    // No progress ever seen: everything back.
    assert_eq!(
        settlement(Canceled, 1000, 100, None, Some(100)),
        (Canceled, Some(1000))
    );
}

#[test]
fn a_cancel_with_nothing_remaining_is_left_to_an_admin() {
    use OrderState::*;
    assert_eq!(settlement(Canceled, 1000, 100, Some(0), None), (Canceled, None));
    assert_eq!(settlement(Canceled, 1000, 100, None, Some(0)), (Canceled, None));
    assert_eq!(settlement(Canceled, 1000, 100, Some(-3), None), (Canceled, None));
}

#[test]
fn drip_feed_remains_are_read_as_the_total_over_all_runs() {
    use OrderState::*;
    // 3 runs of 100, charged 3000 in all. 150 remaining can only be a total: half back.
    assert_eq!(
        settlement(Canceled, 3000, 300, Some(150), None),
        (Partial, Some(1500))
    );
    // 50 remaining might be per run; read as a total it refunds 500 — less than a per-run
    // reading of any later run would, never more than is owed.
    assert_eq!(
        settlement(Partial, 3000, 300, Some(50), None),
        (Partial, Some(500))
    );
    // Nothing delivered of any run: everything back.
    assert_eq!(
        settlement(Partial, 3000, 300, Some(300), None),
        (Partial, Some(3000))
    );
}

#[test]
fn milestones_fire_once_each_and_only_the_highest() {
    assert_eq!(crossed_milestone(100, Some(100), Some(55)), None);
    assert_eq!(crossed_milestone(100, Some(100), Some(50)), Some(50));
    assert_eq!(crossed_milestone(100, Some(50), Some(20)), Some(75));
    assert_eq!(crossed_milestone(100, Some(100), Some(10)), Some(75));
    assert_eq!(crossed_milestone(100, Some(20), Some(10)), None);
    assert_eq!(crossed_milestone(100, None, Some(40)), Some(50));
    assert_eq!(crossed_milestone(100, Some(50), None), None);
}

const HOUR: i64 = 3600;

#[test]
fn one_observation_brings_at_most_one_message() {
    use OrderState::*;
    // Started with 59 % already delivered: one message, the start (carrying the progress).
    assert_eq!(
        customer_update(Pending, InProgress, 1000, (Some(1000), Some(410)), 10 * HOUR),
        Some(CustomerUpdate::Started)
    );
    assert_eq!(
        customer_update(Placed, InProgress, 1000, (None, None), 60),
        Some(CustomerUpdate::Started)
    );
    // Done in the same round it started, or past a milestone: only the end.
    assert_eq!(
        customer_update(Pending, Completed, 1000, (Some(1000), Some(0)), 75),
        Some(CustomerUpdate::Finished(Completed))
    );
    assert_eq!(
        customer_update(InProgress, Partial, 1000, (Some(600), Some(100)), 10 * HOUR),
        Some(CustomerUpdate::Finished(Partial))
    );
    // Nothing new worth a word.
    assert_eq!(
        customer_update(Placed, Pending, 1000, (None, Some(1000)), 60),
        None
    );
    assert_eq!(
        customer_update(InProgress, InProgress, 1000, (Some(600), Some(550)), HOUR),
        None
    );
}

#[test]
fn milestones_are_told_only_while_the_wait_is_long() {
    use OrderState::*;
    let halfway =
        |running_secs| customer_update(InProgress, InProgress, 1000, (Some(600), Some(450)), running_secs);
    // A 75-second order: 55 % after 40 s, the rest due in about half a minute. No news.
    assert_eq!(halfway(40), None);
    // 55 % after 20 minutes: another quarter of an hour or so to go.
    assert_eq!(halfway(20 * 60), Some(CustomerUpdate::Milestone(50)));
    // Three quarters of a long order.
    assert_eq!(
        customer_update(InProgress, InProgress, 1000, (Some(450), Some(200)), 6 * HOUR),
        Some(CustomerUpdate::Milestone(75))
    );
    // Three quarters an hour in: the last quarter takes about 20 minutes more. Told.
    assert!(worth_a_milestone(75, HOUR));
    // Three quarters 30 minutes in: about 10 minutes more. Not told.
    assert!(!worth_a_milestone(75, 30 * 60));
    // Without remains there are no milestones, only the start and the end.
    assert_eq!(
        customer_update(InProgress, InProgress, 1000, (None, None), 6 * HOUR),
        None
    );
}

#[test]
fn old_orders_are_checked_less_often() {
    let round = Duration::from_secs(20);
    assert_eq!(next_check(10_000, 10_000, round), 10_020);
    assert_eq!(next_check(10_000, 9_000, round), 10_060);
    assert_eq!(next_check(100_000, 90_000, round), 100_300);
    assert_eq!(next_check(200_000, 0, round), 201_200);
}
