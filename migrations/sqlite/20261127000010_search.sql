-- Buyers' product search. Only published products are in the full-text index; triggers keep
-- it in step with every write path (editor, CSV import, bulk actions, takedowns, deletes,
-- supplier renames), so no caller can forget to.

-- Price tiers and lead times as rows, so search can filter and sort by the price or the lead
-- time at a quantity the buyer types. Derived by triggers from the products' JSON columns.
CREATE TABLE product_tiers (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    min_quantity INTEGER NOT NULL,
    unit_price INTEGER NOT NULL,
    PRIMARY KEY (product_id, min_quantity)
) WITHOUT ROWID;

CREATE TABLE product_lead_times (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    up_to INTEGER NOT NULL,
    days INTEGER NOT NULL,
    PRIMARY KEY (product_id, up_to)
) WITHOUT ROWID;

-- What a published product is found by: its title, its category with the ones above it, its
-- supplier's name, its specifications and its description.
CREATE VIEW product_documents AS
SELECT p.id AS product_id,
       p.title,
       TRIM(c1.name || ' ' || COALESCE(c2.name, '') || ' ' || COALESCE(c3.name, '')) AS category,
       co.name AS supplier,
       COALESCE((SELECT group_concat(json_extract(s.value, '$[0]') || ' ' || json_extract(s.value, '$[1]'), ' ')
                 FROM json_each(p.specs) s), '') AS specs,
       p.description
FROM products p
JOIN companies co ON co.id = p.company_id
JOIN categories c1 ON c1.id = p.category_id
LEFT JOIN categories c2 ON c2.id = c1.parent_id
LEFT JOIN categories c3 ON c3.id = c2.parent_id
WHERE p.status = 'published';

-- Words, not stems: prefix queries handle plurals, and the vocabulary then holds real words
-- to suggest for misspellings. The 2- and 3-letter prefix indexes make as-you-type fast.
CREATE VIRTUAL TABLE product_fts USING fts5 (
    title, category, supplier, specs, description,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
CREATE VIRTUAL TABLE product_vocab USING fts5vocab (product_fts, 'row');

CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO product_fts (rowid, title, category, supplier, specs, description)
        SELECT * FROM product_documents WHERE product_id = NEW.id;
    INSERT OR REPLACE INTO product_tiers (product_id, min_quantity, unit_price)
        SELECT NEW.id, json_extract(value, '$.min_quantity'), json_extract(value, '$.unit_price') FROM json_each(NEW.tiers);
    INSERT OR REPLACE INTO product_lead_times (product_id, up_to, days)
        SELECT NEW.id, json_extract(value, '$.up_to'), json_extract(value, '$.days') FROM json_each(NEW.lead_times);
END;

CREATE TRIGGER products_search_update
AFTER UPDATE OF title, description, category_id, specs, status, company_id ON products BEGIN
    DELETE FROM product_fts WHERE rowid = OLD.id;
    INSERT INTO product_fts (rowid, title, category, supplier, specs, description)
        SELECT * FROM product_documents WHERE product_id = NEW.id;
END;

CREATE TRIGGER products_terms_update AFTER UPDATE OF tiers, lead_times ON products BEGIN
    DELETE FROM product_tiers WHERE product_id = NEW.id;
    INSERT OR REPLACE INTO product_tiers (product_id, min_quantity, unit_price)
        SELECT NEW.id, json_extract(value, '$.min_quantity'), json_extract(value, '$.unit_price') FROM json_each(NEW.tiers);
    DELETE FROM product_lead_times WHERE product_id = NEW.id;
    INSERT OR REPLACE INTO product_lead_times (product_id, up_to, days)
        SELECT NEW.id, json_extract(value, '$.up_to'), json_extract(value, '$.days') FROM json_each(NEW.lead_times);
END;

CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
    DELETE FROM product_fts WHERE rowid = OLD.id;
END;

CREATE TRIGGER companies_search_rename AFTER UPDATE OF name ON companies BEGIN
    UPDATE product_fts SET supplier = NEW.name
        WHERE rowid IN (SELECT id FROM products WHERE company_id = NEW.id AND status = 'published');
END;

INSERT INTO product_fts (rowid, title, category, supplier, specs, description) SELECT * FROM product_documents;
INSERT OR REPLACE INTO product_tiers (product_id, min_quantity, unit_price)
    SELECT p.id, json_extract(t.value, '$.min_quantity'), json_extract(t.value, '$.unit_price')
    FROM products p, json_each(p.tiers) t;
INSERT OR REPLACE INTO product_lead_times (product_id, up_to, days)
    SELECT p.id, json_extract(l.value, '$.up_to'), json_extract(l.value, '$.days')
    FROM products p, json_each(p.lead_times) l;

-- Search filters and sorts published products on these.
CREATE INDEX products_published ON products (status, published_at);
CREATE INDEX companies_verified ON companies (verified_at);
