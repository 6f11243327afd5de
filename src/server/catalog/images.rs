//! A product's pictures: up to ten from the company's image library, in order, the first the
//! main one.

use crate::domain::image::{ImageRef, MediaPurpose};
use crate::domain::product::MAX_IMAGES;
use crate::domain::{CompanyId, ProductId};
use crate::error::AppError;
use crate::server::db::{Db, push_ids};
use crate::server::{media, now};
use sqlx::QueryBuilder;
use std::collections::HashMap;

/// The images of a product in order (the first is the main one).
pub async fn images(db: &Db, product: ProductId) -> Result<Vec<ImageRef>, AppError> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT media_id FROM product_images WHERE product_id = $1 ORDER BY position")
            .bind(product.get())
            .fetch_all(db.pool())
            .await?;
    let found = media::find_many(db, &ids).await?;
    Ok(ids.iter().filter_map(|id| found.get(id).map(|i| i.image.clone())).collect())
}

#[derive(sqlx::FromRow)]
struct MainImage {
    product_id: i64,
    media_id: i64,
}

/// Each product's main picture, by product id.
pub async fn main_images(db: &Db, product_ids: &[i64]) -> Result<HashMap<i64, ImageRef>, AppError> {
    if product_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql =
        QueryBuilder::new("SELECT product_id, media_id FROM product_images WHERE position = 0 AND product_id IN ");
    push_ids(&mut sql, product_ids);
    let rows: Vec<MainImage> = db.fetch_all(&mut sql).await?;
    let found = media::find_many(db, &rows.iter().map(|r| r.media_id).collect::<Vec<_>>()).await?;
    Ok(rows.into_iter().filter_map(|r| Some((r.product_id, found.get(&r.media_id)?.image.clone()))).collect())
}

/// One change to the order or set of a product's images.
pub enum ImageChange {
    Add(i64),
    MakeMain(i64),
    Earlier(i64),
    Remove(i64),
}

fn too_many() -> AppError {
    AppError::form(format!("A product has at most {MAX_IMAGES} images: remove one first."))
}

/// Fails when the product (of this company) has no room for another image.
pub async fn ensure_room_for_image(db: &Db, company_id: CompanyId, product: ProductId) -> Result<(), AppError> {
    let count: Option<i64> = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM product_images i WHERE i.product_id = p.id) FROM products p \
         WHERE p.id = $1 AND p.company_id = $2",
    )
    .bind(product.get())
    .bind(company_id.get())
    .fetch_optional(db.pool())
    .await?;
    match count {
        None => Err(AppError::not_found("product")),
        Some(n) if n as usize >= MAX_IMAGES => Err(too_many()),
        Some(_) => Ok(()),
    }
}

pub async fn change_images(
    db: &Db,
    company_id: CompanyId,
    product: ProductId,
    change: ImageChange,
) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let owner: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE id = $1 AND company_id = $2")
        .bind(product.get())
        .bind(company_id.get())
        .fetch_optional(&mut *tx)
        .await?;
    owner.ok_or_else(|| AppError::not_found("product"))?;
    let mut order: Vec<i64> =
        sqlx::query_scalar("SELECT media_id FROM product_images WHERE product_id = $1 ORDER BY position")
            .bind(product.get())
            .fetch_all(&mut *tx)
            .await?;
    let position =
        |order: &[i64], id: i64| order.iter().position(|m| *m == id).ok_or_else(|| AppError::not_found("image"));
    match change {
        ImageChange::Add(id) => {
            let library: Option<String> =
                sqlx::query_scalar("SELECT purpose FROM media WHERE id = $1 AND company_id = $2")
                    .bind(id)
                    .bind(company_id.get())
                    .fetch_optional(&mut *tx)
                    .await?;
            if library.as_deref() != Some(MediaPurpose::Library.as_str()) {
                return Err(AppError::field("add", "Choose one of your library images."));
            }
            if order.len() >= MAX_IMAGES {
                return Err(too_many());
            }
            if !order.contains(&id) {
                order.push(id);
            }
        }
        ImageChange::MakeMain(id) => {
            let at = position(&order, id)?;
            let image = order.remove(at);
            order.insert(0, image);
        }
        ImageChange::Earlier(id) => {
            let at = position(&order, id)?;
            order.swap(at, at.saturating_sub(1));
        }
        ImageChange::Remove(id) => {
            let at = position(&order, id)?;
            order.remove(at);
        }
    }
    sqlx::query("DELETE FROM product_images WHERE product_id = $1").bind(product.get()).execute(&mut *tx).await?;
    for (n, media) in order.iter().enumerate() {
        sqlx::query("INSERT INTO product_images (product_id, media_id, position) VALUES ($1, $2, $3)")
            .bind(product.get())
            .bind(media)
            .bind(n as i64)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE products SET updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(product.get())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
