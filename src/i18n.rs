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
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ru => "ru",
        }
    }

    /// The language's own name, for the language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Ru => "Русский",
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
                files!("en": "shop", "notices", "actions", "payments", "pricing", "admin", "moderation")
            }
            Self::Ru => {
                files!("ru": "shop", "notices", "actions", "payments", "pricing", "admin", "moderation")
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
const AREAS: usize = 7;

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
            // Unicode isolation marks would show up as stray characters in Telegram clients.
            bundle.set_use_isolating(false);
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
        text.into_owned()
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
    }
}
