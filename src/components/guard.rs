//! Pages for signed-in people. The real check happens in every server function; this only
//! sends a signed-out visitor to the sign-in page and back afterwards.

use crate::api::session::SessionUser;
use crate::components::layout::use_shell;
use crate::components::status::ErrorPanel;
use leptos::prelude::*;
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

/// Renders `children` with the signed-in user, or redirects to sign-in.
#[component]
pub fn SignedIn<F, IV>(children: F) -> impl IntoView
where
    F: Fn(SessionUser) -> IV + Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let shell = use_shell();
    let location = use_location();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = children.clone();
                let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
                Suspend::new(async move {
                    match shell.await {
                        Ok(data) => match data.user {
                            Some(user) => children(user).into_any(),
                            None => {
                                let path = format!("/login?next={}", encode_query_value(&here));
                                view! { <Redirect path/> }.into_any()
                            }
                        },
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
