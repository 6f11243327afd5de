//! The verification queue: platform admins inspect a supplier's documents and grant or refuse
//! the Verified badge, giving the supplier a reason when refusing.

use crate::api::verification::{ApproveVerification, RefuseVerification, VerificationCase, verification_queue};
use crate::components::form::{FormAlert, action_error};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page};
use crate::domain::date::format_date;
use crate::domain::links;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn VerificationsPage() -> impl IntoView {
    view! {
        <Title text="Verification queue"/>
        <NoIndex/>
        <Page load=|_| verification_queue() let:cases>
            <Queue cases/>
        </Page>
    }
}

#[component]
fn Queue(cases: Vec<VerificationCase>) -> impl IntoView {
    let approve = ServerAction::<ApproveVerification>::new();
    let refuse = ServerAction::<RefuseVerification>::new();
    let error = Signal::derive(move || action_error(approve).get().or_else(|| action_error(refuse).get()));
    view! {
        <div class="container page">
            <Breadcrumbs trail=trail(&[("/admin", "Platform admin")]) current="Verification queue"/>
            <NoticeBanner/>
            <header class="page-head">
                <h1>"Verification queue"</h1>
                <p class="muted">{format!("{} request(s) waiting, oldest first.", cases.len())}</p>
            </header>
            <FormAlert error/>
            {cases.is_empty().then(|| view! { <p>"Nothing to review."</p> })}
            {cases.into_iter().map(|case| {
                let request = case.request;
                let heading_id = format!("case-{}", request.id);
                let labelled_by = heading_id.clone();
                let reason_id = format!("reason-{}", request.id);
                view! {
                    <article class="card section case" aria-labelledby=labelled_by>
                        <h2 id=heading_id class="card-title">
                            <a href=links::storefront(&case.company_slug)>{case.company_name.clone()}</a>
                            " · " {case.country_name}
                        </h2>
                        <p class="muted">
                            {format!("Sent {} by {}", format_date(request.submitted_at), request.submitted_by.clone().unwrap_or_else(|| "a former member".into()))}
                            {case.verified_since.map(|since| format!(" · verified since {}", format_date(since)))}
                        </p>
                        {(!request.note.is_empty()).then(|| view! { <blockquote class="case-note">{request.note.clone()}</blockquote> })}
                        <ul class="library-grid" role="list">
                            {request.documents.iter().enumerate().map(|(n, doc)| {
                                let full = doc.src(1600).to_string();
                                let link = full.clone();
                                view! {
                                    <li>
                                        <a href=link target="_blank" rel="noopener">
                                            <img src=full alt=format!("Document {} of {}", n + 1, case.company_name) loading="lazy"/>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <div class="case-actions">
                            <ActionForm action=approve attr:class="inline-form">
                                <input type="hidden" name="request" value=request.id/>
                                <button class="btn btn-primary" type="submit">"Grant Verified badge"</button>
                            </ActionForm>
                            <ActionForm action=refuse attr:class="form form-inline">
                                <input type="hidden" name="request" value=request.id/>
                                <div class="field">
                                    <label for=reason_id.clone()>"Reason for refusing (the supplier sees it)"</label>
                                    <input type="text" id=reason_id name="reason" maxlength="500" required=true/>
                                </div>
                                <button class="btn btn-danger" type="submit">"Refuse"</button>
                            </ActionForm>
                        </div>
                    </article>
                }
            }).collect_view()}
        </div>
    }
}
