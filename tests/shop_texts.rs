//! What the customer-facing texts of the shop (`locales/*/shop.ftl`) must never say: that the
//! shop buys from someone else, English quotes that are not English, two spellings of a word.

use std::fs;

/// Ids in shop.ftl that only admins read: they may name the provider.
const ADMIN_IDS: &[&str] = &[
    "sandbox-notice",
    "credit-usage",
    "credit-done",
    "credit-unknown-user",
    "credit-duplicate",
];

/// Each language's words for "supplier" and "provider".
const RESELLER_WORDS: &[(&str, &[&str])] = &[
    ("en", &["supplier", "provider"]),
    ("ru", &["поставщик", "провайдер"]),
    ("uz", &["yetkazib beruvchi", "provayder"]),
    ("fa", &["تأمین‌کننده", "ارائه‌دهنده", "تامین کننده"]),
];

/// The messages of one shop.ftl: (id, text with its continuation lines).
fn messages(lang: &str) -> Vec<(String, String)> {
    let text = fs::read_to_string(format!("locales/{lang}/shop.ftl")).expect("shop.ftl");
    let mut messages: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        match line
            .split_once(" = ")
            .or_else(|| line.strip_suffix(" =").map(|id| (id, "")))
        {
            Some((id, value)) if !line.starts_with(' ') => messages.push((id.to_string(), value.to_string())),
            _ => {
                if let Some((_, value)) = messages.last_mut() {
                    value.push('\n');
                    value.push_str(line);
                }
            }
        }
    }
    messages
}

#[test]
fn customers_never_read_that_the_shop_buys_elsewhere() {
    for (lang, words) in RESELLER_WORDS {
        let customer_texts = messages(lang);
        assert!(
            customer_texts.len() > 100,
            "{lang}: {} messages",
            customer_texts.len()
        );
        for (id, text) in customer_texts
            .iter()
            .filter(|(id, _)| !ADMIN_IDS.contains(&id.as_str()))
        {
            let lower = text.to_lowercase();
            for word in *words {
                assert!(!lower.contains(word), "{lang} {id} says {word:?}: {text}");
            }
        }
    }
}

#[test]
fn english_quotes_are_english_and_canceled_has_one_spelling() {
    for (id, text) in messages("en") {
        assert!(!text.contains('«') && !text.contains('»'), "en {id}: {text}");
        assert!(!text.to_lowercase().contains("cancelled"), "en {id}: {text}");
    }
}
