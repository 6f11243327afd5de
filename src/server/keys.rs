//! The site's own signing key, kept in the database so that every app server signs and checks
//! alike: made on first use by whichever server gets there first, then read by all.

use super::db::Db;
use crate::error::AppError;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// What separates a signed value from its signature (a cookie-safe character no value uses).
const SEPARATOR: char = '~';

/// The signing key, read once per server.
#[derive(Clone, Debug, Default)]
pub struct SiteKey(Arc<OnceCell<Vec<u8>>>);

impl SiteKey {
    async fn bytes(&self, db: &Db) -> Result<&[u8], AppError> {
        let key = self
            .0
            .get_or_try_init(|| async {
                let (fresh, _) = super::new_token();
                sqlx::query("INSERT INTO site_secrets (name, secret) VALUES ('signing', $1) ON CONFLICT (name) DO NOTHING")
                    .bind(&fresh)
                    .execute(db.pool())
                    .await?;
                let stored: String =
                    sqlx::query_scalar("SELECT secret FROM site_secrets WHERE name = 'signing'").fetch_one(db.pool()).await?;
                Ok::<_, AppError>(stored.into_bytes())
            })
            .await?;
        Ok(key)
    }

    /// `value` with its signature appended, for a cookie the client keeps.
    pub async fn sign(&self, db: &Db, value: &str) -> Result<String, AppError> {
        Ok(format!("{value}{SEPARATOR}{}", mac(self.bytes(db).await?, value)))
    }

    /// The value a signed text holds, if this site signed it; `None` for anything forged.
    pub async fn verify<'a>(&self, db: &Db, signed: &'a str) -> Result<Option<&'a str>, AppError> {
        let Some((value, signature)) = signed.rsplit_once(SEPARATOR) else { return Ok(None) };
        let key = self.bytes(db).await?;
        let Ok(signature) = hex::decode(signature) else { return Ok(None) };
        let Ok(mut check) = Hmac::<Sha256>::new_from_slice(key) else { return Ok(None) };
        check.update(value.as_bytes());
        Ok(check.verify_slice(&signature).is_ok().then_some(value))
    }
}

fn mac(key: &[u8], value: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(value.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}
