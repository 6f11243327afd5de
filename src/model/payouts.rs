//! Payouts and statements as suppliers and admins see them.

use crate::domain::payout::{LineKind, Period, Totals};
use crate::domain::{CompanyId, Currency, Money};
use serde::{Deserialize, Serialize};

/// One bank transfer sent to a supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutView {
    pub amount: Money,
    pub reference: String,
    pub sent_at: i64,
}

/// A supplier's money page: balances, payouts, and the statement of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierMoney {
    /// Per currency: held in escrow for its orders, and available to be paid out.
    pub balances: Vec<(Currency, Money, Money)>,
    pub payouts: Vec<PayoutView>,
    pub statement: Statement,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    pub at: i64,
    pub kind: LineKind,
    /// The order it concerns ("SO-000012"), or the payout's reference.
    pub about: String,
    pub memo: String,
    pub gross: Money,
    pub commission: Money,
    pub balance: Money,
}

/// A month of a supplier's money, with the platform's commission invoice for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub period: Period,
    pub lines: Vec<StatementLine>,
    pub totals: Vec<Totals>,
    /// "CI-000042-2026-11": the commission invoice's number, when the month had commission.
    pub commission_invoice: Option<String>,
}

/// A supplier with money to be paid out, for the admins' payout list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayableSupplier {
    pub supplier: CompanyId,
    pub name: String,
    pub available: Money,
    /// Where to send it: the supplier's bank details (empty when it gave none).
    pub bank_details: String,
}

/// The supplier's account at the payment provider that Caravan pays it out to (Stripe
/// Connect), for its selling settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayoutAccount {
    /// No account yet: admins pay the supplier by bank transfer meanwhile.
    NotConnected,
    /// Opened, but the provider still needs the supplier's details before it can receive.
    Incomplete { account: String },
    /// Released funds are transferred to it.
    Ready { account: String },
}
