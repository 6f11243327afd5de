//! A product as buyers see it: pictures, price tiers, order terms, variants, specifications
//! and shipping facts; and the price calculator, the one island that runs the shared trade
//! terms in the browser.

use crate::api::catalog::{ProductDetail, VariantView};
use crate::components::storefront::{Picture, VerifiedBadge};
use crate::domain::form::FormValues;
use crate::domain::form::format_decimal;
use crate::domain::links;
use crate::domain::money::group_thousands;
use crate::domain::product::{Unit, terms_from_form};
use crate::domain::terms::{Lead, TradeTerms};
use leptos::prelude::*;

fn count(n: u64) -> String {
    group_thousands(&n.to_string())
}

/// "100 – 999 pieces", "1,000+ pieces": the quantities a tier's price applies to.
fn tier_range(terms: &TradeTerms, n: usize, unit: Unit) -> String {
    let from = terms.tiers[n].min_quantity.max(terms.moq);
    match terms.tiers.get(n + 1) {
        Some(next) => format!("{} – {} {}", count(from), count(next.min_quantity - 1), unit.name(2)),
        None => format!("{}+ {}", count(from), unit.name(2)),
    }
}

/// The price of `quantity` under `terms`, as one line, or why it cannot be ordered.
pub fn price_line(terms: &TradeTerms, unit: Unit, quantity: u64) -> String {
    match (terms.unit_price(quantity), terms.line_total(quantity)) {
        (Ok(price), Ok(total)) => {
            let lead = match terms.lead_time(quantity) {
                Lead::Days(days) => format!("ships in {days} days"),
                Lead::Negotiable => "lead time negotiable".to_string(),
            };
            format!("{price} per {} · {total} for {} · {lead}", unit.name(1), unit.quantity(quantity))
        }
        (Err(e), _) | (_, Err(e)) => e.to_string(),
    }
}

/// Shows the price at a quantity the visitor types. In the product editor it also follows the
/// price fields it wraps (`children`; in the preview empty), so the supplier sees what buyers will pay while
/// typing. Without a script it shows the price at the minimum order.
#[island(lazy)]
pub fn PriceCalculator(terms: Option<TradeTerms>, unit: Unit, children: Children) -> impl IntoView {
    let terms = RwSignal::new(terms);
    let unit = RwSignal::new(unit);
    let quantity = RwSignal::new(None::<u64>);
    let problem = RwSignal::new(None::<String>);
    let follow_form = move |event: web_sys::Event| {
        use wasm_bindgen::JsCast;
        let Some(root) = event.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Ok(controls) = root.query_selector_all("[name^='fields[']") else { return };
        let mut form = FormValues::new();
        for n in 0..controls.length() {
            let Some(node) = controls.item(n) else { continue };
            let (name, value) = if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
                let checked = input.type_() != "checkbox" || input.checked();
                (input.name(), if checked { input.value() } else { String::new() })
            } else if let Some(select) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
                (select.name(), select.value())
            } else {
                continue;
            };
            if let Some(key) = name.strip_prefix("fields[").and_then(|k| k.strip_suffix(']')) {
                form.insert(key.to_string(), value);
            }
        }
        if let Some(chosen) = form.get("unit").and_then(|u| u.parse().ok()) {
            unit.set(chosen);
        }
        match terms_from_form(&form) {
            Ok(read) => {
                terms.set(Some(read));
                problem.set(None);
            }
            Err(errors) => problem.set(errors.first().map(|e| e.message.clone())),
        }
    };
    let line = move || {
        if let Some(problem) = problem.get() {
            return format!("Prices cannot be worked out yet: {problem}");
        }
        match terms.get() {
            Some(terms) => price_line(&terms, unit.get(), quantity.get().unwrap_or(terms.moq)),
            None => "Fill in the minimum order and price tiers to see what buyers will pay.".to_string(),
        }
    };
    let placeholder = move || terms.with(|t| t.as_ref().map(|t| t.moq.to_string()));
    view! {
        <div class="price-calculator-wrap" on:input=follow_form>
            {children()}
            <div class="price-calculator">
                <label for="calc-quantity">"Price at quantity"</label>
                <input id="calc-quantity" type="number" inputmode="numeric" min="1" placeholder=placeholder
                    on:input=move |ev| quantity.set(event_target_value(&ev).trim().parse().ok())/>
                <output for="calc-quantity" aria-live="polite" class="price-calculator-result">{line}</output>
            </div>
        </div>
    }
}

/// The price tiers as a table: quantity range and unit price, the tier in use marked.
#[component]
pub fn TierTable(terms: TradeTerms, unit: Unit, #[prop(optional, into)] current: MaybeProp<usize>) -> impl IntoView {
    view! {
        <table class="table tier-table">
            <caption class="visually-hidden">"Price per unit by quantity"</caption>
            <thead><tr><th scope="col">"Quantity"</th><th scope="col" class="num">"Unit price"</th></tr></thead>
            <tbody>
                {(0..terms.tiers.len()).map(|n| {
                    let is_current = move || current.get() == Some(n);
                    view! {
                        <tr class:tier-current=is_current aria-current=move || is_current().then_some("true")>
                            <td>{tier_range(&terms, n, unit)}</td>
                            <td class="num">{terms.tiers[n].unit_price.to_string()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Where the product page's forms post a line for the cart.
pub const ADD_TO_CART: &str = <crate::api::cart::AddToCart as leptos::server_fn::ServerFn>::PATH;

/// How a product sheet works out the price at a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pricing {
    /// The supplier's editor: the calculator follows the form being edited.
    Live,
    /// A buyer's page: the quantity and option in its address (`?quantity=&variant=`) priced
    /// on the server, then live in the browser as the buyer types; the same form adds them to
    /// the cart (`refused` says why the last try was not added).
    Buyer { product: i64, quantity: Option<u64>, variant: usize, refused: Option<String> },
}

/// The buyer's quantity and option, priced by the shared trade terms on the server. A plain
/// GET form, so without a script the server prices the quantity; with one, the pricer
/// enhancement (`components::pricer_enhance`) asks the server again as the buyer types or
/// picks, and puts the price, total, lead time and the tier in use in place. Its second
/// button posts the same choice to the cart.
#[component]
pub fn QuantityPricer(
    product: i64,
    refused: Option<String>,
    terms: TradeTerms,
    unit: Unit,
    variants: Vec<VariantView>,
    quantity: Option<u64>,
    variant: usize,
) -> impl IntoView {
    let typed = quantity.unwrap_or(terms.moq);
    let chosen = variant.min(variants.len().saturating_sub(1));
    let priced = terms.for_variant(variants.get(chosen).and_then(|v| v.price));
    let line = price_line(&priced, unit, typed);
    let current = priced.tier_at(typed);
    let pickable = variants.len() > 1;
    let options = variants
        .into_iter()
        .enumerate()
        .map(|(n, v)| {
            let label = if v.name.is_empty() { "Standard".to_string() } else { v.name };
            let price = v.price.map(|p| format!(" · {p}")).unwrap_or_default();
            let stock = format!(" · {} in stock", unit.quantity(v.stock));
            view! {
                <label class="variant-option">
                    <input type="radio" name="variant" value=n checked=n == chosen/>
                    <span>{label}</span>
                    <span class="muted">{format!("{}{price}{stock}", v.sku)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="price-calculator buyer-pricer" method="get" action="">
            <TierTable terms=priced unit current/>
            {pickable.then(|| view! {
                <fieldset class="variant-picker">
                    <legend>"Option"</legend>
                    {options}
                </fieldset>
            })}
            <input type="hidden" name="product" value=product/>
            <label for="calc-quantity">"Quantity"</label>
            <div class="inline-fields">
                <input id="calc-quantity" name="quantity" type="number" inputmode="numeric" min="1" value=typed
                    aria-invalid=refused.is_some().then_some("true")
                    aria-describedby=refused.is_some().then_some("calc-quantity-error")/>
                <button class="btn btn-secondary btn-sm" type="submit">"Show price"</button>
            </div>
            {refused.map(|r| view! { <p class="field-error" id="calc-quantity-error">{r}</p> })}
            <output for="calc-quantity" aria-live="polite" class="price-calculator-result">{line}</output>
            <button class="btn btn-primary add-to-cart" type="submit" formmethod="post" formaction=ADD_TO_CART>"Add to cart"</button>
        </form>
    }
}

/// The whole product page body; `children` (a buyer's actions) follow the pricing.
#[component]
pub fn ProductSheet(
    detail: ProductDetail,
    pricing: Pricing,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let ProductDetail { title, terms, unit, images, variants, specs, shipping, .. } = detail.clone();
    let main = images.first().cloned();
    let thumbs: Vec<_> = images.iter().skip(1).cloned().collect();
    let order_terms = if terms.increment > 1 {
        format!("Minimum order {}, then in steps of {}", unit.quantity(terms.moq), count(terms.increment))
    } else {
        format!("Minimum order {}", unit.quantity(terms.moq))
    };
    let lead_rows: Vec<String> = terms
        .lead_times
        .iter()
        .map(|l| format!("Up to {}: {} days", unit.quantity(l.up_to), l.days))
        .chain(terms.lead_times.last().map(|l| format!("Above {}: negotiable", unit.quantity(l.up_to))))
        .collect();
    let sample = terms.sample.map(|s| {
        let price = if s.price.minor() == 0 { "free".to_string() } else { format!("{} each", s.price) };
        format!("Samples available: {price}, up to {}", unit.quantity(s.max_quantity))
    });
    let mm = |v: Option<u64>| v.map(|v| format_decimal(v, 1));
    let dimensions = match (mm(shipping.length_mm), mm(shipping.width_mm), mm(shipping.height_mm)) {
        (Some(l), Some(w), Some(h)) => Some(format!("{l} × {w} × {h} cm")),
        _ => None,
    };
    // Buyers pick among the options beside the price; the supplier's preview lists them.
    let options_table = pricing == Pricing::Live && (variants.len() > 1 || variants.iter().any(|v| !v.name.is_empty()));
    view! {
        <article class="product-sheet">
            <div class="product-media">
                {match main {
                    Some(image) => view! { <Picture image sizes="(min-width: 900px) 480px, 100vw" width=960 alt=title.clone() class="product-main-image" eager=true/> }.into_any(),
                    None => view! { <div class="product-no-image" role="img" aria-label="No picture yet">"No picture yet"</div> }.into_any(),
                }}
                {(!thumbs.is_empty()).then(|| view! {
                    <ul class="product-thumbs" role="list">
                        // Each opens at full size: a gallery that needs no script.
                        {thumbs.into_iter().enumerate().map(|(n, image)| {
                            let full = image.src(u32::MAX).to_string();
                            view! {
                                <li><a href=full><Picture image sizes="96px" width=320 alt=format!("{} — picture {}", title, n + 2)/></a></li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            </div>
            <div class="product-summary">
                <p class="muted">{detail.category_path()}</p>
                <h1 id="product-title">{title.clone()}</h1>
                <p class="product-supplier">
                    "Sold by "<a href=links::storefront(&detail.supplier_slug)>{detail.supplier_name.clone()}</a>
                    {detail.supplier_verified.then(|| view! { " " <VerifiedBadge/> })}
                </p>
                <p class="product-moq"><strong>{order_terms}</strong></p>
                {match pricing {
                    Pricing::Live => view! {
                        <TierTable terms=terms.clone() unit/>
                        <PriceCalculator terms=Some(terms.clone()) unit>""</PriceCalculator>
                    }.into_any(),
                    Pricing::Buyer { product, quantity, variant, refused } => view! {
                        <QuantityPricer product terms=terms.clone() unit variants=variants.clone() quantity variant refused/>
                    }.into_any(),
                }}
                {children.map(|c| c())}
                {(!lead_rows.is_empty()).then(|| view! {
                    <h2 class="h3">"Lead time"</h2>
                    <ul role="list" class="plain-list">{lead_rows.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                })}
                {sample.map(|s| view! { <p>{s}</p> })}
                {(!detail.customization.is_empty()).then(|| view! {
                    <h2 class="h3">"Customisation"</h2>
                    <ul role="list" class="plain-list">{detail.customization.iter().map(|c| view! { <li>{c.label()}</li> }).collect_view()}</ul>
                })}
            </div>
            {options_table.then(|| view! {
                <section class="product-section" aria-labelledby="variants-title">
                    <h2 id="variants-title">"Options"</h2>
                    <table class="table">
                        <thead><tr><th scope="col">"Option"</th><th scope="col">"SKU"</th><th scope="col" class="num">"Price"</th><th scope="col" class="num">"In stock"</th></tr></thead>
                        <tbody>
                            {variants.into_iter().map(|v| view! {
                                <tr>
                                    <td>{if v.name.is_empty() { "Standard".to_string() } else { v.name }}</td>
                                    <td><code>{v.sku}</code></td>
                                    <td class="num">{v.price.map_or_else(|| "Tier price".to_string(), |p| p.to_string())}</td>
                                    <td class="num">{unit.quantity(v.stock)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            })}
            {(!specs.is_empty()).then(|| view! {
                <section class="product-section" aria-labelledby="specs-title">
                    <h2 id="specs-title">"Specifications"</h2>
                    <dl class="spec-list">
                        {specs.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                </section>
            })}
            {(!detail.description_html.is_empty()).then(|| view! {
                <section class="product-section" aria-labelledby="description-title">
                    <h2 id="description-title">"Description"</h2>
                    <div class="prose" inner_html=detail.description_html.clone()></div>
                </section>
            })}
            <section class="product-section" aria-labelledby="shipping-title">
                <h2 id="shipping-title">"Packaging and shipping"</h2>
                <dl class="spec-list">
                    <dt>"Origin"</dt><dd>{detail.origin.clone()}</dd>
                    {(!detail.packaging.is_empty()).then(|| view! { <dt>"Packaging"</dt><dd>{detail.packaging.clone()}</dd> })}
                    {shipping.weight_grams.map(|g| view! { <dt>"Weight per unit"</dt><dd>{format!("{} kg", format_decimal(g, 3))}</dd> })}
                    {dimensions.map(|d| view! { <dt>"Dimensions per unit"</dt><dd>{d}</dd> })}
                </dl>
            </section>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::{Currency, Money};
    use crate::domain::terms::{LeadTime, PriceTier};

    fn terms() -> TradeTerms {
        let usd = |m| Money::from_minor(m, Currency::Usd);
        TradeTerms {
            currency: Currency::Usd,
            tiers: vec![
                PriceTier { min_quantity: 1, unit_price: usd(420) },
                PriceTier { min_quantity: 1000, unit_price: usd(380) },
            ],
            moq: 100,
            increment: 50,
            lead_times: vec![LeadTime { up_to: 1000, days: 15 }],
            sample: None,
        }
    }

    /// The same vectors drive the browser's calculator in the Playwright tests: the price a
    /// buyer sees while typing is the one worked out here, to the character.
    #[test]
    fn price_lines_match_the_shared_vectors() {
        let vectors: Vec<serde_json::Value> = serde_json::from_str(include_str!("../domain/price_lines.json")).unwrap();
        for v in vectors {
            let text = |key: &str| v[key].as_str().unwrap().to_string();
            let mut form = FormValues::new();
            for key in ["currency", "unit", "moq", "increment"] {
                form.insert(key.to_string(), text(key));
            }
            for (section, (a, b)) in [("tiers", ("min_quantity", "price")), ("lead_times", ("up_to", "days"))] {
                for (n, pair) in v[section].as_array().unwrap().iter().enumerate() {
                    form.insert(format!("{section}.{n}.{a}"), pair[0].as_str().unwrap().to_string());
                    form.insert(format!("{section}.{n}.{b}"), pair[1].as_str().unwrap().to_string());
                }
            }
            let terms = terms_from_form(&form).unwrap();
            let unit: Unit = text("unit").parse().unwrap();
            assert_eq!(price_line(&terms, unit, text("quantity").parse().unwrap()), text("line"));
        }
    }

    #[test]
    fn tier_ranges_start_at_the_minimum_order() {
        let t = terms();
        assert_eq!(tier_range(&t, 0, Unit::Piece), "100 – 999 pieces");
        assert_eq!(tier_range(&t, 1, Unit::Piece), "1,000+ pieces");
    }

    #[test]
    fn the_price_line_reads_price_total_and_lead_time() {
        let t = terms();
        assert_eq!(
            price_line(&t, Unit::Piece, 1000),
            "USD 3.80 per piece · USD 3,800.00 for 1,000 pieces · ships in 15 days"
        );
        assert_eq!(price_line(&t, Unit::Piece, 2000).rsplit(" · ").next(), Some("lead time negotiable"));
        assert_eq!(price_line(&t, Unit::Piece, 10), "The minimum order is 100 units.");
    }
}

/// "Compare" on a product, as a form so it works without a script: the server keeps the
/// choice in a cookie and sends the buyer back where they were.
#[component]
pub fn CompareToggle(product_id: i64, selected: bool, #[prop(into)] labelled_by: String) -> impl IntoView {
    let back = crate::components::page::current_address();
    let toggle = ServerAction::<crate::api::compare::ToggleCompare>::new();
    view! {
        <ActionForm action=toggle attr:class="compare-toggle">
            <input type="hidden" name="product" value=product_id/>
            <input type="hidden" name="back" value=back/>
            <button type="submit" class="btn btn-sm" class:btn-secondary=!selected class:btn-selected=selected
                aria-pressed=if selected { "true" } else { "false" } aria-describedby=labelled_by>
                {if selected { "✓ In comparison" } else { "Compare" }}
            </button>
        </ActionForm>
    }
}
