//! Customers and admins, keyed by their Telegram user id.

use sqlx::FromRow;

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
}

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
    /// Registers the user on first sight and refreshes their name on later ones.
    pub async fn touch_user(&self, seen: &Seen<'_>) -> Result<User> {
        let now = now();
        let user = sqlx::query_as::<_, User>(
            "INSERT INTO users (id, username, first_name, language, created_at, last_seen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (id) DO UPDATE SET
                 username = excluded.username,
                 first_name = excluded.first_name,
                 last_seen_at = excluded.last_seen_at,
                 -- Writing to the bot again undoes having blocked it.
                 blocked_at = NULL
             RETURNING id, username, first_name, language, balance_minor, created_at",
        )
        .bind(seen.id)
        .bind(seen.username)
        .bind(seen.first_name)
        .bind(seen.language.code())
        .bind(now)
        .fetch_one(self.pool())
        .await?;
        Ok(user)
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>> {
        Ok(sqlx::query_as::<_, User>(
            "SELECT id, username, first_name, language, balance_minor, created_at
             FROM users WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn set_language(&self, id: i64, lang: Lang) -> Result<()> {
        sqlx::query("UPDATE users SET language = ? WHERE id = ?")
            .bind(lang.code())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
