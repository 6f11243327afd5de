//! Conversations as their pages show them: threads, messages, attachments, quote versions,
//! the inbox and its filter, and what a long poll answers.

use crate::domain::AttachmentId;
use crate::domain::links;
use crate::domain::order::OrderStatus;
use crate::domain::product::Unit;
use crate::domain::quote::{Change, Negotiator, QuoteAction, QuoteStatus, QuoteTerms};
use crate::domain::{AddressId, CompanyId, MessageId, OrderId, ProductId, QuoteId, RfqId, ThreadId, VariantId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: AttachmentId,
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

impl AttachmentView {
    pub fn href(&self) -> String {
        links::attachment(self.id)
    }

    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }

    /// "240 KB", "1.2 MB".
    pub fn size_label(&self) -> String {
        match self.size {
            s if s >= 1_000_000 => format!("{}.{} MB", s / 1_000_000, (s % 1_000_000) / 100_000),
            s => format!("{} KB", s.div_ceil(1000)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: MessageId,
    pub author: String,
    /// The side that wrote it; `None` for Caravan's own notes.
    pub side: Option<Negotiator>,
    pub mine: bool,
    pub body: String,
    pub at: i64,
    pub attachments: Vec<AttachmentView>,
    /// The quote version this message carries.
    pub quote: Option<QuoteId>,
}

/// One version of the thread's quote, with what changed from the version before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteVersion {
    pub id: QuoteId,
    pub version: i64,
    pub author: Negotiator,
    pub status: QuoteStatus,
    pub terms: QuoteTerms,
    pub changes: Vec<Change>,
    pub created_at: i64,
    pub order: Option<OrderId>,
}

/// A person taking part, and how far they have read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub name: String,
    pub side: Negotiator,
    pub last_read: Option<MessageId>,
    pub read_at: Option<i64>,
}

/// A product of the supplier's catalog a quote line can name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogChoice {
    pub variant: VariantId,
    pub label: String,
    pub unit: Unit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadView {
    pub id: ThreadId,
    pub subject: String,
    /// The caller's side of it.
    pub side: Negotiator,
    pub buyer_name: String,
    pub supplier_name: String,
    pub supplier_slug: String,
    pub product: Option<(String, String)>,
    pub rfq: Option<(RfqId, String)>,
    /// "2,000 pieces": the quantity the inquiry opened with.
    pub quantity: Option<String>,
    pub messages: Vec<MessageView>,
    pub participants: Vec<Participant>,
    /// Every version, oldest first.
    pub quotes: Vec<QuoteVersion>,
    /// What the caller may do with the newest version.
    pub actions: Vec<QuoteAction>,
    /// The supplier may send a new quote (none is open).
    pub can_quote: bool,
    pub order: Option<(OrderId, String, OrderStatus)>,
    /// For a supplier's quote form.
    pub catalog: Vec<CatalogChoice>,
    /// For a buyer accepting: the company's delivery addresses.
    pub addresses: Vec<(AddressId, String)>,
    /// The payment provider's card element, for accepting a card-paid offer.
    pub card_element: Option<crate::model::checkout::CardElement>,
    /// The newest message id: where live updates start from.
    pub last_message: i64,
    /// The first message shown, when earlier ones exist (the "earlier messages" link).
    pub earlier: Option<MessageId>,
    /// This page shows earlier messages, not the newest.
    pub older_page: bool,
    /// The server's clock, for the quote form's default validity.
    pub now: i64,
}

impl ThreadView {
    pub fn latest(&self) -> Option<&QuoteVersion> {
        self.quotes.last()
    }

    pub fn counterparty(&self) -> &str {
        match self.side {
            Negotiator::Buyer => &self.supplier_name,
            Negotiator::Supplier => &self.buyer_name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadSummary {
    pub id: ThreadId,
    pub subject: String,
    pub side: Negotiator,
    pub counterparty: String,
    pub product: Option<String>,
    pub snippet: String,
    pub last_message_at: i64,
    pub unread: bool,
    /// The other side spoke last.
    pub awaiting_me: bool,
    pub quote: Option<QuoteStatus>,
}

/// The inbox's filters, all in the address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxFilter {
    /// "unread", "awaiting" or empty.
    #[serde(default)]
    pub show: String,
    /// "buying", "selling" or empty (both).
    #[serde(default)]
    pub side: String,
    #[serde(default)]
    pub product: Option<ProductId>,
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub q: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub threads: Vec<ThreadSummary>,
    pub filter: InboxFilter,
    /// Where the page of older conversations starts, when there are more.
    pub next: Option<crate::domain::paging::Cursor>,
    /// This is a page of older conversations (not the newest).
    pub older_page: bool,
    /// Products the company's threads are about (for the product filter).
    pub products: Vec<(ProductId, String)>,
    /// The caller's company's kind: one that buys and sells gets the side filter.
    pub kind: crate::domain::CompanyKind,
}

/// What a new inquiry is about, for its form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryTarget {
    pub supplier: CompanyId,
    pub supplier_name: String,
    pub product: Option<(ProductId, String)>,
    pub unit: Unit,
    pub moq: Option<u64>,
}

/// New messages after `after`, waited for up to some seconds (long polling).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadUpdate {
    pub messages: Vec<MessageView>,
    /// The other side (or Caravan) changed the offer: the page should reload for its forms.
    pub changed: bool,
}
