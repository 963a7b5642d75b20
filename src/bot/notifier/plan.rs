//! One chat's due rows as the messages they make: each customer notice on its own, and the
//! admin alerts of one kind together (sent as one alert, or as a digest when there are more).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::db::notices::{AlertKind, DueNotice, Notice};

/// One message to send (or rows to settle without sending).
#[derive(Debug)]
pub enum Unit {
    One {
        row: DueNotice,
        notice: Notice,
    },
    /// Admin alerts of one kind, oldest first.
    Alerts {
        kind: AlertKind,
        rows: Vec<DueNotice>,
        notices: Vec<Notice>,
    },
    Unreadable {
        row: DueNotice,
        error: String,
    },
}

/// `rows` (one chat's, oldest first) as units in the order of their first row.
pub fn plan(rows: Vec<DueNotice>) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut alerts_at: HashMap<AlertKind, usize> = HashMap::new();
    for row in rows {
        let notice = match serde_json::from_str::<Notice>(&row.payload) {
            Ok(notice) => notice,
            Err(e) => {
                units.push(Unit::Unreadable {
                    row,
                    error: e.to_string(),
                });
                continue;
            }
        };
        let Some(kind) = notice.alert_kind() else {
            units.push(Unit::One { row, notice });
            continue;
        };
        match alerts_at.get(&kind) {
            Some(&at) => {
                if let Unit::Alerts { rows, notices, .. } = &mut units[at] {
                    rows.push(row);
                    notices.push(notice);
                }
            }
            None => {
                alerts_at.insert(kind, units.len());
                units.push(Unit::Alerts {
                    kind,
                    rows: vec![row],
                    notices: vec![notice],
                });
            }
        }
    }
    units
}

/// The distinct alerts, each with how many times it came, in the order they first came.
pub fn distinct(notices: Vec<Notice>) -> Vec<(Notice, usize)> {
    let mut counted: Vec<(Notice, usize)> = Vec::new();
    for notice in notices {
        match counted.iter_mut().find(|(seen, _)| *seen == notice) {
            Some((_, times)) => *times += 1,
            None => counted.push((notice, 1)),
        }
    }
    counted
}

/// Messages of one kind of alert an admin gets per window before the rest of the window's
/// alerts of that kind are gathered into one digest at its end: an alert now and then still
/// comes at once and on its own; a flood comes as a few messages a window.
pub const ALERTS_PER_WINDOW: u32 = 3;

/// Per admin and kind of alert, the window under way: when it began and how many messages it
/// has had. Kept in memory: after a restart an admin may get a few more alerts at once, which
/// is what a restart warrants.
#[derive(Debug)]
pub struct AlertWindows {
    window: Duration,
    windows: Mutex<HashMap<(i64, AlertKind), (Instant, u32)>>,
}

impl AlertWindows {
    pub fn new(window: Duration) -> Self {
        Self {
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// How long `chat` must wait for its next message of `kind`; `None` if it may have it now.
    pub fn wait(&self, chat: i64, kind: AlertKind) -> Option<Duration> {
        let windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        let (began, sent) = *windows.get(&(chat, kind))?;
        if sent < ALERTS_PER_WINDOW {
            return None;
        }
        (began + self.window)
            .checked_duration_since(Instant::now())
            .filter(|wait| !wait.is_zero())
    }

    /// `chat` was sent a message of `kind` now.
    pub fn sent(&self, chat: i64, kind: AlertKind) {
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        windows.retain(|_, (began, _)| now.duration_since(*began) < self.window);
        windows
            .entry((chat, kind))
            .and_modify(|(_, sent)| *sent += 1)
            .or_insert((now, 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, notice: &Notice) -> DueNotice {
        DueNotice {
            id,
            chat_id: 1,
            payload: serde_json::to_string(notice).unwrap(),
            attempts: 0,
            language: None,
            progress_muted: false,
        }
    }

    fn ids(unit: &Unit) -> Vec<i64> {
        match unit {
            Unit::One { row, .. } | Unit::Unreadable { row, .. } => vec![row.id],
            Unit::Alerts { rows, .. } => rows.iter().map(|row| row.id).collect(),
        }
    }

    fn status(order_id: i64) -> Notice {
        Notice::UnknownStatus {
            order_id,
            provider: "panel".into(),
            raw_status: "Stuck".into(),
        }
    }

    #[test]
    fn alerts_of_a_kind_travel_together_and_the_rest_alone() {
        let audit = Notice::AuditFinding { finding: "x".into() };
        let changed = Notice::RefillFinished {
            order_id: 3,
            service: "s".into(),
            completed: true,
        };
        let mut rows = vec![
            row(1, &status(10)),
            row(2, &changed),
            row(3, &audit),
            row(4, &status(11)),
            row(5, &status(10)),
        ];
        rows.push(DueNotice {
            payload: "{not json".into(),
            ..row(6, &changed)
        });
        let units = plan(rows);
        let ids: Vec<Vec<i64>> = units.iter().map(ids).collect();
        assert_eq!(ids, [vec![1, 4, 5], vec![2], vec![3], vec![6]]);
        assert!(matches!(
            &units[0],
            Unit::Alerts {
                kind: AlertKind::UnknownStatus,
                ..
            }
        ));
        assert!(matches!(&units[1], Unit::One { .. }));
        assert!(matches!(&units[3], Unit::Unreadable { .. }));
        let Unit::Alerts { notices, .. } = units.into_iter().next().unwrap() else {
            unreachable!()
        };
        assert_eq!(distinct(notices), [(status(10), 2), (status(11), 1)]);
    }

    #[test]
    fn a_few_alerts_a_window_go_at_once_and_then_the_window_must_end() {
        let windows = AlertWindows::new(Duration::from_secs(60));
        for _ in 0..ALERTS_PER_WINDOW {
            assert_eq!(windows.wait(1, AlertKind::UnknownOutcome), None);
            windows.sent(1, AlertKind::UnknownOutcome);
        }
        let wait = windows.wait(1, AlertKind::UnknownOutcome).expect("closed");
        assert!(wait > Duration::from_secs(59) && wait <= Duration::from_secs(60));
        assert_eq!(windows.wait(1, AlertKind::UnknownStatus), None, "other kinds");
        assert_eq!(windows.wait(2, AlertKind::UnknownOutcome), None, "other admins");
        // A window over is forgotten: a new one begins with the next message.
        let short = AlertWindows::new(Duration::ZERO);
        for _ in 0..=ALERTS_PER_WINDOW {
            short.sent(1, AlertKind::LowBalance);
        }
        assert_eq!(short.wait(1, AlertKind::LowBalance), None);
    }
}
