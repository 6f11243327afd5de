//! Orders as both sides see them: lists, detail with lines, timeline, invoices, dispute and
//! review, and which side the caller is on.

use crate::domain::address::PostalAddress;
use crate::domain::order::{Action, Actor, InvoiceKind, OrderStatus, PaymentMethod, PaymentStatus};
use crate::domain::product::Unit;
use crate::domain::{CompanyId, Currency, Money, OrderId};
use serde::{Deserialize, Serialize};

/// Which side of orders the caller looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    Buying,
    Selling,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: OrderId,
    pub number: String,
    /// The other company: the supplier for a buyer, the buyer for a supplier.
    pub counterparty: String,
    pub status: OrderStatus,
    pub payment: PaymentStatus,
    pub total: Money,
    pub placed_at: i64,
    pub po_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub title: String,
    pub sku: String,
    pub variant_name: String,
    pub sample: bool,
    pub unit: Unit,
    pub quantity: u64,
    pub unit_price: Money,
    /// The tier that priced it (its first quantity).
    pub tier_from: Option<u64>,
    pub total: Money,
    pub product_href: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub at: i64,
    pub actor: Actor,
    pub who: String,
    pub action: String,
    pub status: OrderStatus,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRef {
    pub kind: InvoiceKind,
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeView {
    pub reason: String,
    /// The buyer's photos (private addresses).
    pub evidence: Vec<crate::domain::image::ImageRef>,
    pub details: String,
    pub opened_at: i64,
    pub resolution: Option<String>,
    pub refund: Option<Money>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub id: OrderId,
    pub number: String,
    pub version: i64,
    pub side: Option<Side>,
    pub supplier: CompanyId,
    pub supplier_name: String,
    pub supplier_slug: String,
    pub buyer_name: String,
    pub status: OrderStatus,
    pub method: PaymentMethod,
    pub payment: PaymentStatus,
    pub currency: Currency,
    pub subtotal: Money,
    pub shipping: Money,
    pub total: Money,
    pub po_number: String,
    pub note: String,
    pub ship_to: PostalAddress,
    pub bill_to: PostalAddress,
    pub net_days: Option<u32>,
    pub carrier: String,
    pub tracking_number: String,
    pub placed_at: i64,
    pub shipped_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub due_at: Option<i64>,
    pub lines: Vec<OrderLineView>,
    pub timeline: Vec<TimelineEvent>,
    pub invoices: Vec<InvoiceRef>,
    pub dispute: Option<DisputeView>,
    /// What the caller may do now.
    pub actions: Vec<Action>,
    /// The card charge, when paid by card ("Visa ending 4242").
    pub card: Option<String>,
    /// When held funds go to the supplier by themselves, once the order shipped with money
    /// held: the protection period after the expected delivery.
    pub release_at: Option<i64>,
    /// An order awaiting its bank transfer is cancelled unless paid by then.
    pub pay_by: Option<i64>,
    /// The buyer company (which adds evidence to a dispute).
    pub buyer: CompanyId,
    /// The buyer's review of the supplier for this order.
    pub review: Option<ReviewView>,
    /// The caller is the buyer and may review the supplier now.
    pub can_review: bool,
}

/// A buyer's review of a supplier, for one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub stars: crate::domain::review::Stars,
    pub comment: String,
    /// Who wrote it, and for which buyer company.
    pub author: String,
    pub buyer: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderList {
    pub side: Side,
    pub orders: Vec<OrderSummary>,
    pub status: Option<OrderStatus>,
    /// A supplier's money: (currency, pending in escrow, available).
    pub balances: Vec<(Currency, Money, Money)>,
    /// Where the page of older orders starts, when there are more.
    pub next: Option<crate::domain::paging::Cursor>,
    /// This is a page of older orders (not the newest).
    pub older_page: bool,
}
