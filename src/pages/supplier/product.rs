//! The product editor: one form in sections (basics, media, variants, pricing and terms,
//! shipping, specifications) that saves as a whole, with each problem shown beside its field;
//! status changes, duplication and the buyer's-eye preview beside it.

use crate::api::catalog::{
    CategoryOption, DuplicateProduct, ProductEditor, ProductImages, SaveProduct, SetProductStatus, get_product_editor,
    get_product_preview, take_unsaved_product,
};
use crate::api::media::UploadImage;
use crate::api::session::ShellData;
use crate::components::form::{
    FieldWiring, FormAlert, action_error, country_options, currency_options, unit_options, url_error,
};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, own_company};
use crate::components::product::{PriceCalculator, Pricing, ProductSheet};
use crate::components::storefront::Picture;
use crate::domain::date::format_date;
use crate::domain::form::{FormValues, rows};
use crate::domain::links;
use crate::domain::product::{
    Customization, MAX_IMAGES, MAX_LEAD_TIMES, MAX_SPECS, MAX_VARIANTS, ProductStatus, Unit, terms_from_form,
};
use crate::domain::terms::MAX_TIERS;
use crate::domain::{ProductId, product::MAX_DESCRIPTION_CHARS};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::sync::Arc;

/// The product named in the address (`new` for a new one); another word is "not found".
fn product_param() -> Result<Option<ProductId>, AppError> {
    match use_params_map().read_untracked().get("id").as_deref() {
        None | Some("new") => Ok(None),
        Some(id) => id.parse().map(Some).map_err(|_| AppError::not_found("product")),
    }
}

#[component]
pub fn ProductEditorPage() -> impl IntoView {
    let product = product_param();
    let load = move |shell: &ShellData| {
        let company = own_company(shell);
        async move {
            let editor = get_product_editor(company?, product?).await?;
            let unsaved = take_unsaved_product().await?;
            Ok((editor, unsaved))
        }
    };
    view! {
        <Title text="Edit product"/>
        <NoIndex/>
        <Page load let:data>
            <Editor editor=data.0 unsaved=data.1/>
        </Page>
    }
}

#[component]
pub fn ProductPreviewPage() -> impl IntoView {
    let product = product_param();
    let load = move |shell: &ShellData| {
        let company = own_company(shell);
        async move {
            let product = product?.ok_or_else(|| AppError::not_found("product"))?;
            get_product_preview(company?, product).await
        }
    };
    view! {
        <Title text="Product preview"/>
        <NoIndex/>
        <Page load let:detail>
            <div class="container page">
                <Breadcrumbs trail=trail(&[("/account", "Account"), ("/supplier/products", "Products"), (&links::product_editor(detail.id), &detail.title)]) current="Preview"/>
                <div class="alert alert-info">
                    <p>{match detail.status {
                        ProductStatus::Published => "This is how buyers see this product.",
                        ProductStatus::Draft => "A draft: this is how buyers will see the product once you publish it.",
                        ProductStatus::Archived => "Archived: buyers no longer find this product. This is how it looked to them.",
                    }}</p>
                </div>
                <ProductSheet detail pricing=Pricing::Live/>
            </div>
        </Page>
    }
}

/// What every input of the form reads from: the starting values and the last error.
#[derive(Clone)]
struct FormState {
    values: Arc<FormValues>,
    error: Signal<Option<AppError>>,
}

impl FormState {
    fn value(&self, key: &str) -> String {
        self.values.get(key).cloned().unwrap_or_default()
    }
}

/// The kind of control a product field is.
#[derive(Clone)]
enum Control {
    Text { max: usize },
    Number,
    Money,
    Long { max: usize, rows: u32 },
    Select(Vec<(String, String)>),
}

/// One labelled input of the product form (`fields[name]`), with its error beside it.
#[component]
fn ProductField(
    state: FormState,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    control: Control,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] required: bool,
    /// In a table row the column heading says what it is; the label is for screen readers.
    #[prop(optional)]
    compact: bool,
    #[prop(optional, into)] list: Option<String>,
) -> impl IntoView {
    let id = format!("p-{}", name.replace('.', "-"));
    let input_name = format!("fields[{name}]");
    let value = state.value(&name);
    let wiring = FieldWiring::new(id.clone(), name.clone(), hint.is_some(), state.error);
    let message = wiring.messages();
    let (hint_id, error_id) = (wiring.hint_id(), wiring.error_id());
    let described = wiring.described();
    let invalid = wiring.invalid();
    let input = match control {
        Control::Text { max } => view! {
            <input id=id.clone() name=input_name value=value maxlength=max required=required list=list aria-invalid=invalid aria-describedby=described/>
        }
        .into_any(),
        Control::Number => view! {
            <input id=id.clone() name=input_name value=value inputmode="numeric" required=required aria-invalid=invalid aria-describedby=described/>
        }
        .into_any(),
        Control::Money => view! {
            <input id=id.clone() name=input_name value=value inputmode="decimal" required=required aria-invalid=invalid aria-describedby=described/>
        }
        .into_any(),
        Control::Long { max, rows } => view! {
            <textarea id=id.clone() name=input_name maxlength=max rows=rows aria-invalid=invalid aria-describedby=described>{value}</textarea>
        }
        .into_any(),
        Control::Select(options) => view! {
            <select id=id.clone() name=input_name required=required aria-invalid=invalid aria-describedby=described>
                {options.into_iter().map(|(v, l)| { let chosen = v == value; view! { <option value=v selected=chosen>{l}</option> } }).collect_view()}
            </select>
        }
        .into_any(),
    };
    let has_message = message.clone();
    view! {
        <div class="field" class:field-compact=compact class:field-invalid=move || has_message().is_some()>
            <label for=id.clone() class:visually-hidden=compact>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {input}
            {move || message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// A checkbox of the form (`fields[name]` = "true").
#[component]
fn ProductCheck(state: FormState, #[prop(into)] name: String, #[prop(into)] label: String) -> impl IntoView {
    let id = format!("p-{}", name.replace('.', "-"));
    let checked = state.value(&name) == "true";
    view! {
        <div class="field field-check">
            <input type="checkbox" id=id.clone() name=format!("fields[{name}]") value="true" checked=checked/>
            <label for=id>{label}</label>
        </div>
    }
}

/// How many rows a repeated section shows: the filled ones and `blank` more, within `max`.
fn shown_rows(values: &FormValues, section: &str, blank: usize, min: usize, max: usize) -> usize {
    (rows(values, section) + blank).max(min).min(max)
}

fn category_options(categories: &[CategoryOption]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Choose a category…".to_string()))
        .chain(categories.iter().map(|c| (c.slug.clone(), c.path.clone())))
        .collect()
}

#[component]
fn Editor(editor: ProductEditor, unsaved: Option<FormValues>) -> impl IntoView {
    let save = ServerAction::<SaveProduct>::new();
    let status_action = ServerAction::<SetProductStatus>::new();
    let duplicate = ServerAction::<DuplicateProduct>::new();
    let error = action_error(save);
    let status_error = action_error(status_action);
    let duplicate_error = action_error(duplicate);
    // After a failed save: what the supplier typed (kept in the session), not the stored product.
    let values = unsaved.filter(|_| error.get_untracked().is_some()).unwrap_or_else(|| editor.form.clone());
    let state = FormState { values: Arc::new(values.clone()), error };
    let company_id = editor.company_id;
    let title = if editor.product_id.is_some() {
        editor.form.get("title").cloned().unwrap_or_default()
    } else {
        "New product".to_string()
    };
    let spec_keys = editor
        .categories
        .iter()
        .find(|c| Some(&c.slug) == values.get("category"))
        .map(|c| c.spec_keys.clone())
        .unwrap_or_default();
    let unit_options = unit_options();
    let currency_options = currency_options();
    let tier_rows = shown_rows(&values, "tiers", 2, 3, MAX_TIERS);
    let lead_rows = shown_rows(&values, "lead_times", 1, 2, MAX_LEAD_TIMES);
    let variant_rows = shown_rows(&values, "variants", 3, 3, MAX_VARIANTS);
    let spec_rows = shown_rows(&values, "specs", 3, 5, MAX_SPECS);
    let terms = terms_from_form(&values).ok();
    let unit = values.get("unit").and_then(|u| u.parse().ok()).unwrap_or(Unit::Piece);
    let seen_stock: Vec<bool> = (0..variant_rows).map(|n| values.contains_key(&format!("variants.{n}.id"))).collect();
    let product_id = editor.product_id;
    let s = state.clone();
    // The price fields are the calculator island's children, rendered inside it.
    let pricing_state = state.clone();
    view! {
        <div class="container page product-editor">
            <Breadcrumbs trail=trail(&[("/account", "Account"), ("/supplier/products", "Products")]) current=title.clone()/>
            <NoticeBanner/>
            <header class="page-head page-head-row">
                <div>
                    <h1>{title.clone()}</h1>
                    {product_id.map(|_| view! {
                        <p class="muted">
                            {crate::pages::supplier::products::status_badge(editor.status)}" · "
                            {if editor.status == ProductStatus::Published {
                                view! { <a href=editor.public_href.clone()>{editor.public_href.clone()}</a> }.into_any()
                            } else {
                                view! { <span>{format!("{} once published", editor.public_href)}</span> }.into_any()
                            }}
                            {format!(" · saved {}", format_date(editor.updated_at))}
                        </p>
                    })}
                </div>
                {product_id.map(|product| view! {
                    <div class="actions">
                        <a class="btn btn-secondary" href=links::product_preview(product)>"Preview as buyers see it"</a>
                        <ActionForm action=duplicate attr:class="inline-form">
                            <input type="hidden" name="company_id" value=company_id.get()/>
                            <input type="hidden" name="product" value=product.get()/>
                            <button class="btn btn-secondary" type="submit">"Duplicate"</button>
                        </ActionForm>
                        {ProductStatus::ALL.iter().copied().filter(|s| *s != editor.status).map(|target| view! {
                            <ActionForm action=status_action attr:class="inline-form">
                                <input type="hidden" name="company_id" value=company_id.get()/>
                                <input type="hidden" name="product" value=product.get()/>
                                <input type="hidden" name="status" value=target.as_str()/>
                                <button class=if target == ProductStatus::Published { "btn btn-primary" } else { "btn btn-secondary" } type="submit">
                                    {match target { ProductStatus::Published => "Publish", ProductStatus::Draft => "Back to draft", ProductStatus::Archived => "Archive" }}
                                </button>
                            </ActionForm>
                        }).collect_view()}
                    </div>
                })}
            </header>
            {(!editor.takedown_reason.is_empty()).then(|| view! {
                <div class="alert alert-error" role="alert">
                    <p><strong>"Caravan took this listing down."</strong></p>
                    <p>{editor.takedown_reason.clone()}</p>
                    <p>"Correct the listing, then publish it again."</p>
                </div>
            })}
            <FormAlert error=status_error/>
            <FormAlert error=duplicate_error/>
            <nav class="section-nav" aria-label="Sections">
                <a href="#basics">"Basics"</a>
                <a href="#media">"Media"</a>
                <a href="#variants">"Variants"</a>
                <a href="#pricing">"Pricing & terms"</a>
                <a href="#shipping">"Shipping"</a>
                <a href="#specifications">"Specifications"</a>
            </nav>
            <FormAlert error/>
            {product_id.map(|p| view! { <ProductMediaForms company_id=company_id.get() product=p.get()/> })}
            <ActionForm action=save attr:class="form product-form" attr:id="product-form" attr:novalidate=true>
                <input type="hidden" name="company_id" value=company_id.get()/>
                {product_id.map(|p| view! { <input type="hidden" name="product" value=p.get()/> })}
                <input type="hidden" name="version" value=editor.version/>
                <section id="basics" class="card form-section" aria-labelledby="basics-title">
                    <h2 id="basics-title">"Basics"</h2>
                    <ProductField state=s.clone() name="title" label="Title" control=Control::Text { max: 150 } required=true
                        hint="What it is, with the detail buyers search for: “Organic cotton T-shirt, 180 GSM, custom logo”."/>
                    <ProductField state=s.clone() name="category" label="Category" control=Control::Select(category_options(&editor.categories)) required=true/>
                    <ProductField state=s.clone() name="description" label="Description (optional)" control=Control::Long { max: MAX_DESCRIPTION_CHARS, rows: 8 }
                        hint="Markdown: **bold**, lists with “- ”, links. Materials, uses, quality control, what sets it apart."/>
                    <ProductField state=s.clone() name="slug" label="Address (optional)" control=Control::Text { max: 60 }
                        hint="Lower-case words joined by hyphens; made from the title when left empty."/>
                </section>
                <section id="media" class="card form-section" aria-labelledby="media-title">
                    <h2 id="media-title">"Media"</h2>
                    {match product_id {
                        Some(_) => view! { <ProductMedia images=editor.images.clone() library=editor.library.clone()/> }.into_any(),
                        None => view! { <p class="muted">"Save the product first; then add up to "{MAX_IMAGES}" pictures here."</p> }.into_any(),
                    }}
                </section>
                <section id="variants" class="card form-section" aria-labelledby="variants-title">
                    <h2 id="variants-title">"Variants"</h2>
                    <p class="hint">"One row per SKU (a colour, a size, a colour and size …). Leave the price empty to use the price tiers. Stock changes are added to what is stored, so sales made meanwhile are kept."</p>
                    {move || error.get().and_then(|e| e.field_message("variants")).map(|m| view! { <p class="field-error">{m}</p> })}
                    <div class="table-wrap">
                        <table class="table form-table">
                            <thead><tr><th scope="col">"SKU"</th><th scope="col">"Option name"</th><th scope="col">"Own price"</th><th scope="col">"Stock"</th><th scope="col">"Remove"</th></tr></thead>
                            <tbody>
                                {(0..variant_rows).map(|n| {
                                    let existing = seen_stock[n];
                                    view! {
                                        <tr>
                                            <td>
                                                {existing.then(|| view! { <input type="hidden" name=format!("fields[variants.{n}.id]") value=s.value(&format!("variants.{n}.id"))/> })}
                                                {existing.then(|| view! { <input type="hidden" name=format!("fields[variants.{n}.stock_seen]") value=s.value(&format!("variants.{n}.stock_seen"))/> })}
                                                <ProductField state=s.clone() name=format!("variants.{n}.sku") label=format!("Variant {} SKU", n + 1) control=Control::Text { max: 40 } compact=true/>
                                            </td>
                                            <td><ProductField state=s.clone() name=format!("variants.{n}.name") label=format!("Variant {} option name", n + 1) control=Control::Text { max: 80 } compact=true/></td>
                                            <td><ProductField state=s.clone() name=format!("variants.{n}.price") label=format!("Variant {} own price", n + 1) control=Control::Money compact=true/></td>
                                            <td><ProductField state=s.clone() name=format!("variants.{n}.stock") label=format!("Variant {} stock", n + 1) control=Control::Number compact=true/></td>
                                            <td>{existing.then(|| view! {
                                                <input type="checkbox" id=format!("p-variants-{n}-remove") name=format!("fields[variants.{n}.remove]") value="true"/>
                                                <label for=format!("p-variants-{n}-remove") class="visually-hidden">{format!("Remove variant {}", n + 1)}</label>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="hint">{format!("Up to {MAX_VARIANTS} variants; save to get more empty rows.")}</p>
                </section>
                <section id="pricing" class="card form-section" aria-labelledby="pricing-title">
                    <h2 id="pricing-title">"Pricing & terms"</h2>
                    <PriceCalculator terms unit>
                        {let s = pricing_state; view! {
                        <div class="form-grid">
                            <ProductField state=s.clone() name="currency" label="Currency" control=Control::Select(currency_options.clone()) required=true/>
                            <ProductField state=s.clone() name="unit" label="Unit" control=Control::Select(unit_options.clone()) required=true
                                hint="What one unit is: quantities, minimum order and prices count in it."/>
                            <ProductField state=s.clone() name="moq" label="Minimum order quantity" control=Control::Number required=true/>
                            <ProductField state=s.clone() name="increment" label="Order in steps of" control=Control::Number
                                hint="Above the minimum, quantities go up in steps of this many units (a carton of 50: 50)."/>
                        </div>
                        <h3>"Price tiers"</h3>
                        <p class="hint" id="tiers-hint">"The unit price of an order is that of the highest tier its quantity reaches. Start the first tier at or below the minimum order."</p>
                        {move || error.get().and_then(|e| e.field_message("tiers")).map(|m| view! { <p class="field-error">{m}</p> })}
                        <table class="table form-table" aria-describedby="tiers-hint">
                            <thead><tr><th scope="col">"From quantity"</th><th scope="col">"Unit price"</th></tr></thead>
                            <tbody>
                                {(0..tier_rows).map(|n| view! {
                                    <tr>
                                        <td><ProductField state=s.clone() name=format!("tiers.{n}.min_quantity") label=format!("Tier {} from quantity", n + 1) control=Control::Number compact=true/></td>
                                        <td><ProductField state=s.clone() name=format!("tiers.{n}.price") label=format!("Tier {} unit price", n + 1) control=Control::Money compact=true/></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    <h3>"Lead time"</h3>
                    <p class="hint">"How many days to ship orders up to a quantity. Larger orders than the last row have a negotiable lead time."</p>
                    <table class="table form-table">
                        <thead><tr><th scope="col">"Orders up to"</th><th scope="col">"Ship within (days)"</th></tr></thead>
                        <tbody>
                            {(0..lead_rows).map(|n| view! {
                                <tr>
                                    <td><ProductField state=s.clone() name=format!("lead_times.{n}.up_to") label=format!("Lead time {} up to quantity", n + 1) control=Control::Number compact=true/></td>
                                    <td><ProductField state=s.clone() name=format!("lead_times.{n}.days") label=format!("Lead time {} days", n + 1) control=Control::Number compact=true/></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <h3>"Samples"</h3>
                    <ProductCheck state=s.clone() name="sample" label="Buyers can order samples"/>
                    <div class="form-grid">
                        <ProductField state=s.clone() name="sample.price" label="Sample price per unit" control=Control::Money hint="0 for free samples."/>
                        <ProductField state=s.clone() name="sample.max_quantity" label="Most samples per buyer" control=Control::Number/>
                    </div>
                        }}
                    </PriceCalculator>
                </section>
                <section id="shipping" class="card form-section" aria-labelledby="shipping-title">
                    <h2 id="shipping-title">"Shipping"</h2>
                    <ProductField state=s.clone() name="origin" label="Country of origin" control=Control::Select(country_options()) required=true/>
                    <ProductField state=s.clone() name="packaging" label="Packaging (optional)" control=Control::Long { max: 500, rows: 3 }
                        hint="How units are packed: “50 per carton, 60 × 40 × 35 cm, 9.5 kg”."/>
                    <div class="form-grid">
                        <ProductField state=s.clone() name="weight_kg" label="Weight per unit, kg (optional)" control=Control::Money/>
                        <ProductField state=s.clone() name="length_cm" label="Length, cm (optional)" control=Control::Money/>
                        <ProductField state=s.clone() name="width_cm" label="Width, cm (optional)" control=Control::Money/>
                        <ProductField state=s.clone() name="height_cm" label="Height, cm (optional)" control=Control::Money/>
                    </div>
                </section>
                <section id="specifications" class="card form-section" aria-labelledby="specifications-title">
                    <h2 id="specifications-title">"Specifications"</h2>
                    {(!spec_keys.is_empty()).then(|| view! {
                        <p class="hint">{format!("Buyers in this category compare: {}.", spec_keys.join(", "))}</p>
                    })}
                    <datalist id="spec-keys">
                        {spec_keys.iter().map(|k| view! { <option value=k.clone()></option> }).collect_view()}
                    </datalist>
                    <table class="table form-table">
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Value"</th></tr></thead>
                        <tbody>
                            {(0..spec_rows).map(|n| view! {
                                <tr>
                                    <td><ProductField state=s.clone() name=format!("specs.{n}.key") label=format!("Specification {} name", n + 1) control=Control::Text { max: 60 } compact=true list="spec-keys"/></td>
                                    <td><ProductField state=s.clone() name=format!("specs.{n}.value") label=format!("Specification {} value", n + 1) control=Control::Text { max: 200 } compact=true/></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <fieldset class="field">
                        <legend>"Customisation offered"</legend>
                        {Customization::ALL.iter().map(|c| view! { <ProductCheck state=s.clone() name=format!("custom.{}", c.as_str()) label=c.label()/> }).collect_view()}
                    </fieldset>
                </section>
                <div class="form-actions sticky-actions">
                    <button class="btn btn-primary" type="submit">{if product_id.is_some() { "Save changes" } else { "Create product" }}</button>
                    <a class="btn btn-secondary" href="/supplier/products">"Back to products"</a>
                </div>
            </ActionForm>
        </div>
    }
}

/// The product's pictures: reorder, choose the main one, add from the library or upload.
/// Its forms sit before the product form (forms cannot nest); the controls here belong to them
/// through their `form` attribute.
#[component]
fn ProductMedia(
    images: Vec<crate::domain::image::ImageRef>,
    library: Vec<crate::api::media::LibraryImage>,
) -> impl IntoView {
    let upload_error = url_error(UploadImage::PATH);
    let images_error = url_error(ProductImages::PATH);
    let count = images.len();
    let room = count < MAX_IMAGES;
    let offered: Vec<_> = library.into_iter().filter(|l| !images.iter().any(|i| i.id == l.image.id)).collect();
    view! {
        <FormAlert error=upload_error/>
        <FormAlert error=images_error/>
        {if images.is_empty() {
            view! { <p class="muted">"No pictures yet. Products with clear photos get many more inquiries."</p> }.into_any()
        } else {
            view! {
                <ol class="product-image-list" role="list">
                    {images.into_iter().enumerate().map(|(n, image)| {
                        let id = image.id;
                        view! {
                            <li>
                                <Picture image sizes="140px" width=320 alt=format!("Picture {}", n + 1)/>
                                {(n == 0).then(|| view! { <span class="badge">"Main picture"</span> })}
                                <div class="image-actions">
                                    {(n > 0).then(|| view! {
                                        <button class="btn btn-secondary btn-sm" type="submit" form="product-images" name="op" value=format!("main:{id}")>"Make main"<span class="visually-hidden">{format!(" (picture {})", n + 1)}</span></button>
                                        <button class="btn btn-secondary btn-sm" type="submit" form="product-images" name="op" value=format!("earlier:{id}")>"Move earlier"<span class="visually-hidden">{format!(" (picture {})", n + 1)}</span></button>
                                    })}
                                    <button class="btn btn-secondary btn-sm" type="submit" form="product-images" name="op" value=format!("remove:{id}")>"Remove"<span class="visually-hidden">{format!(" picture {}", n + 1)}</span></button>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {room.then(|| view! {
            <div class="form-grid">
                {(!offered.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="image-add">"Add from your image library"</label>
                        <select id="image-add" name="add" form="product-images">
                            {offered.into_iter().map(|l| view! { <option value=l.image.id>{l.alt}</option> }).collect_view()}
                        </select>
                        <button class="btn btn-secondary btn-sm" type="submit" form="product-images" name="op" value="add">"Add picture"</button>
                    </div>
                })}
                <div class="field">
                    <label for="image-file">"Upload a picture"</label>
                    <p class="hint" id="image-file-hint">"PNG, JPEG or WebP, at most 8 MB. It also goes into your image library."</p>
                    <input id="image-file" type="file" name="file" form="product-upload" accept="image/png,image/jpeg,image/webp" aria-describedby="image-file-hint"/>
                    <label for="image-alt">"What the picture shows"</label>
                    <input id="image-alt" type="text" name="alt" form="product-upload" maxlength=160/>
                    <button class="btn btn-secondary btn-sm" type="submit" form="product-upload">"Upload picture"</button>
                </div>
            </div>
        })}
        <p class="hint">{format!("{count} of {MAX_IMAGES} pictures. The first is the main picture buyers see in lists.")}</p>
    }
}

/// The forms the media controls post through; rendered before the product form, so their
/// hidden fields (the company first) come before the file in the upload: the server checks the
/// caller before it reads the file.
#[component]
fn ProductMediaForms(company_id: i64, product: i64) -> impl IntoView {
    view! {
        <form id="product-images" method="post" action=ProductImages::PATH hidden=true>
            <input type="hidden" name="company_id" value=company_id/>
            <input type="hidden" name="product" value=product/>
        </form>
        <form id="product-upload" method="post" action=UploadImage::PATH enctype="multipart/form-data" hidden=true>
            <input type="hidden" name="company_id" value=company_id/>
            <input type="hidden" name="purpose" value="library"/>
            <input type="hidden" name="target" value=product/>
        </form>
    }
}
