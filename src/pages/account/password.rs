//! The person's own credentials: their password and the address they sign in with.

use crate::api::account::{ChangeEmail, ChangePassword};
use crate::components::form::{Field, FormAlert, action_error};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::page::{NoIndex, Page, signed_in_user};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PasswordPage() -> impl IntoView {
    view! {
        <Title text="Change password"/>
        <NoIndex/>
        <Page load=signed_in_user let:_user>
            <PasswordForm/>
        </Page>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = action_error(action);
    view! {
        <div class="container narrow page">
            <Breadcrumbs trail=trail(&[("/account", "Account")]) current="Change password"/>
            <div class="card form-card">
                <h1>"Change password"</h1>
                <p class="muted">"Changing your password signs you out everywhere else."</p>
                <FormAlert error/>
                <ActionForm action attr:class="form" attr:novalidate=true>
                    <Field label="Current password" name="current_password" kind="password" autocomplete="current-password" maxlength=128 error/>
                    <Field label="New password" name="new_password" kind="password" autocomplete="new-password" maxlength=128 hint="At least 10 characters." error/>
                    <Field label="Repeat the new password" name="confirm_password" kind="password" autocomplete="new-password" maxlength=128 error/>
                    <button class="btn btn-primary" type="submit">"Change password"</button>
                </ActionForm>
            </div>
        </div>
    }
}

#[component]
pub fn EmailPage() -> impl IntoView {
    view! {
        <Title text="Change email address"/>
        <NoIndex/>
        <Page load=signed_in_user let:user>
            <EmailForm current=user.email/>
        </Page>
    }
}

#[component]
fn EmailForm(current: String) -> impl IntoView {
    let action = ServerAction::<ChangeEmail>::new();
    let error = action_error(action);
    view! {
        <div class="container narrow page">
            <Breadcrumbs trail=trail(&[("/account", "Account")]) current="Change email address"/>
            <div class="card form-card">
                <h1>"Change email address"</h1>
                <p>"You sign in with " <strong>{current}</strong> ". We mail a link to the new address; the change is made when you open it."</p>
                <FormAlert error/>
                <ActionForm action attr:class="form" attr:novalidate=true>
                    <Field label="New email address" name="new_email" kind="email" autocomplete="email" maxlength=254 error/>
                    <Field label="Your password" name="password" kind="password" autocomplete="current-password" maxlength=128 error/>
                    <button class="btn btn-primary" type="submit">"Send the confirmation link"</button>
                </ActionForm>
            </div>
        </div>
    }
}
