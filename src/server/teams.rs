//! Team management: invitations by email, accepting them, roles and removal.
//! Callers have already passed the owner/member guard for `company_id`.

use super::db::Db;
use super::{accounts, mail, new_token, now, password, token_digest};
use crate::domain::form::FieldErrors;
use crate::domain::{CompanyId, CompanyKind, Email, InvitationId, NewPassword, PersonName, Role, UserId};
use crate::error::AppError;
use crate::model::session::{Membership, SessionUser};
use crate::model::team::{InvitationDetails, InvitationState, PendingInvitation, TeamMember, TeamOverview};
use sqlx::{Any, Transaction};

pub const INVITATION_DAYS: i64 = 7;
/// Invitations one company may send in a day.
pub const INVITATIONS_PER_DAY: i64 = 50;
/// Invitations one company may send one address in a day (each resend replaces the link).
pub const INVITATIONS_PER_ADDRESS_PER_DAY: i64 = 3;
const DAY: i64 = 86_400;

fn parse_role(role: &str) -> Result<Role, AppError> {
    role.parse().map_err(|e| AppError::field("role", e))
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: UserId,
    name: String,
    email: String,
    #[sqlx(try_from = "String")]
    role: Role,
    created_at: i64,
}

pub async fn overview(db: &Db, user: &SessionUser, membership: &Membership) -> Result<TeamOverview, AppError> {
    let company_id = membership.company_id;
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT u.id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.company_id = $1 ORDER BY m.role DESC, u.name",
    )
    .bind(company_id)
    .fetch_all(db.pool())
    .await?;
    let members = rows
        .into_iter()
        .map(|m| TeamMember {
            user_id: m.id,
            name: m.name,
            email: m.email,
            role: m.role,
            joined_at: m.created_at,
            is_you: m.id == user.id,
        })
        .collect();
    let you_are_owner = membership.role == Role::Owner;
    let invitations = if you_are_owner { open_invitations(db, company_id).await? } else { Vec::new() };
    Ok(TeamOverview { company_id, company_name: membership.company_name.clone(), you_are_owner, members, invitations })
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    id: InvitationId,
    email: String,
    #[sqlx(try_from = "String")]
    role: Role,
    created_at: i64,
    expires_at: i64,
}

async fn open_invitations(db: &Db, company_id: CompanyId) -> Result<Vec<PendingInvitation>, AppError> {
    let rows: Vec<PendingRow> = sqlx::query_as(
        "SELECT id, email, role, created_at, expires_at FROM invitations \
         WHERE company_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL ORDER BY created_at DESC",
    )
    .bind(company_id)
    .fetch_all(db.pool())
    .await?;
    let now = now();
    Ok(rows
        .into_iter()
        .map(|r| PendingInvitation {
            id: r.id,
            email: r.email,
            role: r.role,
            sent_at: r.created_at,
            expires_at: r.expires_at,
            expired: r.expires_at <= now,
        })
        .collect())
}

/// Invites `email` to the company and queues the email with the link. Re-inviting the same
/// address replaces the earlier open invitation, so only the newest link works.
pub async fn invite(
    db: &Db,
    inviter: &SessionUser,
    company_id: CompanyId,
    email: &str,
    role: &str,
    public_url: &str,
) -> Result<(), AppError> {
    let mut v = FieldErrors::new();
    let parsed_email = v.check("email", Email::parse(email));
    let parsed_role = v.check("role", role.parse::<Role>());
    let echo = [("email", email), ("role", role)];
    let (Some(email), Some(role)) = (parsed_email, parsed_role) else {
        return Err(v.into_error().with_echo(echo));
    };
    let at = now();
    let mut tx = db.begin_write().await?;
    let already_member: Option<UserId> = sqlx::query_scalar(
        "SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = $1 AND u.email = $2",
    )
    .bind(company_id)
    .bind(email.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if already_member.is_some() {
        return Err(AppError::field("email", "This person is already on your team.").with_echo(echo));
    }
    // Invitations are mail to people who never asked for it: a company sends a bounded number.
    let (sent_today, to_this_address): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN email = $3 THEN 1 ELSE 0 END), 0) FROM invitations \
         WHERE company_id = $1 AND created_at > $2",
    )
    .bind(company_id)
    .bind(at - DAY)
    .bind(email.as_str())
    .fetch_one(&mut *tx)
    .await?;
    if sent_today >= INVITATIONS_PER_DAY {
        return Err(AppError::form(format!(
            "Your company has sent {INVITATIONS_PER_DAY} invitations in the last 24 hours. Try again tomorrow."
        ))
        .with_echo(echo));
    }
    if to_this_address >= INVITATIONS_PER_ADDRESS_PER_DAY {
        return Err(AppError::field("email", "This address has been invited several times today. Try again tomorrow.")
            .with_echo(echo));
    }
    let company_name: String =
        sqlx::query_scalar("SELECT name FROM companies WHERE id = $1").bind(company_id).fetch_one(&mut *tx).await?;
    sqlx::query(
        "UPDATE invitations SET revoked_at = $1 \
         WHERE company_id = $2 AND email = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(company_id)
    .bind(email.as_str())
    .execute(&mut *tx)
    .await?;
    let (token, digest) = new_token();
    sqlx::query(
        "INSERT INTO invitations (company_id, email, role, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(company_id)
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(digest)
    .bind(inviter.id)
    .bind(at)
    .bind(at + INVITATION_DAYS * DAY)
    .execute(&mut *tx)
    .await?;
    let link = format!("{public_url}/invitations/{token}");
    mail::enqueue(
        &mut tx,
        mail::Message {
            to: email.as_str(),
            subject: format!("{} invited you to join {company_name} on Caravan", inviter.name),
            body: format!(
                "Hello,\n\n{} ({}) invited you to join {company_name} on Caravan as {}.\n\n\
                 Accept the invitation here (the link works for {INVITATION_DAYS} days):\n{link}\n\n\
                 If you did not expect this email, you can ignore it.\n",
                inviter.name,
                inviter.email,
                role.label().to_lowercase(),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn revoke(db: &Db, company_id: CompanyId, invitation_id: InvitationId) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE invitations SET revoked_at = $1 \
         WHERE id = $2 AND company_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(invitation_id)
    .bind(company_id)
    .execute(db.pool())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found("invitation"));
    }
    Ok(())
}

const LAST_OWNER: &str = "A company needs at least one owner. Make someone else an owner first.";

#[derive(sqlx::FromRow)]
struct RoleRow {
    #[sqlx(try_from = "String")]
    role: Role,
}

/// Checks that `user_id` is a member of `company_id` and that giving them `new_role` (`None`:
/// removing them) still leaves the company an owner.
async fn keep_an_owner(
    tx: &mut Transaction<'static, Any>,
    company_id: CompanyId,
    user_id: UserId,
    new_role: Option<Role>,
) -> Result<(), AppError> {
    let role: Option<RoleRow> = sqlx::query_as("SELECT role FROM memberships WHERE company_id = $1 AND user_id = $2")
        .bind(company_id)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    let current = role.ok_or_else(|| AppError::not_found("team member"))?.role;
    if current != Role::Owner || new_role == Some(Role::Owner) {
        return Ok(());
    }
    let owners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE company_id = $1 AND role = 'owner'")
        .bind(company_id)
        .fetch_one(&mut **tx)
        .await?;
    if owners <= 1 { Err(AppError::form(LAST_OWNER)) } else { Ok(()) }
}

pub async fn change_role(db: &Db, company_id: CompanyId, user_id: UserId, role: &str) -> Result<(), AppError> {
    let role = parse_role(role)?;
    let mut tx = db.begin_write().await?;
    keep_an_owner(&mut tx, company_id, user_id, Some(role)).await?;
    sqlx::query("UPDATE memberships SET role = $1 WHERE company_id = $2 AND user_id = $3")
        .bind(role.as_str())
        .bind(company_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove(db: &Db, company_id: CompanyId, user_id: UserId) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    keep_an_owner(&mut tx, company_id, user_id, None).await?;
    sqlx::query("DELETE FROM memberships WHERE company_id = $1 AND user_id = $2")
        .bind(company_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: InvitationId,
    company_id: CompanyId,
    #[sqlx(try_from = "String")]
    email: Email,
    #[sqlx(try_from = "String")]
    role: Role,
    expires_at: i64,
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl InvitationRow {
    fn state(&self, now: i64) -> InvitationState {
        match (self.accepted_at, self.revoked_at) {
            (Some(_), _) => InvitationState::Accepted,
            (_, Some(_)) => InvitationState::Revoked,
            _ if self.expires_at <= now => InvitationState::Expired,
            _ => InvitationState::Open,
        }
    }
}

async fn find_invitation<'e, E>(executor: E, token: &str) -> Result<InvitationRow, AppError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    // Tokens are 64 hex digits; anything else cannot match and is not worth a query.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::not_found("invitation"));
    }
    let row: Option<InvitationRow> = sqlx::query_as(
        "SELECT id, company_id, email, role, expires_at, accepted_at, revoked_at FROM invitations WHERE token_hash = $1",
    )
    .bind(token_digest(&token.to_ascii_lowercase()))
    .fetch_optional(executor)
    .await?;
    row.ok_or_else(|| AppError::not_found("invitation"))
}

#[derive(sqlx::FromRow)]
struct InvitingRow {
    name: String,
    #[sqlx(try_from = "String")]
    kind: CompanyKind,
    invited_by: Option<String>,
}

pub async fn details(db: &Db, token: &str) -> Result<InvitationDetails, AppError> {
    let invitation = find_invitation(db.pool(), token).await?;
    let company: InvitingRow = sqlx::query_as(
        "SELECT c.name, c.kind, u.name AS invited_by FROM invitations i JOIN companies c ON c.id = i.company_id \
         LEFT JOIN users u ON u.id = i.invited_by WHERE i.id = $1",
    )
    .bind(invitation.id)
    .fetch_one(db.pool())
    .await?;
    let account_exists = accounts::find_user_id(db.pool(), &invitation.email).await?.is_some();
    Ok(InvitationDetails {
        company_name: company.name,
        company_kind: company.kind,
        role: invitation.role,
        state: invitation.state(now()),
        email: invitation.email.to_string(),
        invited_by: company.invited_by,
        account_exists,
    })
}

/// Who takes up an invitation: a signed-in person, or a newcomer with the name and password
/// (hashed) they gave.
enum Joiner {
    Member(UserId),
    Newcomer(PersonName, String),
}

pub struct Joined {
    /// Set when accepting created the account: the new user and their password epoch.
    pub new_account: Option<(UserId, i64)>,
}

fn not_open(state: InvitationState) -> AppError {
    AppError::Conflict(
        match state {
            InvitationState::Accepted => "This invitation has already been accepted.",
            InvitationState::Revoked => "This invitation was withdrawn. Ask for a new one.",
            InvitationState::Expired => "This invitation has expired. Ask for a new one.",
            InvitationState::Open => "This invitation cannot be used.",
        }
        .to_string(),
    )
}

/// Accepts an invitation: a signed-in person with the invited address joins; a person without
/// an account gets one (with `name` and `password`). Marking the invitation accepted is
/// conditional, so two clicks never make two memberships.
pub async fn accept(
    db: &Db,
    token: &str,
    caller: Option<&SessionUser>,
    name: &str,
    password: &str,
) -> Result<Joined, AppError> {
    let invitation = find_invitation(db.pool(), token).await?;
    let state = invitation.state(now());
    if state != InvitationState::Open {
        return Err(not_open(state));
    }
    let email = &invitation.email;
    let joiner = match caller {
        Some(user) => {
            if user.email != email.as_str() {
                return Err(AppError::Conflict(format!(
                    "This invitation is for {email}, but you are signed in as {}. Sign out, then open the link again.",
                    user.email
                )));
            }
            if let Some(m) = &user.company {
                return Err(AppError::Conflict(format!(
                    "You already belong to {}. Leave it before joining another company.",
                    m.company_name
                )));
            }
            Joiner::Member(user.id)
        }
        None => {
            if accounts::find_user_id(db.pool(), email).await?.is_some() {
                return Err(AppError::form(
                    "An account with this email already exists. Sign in, then open the link again.",
                ));
            }
            let mut v = FieldErrors::new();
            let parsed_name = v.check("name", PersonName::parse(name));
            let parsed_password = v.check("password", NewPassword::parse(password, Some(email.as_str())));
            let (Some(parsed_name), Some(parsed_password)) = (parsed_name, parsed_password) else {
                return Err(v.into_error().with_echo([("name", name)]));
            };
            Joiner::Newcomer(parsed_name, password::hash(parsed_password.expose().to_string()).await?)
        }
    };
    let at = now();
    let mut tx = db.begin_write().await?;
    let claimed = sqlx::query(
        "UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(at)
    .bind(invitation.id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Err(not_open(InvitationState::Accepted));
    }
    let (user_id, created) = match joiner {
        Joiner::Newcomer(name, hash) => {
            // The invitation link reached this address: it is confirmed.
            let user = accounts::insert_user(&mut tx, email, &name, &hash, false, at, accounts::Address::Confirmed)
                .await?
                .ok_or_else(|| AppError::Conflict("An account with this email exists: sign in to accept.".into()))?;
            (user, Some(at))
        }
        Joiner::Member(user) => (user, None),
    };
    if !accounts::add_member(&mut tx, invitation.company_id, user_id, invitation.role, at).await? {
        return Err(AppError::Conflict("You already belong to a company.".into()));
    }
    tx.commit().await?;
    Ok(Joined { new_account: created.map(|epoch| (user_id, epoch)) })
}
