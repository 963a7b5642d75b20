//! Customers and admins, keyed by their Telegram user id.

use sqlx::FromRow;

use super::cache::{Remembered, Visitor};
use super::{Db, now};
use crate::error::Result;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct User {
    pub id: i64,
    pub username: Option<String>,
    pub first_name: String,
    pub language: String,
    pub balance_minor: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// When the notifier (or a broadcast) found that the user blocked the bot.
    pub blocked_at: Option<i64>,
    /// When an admin banned the user.
    pub banned_at: Option<i64>,
}

/// Last-seen times are kept to this precision: a user busy in the bot is written once a minute,
/// not on every tap.
const LAST_SEEN_RESOLUTION_SECS: i64 = 60;

/// The columns of [`User`].
const USER_COLUMNS: &str =
    "id, username, first_name, language, balance_minor, created_at, last_seen_at, blocked_at, banned_at";

impl User {
    pub fn lang(&self) -> Option<Lang> {
        Lang::from_code(&self.language)
    }
}

/// What Telegram tells us about a user on each update.
#[derive(Debug, Clone)]
pub struct Seen<'a> {
    pub id: i64,
    pub username: Option<&'a str>,
    pub first_name: &'a str,
    /// Used only the first time: afterwards the user's own choice stands.
    pub language: Lang,
}

impl Db {
    /// Registers the user on first sight and refreshes their name and last-seen time on later
    /// ones: written when something changed or the last write is a minute old, else answered
    /// from memory.
    pub async fn touch_user(&self, seen: &Seen<'_>) -> Result<Visitor> {
        let now = now();
        let current = |known: &Remembered| {
            known.username.as_deref() == seen.username
                && known.visitor.first_name == seen.first_name
                && now - known.written_at < LAST_SEEN_RESOLUTION_SECS
        };
        let generation = match self.cache.user(seen.id, current) {
            Ok(visitor) => return Ok(visitor),
            Err(generation) => generation,
        };
        let user = sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(format!(
            "INSERT INTO users (id, username, first_name, language, created_at, last_seen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (id) DO UPDATE SET
                 username = excluded.username,
                 first_name = excluded.first_name,
                 last_seen_at = excluded.last_seen_at,
                 -- Writing to the bot again undoes having blocked it.
                 blocked_at = NULL
             RETURNING {USER_COLUMNS}"
        )))
        .bind(seen.id)
        .bind(seen.username)
        .bind(seen.first_name)
        .bind(seen.language.code())
        .bind(now)
        .fetch_one(self.pool())
        .await?;
        let visitor = Visitor {
            id: user.id,
            lang: user.lang(),
            banned: user.banned_at.is_some(),
            first_name: user.first_name,
        };
        let remembered = Remembered {
            visitor: visitor.clone(),
            username: user.username,
            written_at: now,
        };
        self.cache.user_written(generation, remembered);
        Ok(visitor)
    }

    /// To be called after every committed change of what a [`Visitor`] holds, or of the user's
    /// blocked mark (which their next update clears).
    pub fn user_changed(&self, id: i64) {
        self.cache.forget_user(id);
    }

    /// The user's balance now (0 for one never seen).
    pub async fn balance(&self, id: i64) -> Result<i64> {
        let balance: Option<i64> = sqlx::query_scalar("SELECT balance_minor FROM users WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(balance.unwrap_or(0))
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>> {
        Ok(sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// The user an admin means by `who`: a numeric id, or a username with or without its `@`.
    pub async fn find_user(&self, who: &str) -> Result<Option<User>> {
        let who = who.trim();
        if let Ok(id) = who.parse::<i64>() {
            return self.user(id).await;
        }
        let username = who.strip_prefix('@').unwrap_or(who);
        if username.is_empty() {
            return Ok(None);
        }
        Ok(sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = ? COLLATE NOCASE
             ORDER BY last_seen_at DESC LIMIT 1"
        )))
        .bind(username)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Bans or unbans a user; either way the next ban is announced to them afresh. False when
    /// there is no such user.
    pub async fn set_banned(&self, id: i64, banned: bool) -> Result<bool> {
        let updated = sqlx::query(
            "UPDATE users SET banned_at = CASE WHEN ?1 THEN COALESCE(banned_at, ?2) END,
                 ban_told_at = NULL
             WHERE id = ?3",
        )
        .bind(banned)
        .bind(now())
        .bind(id)
        .execute(self.pool())
        .await?;
        self.user_changed(id);
        Ok(updated.rows_affected() > 0)
    }

    /// True the first time it is asked for a banned user since the ban: the one time they are
    /// told. Their later updates go unanswered.
    pub async fn take_ban_notice(&self, id: i64) -> Result<bool> {
        let updated = sqlx::query(
            "UPDATE users SET ban_told_at = ?
             WHERE id = ? AND banned_at IS NOT NULL AND ban_told_at IS NULL",
        )
        .bind(now())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(updated.rows_affected() > 0)
    }

    /// Whether the user muted their orders' progress messages (false for one never seen).
    pub async fn progress_muted(&self, id: i64) -> Result<bool> {
        let muted: Option<bool> = sqlx::query_scalar("SELECT progress_muted FROM users WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(muted.unwrap_or(false))
    }

    /// Mutes or unmutes the user's progress messages; the notifier reads it before each send.
    pub async fn set_progress_muted(&self, id: i64, muted: bool) -> Result<()> {
        sqlx::query("UPDATE users SET progress_muted = ? WHERE id = ?")
            .bind(muted)
            .bind(id)
            .execute(self.pool())
            .await?;
        self.user_changed(id);
        Ok(())
    }

    pub async fn set_language(&self, id: i64, lang: Lang) -> Result<()> {
        sqlx::query("UPDATE users SET language = ? WHERE id = ?")
            .bind(lang.code())
            .bind(id)
            .execute(self.pool())
            .await?;
        self.user_changed(id);
        Ok(())
    }
}
