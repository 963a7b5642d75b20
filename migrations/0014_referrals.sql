-- Referrals (issue 15). A customer's personal code is random (not derived from the id) and made
-- on first use; the referrer is set once, on the customer's first /start, and never changed.
-- `started_at` marks that first /start: users from before this migration count as started.
ALTER TABLE users ADD COLUMN referral_code TEXT;
ALTER TABLE users ADD COLUMN referrer_id INTEGER REFERENCES users (id);
ALTER TABLE users ADD COLUMN started_at INTEGER;
UPDATE users SET started_at = created_at;
CREATE UNIQUE INDEX users_referral_code ON users (referral_code) WHERE referral_code IS NOT NULL;
CREATE INDEX users_referrer ON users (referrer_id) WHERE referrer_id IS NOT NULL;

-- One row per order and level whose commission was paid: the rate it was paid at (basis points),
-- what was credited, what an admin refund took back, and what could not be taken back because
-- the referrer's balance was short. Its ledger rows are `referral_commission` and
-- `referral_reversal`, both with the reference '<order id>:<level>'.
CREATE TABLE referral_commissions (
    order_id            INTEGER NOT NULL REFERENCES orders (id),
    level               INTEGER NOT NULL CHECK (level IN (1, 2)),
    referrer_id         INTEGER NOT NULL REFERENCES users (id),
    rate_bp             INTEGER NOT NULL CHECK (rate_bp > 0),
    paid_minor          INTEGER NOT NULL CHECK (paid_minor > 0),
    reversed_minor      INTEGER NOT NULL DEFAULT 0 CHECK (reversed_minor >= 0),
    unrecovered_minor   INTEGER NOT NULL DEFAULT 0 CHECK (unrecovered_minor >= 0),
    created_at          INTEGER NOT NULL,
    PRIMARY KEY (order_id, level),
    CHECK (reversed_minor + unrecovered_minor <= paid_minor)
);
CREATE INDEX referral_commissions_referrer ON referral_commissions (referrer_id);
