//! The frame of every page, and how it gets its data.
//!
//! Pages render on the server only (islands mode), once per request. Each page loads all it
//! needs — the header's shell data (who is signed in, categories), then its own data, which
//! may build on it — in one future, in one `Suspend` under one `<Suspense>`. No `Resource`s
//! and no second boundary: resources' task tracking serves hydration and client-side
//! transitions and under concurrent server rendering it occasionally never settled; and
//! async chunks are polled strictly in document order, so two of them touching the same
//! session lock could wait on each other forever.
//!
//! Authorization is decided by the server functions; a page only sends a signed-out visitor
//! to the sign-in page (and back afterwards) and explains other errors.

use crate::api::session::{SessionUser, ShellData, get_shell_data};
use crate::components::layout::{SiteFooter, SiteHeader};
use crate::components::status::ErrorPanel;
use crate::domain::CompanyId;
use crate::domain::links;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use std::future::Future;

pub use crate::domain::search::encode_query_value;

/// The address being rendered, path and query (`/search?q=cup`): where actions send the
/// visitor back to.
pub fn current_address() -> String {
    let location = use_location();
    let search = location.search.get_untracked();
    let path = location.pathname.get_untracked();
    if search.is_empty() { path } else { format!("{path}?{search}") }
}

/// The signed-in user, or `Unauthenticated`: the data of pages about one's own account.
pub fn signed_in_user(shell: &ShellData) -> std::future::Ready<Result<SessionUser, AppError>> {
    std::future::ready(shell.user.clone().ok_or(AppError::Unauthenticated))
}

/// The signed-in person's company: `Unauthenticated` sends a visitor to sign in; a person
/// without a company learns there is nothing to manage.
pub fn own_company(shell: &ShellData) -> Result<CompanyId, AppError> {
    let user = shell.user.as_ref().ok_or(AppError::Unauthenticated)?;
    user.company.as_ref().map(|m| m.company_id).ok_or_else(|| AppError::not_found("company: you are not part of one"))
}

/// The data of a page that loads nothing of its own (forms).
pub fn no_data(_: &ShellData) -> std::future::Ready<Result<(), AppError>> {
    std::future::ready(Ok(()))
}

/// Keeps a personal page (account, team, admin, cart) out of search engines.
#[component]
pub fn NoIndex() -> impl IntoView {
    view! { <Meta name="robots" content="noindex"/> }
}

/// A whole page: header, `children` rendered with the data `load` returns (given the shell
/// data), footer. A signed-out visitor is redirected to sign in; any other error is explained
/// (with its HTTP status). An admin without two-factor sign-in is sent to turn it on.
#[component]
pub fn Page<T, L, Fut, F, IV>(load: L, children: F) -> impl IntoView
where
    T: Send + 'static,
    L: FnOnce(&ShellData) -> Fut + Send + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    F: FnOnce(T) -> IV + Send + 'static,
    IV: IntoView + 'static,
{
    let here = current_address();
    let page = Suspend::new(async move {
        let (shell, data) = match get_shell_data().await {
            Ok(shell) => {
                let data = load(&shell).await;
                (Some(shell), data)
            }
            Err(error) => (None, Err(error)),
        };
        let main = match data {
            Ok(value) => children(value).into_any(),
            Err(AppError::Unauthenticated) => {
                let path = links::sign_in_then(&here);
                return view! { <Redirect path/> }.into_any();
            }
            Err(AppError::TwoFactorRequired) => {
                return view! { <Redirect path="/account/two-factor"/> }.into_any();
            }
            Err(error) => view! { <ErrorPanel error/> }.into_any(),
        };
        view! {
            <SiteHeader shell/>
            <main id="main" tabindex="-1">{main}</main>
            <SiteFooter/>
        }
        .into_any()
    });
    // The boundary renders the page inside this component's reactive owner, where the
    // `<Title>`/`<Meta>` of the page find the server's meta context.
    view! { <Suspense fallback=|| ()>{page}</Suspense> }
}

/// "← Previous · Page 2 of 9 · Next →" links, when there is more than one page.
#[component]
pub fn Pagination(
    page: u32,
    pages: u32,
    /// The address of a page.
    href: impl Fn(u32) -> String + Send + 'static,
    #[prop(default = "Pages")] label: &'static str,
) -> impl IntoView {
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=label>
                {(page > 1).then(|| view! { <a rel="prev" href=href(page - 1)>"← Previous"</a> })}
                <span>{format!("Page {page} of {pages}")}</span>
                {(page < pages).then(|| view! { <a rel="next" href=href(page + 1)>"Next →"</a> })}
            </nav>
        }
    })
}
