-- An order the customer confirmed but could not pay yet: kept with its quote until a top-up
-- credits the balance, then placed automatically at that price through the usual order path.
-- `request_key` is the key the order is placed with (orders.request_key), so however many
-- credits arrive, the purchase becomes one order at most. No money is ever held here.
CREATE TABLE pending_purchases (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id             INTEGER NOT NULL REFERENCES users (id),
    service_id          INTEGER NOT NULL REFERENCES services (id),
    link                TEXT    NOT NULL,
    quantity            INTEGER NOT NULL CHECK (quantity > 0),
    extras              TEXT    NOT NULL,                      -- OrderExtras as JSON
    quoted_charge_minor INTEGER NOT NULL CHECK (quoted_charge_minor > 0),
    quoted_at           INTEGER NOT NULL,                      -- when the confirmation priced it
    request_key         TEXT    NOT NULL UNIQUE,
    -- waiting: for a credit; placed: the order was made (order_id; whatever became of it then);
    -- replaced: a newer purchase took its place; cancelled: the customer left it; expired: not
    -- paid in time; price_changed / unavailable: tried after a credit, nothing was charged.
    status              TEXT    NOT NULL CHECK (status IN ('waiting', 'placed', 'replaced',
                            'cancelled', 'expired', 'price_changed', 'unavailable')),
    order_id            INTEGER REFERENCES orders (id),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    CHECK ((status = 'placed') = (order_id IS NOT NULL))
);
-- One waiting purchase per customer.
CREATE UNIQUE INDEX pending_purchases_waiting ON pending_purchases (user_id) WHERE status = 'waiting';
