//! The draft storefront as it will look once published, for its own team only.

use crate::api::session::ShellData;
use crate::api::storefront::preview_storefront;
use crate::components::page::{NoIndex, Page, own_company};
use crate::components::storefront::Storefront;
use crate::domain::links;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PreviewPage() -> impl IntoView {
    let page = use_params_map().read_untracked().get("page").unwrap_or_else(|| "home".to_string());
    let load = move |shell: &ShellData| {
        let company = own_company(shell);
        async move { preview_storefront(company?, page).await }
    };
    view! {
        <Title text="Storefront preview"/>
        <NoIndex/>
        <Page load let:view>
            <div class="preview-banner" role="note">
                <div class="container">
                    <strong>"Preview of your draft."</strong>
                    " Buyers see it only after you publish. "
                    <a href=links::builder_page(view.page)>"Back to the builder"</a>
                </div>
            </div>
            <Storefront view/>
        </Page>
    }
}
