//! Listing moderation: platform admins find published products and take down those that break
//! the rules, with a reason the supplier sees beside the listing.

use crate::api::admin::{Listing, TakeDownListing, admin_listings};
use crate::components::form::{FormAlert, action_error};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page};
use crate::domain::date::format_date;
use crate::domain::links;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ListingsPage() -> impl IntoView {
    let q = use_query_map().read_untracked().get("q").unwrap_or_default();
    let query = q.clone();
    view! {
        <Title text="Listings"/>
        <NoIndex/>
        <Page load=move |_| admin_listings(query) let:listings>
            <Listings listings q=q.clone()/>
        </Page>
    }
}

#[component]
fn Listings(listings: Vec<Listing>, q: String) -> impl IntoView {
    let take_down = ServerAction::<TakeDownListing>::new();
    let error = action_error(take_down);
    view! {
        <div class="container page">
            <Breadcrumbs trail=trail(&[("/admin", "Platform admin")]) current="Listings"/>
            <NoticeBanner/>
            <header class="page-head">
                <h1>"Published listings"</h1>
                <p class="muted">"Take down a listing that breaks the marketplace rules. It goes back to draft and its supplier sees your reason."</p>
            </header>
            <form class="filters" method="get" action="/admin/products" role="search" aria-label="Find listings">
                <div class="field">
                    <label for="q">"Title or supplier"</label>
                    <input id="q" name="q" type="search" value=q maxlength=100/>
                </div>
                <div class="filters-actions"><button class="btn btn-secondary" type="submit">"Find"</button></div>
            </form>
            <FormAlert error/>
            {listings.is_empty().then(|| view! { <p>"No published listings match."</p> })}
            <ul class="moderation-list" role="list">
                {listings.into_iter().map(|l| {
                    let reason_id = format!("reason-{}", l.id);
                    view! {
                        <li class="card">
                            <h2 class="h3">{l.title.clone()}</h2>
                            <p class="muted">
                                <a href=links::storefront(&l.supplier_slug)>{l.supplier_name}</a>
                                {format!(" · {} · updated {}", l.category, format_date(l.updated_at))}
                            </p>
                            <ActionForm action=take_down attr:class="form">
                                <input type="hidden" name="product" value=l.id.get()/>
                                <div class="field">
                                    <label for=reason_id.clone()>{format!("Reason for taking down “{}”", l.title)}</label>
                                    <textarea id=reason_id name="reason" rows="2" maxlength="1000" required=true></textarea>
                                </div>
                                <button class="btn btn-danger" type="submit">"Take down"</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
