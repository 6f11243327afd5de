//! A storefront page as buyers see it (and, in preview, its own team). The theme arrives as
//! CSS custom properties on the wrapper: a preset chosen by name and an accent that can only
//! be a `#rrggbb` colour, so no supplier-written CSS ever reaches the page.

use crate::api::market::{CompanyProfile, ProductCard};
use crate::api::media::ImageRef;
use crate::api::storefront::{ShownBlock, StorefrontView};
use crate::components::icons::PinIcon;
use crate::components::page::Pagination;
use crate::domain::country::place_name;
use crate::domain::date::{civil_date, format_date};
use crate::domain::links;
use crate::domain::links::page_href;
use crate::domain::message::Responsiveness;
use crate::domain::storefront::{BlockContent, CtaTarget, ImageChoice, PageKind};
use leptos::prelude::*;

#[component]
pub fn Storefront(view: StorefrontView) -> impl IntoView {
    let StorefrontView { company, theme, page, nav, blocks, preview, .. } = view;
    let slug = company.slug.clone();
    let page_href = move |kind: PageKind| page_href(&slug, kind, preview);
    let accent = theme.accent();
    let style = format!(
        "--sf-accent: {}; --sf-on-accent: {}; --sf-accent-ink: {}",
        accent.as_str(),
        accent.text_on(),
        accent.ink_on_white()
    );
    let empty = blocks.is_empty();
    view! {
        <div class="sf" data-theme=theme.preset.as_str() style=style>
            <header class="sf-header">
                <div class="container sf-header-inner">
                    <a class="sf-name" href=page_href(PageKind::Home)>
                        {company.logo.clone().map(|logo| view! { <Picture image=logo sizes="48px" width=48 class="sf-logo" alt=""/> })}
                        <span>{company.name.clone()}</span>
                    </a>
                    {company.verified_since.map(|_| view! { <VerifiedBadge/> })}
                    <nav aria-label="Storefront">
                        <ul class="sf-nav" role="list">
                            {nav
                                .into_iter()
                                .map(|link| {
                                    view! {
                                        <li>
                                            <a href=link.href aria-current=link.current.then_some("page")>{link.label}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </nav>
                    <a class="sf-button sf-contact" href=inquiry_href(&company.slug)>"Contact supplier"</a>
                </div>
            </header>
            <div class="sf-blocks">
                {blocks
                    .into_iter()
                    .map(|block| view! { <BlockView block company=company.clone() preview page_href=page_href.clone()/> })
                    .collect_view()}
                {(empty && (page == PageKind::Home || preview))
                    .then(|| view! { <section class="sf-block container"><p class="muted">"This page has no content yet."</p></section> })}
            </div>
        </div>
    }
}

#[component]
fn BlockView(
    block: ShownBlock,
    company: CompanyProfile,
    preview: bool,
    page_href: impl Fn(PageKind) -> String + Clone + Send + 'static,
) -> impl IntoView {
    let anchor = format!("sf-block-{}", block.id);
    // "Contact" means a conversation with the supplier, which the inquiry form starts.
    let inquiry = inquiry_href(&company.slug);
    let cta_href = {
        let page_href = page_href.clone();
        move |target: CtaTarget| match target {
            CtaTarget::Contact => inquiry.clone(),
            other => page_href(other.page()),
        }
    };
    let section_title = |title: String| (!title.is_empty()).then(|| view! { <h2 class="sf-title">{title}</h2> });
    // Sections whose data is not there yet stay out of buyers' sight; the team sees why.
    let pending = move |what: &'static str| preview.then(|| view! { <p class="sf-pending">{what}</p> });
    // A product grid, and whether buyers may filter it.
    let (is_grid, show_filter) = match &block.content {
        BlockContent::ProductGrid { show_filter, .. } => (true, *show_filter),
        _ => (false, false),
    };
    match block.content {
        BlockContent::Hero { headline, subheading, cta_label, cta_target, image } => {
            let background = match image {
                ImageChoice::Banner => company.banner.clone(),
                ImageChoice::Library(_) => block.images.first().map(|i| i.image.clone()),
                ImageChoice::None => None,
            };
            let pictured = background.is_some();
            view! {
            <section class="sf-hero" class:sf-hero-pictured=pictured id=anchor>
                {background.map(|image| view! { <Picture image sizes="100vw" width=1600 class="sf-hero-bg" alt="" eager=true/> })}
                <div class="container">
                    <h1>{headline}</h1>
                    {(!subheading.is_empty()).then(|| view! { <p class="sf-lead">{subheading}</p> })}
                    <a class="sf-button" href=cta_href(cta_target)>{cta_label}</a>
                </div>
            </section>
            }
            .into_any()
        }
        // Featured products stay out of sight while there are none; the full grid says so.
        BlockContent::FeaturedProducts { title, .. } | BlockContent::ProductGrid { title, .. } => {
            let list = block.products.unwrap_or_default();
            if list.cards.is_empty() && !is_grid && !preview {
                return ().into_any();
            }
            let here = page_href(PageKind::Products);
            view! {
                <section class="sf-block container" id=anchor>
                    {section_title(title)}
                    {(show_filter && list.categories.len() > 1).then(|| {
                        let here = here.clone();
                        let chosen = list.category.clone();
                        view! {
                            <nav class="sf-filter" aria-label="Filter products by category">
                                <a href=here.clone() aria-current=chosen.is_empty().then_some("true")>"All"</a>
                                {list.categories.iter().map(|c| view! {
                                    <a href=format!("{here}?category={}", c.slug) aria-current=(c.slug == chosen).then_some("true")>{c.name.clone()}</a>
                                }).collect_view()}
                            </nav>
                        }
                    })}
                    {if list.cards.is_empty() {
                        if preview {
                            pending("Your published products will be listed here. Add them in Products and publish them.").into_any()
                        } else {
                            view! { <p class="sf-empty">"This supplier has not listed products yet."</p> }.into_any()
                        }
                    } else {
                        view! { <ProductCards cards=list.cards.clone()/> }.into_any()
                    }}
                    {is_grid.then(|| {
                        let category = if list.category.is_empty() { String::new() } else { format!("category={}&", list.category) };
                        let here = here.clone();
                        view! { <Pagination page=list.page pages=list.pages label="Product pages" href=move |p| format!("{here}?{category}p={p}")/> }
                    })}
                </section>
            }
            .into_any()
        }
        BlockContent::CompanyFacts { title } => view! {
            <section class="sf-block container" id=anchor>
                {section_title(title)}
                <CompanyFacts company/>
            </section>
        }
        .into_any(),
        BlockContent::Certifications { title } => {
            let verified = company.verified_since;
            if company.certifications.is_empty() && verified.is_none() && !preview {
                return ().into_any();
            }
            let today = company.today.clone();
            view! {
                <section class="sf-block container" id=anchor>
                    {section_title(title)}
                    {verified.map(|since| view! {
                        <p class="sf-verified">
                            <VerifiedBadge/>
                            {format!(" Business documents checked by Caravan; verified since {}.", format_date(since))}
                        </p>
                    })}
                    {(company.certifications.is_empty() && verified.is_none()).then(|| pending("Certifications you add to your company profile, and the Verified badge once granted, will be shown here."))}
                    <ul class="sf-certs" role="list">
                        {company.certifications.into_iter().map(|c| {
                            let expired = c.expired(&today);
                            view! {
                                <li class="sf-cert" class:sf-cert-expired=expired>
                                    <strong>{c.name}</strong>
                                    {(!c.issuer.is_empty()).then(|| view! { <span>{format!("Issued by {}", c.issuer)}</span> })}
                                    {c.document.map(|document| view! {
                                        <a href=document.src(1600).to_string()>"View certificate"</a>
                                    })}
                                    {match (c.valid_until, expired) {
                                        (Some(d), true) => view! { <span class="badge badge-warning">{format!("Expired {}", d.as_str())}</span> }.into_any(),
                                        (Some(d), false) => view! { <span>{format!("Valid until {}", d.as_str())}</span> }.into_any(),
                                        (None, _) => ().into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
            .into_any()
        }
        BlockContent::RichText { title, .. } => view! {
            <section class="sf-block container" id=anchor>
                {section_title(title)}
                <div class="sf-prose" inner_html=block.html.unwrap_or_default()></div>
            </section>
        }
        .into_any(),
        BlockContent::Faq { title, items } => view! {
            <section class="sf-block container" id=anchor>
                {section_title(title)}
                <div class="sf-faq">
                    {items
                        .into_iter()
                        .map(|item| view! {
                            <details>
                                <summary>{item.question}</summary>
                                <Paragraphs text=item.answer/>
                            </details>
                        })
                        .collect_view()}
                </div>
            </section>
        }
        .into_any(),
        BlockContent::Testimonials { title, items } => view! {
            <section class="sf-block container" id=anchor>
                {section_title(title)}
                <div class="sf-testimonials">
                    {items
                        .into_iter()
                        .map(|item| {
                            let by = if item.company.is_empty() { item.author } else { format!("{}, {}", item.author, item.company) };
                            view! {
                                <figure class="sf-quote">
                                    <blockquote><Paragraphs text=item.quote/></blockquote>
                                    <figcaption>{by}</figcaption>
                                </figure>
                            }
                        })
                        .collect_view()}
                </div>
            </section>
        }
        .into_any(),
        BlockContent::Gallery { title, items } => {
            if block.images.is_empty() && !preview {
                return ().into_any();
            }
            let captions: std::collections::HashMap<i64, String> = items.into_iter().map(|i| (i.image, i.caption)).collect();
            view! {
                <section class="sf-block container" id=anchor>
                    {section_title(title)}
                    {block.images.is_empty().then(|| pending("Choose images for this gallery in its editor."))}
                    <div class="sf-gallery">
                        {block.images.into_iter().map(|picture| {
                            let caption = captions.get(&picture.image.id).cloned().unwrap_or_default();
                            view! {
                                <figure>
                                    <Picture image=picture.image sizes="(min-width: 1000px) 33vw, (min-width: 640px) 50vw, 100vw" width=640 alt=picture.alt/>
                                    {(!caption.is_empty()).then(|| view! { <figcaption>{caption}</figcaption> })}
                                </figure>
                            }
                        }).collect_view()}
                    </div>
                </section>
            }
            .into_any()
        }
        BlockContent::ContactCta { headline, text, button_label } => view! {
            <section class="sf-cta" id=anchor>
                <div class="container">
                    <h2>{headline}</h2>
                    {(!text.is_empty()).then(|| view! { <Paragraphs text/> })}
                    <a class="sf-button" href=cta_href(CtaTarget::Contact)>{button_label}</a>
                </div>
            </section>
        }
        .into_any(),
    }
}

/// Where a buyer starts a conversation with the supplier about its business in general.
fn inquiry_href(slug: &str) -> String {
    links::inquire_supplier(slug)
}

/// The marketplace's Verified badge: its documents were checked by a platform admin.
#[component]
pub fn VerifiedBadge() -> impl IntoView {
    view! { <span class="verified-badge" title="Business documents checked by Caravan">"✓ Verified supplier"</span> }
}

/// A responsive image: every rendition in `srcset`, the intrinsic size set so nothing shifts
/// while it loads, lazily loaded unless it is at the top of the page.
#[component]
pub fn Picture(
    image: ImageRef,
    sizes: &'static str,
    /// The rendition used where `srcset` is not understood.
    width: u32,
    #[prop(into)] alt: String,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] eager: bool,
) -> impl IntoView {
    let (w, h) = image.size();
    view! {
        <img
            class=class
            src=image.src(width).to_string()
            srcset=image.srcset()
            sizes=sizes
            width=w
            height=h
            alt=alt
            loading=if eager { "eager" } else { "lazy" }
            fetchpriority=eager.then_some("high")
            decoding="async"
        />
    }
}

/// Plain text with blank-line paragraphs and single line breaks kept.
#[component]
fn Paragraphs(text: String) -> impl IntoView {
    text.split("\n\n")
        .map(|paragraph| {
            let mut lines = paragraph.lines().map(str::to_string).collect::<Vec<_>>().into_iter();
            let first = lines.next().unwrap_or_default();
            view! { <p>{first}{lines.map(|line| view! { <br/>{line} }).collect_view()}</p> }
        })
        .collect_view()
}

#[component]
pub fn CompanyFacts(company: CompanyProfile) -> impl IntoView {
    let place = place_name(&company.facts.city, &company.country_name);
    let facts = company.facts;
    let response = Responsiveness { measured_secs: company.measured_response_secs, stated: facts.response_time };
    let response = (response != Responsiveness::default()).then_some(response);
    view! {
        <dl class="facts sf-facts">
            <div>
                <dt>"Location"</dt>
                <dd><span class="meta-item"><PinIcon/>{place}</span></dd>
            </div>
            {facts.business_type.map(|t| view! { <div><dt>"Business type"</dt><dd>{t.label()}</dd></div> })}
            {facts.year_established.map(|y| view! { <div><dt>"Established"</dt><dd>{y}</dd></div> })}
            {facts.employees.map(|e| view! { <div><dt>"Staff"</dt><dd>{e.label()}</dd></div> })}
            {response.map(|r| view! { <div><dt>"Responds to inquiries"</dt><dd>{r.label()}</dd></div> })}
            {company.rating.map(|r| view! { <div><dt>"Buyers' rating"</dt><dd>{r.label()}</dd></div> })}
            {(!facts.export_markets.is_empty()).then(|| view! {
                <div>
                    <dt>"Exports to"</dt>
                    <dd>{facts.export_markets.iter().map(|m| m.label()).collect::<Vec<_>>().join(", ")}</dd>
                </div>
            })}
            <div>
                <dt>"On Caravan since"</dt>
                <dd>{civil_date(company.member_since).0}</dd>
            </div>
            {(!company.categories.is_empty()).then(|| view! {
                <div>
                    <dt>"Main categories"</dt>
                    <dd>
                        <ul class="chips chips-links" role="list">
                            {company.categories.into_iter().map(|c| view! { <li><a class="chip" href=links::category(&c.slug)>{c.name}</a></li> }).collect_view()}
                        </ul>
                    </dd>
                </div>
            })}
        </dl>
    }
}

/// Product cards: picture, title, price from, minimum order.
#[component]
pub fn ProductCards(cards: Vec<ProductCard>) -> impl IntoView {
    view! {
        <ul class="sf-products" role="list">
            {cards.into_iter().map(|card| view! {
                <li class="sf-product">
                    <a href=card.href.clone()>
                        {match card.image.clone() {
                            Some(image) => view! { <Picture image sizes="(min-width: 900px) 280px, 50vw" width=640 alt=""/> }.into_any(),
                            None => view! { <span class="sf-product-noimage" aria-hidden="true"></span> }.into_any(),
                        }}
                        <span class="sf-product-title">{card.title.clone()}</span>
                    </a>
                    <p class="sf-product-price">{format!("From {} / {}", card.price_from, card.unit.name(1))}</p>
                    <p class="sf-product-moq">{format!("MOQ {}", card.unit.quantity(card.moq))}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}
