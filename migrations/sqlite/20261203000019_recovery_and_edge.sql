-- The site's signing key (visitor cart cookies), shared by every app server.
CREATE TABLE site_secrets (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL
);

-- Password reset links: the SHA-256 of the token in the mail (a leaked table opens nothing),
-- valid for an hour and once.
CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_digest TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);

-- Failed sign-ins, one row each with the account tried and the client's address: counted per
-- account and address together (that pair locks), per address (it locks), and per account
-- (attempts slow down, never lock). It replaces the per-scope counters, which held only the
-- last 15 minutes and could not count a pair.
DROP TABLE login_failures;
CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    client TEXT NOT NULL,
    failed_at INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures (account, failed_at);
CREATE INDEX sign_in_failures_client ON sign_in_failures (client, failed_at);

-- Sessions are now stored under the SHA-256 of their id: rows kept under the plain id could
-- be replayed from a copy of the table, so they go (everyone signs in once more).
DELETE FROM sessions;

-- Mail delivery attempts: a message that fails waits longer before each retry, and after the
-- last one (or at once, when it can never be sent) it is marked failed with the reason, so one
-- bad message no longer holds up the ones after it.
ALTER TABLE mail_outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_outbox ADD COLUMN failed_at INTEGER;
ALTER TABLE mail_outbox ADD COLUMN last_error TEXT;

-- An account's email address is confirmed by a mailed link before it can order, quote or
-- invite. Accounts made before this was asked for count as confirmed.
ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
UPDATE users SET email_verified_at = created_at;
CREATE TABLE email_verifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    token_digest TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX email_verifications_user ON email_verifications (user_id, created_at);

-- Counted actions for rate limits that are not sign-in failures (sign-ups per address, notice
-- mails per account), one row each.
CREATE TABLE rate_events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX rate_events_lookup ON rate_events (kind, subject, at);
