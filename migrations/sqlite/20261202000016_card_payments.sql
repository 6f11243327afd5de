-- Card payments are recorded around every provider call instead of inside the checkout's
-- transaction (server::payments::attempts): an attempt is committed before the provider
-- hears of it, so a crash between the provider's answer and the checkout's commit leaves a
-- row the sweep settles.
CREATE TABLE card_payments (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The checkout form's idempotency key (or quote-N): one checkout's attempts.
    checkout_key TEXT NOT NULL,
    provider TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL,
    -- The provider's id, stored before the card is charged.
    intent TEXT,
    state TEXT NOT NULL CHECK (state IN ('created', 'requires_action', 'succeeded', 'failed', 'captured', 'refunding', 'refunded')),
    card_summary TEXT NOT NULL DEFAULT '',
    checkout_id INTEGER REFERENCES checkouts (id) ON DELETE RESTRICT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX card_payments_checkout ON card_payments (user_id, checkout_key, currency);
-- One payment under way per checkout and currency: a second submission of the same form (a
-- double click) waits for the first instead of charging the card again.
CREATE UNIQUE INDEX card_payments_one_open ON card_payments (user_id, checkout_key, currency)
    WHERE state IN ('created', 'requires_action', 'succeeded');
CREATE INDEX card_payments_open ON card_payments (provider, state, updated_at);
CREATE INDEX card_payments_intent ON card_payments (provider, intent);

-- Refunds owed to a card: written with the move that owes them, sent once it committed,
-- retried by the sweep until the provider has them. Refunds the provider reports (made at its
-- dashboard, or a chargeback lost) are recorded beside them, already sent.
CREATE TABLE card_refunds (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE RESTRICT,
    provider TEXT NOT NULL,
    reference TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL,
    origin TEXT NOT NULL DEFAULT 'caravan' CHECK (origin IN ('caravan', 'provider', 'chargeback')),
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX card_refunds_unsent ON card_refunds (provider, sent_at);

-- Webhook events already handled: a replayed event is handled once.
CREATE TABLE provider_events (
    provider TEXT NOT NULL,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (provider, id)
);
-- A chargeback the buyer's bank opened holds the automatic release until it is settled.
ALTER TABLE orders ADD COLUMN chargeback_open INTEGER NOT NULL DEFAULT 0;
