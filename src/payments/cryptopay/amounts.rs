//! How much a crypto top-up may be, in the shop currency: offered amounts and typed limits in
//! round numbers of each currency Crypto Pay invoices in.

use crate::money::Currency;

/// Roughly one US dollar in each currency, rounded to a number a person would type.
fn dollar(code: &str) -> i64 {
    match code {
        "RUB" => 100,
        "UAH" | "TRY" => 40,
        "KZT" => 500,
        "UZS" => 10_000,
        "AMD" => 400,
        "THB" => 35,
        "INR" => 80,
        "IDR" => 15_000,
        "CNY" => 7,
        "BRL" => 5,
        "BYN" | "GEL" => 3,
        "AED" | "PLN" | "ILS" => 4,
        "AZN" => 2,
        _ => 1,
    }
}

/// The offered amounts (in dollars): what a shop's customers top up most.
const PRESET_DOLLARS: [i64; 4] = [5, 10, 25, 50];
/// The smallest and the largest top-up (in dollars).
const MIN_DOLLARS: i64 = 1;
const MAX_DOLLARS: i64 = 1000;

fn in_minor(currency: &Currency, dollars: i64) -> i64 {
    dollars * dollar(currency.code()) * 10i64.pow(currency.exponent())
}

/// The amounts offered as buttons, in minor units.
pub fn presets(currency: &Currency) -> Vec<i64> {
    PRESET_DOLLARS.iter().map(|d| in_minor(currency, *d)).collect()
}

/// The smallest and largest top-up, in minor units.
pub fn limits(currency: &Currency) -> (i64, i64) {
    (in_minor(currency, MIN_DOLLARS), in_minor(currency, MAX_DOLLARS))
}

/// Why an amount is not a top-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    NotAnAmount,
    BelowMin,
    AboveMax,
}

/// An amount as the customer typed it (`15`, `12.50`, `12,5`).
pub fn parse(currency: &Currency, text: &str) -> Result<i64, AmountError> {
    let minor = currency.parse_amount(text).ok_or(AmountError::NotAnAmount)?;
    check(currency, minor)
}

/// Whether `minor` is within [`limits`].
pub fn check(currency: &Currency, minor: i64) -> Result<i64, AmountError> {
    let (min, max) = limits(currency);
    if minor < min {
        Err(AmountError::BelowMin)
    } else if minor > max {
        Err(AmountError::AboveMax)
    } else {
        Ok(minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_round_in_each_currency_and_checked() {
        let usd = Currency::parse("USD").unwrap();
        assert_eq!(presets(&usd), [500, 1000, 2500, 5000]);
        assert_eq!(limits(&usd), (100, 100_000));
        let rub = Currency::parse("RUB").unwrap();
        assert_eq!(presets(&rub)[0], 50_000);
        assert_eq!(parse(&usd, " 12,5 "), Ok(1250));
        assert_eq!(parse(&usd, "0.99"), Err(AmountError::BelowMin));
        assert_eq!(parse(&usd, "1000.01"), Err(AmountError::AboveMax));
        for junk in ["", "ten", "-5", "1.001", "1e3"] {
            assert_eq!(parse(&usd, junk), Err(AmountError::NotAnAmount), "{junk}");
        }
        for code in crate::config::CRYPTOPAY_FIATS {
            let currency = Currency::parse(code).unwrap();
            assert!(
                presets(&currency).iter().all(|p| check(&currency, *p).is_ok()),
                "{code}"
            );
        }
    }
}
