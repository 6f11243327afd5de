-- The supplier profile that onboarding collects (see src/domain/profile.rs for the choices).
-- Empty text / NULL means "not answered yet"; publishing a storefront needs the required ones.

ALTER TABLE companies ADD COLUMN business_type TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN year_established INTEGER;
ALTER TABLE companies ADD COLUMN employee_range TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN response_time TEXT NOT NULL DEFAULT '';

CREATE TABLE company_export_markets (
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    PRIMARY KEY (company_id, region)
);

CREATE TABLE company_certifications (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    issuer TEXT NOT NULL,
    -- YYYY-MM-DD, or NULL when it does not expire.
    valid_until TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX company_certifications_company ON company_certifications (company_id, id);
