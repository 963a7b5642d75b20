-- A customer may mute the messages about their orders' progress (the start and the milestones);
-- the end of an order and anything about money still reach them.
ALTER TABLE users ADD COLUMN progress_muted INTEGER NOT NULL DEFAULT 0 CHECK (progress_muted IN (0, 1));
