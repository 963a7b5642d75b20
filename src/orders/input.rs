//! Checks of what a customer types for an order: the link and the quantity. Bad input gets a
//! precise reason and changes nothing.

use url::Url;

use crate::db::catalogue::{LinkRule, Service};
use crate::vocabulary::DripFeed;

const MAX_LINK_LEN: usize = 512;
const TELEGRAM_HOSTS: &[&str] = &[
    "t.me",
    "www.t.me",
    "telegram.me",
    "www.telegram.me",
    "telegram.dog",
];
/// Query parameters through which Telegram hands a start value to a bot or a mini-app.
const START_PARAMS: &[&str] = &["startapp", "start"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    NotAUrl,
    NotTelegram,
    /// A referral link needs a start parameter (`?startapp=` or `?start=`).
    NoStartParameter,
    /// The link leads into another bot than the service's.
    WrongBot {
        expected: String,
    },
}

/// Checks and normalises a link for a service's rule. `@channel` and `t.me/x` are accepted for
/// Telegram services and written out as full `https://t.me/...` links.
pub fn check_link(rule: LinkRule, target_bot: Option<&str>, input: &str) -> Result<String, LinkError> {
    let text = input.trim();
    if text.is_empty() || text.len() > MAX_LINK_LEN || text.chars().any(char::is_whitespace) {
        return Err(LinkError::NotAUrl);
    }
    let candidate = if let Some(name) = text.strip_prefix('@') {
        if rule == LinkRule::AnyUrl {
            return Err(LinkError::NotAUrl);
        }
        format!("https://t.me/{name}")
    } else if !text.contains("://") {
        format!("https://{text}")
    } else {
        text.to_string()
    };
    let url = Url::parse(&candidate).map_err(|_| LinkError::NotAUrl)?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if !matches!(url.scheme(), "http" | "https") || !host.contains('.') || host.ends_with('.') {
        return Err(LinkError::NotAUrl);
    }
    if rule == LinkRule::AnyUrl {
        return Ok(url.to_string());
    }
    let bot = telegram_target(&url).ok_or(LinkError::NotTelegram)?;
    if rule == LinkRule::Referral {
        let has_start = url
            .query_pairs()
            .any(|(k, v)| START_PARAMS.contains(&k.as_ref()) && !v.trim().is_empty());
        if !has_start {
            return Err(LinkError::NoStartParameter);
        }
        if let Some(expected) = target_bot
            .and_then(|t| Url::parse(t).ok())
            .as_ref()
            .and_then(telegram_target)
            && !expected.eq_ignore_ascii_case(&bot)
        {
            return Err(LinkError::WrongBot {
                expected: format!("@{expected}"),
            });
        }
    }
    Ok(url.to_string())
}

/// The first path segment of a Telegram link: the channel, group or bot it points to.
fn telegram_target(url: &Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    if !TELEGRAM_HOSTS.contains(&host.as_str()) {
        return None;
    }
    let first = url.path_segments()?.next()?.trim();
    (!first.is_empty()).then(|| first.to_string())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityError {
    NotANumber,
    BelowMin(u64),
    AboveMax(u64),
}

/// A whole number as people type it: in ASCII, Persian (۰–۹) or Arabic-Indic (٠–٩) digits,
/// its thousands grouped or not by spaces (plain, non-breaking or thin), commas, dots or
/// apostrophes — "1 000", "1,000", "1.000", "۱٬۰۰۰". Returns its ASCII digits, or `None` for
/// anything else, including groups that are not thousands ("1.5", "10 00"): those are not read
/// as some other number.
pub fn typed_digits(input: &str) -> Option<String> {
    let mut groups = vec![String::new()];
    let mut separator = None;
    for c in input.trim().chars() {
        if let Some(digit) = ascii_digit(c) {
            groups.last_mut()?.push(digit);
            continue;
        }
        let kind = if c.is_whitespace() {
            ' '
        } else if [',', '.', '\'', '’', '٬'].contains(&c) {
            c
        } else {
            return None;
        };
        // One kind of separator: "1,000.000" is not a whole number.
        if *separator.get_or_insert(kind) != kind {
            return None;
        }
        groups.push(String::new());
    }
    let (first, rest) = groups.split_first()?;
    let thousands = (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3);
    (!first.is_empty() && (rest.is_empty() || thousands)).then(|| groups.concat())
}

fn ascii_digit(c: char) -> Option<char> {
    let from = |zero: char| char::from_digit(u32::from(c) - u32::from(zero), 10);
    match c {
        '0'..='9' => Some(c),
        '۰'..='۹' => from('۰'),
        '٠'..='٩' => from('٠'),
        _ => None,
    }
}

/// A service's limits as unsigned numbers (the catalogue never stores less than 1).
pub fn limits(service: &Service) -> (u64, u64) {
    (
        service.min_quantity.max(1) as u64,
        service.max_quantity.max(1) as u64,
    )
}

/// Reads a quantity ([`typed_digits`]), within the service's limits.
pub fn parse_quantity(input: &str, min: u64, max: u64) -> Result<u64, QuantityError> {
    let digits = typed_digits(input).ok_or(QuantityError::NotANumber)?;
    // Digits only, so a parse failure can only mean "too many digits".
    let quantity = digits.parse::<u64>().map_err(|_| QuantityError::AboveMax(max))?;
    if quantity < min {
        Err(QuantityError::BelowMin(min))
    } else if quantity > max {
        Err(QuantityError::AboveMax(max))
    } else {
        Ok(quantity)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentsError {
    TooFew(u64),
    TooMany(u64),
    TooLong { line: usize },
}

/// Longest single comment accepted.
const MAX_COMMENT_CHARS: usize = 300;

/// Reads custom comments, one per line; blank lines are dropped. The count is the quantity.
pub fn parse_comments(input: &str, min: u64, max: u64) -> Result<(String, u64), CommentsError> {
    let lines: Vec<&str> = input.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if let Some(index) = lines.iter().position(|l| l.chars().count() > MAX_COMMENT_CHARS) {
        return Err(CommentsError::TooLong { line: index + 1 });
    }
    let count = lines.len() as u64;
    if count < min {
        Err(CommentsError::TooFew(min))
    } else if count > max {
        Err(CommentsError::TooMany(max))
    } else {
        Ok((lines.join("\n"), count))
    }
}

/// Poll answers are numbered from 1; no real poll has more than this many.
pub const MAX_POLL_ANSWER: u32 = 10;

/// Reads the number of the poll answer to vote for, in any digits.
pub fn parse_answer_number(input: &str) -> Option<u32> {
    typed_digits(input)?
        .parse()
        .ok()
        .filter(|n| (1..=MAX_POLL_ANSWER).contains(n))
}

/// Drip-feed limits: at least two runs (one run is an ordinary order), at most a day apart.
pub const MAX_RUNS: u32 = 100;
pub const MAX_INTERVAL_MINUTES: u32 = 1440;

/// Reads "runs interval" (e.g. `5 30`: five runs, thirty minutes apart), in any digits.
pub fn parse_dripfeed(input: &str) -> Option<DripFeed> {
    let mut numbers = input
        .split_whitespace()
        .map(|w| typed_digits(w).and_then(|digits| digits.parse::<u32>().ok()));
    let (Some(Some(runs)), Some(Some(interval_minutes)), None) =
        (numbers.next(), numbers.next(), numbers.next())
    else {
        return None;
    };
    ((2..=MAX_RUNS).contains(&runs) && (1..=MAX_INTERVAL_MINUTES).contains(&interval_minutes)).then_some(
        DripFeed {
            runs,
            interval_minutes,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_url_needs_a_real_web_address() {
        assert_eq!(
            check_link(LinkRule::AnyUrl, None, " https://instagram.com/p/abc "),
            Ok("https://instagram.com/p/abc".into())
        );
        assert_eq!(
            check_link(LinkRule::AnyUrl, None, "example.com/x"),
            Ok("https://example.com/x".into())
        );
        for bad in [
            "",
            "hello",
            "ftp://x.com/a",
            "https://localhost/x",
            "two words.com",
            "@chan",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                check_link(LinkRule::AnyUrl, None, bad),
                Err(LinkError::NotAUrl),
                "{bad}"
            );
        }
    }

    #[test]
    fn telegram_services_need_a_telegram_link() {
        assert_eq!(
            check_link(LinkRule::Telegram, None, "@durov"),
            Ok("https://t.me/durov".into())
        );
        assert_eq!(
            check_link(LinkRule::Telegram, None, "t.me/durov/42"),
            Ok("https://t.me/durov/42".into())
        );
        assert_eq!(
            check_link(LinkRule::Telegram, None, "https://telegram.me/channel"),
            Ok("https://telegram.me/channel".into())
        );
        assert_eq!(
            check_link(LinkRule::Telegram, None, "https://vk.com/x"),
            Err(LinkError::NotTelegram)
        );
        assert_eq!(
            check_link(LinkRule::Telegram, None, "https://t.me/"),
            Err(LinkError::NotTelegram)
        );
    }

    #[test]
    fn referral_links_point_into_the_services_bot_with_a_start_parameter() {
        let bot = Some("https://t.me/notpixel");
        assert!(
            check_link(
                LinkRule::Referral,
                bot,
                "https://t.me/notpixel/app?startapp=f396019363_s594995"
            )
            .is_ok()
        );
        assert!(check_link(LinkRule::Referral, bot, "https://t.me/NotPixel?start=ref1").is_ok());
        assert_eq!(
            check_link(LinkRule::Referral, bot, "https://t.me/notpixel/app"),
            Err(LinkError::NoStartParameter)
        );
        assert_eq!(
            check_link(LinkRule::Referral, bot, "https://t.me/notpixel/app?startapp="),
            Err(LinkError::NoStartParameter)
        );
        assert_eq!(
            check_link(LinkRule::Referral, bot, "https://t.me/hamster_bot?start=x"),
            Err(LinkError::WrongBot {
                expected: "@notpixel".into()
            })
        );
        assert_eq!(
            check_link(LinkRule::Referral, bot, "https://example.com/?start=x"),
            Err(LinkError::NotTelegram)
        );
        // Without a known bot any referral link into Telegram will do.
        assert!(check_link(LinkRule::Referral, None, "https://t.me/any_bot?start=1").is_ok());
    }

    #[test]
    fn quantities_are_digits_within_limits() {
        assert_eq!(parse_quantity(" 500 ", 100, 1000), Ok(500));
        assert_eq!(parse_quantity("100", 100, 1000), Ok(100));
        assert_eq!(parse_quantity("1000", 100, 1000), Ok(1000));
        assert_eq!(parse_quantity("99", 100, 1000), Err(QuantityError::BelowMin(100)));
        assert_eq!(
            parse_quantity("1001", 100, 1000),
            Err(QuantityError::AboveMax(1000))
        );
        assert_eq!(
            parse_quantity("99999999999999999999999", 1, 10),
            Err(QuantityError::AboveMax(10))
        );
        for bad in [
            "",
            "1e3",
            "-5",
            "5.0",
            "1.5",
            "10 00",
            "1 0000",
            "1,000.000",
            "1,,000",
            ",100",
            "100,",
            "пять",
            "+5",
            "۱a",
        ] {
            assert_eq!(
                parse_quantity(bad, 1, 10_000),
                Err(QuantityError::NotANumber),
                "{bad}"
            );
        }
    }

    #[test]
    fn quantities_are_read_as_people_type_them() {
        for typed in [
            "1000",
            "1 000",
            "1\u{a0}000",
            "1\u{2009}000",
            "1\u{202f}000",
            "1,000",
            "1.000",
            "1'000",
            " 1 000 ",
            "۱۰۰۰",
            "۱٬۰۰۰",
            "١٠٠٠",
            "١ ٠٠٠",
        ] {
            assert_eq!(parse_quantity(typed, 10, 100_000), Ok(1000), "{typed:?}");
        }
        assert_eq!(parse_quantity("1 000 000", 1, 10_000_000), Ok(1_000_000));
        assert_eq!(parse_quantity("۵", 10, 100), Err(QuantityError::BelowMin(10)));
        assert_eq!(parse_quantity("٥٠٠", 10, 100), Err(QuantityError::AboveMax(100)));
    }

    #[test]
    fn comments_are_counted_by_line() {
        assert_eq!(
            parse_comments("Great!\n\n  Nice post \nWow", 1, 10),
            Ok(("Great!\nNice post\nWow".into(), 3))
        );
        assert_eq!(parse_comments("one", 2, 10), Err(CommentsError::TooFew(2)));
        assert_eq!(parse_comments("a\nb\nc", 1, 2), Err(CommentsError::TooMany(2)));
        let long = format!("ok\n{}", "x".repeat(MAX_COMMENT_CHARS + 1));
        assert_eq!(
            parse_comments(&long, 1, 10),
            Err(CommentsError::TooLong { line: 2 })
        );
    }

    #[test]
    fn poll_answers_and_dripfeed_are_checked() {
        assert_eq!(parse_answer_number(" 2 "), Some(2));
        assert_eq!(parse_answer_number("۳"), Some(3));
        assert_eq!(parse_answer_number("٣"), Some(3));
        for bad in ["0", "11", "two", "-1", ""] {
            assert_eq!(parse_answer_number(bad), None, "{bad}");
        }
        assert_eq!(
            parse_dripfeed("5 30"),
            Some(DripFeed {
                runs: 5,
                interval_minutes: 30
            })
        );
        assert_eq!(
            parse_dripfeed("۵ ۳۰"),
            Some(DripFeed {
                runs: 5,
                interval_minutes: 30
            })
        );
        assert_eq!(parse_dripfeed("٥ 1,440").map(|d| d.interval_minutes), Some(1440));
        for bad in [
            "5", "1 30", "5 0", "5 30 1", "five 30", "101 10", "5 1441", "5.5 30",
        ] {
            assert_eq!(parse_dripfeed(bad), None, "{bad}");
        }
    }
}
