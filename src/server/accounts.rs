//! People and their companies: sign-up, sign-in, passwords, platform admins.

use super::db::{Choice, Db, is_unique_violation};
use super::messages::UNREAD_THREADS;
use super::{now, password, ratelimit};
use crate::domain::form::FieldErrors;
use crate::domain::{
    City, CompanyId, CompanyKind, CompanyName, Country, Email, NewPassword, PersonName, Role, Slug, UserId,
};
use crate::error::{AppError, OrInternal};
use crate::model::session::{Membership, SessionUser};
use sqlx::{Any, Transaction};
use std::sync::LazyLock;

/// The company part of sign-up, also used by people who left a company and start a new one.
#[derive(Debug, Clone, Default)]
pub struct CompanyForm {
    pub account_type: String,
    pub company_name: String,
    pub country: String,
    pub city: String,
}

/// A company about to be written.
pub struct NewCompany {
    pub kind: CompanyKind,
    pub name: CompanyName,
    pub country: Country,
    pub city: String,
}

pub(super) fn validate_company(v: &mut FieldErrors, form: &CompanyForm) -> Option<NewCompany> {
    let kind = v.check(
        "account_type",
        form.account_type.parse::<CompanyKind>().map_err(|_| "Choose whether your company buys, sells, or both."),
    );
    let name = v.check("company_name", CompanyName::parse(&form.company_name));
    let country = v.check("country", Country::parse(&form.country));
    let city = if form.city.trim().is_empty() {
        Some(String::new())
    } else {
        v.check("city", City::parse(&form.city)).map(String::from)
    };
    Some(NewCompany { kind: kind?, name: name?, country: country?, city: city? })
}

/// Whether a new account's address is already known to be its owner's (an invitation or an
/// admin vouches for it), or still to be confirmed by a mailed link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address {
    Confirmed,
    ToConfirm,
}

/// Writes a user; `None` when an account with the address exists (two requests raced).
pub(super) async fn insert_user(
    tx: &mut Transaction<'static, Any>,
    email: &Email,
    name: &PersonName,
    password_hash: &str,
    is_admin: bool,
    at: i64,
    address: Address,
) -> Result<Option<UserId>, AppError> {
    let inserted = sqlx::query_scalar::<_, UserId>(
        "INSERT INTO users (email, name, password_hash, is_admin, created_at, password_changed_at, email_verified_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
    )
    .bind(email.as_str())
    .bind(name.as_str())
    .bind(password_hash)
    .bind(i64::from(is_admin))
    .bind(at)
    .bind((address == Address::Confirmed).then_some(at))
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok(id) => Ok(Some(id)),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn insert_company_with_owner(
    tx: &mut Transaction<'static, Any>,
    company: &NewCompany,
    owner: UserId,
    at: i64,
) -> Result<CompanyId, AppError> {
    let slug = free_company_slug(tx, company.name.as_str()).await?;
    let company_id = insert_company(tx, company, &slug, at).await?;
    if !add_member(tx, company_id, owner, Role::Owner, at).await? {
        return Err(AppError::Conflict("You already belong to a company.".into()));
    }
    Ok(company_id)
}

/// Writes a company at the address `slug` (taken addresses are the caller's to avoid).
pub(super) async fn insert_company(
    tx: &mut Transaction<'static, Any>,
    company: &NewCompany,
    slug: &Slug,
    at: i64,
) -> Result<CompanyId, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO companies (name, slug, kind, country, city, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(company.name.as_str())
    .bind(slug.as_str())
    .bind(company.kind.as_str())
    .bind(company.country.code())
    .bind(&company.city)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?)
}

/// Makes `user` a member of `company` in `role`; `false` when they belong to a company
/// already (a person is in one company at a time).
pub(super) async fn add_member(
    tx: &mut Transaction<'static, Any>,
    company: CompanyId,
    user: UserId,
    role: Role,
    at: i64,
) -> Result<bool, AppError> {
    let added = sqlx::query("INSERT INTO memberships (company_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)")
        .bind(company)
        .bind(user)
        .bind(role.as_str())
        .bind(at)
        .execute(&mut **tx)
        .await;
    match added {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The company's address on the marketplace: its name as a slug, numbered when taken.
/// Runs inside the write transaction, so on SQLite nobody can take it meanwhile.
async fn free_company_slug(tx: &mut Transaction<'static, Any>, name: &str) -> Result<Slug, AppError> {
    let base = match Slug::from_name(name) {
        Some(slug) => slug,
        None => Slug::parse("company").or_internal()?,
    };
    for n in 1..=1000u32 {
        let candidate = if n == 1 { base.clone() } else { base.with_suffix(n) };
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM companies WHERE slug = $1")
            .bind(candidate.as_str())
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_none() {
            return Ok(candidate);
        }
    }
    Err(AppError::Conflict("Too many companies share this name; please add a distinguishing word.".into()))
}

/// A signed-in person without a company (for example after leaving one) starts a new one.
pub async fn create_company_for(db: &Db, user: &SessionUser, form: &CompanyForm) -> Result<CompanyId, AppError> {
    if let Some(m) = &user.company {
        return Err(AppError::Conflict(format!("You already belong to {}.", m.company_name)));
    }
    let mut v = FieldErrors::new();
    let echo = [
        ("account_type", form.account_type.as_str()),
        ("company_name", form.company_name.as_str()),
        ("country", form.country.as_str()),
        ("city", form.city.as_str()),
    ];
    let Some(company) = validate_company(&mut v, form) else {
        return Err(v.into_error().with_echo(echo));
    };
    let mut tx = db.begin_write().await?;
    // Checked again inside the transaction: a second browser tab may have been quicker.
    let member: Option<CompanyId> = sqlx::query_scalar("SELECT company_id FROM memberships WHERE user_id = $1")
        .bind(user.id)
        .fetch_optional(&mut *tx)
        .await?;
    if member.is_some() {
        return Err(AppError::Conflict("You already belong to a company.".into()));
    }
    let id = insert_company_with_owner(&mut tx, &company, user.id, now()).await?;
    tx.commit().await?;
    Ok(id)
}

/// The account with `email`, if there is one (in a transaction, or from the pool).
pub async fn find_user_id<'c>(
    executor: impl sqlx::Executor<'c, Database = Any>,
    email: &Email,
) -> Result<Option<UserId>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(executor)
        .await?)
}

#[derive(sqlx::FromRow)]
struct CredentialRow {
    id: UserId,
    password_hash: String,
    password_changed_at: i64,
}

/// Checks an email and password, with lock-outs after repeated failures.
/// Returns the user and their password epoch.
pub async fn authenticate(
    db: &Db,
    email: &str,
    password: &str,
    client: &str,
    public_url: &str,
) -> Result<(UserId, i64), AppError> {
    let mut v = FieldErrors::new();
    let parsed = v.check("email", Email::parse(email));
    if password.is_empty() {
        v.add("password", "Enter your password.");
    }
    let echo = [("email", email)];
    let Some(email) = parsed.filter(|_| v.is_empty()) else {
        return Err(v.into_error().with_echo(echo));
    };
    ratelimit::check_login(db, email.as_str(), client).await?;
    let row: Option<CredentialRow> =
        sqlx::query_as("SELECT id, password_hash, password_changed_at FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(db.pool())
            .await?;
    let (hash, rest) = match row {
        Some(row) => (Some(row.password_hash), Some((row.id, row.password_changed_at))),
        None => (None, None),
    };
    let ok = password::verify(hash, password.to_string()).await;
    match rest {
        Some((id, epoch)) if ok => {
            ratelimit::clear_account(db, email.as_str(), client).await?;
            Ok((id, epoch))
        }
        _ => {
            ratelimit::record_login_failure(db, email.as_str(), client, public_url).await?;
            // One message for unknown account and wrong password: no account discovery.
            Err(AppError::form("That email and password do not match an account.").with_echo(echo))
        }
    }
}

#[derive(sqlx::FromRow)]
struct PasswordRow {
    email: String,
    password_hash: String,
    password_changed_at: i64,
}

/// The email addresses of a company's owners, who are told of what touches the company's
/// money, listings and standing.
pub async fn owner_emails(tx: &mut Transaction<'static, Any>, company: CompanyId) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.company_id = $1 AND m.role = 'owner' ORDER BY u.id",
    )
    .bind(company)
    .fetch_all(&mut **tx)
    .await?)
}

/// Checks a password re-entered to confirm a change a stolen session alone must not make
/// (where money is paid), as an error beside the `password` field.
pub async fn confirm_password(
    errors: &mut FieldErrors,
    db: &Db,
    user_id: UserId,
    password: &str,
) -> Result<(), AppError> {
    if password.is_empty() {
        errors.add("password", "Enter your password to confirm the change.");
    } else if !password_matches(db, user_id, password).await? {
        errors.add("password", "That is not your password.");
    }
    Ok(())
}

/// Whether `password` is the user's own: re-checked before a sensitive change.
pub async fn password_matches(db: &Db, user_id: UserId, password: &str) -> Result<bool, AppError> {
    let hash: Option<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(password::verify(hash, password.to_string()).await)
}

/// Changes a password after re-checking the current one. Returns the new password epoch;
/// every other session of this user stops being valid.
pub async fn change_password(db: &Db, user_id: UserId, current: &str, new: &str) -> Result<i64, AppError> {
    let row: Option<PasswordRow> =
        sqlx::query_as("SELECT email, password_hash, password_changed_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(db.pool())
            .await?;
    let PasswordRow { email, password_hash: hash, password_changed_at: old_epoch } =
        row.ok_or(AppError::Unauthenticated)?;
    let mut v = FieldErrors::new();
    let new_password = v.check("new_password", NewPassword::parse(new, Some(&email)));
    if current.is_empty() {
        v.add("current_password", "Enter your current password.");
    } else if !password::verify(Some(hash), current.to_string()).await {
        v.add("current_password", "That is not your current password.");
    }
    if current == new && v.is_empty() {
        v.add("new_password", "Choose a password different from the current one.");
    }
    let (Some(new_password), true) = (new_password, v.is_empty()) else {
        return Err(v.into_error());
    };
    let new_hash = password::hash(new_password.expose().to_string()).await?;
    // Epochs are seconds; two changes within one second must still differ.
    let epoch = now().max(old_epoch + 1);
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(new_hash)
        .bind(epoch)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(epoch)
}

/// A signed-in person as one row: who they are, the password epoch their sessions must match,
/// and the two counts every page's header shows (read together: one query per request).
#[derive(Debug, Clone)]
pub struct SessionLoad {
    pub user: SessionUser,
    pub epoch: i64,
    /// Lines in their own cart (whether they may buy is the cart's business).
    pub cart_lines: u32,
    pub unread_threads: u32,
}

pub async fn load_session_user(db: &Db, user_id: UserId) -> Result<Option<SessionLoad>, AppError> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT u.id, u.email, u.name, u.is_admin, u.password_changed_at, \
         CASE WHEN u.email_verified_at IS NULL THEN 0 ELSE 1 END AS email_verified, \
         CASE WHEN EXISTS (SELECT 1 FROM two_factor t WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL) \
         THEN 1 ELSE 0 END AS two_factor, COALESCE(m.role, '') AS role, \
         c.id AS company_id, c.name AS company_name, c.slug AS company_slug, COALESCE(c.kind, '') AS kind, \
         (SELECT COUNT(*) FROM cart_lines l WHERE l.user_id = u.id) AS cart_lines, \
         {UNREAD_THREADS} AS unread_threads \
         FROM users u \
         LEFT JOIN memberships m ON m.user_id = u.id \
         LEFT JOIN companies c ON c.id = m.company_id \
         WHERE u.id = $1"
        )
    });
    let row: Option<SessionRow> = sqlx::query_as(SQL.as_str()).bind(user_id).fetch_optional(db.pool()).await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let company = match (row.role.0, row.company_id, row.company_name, row.company_slug, row.kind.0) {
        (Some(role), Some(company_id), Some(company_name), Some(company_slug), Some(kind)) => {
            Some(Membership { company_id, company_name, company_slug, kind, role })
        }
        _ => None,
    };
    let user = SessionUser {
        id: row.id,
        email: row.email,
        name: row.name,
        is_admin: row.is_admin != 0,
        email_verified: row.email_verified != 0,
        two_factor: row.two_factor != 0,
        company,
    };
    Ok(Some(SessionLoad {
        user,
        epoch: row.password_changed_at,
        cart_lines: u32::try_from(row.cart_lines).unwrap_or(0),
        unread_threads: u32::try_from(row.unread_threads).unwrap_or(0),
    }))
}

/// A person with their membership, where they have one.
#[derive(sqlx::FromRow)]
struct SessionRow {
    id: UserId,
    email: String,
    name: String,
    is_admin: i64,
    password_changed_at: i64,
    email_verified: i64,
    two_factor: i64,
    #[sqlx(try_from = "String")]
    role: Choice<Role>,
    company_id: Option<CompanyId>,
    company_name: Option<String>,
    company_slug: Option<String>,
    #[sqlx(try_from = "String")]
    kind: Choice<CompanyKind>,
    cart_lines: i64,
    unread_threads: i64,
}

/// Outcome of `caravan admin create`.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminCreated {
    Created(UserId),
    Promoted(UserId),
}

/// Creates a platform admin, or grants admin rights to an existing account with that email.
pub async fn create_admin(db: &Db, email: &str, name: &str, password: &str) -> Result<AdminCreated, AppError> {
    let email = Email::parse(email).map_err(|e| AppError::field("email", e))?;
    if let Some(id) = find_user_id(db.pool(), &email).await? {
        sqlx::query("UPDATE users SET is_admin = 1 WHERE id = $1").bind(id).execute(db.pool()).await?;
        return Ok(AdminCreated::Promoted(id));
    }
    let name = PersonName::parse(name).map_err(|e| AppError::field("name", e))?;
    let password = NewPassword::parse(password, Some(email.as_str())).map_err(|e| AppError::field("password", e))?;
    let hash = password::hash(password.expose().to_string()).await?;
    let mut tx = db.begin_write().await?;
    let id = insert_user(&mut tx, &email, &name, &hash, true, now(), Address::Confirmed)
        .await?
        .ok_or_else(|| AppError::Conflict("An account with this email was created meanwhile.".into()))?;
    tx.commit().await?;
    Ok(AdminCreated::Created(id))
}
