//! How people write amounts: digits, separators and the currency's sign, per written convention.
//! Money knows nothing of the bot's languages; the screens choose the notation for theirs.

use std::borrow::Cow;

use rust_decimal::Decimal;

/// A way of writing numbers and amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Notation {
    /// `$1,250.50`, `117.00 ₽`.
    English,
    /// `1 250,50 ₽` with a narrow no-break space between thousands.
    Russian,
    /// `1 250,50 soʻm` with a no-break space between thousands.
    Uzbek,
    /// `۱٬۲۵۰ تومان`: Persian digits and separators.
    Persian,
}

/// Where a currency's sign goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// `$5.00`.
    Before,
    /// `5,00 ₽`, with a no-break space between.
    After,
}

const PERSIAN_DIGITS: [char; 10] = ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'];
const ARABIC_INDIC_DIGITS: [char; 10] = ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];

impl Notation {
    fn group_separator(self) -> char {
        match self {
            Self::English => ',',
            Self::Russian => '\u{202F}',
            Self::Uzbek => '\u{a0}',
            Self::Persian => '٬',
        }
    }

    fn decimal_mark(self) -> char {
        match self {
            Self::English => '.',
            Self::Russian | Self::Uzbek => ',',
            Self::Persian => '٫',
        }
    }

    /// `text` with its ASCII digits in this notation's numerals.
    pub fn digits(self, text: &str) -> String {
        match self {
            Self::Persian => text
                .chars()
                .map(|c| c.to_digit(10).map_or(c, |d| PERSIAN_DIGITS[d as usize]))
                .collect(),
            _ => text.to_string(),
        }
    }

    /// `whole` (ASCII digits) with this notation's thousands separator.
    fn grouped(self, whole: &str) -> String {
        let mut grouped = String::with_capacity(whole.len() * 2);
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(self.group_separator());
            }
            grouped.push(digit);
        }
        grouped
    }

    /// `value` of currency `code` with the currency's sign, to as many places as `value` has.
    pub(super) fn amount(self, code: &str, value: Decimal) -> String {
        let sign = if value.is_sign_negative() { "-" } else { "" };
        let text = value.abs().to_string();
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut number = self.grouped(whole);
        if !frac.is_empty() {
            number.push(self.decimal_mark());
            number.push_str(frac);
        }
        let number = self.digits(&number);
        match currency_sign(code, self) {
            (symbol, Placement::Before) => format!("{sign}{symbol}{number}"),
            (symbol, Placement::After) => format!("{sign}{number}\u{a0}{symbol}"),
        }
    }
}

/// The sign a currency is known by in `notation`: a symbol or a word where there is a familiar
/// one, else its code.
fn currency_sign(code: &str, notation: Notation) -> (Cow<'static, str>, Placement) {
    use Notation::{English, Persian, Russian, Uzbek};
    use Placement::{After, Before};
    let sign: &'static str = match (code, notation) {
        ("USD", English) => return ("$".into(), Before),
        ("EUR", English) => return ("€".into(), Before),
        ("GBP", English) => return ("£".into(), Before),
        ("USD", Persian) => "دلار",
        ("EUR", Persian) => "یورو",
        ("RUB", Persian) => "روبل",
        ("UZS", Persian) => "سوم",
        ("IRT", Persian) => "تومان",
        ("IRR", Persian) => "ریال",
        ("USD", _) => "$",
        ("EUR", _) => "€",
        ("GBP", _) => "£",
        ("RUB", _) => "₽",
        ("UZS", English) => "so'm",
        ("UZS", Uzbek) => "soʻm",
        ("UZS", Russian) => "сум",
        ("IRT", Russian) => "туман",
        ("IRR", Russian) => "риал",
        ("IRT", _) => "toman",
        ("IRR", _) => "rial",
        ("XTR", _) => "⭐",
        _ => return (code.to_string().into(), After),
    };
    (sign.into(), After)
}

/// Every sign `code` may be written with, its code first, for reading amounts back.
pub(super) fn currency_signs(code: &str) -> Vec<Cow<'static, str>> {
    let mut signs: Vec<Cow<'static, str>> = vec![code.to_string().into()];
    for notation in [
        Notation::English,
        Notation::Russian,
        Notation::Uzbek,
        Notation::Persian,
    ] {
        let (sign, _) = currency_sign(code, notation);
        if !signs.contains(&sign) {
            signs.push(sign);
        }
    }
    signs
}

/// `text` with Persian and Arabic-Indic digits as ASCII ones, and the Persian decimal mark and
/// thousands separator as `.` and `,`.
pub fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| {
            let native = PERSIAN_DIGITS
                .iter()
                .chain(&ARABIC_INDIC_DIGITS)
                .position(|d| *d == c);
            match (native, c) {
                (Some(i), _) => char::from(b'0' + (i % 10) as u8),
                (None, '٫') => '.',
                (None, '٬') => ',',
                _ => c,
            }
        })
        .collect()
}

/// A typed amount with its digits alone: the sign of the currency, spaces and thousands
/// separators gone, the decimal mark a `.`. Of two kinds of mark the last one is the decimal
/// mark; a mark that repeats, or a lone comma before three digits (`1,250`), separates
/// thousands: no currency here has a third decimal place. `None` for thousands misgrouped.
pub(super) fn plain_amount(raw: &str, signs: &[Cow<'static, str>]) -> Option<String> {
    let mut text = ascii_digits(raw);
    text.retain(|c| !c.is_whitespace() && !matches!(c, '\u{202F}' | '\u{2068}' | '\u{2069}'));
    for sign in signs {
        let lower = text.to_lowercase();
        let sign = sign.to_lowercase();
        if let Some(rest) = lower.strip_prefix(&sign) {
            text = rest.to_string();
        } else if let Some(rest) = lower.strip_suffix(&sign) {
            text = rest.to_string();
        }
    }
    let marks: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| matches!(c, '.' | ','))
        .collect();
    let Some(&(last_at, last)) = marks.last() else {
        return Some(text);
    };
    let mixed = marks.iter().any(|(_, c)| *c != last);
    let lone_mark = marks.len() == 1 && (last == '.' || text.len() - last_at - 1 != 3);
    let decimal_at = (mixed || lone_mark).then_some(last_at);
    let (whole, fraction) = match decimal_at {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text.as_str(), ""),
    };
    let thousands = marks[0].1;
    let mut groups = whole.split(thousands);
    let first = groups.next().unwrap_or_default();
    let grouped_well =
        (1..=3).contains(&first.trim_start_matches(['-', '+']).len()) && groups.all(|group| group.len() == 3);
    if whole.contains(thousands) && !grouped_well {
        return None;
    }
    let whole = whole.replace(thousands, "");
    Some(if decimal_at.is_some() {
        format!("{whole}.{fraction}")
    } else {
        whole
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn format(code: &str, minor: i64, notation: Notation) -> String {
        Currency::parse(code).unwrap().format_in(minor, notation)
    }

    #[test]
    fn english_amounts() {
        assert_eq!(format("USD", 125_050, Notation::English), "$1,250.50");
        assert_eq!(format("USD", -5, Notation::English), "-$0.05");
        assert_eq!(format("EUR", 100, Notation::English), "€1.00");
        assert_eq!(format("RUB", 11_700, Notation::English), "117.00\u{a0}₽");
        assert_eq!(format("UZS", 125_050, Notation::English), "1,250.50\u{a0}so'm");
        assert_eq!(
            format("IRT", 1_000_000, Notation::English),
            "1,000,000\u{a0}toman"
        );
        assert_eq!(format("USDT", 150, Notation::English), "1.50\u{a0}USDT");
        assert_eq!(
            format("RUB", 123_456_789_012, Notation::English),
            "1,234,567,890.12\u{a0}₽"
        );
    }

    #[test]
    fn russian_amounts() {
        assert_eq!(format("RUB", 11_700, Notation::Russian), "117,00\u{a0}₽");
        assert_eq!(
            format("RUB", 125_050, Notation::Russian),
            "1\u{202F}250,50\u{a0}₽"
        );
        assert_eq!(
            format("RUB", -125_050, Notation::Russian),
            "-1\u{202F}250,50\u{a0}₽"
        );
        assert_eq!(format("USD", 1250, Notation::Russian), "12,50\u{a0}$");
        assert_eq!(format("TON", 0, Notation::Russian), "0,00\u{a0}TON");
    }

    #[test]
    fn uzbek_amounts() {
        assert_eq!(format("UZS", 125_050, Notation::Uzbek), "1\u{a0}250,50\u{a0}soʻm");
        assert_eq!(format("USD", 999, Notation::Uzbek), "9,99\u{a0}$");
    }

    #[test]
    fn persian_amounts() {
        assert_eq!(
            format("IRT", 1_250_000, Notation::Persian),
            "۱٬۲۵۰٬۰۰۰\u{a0}تومان"
        );
        assert_eq!(format("IRR", 5, Notation::Persian), "۵\u{a0}ریال");
        assert_eq!(format("USD", 125_050, Notation::Persian), "۱٬۲۵۰٫۵۰\u{a0}دلار");
        assert_eq!(format("IRT", -90, Notation::Persian), "-۹۰\u{a0}تومان");
    }

    #[test]
    fn rates_keep_their_places_without_trailing_zeros() {
        let rub = Currency::parse("RUB").unwrap();
        let rate = |text: &str| text.parse::<Decimal>().unwrap();
        assert_eq!(rub.format_rate_in(rate("1.50"), Notation::Russian), "1,5\u{a0}₽");
        assert_eq!(
            rub.format_rate_in(rate("0.0216"), Notation::English),
            "0.0216\u{a0}₽"
        );
        assert_eq!(
            rub.format_rate_in(rate("1500"), Notation::Persian),
            "۱٬۵۰۰\u{a0}روبل"
        );
    }

    #[test]
    fn what_is_printed_is_read_back() {
        for code in ["USD", "RUB", "UZS", "IRT", "EUR", "USDT"] {
            let currency = Currency::parse(code).unwrap();
            for minor in [0, 5, 100, 125_050, 1_000_000, 123_456_789] {
                for notation in [
                    Notation::English,
                    Notation::Russian,
                    Notation::Uzbek,
                    Notation::Persian,
                ] {
                    let printed = currency.format_in(minor, notation);
                    assert_eq!(currency.parse_amount(&printed), Some(minor), "{printed}");
                }
            }
        }
    }

    #[test]
    fn plain_forms_are_read_too() {
        let rub = Currency::parse("RUB").unwrap();
        for (typed, minor) in [
            ("1 250,50", 125_050),
            ("1250.50", 125_050),
            ("1,250.50", 125_050),
            ("1.250,50", 125_050),
            ("1,250", 125_000),
            ("1 000 000", 100_000_000),
            ("12,5", 1250),
            ("۱۲۵۰٫۵", 125_050),
            ("١٢٥٠", 125_000),
            ("150 ₽", 15_000),
            ("150 rub", 15_000),
        ] {
            assert_eq!(rub.parse_amount(typed), Some(minor), "{typed}");
        }
        for junk in ["", "1e3", "-5", "1.2.3,4,5", "12,345,67", "ten", "$"] {
            assert_eq!(rub.parse_amount(junk), None, "{junk:?}");
        }
    }
}
