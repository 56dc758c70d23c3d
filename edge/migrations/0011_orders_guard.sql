-- Hardening: repair passes that one bad row cannot block, and the cap on unpaid orders.

-- When a repair pass (cron) last tried the row. Each pass takes the least recently tried
-- first, so a row that keeps failing goes to the back of the queue instead of filling every
-- pass and blocking the rows behind it.
ALTER TABLE payments ADD COLUMN attempted_at TEXT;
CREATE INDEX payments_repair ON payments(status, method, attempted_at);
ALTER TABLE returns ADD COLUMN attempted_at TEXT;
ALTER TABLE orders ADD COLUMN rewards_attempted_at TEXT;

-- The order's conditional insert counts the member's live unpaid orders (at most 5) and the
-- units of each SKU they lock (at most 10): one index seek per order placed.
CREATE INDEX orders_pending_by_member ON orders(member_id, status, lock_expires_at);
