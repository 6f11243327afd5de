//! `/admin/disputes`: buyer-protection disputes waiting for a decision, the payments held
//! for shipped orders with their release dates, and the platform's commission and
//! protection period. `/admin/disputes/{order}` decides one.

use crate::api::admin::{PlatformSettings, SavePlatformSettings, get_disputes};
use crate::components::form::{Field, FormAlert, action_error};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page};
use crate::components::table::{Column, DataTable};
use crate::domain::date::format_date;
use crate::domain::{Currency, Money};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::domain::links;
pub use crate::pages::buyer::OrderPage as DisputePage;

#[component]
pub fn DisputesPage() -> impl IntoView {
    view! {
        <Title text="Disputes and settings"/>
        <NoIndex/>
        <Page load=|_| get_disputes() let:settings>
            <Disputes settings/>
        </Page>
    }
}

#[component]
fn Disputes(settings: PlatformSettings) -> impl IntoView {
    let save = ServerAction::<SavePlatformSettings>::new();
    let error = action_error(save);
    // Basis points shown as a percentage (250 → 2.50).
    let percent = Money::from_minor(i64::from(settings.commission_bps), Currency::Usd).to_decimal_string();
    view! {
        <div class="container page">
            <h1>"Disputes and settings"</h1>
            <NoticeBanner/>
            <section class="section" aria-labelledby="disputes-title">
                <h2 id="disputes-title">"Disputes"</h2>
                {if settings.disputes.is_empty() {
                    view! { <p class="empty-state card">"No disputes."</p> }.into_any()
                } else {
                    view! {
                        <DataTable columns=vec![Column::Text("Order"), Column::Text("Buyer"), Column::Text("Supplier"), Column::Text("Reason"), Column::Number("Total"), Column::Text("Opened"), Column::Text("Outcome")]>
                            {settings.disputes.into_iter().map(|d| view! {
                                <tr>
                                    <td><a href=links::dispute(d.order)>{d.number}</a></td>
                                    <td>{d.buyer}</td>
                                    <td>{d.supplier}</td>
                                    <td>{d.reason}</td>
                                    <td class="num">{d.total.to_string()}</td>
                                    <td>{format_date(d.opened_at)}</td>
                                    <td>{d.resolution.unwrap_or_else(|| "Waiting for a decision".into())}</td>
                                </tr>
                            }).collect_view()}
                        </DataTable>
                    }.into_any()
                }}
            </section>
            <section class="section" aria-labelledby="releases-title">
                <h2 id="releases-title">"Held payments"</h2>
                <p class="muted">"Money held for shipped orders goes to the supplier on the day shown, unless the buyer confirms receipt sooner or opens a dispute."</p>
                {if settings.releases.is_empty() {
                    view! { <p class="empty-state card">"No payments are held for shipped orders."</p> }.into_any()
                } else {
                    view! {
                        <DataTable columns=vec![Column::Text("Order"), Column::Text("Buyer"), Column::Text("Supplier"), Column::Number("Held"), Column::Text("Released on"), Column::Text("Standing")]>
                            {settings.releases.into_iter().map(|r| {
                                let standing = match (r.due, r.extended) {
                                    (true, _) => "Due now",
                                    (false, true) => "Protection extended by the buyer",
                                    (false, false) => "Within protection",
                                };
                                view! {
                                    <tr>
                                        <td><a href=links::dispute(r.order)>{r.number}</a></td>
                                        <td>{r.buyer}</td>
                                        <td>{r.supplier}</td>
                                        <td class="num">{r.total.to_string()}</td>
                                        <td>{format_date(r.release_at)}</td>
                                        <td>{standing}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </DataTable>
                    }.into_any()
                }}
            </section>
            <section class="card" aria-labelledby="settings-title">
                <h2 id="settings-title" class="h3">"Commission, buyer protection and unpaid orders"</h2>
                <FormAlert error/>
                <ActionForm action=save attr:class="form" attr:novalidate=true>
                    <Field label="Commission (%)" name="commission" value=percent hint="Taken from each order's payment when it is released to the supplier; fixed on each order when it is placed." error/>
                    <Field label="Protection period (days)" name="auto_release_days" value=settings.auto_release_days.to_string() hint="Held funds go to the supplier this many days after the expected delivery (shipment plus the transit days the supplier gave), unless the buyer confirms receipt sooner or opens a dispute. A buyer may extend it once by the same period." error/>
                    <Field label="Days an unpaid order holds stock" name="unpaid_hold_days" value=settings.unpaid_hold_days.to_string() hint="An order awaiting a bank transfer is cancelled after this many days, its stock back on sale; both sides are told." error/>
                    <Field label="Unpaid orders a buyer may have at once" name="max_unpaid_orders" value=settings.max_unpaid_orders.to_string() hint="Further bank-transfer orders are refused until one is paid." error/>
                    <button class="btn btn-primary" type="submit">"Save settings"</button>
                </ActionForm>
            </section>
        </div>
    }
}
