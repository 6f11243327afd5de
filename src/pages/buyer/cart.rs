//! `/cart`: the buyer's lines grouped by supplier, each priced now, with why a quantity is
//! refused and what would work, and what changed since the buyer added it.

use crate::api::cart::{
    AcceptCartPrices, Buyer, CartLine, CartView, RemoveCartLine, SupplierCart, UpdateCartLine, get_cart,
};
use crate::components::form::{FormAlert, action_error};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page};
use crate::components::storefront::Picture;
use crate::domain::cart::LineKind;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CartPage() -> impl IntoView {
    view! {
        <Title text="Cart"/>
        <NoIndex/>
        <Page load=|_| get_cart() let:cart>
            <Cart cart/>
        </Page>
    }
}

#[component]
fn Cart(cart: CartView) -> impl IntoView {
    let update = ServerAction::<UpdateCartLine>::new();
    let remove = ServerAction::<RemoveCartLine>::new();
    let accept = ServerAction::<AcceptCartPrices>::new();
    let update_error = action_error(update);
    let errors = Signal::derive(move || {
        action_error(remove).get().or_else(|| action_error(accept).get()).or_else(|| {
            // A refused quantity shows beside its line; anything else goes on top.
            update_error.get().filter(|e| e.field_message("quantity").is_none())
        })
    });
    if cart.suppliers.is_empty() {
        return view! {
            <div class="container narrow page">
                <h1>"Your cart"</h1>
                <NoticeBanner/>
                <FormAlert error=errors/>
                {(cart.buyer == Buyer::SellerOnly).then(|| view! {
                    <div class="alert alert-info"><p>"Your company is registered to sell. To buy, sign in with an account of a buying company."</p></div>
                })}
                <div class="empty-state card">
                    <h2>"Your cart is empty"</h2>
                    <p>"Products you add appear here, grouped by supplier, priced at each supplier's tier for your quantity."</p>
                    <p class="actions">
                        <a class="btn btn-primary" href="/search">"Find products"</a>
                        {(cart.buyer == Buyer::Visitor).then(|| view! { <a class="btn btn-secondary" href="/login?next=/cart">"Sign in"</a> })}
                    </p>
                </div>
            </div>
        }
        .into_any();
    }
    let lines = cart.lines().count();
    let ready = cart.ready();
    let changed = cart.has_changes();
    let blocked = cart.suppliers.iter().any(|s| !s.group.ready);
    let totals = totals(&cart);
    let buyer = cart.buyer;
    view! {
        <div class="container page cart-page">
            <h1>"Your cart"</h1>
            <p class="muted">{format!("{lines} {} from {} {}", if lines == 1 { "line" } else { "lines" }, cart.suppliers.len(), if cart.suppliers.len() == 1 { "supplier" } else { "suppliers" })}</p>
            <NoticeBanner/>
            <FormAlert error=errors/>
            {changed.then(|| view! {
                <div class="alert alert-warning cart-changes" role="status">
                    <p>"Some prices changed since you added these products. Check the marked lines, then accept the new prices to continue."</p>
                    <ActionForm action=accept>
                        <button type="submit" class="btn btn-primary btn-sm">"Accept new prices"</button>
                    </ActionForm>
                </div>
            })}
            <div class="cart-layout">
                <div class="cart-suppliers">
                    {cart.suppliers.into_iter().map(|s| view! { <SupplierLines supplier=s update remove update_error/> }).collect_view()}
                </div>
                <aside class="cart-summary card" aria-labelledby="cart-summary-title">
                    <h2 id="cart-summary-title" class="h3">"Summary"</h2>
                    <dl class="spec-list">
                        {totals.into_iter().map(|(currency, total)| view! { <dt>{format!("Products ({currency})")}</dt><dd>{total}</dd> }).collect_view()}
                    </dl>
                    <p class="hint">"Shipping is priced per supplier at checkout, from your delivery address."</p>
                    {match (buyer, ready) {
                        (Buyer::Visitor, _) => view! {
                            <a class="btn btn-primary btn-block" href="/login?next=/checkout">"Sign in to check out"</a>
                            <p class="hint">"Your cart comes with you when you sign in."</p>
                        }.into_any(),
                        (Buyer::SellerOnly, _) => view! {
                            <p class="hint">"Your company is registered to sell. Sign in with a buying company's account to check out."</p>
                        }.into_any(),
                        (Buyer::Member, true) => view! { <a class="btn btn-primary btn-block" href="/checkout">"Check out"</a> }.into_any(),
                        (Buyer::Member, false) => view! {
                            <button type="button" class="btn btn-primary btn-block" disabled aria-describedby="checkout-blocked">"Check out"</button>
                            <p class="hint" id="checkout-blocked">{if blocked { "Fix or remove the marked lines first." } else { "Accept the new prices first." }}</p>
                        }.into_any(),
                    }}
                </aside>
            </div>
        </div>
    }
    .into_any()
}

/// Products total per currency (suppliers may price in different ones).
fn totals(cart: &CartView) -> Vec<(String, String)> {
    let mut sums: Vec<(crate::domain::Currency, i64)> = Vec::new();
    for s in &cart.suppliers {
        match sums.iter_mut().find(|(c, _)| *c == s.group.currency) {
            Some((_, sum)) => *sum = sum.saturating_add(s.group.subtotal.minor()),
            None => sums.push((s.group.currency, s.group.subtotal.minor())),
        }
    }
    sums.into_iter()
        .map(|(c, minor)| (c.code().to_string(), crate::domain::Money::from_minor(minor, c).to_string()))
        .collect()
}

#[component]
fn SupplierLines(
    supplier: SupplierCart,
    update: ServerAction<UpdateCartLine>,
    remove: ServerAction<RemoveCartLine>,
    update_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let SupplierCart { name, href, group } = supplier;
    let heading = format!("cart-supplier-{}", group.supplier);
    let labelled_by = heading.clone();
    view! {
        <section class="cart-supplier card" aria-labelledby=labelled_by>
            <h2 class="h3" id=heading><a href=href>{name}</a></h2>
            <ul class="cart-lines">
                {group.lines.into_iter().map(|line| view! { <Line line update remove update_error/> }).collect_view()}
            </ul>
            <p class="cart-subtotal">
                <span>"Subtotal"</span>
                <strong>{group.subtotal.to_string()}</strong>
            </p>
        </section>
    }
}

#[component]
fn Line(
    line: CartLine,
    update: ServerAction<UpdateCartLine>,
    remove: ServerAction<RemoveCartLine>,
    update_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let key = line.key();
    let input_id = format!("quantity-{key}");
    let error_id = format!("quantity-error-{key}");
    // The refused quantity belongs to this line only if the error names it.
    let mine = {
        let key = key.clone();
        Signal::derive(move || update_error.get().filter(|e| e.echoed("line").as_deref() == Some(key.as_str())))
    };
    let message = move || mine.get().and_then(|e| e.field_message("quantity"));
    let typed = mine.get_untracked().and_then(|e| e.echoed("quantity")).unwrap_or_else(|| line.quantity.to_string());
    let unit = line.unit;
    let terms = &line.terms;
    let rule = match line.kind {
        LineKind::Bulk if terms.increment > 1 => {
            format!("Minimum {}, in steps of {}", unit.quantity(terms.moq), terms.increment)
        }
        LineKind::Bulk => format!("Minimum {}", unit.quantity(terms.moq)),
        LineKind::Sample => {
            format!("Samples: up to {}", unit.quantity(terms.sample.map_or(0, |s| s.max_quantity)))
        }
    };
    let label = format!("Quantity of {}", line.title);
    let (update_key, remove_key, error_key) = (key.clone(), key.clone(), key);
    let (price, problem) = match line.outcome {
        Ok(p) => (Some(p), None),
        Err(problem) => (None, Some(problem)),
    };
    view! {
        <li class="cart-line" class:cart-line-problem=problem.is_some() class:cart-line-changed=line.change.is_some()>
            <div class="cart-line-image">
                {line.image.clone().map(|image| view! { <Picture image sizes="80px" width=160 alt=""/> })}
            </div>
            <div class="cart-line-product">
                <a href=line.product_href.clone() class="cart-line-title">{line.title.clone()}</a>
                {(line.kind == LineKind::Sample).then(|| view! { <span class="badge">"Sample"</span> })}
                <p class="muted">
                    {(!line.variant_name.is_empty()).then(|| format!("{} · ", line.variant_name))}
                    {format!("SKU {}", line.sku)}
                </p>
                <p class="hint">{rule}</p>
                {problem.map(|p| {
                    let hint = p.suggestion().map(|s| format!(" Try {}.", unit.quantity(s))).unwrap_or_default();
                    view! { <p class="field-error" role="note">{format!("{p}{hint}")}</p> }
                })}
                {line.change.map(|c| view! {
                    <p class="cart-line-change" role="note">{format!("Price changed: was {} per {}, now {}.", c.was, unit.name(1), c.now)}</p>
                })}
            </div>
            <ActionForm action=update attr:class="cart-line-quantity">
                <input type="hidden" name="line" value=update_key/>
                <label for=input_id.clone()><span class="visually-hidden">{label}</span><span aria-hidden="true">"Quantity"</span></label>
                <div class="inline-fields">
                    <input id=input_id name="quantity" type="number" inputmode="numeric" min="1" value=typed
                        aria-invalid=move || message().map(|_| "true")
                        aria-describedby=move || message().map(|_| error_id.clone())/>
                    <button type="submit" class="btn btn-secondary btn-sm">"Update"</button>
                </div>
                {
                    let error_id = format!("quantity-error-{error_key}");
                    move || message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })
                }
            </ActionForm>
            <div class="cart-line-price">
                {price.map(|p| view! {
                    <strong>{p.total.to_string()}</strong>
                    <span class="muted">{format!("{} per {}", p.unit, unit.name(1))}</span>
                })}
            </div>
            <ActionForm action=remove attr:class="cart-line-remove">
                <input type="hidden" name="line" value=remove_key/>
                <button type="submit" class="btn btn-ghost btn-sm">
                    "Remove"<span class="visually-hidden">{format!(" {}", line.title)}</span>
                </button>
            </ActionForm>
        </li>
    }
}
