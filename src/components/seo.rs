//! What every public page tells search engines and link previews: description, canonical
//! address and Open Graph tags, with absolute addresses from the configured public URL.

use crate::model::site::PublicUrl;
use leptos::prelude::*;
use leptos_meta::{Link, Meta};

/// `path` as an absolute address on this marketplace (`CARAVAN_PUBLIC_URL`).
pub fn absolute(path: &str) -> String {
    match use_context::<PublicUrl>() {
        Some(PublicUrl(base)) => format!("{base}{path}"),
        None => path.to_string(),
    }
}

/// Description, canonical address and Open Graph tags. `url` may be a path or absolute.
#[component]
pub fn SocialMeta(
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    #[prop(into)] url: String,
    #[prop(optional_no_strip)] image: Option<String>,
    /// Open Graph type: "website", "product" …
    #[prop(default = "website")]
    kind: &'static str,
) -> impl IntoView {
    let url = if url.starts_with('/') { absolute(&url) } else { url };
    view! {
        <Meta name="description" content=description.clone()/>
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:type" content=kind/>
        <Meta property="og:site_name" content="Caravan"/>
        <Meta property="og:title" content=title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:url" content=url/>
        {image.map(|src| view! { <Meta property="og:image" content=src/> })}
    }
}
