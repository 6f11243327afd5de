//! How pages show their data. Each page creates its resource at the top of the component and
//! hands it to `<PageData>`: a resource created inside a `<Suspense>` can stall server
//! rendering (leptos#4866). Authorization is decided by the server functions; this only sends
//! a signed-out visitor to the sign-in page (and back afterwards) and explains other errors.

use crate::api::session::SessionUser;
use crate::components::layout::ShellResource;
use crate::components::status::ErrorPanel;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// Percent-encodes what would break out of a query parameter value.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The signed-in user from the shell data, or `Unauthenticated`: for a page resource's fetcher.
pub async fn signed_in_user(shell: ShellResource) -> Result<SessionUser, AppError> {
    shell.await?.user.ok_or(AppError::Unauthenticated)
}

/// Keeps a personal page (account, team, admin, cart) out of search engines.
#[component]
pub fn NoIndex() -> impl IntoView {
    view! { <Meta name="robots" content="noindex"/> }
}

/// Renders `children` with the loaded data; a signed-out visitor is redirected to sign in,
/// any other error is explained (with its HTTP status).
#[component]
pub fn PageData<T, F, IV>(data: Resource<Result<T, AppError>>, children: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> IV + Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let location = use_location();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = children.clone();
                let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => children(value).into_any(),
                        Err(AppError::Unauthenticated) => {
                            let path = format!("/login?next={}", encode_query_value(&here));
                            view! { <Redirect path/> }.into_any()
                        }
                        Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::encode_query_value;

    #[test]
    fn encodes_query_breaking_characters() {
        assert_eq!(encode_query_value("/account/team"), "/account/team");
        assert_eq!(encode_query_value("/search?q=a b&x=1#y"), "/search%3Fq%3Da%20b%26x%3D1%23y");
    }
}
