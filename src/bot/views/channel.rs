//! The required channel's screen: join it, then say so.

use teloxide::types::InlineKeyboardButton;
use url::Url;

use super::{button, screen};
use crate::bot::callback::CallbackData;
use crate::bot::{Screen, Tr};

/// Asks a customer who is not in the channel to join it; `link` opens the channel, when it has
/// one Telegram gave us.
pub fn join(tr: &Tr, link: Option<Url>) -> Screen {
    let mut rows = Vec::new();
    if let Some(link) = link {
        rows.push(vec![InlineKeyboardButton::url(tr.t("channel-btn-join"), link)]);
    }
    rows.push(vec![button(tr.t("channel-btn-joined"), CallbackData::Joined)]);
    screen(tr.t("channel-join"), rows)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use teloxide::types::InlineKeyboardButtonKind;

    use super::*;
    use crate::i18n::{I18n, Lang};

    fn tr() -> Tr {
        Tr::new(Arc::new(I18n::load().expect("locales")), Lang::En)
    }

    #[test]
    fn the_join_screen_opens_the_channel_and_offers_i_joined() {
        let link = Url::parse("https://t.me/shop_news").unwrap();
        let join = join(&tr(), Some(link.clone()));
        let buttons: Vec<_> = join.keyboard.inline_keyboard.concat();
        assert_eq!(buttons.len(), 2);
        assert_eq!(buttons[0].kind, InlineKeyboardButtonKind::Url(link));
        assert_eq!(
            buttons[1].kind,
            InlineKeyboardButtonKind::CallbackData(CallbackData::Joined.encode())
        );
    }

    #[test]
    fn without_a_link_only_i_joined_is_offered() {
        let join = join(&tr(), None);
        let buttons: Vec<_> = join.keyboard.inline_keyboard.concat();
        assert_eq!(buttons.len(), 1);
        assert_eq!(
            buttons[0].kind,
            InlineKeyboardButtonKind::CallbackData(CallbackData::Joined.encode())
        );
    }
}
