-- Buyers' reviews of suppliers: one per order whose goods changed hands. Each supplier's
-- totals are kept beside it, in the same transaction as the review, so cards, comparisons
-- and the search's rating sort read one row per supplier.
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL UNIQUE REFERENCES orders (id) ON DELETE CASCADE,
    supplier_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    buyer_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX reviews_supplier ON reviews (supplier_id, created_at);

ALTER TABLE companies ADD COLUMN review_stars INTEGER NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN review_count INTEGER NOT NULL DEFAULT 0;
