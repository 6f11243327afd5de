//! Proforma and commercial invoices: a printable page and a PDF, for the order's buyer and
//! supplier (and platform admins) only.

use crate::domain::OrderId;
use crate::domain::order::InvoiceKind;
use crate::error::AppError;
pub use crate::model::invoices::*;
use leptos::prelude::*;

#[server(endpoint = "invoices/view", input = server_fn::codec::GetUrl)]
pub async fn get_invoice(order: OrderId, kind: InvoiceKind) -> Result<InvoiceView, AppError> {
    use crate::server::{auth, invoices, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    invoices::load(&state, &user, order, kind).await
}
