//! The storefront builder's overview: publication state, the blocks of one page with their
//! buttons, adding blocks, theme, navigation menu, address and published versions.
//!
//! Every control is a plain form, so all of it works with the keyboard and without
//! JavaScript; the block list's script adds drag and drop on top.

use super::BlockListEnhancer;
use crate::api::session::ShellData;
use crate::api::storefront::{
    AddBlock, Builder, ChangeAddress, ChangeBlock, Publish, RestoreVersion, SetNavigation, SetTheme, VersionSummary,
    get_builder,
};
use crate::components::form::{FormAlert, action_error};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, own_company};
use crate::components::table::{Column, DataTable};
use crate::domain::CompanyId;
use crate::domain::date::{format_date, iso_date};
use crate::domain::links;
use crate::domain::storefront::{Block, BlockKind, PageKind, ThemePreset};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StorefrontBuilderPage() -> impl IntoView {
    let page = use_query_map().read_untracked().get("page").and_then(|p| PageKind::parse(&p).ok());
    let load = |shell: &ShellData| {
        let company = own_company(shell);
        async move { get_builder(company?).await }
    };
    view! {
        <Title text="Storefront builder"/>
        <NoIndex/>
        <Page load let:builder>
            <BuilderContent builder page=page.unwrap_or(PageKind::Home)/>
        </Page>
    }
}

/// Hidden fields every draft change carries.
#[component]
fn DraftFields(company_id: CompanyId, revision: i64) -> impl IntoView {
    view! {
        <input type="hidden" name="company_id" value=company_id.get()/>
        <input type="hidden" name="revision" value=revision/>
    }
}

#[component]
fn BuilderContent(builder: Builder, page: PageKind) -> impl IntoView {
    let publish = ServerAction::<Publish>::new();
    let publish_error = action_error(publish);
    let Builder { company_id, revision, live_version, unpublished_changes, .. } = builder;
    let status = match (live_version, unpublished_changes) {
        (None, _) => view! { <span class="badge badge-warning">"Not published yet"</span> }.into_any(),
        (Some(n), true) => {
            view! { <span class="badge badge-warning">"Unpublished changes"</span> " Version " {n} " is live." }
                .into_any()
        }
        (Some(n), false) => {
            view! { <span class="badge">"Live"</span> " Version " {n} " is live and up to date." }.into_any()
        }
    };
    let updated = builder.updated_by.clone().map(|by| format!(" by {by}")).unwrap_or_default();
    let live_href = links::storefront(&builder.slug);
    view! {
        <div class="container page builder">
            <Breadcrumbs trail=trail(&[("/account", "Account")]) current="Storefront"/>
            <NoticeBanner/>
            <header class="page-head builder-head">
                <div>
                    <h1>"Storefront builder"</h1>
                    <p class="muted">
                        {status} " Draft last saved " <time datetime=iso_date(builder.updated_at)>{format_date(builder.updated_at)}</time> {updated} "."
                    </p>
                </div>
                <div class="row-actions">
                    <a class="btn btn-secondary" href=links::STOREFRONT_IMAGES>"Images"</a>
                    <a class="btn btn-secondary" href=links::storefront_preview(page)>"Preview draft"</a>
                    {live_version.map(|_| view! { <a class="btn btn-secondary" href=live_href.clone()>"View live storefront"</a> })}
                    <ActionForm action=publish attr:class="inline-form">
                        <DraftFields company_id revision/>
                        <button class="btn btn-primary" type="submit">"Publish"</button>
                    </ActionForm>
                </div>
            </header>
            <FormAlert error=publish_error/>
            {(!builder.profile_missing.is_empty()).then(|| view! {
                <div class="alert alert-info">
                    <p><strong>"To publish, complete your company profile:"</strong></p>
                    <ul>
                        {builder.profile_missing.iter().map(|m| view! {
                            <li><a href=links::profile_step(m.step())>{m.label()}</a></li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <p class="muted">"Buyers see only what you publish. Every change here is saved to your draft at once."</p>
            <PageBlocks builder=builder.clone() page/>
            <ThemeForm builder=builder.clone()/>
            <NavigationForm builder=builder.clone()/>
            <AddressForm company_id slug=builder.slug.clone()/>
            <Versions company_id revision versions=builder.versions/>
        </div>
    }
}

#[component]
fn PageBlocks(builder: Builder, page: PageKind) -> impl IntoView {
    let change = ServerAction::<ChangeBlock>::new();
    let add = ServerAction::<AddBlock>::new();
    let change_error = action_error(change);
    let add_error = action_error(add);
    let Builder { company_id, revision, doc, .. } = builder;
    let store_page = doc.page(page).cloned().unwrap_or_else(|| doc.pages[0].clone());
    let count = store_page.blocks.len();
    let tabs = doc
        .pages
        .iter()
        .map(|p| {
            let current = p.kind == page;
            view! {
                <li>
                    <a href=links::builder_page(p.kind) aria-current=current.then_some("page")>
                        {p.label.clone()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="section" aria-labelledby="blocks-title">
            <h2 id="blocks-title">"Pages"</h2>
            <nav aria-label="Storefront pages">
                <ul class="tabs" role="list">{tabs}</ul>
            </nav>
            <h3>{format!("Blocks on “{}”", store_page.label)}</h3>
            <FormAlert error=change_error/>
            {if store_page.blocks.is_empty() {
                view! { <p class="muted">"This page has no blocks yet. Add one below."</p> }.into_any()
            } else {
                view! {
                    <BlockListEnhancer company_id=company_id.get() revision page=page.as_str().to_string()>
                        <ol class="block-list" role="list">
                            {store_page
                                .blocks
                                .into_iter()
                                .enumerate()
                                .map(|(index, block)| view! { <BlockRow block index count company_id revision page change/> })
                                .collect_view()}
                        </ol>
                    </BlockListEnhancer>
                }.into_any()
            }}
            <ActionForm action=add attr:class="form form-inline add-block">
                <DraftFields company_id revision/>
                <input type="hidden" name="page" value=page.as_str()/>
                <div class="field">
                    <label for="add-kind">"Add a block"</label>
                    <select id="add-kind" name="kind" required=true>
                        {BlockKind::ALL.iter().map(|k| {
                            let spec = k.spec();
                            view! { <option value=spec.key>{format!("{} — {}", spec.name, spec.summary)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button class="btn btn-primary" type="submit">"Add block"</button>
            </ActionForm>
            <FormAlert error=add_error/>
        </section>
    }
}

#[component]
fn BlockRow(
    block: Block,
    index: usize,
    count: usize,
    company_id: CompanyId,
    revision: i64,
    page: PageKind,
    change: ServerAction<ChangeBlock>,
) -> impl IntoView {
    let spec = block.content.kind().spec();
    let outline = block.content.outline();
    let name = format!("{} “{}”", spec.name, outline);
    let button_name = name.clone();
    let op_button = move |op: &'static str, label: &'static str, class: &'static str, disabled: bool| {
        view! {
            <button class=format!("btn btn-sm {class}") type="submit" name="op" value=op disabled=disabled
                aria-label=format!("{label}: {button_name}")>
                {label}
            </button>
        }
    };
    view! {
        <li class="block-row" class:block-hidden=block.hidden id=format!("block-{}", block.id) data-block=block.id draggable="true">
            <span class="drag-handle" aria-hidden="true">"⠿"</span>
            <div class="block-row-text">
                <span class="block-kind">{spec.name}</span>
                <span class="block-outline">{outline.clone()}</span>
                {block.hidden.then(|| view! { <span class="badge badge-muted">"Hidden"</span> })}
            </div>
            <div class="row-actions">
                <a class="btn btn-secondary btn-sm" href=links::block_editor(page, block.id)>
                    "Edit"<span class="visually-hidden">" " {name.clone()}</span>
                </a>
                <ActionForm action=change attr:class="inline-form block-ops">
                    <DraftFields company_id revision/>
                    <input type="hidden" name="page" value=page.as_str()/>
                    <input type="hidden" name="block" value=block.id/>
                    {op_button("up", "Move up", "btn-secondary", index == 0)}
                    {op_button("down", "Move down", "btn-secondary", index + 1 == count)}
                    {op_button("duplicate", "Duplicate", "btn-secondary", false)}
                    {if block.hidden { op_button("show", "Show", "btn-secondary", false) } else { op_button("hide", "Hide", "btn-secondary", false) }}
                    {op_button("delete", "Delete", "btn-danger", false)}
                </ActionForm>
            </div>
        </li>
    }
}

#[component]
fn ThemeForm(builder: Builder) -> impl IntoView {
    let action = ServerAction::<SetTheme>::new();
    let error = action_error(action);
    let theme = builder.doc.theme.clone();
    let accent =
        error.get_untracked().and_then(|e| e.echoed("accent")).unwrap_or_else(|| theme.accent().as_str().to_string());
    let accent_message = move || error.get().and_then(|e| e.field_message("accent"));
    view! {
        <section class="section card" aria-labelledby="theme-title">
            <h2 id="theme-title" class="card-title">"Theme"</h2>
            <FormAlert error/>
            <ActionForm action attr:class="form">
                <DraftFields company_id=builder.company_id revision=builder.revision/>
                <fieldset class="field radio-cards">
                    <legend>"Style"</legend>
                    <div class="radio-cards-grid">
                        {ThemePreset::ALL.iter().map(|preset| {
                            let id = format!("preset-{}", preset.as_str());
                            view! {
                                <label class="radio-card" for=format!("preset-{}", preset.as_str())>
                                    <input type="radio" id=id name="preset" value=preset.as_str() checked=*preset == theme.preset/>
                                    <span class="theme-swatch" data-theme=preset.as_str() style=format!("--sf-accent: {}", preset.default_accent().as_str()) aria-hidden="true"></span>
                                    <span class="radio-card-title">{preset.label()}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="field field-check">
                    <input type="checkbox" id="custom-accent" name="custom_accent" value="true" checked=theme.accent.is_some()/>
                    <label for="custom-accent">"Use my own accent colour"</label>
                </div>
                <div class="field" class:field-invalid=move || accent_message().is_some()>
                    <label for="accent">"Accent colour"</label>
                    <p class="hint" id="accent-hint">"Buttons, links and highlights. Pick one with enough contrast on white."</p>
                    <input type="color" id="accent" name="accent" value=accent aria-describedby="accent-hint"/>
                    {move || accent_message().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <button class="btn btn-primary" type="submit">"Save theme"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn NavigationForm(builder: Builder) -> impl IntoView {
    let action = ServerAction::<SetNavigation>::new();
    let error = action_error(action);
    view! {
        <section class="section card" aria-labelledby="nav-title">
            <h2 id="nav-title" class="card-title">"Navigation menu"</h2>
            <p class="muted">"Name your pages and choose their order. Home always comes first."</p>
            <FormAlert error/>
            <ActionForm action attr:class="form">
                <DraftFields company_id=builder.company_id revision=builder.revision/>
                <DataTable columns=vec![Column::Text("Page"), Column::Text("Menu label"), Column::Text("In menu"), Column::Text("Position")]>
                    {builder.doc.pages.iter().enumerate().map(|(position, p)| {
                        let key = p.kind.as_str();
                        let is_home = p.kind == PageKind::Home;
                        let field = format!("label_{key}");
                        let message = move || error.get().and_then(|e| e.field_message(&field));
                        view! {
                            <tr>
                                <th scope="row">{p.kind.default_label()}</th>
                                <td>
                                    <label class="visually-hidden" for=format!("nav-label-{key}")>{format!("Menu label for {}", p.kind.default_label())}</label>
                                    <input id=format!("nav-label-{key}") name=format!("labels[{key}]") value=p.label.clone() maxlength=24 required=true/>
                                    {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
                                </td>
                                <td>
                                    <label class="visually-hidden" for=format!("nav-shown-{key}")>{format!("Show {} in the menu", p.kind.default_label())}</label>
                                    <input type="checkbox" id=format!("nav-shown-{key}") name=format!("shown[{key}]") value="true" checked=p.in_nav disabled=is_home/>
                                </td>
                                <td>
                                    {if is_home {
                                        view! { <span>"First"</span> }.into_any()
                                    } else {
                                        view! {
                                            <label class="visually-hidden" for=format!("nav-order-{key}")>{format!("Position of {}", p.kind.default_label())}</label>
                                            <input class="input-narrow" type="number" min="1" max="9" id=format!("nav-order-{key}") name=format!("order[{key}]") value=position/>
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </DataTable>
                <button class="btn btn-primary" type="submit">"Save menu"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AddressForm(company_id: CompanyId, slug: String) -> impl IntoView {
    let action = ServerAction::<ChangeAddress>::new();
    let error = action_error(action);
    let value = error.get_untracked().and_then(|e| e.echoed("slug")).unwrap_or(slug);
    let message = move || error.get().and_then(|e| e.field_message("slug"));
    view! {
        <section class="section card" aria-labelledby="address-title">
            <h2 id="address-title" class="card-title">"Address"</h2>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="company_id" value=company_id.get()/>
                <div class="field" class:field-invalid=move || message().is_some()>
                    <label for="slug">"Storefront address"</label>
                    <p class="hint" id="slug-hint">"Lower-case letters, digits and hyphens. Links to your old address keep working."</p>
                    <div class="input-prefixed">
                        <span aria-hidden="true">"/s/"</span>
                        <input id="slug" name="slug" value=value maxlength=60 required=true aria-describedby="slug-hint"
                            aria-invalid=move || message().map(|_| "true")/>
                    </div>
                    {move || message().map(|m| view! { <p class="field-error" id="slug-error">{m}</p> })}
                </div>
                <button class="btn btn-primary" type="submit">"Change address"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Versions(company_id: CompanyId, revision: i64, versions: Vec<VersionSummary>) -> impl IntoView {
    let restore = ServerAction::<RestoreVersion>::new();
    let error = action_error(restore);
    view! {
        <section class="section" aria-labelledby="versions-title">
            <h2 id="versions-title">"Published versions"</h2>
            <FormAlert error/>
            {if versions.is_empty() {
                view! { <p class="muted">"Nothing published yet."</p> }.into_any()
            } else {
                view! {
                    <p class="muted">"Restoring copies a version into your draft; publish it to make it live again."</p>
                    <DataTable columns=vec![Column::Text("Version"), Column::Text("Published"), Column::Text("By"), Column::Actions]>
                        {versions.into_iter().map(|v| view! {
                            <tr>
                                <td>{format!("Version {}", v.number)} {v.is_live.then(|| view! { " " <span class="badge">"Live"</span> })}</td>
                                <td><time datetime=iso_date(v.published_at)>{format_date(v.published_at)}</time></td>
                                <td>{v.published_by.unwrap_or_else(|| "—".to_string())}</td>
                                <td>
                                    <ActionForm action=restore attr:class="inline-form">
                                        <DraftFields company_id revision/>
                                        <input type="hidden" name="version" value=v.number/>
                                        <button class="btn btn-secondary btn-sm" type="submit">"Restore"<span class="visually-hidden">{format!(" version {}", v.number)}</span></button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }).collect_view()}
                    </DataTable>
                }.into_any()
            }}
        </section>
    }
}
