-- Idempotency keys, scoped to (caller, endpoint): the body each key was first used with, so a
-- reused key with another body is refused. Pruned by the cron after a week.
CREATE TABLE idempotency_keys (
  caller TEXT NOT NULL,       -- 'member:M…' or 'staff:G…'
  endpoint TEXT NOT NULL,     -- the route's path template
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,  -- of the body, compared by JSON value
  created_at TEXT NOT NULL,
  PRIMARY KEY (caller, endpoint, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);

-- The audit log: staff actions that move money, stock, codes or coupons. Append-only (no
-- UPDATE or DELETE anywhere, enforced below). An action is written *before* it runs
-- (`requested`) and its outcome after (`done` or `refused`), so an action that happened can
-- never be missing from the log: a crash in between leaves it `requested` (shown as
-- unconfirmed). `ref` names the action, so a retry of the same action adds no second row.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  store_id TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  ref TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('requested', 'done', 'refused')),
  UNIQUE (ref, outcome)
);
CREATE INDEX audit_log_by_store_time ON audit_log(store_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- A return that completes an order takes back what the order earned: an unused payment-gift
-- coupon leaves the wallet; a used one is kept out of the refund (`kept_fen`), and the return
-- says so (`kept_note`).
ALTER TABLE returns ADD COLUMN kept_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE returns ADD COLUMN kept_note TEXT NOT NULL DEFAULT '';
