//! The supplier's product list: search, filters, sorting and pages in the address (a plain
//! GET form), bulk actions on ticked rows, and stock edited in place.

use crate::api::catalog::{
    BulkProducts, CatalogPage, CatalogQuery, CatalogRow, CatalogSort, PAGE_SIZE, UpdateStock, get_catalog,
};
use crate::api::session::ShellData;
use crate::components::form::{FormAlert, action_error};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, Pagination, own_company};
use crate::components::storefront::Picture;
use crate::domain::date::format_date;
use crate::domain::links;
use crate::domain::product::ProductStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Variants shown with their stock in a row; the rest are edited in the product.
const STOCK_ROWS: usize = 3;

#[component]
pub fn ProductsPage() -> impl IntoView {
    let params = use_query_map().read_untracked();
    let get = |key: &str| params.get(key).unwrap_or_default();
    let query = CatalogQuery {
        q: get("q").chars().take(100).collect(),
        status: get("status").parse().ok(),
        category: get("category"),
        low_stock: get("low_stock") == "1",
        sort: CatalogSort::parse(&get("sort")),
        page: get("page").parse().unwrap_or(1),
    };
    let load = move |shell: &ShellData| {
        let company = own_company(shell);
        async move { get_catalog(company?, query).await }
    };
    view! {
        <Title text="Products"/>
        <NoIndex/>
        <Page load let:catalog>
            <Catalog catalog/>
        </Page>
    }
}

pub fn status_badge(status: ProductStatus) -> impl IntoView {
    let class = match status {
        ProductStatus::Published => "badge",
        ProductStatus::Draft => "badge badge-muted",
        ProductStatus::Archived => "badge badge-warning",
    };
    view! { <span class=class>{status.label()}</span> }
}

#[component]
fn Catalog(catalog: CatalogPage) -> impl IntoView {
    let bulk = ServerAction::<BulkProducts>::new();
    let stock = ServerAction::<UpdateStock>::new();
    let bulk_error = action_error(bulk);
    let stock_error = action_error(stock);
    let CatalogPage { company_id, query, rows, total, catalog_size, categories, filter_categories } = catalog;
    let here = query.href(query.page);
    let back = here.clone();
    let pages = (total as u32).div_ceil(PAGE_SIZE).max(1);
    let filtered = query != CatalogQuery { page: query.page, ..CatalogQuery::default() };
    let heading = if filtered { format!("{total} of {catalog_size} products") } else { format!("{total} products") };
    view! {
        <div class="container page">
            <Breadcrumbs trail=trail(&[("/account", "Account")]) current="Products"/>
            <NoticeBanner/>
            <header class="page-head page-head-row">
                <div>
                    <h1>"Products"</h1>
                    <p class="muted">"Your catalog: what buyers find, with your prices, minimum orders and lead times."</p>
                </div>
                <div class="actions">
                    <a class="btn btn-secondary" href="/supplier/products/import">"Import or export CSV"</a>
                    <a class="btn btn-primary" href="/supplier/products/new">"Add product"</a>
                </div>
            </header>
            {(catalog_size == 0).then(|| view! {
                <section class="card empty-state">
                    <h2>"No products yet"</h2>
                    <p>"Add your first product with its price tiers, minimum order and lead time. Buyers see it once you publish it."</p>
                </section>
            })}
            {(catalog_size > 0).then(|| view! {
                <form class="filters" method="get" action="/supplier/products" role="search" aria-label="Filter products">
                    <div class="field">
                        <label for="q">"Search title or SKU"</label>
                        <input id="q" name="q" type="search" value=query.q.clone() maxlength=100/>
                    </div>
                    <div class="field">
                        <label for="status">"Status"</label>
                        <select id="status" name="status">
                            <option value="" selected=query.status.is_none()>"Any status"</option>
                            {ProductStatus::ALL.iter().map(|s| view! { <option value=s.as_str() selected=query.status == Some(*s)>{s.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="category">"Category"</label>
                        <select id="category" name="category">
                            <option value="" selected=query.category.is_empty()>"All categories"</option>
                            {filter_categories.iter().map(|c| view! { <option value=c.slug.clone() selected=c.slug == query.category>{c.path.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="sort">"Sort by"</label>
                        <select id="sort" name="sort">
                            {CatalogSort::ALL.iter().map(|(s, value, label)| view! { <option value=*value selected=query.sort == *s>{*label}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field field-check">
                        <input id="low_stock" name="low_stock" type="checkbox" value="1" checked=query.low_stock/>
                        <label for="low_stock">"Low stock only"</label>
                    </div>
                    <div class="filters-actions">
                        <button class="btn btn-secondary" type="submit">"Apply"</button>
                        {filtered.then(|| view! { <a href="/supplier/products">"Clear filters"</a> })}
                    </div>
                </form>
                <h2 class="h3" aria-live="polite">{heading.clone()}</h2>
                <FormAlert error=bulk_error/>
                <FormAlert error=stock_error/>
                <ActionForm action=bulk attr:id="bulk" attr:class="bulk-bar">
                    <input type="hidden" name="company_id" value=company_id.get()/>
                    <input type="hidden" name="back" value=back.clone()/>
                    <label for="bulk-action">"With ticked products"</label>
                    <select id="bulk-action" name="action">
                        <option value="publish">"Publish"</option>
                        <option value="unpublish">"Unpublish (back to draft)"</option>
                        <option value="archive">"Archive"</option>
                        <option value="category">"Move to category…"</option>
                        <option value="delete">"Delete"</option>
                    </select>
                    <label for="bulk-category" class="visually-hidden">"New category"</label>
                    <select id="bulk-category" name="category">
                        <option value="">"New category (for “Move to category”)"</option>
                        {categories.iter().map(|c| view! { <option value=c.slug.clone()>{c.path.clone()}</option> }).collect_view()}
                    </select>
                    <button class="btn btn-secondary" type="submit">"Apply to ticked"</button>
                </ActionForm>
                {if rows.is_empty() {
                    view! { <p class="muted">"No products match these filters."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap">
                            <table class="table catalog-table">
                                <thead>
                                    <tr>
                                        <th scope="col"><span class="visually-hidden">"Tick"</span></th>
                                        <th scope="col">"Product"</th>
                                        <th scope="col">"Status"</th>
                                        <th scope="col" class="num">"Price from"</th>
                                        <th scope="col">"Stock"</th>
                                        <th scope="col">"Updated"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows.into_iter().map(|row| view! { <CatalogLine row company_id=company_id.get() here=here.clone() stock/> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
                <Pagination page=query.page pages href={
                    let query = query.clone();
                    move |p| query.href(p)
                }/>
            })}
        </div>
    }
}

#[component]
fn CatalogLine(row: CatalogRow, company_id: i64, here: String, stock: ServerAction<UpdateStock>) -> impl IntoView {
    let CatalogRow {
        id,
        title,
        status,
        category,
        price_from,
        moq,
        unit,
        variants,
        low_stock,
        updated_at,
        image,
        takedown_reason,
    } = row;
    let more = variants.len().saturating_sub(STOCK_ROWS);
    let edit = links::product_editor(id);
    view! {
        <tr class:row-warning=low_stock>
            <td><input type="checkbox" form="bulk" name=format!("products[{id}]") aria-label=format!("Tick {title}")/></td>
            <td>
                <div class="catalog-product">
                    {image.map(|image| view! { <Picture image sizes="48px" width=320 alt="" class="catalog-thumb"/> })}
                    <div>
                        <a href=edit.clone()><strong>{title.clone()}</strong></a>
                        <p class="muted small">{category}</p>
                        {(!takedown_reason.is_empty()).then(|| view! { <p class="field-error small">{format!("Taken down by Caravan: {takedown_reason}")}</p> })}
                    </div>
                </div>
            </td>
            <td>{status_badge(status)}</td>
            <td class="num">{price_from.to_string()}<br/><span class="muted small">{format!("MOQ {}", unit.quantity(moq))}</span></td>
            <td>
                <ul role="list" class="stock-list">
                    {variants.into_iter().take(STOCK_ROWS).map(|v| {
                        let input_id = format!("stock-{}", v.id);
                        let (here, title) = (here.clone(), title.clone());
                        view! {
                            <li>
                                <ActionForm action=stock attr:class="stock-form">
                                    <input type="hidden" name="company_id" value=company_id/>
                                    <input type="hidden" name="variant" value=v.id.get()/>
                                    <input type="hidden" name="seen" value=v.stock/>
                                    <input type="hidden" name="back" value=here.clone()/>
                                    <label for=input_id.clone()><code>{v.sku.clone()}</code><span class="visually-hidden">{format!(" stock of {title}")}</span></label>
                                    <input id=input_id type="number" name="stock" min="0" inputmode="numeric" value=v.stock class:input-warning=v.stock < moq/>
                                    <button class="btn btn-secondary btn-sm" type="submit">"Save"<span class="visually-hidden">{format!(" stock of {}", v.sku)}</span></button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {(more > 0).then(|| view! { <a class="small" href=edit.clone()>{format!("{more} more in the product")}</a> })}
                {low_stock.then(|| view! { <p class="small warning-text">"Below the minimum order"</p> })}
            </td>
            <td class="small">{format_date(updated_at)}</td>
        </tr>
    }
}
