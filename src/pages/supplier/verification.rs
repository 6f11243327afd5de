//! Verification for a supplier: upload business documents, send them for review, and see
//! the outcome (with the reason when refused).

use crate::api::session::ShellData;
use crate::api::verification::{
    DiscardDocument, MAX_DOCUMENTS, SubmitVerification, VerificationOverview, VerificationStatus, get_verification,
};
use crate::components::form::{FormAlert, UploadForm, action_error};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, own_company};
use crate::components::storefront::{Picture, VerifiedBadge};
use crate::domain::date::format_date;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn VerificationPage() -> impl IntoView {
    let load = |shell: &ShellData| {
        let company = own_company(shell);
        async move { get_verification(company?).await }
    };
    view! {
        <Title text="Verification"/>
        <NoIndex/>
        <Page load let:overview>
            <VerificationContent overview/>
        </Page>
    }
}

#[component]
fn VerificationContent(overview: VerificationOverview) -> impl IntoView {
    let submit = ServerAction::<SubmitVerification>::new();
    let discard = ServerAction::<DiscardDocument>::new();
    let submit_error = action_error(submit);
    let discard_error = action_error(discard);
    let company_id = overview.company_id;
    let pending = overview.pending();
    let latest = overview.requests.first().cloned();
    let status = match (overview.verified_since, &latest) {
        (_, Some(r)) if r.status == VerificationStatus::Pending => view! {
            <div class="alert alert-info"><p>{format!("Your documents are under review since {}. We will email you the outcome.", format_date(r.submitted_at))}</p></div>
        }.into_any(),
        (_, Some(r)) if r.status == VerificationStatus::Refused => view! {
            <div class="alert alert-error">
                <p><strong>"Your last request was refused."</strong></p>
                <p>{r.reason.clone()}</p>
                <p>"Upload documents that answer this and send them again."</p>
            </div>
        }.into_any(),
        (Some(since), _) => view! {
            <div class="alert alert-success"><p><VerifiedBadge/>{format!(" since {}. The badge shows on your storefront.", format_date(since))}</p></div>
        }.into_any(),
        (None, _) => view! {
            <p class="muted">"Verified suppliers show a badge on their storefront that buyers trust. Send your business licence or registration certificate, and an export licence if you have one."</p>
        }.into_any(),
    };
    let unsent = overview.unsent.clone();
    let note = submit_error.get_untracked().and_then(|e| e.echoed("note")).unwrap_or_default();
    view! {
        <div class="container page">
            <Breadcrumbs trail=trail(&[("/account", "Account")]) current="Verification"/>
            <NoticeBanner/>
            <header class="page-head">
                <h1>"Supplier verification"</h1>
            </header>
            {status}
            {(!pending).then(|| view! {
                <section class="section card" aria-labelledby="documents-title">
                    <h2 id="documents-title" class="card-title">"Documents to send"</h2>
                    <p class="muted">"Only platform administrators and your team see these documents."</p>
                    <FormAlert error=discard_error/>
                    {if unsent.is_empty() {
                        view! { <p>"No documents uploaded yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="library-grid" role="list">
                                {unsent.into_iter().enumerate().map(|(n, doc)| view! {
                                    <li>
                                        <Picture image=doc.clone() sizes="220px" width=1600 alt=format!("Document {}", n + 1)/>
                                        <ActionForm action=discard attr:class="inline-form">
                                            <input type="hidden" name="company_id" value=company_id.get()/>
                                            <input type="hidden" name="document" value=doc.id/>
                                            <button class="btn btn-secondary btn-sm" type="submit">{format!("Remove document {}", n + 1)}</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <UploadForm company_id purpose="verification" label="Business document" button="Upload document"
                        hint=format!("A photo or scan (PNG, JPEG or WebP, at most 8 MB), up to {MAX_DOCUMENTS} documents.")/>
                    <h3>"Send for review"</h3>
                    <FormAlert error=submit_error/>
                    <ActionForm action=submit attr:class="form">
                        <input type="hidden" name="company_id" value=company_id.get()/>
                        <div class="field">
                            <label for="note">"Note for the reviewer (optional)"</label>
                            <textarea id="note" name="note" rows="3" maxlength="1000">{note}</textarea>
                        </div>
                        <button class="btn btn-primary" type="submit">"Send for review"</button>
                    </ActionForm>
                </section>
            })}
            {(!overview.requests.is_empty()).then(|| view! {
                <section class="section" aria-labelledby="history-title">
                    <h2 id="history-title">"History"</h2>
                    <ul class="history" role="list">
                        {overview.requests.into_iter().map(|r| view! {
                            <li>
                                <strong>{r.status.label()}</strong>
                                {format!(" — sent {} with {} document(s)", format_date(r.submitted_at), r.documents.len())}
                                {r.decided_at.map(|at| format!(", decided {}", format_date(at)))}
                                {(!r.reason.is_empty()).then(|| view! { <p class="muted">{r.reason.clone()}</p> })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </div>
    }
}
