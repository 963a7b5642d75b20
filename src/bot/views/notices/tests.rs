//! The notices as their readers get them, rendered without Telegram.

use std::sync::Arc;

use super::*;
use crate::bot::views::telegram_length;
use crate::db::purchases::PurchaseResult;
use crate::error::{ApiErrorKind, ProviderError};
use crate::i18n::{I18n, Lang};

fn tr(lang: Lang) -> Tr {
    Tr::new(Arc::new(I18n::load().expect("locales load")), lang)
}

fn rub() -> Currency {
    Currency::parse("RUB").unwrap()
}

fn changed(state: &str, remains: Option<i64>, refunded_minor: i64) -> Notice {
    Notice::OrderChanged {
        order_id: 7,
        service: "Views <fast> & cheap".into(),
        state: state.into(),
        quantity: 1000,
        remains,
        refunded_minor,
    }
}

#[test]
fn every_order_state_has_its_own_words() {
    let tr = tr(Lang::En);
    let mut texts = Vec::new();
    for state in [
        "in_progress",
        "progress",
        "completed",
        "partial",
        "canceled",
        "refunded",
        "failed",
    ] {
        let text = render(&tr, &rub(), &changed(state, Some(400), 0), None).text;
        assert!(text.contains("#7"), "{text}");
        assert!(text.contains("Views &lt;fast&gt; &amp; cheap"), "{text}");
        assert!(!text.contains("notice-"), "missing key behind {text}");
        texts.push(text);
    }
    texts.dedup();
    assert_eq!(texts.len(), 7);
}

#[test]
fn an_unexpected_state_still_reads_well() {
    let text = render(&tr(Lang::Ru), &rub(), &changed("pending", None, 0), None).text;
    assert!(text.contains("№7") && text.contains("ожидает запуска"), "{text}");
}

#[test]
fn progress_shows_only_while_delivering() {
    let tr = tr(Lang::En);
    let bar = "▰▰▰▰▰▰▱▱▱▱ 60%";
    assert!(
        render(&tr, &rub(), &changed("progress", Some(400), 0), None)
            .text
            .contains(bar)
    );
    assert!(
        !render(&tr, &rub(), &changed("progress", None, 0), None)
            .text
            .contains('▰')
    );
    let canceled = render(&tr, &rub(), &changed("canceled", Some(400), 15_000), None).text;
    assert!(
        !canceled.contains('▰') && canceled.contains("150.00\u{a0}₽"),
        "{canceled}"
    );
}

#[test]
fn a_partial_tells_what_was_delivered_and_refunded() {
    let text = render(&tr(Lang::En), &rub(), &changed("partial", Some(400), 4000), None).text;
    assert!(
        text.contains("600") && text.contains("1000") && text.contains("40.00\u{a0}₽"),
        "{text}"
    );
    let unknown = render(&tr(Lang::En), &rub(), &changed("partial", None, 0), None).text;
    assert!(
        unknown.contains(&tr(Lang::En).t("notice-refund-pending")),
        "{unknown}"
    );
}

#[test]
fn notices_with_outside_text_fit_in_one_message() {
    let huge = |chars: usize| -> String { "😀<&Жی".chars().cycle().take(chars).collect() };
    let notices = [
        Notice::OrderChanged {
            order_id: i64::MAX,
            service: huge(10_000),
            state: "partial".into(),
            quantity: i64::MAX,
            remains: None,
            refunded_minor: 0,
        },
        Notice::RefillFinished {
            order_id: i64::MAX,
            service: huge(10_000),
            completed: false,
        },
        Notice::UnknownOutcome {
            order_id: i64::MAX,
            user_id: i64::MAX,
            provider: huge(10_000),
            charge_minor: i64::MAX,
            reason: huge(100_000),
        },
        Notice::UnknownStatus {
            order_id: i64::MAX,
            provider: huge(10_000),
            raw_status: huge(100_000),
        },
        Notice::NeedsAttention {
            order_id: i64::MAX,
            provider: huge(10_000),
            problem: huge(100_000),
        },
        Notice::BelowCost {
            service_id: i64::MAX,
            service: huge(10_000),
            provider: huge(10_000),
            unit_items: i64::MAX,
            cost_minor: i64::MAX,
            price_minor: i64::MAX,
        },
        Notice::LowBalance {
            provider: huge(10_000),
            balance: huge(10_000),
            threshold: huge(10_000),
            currency: Some(huge(10_000)),
        },
        Notice::TopupCredited {
            charge_id: huge(10_000),
            stars: i64::MAX,
            amount_minor: i64::MAX,
            balance_minor: i64::MIN,
        },
        Notice::PaymentNotCredited {
            charge_id: huge(10_000),
            user_id: i64::MAX,
            error: huge(100_000),
        },
        Notice::CryptoAttention {
            invoice: i64::MAX,
            user_id: i64::MAX,
            problem: huge(100_000),
        },
        Notice::AuditFinding {
            finding: huge(100_000),
        },
        Notice::PurchaseFunded {
            funding: Funding::Stars {
                charge_id: huge(10_000),
                stars: i64::MAX,
                amount_minor: i64::MAX,
            },
            result: PurchaseResult::Rejected {
                order_id: i64::MAX,
                error: ProviderError::Api {
                    kind: ApiErrorKind::Other,
                    message: huge(100_000),
                },
                refunded_minor: i64::MAX,
            },
        },
    ];
    for lang in Lang::ALL {
        for notice in &notices {
            let text = render(&tr(lang), &rub(), notice, None).text;
            let units = telegram_length(&text);
            assert!(units <= 4096, "{lang:?} {notice:?}: {units}");
            assert!(text.contains('…'), "{text}");
        }
    }
}

#[test]
fn only_progress_offers_the_mute_switch_and_it_flips_in_place() {
    let tr = tr(Lang::En);
    let data = |keyboard: &InlineKeyboardMarkup| -> Vec<String> {
        let buttons = keyboard.inline_keyboard.iter().flatten();
        buttons
            .filter_map(|b| match &b.kind {
                InlineKeyboardButtonKind::CallbackData(data) => Some(data.clone()),
                _ => None,
            })
            .collect()
    };
    let keyboard = |state| {
        render(&tr, &rub(), &changed(state, Some(500), 0), None)
            .keyboard
            .unwrap()
    };
    for state in ["in_progress", "progress"] {
        assert_eq!(data(&keyboard(state)), ["d:7", "pm:1"]);
    }
    for state in ["completed", "partial", "canceled", "refunded", "failed"] {
        assert_eq!(data(&keyboard(state)), ["d:7"]);
    }
    let flipped = with_progress_updates(&tr, &keyboard("progress"), true);
    assert_eq!(data(&flipped), ["d:7", "pm:0"]);
    assert_eq!(
        flipped.inline_keyboard[1][0].text,
        tr.t("notice-btn-unmute-progress")
    );
    assert_eq!(
        flipped.inline_keyboard[0],
        keyboard("progress").inline_keyboard[0]
    );
}

#[test]
fn admin_alerts_escape_provider_words() {
    let notice = Notice::UnknownStatus {
        order_id: 3,
        provider: "panel".into(),
        raw_status: "<Weird & new>".into(),
    };
    let rendered = render(&tr(Lang::En), &rub(), &notice, None);
    assert!(
        rendered.text.contains("&lt;Weird &amp; new&gt;"),
        "{}",
        rendered.text
    );
    assert_eq!(rendered.keyboard, None);
}
