//! Where a buyer enters a card: Caravan's own fields with the sandbox's test cards, or the
//! payment provider's element (Stripe.js), which sends the card to the provider and gives
//! the form a token instead, so no card number or code reaches Caravan. After a refusal
//! that asks the buyer's bank to confirm (3-D Secure), the element's script completes it
//! and sends the form again.

use crate::components::form::Field;
use crate::error::AppError;
use crate::model::checkout::CardElement;
use leptos::prelude::*;

#[component]
pub fn CardEntry(
    element: Option<CardElement>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// Card payments this form makes (one per currency): the element makes a token for each.
    #[prop(default = 1)]
    payments: usize,
    /// Keeps the ids of two card forms on one page apart.
    id_prefix: &'static str,
) -> impl IntoView {
    let Some(element) = element else {
        return view! {
            <p class="hint">"Test cards: 4242 4242 4242 4242 is approved, 4000 0000 0000 0002 is declined, 4000 0000 0000 9995 has insufficient funds."</p>
            <Field label="Card number" name="card_number" autocomplete="cc-number" required=false maxlength=23 error id_prefix/>
            <div class="field-row">
                <Field label="Expiry (MM/YY)" name="card_expiry" autocomplete="cc-exp" required=false maxlength=7 error id_prefix/>
                <Field label="Security code" name="card_cvc" autocomplete="cc-csc" required=false maxlength=4 error id_prefix/>
            </div>
        }
        .into_any();
    };
    let id = format!("{id_prefix}-card-element");
    let label_id = format!("{id}-label");
    let error_id = format!("{id}-error");
    let message = move || error.get().and_then(|e| e.field_message("card_number"));
    let action = move || error.get().and_then(|e| e.echoed("card_action"));
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <span class="label" id=label_id.clone()>"Card"</span>
            <div
                id=id
                class="card-element"
                role="group"
                aria-labelledby=label_id
                data-stripe-card=""
                data-key=element.publishable_key
                data-payments=payments.to_string()
                data-action=action
            >
                <noscript><p>"Card payment needs JavaScript: turn it on, or pay by bank transfer."</p></noscript>
            </div>
            <input type="hidden" name="card_token" value=""/>
            <p class="field-error" id=error_id.clone() aria-live="polite">{message}</p>
        </div>
        <script src=element.js_url></script>
        <script src="/card-element.js" defer></script>
    }
    .into_any()
}
