-- Throttles counted atomically before the check they guard (shared/src/throttle.rs).
-- One row per counter key: the window's end and the attempts counted in it. Integer Unix
-- milliseconds, so "has the window ended" and pruning are plain comparisons.
-- The old `throttle` table (read, check, then write) is replaced; its windows last at most
-- 15 minutes, so nothing of value is lost.
DROP TABLE IF EXISTS throttle;

CREATE TABLE throttles (
  key TEXT PRIMARY KEY,                -- e.g. 'sign-in:member:13800000001', 'register:203.0.113.7'
  resets_at INTEGER NOT NULL,          -- when the window ends (Unix ms)
  attempts INTEGER NOT NULL CHECK (attempts >= 0)
);
CREATE INDEX throttles_by_reset ON throttles(resets_at);

-- The scheduled job prunes sessions long expired, oldest first.
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
