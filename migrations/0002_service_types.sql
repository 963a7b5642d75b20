-- Service capabilities from the provider's listing (1 = the provider says yes).
ALTER TABLE services ADD COLUMN refill INTEGER NOT NULL DEFAULT 0;
ALTER TABLE services ADD COLUMN cancel INTEGER NOT NULL DEFAULT 0;
ALTER TABLE services ADD COLUMN dripfeed INTEGER NOT NULL DEFAULT 0;

-- Type-specific order parameters. For drip-feed orders `quantity` is per run and the charge
-- covers runs x quantity; for custom comments `quantity` is the number of comment lines.
ALTER TABLE orders ADD COLUMN comments TEXT;
ALTER TABLE orders ADD COLUMN answer_number INTEGER;
ALTER TABLE orders ADD COLUMN runs INTEGER;
ALTER TABLE orders ADD COLUMN interval_minutes INTEGER;
