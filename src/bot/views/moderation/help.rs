//! `/help` for admins: the customers' help, then every admin command with what it does and an
//! example. The list is [`AdminCommand`]'s, so a new command cannot be left out.

use teloxide::utils::command::BotCommands;

use crate::bot::views::menu;
use crate::bot::{AdminCommand, Screen, Tr};

pub fn admin_help(tr: &Tr) -> Screen {
    let mut help = menu::help(tr);
    help.text.push_str("\n\n");
    help.text.push_str(&admin_commands(tr));
    help
}

/// One line per admin command: `/name`, the words of Telegram's command menu (`command-<name>`)
/// and an example (`admin-help-example-<name>`).
fn admin_commands(tr: &Tr) -> String {
    let lines = AdminCommand::bot_commands().into_iter().map(|command| {
        let name = command.command.trim_start_matches('/');
        let what = tr.t(&format!("command-{name}"));
        let example = tr.t(&format!("admin-help-example-{name}"));
        tr.f(
            "admin-help-line",
            &[
                ("command", format!("/{name}").into()),
                ("what", what.into()),
                ("example", example.into()),
            ],
        )
    });
    std::iter::once(tr.t("admin-help-title"))
        .chain(lines)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::bot::views::telegram_length;
    use crate::i18n::{I18n, Lang};

    #[test]
    fn every_admin_command_is_explained_in_every_language() {
        let i18n = Arc::new(I18n::load().expect("locales load"));
        for lang in Lang::ALL {
            // Without the marks that keep a left-to-right word whole in a right-to-left line.
            let help = admin_help(&Tr::new(Arc::clone(&i18n), lang))
                .text
                .replace(['\u{2068}', '\u{2069}'], "");
            for command in AdminCommand::bot_commands() {
                let name = command.command.trim_start_matches('/');
                let line = help
                    .lines()
                    .find(|line| line.contains(&format!("/{name}</b>")))
                    .unwrap_or_else(|| panic!("{lang:?}: no line for /{name} in\n{help}"));
                assert!(
                    line.contains(&format!("<code>/{name}")),
                    "{lang:?}: no example: {line}"
                );
                assert!(
                    !line.contains("command-") && !line.contains("admin-help"),
                    "{lang:?}: {line}"
                );
            }
            let customers_help = i18n.t(lang, "help-text").replace(['\u{2068}', '\u{2069}'], "");
            assert!(
                help.starts_with(&customers_help),
                "{lang:?}: the customers' help first"
            );
            assert!(telegram_length(&help) < 4096, "{lang:?}: fits one message");
        }
    }
}
