//! Guided onboarding of a supplier's company profile: one step per page, each saved on its
//! own, with the steps' state and what publishing still needs always in view.

use crate::api::media::{ClearBranding, ImageRef};
use crate::api::profile::{
    AddCertification, ProfileEditor, RemoveCertification, SaveAbout, SaveBasics, SaveTrade, get_profile,
};
use crate::api::session::ShellData;
use crate::components::form::{Field, FormAlert, SelectField, UploadForm, action_error};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, own_company};
use crate::components::storefront::Picture;
use crate::components::table::{Column, DataTable};
use crate::domain::CompanyId;
use crate::domain::links;
use crate::domain::profile::{
    BusinessType, EmployeeRange, ExportRegion, MAX_CATEGORIES, MAX_DESCRIPTION_CHARS, MIN_DESCRIPTION_CHARS,
    OnboardingStep, ResponseTime,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn options<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter().map(|c| (value(*c).to_string(), label(*c).to_string())).collect()
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let step = use_query_map().read_untracked().get("step").and_then(|s| OnboardingStep::parse(&s));
    let load = |shell: &ShellData| {
        let company = own_company(shell);
        async move { get_profile(company?).await }
    };
    view! {
        <Title text="Company profile"/>
        <NoIndex/>
        <Page load let:profile>
            <ProfileContent step=step.unwrap_or_else(|| first_open_step(&profile)) profile/>
        </Page>
    }
}

/// Where onboarding resumes: the first step with something missing.
fn first_open_step(profile: &ProfileEditor) -> OnboardingStep {
    profile.facts.missing().first().map(|m| m.step()).unwrap_or(OnboardingStep::Basics)
}

#[component]
fn ProfileContent(profile: ProfileEditor, step: OnboardingStep) -> impl IntoView {
    let missing = profile.facts.missing();
    let steps = OnboardingStep::ALL
        .iter()
        .map(|s| {
            let state = if matches!(s, OnboardingStep::Certifications | OnboardingStep::Branding) {
                "Optional"
            } else if profile.facts.step_done(*s) {
                "Done"
            } else {
                "To do"
            };
            let current = *s == step;
            view! {
                <li class:step-done=state == "Done">
                    <a href=links::profile_step(*s) aria-current=current.then_some("step")>
                        <span class="step-title">{s.title()}</span>
                        <span class="step-state">{state}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let readiness = if missing.is_empty() {
        view! {
            <div class="alert alert-success profile-ready">
                <p>
                    "Your profile is complete. "
                    <a href="/supplier/storefront">{if profile.published { "Go to your storefront builder" } else { "Build and publish your storefront" }}</a>
                    "."
                </p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="alert alert-info">
                <p><strong>"Before you can publish your storefront, add:"</strong></p>
                <ul>
                    {missing.iter().map(|m| view! {
                        <li><a href=links::profile_step(m.step())>{m.label()}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any()
    };
    let company_id = profile.company_id;
    let form = match step {
        OnboardingStep::Basics => view! { <BasicsStep profile/> }.into_any(),
        OnboardingStep::Trade => view! { <TradeStep profile/> }.into_any(),
        OnboardingStep::About => view! { <AboutStep profile/> }.into_any(),
        OnboardingStep::Certifications => view! { <CertificationsStep profile company_id/> }.into_any(),
        OnboardingStep::Branding => view! { <BrandingStep profile company_id/> }.into_any(),
    };
    view! {
        <div class="container page">
            <Breadcrumbs trail=trail(&[("/account", "Account")]) current="Company profile"/>
            <NoticeBanner/>
            <header class="page-head">
                <h1>"Company profile"</h1>
                <p class="muted">"Buyers compare suppliers by these facts. Each step is saved on its own: leave any time and pick up where you stopped."</p>
            </header>
            <div class="with-sidebar">
                <nav aria-label="Onboarding steps">
                    <ol class="steps" role="list">{steps}</ol>
                </nav>
                <div>
                    {readiness}
                    <section class="card" aria-labelledby="step-title">
                        <h2 id="step-title" class="card-title">{step.title()}</h2>
                        {form}
                    </section>
                </div>
            </div>
        </div>
    }
}

#[component]
fn BasicsStep(profile: ProfileEditor) -> impl IntoView {
    let action = ServerAction::<SaveBasics>::new();
    let error = action_error(action);
    let facts = profile.facts;
    view! {
        <FormAlert error/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="company_id" value=profile.company_id.get()/>
            <p class="muted">{format!("{} is registered in {}.", profile.company_name, profile.country_name)}</p>
            <Field label="City" name="city" value=facts.city.clone() autocomplete="address-level2" maxlength=80 error/>
            <SelectField label="Business type" name="business_type" error placeholder="Choose…"
                options=options(BusinessType::ALL, BusinessType::as_str, BusinessType::label)
                selected=facts.business_type.map(|t| t.as_str().to_string()).unwrap_or_default()/>
            <Field label="Year established" name="year_established" kind="number" maxlength=4 error
                value=facts.year_established.map(|y| y.to_string()).unwrap_or_default()/>
            <SelectField label="Number of employees" name="employees" error placeholder="Choose…"
                options=options(EmployeeRange::ALL, EmployeeRange::as_str, EmployeeRange::label)
                selected=facts.employees.map(|e| e.as_str().to_string()).unwrap_or_default()/>
            <button class="btn btn-primary" type="submit">"Save and continue"</button>
        </ActionForm>
    }
}

#[component]
fn TradeStep(profile: ProfileEditor) -> impl IntoView {
    let action = ServerAction::<SaveTrade>::new();
    let error = action_error(action);
    let message = move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
    let chosen = profile.categories.clone();
    let markets = profile.facts.export_markets.clone();
    view! {
        <FormAlert error/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="company_id" value=profile.company_id.get()/>
            <fieldset class="field" aria-describedby="categories-hint">
                <legend>"Main product categories"</legend>
                <p class="hint" id="categories-hint">{format!("Up to {MAX_CATEGORIES}: where buyers will find you.")}</p>
                {move || message("categories")().map(|m| view! { <p class="field-error">{m}</p> })}
                <div class="category-groups">
                    {profile.category_tree.into_iter().map(|group| {
                        let open = group.children.iter().any(|c| chosen.contains(&c.slug)) || chosen.contains(&group.top.slug);
                        let chosen = chosen.clone();
                        view! {
                            <details class="category-group" open=open>
                                <summary>{group.top.name.clone()}</summary>
                                <div class="checks">
                                    {group.children.into_iter().map(|c| {
                                        let id = format!("cat-{}", c.slug);
                                        let checked = chosen.contains(&c.slug);
                                        view! {
                                            <div class="field-check">
                                                <input type="checkbox" id=id.clone() name=format!("categories[{}]", c.slug) value="on" checked=checked/>
                                                <label for=id>{c.name}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                            </details>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <fieldset class="field">
                <legend>"Export markets"</legend>
                {move || message("markets")().map(|m| view! { <p class="field-error">{m}</p> })}
                <div class="checks checks-columns">
                    {ExportRegion::ALL.iter().map(|region| {
                        let id = format!("market-{}", region.as_str());
                        view! {
                            <div class="field-check">
                                <input type="checkbox" id=id.clone() name=format!("markets[{}]", region.as_str()) value="on" checked=markets.contains(region)/>
                                <label for=id>{region.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <SelectField label="Typical response time to inquiries" name="response_time" error placeholder="Choose…"
                options=options(ResponseTime::ALL, ResponseTime::as_str, ResponseTime::label)
                selected=profile.facts.response_time.map(|r| r.as_str().to_string()).unwrap_or_default()/>
            <button class="btn btn-primary" type="submit">"Save and continue"</button>
        </ActionForm>
    }
}

#[component]
fn AboutStep(profile: ProfileEditor) -> impl IntoView {
    let action = ServerAction::<SaveAbout>::new();
    let error = action_error(action);
    let value = error.get_untracked().and_then(|e| e.echoed("description")).unwrap_or(profile.facts.description);
    let message = move || error.get().and_then(|e| e.field_message("description"));
    view! {
        <FormAlert error/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="company_id" value=profile.company_id.get()/>
            <div class="field" class:field-invalid=move || message().is_some()>
                <label for="description">"Company description"</label>
                <p class="hint" id="description-hint">
                    {format!("At least {MIN_DESCRIPTION_CHARS} characters. What you make, your capacity, quality control and who you supply. A blank line starts a new paragraph.")}
                </p>
                <textarea id="description" name="description" rows="10" maxlength=MAX_DESCRIPTION_CHARS aria-describedby="description-hint">{value}</textarea>
                {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <button class="btn btn-primary" type="submit">"Save and continue"</button>
        </ActionForm>
    }
}

#[component]
fn CertificationsStep(profile: ProfileEditor, company_id: CompanyId) -> impl IntoView {
    let add = ServerAction::<AddCertification>::new();
    let remove = ServerAction::<RemoveCertification>::new();
    let add_error = action_error(add);
    let remove_error = action_error(remove);
    let echoed =
        move |field: &str| add_error.get_untracked().and_then(|e: AppError| e.echoed(field)).unwrap_or_default();
    view! {
        <p class="muted">"Optional, but buyers filter by them. Expired certifications are shown as expired."</p>
        <FormAlert error=remove_error/>
        {if profile.certifications.is_empty() {
            view! { <p>"No certifications yet."</p> }.into_any()
        } else {
            view! {
                <DataTable columns=vec![Column::Text("Certification"), Column::Text("Issued by"), Column::Text("Valid until"), Column::Text("Certificate picture"), Column::Actions]>
                    {profile.certifications.into_iter().map(|c| view! {
                        <tr>
                            <td>{c.name.clone()}</td>
                            <td>{if c.issuer.is_empty() { "—".to_string() } else { c.issuer.clone() }}</td>
                            <td>{c.valid_until.as_ref().map(|d| d.as_str().to_string()).unwrap_or_else(|| "No expiry".to_string())}</td>
                            <td>
                                {match c.document.clone() {
                                    Some(document) => {
                                        let full = document.src(1600).to_string();
                                        view! {
                                        <a href=full>
                                            <Picture image=document sizes="96px" width=640 class="image-choice-thumb" alt=format!("Certificate {}", c.name)/>
                                        </a>
                                        }.into_any()
                                    }
                                    None => view! {
                                        <UploadForm company_id purpose="certificate" target=c.id label=format!("Picture of {}", c.name)
                                            button="Attach" hint="PNG, JPEG or WebP, at most 8 MB."/>
                                    }.into_any(),
                                }}
                            </td>
                            <td>
                                <ActionForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="company_id" value=company_id.get()/>
                                    <input type="hidden" name="certification" value=c.id/>
                                    <button class="btn btn-danger btn-sm" type="submit">"Remove"<span class="visually-hidden">" " {c.name.clone()}</span></button>
                                </ActionForm>
                            </td>
                        </tr>
                    }).collect_view()}
                </DataTable>
            }.into_any()
        }}
        <h3>"Add a certification"</h3>
        <FormAlert error=add_error/>
        <ActionForm action=add attr:class="form" attr:novalidate=true>
            <input type="hidden" name="company_id" value=company_id.get()/>
            <Field label="Certification" name="name" hint="For example ISO 9001:2015, BSCI, CE, FSC." maxlength=120 value=echoed("name") error=add_error/>
            <Field label="Issued by" name="issuer" required=false maxlength=120 value=echoed("issuer") error=add_error/>
            <Field label="Valid until" name="valid_until" kind="date" required=false hint="Leave empty if it does not expire." value=echoed("valid_until") error=add_error/>
            <button class="btn btn-primary" type="submit">"Add certification"</button>
        </ActionForm>
        <p class="actions"><a class="btn btn-secondary" href="/supplier/profile?step=branding">"Continue to logo and banner"</a></p>
    }
}

#[component]
fn BrandingStep(profile: ProfileEditor, company_id: CompanyId) -> impl IntoView {
    let clear = ServerAction::<ClearBranding>::new();
    let clear_error = action_error(clear);
    let current = move |image: Option<ImageRef>, purpose: &'static str, what: &'static str, sizes: &'static str| {
        image.map(|image| {
            view! {
                <div class=format!("branding-current branding-{purpose}")>
                    <Picture image sizes width=640 alt=format!("Your current {what}")/>
                    <ActionForm action=clear attr:class="inline-form">
                        <input type="hidden" name="company_id" value=company_id.get()/>
                        <input type="hidden" name="purpose" value=purpose/>
                        <button class="btn btn-secondary btn-sm" type="submit">{format!("Remove {what}")}</button>
                    </ActionForm>
                </div>
            }
        })
    };
    view! {
        <p class="muted">"Optional. Your logo appears beside your name on your storefront; the banner can be the background of its hero."</p>
        <FormAlert error=clear_error/>
        <h3>"Logo"</h3>
        {current(profile.logo, "logo", "logo", "192px")}
        <UploadForm company_id purpose="logo" label="Logo image" button="Upload logo"
            hint="PNG with a transparent background works best; at least 64 pixels wide, at most 8 MB."/>
        <h3>"Banner"</h3>
        {current(profile.banner, "banner", "banner", "(min-width: 860px) 640px, 100vw")}
        <UploadForm company_id purpose="banner" label="Banner image" button="Upload banner"
            hint="A wide photo of your products or factory: at least 600 pixels wide (1920 looks sharp), PNG, JPEG or WebP, at most 8 MB."/>
        <p class="actions">
            <a class="btn btn-secondary" href="/supplier/storefront">"Continue to the storefront builder"</a>
            <a class="btn btn-secondary" href="/supplier/verification">"Get the Verified badge"</a>
        </p>
    }
}
