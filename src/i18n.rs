//! Customer-facing texts, from the Fluent files in `locales/` (compiled into the binary).
//!
//! Fluent gives correct plural forms per language (1 заказ, 2 заказа, 5 заказов).

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

/// The languages the bot speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    En,
    Ru,
    /// Uzbek, Latin script.
    Uz,
    /// Persian, written right to left.
    Fa,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Ru, Lang::Uz, Lang::Fa];

    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ru => "ru",
            Self::Uz => "uz",
            Self::Fa => "fa",
        }
    }

    /// The language's own name, for the language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Ru => "Русский",
            Self::Uz => "Oʻzbekcha",
            Self::Fa => "فارسی",
        }
    }

    /// Reads a code such as Telegram's `language_code` (`ru`, `en-GB`).
    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    pub fn supported_codes() -> String {
        Self::ALL.map(Lang::code).join(", ")
    }

    /// Whether variables are wrapped in Unicode isolation marks (FSI U+2068 … PDI U+2069).
    ///
    /// Only for right-to-left Persian: without isolation, an amount such as `1.08 USD`, a link
    /// or an @username inside a Persian sentence takes its direction from the surrounding text
    /// and can come out scrambled. Telegram clients render FSI/PDI invisibly (they are
    /// default-ignorable format characters), so isolation costs nothing visible there. The
    /// left-to-right languages gain nothing from it and keep it off; see also
    /// [`strip_isolation_in_code`], which keeps the marks out of copyable `<code>` spans.
    pub fn is_rtl(self) -> bool {
        matches!(self, Self::Fa)
    }

    /// The language's Fluent files, `(name, text)`, compiled into the binary: one file per area.
    fn sources(self) -> [(&'static str, &'static str); AREAS] {
        macro_rules! files {
            ($lang:literal: $($area:literal),*) => {
                [$((
                    concat!("locales/", $lang, "/", $area, ".ftl"),
                    include_str!(concat!("../locales/", $lang, "/", $area, ".ftl")),
                )),*]
            };
        }
        match self {
            Self::En => {
                files!("en": "shop", "notices", "actions", "payments", "pricing", "admin", "moderation", "support")
            }
            Self::Ru => {
                files!("ru": "shop", "notices", "actions", "payments", "pricing", "admin", "moderation", "support")
            }
            Self::Uz => {
                files!("uz": "shop", "notices", "actions", "payments", "pricing", "admin", "moderation", "support")
            }
            Self::Fa => {
                files!("fa": "shop", "notices", "actions", "payments", "pricing", "admin", "moderation", "support")
            }
        }
    }

    /// The language's files, parsed.
    fn resources(self) -> Result<Vec<FluentResource>, String> {
        self.sources()
            .into_iter()
            .map(|(name, text)| {
                FluentResource::try_new(text.to_string()).map_err(|(_, errors)| format!("{name}: {errors:?}"))
            })
            .collect()
    }
}

/// Locale files per language (`locales/<lang>/<area>.ftl`).
const AREAS: usize = 8;

/// All locales, loaded once at start.
pub struct I18n {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("I18n")
    }
}

/// Named arguments of one message.
pub type Args<'a> = &'a [(&'a str, FluentValue<'a>)];

impl I18n {
    /// Loads every locale; a syntax error in a shipped locale is a bug, reported at start.
    pub fn load() -> Result<Self, String> {
        let mut bundles = HashMap::new();
        for lang in Lang::ALL {
            let id: LanguageIdentifier = lang.code().parse().expect("valid language code");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Isolation marks only where they matter: around variables in right-to-left text.
            bundle.set_use_isolating(lang.is_rtl());
            for resource in lang.resources()? {
                // A key defined twice across a language's files is an error too.
                bundle
                    .add_resource(resource)
                    .map_err(|errors| format!("locales/{}: {errors:?}", lang.code()))?;
            }
            bundles.insert(lang, bundle);
        }
        Ok(Self { bundles })
    }

    /// The text for `key`, or the key itself (logged) when it is missing.
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.t_args(lang, key, &[])
    }

    pub fn t_args(&self, lang: Lang, key: &str, args: Args<'_>) -> String {
        let bundle = &self.bundles[&lang];
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::error!(key, lang = lang.code(), "missing locale text");
            return key.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::error!(key, lang = lang.code(), ?errors, "locale text failed to format");
        }
        if lang.is_rtl() {
            strip_isolation_in_code(&text)
        } else {
            text.into_owned()
        }
    }

    /// Message ids of one locale, for the completeness test.
    pub fn keys(lang: Lang) -> Vec<String> {
        let resources = lang.resources().expect("locales parse");
        resources
            .iter()
            .flat_map(|resource| resource.entries())
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }
}

/// Removes isolation marks inside `<code>…</code>`: Telegram copies a code span on tap, and an
/// id or command copied with invisible FSI/PDI in it would no longer match when sent back.
/// Code spans hold ids and commands, left-to-right on their own, so they need no isolation.
fn strip_isolation_in_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<code>") {
        let (before, from_tag) = rest.split_at(start + "<code>".len());
        out.push_str(before);
        let end = from_tag.find("</code>").unwrap_or(from_tag.len());
        let (code, after) = from_tag.split_at(end);
        out.extend(code.chars().filter(|c| !matches!(c, '\u{2068}' | '\u{2069}')));
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_every_key() {
        let reference = I18n::keys(Lang::En);
        assert!(!reference.is_empty());
        for lang in Lang::ALL {
            let keys = I18n::keys(lang);
            let missing: Vec<_> = reference.iter().filter(|k| !keys.contains(k)).collect();
            let extra: Vec<_> = keys.iter().filter(|k| !reference.contains(k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert!(
                extra.is_empty(),
                "{} has keys English lacks: {extra:?}",
                lang.code()
            );
        }
    }

    #[test]
    fn russian_plurals_follow_the_language() {
        let i18n = I18n::load().unwrap();
        let orders = |lang, n: i64| i18n.t_args(lang, "orders-text", &[("count", n.into())]);
        for (n, words) in [
            (1, "(1 заказ)"),
            (2, "(2 заказа)"),
            (5, "(5 заказов)"),
            (21, "(21 заказ)"),
            (11, "(11 заказов)"),
        ] {
            assert!(
                orders(Lang::Ru, n).contains(words),
                "{n}: {}",
                orders(Lang::Ru, n)
            );
        }
        assert!(orders(Lang::En, 1).contains("(1 order)"));
        assert!(orders(Lang::En, 3).contains("(3 orders)"));
    }

    #[test]
    fn language_codes_from_telegram() {
        assert_eq!(Lang::from_code("ru"), Some(Lang::Ru));
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_code("uz-Latn"), Some(Lang::Uz));
        assert_eq!(Lang::from_code("fa-IR"), Some(Lang::Fa));
        assert_eq!(Lang::supported_codes(), "en, ru, uz, fa");
    }

    #[test]
    fn uzbek_and_persian_plurals() {
        let i18n = I18n::load().unwrap();
        let stars = |lang, n: i64| {
            let args = [("stars", n.into()), ("amount", "1.08 USD".into())];
            i18n.t_args(lang, "topup-invoice-description", &args)
        };
        assert!(
            stars(Lang::Uz, 1).starts_with("1 yulduz"),
            "{}",
            stars(Lang::Uz, 1)
        );
        assert!(
            stars(Lang::Uz, 5).starts_with("5 yulduz"),
            "{}",
            stars(Lang::Uz, 5)
        );
        assert!(
            stars(Lang::Fa, 5).contains("5\u{2069} ستاره"),
            "{}",
            stars(Lang::Fa, 5)
        );
        assert!(i18n.t(Lang::Uz, "btn-balance").contains("Balans"));
    }

    #[test]
    fn persian_isolates_numbers_and_links() {
        let i18n = I18n::load().unwrap();
        let text = i18n.t_args(
            Lang::Fa,
            "confirm-text",
            &[
                ("service", "بازدید پست".into()),
                ("link", "https://t.me/yourchannel/12".into()),
                ("quantity", 1000.into()),
                ("details", "".into()),
                ("total", "1.08 USD".into()),
                ("balance", "5.00 USD".into()),
                ("after", "3.92 USD".into()),
            ],
        );
        // The link and the amount each keep their own left-to-right order inside the sentence.
        assert!(
            text.contains("لینک: \u{2068}https://t.me/yourchannel/12\u{2069}"),
            "{text}"
        );
        assert!(text.contains("<b>\u{2068}1.08 USD\u{2069}</b>"), "{text}");
        assert!(text.contains("\u{2068}1000\u{2069}"), "{text}");
        // The message itself starts right to left (after the HTML tag).
        let first = text.trim_start_matches("<b>").chars().next().unwrap();
        assert!(('\u{0600}'..='\u{06FF}').contains(&first), "{text}");

        // Ids in copyable code spans carry no marks; English has none at all.
        let paid = i18n.t_args(
            Lang::Fa,
            "topup-refund-already",
            &[("charge", "stxABC123".into())],
        );
        assert!(paid.contains("<code>stxABC123</code>"), "{paid}");
        let en = i18n.t_args(Lang::En, "topup-refund-already", &[("charge", "x".into())]);
        assert!(!en.contains('\u{2068}'), "{en}");
    }
}
