//! Argon2id password hashing, off the async runtime (each hash costs tens of milliseconds).

use crate::error::OrInternal;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use std::sync::LazyLock;

/// Verified when the account does not exist, so that a wrong email and a wrong password take
/// the same time and timing does not reveal who has an account.
static DECOY_HASH: LazyLock<String> = LazyLock::new(|| hash_blocking("decoy password for timing").unwrap_or_default());

fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

fn verify_blocking(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

pub async fn hash(password: String) -> Result<String, crate::error::AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await.or_internal()?.or_internal()
}

/// Checks `password` against `hash`, or against a decoy when there is no account.
pub async fn verify(hash: Option<String>, password: String) -> bool {
    tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_blocking(&hash, &password),
        None => {
            verify_blocking(&DECOY_HASH, &password);
            false
        }
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ_by_salt() {
        let a = hash("correct horse battery".into()).await.unwrap();
        let b = hash("correct horse battery".into()).await.unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$"));
        assert!(verify(Some(a.clone()), "correct horse battery".into()).await);
        assert!(!verify(Some(a), "wrong horse battery".into()).await);
        assert!(!verify(None, "correct horse battery".into()).await);
        assert!(!verify(Some("not a hash".into()), "x".into()).await);
    }
}
