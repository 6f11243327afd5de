use super::account_type_options;
use crate::api::account::CreateCompany;
use crate::api::session::{Membership, SessionUser};
use crate::components::form::{Field, FormAlert, RadioCards, SelectField, action_error, country_options};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, signed_in_user};
use crate::domain::links;
use crate::domain::{City, CompanyName};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <Title text="Your account"/>
        <NoIndex/>
        <Page load=signed_in_user let:user>
            <AccountOverview user/>
        </Page>
    }
}

#[component]
fn AccountOverview(user: SessionUser) -> impl IntoView {
    let is_admin = user.is_admin;
    view! {
        <div class="container page">
            <NoticeBanner/>
            <header class="page-head">
                <h1>"Welcome, " {user.first_name().to_string()}</h1>
            </header>
            {(!user.email_verified).then(|| view! { <super::ConfirmReminder/> })}
            <div class="card-grid card-grid-wide">
                <section class="card" aria-labelledby="profile-title">
                    <h2 id="profile-title" class="card-title">"Your profile"</h2>
                    <dl class="facts">
                        <dt>"Name"</dt>
                        <dd>{user.name.clone()}</dd>
                        <dt>"Email"</dt>
                        <dd>{user.email.clone()}</dd>
                    </dl>
                    <p class="actions">
                        <a class="btn btn-secondary" href="/account/password">"Change password"</a>
                        <a class="btn btn-secondary" href="/account/email">"Change email"</a>
                        <a class="btn btn-secondary" href="/account/two-factor">
                            {if user.two_factor { "Two-factor sign-in: on" } else { "Two-factor sign-in: off" }}
                        </a>
                    </p>
                </section>
                {match user.company.clone() {
                    Some(membership) => view! { <CompanyCard membership/> }.into_any(),
                    None => view! { <NoCompany/> }.into_any(),
                }}
                {is_admin.then(|| view! {
                    <section class="card" aria-labelledby="admin-title">
                        <h2 id="admin-title" class="card-title">"Platform administration"</h2>
                        <p>"You are a platform admin."</p>
                        <p><a class="btn btn-secondary" href="/admin">"Open the admin area"</a></p>
                    </section>
                })}
            </div>
        </div>
    }
}

#[component]
fn CompanyCard(membership: Membership) -> impl IntoView {
    let storefront = membership.kind.sells().then(|| links::storefront(&membership.company_slug));
    view! {
        <section class="card" aria-labelledby="company-title">
            <h2 id="company-title" class="card-title">"Your company"</h2>
            <dl class="facts">
                <dt>"Company"</dt>
                <dd>{membership.company_name.clone()}</dd>
                <dt>"On Caravan as"</dt>
                <dd>{membership.kind.label()}</dd>
                <dt>"Your role"</dt>
                <dd><span class="badge">{membership.role.label()}</span></dd>
            </dl>
            <p class="actions">
                <a class="btn btn-secondary" href="/account/team">"Team"</a>
                {storefront.map(|href| view! {
                    <a class="btn btn-primary" href="/supplier/profile">"Company profile"</a>
                    <a class="btn btn-primary" href="/supplier/products">"Products"</a>
                    <a class="btn btn-primary" href="/supplier/storefront">"Build your storefront"</a>
                    <a class="btn btn-secondary" href="/supplier/verification">"Verification"</a>
                    <a class="btn btn-secondary" href=href>"Public storefront"</a>
                })}
            </p>
        </section>
    }
}

/// Someone who left (or was removed from) their company can start a new one here.
#[component]
fn NoCompany() -> impl IntoView {
    let action = ServerAction::<CreateCompany>::new();
    let error = action_error(action);
    view! {
        <section class="card" aria-labelledby="company-title">
            <h2 id="company-title" class="card-title">"You are not part of a company"</h2>
            <p class="muted">"Ask a company owner to invite you, or set up a new company."</p>
            <FormAlert error/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <RadioCards legend="What will your company do on Caravan?" name="account_type" options=account_type_options() error/>
                <Field label="Company name" name="company_name" autocomplete="organization" maxlength=CompanyName::MAX error/>
                <SelectField label="Country" name="country" options=country_options() placeholder="Choose a country" error/>
                <Field label="City" name="city" required=false autocomplete="address-level2" maxlength=City::MAX error/>
                <button class="btn btn-primary" type="submit">"Create company"</button>
            </ActionForm>
        </section>
    }
}
