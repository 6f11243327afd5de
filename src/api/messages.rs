//! Inquiries and their threads: a conversation between one buyer company and one supplier
//! company, with messages, attachments, read marks and the quotes negotiated in it.

#[cfg(feature = "ssr")]
use crate::domain::links;
use crate::domain::{CompanyId, ProductId, ThreadId};
use crate::error::AppError;
pub use crate::model::messages::*;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};

#[server(endpoint = "messages/inquiry-target", input = GetUrl)]
pub async fn get_inquiry_target(
    #[server(default)] product: Option<ProductId>,
    #[server(default)] supplier: String,
) -> Result<InquiryTarget, AppError> {
    use crate::server::{auth, messages, state};
    let state = state()?;
    auth::require_user(&state).await?;
    messages::inquiry_target(&state.db, product, &supplier).await
}

/// Opens an inquiry with a supplier (about a product or the company) and goes to its thread.
#[server(endpoint = "messages/inquire")]
pub async fn start_inquiry(
    supplier: CompanyId,
    #[server(default)] product: Option<ProductId>,
    #[server(default)] subject: String,
    #[server(default)] quantity: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    use crate::server::{auth, messages, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    let form = messages::InquiryForm { supplier, product, subject, quantity, message };
    let thread = messages::start_inquiry(&state, &user, &form).await?;
    crate::server::request::redirect(&links::thread(thread));
    Ok(())
}

#[server(endpoint = "messages/inbox", input = GetUrl)]
pub async fn get_inbox(filter: InboxFilter, #[server(default)] before: String) -> Result<Inbox, AppError> {
    use crate::domain::paging::Cursor;
    use crate::server::{auth, messages, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    messages::inbox(&state.db, &user, filter, Cursor::parse(&before)).await
}

/// A thread, marked read up to its newest message for the caller.
#[server(endpoint = "messages/thread", input = GetUrl)]
pub async fn get_thread(thread: ThreadId, #[server(default)] before: String) -> Result<ThreadView, AppError> {
    use crate::server::{auth, messages, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    messages::thread(&state, &user, thread, before.parse().ok()).await
}

/// Waits (up to about 20 seconds) for messages newer than `after`, and marks them read.
#[server(endpoint = "messages/poll", input = GetUrl)]
pub async fn poll_thread(thread: ThreadId, after: i64) -> Result<ThreadUpdate, AppError> {
    use crate::server::{auth, messages, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    messages::wait_for_messages(&state, &user, thread, after).await
}

/// Sends a message with up to three files (a multipart form: it works without JavaScript).
#[server(endpoint = "messages/send", input = MultipartFormData)]
pub async fn send_message(data: MultipartData) -> Result<(), AppError> {
    use crate::server::{attachments, auth, messages, state};
    let state = state()?;
    let user = auth::require_user(&state).await?;
    let (form, files) = attachments::read_form(data).await?;
    let thread: ThreadId =
        form.get("thread").and_then(|t| t.parse().ok()).ok_or_else(|| AppError::not_found("conversation"))?;
    let body = form.get("body").cloned().unwrap_or_default();
    messages::send(&state, &user, thread, &body, files).await?;
    crate::server::request::redirect(&format!("{}#latest", links::thread(thread)));
    Ok(())
}
