use crate::api::market::CompanyProfile;
use crate::api::storefront::{GridQuery, StorefrontPage, StorefrontView, get_storefront};
use crate::components::icons::PinIcon;
use crate::components::page::Page;
use crate::components::seo::SocialMeta;
use crate::components::storefront::{CompanyFacts, Storefront};
use crate::domain::country::place_name;
use crate::domain::date::civil_date;
use crate::domain::links;
use crate::domain::storefront::PageKind;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A supplier's storefront at `/s/{slug}` and `/s/{slug}/{page}`: its published version, or
/// the plain company profile until it publishes one.
#[component]
pub fn CompanyView() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let slug = params.get("slug").unwrap_or_default();
    let page = params.get("page").unwrap_or_default();
    let query = use_query_map().read_untracked();
    let grid = GridQuery {
        category: query.get("category").unwrap_or_default(),
        page: query.get("p").and_then(|p| p.parse().ok()).unwrap_or(1),
    };
    view! {
        <Page load=move |_| get_storefront(slug, page, grid) let:found>
            {match found {
                StorefrontPage::Published(view) => view! { <PublishedStorefront view=*view/> }.into_any(),
                StorefrontPage::Unpublished(profile) => view! { <CompanyContent profile=*profile/> }.into_any(),
                StorefrontPage::Moved(to) => view! {
                    <div class="container page"><p>"This storefront has moved to " <a href=to.clone()>{to.clone()}</a> "."</p></div>
                }.into_any(),
            }}
        </Page>
    }
}

#[component]
fn PublishedStorefront(view: StorefrontView) -> impl IntoView {
    let title = if view.page == PageKind::Home {
        view.company.name.clone()
    } else {
        format!("{} · {}", view.page_label, view.company.name)
    };
    let json_ld = view.json_ld.clone();
    view! {
        <Title text=title.clone()/>
        <SocialMeta title description=view.description.clone() url=view.canonical_url.clone() image=view.share_image.clone()/>
        <script type="application/ld+json" inner_html=json_ld></script>
        <Storefront view/>
    }
}

#[component]
fn CompanyContent(profile: CompanyProfile) -> impl IntoView {
    let place = place_name(&profile.facts.city, &profile.country_name);
    let description = format!("{} — {} supplier on Caravan.", profile.name, profile.country_name);
    let paragraphs: Vec<String> =
        profile.facts.description.split("\n\n").map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    view! {
        <Title text=profile.name.clone()/>
        <SocialMeta title=profile.name.clone() description url=links::storefront(&profile.slug)/>
        <section class="company-hero">
            <div class="container">
                <p class="eyebrow">{profile.kind.label()}</p>
                <h1>{profile.name.clone()}</h1>
                <p class="meta">
                    <span class="meta-item"><PinIcon/>{place}</span>
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
                <CompanyFacts company=profile/>
            </aside>
        </div>
    }
}
