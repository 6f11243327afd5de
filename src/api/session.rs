//! Who is calling, and what every page's shell needs to know about it.

use crate::error::AppError;
pub use crate::model::session::*;
use leptos::prelude::*;

#[server(endpoint = "shell")]
pub async fn get_shell_data() -> Result<ShellData, AppError> {
    use crate::server::{auth, cart, market, messages, state};
    let state = state()?;
    let user = auth::current_user(&state).await?;
    let categories =
        state.pages.public_data("top categories", String::new(), || market::top_categories(&state.db)).await?;
    let compared = crate::server::compare::selection().ids().to_vec();
    let cart_items = cart::count(&state, cart::owner_of(user.as_ref())).await?;
    let unread_threads = match &user {
        Some(user) => messages::unread_count(&state.db, user).await?,
        None => 0,
    };
    let test_mode = !state.payments.moves_real_money();
    Ok(ShellData { user, categories, cart_items, unread_threads, compared, test_mode })
}

#[server(endpoint = "me")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    use crate::server::{auth, state};
    auth::current_user(&state()?).await
}
