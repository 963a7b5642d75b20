-- Customer support: a ticket per conversation, its messages both ways, and every place a
-- message was shown in Telegram, so that a reply to any of those copies finds its ticket, after
-- a restart too.

CREATE TABLE support_tickets (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    state      TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at  INTEGER,
    closed_by  INTEGER
);
-- One open ticket per customer: whatever they write while it is open joins it.
CREATE UNIQUE INDEX support_tickets_one_open ON support_tickets (user_id) WHERE state = 'open';

CREATE TABLE support_messages (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id         INTEGER NOT NULL REFERENCES support_tickets (id),
    -- in: the customer wrote it; out: an admin's answer.
    direction         TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    author_id         INTEGER NOT NULL,
    -- The text, or the photo's caption (perhaps empty).
    text              TEXT    NOT NULL,
    photo_file_id     TEXT,
    -- The Telegram message it was written as: an update delivered twice is stored once.
    source_chat_id    INTEGER NOT NULL,
    source_message_id INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    UNIQUE (source_chat_id, source_message_id)
);
CREATE INDEX support_messages_ticket ON support_messages (ticket_id, id);
CREATE INDEX support_messages_author ON support_messages (author_id, direction, created_at);

-- Where a support message was shown: each admin's chat for a customer's message, the
-- customer's chat for an answer. A reply to one of these belongs to its ticket.
CREATE TABLE support_copies (
    chat_id            INTEGER NOT NULL,
    message_id         INTEGER NOT NULL,
    support_message_id INTEGER NOT NULL REFERENCES support_messages (id),
    PRIMARY KEY (chat_id, message_id)
);
