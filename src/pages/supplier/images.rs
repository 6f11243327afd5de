//! The storefront's image library: photos the supplier uploads once and uses in hero banners
//! and galleries.

use crate::api::media::LibraryImage;
use crate::api::session::ShellData;
use crate::api::storefront::{Builder, get_builder};
use crate::components::form::UploadForm;
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, own_company};
use crate::components::storefront::Picture;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ImagesPage() -> impl IntoView {
    let load = |shell: &ShellData| {
        let company = own_company(shell);
        async move { get_builder(company?).await }
    };
    view! {
        <Title text="Storefront images"/>
        <NoIndex/>
        <Page load let:builder>
            <ImagesContent builder/>
        </Page>
    }
}

#[component]
fn ImagesContent(builder: Builder) -> impl IntoView {
    let count = builder.library.len();
    view! {
        <div class="container page">
            <Breadcrumbs trail=trail(&[("/account", "Account"), ("/supplier/storefront", "Storefront")]) current="Images"/>
            <NoticeBanner/>
            <header class="page-head">
                <h1>"Storefront images"</h1>
                <p class="muted">"Upload photos once, then choose them for hero banners and galleries. Each is resized for phones and desktops and served fast."</p>
            </header>
            <section class="section card" aria-labelledby="upload-title">
                <h2 id="upload-title" class="card-title">"Upload an image"</h2>
                <UploadForm company_id=builder.company_id purpose="library" label="Image" button="Upload image" with_alt=true
                    hint="PNG, JPEG or WebP, at least 300 pixels wide, at most 8 MB."/>
            </section>
            <section class="section" aria-labelledby="library-title">
                <h2 id="library-title">{format!("Your images ({count})")}</h2>
                {if builder.library.is_empty() {
                    view! { <p class="muted">"No images yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="library-grid" role="list">
                            {builder.library.into_iter().map(|LibraryImage { image, alt }| view! {
                                <li>
                                    <Picture image sizes="(min-width: 860px) 25vw, 50vw" width=320 alt=alt.clone()/>
                                    <p>{alt}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </div>
    }
}
