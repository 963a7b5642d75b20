//! `/maintenance`: closes the shop to customers, opens it again, or says whether it is closed.
//! The closed shop itself is the gate's work ([`super::gate`]).

use teloxide::prelude::*;

use crate::bot::{Customer, HandlerResult, TgBot, Tr};
use crate::db::Db;

/// `/maintenance on|off`, or without an argument: whether it is on.
pub async fn maintenance(
    bot: TgBot,
    msg: Message,
    args: String,
    tr: Tr,
    customer: Customer,
    db: Db,
) -> HandlerResult {
    let key = match args.trim().to_ascii_lowercase().as_str() {
        "on" => {
            db.set_maintenance(true).await?;
            tracing::warn!(
                admin = customer.id,
                "maintenance on: the shop is closed to customers"
            );
            "mod-maintenance-on"
        }
        "off" => {
            db.set_maintenance(false).await?;
            tracing::warn!(admin = customer.id, "maintenance off: the shop is open");
            "mod-maintenance-off"
        }
        "" if db.maintenance().await? => "mod-maintenance-is-on",
        "" => "mod-maintenance-is-off",
        _ => "mod-maintenance-usage",
    };
    bot.send_message(msg.chat.id, tr.t(key)).await?;
    Ok(())
}
