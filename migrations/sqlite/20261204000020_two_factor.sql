-- Two-factor sign-in: one authenticator secret per person, set up first and turned on once a
-- code from the app proves it was saved. last_step is the newest 30-second step a code was
-- accepted for, so each code works once.
CREATE TABLE two_factor (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    enabled_at INTEGER,
    last_step INTEGER NOT NULL DEFAULT 0
);

-- One-time recovery codes for a lost authenticator, stored as their SHA-256.
CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_digest TEXT NOT NULL,
    used_at INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id, code_digest);
