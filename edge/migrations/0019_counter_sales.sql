-- Counter sales (issue 12 item 5) need no table of their own: a sale at the counter is an order
-- with channel 'counter' (allowed since 0018). What this migration adds is the scan-and-go
-- cart's round: a refused checkout cancels its order and opens the cart again, and the next
-- checkout of the same cart is a new order (its id derives from the cart and the round).
ALTER TABLE scan_go_carts ADD COLUMN round INTEGER NOT NULL DEFAULT 0;
