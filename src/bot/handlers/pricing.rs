//! Admin pricing: `/markup`, `/fx`, `/service` and the service card's on/off button. Routed
//! behind the admin check; the rules and the re-pricing live in `crate::pricing`.

use std::sync::Arc;

use rust_decimal::Decimal;
use teloxide::prelude::*;
use tokio::sync::Notify;

use super::{send, show};
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
    let Ok(change) = parse_markup_args(&args) else {
        return reply(&bot, &msg, tr.t("pricing-markup-usage")).await;
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
    let Ok(change) = parse_fx_args(&args) else {
        return reply(&bot, &msg, views::pricing::fx_usage(&tr, &shop)).await;
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
        Err(ServiceArgsProblem::Usage) => return reply(&bot, &msg, tr.t("pricing-service-usage")).await,
        Err(ServiceArgsProblem::TooLong(max)) => {
            return reply(&bot, &msg, views::pricing::too_long(&tr, max)).await;
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

/// The command's words do not fit its grammar: the usage is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Usage;

/// Nothing (show), `<percent>`, or `category <id> <percent|off>`.
fn parse_markup_args(args: &str) -> std::result::Result<Option<Change>, Usage> {
    match args.split_whitespace().collect::<Vec<_>>().as_slice() {
        [] => Ok(None),
        [percent] => pricing::parse_markup(percent)
            .map(|percent| Some(Change::GlobalMarkup(percent)))
            .ok_or(Usage),
        [category, id, setting] if category.eq_ignore_ascii_case("category") => {
            let category_id = id.parse().map_err(|_| Usage)?;
            let percent = parse_or_off(setting, pricing::parse_markup).ok_or(Usage)?;
            Ok(Some(Change::CategoryMarkup { category_id, percent }))
        }
        _ => Err(Usage),
    }
}

/// Nothing (show) or `<CODE> <rate|off>`.
fn parse_fx_args(args: &str) -> std::result::Result<Option<Change>, Usage> {
    match args.split_whitespace().collect::<Vec<_>>().as_slice() {
        [] => Ok(None),
        [code, setting] => Ok(Some(Change::FxRate {
            currency: Currency::parse(code).map_err(|_| Usage)?,
            rate: parse_or_off(setting, pricing::parse_fx_rate).ok_or(Usage)?,
        })),
        _ => Err(Usage),
    }
}

/// `off` clears a setting; anything else must parse.
fn parse_or_off(word: &str, parse: fn(&str) -> Option<Decimal>) -> Option<Option<Decimal>> {
    if word.eq_ignore_ascii_case("off") {
        Some(None)
    } else {
        parse(word).map(Some)
    }
}

/// What is wrong with a `/service` command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ServiceArgsProblem {
    Usage,
    TooLong(usize),
}

/// `<id>` alone, or `<id> enable|disable`, `<id> name|description <text>`,
/// `<id> price <amount|off>`, `<id> markup <percent|off>`.
fn parse_service_args(
    args: &str,
    currency: &Currency,
) -> std::result::Result<(i64, Option<ServiceSetting>), ServiceArgsProblem> {
    use ServiceArgsProblem::{TooLong, Usage};
    let (id, rest) = args
        .trim()
        .split_once(char::is_whitespace)
        .unwrap_or((args.trim(), ""));
    let id: i64 = id.parse().map_err(|_| Usage)?;
    let (setting, value) = rest
        .trim()
        .split_once(char::is_whitespace)
        .unwrap_or((rest.trim(), ""));
    let value = value.trim();
    let text = |max: usize| match value.chars().count() {
        0 => Err(Usage),
        n if n > max => Err(TooLong(max)),
        _ => Ok(value.to_string()),
    };
    let setting = match setting {
        "" => None,
        "enable" if value.is_empty() => Some(ServiceSetting::Enabled(true)),
        "disable" if value.is_empty() => Some(ServiceSetting::Enabled(false)),
        "name" => Some(ServiceSetting::Name(text(MAX_NAME_CHARS)?)),
        "description" => Some(ServiceSetting::Description(text(MAX_DESCRIPTION_CHARS)?)),
        "price" if value.eq_ignore_ascii_case("off") => Some(ServiceSetting::FixedPrice(None)),
        "price" => {
            let price = currency.parse_amount(value).filter(|p| *p > 0).ok_or(Usage)?;
            Some(ServiceSetting::FixedPrice(Some(price)))
        }
        "markup" => Some(ServiceSetting::Markup(
            parse_or_off(value, pricing::parse_markup).ok_or(Usage)?,
        )),
        _ => return Err(Usage),
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
    fn markup_and_fx_commands_parse_or_show_the_usage() {
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
        for junk in ["off", "25 30", "category x 5", "category 3", "category 3 -100"] {
            assert_eq!(parse_markup_args(junk), Err(Usage), "{junk:?}");
        }
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
        for junk in ["USD", "USD 0", "U5D 1", "USD 1 2"] {
            assert_eq!(parse_fx_args(junk), Err(Usage), "{junk:?}");
        }
    }

    #[test]
    fn service_commands_parse_or_show_the_usage() {
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
        for junk in [
            "",
            "x",
            "12 name",
            "12 price 0",
            "12 price -1",
            "12 price 1.005",
            "12 markup -100",
            "12 enable now",
            "12 colour red",
        ] {
            assert_eq!(parse(junk), Err(ServiceArgsProblem::Usage), "{junk:?}");
        }
        assert_eq!(
            parse(&format!("12 name {}", "x".repeat(MAX_NAME_CHARS + 1))),
            Err(ServiceArgsProblem::TooLong(MAX_NAME_CHARS))
        );
    }
}
