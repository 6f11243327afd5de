-- Uploaded images. The files live in a media store under content-addressed names; a row
-- lists an image's renditions (JSON: width, height, url) and what it is for.

CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('logo', 'banner', 'library', 'certificate', 'verification')),
    variants TEXT NOT NULL,
    -- What the image shows, for screen readers and search engines.
    alt TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX media_company ON media (company_id, purpose, id);

ALTER TABLE companies ADD COLUMN logo_media INTEGER REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE companies ADD COLUMN banner_media INTEGER REFERENCES media (id) ON DELETE SET NULL;
-- A picture of the certificate itself, for buyers to check.
ALTER TABLE company_certifications ADD COLUMN document_media INTEGER REFERENCES media (id) ON DELETE SET NULL;
