//! Uploaded images: checked by decoding (never by name), refused when too big or a
//! decompression bomb, re-encoded without metadata, resized to a few widths for `srcset`, and
//! stored under content-addressed names so they can be cached for a year.
//!
//! Files go through [`MediaStore`]; the local-directory store is the default, and an object
//! store can take its place when several app servers run.

mod renditions;
mod store;

use super::db::{Db, Json, push_ids, to_json};
use super::now;
use crate::domain::image::{ImageRef, ImageVariant, MediaPurpose};
use crate::domain::{CompanyId, OrderId, ProductId};
use crate::error::{AppError, OrInternal};
use crate::model::media::LibraryImage;
use renditions::process;
pub use renditions::{MAX_UPLOAD_BYTES, MediaError};
use sqlx::QueryBuilder;
use std::collections::HashMap;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::Semaphore;
pub use store::{Media, MediaStore};

/// Processes an upload for `purpose`, stores its renditions and records it.
pub async fn store(
    db: &Db,
    media: &Media,
    company_id: CompanyId,
    uploaded_by: crate::domain::UserId,
    purpose: MediaPurpose,
    alt: &str,
    bytes: Vec<u8>,
) -> Result<ImageRef, AppError> {
    let variants = save_files(media, purpose, bytes).await?;
    record(db.pool(), company_id, purpose, alt, variants, Some(uploaded_by)).await
}

/// Decoding and resizing take a core and up to 256 MB each: at most one per core runs at a
/// time, and the rest wait their turn (a burst of uploads cannot exhaust memory).
static DECODERS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(decode_limit()));
/// Decodes running now, and the most that ever ran at once (for the tests of the limit).
static DECODING: AtomicUsize = AtomicUsize::new(0);
static PEAK_DECODING: AtomicUsize = AtomicUsize::new(0);

/// The most image decodes that have run at the same time since the server started.
pub fn peak_concurrent_decodes() -> usize {
    PEAK_DECODING.load(Ordering::Relaxed)
}

/// How many image decodes may run at the same time.
pub fn decode_limit() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Decodes, renders and stores an image's files; returns its renditions.
pub async fn save_files(media: &Media, purpose: MediaPurpose, bytes: Vec<u8>) -> Result<Vec<ImageVariant>, AppError> {
    let (widths, min_width) = purpose.renditions();
    let permit = DECODERS.acquire().await.or_internal()?;
    // Decoding and resizing are CPU work: off the async workers.
    let renditions = tokio::task::spawn_blocking(move || {
        let running = DECODING.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK_DECODING.fetch_max(running, Ordering::SeqCst);
        let rendered = process(&bytes, widths, min_width);
        DECODING.fetch_sub(1, Ordering::SeqCst);
        rendered
    })
    .await
    .or_internal()?
    .map_err(|e| AppError::field("file", e))?;
    drop(permit);
    let store = if purpose.is_private() { &media.private } else { &media.public };
    for rendition in &renditions {
        store.put(&rendition.name, &rendition.bytes).await.or_internal()?;
    }
    Ok(renditions.iter().map(|r| ImageVariant { width: r.width, height: r.height, url: store.url(&r.name) }).collect())
}

/// Records stored files as an image of `company_id` (in a transaction, where one is running).
pub async fn record<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    company_id: CompanyId,
    purpose: MediaPurpose,
    alt: &str,
    variants: Vec<ImageVariant>,
    uploaded_by: Option<crate::domain::UserId>,
) -> Result<ImageRef, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO media (company_id, purpose, variants, alt, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(company_id)
    .bind(purpose.as_str())
    .bind(to_json(&variants)?)
    .bind(alt)
    .bind(now())
    .bind(uploaded_by)
    .fetch_one(executor)
    .await?;
    Ok(ImageRef { id, variants })
}

/// A parsed upload form.
pub struct Upload {
    pub company_id: CompanyId,
    pub purpose: MediaPurpose,
    pub alt: String,
    /// What the image is attached to (a certification), where its purpose needs one.
    pub target: Option<i64>,
    pub file: Vec<u8>,
}

/// Reads the multipart upload form, refusing a file over the size cap as soon as it is seen.
/// The file is read only once `authorize` has accepted the caller for the company and purpose
/// named before it: a stranger's upload is refused without its bytes being taken in.
pub async fn read_upload<T>(
    data: leptos::server_fn::codec::MultipartData,
    authorize: impl AsyncFnOnce(CompanyId, MediaPurpose) -> Result<T, AppError>,
) -> Result<(Upload, T), AppError> {
    let bad = |what: &str| AppError::BadRequest(format!("the upload form is incomplete: {what}"));
    // A body cut off at the size limit, or a dropped connection.
    let broken = || AppError::field("file", "The file did not arrive whole (files over 8 MB are refused). Try again.");
    let mut form = data.into_inner().ok_or_else(|| bad("no form data"))?;
    let (mut company_id, mut purpose, mut alt, mut target, mut file) = (None, None, String::new(), None, Vec::new());
    let mut authorize = Some(authorize);
    let mut allowed = None;
    while let Some(mut field) = form.next_field().await.map_err(|_| broken())? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                if let Some(authorize) = authorize.take() {
                    let (Some(company_id), Some(purpose)) = (company_id, purpose) else {
                        return Err(bad("the company and purpose come before the file"));
                    };
                    allowed = Some(authorize(company_id, purpose).await?);
                }
                while let Some(chunk) = field.chunk().await.map_err(|_| broken())? {
                    if file.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        return Err(AppError::field("file", MediaError::TooLarge));
                    }
                    file.extend_from_slice(&chunk);
                }
            }
            "company_id" | "purpose" | "alt" | "target" => {
                let text = field.text().await.map_err(|_| bad("unreadable field"))?;
                match name.as_str() {
                    "company_id" => company_id = text.trim().parse::<i64>().ok().and_then(|id| CompanyId::new(id).ok()),
                    "purpose" => purpose = MediaPurpose::parse(text.trim()),
                    "target" => target = text.trim().parse().ok(),
                    _ => alt = text,
                }
            }
            _ => {}
        }
    }
    let (company_id, purpose) = (company_id.ok_or_else(|| bad("company"))?, purpose.ok_or_else(|| bad("purpose"))?);
    let allowed = match (allowed, authorize) {
        (Some(allowed), _) => allowed,
        // No file came: the caller is still checked before anything is answered.
        (None, Some(authorize)) => authorize(company_id, purpose).await?,
        (None, None) => return Err(bad("file")),
    };
    Ok((Upload { company_id, purpose, alt, target, file }, allowed))
}

/// Stores an upload and, for a logo or banner, puts it on the company.
pub async fn accept_upload(
    state: &super::AppState,
    user: crate::domain::UserId,
    upload: Upload,
) -> Result<ImageRef, AppError> {
    let product = upload.target.and_then(|t| ProductId::new(t).ok());
    let alt = match upload.purpose {
        // Library images are shown to buyers: they need a description for screen readers.
        MediaPurpose::Library => {
            if let Some(product) = product {
                super::catalog::ensure_room_for_image(&state.db, upload.company_id, product).await?;
            }
            crate::domain::text::clean_line(&upload.alt, 160)
                .map_err(|_| AppError::field("alt", "Describe the image in a few words (at most 160 characters)."))?
        }
        MediaPurpose::Verification => {
            super::verification::ensure_room_for_document(&state.db, upload.company_id).await?;
            String::new()
        }
        MediaPurpose::Certificate => {
            // Checked before anything is stored: nothing is half-saved.
            let target = upload.target.ok_or_else(|| AppError::BadRequest("which certification?".into()))?;
            super::profiles::certification_exists(&state.db, upload.company_id, target).await?;
            String::new()
        }
        // Evidence belongs to the dispute, not to the company's media.
        MediaPurpose::Evidence => {
            let order = upload.target.and_then(|t| OrderId::new(t).ok()).ok_or_else(|| AppError::not_found("order"))?;
            super::orders::ensure_room_for_evidence(&state.db, upload.company_id, order).await?;
            let variants = save_files(&state.media, upload.purpose, upload.file).await?;
            return super::orders::attach_evidence(&state.db, order, user, variants).await;
        }
        MediaPurpose::Logo | MediaPurpose::Banner => String::new(),
    };
    let image = store(&state.db, &state.media, upload.company_id, user, upload.purpose, &alt, upload.file).await?;
    match (upload.purpose, upload.target) {
        (MediaPurpose::Logo | MediaPurpose::Banner, _) => {
            set_branding(&state.db, upload.company_id, upload.purpose, Some(image.id)).await?
        }
        (MediaPurpose::Certificate, Some(target)) => {
            super::profiles::attach_certificate(&state.db, upload.company_id, target, image.id).await?
        }
        (MediaPurpose::Library, Some(_)) => {
            let product = product.ok_or_else(|| AppError::not_found("product"))?;
            super::catalog::change_images(
                &state.db,
                upload.company_id,
                product,
                super::catalog::ImageChange::Add(image.id),
            )
            .await?
        }
        _ => {}
    }
    Ok(image)
}

/// Sets (or clears) the company's logo or banner.
pub async fn set_branding(
    db: &Db,
    company_id: CompanyId,
    purpose: MediaPurpose,
    image: Option<i64>,
) -> Result<(), AppError> {
    let column = match purpose {
        MediaPurpose::Logo => "logo_media",
        MediaPurpose::Banner => "banner_media",
        _ => return Err(AppError::BadRequest("only a logo or a banner is set on the company".into())),
    };
    sqlx::query(&format!("UPDATE companies SET {column} = $1 WHERE id = $2"))
        .bind(image)
        .bind(company_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The company's storefront image library, newest first.
pub async fn library(db: &Db, company_id: CompanyId) -> Result<Vec<LibraryImage>, AppError> {
    let rows: Vec<DescribedImage> = sqlx::query_as(
        "SELECT id, variants, alt FROM media WHERE company_id = $1 AND purpose = 'library' ORDER BY id DESC LIMIT 200",
    )
    .bind(company_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(LibraryImage::from).collect())
}

#[derive(sqlx::FromRow)]
struct Parties {
    buyer_id: CompanyId,
    supplier_id: CompanyId,
}

/// The companies that may see a private file: the owner of each document stored under its
/// name, and the buyer and supplier of each disputed order it is evidence in. Names are
/// content addresses, so two records can share one file: each record grants its own readers.
pub async fn private_readers(db: &Db, name: &str) -> Result<Option<Vec<CompanyId>>, AppError> {
    // Names are hex, digits, '-' and '.': nothing a LIKE pattern treats specially.
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
        return Ok(None);
    }
    let pattern = format!("%/private-media/{name}\"%");
    let mut readers: Vec<CompanyId> =
        sqlx::query_scalar("SELECT company_id FROM media WHERE purpose = 'verification' AND variants LIKE $1")
            .bind(&pattern)
            .fetch_all(db.pool())
            .await?;
    let parties: Vec<Parties> = sqlx::query_as(
        "SELECT o.buyer_id, o.supplier_id FROM dispute_evidence e JOIN orders o ON o.id = e.order_id \
         WHERE e.variants LIKE $1",
    )
    .bind(&pattern)
    .fetch_all(db.pool())
    .await?;
    readers.extend(parties.into_iter().flat_map(|p| [p.buyer_id, p.supplier_id]));
    Ok((!readers.is_empty()).then_some(readers))
}

#[derive(sqlx::FromRow)]
struct PurposedImage {
    #[sqlx(try_from = "String")]
    purpose: MediaPurpose,
    #[sqlx(flatten)]
    image: StoredImage,
}

/// An image of `company_id` by id (another company's image is "not found").
pub async fn find(db: &Db, company_id: CompanyId, id: i64) -> Result<Option<(MediaPurpose, ImageRef)>, AppError> {
    let row: Option<PurposedImage> =
        sqlx::query_as("SELECT id, purpose, variants FROM media WHERE id = $1 AND company_id = $2")
            .bind(id)
            .bind(company_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|r| (r.purpose, r.image.into())))
}

/// An image as `media` stores it: its id and its renditions.
#[derive(sqlx::FromRow)]
pub struct StoredImage {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub variants: Json<Vec<ImageVariant>>,
}

impl From<StoredImage> for ImageRef {
    fn from(image: StoredImage) -> ImageRef {
        ImageRef { id: image.id, variants: image.variants.0 }
    }
}

/// An image with the description screen readers read.
#[derive(sqlx::FromRow)]
struct DescribedImage {
    #[sqlx(flatten)]
    image: StoredImage,
    alt: String,
}

impl From<DescribedImage> for LibraryImage {
    fn from(row: DescribedImage) -> LibraryImage {
        LibraryImage { image: row.image.into(), alt: row.alt }
    }
}

/// Several images (with their descriptions) by id in one query, keyed by id.
pub async fn find_many(db: &Db, ids: &[i64]) -> Result<HashMap<i64, LibraryImage>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql = QueryBuilder::new("SELECT id, variants, alt FROM media WHERE purpose <> 'verification' AND id IN ");
    push_ids(&mut sql, ids);
    let rows: Vec<DescribedImage> = db.fetch_all(&mut sql).await?;
    Ok(rows.into_iter().map(|r| (r.image.id, r.into())).collect())
}
