-- Member referrals: who brought whom, and the points each first paid order earned.
ALTER TABLE members ADD COLUMN referred_by TEXT REFERENCES members(id);
CREATE INDEX members_referred_by ON members(referred_by);

CREATE TABLE referral_rewards (
  member_id TEXT PRIMARY KEY REFERENCES members(id),  -- the referred member: one reward each
  referrer_id TEXT NOT NULL REFERENCES members(id),
  order_id TEXT NOT NULL REFERENCES orders(id),
  points INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX referral_rewards_by_referrer ON referral_rewards(referrer_id);
