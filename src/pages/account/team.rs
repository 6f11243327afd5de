use crate::api::session::ShellData;
use crate::api::team::{
    ChangeMemberRole, InviteMember, PendingInvitation, RemoveMember, RevokeInvitation, TeamMember, TeamOverview,
    get_team_overview,
};
use crate::components::form::{Field, FormAlert, SelectField, action_error};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page, own_company};
use crate::components::table::{Column, DataTable};
use crate::domain::date::{format_date, iso_date};
use crate::domain::{CompanyId, Role};
use leptos::prelude::*;
use leptos_meta::Title;

fn role_options() -> Vec<(String, String)> {
    Role::ALL.iter().map(|r| (r.as_str().to_string(), r.label().to_string())).collect()
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let load = |shell: &ShellData| {
        let company = own_company(shell);
        async move { get_team_overview(company?).await }
    };
    view! {
        <Title text="Team"/>
        <NoIndex/>
        <Page load let:team>
            <TeamContent team/>
        </Page>
    }
}

#[component]
fn TeamContent(team: TeamOverview) -> impl IntoView {
    // One action per kind of change, so each error shows where it belongs.
    let change_role = ServerAction::<ChangeMemberRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let member_error = Signal::derive(move || action_error(change_role).get().or_else(|| action_error(remove).get()));
    let revoke_error = action_error(revoke);
    let company_id = team.company_id;
    let owner = team.you_are_owner;
    let invitations = team.invitations;
    let mut member_columns =
        vec![Column::Text("Name"), Column::Text("Email"), Column::Text("Role"), Column::Text("Joined")];
    if owner {
        member_columns.push(Column::Actions);
    }
    view! {
        <div class="container page">
            <Breadcrumbs trail=trail(&[("/account", "Account")]) current="Team"/>
            <NoticeBanner/>
            <header class="page-head">
                <h1>{team.company_name.clone()} " team"</h1>
                <p class="muted">
                    {if owner { "As an owner you can invite people, change roles and remove members." } else { "Owners manage the team. Ask one of them for changes." }}
                </p>
            </header>
            <section class="section" aria-labelledby="members-title">
                <h2 id="members-title">"Members"</h2>
                <FormAlert error=member_error/>
                <DataTable columns=member_columns>
                    {team
                        .members
                        .into_iter()
                        .map(|member| view! { <MemberRow member company_id owner change_role remove/> })
                        .collect_view()}
                </DataTable>
            </section>
            {owner.then(|| view! {
                <InviteForm company_id/>
                <section class="section" aria-labelledby="invitations-title">
                    <h2 id="invitations-title">"Open invitations"</h2>
                    <FormAlert error=revoke_error/>
                    {if invitations.is_empty() {
                        view! { <p class="muted">"No open invitations."</p> }.into_any()
                    } else {
                        view! { <InvitationTable invitations company_id revoke/> }.into_any()
                    }}
                </section>
            })}
        </div>
    }
}

#[component]
fn MemberRow(
    member: TeamMember,
    company_id: CompanyId,
    owner: bool,
    change_role: ServerAction<ChangeMemberRole>,
    remove: ServerAction<RemoveMember>,
) -> impl IntoView {
    let role_select_id = format!("role-{}", member.user_id);
    let current_role = member.role;
    let remove_label = if member.is_you { "Leave company".to_string() } else { format!("Remove {}", member.name) };
    view! {
        <tr>
            <td>{member.name.clone()} {member.is_you.then(|| view! { <span class="badge badge-muted">"You"</span> })}</td>
            <td>{member.email.clone()}</td>
            <td>{member.role.label()}</td>
            <td><time datetime=iso_date(member.joined_at)>{format_date(member.joined_at)}</time></td>
            {owner.then(|| view! {
                <td>
                    <div class="row-actions">
                        <ActionForm action=change_role attr:class="inline-form">
                            <input type="hidden" name="company_id" value=company_id.get()/>
                            <input type="hidden" name="user_id" value=member.user_id.get()/>
                            <label for=role_select_id.clone() class="visually-hidden">"Role for " {member.name.clone()}</label>
                            <select id=role_select_id name="role">
                                {Role::ALL.iter().map(|r| view! { <option value=r.as_str() selected=*r == current_role>{r.label()}</option> }).collect_view()}
                            </select>
                            <button class="btn btn-secondary btn-sm" type="submit">"Save role"</button>
                        </ActionForm>
                        <ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="company_id" value=company_id.get()/>
                            <input type="hidden" name="user_id" value=member.user_id.get()/>
                            <button class="btn btn-danger btn-sm" type="submit">{remove_label}</button>
                        </ActionForm>
                    </div>
                </td>
            })}
        </tr>
    }
}

#[component]
fn InviteForm(company_id: CompanyId) -> impl IntoView {
    let invite = ServerAction::<InviteMember>::new();
    let error = action_error(invite);
    view! {
        <section class="section card" aria-labelledby="invite-title">
            <h2 id="invite-title" class="card-title">"Invite a teammate"</h2>
            <p class="muted">"They receive an email with a link to join. Owners can manage the team; members trade for the company."</p>
            <FormAlert error/>
            <ActionForm action=invite attr:class="form form-inline" attr:novalidate=true>
                <input type="hidden" name="company_id" value=company_id.get()/>
                <Field label="Email address" name="email" kind="email" autocomplete="off" maxlength=254 id_prefix="invite" error/>
                <SelectField label="Role" name="role" options=role_options() selected="member" id_prefix="invite" error/>
                <button class="btn btn-primary" type="submit">"Send invitation"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn InvitationTable(
    invitations: Vec<PendingInvitation>,
    company_id: CompanyId,
    revoke: ServerAction<RevokeInvitation>,
) -> impl IntoView {
    view! {
        <DataTable columns=vec![Column::Text("Email"), Column::Text("Role"), Column::Text("Sent"), Column::Text("Status"), Column::Actions]>
            {invitations
                .into_iter()
                .map(|inv| {
                    let status = if inv.expired {
                        view! { <span class="badge badge-warning">"Expired"</span> }.into_any()
                    } else {
                        view! { <span>"Valid until " <time datetime=iso_date(inv.expires_at)>{format_date(inv.expires_at)}</time></span> }.into_any()
                    };
                    view! {
                        <tr>
                            <td>{inv.email.clone()}</td>
                            <td>{inv.role.label()}</td>
                            <td><time datetime=iso_date(inv.sent_at)>{format_date(inv.sent_at)}</time></td>
                            <td>{status}</td>
                            <td>
                                <div class="row-actions">
                                    <ActionForm action=revoke attr:class="inline-form">
                                        <input type="hidden" name="company_id" value=company_id.get()/>
                                        <input type="hidden" name="invitation_id" value=inv.id.get()/>
                                        <button class="btn btn-secondary btn-sm" type="submit">"Withdraw"<span class="visually-hidden">" invitation for " {inv.email.clone()}</span></button>
                                    </ActionForm>
                                </div>
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}
