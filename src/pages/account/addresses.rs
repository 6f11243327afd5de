//! `/account/addresses`: the buying company's delivery and billing addresses.

use crate::api::addresses::{AddAddress, RemoveAddress, SavedAddress, get_addresses};
use crate::components::form::{Field, FormAlert, SelectField, action_error, country_options};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AddressesPage() -> impl IntoView {
    view! {
        <Title text="Addresses"/>
        <NoIndex/>
        <Page load=|_| get_addresses() let:addresses>
            <AddressBook addresses/>
        </Page>
    }
}

#[component]
fn AddressBook(addresses: Vec<SavedAddress>) -> impl IntoView {
    let remove = ServerAction::<RemoveAddress>::new();
    let error = action_error(remove);
    view! {
        <div class="container narrow page">
            <h1>"Addresses"</h1>
            <p class="muted">"Where your company's orders are delivered and invoiced. Orders keep a copy of the address they used."</p>
            <NoticeBanner/>
            <FormAlert error/>
            {if addresses.is_empty() {
                view! { <p class="empty-state card">"No addresses yet: add your first below."</p> }.into_any()
            } else {
                view! {
                    <ul class="address-list" role="list">
                        {addresses.into_iter().map(|a| {
                            let label = a.address.label.clone();
                            view! {
                                <li class="card address-card">
                                    <h2 class="h3">{a.address.label.clone()}</h2>
                                    <address>{a.address.lines().into_iter().map(|l| view! { <span>{l}</span><br/> }).collect_view()}</address>
                                    <ActionForm action=remove>
                                        <input type="hidden" name="address" value=a.id.get()/>
                                        <button type="submit" class="btn btn-ghost btn-sm">
                                            "Remove"<span class="visually-hidden">{format!(" {label}")}</span>
                                        </button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <section class="card" aria-labelledby="new-address-title">
                <h2 id="new-address-title" class="h3">"Add an address"</h2>
                <NewAddressForm back="/account/addresses"/>
            </section>
        </div>
    }
}

/// The fields of a new address; after saving, the visitor goes to `back`.
#[component]
pub fn NewAddressForm(back: &'static str) -> impl IntoView {
    let add = ServerAction::<AddAddress>::new();
    let error = action_error(add);
    view! {
        <FormAlert error/>
        <ActionForm action=add attr:class="form" attr:novalidate=true>
            <input type="hidden" name="back" value=back/>
            <Field label="Name of this address" name="label" hint="Such as “Main warehouse” or “Head office”." maxlength=60 error id_prefix="address"/>
            <Field label="Recipient" name="recipient" autocomplete="name" maxlength=100 error id_prefix="address"/>
            <Field label="Street and number" name="line1" autocomplete="address-line1" maxlength=120 error id_prefix="address"/>
            <Field label="More (building, dock, floor)" name="line2" autocomplete="address-line2" required=false maxlength=120 error id_prefix="address"/>
            <div class="field-row">
                <Field label="Postal code" name="postal_code" autocomplete="postal-code" required=false maxlength=20 error id_prefix="address"/>
                <Field label="City" name="city" autocomplete="address-level2" maxlength=80 error id_prefix="address"/>
            </div>
            <Field label="Region or state" name="region" autocomplete="address-level1" required=false maxlength=80 error id_prefix="address"/>
            <SelectField label="Country" name="country" options=country_options() placeholder="Choose a country" autocomplete="country" error id_prefix="address"/>
            <Field label="Phone for the carrier" name="phone" kind="tel" autocomplete="tel" required=false maxlength=40 error id_prefix="address"/>
            <button class="btn btn-primary" type="submit">"Save address"</button>
        </ActionForm>
    }
}
