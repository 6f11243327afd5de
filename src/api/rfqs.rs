//! Requests for quotation: a buyer asks the market (or chosen suppliers) for a price; suppliers
//! who match see it in their feed and answer with a quote; the buyer compares the quotes side
//! by side and accepts one.

use crate::domain::RfqId;
#[cfg(feature = "ssr")]
use crate::domain::links::{self, with_notice};
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::error::AppError;
use crate::model::catalog::CategoryOption;
pub use crate::model::rfqs::*;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};

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
    crate::server::request::redirect(&with_notice(&links::rfq(rfq), Notice::RfqPosted));
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
    crate::server::request::redirect(&links::rfq(rfq));
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
pub async fn quote_rfq(rfq: RfqId, #[server(default)] terms: crate::domain::form::FormValues) -> Result<(), AppError> {
    use crate::server::{auth, rfqs, state};
    let state = state()?;
    let user = auth::require_confirmed_user(&state).await?;
    let thread = rfqs::answer(&state, &user, rfq, &terms).await?;
    crate::server::request::redirect(&with_notice(&links::thread(thread), Notice::QuoteSent));
    Ok(())
}
