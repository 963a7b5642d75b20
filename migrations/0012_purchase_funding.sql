-- The credit meant to pay for a waiting purchase, recorded in that credit's own transaction
-- (JSON: the way it was paid, its reference, the amount). A waiting purchase with `funded_by`
-- set is due to be placed; the one who placed it clears the mark (or ends the purchase) in the
-- same transaction that queues the customer's one message about it, so a crash in between is
-- picked up by the poller's next round and told once.
ALTER TABLE pending_purchases ADD COLUMN funded_by TEXT;
-- When a placer took the funded purchase on: one at a time (the handler that saw the credit, or
-- the poller's round), and again only after a lease long enough for any order call to end.
ALTER TABLE pending_purchases ADD COLUMN claimed_at INTEGER;
CREATE INDEX pending_purchases_funded ON pending_purchases (id)
    WHERE status = 'waiting' AND funded_by IS NOT NULL;
