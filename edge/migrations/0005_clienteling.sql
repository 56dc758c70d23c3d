-- Clienteling and the day's reconciliation.

-- A customer's guide in a store (one per store). Binding happens by scanning the customer's
-- member code; another guide takes over only after the protection period (see
-- shared/src/clienteling.rs), which a compare-and-set UPDATE on last_active_at enforces.
CREATE TABLE customer_bindings (
  store_id TEXT NOT NULL REFERENCES stores(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  guide_id TEXT NOT NULL REFERENCES staff(id),
  tags TEXT NOT NULL DEFAULT '',        -- comma-separated, parsed by shared::clienteling::Tags
  bound_at TEXT NOT NULL,
  last_active_at TEXT NOT NULL,
  PRIMARY KEY (store_id, member_id)
);
CREATE INDEX customer_bindings_by_guide ON customer_bindings(guide_id, last_active_at);

-- The guide who placed an order for a customer (NULL: the member ordered themselves).
ALTER TABLE orders ADD COLUMN placed_by TEXT;
CREATE INDEX orders_by_store_paid ON orders(store_id, paid_at);
CREATE INDEX orders_by_store_picked_up ON orders(store_id, picked_up_at);
CREATE INDEX counter_sales_by_store ON counter_sales(store_id, at);

-- Stored-value charges at the counter, copied from the member's ledger (which is the truth) so
-- the day's reconciliation can count them per store.
CREATE TABLE counter_charges (
  id TEXT PRIMARY KEY,                  -- the ledger entry's reference
  store_id TEXT NOT NULL REFERENCES stores(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  staff_id TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  at TEXT NOT NULL
);
CREATE INDEX counter_charges_by_store ON counter_charges(store_id, at);
