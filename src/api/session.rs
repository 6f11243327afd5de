//! Who is calling, and what every page's shell needs to know about it.

use crate::error::AppError;
pub use crate::model::session::*;
use leptos::prelude::*;

#[server(endpoint = "shell")]
pub async fn get_shell_data() -> Result<ShellData, AppError> {
    use crate::server::{auth, cart, market, state};
    let state = state()?;
    let signed_in = auth::signed_in(&state).await?;
    let categories =
        state.pages.public_data("top categories", String::new(), || market::top_categories(&state.db)).await?;
    let compared = crate::server::compare::selection().ids().to_vec();
    let cart_items = cart::count(&state, signed_in.as_ref()).await?;
    let unread_threads = signed_in.as_ref().map_or(0, |load| load.unread_threads);
    let user = signed_in.map(|load| load.user);
    let test_mode = !state.payments.moves_real_money();
    Ok(ShellData { user, categories, cart_items, unread_threads, compared, test_mode })
}

#[server(endpoint = "me")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    use crate::server::{auth, state};
    auth::current_user(&state()?).await
}
