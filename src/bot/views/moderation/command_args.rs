//! What was wrong with the words after an admin command: said first, then the command's usage,
//! so that `/markup -150` is told about the -150 and not only shown the grammar again.

use teloxide::utils::html::escape;

use crate::bot::{Tr, views};
use crate::money::Currency;

/// One thing wrong with an admin command's words; `got` is the word as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgProblem {
    /// An id (of an order, a service, a category, a user) that is not a whole number.
    NotAnId {
        got: String,
    },
    /// A markup that is not a percentage, or one out of range.
    Markup {
        got: String,
    },
    NotACurrency {
        got: String,
    },
    /// An exchange rate that is not a number above zero.
    Rate {
        got: String,
    },
    /// An amount of money that is not above zero in the shop currency, or is finer than its cents.
    Amount {
        got: String,
    },
    /// Something the command needs is missing; `example` shows the command with it.
    Missing {
        what: Needed,
        example: String,
    },
    /// Words after everything the command takes.
    TooMany {
        extra: String,
    },
    /// `/service <id> <setting>` with a setting services do not have.
    UnknownSetting {
        got: String,
    },
    /// A text longer than allowed.
    TooLong {
        max: usize,
    },
}

/// What a command was missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needed {
    Id,
    /// A user id or @username.
    Who,
    Percent,
    Rate,
    Amount,
    Text,
}

/// The problem in one sentence, then `usage`.
pub fn explain(tr: &Tr, problem: &ArgProblem, currency: &Currency, usage: &str) -> String {
    let got = |key: &str, got: &str| tr.f(key, &[("got", escape(got).into())]);
    let first = match problem {
        ArgProblem::NotAnId { got: word } => got("args-not-an-id", word),
        ArgProblem::Markup { got: word } => got("args-markup", word),
        ArgProblem::NotACurrency { got: word } => got("args-not-a-currency", word),
        ArgProblem::Rate { got: word } => got("args-rate", word),
        ArgProblem::Amount { got: word } => tr.f(
            "args-amount",
            &[
                ("got", escape(word).into()),
                ("currency", currency.code().to_string().into()),
            ],
        ),
        ArgProblem::Missing { what, example } => {
            let key = match what {
                Needed::Id => "args-missing-id",
                Needed::Who => "args-missing-who",
                Needed::Percent => "args-missing-percent",
                Needed::Rate => "args-missing-rate",
                Needed::Amount => "args-missing-amount",
                Needed::Text => "args-missing-text",
            };
            tr.f(key, &[("example", escape(example).into())])
        }
        ArgProblem::TooMany { extra } => tr.f("args-too-many", &[("extra", escape(extra).into())]),
        ArgProblem::UnknownSetting { got: word } => got("args-unknown-setting", word),
        ArgProblem::TooLong { max } => views::pricing::too_long(tr, *max),
    };
    format!("{first}\n\n{usage}")
}

/// A whole number, or what is wrong with the word.
pub fn id(word: &str) -> Result<i64, ArgProblem> {
    word.trim_start_matches('#')
        .parse()
        .map_err(|_| ArgProblem::NotAnId { got: word.into() })
}

/// Nothing after the words a command has read.
pub fn nothing_more<'w>(rest: impl IntoIterator<Item = &'w str>) -> Result<(), ArgProblem> {
    let extra = rest.into_iter().collect::<Vec<_>>().join(" ");
    if extra.is_empty() {
        Ok(())
    } else {
        Err(ArgProblem::TooMany { extra })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::i18n::{I18n, Lang};

    #[test]
    fn every_problem_reads_in_every_language_with_what_was_typed() {
        let i18n = Arc::new(I18n::load().expect("locales load"));
        let rub = Currency::parse("RUB").unwrap();
        let problems = [
            ArgProblem::NotAnId { got: "abc".into() },
            ArgProblem::Markup { got: "-150".into() },
            ArgProblem::NotACurrency { got: "U5D".into() },
            ArgProblem::Rate { got: "0".into() },
            ArgProblem::Amount { got: "-1".into() },
            ArgProblem::TooMany { extra: "30".into() },
            ArgProblem::UnknownSetting { got: "colour".into() },
        ];
        for lang in Lang::ALL {
            let tr = Tr::new(Arc::clone(&i18n), lang);
            for problem in &problems {
                let text = explain(&tr, problem, &rub, "USAGE");
                let typed = match problem {
                    ArgProblem::TooMany { extra } => extra.as_str(),
                    ArgProblem::NotAnId { got }
                    | ArgProblem::Markup { got }
                    | ArgProblem::NotACurrency { got }
                    | ArgProblem::Rate { got }
                    | ArgProblem::Amount { got }
                    | ArgProblem::UnknownSetting { got } => got.as_str(),
                    _ => unreachable!(),
                };
                assert!(text.contains(typed), "{lang:?}: {text}");
                assert!(
                    text.ends_with("\n\nUSAGE") && !text.contains("args-"),
                    "{lang:?}: {text}"
                );
            }
            for what in [
                Needed::Id,
                Needed::Who,
                Needed::Percent,
                Needed::Rate,
                Needed::Amount,
                Needed::Text,
            ] {
                let missing = ArgProblem::Missing {
                    what,
                    example: "/fx USD 92.5".into(),
                };
                let text = explain(&tr, &missing, &rub, "USAGE");
                assert!(text.contains("<code>/fx USD 92.5</code>"), "{lang:?}: {text}");
                assert!(!text.contains("args-"), "{lang:?}: {text}");
            }
        }
        let typed = explain(
            &Tr::new(i18n, Lang::En),
            &ArgProblem::NotAnId { got: "<b>".into() },
            &rub,
            "",
        );
        assert!(typed.contains("&lt;b&gt;"), "escaped: {typed}");
    }

    #[test]
    fn ids_and_leftovers() {
        assert_eq!(id("#17"), Ok(17));
        assert_eq!(id("x"), Err(ArgProblem::NotAnId { got: "x".into() }));
        assert_eq!(nothing_more([]), Ok(()));
        assert_eq!(
            nothing_more(["1", "2"]),
            Err(ArgProblem::TooMany { extra: "1 2".into() })
        );
    }
}
