-- Pricing: the operator's markups and exchange rates, per-service overrides that survive syncs,
-- and the loss guard. Percentages and rates are exact decimal text; money is minor units of the
-- shop currency.

-- The global markup once an admin has set it with /markup (until then: DEFAULT_MARKUP_PERCENT).
CREATE TABLE pricing_settings (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    global_markup_percent TEXT    NOT NULL,
    updated_at            INTEGER NOT NULL
);

CREATE TABLE category_markups (
    category_id    INTEGER PRIMARY KEY REFERENCES categories (id),
    markup_percent TEXT    NOT NULL,
    updated_at     INTEGER NOT NULL
);

-- Shop currency units per 1 unit of `currency`; a provider currency without a row is not sold.
CREATE TABLE fx_rates (
    currency   TEXT    PRIMARY KEY,
    rate       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

-- What the operator set for one service. A sync never touches these; `services.name` and
-- `services.description` are what customers see: the override, else the provider's words.
CREATE TABLE service_overrides (
    service_id        INTEGER PRIMARY KEY REFERENCES services (id),
    name              TEXT,
    description       TEXT,
    fixed_price_minor INTEGER,                  -- our price per unit_items, instead of a markup
    markup_percent    TEXT,
    updated_at        INTEGER NOT NULL
);

-- The provider's own words, kept apart from the names customers see.
ALTER TABLE services ADD COLUMN provider_name TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN provider_description TEXT;
-- Why the listing itself cannot be sold (type, limits, currency, delisted); `hidden_reason`
-- is this or a pricing reason (no exchange rate, below cost).
ALTER TABLE services ADD COLUMN listing_problem TEXT;
-- When pricing last found the service selling below its cost; NULL while it is not. Admins are
-- told once per crossing.
ALTER TABLE services ADD COLUMN loss_since INTEGER;

UPDATE services SET provider_name = name, provider_description = description,
    listing_problem = hidden_reason;
