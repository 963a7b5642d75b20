-- Telegram Stars top-ups. One row per successful payment, written in the same transaction as
-- its ledger credit (kind stars_topup, reference charge_id); a refund is booked on the row in
-- the same transaction as its ledger debit (kind stars_refund, same reference).
CREATE TABLE payments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT, -- short id for admin buttons
    charge_id      TEXT    NOT NULL UNIQUE,           -- Telegram's telegram_payment_charge_id
    user_id        INTEGER NOT NULL REFERENCES users (id),
    stars          INTEGER NOT NULL,
    credited_minor INTEGER NOT NULL,                  -- shop currency credited; 0 when top-ups were off
    payload        TEXT    NOT NULL,                  -- our invoice payload, as Telegram returned it
    paid_at        INTEGER NOT NULL,
    refunded_at    INTEGER,                           -- NULL: not refunded
    refunded_by    INTEGER                            -- the admin who refunded it
);
CREATE INDEX payments_user ON payments (user_id, id);
