//! Getting in and back in: confirming the address a sign-up gave, asking for a reset link,
//! and choosing a new password through one.

use crate::api::account::{
    ConfirmEmail, ForgotPassword, ResendConfirmation, ResetPassword, confirm_link_open, reset_link_open,
};
use crate::components::form::{Field, FormAlert, action_error};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, no_data};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let error = action_error(action);
    view! {
        <Title text="Reset your password"/>
        <NoIndex/>
        <Page load=no_data let:_nothing>
            <div class="container narrow page">
                <div class="card form-card">
                    <h1>"Reset your password"</h1>
                    <NoticeBanner/>
                    <p class="muted">"Enter the email you sign in with. We will mail you a link to choose a new password."</p>
                    <FormAlert error/>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <Field label="Work email" name="email" kind="email" autocomplete="email" maxlength=254 error/>
                        <button class="btn btn-primary btn-block" type="submit">"Send the reset link"</button>
                    </ActionForm>
                    <p class="form-footer"><a href="/login">"Back to sign in"</a></p>
                </div>
            </div>
        </Page>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    mailed_link_page("Choose a new password", reset_link_open, |token| view! { <ResetForm token/> }.into_any(), || {
        view! {
            "This reset link has expired or was already used. "
            <a href="/forgot-password">"Ask for a new one"</a>"."
        }
        .into_any()
    })
}

/// The page a mailed link lands on: `form` while `check` says the link still works, otherwise
/// why it does not and what to do instead.
fn mailed_link_page<Fut>(
    title: &'static str,
    check: fn(String) -> Fut,
    form: fn(String) -> AnyView,
    expired: fn() -> AnyView,
) -> impl IntoView
where
    Fut: Future<Output = Result<bool, crate::error::AppError>> + Send + 'static,
{
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let load = move |_: &_| {
        let token = token.clone();
        async move { check(token.clone()).await.map(|open| (open, token)) }
    };
    view! {
        <Title text=title/>
        <NoIndex/>
        <Page load let:link>
            <div class="container narrow page">
                <div class="card form-card">
                    <h1>{title}</h1>
                    {if link.0 { form(link.1) } else { view! { <p class="alert alert-error" role="alert">{expired()}</p> }.into_any() }}
                </div>
            </div>
        </Page>
    }
}

#[component]
fn ResetForm(token: String) -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action);
    view! {
        <p class="muted">"Setting a new password signs you out on every device."</p>
        <FormAlert error/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="token" value=token/>
            <Field label="New password" name="new_password" kind="password" autocomplete="new-password" maxlength=128 hint="At least 10 characters." error/>
            <Field label="Repeat the new password" name="confirm_password" kind="password" autocomplete="new-password" maxlength=128 error/>
            <button class="btn btn-primary btn-block" type="submit">"Set the new password"</button>
        </ActionForm>
    }
}

/// Where the confirmation mail's link lands: one button confirms the address and signs in (a
/// link alone is not enough, so mail scanners that open links confirm nothing).
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    mailed_link_page("Confirm your email address", confirm_link_open, |token| view! { <ConfirmForm token/> }.into_any(), || {
        view! {
            "This confirmation link has expired or was already used. "
            <a href="/login">"Sign in"</a>" to ask for a new one."
        }
        .into_any()
    })
}

#[component]
fn ConfirmForm(token: String) -> impl IntoView {
    let action = ServerAction::<ConfirmEmail>::new();
    let error = action_error(action);
    view! {
        <p>"Confirm that this address is yours. Until then an account can look around but not order, quote or invite."</p>
        <FormAlert error/>
        <ActionForm action attr:class="form">
            <input type="hidden" name="token" value=token/>
            <button class="btn btn-primary btn-block" type="submit">"Confirm and continue"</button>
        </ActionForm>
    }
}

/// Shown to a signed-in person who has not confirmed their address yet, with a button that
/// mails a new link.
#[component]
pub fn ConfirmReminder() -> impl IntoView {
    let action = ServerAction::<ResendConfirmation>::new();
    let error = action_error(action);
    view! {
        <section class="alert alert-warning" aria-labelledby="confirm-title">
            <h2 id="confirm-title" class="card-title">"Confirm your email address"</h2>
            <p>"Until you open the link we mailed you, you can look around but not order, quote or invite teammates."</p>
            <FormAlert error/>
            <ActionForm action attr:class="inline-form">
                <button class="btn btn-secondary btn-sm" type="submit">"Send a new link"</button>
            </ActionForm>
        </section>
    }
}
