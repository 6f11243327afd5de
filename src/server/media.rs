//! Uploaded images: checked by decoding (never by name), refused when too big or a
//! decompression bomb, re-encoded without metadata, resized to a few widths for `srcset`, and
//! stored under content-addressed names so they can be cached for a year.
//!
//! Files go through [`MediaStore`]; the local-directory store is the default, and an object
//! store can take its place when several app servers run.

use super::db::{Json, push_ids, to_json};
use crate::domain::image::{ImageRef, ImageVariant, MediaPurpose};
use crate::domain::{CompanyId, OrderId, ProductId};
use crate::error::{AppError, OrInternal};
use crate::model::media::LibraryImage;
use async_trait::async_trait;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageEncoder, ImageFormat, ImageReader, Limits};
use sqlx::QueryBuilder;
use std::collections::HashMap;
use std::fmt::Debug;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Arc;

use super::db::Db;
use super::now;

/// The largest upload accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
/// Decoded size limits: a small file can claim enormous dimensions (a decompression bomb).
const MAX_SIDE: u32 = 10_000;
const MAX_PIXELS: u64 = 40_000_000;
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 82;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("Choose an image file.")]
    Empty,
    #[error("The file is larger than 8 MB. Export a smaller image and try again.")]
    TooLarge,
    #[error("This file is not a PNG, JPEG or WebP image.")]
    NotAnImage,
    #[error("The image is damaged and cannot be read. Export it again and retry.")]
    Corrupt,
    #[error("The image is too large in pixels (at most {MAX_SIDE} pixels a side and 40 megapixels).")]
    TooManyPixels,
    #[error("The image is too small: use at least {0} pixels wide.")]
    TooNarrow(u32),
}

/// One stored rendition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    pub width: u32,
    pub height: u32,
    pub name: String,
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

/// Decodes `bytes` (PNG, JPEG or WebP only, whatever the file was called), and renders it at
/// each of `widths` not wider than the original (the original width stands in when all are).
pub fn process(bytes: &[u8], widths: &[u32], min_width: u32) -> Result<Vec<Rendition>, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(MediaError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| MediaError::NotAnImage)?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) {
        return Err(MediaError::NotAnImage);
    }
    let reader = || {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_DECODE_BYTES);
        reader.limits(limits);
        reader
    };
    // Dimensions come from the header alone, before anything is allocated for pixels.
    let (width, height) = reader().into_dimensions().map_err(classify)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MediaError::TooManyPixels);
    }
    if width < min_width {
        return Err(MediaError::TooNarrow(min_width));
    }
    let image = reader().decode().map_err(classify)?;
    let transparent = image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let mut targets: Vec<u32> = widths.iter().copied().filter(|w| *w < width).collect();
    if targets.len() < widths.len() {
        targets.push(width);
    }
    targets.sort_unstable();
    targets.dedup();
    targets.into_iter().map(|w| render(&image, w, transparent)).collect()
}

fn classify(err: image::ImageError) -> MediaError {
    match err {
        image::ImageError::Limits(_) => MediaError::TooManyPixels,
        image::ImageError::Unsupported(_) => MediaError::NotAnImage,
        _ => MediaError::Corrupt,
    }
}

/// Re-encodes at `width`: PNG where there is transparency (logos), JPEG otherwise. Encoding
/// from decoded pixels drops every piece of metadata (EXIF location, camera, comments).
fn render(image: &DynamicImage, width: u32, transparent: bool) -> Result<Rendition, MediaError> {
    let scaled =
        if width < image.width() { image.resize(width, u32::MAX, FilterType::CatmullRom) } else { image.clone() };
    let mut bytes = Vec::new();
    let (extension, content_type) = if transparent {
        let rgba = scaled.to_rgba8();
        PngEncoder::new(&mut bytes)
            .write_image(&rgba, rgba.width(), rgba.height(), image::ExtendedColorType::Rgba8)
            .map_err(|_| MediaError::Corrupt)?;
        ("png", "image/png")
    } else {
        let rgb = scaled.to_rgb8();
        JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
            .write_image(&rgb, rgb.width(), rgb.height(), image::ExtendedColorType::Rgb8)
            .map_err(|_| MediaError::Corrupt)?;
        ("jpg", "image/jpeg")
    };
    let digest = super::token_digest_bytes(&bytes);
    Ok(Rendition {
        width: scaled.width(),
        height: scaled.height(),
        name: format!("{}-{}.{extension}", &digest[..24], scaled.width()),
        bytes,
        content_type,
    })
}

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

    pub fn root(&self) -> &PathBuf {
        &self.root
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

/// Decodes, renders and stores an image's files; returns its renditions.
pub async fn save_files(media: &Media, purpose: MediaPurpose, bytes: Vec<u8>) -> Result<Vec<ImageVariant>, AppError> {
    let (widths, min_width) = purpose.renditions();
    // Decoding and resizing are CPU work: off the async workers.
    let renditions = tokio::task::spawn_blocking(move || process(&bytes, widths, min_width))
        .await
        .or_internal()?
        .map_err(|e| AppError::field("file", e))?;
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
pub async fn read_upload(data: leptos::server_fn::codec::MultipartData) -> Result<Upload, AppError> {
    let bad = |what: &str| AppError::BadRequest(format!("the upload form is incomplete: {what}"));
    // A body cut off at the size limit, or a dropped connection.
    let broken = || AppError::field("file", "The file did not arrive whole (files over 8 MB are refused). Try again.");
    let mut form = data.into_inner().ok_or_else(|| bad("no form data"))?;
    let (mut company_id, mut purpose, mut alt, mut target, mut file) = (None, None, String::new(), None, Vec::new());
    while let Some(mut field) = form.next_field().await.map_err(|_| broken())? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
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
    Ok(Upload {
        company_id: company_id.ok_or_else(|| bad("company"))?,
        purpose: purpose.ok_or_else(|| bad("purpose"))?,
        alt,
        target,
        file,
    })
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

/// The companies that may see a private file: its owner, and for dispute evidence the
/// supplier of the disputed order.
pub async fn private_readers(db: &Db, name: &str) -> Result<Option<Vec<CompanyId>>, AppError> {
    // Names are hex, digits, '-' and '.': nothing a LIKE pattern treats specially.
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
        return Ok(None);
    }
    let pattern = format!("%/private-media/{name}\"%");
    let owner: Option<CompanyId> =
        sqlx::query_scalar("SELECT company_id FROM media WHERE purpose = 'verification' AND variants LIKE $1")
            .bind(&pattern)
            .fetch_optional(db.pool())
            .await?;
    if let Some(owner) = owner {
        return Ok(Some(vec![owner]));
    }
    let parties: Option<Parties> = sqlx::query_as(
        "SELECT o.buyer_id, o.supplier_id FROM dispute_evidence e JOIN orders o ON o.id = e.order_id \
         WHERE e.variants LIKE $1",
    )
    .bind(&pattern)
    .fetch_optional(db.pool())
    .await?;
    Ok(parties.map(|p| vec![p.buyer_id, p.supplier_id]))
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

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb, Rgba};

    fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut bytes = Cursor::new(Vec::new());
        image.write_to(&mut bytes, format).unwrap();
        bytes.into_inner()
    }

    fn photo(width: u32, height: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(ImageBuffer::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90])))
    }

    #[test]
    fn photos_become_jpeg_renditions_no_wider_than_the_original() {
        let bytes = encode(photo(1000, 500), ImageFormat::Png);
        let out = process(&bytes, &[320, 640, 1280], 100).unwrap();
        assert_eq!(out.iter().map(|r| (r.width, r.height)).collect::<Vec<_>>(), [(320, 160), (640, 320), (1000, 500)]);
        assert!(out.iter().all(|r| r.content_type == "image/jpeg" && r.name.ends_with(".jpg")));
        assert_eq!(image::guess_format(&out[0].bytes).unwrap(), ImageFormat::Jpeg);
        // Content-addressed: the same input gives the same names.
        assert_eq!(process(&bytes, &[320, 640, 1280], 100).unwrap()[0].name, out[0].name);
    }

    #[test]
    fn transparency_is_kept_as_png() {
        let logo = DynamicImage::ImageRgba8(ImageBuffer::from_fn(200, 100, |x, _| {
            Rgba([10, 20, 30, if x < 100 { 0 } else { 255 }])
        }));
        let out = process(&encode(logo, ImageFormat::Png), &[160, 320], 50).unwrap();
        assert_eq!(out.iter().map(|r| r.width).collect::<Vec<_>>(), [160, 200]);
        assert!(out.iter().all(|r| r.content_type == "image/png"));
    }

    #[test]
    fn jpeg_and_webp_are_accepted_and_metadata_is_dropped() {
        let mut jpeg = encode(photo(400, 300), ImageFormat::Jpeg);
        // An EXIF-like APP1 segment right after the SOI marker.
        let exif: Vec<u8> = [&[0xFF, 0xE1, 0x00, 0x12][..], b"Exif\0\0GPS-SECRET!"].concat();
        jpeg.splice(2..2, exif);
        let out = process(&jpeg, &[320], 100).unwrap();
        assert!(!out.iter().any(|r| r.bytes.windows(10).any(|w| w == b"GPS-SECRET")));
        let webp = encode(photo(300, 200), ImageFormat::WebP);
        assert_eq!(process(&webp, &[320], 100).unwrap()[0].width, 300);
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        assert_eq!(process(b"", &[320], 1), Err(MediaError::Empty));
        assert_eq!(process(b"<svg onload=alert(1)>", &[320], 1), Err(MediaError::NotAnImage));
        assert_eq!(process(b"%PDF-1.7 not an image", &[320], 1), Err(MediaError::NotAnImage));
        let gif = encode(photo(10, 10), ImageFormat::Gif);
        assert_eq!(process(&gif, &[320], 1), Err(MediaError::NotAnImage));
        let mut truncated = encode(photo(400, 300), ImageFormat::Png);
        truncated.truncate(truncated.len() / 2);
        assert_eq!(process(&truncated, &[320], 1), Err(MediaError::Corrupt));
        assert_eq!(process(&vec![0xFF; MAX_UPLOAD_BYTES + 1], &[320], 1), Err(MediaError::TooLarge));
        assert_eq!(process(&encode(photo(80, 80), ImageFormat::Png), &[320], 100), Err(MediaError::TooNarrow(100)));
    }

    /// CRC-32 (IEEE), as PNG chunks carry it.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    /// A small valid PNG whose header claims `side` × `side` pixels.
    fn claimed_png(side: u32) -> Vec<u8> {
        let mut png = encode(photo(1, 1), ImageFormat::Png);
        png[16..20].copy_from_slice(&side.to_be_bytes());
        png[20..24].copy_from_slice(&side.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        png
    }

    #[test]
    fn decompression_bombs_are_refused_before_decoding() {
        // A few dozen bytes claiming 60,000 × 60,000 pixels (14 GB decoded), and 9,000 × 9,000.
        assert_eq!(process(&claimed_png(60_000), &[320], 1), Err(MediaError::TooManyPixels));
        assert_eq!(process(&claimed_png(9_000), &[320], 1), Err(MediaError::TooManyPixels));
    }

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
