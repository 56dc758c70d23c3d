-- Coupon campaigns. Claims are counted by each campaign's CampaignObject (Durable Object), and
-- each claimed coupon lives in its member's MemberObject with its state (available, locked on a
-- pending order, redeemed): D1 holds what a campaign is.
CREATE TABLE coupon_campaigns (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('threshold', 'percent', 'fixed')),
  scope TEXT NOT NULL,
  store_id TEXT REFERENCES stores(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  per_member_limit INTEGER NOT NULL CHECK (per_member_limit > 0),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  audience TEXT NOT NULL,
  campaign TEXT NOT NULL,               -- the validated campaign (JSON), terms included
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX coupon_campaigns_open ON coupon_campaigns(ends_at, store_id);
