-- Admin moderation: bans, the maintenance switch, broadcasts.

-- A banned customer gets one short answer and nothing else: `ban_told_at` records that answer,
-- so it is given once per ban. Admins cannot be banned (the bot ignores the mark for them).
ALTER TABLE users ADD COLUMN banned_at INTEGER;
ALTER TABLE users ADD COLUMN ban_told_at INTEGER;

-- Shop-wide switches that survive a restart, by name: `maintenance` = `on` | `off`.
CREATE TABLE shop_settings (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A copy of one message of an admin's chat, sent to every customer.
CREATE TABLE broadcasts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    admin_id            INTEGER NOT NULL,
    source_chat_id      INTEGER NOT NULL,
    source_message_id   INTEGER NOT NULL,
    state               TEXT    NOT NULL,           -- draft | sending | done | aborted | canceled
    progress_message_id INTEGER,                    -- the admin's message that shows the progress
    created_at          INTEGER NOT NULL,
    started_at          INTEGER,
    finished_at         INTEGER
);
CREATE INDEX broadcasts_sending ON broadcasts (id) WHERE state = 'sending';

-- The recipients, fixed when the broadcast starts. A row is claimed (`sending`) right before
-- its copy goes out and marked with the outcome right after; a row still `sending` after a
-- restart becomes `unknown` and is never sent again.
CREATE TABLE broadcast_recipients (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id),
    user_id      INTEGER NOT NULL,
    state        TEXT    NOT NULL DEFAULT 'pending', -- pending | sending | sent | blocked | failed | unknown
    error        TEXT,
    updated_at   INTEGER,
    PRIMARY KEY (broadcast_id, user_id)
);
CREATE INDEX broadcast_recipients_state ON broadcast_recipients (broadcast_id, state);
