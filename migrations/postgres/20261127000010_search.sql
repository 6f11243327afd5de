-- Buyers' product search. Only published products are in the full-text index; triggers keep
-- it in step with every write path (editor, CSV import, bulk actions, takedowns, deletes,
-- supplier renames), so no caller can forget to.

-- Trigram similarity finds the indexed word nearest to a misspelt one.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Price tiers and lead times as rows, so search can filter and sort by the price or the lead
-- time at a quantity the buyer types. Derived by triggers from the products' JSON columns.
CREATE TABLE product_tiers (
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    min_quantity BIGINT NOT NULL,
    unit_price BIGINT NOT NULL,
    PRIMARY KEY (product_id, min_quantity)
);

CREATE TABLE product_lead_times (
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    up_to BIGINT NOT NULL,
    days BIGINT NOT NULL,
    PRIMARY KEY (product_id, up_to)
);

-- What a published product is found by: its title, its category with the ones above it, its
-- supplier's name, its specifications and its description.
CREATE VIEW product_documents AS
SELECT p.id AS product_id,
       p.title,
       concat_ws(' ', c1.name, c2.name, c3.name) AS category,
       co.name AS supplier,
       COALESCE((SELECT string_agg((s ->> 0) || ' ' || (s ->> 1), ' ')
                 FROM jsonb_array_elements(p.specs::jsonb) s), '') AS specs,
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
    product_id BIGINT PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    company_id BIGINT NOT NULL,
    category_id BIGINT NOT NULL,
    country TEXT NOT NULL,
    verified BIGINT NOT NULL,
    currency TEXT NOT NULL,
    price_from BIGINT NOT NULL,
    moq BIGINT NOT NULL,
    -- Days to ship the MOQ; NULL where it is negotiable.
    lead_days BIGINT,
    sample BIGINT NOT NULL,
    customization TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    -- Lower-cased, to rank an exact title match first.
    title TEXT NOT NULL
);
-- Newest first: everything, a supplier's, a category's.
CREATE INDEX search_facts_published ON search_facts (published_at, product_id);
CREATE INDEX search_facts_company ON search_facts (company_id, published_at, product_id);
CREATE INDEX search_facts_category ON search_facts (category_id, published_at, product_id);

CREATE VIEW product_facts AS
SELECT p.id AS product_id, p.company_id, p.category_id, co.country,
       CASE WHEN co.verified_at IS NULL THEN 0 ELSE 1 END::BIGINT AS verified,
       p.currency, p.price_from, p.moq,
       (SELECT (l ->> 'days')::BIGINT FROM jsonb_array_elements(p.lead_times::jsonb) l
        WHERE (l ->> 'up_to')::BIGINT >= p.moq ORDER BY (l ->> 'up_to')::BIGINT LIMIT 1) AS lead_days,
       CASE WHEN p.sample_price IS NULL THEN 0 ELSE 1 END::BIGINT AS sample,
       p.customization, COALESCE(p.published_at, p.updated_at) AS published_at, LOWER(p.title) AS title
FROM products p JOIN companies co ON co.id = p.company_id
WHERE p.status = 'published';

CREATE FUNCTION search_facts_refresh(pid BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_facts WHERE product_id = pid;
    INSERT INTO search_facts SELECT * FROM product_facts WHERE product_id = pid;
END $$;

-- The 'simple' configuration keeps words, not stems, as SQLite's index does: prefix queries
-- handle plurals, and both backends find the same products for the same query.
CREATE TABLE product_search (
    product_id BIGINT PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    document TSVECTOR NOT NULL
);
CREATE INDEX product_search_document ON product_search USING GIN (document);

-- Every word ever indexed, for spelling suggestions.
CREATE TABLE search_words (word TEXT PRIMARY KEY);
CREATE INDEX search_words_trigram ON search_words USING GIN (word gin_trgm_ops);

-- Letters and digits only, as SQLite's tokenizer splits text: "1.5mm" is "1" and "5mm" in both.
CREATE FUNCTION search_text(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(t, '[^[:alnum:]]+', ' ', 'g')
$$;

CREATE FUNCTION product_search_refresh(pid BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM product_search WHERE product_id = pid;
    INSERT INTO product_search (product_id, document)
        SELECT d.product_id,
               setweight(to_tsvector('simple', search_text(d.title)), 'A')
               || setweight(to_tsvector('simple', search_text(d.category || ' ' || d.supplier)), 'B')
               || setweight(to_tsvector('simple', search_text(d.specs)), 'C')
               || setweight(to_tsvector('simple', search_text(d.description)), 'D')
        FROM product_documents d WHERE d.product_id = pid;
    INSERT INTO search_words (word)
        SELECT DISTINCT w.lexeme FROM product_search s, unnest(s.document) w WHERE s.product_id = pid
        ON CONFLICT DO NOTHING;
END $$;

CREATE FUNCTION product_terms_refresh(pid BIGINT, tiers TEXT, lead_times TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM product_tiers WHERE product_id = pid;
    INSERT INTO product_tiers (product_id, min_quantity, unit_price)
        SELECT pid, (t ->> 'min_quantity')::BIGINT, (t ->> 'unit_price')::BIGINT FROM jsonb_array_elements(tiers::jsonb) t
        ON CONFLICT DO NOTHING;
    DELETE FROM product_lead_times WHERE product_id = pid;
    INSERT INTO product_lead_times (product_id, up_to, days)
        SELECT pid, (l ->> 'up_to')::BIGINT, (l ->> 'days')::BIGINT FROM jsonb_array_elements(lead_times::jsonb) l
        ON CONFLICT DO NOTHING;
END $$;

CREATE FUNCTION products_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM product_search_refresh(NEW.id);
    RETURN NULL;
END $$;

CREATE FUNCTION products_terms_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM product_terms_refresh(NEW.id, NEW.tiers, NEW.lead_times);
    RETURN NULL;
END $$;

CREATE FUNCTION products_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_facts_refresh(NEW.id);
    RETURN NULL;
END $$;

CREATE FUNCTION companies_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_facts SET country = NEW.country, verified = CASE WHEN NEW.verified_at IS NULL THEN 0 ELSE 1 END
        WHERE company_id = NEW.id;
    RETURN NULL;
END $$;

CREATE FUNCTION companies_search_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM product_search_refresh(p.id) FROM products p WHERE p.company_id = NEW.id AND p.status = 'published';
    RETURN NULL;
END $$;

-- Deletes need no trigger: the index rows cascade with the product.
CREATE TRIGGER products_search AFTER INSERT OR UPDATE OF title, description, category_id, specs, status, company_id
    ON products FOR EACH ROW EXECUTE FUNCTION products_search_changed();
CREATE TRIGGER products_terms AFTER INSERT OR UPDATE OF tiers, lead_times
    ON products FOR EACH ROW EXECUTE FUNCTION products_terms_changed();
CREATE TRIGGER products_facts AFTER INSERT OR UPDATE OF status, company_id, category_id, currency, price_from, moq,
    lead_times, sample_price, customization, published_at, title
    ON products FOR EACH ROW EXECUTE FUNCTION products_facts_changed();
CREATE TRIGGER companies_facts AFTER UPDATE OF country, verified_at ON companies
    FOR EACH ROW EXECUTE FUNCTION companies_facts_changed();
CREATE TRIGGER companies_search AFTER UPDATE OF name ON companies
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION companies_search_renamed();

SELECT product_search_refresh(id) FROM products WHERE status = 'published';
SELECT product_terms_refresh(id, tiers, lead_times) FROM products;
INSERT INTO search_facts SELECT * FROM product_facts;
