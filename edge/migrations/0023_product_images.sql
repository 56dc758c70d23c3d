-- Product pictures uploaded by head office (POST /api/manage/images, served at
-- GET /api/images/{id}). The id is the first 32 hex digits of the SHA-256 of the bytes
-- (shared::catalog_ops::image), so the same file is stored once and an id never changes. The
-- bytes are kept as base64 text: read back exactly by any D1 client (at most 1,000,000 bytes,
-- 1,333,336 characters, within D1's 2 MB row).
CREATE TABLE product_images (
  id TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,           -- image/jpeg, image/png or image/webp (from the bytes)
  body_base64 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL              -- the staff id who uploaded it first
);
