//! Editing one block: a form generated from the block kind's spec, beside a live preview of
//! the draft page. Saving works as a plain form; with JavaScript the form also autosaves as
//! the supplier types and the preview follows.

use super::BlockFormEnhancer;
use crate::api::media::LibraryImage;
use crate::api::session::{CategoryLink, ShellData};
use crate::api::storefront::{Builder, SaveBlock, get_builder, take_unsaved_block};
use crate::components::form::{FieldWiring, FormAlert, action_error};
use crate::components::layout::Breadcrumbs;
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, own_company};
use crate::components::storefront::Picture;
use crate::domain::form::FormValues;
use crate::domain::links;
use crate::domain::storefront::{BlockContent, FieldSpec, Input, PageKind};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BlockEditorPage() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let page = params.get("page").and_then(|p| PageKind::parse(&p).ok());
    let block: Option<u32> = params.get("block").and_then(|b| b.parse().ok());
    let load = move |shell: &ShellData| {
        let company = own_company(shell);
        async move {
            let (page, block) = page.zip(block).ok_or_else(|| AppError::not_found("block"))?;
            let builder = get_builder(company?).await?;
            let content = builder
                .doc
                .block(page, block)
                .map(|b| b.content.clone())
                .ok_or_else(|| AppError::not_found("block"))?;
            let unsaved = take_unsaved_block(page.as_str().to_string(), block).await?;
            Ok((builder, page, block, content, unsaved))
        }
    };
    view! {
        <Title text="Edit block"/>
        <NoIndex/>
        <Page load let:data>
            <BlockEditor builder=data.0 page=data.1 block=data.2 content=data.3 unsaved=data.4/>
        </Page>
    }
}

#[component]
fn BlockEditor(
    builder: Builder,
    page: PageKind,
    block: u32,
    content: BlockContent,
    unsaved: Option<FormValues>,
) -> impl IntoView {
    let save = ServerAction::<SaveBlock>::new();
    let error = action_error(save);
    let spec = content.kind().spec();
    // After a failed save: everything the supplier typed, from the session (else the URL echo).
    let values = unsaved
        .filter(|_| error.get_untracked().is_some())
        .or_else(|| error.get_untracked().and_then(|e| echoed_values(&e)))
        .unwrap_or_else(|| content.to_form());
    let choices = Choices {
        categories: builder.categories.clone(),
        library: builder.library.clone(),
        has_banner: builder.has_banner,
        products: builder.products.clone(),
    };
    let list = spec.list.map(|list| {
        // Existing rows, plus one blank row to add another while there is room.
        let rows = values.keys().filter_map(|k| k.strip_prefix("items.")?.split('.').next()?.parse::<usize>().ok()).max().map_or(0, |n| n + 1);
        let shown = (rows + 1).min(list.max).max(rows);
        let list_message = move || error.get().and_then(|e| e.field_message("items"));
        view! {
            <fieldset class="field list-fieldset">
                <legend>{list.label}</legend>
                <p class="hint">{format!("Up to {}. Clear all fields of one to remove it; fill in the blank one to add another.", list.max)}</p>
                {move || list_message().map(|m| view! { <p class="field-error">{m}</p> })}
                {(0..shown).map(|n| view! {
                    <fieldset class="list-item">
                        <legend>{format!("{} {}", list.item_label, n + 1)}</legend>
                        {list.fields.iter().map(|field| {
                            let name = format!("items.{n}.{}", field.key);
                            view! { <SpecField field=*field name=name.clone() value=values.get(&name).cloned().unwrap_or_default() choices=choices.clone() error/> }
                        }).collect_view()}
                    </fieldset>
                }).collect_view()}
            </fieldset>
        }
    });
    let preview_src = format!("{}#sf-block-{block}", links::storefront_preview(page));
    view! {
        <div class="container page builder">
            <Breadcrumbs
                trail=vec![
                    ("/account".to_string(), "Account".to_string()),
                    (links::builder_page(page), "Storefront".to_string()),
                ]
                current=format!("Edit {}", spec.name.to_lowercase())
            />
            <NoticeBanner/>
            <header class="page-head">
                <h1>{format!("Edit {}", spec.name.to_lowercase())}</h1>
                <p class="muted">{spec.summary}</p>
            </header>
            <BlockFormEnhancer preview_src>
                <FormAlert error/>
                <ActionForm action=save attr:class="form block-form" attr:novalidate=true>
                    <input type="hidden" name="company_id" value=builder.company_id.get()/>
                    <input type="hidden" name="revision" value=builder.revision/>
                    <input type="hidden" name="page" value=page.as_str()/>
                    <input type="hidden" name="block" value=block/>
                    {spec.fields.iter().map(|field| view! {
                        <SpecField field=*field name=field.key.to_string() value=field_value(&values, field.key) choices=choices.clone() error/>
                    }).collect_view()}
                    {list}
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit">"Save block"</button>
                        <a class="btn btn-secondary" href=format!("{}#block-{block}", links::builder_page(page))>"Back to all blocks"</a>
                    </div>
                </ActionForm>
            </BlockFormEnhancer>
        </div>
    }
}

/// A field's value: as stored ("3,8" for ticked products), or gathered from the checkboxes
/// (`picks.3`) of a form sent back after an error.
fn field_value(values: &FormValues, key: &str) -> String {
    if let Some(value) = values.get(key) {
        return value.clone();
    }
    let prefix = format!("{key}.");
    let ticked: Vec<&str> = values
        .iter()
        .filter(|(_, v)| matches!(v.as_str(), "true" | "on"))
        .filter_map(|(k, _)| k.strip_prefix(&prefix))
        .collect();
    ticked.join(",")
}

/// Whether product `id` is among the ticked ones: a saved block's value lists them
/// ("3,8"); a form sent back after an error holds its checkboxes.
fn values_ticked(value: &str, id: i64) -> bool {
    value.split(',').any(|v| v.trim().parse() == Ok(id))
}

/// What the supplier typed, from an error that came back: nothing is lost on a failed save.
fn echoed_values(error: &AppError) -> Option<FormValues> {
    match error {
        AppError::Invalid(invalid) if !invalid.echo.is_empty() => Some(invalid.echo.iter().cloned().collect()),
        _ => None,
    }
}

/// What a block form's choices are made from.
#[derive(Clone)]
struct Choices {
    categories: Vec<CategoryLink>,
    library: Vec<LibraryImage>,
    has_banner: bool,
    products: Vec<(i64, String)>,
}

/// One input of a block form, by the kind of its spec.
#[component]
fn SpecField(
    field: FieldSpec,
    name: String,
    value: String,
    choices: Choices,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = format!("f-{}", name.replace('.', "-"));
    let input_name = format!("fields[{name}]");
    let wiring = FieldWiring::new(id.clone(), name.clone(), field.hint.is_some(), error);
    let message = wiring.messages();
    let (hint_id, error_id) = (wiring.hint_id(), wiring.error_id());
    let described = wiring.described();
    let invalid = wiring.invalid();
    let control = match field.input {
        Input::Line { max } => view! {
            <input id=id.clone() name=input_name value=value maxlength=max required=field.required aria-invalid=invalid aria-describedby=described/>
        }
        .into_any(),
        Input::Text { max } | Input::Markdown { max } => view! {
            <textarea id=id.clone() name=input_name maxlength=max rows={if max > 1000 { 10 } else { 4 }} required=field.required aria-invalid=invalid aria-describedby=described>{value}</textarea>
        }
        .into_any(),
        Input::Choice(options) => view! {
            <select id=id.clone() name=input_name aria-invalid=invalid aria-describedby=described>
                {options.iter().map(|(v, label)| view! { <option value=*v selected=*v == value>{*label}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        Input::Category => view! {
            <select id=id.clone() name=input_name aria-invalid=invalid aria-describedby=described>
                <option value="" selected=value.is_empty()>"All categories"</option>
                {choices.categories.into_iter().map(|c| { let chosen = c.slug == value; view! { <option value=c.slug selected=chosen>{c.name}</option> } }).collect_view()}
            </select>
        }
        .into_any(),
        Input::Image { banner } => {
            let current = choices.library.iter().find(|i| i.image.id.to_string() == value).map(|i| i.image.clone());
            view! {
                <div class="image-choice">
                    {current.map(|image| view! { <Picture image sizes="96px" width=320 class="image-choice-thumb" alt=""/> })}
                    <select id=id.clone() name=input_name aria-invalid=invalid aria-describedby=described>
                        <option value="" selected=value.is_empty()>{if banner { "No image" } else { "Choose an image…" }}</option>
                        {(banner && choices.has_banner).then(|| view! { <option value="banner" selected=value == "banner">"Company banner"</option> })}
                        {choices.library.into_iter().map(|i| {
                            let id = i.image.id.to_string();
                            let chosen = id == value;
                            view! { <option value=id selected=chosen>{i.alt}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <p class="hint"><a href=links::STOREFRONT_IMAGES>"Upload storefront images"</a></p>
            }
            .into_any()
        }
        Input::Products { .. } => {
            let ticked = |id: i64| values_ticked(&value, id);
            if choices.products.is_empty() {
                view! { <p class="hint" id=id.clone()>"Publish products in your catalog to choose them here."</p> }.into_any()
            } else {
                view! {
                    <div class="checks" id=id.clone() role="group" aria-describedby=described>
                        {choices.products.into_iter().map(|(product, title)| {
                            let check_id = format!("{id}-{product}");
                            view! {
                                <div class="field-check">
                                    <input type="checkbox" id=check_id.clone() name=format!("fields[{name}.{product}]") value="true" checked=ticked(product)/>
                                    <label for=check_id>{title}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                }
                .into_any()
            }
        }
        Input::Toggle => view! {
            <input type="checkbox" id=id.clone() name=input_name value="true" checked=value == "true" aria-describedby=described/>
        }
        .into_any(),
    };
    let is_toggle = matches!(field.input, Input::Toggle);
    let label =
        view! { <label for=id.clone()>{field.label}{(!field.required && !is_toggle).then_some(" (optional)")}</label> };
    let has_message = message.clone();
    view! {
        <div class="field" class:field-check=is_toggle class:field-invalid=move || has_message().is_some()>
            {if is_toggle { view! { {control}{label} }.into_any() } else { view! { {label}{control} }.into_any() }}
            {field.hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {move || message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}
