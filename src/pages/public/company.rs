use crate::api::market::{CompanyProfile, get_company_profile};
use crate::components::icons::PinIcon;
use crate::components::page::Page;
use crate::domain::date::civil_date;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

/// A supplier's public profile at `/s/{slug}`.
#[component]
pub fn CompanyView() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    view! {
        <Page load=move |_| get_company_profile(slug) let:profile>
            <CompanyContent profile/>
        </Page>
    }
}

#[component]
fn CompanyContent(profile: CompanyProfile) -> impl IntoView {
    let place = if profile.city.is_empty() {
        profile.country_name.clone()
    } else {
        format!("{}, {}", profile.city, profile.country_name)
    };
    let description = format!("{} — {} supplier on Caravan.", profile.name, profile.country_name);
    let paragraphs: Vec<String> =
        profile.description.split("\n\n").map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    view! {
        <Title text=profile.name.clone()/>
        <Meta name="description" content=description/>
        <section class="company-hero">
            <div class="container">
                <p class="eyebrow">{profile.kind.label()}</p>
                <h1>{profile.name.clone()}</h1>
                <p class="meta">
                    <span class="meta-item"><PinIcon/>{place.clone()}</span>
                    <span class="meta-item">"On Caravan since " {civil_date(profile.member_since).0}</span>
                </p>
            </div>
        </section>
        <div class="container page two-column">
            <section aria-labelledby="about-title">
                <h2 id="about-title">"About " {profile.name.clone()}</h2>
                {if paragraphs.is_empty() {
                    view! { <p class="muted">"This supplier has not written a description yet."</p> }.into_any()
                } else {
                    paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view().into_any()
                }}
            </section>
            <aside class="card" aria-labelledby="facts-title">
                <h2 id="facts-title" class="card-title">"Company facts"</h2>
                <dl class="facts">
                    <dt>"Location"</dt>
                    <dd>{place}</dd>
                    <dt>"Business"</dt>
                    <dd>{profile.kind.label()}</dd>
                    <dt>"Main categories"</dt>
                    <dd>
                        {if profile.categories.is_empty() {
                            view! { <span class="muted">"Not yet chosen"</span> }.into_any()
                        } else {
                            view! {
                                <ul class="chips chips-links" role="list">
                                    {profile.categories.into_iter().map(|c| view! { <li><a class="chip" href=format!("/c/{}", c.slug)>{c.name}</a></li> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </dd>
                </dl>
            </aside>
        </div>
    }
}
