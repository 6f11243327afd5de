use crate::api::market::{CategoryTile, HomeData, get_home_data};
use crate::components::cards::SupplierGrid;
use crate::components::icons::SearchIcon;
use crate::components::page::Page;
use crate::components::seo::SocialMeta;
use crate::components::storefront::ProductCards;
use crate::domain::links;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text=""/>
        <SocialMeta title="Caravan · B2B marketplace" description="Find manufacturers and wholesalers by category and country, and buy for your business on Caravan, the open-source B2B marketplace." url="/"/>
        <Page load=|_| get_home_data() let:home>
            <Hero/>
            <HomeSections home/>
        </Page>
    }
}

#[component]
fn Hero() -> impl IntoView {
    view! {
    <section class="hero" aria-labelledby="hero-title">
        <div class="container hero-inner">
            <h1 id="hero-title">"Source from manufacturers and wholesalers worldwide"</h1>
            <p class="lead">"Search products with their tier prices, MOQs and lead times, compare suppliers, and trade on business terms."</p>
            <form class="hero-search" action="/search" method="get" role="search">
                <label for="hero-q" class="visually-hidden">"What are you sourcing?"</label>
                <input id="hero-q" type="search" name="q" maxlength="100" placeholder="What are you sourcing? e.g. towels, steel pipe, olive oil"/>
                <button class="btn btn-accent btn-lg" type="submit"><SearchIcon/>"Search"</button>
            </form>
            <p class="hero-actions">
                <a class="btn btn-light" href="/signup?type=buyer">"Open a buyer account"</a>
                <a class="btn btn-outline-light" href="/signup?type=supplier">"Sell on Caravan"</a>
            </p>
        </div>
    </section>
    }
}

#[component]
fn HomeSections(home: HomeData) -> impl IntoView {
    let stats = home.stats;
    view! {
        <section class="stats-strip" aria-label="Marketplace in numbers">
            <div class="container stats">
                <p><strong>{stats.suppliers}</strong>" suppliers"</p>
                <p><strong>{stats.buyers}</strong>" buying companies"</p>
                <p><strong>{stats.countries}</strong>" countries"</p>
            </div>
        </section>
        <section class="section container" id="categories" aria-labelledby="categories-title">
            <div class="section-head">
                <h2 id="categories-title">"Browse by category"</h2>
            </div>
            <ul class="tile-grid" role="list">
                {home.tiles.into_iter().map(|tile| view! { <CategoryTileView tile/> }).collect_view()}
            </ul>
        </section>
        {(!home.featured_products.is_empty()).then(|| view! {
            <HomeSection id="featured-title" title="From verified suppliers" more=("/search?verified=1", "All products from verified suppliers")>
                <ProductCards cards=home.featured_products/>
            </HomeSection>
        })}
        {(!home.new_products.is_empty()).then(|| view! {
            <HomeSection id="new-products-title" title="New products" more=("/search?sort=newest", "All products")>
                <ProductCards cards=home.new_products/>
            </HomeSection>
        })}
        {(!home.verified_suppliers.is_empty()).then(|| view! {
            <HomeSection id="verified-suppliers-title" title="Verified suppliers" more=("/suppliers?verified=1", "All verified suppliers")>
                <SupplierGrid cards=home.verified_suppliers/>
            </HomeSection>
        })}
        <HomeSection id="new-suppliers-title" title="New suppliers" more=("/suppliers", "All suppliers")>
            <SupplierGrid cards=home.new_suppliers/>
        </HomeSection>
        <section class="section container" aria-labelledby="why-title">
            <h2 id="why-title">"Built for business buying"</h2>
            <div class="feature-grid">
                <div class="feature">
                    <h3>"Your whole team, one account"</h3>
                    <p>"Invite colleagues from purchasing or sales, give them roles, and keep every conversation with the company."</p>
                </div>
                <div class="feature">
                    <h3>"Suppliers you can judge"</h3>
                    <p>"Each supplier shows where it is, what it makes and how long it has traded on Caravan."</p>
                </div>
                <div class="feature">
                    <h3>"Open source, yours to run"</h3>
                    <p>"Caravan is free software. Run it on one machine with SQLite, or a fleet with PostgreSQL."</p>
                </div>
            </div>
        </section>
    }
}

#[component]
fn CategoryTileView(tile: CategoryTile) -> impl IntoView {
    let count = match tile.supplier_count {
        1 => "1 supplier".to_string(),
        n => format!("{n} suppliers"),
    };
    view! {
        <li class="tile">
            <h3 class="tile-title"><a href=links::category(&tile.category.slug)>{tile.category.name}</a></h3>
            <p class="muted">{count}</p>
            <ul class="tile-links" role="list">
                {tile
                    .children
                    .into_iter()
                    .take(4)
                    .map(|c| view! { <li><a href=links::category(&c.slug)>{c.name}</a></li> })
                    .collect_view()}
            </ul>
        </li>
    }
}

/// A home page section: a heading, a link to see all, and its cards.
#[component]
fn HomeSection(
    id: &'static str,
    title: &'static str,
    /// (address, text) of the "see all" link.
    more: (&'static str, &'static str),
    children: Children,
) -> impl IntoView {
    view! {
        <section class="section container" aria-labelledby=id>
            <div class="section-head">
                <h2 id=id>{title}</h2>
                <a href=more.0>{more.1}</a>
            </div>
            {children()}
        </section>
    }
}
