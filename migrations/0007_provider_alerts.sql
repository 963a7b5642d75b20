-- Since when a provider's balance has been under its PROVIDER_<NAME>_LOW_BALANCE; NULL while it
-- is not (or was never checked). Admins are told when this goes from NULL to a time, so once
-- per crossing, and again only after the balance has been back above the level.
ALTER TABLE provider_health ADD COLUMN low_balance_since INTEGER;
