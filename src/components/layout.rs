//! The frame around every page: header (brand, search, categories, account menu, cart) and footer.

use crate::api::account::LogOut;
use crate::api::session::{CategoryLink, SessionUser, ShellData};
use crate::components::icons::{CartIcon, ChevronIcon, LogoMark, SearchIcon};
use crate::components::search_enhance::SUGGESTIONS_ID;
use crate::domain::links;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// How many categories show directly in the category bar; the rest are in "All categories".
const BAR_CATEGORIES: usize = 6;

/// The header: brand, product search, comparison, account menu, cart, category bar. `shell` is `None`
/// when it could not be loaded; the header then shows its signed-out form.
#[component]
pub fn SiteHeader(shell: Option<ShellData>) -> impl IntoView {
    let search_text = use_query_map().read_untracked().get("q").unwrap_or_default();
    let cart_items = shell.as_ref().map_or(0, |d| d.cart_items);
    let unread = shell.as_ref().map_or(0, |d| d.unread_threads);
    let compared = shell.as_ref().map_or(0, |d| d.compared.len());
    let test_mode = shell.as_ref().is_some_and(|d| d.test_mode);
    let (user, categories) = shell.map(|d| (d.user, d.categories)).unwrap_or_default();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        {test_mode.then(|| view! {
            <p class="test-mode">"Test mode: no real money moves. Pay with test card 4242 4242 4242 4242."</p>
        })}
        <header class="site-header">
            <div class="container header-bar">
                <a class="brand" href="/">
                    <LogoMark/>
                    <span class="brand-name">"Caravan"</span>
                </a>
                <form class="header-search" action="/search" method="get" role="search">
                    <label for="site-search" class="visually-hidden">"Search products"</label>
                    <input
                        id="site-search"
                        type="search"
                        name="q"
                        placeholder="Search products, categories, suppliers…"
                        autocomplete="off"
                        list=SUGGESTIONS_ID
                        maxlength="100"
                        value=search_text
                    />
                    <datalist id=SUGGESTIONS_ID></datalist>
                    <button type="submit" class="btn btn-primary header-search-button">
                        <SearchIcon/>
                        <span class="visually-hidden">"Search"</span>
                    </button>
                </form>
                <nav class="header-actions" aria-label="Your account">
                    {(compared > 0).then(|| view! {
                        <a class="btn btn-ghost compare-link" href="/compare">{format!("Compare ({compared})")}</a>
                    })}
                    {user.is_some().then(|| {
                        let label = match unread {
                            0 => "Messages".to_string(),
                            n => format!("Messages, {n} unread"),
                        };
                        view! {
                            <a class="btn btn-ghost messages-link" href="/messages" aria-label=label>
                                "Messages"{(unread > 0).then(|| view! { <span class="cart-count" aria-hidden="true">{unread}</span> })}
                            </a>
                        }
                    })}
                    <AccountMenu user/>
                    <CartLink items=cart_items/>
                </nav>
            </div>
            <CategoryBar categories/>
        </header>
    }
}

#[component]
fn CartLink(items: u32) -> impl IntoView {
    let label = match items {
        1 => "Cart, 1 item".to_string(),
        n => format!("Cart, {n} items"),
    };
    view! {
        <a class="icon-link cart-link" href="/cart" aria-label=label>
            <CartIcon/>
            {(items > 0).then(|| view! { <span class="cart-count" aria-hidden="true">{items}</span> })}
        </a>
    }
}

#[component]
fn AccountMenu(user: Option<SessionUser>) -> impl IntoView {
    let Some(user) = user else {
        return view! {
            <a class="btn btn-ghost" href="/login">"Sign in"</a>
            <a class="btn btn-primary join-button" href="/signup">"Join free"</a>
        }
        .into_any();
    };
    let logout = ServerAction::<LogOut>::new();
    let initials: String = user.name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    let company = user.company.clone();
    let storefront = company.as_ref().filter(|m| m.kind.sells()).map(|m| links::storefront(&m.company_slug));
    view! {
        <details class="menu account-menu">
            <summary class="account-summary">
                <span class="avatar" aria-hidden="true">{initials}</span>
                <span class="account-name">{user.first_name().to_string()}</span>
                <ChevronIcon/>
            </summary>
            <div class="menu-panel menu-panel-right">
                <p class="menu-heading">
                    <strong>{user.name.clone()}</strong>
                    <span class="muted">{company.as_ref().map(|m| m.company_name.clone()).unwrap_or_else(|| user.email.clone())}</span>
                </p>
                <a class="menu-item" href="/account">"Account overview"</a>
                {company.is_some().then(|| view! { <a class="menu-item" href="/account/team">"Team"</a> })}
                {company.as_ref().filter(|m| m.kind.buys()).map(|_| view! {
                    <a class="menu-item" href="/orders">"Your orders"</a>
                    <a class="menu-item" href="/rfqs">"Requests for quotation"</a>
                    <a class="menu-item" href="/account/addresses">"Addresses"</a>
                })}
                {storefront.map(|href| view! {
                    <a class="menu-item" href="/supplier/orders">"Incoming orders"</a>
                    <a class="menu-item" href="/supplier/rfqs">"Buyers' requests"</a>
                    <a class="menu-item" href="/supplier/selling">"Shipping and terms"</a>
                    <a class="menu-item" href="/supplier/payouts">"Payouts and statements"</a>
                    <a class="menu-item" href="/supplier/profile">"Company profile"</a>
                    <a class="menu-item" href="/supplier/products">"Products"</a>
                    <a class="menu-item" href="/supplier/storefront">"Storefront builder"</a>
                    <a class="menu-item" href=href>"Public storefront"</a>
                })}
                <a class="menu-item" href="/account/password">"Change password"</a>
                {user.is_admin.then(|| view! { <a class="menu-item" href="/admin">"Platform admin"</a> })}
                <ActionForm action=logout attr:class="menu-form">
                    <button class="menu-item" type="submit">"Sign out"</button>
                </ActionForm>
            </div>
        </details>
    }
    .into_any()
}

#[component]
fn CategoryBar(categories: Vec<CategoryLink>) -> impl IntoView {
    let shown: Vec<CategoryLink> = categories.iter().take(BAR_CATEGORIES).cloned().collect();
    view! {
        <nav class="category-bar" aria-label="Categories">
            <div class="container category-bar-inner">
                <details class="menu">
                    <summary class="category-summary">"All categories" <ChevronIcon/></summary>
                    <ul class="menu-panel category-menu" role="list">
                        {categories
                            .into_iter()
                            .map(|c| view! { <li><a class="menu-item" href=links::category(&c.slug)>{c.name}</a></li> })
                            .collect_view()}
                    </ul>
                </details>
                <ul class="category-links" role="list">
                    {shown
                        .into_iter()
                        .map(|c| view! { <li><a href=links::category(&c.slug)>{c.name}</a></li> })
                        .collect_view()}
                </ul>
            </div>
        </nav>
    }
}

/// A footer column: heading id, heading, (address, text) links.
type FooterColumn = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

const FOOTER_LINKS: [FooterColumn; 3] = [
    (
        "footer-buy",
        "Buy",
        &[
            ("/search", "Find products"),
            ("/suppliers", "Find suppliers"),
            ("/#categories", "Browse categories"),
            ("/signup?type=buyer", "Open a buyer account"),
        ],
    ),
    ("footer-sell", "Sell", &[("/signup?type=supplier", "Join as a supplier"), ("/suppliers", "Supplier directory")]),
    (
        "footer-account",
        "Account",
        &[("/login", "Sign in"), ("/account", "Your account"), ("/account/team", "Your team")],
    ),
];

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container footer-grid">
                <div class="footer-brand">
                    <a class="brand" href="/">
                        <LogoMark/>
                        <span class="brand-name">"Caravan"</span>
                    </a>
                    <p>"The open-source B2B marketplace: manufacturers, wholesalers and the companies that buy from them."</p>
                </div>
                {FOOTER_LINKS
                    .iter()
                    .map(|(id, title, links)| view! {
                        <nav aria-labelledby=*id>
                            <h2 id=*id>{*title}</h2>
                            <ul role="list">
                                {links.iter().map(|(href, text)| view! { <li><a href=*href>{*text}</a></li> }).collect_view()}
                            </ul>
                        </nav>
                    })
                    .collect_view()}
            </div>
            <div class="container footer-legal">
                <p>"© 2026 Caravan contributors · Free and open-source software (AGPL-3.0)"</p>
            </div>
        </footer>
    }
}

/// "Where am I": links up the trail (`(href, label)` pairs), then the current page.
#[component]
pub fn Breadcrumbs(trail: Vec<(String, String)>, #[prop(into)] current: String) -> impl IntoView {
    view! {
        <nav aria-label="Breadcrumb" class="breadcrumbs">
            <ol>
                {trail.into_iter().map(|(href, label)| view! { <li><a href=href>{label}</a></li> }).collect_view()}
                <li aria-current="page">{current}</li>
            </ol>
        </nav>
    }
}

/// A trail of static links, for `Breadcrumbs`.
pub fn trail(links: &[(&str, &str)]) -> Vec<(String, String)> {
    links.iter().map(|(href, label)| (href.to_string(), label.to_string())).collect()
}
