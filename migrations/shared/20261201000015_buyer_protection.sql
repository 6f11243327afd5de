-- The buyer-protection clock starts from the expected delivery (shipment plus the transit
-- days the supplier gives when it ships), never from someone marking the order delivered;
-- a buyer may extend protection once.
ALTER TABLE orders ADD COLUMN expected_delivery_at BIGINT;
ALTER TABLE orders ADD COLUMN protection_extended BIGINT NOT NULL DEFAULT 0;
-- Orders shipped before: the clock they had (from delivery, else from shipment).
UPDATE orders SET expected_delivery_at = COALESCE(delivered_at, shipped_at) WHERE shipped_at IS NOT NULL;
CREATE INDEX orders_protection ON orders (status, expected_delivery_at);
-- Orders awaiting a bank transfer hold their stock this many days, then cancel themselves;
-- a buyer company may have this many of them at once.
INSERT INTO platform_settings (key, value) VALUES ('unpaid_hold_days', '3'), ('max_unpaid_orders', '5');
-- Each invoice keeps the bank details it was issued with: a later change (by an owner, with
-- their password) reaches new invoices only.
ALTER TABLE invoices ADD COLUMN bank_details TEXT;
UPDATE invoices SET bank_details =
    (SELECT NULLIF(t.bank_details, '') FROM supplier_terms t WHERE t.company_id = invoices.supplier_id);
