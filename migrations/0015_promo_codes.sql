-- Promo codes: a credit adds money once per customer; a discount comes off the customer's next
-- order. Codes are stored upper-case and matched case-insensitively.
CREATE TABLE promo_codes (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('credit', 'discount')),
    -- A credit's amount (minor units) or a discount's percent.
    value INTEGER NOT NULL CHECK (value > 0),
    -- NULL: no limit. `uses` only grows through a conditional update, so it never passes it.
    max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
    uses INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)),
    -- What the code has given away so far, minor units.
    cost_minor INTEGER NOT NULL DEFAULT 0,
    -- Valid before this unix time (the end of the admin's `until` day, UTC); NULL: no end.
    valid_until INTEGER,
    new_customers_only INTEGER NOT NULL DEFAULT 0 CHECK (new_customers_only IN (0, 1)),
    -- The admin allowed a discount to sell below cost.
    below_cost INTEGER NOT NULL DEFAULT 0 CHECK (below_cost IN (0, 1)),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- One row per customer and code: a credit is taken once; a discount waits attached to the
-- customer's next order (`attached`), is `consumed` by the order that paid with it, and goes back
-- to `attached` when that order is rejected at once.
CREATE TABLE promo_redemptions (
    code TEXT NOT NULL REFERENCES promo_codes (code),
    user_id INTEGER NOT NULL REFERENCES users (id),
    state TEXT NOT NULL CHECK (state IN ('credited', 'attached', 'consumed')),
    order_id INTEGER,
    amount_minor INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (code, user_id)
);
-- At most one discount waits for a customer's next order.
CREATE UNIQUE INDEX promo_one_attached ON promo_redemptions (user_id) WHERE state = 'attached';

-- Wrong guesses, kept so that a restart does not forgive them.
CREATE TABLE promo_guesses (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    wrong INTEGER NOT NULL DEFAULT 0,
    blocked_until INTEGER NOT NULL DEFAULT 0
);
