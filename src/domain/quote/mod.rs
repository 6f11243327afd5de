//! Quotes and their negotiation: the structured terms a supplier offers (lines, MOQ, shipping,
//! lead time, payment terms, validity), how a form becomes terms, what changed between two
//! versions, and who may counter, accept, decline, withdraw or expire a version when.

mod terms;

use super::form::choices;
use super::order::PaymentMethod;
use serde::{Deserialize, Serialize};
pub use terms::{Change, QuoteLine, QuoteTerms, breaks_text, days, diff};

pub const MAX_LINES: usize = 20;
pub const MAX_BREAKS: usize = 5;
/// A quote may stay open at most this long.
pub const MAX_VALIDITY_DAYS: i64 = 180;

choices! {
    /// Where one version of a quote stands.
    QuoteStatus {
        Open => "open", "Open";
        /// A newer version replaced it (a counter-offer, or its author's revision).
        Countered => "countered", "Countered";
        Accepted => "accepted", "Accepted";
        Declined => "declined", "Declined";
        Withdrawn => "withdrawn", "Withdrawn";
        Expired => "expired", "Expired";
    }
}

choices! {
    /// Which side wrote a version, or acts on one.
    Negotiator {
        Buyer => "buyer", "Buyer";
        Supplier => "supplier", "Supplier";
    }
}

choices! {
    /// How the buyer pays for an order made from the quote.
    PaymentTerms {
        Escrow => "escrow", "Card, held by Caravan until receipt";
        BankTransfer => "bank_transfer", "Bank transfer against a proforma invoice";
        Net30 => "net_30", "Net 30 days after shipment";
        Net60 => "net_60", "Net 60 days after shipment";
    }
}

impl PaymentTerms {
    pub fn method(self) -> PaymentMethod {
        match self {
            PaymentTerms::Escrow => PaymentMethod::Escrow,
            PaymentTerms::BankTransfer => PaymentMethod::BankTransfer,
            PaymentTerms::Net30 | PaymentTerms::Net60 => PaymentMethod::OnAccount,
        }
    }

    pub fn net_days(self) -> Option<u32> {
        match self {
            PaymentTerms::Net30 => Some(30),
            PaymentTerms::Net60 => Some(60),
            _ => None,
        }
    }
}

choices! {
    /// What someone can do to a version of a quote.
    QuoteAction {
        Counter => "counter", "Counter-offer";
        Accept => "accept", "Accept and order";
        Decline => "decline", "Decline";
        Withdraw => "withdraw", "Withdraw";
        Expire => "expire", "Expire";
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum QuoteError {
    #[error("This offer was replaced by a newer version: answer that one.")]
    Replaced,
    #[error("This offer expired: ask for a new one.")]
    Expired,
    #[error("This offer was withdrawn.")]
    Withdrawn,
    #[error("This offer was already accepted.")]
    Accepted,
    #[error("This offer was declined.")]
    Declined,
    #[error("You cannot do that to this offer.")]
    NotYours,
    #[error("This offer is still valid.")]
    StillValid,
}

/// One version as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub status: QuoteStatus,
    pub author: Negotiator,
    pub valid_until: i64,
}

impl Offer {
    /// The status `action` by `by` (`None`: Caravan's expiry job) at `now` leaves this
    /// version in. The buyer alone turns a supplier's offer into an order; a supplier agrees
    /// to a buyer's counter-offer by sending it back as its own version.
    pub fn apply(self, by: Option<Negotiator>, action: QuoteAction, now: i64) -> Result<QuoteStatus, QuoteError> {
        match self.status {
            QuoteStatus::Open => {}
            QuoteStatus::Countered => return Err(QuoteError::Replaced),
            QuoteStatus::Accepted => return Err(QuoteError::Accepted),
            QuoteStatus::Declined => return Err(QuoteError::Declined),
            QuoteStatus::Withdrawn => return Err(QuoteError::Withdrawn),
            QuoteStatus::Expired => return Err(QuoteError::Expired),
        }
        let lapsed = now > self.valid_until;
        let Some(by) = by else {
            return match action {
                QuoteAction::Expire if lapsed => Ok(QuoteStatus::Expired),
                QuoteAction::Expire => Err(QuoteError::StillValid),
                _ => Err(QuoteError::NotYours),
            };
        };
        // A lapsed offer takes nothing but its expiry, even before the job has run.
        if lapsed && action != QuoteAction::Withdraw {
            return Err(QuoteError::Expired);
        }
        let other_side = by != self.author;
        match action {
            QuoteAction::Counter => Ok(QuoteStatus::Countered),
            QuoteAction::Accept if other_side && by == Negotiator::Buyer => Ok(QuoteStatus::Accepted),
            QuoteAction::Decline if other_side => Ok(QuoteStatus::Declined),
            QuoteAction::Withdraw if !other_side => Ok(QuoteStatus::Withdrawn),
            _ => Err(QuoteError::NotYours),
        }
    }

    /// What `by` may do now (for the page to offer).
    pub fn actions(self, by: Negotiator, now: i64) -> Vec<QuoteAction> {
        QuoteAction::ALL.iter().copied().filter(|a| self.apply(Some(by), *a, now).is_ok()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    const DAY: i64 = 86_400;
    const TODAY: i64 = 1_795_651_200; // 2026-11-26

    fn offer(status: QuoteStatus, author: Negotiator) -> Offer {
        Offer { status, author, valid_until: TODAY + DAY }
    }

    #[test]
    fn only_the_buyer_accepts_a_suppliers_open_offer() {
        use Negotiator::*;
        let open = offer(QuoteStatus::Open, Supplier);
        assert_eq!(open.apply(Some(Buyer), QuoteAction::Accept, TODAY), Ok(QuoteStatus::Accepted));
        assert_eq!(open.apply(Some(Supplier), QuoteAction::Accept, TODAY), Err(QuoteError::NotYours));
        assert_eq!(open.actions(Buyer, TODAY), [QuoteAction::Counter, QuoteAction::Accept, QuoteAction::Decline]);
        assert_eq!(open.actions(Supplier, TODAY), [QuoteAction::Counter, QuoteAction::Withdraw]);
        let counter = offer(QuoteStatus::Open, Buyer);
        assert_eq!(counter.actions(Supplier, TODAY), [QuoteAction::Counter, QuoteAction::Decline]);
        assert_eq!(counter.actions(Buyer, TODAY), [QuoteAction::Counter, QuoteAction::Withdraw]);
    }

    #[test]
    fn closed_and_lapsed_offers_refuse_with_the_reason() {
        use Negotiator::*;
        let cases = [
            (QuoteStatus::Countered, QuoteError::Replaced),
            (QuoteStatus::Expired, QuoteError::Expired),
            (QuoteStatus::Withdrawn, QuoteError::Withdrawn),
            (QuoteStatus::Accepted, QuoteError::Accepted),
            (QuoteStatus::Declined, QuoteError::Declined),
        ];
        for (status, error) in cases {
            assert_eq!(offer(status, Supplier).apply(Some(Buyer), QuoteAction::Accept, TODAY), Err(error));
        }
        let lapsed = offer(QuoteStatus::Open, Supplier);
        let later = TODAY + 2 * DAY;
        assert_eq!(lapsed.apply(Some(Buyer), QuoteAction::Accept, later), Err(QuoteError::Expired));
        assert_eq!(lapsed.apply(Some(Buyer), QuoteAction::Counter, later), Err(QuoteError::Expired));
        assert_eq!(lapsed.apply(None, QuoteAction::Expire, later), Ok(QuoteStatus::Expired));
        assert_eq!(lapsed.apply(None, QuoteAction::Expire, TODAY), Err(QuoteError::StillValid));
        assert_eq!(lapsed.apply(None, QuoteAction::Accept, later), Err(QuoteError::NotYours));
    }

    fn arb_action() -> impl Strategy<Value = (Option<Negotiator>, QuoteAction, i64)> {
        (
            prop::option::of(prop::sample::select(Negotiator::ALL.to_vec())),
            prop::sample::select(QuoteAction::ALL.to_vec()),
            0i64..(3 * DAY),
        )
    }

    proptest! {
        /// Any sequence of moves on a version: a closed version never changes again, only
        /// the buyer accepts and only a supplier's offer, and nothing but expiry follows the
        /// validity date.
        #[test]
        fn versions_close_once_and_accept_only_by_rule(
            author in prop::sample::select(Negotiator::ALL.to_vec()),
            moves in prop::collection::vec(arb_action(), 1..12),
        ) {
            let mut current = Offer { status: QuoteStatus::Open, author, valid_until: TODAY + DAY };
            for (by, action, offset) in moves {
                let now = TODAY + offset;
                let before = current.status;
                match current.apply(by, action, now) {
                    Ok(status) => {
                        prop_assert_eq!(before, QuoteStatus::Open);
                        if status == QuoteStatus::Accepted {
                            prop_assert_eq!(by, Some(Negotiator::Buyer));
                            prop_assert_eq!(author, Negotiator::Supplier);
                        }
                        if now > current.valid_until {
                            prop_assert!(matches!(status, QuoteStatus::Expired | QuoteStatus::Withdrawn));
                        }
                        current.status = status;
                    }
                    Err(_) => prop_assert_eq!(current.status, before),
                }
            }
        }
    }
}
