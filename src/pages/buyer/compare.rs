//! `/compare?quantity=…`: up to four products side by side, priced at the quantity the buyer
//! types with the same trade-terms rules the server charges by.

use crate::api::compare::{ClearCompare, CompareColumn, get_comparison};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page};
use crate::components::product::CompareToggle;
use crate::components::storefront::{Picture, VerifiedBadge};
use crate::domain::compare::MAX_COMPARED;
use crate::domain::review::rating_label;
use crate::domain::terms::Lead;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ComparePage() -> impl IntoView {
    let quantity: Option<u64> =
        use_query_map().read_untracked().get("quantity").and_then(|q| q.trim().parse().ok()).filter(|q| *q > 0);
    view! {
        <Title text="Compare products"/>
        <NoIndex/>
        <Page load=|_| get_comparison() let:columns>
            <Comparison columns quantity/>
        </Page>
    }
}

#[component]
fn Comparison(columns: Vec<CompareColumn>, quantity: Option<u64>) -> impl IntoView {
    if columns.is_empty() {
        return view! {
            <div class="container page">
                <h1>"Compare products"</h1>
                <NoticeBanner/>
                <div class="empty-state">
                    <h2>"Nothing to compare yet"</h2>
                    <p>{format!("Press “Compare” on up to {MAX_COMPARED} products in search results or on product pages; they wait here side by side.")}</p>
                    <p class="actions"><a class="btn btn-primary" href="/search">"Find products"</a></p>
                </div>
            </div>
        }
        .into_any();
    }
    let clear = ServerAction::<ClearCompare>::new();
    let typed = quantity.map(|q| q.to_string()).unwrap_or_default();
    let row = |label: &'static str, cell: &dyn Fn(&CompareColumn) -> AnyView| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                {columns.iter().map(|c| view! { <td>{cell(c)}</td> }).collect_view()}
            </tr>
        }
    };
    let price = |c: &CompareColumn| {
        let q = quantity.unwrap_or(c.terms.moq);
        match (c.terms.unit_price(q), c.terms.line_total(q)) {
            (Ok(unit), Ok(total)) => view! {
                <strong class="compare-price">{format!("{unit} / {}", c.unit.name(1))}</strong>
                <span class="muted">{format!("{total} for {}", c.unit.quantity(q))}</span>
            }
            .into_any(),
            (Err(why), _) | (_, Err(why)) => {
                view! { <span class="compare-refused">{why.to_string()}</span> }.into_any()
            }
        }
    };
    let lead = |c: &CompareColumn| {
        let text = match c.terms.lead_time(quantity.unwrap_or(c.terms.moq)) {
            Lead::Days(days) => format!("{days} days"),
            Lead::Negotiable => "Negotiable".to_string(),
        };
        text.into_any()
    };
    let sample = |c: &CompareColumn| {
        let text = match c.terms.sample {
            Some(s) if s.price.minor() == 0 => format!("Free, up to {}", c.unit.quantity(s.max_quantity)),
            Some(s) => format!("{} each, up to {}", s.price, c.unit.quantity(s.max_quantity)),
            None => "No samples".to_string(),
        };
        text.into_any()
    };
    let table = view! {
        <div class="table-wrap">
            <table class="table compare-table">
                <caption class="visually-hidden">"Products side by side"</caption>
                <thead>
                    <tr>
                        <td></td>
                        {columns.iter().map(|c| {
                            let id = format!("compare-{}", c.product_id);
                            let labelled_by = id.clone();
                            view! {
                                <th scope="col" id=id>
                                    {c.image.clone().map(|image| view! { <Picture image sizes="160px" width=320 alt=""/> })}
                                    <a href=c.href.clone()>{c.title.clone()}</a>
                                    <CompareToggle product_id=c.product_id selected=true labelled_by/>
                                </th>
                            }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {row(if quantity.is_some() { "Unit price at your quantity" } else { "Unit price at the MOQ" }, &price)}
                    {row("Minimum order", &|c| c.unit.quantity(c.terms.moq).into_any())}
                    {row("Order in steps of", &|c| c.unit.quantity(c.terms.increment).into_any())}
                    {row("Lead time", &lead)}
                    {row("Samples", &sample)}
                    {row("Supplier", &|c| view! { <a href=c.supplier.href.clone()>{c.supplier.name.clone()}</a> }.into_any())}
                    {row("Supplier country", &|c| c.supplier.country.clone().into_any())}
                    {row("Verification", &|c| if c.supplier.verified { view! { <VerifiedBadge/> }.into_any() } else { "Not verified".into_any() })}
                    {row("Rating", &|c| rating_label(c.supplier.rating).into_any())}
                    {row("Response time", &|c| c.supplier.response.label().into_any())}
                    {row("In business since", &|c| c.supplier.year_established.map_or_else(|| "Not stated".to_string(), |y| y.to_string()).into_any())}
                </tbody>
            </table>
        </div>
    };
    view! {
        <div class="container page">
            <header class="page-head">
                <h1>"Compare products"</h1>
                <p class="muted">{format!("{} of {MAX_COMPARED} products", columns.len())}</p>
            </header>
            <NoticeBanner/>
            <form class="inline-fields compare-quantity" method="get" action="/compare">
                <label for="compare-quantity">"Quantity you need"</label>
                <input id="compare-quantity" name="quantity" type="number" inputmode="numeric" min="1" value=typed/>
                <button class="btn btn-secondary" type="submit">"Compare at this quantity"</button>
            </form>
            {table}
            <ActionForm action=clear attr:class="compare-clear">
                <button class="btn btn-ghost" type="submit">"Clear the comparison"</button>
            </ActionForm>
        </div>
    }
    .into_any()
}
