-- The shop's own panel API v2 (issue 16): customers' API keys, resellers, and where each order
-- came from.

-- A key is shown to its owner once and stored only as its SHA-256 (hex); a revoked key stays
-- for the record and stops working at once. A customer has at most one live key.
CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    key_hash    TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE UNIQUE INDEX api_keys_live ON api_keys (user_id) WHERE revoked_at IS NULL;

-- Marked by an admin: may create an API key when API_RESELLERS_ONLY is on.
ALTER TABLE users ADD COLUMN is_reseller INTEGER NOT NULL DEFAULT 0 CHECK (is_reseller IN (0, 1));
-- A markup percent (exact decimal text) that replaces the shop's markups in this customer's API
-- prices; NULL: the chat prices.
ALTER TABLE users ADD COLUMN reseller_markup TEXT;

-- 'chat' or 'api' (a Mini App will add 'webapp'): checked in code, so a new origin needs no
-- table rebuild.
ALTER TABLE orders ADD COLUMN origin TEXT NOT NULL DEFAULT 'chat';
