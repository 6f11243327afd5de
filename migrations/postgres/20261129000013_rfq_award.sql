-- When the buyer accepted one supplier's quote on an RFQ: the request then takes no more
-- quotes and the other suppliers' open offers are closed.
ALTER TABLE rfqs ADD COLUMN awarded_at BIGINT;
