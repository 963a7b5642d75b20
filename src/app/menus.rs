//! The command menus Telegram shows beside the message box: the customers' commands for
//! everyone, and the admin commands too in each admin's own chat; each menu in every language
//! the shop speaks, with its own short words (never the admin commands' usage lines). With the
//! Mini App on, the menu button beside the message box opens it instead.

use teloxide::payloads::SetMyCommandsSetters;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, MenuButton, Recipient, WebAppInfo};
use teloxide::utils::command::BotCommands;

use crate::bot::{AdminCommand, TgBot};
use crate::config::Config;
use crate::error::Result;
use crate::i18n::{I18n, Lang};

/// The commands every customer has.
const PUBLIC_COMMANDS: [&str; 4] = ["start", "help", "cancel", "support"];

/// The menu in `lang`: the public commands, then, for an admin, the admin commands. Each is
/// described by the locale text `command-<name>`.
fn menu(i18n: &I18n, lang: Lang, admin: bool) -> Vec<BotCommand> {
    // teloxide writes the commands with their slash; Telegram's menu wants the bare name.
    let admin_commands = AdminCommand::bot_commands()
        .into_iter()
        .map(|command| command.command.trim_start_matches('/').to_string());
    PUBLIC_COMMANDS
        .iter()
        .map(|name| name.to_string())
        .chain(admin_commands.filter(|_| admin))
        .map(|name| {
            let description = i18n.t(lang, &format!("command-{name}"));
            BotCommand::new(name, description)
        })
        .collect()
}

/// One menu per language Telegram reports for the reader, and the shop's default language for
/// everyone else: `None` stands for that default.
fn languages(config: &Config) -> impl Iterator<Item = (Lang, Option<Lang>)> {
    std::iter::once((config.default_language, None)).chain(Lang::ALL.map(|lang| (lang, Some(lang))))
}

/// For readers whose Telegram speaks `code`; `None`, for everyone else.
fn in_language<R: SetMyCommandsSetters>(request: R, code: Option<Lang>) -> R {
    match code {
        Some(lang) => request.language_code(lang.code()),
        None => request,
    }
}

/// Customers see the public commands; each admin, in their own chat only (per-chat scope), sees
/// the admin commands as well.
pub(super) async fn register(bot: &TgBot, config: &Config, i18n: &I18n) -> Result<()> {
    for (lang, code) in languages(config) {
        in_language(bot.set_my_commands(menu(i18n, lang, false)), code).await?;
    }
    for admin_id in &config.admin_ids {
        let Ok(chat) = i64::try_from(*admin_id) else {
            continue;
        };
        for (lang, code) in languages(config) {
            let scope = BotCommandScope::Chat {
                chat_id: Recipient::Id(ChatId(chat)),
            };
            let request = bot.set_my_commands(menu(i18n, lang, true)).scope(scope);
            if let Err(e) = in_language(request, code).await {
                // An admin who never opened the bot has no chat yet: not a reason to stop, and
                // the other languages would fail the same way.
                tracing::warn!(admin = admin_id, error = %e, "could not show the admin commands");
                break;
            }
        }
    }
    menu_button(bot, config, i18n).await;
    Ok(())
}

/// The Mini App's button when it is on; otherwise Telegram's own, so that turning the Mini App
/// off takes its button away. A Bot API server that refuses is no reason not to start.
async fn menu_button(bot: &TgBot, config: &Config, i18n: &I18n) {
    let button = match &config.webapp {
        Some(webapp) => MenuButton::WebApp {
            text: i18n.t(config.default_language, "webapp-open"),
            web_app: WebAppInfo {
                url: webapp.url.clone(),
            },
        },
        None => MenuButton::Default,
    };
    if let Err(e) = bot.set_chat_menu_button().menu_button(button).await {
        tracing::warn!(error = %e, "could not set the menu button");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_short_words_of_its_own_in_every_language() {
        let i18n = I18n::load().unwrap();
        for lang in Lang::ALL {
            let commands = menu(&i18n, lang, true);
            assert_eq!(
                commands.len(),
                PUBLIC_COMMANDS.len() + AdminCommand::bot_commands().len()
            );
            for command in commands {
                let description = &command.description;
                assert_ne!(description, &format!("command-{}", command.command), "{lang:?}");
                // Telegram's limit is 256; a menu line should read at a glance.
                assert!(
                    (3..=60).contains(&description.chars().count()),
                    "{lang:?}: {description}"
                );
                assert!(!description.contains(['`', '<', '/']), "{lang:?}: {description}");
            }
        }
    }

    #[test]
    fn customers_never_see_admin_commands() {
        let i18n = I18n::load().unwrap();
        let names: Vec<_> = menu(&i18n, Lang::En, false)
            .into_iter()
            .map(|c| c.command)
            .collect();
        assert_eq!(names, PUBLIC_COMMANDS);
    }
}
