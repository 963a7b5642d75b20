-- Crypto Pay (@CryptoBot) top-ups. One row per invoice we ask for, written BEFORE Crypto Pay is
-- asked (status 'creating'), so a repeated tap finds it instead of making a second invoice. Our
-- row id travels in the invoice's payload ('cp1:<id>'); its credit is one ledger row of kind
-- crypto_topup with reference = this id, written in the same transaction as status 'paid'.
CREATE TABLE crypto_invoices (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0), -- what we asked for, shop currency
    fiat         TEXT    NOT NULL,                           -- the shop currency it was asked in
    -- creating: Crypto Pay is being asked; active: waiting for the payment; paid: credited
    -- (final); expired: not paid in time; failed: Crypto Pay said no; unknown: the creation's
    -- answer was lost (never retried: the customer simply asks again); attention: Crypto Pay
    -- reported something that does not match what we asked, for an admin.
    status       TEXT    NOT NULL CHECK (status IN
                     ('creating', 'active', 'paid', 'expired', 'failed', 'unknown', 'attention')),
    invoice_id   INTEGER UNIQUE,                             -- Crypto Pay's, once it answered
    invoice_url  TEXT,                                       -- bot_invoice_url
    expires_at   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    paid_at      INTEGER,                                    -- set with the credit, in one step
    paid_asset   TEXT,
    paid_amount  TEXT,
    problem      TEXT,                                       -- why it failed or needs attention
    CHECK ((status = 'paid') = (paid_at IS NOT NULL))
);
-- One open invoice per customer and amount: a second tap (or a retried callback) for the same
-- amount finds the first instead of making another.
CREATE UNIQUE INDEX crypto_invoices_open ON crypto_invoices (user_id, amount_minor)
    WHERE status IN ('creating', 'active');
CREATE INDEX crypto_invoices_status ON crypto_invoices (status, expires_at);
