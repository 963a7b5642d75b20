//! Admin pricing: `/markup`, `/fx`, `/service` and the service card's on/off button. Routed
//! behind the admin check; the rules and the re-pricing live in `crate::pricing`.

use std::sync::Arc;

use rust_decimal::Decimal;
use teloxide::prelude::*;
use tokio::sync::Notify;

use super::{send, show};
use crate::bot::views::moderation::command_args::{self, ArgProblem, Needed};
use crate::bot::{HandlerResult, Screen, TgBot, Tr, views};
use crate::config::Config;
use crate::db::Db;
use crate::db::catalogue::ServiceSetting;
use crate::error::Result;
use crate::money::Currency;
use crate::pricing::{self, Change, Pricing};

const MAX_NAME_CHARS: usize = 120;
const MAX_DESCRIPTION_CHARS: usize = 2000;

/// `/markup`, `/markup <percent>`, `/markup category <id> <percent|off>`.
pub async fn markup(
    bot: TgBot,
    msg: Message,
    args: String,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
    notices_queued: Arc<Notify>,
) -> HandlerResult {
    let pricing = Pricing::from_config(&config);
    let change = match parse_markup_args(&args) {
        Ok(change) => change,
        Err(problem) => {
            let usage = tr.t("pricing-markup-usage");
            let text = command_args::explain(&tr, &problem, &pricing.shop_currency, &usage);
            return reply(&bot, &msg, text).await;
        }
    };
    let saved = match apply(&db, &pricing, &notices_queued, &tr, change.as_ref()).await? {
        Ok(saved) => saved,
        Err(refused) => return reply(&bot, &msg, refused).await,
    };
    let overview = pricing::markup_overview(&db, &pricing).await?;
    reply(&bot, &msg, views::pricing::markup(&tr, &saved, &overview)).await
}

/// `/fx`, `/fx <CODE> <rate|off>`.
pub async fn fx(
    bot: TgBot,
    msg: Message,
    args: String,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
    notices_queued: Arc<Notify>,
) -> HandlerResult {
    let pricing = Pricing::from_config(&config);
    let shop = pricing.shop_currency.code().to_string();
    let change = match parse_fx_args(&args) {
        Ok(change) => change,
        Err(problem) => {
            let usage = views::pricing::fx_usage(&tr, &shop);
            let text = command_args::explain(&tr, &problem, &pricing.shop_currency, &usage);
            return reply(&bot, &msg, text).await;
        }
    };
    let saved = match apply(&db, &pricing, &notices_queued, &tr, change.as_ref()).await? {
        Ok(saved) => saved,
        Err(refused) => return reply(&bot, &msg, refused).await,
    };
    let lines = pricing::fx_overview(&db, &pricing).await?;
    reply(&bot, &msg, views::pricing::fx(&tr, &saved, &shop, &lines)).await
}

/// `/service <id>` shows a service; `/service <id> <setting> <value>` changes it.
pub async fn service(
    bot: TgBot,
    msg: Message,
    args: String,
    tr: Tr,
    db: Db,
    config: Arc<Config>,
    notices_queued: Arc<Notify>,
) -> HandlerResult {
    let pricing = Pricing::from_config(&config);
    let (id, setting) = match parse_service_args(&args, &pricing.shop_currency) {
        Ok(parsed) => parsed,
        Err(problem) => {
            let usage = tr.t("pricing-service-usage");
            let text = command_args::explain(&tr, &problem, &pricing.shop_currency, &usage);
            return reply(&bot, &msg, text).await;
        }
    };
    match changed_card(&tr, &db, &pricing, &notices_queued, id, setting).await? {
        Ok(card) => send(&bot, msg.chat.id, card).await,
        Err(text) => reply(&bot, &msg, text).await,
    }
}

/// The card's Enable/Disable button: switches the service and redraws the card in place.
pub async fn switch_service(
    bot: TgBot,
    q: CallbackQuery,
    (id, enabled): (i64, bool),
    tr: Tr,
    db: Db,
    config: Arc<Config>,
    notices_queued: Arc<Notify>,
) -> HandlerResult {
    let pricing = Pricing::from_config(&config);
    let setting = Some(ServiceSetting::Enabled(enabled));
    let screen = changed_card(&tr, &db, &pricing, &notices_queued, id, setting).await?;
    // No card, no button: only the reason.
    let screen = screen.unwrap_or_else(|reason| views::screen(reason, Vec::new()));
    show(&bot, &q, screen).await
}

/// Applies `setting`, if any, to service `id` and renders its card headed by what was done; or
/// the reason there is no card.
async fn changed_card(
    tr: &Tr,
    db: &Db,
    pricing: &Pricing,
    notices_queued: &Notify,
    id: i64,
    setting: Option<ServiceSetting>,
) -> Result<std::result::Result<Screen, String>> {
    let change = setting.map(|setting| Change::Service { id, setting });
    let saved = match apply(db, pricing, notices_queued, tr, change.as_ref()).await? {
        Ok(saved) => saved,
        Err(refused) => return Ok(Err(refused)),
    };
    Ok(match pricing::service_view(db, pricing, id).await? {
        Some((row, priced)) => Ok(views::pricing::service_card(
            tr,
            &saved,
            &pricing.shop_currency,
            &row,
            &priced,
        )),
        None => Err(views::pricing::unknown_service(tr, id)),
    })
}

/// Makes a change, if there is one, and wakes the notifier for any loss alert. The text says
/// what it did (empty for no change), or why it was refused.
async fn apply(
    db: &Db,
    pricing: &Pricing,
    notices_queued: &Notify,
    tr: &Tr,
    change: Option<&Change>,
) -> Result<std::result::Result<String, String>> {
    let Some(change) = change else {
        return Ok(Ok(String::new()));
    };
    let report = match pricing::change(db, pricing, change).await? {
        Ok(report) => report,
        Err(refused) => {
            return Ok(Err(views::pricing::refused(
                tr,
                refused,
                change,
                &pricing.shop_currency,
            )));
        }
    };
    tracing::info!(?change, ?report, "prices changed by an admin");
    notices_queued.notify_one();
    Ok(Ok(views::pricing::saved(tr, &report)))
}

/// Nothing (show), `<percent>`, or `category <id> <percent|off>`.
fn parse_markup_args(args: &str) -> std::result::Result<Option<Change>, ArgProblem> {
    let mut words = args.split_whitespace();
    let Some(first) = words.next() else {
        return Ok(None);
    };
    if !first.eq_ignore_ascii_case("category") {
        let percent = markup_percent(first)?;
        command_args::nothing_more(words)?;
        return Ok(Some(Change::GlobalMarkup(percent)));
    }
    let missing = |what, example: &str| ArgProblem::Missing {
        what,
        example: example.into(),
    };
    let id = words
        .next()
        .ok_or_else(|| missing(Needed::Id, "/markup category 3 40"))?;
    let category_id = command_args::id(id)?;
    let setting = words
        .next()
        .ok_or_else(|| missing(Needed::Percent, &format!("/markup category {category_id} 40")))?;
    let percent = markup_or_off(setting)?;
    command_args::nothing_more(words)?;
    Ok(Some(Change::CategoryMarkup { category_id, percent }))
}

/// Nothing (show) or `<CODE> <rate|off>`.
fn parse_fx_args(args: &str) -> std::result::Result<Option<Change>, ArgProblem> {
    let mut words = args.split_whitespace();
    let Some(code) = words.next() else {
        return Ok(None);
    };
    let currency = Currency::parse(code).map_err(|_| ArgProblem::NotACurrency { got: code.into() })?;
    let setting = words.next().ok_or_else(|| ArgProblem::Missing {
        what: Needed::Rate,
        example: format!("/fx {} 92.5", currency.code()),
    })?;
    let rate = if setting.eq_ignore_ascii_case("off") {
        None
    } else {
        Some(pricing::parse_fx_rate(setting).ok_or_else(|| ArgProblem::Rate { got: setting.into() })?)
    };
    command_args::nothing_more(words)?;
    Ok(Some(Change::FxRate { currency, rate }))
}

fn markup_percent(word: &str) -> std::result::Result<Decimal, ArgProblem> {
    pricing::parse_markup(word).ok_or_else(|| ArgProblem::Markup { got: word.into() })
}

/// `off` clears a markup; anything else must be one.
fn markup_or_off(word: &str) -> std::result::Result<Option<Decimal>, ArgProblem> {
    if word.eq_ignore_ascii_case("off") {
        Ok(None)
    } else {
        markup_percent(word).map(Some)
    }
}

/// `<id>` alone, or `<id> enable|disable`, `<id> name|description <text>`,
/// `<id> price <amount|off>`, `<id> markup <percent|off>`.
fn parse_service_args(
    args: &str,
    currency: &Currency,
) -> std::result::Result<(i64, Option<ServiceSetting>), ArgProblem> {
    let (id, rest) = args
        .trim()
        .split_once(char::is_whitespace)
        .unwrap_or((args.trim(), ""));
    if id.is_empty() {
        return Err(ArgProblem::Missing {
            what: Needed::Id,
            example: "/service 12".into(),
        });
    }
    let id = command_args::id(id)?;
    let (setting, value) = rest
        .trim()
        .split_once(char::is_whitespace)
        .unwrap_or((rest.trim(), ""));
    let value = value.trim();
    let missing = |what, example: &str| ArgProblem::Missing {
        what,
        example: format!("/service {id} {setting} {example}"),
    };
    let text = |max: usize| match value.chars().count() {
        0 => Err(missing(Needed::Text, "…")),
        n if n > max => Err(ArgProblem::TooLong { max }),
        _ => Ok(value.to_string()),
    };
    let setting = match setting {
        "" => None,
        "enable" | "disable" => {
            command_args::nothing_more(value.split_whitespace())?;
            Some(ServiceSetting::Enabled(setting == "enable"))
        }
        "name" => Some(ServiceSetting::Name(text(MAX_NAME_CHARS)?)),
        "description" => Some(ServiceSetting::Description(text(MAX_DESCRIPTION_CHARS)?)),
        "price" => Some(ServiceSetting::FixedPrice(match value {
            "" => return Err(missing(Needed::Amount, "1.50")),
            off if off.eq_ignore_ascii_case("off") => None,
            amount => Some(
                currency
                    .parse_amount(amount)
                    .filter(|p| *p > 0)
                    .ok_or_else(|| ArgProblem::Amount { got: amount.into() })?,
            ),
        })),
        "markup" if value.is_empty() => return Err(missing(Needed::Percent, "35")),
        "markup" => Some(ServiceSetting::Markup(markup_or_off(value)?)),
        other => return Err(ArgProblem::UnknownSetting { got: other.into() }),
    };
    Ok((id, setting))
}

async fn reply(bot: &TgBot, msg: &Message, text: String) -> HandlerResult {
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_fx_commands_parse_or_say_what_is_wrong() {
        let dec = |text: &str| text.parse::<Decimal>().unwrap();
        assert_eq!(parse_markup_args(" "), Ok(None));
        assert_eq!(
            parse_markup_args("25%"),
            Ok(Some(Change::GlobalMarkup(dec("25"))))
        );
        assert_eq!(
            parse_markup_args("category 3 12,5"),
            Ok(Some(Change::CategoryMarkup {
                category_id: 3,
                percent: Some(dec("12.5"))
            }))
        );
        assert_eq!(
            parse_markup_args("category 3 off"),
            Ok(Some(Change::CategoryMarkup {
                category_id: 3,
                percent: None
            }))
        );
        let markup = |got: &str| Err(ArgProblem::Markup { got: got.into() });
        let missing = |what, example: &str| {
            Err(ArgProblem::Missing {
                what,
                example: example.into(),
            })
        };
        assert_eq!(parse_markup_args("-150"), markup("-150"));
        assert_eq!(parse_markup_args("off"), markup("off"));
        assert_eq!(parse_markup_args("category 3 -100"), markup("-100"));
        assert_eq!(
            parse_markup_args("25 30"),
            Err(ArgProblem::TooMany { extra: "30".into() })
        );
        assert_eq!(
            parse_markup_args("category x 5"),
            Err(ArgProblem::NotAnId { got: "x".into() })
        );
        assert_eq!(
            parse_markup_args("category 3"),
            missing(Needed::Percent, "/markup category 3 40")
        );
        assert_eq!(
            parse_markup_args("category"),
            missing(Needed::Id, "/markup category 3 40")
        );
        assert_eq!(parse_fx_args(""), Ok(None));
        assert_eq!(
            parse_fx_args("usd 92,5"),
            Ok(Some(Change::FxRate {
                currency: Currency::parse("USD").unwrap(),
                rate: Some(dec("92.5"))
            }))
        );
        assert_eq!(
            parse_fx_args("Toman off"),
            Ok(Some(Change::FxRate {
                currency: Currency::parse("IRT").unwrap(),
                rate: None
            }))
        );
        assert_eq!(parse_fx_args("usd"), missing(Needed::Rate, "/fx USD 92.5"));
        assert_eq!(parse_fx_args("USD 0"), Err(ArgProblem::Rate { got: "0".into() }));
        assert_eq!(
            parse_fx_args("U5D 1"),
            Err(ArgProblem::NotACurrency { got: "U5D".into() })
        );
        assert_eq!(
            parse_fx_args("USD 1 2"),
            Err(ArgProblem::TooMany { extra: "2".into() })
        );
    }

    #[test]
    fn service_commands_parse_or_say_what_is_wrong() {
        let rub = Currency::parse("RUB").unwrap();
        let parse = |args: &str| parse_service_args(args, &rub);
        assert_eq!(parse("12"), Ok((12, None)));
        assert_eq!(
            parse(" 12 disable"),
            Ok((12, Some(ServiceSetting::Enabled(false))))
        );
        assert_eq!(
            parse("12 name  Premium  subscribers "),
            Ok((12, Some(ServiceSetting::Name("Premium  subscribers".into()))))
        );
        assert_eq!(
            parse("12 description line one\nline two"),
            Ok((12, Some(ServiceSetting::Description("line one\nline two".into()))))
        );
        assert_eq!(
            parse("12 price 1,50"),
            Ok((12, Some(ServiceSetting::FixedPrice(Some(150)))))
        );
        assert_eq!(
            parse("12 price OFF"),
            Ok((12, Some(ServiceSetting::FixedPrice(None))))
        );
        assert_eq!(
            parse("12 markup -5"),
            Ok((12, Some(ServiceSetting::Markup(Some("-5".parse().unwrap())))))
        );
        assert_eq!(
            parse("12 markup off"),
            Ok((12, Some(ServiceSetting::Markup(None))))
        );
        let missing = |what, example: &str| {
            Err(ArgProblem::Missing {
                what,
                example: example.into(),
            })
        };
        let cases = [
            ("", missing(Needed::Id, "/service 12")),
            ("x", Err(ArgProblem::NotAnId { got: "x".into() })),
            ("12 name", missing(Needed::Text, "/service 12 name …")),
            ("12 price", missing(Needed::Amount, "/service 12 price 1.50")),
            ("12 price 0", Err(ArgProblem::Amount { got: "0".into() })),
            ("12 price -1", Err(ArgProblem::Amount { got: "-1".into() })),
            ("12 price 1.005", Err(ArgProblem::Amount { got: "1.005".into() })),
            ("12 markup", missing(Needed::Percent, "/service 12 markup 35")),
            ("12 markup -100", Err(ArgProblem::Markup { got: "-100".into() })),
            ("12 enable now", Err(ArgProblem::TooMany { extra: "now".into() })),
            (
                "12 colour red",
                Err(ArgProblem::UnknownSetting { got: "colour".into() }),
            ),
        ];
        for (junk, problem) in cases {
            assert_eq!(parse(junk), problem, "{junk:?}");
        }
        assert_eq!(
            parse(&format!("12 name {}", "x".repeat(MAX_NAME_CHARS + 1))),
            Err(ArgProblem::TooLong { max: MAX_NAME_CHARS })
        );
    }
}
