//! teloxide dialogue storage on our own SQLite pool: the state lives in our database, under our
//! migrations, and survives restarts (teloxide's own SQLite storage would open a second pool
//! through another sqlx version). Every change is written before the handler goes on, so what a
//! customer was answered is durable. Chats known to be in the default state, with or without a
//! row (customers browsing, who make most of the updates), are remembered, so their updates read
//! and write nothing: this storage is the only writer of the table, and teloxide handles one
//! chat's updates in turn. Any other state is read from the database each time.

use std::collections::HashSet;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use serde::Serialize;
use serde::de::DeserializeOwned;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

use crate::db::{Db, now};

#[derive(Debug, thiserror::Error)]
pub enum DialogueStorageError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("dialogue state (de)serialisation: {0}")]
    Json(#[from] serde_json::Error),
}

/// Stateless chats remembered at most; past it the memory starts afresh.
const MAX_CHATS: usize = 50_000;

/// Stores dialogue states of type `D` as JSON, one row per chat.
pub struct SqlDialogueStorage<D> {
    db: Db,
    /// Chats known to be in the default state (no row, or the default's).
    stateless: Mutex<HashSet<i64>>,
    /// The default state as stored.
    default: String,
    state: PhantomData<fn() -> D>,
}

impl<D: Serialize + Default> SqlDialogueStorage<D> {
    pub fn new(db: Db) -> Arc<Self> {
        Arc::new(Self {
            db,
            stateless: Mutex::default(),
            default: serde_json::to_string(&D::default()).expect("a state serialises"),
            state: PhantomData,
        })
    }
}

impl<D> SqlDialogueStorage<D> {
    fn is_stateless(&self, chat_id: ChatId) -> bool {
        self.lock().contains(&chat_id.0)
    }

    fn remember(&self, chat_id: ChatId, stateless: bool) {
        let mut known = self.lock();
        if !stateless {
            known.remove(&chat_id.0);
            return;
        }
        if known.len() >= MAX_CHATS {
            known.clear();
        }
        known.insert(chat_id.0);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<i64>> {
        // Plain data: usable after a panic elsewhere.
        self.stateless
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<D> Storage<D> for SqlDialogueStorage<D>
where
    D: Serialize + DeserializeOwned + Default + Send + 'static,
{
    type Error = DialogueStorageError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            if self.is_stateless(chat_id) {
                return Ok(());
            }
            sqlx::query("DELETE FROM dialogues WHERE chat_id = ?")
                .bind(chat_id.0)
                .execute(self.db.pool())
                .await?;
            self.remember(chat_id, true);
            Ok(())
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: D,
    ) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            let state = serde_json::to_string(&dialogue)?;
            let is_default = state == self.default;
            if is_default && self.is_stateless(chat_id) {
                return Ok(());
            }
            sqlx::query(
                "INSERT INTO dialogues (chat_id, state, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            )
            .bind(chat_id.0)
            .bind(state)
            .bind(now())
            .execute(self.db.pool())
            .await?;
            self.remember(chat_id, is_default);
            Ok(())
        })
    }

    fn get_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<'static, Result<Option<D>, Self::Error>> {
        Box::pin(async move {
            // No state to read (teloxide then stores the default, which writes nothing).
            if self.is_stateless(chat_id) {
                return Ok(None);
            }
            let state: Option<String> = sqlx::query_scalar("SELECT state FROM dialogues WHERE chat_id = ?")
                .bind(chat_id.0)
                .fetch_optional(self.db.pool())
                .await?;
            self.remember(chat_id, state.as_ref().is_none_or(|s| *s == self.default));
            match state.map(|s| serde_json::from_str::<D>(&s)) {
                Some(Ok(d)) => Ok(Some(d)),
                // A state written by an older version that no longer parses: start afresh
                // rather than lock the customer out.
                Some(Err(e)) => {
                    tracing::warn!(chat_id = chat_id.0, error = %e, "unreadable dialogue state dropped");
                    Ok(None)
                }
                None => Ok(None),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::temp_db;

    #[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
    enum TestState {
        #[default]
        Idle,
        Asking {
            step: u32,
        },
    }

    #[tokio::test]
    async fn states_survive_a_new_storage_on_the_same_database() {
        let (db, _dir) = temp_db().await;
        let chat = ChatId(7);
        let storage = SqlDialogueStorage::<TestState>::new(db.clone());
        assert_eq!(storage.clone().get_dialogue(chat).await.unwrap(), None);
        storage
            .clone()
            .update_dialogue(chat, TestState::Asking { step: 2 })
            .await
            .unwrap();

        let reopened = SqlDialogueStorage::<TestState>::new(db.clone());
        assert_eq!(
            reopened.clone().get_dialogue(chat).await.unwrap(),
            Some(TestState::Asking { step: 2 })
        );
        reopened.clone().remove_dialogue(chat).await.unwrap();
        assert_eq!(reopened.get_dialogue(chat).await.unwrap(), None);
    }

    async fn rows(db: &Db) -> Vec<(i64, String)> {
        sqlx::query_as("SELECT chat_id, state FROM dialogues ORDER BY chat_id")
            .fetch_all(db.pool())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_chat_in_the_default_state_reads_nothing_and_a_real_state_is_always_read() {
        let (db, _dir) = temp_db().await;
        let chat = ChatId(7);
        let storage = SqlDialogueStorage::<TestState>::new(db.clone());
        // As teloxide does for a new chat: nothing stored, so the default is stored.
        assert_eq!(storage.clone().get_dialogue(chat).await.unwrap(), None);
        storage
            .clone()
            .update_dialogue(chat, TestState::Idle)
            .await
            .unwrap();
        assert!(rows(&db).await.is_empty(), "the default needs no row");

        // What is in the table is what counts for a chat with a real state, even when changed
        // behind the storage's back.
        storage
            .clone()
            .update_dialogue(chat, TestState::Asking { step: 1 })
            .await
            .unwrap();
        sqlx::query("UPDATE dialogues SET state = '{\"Asking\":{\"step\":5}}'")
            .execute(db.pool())
            .await
            .unwrap();
        assert_eq!(
            storage.clone().get_dialogue(chat).await.unwrap(),
            Some(TestState::Asking { step: 5 })
        );

        // A row holding the default (as an older version stored) counts as no state; leaving a
        // state removes the row, durably, before the handler goes on.
        storage
            .clone()
            .update_dialogue(chat, TestState::Idle)
            .await
            .unwrap();
        assert_eq!(rows(&db).await, vec![(7, "\"Idle\"".to_string())]);
        assert_eq!(storage.clone().get_dialogue(chat).await.unwrap(), None);
        storage
            .clone()
            .update_dialogue(chat, TestState::Asking { step: 2 })
            .await
            .unwrap();
        storage.clone().remove_dialogue(chat).await.unwrap();
        assert!(rows(&db).await.is_empty());
        let reopened = SqlDialogueStorage::<TestState>::new(db.clone());
        assert_eq!(reopened.get_dialogue(chat).await.unwrap(), None);
    }
}
