//! The demo suppliers' look: generated pictures (nothing is downloaded) and a published
//! storefront in one of the themes, with each company's own words.

use super::data::DemoCompany;
use crate::domain::CompanyId;
use crate::domain::form::FormValues;
use crate::domain::image::{ImageVariant, MediaPurpose};
use crate::domain::storefront::{Accent, BlockContent, BlockKind, PageKind, StorefrontDoc, ThemePreset};
use crate::error::{AppError, OrInternal};
use crate::server::db::to_json;
use crate::server::media::{self, Media};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// What the generated gallery pictures are described as.
const GALLERY: [&str; 3] = ["Production floor", "Quality control", "Warehouse and dispatch"];

/// A generated picture (nothing is downloaded): a diagonal light over the theme colour with
/// the rhythm of a production line, different for every company and picture.
fn demo_picture(width: u32, height: u32, accent: &Accent, variant: u32) -> Result<Vec<u8>, AppError> {
    let base = accent.rgb().map(f32::from);
    let bands = 5.0 + variant as f32 * 3.0;
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
        let light = 0.45 + 0.55 * (1.0 - (u * 0.7 + v * 0.3));
        let stripe = if ((u * bands + v * 2.0).fract()) < 0.18 { 0.82 } else { 1.0 };
        let glow = (-((u - 0.75).powi(2) + (v - 0.3).powi(2)) * 6.0).exp() * 60.0;
        let channel = |c: f32| (c * light * stripe + glow).clamp(0.0, 255.0) as u8;
        image::Rgb([channel(base[0]), channel(base[1]), channel(base[2])])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(picture).write_to(&mut bytes, image::ImageFormat::Png).or_internal()?;
    Ok(bytes.into_inner())
}

/// Generated pictures' files by (accent, picture): companies in the same theme share them,
/// which content addressing would do anyway, without generating them again.
pub(super) type PictureCache = HashMap<(String, u32), Vec<ImageVariant>>;

async fn demo_files(
    media: &Media,
    cache: &mut PictureCache,
    accent: &Accent,
    n: u32,
) -> Result<Vec<ImageVariant>, AppError> {
    let key = (accent.as_str().to_string(), n);
    if let Some(files) = cache.get(&key) {
        return Ok(files.clone());
    }
    let (purpose, bytes) = if n == 0 {
        (MediaPurpose::Banner, demo_picture(1600, 560, accent, 0)?)
    } else {
        (MediaPurpose::Library, demo_picture(960, 720, accent, n)?)
    };
    let files = media::save_files(media, purpose, bytes).await?;
    cache.insert(key, files.clone());
    Ok(files)
}

/// Generates and records a demo supplier's banner and gallery pictures; returns the gallery's
/// image ids.
async fn demo_pictures(
    tx: &mut Transaction<'static, Any>,
    media: &Media,
    cache: &mut PictureCache,
    company_id: CompanyId,
    accent: &Accent,
) -> Result<Vec<i64>, AppError> {
    let banner = demo_files(media, cache, accent, 0).await?;
    let banner = media::record(&mut **tx, company_id, MediaPurpose::Banner, "", banner, None).await?;
    sqlx::query("UPDATE companies SET banner_media = $1 WHERE id = $2")
        .bind(banner.id)
        .bind(company_id)
        .execute(&mut **tx)
        .await?;
    let mut gallery = Vec::new();
    for (n, alt) in GALLERY.iter().enumerate() {
        let files = demo_files(media, cache, accent, n as u32 + 1).await?;
        gallery.push(media::record(&mut **tx, company_id, MediaPurpose::Library, alt, files, None).await?.id);
    }
    Ok(gallery)
}

/// A demo supplier's storefront: the starter, in one of the themes, with its own words and
/// pictures.
fn demo_storefront(company: &DemoCompany, index: usize, gallery: &[i64]) -> Result<StorefrontDoc, AppError> {
    let mut doc = StorefrontDoc::starter(company.name);
    doc.theme.preset = demo_theme(index);
    let first_sentence = company.description.split(". ").next().unwrap_or(company.description);
    let hero = doc.pages[0].blocks[0].id;
    let mut hero_form = doc.pages[0].blocks[0].content.to_form();
    hero_form
        .insert("subheading".into(), format!("{}.", first_sentence.trim_end_matches('.')).chars().take(300).collect());
    doc.set_content(PageKind::Home, hero, BlockContent::from_form(BlockKind::Hero, &hero_form)?)?;
    let about = doc.add_block(PageKind::Home, BlockKind::RichText)?;
    let about_form: FormValues = [("title", "About us"), ("markdown", company.description)]
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    doc.set_content(PageKind::Home, about, BlockContent::from_form(BlockKind::RichText, &about_form)?)?;
    doc.move_to(PageKind::Home, about, 1)?;
    doc.add_block(PageKind::Contact, BlockKind::Faq)?;
    let pictures = doc.add_block(PageKind::Home, BlockKind::Gallery)?;
    let mut pictures_form: FormValues = [("title".to_string(), "Inside our company".to_string())].into();
    for (n, id) in gallery.iter().enumerate() {
        pictures_form.insert(format!("items.{n}.image"), id.to_string());
    }
    doc.set_content(PageKind::Home, pictures, BlockContent::from_form(BlockKind::Gallery, &pictures_form)?)?;
    doc.move_to(PageKind::Home, pictures, 3)?;
    doc.validate()?;
    Ok(doc)
}

fn demo_theme(index: usize) -> ThemePreset {
    ThemePreset::ALL[index % ThemePreset::ALL.len()]
}

pub(super) async fn publish_demo_storefront(
    tx: &mut Transaction<'static, Any>,
    media: &Media,
    cache: &mut PictureCache,
    company_id: CompanyId,
    company: &DemoCompany,
    index: usize,
    at: i64,
) -> Result<(), AppError> {
    let gallery = demo_pictures(tx, media, cache, company_id, &demo_theme(index).default_accent()).await?;
    let json = to_json(&demo_storefront(company, index, &gallery)?)?;
    sqlx::query(
        "INSERT INTO storefronts (company_id, draft, draft_revision, draft_updated_at, published_version) \
         VALUES ($1, $2, 1, $3, 1)",
    )
    .bind(company_id)
    .bind(&json)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO storefront_versions (company_id, number, doc, published_at, draft_revision) VALUES ($1, 1, $2, $3, 1)",
    )
    .bind(company_id)
    .bind(&json)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
