//! Moments as each language writes them. Always in UTC, said so: the shop cannot know the
//! reader's time zone.

use chrono::{DateTime, Datelike, Timelike};

use crate::i18n::Lang;
use crate::money::Notation;

const ENGLISH_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// In the genitive, as a day of the month takes it: «4 декабря».
const RUSSIAN_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const UZBEK_MONTHS: [&str; 12] = [
    "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avgust", "sentabr", "oktabr", "noyabr",
    "dekabr",
];
/// The Gregorian months by their Persian names: the dates are Gregorian in every language.
const PERSIAN_MONTHS: [&str; 12] = [
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
];

/// `unix` in `lang`, its digits in `notation`: `4 Dec 2026, 13:34 UTC`,
/// `4 декабря 2026, 13:34 UTC`, `4-dekabr 2026, 13:34 UTC`, `۴ دسامبر ۲۰۲۶، ساعت ۱۳:۳۴ UTC`.
pub(super) fn moment(lang: Lang, notation: Notation, unix: i64) -> String {
    let Some(at) = DateTime::from_timestamp(unix, 0) else {
        return String::new();
    };
    let (day, year) = (at.day(), at.year());
    let month = at.month0() as usize;
    let time = format!("{:02}:{:02}", at.hour(), at.minute());
    let text = match lang {
        Lang::En => format!("{day} {} {year}, {time} UTC", ENGLISH_MONTHS[month]),
        Lang::Ru => format!("{day} {} {year}, {time} UTC", RUSSIAN_MONTHS[month]),
        Lang::Uz => format!("{day}-{} {year}, {time} UTC", UZBEK_MONTHS[month]),
        Lang::Fa => format!("{day} {} {year}، ساعت {time} UTC", PERSIAN_MONTHS[month]),
    };
    notation.digits(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-04 13:34:56 UTC.
    const DECEMBER_4: i64 = 1_796_391_296;

    #[test]
    fn each_language_writes_its_own_date() {
        let cases = [
            (Lang::En, Notation::English, "4 Dec 2026, 13:34 UTC"),
            (Lang::Ru, Notation::Russian, "4 декабря 2026, 13:34 UTC"),
            (Lang::Uz, Notation::Uzbek, "4-dekabr 2026, 13:34 UTC"),
            (Lang::Fa, Notation::Persian, "۴ دسامبر ۲۰۲۶، ساعت ۱۳:۳۴ UTC"),
        ];
        for (lang, notation, expected) in cases {
            assert_eq!(moment(lang, notation, DECEMBER_4), expected);
        }
    }

    #[test]
    fn single_digit_hours_and_the_first_month() {
        // 2025-01-02 09:05 UTC.
        assert_eq!(
            moment(Lang::En, Notation::English, 1_735_808_700),
            "2 Jan 2025, 09:05 UTC"
        );
        assert_eq!(
            moment(Lang::Ru, Notation::Russian, 1_735_808_700),
            "2 января 2025, 09:05 UTC"
        );
        assert_eq!(moment(Lang::En, Notation::English, i64::MAX), "");
    }
}
