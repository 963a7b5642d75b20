//! Money: integer minor units of a currency for storage, `Decimal` for arithmetic, never floats.

mod notation;

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

pub use notation::{Notation, ascii_digits};

/// A currency code and how many decimal places its minor unit has.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Currency {
    code: String,
    exponent: u32,
}

/// Currencies whose smallest practical unit is the whole unit. Everything else uses cents.
/// Toman has no ISO code; `IRT` is the customary one, and it is never the same as `IRR`.
const ZERO_DECIMAL: &[&str] = &["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XTR", "IRR", "IRT"];

impl Currency {
    /// Accepts a 3–5 letter code, case-insensitively; `Toman` is stored as `IRT`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.trim().to_ascii_uppercase();
        let code = if code == "TOMAN" { "IRT".to_string() } else { code };
        if !(3..=5).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(format!(
                "is {raw:?}; expected a currency code such as RUB, USD or UZS"
            ));
        }
        let exponent = if ZERO_DECIMAL.contains(&code.as_str()) {
            0
        } else {
            2
        };
        Ok(Self { code, exponent })
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn exponent(&self) -> u32 {
        self.exponent
    }

    /// Converts minor units to a decimal amount in this currency.
    pub fn to_decimal(&self, minor: i64) -> Decimal {
        Decimal::new(minor, self.exponent)
    }

    /// The smallest number of minor units that is at least `amount` (prices round up).
    pub fn round_up(&self, amount: Decimal) -> Option<i64> {
        self.to_minor(amount, RoundingStrategy::ToPositiveInfinity)
    }

    /// The largest number of minor units that is at most `amount` (refunds round down).
    pub fn round_down(&self, amount: Decimal) -> Option<i64> {
        self.to_minor(amount, RoundingStrategy::ToNegativeInfinity)
    }

    fn to_minor(&self, amount: Decimal, strategy: RoundingStrategy) -> Option<i64> {
        let scaled = amount.checked_mul(Decimal::from(10i64.pow(self.exponent)))?;
        i64::try_from(scaled.round_dp_with_strategy(0, strategy)).ok()
    }

    /// An amount as the people reading `notation` write it: `$1,250.50`, `1 250,50 ₽`.
    pub fn format_in(&self, minor: i64, notation: Notation) -> String {
        notation.amount(&self.code, self.to_decimal(minor))
    }

    /// A price or rate that may be finer than the minor unit, as `notation` writes it, without
    /// trailing zeros: `1,5 ₽` a star.
    pub fn format_rate_in(&self, rate: Decimal, notation: Notation) -> String {
        notation.amount(&self.code, rate.normalize())
    }

    /// The plain form, for logs and reasons stored in the database: `1250.50 RUB`.
    pub fn format(&self, minor: i64) -> String {
        format!("{} {}", self.to_decimal(minor), self.code)
    }

    /// Parses an amount typed by a person (`150`, `99,50`, `1 250.50`, `۱۵۰`, or anything
    /// [`Currency::format_in`] printed) into minor units. Amounts with more precision than the
    /// currency has are refused rather than rounded.
    pub fn parse_amount(&self, raw: &str) -> Option<i64> {
        let plain = notation::plain_amount(raw, &notation::currency_signs(&self.code))?;
        let amount = parse_decimal(&plain).filter(|a| !a.is_sign_negative())?;
        if amount.scale() > self.exponent {
            return None;
        }
        self.round_down(amount)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// Reads a number typed by a person: `150`, `99.5`, `99,50`, `-5`, `۹۹٫۵`. No exponents, no
/// spaces or thousands separators inside.
pub fn parse_decimal(raw: &str) -> Option<Decimal> {
    let text = ascii_digits(raw.trim()).replace(',', ".");
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(&text);
    if unsigned.is_empty() || !unsigned.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    text.parse().ok()
}

/// Our selling price for what costs us `cost` (already in `currency`): cost × (1 + markup%),
/// rounded up to the minor unit.
pub fn sell_price(cost: Decimal, markup_percent: Decimal, currency: &Currency) -> Option<i64> {
    let factor = Decimal::ONE + markup_percent / Decimal::ONE_HUNDRED;
    currency.round_up(cost.checked_mul(factor)?)
}

/// What an order of `quantity` items costs at `price_minor` per `unit_items` items, rounded up.
pub fn order_charge(price_minor: i64, unit_items: u32, quantity: u64) -> Option<i64> {
    let total = i128::from(price_minor).checked_mul(i128::from(quantity))?;
    let unit = i128::from(unit_items.max(1));
    i64::try_from((total + unit - 1).div_euclid(unit)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn rub() -> Currency {
        Currency::parse("rub").unwrap()
    }

    #[test]
    fn currency_codes() {
        assert_eq!(rub().code(), "RUB");
        assert_eq!(rub().exponent(), 2);
        assert_eq!(Currency::parse("Toman").unwrap().code(), "IRT");
        assert_eq!(Currency::parse("IRT").unwrap().exponent(), 0);
        assert!(Currency::parse("ru").is_err());
        assert!(Currency::parse("R1B").is_err());
    }

    #[test]
    fn prices_round_up_and_refunds_round_down() {
        let c = rub();
        assert_eq!(c.round_up(dec("1.001")), Some(101));
        assert_eq!(c.round_up(dec("1.00")), Some(100));
        assert_eq!(c.round_down(dec("1.009")), Some(100));
        // 0.9 per 1000 with 30 % markup is 1.17 exactly; 0.91 becomes 1.183 and rounds up to 1.19.
        assert_eq!(sell_price(dec("0.9"), dec("30"), &c), Some(117));
        assert_eq!(sell_price(dec("0.91"), dec("30"), &c), Some(119));
        assert_eq!(sell_price(dec("0.0000001"), dec("0"), &c), Some(1));
        let toman = Currency::parse("IRT").unwrap();
        assert_eq!(sell_price(dec("8000"), dec("12.5"), &toman), Some(9000));
        assert_eq!(sell_price(dec("8001"), dec("12.5"), &toman), Some(9002));
    }

    #[test]
    fn order_charges_round_up_to_the_minor_unit() {
        assert_eq!(order_charge(117, 1000, 1000), Some(117));
        assert_eq!(order_charge(117, 1000, 10), Some(2)); // 1.17 kopecks → 2
        assert_eq!(order_charge(960, 1, 3), Some(2880));
        assert_eq!(order_charge(i64::MAX, 1, 2), None);
    }

    #[test]
    fn amounts_format_and_parse() {
        let c = rub();
        assert_eq!(c.format(125050), "1250.50 RUB");
        assert_eq!(c.format(-5), "-0.05 RUB");
        assert_eq!(c.format(100), "1.00 RUB");
        assert_eq!(Currency::parse("IRT").unwrap().format(1_000_000), "1000000 IRT");
        assert_eq!(c.parse_amount("150"), Some(15000));
        assert_eq!(c.parse_amount("99,5"), Some(9950));
        assert_eq!(c.parse_amount("1.234"), None);
        assert_eq!(c.parse_amount("-5"), None);
        assert_eq!(c.parse_amount("1e3"), None);
    }

    #[test]
    fn typed_numbers_parse_with_a_sign_and_either_decimal_mark() {
        assert_eq!(parse_decimal("12,5"), Some(dec("12.5")));
        assert_eq!(parse_decimal(" -5 "), Some(dec("-5")));
        assert_eq!(parse_decimal("+0.25"), Some(dec("0.25")));
        assert_eq!(parse_decimal("۱۲٫۵"), Some(dec("12.5")));
        for junk in ["", "-", "1e3", "1 000", "ten", "5%", "--5", "1.2.3"] {
            assert_eq!(parse_decimal(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn negative_markups_lower_the_price_and_still_round_up() {
        let c = rub();
        assert_eq!(sell_price(dec("100"), dec("-10"), &c), Some(9000));
        assert_eq!(sell_price(dec("0.333"), dec("-50"), &c), Some(17)); // 0.1665 → 0.17
    }
}
