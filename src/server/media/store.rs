//! Where media files live: the local directory by default, behind [`MediaStore`] so an object
//! store can take its place when several app servers run.

use async_trait::async_trait;
use std::fmt::Debug;
use std::path::PathBuf;
use std::sync::Arc;

/// Where media files live. Names are content-addressed, so a file never changes once written.
#[async_trait]
pub trait MediaStore: Send + Sync + Debug {
    async fn put(&self, name: &str, bytes: &[u8]) -> std::io::Result<()>;
    async fn get(&self, name: &str) -> std::io::Result<Option<Vec<u8>>>;
    /// The address a browser loads the file from.
    fn url(&self, name: &str) -> String;
}

/// Files in a local directory (the default; `/media/…` serves the public one).
#[derive(Debug)]
pub struct LocalDir {
    root: PathBuf,
    url_prefix: &'static str,
}

impl LocalDir {
    pub fn new(root: PathBuf, url_prefix: &'static str) -> Self {
        Self { root, url_prefix }
    }

    fn path(&self, name: &str) -> Option<PathBuf> {
        // Names are ours (hex digest, width, extension); anything else is refused outright.
        let safe = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        (safe && !name.starts_with('.')).then(|| self.root.join(name))
    }
}

#[async_trait]
impl MediaStore for LocalDir {
    async fn put(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(name).ok_or_else(|| std::io::Error::other("bad media name"))?;
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(());
        }
        tokio::fs::create_dir_all(&self.root).await?;
        // Write then rename: a reader never sees half a file.
        let partial = self.root.join(format!(".{name}.{}", uuid::Uuid::new_v4()));
        tokio::fs::write(&partial, bytes).await?;
        tokio::fs::rename(&partial, &path).await
    }

    async fn get(&self, name: &str) -> std::io::Result<Option<Vec<u8>>> {
        let Some(path) = self.path(name) else { return Ok(None) };
        match tokio::fs::read(path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(err),
        }
    }

    fn url(&self, name: &str) -> String {
        format!("{}/{name}", self.url_prefix)
    }
}

/// The public store (logos, banners, storefront images) and the private one (verification
/// documents, shown only to their company and platform admins).
#[derive(Debug, Clone)]
pub struct Media {
    pub public: Arc<dyn MediaStore>,
    pub private: Arc<dyn MediaStore>,
}

impl Media {
    pub fn local(data_dir: &std::path::Path) -> Self {
        Media {
            public: Arc::new(LocalDir::new(data_dir.join("media"), "/media")),
            private: Arc::new(LocalDir::new(data_dir.join("private-media"), "/private-media")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn local_store_refuses_path_tricks() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDir::new(dir.path().to_path_buf(), "/media");
        store.put("abc-320.jpg", b"x").await.unwrap();
        assert_eq!(store.get("abc-320.jpg").await.unwrap().as_deref(), Some(&b"x"[..]));
        for bad in ["../etc/passwd", "a/b.jpg", ".hidden", ""] {
            assert!(store.put(bad, b"x").await.is_err(), "{bad}");
            assert_eq!(store.get(bad).await.unwrap(), None);
        }
        assert_eq!(store.url("abc-320.jpg"), "/media/abc-320.jpg");
    }
}
