//! The broadcaster's Telegram side ([`TelegramOutlet`]): copies of the broadcast message to
//! customers, and the progress shown to the admin who started it.

use std::sync::Arc;

use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::{Limits, Settings};
use teloxide::prelude::*;
use teloxide::types::MessageId;
use teloxide::{ApiError, RequestError};

use crate::bot::notifier::is_unreachable;
use crate::bot::views::moderation::broadcasts::progress_text;
use crate::bot::{TgBot, Tr};
use crate::broadcast::{Broadcast, Delivery, Outlet, Phase, Progress};
use crate::config::Config;
use crate::db::Db;
use crate::i18n::I18n;

/// The broadcaster's Telegram side: copies go through their own `Throttle` (Telegram's 30
/// messages a second; one at a time they rarely come near it except with a local Bot API
/// server), progress through the dispatcher's bot, so that a flood wait on copies does not hold
/// the admin's progress message back.
pub struct TelegramOutlet {
    copies: Throttle<Bot>,
    bot: TgBot,
    db: Db,
    i18n: Arc<I18n>,
    config: Arc<Config>,
}

impl TelegramOutlet {
    /// Wraps `bot` in `Throttle` and spawns its worker, so it must be called inside the tokio
    /// runtime.
    pub fn new(bot: Bot, progress_bot: TgBot, db: Db, i18n: Arc<I18n>, config: Arc<Config>) -> Self {
        // A flood wait comes back to the broadcaster, which pauses (and stops cleanly if asked).
        let settings = Settings::default().limits(Limits::default()).no_retry();
        Self {
            copies: Throttle::spawn_with_settings(bot, settings),
            bot: progress_bot,
            db,
            i18n,
            config,
        }
    }

    /// The admin's texts, in their language.
    async fn admin_tr(&self, admin_id: i64) -> Tr {
        let lang = match self.db.user(admin_id).await {
            Ok(Some(user)) => user.lang(),
            _ => None,
        };
        Tr::new(
            Arc::clone(&self.i18n),
            lang.unwrap_or(self.config.default_language),
        )
    }
}

impl Outlet for TelegramOutlet {
    async fn copy(&self, broadcast: &Broadcast, user_id: i64) -> Delivery {
        let Ok(message_id) = i32::try_from(broadcast.source_message_id) else {
            return Delivery::SourceGone;
        };
        let copied = self
            .copies
            .copy_message(
                ChatId(user_id),
                ChatId(broadcast.source_chat_id),
                MessageId(message_id),
            )
            .await;
        match copied {
            Ok(_) => Delivery::Delivered,
            Err(RequestError::RetryAfter(wait)) => Delivery::RetryAfter(wait.duration()),
            Err(RequestError::Api(ApiError::MessageToCopyNotFound)) => Delivery::SourceGone,
            Err(e) if is_unreachable(&e) => Delivery::Unreachable(e.to_string()),
            Err(RequestError::Network(e)) if e.is_connect() => Delivery::NotSent(e.to_string()),
            Err(e @ (RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. })) => {
                Delivery::Unknown(e.to_string())
            }
            Err(e) => Delivery::Failed(e.to_string()),
        }
    }

    async fn show(&self, broadcast: &Broadcast, progress: Progress, phase: Phase) {
        let tr = self.admin_tr(broadcast.admin_id).await;
        let text = progress_text(&tr, broadcast.id, progress, phase);
        let chat = ChatId(broadcast.admin_id);
        let message = broadcast
            .progress_message_id
            .and_then(|id| i32::try_from(id).ok());
        let edited = match message {
            Some(id) => {
                self.bot
                    .edit_message_text(chat, MessageId(id), text.clone())
                    .await
            }
            None => Err(RequestError::Api(ApiError::MessageToEditNotFound)),
        };
        match edited {
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => {}
            // The end must reach the admin even if the progress message is gone.
            Err(e) if matches!(phase, Phase::Finished | Phase::Aborted) => {
                tracing::debug!(error = %e, "progress message not editable; sending the report anew");
                if let Err(e) = self.bot.send_message(chat, text).await {
                    tracing::warn!(broadcast = broadcast.id, error = %e, "could not report a broadcast");
                }
            }
            Err(e) => tracing::debug!(broadcast = broadcast.id, error = %e, "could not show the progress"),
        }
    }
}
