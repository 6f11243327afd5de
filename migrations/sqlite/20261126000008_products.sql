-- Product listings. Trade terms that are always read together (tiers, lead times,
-- specifications) are JSON columns; what lists filter and sort on is a column of its own.

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
    unit TEXT NOT NULL,
    origin TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    currency TEXT NOT NULL,
    moq INTEGER NOT NULL,
    order_increment INTEGER NOT NULL,
    -- JSON: [{"min_quantity": n, "unit_price": minor units}]
    tiers TEXT NOT NULL,
    -- JSON: [{"up_to": n, "days": d}]; above the last, lead time is negotiable
    lead_times TEXT NOT NULL,
    sample_price INTEGER,
    sample_max INTEGER,
    -- JSON: [["key", "value"]]
    specs TEXT NOT NULL DEFAULT '[]',
    -- Space-separated: oem odm logo packaging
    customization TEXT NOT NULL DEFAULT '',
    packaging TEXT NOT NULL DEFAULT '',
    weight_grams INTEGER,
    length_mm INTEGER,
    width_mm INTEGER,
    height_mm INTEGER,
    -- The lowest unit price (minor units), for sorting and buyers' price filters.
    price_from INTEGER NOT NULL,
    -- Raised by every edit: a save from an editor opened on an older version is refused.
    version INTEGER NOT NULL DEFAULT 1,
    -- Why a platform admin took the listing down (shown to the supplier).
    takedown_reason TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    published_at INTEGER,
    UNIQUE (company_id, slug)
);
CREATE INDEX products_company ON products (company_id, status, updated_at);
-- The supplier's list, newest first, whatever the status.
CREATE INDEX products_company_updated ON products (company_id, updated_at);
CREATE INDEX products_category ON products (category_id, status);
-- A supplier's categories in use, and its list filtered by category.
CREATE INDEX products_company_category ON products (company_id, category_id);

-- Every product has at least one variant: the SKU that orders, stock and imports refer to.
CREATE TABLE product_variants (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    sku TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    price_override INTEGER,
    stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
    position INTEGER NOT NULL,
    UNIQUE (company_id, sku)
);
CREATE INDEX product_variants_product ON product_variants (product_id, position);

CREATE TABLE product_images (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    -- 0 is the main image.
    position INTEGER NOT NULL,
    PRIMARY KEY (product_id, media_id)
);
CREATE INDEX product_images_media ON product_images (media_id);
