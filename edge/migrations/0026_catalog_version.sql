-- The catalog version (shared::catalog_cache): catalog reads are cached under keys that carry it,
-- and every write that may change a store, a product or stock moves it forward (to at least the
-- clock in ms, so a version never comes back to one an old cache entry was stored under).
CREATE TABLE catalog_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);
