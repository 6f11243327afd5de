//! Two-factor sign-in: the settings page (set up, recovery codes, turn off) and the code step
//! of signing in.

use crate::api::two_factor::{
    DisableTwoFactor, EnableTwoFactor, FinishSignIn, RenewRecoveryCodes, StartTwoFactor, two_factor_sign_in_open,
    get_two_factor_status,
};
use crate::components::form::{Field, FormAlert, action_error};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page};
use crate::model::two_factor::{TwoFactorSetup, TwoFactorStatus};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TwoFactorPage() -> impl IntoView {
    view! {
        <Title text="Two-factor sign-in"/>
        <NoIndex/>
        <Page load=|_: &_| get_two_factor_status() let:status>
            <div class="container narrow page">
                <Breadcrumbs trail=trail(&[("/account", "Account")]) current="Two-factor sign-in"/>
                <div class="card form-card">
                    <h1>"Two-factor sign-in"</h1>
                    <NoticeBanner/>
                    <p class="muted">
                        "After your password, Caravan asks for a six-digit code from an authenticator app on your phone, "
                        "so a stolen password alone does not open your account."
                    </p>
                    <TwoFactorSettings status/>
                </div>
            </div>
        </Page>
    }
}

#[component]
fn TwoFactorSettings(status: TwoFactorStatus) -> impl IntoView {
    let codes = (!status.new_recovery_codes.is_empty()).then(|| view! { <NewRecoveryCodes codes=status.new_recovery_codes.clone()/> });
    let body = match (status.enabled, status.setup) {
        (true, _) => view! { <Enabled left=status.recovery_codes_left required=status.required/> }.into_any(),
        (false, Some(setup)) => view! { <SetUp setup/> }.into_any(),
        (false, None) => view! { <Start required=status.required/> }.into_any(),
    };
    view! { {codes} {body} }
}

#[component]
fn Start(required: bool) -> impl IntoView {
    let action = ServerAction::<StartTwoFactor>::new();
    let error = action_error(action);
    view! {
        <p><strong>"Two-factor sign-in is off."</strong></p>
        {required.then(|| view! {
            <p class="alert alert-warning" role="status">"As a platform admin you must turn it on before you can use the admin pages."</p>
        })}
        <FormAlert error/>
        <ActionForm action attr:class="form">
            <button class="btn btn-primary" type="submit">"Set up two-factor sign-in"</button>
        </ActionForm>
    }
}

#[component]
fn SetUp(setup: TwoFactorSetup) -> impl IntoView {
    let action = ServerAction::<EnableTwoFactor>::new();
    let error = action_error(action);
    view! {
        <h2 class="card-title">"Add Caravan to your authenticator app"</h2>
        <ol class="setup-steps">
            <li>"Open an authenticator app (such as Google Authenticator, Microsoft Authenticator, 1Password or Aegis) and add an account."</li>
            <li>
                "Scan this code, or type the key below it."
                <img class="qr-code" src=format!("data:image/png;base64,{}", setup.qr_png_base64) alt="QR code for your authenticator app" width="200" height="200"/>
                <p>"Key: " <code class="secret-key" data-testid="two-factor-key">{setup.secret}</code></p>
            </li>
            <li>"Enter the six-digit code the app shows for Caravan."</li>
        </ol>
        <FormAlert error/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <Field label="Code from the app" name="code" autocomplete="one-time-code" maxlength=12 error/>
            <button class="btn btn-primary" type="submit">"Turn on two-factor sign-in"</button>
        </ActionForm>
    }
}

#[component]
fn NewRecoveryCodes(codes: Vec<String>) -> impl IntoView {
    view! {
        <section class="alert alert-warning" aria-labelledby="recovery-title">
            <h2 id="recovery-title" class="card-title">"Your recovery codes"</h2>
            <p>"If you lose your phone, each of these signs you in once instead of a code. Save them somewhere safe now: they are shown only this time."</p>
            <ul class="recovery-codes" data-testid="recovery-codes">
                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Enabled(left: u32, required: bool) -> impl IntoView {
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    let renew_error = action_error(renew);
    let disable = ServerAction::<DisableTwoFactor>::new();
    let disable_error = action_error(disable);
    view! {
        <p><strong>"Two-factor sign-in is on."</strong> " " {format!("{left} of 10 recovery codes unused.")}</p>
        <section class="settings-section" aria-labelledby="renew-title">
            <h2 id="renew-title" class="card-title">"New recovery codes"</h2>
            <p class="muted">"Makes ten new codes; the old ones stop working."</p>
            <FormAlert error=renew_error/>
            <ActionForm action=renew attr:class="form" attr:novalidate=true>
                <Field label="Code from the app" name="code" id_prefix="renew" autocomplete="one-time-code" maxlength=12 error=renew_error/>
                <button class="btn btn-secondary" type="submit">"Make new recovery codes"</button>
            </ActionForm>
        </section>
        {if required {
            view! { <p class="muted">"Platform admins must keep two-factor sign-in on."</p> }.into_any()
        } else {
            view! {
                <section class="settings-section" aria-labelledby="disable-title">
                    <h2 id="disable-title" class="card-title">"Turn off"</h2>
                    <FormAlert error=disable_error/>
                    <ActionForm action=disable attr:class="form" attr:novalidate=true>
                        <Field label="Password" name="password" kind="password" id_prefix="disable" autocomplete="current-password" maxlength=128 error=disable_error/>
                        <Field label="Code from the app or a recovery code" name="code" id_prefix="disable" autocomplete="one-time-code" maxlength=12 error=disable_error/>
                        <button class="btn btn-danger" type="submit">"Turn off two-factor sign-in"</button>
                    </ActionForm>
                </section>
            }
            .into_any()
        }}
    }
}

/// The second step of signing in, after the password.
#[component]
pub fn TwoFactorSignInPage() -> impl IntoView {
    let action = ServerAction::<FinishSignIn>::new();
    let error = action_error(action);
    view! {
        <Title text="Enter your sign-in code"/>
        <NoIndex/>
        <Page load=|_: &_| two_factor_sign_in_open() let:open>
            <div class="container narrow page">
                <div class="card form-card">
                    <h1>"Enter your sign-in code"</h1>
                    {if open {
                        view! {
                            <p class="muted">"Open your authenticator app and enter the six-digit code for Caravan. Lost your phone? Enter one of your recovery codes."</p>
                            <FormAlert error/>
                            <ActionForm action attr:class="form" attr:novalidate=true>
                                <Field label="Code" name="code" autocomplete="one-time-code" maxlength=12 error/>
                                <button class="btn btn-primary btn-block" type="submit">"Sign in"</button>
                            </ActionForm>
                        }
                        .into_any()
                    } else {
                        view! {
                            <p class="alert alert-error" role="alert">
                                "This sign-in has timed out. " <a href="/login">"Sign in again"</a> " with your password."
                            </p>
                        }
                        .into_any()
                    }}
                </div>
            </div>
        </Page>
    }
}
