use super::account_type_options;
use crate::api::account::SignUp;
use crate::components::form::{Field, FormAlert, RadioCards, SelectField, action_error, country_options};
use crate::components::page::{Page, no_data};
use crate::domain::{CompanyName, PersonName};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = action_error(action);
    let query = use_query_map();
    let preselected =
        query.read_untracked().get("type").filter(|t| matches!(t.as_str(), "buyer" | "supplier" | "both"));
    let sent = move || query.read().get("notice").as_deref() == Some("check_inbox");
    view! {
        <Title text="Create a business account"/>
        <Meta name="description" content="Open a free Caravan account for your company, to buy from or sell to businesses worldwide."/>
        <Page load=no_data let:_nothing>
            <div class="container narrow page">
                <Show when=sent>
                    <div class="card form-card">
                        <h1>"Check your inbox"</h1>
                        <p role="status">"We mailed you a link to confirm your address and finish signing up. It works for two days."</p>
                        <p class="muted">"No mail after a few minutes? Look in your spam folder. If you already have an account, the mail says so and how to get back in."</p>
                        <p class="form-footer"><a href="/login">"Sign in"</a></p>
                    </div>
                </Show>
                <div class="card form-card" hidden=sent>
                    <h1>"Create your business account"</h1>
                    <p class="muted">"Free for buyers and suppliers. You can invite your colleagues afterwards."</p>
                    <FormAlert error/>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <RadioCards legend="What will your company do on Caravan?" name="account_type" options=account_type_options() selected=preselected.unwrap_or_default() error/>
                        <Field label="Company name" name="company_name" autocomplete="organization" maxlength=CompanyName::MAX error/>
                        <SelectField label="Country" name="country" options=country_options() placeholder="Choose a country" autocomplete="country" error/>
                        <Field label="Your full name" name="name" autocomplete="name" maxlength=PersonName::MAX error/>
                        <Field label="Work email" name="email" kind="email" autocomplete="email" maxlength=254 error/>
                        <Field label="Password" name="password" kind="password" autocomplete="new-password" maxlength=128 hint="At least 10 characters. A short sentence is easy to remember and hard to guess." error/>
                        <button class="btn btn-primary btn-block" type="submit">"Create account"</button>
                    </ActionForm>
                    <p class="form-footer">"Already have an account? " <a href="/login">"Sign in"</a></p>
                </div>
            </div>
        </Page>
    }
}
