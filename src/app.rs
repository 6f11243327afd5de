//! The HTML shell and the route table.
//!
//! Pages render on the server and work without JavaScript: forms post to server functions and
//! come back through redirects. The app runs in islands mode, so only components marked
//! `#[island]` ship to the browser as WebAssembly; see README "Why islands".

use crate::components::status::NotFound;
use crate::pages::{account, admin, buyer, public, supplier};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// Where islands live: only these pages load the WebAssembly (the storefront builder, the
/// product editor with its live price calculator, product pages, priced live as buyers
/// type, the search page, whose results update in place, and conversations, whose new
/// messages appear as they arrive). Every other page is plain
/// server-rendered HTML and forms, and ships no script.
pub const SCRIPTED_PATHS: &[&str] = &["/supplier/storefront", "/supplier/products/", "/p/", "/search", "/messages/"];

/// Does the page being rendered have islands?
fn has_islands() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .is_none_or(|parts| SCRIPTED_PATHS.iter().any(|prefix| parts.uri.path().starts_with(prefix)))
    }
    #[cfg(not(feature = "ssr"))]
    true
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::request::send_content_security_policy();
    let scripts = has_islands().then(|| view! { <HydrationScripts options=options.clone() islands=true/> });
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0f5f59"/>
                <AutoReload options=options.clone()/>
                {scripts}
                <HashedStylesheet options id="leptos"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Every page's `<title>`. leptos_meta writes it into the page unescaped, so a product named
/// `</title><script>…` would run its script: it is escaped here, as all other text is.
fn page_title(title: String) -> String {
    let title = if title.is_empty() { "Caravan · B2B marketplace".to_string() } else { format!("{title} · Caravan") };
    html_escape::encode_text(&title).into_owned()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=page_title/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Router>
            <Routes fallback=NotFound>
                    <Route path=path!("/") view=public::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=public::SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/suppliers") view=public::SuppliersPage ssr=SsrMode::Async/>
                    <Route path=path!("/compare") view=buyer::ComparePage ssr=SsrMode::Async/>
                    <Route path=path!("/p/:product") view=public::ProductView ssr=SsrMode::Async/>
                    <Route path=path!("/c/:slug") view=public::CategoryView ssr=SsrMode::Async/>
                    <Route path=path!("/s/:slug") view=public::CompanyView ssr=SsrMode::Async/>
                    <Route path=path!("/s/:slug/:page") view=public::CompanyView ssr=SsrMode::Async/>
                    <Route path=path!("/s/:slug/p/:product") view=public::LegacyProductView ssr=SsrMode::Async/>
                    <Route path=path!("/cart") view=buyer::CartPage ssr=SsrMode::Async/>
                    <Route path=path!("/checkout") view=buyer::CheckoutPage ssr=SsrMode::Async/>
                    <Route path=path!("/orders") view=buyer::OrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/orders/:id") view=buyer::OrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/invoices/:order/:kind") view=buyer::InvoicePage ssr=SsrMode::Async/>
                    <Route path=path!("/messages") view=buyer::InboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/messages/:id") view=buyer::ThreadPage ssr=SsrMode::Async/>
                    <Route path=path!("/inquire") view=buyer::InquirePage ssr=SsrMode::Async/>
                    <Route path=path!("/rfqs") view=buyer::RfqsPage ssr=SsrMode::Async/>
                    <Route path=path!("/rfqs/new") view=buyer::NewRfqPage ssr=SsrMode::Async/>
                    <Route path=path!("/rfqs/:id") view=buyer::RfqPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/rfqs") view=buyer::RfqFeedPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/rfqs/:id") view=buyer::RfqPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=account::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/login/two-factor") view=account::TwoFactorSignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/signup") view=account::SignUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/confirm-email/:token") view=account::ConfirmEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/forgot-password") view=account::ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/reset-password/:token") view=account::ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/invitations/:token") view=account::InvitationPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=account::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/password") view=account::PasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/two-factor") view=account::TwoFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/email") view=account::EmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/team") view=account::TeamPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/addresses") view=account::AddressesPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/verification") view=supplier::VerificationPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/profile") view=supplier::ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/storefront") view=supplier::StorefrontBuilderPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/storefront/images") view=supplier::ImagesPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/storefront/preview/:page") view=supplier::PreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/storefront/:page/:block") view=supplier::BlockEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/products") view=supplier::ProductsPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/orders") view=supplier::SupplierOrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/orders/:id") view=supplier::SupplierOrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/selling") view=supplier::SellingPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/payouts") view=supplier::PayoutsPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/products/import") view=supplier::CatalogImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/products/import/:job") view=supplier::ImportJobPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/products/:id") view=supplier::ProductEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/products/:id/preview") view=supplier::ProductPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=admin::AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/products") view=admin::ListingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/outbox") view=admin::OutboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/search") view=admin::SearchAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/disputes") view=admin::DisputesPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/payouts") view=admin::AdminPayoutsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/disputes/:id") view=admin::DisputePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/verifications") view=admin::VerificationsPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
