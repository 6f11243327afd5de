use crate::api::account::LogOut;
use crate::api::session::{SessionUser, ShellData};
use crate::api::team::{AcceptInvitation, InvitationDetails, InvitationState, get_invitation_details};
use crate::components::form::{Field, FormAlert, action_error};
use crate::components::page::{NoIndex, Page};
use crate::domain::PersonName;
use crate::domain::links;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Where an invitation link lands: shows who invites whom, then lets the person join.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let load = move |shell: &ShellData| {
        let user = shell.user.clone();
        async move { get_invitation_details(token.clone()).await.map(|details| (details, user, token)) }
    };
    view! {
        <Title text="Team invitation"/>
        <NoIndex/>
        <Page load let:invitation>
            <InvitationContent details=invitation.0 user=invitation.1 token=invitation.2/>
        </Page>
    }
}

#[component]
fn InvitationContent(details: InvitationDetails, user: Option<SessionUser>, token: String) -> impl IntoView {
    let accept = ServerAction::<AcceptInvitation>::new();
    let error = action_error(accept);
    let inviter = details.invited_by.clone().unwrap_or_else(|| "A team owner".to_string());
    let here = links::invitation(&token);
    let company = details.company_name.clone();
    let join_label = format!("Join {company}");
    let body = match details.state {
        InvitationState::Open => match &user {
            Some(user) if user.email != details.email => {
                let logout = ServerAction::<LogOut>::new();
                view! {
                    <div class="alert alert-warning" role="status">
                        <p>"This invitation is for " <strong>{details.email.clone()}</strong> ", but you are signed in as " <strong>{user.email.clone()}</strong> "."</p>
                    </div>
                    <ActionForm action=logout>
                        <button class="btn btn-secondary" type="submit">"Sign out"</button>
                    </ActionForm>
                }.into_any()
            }
            Some(user) => match &user.company {
                Some(m) => view! {
                    <div class="alert alert-warning" role="status">
                        <p>"You already belong to " {m.company_name.clone()} ". Leave it first, then open this link again."</p>
                    </div>
                }.into_any(),
                None => view! {
                    <FormAlert error/>
                    <ActionForm action=accept attr:class="form">
                        <input type="hidden" name="token" value=token.clone()/>
                        <button class="btn btn-primary" type="submit">{join_label.clone()}</button>
                    </ActionForm>
                }.into_any(),
            },
            None if details.account_exists => {
                let login = links::sign_in_then(&here);
                view! {
                    <p>"You already have a Caravan account with " <strong>{details.email.clone()}</strong> "."</p>
                    <p><a class="btn btn-primary" href=login>"Sign in to accept"</a></p>
                }.into_any()
            }
            None => view! {
                <p class="muted">"Create your account to join. Your email address is " <strong>{details.email.clone()}</strong> "."</p>
                <FormAlert error/>
                <ActionForm action=accept attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="token" value=token.clone()/>
                    <Field label="Your full name" name="name" autocomplete="name" maxlength=PersonName::MAX error/>
                    <Field label="Choose a password" name="password" kind="password" autocomplete="new-password" maxlength=128 hint="At least 10 characters." error/>
                    <button class="btn btn-primary btn-block" type="submit">{join_label.clone()}</button>
                </ActionForm>
            }.into_any(),
        },
        InvitationState::Accepted => view! {
            <div class="alert alert-info" role="status"><p>"This invitation has already been accepted."</p></div>
            <p><a class="btn btn-primary" href="/login">"Sign in"</a></p>
        }.into_any(),
        InvitationState::Revoked => view! {
            <div class="alert alert-warning" role="status"><p>"This invitation was withdrawn. Ask " {inviter.clone()} " for a new one."</p></div>
        }.into_any(),
        InvitationState::Expired => view! {
            <div class="alert alert-warning" role="status"><p>"This invitation has expired. Ask " {inviter.clone()} " for a new one."</p></div>
        }.into_any(),
    };
    view! {
        <div class="container narrow page">
            <div class="card form-card">
                <p class="eyebrow">"Team invitation"</p>
                <h1>"Join " {company.clone()}</h1>
                <p>{inviter} " invited " <strong>{details.email.clone()}</strong> " to join " {company} " (" {details.company_kind.label().to_lowercase()} ") as " {details.role.label().to_lowercase()} "."</p>
                {body}
            </div>
        </div>
    }
}
