use super::*;
use crate::i18n::{I18n, Lang};

/// A service on sale as the catalogue stores it, named and filed as given.
fn service(id: i64, name: &str, category: &str) -> Service {
    Service {
        id,
        provider: "p".into(),
        provider_service_id: id.to_string(),
        category_id: 1,
        category: category.into(),
        name: name.into(),
        description: None,
        kind: "Default".into(),
        link_rule: "telegram".into(),
        target_bot: None,
        rate: "1".into(),
        rate_currency: Some("RUB".into()),
        unit_items: 1000,
        price_minor: Some(100),
        min_quantity: 10,
        max_quantity: 1000,
        enabled: true,
        hidden_reason: None,
        refill: false,
        cancel: false,
        dripfeed: false,
    }
}

fn shop() -> Vec<Service> {
    vec![
        service(1, "Telegram channel subscribers", "Telegram"),
        service(2, "Telegram post views", "Telegram"),
        service(3, "Telegram post reactions 👍", "Telegram"),
        service(4, "Notpixel referrals", "Mini-app referrals"),
        service(5, "Instagram likes", "Instagram"),
        service(6, "Instagram custom comments", "Instagram"),
        service(7, "Telegram poll votes", "Telegram"),
        service(8, "Instagram followers", "Instagram"),
        service(9, "Group members — real", "Telegram Groups"),
        service(10, "Story reposts", "Instagram"),
    ]
}

/// The ids `query` finds in [`shop`], best first.
fn found(query: &str) -> Vec<i64> {
    let services = shop();
    rank(query, &services).iter().map(|s| s.id).collect()
}

/// `query` finds the service `id` first.
#[track_caller]
fn finds_first(query: &str, id: i64) {
    assert_eq!(
        found(query).first(),
        Some(&id),
        "{query:?} found {:?}",
        found(query)
    );
}

#[test]
fn english_words_find_services_in_any_case_and_by_their_other_names() {
    finds_first("views", 2);
    finds_first("VIEWS", 2);
    finds_first("Telegram views", 2);
    finds_first("notpixel", 4);
    finds_first("reactions", 3);
    finds_first("likes", 5);
    finds_first("comments", 6);
    finds_first("referrals", 4);
    finds_first("votes", 7);
    finds_first("poll", 7);
    finds_first("shares", 10);
    finds_first("members", 9);
    // One audience, whichever word: subscribers, followers and members all find it.
    for word in ["subscribers", "followers", "members"] {
        let ids = found(word);
        for id in [1, 8, 9] {
            assert!(ids.contains(&id), "{word} found {ids:?}");
        }
    }
    assert_eq!(found("instagram followers"), [8]);
    assert!(found("tiktok").is_empty());
    assert!(found("  …  ").is_empty());
}

#[test]
fn russian_words_find_english_names_in_every_form() {
    for word in ["просмотры", "просмотров", "Просмотр", "ПРОСМОТРЫ"] {
        finds_first(word, 2);
    }
    for word in ["подписчики", "подписчиков", "участники", "участников"]
    {
        let ids = found(word);
        assert!(ids.contains(&1) && ids.contains(&9), "{word}: {ids:?}");
    }
    finds_first("реакции", 3);
    finds_first("реакций", 3);
    finds_first("лайки", 5);
    finds_first("комментарии", 6);
    finds_first("рефералы", 4);
    finds_first("голоса", 7);
    finds_first("опрос", 7);
    finds_first("репосты", 10);
    assert_eq!(found("просмотры телеграм"), [2]);
    assert_eq!(found("лайки инстаграм"), [5]);
}

#[test]
fn uzbek_words_with_either_apostrophe_or_none() {
    for word in [
        "ko'rishlar",
        "koʻrishlar",
        "ko‘rishlar",
        "korishlar",
        "KO'RISHLAR",
    ] {
        finds_first(word, 2);
    }
    assert!(found("obunachilar").contains(&1));
    for word in ["a'zolar", "aʼzolar", "azolar"] {
        assert!(found(word).contains(&9), "{word}");
    }
    finds_first("reaksiyalar", 3);
    finds_first("layklar", 5);
    finds_first("izohlar", 6);
    finds_first("referallar", 4);
    finds_first("ovozlar", 7);
    finds_first("so'rovnoma", 7);
}

#[test]
fn persian_words_whatever_the_letter_variants_and_joiners() {
    finds_first("بازدید", 2);
    finds_first("بازدیدها", 2);
    for word in ["ممبر", "عضو", "اعضا"] {
        assert!(found(word).contains(&9), "{word}");
    }
    for word in ["دنبال‌کننده", "دنبالکننده", "فالوور"] {
        assert!(found(word).contains(&8), "{word}");
    }
    // ری‌اکشن with its joiner, without it, and with the Arabic yeh.
    for word in ["ری‌اکشن", "ریاکشن", "ري‌اکشن"] {
        finds_first(word, 3);
    }
    finds_first("لایک", 5);
    finds_first("لايك", 5);
    finds_first("کامنت", 6);
    finds_first("نظر", 6);
    finds_first("رفرال", 4);
    finds_first("رأی", 7);
    finds_first("نظرسنجی", 7);
}

#[test]
fn a_russian_word_typed_on_the_latin_layout_and_the_reverse() {
    finds_first("ghjcvjnhs", 2); // просмотры
    finds_first("Kfqrb", 5); // лайки
    finds_first("мшуцы", 2); // views
    finds_first("Тщезшчуд", 4); // Notpixel
}

#[test]
fn short_words_must_be_exact_longer_ones_may_have_typos() {
    finds_first("veiws", 2);
    finds_first("viewz", 2);
    finds_first("прасмотры", 2);
    finds_first("просмтры", 2);
    finds_first("лайкы", 5);
    finds_first("reacshions", 3); // two typos in ten letters
    finds_first("notpixle", 4);
    // Three letters: none forgiven; four: one, not two.
    assert!(found("vwe").is_empty());
    assert!(found("vuez").is_empty());
    // An exact match goes before a typo.
    let services = [
        service(1, "Telegram lives", "Telegram"),
        service(2, "Telegram likes", "Telegram"),
    ];
    let ids: Vec<i64> = rank("likes", &services).iter().map(|s| s.id).collect();
    assert_eq!(ids, [2, 1]);
}

#[test]
fn every_search_prompt_example_finds_what_it_promises() {
    let i18n = I18n::load().unwrap();
    for lang in Lang::ALL {
        let prompt = i18n.t(lang, "search-prompt");
        let examples = quoted(&prompt);
        assert!(examples.len() >= 2, "{lang:?}: {prompt}");
        for example in examples {
            let ids = found(&example);
            assert!(
                ids.first() == Some(&2) || ids.first() == Some(&4),
                "{lang:?}: «{example}» found {ids:?}"
            );
        }
    }
}

/// The words between quotes (« », “ ”) in `text`, isolation marks dropped.
fn quoted(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for c in text.chars() {
        match (c, current.as_mut()) {
            ('«' | '“', _) => current = Some(String::new()),
            ('»' | '”', Some(_)) => found.extend(current.take()),
            ('\u{2066}'..='\u{2069}', _) => {}
            (c, Some(word)) => word.push(c),
            (_, None) => {}
        }
    }
    found
}
