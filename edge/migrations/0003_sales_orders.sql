-- Flash sales and orders. Stock itself lives in Durable Objects (a StockObject per store and
-- SKU, a SaleObject per bucket of a flash sale); D1 holds what a sale is and what was ordered.
CREATE TABLE flash_sales (
  id TEXT PRIMARY KEY,
  sku TEXT NOT NULL REFERENCES products(sku),
  store_id TEXT NOT NULL REFERENCES stores(id),
  title TEXT NOT NULL,
  price_fen INTEGER NOT NULL CHECK (price_fen > 0),
  original_price_fen INTEGER NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  per_member_limit INTEGER NOT NULL CHECK (per_member_limit > 0),
  buckets INTEGER NOT NULL CHECK (buckets BETWEEN 1 AND 16),
  lock_minutes INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX flash_sales_by_store ON flash_sales(store_id, ends_at);

CREATE TABLE orders (
  id TEXT PRIMARY KEY,                  -- derived from (member, Idempotency-Key)
  member_id TEXT NOT NULL REFERENCES members(id),
  store_id TEXT NOT NULL REFERENCES stores(id),
  status TEXT NOT NULL CHECK (status IN ('pending_payment', 'ready_for_pickup', 'picked_up', 'cancelled', 'expired', 'refunded')),
  subtotal_fen INTEGER NOT NULL,
  discount_fen INTEGER NOT NULL DEFAULT 0,
  total_fen INTEGER NOT NULL,
  coupon_id TEXT,
  fingerprint TEXT NOT NULL,            -- tells a retry from a different body under the same key
  created_at TEXT NOT NULL,
  lock_expires_at TEXT NOT NULL,
  paid_at TEXT,
  payment_method TEXT,
  pickup_no INTEGER UNIQUE,             -- assigned on payment; the first digits of the pickup code
  picked_up_at TEXT,
  picked_up_by TEXT,
  closed_at TEXT                        -- cancelled or expired
);
CREATE INDEX orders_by_member ON orders(member_id, created_at);
CREATE INDEX orders_by_status ON orders(status, lock_expires_at);

CREATE TABLE order_lines (
  order_id TEXT NOT NULL REFERENCES orders(id),
  line_no INTEGER NOT NULL,
  sku TEXT NOT NULL,
  qty INTEGER NOT NULL CHECK (qty > 0),
  unit_price_fen INTEGER NOT NULL,
  flash_sale_id TEXT REFERENCES flash_sales(id),
  bucket INTEGER,                       -- the sale bucket holding the units (flash-sale lines)
  PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_by_sale ON order_lines(flash_sale_id);

-- Money sent back: an order whose lock lapsed while its payment was in flight.
CREATE TABLE refunds (
  id TEXT PRIMARY KEY,                  -- 'refund:' || order id
  order_id TEXT NOT NULL REFERENCES orders(id),
  payment_method TEXT NOT NULL,
  amount_fen INTEGER NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);

-- Sales at the counter against the same pools (for the day's reconciliation).
CREATE TABLE counter_sales (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores(id),
  sku TEXT NOT NULL REFERENCES products(sku),
  qty INTEGER NOT NULL,
  staff_id TEXT NOT NULL,
  at TEXT NOT NULL
);

-- When a settled payment's effect (a top-up credit, an order's completion) was applied; a
-- settled payment without it is finished by the reconciliation pass (cron).
ALTER TABLE payments ADD COLUMN applied_at TEXT;
CREATE INDEX payments_unapplied ON payments(status, applied_at);
