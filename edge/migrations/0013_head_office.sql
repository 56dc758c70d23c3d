-- Head office: staff may be `admin` as well as `guide` and `manager` (contract v2 "Roles").
-- SQLite cannot change a CHECK constraint in place, so `staff` is rebuilt. Its only child,
-- `customer_bindings`, is set aside and rebuilt after it, so no foreign key is ever broken
-- (D1 enforces them inside the migration's transaction).
CREATE TABLE customer_bindings_copy AS SELECT * FROM customer_bindings;
DROP TABLE customer_bindings;

CREATE TABLE staff_next (
  id TEXT PRIMARY KEY,                 -- staff number, e.g. G1001
  name TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES stores(id), -- home store (head office: where it sits)
  role TEXT NOT NULL CHECK (role IN ('guide', 'manager', 'admin')),
  password_hash TEXT NOT NULL
);
INSERT INTO staff_next (id, name, store_id, role, password_hash)
  SELECT id, name, store_id, role, password_hash FROM staff;
DROP TABLE staff;
ALTER TABLE staff_next RENAME TO staff;

CREATE TABLE customer_bindings (
  store_id TEXT NOT NULL REFERENCES stores(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  guide_id TEXT NOT NULL REFERENCES staff(id),
  tags TEXT NOT NULL DEFAULT '',        -- comma-separated, parsed by shared::clienteling::Tags
  bound_at TEXT NOT NULL,
  last_active_at TEXT NOT NULL,
  PRIMARY KEY (store_id, member_id)
);
CREATE INDEX customer_bindings_by_guide ON customer_bindings(guide_id, last_active_at);
INSERT INTO customer_bindings (store_id, member_id, guide_id, tags, bound_at, last_active_at)
  SELECT store_id, member_id, guide_id, tags, bound_at, last_active_at FROM customer_bindings_copy;
DROP TABLE customer_bindings_copy;
