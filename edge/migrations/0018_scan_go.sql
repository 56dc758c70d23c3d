-- Scan-and-go (扫码购, contract v2 "Barcodes and scan-and-go"): a member's cart in one store,
-- its lines by product, and the channel an order was made through.
CREATE TABLE scan_go_carts (
  id TEXT PRIMARY KEY,                  -- G…
  member_id TEXT NOT NULL REFERENCES members(id),
  store_id TEXT NOT NULL REFERENCES stores(id),
  created_at TEXT NOT NULL,
  frozen_at TEXT,                       -- set once, by the first checkout attempt
  frozen_coupon_id TEXT,                -- the coupon that checkout pays with (NULL: none)
  order_id TEXT                         -- the order the checkout made
);
CREATE INDEX scan_go_carts_by_member ON scan_go_carts(member_id, created_at);

CREATE TABLE scan_go_lines (
  cart_id TEXT NOT NULL REFERENCES scan_go_carts(id),
  sku TEXT NOT NULL REFERENCES products(sku),
  qty INTEGER NOT NULL CHECK (qty > 0),
  scanned_at TEXT NOT NULL,             -- first scan: lines keep that order
  PRIMARY KEY (cart_id, sku)
);

ALTER TABLE orders ADD COLUMN channel TEXT NOT NULL DEFAULT 'online'
  CHECK (channel IN ('online', 'scan_go', 'counter'));
