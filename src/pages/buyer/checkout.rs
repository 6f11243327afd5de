//! `/checkout`: one order per supplier, shipping quoted to the chosen address, a purchase
//! order number and note for each, and how to pay. Totals are the server's; the form only
//! names the address, the payment method and the card.

use crate::api::checkout::{CheckoutView, OrderQuote, PlaceOrder, get_checkout};
use crate::components::card_entry::CardEntry;
use crate::components::form::{FormAlert, action_error};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page};
use crate::domain::AddressId;
use crate::domain::order::PaymentMethod;
use crate::error::AppError;
use crate::pages::account::NewAddressForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let ship_to: Option<AddressId> = query.get("ship_to").or_else(|| query.get("address")).and_then(|a| a.parse().ok());
    view! {
        <Title text="Checkout"/>
        <NoIndex/>
        <Page load=move |_| get_checkout(ship_to) let:checkout>
            <Checkout checkout/>
        </Page>
    }
}

#[component]
fn Checkout(checkout: CheckoutView) -> impl IntoView {
    let place = ServerAction::<PlaceOrder>::new();
    let error = action_error(place);
    if checkout.cart.suppliers.is_empty() {
        return view! {
            <div class="container narrow page">
                <h1>"Checkout"</h1>
                <div class="empty-state card">
                    <h2>"Your cart is empty"</h2>
                    <p class="actions"><a class="btn btn-primary" href="/search">"Find products"</a></p>
                </div>
            </div>
        }
        .into_any();
    }
    if !checkout.cart.ready() {
        return view! {
            <div class="container narrow page">
                <h1>"Checkout"</h1>
                // Why the order just submitted was refused (stock sold out meanwhile, a price
                // changed), when that is what brought the buyer back here.
                <FormAlert error/>
                <div class="alert alert-warning" role="status">
                    <p>"Something in your cart changed or cannot be ordered as it stands. Review your cart first."</p>
                </div>
                <p><a class="btn btn-primary" href="/cart">"Review your cart"</a></p>
            </div>
        }
        .into_any();
    }
    if checkout.addresses.is_empty() {
        return view! {
            <div class="container narrow page">
                <h1>"Checkout"</h1>
                <NoticeBanner/>
                <section class="card" aria-labelledby="first-address">
                    <h2 id="first-address" class="h3">"Where should the goods go?"</h2>
                    <p class="muted">"Suppliers price shipping from your delivery address. It is saved in your company's address book."</p>
                    <NewAddressForm back="/checkout"/>
                </section>
            </div>
        }
        .into_any();
    }
    let totals = checkout.totals();
    let on_account = checkout.on_account_offered();
    let ship_to = checkout.ship_to;
    let chosen = ship_to.map(|id| id.get().to_string()).unwrap_or_default();
    let address_options: Vec<(String, String)> = checkout
        .addresses
        .iter()
        .map(|a| (a.id.get().to_string(), format!("{} — {}", a.address.label, a.address.lines().join(", "))))
        .collect();
    let all_ship = checkout.quotes.iter().all(|q| q.shipping.is_ok());
    let idempotency_key =
        error.get_untracked().and_then(|e| e.echoed("idempotency_key")).unwrap_or(checkout.idempotency_key.clone());
    let paying = error
        .get_untracked()
        .and_then(|e| e.echoed("payment"))
        .unwrap_or_else(|| PaymentMethod::Escrow.as_str().into());
    view! {
        <div class="container page checkout-page">
            <h1>"Checkout"</h1>
            <NoticeBanner/>
            <FormAlert error/>
            <form method="get" action="/checkout" class="card checkout-address">
                <label for="ship-to">"Deliver to"</label>
                <div class="inline-fields">
                    <select id="ship-to" name="ship_to">
                        {address_options.iter().cloned().map(|(value, text)| {
                            let selected = value == chosen;
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                    <button class="btn btn-secondary btn-sm" type="submit">"Update shipping"</button>
                </div>
            </form>
            <details class="card add-address">
                <summary>"Add another address"</summary>
                <NewAddressForm back="/checkout"/>
            </details>
            <ActionForm action=place attr:class="checkout-form" attr:novalidate=true>
                // The key of the submission being completed (a card its bank asked to confirm) is
                // kept, so the payment already made is the one the order takes.
                <input type="hidden" name="idempotency_key" value=idempotency_key/>
                <input type="hidden" name="ship_to" value=chosen.clone()/>
                <div class="checkout-orders">
                    {checkout.quotes.iter().zip(&checkout.cart.suppliers).map(|(quote, supplier)| {
                        let lines: Vec<String> = supplier.group.lines.iter().map(|l| {
                            let total = l.outcome.map(|p| p.total.to_string()).unwrap_or_default();
                            let sample = if l.kind == crate::domain::cart::LineKind::Sample { " (samples)" } else { "" };
                            format!("{}{sample} × {} — {total}", l.title, l.unit.quantity(l.quantity))
                        }).collect();
                        view! { <SupplierOrder quote=quote.clone() lines error/> }
                    }).collect_view()}
                </div>
                <fieldset class="card payment-choice">
                    <legend class="h3">"Payment"</legend>
                    <PaymentOption value=PaymentMethod::Escrow chosen=paying.clone()
                        text="Pay now by card. Caravan holds the money until you confirm the goods arrived as ordered."/>
                    <PaymentOption value=PaymentMethod::BankTransfer chosen=paying.clone()
                        text="Each supplier sends a proforma invoice with their bank details and ships once the transfer arrives."/>
                    {on_account.then(|| view! {
                        <PaymentOption value=PaymentMethod::OnAccount chosen=paying.clone()
                            text="Your suppliers' net terms: they invoice at shipment, you pay by the due date."/>
                    })}
                    {move || error.get().and_then(|e| e.field_message("payment")).map(|m| view! { <p class="field-error">{m}</p> })}
                    <div class="card-fields">
                        <p class="hint">"For card payment."</p>
                        <CardEntry element=checkout.card_element.clone() error payments=checkout.currencies().len() id_prefix="checkout"/>
                    </div>
                    <BillingChoice options=address_options chosen=chosen billed=error.get_untracked().and_then(|e| e.echoed("bill_to"))/>
                </fieldset>
                <aside class="card checkout-summary" aria-labelledby="checkout-total">
                    <h2 id="checkout-total" class="h3">"Total"</h2>
                    <ul role="list" class="plain-list">
                        {totals.into_iter().map(|t| view! { <li><strong class="checkout-grand-total">{t.to_string()}</strong></li> }).collect_view()}
                    </ul>
                    {if all_ship {
                        view! { <button class="btn btn-primary btn-block" type="submit">"Place order"</button> }.into_any()
                    } else {
                        view! {
                            <button class="btn btn-primary btn-block" type="button" disabled aria-describedby="not-shipped">"Place order"</button>
                            <p class="hint" id="not-shipped">"A supplier does not ship to this address: choose another, or remove its products."</p>
                        }.into_any()
                    }}
                </aside>
            </ActionForm>
        </div>
    }
    .into_any()
}

#[component]
fn SupplierOrder(quote: OrderQuote, lines: Vec<String>, error: Signal<Option<AppError>>) -> impl IntoView {
    let id = quote.supplier.get();
    let po = error.get_untracked().and_then(|e| e.echoed(&format!("po[{id}]")));
    let note = error.get_untracked().and_then(|e| e.echoed(&format!("note[{id}]")));
    let heading = format!("order-{id}");
    let labelled = heading.clone();
    let po_id = format!("po-{id}");
    let note_id = format!("note-{id}");
    let total = quote.total().map(|t| t.to_string());
    view! {
        <section class="card checkout-order" aria-labelledby=labelled>
            <h2 class="h3" id=heading>{format!("Order from {}", quote.supplier_name)}</h2>
            <ul role="list" class="plain-list checkout-lines">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            <dl class="checkout-figures">
                <dt>"Products"</dt><dd>{quote.subtotal.to_string()}</dd>
                <dt>"Shipping"</dt>
                <dd>{match &quote.shipping {
                    Ok(s) if s.minor() == 0 => "Free".to_string(),
                    Ok(s) => s.to_string(),
                    Err(why) => why.clone(),
                }}</dd>
                {total.map(|t| view! { <dt>"Order total"</dt><dd><strong>{t}</strong></dd> })}
                {quote.on_account.map(|(days, available)| view! {
                    <dt>"Your terms"</dt><dd>{format!("Net {days}, {available} of credit available")}</dd>
                })}
            </dl>
            <div class="field-row">
                <div class="field">
                    <label for=po_id.clone()>"Your purchase order number"</label>
                    <input id=po_id name=format!("po[{id}]") maxlength="40" value=po/>
                </div>
                <div class="field">
                    <label for=note_id.clone()>"Note to the supplier"</label>
                    <textarea id=note_id name=format!("note[{id}]") maxlength="500" rows="2">{note}</textarea>
                </div>
            </div>
        </section>
    }
}

#[component]
fn PaymentOption(value: PaymentMethod, chosen: String, text: &'static str) -> impl IntoView {
    let id = format!("payment-{}", value.as_str());
    let for_id = id.clone();
    view! {
        <label class="radio-card" for=for_id>
            <input type="radio" id=id name="payment" value=value.as_str() checked=chosen == value.as_str()/>
            <span class="radio-card-title">{value.label()}</span>
            <span class="radio-card-text">{text}</span>
        </label>
    }
}

#[component]
fn BillingChoice(options: Vec<(String, String)>, chosen: String, billed: Option<String>) -> impl IntoView {
    let billed = billed.unwrap_or_default();
    view! {
        <div class="field">
            <label for="bill-to">"Invoice address"</label>
            <select id="bill-to" name="bill_to">
                <option value="" selected=billed.is_empty()>"Same as delivery"</option>
                {options.into_iter().filter(|(v, _)| *v != chosen).map(|(value, text)| {
                    let selected = value == billed;
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
