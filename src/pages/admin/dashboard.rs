use crate::api::admin::{AdminOverview, get_admin_overview};
use crate::components::page::{NoIndex, Page};
use crate::components::table::{Column, DataTable};
use crate::domain::date::{format_date, iso_date};
use crate::domain::links;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <Title text="Platform admin"/>
        <NoIndex/>
        <Page load=|_| get_admin_overview() let:overview>
            <Dashboard overview/>
        </Page>
    }
}

#[component]
fn Dashboard(overview: AdminOverview) -> impl IntoView {
    view! {
        <div class="container page">
            <header class="page-head page-head-row">
                <h1>"Platform admin"</h1>
                <div class="row-actions">
                    <a class="btn btn-primary" href="/admin/verifications">"Verification queue"</a>
                    <a class="btn btn-secondary" href="/admin/products">"Listings"</a>
                    <a class="btn btn-secondary" href="/admin/disputes">"Disputes and settings"</a>
                    <a class="btn btn-secondary" href="/admin/payouts">"Payouts"</a>
                    <a class="btn btn-secondary" href="/admin/search">"Search"</a>
                    <a class="btn btn-secondary" href="/admin/outbox">"Mail outbox"</a>
                </div>
            </header>
            <section class="stat-cards" aria-label="Totals">
                <div class="card stat"><p class="stat-value">{overview.users}</p><p class="stat-label">"Users"</p></div>
                <div class="card stat"><p class="stat-value">{overview.supplier_companies}</p><p class="stat-label">"Supplier companies"</p></div>
                <div class="card stat"><p class="stat-value">{overview.buyer_companies}</p><p class="stat-label">"Buyer companies"</p></div>
                <div class="card stat"><p class="stat-value">{overview.open_invitations}</p><p class="stat-label">"Open invitations"</p></div>
            </section>
            <section class="section" aria-labelledby="companies-title">
                <h2 id="companies-title">"Newest companies"</h2>
                <DataTable columns=vec![Column::Text("Company"), Column::Text("Type"), Column::Text("Country"), Column::Number("Members"), Column::Text("Joined")]>
                    {overview.recent_companies.into_iter().map(|c| {
                        let name = if c.kind.sells() {
                            view! { <a href=links::storefront(&c.slug)>{c.name}</a> }.into_any()
                        } else {
                            view! { <span>{c.name}</span> }.into_any()
                        };
                        view! {
                            <tr>
                                <td>{name}</td>
                                <td>{c.kind.label()}</td>
                                <td>{c.country_name}</td>
                                <td class="num">{c.members}</td>
                                <td><time datetime=iso_date(c.created_at)>{format_date(c.created_at)}</time></td>
                            </tr>
                        }
                    }).collect_view()}
                </DataTable>
            </section>
            <section class="section" aria-labelledby="users-title">
                <h2 id="users-title">"Newest users"</h2>
                <DataTable columns=vec![Column::Text("Name"), Column::Text("Email"), Column::Text("Company"), Column::Text("Joined")]>
                    {overview.recent_users.into_iter().map(|u| view! {
                        <tr>
                            <td>{u.name} {u.is_admin.then(|| view! { <span class="badge">"Admin"</span> })}</td>
                            <td>{u.email}</td>
                            <td>{u.company.unwrap_or_else(|| "—".to_string())}</td>
                            <td><time datetime=iso_date(u.created_at)>{format_date(u.created_at)}</time></td>
                        </tr>
                    }).collect_view()}
                </DataTable>
            </section>
        </div>
    }
}
