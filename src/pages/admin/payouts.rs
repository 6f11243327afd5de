//! `/admin/payouts`: suppliers Caravan owes money to, with their bank details, and the form
//! that records a bank transfer sent to one (its amount and reference).

use crate::api::payouts::{PayableSupplier, RecordPayout, get_payable};
use crate::components::form::{FieldWiring, FormAlert, action_error};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminPayoutsPage() -> impl IntoView {
    view! {
        <Title text="Payouts"/>
        <NoIndex/>
        <Page load=|_| get_payable() let:payable>
            <Payable payable/>
        </Page>
    }
}

#[component]
fn Payable(payable: Vec<PayableSupplier>) -> impl IntoView {
    view! {
        <div class="container page">
            <h1>"Payouts"</h1>
            <NoticeBanner/>
            <p class="muted">"Send each supplier what Caravan owes it by bank transfer, then record the transfer here: it is ledgered, shown on the supplier's statement and mailed to its owners. Suppliers with a Stripe payout account are paid there as their funds are released, and are not listed."</p>
            {if payable.is_empty() {
                view! { <p class="empty-state card">"No supplier is owed money."</p> }.into_any()
            } else {
                payable.into_iter().map(|p| view! { <PayoutForm payable=p/> }).collect_view().into_any()
            }}
        </div>
    }
}

#[component]
fn PayoutForm(payable: PayableSupplier) -> impl IntoView {
    let record = ServerAction::<RecordPayout>::new();
    let id = format!("{}-{}", payable.supplier, payable.available.currency().code());
    // Every payout form on the page reads the same refusal: each shows only its own.
    let all = action_error(record);
    let mine = id.clone();
    let error = Signal::derive(move || all.get().filter(|e| e.echoed("payout").as_deref() == Some(mine.as_str())));
    let (heading, labelled) = (format!("payable-{id}"), format!("payable-{id}"));
    let amount = FieldWiring::new(format!("amount-{id}"), "amount".into(), false, error);
    let reference = FieldWiring::new(format!("reference-{id}"), "reference".into(), false, error);
    let shown = move |field: &'static str| move || error.get().and_then(|e| e.echoed(field));
    let default_amount = payable.available.to_decimal_string();
    view! {
        <section class="card section" aria-labelledby=labelled>
            <h2 class="h3" id=heading>{format!("{}: {} owed", payable.name, payable.available)}</h2>
            {if payable.bank_details.is_empty() {
                view! { <p class="alert alert-warning">"This supplier has given no bank details yet."</p> }.into_any()
            } else {
                view! { <pre class="bank-details">{payable.bank_details.clone()}</pre> }.into_any()
            }}
            <ActionForm action=record attr:class="form">
                <FormAlert error/>
                <div class="inline-fields payout-fields">
                <input type="hidden" name="supplier" value=payable.supplier.to_string()/>
                <input type="hidden" name="currency" value=payable.available.currency().code()/>
                <div class="field" class:field-invalid={let m = amount.messages(); move || m().is_some()}>
                    <label for=amount.id.clone()>{format!("Amount sent ({})", payable.available.currency().code())}</label>
                    <input id=amount.id.clone() name="amount" inputmode="decimal" required
                        value={let shown = shown("amount"); move || shown().unwrap_or_else(|| default_amount.clone())}
                        aria-invalid=amount.invalid() aria-describedby=amount.described()/>
                    {let m = amount.messages(); let id = amount.error_id(); move || m().map(|m| view! { <p class="field-error" id=id.clone()>{m}</p> })}
                </div>
                <div class="field" class:field-invalid={let m = reference.messages(); move || m().is_some()}>
                    <label for=reference.id.clone()>"Bank transfer reference"</label>
                    <input id=reference.id.clone() name="reference" maxlength="80" required value=shown("reference")
                        aria-invalid=reference.invalid() aria-describedby=reference.described()/>
                    {let m = reference.messages(); let id = reference.error_id(); move || m().map(|m| view! { <p class="field-error" id=id.clone()>{m}</p> })}
                </div>
                <button class="btn btn-primary" type="submit">"Record payout"</button>
                </div>
            </ActionForm>
        </section>
    }
}
