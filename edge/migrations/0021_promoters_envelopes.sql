-- Promoters (推广员) and red envelopes (分享红包), issue 13.

-- A member who registered through a staff member's promoter code, with the commissions their
-- orders earned (`shared::promoter::PromotedCustomer` as JSON). `version` makes each update a
-- compare-and-swap, so two payments of the same customer cannot both be "the first order".
CREATE TABLE promoted_customers (
  member_id TEXT PRIMARY KEY REFERENCES members(id),
  promoter TEXT NOT NULL,                  -- the staff number
  state TEXT,                              -- NULL until their first order event
  version INTEGER NOT NULL DEFAULT 0,
  joined_at TEXT NOT NULL
);
CREATE INDEX promoted_customers_by_promoter ON promoted_customers(promoter, joined_at);

-- The red envelope a paid order carries (its shares live in the envelope's Durable Object;
-- this row is what the order page shows).
CREATE TABLE red_envelopes (
  id TEXT PRIMARY KEY,                      -- E-<order id>
  order_id TEXT NOT NULL UNIQUE REFERENCES orders(id),
  buyer_id TEXT NOT NULL REFERENCES members(id),
  shares INTEGER NOT NULL,
  total_fen INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
