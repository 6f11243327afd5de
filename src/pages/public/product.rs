//! A published product at `/p/{slug}-{id}`: pictures, price tiers with the buyer's tier
//! marked, the price at a quantity and option (in the address, so it works without a script,
//! and live with one), order terms, specifications, shipping, the supplier, related products,
//! and structured data for search engines. `/s/{supplier}/p/{product}`, the address before
//! the marketplace had its own, redirects here for good.

use crate::api::compare::SupplierSummary;
use crate::api::market::{ProductPage, get_product_address, get_product_page};
use crate::components::form::url_error;
use crate::components::notice::NoticeBanner;
use crate::components::page::Page;
use crate::components::pricer_enhance::PricerEnhancer;
use crate::components::product::{ADD_TO_CART, CompareToggle, Pricing, ProductSheet};
use crate::components::search_enhance::SearchEnhancer;
use crate::components::seo::SocialMeta;
use crate::components::storefront::{ProductCards, VerifiedBadge};
use crate::domain::ProductId;
use crate::domain::links;
use crate::domain::product::Unit;
use crate::domain::review::rating_label;
use crate::domain::terms::Sample;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ProductView() -> impl IntoView {
    let address = use_params_map().read_untracked().get("product").unwrap_or_default();
    // Why the last "Add to cart" was refused (posted without a script, the error comes back in
    // the address), and for which kind of line.
    let refused = url_error(ADD_TO_CART).get_untracked();
    let refused_sample = refused.as_ref().is_some_and(|e| e.echoed("line").is_some_and(|l| l.ends_with("-sample")));
    let message = |e: &AppError| e.field_message("quantity").or_else(|| e.form_message());
    let (sample_refused, bulk_refused) = match &refused {
        Some(e) if refused_sample => (message(e), None),
        Some(e) => (None, message(e)),
        None => (None, None),
    };
    let (quantity, variant) = {
        let query = use_query_map().read_untracked();
        let typed = |field: &str| refused.as_ref().filter(|_| !refused_sample).and_then(|e| e.echoed(field));
        let chosen = |field: &str| typed(field).or_else(|| query.get(field));
        (
            chosen("quantity").and_then(|q| q.trim().parse().ok()),
            chosen("variant").and_then(|v| v.trim().parse().ok()).unwrap_or(0),
        )
    };
    view! {
        <Page load=move |_| get_product_page(address) let:page>
            <ProductMeta page=page.clone()/>
            {
                let pricing = Pricing::Buyer { product: page.detail.id.get(), quantity, variant, refused: bulk_refused.clone() };
                view! { <ProductContent page pricing sample_refused=sample_refused.clone()/> }
            }
            <SearchEnhancer/>
            <PricerEnhancer/>
        </Page>
    }
}

/// `/s/{supplier}/p/{product}`: answered with a permanent redirect by the server function.
#[component]
pub fn LegacyProductView() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let (supplier, product) = (params.get("slug").unwrap_or_default(), params.get("product").unwrap_or_default());
    view! {
        <Page load=move |_| get_product_address(supplier, product) let:to>
            <div class="container page">
                <p>"This product has moved to " <a href=to.clone()>{to.clone()}</a> "."</p>
            </div>
        </Page>
    }
}

#[component]
fn ProductMeta(page: ProductPage) -> impl IntoView {
    let detail = &page.detail;
    let from = detail.terms.tiers.iter().map(|t| t.unit_price).min_by_key(|m| m.minor());
    let description = format!(
        "{} from {} ({}): from {} per {}, minimum order {}.",
        detail.title,
        page.supplier.name,
        page.supplier.country,
        from.map(|m| m.to_string()).unwrap_or_default(),
        detail.unit.name(1),
        detail.unit.quantity(detail.terms.moq),
    );
    let base = page.canonical_url.trim_end_matches(&page.href).to_string();
    let image = detail.images.first().map(|i| format!("{base}{}", i.src(1200)));
    view! {
        <Title text=format!("{} · {}", detail.title, page.supplier.name)/>
        <SocialMeta title=detail.title.clone() description url=page.canonical_url.clone() image kind="product"/>
        <script type="application/ld+json" inner_html=page.json_ld.clone()></script>
    }
}

#[component]
fn ProductContent(page: ProductPage, pricing: Pricing, sample_refused: Option<String>) -> impl IntoView {
    let ProductPage { detail, supplier, same_category, same_supplier, compared, .. } = page;
    let samples = detail.terms.sample.map(|sample| SampleOffer {
        product: detail.id.get(),
        sample,
        unit: detail.unit,
        options: detail
            .variants
            .iter()
            .map(|v| if v.name.is_empty() { v.sku.clone() } else { v.name.clone() })
            .collect(),
        refused: sample_refused,
    });
    let product_id = detail.id;
    let title = detail.title.clone();
    let more_from = format!("More from {}", supplier.name);
    view! {
        <div class="container page">
            <nav aria-label="Breadcrumb" class="breadcrumbs">
                <ol>
                    <li><a href="/search">"All products"</a></li>
                    {detail.category_trail.iter().map(|c| view! { <li><a href=links::category(&c.slug)>{c.name.clone()}</a></li> }).collect_view()}
                    <li aria-current="page">{title}</li>
                </ol>
            </nav>
            <NoticeBanner/>
            <ProductSheet detail pricing>
                <BuyerActions product_id compared samples/>
                <SupplierCard supplier/>
            </ProductSheet>
            {(!same_category.is_empty()).then(|| view! {
                <section class="product-section related" aria-labelledby="related-category">
                    <h2 id="related-category">"Similar products"</h2>
                    <ProductCards cards=same_category/>
                </section>
            })}
            {(!same_supplier.is_empty()).then(|| view! {
                <section class="product-section related" aria-labelledby="related-supplier">
                    <h2 id="related-supplier">{more_from}</h2>
                    <ProductCards cards=same_supplier/>
                </section>
            })}
        </div>
    }
}

/// Samples a buyer can ask for before ordering in bulk.
struct SampleOffer {
    product: i64,
    sample: Sample,
    unit: Unit,
    /// The product's options, in order (a sample is of one of them).
    options: Vec<String>,
    refused: Option<String>,
}

/// What a buyer can do with the product besides ordering it: samples, an inquiry (for a
/// quote on other quantities or terms), comparison.
#[component]
fn BuyerActions(product_id: ProductId, compared: bool, samples: Option<SampleOffer>) -> impl IntoView {
    view! {
        <div class="buyer-actions">
            {samples.map(|s| view! { <SampleForm offer=s/> })}
            <div class="buyer-action-row">
                <a class="btn btn-secondary" href=links::inquire_product(product_id)>"Contact supplier"</a>
                <CompareToggle product_id=product_id.get() selected=compared labelled_by="product-title"/>
            </div>
        </div>
    }
}

#[component]
fn SampleForm(offer: SampleOffer) -> impl IntoView {
    let SampleOffer { product, sample, unit, options, refused } = offer;
    let price = if sample.price.minor() == 0 { "free".to_string() } else { format!("{} each", sample.price) };
    view! {
        <form class="sample-form" method="post" action=ADD_TO_CART>
            <h2 class="h3">"Samples"</h2>
            <p class="hint">{format!("Try before you order: {price}, up to {}.", unit.quantity(sample.max_quantity))}</p>
            <input type="hidden" name="product" value=product/>
            <input type="hidden" name="kind" value="sample"/>
            {(options.len() > 1).then(|| view! {
                <label for="sample-variant">"Option"</label>
                <select id="sample-variant" name="variant">
                    {options.into_iter().enumerate().map(|(n, o)| view! { <option value=n>{o}</option> }).collect_view()}
                </select>
            })}
            <label for="sample-quantity">"Samples"</label>
            <div class="inline-fields">
                <input id="sample-quantity" name="quantity" type="number" inputmode="numeric" min="1" max=sample.max_quantity value="1"
                    aria-invalid=refused.is_some().then_some("true")
                    aria-describedby=refused.is_some().then_some("sample-quantity-error")/>
                <button class="btn btn-secondary btn-sm" type="submit">"Add samples to cart"</button>
            </div>
            {refused.map(|r| view! { <p class="field-error" id="sample-quantity-error">{r}</p> })}
        </form>
    }
}

#[component]
fn SupplierCard(supplier: SupplierSummary) -> impl IntoView {
    let since = supplier.year_established.map(|y| format!("In business since {y}"));
    view! {
        <section class="supplier-card" aria-labelledby="supplier-card-title">
            <h2 id="supplier-card-title" class="h3"><a href=supplier.href.clone()>{supplier.name.clone()}</a></h2>
            {supplier.verified.then(|| view! { <VerifiedBadge/> })}
            <dl class="spec-list">
                <dt>"Country"</dt><dd>{supplier.country.clone()}</dd>
                {supplier.business_type.map(|b| view! { <dt>"Business"</dt><dd>{b.label()}</dd> })}
                {since.map(|s| view! { <dt>"Established"</dt><dd>{s}</dd> })}
                <dt>"Response time"</dt><dd>{supplier.response.label()}</dd>
                <dt>"Rating"</dt><dd>{rating_label(supplier.rating)}</dd>
            </dl>
            <a class="btn btn-secondary btn-sm" href=supplier.href.clone()>"Visit storefront"</a>
        </section>
    }
}
