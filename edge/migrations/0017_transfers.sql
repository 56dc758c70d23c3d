-- Stock between stores (调货). The stock pools (Durable Objects) own the units; a row says
-- where a transfer stands (shared::flows::store_transfer): `requested` (noted, units maybe not
-- yet taken), `in_transit` (taken out of from_store's pool), `received` (put into to_store's).
-- A receive claims the row until `claim_until` so that of several receives one goes ahead.
CREATE TABLE store_transfers (
  id TEXT PRIMARY KEY,                  -- T + base32, derived from the sender and their key
  sku TEXT NOT NULL REFERENCES products(sku),
  qty INTEGER NOT NULL CHECK (qty > 0),
  from_store TEXT NOT NULL REFERENCES stores(id),
  to_store TEXT NOT NULL REFERENCES stores(id),
  status TEXT NOT NULL CHECK (status IN ('requested', 'in_transit', 'received')),
  sent_by TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  claimant TEXT,
  claim_until TEXT,
  received_by TEXT,
  received_at TEXT,
  CHECK (from_store <> to_store)
);
CREATE INDEX store_transfers_from ON store_transfers(from_store, sent_at);
CREATE INDEX store_transfers_to ON store_transfers(to_store, sent_at);
