#![recursion_limit = "256"]
//! Caravan: an open-source B2B marketplace. One crate, compiled twice: with `ssr` as the
//! server binary, with `hydrate` as the WebAssembly that brings the page's islands to life.

pub mod api;
pub mod app;
#[cfg(feature = "ssr")]
pub mod cli;
pub mod components;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod http;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

/// In the library, so the server binary, its benches and its tests all allocate alike.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panics name their cause in the console in development; the release bundle leaves the
    // hook and its formatting out (every visitor downloads it).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
