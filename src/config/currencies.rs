//! What the shop may sell in (`SHOP_CURRENCY`): a typo would otherwise go unnoticed until the
//! prices look wrong.

use super::ConfigError;
use crate::money::Currency;

/// The active ISO 4217 codes, and `IRT` for the toman, which has no ISO code of its own. A
/// five-letter word such as `RUBLE` is not a currency, though it parses like one.
const SHOP_CURRENCIES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD",
    "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
    "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP",
    "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
    "IQD", "IRR", "IRT", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD",
    "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU",
    "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK",
    "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF",
    "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

/// `SHOP_CURRENCY`: a currency code the shop can price in (`Toman` reads as `IRT`).
pub(super) fn shop_currency(raw: &str) -> Result<Currency, ConfigError> {
    let refuse = || {
        ConfigError::new(
            "SHOP_CURRENCY",
            format!(
                "is {raw:?}, which is not a currency; use an ISO 4217 code such as RUB, USD, EUR or UZS \
                 (IRT or Toman for the Iranian toman)"
            ),
        )
    };
    let currency = Currency::parse(raw).map_err(|_| refuse())?;
    if SHOP_CURRENCIES.contains(&currency.code()) {
        Ok(currency)
    } else {
        Err(refuse())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shop_currencies_are_real_ones() {
        for ok in ["RUB", "usd", "UZS", "Toman", "IRT", "EUR", "JPY"] {
            assert!(shop_currency(ok).is_ok(), "{ok}");
        }
        for wrong in ["RUBLE", "DOLLAR", "ABC", "USDT", "rubles!", ""] {
            let err = shop_currency(wrong).expect_err(wrong);
            assert_eq!(err.var, "SHOP_CURRENCY");
            assert!(err.problem.contains("ISO 4217"), "{err}");
        }
        assert!(
            SHOP_CURRENCIES.windows(2).all(|w| w[0] < w[1]),
            "sorted, no repeats"
        );
    }
}
