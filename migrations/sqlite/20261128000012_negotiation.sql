-- Negotiation: inquiry and RFQ threads between a buyer company and a supplier company, their
-- messages, attachments and read marks, requests for quotation, and versioned quotes that
-- become orders.

-- A request for quotation posted by a buyer company.
CREATE TABLE rfqs (
    id INTEGER PRIMARY KEY,
    buyer_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    details TEXT NOT NULL,
    category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit TEXT NOT NULL,
    currency TEXT NOT NULL,
    -- Minor units of `currency`; NULL when the buyer names no target.
    target_price INTEGER,
    deliver_by INTEGER NOT NULL,
    destination TEXT NOT NULL,
    payment_terms TEXT NOT NULL,
    closes_at INTEGER NOT NULL,
    -- 'open': every supplier in a matching category; 'invited': the chosen suppliers only.
    visibility TEXT NOT NULL CHECK (visibility IN ('open', 'invited')),
    cancelled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX rfqs_buyer ON rfqs (buyer_id, created_at);
CREATE INDEX rfqs_closing ON rfqs (closes_at);

-- The categories an open RFQ is shown in: its own, those above and those below it.
CREATE TABLE rfq_categories (
    rfq_id INTEGER NOT NULL REFERENCES rfqs (id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    PRIMARY KEY (category_id, rfq_id)
);

-- Suppliers invited to an RFQ (all of them, for an 'invited' one).
CREATE TABLE rfq_invitations (
    rfq_id INTEGER NOT NULL REFERENCES rfqs (id) ON DELETE CASCADE,
    supplier_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    PRIMARY KEY (supplier_id, rfq_id)
);

-- A conversation between one buyer company and one supplier company: an inquiry (about a
-- product or the company) or a supplier's answer to an RFQ.
CREATE TABLE threads (
    id INTEGER PRIMARY KEY,
    buyer_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    supplier_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    product_id INTEGER REFERENCES products (id) ON DELETE SET NULL,
    rfq_id INTEGER REFERENCES rfqs (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    -- The quantity of interest an inquiry opened with, in `unit`.
    quantity INTEGER,
    unit TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    -- The newest message from each side (0: none yet): unread counts and "awaiting reply".
    last_buyer_message INTEGER NOT NULL DEFAULT 0,
    last_supplier_message INTEGER NOT NULL DEFAULT 0,
    last_message_at INTEGER NOT NULL,
    -- When the supplier first answered a buyer's inquiry: its response time.
    first_reply_at INTEGER,
    order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL,
    UNIQUE (rfq_id, supplier_id)
);
CREATE INDEX threads_buyer ON threads (buyer_id, last_message_at);
CREATE INDEX threads_supplier ON threads (supplier_id, last_message_at);
CREATE INDEX threads_response ON threads (supplier_id, created_at);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    -- Counting from 1 within the thread; each counter-offer is the next version.
    version INTEGER NOT NULL,
    author TEXT NOT NULL CHECK (author IN ('buyer', 'supplier')),
    author_user INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL,
    -- The structured terms (JSON, read whole: see domain::quote::QuoteTerms).
    terms TEXT NOT NULL,
    currency TEXT NOT NULL,
    -- Goods plus shipping, in minor units: what the buyer compares.
    landed_total INTEGER NOT NULL,
    valid_until INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL,
    UNIQUE (thread_id, version)
);
CREATE INDEX quotes_expiry ON quotes (status, valid_until);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- The side that wrote it; NULL for Caravan's own notes (a quote expired).
    company_id INTEGER REFERENCES companies (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    quote_id INTEGER REFERENCES quotes (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_thread ON messages (thread_id, id);
-- Rate limits count a person's recent messages.
CREATE INDEX messages_author ON messages (author_id, created_at);

-- Files attached to a message or to an RFQ, kept in the private store.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER REFERENCES messages (id) ON DELETE CASCADE,
    rfq_id INTEGER REFERENCES rfqs (id) ON DELETE CASCADE,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    stored_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK ((message_id IS NULL) <> (rfq_id IS NULL))
);
CREATE INDEX attachments_message ON attachments (message_id);
CREATE INDEX attachments_rfq ON attachments (rfq_id);

-- How far each person has read each thread (read receipts, unread counts).
CREATE TABLE thread_reads (
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read INTEGER NOT NULL,
    read_at INTEGER NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);

-- Orders made from an accepted quote keep its lead time and a link back.
ALTER TABLE orders ADD COLUMN lead_days INTEGER;
ALTER TABLE orders ADD COLUMN quote_id INTEGER REFERENCES quotes (id) ON DELETE SET NULL;
