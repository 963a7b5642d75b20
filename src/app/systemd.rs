//! systemd's notify protocol: READY=1 and STOPPING=1, and watchdog pings while the bot is
//! healthy. Outside systemd these are no-ops.

use std::time::Duration;

use super::Running;

pub(super) fn notify(states: &[sd_notify::NotifyState]) {
    if let Err(e) = sd_notify::notify(false, states) {
        tracing::warn!(error = %e, "could not notify systemd");
    }
}

/// `WATCHDOG_USEC` when the watchdog is on for this process (`WATCHDOG_PID` unset or ours).
fn watchdog_interval() -> Option<Duration> {
    let usec: u64 = std::env::var("WATCHDOG_USEC").ok()?.trim().parse().ok()?;
    if let Ok(pid) = std::env::var("WATCHDOG_PID")
        && pid.trim().parse::<u32>().ok() != Some(std::process::id())
    {
        return None;
    }
    (usec > 0).then(|| Duration::from_micros(usec))
}

/// Pings the watchdog at half its interval while the bot is healthy; never returns. An
/// unhealthy bot stops pinging, and systemd restarts it.
pub(super) async fn feed_watchdog(running: &Running) {
    let Some(interval) = watchdog_interval() else {
        return std::future::pending().await;
    };
    let mut ticks = tokio::time::interval(interval / 2);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if running.healthy(interval / 4).await {
            notify(&[sd_notify::NotifyState::Watchdog]);
        } else {
            tracing::error!("unhealthy: not pinging the systemd watchdog");
        }
    }
}
