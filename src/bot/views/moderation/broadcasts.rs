//! `/broadcast`: the question before sending, the answers to "Send" and "Cancel", and the
//! progress message.

use crate::bot::callback::CallbackData;
use crate::bot::views::{button, screen};
use crate::bot::{Screen, Tr};
use crate::broadcast::{Phase, Progress, Refusal, Stage};

/// Which message a broadcast copies, as the question before sending names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The message `/broadcast` replied to.
    RepliedTo,
    /// The message sent after `/broadcast`, shown just above as customers will get it.
    Preview,
}

/// How many customers a broadcast would reach, with "Send" and "Cancel".
pub fn broadcast_confirm(tr: &Tr, id: i64, audience: i64, source: Source) -> Screen {
    let key = match source {
        Source::RepliedTo => "mod-broadcast-confirm",
        Source::Preview => "admin-broadcast-preview-confirm",
    };
    let text = tr.f(key, &[("count", audience.into())]);
    let rows = vec![vec![
        button(tr.t("mod-btn-broadcast-send"), CallbackData::SendBroadcast { id }),
        button(tr.t("btn-cancel"), CallbackData::DropBroadcast { id }),
    ]];
    screen(text, rows)
}

pub fn broadcast_started(tr: &Tr, id: i64, recipients: i64) -> Screen {
    let text = tr.f(
        "mod-broadcast-started",
        &[("id", id.into()), ("count", recipients.into())],
    );
    screen(text, Vec::new())
}

pub fn broadcast_canceled(tr: &Tr, id: i64) -> Screen {
    screen(tr.f("mod-broadcast-canceled", &[("id", id.into())]), Vec::new())
}

/// Why a tap on "Send" or "Cancel" did nothing.
pub fn broadcast_refusal(tr: &Tr, id: i64, refusal: Refusal) -> String {
    let key = match refusal {
        Refusal::NoSuchBroadcast => "mod-broadcast-gone",
        Refusal::NotADraft(Stage::Canceled) => "mod-broadcast-dropped-already",
        Refusal::NotADraft(_) => "mod-broadcast-already",
    };
    tr.f(key, &[("id", id.into())])
}

/// The admin's progress message, while the broadcast runs and at its end.
pub fn progress_text(tr: &Tr, id: i64, progress: Progress, phase: Phase) -> String {
    let done = progress.recipients - progress.waiting();
    let head = match phase {
        Phase::Sending | Phase::Paused(_) => tr.f(
            "mod-broadcast-progress",
            &[
                ("id", id.into()),
                ("done", done.into()),
                ("recipients", progress.recipients.into()),
            ],
        ),
        Phase::Finished => tr.f(
            "mod-broadcast-finished",
            &[
                ("id", id.into()),
                ("sent", progress.sent.into()),
                ("recipients", progress.recipients.into()),
            ],
        ),
        Phase::Aborted => tr.f(
            "mod-broadcast-aborted",
            &[("id", id.into()), ("waiting", progress.waiting().into())],
        ),
    };
    let counts = tr.f(
        "mod-broadcast-counts",
        &[
            ("sent", progress.sent.into()),
            ("blocked", progress.blocked.into()),
            ("failed", progress.failed.into()),
            ("unknown", progress.unknown.into()),
        ],
    );
    let mut text = format!("{head}\n{counts}");
    if let Phase::Paused(pause) = phase {
        text.push('\n');
        text.push_str(&tr.f("mod-broadcast-paused", &[("seconds", pause.as_secs().into())]));
    }
    text
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::i18n::{I18n, Lang};

    fn tr(lang: Lang) -> Tr {
        Tr::new(Arc::new(I18n::load().expect("locales load")), lang)
    }

    #[test]
    fn progress_reads_well_in_every_phase() {
        let progress = Progress {
            recipients: 5,
            sent: 2,
            blocked: 1,
            failed: 0,
            unknown: 0,
        };
        let paused = progress_text(
            &tr(Lang::En),
            3,
            progress,
            Phase::Paused(std::time::Duration::from_secs(30)),
        );
        assert!(
            paused.contains("3 of 5 done") && paused.contains("Paused for 30 s"),
            "{paused}"
        );
        let finished = progress_text(&tr(Lang::Ru), 3, progress, Phase::Finished);
        assert!(finished.contains("доставлено 2 из 5"), "{finished}");
        assert!(!finished.contains("mod-"), "{finished}");
    }
}
