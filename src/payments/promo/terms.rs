//! Reading an admin's `/promo` command: `new CODE credit 100 | discount 10%` with optional
//! `uses N`, `until YYYY-MM-DD`, `new-customers-only` and `below-cost`; `list`; `off CODE`.
//! Each wrong word gets its own error, naming it.

use chrono::NaiveDate;

use crate::money::Currency;

/// Codes are this long at most, in letters, digits, `-` and `_`.
const CODE_MAX_CHARS: usize = 32;
const CODE_MIN_CHARS: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub enum PromoCommand {
    New(NewPromo),
    List,
    Off { code: String },
}

/// What a code gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reward {
    /// Money onto the balance, once per customer.
    Credit { amount_minor: i64 },
    /// Percent off the customer's next order.
    Discount { percent: i64 },
}

impl Reward {
    pub fn kind(self) -> &'static str {
        match self {
            Self::Credit { .. } => "credit",
            Self::Discount { .. } => "discount",
        }
    }

    pub fn value(self) -> i64 {
        match self {
            Self::Credit { amount_minor } => amount_minor,
            Self::Discount { percent } => percent,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewPromo {
    /// Upper-case: codes are matched without regard to case.
    pub code: String,
    pub reward: Reward,
    pub max_uses: Option<i64>,
    /// The last day the code works (UTC).
    pub until: Option<NaiveDate>,
    pub new_customers_only: bool,
    /// A discount may sell below cost.
    pub below_cost: bool,
}

/// What is wrong with the command, naming the word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermsError {
    /// No subcommand, or one not known.
    Usage,
    MissingCode,
    BadCode(String),
    /// Neither `credit` nor `discount`.
    BadKind(String),
    MissingValue,
    BadAmount(String),
    BadPercent(String),
    MissingUses,
    BadUses(String),
    MissingDate,
    BadDate(String),
    /// `below-cost` only means something for a discount.
    BelowCostOnCredit,
    Repeated(String),
    UnknownWord(String),
}

pub fn parse(args: &str, currency: &Currency) -> Result<PromoCommand, TermsError> {
    let mut words = args.split_whitespace();
    match words.next().map(str::to_ascii_lowercase).as_deref() {
        Some("list") => Ok(PromoCommand::List),
        Some("off") => Ok(PromoCommand::Off {
            code: code(words.next())?,
        }),
        Some("new") => parse_new(words, currency).map(PromoCommand::New),
        _ => Err(TermsError::Usage),
    }
}

/// A code as stored: checked and upper-cased.
pub fn code(word: Option<&str>) -> Result<String, TermsError> {
    let word = word.ok_or(TermsError::MissingCode)?;
    let fits = (CODE_MIN_CHARS..=CODE_MAX_CHARS).contains(&word.chars().count())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if fits {
        Ok(word.to_ascii_uppercase())
    } else {
        Err(TermsError::BadCode(word.to_string()))
    }
}

fn parse_new<'a>(
    mut words: impl Iterator<Item = &'a str>,
    currency: &Currency,
) -> Result<NewPromo, TermsError> {
    let code = code(words.next())?;
    let kind = words.next().ok_or(TermsError::BadKind(String::new()))?;
    let value = words.next();
    let reward = match kind.to_ascii_lowercase().as_str() {
        "credit" => {
            let value = value.ok_or(TermsError::MissingValue)?;
            let amount_minor = currency
                .parse_amount(value)
                .filter(|a| *a > 0)
                .ok_or_else(|| TermsError::BadAmount(value.to_string()))?;
            Reward::Credit { amount_minor }
        }
        "discount" => {
            let value = value.ok_or(TermsError::MissingValue)?;
            let percent = value
                .strip_suffix('%')
                .unwrap_or(value)
                .parse::<i64>()
                .ok()
                .filter(|p| (1..=100).contains(p))
                .ok_or_else(|| TermsError::BadPercent(value.to_string()))?;
            Reward::Discount { percent }
        }
        _ => return Err(TermsError::BadKind(kind.to_string())),
    };
    let mut promo = NewPromo {
        code,
        reward,
        max_uses: None,
        until: None,
        new_customers_only: false,
        below_cost: false,
    };
    let mut seen: Vec<String> = Vec::new();
    while let Some(word) = words.next() {
        let option = word.to_ascii_lowercase();
        if seen.contains(&option) {
            return Err(TermsError::Repeated(word.to_string()));
        }
        match option.as_str() {
            "uses" => {
                let n = words.next().ok_or(TermsError::MissingUses)?;
                let uses = n
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| TermsError::BadUses(n.to_string()))?;
                promo.max_uses = Some(uses);
            }
            "until" => {
                let date = words.next().ok_or(TermsError::MissingDate)?;
                let day = NaiveDate::parse_from_str(date, "%Y-%m-%d")
                    .map_err(|_| TermsError::BadDate(date.to_string()))?;
                promo.until = Some(day);
            }
            "new-customers-only" => promo.new_customers_only = true,
            "below-cost" if matches!(reward, Reward::Credit { .. }) => {
                return Err(TermsError::BelowCostOnCredit);
            }
            "below-cost" => promo.below_cost = true,
            _ => return Err(TermsError::UnknownWord(word.to_string())),
        }
        seen.push(option);
    }
    Ok(promo)
}

/// The first moment the code no longer works: the start of the day after `until`, UTC.
pub fn valid_until(until: NaiveDate) -> Option<i64> {
    Some(until.succ_opt()?.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rub() -> Currency {
        Currency::parse("RUB").unwrap()
    }

    fn new(args: &str) -> Result<NewPromo, TermsError> {
        match parse(args, &rub())? {
            PromoCommand::New(promo) => Ok(promo),
            other => panic!("not a new code: {other:?}"),
        }
    }

    #[test]
    fn a_credit_code_with_every_option() {
        let promo = new("new spring25 credit 100 uses 50 until 2027-03-31 new-customers-only").unwrap();
        assert_eq!(
            promo,
            NewPromo {
                code: "SPRING25".into(),
                reward: Reward::Credit { amount_minor: 10_000 },
                max_uses: Some(50),
                until: NaiveDate::from_ymd_opt(2027, 3, 31),
                new_customers_only: true,
                below_cost: false,
            }
        );
        assert_eq!(
            valid_until(promo.until.unwrap()),
            Some(1_806_537_600),
            "the code works through the whole last day"
        );
    }

    #[test]
    fn a_discount_code_with_or_without_the_percent_sign() {
        assert_eq!(
            new("new SALE discount 10%").unwrap().reward,
            Reward::Discount { percent: 10 }
        );
        let below = new("NEW Sale DISCOUNT 15 below-cost").unwrap();
        assert_eq!(below.reward, Reward::Discount { percent: 15 });
        assert!(below.below_cost);
        assert_eq!(below.max_uses, None);
    }

    #[test]
    fn list_and_off() {
        assert_eq!(parse("list", &rub()), Ok(PromoCommand::List));
        assert_eq!(
            parse("off spring25", &rub()),
            Ok(PromoCommand::Off {
                code: "SPRING25".into()
            })
        );
        assert_eq!(parse("off", &rub()), Err(TermsError::MissingCode));
    }

    #[test]
    fn each_bad_word_gets_its_own_error() {
        let cases = [
            ("", TermsError::Usage),
            ("make X credit 1", TermsError::Usage),
            ("new", TermsError::MissingCode),
            ("new ab credit 1", TermsError::BadCode("ab".into())),
            ("new bad!code credit 1", TermsError::BadCode("bad!code".into())),
            ("new CODE gift 1", TermsError::BadKind("gift".into())),
            ("new CODE", TermsError::BadKind(String::new())),
            ("new CODE credit", TermsError::MissingValue),
            ("new CODE credit -5", TermsError::BadAmount("-5".into())),
            ("new CODE credit 0", TermsError::BadAmount("0".into())),
            ("new CODE credit 1.001", TermsError::BadAmount("1.001".into())),
            ("new CODE discount 0%", TermsError::BadPercent("0%".into())),
            ("new CODE discount 101%", TermsError::BadPercent("101%".into())),
            ("new CODE discount ten", TermsError::BadPercent("ten".into())),
            ("new CODE credit 5 uses", TermsError::MissingUses),
            ("new CODE credit 5 uses 0", TermsError::BadUses("0".into())),
            ("new CODE credit 5 uses many", TermsError::BadUses("many".into())),
            ("new CODE credit 5 until", TermsError::MissingDate),
            (
                "new CODE credit 5 until 31.03.2027",
                TermsError::BadDate("31.03.2027".into()),
            ),
            (
                "new CODE credit 5 until 2027-02-30",
                TermsError::BadDate("2027-02-30".into()),
            ),
            ("new CODE credit 5 below-cost", TermsError::BelowCostOnCredit),
            (
                "new CODE credit 5 uses 1 uses 2",
                TermsError::Repeated("uses".into()),
            ),
            (
                "new CODE credit 5 forever",
                TermsError::UnknownWord("forever".into()),
            ),
        ];
        for (args, error) in cases {
            assert_eq!(parse(args, &rub()), Err(error), "{args}");
        }
    }
}
