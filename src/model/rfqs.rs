//! Requests for quotation as buyers and suppliers see them: the RFQ, its detail with the
//! quote comparison, and the suppliers' feed and its filter.

use crate::domain::product::Unit;
use crate::domain::quote::{PaymentTerms, QuoteStatus};
use crate::domain::{Country, Money, QuoteId, RfqId, ThreadId};
use crate::model::catalog::CategoryOption;
use crate::model::messages::AttachmentView;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfqView {
    pub id: RfqId,
    pub title: String,
    pub details: String,
    pub buyer_name: String,
    pub buyer_country: String,
    pub category: String,
    pub quantity: u64,
    pub unit: Unit,
    pub target_price: Option<Money>,
    pub deliver_by: i64,
    pub destination: Country,
    pub payment_terms: PaymentTerms,
    pub closes_at: i64,
    pub invited_only: bool,
    pub cancelled: bool,
    /// The buyer accepted one of the quotes.
    pub awarded: bool,
    pub created_at: i64,
    pub attachments: Vec<AttachmentView>,
    pub quote_count: u32,
}

impl RfqView {
    pub fn open_at(&self, now: i64) -> bool {
        !self.cancelled && !self.awarded && now <= self.closes_at
    }

    /// Where the request stands, for lists and its page.
    pub fn standing(&self) -> String {
        match (self.cancelled, self.awarded) {
            (true, _) => "Cancelled".to_string(),
            (_, true) => "Awarded".to_string(),
            _ => crate::domain::date::format_date(self.closes_at),
        }
    }
}

/// One supplier's newest offer on an RFQ, as the buyer compares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteComparison {
    pub quote: QuoteId,
    pub thread: ThreadId,
    pub supplier: crate::model::compare::SupplierSummary,
    pub status: QuoteStatus,
    pub version: i64,
    /// The first line's unit price and quantity (what the RFQ asked for).
    pub unit_price: Money,
    pub quantity: u64,
    pub subtotal: Money,
    pub shipping: Money,
    pub landed_total: Money,
    pub lead_days: u32,
    pub payment: PaymentTerms,
    pub valid_until: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfqDetail {
    pub rfq: RfqView,
    /// The buyer's side: every supplier's newest offer.
    pub quotes: Vec<QuoteComparison>,
    /// The supplier's side: its own thread for this RFQ, once it answered.
    pub my_thread: Option<ThreadId>,
    pub is_buyer: bool,
    /// The server's clock, for the quote form's default validity.
    pub now: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedFilter {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub min_quantity: String,
    #[serde(default)]
    pub max_quantity: String,
    /// "closing" (soonest first) or empty (newest first).
    #[serde(default)]
    pub sort: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfqFeed {
    pub rfqs: Vec<(RfqView, Option<ThreadId>)>,
    pub filter: FeedFilter,
    pub categories: Vec<CategoryOption>,
}
