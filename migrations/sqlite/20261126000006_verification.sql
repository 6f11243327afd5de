-- Supplier verification: a supplier submits business documents (private media), a platform
-- admin grants or refuses the Verified badge with a reason the supplier sees.

CREATE TABLE verification_requests (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
    note TEXT NOT NULL DEFAULT '',
    submitted_at INTEGER NOT NULL,
    submitted_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at INTEGER,
    decided_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX verification_requests_queue ON verification_requests (status, submitted_at);
CREATE INDEX verification_requests_company ON verification_requests (company_id, id);

CREATE TABLE verification_documents (
    request_id INTEGER NOT NULL REFERENCES verification_requests (id) ON DELETE CASCADE,
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    PRIMARY KEY (request_id, media_id)
);
CREATE INDEX verification_documents_media ON verification_documents (media_id);

-- Set while the company holds the Verified badge.
ALTER TABLE companies ADD COLUMN verified_at INTEGER;
