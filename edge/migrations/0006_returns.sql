-- Returns across channels: goods bought online come back at any store's counter.

CREATE TABLE returns (
  id TEXT PRIMARY KEY,                  -- derived from (order, Idempotency-Key)
  order_id TEXT NOT NULL REFERENCES orders(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  store_id TEXT NOT NULL REFERENCES stores(id),   -- where the goods came back (their pool)
  staff_id TEXT NOT NULL,
  refund_fen INTEGER NOT NULL CHECK (refund_fen >= 0),
  method TEXT NOT NULL,                 -- the order's payment method: the money goes back that way
  reason TEXT NOT NULL,
  fingerprint TEXT NOT NULL,            -- tells a retry from a different request under the same key
  at TEXT NOT NULL,
  settled_at TEXT                       -- refund, stock and spend applied (cron finishes the rest)
);
CREATE INDEX returns_by_order ON returns(order_id);
CREATE INDEX returns_by_store ON returns(store_id, at);
CREATE INDEX returns_unsettled ON returns(settled_at);

-- One row per unit that came back. The primary key is what makes two returns of the same
-- units at the same moment impossible: the second batch fails as a whole.
CREATE TABLE return_units (
  order_id TEXT NOT NULL REFERENCES orders(id),
  sku TEXT NOT NULL,
  unit_no INTEGER NOT NULL,
  return_id TEXT NOT NULL REFERENCES returns(id),
  refund_fen INTEGER NOT NULL,
  PRIMARY KEY (order_id, sku, unit_no)
);
CREATE INDEX return_units_by_return ON return_units(return_id);
