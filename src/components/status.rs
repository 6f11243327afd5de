//! Error and not-found states inside pages, with the matching HTTP status on the first render.

use crate::components::page::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the response status while rendering on the server (no effect in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), axum::http::StatusCode::from_u16(code))
    {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// A page-sized explanation of an error, with a way forward.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    set_status(error.status());
    let (title, advice) = match &error {
        AppError::NotFound(_) => ("Not found", "It may have moved or been removed. Try a search instead."),
        AppError::Unauthenticated => ("Please sign in", "This page is for signed-in members."),
        AppError::Forbidden => ("Not allowed", "Your account does not have access to this page."),
        _ => {
            ("Something went wrong", "Please try again in a moment. If it keeps happening, contact the platform team.")
        }
    };
    view! {
        <Title text=title/>
        <section class="container narrow empty-state" aria-labelledby="error-title">
            <h1 id="error-title">{title}</h1>
            <p class="lead">{error.to_string()}</p>
            <p>{advice}</p>
            <p class="actions">
                <a class="btn btn-primary" href="/">"Go to the home page"</a>
                <a class="btn btn-secondary" href="/search">"Search suppliers"</a>
            </p>
        </section>
    }
}

/// The 404 page for addresses no route knows.
#[component]
pub fn NotFound() -> impl IntoView {
    view! { <Page load=|_| std::future::ready(Err::<(), _>(AppError::not_found("page"))) let:_nothing>""</Page> }
}
