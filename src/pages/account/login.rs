use crate::api::account::LogIn;
use crate::components::form::{Field, FormAlert, action_error};
use crate::components::notice::NoticeBanner;
use crate::components::page::{Page, no_data};
use crate::domain::links::local_return;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<LogIn>::new();
    let error = action_error(action);
    let query = use_query_map();
    let next = query.read_untracked().get("next").and_then(|n| local_return(&n)).unwrap_or_default();
    view! {
        <Title text="Sign in"/>
        <Meta name="description" content="Sign in to Caravan to buy from and sell to businesses worldwide."/>
        <Page load=no_data let:_nothing>
            <div class="container narrow page">
                <div class="card form-card">
                    <h1>"Sign in to Caravan"</h1>
                    <NoticeBanner/>
                    <FormAlert error/>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="next" value=next/>
                        <Field label="Work email" name="email" kind="email" autocomplete="email" maxlength=254 error/>
                        <Field label="Password" name="password" kind="password" autocomplete="current-password" maxlength=128 error/>
                        <p class="form-aside"><a href="/forgot-password">"Forgot your password?"</a></p>
                        <button class="btn btn-primary btn-block" type="submit">"Sign in"</button>
                    </ActionForm>
                    <p class="form-footer">"New to Caravan? " <a href="/signup">"Create a business account"</a></p>
                </div>
            </div>
        </Page>
    }
}
