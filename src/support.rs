//! Customer support: what a customer writes to the shop becomes a ticket that admins answer.
//!
//! A customer has at most one open ticket; whatever they write while it is open joins it. What
//! they may write is capped — its length, how much a minute, how much in a row without an
//! answer — so that nobody can flood the admins. Answers and closing belong to admins (the bot
//! checks that). Everything, including where each message was shown in Telegram, is stored, so
//! an admin's reply reaches the customer after a restart too.

use crate::config::{Config, SupportContact};
use crate::db::support::{CustomerActivity, NewSupportMessage, Recorded, Ticket, TicketSummary};
use crate::db::{Db, now};
use crate::error::Result;

/// The longest text a customer may send, in UTF-16 code units as Telegram counts (characters,
/// for most scripts; an emoji is two): a message, not an essay.
pub const TEXT_MAX_UNITS: usize = 2000;
/// The longest photo caption: it travels to admins under the customer's details, and Telegram
/// allows 1024 characters in all.
pub const CAPTION_MAX_UNITS: usize = 500;
/// The longest answer: Telegram allows 4096, and it goes out under a heading.
pub const ANSWER_MAX_UNITS: usize = 3500;
/// The longest answer caption, for the same reason (Telegram allows 1024).
pub const ANSWER_CAPTION_MAX_UNITS: usize = 900;
/// Messages a customer may send within a minute.
pub const PER_MINUTE: i64 = 3;
/// Messages a customer may send in a row before an answer comes.
pub const MAX_UNANSWERED: i64 = 10;
/// Tickets `/tickets` shows at a time.
pub const LISTED_TICKETS: i64 = 10;

/// How customers can reach support: in the bot (when there are admins to answer), and through
/// the shop's own contact when one is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub in_bot: bool,
    pub contact: Option<SupportContact>,
}

impl Reach {
    /// In the bot when there are admins to answer; the contact when `SUPPORT_CONTACT` is set.
    pub fn of(config: &Config) -> Self {
        Self {
            in_bot: !config.admin_ids.is_empty(),
            contact: config.support_contact.clone(),
        }
    }

    /// Which of the two exist, as the locale texts choose their words: `both`, `bot`, `contact`
    /// or `none`.
    pub fn via(&self) -> &'static str {
        match (self.in_bot, self.contact.is_some()) {
            (true, true) => "both",
            (true, false) => "bot",
            (false, true) => "contact",
            (false, false) => "none",
        }
    }
}

/// A message to or from support: text, or a photo with a caption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Text(String),
    Photo { file_id: String, caption: String },
}

impl Content {
    /// The text, or the photo's caption.
    pub fn text(&self) -> &str {
        match self {
            Self::Text(text) => text,
            Self::Photo { caption, .. } => caption,
        }
    }

    pub fn photo(&self) -> Option<&str> {
        match self {
            Self::Text(_) => None,
            Self::Photo { file_id, .. } => Some(file_id),
        }
    }
}

/// Why a message was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A text with nothing in it.
    Empty,
    TooLong {
        max_units: usize,
    },
    /// More than [`PER_MINUTE`] messages within a minute.
    TooFast,
    /// [`MAX_UNANSWERED`] messages in a row are waiting for an answer already.
    TooManyUnanswered,
}

/// Who wrote a message, which sets its length cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Customer,
    Admin,
}

/// Whether `content` may be sent by `side`, by its length alone.
pub fn check_length(content: &Content, side: Side) -> Result<(), Refusal> {
    let max_units = match (side, content) {
        (Side::Customer, Content::Text(_)) => TEXT_MAX_UNITS,
        (Side::Customer, Content::Photo { .. }) => CAPTION_MAX_UNITS,
        (Side::Admin, Content::Text(_)) => ANSWER_MAX_UNITS,
        (Side::Admin, Content::Photo { .. }) => ANSWER_CAPTION_MAX_UNITS,
    };
    let text = content.text().trim();
    if matches!(content, Content::Text(_)) && text.is_empty() {
        return Err(Refusal::Empty);
    }
    if text.encode_utf16().count() > max_units {
        return Err(Refusal::TooLong { max_units });
    }
    Ok(())
}

/// Whether a customer who wrote `activity` lately may write once more.
pub fn admit(activity: &CustomerActivity) -> Result<(), Refusal> {
    if activity.in_last_minute >= PER_MINUTE {
        return Err(Refusal::TooFast);
    }
    if activity.unanswered >= MAX_UNANSWERED {
        return Err(Refusal::TooManyUnanswered);
    }
    Ok(())
}

/// What became of a customer's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// Stored in ticket `ticket_id` (a new one when `opened`); admins are to see it.
    Accepted {
        ticket_id: i64,
        message_id: i64,
        opened: bool,
    },
    Refused(Refusal),
    /// The same Telegram message again (a repeated update): nothing more to do.
    Duplicate,
}

/// Where a message was written in Telegram: `(chat id, message id)`.
pub type Source = (i64, i32);

/// Takes a customer's message into their open ticket, or opens one.
pub async fn receive(db: &Db, customer_id: i64, content: &Content, source: Source) -> Result<Received> {
    if let Err(refusal) = check_length(content, Side::Customer) {
        return Ok(Received::Refused(refusal));
    }
    let message = new_message(customer_id, content, source);
    Ok(match db.record_customer_message(&message, admit).await? {
        Recorded::Stored {
            ticket_id,
            message_id,
            opened,
        } => Received::Accepted {
            ticket_id,
            message_id,
            opened,
        },
        Recorded::Refused(refusal) => Received::Refused(refusal),
        Recorded::Duplicate => Received::Duplicate,
    })
}

/// The ticket a reply to message `message_id` of `chat_id` belongs to, if that message was a
/// support message.
pub async fn ticket_replied_to(db: &Db, chat_id: i64, message_id: i32) -> Result<Option<Ticket>> {
    db.ticket_of_copy(chat_id, message_id).await
}

/// Records that an admin's answer reached the customer as their message `delivered_as`.
pub async fn record_answer(
    db: &Db,
    ticket: &Ticket,
    admin_id: i64,
    content: &Content,
    source: Source,
    delivered_as: i32,
) -> Result<()> {
    let message = new_message(admin_id, content, source);
    db.record_answer(ticket.id, &message, ticket.user_id, delivered_as)
        .await?;
    Ok(())
}

/// Closes a ticket; `None` when it is not open (closed already, or no such ticket), else the
/// customer whose ticket it was.
pub async fn close(db: &Db, ticket_id: i64, admin_id: i64) -> Result<Option<i64>> {
    let Some(ticket) = db.ticket(ticket_id).await? else {
        return Ok(None);
    };
    let closed = db.close_ticket(ticket_id, admin_id, now()).await?;
    Ok(closed.then_some(ticket.user_id))
}

/// The open tickets admins see first, and how many are open in all.
pub async fn open_tickets(db: &Db) -> Result<(Vec<TicketSummary>, i64)> {
    db.open_tickets(LISTED_TICKETS).await
}

fn new_message<'a>(
    author_id: i64,
    content: &'a Content,
    (chat_id, message_id): Source,
) -> NewSupportMessage<'a> {
    NewSupportMessage {
        author_id,
        text: content.text(),
        photo_file_id: content.photo(),
        source_chat_id: chat_id,
        source_message_id: message_id,
        created_at: now(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::{customer, temp_db};

    const CUSTOMER: i64 = 10;
    const ADMIN: i64 = 1;

    fn text(words: &str) -> Content {
        Content::Text(words.to_string())
    }

    fn accepted(received: Received) -> (i64, i64, bool) {
        match received {
            Received::Accepted {
                ticket_id,
                message_id,
                opened,
            } => (ticket_id, message_id, opened),
            other => panic!("not accepted: {other:?}"),
        }
    }

    #[test]
    fn lengths_are_capped_per_side_and_kind() {
        let long = |n: usize| "я".repeat(n);
        assert_eq!(check_length(&text(&long(TEXT_MAX_UNITS)), Side::Customer), Ok(()));
        assert_eq!(
            check_length(&text(&long(TEXT_MAX_UNITS + 1)), Side::Customer),
            Err(Refusal::TooLong {
                max_units: TEXT_MAX_UNITS
            })
        );
        assert_eq!(
            check_length(&text(&long(TEXT_MAX_UNITS + 1)), Side::Admin),
            Ok(())
        );
        // An emoji counts two, as Telegram counts it.
        assert!(check_length(&text(&"😀".repeat(TEXT_MAX_UNITS / 2 + 1)), Side::Customer).is_err());
        let photo = |caption: String| Content::Photo {
            file_id: "f".into(),
            caption,
        };
        assert_eq!(check_length(&photo(String::new()), Side::Customer), Ok(()));
        assert_eq!(
            check_length(&photo(long(CAPTION_MAX_UNITS + 1)), Side::Customer),
            Err(Refusal::TooLong {
                max_units: CAPTION_MAX_UNITS
            })
        );
        assert_eq!(check_length(&text("  \n "), Side::Customer), Err(Refusal::Empty));
    }

    #[test]
    fn the_caps_on_pace_and_on_unanswered_messages() {
        let activity = |in_last_minute, unanswered| CustomerActivity {
            in_last_minute,
            unanswered,
        };
        assert_eq!(admit(&activity(PER_MINUTE - 1, MAX_UNANSWERED - 1)), Ok(()));
        assert_eq!(admit(&activity(PER_MINUTE, 0)), Err(Refusal::TooFast));
        assert_eq!(
            admit(&activity(0, MAX_UNANSWERED)),
            Err(Refusal::TooManyUnanswered)
        );
    }

    #[test]
    fn reach_names_what_exists() {
        let contact = Some(SupportContact::Username("shop_help".into()));
        let reach = |in_bot, contact: &Option<SupportContact>| Reach {
            in_bot,
            contact: contact.clone(),
        };
        assert_eq!(reach(true, &contact).via(), "both");
        assert_eq!(reach(true, &None).via(), "bot");
        assert_eq!(reach(false, &contact).via(), "contact");
        assert_eq!(reach(false, &None).via(), "none");
    }

    #[tokio::test]
    async fn a_ticket_opens_collects_messages_both_ways_and_closes() {
        let (db, _dir) = temp_db().await;
        customer(&db, CUSTOMER).await;

        let (ticket_id, first, opened) = accepted(
            receive(&db, CUSTOMER, &text("Hello"), (CUSTOMER, 1))
                .await
                .unwrap(),
        );
        assert!(opened);
        // Shown to the admin as their message 7; a reply to it finds the ticket.
        db.add_support_copy(first, ADMIN, 7).await.unwrap();
        let ticket = ticket_replied_to(&db, ADMIN, 7).await.unwrap().expect("a ticket");
        assert_eq!(
            (ticket.id, ticket.user_id, ticket.is_open()),
            (ticket_id, CUSTOMER, true)
        );
        assert_eq!(ticket_replied_to(&db, ADMIN, 8).await.unwrap(), None);

        // The same Telegram message again is not stored twice; a new one joins the ticket.
        assert_eq!(
            receive(&db, CUSTOMER, &text("Hello"), (CUSTOMER, 1))
                .await
                .unwrap(),
            Received::Duplicate
        );
        let photo = Content::Photo {
            file_id: "photo-1".into(),
            caption: "the screenshot".into(),
        };
        let (same, _, opened) = accepted(receive(&db, CUSTOMER, &photo, (CUSTOMER, 2)).await.unwrap());
        assert_eq!((same, opened), (ticket_id, false));

        record_answer(&db, &ticket, ADMIN, &text("We are on it"), (ADMIN, 9), 3)
            .await
            .unwrap();
        // The customer's reply to the answer (their message 3) finds the ticket too.
        assert_eq!(
            ticket_replied_to(&db, CUSTOMER, 3).await.unwrap().map(|t| t.id),
            Some(ticket_id)
        );
        let (listed, total) = open_tickets(&db).await.unwrap();
        assert_eq!(total, 1);
        assert_eq!(
            (
                listed[0].messages,
                listed[0].unanswered,
                listed[0].last_text.as_str()
            ),
            (3, 0, "We are on it")
        );
        let stored: Vec<_> = db
            .ticket_messages(ticket_id)
            .await
            .unwrap()
            .into_iter()
            .map(|m| (m.direction, m.author_id, m.text, m.photo_file_id))
            .collect();
        assert_eq!(
            stored,
            [
                ("in".to_string(), CUSTOMER, "Hello".to_string(), None),
                (
                    "in".into(),
                    CUSTOMER,
                    "the screenshot".into(),
                    Some("photo-1".to_string())
                ),
                ("out".into(), ADMIN, "We are on it".into(), None),
            ]
        );

        assert_eq!(close(&db, ticket_id, ADMIN).await.unwrap(), Some(CUSTOMER));
        assert_eq!(close(&db, ticket_id, ADMIN).await.unwrap(), None);
        assert_eq!(close(&db, 999, ADMIN).await.unwrap(), None);
        assert_eq!(open_tickets(&db).await.unwrap().1, 0);

        // Writing again opens a new ticket.
        let (next, _, opened) = accepted(
            receive(&db, CUSTOMER, &text("One more thing"), (CUSTOMER, 4))
                .await
                .unwrap(),
        );
        assert!(opened);
        assert_ne!(next, ticket_id);
    }

    #[tokio::test]
    async fn a_customer_who_writes_too_fast_is_refused_and_nothing_is_stored() {
        let (db, _dir) = temp_db().await;
        customer(&db, CUSTOMER).await;
        for message_id in 1..=3 {
            accepted(
                receive(&db, CUSTOMER, &text("help"), (CUSTOMER, message_id))
                    .await
                    .unwrap(),
            );
        }
        assert_eq!(
            receive(&db, CUSTOMER, &text("help!!"), (CUSTOMER, 4))
                .await
                .unwrap(),
            Received::Refused(Refusal::TooFast)
        );
        let too_long = text(&"x".repeat(TEXT_MAX_UNITS + 1));
        assert!(matches!(
            receive(&db, CUSTOMER, &too_long, (CUSTOMER, 5)).await.unwrap(),
            Received::Refused(Refusal::TooLong { .. })
        ));
        let (tickets, _) = open_tickets(&db).await.unwrap();
        assert_eq!(tickets[0].messages, 3);
    }
}
