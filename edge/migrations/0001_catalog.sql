-- Catalog: stores, floors, brand counters, products and which stores carry them.
-- Stock figures are not here: each (store, SKU) pool is owned by a StockObject (Durable Object).
CREATE TABLE meta (
  k TEXT PRIMARY KEY,
  v TEXT NOT NULL
);

CREATE TABLE stores (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  address TEXT NOT NULL,
  address_en TEXT NOT NULL,
  timezone TEXT NOT NULL,
  utc_offset_minutes INTEGER NOT NULL
);

CREATE TABLE floors (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores(id),
  name TEXT NOT NULL,
  level INTEGER NOT NULL
);

CREATE TABLE counters (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores(id),
  floor_id TEXT NOT NULL REFERENCES floors(id),
  brand TEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  x INTEGER NOT NULL,
  y INTEGER NOT NULL
);
CREATE INDEX counters_by_brand ON counters(store_id, brand);

CREATE TABLE products (
  sku TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  brand TEXT NOT NULL,
  category TEXT NOT NULL,
  price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
  image TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  description_en TEXT NOT NULL DEFAULT ''
);
CREATE INDEX products_by_category ON products(category);

CREATE TABLE product_stores (
  sku TEXT NOT NULL REFERENCES products(sku),
  store_id TEXT NOT NULL REFERENCES stores(id),
  PRIMARY KEY (sku, store_id)
);
CREATE INDEX product_stores_by_store ON product_stores(store_id);
