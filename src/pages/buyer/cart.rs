use crate::components::layout::use_shell;
use crate::components::page_data::NoIndex;
use leptos::prelude::*;
use leptos_meta::Title;

/// The cart. Lines arrive once suppliers list products; until then it explains what it is for.
#[component]
pub fn CartPage() -> impl IntoView {
    let shell = use_shell();
    view! {
        <Title text="Cart"/>
        <NoIndex/>
        <div class="container narrow page">
            <h1>"Your cart"</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let signed_in = shell.await.ok().and_then(|s| s.user).is_some();
                    view! {
                        <div class="empty-state card">
                            <h2>"Your cart is empty"</h2>
                            <p>"Products you add from supplier listings appear here, grouped by supplier, with each supplier's minimum order and terms."</p>
                            <p class="actions">
                                <a class="btn btn-primary" href="/search">"Find suppliers"</a>
                                {(!signed_in).then(|| view! { <a class="btn btn-secondary" href="/login?next=/cart">"Sign in"</a> })}
                            </p>
                        </div>
                    }
                })}
            </Suspense>
        </div>
    }
}
