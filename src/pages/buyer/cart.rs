use crate::components::page::{NoIndex, Page};
use leptos::prelude::*;
use leptos_meta::Title;

/// The cart. Lines arrive once suppliers list products; until then it explains what it is for.
#[component]
pub fn CartPage() -> impl IntoView {
    view! {
        <Title text="Cart"/>
        <NoIndex/>
        <Page load=|shell| std::future::ready(Ok(shell.user.clone())) let:user>
            <div class="container narrow page">
                <h1>"Your cart"</h1>
                <div class="empty-state card">
                    <h2>"Your cart is empty"</h2>
                    <p>"Products you add from supplier listings appear here, grouped by supplier, with each supplier's minimum order and terms."</p>
                    <p class="actions">
                        <a class="btn btn-primary" href="/search">"Find suppliers"</a>
                        {user.is_none().then(|| view! { <a class="btn btn-secondary" href="/login?next=/cart">"Sign in"</a> })}
                    </p>
                </div>
            </div>
        </Page>
    }
}
