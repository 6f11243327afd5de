-- Catalog imports: a CSV file checked in full, then applied in the background. Progress lives
-- here so any app server can report it; the file is dropped once the import has ended.

CREATE TABLE catalog_imports (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    file_name TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('checked', 'running', 'done', 'failed', 'discarded')),
    total_rows INTEGER NOT NULL,
    valid_rows INTEGER NOT NULL,
    -- JSON: the first problems found, [{"line": n, "column": "…", "message": "…"}]
    errors TEXT NOT NULL,
    error_count INTEGER NOT NULL,
    processed_rows INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    skipped_rows INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    -- Raised while an import runs; a running import whose server stopped falls silent.
    heartbeat_at INTEGER,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX catalog_imports_company ON catalog_imports (company_id, id);
