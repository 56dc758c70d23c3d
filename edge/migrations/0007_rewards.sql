-- Post-payment rewards (支付有礼): coupons given by after_payment campaigns to paid orders.

-- When the order's rewards were looked at (NULL: not yet; the cron pass catches up after a
-- crash between payment and giving).
ALTER TABLE orders ADD COLUMN rewards_checked_at TEXT;
CREATE INDEX orders_rewards_pending ON orders(rewards_checked_at, paid_at);

CREATE TABLE order_rewards (
  coupon_id TEXT PRIMARY KEY,           -- derived from (campaign, member, 'reward:' || order)
  order_id TEXT NOT NULL REFERENCES orders(id),
  campaign_id TEXT NOT NULL,
  title TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX order_rewards_by_order ON order_rewards(order_id);
