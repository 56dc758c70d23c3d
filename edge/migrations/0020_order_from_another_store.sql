-- Ordering where the item is missing (shared::fulfil, shared::flows::fulfil): an order may take
-- another store's units (`source_store`), which travel to its pickup store as transfers, one
-- per line (`store_transfers.order_id`). Paid, it shows `awaiting_transfer` until every line's
-- transfer is received (`arrived_at`), then `ready_for_pickup`; its stored status stays
-- `ready_for_pickup` throughout (the CHECK of 0003 is unchanged).
ALTER TABLE orders ADD COLUMN source_store TEXT REFERENCES stores(id);
ALTER TABLE orders ADD COLUMN arrived_at TEXT;
ALTER TABLE store_transfers ADD COLUMN order_id TEXT REFERENCES orders(id);
CREATE INDEX store_transfers_order ON store_transfers(order_id);
-- Paid orders whose units have not all set off yet (the repair pass finishes them).
CREATE INDEX orders_awaiting_transfer ON orders(source_store, arrived_at, paid_at);
