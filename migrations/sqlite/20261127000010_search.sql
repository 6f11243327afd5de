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

-- What search filters, counts and sorts by, one narrow row per published product: reading
-- these instead of the products and their suppliers keeps facet counts fast at scale.
CREATE TABLE search_facts (
    product_id INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    company_id INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    country TEXT NOT NULL,
    verified INTEGER NOT NULL,
    currency TEXT NOT NULL,
    price_from INTEGER NOT NULL,
    moq INTEGER NOT NULL,
    -- Days to ship the MOQ; NULL where it is negotiable.
    lead_days INTEGER,
    sample INTEGER NOT NULL,
    customization TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    -- Lower-cased, to rank an exact title match first.
    title TEXT NOT NULL
);
-- Newest first: everything, a supplier's, a category's.
CREATE INDEX search_facts_published ON search_facts (published_at, product_id);
CREATE INDEX search_facts_company ON search_facts (company_id, published_at, product_id);
CREATE INDEX search_facts_category ON search_facts (category_id, published_at, product_id);

CREATE VIEW product_facts AS
SELECT p.id AS product_id, p.company_id, p.category_id, co.country,
       CASE WHEN co.verified_at IS NULL THEN 0 ELSE 1 END AS verified,
       p.currency, p.price_from, p.moq,
       (SELECT json_extract(l.value, '$.days') FROM json_each(p.lead_times) l
        WHERE json_extract(l.value, '$.up_to') >= p.moq ORDER BY json_extract(l.value, '$.up_to') LIMIT 1) AS lead_days,
       CASE WHEN p.sample_price IS NULL THEN 0 ELSE 1 END AS sample,
       p.customization, COALESCE(p.published_at, p.updated_at) AS published_at, LOWER(p.title) AS title
FROM products p JOIN companies co ON co.id = p.company_id
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
    INSERT INTO search_facts SELECT * FROM product_facts WHERE product_id = NEW.id;
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

CREATE TRIGGER products_facts_update
AFTER UPDATE OF status, company_id, category_id, currency, price_from, moq, lead_times, sample_price, customization,
    published_at, title ON products BEGIN
    DELETE FROM search_facts WHERE product_id = OLD.id;
    INSERT INTO search_facts SELECT * FROM product_facts WHERE product_id = NEW.id;
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

CREATE TRIGGER companies_search_facts AFTER UPDATE OF country, verified_at ON companies BEGIN
    UPDATE search_facts SET country = NEW.country, verified = CASE WHEN NEW.verified_at IS NULL THEN 0 ELSE 1 END
        WHERE company_id = NEW.id;
END;

INSERT INTO product_fts (rowid, title, category, supplier, specs, description) SELECT * FROM product_documents;
INSERT INTO search_facts SELECT * FROM product_facts;
INSERT OR REPLACE INTO product_tiers (product_id, min_quantity, unit_price)
    SELECT p.id, json_extract(t.value, '$.min_quantity'), json_extract(t.value, '$.unit_price')
    FROM products p, json_each(p.tiers) t;
INSERT OR REPLACE INTO product_lead_times (product_id, up_to, days)
    SELECT p.id, json_extract(l.value, '$.up_to'), json_extract(l.value, '$.days')
    FROM products p, json_each(p.lead_times) l;
