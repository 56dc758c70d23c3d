-- Colour and size variants (contract v2 "Store operations": `attributes`, `group`): each variant
-- is its own SKU with its own stock and barcode; `variant_group` ties the SKUs of one item.
ALTER TABLE products ADD COLUMN variant_group TEXT;
ALTER TABLE products ADD COLUMN color TEXT;
ALTER TABLE products ADD COLUMN size TEXT;

CREATE INDEX products_by_group ON products(variant_group);
