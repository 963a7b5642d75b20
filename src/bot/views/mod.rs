//! Screens: pure functions from data to text and buttons, one file per area; this file holds
//! what several areas share. Everything from providers or customers goes in through
//! [`html_field`]: shortened to its room, then escaped for Telegram's HTML, so that no screen or
//! notice exceeds Telegram's 4,096 characters.

pub mod account;
pub mod admin;
pub mod api;
pub mod catalogue;
pub mod channel;
pub mod menu;
pub mod moderation;
mod moments;
pub mod notices;
pub mod ordering;
pub mod orders;
pub mod pricing;
pub mod promo;
pub mod referrals;
pub mod reports;
pub mod support;
pub mod topup;

use std::borrow::Cow;

use rust_decimal::Decimal;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use teloxide::utils::html::escape;

use super::callback::CallbackData;
use super::{Screen, Tr};
use crate::catalogue::shorten;
use crate::db::catalogue::Service;
use crate::db::ledger::LedgerEntry;
use crate::i18n::Lang;
use crate::money::{Currency, Notation};
use crate::vocabulary::{OrderExtras, OrderState};

impl Tr {
    /// How the reader's language writes numbers and amounts.
    pub fn notation(&self) -> Notation {
        match self.lang {
            Lang::En => Notation::English,
            Lang::Ru => Notation::Russian,
            Lang::Uz => Notation::Uzbek,
            Lang::Fa => Notation::Persian,
        }
    }

    /// An amount as the reader writes it: `$1,250.50`, `1 250,50 ₽`, `۱٬۲۵۰ تومان`.
    pub fn money(&self, currency: &Currency, minor: i64) -> String {
        currency.format_in(minor, self.notation())
    }

    /// A moment in the reader's language: `4 Dec 2026, 13:34 UTC`, `4 декабря 2026, 13:34 UTC`.
    pub fn moment(&self, unix: i64) -> String {
        moments::moment(self.lang, self.notation(), unix)
    }
}

/// Items per page in every list.
pub const PAGE_SIZE: i64 = 8;
/// Longest name on a button before it is cut: a phone shows about this much.
const BUTTON_NAME_UNITS: usize = 40;

/// Room in a message for each kind of outside text, in the units of [`shorten`]. With the longest
/// template around them, every screen and notice stays well under Telegram's 4,096 (the tests
/// render each one with every field at its limit, in every language). Catalogue text is capped
/// when it is synced; the same caps here also hold operators' overrides and older rows.
pub(crate) const SERVICE_NAME_UNITS: usize = crate::catalogue::SERVICE_NAME_UNITS;
pub(crate) const CATEGORY_UNITS: usize = crate::catalogue::CATEGORY_UNITS;
pub(crate) const DESCRIPTION_UNITS: usize = crate::catalogue::DESCRIPTION_UNITS;
/// Links: customers' links are refused beyond 512 bytes, so this only holds older rows.
pub(crate) const LINK_UNITS: usize = 512;
/// Anything else from outside: a provider's own words (a status, an error message), a name
/// (a provider's, a person's), an id someone typed.
pub(crate) const WORDS_UNITS: usize = 500;

/// Outside text for an HTML message: shortened to `max_units` first, so that the cut never lands
/// inside an entity or a tag, then escaped.
pub(crate) fn html_field(text: &str, max_units: usize) -> String {
    escape(&shorten(text, max_units))
}

pub(crate) fn button(label: impl Into<String>, data: CallbackData) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(label, data.encode())
}

fn menu_row(tr: &Tr) -> Vec<InlineKeyboardButton> {
    vec![button(tr.t("btn-menu"), CallbackData::Menu)]
}

fn cancel_row(tr: &Tr) -> Vec<InlineKeyboardButton> {
    vec![button(tr.t("btn-cancel"), CallbackData::Abort)]
}

pub(crate) fn screen(text: String, rows: Vec<Vec<InlineKeyboardButton>>) -> Screen {
    Screen {
        text,
        keyboard: InlineKeyboardMarkup::new(rows),
    }
}

/// A question waiting for typed input, with a way out to the menu.
fn question(tr: &Tr, text: String) -> Screen {
    screen(text, vec![vec![button(tr.t("btn-cancel"), CallbackData::Menu)]])
}

/// A text with the menu button under it.
fn with_menu(tr: &Tr, text: String) -> Screen {
    screen(text, vec![menu_row(tr)])
}

/// A short error and the same step's buttons again, so the customer can simply try again.
pub fn input_error(tr: &Tr, text: String) -> Screen {
    screen(text, vec![cancel_row(tr)])
}

/// Previous/next buttons for page `page` of `total` items, when there is more than one page.
fn pager(page: u32, total: i64, to: impl Fn(u32) -> CallbackData) -> Option<Vec<InlineKeyboardButton>> {
    let pages = pages(total);
    if pages <= 1 {
        return None;
    }
    let mut row = Vec::new();
    if page > 0 {
        row.push(button("◀️", to(page - 1)));
    }
    row.push(button(format!("{}/{pages}", page + 1), to(page)));
    if i64::from(page) + 1 < pages {
        row.push(button("▶️", to(page + 1)));
    }
    Some(row)
}

fn pages(total: i64) -> i64 {
    (total + PAGE_SIZE - 1) / PAGE_SIZE
}

/// The offset of page `page`, clamped to the last page so that a stale pager still shows a list.
pub fn page_offset(page: u32, total: i64) -> (u32, i64) {
    let last = (pages(total) - 1).max(0);
    let page = i64::from(page).min(last);
    (page as u32, page * PAGE_SIZE)
}

/// A name as it fits on a button; buttons are plain text, so it is not escaped.
fn button_name(name: &str) -> Cow<'_, str> {
    shorten(name, BUTTON_NAME_UNITS)
}

/// "1.80 RUB / 1000" for a service on sale; for one priced per item or bought a few at a time
/// (custom comments, at most 999 in an order) what one item costs, "1.81 RUB per comment": a
/// price per 1000 would be for more than anyone can order.
pub(crate) fn unit_price(tr: &Tr, currency: &Currency, service: &Service) -> String {
    use crate::vocabulary::ServiceKind;
    let price = service.sale_price().unwrap_or_default();
    let comments = service.kind() == ServiceKind::CustomComments;
    if comments || service.max_quantity < 1000 || service.unit_items == 1 {
        let unit = u32::try_from(service.unit_items).unwrap_or(u32::MAX);
        let each = crate::money::order_charge(price, unit, 1).unwrap_or(price);
        let kind = if comments { "comments" } else { "other" };
        return tr.f(
            "price-per-item",
            &[("price", tr.money(currency, each).into()), ("kind", kind.into())],
        );
    }
    tr.f(
        "price-per-unit",
        &[
            ("price", tr.money(currency, price).into()),
            ("unit", service.unit_items.into()),
        ],
    )
}

/// Decimals as people write them: `25`, not `25.00`.
fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// `12.5 USD`, or the bare amount when the currency is not known.
fn with_currency(amount: &str, currency: Option<&str>) -> String {
    match currency {
        Some(code) => format!("{amount} {code}"),
        None => amount.to_string(),
    }
}

/// Lines describing an order's type-specific parameters, for confirmation and details.
fn extras_lines(tr: &Tr, quantity: i64, extras: &OrderExtras) -> String {
    let mut lines = String::new();
    if let Some(comments) = &extras.comments {
        lines.push('\n');
        lines.push_str(&tr.f(
            "order-comments",
            &[("count", (comments.lines().count() as i64).into())],
        ));
    }
    if let Some(answer) = extras.answer_number {
        lines.push('\n');
        lines.push_str(&tr.f("order-poll-answer", &[("answer", i64::from(answer).into())]));
    }
    if let Some(drip) = extras.dripfeed {
        lines.push('\n');
        lines.push_str(&tr.f(
            "order-dripfeed",
            &[
                ("runs", i64::from(drip.runs).into()),
                ("quantity", quantity.into()),
                ("interval", i64::from(drip.interval_minutes).into()),
                ("total", (quantity * i64::from(drip.runs)).into()),
            ],
        ));
    }
    lines
}

pub(crate) fn state_label(tr: &Tr, state: OrderState) -> String {
    tr.t(&format!("state-{}", state.as_str()))
}

/// "▰▰▰▱▱▱▱▱▱▱ 30%": how much of the order has been delivered.
pub fn progress_bar(quantity: i64, remains: i64) -> String {
    let quantity = quantity.max(1);
    let delivered = quantity - remains.clamp(0, quantity);
    let percent = delivered * 100 / quantity;
    let filled = (percent / 10) as usize;
    format!("{}{} {percent}%", "▰".repeat(filled), "▱".repeat(10 - filled))
}

/// "2 Jan 2025, 10:00 UTC · +$5.00 · top-up": one ledger row in a statement.
pub(crate) fn ledger_line(tr: &Tr, currency: &Currency, entry: &LedgerEntry) -> String {
    let sign = if entry.amount_minor > 0 { "+" } else { "" };
    format!(
        "{} · {sign}{} · {}",
        tr.moment(entry.created_at),
        tr.money(currency, entry.amount_minor),
        tr.f(
            &format!("ledger-{}", entry.kind),
            &[("reference", escape(&entry.reference).into())]
        ),
    )
}

/// A chat text (Telegram's HTML) as the reader sees it: tags dropped, entities read back. The
/// Mini App shows chat texts this way, as text only, so nothing in them can become markup there.
pub(crate) fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The length Telegram checks: the text after its HTML is parsed, in UTF-16 code units.
#[cfg(test)]
pub(crate) fn telegram_length(html: &str) -> usize {
    plain_text(html).encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::Customer;
    use crate::bot::state::OrderDraft;

    #[test]
    fn chat_html_becomes_plain_text() {
        assert_eq!(
            plain_text("<b>Total:</b> $1.08 &lt;b&gt; &amp;amp; <a href=\"x\">link</a>"),
            "Total: $1.08 <b> &amp; link"
        );
    }

    #[test]
    fn progress_bars_clamp_odd_remains() {
        assert_eq!(progress_bar(1000, 1000), "▱▱▱▱▱▱▱▱▱▱ 0%");
        assert_eq!(progress_bar(1000, 700), "▰▰▰▱▱▱▱▱▱▱ 30%");
        assert_eq!(progress_bar(1000, -5), "▰▰▰▰▰▰▰▰▰▰ 100%");
        assert_eq!(progress_bar(1000, 5000), "▱▱▱▱▱▱▱▱▱▱ 0%");
    }

    #[test]
    fn pages_are_clamped() {
        assert_eq!(page_offset(0, 0), (0, 0));
        assert_eq!(page_offset(5, 10), (1, PAGE_SIZE));
        assert_eq!(pager(0, PAGE_SIZE, |page| CallbackData::Orders { page }), None);
        assert_eq!(
            pager(0, PAGE_SIZE + 1, |page| CallbackData::Orders { page })
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn long_names_are_cut_on_characters() {
        let name = "Подписчики Telegram ".repeat(5);
        let short = button_name(&name);
        assert_eq!(short.chars().count(), BUTTON_NAME_UNITS);
        assert!(short.ends_with('…'));
    }

    #[test]
    fn outside_text_is_cut_before_it_is_escaped() {
        let text = "a&b<c>d&&";
        for max_units in 1..=text.len() + 1 {
            let field = html_field(text, max_units);
            // Every `&` still starts a whole entity, and no tag is opened.
            let rest = field.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "");
            assert!(!rest.contains(['&', '<', '>']), "{max_units}: {field}");
            assert!(telegram_length(&field) <= max_units, "{max_units}: {field}");
        }
        assert_eq!(html_field(text, 4), "a&amp;b…");
        assert_eq!(html_field(text, 99), "a&amp;b&lt;c&gt;d&amp;&amp;");
    }

    #[test]
    fn order_extras_read_in_the_readers_language() {
        let extras = OrderExtras {
            comments: Some("one\ntwo".into()),
            answer_number: Some(2),
            dripfeed: Some(crate::vocabulary::DripFeed {
                runs: 3,
                interval_minutes: 30,
            }),
        };
        let english = extras_lines(&tr(Lang::En), 100, &extras);
        assert!(english.contains("Poll answer: №2"), "{english}");
        for (lang, poll) in [
            (Lang::Ru, "Вариант в опросе: №\u{a0}2"),
            (Lang::Uz, "Soʻrovnoma javobi: №2"),
            (Lang::Fa, "گزینهٔ نظرسنجی"),
        ] {
            let lines = extras_lines(&tr(lang), 100, &extras);
            assert!(lines.contains(poll), "{lang:?}: {lines}");
            for english_word in ["Poll", "Comments", "Drip-feed", "runs", "every"] {
                assert!(!lines.contains(english_word), "{lang:?}: {lines}");
            }
        }
    }

    #[test]
    fn amounts_and_moments_follow_the_readers_language() {
        let rub = Currency::parse("RUB").unwrap();
        assert_eq!(tr(Lang::En).money(&rub, 11_700), "117.00\u{a0}₽");
        assert_eq!(tr(Lang::Ru).money(&rub, 11_700), "117,00\u{a0}₽");
        assert_eq!(tr(Lang::Fa).money(&rub, 11_700), "۱۱۷٫۰۰\u{a0}روبل");
        // 2026-12-04 13:34 UTC.
        assert_eq!(tr(Lang::Uz).moment(1_796_391_296), "4-dekabr 2026, 13:34 UTC");
    }

    fn tr(lang: Lang) -> Tr {
        Tr::new(
            std::sync::Arc::new(crate::i18n::I18n::load().expect("locales load")),
            lang,
        )
    }

    /// Outside text far over every limit, in the widest characters: an emoji is two units.
    fn huge(chars: usize) -> String {
        "😀<&Жی".chars().cycle().take(chars).collect()
    }

    fn huge_service() -> Service {
        Service {
            id: i64::MAX,
            provider: huge(1000),
            provider_service_id: huge(1000),
            category_id: i64::MAX,
            category: huge(10_000),
            name: huge(10_000),
            description: Some(huge(100_000)),
            kind: "default".into(),
            link_rule: "referral".into(),
            target_bot: Some(huge(10_000)),
            rate: "1".into(),
            rate_currency: None,
            unit_items: i64::MAX,
            price_minor: Some(i64::MAX),
            min_quantity: i64::MAX,
            max_quantity: i64::MAX,
            enabled: true,
            hidden_reason: None,
            refill: true,
            cancel: true,
            dripfeed: true,
        }
    }

    #[test]
    fn screens_with_outside_text_fit_in_one_message() {
        let currency = Currency::parse("RUB").unwrap();
        let service = huge_service();
        let draft = OrderDraft {
            service_id: service.id,
            link: huge(10_000),
            quantity: 1_000_000_000,
            extras: OrderExtras {
                comments: Some("comment\n".repeat(10_000)),
                answer_number: Some(u32::MAX),
                dripfeed: Some(crate::vocabulary::DripFeed {
                    runs: 1_000_000,
                    interval_minutes: 1_000_000,
                }),
            },
            charge_minor: i64::MAX / 2,
            quoted_at: 0,
            token: "t".into(),
            discount: None,
        };
        let customer = Customer {
            id: 1,
            first_name: huge(10_000),
            lang: Lang::En,
            is_admin: false,
            banned: false,
        };
        // Every way of paying offered, with the longest hint.
        let offer = crate::orders::pending::TopUpOffer {
            missing_minor: i64::MAX / 2,
            stars: crate::orders::pending::StarsOffer::TooMuch,
            crypto: Some(i64::MAX / 2),
        };
        for lang in Lang::ALL {
            let tr = tr(lang);
            let listed = vec![service.clone(); PAGE_SIZE as usize];
            let screens = [
                menu::main_menu(&tr, &currency, &customer, i64::MAX, None),
                catalogue::services(&tr, &currency, (1, &service.category), &listed, 0, 1000),
                catalogue::search_results(&tr, &currency, &huge(10_000), &listed),
                catalogue::service_card(&tr, &currency, &service),
                ordering::ask_link(&tr, &service),
                ordering::confirmation(&tr, &currency, &service, &draft, 0, Some(u64::MAX)),
                ordering::short_confirmation(&tr, &currency, &service, &draft, 0, Some(u64::MAX), &offer),
            ];
            for screen in screens {
                let units = telegram_length(&screen.text);
                assert!(units <= 4096, "{lang:?}: {units} units");
                for button in screen.keyboard.inline_keyboard.iter().flatten() {
                    assert!(button.text.encode_utf16().count() <= 100, "{}", button.text);
                }
            }
        }
    }
}
