-- Storefronts: the draft a supplier edits, the versions it published, and old addresses.
-- Documents are JSON text (the typed model in src/domain/storefront.rs), validated on write.

CREATE TABLE storefronts (
    company_id INTEGER PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    draft TEXT NOT NULL,
    -- Bumped by every change: an edit made from a stale page is refused, not silently lost.
    draft_revision INTEGER NOT NULL DEFAULT 1,
    draft_updated_at INTEGER NOT NULL,
    draft_updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- The number of the version buyers see; NULL until the first publication.
    published_version INTEGER
);

CREATE TABLE storefront_versions (
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    doc TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    published_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- The draft revision it was published from, so "unpublished changes" can be told.
    draft_revision INTEGER NOT NULL,
    PRIMARY KEY (company_id, number)
);

-- Addresses a storefront had before its slug changed; they redirect to the current one.
CREATE TABLE company_slug_redirects (
    old_slug TEXT PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE INDEX company_slug_redirects_company ON company_slug_redirects (company_id);
