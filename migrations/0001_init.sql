-- Money is stored as integer minor units of the shop currency (kopecks, cents);
-- provider rates as exact decimal text. Times are unix seconds (UTC).

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,          -- Telegram user id
    username        TEXT,
    first_name      TEXT    NOT NULL DEFAULT '',
    language        TEXT    NOT NULL,
    balance_minor   INTEGER NOT NULL DEFAULT 0,   -- always the sum of the user's ledger rows
    created_at      INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL
);
CREATE INDEX users_username ON users (username COLLATE NOCASE);

-- Every balance change, written in the same transaction as the change itself.
-- (kind, reference) is unique so that a payment or a refund can be applied once only.
CREATE TABLE ledger (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id             INTEGER NOT NULL REFERENCES users (id),
    kind                TEXT    NOT NULL,
    reference           TEXT    NOT NULL,
    amount_minor        INTEGER NOT NULL,
    balance_after_minor INTEGER NOT NULL,
    note                TEXT,
    created_at          INTEGER NOT NULL,
    UNIQUE (kind, reference)
);
CREATE INDEX ledger_user ON ledger (user_id, id);

CREATE TABLE categories (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE services (
    id                  INTEGER PRIMARY KEY,
    provider            TEXT    NOT NULL,
    provider_service_id TEXT    NOT NULL,
    category_id         INTEGER NOT NULL REFERENCES categories (id),
    name                TEXT    NOT NULL,
    description         TEXT,
    kind                TEXT    NOT NULL,
    link_rule           TEXT    NOT NULL,         -- any_url | telegram | referral
    target_bot          TEXT,                     -- referral services: the mini-app bot
    rate                TEXT    NOT NULL,         -- provider price per unit_items, exact decimal
    rate_currency       TEXT,
    unit_items          INTEGER NOT NULL,         -- 1000 or 1
    price_minor         INTEGER,                  -- our price per unit_items; NULL: not priced
    min_quantity        INTEGER NOT NULL,
    max_quantity        INTEGER NOT NULL,
    enabled             INTEGER NOT NULL DEFAULT 1, -- the operator's switch
    hidden_reason       TEXT,                     -- set when the service must not be sold
    missing_syncs       INTEGER NOT NULL DEFAULT 0, -- consecutive syncs without it upstream
    synced_at           INTEGER NOT NULL,
    UNIQUE (provider, provider_service_id)
);
CREATE INDEX services_category ON services (category_id);

CREATE TABLE orders (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id             INTEGER NOT NULL REFERENCES users (id),
    service_id          INTEGER NOT NULL REFERENCES services (id),
    provider            TEXT    NOT NULL,
    provider_service_id TEXT    NOT NULL,
    request_key         TEXT    NOT NULL UNIQUE,  -- one customer action places one order
    link                TEXT    NOT NULL,
    quantity            INTEGER NOT NULL,
    charge_minor        INTEGER NOT NULL,
    provider_order_id   TEXT,
    state               TEXT    NOT NULL,
    provider_status     TEXT,                     -- the provider's own words, last seen
    remains             INTEGER,
    start_count         INTEGER,
    error               TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX orders_user ON orders (user_id, id);
CREATE INDEX orders_state ON orders (state);

-- teloxide dialogue state per chat, as JSON, so a restart resumes where the customer was.
CREATE TABLE dialogues (
    chat_id    INTEGER PRIMARY KEY,
    state      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
