-- Every product carries its EAN-13 barcode (contract v2 "Barcodes and scan-and-go"), unique
-- across the catalog so a scan finds one product.
ALTER TABLE products ADD COLUMN barcode TEXT;

-- Products that existed before this migration get an in-store code (prefix 29, then the row
-- number, then the EAN-13 check digit: weights 1,3,1,3… from the left). The seed and the
-- catalog write manufacturers' codes for new products.
WITH numbered AS (SELECT sku, '29' || printf('%010d', rowid) AS p FROM products WHERE barcode IS NULL)
UPDATE products SET barcode = (
  SELECT p || ((10 - ((
      substr(p, 1, 1) + 3 * substr(p, 2, 1) + substr(p, 3, 1) + 3 * substr(p, 4, 1)
    + substr(p, 5, 1) + 3 * substr(p, 6, 1) + substr(p, 7, 1) + 3 * substr(p, 8, 1)
    + substr(p, 9, 1) + 3 * substr(p, 10, 1) + substr(p, 11, 1) + 3 * substr(p, 12, 1)) % 10)) % 10)
  FROM numbered WHERE numbered.sku = products.sku)
WHERE barcode IS NULL;

CREATE UNIQUE INDEX products_by_barcode ON products(barcode);
