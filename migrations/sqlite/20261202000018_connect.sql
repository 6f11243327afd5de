-- Stripe Connect: a supplier's own account at the provider, which Caravan transfers what it
-- owes the supplier to, and each transfer attempt. An attempt is committed (and so holds its
-- amount back from other payouts) before the provider hears of it; the payout and its ledger
-- entry are written only once the provider made the transfer.
CREATE TABLE connect_accounts (
    company_id INTEGER PRIMARY KEY REFERENCES companies (id) ON DELETE RESTRICT,
    provider TEXT NOT NULL,
    account_id TEXT NOT NULL UNIQUE,
    -- 1 once the provider lets Caravan transfer to the account (onboarding finished).
    payouts_enabled INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE connect_transfers (
    id INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE RESTRICT,
    account_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    -- Sent again unchanged after a crash, so the provider makes the transfer once.
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    transfer_id TEXT,
    failure TEXT,
    created_at INTEGER NOT NULL,
    settled_at INTEGER
);
CREATE INDEX connect_transfers_supplier ON connect_transfers (supplier_id, state, currency);

-- The checkout form of a payment waiting for the buyer's bank, so the provider's word that
-- it succeeded can place the checkout when the buyer's browser does not come back.
ALTER TABLE card_payments ADD COLUMN checkout_form TEXT;
