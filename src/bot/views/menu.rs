//! The main menu and what hangs off it directly: help and the choice of language.

use teloxide::types::{InlineKeyboardButton, WebAppInfo};
use url::Url;

use super::{WORDS_UNITS, button, html_field, menu_row, screen};
use crate::bot::callback::CallbackData;
use crate::bot::state::State;
use crate::bot::{Customer, Screen, Tr};
use crate::i18n::Lang;
use crate::money::Currency;

/// What `/cancel` says it left: an order being filled in, a top-up, or any other step.
pub fn left_step(tr: &Tr, state: &State) -> String {
    let key = match state {
        State::AwaitingLink { .. }
        | State::AwaitingComments { .. }
        | State::AwaitingPollAnswer { .. }
        | State::AwaitingQuantity { .. }
        | State::AwaitingDripFeed(_)
        | State::Confirming(_) => "cancelled",
        State::AwaitingTopUpAmount | State::AwaitingCryptoAmount => "cancelled-topup",
        State::Start
        | State::AwaitingSearch
        | State::AwaitingSupportMessage
        | State::AwaitingPromoCode
        | State::AwaitingProviderOrderId { .. }
        | State::AwaitingBalanceChange { .. }
        | State::AwaitingRefundAmount { .. }
        | State::AwaitingBroadcastMessage
        | State::AwaitingResellerMarkup { .. } => "cancelled-step",
    };
    tr.t(key)
}

/// `shop_page`: the Mini App's address, when it is on; it gets the first button.
pub fn main_menu(
    tr: &Tr,
    currency: &Currency,
    customer: &Customer,
    balance_minor: i64,
    shop_page: Option<&Url>,
) -> Screen {
    let text = tr.f(
        "menu-text",
        &[
            ("name", html_field(&customer.first_name, WORDS_UNITS).into()),
            ("balance", tr.money(currency, balance_minor).into()),
        ],
    );
    let open_shop = shop_page.map(|url| {
        vec![InlineKeyboardButton::web_app(
            tr.t("webapp-open"),
            WebAppInfo { url: url.clone() },
        )]
    });
    screen(
        text,
        open_shop
            .into_iter()
            .chain([
                vec![button(
                    tr.t("btn-new-order"),
                    CallbackData::Categories { page: 0 },
                )],
                vec![
                    button(tr.t("btn-search"), CallbackData::Search),
                    button(tr.t("btn-my-orders"), CallbackData::Orders { page: 0 }),
                ],
                vec![button(tr.t("btn-invite"), CallbackData::Invite)],
                vec![
                    button(tr.t("btn-balance"), CallbackData::Balance),
                    button(tr.t("btn-language"), CallbackData::Languages),
                    button(tr.t("btn-help"), CallbackData::Help),
                ],
            ])
            .chain(support_row(tr))
            .collect(),
    )
}

/// The way to support, when the shop has one.
fn support_row(tr: &Tr) -> Option<Vec<InlineKeyboardButton>> {
    let reach = tr.support()?;
    Some(vec![super::support::menu_button(tr, reach)?])
}

/// The main menu headed by what the customer left: the step they were in (`left`), or the
/// order waiting for a top-up that Cancel dropped (`purchase_dropped`), whatever the step.
pub fn cancelled(
    tr: &Tr,
    currency: &Currency,
    customer: &Customer,
    balance_minor: i64,
    left: &State,
    purchase_dropped: bool,
    shop_page: Option<&Url>,
) -> Screen {
    let mut menu = main_menu(tr, currency, customer, balance_minor, shop_page);
    let said = if purchase_dropped {
        tr.t("cancelled")
    } else {
        left_step(tr, left)
    };
    menu.text = format!("{said}\n\n{}", menu.text);
    menu
}

pub fn help(tr: &Tr) -> Screen {
    let mut text = tr.t("help-text");
    let support = tr.t("support-help");
    if !support.trim().is_empty() {
        text.push_str("\n\n");
        text.push_str(&support);
    }
    let rows = support_row(tr).into_iter().chain([menu_row(tr)]).collect();
    screen(text, rows)
}

pub fn languages(tr: &Tr) -> Screen {
    let buttons: Vec<_> = Lang::ALL
        .into_iter()
        .map(|lang| {
            let mark = if lang == tr.lang { "✅ " } else { "" };
            button(
                format!("{mark}{}", lang.native_name()),
                CallbackData::SetLanguage { lang },
            )
        })
        .collect();
    // Two a row: four names in one row are cramped on a phone.
    let mut rows: Vec<_> = buttons.chunks(2).map(<[_]>::to_vec).collect();
    rows.push(menu_row(tr));
    screen(tr.t("language-text"), rows)
}
