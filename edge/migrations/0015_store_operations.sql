-- Sales and campaigns over their life (issue 11). A campaign a manager closed leaves the coupon
-- centre (its CampaignObject refuses claims and gifts; this column is for lists). Each coupon
-- handed out is listed with its campaign, so the manager's list can count redemptions per
-- campaign (orders name only the coupon). A cancelled sale's state lives in its buckets.
ALTER TABLE coupon_campaigns ADD COLUMN closed_at TEXT;

CREATE TABLE campaign_coupons (
  coupon_id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  claimed_at TEXT NOT NULL
);
CREATE INDEX campaign_coupons_by_campaign ON campaign_coupons(campaign_id);
