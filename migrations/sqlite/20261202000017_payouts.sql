-- Payouts to suppliers' banks: a ledger account of their own ('payout'), and the record an
-- admin makes of each bank transfer sent, with its reference. SQLite cannot change a CHECK
-- constraint in place: the postings table is rebuilt with the new account allowed.
CREATE TABLE ledger_postings_new (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES ledger_entries (id) ON DELETE RESTRICT,
    account TEXT NOT NULL CHECK (account IN ('buyer', 'escrow', 'supplier', 'direct', 'commission', 'payout')),
    -- The company (buyer, supplier, direct, payout), order (escrow), or 0 (commission).
    owner_id INTEGER NOT NULL,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL
);
INSERT INTO ledger_postings_new (id, entry_id, account, owner_id, currency, amount)
    SELECT id, entry_id, account, owner_id, currency, amount FROM ledger_postings;
DROP TABLE ledger_postings;
ALTER TABLE ledger_postings_new RENAME TO ledger_postings;
CREATE INDEX ledger_postings_account ON ledger_postings (account, owner_id, currency);
CREATE INDEX ledger_postings_entry ON ledger_postings (entry_id);

CREATE TABLE payouts (
    id INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE RESTRICT,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    -- The bank transfer's reference, as the supplier will see it on its statement.
    reference TEXT NOT NULL,
    -- The bank details it was sent to, as they were.
    bank_details TEXT NOT NULL DEFAULT '',
    sent_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    entry_id INTEGER NOT NULL REFERENCES ledger_entries (id) ON DELETE RESTRICT,
    sent_at INTEGER NOT NULL
);
CREATE INDEX payouts_supplier ON payouts (supplier_id, sent_at);
