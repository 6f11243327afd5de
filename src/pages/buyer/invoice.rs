//! `/invoices/{order}/{kind}`: an invoice laid out for printing, with its PDF a link away.

use crate::api::invoices::{InvoiceParty, InvoiceView, get_invoice};
use crate::components::page::{NoIndex, Page};
use crate::domain::OrderId;
use crate::domain::date::format_date;
use crate::domain::links;
use crate::domain::order::InvoiceKind;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvoicePage() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let order = params.get("order").and_then(|o| o.parse::<OrderId>().ok());
    let kind = params.get("kind").and_then(|k| k.parse::<InvoiceKind>().ok());
    view! {
        <Title text="Invoice"/>
        <NoIndex/>
        <Page load=move |_| async move {
            match (order, kind) {
                (Some(order), Some(kind)) => get_invoice(order, kind).await,
                _ => Err(AppError::not_found("invoice")),
            }
        } let:invoice>
            <Title text=format!("{} {}", invoice.kind.label(), invoice.number)/>
            <Invoice invoice/>
        </Page>
    }
}

#[component]
fn Party(title: &'static str, party: InvoiceParty) -> impl IntoView {
    view! {
        <div>
            <h2 class="h4">{title}</h2>
            <p><strong>{party.name}</strong><br/>{party.lines.into_iter().map(|l| view! { {l}<br/> }).collect_view()}</p>
        </div>
    }
}

#[component]
fn Invoice(invoice: InvoiceView) -> impl IntoView {
    let terms = invoice.terms();
    let pdf = links::invoice_pdf(invoice.order, invoice.kind);
    let back = links::order(invoice.order);
    view! {
        <div class="container page invoice-page">
            <p class="no-print actions">
                <a class="btn btn-primary" href=pdf download="">"Download PDF"</a>
                <a class="btn btn-secondary" href=back>"Back to the order"</a>
                <span class="hint">"Or print this page from your browser."</span>
            </p>
            <article class="invoice card">
                <header class="invoice-head">
                    <h1>{invoice.kind.label()}</h1>
                    <dl class="facts">
                        <dt>"Number"</dt><dd>{invoice.number.clone()}</dd>
                        <dt>"Order"</dt><dd>{invoice.order_number.clone()}</dd>
                        <dt>"Issued"</dt><dd>{format_date(invoice.issued_at)}</dd>
                        {invoice.due_at.map(|d| view! { <dt>"Due"</dt><dd>{format_date(d)}</dd> })}
                        {(!invoice.po_number.is_empty()).then(|| view! { <dt>"Your purchase order"</dt><dd>{invoice.po_number.clone()}</dd> })}
                    </dl>
                </header>
                <div class="invoice-parties">
                    <Party title="Seller" party=invoice.seller.clone()/>
                    <Party title="Buyer" party=invoice.buyer.clone()/>
                    <div>
                        <h2 class="h4">"Deliver to"</h2>
                        <p>{invoice.ship_to.lines().into_iter().map(|l| view! { {l}<br/> }).collect_view()}</p>
                    </div>
                </div>
                <div class="table-wrap">
                <table class="table invoice-lines">
                    <thead><tr>
                        <th scope="col">"Product"</th><th scope="col" class="num">"Quantity"</th>
                        <th scope="col" class="num">"Unit price"</th><th scope="col" class="num">"Total"</th>
                    </tr></thead>
                    <tbody>
                        {invoice.lines.iter().map(|l| {
                            let tier = l.tier_from.map(|t| format!(" · tier from {}", l.unit.quantity(t))).unwrap_or_default();
                            view! {
                                <tr>
                                    <td>{l.title.clone()}{l.sample.then_some(" (sample)")}<br/><span class="muted">{format!("SKU {}{tier}", l.sku)}</span></td>
                                    <td class="num">{l.unit.quantity(l.quantity)}</td>
                                    <td class="num">{l.unit_price.to_string()}</td>
                                    <td class="num">{l.total.to_string()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr><th scope="row" colspan="3">"Products"</th><td class="num">{invoice.subtotal.to_string()}</td></tr>
                        <tr><th scope="row" colspan="3">"Shipping"</th><td class="num">{invoice.shipping.to_string()}</td></tr>
                        <tr><th scope="row" colspan="3">"Total"</th><td class="num"><strong>{invoice.total.to_string()}</strong></td></tr>
                    </tfoot>
                </table>
                </div>
                <h2 class="h4">"Terms"</h2>
                <p>{terms}</p>
                {invoice.bank_details.clone().map(|b| view! { <h2 class="h4">"Bank details"</h2><p class="prewrap">{b}</p> })}
            </article>
        </div>
    }
}
