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
