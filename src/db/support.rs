//! Support tickets: a customer's conversation with the shop, its messages both ways, and the
//! Telegram messages they were shown as (so that a reply to one finds its ticket).

use sqlx::FromRow;

use super::Db;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Ticket {
    pub id: i64,
    pub user_id: i64,
    /// `open` or `closed`.
    pub state: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
}

impl Ticket {
    pub fn is_open(&self) -> bool {
        self.state == "open"
    }
}

/// One message of a ticket as stored.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SupportMessage {
    pub id: i64,
    pub ticket_id: i64,
    /// `in` from the customer, `out` an admin's answer.
    pub direction: String,
    pub author_id: i64,
    pub text: String,
    pub photo_file_id: Option<String>,
    pub created_at: i64,
}

/// An open ticket as `/tickets` lists it.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct TicketSummary {
    pub id: i64,
    pub user_id: i64,
    pub first_name: String,
    pub username: Option<String>,
    pub messages: i64,
    /// The customer's messages since the last answer.
    pub unanswered: i64,
    pub updated_at: i64,
    /// The latest message's text or caption.
    pub last_text: String,
}

/// A message about to be stored, and the Telegram message it was written as.
#[derive(Debug, Clone, Copy)]
pub struct NewSupportMessage<'a> {
    pub author_id: i64,
    pub text: &'a str,
    pub photo_file_id: Option<&'a str>,
    pub source_chat_id: i64,
    pub source_message_id: i32,
    pub created_at: i64,
}

/// What a customer has written lately, for the caps on how much they may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CustomerActivity {
    /// Their messages in the minute before this one.
    pub in_last_minute: i64,
    /// Their messages in the open ticket since its last answer.
    pub unanswered: i64,
}

/// How a customer's message was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded<E> {
    Stored {
        ticket_id: i64,
        message_id: i64,
        /// The message opened a new ticket.
        opened: bool,
    },
    /// The caps said no; nothing was stored.
    Refused(E),
    /// This Telegram message is stored already (an update delivered again).
    Duplicate,
}

const TICKET_COLUMNS: &str = "id, user_id, state, created_at, updated_at, closed_at";

impl Db {
    /// Stores a customer's message in their open ticket, or in a new one, if `admit` allows it
    /// given what they wrote lately: counting and storing are one transaction, so two messages
    /// at once cannot both slip under a cap.
    pub async fn record_customer_message<E>(
        &self,
        message: &NewSupportMessage<'_>,
        admit: impl FnOnce(&CustomerActivity) -> Result<(), E>,
    ) -> Result<Recorded<E>> {
        let mut tx = self.begin_write().await?;
        if stored(&mut tx, message).await? {
            return Ok(Recorded::Duplicate);
        }
        let open: Option<i64> =
            sqlx::query_scalar("SELECT id FROM support_tickets WHERE user_id = ? AND state = 'open'")
                .bind(message.author_id)
                .fetch_optional(&mut *tx)
                .await?;
        let in_last_minute: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM support_messages
             WHERE author_id = ? AND direction = 'in' AND created_at > ?",
        )
        .bind(message.author_id)
        .bind(message.created_at - 60)
        .fetch_one(&mut *tx)
        .await?;
        let unanswered = match open {
            Some(ticket_id) => unanswered(&mut tx, ticket_id).await?,
            None => 0,
        };
        let activity = CustomerActivity {
            in_last_minute,
            unanswered,
        };
        if let Err(refusal) = admit(&activity) {
            return Ok(Recorded::Refused(refusal));
        }
        let (ticket_id, opened) = match open {
            Some(id) => (id, false),
            None => {
                let id = sqlx::query_scalar(
                    "INSERT INTO support_tickets (user_id, created_at, updated_at) VALUES (?1, ?2, ?2)
                     RETURNING id",
                )
                .bind(message.author_id)
                .bind(message.created_at)
                .fetch_one(&mut *tx)
                .await?;
                (id, true)
            }
        };
        let message_id = insert_message(&mut tx, ticket_id, "in", message).await?;
        tx.commit().await?;
        Ok(Recorded::Stored {
            ticket_id,
            message_id,
            opened,
        })
    }

    /// Stores an admin's answer, delivered to the customer as `delivered_message_id` of their
    /// chat (a reply to that copy joins the ticket). `None` when this answer is stored already.
    pub async fn record_answer(
        &self,
        ticket_id: i64,
        message: &NewSupportMessage<'_>,
        customer_id: i64,
        delivered_message_id: i32,
    ) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        if stored(&mut tx, message).await? {
            return Ok(None);
        }
        let message_id = insert_message(&mut tx, ticket_id, "out", message).await?;
        insert_copy(&mut *tx, customer_id, delivered_message_id, message_id).await?;
        tx.commit().await?;
        Ok(Some(message_id))
    }

    /// Records where a customer's message was shown to an admin.
    pub async fn add_support_copy(
        &self,
        support_message_id: i64,
        chat_id: i64,
        message_id: i32,
    ) -> Result<()> {
        insert_copy(self.pool(), chat_id, message_id, support_message_id).await
    }

    /// The ticket of the support message shown as `message_id` in `chat_id`, if it is one.
    pub async fn ticket_of_copy(&self, chat_id: i64, message_id: i32) -> Result<Option<Ticket>> {
        Ok(sqlx::query_as::<_, Ticket>(sqlx::AssertSqlSafe(format!(
            "SELECT {TICKET_COLUMNS} FROM support_tickets WHERE id = (
                 SELECT m.ticket_id FROM support_copies c
                 JOIN support_messages m ON m.id = c.support_message_id
                 WHERE c.chat_id = ? AND c.message_id = ?)"
        )))
        .bind(chat_id)
        .bind(message_id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn ticket(&self, id: i64) -> Result<Option<Ticket>> {
        Ok(sqlx::query_as::<_, Ticket>(sqlx::AssertSqlSafe(format!(
            "SELECT {TICKET_COLUMNS} FROM support_tickets WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Closes an open ticket; false when there is no such open ticket.
    pub async fn close_ticket(&self, id: i64, admin_id: i64, now: i64) -> Result<bool> {
        let closed = sqlx::query(
            "UPDATE support_tickets SET state = 'closed', closed_at = ?2, closed_by = ?3, updated_at = ?2
             WHERE id = ?1 AND state = 'open'",
        )
        .bind(id)
        .bind(now)
        .bind(admin_id)
        .execute(self.pool())
        .await?;
        Ok(closed.rows_affected() == 1)
    }

    /// Open tickets, the longest waiting first (up to `limit`), and how many are open.
    pub async fn open_tickets(&self, limit: i64) -> Result<(Vec<TicketSummary>, i64)> {
        let tickets = sqlx::query_as::<_, TicketSummary>(
            "SELECT t.id, t.user_id, u.first_name, u.username, t.updated_at,
                 (SELECT COUNT(*) FROM support_messages m WHERE m.ticket_id = t.id) AS messages,
                 (SELECT COUNT(*) FROM support_messages m WHERE m.ticket_id = t.id AND m.direction = 'in'
                     AND m.id > COALESCE((SELECT MAX(o.id) FROM support_messages o
                                          WHERE o.ticket_id = t.id AND o.direction = 'out'), 0)) AS unanswered,
                 COALESCE((SELECT m.text FROM support_messages m WHERE m.ticket_id = t.id
                           ORDER BY m.id DESC LIMIT 1), '') AS last_text
             FROM support_tickets t JOIN users u ON u.id = t.user_id
             WHERE t.state = 'open'
             ORDER BY t.updated_at, t.id
             LIMIT ?",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let total = sqlx::query_scalar("SELECT COUNT(*) FROM support_tickets WHERE state = 'open'")
            .fetch_one(self.pool())
            .await?;
        Ok((tickets, total))
    }

    /// A ticket's messages, oldest first.
    pub async fn ticket_messages(&self, ticket_id: i64) -> Result<Vec<SupportMessage>> {
        Ok(sqlx::query_as::<_, SupportMessage>(
            "SELECT id, ticket_id, direction, author_id, text, photo_file_id, created_at
             FROM support_messages WHERE ticket_id = ? ORDER BY id",
        )
        .bind(ticket_id)
        .fetch_all(self.pool())
        .await?)
    }
}

type Tx = sqlx::Transaction<'static, sqlx::Sqlite>;

async fn stored(tx: &mut Tx, message: &NewSupportMessage<'_>) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM support_messages WHERE source_chat_id = ? AND source_message_id = ?",
    )
    .bind(message.source_chat_id)
    .bind(message.source_message_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.is_some())
}

async fn unanswered(tx: &mut Tx, ticket_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM support_messages WHERE ticket_id = ?1 AND direction = 'in'
         AND id > COALESCE((SELECT MAX(id) FROM support_messages WHERE ticket_id = ?1 AND direction = 'out'), 0)",
    )
    .bind(ticket_id)
    .fetch_one(&mut **tx)
    .await?)
}

/// Adds the message to the ticket and marks the ticket as touched.
async fn insert_message(
    tx: &mut Tx,
    ticket_id: i64,
    direction: &str,
    message: &NewSupportMessage<'_>,
) -> Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO support_messages
             (ticket_id, direction, author_id, text, photo_file_id, source_chat_id, source_message_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(ticket_id)
    .bind(direction)
    .bind(message.author_id)
    .bind(message.text)
    .bind(message.photo_file_id)
    .bind(message.source_chat_id)
    .bind(message.source_message_id)
    .bind(message.created_at)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE support_tickets SET updated_at = ? WHERE id = ?")
        .bind(message.created_at)
        .bind(ticket_id)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

async fn insert_copy(
    db: impl sqlx::SqliteExecutor<'_>,
    chat_id: i64,
    message_id: i32,
    support_message_id: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO support_copies (chat_id, message_id, support_message_id) VALUES (?, ?, ?)",
    )
    .bind(chat_id)
    .bind(message_id)
    .bind(support_message_id)
    .execute(db)
    .await?;
    Ok(())
}
