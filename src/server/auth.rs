//! Who is calling, and the guards every server function starts with. Authorization is decided
//! here, on the server, from the session and fresh database rows; never from the UI.

use super::{AppState, accounts, cart, now, two_factor};
use crate::domain::{CompanyId, Role, UserId};
use crate::error::{AppError, OrInternal};
use crate::model::session::{Membership, SessionUser};
use accounts::SessionLoad;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use tower_sessions::Session;

const USER_KEY: &str = "user_id";
/// The password epoch the session was opened under; changing the password ends other sessions.
const EPOCH_KEY: &str = "password_epoch";

/// The client's address, worked out once per request by the `client_ip` middleware.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl ClientIp {
    pub fn subject(self) -> String {
        self.0.map(|ip| ip.to_string()).unwrap_or_else(|| "unknown".to_string())
    }
}

/// This request's session. Read from the request's own parts in place: cloning them (as an
/// extractor would) costs every page several allocations per call.
pub async fn session() -> Result<Session, AppError> {
    from_request::<Session>().ok_or_else(|| AppError::internal("no session layer in front of this request"))
}

fn from_request<T: Clone + Send + Sync + 'static>() -> Option<T> {
    leptos::prelude::with_context::<http::request::Parts, _>(|parts| parts.extensions.get::<T>().cloned()).flatten()
}

pub async fn client_ip() -> ClientIp {
    from_request::<ClientIp>().unwrap_or(ClientIp(None))
}

/// A sign-in whose password was right, waiting for its two-factor code.
const PENDING_KEY: &str = "two_factor_pending";
/// How long the code step waits after the password.
const PENDING_SECS: i64 = 600;

#[derive(serde::Serialize, serde::Deserialize)]
struct PendingSignIn {
    user_id: i64,
    epoch: i64,
    next: String,
    until: i64,
}

/// Signs in once the password (or a mailed link) proved who it is: at once, or, for an account
/// with two-factor sign-in, after a code on the next page. Answers where to go.
pub async fn sign_in(state: &AppState, user_id: UserId, epoch: i64, next: &str) -> Result<String, AppError> {
    if two_factor::enabled(&state.db, user_id).await? {
        let pending = PendingSignIn { user_id: user_id.get(), epoch, next: next.to_string(), until: now() + PENDING_SECS };
        session().await?.insert(PENDING_KEY, pending).await.or_internal()?;
        return Ok("/login/two-factor".to_string());
    }
    log_in(user_id, epoch).await?;
    cart::merge_visitor_cart(state).await?;
    Ok(next.to_string())
}

/// Whether this visitor's password step is done and waits for its code.
pub async fn sign_in_pending() -> Result<bool, AppError> {
    Ok(pending_sign_in().await?.is_some())
}

async fn pending_sign_in() -> Result<Option<PendingSignIn>, AppError> {
    let pending = session().await?.get::<PendingSignIn>(PENDING_KEY).await.or_internal()?;
    Ok(pending.filter(|p| p.until > now()))
}

/// The code step of a sign-in: signs in when `code` is right. Answers where to go.
pub async fn finish_sign_in(state: &AppState, code: &str) -> Result<String, AppError> {
    let Some(pending) = pending_sign_in().await? else {
        return Err(AppError::form("This sign-in has timed out. Sign in again with your password."));
    };
    let user_id = UserId::new(pending.user_id).map_err(AppError::internal)?;
    two_factor::verify(&state.db, user_id, code).await?;
    session().await?.remove::<PendingSignIn>(PENDING_KEY).await.or_internal()?;
    log_in(user_id, pending.epoch).await?;
    cart::merge_visitor_cart(state).await?;
    Ok(pending.next)
}

/// Starts an authenticated session under a new id (defeats session fixation).
pub async fn log_in(user_id: UserId, password_epoch: i64) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.or_internal()?;
    session.insert(USER_KEY, user_id.get()).await.or_internal()?;
    session.insert(EPOCH_KEY, password_epoch).await.or_internal()?;
    Ok(())
}

/// Keeps this session valid after its own password change.
pub async fn refresh_epoch(password_epoch: i64) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.or_internal()?;
    session.insert(EPOCH_KEY, password_epoch).await.or_internal()
}

pub async fn log_out() -> Result<(), AppError> {
    session().await?.flush().await.or_internal()
}

/// The signed-in user, or `None`. A session whose user is gone or whose password changed
/// since sign-in is ended here.
pub async fn current_user(state: &AppState) -> Result<Option<SessionUser>, AppError> {
    Ok(signed_in(state).await?.map(|load| load.user))
}

/// Who is signed in, with their header's counts, read once per request: the page's guards,
/// its header and its server functions all share one row. The row is kept under the session's
/// user and epoch, so signing in or out within the request reads again.
pub async fn signed_in(state: &AppState) -> Result<Option<SessionLoad>, AppError> {
    let session = session().await?;
    let Some(key) = session_key(&session).await? else { return Ok(None) };
    let memo = from_request::<SignedInThisRequest>();
    if let Some(load) = memo.as_ref().and_then(|memo| memo.get(key)) {
        return Ok(Some(load));
    }
    let load = load_checked(state, &session, key).await?;
    if let (Some(memo), Some(load)) = (memo, &load) {
        memo.keep(key, load.clone());
    }
    Ok(load)
}

/// The signed-in user on `session` (for plain axum handlers, which have no Leptos context).
pub async fn session_user(state: &AppState, session: &Session) -> Result<Option<SessionUser>, AppError> {
    let Some(key) = session_key(session).await? else { return Ok(None) };
    Ok(load_checked(state, session, key).await?.map(|load| load.user))
}

/// The user id and password epoch a session was signed in under.
type SessionKey = (i64, Option<i64>);

async fn session_key(session: &Session) -> Result<Option<SessionKey>, AppError> {
    let Some(user_id) = session.get::<i64>(USER_KEY).await.or_internal()? else { return Ok(None) };
    Ok(Some((user_id, session.get::<i64>(EPOCH_KEY).await.or_internal()?)))
}

async fn load_checked(
    state: &AppState,
    session: &Session,
    (user_id, epoch): SessionKey,
) -> Result<Option<SessionLoad>, AppError> {
    let loaded = match UserId::new(user_id) {
        Ok(id) => accounts::load_session_user(&state.db, id).await?,
        Err(_) => None,
    };
    match loaded {
        Some(load) if epoch == Some(load.epoch) => Ok(Some(load)),
        _ => {
            session.flush().await.or_internal()?;
            Ok(None)
        }
    }
}

/// Where a request keeps who is signed in once read (see `signed_in`); the `remember_signed_in`
/// middleware gives each request its own.
#[derive(Clone, Default)]
pub struct SignedInThisRequest(Arc<Mutex<Option<(SessionKey, SessionLoad)>>>);

impl SignedInThisRequest {
    fn get(&self, key: SessionKey) -> Option<SessionLoad> {
        let kept = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.as_ref().filter(|(k, _)| *k == key).map(|(_, load)| load.clone())
    }

    fn keep(&self, key: SessionKey, load: SessionLoad) {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((key, load));
    }
}

pub async fn require_user(state: &AppState) -> Result<SessionUser, AppError> {
    current_user(state).await?.ok_or(AppError::Unauthenticated)
}

/// Refuses what an account may not do before its email address is confirmed (order, quote,
/// invite): `user` itself when it may.
pub fn require_confirmed(user: SessionUser) -> Result<SessionUser, AppError> {
    if user.email_verified {
        Ok(user)
    } else {
        Err(AppError::form(
            "Confirm your email address first: open the link we mailed you. Your account page can send a new one.",
        ))
    }
}

/// A signed-in person whose email address is confirmed.
pub async fn require_confirmed_user(state: &AppState) -> Result<SessionUser, AppError> {
    require_confirmed(require_user(state).await?)
}

/// A platform admin who signs in with two factors (admin pages stay shut until it is on).
pub async fn require_admin(state: &AppState) -> Result<SessionUser, AppError> {
    let user = require_user(state).await?;
    match (user.is_admin, user.two_factor) {
        (true, true) => Ok(user),
        (true, false) => Err(AppError::TwoFactorRequired),
        (false, _) => Err(AppError::Forbidden),
    }
}

/// A signed-in member of `company_id`, with their membership.
pub async fn require_company_member(
    state: &AppState,
    company_id: CompanyId,
) -> Result<(SessionUser, Membership), AppError> {
    let user = require_user(state).await?;
    match user.company.clone() {
        Some(membership) if membership.company_id == company_id => Ok((user, membership)),
        _ => Err(AppError::Forbidden),
    }
}

/// A signed-in owner of `company_id` (team management, company settings).
pub async fn require_company_owner(
    state: &AppState,
    company_id: CompanyId,
) -> Result<(SessionUser, Membership), AppError> {
    let (user, membership) = require_company_member(state, company_id).await?;
    if membership.role == Role::Owner { Ok((user, membership)) } else { Err(AppError::Forbidden) }
}

/// A signed-in member of `company_id` when that company sells (storefront, products).
pub async fn require_supplier_member(
    state: &AppState,
    company_id: CompanyId,
) -> Result<(SessionUser, Membership), AppError> {
    let (user, membership) = require_company_member(state, company_id).await?;
    if membership.kind.sells() { Ok((user, membership)) } else { Err(AppError::Forbidden) }
}

/// Keeps a value in the session for the next page (what a failed form held, when it is too
/// long to travel back in the redirect URL).
pub async fn flash_put<T: serde::Serialize + Send + Sync>(key: &str, value: &T) -> Result<(), AppError> {
    session().await?.insert(key, value).await.or_internal()
}

/// Takes a value kept by `flash_put`: it is shown once.
pub async fn flash_take<T: serde::de::DeserializeOwned>(key: &str) -> Result<Option<T>, AppError> {
    session().await?.remove::<T>(key).await.or_internal()
}
