-- Carts, checkout and orders: addresses, suppliers' shipping rates and credit terms, orders
-- with their lines and timeline, payments, a double-entry ledger, invoices and disputes.

-- A signed-in buyer's cart (a visitor's lives in a cookie until they sign in).
CREATE TABLE cart_lines (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    variant_id INTEGER NOT NULL REFERENCES product_variants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('bulk', 'sample')),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    -- The unit price (minor units, product currency) the buyer last saw and accepted.
    seen_unit_price INTEGER NOT NULL,
    added_at INTEGER NOT NULL,
    UNIQUE (user_id, variant_id, kind)
);

CREATE TABLE addresses (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    recipient TEXT NOT NULL,
    line1 TEXT NOT NULL,
    line2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    -- Removed addresses stay for the orders that name them.
    archived INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX addresses_company ON addresses (company_id, archived);

-- A supplier's selling terms: shipping zones (JSON, always read whole: see domain::shipping)
-- and the bank details printed on proforma invoices for transfers.
CREATE TABLE supplier_terms (
    company_id INTEGER PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    shipping_zones TEXT NOT NULL DEFAULT '[]',
    bank_details TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);

-- Net terms a supplier grants a buyer company, up to a credit limit across open invoices.
CREATE TABLE credit_terms (
    supplier_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    buyer_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    net_days INTEGER NOT NULL CHECK (net_days IN (30, 60)),
    currency TEXT NOT NULL,
    credit_limit INTEGER NOT NULL CHECK (credit_limit >= 0),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (supplier_id, buyer_id)
);

-- One checkout: the idempotency key makes a repeated submission return the same orders.
CREATE TABLE checkouts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    buyer_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, idempotency_key)
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    checkout_id INTEGER NOT NULL REFERENCES checkouts (id) ON DELETE RESTRICT,
    supplier_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE RESTRICT,
    buyer_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE RESTRICT,
    placed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- Sequential per supplier: PO-2026-000123 style numbers are built from it.
    number INTEGER NOT NULL,
    status TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    payment_status TEXT NOT NULL,
    currency TEXT NOT NULL,
    subtotal INTEGER NOT NULL,
    shipping INTEGER NOT NULL,
    total INTEGER NOT NULL,
    po_number TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    -- JSON snapshots of the addresses as they were at checkout.
    ship_to TEXT NOT NULL,
    bill_to TEXT NOT NULL,
    net_days INTEGER,
    carrier TEXT NOT NULL DEFAULT '',
    tracking_number TEXT NOT NULL DEFAULT '',
    shipped_at INTEGER,
    delivered_at INTEGER,
    -- Payment due (on account: shipment + net days).
    due_at INTEGER,
    -- Commission in basis points, fixed when the order is placed.
    commission_bps INTEGER NOT NULL,
    -- Raised by every transition: a second, stale click on an old page is refused.
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (supplier_id, number)
);
CREATE INDEX orders_buyer ON orders (buyer_id, created_at);
CREATE INDEX orders_supplier ON orders (supplier_id, created_at);
CREATE INDEX orders_checkout ON orders (checkout_id);
-- The automatic release job finds delivered orders by their delivery date.
CREATE INDEX orders_status ON orders (status, delivered_at);

CREATE TABLE order_lines (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    -- Lines keep what was bought even if the listing is later deleted.
    product_id INTEGER REFERENCES products (id) ON DELETE SET NULL,
    variant_id INTEGER REFERENCES product_variants (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('bulk', 'sample')),
    title TEXT NOT NULL,
    sku TEXT NOT NULL,
    variant_name TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price INTEGER NOT NULL,
    -- The tier that priced the line (its starting quantity), for invoices.
    tier_from INTEGER,
    total INTEGER NOT NULL,
    weight_grams INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL
);
CREATE INDEX order_lines_order ON order_lines (order_id, position);

-- The order's timeline: every transition, by whom and when.
CREATE TABLE order_events (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- Card payments through a PaymentProvider (sandbox or hosted).
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    checkout_id INTEGER NOT NULL REFERENCES checkouts (id) ON DELETE RESTRICT,
    provider TEXT NOT NULL,
    reference TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL,
    -- Card brand and last four digits, for receipts; never the number.
    card_summary TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX payments_checkout ON payments (checkout_id);

CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY,
    order_id INTEGER REFERENCES orders (id) ON DELETE RESTRICT,
    memo TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX ledger_entries_order ON ledger_entries (order_id);

-- Postings of an entry sum to zero per currency (checked before writing: domain::ledger).
CREATE TABLE ledger_postings (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES ledger_entries (id) ON DELETE RESTRICT,
    account TEXT NOT NULL CHECK (account IN ('buyer', 'escrow', 'supplier', 'direct', 'commission')),
    -- The company (buyer, supplier, direct), order (escrow), or 0 (commission).
    owner_id INTEGER NOT NULL,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL
);
CREATE INDEX ledger_postings_account ON ledger_postings (account, owner_id, currency);
CREATE INDEX ledger_postings_entry ON ledger_postings (entry_id);

-- Order, proforma (at order) and commercial (at shipment) invoice numbers, per supplier and
-- kind, without gaps: the counter moves in the transaction that uses the number.
CREATE TABLE number_sequences (
    supplier_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('order', 'proforma', 'commercial')),
    last_number INTEGER NOT NULL,
    PRIMARY KEY (supplier_id, kind)
);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE RESTRICT,
    supplier_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE RESTRICT,
    kind TEXT NOT NULL CHECK (kind IN ('proforma', 'commercial')),
    number INTEGER NOT NULL,
    issued_at INTEGER NOT NULL,
    due_at INTEGER,
    -- JSON: seller and buyer as they were when issued.
    seller TEXT NOT NULL,
    buyer TEXT NOT NULL,
    UNIQUE (supplier_id, kind, number),
    UNIQUE (order_id, kind)
);

CREATE TABLE disputes (
    order_id INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    details TEXT NOT NULL,
    opened_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    opened_at INTEGER NOT NULL,
    resolution TEXT,
    refund_amount INTEGER,
    resolution_note TEXT NOT NULL DEFAULT '',
    resolved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    resolved_at INTEGER
);

-- Photos the buyer adds to a dispute (private: the order's parties and admins see them).
CREATE TABLE dispute_evidence (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES disputes (order_id) ON DELETE CASCADE,
    -- JSON: the stored renditions, as media.variants.
    variants TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX dispute_evidence_order ON dispute_evidence (order_id, id);

-- Platform-wide settings an admin changes (commission, protection period).
CREATE TABLE platform_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO platform_settings (key, value) VALUES ('commission_bps', '300'), ('auto_release_days', '14');
