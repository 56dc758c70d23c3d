-- Identity: members, staff, sessions (revocable tokens), sign-in throttling, plastic cards,
-- and gateway payments. Balances, points, spend and used member codes are not here: each
-- member's MemberObject (Durable Object) owns them.
CREATE TABLE members (
  id TEXT PRIMARY KEY,                 -- 'M' || serial
  serial INTEGER NOT NULL UNIQUE,      -- 8 digits, carried in the dynamic member code
  phone TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  card_no TEXT NOT NULL UNIQUE,        -- virtual card number, 16 digits
  physical_card_no TEXT UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE staff (
  id TEXT PRIMARY KEY,                 -- staff number, e.g. G1001
  name TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES stores(id),
  role TEXT NOT NULL CHECK (role IN ('guide', 'manager')),
  password_hash TEXT NOT NULL
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('member', 'staff')),
  subject TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_by_subject ON sessions(subject);

CREATE TABLE throttle (
  key TEXT PRIMARY KEY,
  window_start TEXT NOT NULL,
  failures INTEGER NOT NULL
);

CREATE TABLE physical_cards (
  card_no TEXT PRIMARY KEY,            -- 16 digits on the plastic card
  verify_code TEXT NOT NULL,           -- 6 digits under the scratch panel
  points INTEGER NOT NULL DEFAULT 0,   -- points collected on the plastic card, merged on linking
  member_id TEXT UNIQUE REFERENCES members(id),
  linked_at TEXT
);

CREATE TABLE payments (
  id TEXT PRIMARY KEY,                 -- 'P…', the gateway's out_trade_no
  member_id TEXT NOT NULL REFERENCES members(id),
  kind TEXT NOT NULL CHECK (kind IN ('top_up', 'order')),
  reference TEXT NOT NULL,             -- the member (top-up) or the order
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  method TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  prepay_id TEXT NOT NULL,
  transaction_id TEXT,
  created_at TEXT NOT NULL,
  paid_at TEXT
);
CREATE INDEX payments_by_member ON payments(member_id, created_at);
CREATE INDEX payments_by_reference ON payments(reference);
