//! Cards that list companies.

use crate::api::market::SupplierCard;
use crate::components::icons::PinIcon;
use crate::components::storefront::VerifiedBadge;
use crate::domain::country::place_name;
use crate::domain::date::civil_date;
use crate::domain::links;
use leptos::prelude::*;

#[component]
pub fn SupplierCardView(card: SupplierCard) -> impl IntoView {
    let href = links::storefront(&card.slug);
    let place = place_name(&card.city, &card.country_name);
    let since = civil_date(card.member_since).0;
    view! {
        <article class="card supplier-card">
            <h3 class="card-title"><a href=href>{card.name}</a></h3>
            <p class="meta">
                <span class="meta-item"><PinIcon/>{place}</span>
                <span class="meta-item">"On Caravan since " {since}</span>
                {card.verified.then(|| view! { <VerifiedBadge/> })}
            </p>
            {(!card.summary.is_empty()).then(|| view! { <p class="card-text">{card.summary}</p> })}
            {(!card.categories.is_empty()).then(|| view! {
                <ul class="chips" role="list" aria-label="Main categories">
                    {card.categories.into_iter().take(4).map(|c| view! { <li class="chip">{c}</li> }).collect_view()}
                </ul>
            })}
        </article>
    }
}

/// A responsive grid of supplier cards.
#[component]
pub fn SupplierGrid(cards: Vec<SupplierCard>) -> impl IntoView {
    view! {
        <div class="card-grid">
            {cards.into_iter().map(|card| view! { <SupplierCardView card/> }).collect_view()}
        </div>
    }
}
