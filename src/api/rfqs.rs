//! Requests for quotation: a buyer asks the market (or chosen suppliers) for a price; suppliers
//! who match see it in their feed and answer with a quote; the buyer compares the quotes side
//! by side and accepts one.

use crate::api::catalog::CategoryOption;
use crate::api::messages::AttachmentView;
use crate::domain::product::Unit;
use crate::domain::quote::{PaymentTerms, QuoteStatus};
use crate::domain::{Country, Money, QuoteId, RfqId, ThreadId};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};
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
    pub supplier: crate::api::compare::SupplierSummary,
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

/// A buyer's own RFQs.
#[server(endpoint = "rfqs/mine", input = GetUrl)]
pub async fn get_my_rfqs() -> Result<Vec<RfqView>, AppError> {
    use crate::server::{auth, rfqs, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    rfqs::mine(&state.db, &user).await
}

/// The categories an RFQ can be posted in, and suppliers to invite.
#[server(endpoint = "rfqs/form", input = GetUrl)]
pub async fn get_rfq_form() -> Result<(Vec<CategoryOption>, Vec<(String, String)>), AppError> {
    use crate::server::{auth, catalog, rfqs, state};
    let state = state()?;
    auth::require_user(&state).await?;
    Ok((catalog::categories(&state.db).await?, rfqs::invitable_suppliers(&state.db).await?))
}

/// Posts an RFQ (a multipart form: drawings and specifications may come with it).
#[server(endpoint = "rfqs/post", input = MultipartFormData)]
pub async fn post_rfq(data: MultipartData) -> Result<(), AppError> {
    use crate::server::{attachments, auth, rfqs, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    let (form, files) = attachments::read_form(data).await?;
    let rfq = rfqs::post(&state, &user, &form, files).await?;
    leptos_axum::redirect(&format!("/rfqs/{rfq}?notice=rfq_posted"));
    Ok(())
}

#[server(endpoint = "rfqs/detail", input = GetUrl)]
pub async fn get_rfq(rfq: RfqId) -> Result<RfqDetail, AppError> {
    use crate::server::{auth, rfqs, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    rfqs::detail(&state.db, &user, rfq).await
}

/// The buyer stops taking quotes.
#[server(endpoint = "rfqs/cancel")]
pub async fn cancel_rfq(rfq: RfqId) -> Result<(), AppError> {
    use crate::server::{auth, rfqs, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    rfqs::cancel(&state.db, &user, rfq).await?;
    leptos_axum::redirect(&format!("/rfqs/{rfq}"));
    Ok(())
}

/// Open RFQs a supplier may answer.
#[server(endpoint = "rfqs/feed", input = GetUrl)]
pub async fn get_rfq_feed(filter: FeedFilter) -> Result<RfqFeed, AppError> {
    use crate::server::{auth, rfqs, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    rfqs::feed(&state.db, &user, filter).await
}

/// A supplier answers an RFQ: a thread with the buyer, opening with the supplier's quote.
#[server(endpoint = "rfqs/quote")]
pub async fn quote_rfq(
    rfq: RfqId,
    #[server(default)] terms: crate::domain::storefront::FormValues,
) -> Result<(), AppError> {
    use crate::server::{auth, rfqs, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    let thread = rfqs::answer(&state, &user, rfq, &terms).await?;
    leptos_axum::redirect(&format!("/messages/{thread}?notice=quote_sent"));
    Ok(())
}
