//! A supplier's selling terms (shipping zones, bank details) and the net terms it grants
//! buyers.

use crate::domain::shipping::Zone;
use crate::domain::{CompanyId, Money};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellingTerms {
    pub zones: Vec<Zone>,
    /// Printed on proforma invoices for buyers paying by transfer.
    pub bank_details: String,
}

/// Net terms granted to one buyer company, and how much of the limit is in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditLine {
    pub buyer: CompanyId,
    pub name: String,
    pub slug: String,
    pub net_days: u32,
    pub limit: Money,
    /// Open on-account orders (not yet paid).
    pub used: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellingSettings {
    pub terms: SellingTerms,
    pub credit: Vec<CreditLine>,
    /// Where Caravan pays the supplier out through the payment provider; `None` when the
    /// provider offers no such payouts (admins pay by bank transfer).
    pub payout_account: Option<crate::model::payouts::PayoutAccount>,
}
