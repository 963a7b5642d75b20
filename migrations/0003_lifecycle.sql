-- Orders live on: the poller's schedule, what it observed, refunds, refills, notifications.

ALTER TABLE orders ADD COLUMN next_check_at INTEGER;          -- NULL: not polled (terminal, or no provider id yet)
ALTER TABLE orders ADD COLUMN checked_at INTEGER;             -- last status answer
ALTER TABLE orders ADD COLUMN provider_charge TEXT;           -- what the provider says it charged us
ALTER TABLE orders ADD COLUMN refunded_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN cancel_requested_at INTEGER;
CREATE INDEX orders_due ON orders (next_check_at) WHERE next_check_at IS NOT NULL;

-- Every observed change of an order, for admins and for the record.
CREATE TABLE order_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id        INTEGER NOT NULL REFERENCES orders (id),
    state           TEXT    NOT NULL,
    provider_status TEXT,
    remains         INTEGER,
    start_count     INTEGER,
    provider_charge TEXT,
    observed_at     INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

CREATE TABLE refills (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id           INTEGER NOT NULL REFERENCES orders (id),
    provider_refill_id TEXT    NOT NULL,
    state              TEXT    NOT NULL,            -- pending | in_progress | completed | rejected | unknown
    provider_status    TEXT,
    next_check_at      INTEGER,                     -- NULL once finished
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX refills_due ON refills (next_check_at) WHERE next_check_at IS NOT NULL;

-- The customer blocked the bot: no more messages to them.
ALTER TABLE users ADD COLUMN blocked_at INTEGER;

-- Messages to send, written in the same transaction as what they report, so none is lost;
-- the unique key keeps any from being queued twice.
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id         INTEGER NOT NULL,
    dedupe_key      TEXT    NOT NULL UNIQUE,
    payload         TEXT    NOT NULL,               -- JSON Notice, rendered in the reader's language when sent
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    gave_up_at      INTEGER,
    last_error      TEXT
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE sent_at IS NULL AND gave_up_at IS NULL;

-- Per provider: how the poller's calls have been going, to back off one that keeps failing.
CREATE TABLE provider_health (
    provider        TEXT    PRIMARY KEY,
    failures        INTEGER NOT NULL DEFAULT 0,     -- consecutive
    backoff_until   INTEGER,
    last_success_at INTEGER,
    last_error      TEXT,
    last_error_at   INTEGER
);

-- Orders placed before the poller existed are due at once.
UPDATE orders SET next_check_at = updated_at
WHERE state IN ('placed', 'pending', 'in_progress') AND provider_order_id IS NOT NULL;
