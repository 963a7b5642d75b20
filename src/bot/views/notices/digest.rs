//! Admin alert digests: the alerts of one kind that came within the notifier's window, as one
//! message with their count and a line per alert naming what to look at.

use teloxide::types::InlineKeyboardMarkup;

use super::Rendered;
use crate::bot::Tr;
use crate::bot::callback::CallbackData;
use crate::bot::views::{WORDS_UNITS, button, html_field};
use crate::db::notices::{AlertKind, Notice};
use crate::money::Currency;

/// Lines listed; the rest are counted. Keeps a digest of hundreds within Telegram's length.
const LISTED: usize = 20;
/// Unknown outcomes listed with their settle buttons.
const WITH_BUTTONS: usize = 3;
/// Room for outside words on a digest line: a line names the case; the single alert explains it.
const LINE_UNITS: usize = 120;

/// One digest of `alerts` of `kind`, each distinct alert with how many times it came; identical
/// alerts are one line ("×3"), not three.
pub fn render(tr: &Tr, currency: &Currency, kind: AlertKind, alerts: &[(Notice, usize)]) -> Rendered {
    let mut text = tr.f(title_key(kind), &[("count", alerts.len().into())]);
    for (notice, times) in alerts.iter().take(LISTED) {
        text.push_str("\n• ");
        text.push_str(&line(tr, currency, notice));
        if *times > 1 {
            text.push_str(&format!(" ×{times}"));
        }
    }
    if alerts.len() > LISTED {
        text.push('\n');
        text.push_str(&tr.f("notice-digest-more", &[("count", (alerts.len() - LISTED).into())]));
    }
    let settle: Vec<_> = alerts
        .iter()
        .filter_map(|(notice, _)| match notice {
            Notice::UnknownOutcome { order_id, .. } => Some(vec![
                button(
                    tr.f("notice-digest-btn-refund", &[("id", (*order_id).into())]),
                    CallbackData::ResolveRefund { order: *order_id },
                ),
                button(
                    tr.f("notice-digest-btn-placed", &[("id", (*order_id).into())]),
                    CallbackData::ResolvePlaced { order: *order_id },
                ),
            ]),
            _ => None,
        })
        .take(WITH_BUTTONS)
        .collect();
    Rendered {
        text,
        keyboard: (!settle.is_empty()).then(|| InlineKeyboardMarkup::new(settle)),
    }
}

fn title_key(kind: AlertKind) -> &'static str {
    match kind {
        AlertKind::UnknownOutcome => "notice-digest-unknown-outcome",
        AlertKind::UnknownStatus => "notice-digest-unknown-status",
        AlertKind::NeedsAttention => "notice-digest-attention",
        AlertKind::BelowCost => "notice-digest-below-cost",
        AlertKind::PaymentNotCredited => "notice-digest-payment-not-credited",
        AlertKind::CryptoAttention => "notice-digest-crypto-attention",
        AlertKind::AuditFinding => "notice-digest-audit",
        AlertKind::LowBalance => "notice-digest-low-balance",
    }
}

/// What to look at, without the words of the single alert: ids and the outside words only.
fn line(tr: &Tr, currency: &Currency, notice: &Notice) -> String {
    let words = |text: &str| html_field(text, LINE_UNITS.min(WORDS_UNITS));
    match notice {
        Notice::UnknownOutcome {
            order_id,
            provider,
            charge_minor,
            reason,
            ..
        } => format!(
            "<code>#{order_id}</code> · {} · {} · {}",
            words(provider),
            tr.money(currency, *charge_minor),
            words(reason)
        ),
        Notice::UnknownStatus {
            order_id,
            provider,
            raw_status,
        } => format!(
            "<code>#{order_id}</code> · {} · <code>{}</code>",
            words(provider),
            words(raw_status)
        ),
        Notice::NeedsAttention {
            order_id,
            provider,
            problem,
        } => format!(
            "<code>#{order_id}</code> · {} · {}",
            words(provider),
            words(problem)
        ),
        Notice::BelowCost {
            service_id,
            service,
            provider,
            ..
        } => format!(
            "<code>#{service_id}</code> {} · {}",
            words(service),
            words(provider)
        ),
        Notice::PaymentNotCredited {
            charge_id,
            user_id,
            error,
        } => format!("<code>{}</code> · {user_id} · {}", words(charge_id), words(error)),
        Notice::CryptoAttention {
            invoice,
            user_id,
            problem,
        } => format!("<code>#{invoice}</code> · {user_id} · {}", words(problem)),
        Notice::AuditFinding { finding } => words(finding),
        Notice::LowBalance {
            provider,
            balance,
            currency,
            ..
        } => format!(
            "{}: {} {}",
            words(provider),
            words(balance),
            words(currency.as_deref().unwrap_or_default())
        )
        .trim_end()
        .to_owned(),
        // Customers' notices have no alert kind, so they never reach a digest.
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use teloxide::types::InlineKeyboardButtonKind;

    use super::*;
    use crate::i18n::{I18n, Lang};

    fn unknown(order_id: i64) -> Notice {
        Notice::UnknownOutcome {
            order_id,
            user_id: 5,
            provider: "panel <a>".into(),
            charge_minor: 150,
            reason: "timeout".into(),
        }
    }

    #[test]
    fn a_digest_counts_lists_and_offers_to_settle_the_first_few() {
        let currency = Currency::parse("RUB").unwrap();
        for lang in Lang::ALL {
            let tr = Tr::new(Arc::new(I18n::load().unwrap()), lang);
            let alerts: Vec<_> = (1..=25).map(|id| (unknown(id), 1)).collect();
            let digest = render(&tr, &currency, AlertKind::UnknownOutcome, &alerts);
            assert!(digest.text.contains("25"), "{lang:?}: {}", digest.text);
            assert!(digest.text.contains("<code>#20</code>") && !digest.text.contains("#21<"));
            assert!(digest.text.contains("5"), "the five not listed are counted");
            assert!(
                digest.text.contains("panel &lt;a&gt;"),
                "escaped: {}",
                digest.text
            );
            let keyboard = digest.keyboard.expect("settle buttons");
            let data: Vec<&str> = keyboard
                .inline_keyboard
                .iter()
                .flatten()
                .filter_map(|button| match &button.kind {
                    InlineKeyboardButtonKind::CallbackData(data) => Some(data.as_str()),
                    _ => None,
                })
                .collect();
            assert_eq!(data, ["zr:1", "zp:1", "zr:2", "zp:2", "zr:3", "zp:3"]);
            assert!(
                keyboard.inline_keyboard[2][1].text.contains('3'),
                "{lang:?}: the order on its button"
            );
        }
    }

    #[test]
    fn repeated_alerts_are_one_line_with_their_count() {
        let tr = Tr::new(Arc::new(I18n::load().unwrap()), Lang::En);
        let currency = Currency::parse("RUB").unwrap();
        let status = Notice::UnknownStatus {
            order_id: 9,
            provider: "panel".into(),
            raw_status: "Stuck".into(),
        };
        let digest = render(&tr, &currency, AlertKind::UnknownStatus, &[(status, 3)]);
        assert_eq!(digest.text.matches("#9").count(), 1, "{}", digest.text);
        assert!(digest.text.contains("×3"), "{}", digest.text);
        assert!(digest.keyboard.is_none());
    }
}
