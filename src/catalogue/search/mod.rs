//! Finding services by what a customer calls them, in any language the shop speaks: their own
//! words for views, subscribers, reactions... (`words.rs`), any case, on either keyboard layout,
//! with a typo forgiven in words of four letters or more. Searches the catalogue on sale kept in
//! memory, so a search costs no query.

mod words;

use std::cmp::Reverse;

use crate::db::Db;
use crate::db::catalogue::Service;
use crate::error::Result;
use words::{CONCEPTS, allowed_edits, normalise, prefix_distance, switch_layout};

/// Services on sale matching every word of `query`, at most `limit`, as [`rank`] orders them.
pub async fn search(db: &Db, query: &str, limit: usize) -> Result<Vec<Service>> {
    let on_sale = db.on_sale().await?;
    let browsing_order = on_sale
        .categories
        .iter()
        .filter_map(|category| on_sale.services.get(&category.id))
        .flatten();
    Ok(rank(query, browsing_order)
        .into_iter()
        .take(limit)
        .cloned()
        .collect())
}

/// The `services` matching every word of `query`: closest first (exact words before typos),
/// then in the order given.
pub fn rank<'a>(query: &str, services: impl IntoIterator<Item = &'a Service>) -> Vec<&'a Service> {
    let query = Query::new(query);
    if query.readings.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(usize, usize, &Service)> = services
        .into_iter()
        .enumerate()
        .filter_map(|(place, service)| query.distance(service).map(|distance| (distance, place, service)))
        .collect();
    found.sort_by_key(|&(distance, place, _)| (distance, place));
    found.into_iter().map(|(_, _, service)| service).collect()
}

/// One concept's stems in every language (see `words::CONCEPTS`).
type Stems = &'static [&'static str];

/// A customer's search, read every way it may have been meant.
struct Query {
    /// The words as typed, and as typed on the other keyboard layout; empty readings dropped.
    readings: Vec<Vec<Word>>,
}

/// One word of a query, with what it names if it is a customer's word for a concept.
struct Word {
    text: String,
    letters: Vec<char>,
    /// The concept it names and how many typos that took.
    concept: Option<(usize, Stems)>,
}

impl Query {
    fn new(query: &str) -> Self {
        let mut readings: Vec<Vec<Word>> = Vec::new();
        for text in [
            query.to_string(),
            switch_layout(query, true),
            switch_layout(query, false),
        ] {
            let words: Vec<Word> = normalise(&text).into_iter().map(Word::new).collect();
            let known = readings
                .iter()
                .any(|r| r.iter().map(|w| &w.text).eq(words.iter().map(|w| &w.text)));
            if !words.is_empty() && !known {
                readings.push(words);
            }
        }
        Self { readings }
    }

    /// How far the service is from the query (total typos), or `None` when some word of every
    /// reading misses it.
    fn distance(&self, service: &Service) -> Option<usize> {
        let words = normalise(&format!("{} {}", service.name, service.category));
        let text = words.join(" ");
        let letters: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
        self.readings
            .iter()
            .filter_map(|reading| {
                reading
                    .iter()
                    .map(|word| word.distance(&text, &words, &letters))
                    .sum::<Option<usize>>()
            })
            .min()
    }
}

impl Word {
    fn new(text: String) -> Self {
        let letters: Vec<char> = text.chars().collect();
        let concept = concept_named(&text, &letters);
        Self {
            text,
            letters,
            concept,
        }
    }

    /// How far this word is from a service's words (`text` is them joined), if it matches one:
    /// part of them (0), naming a concept one of them is about (1), one of them mistyped (2 a
    /// typo), so that a service named in the customer's words comes before one found otherwise.
    fn distance(&self, text: &str, words: &[String], letters: &[Vec<char>]) -> Option<usize> {
        if text.contains(&self.text) {
            return Some(0);
        }
        let by_concept = self.concept.and_then(|(typos, stems)| {
            let about = words.iter().any(|w| stems.iter().any(|stem| w.starts_with(stem)));
            about.then_some(1 + 2 * typos)
        });
        let allowed = allowed_edits(self.letters.len());
        let mistyped = letters
            .iter()
            .map(|word| prefix_distance(&self.letters, word))
            .filter(|&typos| typos <= allowed)
            .min()
            .map(|typos| 2 * typos);
        by_concept.into_iter().chain(mistyped).min()
    }
}

/// The concept `word` is a customer's word for, and the typos it took. Fewer typos win; then a
/// stem the word starts with over one it only begins (from three letters on: "лай" for
/// "лайк"); then the longest stem ("نظرسنجی", a poll, over "نظر", a comment).
fn concept_named(word: &str, letters: &[char]) -> Option<(usize, Stems)> {
    let stems = CONCEPTS
        .iter()
        .flat_map(|&concept| concept.iter().map(move |stem| (concept, *stem)));
    stems
        .filter_map(|(concept, stem)| {
            let stem_letters: Vec<char> = stem.chars().collect();
            let (typos, begun_only) = if word.starts_with(stem) {
                (0, false)
            } else if letters.len() >= 3 && stem.starts_with(word) {
                (0, true)
            } else {
                let allowed = allowed_edits(letters.len()).min(allowed_edits(stem_letters.len()));
                let typos = prefix_distance(&stem_letters, letters);
                (typos <= allowed).then_some((typos, false))?
            };
            Some(((typos, begun_only, Reverse(stem_letters.len())), concept))
        })
        .min_by_key(|&(rank, _)| rank)
        .map(|((typos, _, _), concept)| (typos, concept))
}

#[cfg(test)]
mod tests;
