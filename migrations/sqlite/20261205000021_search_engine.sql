-- The search engine's change feed. Each app server keeps its own search index and applies
-- this feed to it: a row names a product whose indexed data changed (its text, terms,
-- supplier, category or reviews), or, without a product, a change to everything ('rebuild')
-- or to the synonyms ('synonyms'). Triggers write it, so no write path can forget to.
CREATE TABLE search_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL DEFAULT 'product' CHECK (kind IN ('product', 'rebuild', 'synonyms')),
    product_id INTEGER,
    changed_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER))
);
CREATE INDEX search_changes_at ON search_changes (changed_at);

CREATE TRIGGER search_feed_product_insert AFTER INSERT ON products BEGIN
    INSERT INTO search_changes (product_id) VALUES (NEW.id);
END;

CREATE TRIGGER search_feed_product_update
AFTER UPDATE OF title, description, category_id, specs, status, company_id, currency, price_from, moq, tiers,
    lead_times, sample_price, customization, published_at ON products BEGIN
    INSERT INTO search_changes (product_id) VALUES (NEW.id);
END;

CREATE TRIGGER search_feed_product_delete AFTER DELETE ON products BEGIN
    INSERT INTO search_changes (product_id) VALUES (OLD.id);
END;

CREATE TRIGGER search_feed_company
AFTER UPDATE OF name, country, verified_at, review_stars, review_count ON companies BEGIN
    INSERT INTO search_changes (product_id)
        SELECT id FROM products WHERE company_id = NEW.id AND status = 'published';
END;

-- A product is found by its category and the two above it.
CREATE TRIGGER search_feed_category AFTER UPDATE OF name, parent_id ON categories BEGIN
    INSERT INTO search_changes (product_id)
        SELECT p.id FROM products p JOIN categories c1 ON c1.id = p.category_id
        LEFT JOIN categories c2 ON c2.id = c1.parent_id
        WHERE p.status = 'published' AND (c1.id = NEW.id OR c2.id = NEW.id OR c2.parent_id = NEW.id);
END;

-- Words that mean the same to buyers, for searches in a category (and everything under it)
-- or anywhere (no category): "tee, t-shirt, tshirt".
CREATE TABLE search_synonyms (
    id INTEGER PRIMARY KEY,
    category_id INTEGER REFERENCES categories (id) ON DELETE CASCADE,
    words TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TRIGGER search_feed_synonyms_insert AFTER INSERT ON search_synonyms BEGIN
    INSERT INTO search_changes (kind) VALUES ('synonyms');
END;
CREATE TRIGGER search_feed_synonyms_update AFTER UPDATE ON search_synonyms BEGIN
    INSERT INTO search_changes (kind) VALUES ('synonyms');
END;
CREATE TRIGGER search_feed_synonyms_delete AFTER DELETE ON search_synonyms BEGIN
    INSERT INTO search_changes (kind) VALUES ('synonyms');
END;
