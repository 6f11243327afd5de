//! A company's team: members, roles and invitations.

#[cfg(feature = "ssr")]
use crate::domain::links::with_notice;
#[cfg(feature = "ssr")]
use crate::domain::notice::Notice;
use crate::domain::{CompanyId, InvitationId, UserId};
use crate::error::AppError;
pub use crate::model::team::*;
use leptos::prelude::*;

#[server(endpoint = "team")]
pub async fn get_team_overview(company_id: CompanyId) -> Result<TeamOverview, AppError> {
    use crate::server::{auth, state, teams};
    let state = state()?;
    let (user, membership) = auth::require_company_member(&state, company_id).await?;
    teams::overview(&state.db, &user, &membership).await
}

#[server(endpoint = "team/invite")]
pub async fn invite_member(company_id: CompanyId, email: String, role: String) -> Result<(), AppError> {
    use crate::server::{auth, state, teams};
    let state = state()?;
    let user = auth::require_confirmed(auth::require_company_owner(&state, company_id).await?.0)?;
    teams::invite(&state.db, &user, company_id, &email, &role, &state.config.public_url()).await?;
    crate::server::request::redirect(&with_notice("/account/team", Notice::Invited));
    Ok(())
}

#[server(endpoint = "team/revoke")]
pub async fn revoke_invitation(company_id: CompanyId, invitation_id: InvitationId) -> Result<(), AppError> {
    use crate::server::{auth, state, teams};
    let state = state()?;
    auth::require_company_owner(&state, company_id).await?;
    teams::revoke(&state.db, company_id, invitation_id).await?;
    crate::server::request::redirect(&with_notice("/account/team", Notice::Revoked));
    Ok(())
}

#[server(endpoint = "team/role")]
pub async fn change_member_role(company_id: CompanyId, user_id: UserId, role: String) -> Result<(), AppError> {
    use crate::server::{auth, state, teams};
    let state = state()?;
    auth::require_company_owner(&state, company_id).await?;
    teams::change_role(&state.db, company_id, user_id, &role).await?;
    crate::server::request::redirect(&with_notice("/account/team", Notice::RoleChanged));
    Ok(())
}

#[server(endpoint = "team/remove")]
pub async fn remove_member(company_id: CompanyId, user_id: UserId) -> Result<(), AppError> {
    use crate::server::{auth, state, teams};
    let state = state()?;
    let (user, _) = auth::require_company_owner(&state, company_id).await?;
    teams::remove(&state.db, company_id, user_id).await?;
    crate::server::request::redirect(&if user_id == user.id {
        with_notice("/account", Notice::Left)
    } else {
        with_notice("/account/team", Notice::Removed)
    });
    Ok(())
}

#[server(endpoint = "invitation")]
pub async fn get_invitation_details(token: String) -> Result<InvitationDetails, AppError> {
    use crate::server::{state, teams};
    teams::details(&state()?.db, &token).await
}

/// Accepts an invitation: a signed-in invitee just joins; a new person also sets a name and
/// password, and is signed in.
#[server(endpoint = "invitation/accept")]
pub async fn accept_invitation(
    token: String,
    #[server(default)] name: String,
    #[server(default)] password: String,
) -> Result<(), AppError> {
    use crate::server::{auth, state, teams};
    let state = state()?;
    let caller = auth::current_user(&state).await?;
    let joined = teams::accept(&state.db, &token, caller.as_ref(), &name, &password).await?;
    if let Some((user_id, epoch)) = joined.new_account {
        auth::log_in(user_id, epoch).await?;
    }
    crate::server::request::redirect(&with_notice("/account", Notice::Joined));
    Ok(())
}
