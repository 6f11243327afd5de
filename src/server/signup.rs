//! Joining Caravan. Sign-up never tells a stranger whether an address has an account: it
//! always answers "check your inbox"; the new account gets a link to confirm its address, and
//! an existing account's owner a note that someone tried to sign up with it. Until the address
//! is confirmed, an account can look around but not order, quote or invite.

use super::accounts::{self, Address, CompanyForm, validate_company};
use super::db::Db;
use super::{mail, new_token, now, password, ratelimit, token_digest};
use crate::domain::form::FieldErrors;
use crate::domain::{Email, NewPassword, PersonName, UserId};
use crate::error::AppError;
use crate::model::session::SessionUser;
use sqlx::{Any, Transaction};

/// Sign-ups one client address may send in an hour, unless configured otherwise.
pub const SIGNUPS_PER_HOUR: i64 = 10;
/// "Someone tried to sign up with your address" mails one account receives in an hour.
const NOTICES_PER_HOUR: i64 = 3;
/// Confirmation mails one account may ask for in an hour (sign-up's included).
pub const CONFIRMATIONS_PER_HOUR: i64 = 3;
/// How long a confirmation link works.
pub const CONFIRM_VALID_SECS: i64 = 48 * 3600;
const HOUR: i64 = 3600;

/// What the sign-up form sends, untrusted.
#[derive(Debug, Clone, Default)]
pub struct SignUpForm {
    pub account_type: String,
    pub company_name: String,
    pub country: String,
    pub name: String,
    pub email: String,
    pub password: String,
}

/// Checks the form and, for a new address, creates the user, their company and their owner
/// membership (all or nothing) and mails the confirmation link; for an address with an account,
/// mails its owner instead. Both take the same steps (the password is hashed either way), so
/// neither the answer nor its timing tells which it was.
pub async fn sign_up(
    db: &Db,
    form: &SignUpForm,
    client: &str,
    config: &super::config::Config,
) -> Result<(), AppError> {
    let public_url = &config.public_url();
    let mut v = FieldErrors::new();
    let company_form = CompanyForm {
        account_type: form.account_type.clone(),
        company_name: form.company_name.clone(),
        country: form.country.clone(),
        city: String::new(),
    };
    let company = validate_company(&mut v, &company_form);
    let name = v.check("name", PersonName::parse(&form.name));
    let email = v.check("email", Email::parse(&form.email));
    let password = v.check("password", NewPassword::parse(&form.password, Some(&form.email)));
    let echo = [
        ("account_type", form.account_type.as_str()),
        ("company_name", form.company_name.as_str()),
        ("country", form.country.as_str()),
        ("name", form.name.as_str()),
        ("email", form.email.as_str()),
    ];
    let (Some(company), Some(name), Some(email), Some(password)) = (company, name, email, password) else {
        return Err(v.into_error().with_echo(echo));
    };
    ratelimit::allow(db, "signup", client, config.signups_per_hour, HOUR).await?;
    let hash = password::hash(password.expose().to_string()).await?;
    let created = now();
    let mut tx = db.begin_write().await?;
    let new_user = match accounts::find_user_id(&mut *tx, &email).await? {
        Some(_) => None,
        None => accounts::insert_user(&mut tx, &email, &name, &hash, false, created, Address::ToConfirm).await?,
    };
    let Some(user) = new_user else {
        drop(tx);
        return tell_owner(db, &email, public_url).await;
    };
    accounts::insert_company_with_owner(&mut tx, &company, user, created).await?;
    send_confirmation(&mut tx, user, &email, public_url).await?;
    tx.commit().await?;
    Ok(())
}

/// Mails the owner of `email` that someone tried to sign up with it (a few times an hour at
/// most: beyond that the attempts are only logged).
async fn tell_owner(db: &Db, email: &Email, public_url: &str) -> Result<(), AppError> {
    if ratelimit::allow(db, "signup-notice", email.as_str(), NOTICES_PER_HOUR, HOUR).await.is_err() {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    mail::enqueue(
        &mut tx,
        mail::Message {
            to: email.as_str(),
            subject: "Someone tried to sign up with your address".to_string(),
            body: format!(
                "Someone tried to create a Caravan account with this address, which already has one. \
                 No new account was made.\n\nIf it was you, sign in here:\n{public_url}/login\n\n\
                 Forgot your password? Ask for a reset link here:\n{public_url}/forgot-password\n\n\
                 If it was not you, you can ignore this mail.\n"
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The page that confirms an address, for `token`.
pub fn confirm_link(public_url: &str, token: &str) -> String {
    format!("{public_url}/confirm-email/{token}")
}

async fn send_confirmation(
    tx: &mut Transaction<'static, Any>,
    user: UserId,
    email: &Email,
    public_url: &str,
) -> Result<(), AppError> {
    let token = open_link(tx, user, email).await?;
    mail::enqueue(
        tx,
        mail::Message {
            to: email.as_str(),
            subject: "Confirm your email address for Caravan".to_string(),
            body: format!(
                "Welcome to Caravan!\n\nConfirm that this is your address to start ordering, quoting and inviting \
                 your team (the link works for two days):\n{}\n\n\
                 If you did not sign up, ignore this mail: the account stays unconfirmed.\n",
                confirm_link(public_url, &token)
            ),
        },
    )
    .await
}

/// Stores a new link that confirms `email` for `user`; answers its token.
async fn open_link(tx: &mut Transaction<'static, Any>, user: UserId, email: &Email) -> Result<String, AppError> {
    let (token, digest) = new_token();
    let at = now();
    sqlx::query(
        "INSERT INTO email_verifications (user_id, email, token_digest, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user)
    .bind(email.as_str())
    .bind(digest)
    .bind(at)
    .bind(at + CONFIRM_VALID_SECS)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// Starts moving a signed-in person's account to `new_email`, after their password: the new
/// address gets a link that makes the change (until then they sign in with the current one),
/// the current address a note. An address that has an account gets no link, and the answer
/// is the same, so the form cannot tell who has one.
pub async fn request_email_change(
    db: &Db,
    user: &SessionUser,
    new_email: &str,
    password: &str,
    public_url: &str,
) -> Result<(), AppError> {
    let mut v = FieldErrors::new();
    let email = v.check("new_email", Email::parse(new_email));
    if email.as_ref().is_some_and(|e| e.as_str() == user.email) {
        v.add("new_email", "That is already your address.");
    }
    accounts::confirm_password(&mut v, db, user.id, password).await?;
    let Some(email) = email.filter(|_| v.is_empty()) else {
        return Err(v.into_error().with_echo([("new_email", new_email)]));
    };
    // Counted whether or not a link goes out, so the limit applies to probing too.
    ratelimit::allow(db, "email-change", &user.id.get().to_string(), CONFIRMATIONS_PER_HOUR, HOUR).await?;
    let mut tx = db.begin_write().await?;
    // Earlier links stop working: only the newest request can change the address.
    sqlx::query("UPDATE email_verifications SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now())
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    if accounts::find_user_id(&mut *tx, &email).await?.is_some() {
        tracing::info!(user = user.id.get(), "email change to an address with an account: no link sent");
        tx.commit().await?;
        return Ok(());
    }
    let token = open_link(&mut tx, user.id, &email).await?;
    mail::enqueue(
        &mut tx,
        mail::Message {
            to: email.as_str(),
            subject: "Confirm your new email address for Caravan".to_string(),
            body: format!(
                "{} asked to sign in to Caravan with this address from now on.\n\n\
                 Confirm it here (the link works for two days):\n{}\n\n\
                 If you did not ask for it, ignore this mail: nothing changes.\n",
                user.name,
                confirm_link(public_url, &token)
            ),
        },
    )
    .await?;
    mail::enqueue(
        &mut tx,
        mail::Message {
            to: &user.email,
            subject: "Your Caravan address is being changed".to_string(),
            body: format!(
                "Someone signed in to your Caravan account asked to move it to {}. It moves once that address \
                 confirms; until then you sign in with this one.\n\n\
                 If it was not you, change your password now:\n{public_url}/account/password\n",
                email.as_str()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends a signed-in, unconfirmed person a new confirmation link, a few times an hour at most.
pub async fn resend(db: &Db, user: &SessionUser, public_url: &str) -> Result<(), AppError> {
    if user.email_verified {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    let recent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM email_verifications WHERE user_id = $1 AND created_at > $2")
            .bind(user.id)
            .bind(now() - HOUR)
            .fetch_one(&mut *tx)
            .await?;
    if recent >= CONFIRMATIONS_PER_HOUR {
        return Err(AppError::form(
            "We have sent several links in the last hour. Check your spam folder, or ask again in an hour.",
        ));
    }
    let email = Email::parse(&user.email).map_err(AppError::internal)?;
    send_confirmation(&mut tx, user.id, &email, public_url).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a confirmation link still works.
pub async fn link_open(db: &Db, token: &str) -> Result<bool, AppError> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM email_verifications WHERE token_digest = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_digest(token))
    .bind(now())
    .fetch_optional(db.pool())
    .await?;
    Ok(open.is_some())
}

#[derive(sqlx::FromRow)]
struct Link {
    user_id: UserId,
    email: String,
    current_email: String,
    password_changed_at: i64,
}

/// What a confirmation link did.
pub struct Confirmed {
    pub user: UserId,
    /// The password epoch, to sign the owner in.
    pub epoch: i64,
    /// The link moved the account to a new address (rather than confirming its sign-up one).
    pub moved: bool,
}

/// Confirms the address a link was sent to, once: the sign-up address, or a new one the
/// account moves to (while no other account has taken it meanwhile).
pub async fn confirm(db: &Db, token: &str) -> Result<Confirmed, AppError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    let link: Option<Link> = sqlx::query_as(
        "SELECT v.user_id, v.email, u.email AS current_email, u.password_changed_at \
         FROM email_verifications v JOIN users u ON u.id = v.user_id \
         WHERE v.token_digest = $1 AND v.used_at IS NULL AND v.expires_at > $2",
    )
    .bind(token_digest(token))
    .bind(at)
    .fetch_optional(&mut *tx)
    .await?;
    let Link { user_id, email, current_email, password_changed_at } = link
        .ok_or_else(|| AppError::form("This confirmation link has expired or was already used. Sign in to ask for a new one."))?;
    sqlx::query("UPDATE email_verifications SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(at)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let moved = email != current_email;
    if moved {
        let parsed = Email::parse(&email).map_err(AppError::internal)?;
        if accounts::find_user_id(&mut *tx, &parsed).await?.is_some() {
            tx.commit().await?;
            return Err(AppError::form("That address has an account of its own now, so yours cannot move to it."));
        }
    }
    sqlx::query(
        "UPDATE users SET email = $1, \
         email_verified_at = CASE WHEN email = $1 THEN COALESCE(email_verified_at, $2) ELSE $2 END WHERE id = $3",
    )
    .bind(&email)
    .bind(at)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Confirmed { user: user_id, epoch: password_changed_at, moved })
}
