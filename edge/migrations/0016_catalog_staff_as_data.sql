-- The catalog and staff as data (contract v2 "Store operations").
-- Head office names the counter that sells a product in each store; a product without one
-- (the seeded catalog) is sold at its brand's first counter there, as before.
ALTER TABLE product_stores ADD COLUMN counter_id TEXT REFERENCES counters(id);

-- A disabled staff member cannot sign in; their sessions are revoked when they are disabled.
ALTER TABLE staff ADD COLUMN disabled_at TEXT;
