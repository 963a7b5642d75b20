//! Provider text made fit to show: one line or tidy paragraphs, shortened the way Telegram counts
//! a message's length.

use std::borrow::Cow;

/// `text` cut to at most `max_units` UTF-16 code units, on a character boundary, with "…"
/// marking the cut (trailing spaces before it dropped). UTF-16 code units are what Telegram
/// counts a message's length in (an emoji is two, most letters one), and never fewer than
/// characters, so a limit holds whichever way it is counted. Shorten plain text before escaping
/// it for HTML: the cut can then never split a tag or an entity such as `&amp;`.
pub fn shorten(text: &str, max_units: usize) -> Cow<'_, str> {
    let mut units = 0;
    // The end of the longest start that leaves one unit for the ellipsis.
    let mut keep = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max_units {
            let mut cut = text[..keep].trim_end().to_string();
            cut.push('…');
            return Cow::Owned(cut);
        }
        if units < max_units {
            keep = at + c.len_utf8();
        }
    }
    Cow::Borrowed(text)
}

/// How long a service's button may be, in the units of [`shorten`]: about what a phone shows
/// of a button on one line.
pub const SERVICE_LABEL_UNITS: usize = 40;
/// Room a name keeps on its button however long the price.
const LABEL_NAME_MIN_UNITS: usize = 12;

/// A service's button: "name · price", at most [`SERVICE_LABEL_UNITS`] for any usual price. A
/// name too long for it first loses its category's words and those every service `listed` on
/// the screen shares ("Telegram" and "Views" in "Telegram Views #1 — fast start" listed under
/// "Telegram Views"): they tell the services apart from nothing. The card shows the full name.
pub fn service_label(name: &str, category: &str, listed: &[&str], price: &str) -> String {
    let price = format!(" · {price}");
    let full = format!("{name}{price}");
    if units(&full) <= SERVICE_LABEL_UNITS {
        return full;
    }
    let key = |word: &str| word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let category_words: Vec<String> = category.split_whitespace().map(key).collect();
    let everywhere = |word: &String| {
        listed.len() > 1
            && listed
                .iter()
                .all(|other| other.split_whitespace().any(|w| key(w) == *word))
    };
    let mut kept: Vec<&str> = name
        .split_whitespace()
        .filter(|word| {
            let word = key(word);
            word.is_empty() || !(category_words.contains(&word) || everywhere(&word))
        })
        .collect();
    // Punctuation left at either end ("— fast start") joined words that are gone.
    while kept.first().is_some_and(|w| key(w).is_empty()) {
        kept.remove(0);
    }
    while kept.last().is_some_and(|w| key(w).is_empty()) {
        kept.pop();
    }
    let distinct = if kept.is_empty() {
        name.to_string()
    } else {
        kept.join(" ")
    };
    let room = SERVICE_LABEL_UNITS
        .saturating_sub(units(&price))
        .max(LABEL_NAME_MIN_UNITS);
    format!("{}{price}", shorten(&distinct, room))
}

fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// One line of outside text: every run of whitespace and control characters becomes one space.
pub(super) fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Outside prose such as a description: its line breaks kept, at most one blank line in a row,
/// and every line [`one_line`].
pub(super) fn paragraphs(text: &str) -> String {
    let mut kept: Vec<String> = Vec::new();
    for line in text.lines().map(one_line) {
        let blank_again = line.is_empty() && kept.last().is_none_or(String::is_empty);
        if !blank_again {
            kept.push(line);
        }
    }
    while kept.last().is_some_and(String::is_empty) {
        kept.pop();
    }
    kept.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::tests::units;

    #[test]
    fn service_labels_keep_what_tells_services_apart_and_the_price() {
        let price = "1.21 RUB / 1000";
        let listed = [
            "Telegram Views #1 — fast start, up to 10K per day",
            "Telegram Views #2 — slow and steady, real accounts",
            "Telegram Views | cheapest",
        ];
        let labels: Vec<String> = listed
            .iter()
            .map(|name| service_label(name, "Telegram Views", &listed, price))
            .collect();
        assert_eq!(labels[0], "#1 — fast start, up t… · 1.21 RUB / 1000");
        assert_eq!(labels[1], "#2 — slow and steady,… · 1.21 RUB / 1000");
        assert_eq!(labels[2], "cheapest · 1.21 RUB / 1000");
        for label in &labels {
            assert!(units(label) <= SERVICE_LABEL_UNITS, "{label}");
        }
        // A name that fits stays whole; one that is nothing but shared words too.
        let short = ["Telegram subscribers", "Telegram post views"];
        assert_eq!(
            service_label(short[0], "Telegram", &short, "1.08 USD / 1000"),
            "Telegram subscribers · 1.08 USD / 1000"
        );
        let alone = ["Telegram premium subscribers from real accounts"];
        assert_eq!(
            service_label(alone[0], "Telegram", &alone, price),
            "premium subscribers f… · 1.21 RUB / 1000"
        );
        let only_shared = ["Telegram Views Telegram Views Telegram Views"];
        let label = service_label(only_shared[0], "Telegram Views", &only_shared, price);
        assert!(
            label.starts_with("Telegram Views Tel") && units(&label) <= SERVICE_LABEL_UNITS,
            "{label}"
        );
        // Persian and Russian words count as words too.
        let fa = ["بازدید تلگرام سریع و ارزان با ضمانت", "بازدید تلگرام آهسته"];
        let label = service_label(fa[0], "تلگرام", &fa, "۱۲ تومان");
        assert_eq!(label, "سریع و ارزان با ضمانت · ۱۲ تومان");
    }

    #[test]
    fn shorten_cuts_on_a_character_and_marks_the_cut() {
        assert_eq!(shorten("", 1), "");
        assert!(matches!(shorten("hello", 5), Cow::Borrowed("hello")));
        assert_eq!(shorten("hello!", 5), "hell…");
        // Spaces before the cut go; an emoji is two units and is never split.
        assert_eq!(shorten("Привет, мир", 9), "Привет,…");
        assert_eq!(shorten("سلام دنیا", 5), "سلام…");
        assert_eq!(shorten("ab😀cd", 4), "ab…");
        assert_eq!(shorten("ab😀cd", 5), "ab😀…");
        assert_eq!(shorten("ab😀cd", 6), "ab😀cd");

        let text = "Ж😀 a<&ی".repeat(3);
        for max_units in 1..=units(&text) + 1 {
            let short = shorten(&text, max_units);
            assert!(units(&short) <= max_units, "{max_units}: {short}");
            let cut = units(&text) > max_units;
            assert_eq!(short.ends_with('…'), cut, "{max_units}: {short}");
            assert!(text.starts_with(short.trim_end_matches('…')), "{short}");
        }
    }
}
