-- Messages and reminders (contract v2 "Messages and reminders"): every member's and staff
-- member's inbox, and the browsers' push subscriptions. A reminder is written when it is asked
-- for and shows (and is pushed) once due_at has passed; dedupe_key (shared::reminders::DedupeKey:
-- recipient, kind, subject) makes each message exist once however often its event repeats.
CREATE TABLE messages (
  id TEXT PRIMARY KEY,                  -- MSG…
  recipient TEXT NOT NULL,              -- a member id (M…) or a staff id
  kind TEXT NOT NULL,                   -- sale_starting, ready_for_pickup, … (shared::reminders::MessageKind)
  subject TEXT NOT NULL,                -- the sale, order, coupon or customer it is about
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL,
  due_at TEXT NOT NULL,                 -- shown and pushed from then on
  created_at TEXT NOT NULL,
  read_at TEXT,
  pushed_at TEXT,                       -- set once its push was attempted (NULL: still to push)
  dedupe_key TEXT NOT NULL UNIQUE
);
CREATE INDEX messages_by_recipient ON messages(recipient, due_at);
CREATE INDEX messages_to_push ON messages(due_at) WHERE pushed_at IS NULL;

CREATE TABLE push_subscriptions (
  endpoint TEXT PRIMARY KEY,            -- one browser; re-subscribing moves it to its new owner
  recipient TEXT NOT NULL,
  p256dh TEXT NOT NULL,                 -- base64url, as the browser gave it
  auth TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX push_subscriptions_by_recipient ON push_subscriptions(recipient);
