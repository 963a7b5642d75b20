-- Money that cannot drift. A balance moves only together with its ledger row: inserting a
-- ledger row is what moves the balance (the row is written first, so the ledger's unique
-- (kind, reference) key stops a repeated movement before any money moves), and every other
-- change of a balance is refused. The ledger is append-only.

CREATE TRIGGER ledger_row_matches_balance BEFORE INSERT ON ledger
WHEN NEW.balance_after_minor IS NOT
     (SELECT balance_minor + NEW.amount_minor FROM users WHERE id = NEW.user_id)
BEGIN
    SELECT RAISE(ABORT, 'ledger row does not follow the balance');
END;

CREATE TRIGGER ledger_moves_balance AFTER INSERT ON ledger
BEGIN
    UPDATE users SET balance_minor = NEW.balance_after_minor WHERE id = NEW.user_id;
END;

CREATE TRIGGER balance_moves_only_with_ledger BEFORE UPDATE OF balance_minor ON users
WHEN NEW.balance_minor IS NOT
     (SELECT balance_after_minor FROM ledger WHERE user_id = NEW.id ORDER BY id DESC LIMIT 1)
BEGIN
    SELECT RAISE(ABORT, 'a balance changes only through the ledger');
END;

CREATE TRIGGER users_start_at_zero BEFORE INSERT ON users
WHEN NEW.balance_minor != 0
BEGIN
    SELECT RAISE(ABORT, 'a balance changes only through the ledger');
END;

CREATE TRIGGER ledger_is_append_only_update BEFORE UPDATE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'the ledger is append-only');
END;

CREATE TRIGGER ledger_is_append_only_delete BEFORE DELETE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'the ledger is append-only');
END;

-- A Stars payment is recorded the moment Telegram reports it, and credited in a step of its
-- own that is retried until it succeeds: `credited_minor` is what it credits (0 when top-ups
-- were off), `credited_at` when that credit was booked (NULL: not yet).
ALTER TABLE payments ADD COLUMN credited_at INTEGER;
UPDATE payments SET credited_at = paid_at WHERE credited_minor > 0;

-- The audit's "no upstream order billed twice" and the placement's check of a new provider id.
CREATE INDEX orders_provider_order ON orders (provider, provider_order_id)
    WHERE provider_order_id IS NOT NULL;
